"""URL permanence: does every URL of an old build (or an old URL list) resolve in a new build?

A URL is kept when the new build has its page, or redirected when the new
build has a redirect page (meta refresh) there whose target the new build has
and which is not itself a redirect (one hop).  Otherwise it is lost.
Covers HTML pages, feeds and content images; theme assets, sitemaps and
server maps are not content.
"""

from __future__ import annotations

import re
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .addresses import served_file, url_to_path

CONTENT_SUFFIXES = {".html", ".xml", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".pdf"}
NOT_CONTENT = {"sitemap.xml", "_redirects", "redirects.nginx.map"}
_REFRESH = re.compile(r"""<meta\s+http-equiv=["']refresh["']\s+content=["']\d+;\s*url=([^"']+)["']""", re.I)
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass
class Report:
    checked: int = 0
    kept: int = 0
    redirected: int = 0
    lost: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"checked {self.checked}, kept {self.kept}, redirected {self.redirected}, lost {len(self.lost)}"


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


def _read(source: str) -> bytes:
    if re.match(r"^https?://", source):
        with urllib.request.urlopen(source, timeout=30) as answer:  # noqa: S310 (http/https only)
            return answer.read()
    return Path(source).read_bytes()


def listed_urls(source: str, roots: dict[str, str] | None = None) -> list[str]:
    """URLs from a file (or http URL): a sitemap, a sitemap index (followed), or one URL a line.

    A sitemap index read from a local file looks for its sitemaps beside it
    first (a saved copy of a published build), through `roots`.
    """
    data = _read(source)
    if data.lstrip().startswith(b"<"):
        root = etree.fromstring(data)
        if root.tag == f"{SITEMAP_NS}sitemapindex":
            return [url for loc in root.iter(f"{SITEMAP_NS}loc")
                    for url in listed_urls(_local_copy(source, loc.text.strip(), roots or {}), roots)]
        return [loc.text.strip() for loc in root.iter(f"{SITEMAP_NS}loc")]
    return [line.strip() for line in data.decode("utf-8").splitlines() if line.strip() and not line.startswith("#")]


def _local_copy(index_source: str, url: str, roots: dict[str, str]) -> str:
    if re.match(r"^https?://", index_source):
        return url
    path = url_to_path(url, roots)
    local = Path(index_source).parent / path if path is not None else None
    return str(local) if local is not None and local.is_file() else url


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
            report.lost.append(path)
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
            report.lost.append(f"{path} (redirect to {target} does not lead to a page)")
    return report
