"""Feed items: what a feed says about one article, independent of the feed it is in.

Items are made once per article inside its own site's Pelican run (where the
HTML is rendered) and saved as JSON, so aggregate feeds spanning several sites
are written without rendering anything twice.
"""

from __future__ import annotations

import json
import mimetypes
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin

import lxml.html

from domain.atomic_write import write_text_atomically

_URL_ATTRIBUTES = ("href", "src", "poster")
_URL_ATTRIBUTE = re.compile(r"\b(?:href|src|poster|srcset)\s*=", re.IGNORECASE)
_TAG_SAFE = "/:@-._~!$&'()*+,;="  # RFC 4151 pchar and "/", unescaped


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    type: str


@dataclass(frozen=True)
class FeedItem:
    identity: str
    guid: str
    title: str
    url: str
    content: str  # HTML, every URL absolute
    summary: str  # HTML, every URL absolute
    author: str | None
    category: str
    tags: tuple[str, ...]
    published: str  # ISO 8601 with offset
    updated: str
    unit_id: str
    enclosure: Enclosure | None


def tag_uri(authority: str, date: str, specific: str) -> str:
    """An RFC 4151 `tag:` URI; `specific` is percent-encoded where the RFC requires."""
    return f"tag:{authority},{date}:{quote(specific, safe=_TAG_SAFE)}"


def absolutize(html: str, base_url: str) -> str:
    """Every href/src/srcset of an HTML fragment made absolute against `base_url`."""
    # The substring test first: searching the regular expression through a whole body is slow.
    lowered = (html or "").lower()
    if not ("href" in lowered or "src" in lowered or "poster" in lowered) or not _URL_ATTRIBUTE.search(html):
        return html or ""  # nothing to resolve: not parsed
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in wrapper.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in _URL_ATTRIBUTES:
            value = element.get(attribute)
            if value is not None and not value.startswith(("mailto:", "tel:", "data:")):
                element.set(attribute, urljoin(base_url, value.strip()))
        srcset = element.get("srcset")
        if srcset:
            parts = []
            for candidate in srcset.split(","):
                pieces = candidate.strip().split(None, 1)
                if pieces:
                    pieces[0] = urljoin(base_url, pieces[0])
                    parts.append(" ".join(pieces))
            element.set("srcset", ", ".join(parts))
    inner = (wrapper.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in wrapper
    )
    return inner


def enclosure_for(image_file: Path, url: str) -> Enclosure:
    """The article image as an enclosure: its URL, byte length and MIME type."""
    mime = mimetypes.guess_type(image_file.name)[0] or "application/octet-stream"
    return Enclosure(url, image_file.stat().st_size, mime)


def plain_summary(html: str, words: int = 55) -> str:
    """A short text summary from HTML, when the editor gave none."""
    text = re.sub(r"\s+", " ", lxml.html.fragment_fromstring(html, create_parent="div").text_content()).strip()
    parts = text.split(" ")
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"


def save_items(items: list[FeedItem], path: Path) -> None:
    # vars(), not dataclasses.asdict: the same fields in the same order, without asdict's deep copies
    rows = [{**vars(item), "enclosure": vars(item.enclosure) if item.enclosure else None} for item in items]
    write_text_atomically(path, json.dumps(rows, ensure_ascii=False))


def load_items(path: Path) -> list[FeedItem]:
    items = []
    for raw in json.loads(path.read_text(encoding="utf-8")):
        enclosure = Enclosure(**raw["enclosure"]) if raw["enclosure"] else None
        items.append(FeedItem(**{**raw, "tags": tuple(raw["tags"]), "enclosure": enclosure}))
    return items


def newest_first(items: Iterable[FeedItem], limit: int) -> list[FeedItem]:
    """Newest first, one item per article (an aggregate never repeats one), at most `limit`."""
    unique = {item.identity: item for item in items}
    return sorted(unique.values(), key=lambda item: (item.published, item.identity), reverse=True)[:limit]


def items_file(items_dir: Path, site_id: str, newest_only: bool = False) -> Path:
    """Where a site's feed items are saved: all of them, or only the newest MAX_ITEMS.

    A federation's aggregate feed needs the newest MAX_ITEMS of its subtree, which
    are among the newest MAX_ITEMS of each site below it: reading only those keeps
    a province's memory small however many articles its cities hold.
    """
    return items_dir / (f"{site_id}.newest.json" if newest_only else f"{site_id}.json")


def save_site_items(items: list[FeedItem], items_dir: Path, site_id: str, max_items: int) -> None:
    save_items(items, items_file(items_dir, site_id))
    save_items(newest_first(items, max_items), items_file(items_dir, site_id, newest_only=True))
