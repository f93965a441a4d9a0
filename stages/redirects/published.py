"""URLs published before this build that the registry's history cannot give: corrected titles, lists left empty.

An article's URL is `tin/<title words>-<code>.html` (the URL layout's ARTICLE_URL), the code derived from its
identity; correcting a title (no `Slug:`) changes the words, not the code.  The
old words are in what was published: the sitemaps online, which the deploy
passes (`--published-urls`; locally, the last build's `output/sitemap.xml`).  Each
listed article URL that today's build does not have is matched by its code to
today's article, and gets a redirect like any other old URL.  The old URL stays
listed in its site's sitemap of redirects (stages/sitemaps), so the next build
reads it back: the live site itself carries the state, on any fresh runner.

Likewise a category or tag list, or a category or unit feed, whose last article left (recategorised,
retagged, unpublished): the history replays today's articles, so it has no day with that list; the
published URL names it (`published_lists`), and the plan keeps it (plan.py).  Feed URLs are in no
sitemap: they are read from the published list of feed URLs (stages/sitemaps/feed_list.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from domain.articles import ArticleIndex, short_id
from domain.feeds.catalog import FORMATS
from domain.registry import Network
from domain.url_layout import UrlLayout, file_of, url_to_path

from .inventory import Entry


def site_prefixes(site_urls: dict[str, str]) -> dict[str, str]:
    """URL prefix -> site folder, for `output_path` (made once: it is asked of every published URL)."""
    return {f"{site_url.rstrip('/')}/": site_id for site_id, site_url in site_urls.items()}


def output_path(url: str, prefixes: dict[str, str]) -> str | None:
    """The file below output/ that serves `url` (through the longest site URL prefix it starts
    with: `site_prefixes`); None for a URL of no site of the network."""
    path = url_to_path(url, prefixes)
    return file_of(path) if path is not None else None


def article_codes(index: ArticleIndex) -> dict[str, str | None]:
    """The URL code of every published article → its identity (None: two articles share the code)."""
    codes: dict[str, str | None] = {}
    for record in index.records:
        if not record.published:
            continue
        code = short_id(record.identity)
        codes[code] = record.identity if codes.get(code, record.identity) == record.identity else None
    return codes


def published_articles(paths: Iterable[str], index: ArticleIndex, layout: UrlLayout) -> dict[str, Entry]:
    """Published article paths (below output/) → the article each showed, found by its code."""
    codes = article_codes(index)
    found: dict[str, Entry] = {}
    for path in paths:
        code = layout.article_code(path.partition("/")[2])
        identity = codes.get(code) if code else None
        if identity is not None:
            found[path] = Entry(("article", identity))
    return found


def published_lists(paths: Iterable[str], layout: UrlLayout) -> dict[str, Entry]:
    """Published paths (below output/) of category and tag lists (any page: the sitemaps list them,
    stages/sitemaps/writing.py) and of category, unit and documents feeds → what each showed, read
    from the path alone (what it listed is not known)."""
    found: dict[str, Entry] = {}
    documents = {UrlLayout.feed_save_as(UrlLayout.feed_path("documents"), fmt): fmt for fmt in FORMATS}
    for path in paths:
        site, _, rest = path.partition("/")
        if rest in documents:  # the site's documents feed (domain/documents/pages.py)
            found[path] = Entry(("site", site, f"feed:documents:{documents[rest]}"))
            continue
        feed = layout.feed_of_path(rest)
        if feed is not None:
            kind, key, fmt = feed
            found[path] = Entry(("unit-feed", key, fmt) if kind == "unit" else ("site", site, f"category-feed:{key}:{fmt}"))
            continue
        for kind in ("category", "tag"):
            page = layout.list_page(kind, rest)
            if page is not None:
                found[path] = Entry(("site", site, f"{kind}:{page[0]}"), page[1])
    return found


def site_urls_ever(snapshots: Iterable[Network], current: Network) -> dict[str, str]:
    """Site id → its URL, for every site the network ever had (`snapshots`: the past days, with
    URLs assigned; today's URL for a site of today)."""
    urls: dict[str, str] = {}
    for snapshot in snapshots:
        urls.update({site.id: site.site_url for site in snapshot.sites})
    return urls | {site.id: site.site_url for site in current.sites}


@dataclass
class Published:
    """What was published before: page URLs, and the sitemaps that listed them (paths below output/)."""

    urls: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def read_published(sources: list[str], site_urls: dict[str, str]) -> Published:
    """The URLs listed by `sources` (sitemaps, sitemap indexes, URL lists: files or http(s) URLs).

    A local index's sitemaps are read beside it when they are there (a saved copy of a build),
    else from their URL.  Raises OSError or ValueError when a source cannot be read.  Never
    read from the output folder unasked: it is a cache, which may be stale or missing, and a
    build from a fresh folder must give the same bytes.
    """
    from stages.sitemaps.reading import is_url, read_listing

    published, prefixes = Published(), site_prefixes(site_urls)
    for source in sources:
        folder = Path(source).parent

        def local_copy(url: str, folder: Path = folder) -> str:
            path = output_path(url, prefixes)
            return str(folder / path) if path is not None and (folder / path).is_file() else url

        listing = read_listing(source, (lambda url: url) if is_url(source) else local_copy)
        published.urls += listing.urls
        published.sitemaps += [path for path in (output_path(url, prefixes) for url in listing.sitemaps) if path]
    return published
