"""Reading sitemaps back: what a published build listed (the live site's, or a saved output's).

The build reads them to keep the URLs it published before (stages/redirects/published.py);
checks/urls.py reads them to compare a new build with what is online.
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FETCH_TIMEOUT = 30  # seconds per file


@dataclass
class Listing:
    """Page URLs listed, and the sitemaps (index included) they were read from."""

    urls: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def is_url(source: str) -> bool:
    return re.match(r"^https?://", source) is not None


def read_source(source: str) -> bytes:
    if is_url(source):
        with urllib.request.urlopen(source, timeout=FETCH_TIMEOUT) as answer:  # noqa: S310 (http/https only)
            return answer.read()
    return Path(source).read_bytes()


def parse_sitemap(data: bytes) -> tuple[str, list[str]]:
    """("urlset" or "sitemapindex", its <loc>s); raises ValueError for anything else."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise ValueError(f"not XML: {error}") from error
    kinds = {f"{SITEMAP_NS}urlset": "urlset", f"{SITEMAP_NS}sitemapindex": "sitemapindex"}
    if root.tag not in kinds:
        raise ValueError(f"not a sitemap: <{etree.QName(root).localname}>")
    return kinds[root.tag], [loc.text.strip() for loc in root.iter(f"{SITEMAP_NS}loc") if loc.text]


def read_listing(source: str, local_copy: Callable[[str], str | None] = lambda url: url) -> Listing:
    """The URLs of a sitemap, a sitemap index (each sitemap followed) or a list (one URL a line, `#` comments).

    `local_copy(url)` says where to read a sitemap an index names: a local path, the URL itself,
    or None to skip it.  Raises OSError or ValueError when a source cannot be read.
    """
    data = read_source(source)
    listing = Listing()
    if not data.lstrip().startswith(b"<"):
        listing.urls = [line.strip() for line in data.decode("utf-8").splitlines()
                        if line.strip() and not line.strip().startswith("#")]
        return listing
    kind, locs = parse_sitemap(data)
    if kind == "urlset":
        listing.urls = locs
        return listing
    for url in locs:
        where = local_copy(url)
        if where is None:
            continue
        listing.sitemaps.append(url)
        listing.urls += read_listing(where, local_copy).urls
    return listing
