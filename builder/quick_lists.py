"""The live preview's second answer to a save of one article: the lists that show it, before the full build.

After the article's own page (builder/quick_page.py), the pages of the lists that show it
(domain/list_pages.py: its unit's page, its category's, its tags', the archive, at the page where
it stands before and after the save, and the front pages of the federations above that show it)
are rendered by one Pelican run per site of the articles those pages show, from the last good
build's index with the saved article read again; each list is numbered as the whole site's run
numbers it (plugins/incremental's writer), so the pages are byte for byte the full build's
(tested).  Only when every run has succeeded are those pages moved into the preview: an error
leaves every list as it was.  The cost grows with the pages, not with the sites: at 50,000
articles the province's site holds 5,000 articles, and its run here reads a few dozen.
"""

from __future__ import annotations

from domain.list_pages import list_pages

from .build import BuildOptions, BuildReport
from .quick_page import PagesFirst, move_into_preview, page_path, reread, run_alone, scratch_folder


def lists_first(report: BuildReport, options: BuildOptions, source: str) -> PagesFirst | None:
    """Write the pages of the lists that show the article saved at `source` (below the content
    folder) into the preview's folder; None, writing nothing, when no list shows what changed or
    the save changes more than these lists (see `one_article_reread`).  Raises ProblemsFound for the
    file's own errors and SiteBuildFailed as a site run would."""
    index = reread(report, options, source)
    if index is None:
        return None
    assert report.network is not None and report.index is not None and report.config is not None
    config, network = report.config, report.network
    record, before = index.by_source[source], report.index.by_source[source]
    if record == before and record.summary is not None:
        return None  # the body alone changed, and lists show the header's Summary, not the body
    wanted = list_pages(report.index, index, network, config.layout, source, config.main_categories,
                        config.news_from_below_count)
    if not wanted:
        return None
    # A list shows each article's thumbnail: only a new photo of the saved one may be missing.
    new_files = (record.image, record.images) != (before.image, before.images)
    written: list[str] = []
    with scratch_folder(options) as scratch:
        built = [run_alone(report, options, index, network[pages.site_id], scratch / str(n), list_pages=pages)
                 for n, pages in enumerate(wanted)]
        for folder, pages in zip(built, wanted, strict=True):  # every run done: no list half written
            site = network[pages.site_id]
            move_into_preview(folder, options.output.resolve() / site.id, site, sorted(pages.pages), new_files)
            written += [page_path(site, page) for page in sorted(pages.pages)]
    return PagesFirst(written)
