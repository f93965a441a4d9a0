"""URL permanence: does every URL of an old build (or an old URL list) resolve in a new build?

A URL is kept when the new build has its page, or redirected when the new
build has a redirect page (meta refresh) there whose target the new build has
and which is not itself a redirect (one hop).  Otherwise it is lost.  A feed
URL is kept only when it still serves a feed (RSS or Atom): a feed reader
follows no HTML redirect, so a feed turned into an HTML page is lost; a sitemap
URL likewise only when it still serves a sitemap.  Covers HTML pages, feeds,
sitemaps and content images; theme assets and server maps are not content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from domain.url_layout import NOT_FOUND_SAVE_AS, is_feed
from stages.sitemaps.reading import is_url, read_listing

from .addresses import served_file, url_to_path

CONTENT_SUFFIXES = {".html", ".xml", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".pdf"}
NOT_CONTENT = {"_redirects", "redirects.nginx.map", NOT_FOUND_SAVE_AS}  # NOT_FOUND: the host's answer to any missing path
_REFRESH = re.compile(r"""<meta\s+http-equiv=["']refresh["']\s+content=["']\d+;\s*url=([^"']+)["']""", re.I)
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM_NS = "{http://www.w3.org/2005/Atom}"


@dataclass
class Report:
    checked: int = 0
    kept: int = 0
    redirected: int = 0
    lost: list[str] = field(default_factory=list)
    why: dict[str, str] = field(default_factory=dict)  # a lost path -> why, in Vietnamese, for the editor's line

    def summary(self) -> str:
        return f"checked {self.checked}, kept {self.kept}, redirected {self.redirected}, lost {len(self.lost)}"

    def summary_vi(self) -> str:
        return (f"Kiểm tra địa chỉ: {self.checked} địa chỉ đã xuất bản, {self.kept} giữ nguyên, "
                f"{self.redirected} chuyển hướng, {len(self.lost)} bị mất")

    def lose(self, path: str, note: str, why: str) -> None:
        self.lost.append(f"{path} ({note})" if note else path)
        self.why[path] = why


def build_paths(folder: Path) -> list[str]:
    """The content URLs of a build folder, as paths relative to it."""
    paths = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if (not path.is_file() or path.suffix.lower() not in CONTENT_SUFFIXES or path.name in NOT_CONTENT
                or "theme" in relative.parts[:2] or relative.as_posix() == "index.html"):
            continue
        paths.append(relative.as_posix())
    return paths


def listed_urls(source: str, roots: dict[str, str] | None = None) -> list[str]:
    """URLs from a file (or http URL): a sitemap, a sitemap index (followed), or one URL a line.

    A sitemap index's own sitemaps are listed too (a sitemap URL must not be lost either), and
    so is the index when it is a URL.  One read from a local file looks for its sitemaps beside
    it first (a saved copy of a published build), through `roots`.
    """
    listing = read_listing(source, lambda url: _local_copy(source, url, roots or {}))
    own = [source] if is_url(source) and listing.sitemaps else []
    return own + listing.sitemaps + listing.urls


def _local_copy(index_source: str, url: str, roots: dict[str, str]) -> str:
    if is_url(index_source):
        return url
    path = url_to_path(url, roots)
    local = Path(index_source).parent / path if path is not None else None
    return str(local) if local is not None and local.is_file() else url


def is_sitemap(path: str) -> bool:
    name = path.rpartition("/")[2]
    return name.startswith("sitemap") and name.endswith(".xml")


def _root_tag(file: Path) -> str | None:
    try:
        return etree.parse(str(file), etree.XMLParser(resolve_entities=False, no_network=True)).getroot().tag
    except etree.XMLSyntaxError:
        return None


def _serves(path: str, file: Path) -> bool:
    """A feed URL serves a feed, a sitemap URL a sitemap (anything else: any file)."""
    if is_feed(path):
        return _root_tag(file) in ("rss", f"{ATOM_NS}feed")
    if is_sitemap(path):
        return _root_tag(file) in (f"{SITEMAP_NS}urlset", f"{SITEMAP_NS}sitemapindex")
    return True


def _redirect_target(file: Path) -> str | None:
    if file.suffix not in (".html", ".xml"):
        return None
    head = file.read_bytes()[:4096].decode("utf-8", errors="replace")
    match = _REFRESH.search(head)
    return match.group(1) if match else None


def check(old_paths: list[str], new: Path, roots: dict[str, str]) -> Report:
    """`old_paths` are paths relative to the new build (see url_to_path for URLs)."""
    report = Report()
    for path in old_paths:
        report.checked += 1
        file = served_file(new, path)
        if not file.is_file():
            report.lose(path, "", "bản dựng mới không có trang nào ở địa chỉ này, cũng không có trang chuyển hướng")
            continue
        if (is_feed(path) or is_sitemap(path)) and not _serves(path, file):
            why = "feed readers follow no HTML redirect" if is_feed(path) else "search engines read it as a sitemap"
            report.lose(path, f"no longer serves a {'feed' if is_feed(path) else 'sitemap'}: {why}",
                         "địa chỉ này không còn là bản tin RSS/Atom (trình đọc tin không theo trang chuyển hướng)"
                         if is_feed(path) else "địa chỉ này không còn là sơ đồ trang (sitemap) cho máy tìm kiếm")
            continue
        target = _redirect_target(file)
        if target is None:
            report.kept += 1
            continue
        target_path = url_to_path(target, roots)
        target_file = served_file(new, target_path) if target_path is not None else None
        if target_file is not None and target_file.is_file() and _redirect_target(target_file) is None:
            report.redirected += 1
        else:
            report.lose(path, f"redirect to {target} does not lead to a page",
                         f"trang chuyển hướng ở địa chỉ này dẫn tới `{target}`, nơi không có trang nào")
    return report
