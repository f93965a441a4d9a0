"""What the search index knows of one article: saved by its site's run, read by the index writer.

A document is made once per article inside its own site's Pelican run (where the
body is rendered), saved beside the feed items as one JSON file per site, so a
province's network-wide index is built from its subtree's saved documents
without rendering or reading any article again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from domain.atomic_write import write_bytes_atomically, write_text_atomically

from .folding import clean_text

_BLOCKS = ("p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "th", "tr",
           "figcaption", "figure", "dt", "dd", "hr", "table", "ul", "ol", "section", "article", "aside")


@dataclass(frozen=True)
class SearchDocument:
    identity: str
    site_id: str  # the site the article is published on (its canonical URL's)
    title: str  # clean text (folding.clean_text): shown by the script with textContent, never as HTML
    url: str  # relative to its site's URL
    published: str  # ISO 8601 with offset: the order of results, the year filter
    unit_id: str
    category: str
    thumbnail: str  # the lead image's smallest rendition, relative to the site's URL; "" if none
    text: str  # the body as clean text: indexed whole, its beginning is the excerpt


def body_text(html: str) -> str:
    """The visible text of a cleaned body (markup, scripts and comments gone), as clean text."""
    if not html or not html.strip():
        return ""
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in wrapper.xpath("//script|//style|//template"):
        element.drop_tree()
    # Block ends as spaces: "<p>đoàn</p><p>viên</p>" is two words, not "đoànviên".
    for element in wrapper.iter(*_BLOCKS):
        element.tail = " " + (element.tail or "")
    return clean_text(wrapper.text_content())


def search_file(folder: Path, site_id: str) -> Path:
    """Where a site's documents are saved (the feed items folder: staged and cached with them)."""
    return folder / f"{site_id}.search.json"


def digest_file(path: Path) -> Path:
    """The sha256 of the documents file at `path`, beside it: what a province's build fingerprints
    (a few bytes, not every article's text below it on every build)."""
    return path.with_name(path.name.removesuffix(".json") + ".sha256")


def save_documents(documents: list[SearchDocument], path: Path) -> str:
    """Saves them at `path`, their digest beside them; returns the digest."""
    data = json.dumps([list(vars(doc).values()) for doc in documents], ensure_ascii=False).encode("utf-8")
    write_bytes_atomically(path, data)
    digest = hashlib.sha256(data).hexdigest()
    write_text_atomically(digest_file(path), digest)
    return digest


def load_documents(path: Path) -> list[SearchDocument]:
    return [SearchDocument(*row) for row in json.loads(path.read_text(encoding="utf-8"))]
