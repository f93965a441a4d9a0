"""The pages of an output folder: their kind, the addresses they are served at, a sample.

A build writes absolute URLs under the network's own addresses (locally
http://127.0.0.1:8000/<site>/, published each federation's domain); the
checks serve the folder elsewhere, so they need each site's URL prefix and
folder. Those are read from the output itself, never from the settings: each
site folder's sitemap.xml lists its front page, the shortest URL ending in
"/", which is the site's prefix. A folder written by hand without sitemaps
has no own address beyond the checks' server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

_LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
_OG_ARTICLE = re.compile(rb'<meta property="og:type" content="article"')
# Second path segments a site's own lists use (domain/registry/reserved_names.py); anything else is a unit.
_LIST_KINDS = ("chuyen-muc", "the", "luu-tru", "danh-ba", "feeds", "tim-kiem", "van-ban")


@dataclass(frozen=True)
class Page:
    path: str  # below the output folder, POSIX: "ldld-thanh-hoa/tin/a-b.html"
    kind: str  # network | front | article | unit | chuyen-muc | the | luu-tru | danh-ba | feeds | tim-kiem | van-ban | other


def _kind(path: str, head: bytes) -> str:
    parts = path.split("/")
    if _OG_ARTICLE.search(head):
        return "article"
    if parts == ["index.html"]:
        return "network"
    if len(parts) == 2 and parts[1] == "index.html":
        return "front"
    if len(parts) > 2 and parts[1] in _LIST_KINDS:
        return parts[1]
    if len(parts) > 2 and parts[1] != "tin":
        return "unit"
    return "other"


def html_pages(output: Path) -> list[Page]:
    """Every .html file of the output (folders starting with a dot are the build's own)."""
    pages = []
    for file in sorted(output.rglob("*.html")):
        path = file.relative_to(output).as_posix()
        if any(part.startswith(".") for part in path.split("/")):
            continue
        with file.open("rb") as handle:
            head = handle.read(4096)
        pages.append(Page(path, _kind(path, head)))
    return pages


def sample(pages: list[Page], per_kind: int) -> list[Page]:
    """The first `per_kind` pages of each kind, and every front page (they differ most)."""
    taken: dict[str, int] = {}
    chosen = []
    for page in pages:
        if page.kind in ("front", "network") or taken.get(page.kind, 0) < per_kind:
            chosen.append(page)
            taken[page.kind] = taken.get(page.kind, 0) + 1
    return chosen


def site_prefixes(output: Path) -> dict[str, str]:
    """URL prefix → folder below the output ("" for the output's root), from the sitemaps."""
    prefixes: dict[str, str] = {}
    for sitemap in sorted([output / "sitemap.xml", *output.glob("*/sitemap.xml")]):
        if not sitemap.is_file():
            continue
        folder = "" if sitemap.parent == output else sitemap.parent.name
        try:
            locs = [loc.text.strip() for loc in etree.parse(str(sitemap)).iter(_LOC) if loc.text]
        except etree.XMLSyntaxError:
            continue
        fronts = sorted((loc for loc in locs if loc.endswith("/")), key=len)
        if fronts:
            prefixes[fronts[0]] = folder
    for prefix, folder in list(prefixes.items()):
        if folder and prefix.endswith(f"/{folder}/"):  # sites below one address: the address is the root's
            prefixes.setdefault(prefix[: -len(folder) - 1], "")
    return prefixes


def local_file(output: Path, page: str, reference: str, prefixes: dict[str, str]) -> Path | None:
    """The file of the output that `reference` (an href or src on `page`) is served from, if any."""
    if reference.startswith(("data:", "mailto:", "tel:", "javascript:", "#")):
        return None
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc:
        absolute = reference if parts.scheme else "http:" + reference
        matches = [prefix for prefix in prefixes if absolute.startswith(prefix)]
        if not matches:
            return None
        prefix = max(matches, key=len)
        folder = prefixes[prefix]
        relative = urlsplit(absolute[len(prefix):]).path
        path = f"{folder}/{relative}" if folder else relative
    else:
        path = urljoin("/" + page, parts.path).lstrip("/")
    target = output / unquote(path)
    if path.endswith("/") or path == "" or target.is_dir():
        target = target / "index.html"
    try:
        target.resolve().relative_to(output.resolve())
    except ValueError:
        return None
    return target
