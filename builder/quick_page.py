"""The live preview's first answer to a save of one article: its own page, before the full build.

A save of one article that stays where it was (same URL, unit, category and mark) is answered in
two steps: this page alone, read again against the last good build's network and index and
rendered by a Pelican run of that one article (in a temporary folder; only its page, and the
files the page shows that the preview lacks, are moved into the preview), then the full
incremental build, which brings every list up to date.  The page's cost does not grow with the
network: on the 50,000-article network the full build takes seconds, the page a fraction of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from domain.articles.index import one_article_reread
from domain.articles.record_reading import RecordRules
from domain.page_references import files_referenced
from domain.url_layout import site_roots
from incremental.cache_paths import CachePaths
from incremental.site_caches import SiteCaches

from .build import BuildOptions, BuildReport, as_of_instant
from .sites import build_site


def article_page_first(report: BuildReport, options: BuildOptions, source: str) -> str | None:
    """Write the page of the article at `source` (below the content folder) as saved into the
    preview's folder, and return its URL; None, writing nothing, when the save changes more than that
    page.  Raises ProblemsFound for the file's own errors and SiteBuildFailed as a site run would."""
    config, network = report.config, report.network
    assert report.index is not None and network is not None and config is not None, "a finished build's report"
    content, output = options.content.resolve(), options.output.resolve()
    rules = RecordRules(content, config.default_category, config.timezone, config.layout)
    index = one_article_reread(report.index, rules, source, network, as_of_instant(options.as_of, config.timezone))
    if index is None:
        return None
    record = index.by_source[source]
    site = network[record.unit_id].site
    cache = CachePaths.beside(output)
    compiled = sorted(cache.templates.iterdir()) if cache.templates.is_dir() else []
    with tempfile.TemporaryDirectory(prefix=".trang-", dir=output.parent) as work:
        scratch = Path(work)
        templates = compiled[0] if compiled else scratch / "templates" / "none"
        caches = SiteCaches(scratch / "no-memo", scratch / "memo", "", "", scratch / "no-output", templates)
        build_site(config, network, index, site, content, scratch / "output", scratch / "feed-items", caches,
                   0, os.getpid(), only=frozenset({source}))
        built, into = scratch / "output" / site.id, output / site.id
        page = built / record.save_as
        shown = files_referenced(page.read_text(encoding="utf-8"), f"{site.site_url}/{record.url}", site_roots([site]))
        for path in sorted(shown):  # what the page shows that the preview lacks (a new photo's renditions)
            relative = Path(path).relative_to(site.id)
            if not (into / relative).exists() and (built / relative).is_file():
                (into / relative).parent.mkdir(parents=True, exist_ok=True)
                os.replace(built / relative, into / relative)
        os.replace(page, into / record.save_as)
    return f"{site.site_url}/{record.url}"
