"""The live preview's first answer to a save of one article: its own page, before the full build.

A save of one article that stays in its unit, category and mark is answered in three steps: first
its own page, read again against the last good build's network and index and rendered by a Pelican
run of that one article (in a temporary folder; only that page, and the files it shows that the
preview lacks, are moved into the preview); then the lists that show it (builder/quick_lists.py);
then the full incremental build, which brings every other page up to date.  A corrected title (a
new URL) writes the page at its new URL, and the old URL leads to the new one.  The cost does not
grow with the network: on the 50,000-article network the full build takes seconds, this page a
fraction of one.  The helpers below are the list-first step's too.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from domain.articles import ArticleIndex
from domain.articles.index import one_article_reread
from domain.articles.record_reading import RecordRules
from domain.list_pages import ListPages
from domain.page_references import files_referenced
from domain.registry import Unit
from domain.url_layout import site_roots
from incremental.cache_paths import CachePaths
from incremental.reuse import Chrome
from incremental.site_caches import SiteCaches

from .build import BuildOptions, BuildReport, as_of_instant
from .sites import build_site


@dataclass(frozen=True)
class PagesFirst:
    """What a first step wrote: the URL paths of those pages, and the article's old path -> new one."""

    pages: list[str]
    moved: dict[str, str] = field(default_factory=dict)


def pages_first(report: BuildReport, options: BuildOptions, source: str) -> PagesFirst | None:
    """Write the page of the article saved at `source` (below the content folder) into the preview's
    folder; None, writing nothing, when the save changes more than the article's page and its lists
    (see `one_article_reread`).  Raises ProblemsFound for the file's own errors and SiteBuildFailed
    as a site run would."""
    index = reread(report, options, source)
    if index is None:
        return None
    assert report.network is not None and report.index is not None
    record, before = index.by_source[source], report.index.by_source[source]
    site = report.network[record.unit_id].site
    with scratch_folder(options) as scratch:
        built = run_alone(report, options, index, site, scratch, only=frozenset({source}))
        move_into_preview(built, options.output.resolve() / site.id, site, [record.save_as])
    root = urlsplit(site.site_url).path
    new = f"{root}/{record.url}"
    if record.save_as == before.save_as:
        return PagesFirst([new])
    old = f"{root}/{before.url}"
    return PagesFirst([new, old], {old: new})


def reread(report: BuildReport, options: BuildOptions, source: str) -> ArticleIndex | None:
    """The last good build's index with the saved article read again (`one_article_reread`)."""
    config, network, previous = report.config, report.network, report.index
    assert previous is not None and network is not None and config is not None, "a finished build's report"
    rules = RecordRules(options.content.resolve(), config.default_category, config.timezone, config.layout)
    return one_article_reread(previous, rules, source, network, as_of_instant(options.as_of, config.timezone))


@contextmanager
def scratch_folder(options: BuildOptions) -> Iterator[Path]:
    """A temporary folder beside the preview's (one file system: its pages are moved, not copied)."""
    output = options.output.resolve()
    with tempfile.TemporaryDirectory(prefix=".trang-", dir=output.parent) as work:
        yield Path(work)


def run_alone(report: BuildReport, options: BuildOptions, index: ArticleIndex, site: Unit, scratch: Path,
              only: frozenset[str] | None = None, list_pages: ListPages | None = None) -> Path:
    """A Pelican run of `site` for those articles (or those pages) alone, into `scratch`, with the
    preview's compiled templates and image cache and no memo; returns the site's folder there."""
    assert report.config is not None and report.network is not None
    cache = CachePaths.beside(options.output.resolve())
    compiled = sorted(cache.templates.iterdir()) if cache.templates.is_dir() else []
    templates = compiled[0] if compiled else scratch / "templates" / "none"
    caches = SiteCaches(scratch / "no-memo", scratch / "memo", "", Chrome("", ""), scratch / "no-output", templates)
    build_site(report.config, report.network, index, site, options.content.resolve(), scratch / "output",
               scratch / "feed-items", caches, 0, os.getpid(), only=only, list_pages=list_pages)
    return scratch / "output" / site.id


def move_into_preview(built: Path, into: Path, site: Unit, pages: Iterable[str], new_files: bool = True) -> None:
    """Move those pages (save_as, below the site folder) from a run's folder into the preview's, with
    the files they show that the preview lacks (a new photo's renditions); `new_files` False: the
    pages show none (every file they show was there for the last good build: no page is parsed)."""
    pages = list(pages)
    shown = {path for page in pages if new_files for path in files_referenced(
        (built / page).read_text(encoding="utf-8"), f"{site.site_url}/{page}", site_roots([site]))}
    for page in pages:
        (into / page).parent.mkdir(parents=True, exist_ok=True)
        os.replace(built / page, into / page)
    for path in sorted(shown):
        relative = Path(path).relative_to(site.id)
        if not (into / relative).exists() and (built / relative).is_file():
            (into / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(built / relative, into / relative)


def page_path(site: Unit, save_as: str) -> str:
    """The URL path a page file of `site` is served at (a folder's index.html at the folder)."""
    return f"{urlsplit(site.site_url).path}/{save_as.removesuffix('index.html')}"
