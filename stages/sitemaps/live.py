"""What was published on the live site, read before a deploy builds: its sitemaps and its feed list.

Without them a build would drop the redirects of corrected titles and the empty
feeds silently (stages/redirects/published.py), so a fetch that fails is an
error, loudly:

- the sitemap answers 404 and so does the site's root: the very first deploy,
  nothing was published: no source;
- the sitemap answers 404 but the root does not (the site is online), any other
  HTTP error, a network error or a timeout, or a sitemap that is not one: Unreadable;
- `feeds.txt` answers 404 while the sitemap is there: a site published before the
  list existed; the feed links of each site's feed page (`<site>/feeds/`) are
  saved instead, with a warning; any other failure: Unreadable.

Messages (Vietnamese) are GitHub annotations (`::notice::`, `::warning::`), which
`python -m scripts.published_sources` prints on stderr, with the sources on stdout; it turns
Unreadable into `::error::`.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from domain.url_layout import UrlLayout

from .feed_list import FEED_LIST
from .reading import FETCH_TIMEOUT, parse_sitemap
from .writing import SITEMAP

_FEED_LINK = re.compile(r"""href=["']([^"']+\.(?:rss|atom)\.xml)["']""")


class Unreadable(Exception):
    """A fetch failed in a way that is not "nothing is there"."""


def fetch(url: str) -> bytes | None:
    """The body at `url`; None for a 404; raises Unreadable for any other failure."""
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as answer:  # noqa: S310 (the deploy's own http(s) base)
            return answer.read()
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise Unreadable(f"{url}: HTTP {error.code}") from error
    except (urllib.error.URLError, OSError) as error:
        raise Unreadable(f"{url}: {getattr(error, 'reason', error)}") from error


def feed_page_links(index: bytes, base: str) -> list[str]:
    """The feed URLs every site's feed page links (the sites: the sitemap index's `<site>/sitemap.xml`)."""
    urls: set[str] = set()
    for sitemap in parse_sitemap(index)[1]:
        if not sitemap.endswith(f"/{SITEMAP}") or sitemap == f"{base}/{SITEMAP}":
            continue
        page = fetch(sitemap.removesuffix(SITEMAP) + UrlLayout.feed_list.url)
        if page is not None:  # a merged federation's old folder has no feed page
            urls.update(_FEED_LINK.findall(page.decode("utf-8", errors="replace")))
    return sorted(urls)


@dataclass(frozen=True)
class Sources:
    """What to pass as `--published-urls` (URLs, or files written in the save folder), and the
    annotation to print with them ("" when there is nothing to say)."""

    sources: list[str]
    annotation: str = ""


def published_sources(base: str, save_dir: Path) -> Sources:
    """The sources to pass (see the module docstring); raises Unreadable."""
    base = base.rstrip("/")
    index = fetch(f"{base}/{SITEMAP}")
    if index is None:
        if fetch(f"{base}/") is None:
            return Sources([], f"::notice::{base}/ chưa có trang nào (404): lần triển khai đầu tiên, "
                               "không có địa chỉ nào đã xuất bản.")
        raise Unreadable(f"{base}/{SITEMAP}: HTTP 404, trong khi trang web đang chạy ({base}/ trả lời)")
    try:
        parse_sitemap(index)
    except ValueError as error:
        raise Unreadable(f"{base}/{SITEMAP}: không phải sơ đồ trang ({error})") from error
    sources = [f"{base}/{SITEMAP}"]
    if fetch(f"{base}/{FEED_LIST}") is not None:
        return Sources([*sources, f"{base}/{FEED_LIST}"])
    links = feed_page_links(index, base)
    save_dir.mkdir(parents=True, exist_ok=True)
    listed = save_dir / "feeds-from-pages.txt"
    listed.write_text("".join(f"{url}\n" for url in links), encoding="utf-8")
    return Sources([*sources, str(listed)], f"::warning::{base}/{FEED_LIST} chưa có (trang web xuất bản trước khi có "
                                            f"danh sách này): dùng {len(links)} địa chỉ bản tin mà các trang feeds/ liên kết.")
