"""Every internal href, src and srcset of every page must resolve to a file in the output.

A URL is internal when it starts with one of the network's site URLs (or is
relative); it maps to a file below output/ the way a static web server does:
`.../` → `.../index.html`.  Fragments (`#main-content`) must name an id on
the target page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup

from domain.page_references import attribute_text, page_urls
from domain.registry import display_path
from domain.url_layout import site_roots  # noqa: F401 (the checks' callers take the prefixes from here too)

from .addresses import served_file, url_to_path


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the page's path (below the working folder when output/ is)
    url: str
    reason: str
    line: int = 1  # where the reference is in the page

    def __str__(self) -> str:  # the format of every editor-facing problem: path:line: Field: message [code]
        return f"{self.page}:{self.line}: liên kết: `{self.url}` {self.reason} [broken-link]"


class _Lines:
    """The line of a reference in a page (lxml's tree keeps no source lines): the n-th reference
    to a URL, in document order, is its n-th occurrence in the text.  Asked only of broken links."""

    def __init__(self, text: str):
        self.text = text
        self.seen: dict[str, int] = {}  # URL -> how many references to it were met so far

    def met(self, raw: str) -> None:
        self.seen[raw] = self.seen.get(raw, 0) + 1

    def of(self, raw: str) -> int:
        position = -1
        for _ in range(self.seen.get(raw, 1)):
            found = [p for p in (self.text.find(html.escape(raw, quote=True), position + 1),
                                 self.text.find(raw, position + 1)) if p >= 0]
            if not found:
                return 1
            position = min(found)
        return self.text.count("\n", 0, position) + 1


def check_links(output: Path, prefixes: dict[str, str]) -> tuple[int, list[BrokenLink]]:
    """Check every page below `output`; `prefixes` maps site URL prefixes to folders below it
    (see checks.addresses).

    Returns the number of internal references checked and the broken ones.
    """
    broken: list[BrokenLink] = []
    checked = 0
    ids_cache: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids_cache:
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
            ids_cache[path] = {attribute_text(tag, "id") for tag in soup.find_all(id=True)}
        return ids_cache[path]

    # The page's own URL, to resolve relative references against.
    page_url_of: dict[Path, str] = {}
    for prefix, folder in prefixes.items():
        if folder:
            for page in (output / folder).rglob("*.html"):
                page_url_of.setdefault(page, prefix + page.relative_to(output / folder).as_posix())

    for page in sorted(output.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        soup, lines = BeautifulSoup(text, "lxml"), _Lines(text)
        ids_cache[page] = {attribute_text(tag, "id") for tag in soup.find_all(id=True)}
        base = page_url_of.get(page, page.resolve().as_uri())
        shown = display_path(page)
        for raw in page_urls(soup):
            lines.met(raw)
            if not raw or raw.startswith(("mailto:", "tel:", "javascript:", "data:")):
                continue
            absolute, fragment = urldefrag(urljoin(base, raw))
            if absolute == "":
                target = page
            elif absolute.startswith("file:"):
                target = Path(urlsplit(absolute).path)
            else:
                path = url_to_path(absolute, prefixes)
                if path is None:
                    continue  # another web site
                target = served_file(output, path)
            checked += 1
            if not target.is_file():
                broken.append(BrokenLink(shown, raw, "dẫn tới một trang hoặc tệp không có trong bản dựng", lines.of(raw)))
            elif fragment and target.suffix == ".html" and fragment not in ids_of(target):
                broken.append(BrokenLink(shown, raw, f"dẫn tới phần `#{fragment}` không có trong trang đó", lines.of(raw)))
    return checked, broken

