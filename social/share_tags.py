"""What Facebook and Zalo will show of an article: its page's og:title and og:image, read before posting.

A link posted before its page is online (a deploy still running, a host not yet
updated) gets the preview of whatever the address answered then, and Facebook
keeps that preview for weeks.  So an item waits, run after run, until its page
carries its share tags; the Zalo article's cover is the page's og:image (the
1200×630 share image the build drew, domain/images/share.py).  Read from the
build folder, the page is the file the build wrote for the URL; with
--from-web, the published page.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

MAX_PAGE_BYTES = 2_000_000  # an article page is ~40 KB; past this it is not one of ours


@dataclass(frozen=True)
class ShareTags:
    title: str
    image: str  # an absolute URL


class _MetaReader(HTMLParser):
    """The first og:title and og:image of a document's <meta property=… content=…> tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta":
            return
        values = dict(attrs)
        name, content = values.get("property"), values.get("content")
        if name in ("og:title", "og:image") and content and name not in self.found:
            self.found[name] = content.strip()


def share_tags(document: bytes) -> ShareTags | None:
    """The page's share tags, or None when it lacks either (or the image is not an http(s) URL)."""
    reader = _MetaReader()
    reader.feed(document.decode("utf-8", errors="replace"))
    title, image = reader.found.get("og:title"), reader.found.get("og:image")
    if not title or not image or urllib.parse.urlsplit(image).scheme not in ("http", "https"):
        return None
    return ShareTags(title, image)


def page_file(site_folder: Path, site_url: str, url: str) -> Path | None:
    """The file the build wrote for `url` inside `site_folder`; None for an address outside the site."""
    prefix = site_url.rstrip("/") + "/"
    if not url.startswith(prefix):
        return None
    relative = urllib.parse.unquote(urllib.parse.urlsplit(url[len(prefix):]).path)
    if not relative or relative.endswith("/"):
        relative += "index.html"
    parts = PurePosixPath(relative).parts
    if relative.startswith("/") or any(part in (".", "..") or "\\" in part for part in parts):
        return None
    return site_folder.joinpath(*parts)


@dataclass(frozen=True)
class PageReader:
    """Reads an article's page, from the build folder or (`from_web`) from its published address."""

    from_web: bool
    timeout: float

    def tags(self, url: str, site_folder: Path, site_url: str) -> ShareTags | None:
        document = self._web(url) if self.from_web else self._file(url, site_folder, site_url)
        return share_tags(document) if document is not None else None

    def _file(self, url: str, site_folder: Path, site_url: str) -> bytes | None:
        path = page_file(site_folder, site_url, url)
        try:
            if path is None or not path.resolve().is_relative_to(site_folder.resolve()):
                return None
            with path.open("rb") as file:
                return file.read(MAX_PAGE_BYTES)
        except OSError:
            return None

    def _web(self, url: str) -> bytes | None:
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            return None
        request = urllib.request.Request(url, headers={"User-Agent": "union-network-social/1"})  # noqa: S310 (http(s) only)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                return answer.read(MAX_PAGE_BYTES)
        except (urllib.error.URLError, OSError, ValueError):
            return None  # not online yet, or not reachable: the item waits
