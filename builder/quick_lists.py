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

The preview starts these runs in a forked process while it writes the article's page
(`lists_beside`): on two cores the lists no longer wait for that page, and they are moved into
the preview only once the page is (a save the page step refuses writes no list).
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from domain.list_pages import ListPages, list_pages
from domain.registry import ProblemsFound

from .build import BuildOptions, BuildReport
from .quick_page import PagesFirst, move_into_preview, page_path, reread, run_alone, scratch_folder
from .sites import SiteBuildFailed

logger = logging.getLogger(__name__)
Rendered = tuple[list[ListPages], bool]  # the pages each site's run wrote, and whether a new photo may show


def lists_first(report: BuildReport, options: BuildOptions, source: str) -> PagesFirst | None:
    """Write the pages of the lists that show the article saved at `source` (below the content
    folder) into the preview's folder; None, writing nothing, when no list shows what changed or
    the save changes more than these lists (see `one_article_reread`).  Raises ProblemsFound for the
    file's own errors and SiteBuildFailed as a site run would."""
    with scratch_folder(options) as scratch:
        rendered = render_lists(report, options, source, scratch)
        return None if rendered is None else move_lists(report, options, scratch, rendered)


def render_lists(report: BuildReport, options: BuildOptions, source: str, scratch: Path) -> Rendered | None:
    """The list pages of `lists_first`, rendered into `scratch` (one folder per site's run); None when
    there are none."""
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
    for n, pages in enumerate(wanted):
        run_alone(report, options, index, network[pages.site_id], scratch / str(n), list_pages=pages)
    # A list shows each article's thumbnail: only a new photo of the saved one may be missing.
    return (wanted, (record.image, record.images) != (before.image, before.images)) if wanted else None


def move_lists(report: BuildReport, options: BuildOptions, scratch: Path, rendered: Rendered) -> PagesFirst:
    """Every run done: the pages of `render_lists` moved into the preview (no list half written)."""
    assert report.network is not None
    wanted, new_files = rendered
    written: list[str] = []
    for n, pages in enumerate(wanted):
        site = report.network[pages.site_id]
        folder = scratch / str(n) / "output" / site.id
        move_into_preview(folder, options.output.resolve() / site.id, site, sorted(pages.pages), new_files)
        written += [page_path(site, page) for page in sorted(pages.pages)]
    return PagesFirst(written)


_pending: tuple[BuildReport, BuildOptions, str, Path] | None = None  # set in the parent before the fork


def _render_pending(pipe) -> None:
    """The forked process: render the lists and send back what `render_lists` returned, or the error."""
    assert _pending is not None, "forked after the step is set"
    try:
        pipe.send((render_lists(*_pending), None))
    except ProblemsFound:
        pipe.send((None, None))  # the file's own errors: the article's page step says them
    except SiteBuildFailed as error:  # pickles whole
        pipe.send((None, error))
    except Exception as error:  # anything else: its traceback here, its text there (it may not pickle)
        logger.exception("preview list-first step failed in its process")
        pipe.send((None, RuntimeError(repr(error))))


@contextmanager
def lists_beside(report: BuildReport, options: BuildOptions, source: str) -> Iterator[Callable[[], PagesFirst | None]]:
    """`lists_first` with its runs started at once in a forked process (it inherits the report, as the
    build's workers do); the callable waits for them and moves their pages into the preview.  Not
    called, the runs are stopped and nothing is moved."""
    global _pending
    context = multiprocessing.get_context("fork")
    with scratch_folder(options) as scratch:
        _pending = (report, options, source, scratch)
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(target=_render_pending, args=(sending,), daemon=True)
        process.start()
        _pending = None
        sending.close()

        def finish() -> PagesFirst | None:
            rendered, error = receiving.recv()
            if error is not None:
                raise error
            return None if rendered is None else move_lists(report, options, scratch, rendered)

        try:
            yield finish
        finally:
            if process.is_alive():
                process.terminate()
            process.join()
            receiving.close()
