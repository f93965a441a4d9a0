"""A feed whose unit or category has no article left: kept at its address as a valid, empty feed.

Why not an HTML redirect page at the `.xml` address: feed readers follow HTTP
redirects, never a meta refresh, so they would get an HTML page they cannot
parse and report the subscription as broken (a static host such as GitHub Pages
has no HTTP redirect to give).  An empty RSS/Atom feed parses everywhere; it
keeps the feed's own id (readers keep the subscription) and its channel says, in
Vietnamese, that nothing is published there now and where the articles are (the
page the plan leads the old list to: the site's archive, or the unit's page).
Its `updated` is a fixed instant, so the same plan gives the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from domain.feeds.catalog import FeedSpec
from domain.feeds.items import tag_uri
from domain.feeds.settings import FeedSettings
from domain.feeds.stylesheet import readable_feed
from domain.registry import Network
from domain.url_layout import UrlLayout


def empty_feed(old: str, old_url: str, page: str, page_url: str, network: Network, settings: FeedSettings,
               category_names: Mapping[str, str]) -> bytes:
    """The empty feed served at `old` (output path; its URL `old_url`), naming the page at `page` (`page_url`);
    `category_names`: slug -> a category's name, for the title (the slug when it is not known)."""
    folder, _, rest = old.partition("/")
    site = network[page.partition("/")[0]].site  # the site the page is on: the feed's author
    stem, fmt = rest.rsplit(".", 2)[0], rest.rsplit(".", 2)[1]
    kind, key, _ = UrlLayout.feed_of_path(rest) or ("", stem, fmt)
    if kind == "unit" and key in network:
        unit = network[key]
        title, what, feed_id = unit.short_name, f"{unit.name} hiện không còn bài viết nào", f"feed/unit/{key}"
    elif kind == "category":
        title = f"{category_names.get(key, key)} – {site.short_name}"
        what, feed_id = f"Chuyên mục này hiện không còn bài viết nào trên trang {site.name}", f"feed/category/{folder}/{key}"
    elif stem == UrlLayout.feed_path("documents"):  # the site's last document went (domain/documents/pages.py)
        title, what, feed_id = f"Văn bản – {site.short_name}", "Trang này hiện không còn văn bản nào", f"feed/documents/{folder}"
    else:
        title, what, feed_id = f"{stem} – {site.short_name}", "Bản tin này hiện không còn bài viết nào", f"feed/{folder}/{stem}"
    where = "Xem trang" if stem == UrlLayout.feed_path("documents") else "Các bài viết ở"
    spec = FeedSpec(f"empty/{stem}", site, title, f"{what}. {where}: {page_url}", stem, page_url,
                    tag_uri(settings.tag_authority, settings.tag_date, feed_id))
    document = readable_feed(fmt, spec, [])
    # The spec's own URL is below the page's site; the feed is served at its old address.
    return document.replace(f'"{html.escape(spec.url(fmt))}"'.encode(), f'"{html.escape(old_url)}"'.encode())
