"""The live preview's first answer to a save of one article: its own page, before the full build.

A save of one article that stays in its unit, category and mark is answered in two steps: first
the pages it changes for the editor who saved it, read again against the last good build's
network and index and rendered by a Pelican run of as few articles as those pages need (in a
temporary folder; only those pages, and the files they show that the preview lacks, are moved into
the preview), then the full incremental build, which brings every other list up to date.
- A save that keeps the article's URL: its page alone (a run of that one article).
- A corrected title (a new URL): its page at the new URL and its unit's own pages, which list it
  (a run of the unit's articles); the old URL leads to the new one.  For a federation's own
  article these are the site's front page and its numbered pages: the front page's lists come
  from the network index, never from the run's articles, so that run makes them right too.
The cost does not grow with the network: on the 50,000-article network the full build takes
seconds, these pages a fraction of one.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from domain.articles.index import one_article_reread
from domain.articles.record_reading import RecordRules
from domain.page_references import files_referenced
from domain.url_layout import site_roots
from incremental.cache_paths import CachePaths
from incremental.reuse import Chrome
from incremental.site_caches import SiteCaches

from .build import BuildOptions, BuildReport, as_of_instant
from .sites import build_site


@dataclass(frozen=True)
class PagesFirst:
    """What the first step wrote: the URL paths of those pages, and the article's old path -> new one."""

    pages: list[str]
    moved: dict[str, str] = field(default_factory=dict)


def pages_first(report: BuildReport, options: BuildOptions, source: str) -> PagesFirst | None:
    """Write the pages a save of the article at `source` (below the content folder) changes for its
    editor into the preview's folder (see the module's docstring); None, writing nothing, when the
    save changes more than those.  Raises ProblemsFound for the file's own errors and SiteBuildFailed
    as a site run would."""
    config, network, previous = report.config, report.network, report.index
    assert previous is not None and network is not None and config is not None, "a finished build's report"
    content, output = options.content.resolve(), options.output.resolve()
    rules = RecordRules(content, config.default_category, config.timezone, config.layout)
    index = one_article_reread(previous, rules, source, network, as_of_instant(options.as_of, config.timezone))
    if index is None:
        return None
    record, before = index.by_source[source], previous.by_source[source]
    unit = network[record.unit_id]
    site = unit.site
    moved = record.save_as != before.save_as
    # A unit's own pages list its articles only (plugins/unit_pages): its articles are all they need.
    only = frozenset(r.source for r in index.published_of(unit.id)) if moved else frozenset({source})
    cache = CachePaths.beside(output)
    compiled = sorted(cache.templates.iterdir()) if cache.templates.is_dir() else []
    with tempfile.TemporaryDirectory(prefix=".trang-", dir=output.parent) as work:
        scratch = Path(work)
        templates = compiled[0] if compiled else scratch / "templates" / "none"
        caches = SiteCaches(scratch / "no-memo", scratch / "memo", "", Chrome("", ""), scratch / "no-output", templates)
        build_site(config, network, index, site, content, scratch / "output", scratch / "feed-items", caches,
                   0, os.getpid(), only=only)
        built, into = scratch / "output" / site.id, output / site.id
        pages = [record.save_as]
        if moved:  # the unit's own pages (plugins/unit_pages), at the URL layout's places
            listed = len(index.published_of(unit.id))
            pages += [place.save_as for place in config.layout.pages(config.layout.unit(unit.path_in_site), "unit", listed)]
        shown = {path for page in pages for path in files_referenced(
            (built / page).read_text(encoding="utf-8"), f"{site.site_url}/{page}", site_roots([site]))}
        for page in pages:
            (into / page).parent.mkdir(parents=True, exist_ok=True)
            os.replace(built / page, into / page)
        for path in sorted(shown):  # what the pages show that the preview lacks (a new photo's renditions)
            relative = Path(path).relative_to(site.id)
            if not (into / relative).exists() and (built / relative).is_file():
                (into / relative).parent.mkdir(parents=True, exist_ok=True)
                os.replace(built / relative, into / relative)
    root = urlsplit(site.site_url).path
    new = f"{root}/{record.url}"
    written = [new, *(_page_path(root, page) for page in pages[1:])]
    if not moved:
        return PagesFirst(written)
    old = f"{root}/{before.url}"
    return PagesFirst([*written, old], {old: new})


def _page_path(root: str, save_as: str) -> str:
    """The URL path a page file is served at (a folder's index.html at the folder)."""
    return f"{root}/{save_as.removesuffix('index.html')}"
