"""A unit's own Atom feed (`feeds/don-vi/<unit-id>.atom.xml`), read from the build or the web.

The unit feed is the source of truth for what a Page posts: one item per
article of that unit, with its GUID (a `tag:` URI of the article identity,
stable across moves), canonical URL, summary and terms.  Our writer lists the
article's category first, then its tags (domain/feeds/writer.py); hashtags
come from the tags only.  A unit with no published article has no feed file:
that is zero items, not an error.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

from .errors import FeedError

ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class FeedEntry:
    guid: str
    title: str
    url: str
    summary_html: str
    category: str | None
    tags: tuple[str, ...]
    published: datetime


def _published(entry: ElementTree.Element, where: str) -> datetime:
    text = entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated")
    try:
        value = datetime.fromisoformat((text or "").strip())
    except ValueError:
        raise FeedError(f"{where}: mục không có ngày đăng hợp lệ ({text!r})") from None
    if value.tzinfo is None:
        raise FeedError(f"{where}: ngày đăng {text!r} thiếu múi giờ")
    return value


def parse_atom(document: bytes, where: str = "feed") -> list[FeedEntry]:
    """Every entry of an Atom document; raises FeedError naming `where` if it is not one."""
    try:
        root = ElementTree.fromstring(document)
    except ElementTree.ParseError as error:
        raise FeedError(f"{where}: không đọc được Atom ({error})") from None
    if root.tag != f"{ATOM}feed":
        raise FeedError(f"{where}: không phải một feed Atom")
    entries = []
    for entry in root.iterfind(f"{ATOM}entry"):
        guid = (entry.findtext(f"{ATOM}id") or "").strip()
        links = [link for link in entry.iterfind(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        url = (links[0].get("href") or "").strip() if links else ""
        if not guid or not url:
            raise FeedError(f"{where}: có mục thiếu <id> hoặc <link rel=\"alternate\">")
        terms = [term for c in entry.iterfind(f"{ATOM}category") if (term := (c.get("term") or "").strip())]
        entries.append(FeedEntry(
            guid=guid, title=(entry.findtext(f"{ATOM}title") or "").strip(), url=url,
            summary_html=entry.findtext(f"{ATOM}summary") or "",
            category=terms[0] if terms else None, tags=tuple(terms[1:]),
            published=_published(entry, where),
        ))
    return entries


def read_file_feed(path: Path) -> list[FeedEntry]:
    """The feed written by the build at `path`; no file means no published article yet."""
    if not path.is_file():
        return []
    return parse_atom(path.read_bytes(), str(path))


def read_web_feed(url: str, timeout: float) -> list[FeedEntry]:
    """The published feed at `url`; 404 means no published article yet."""
    # S310: `url` is a site's feed on its http(s) address, checked by the registry loader and the config.
    request = urllib.request.Request(url, headers={"User-Agent": "union-network-social/1"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            document = answer.read()
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return []
        raise FeedError(f"{url}: máy chủ trả lời HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        raise FeedError(f"{url}: không tải được ({getattr(error, 'reason', error)})") from None
    return parse_atom(document, url)
