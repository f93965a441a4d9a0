"""The preview's builds: one at a time, each one's outcome kept for the pages to ask about.

The process stays up between saves, so the code, Pelican and the compiled templates
are loaded once; each save is an incremental build (builder/build.py: only the sites
the change touches are built, only the pages whose inputs changed are rendered).  A
save of one article that keeps its place is answered first with that article's page
alone (builder/quick_page.py), then with the lists that show it (builder/quick_lists.py),
each announced as a build of its own, then the full build follows.  A build that fails leaves the last good preview in place (the build commits
only on success) and its Vietnamese `path:line` lines become the status every open page shows.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from builder.build import BuildOptions, BuildReport, build
from builder.config import load_config
from builder.quick_lists import lists_beside
from builder.quick_page import PagesFirst, pages_first
from builder.sites import SiteBuildFailed, load_site_code
from domain.registry import ProblemsFound
from incremental.cache_paths import CachePaths
from incremental.index_cache import ResidentIndexCache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildStatus:
    """What the last preview build did: what every open page is told (as JSON)."""

    number: int  # 0: no build finished yet; then one more per build, good or not
    ok: bool
    finished: float  # when it finished, in ms since the epoch (a page loaded before a good build reloads)
    seconds: float = 0.0
    changed: list[str] = field(default_factory=list)  # the saved files that started it, below the content folder
    lines: list[str] = field(default_factory=list)  # the errors, one Vietnamese `path:line: ...` line each
    good: float = 0.0  # when the last good build finished (ms since the epoch)
    # URL path an article had -> the one it has now (a corrected title moves its page): an open
    # page follows its article there instead of reloading a page that is gone
    moved: dict[str, str] = field(default_factory=dict)
    page_only: bool = False  # only some pages so far (the saved article's, its lists): the full build follows
    pages: list[str] = field(default_factory=list)  # page_only: the URL paths of those pages (only they reload)

    def as_json(self) -> dict:
        return asdict(self)


def _in_background(folder: Path) -> None:
    """The previous tree removed after the status is out: the pages reload meanwhile."""
    threading.Thread(target=shutil.rmtree, args=(folder, True), daemon=False).start()


def article_paths(report: BuildReport) -> dict[str, str]:
    """Article identity -> the URL path of its page in the preview (every site below the preview's origin)."""
    assert report.index is not None and report.network is not None
    network = report.network
    folders: dict[str, str] = {}  # unit id -> its site's path (one urlsplit per unit, not per article)
    paths = {}
    for record in report.index.records:
        if record.published:
            if record.unit_id not in folders:
                folders[record.unit_id] = urlsplit(network[record.unit_id].site.site_url).path
            paths[record.identity] = f"{folders[record.unit_id]}/{record.url}"
    return paths


def follow_moves(moved: dict[str, str], before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    """`moved` with the pages that moved between two builds: every older path leads to the newest."""
    return chain_moves(moved, {before[identity]: path for identity, path in after.items()
                               if identity in before and before[identity] != path})


def chain_moves(moved: dict[str, str], now: dict[str, str]) -> dict[str, str]:
    """`moved` followed by the moves `now`: every older path leads to the newest, and a page moved
    back (a title corrected, then restored) leads nowhere but where it is."""
    chained = {old: now.get(target, target) for old, target in moved.items()}
    return {old: target for old, target in {**chained, **now}.items() if old != target}


def problem_lines(error: Exception) -> list[str]:
    """The lines an editor reads for a failed build, as the build command prints them."""
    if isinstance(error, ProblemsFound):
        return [str(problem) for problem in error.problems]
    if isinstance(error, SiteBuildFailed):
        return [f"{error.site_id}: {message}" for message in error.messages]
    return [f"Lỗi không lường trước khi dựng bản xem trước ({type(error).__name__}: {error}); "
            "xem chi tiết trong cửa sổ đang chạy make serve"]


class PreviewSession:
    """Runs the preview builds of one content folder into one preview folder."""

    def __init__(self, content: Path, settings: Path, output: Path, base_url: str, jobs: int = 1):
        self.index_cache = ResidentIndexCache(CachePaths.beside(output.resolve()).index)
        self.options = BuildOptions(content, output, settings, jobs=jobs, preview=True, base_url=base_url,
                                    index_cache=self.index_cache, discard=_in_background)
        load_site_code(load_config(settings))  # the forked site runs of every build inherit it
        self._status = BuildStatus(0, False, 0.0)
        self._changed = threading.Condition()
        self._building = threading.Lock()
        self._paths: dict[str, str] = {}  # the last good build's article_paths
        self.last_good: BuildReport | None = None  # the last good build's report: its network and index

    @property
    def status(self) -> BuildStatus:
        with self._changed:
            return self._status

    def rebuild(self, changed: Sequence[Path] = ()) -> BuildStatus:
        """Build the preview now (`changed`: the files saved since the last build, if known); never
        raises for what the content or the theme got wrong."""
        with self._building:
            shown = [self._shown(path) for path in changed]
            if self.last_good is not None and len(changed) == 1 and changed[0].suffix == ".md":
                self._first_steps(changed[0], shown)
            started = time.perf_counter()
            ok, lines, moved = True, [], self._status.moved
            try:
                self.last_good = build(self.options)
                paths = article_paths(self.last_good)
                moved = follow_moves(moved, self._paths, paths)
                self._paths = paths
            except (ProblemsFound, SiteBuildFailed) as error:
                ok, lines = False, problem_lines(error)
            except Exception as error:  # a broken template or plugin: said on the page, the server stays up
                logger.exception("preview build failed")
                ok, lines = False, problem_lines(error)
            return self._announce(ok, time.perf_counter() - started, shown, lines, moved)

    def _first_steps(self, saved: Path, shown: list[str]) -> None:
        """The saved article's page, then the lists that show it, each announced as it is written: the
        lists' runs start beside the page's (builder/quick_lists.py) and are moved in only after it."""
        assert self.last_good is not None
        try:
            source = saved.resolve().relative_to(self.options.content.resolve()).as_posix()
        except (ValueError, OSError):
            return  # not below the content folder, or gone: the full build says what it is
        try:
            with lists_beside(self.last_good, self.options, source) as lists:
                if self._first_step(pages_first, saved, shown):
                    self._first_step(lambda *_: lists(), saved, shown)
        except Exception:  # the forked process could not start: the full build follows
            logger.exception("preview list-first step failed; the full build follows")

    def _first_step(self, step: Callable[[BuildReport, BuildOptions, str], PagesFirst | None], saved: Path,
                    shown: list[str]) -> bool:
        """The pages a save changes for its editor (the article's own, builder/quick_page.py, or its
        lists, builder/quick_lists.py), announced at once; whether it wrote them."""
        assert self.last_good is not None
        started = time.perf_counter()
        try:
            source = saved.resolve().relative_to(self.options.content.resolve()).as_posix()
            first = step(self.last_good, self.options, source)
            if first is not None:
                self._announce(True, time.perf_counter() - started, shown, [], chain_moves(self._status.moved, first.moved),
                               pages=first.pages)
                return True
        except (ValueError, OSError):
            pass  # not below the content folder, or gone: the full build says what it is
        except (ProblemsFound, SiteBuildFailed) as error:  # shown at once; the full build confirms
            self._announce(False, time.perf_counter() - started, shown, problem_lines(error), self._status.moved)
        except Exception:
            logger.exception("preview first step failed; the full build follows")
        return False

    def _announce(self, ok: bool, seconds: float, shown: list[str], lines: list[str], moved: dict[str, str],
                  pages: list[str] | None = None) -> BuildStatus:
        """A finished build, or (`pages`) a first step that wrote only those pages."""
        now = time.time() * 1000
        with self._changed:
            before = self._status
            self._status = BuildStatus(before.number + 1, ok, now, seconds, shown, lines, now if ok else before.good,
                                       moved, pages is not None, pages or [])
            self._changed.notify_all()
            return self._status

    def _shown(self, path: Path) -> str:
        """A saved file as the build's lines name it: below the content folder's parent (content/x.md)."""
        try:
            return str(path.resolve().relative_to(self.options.content.resolve().parent))
        except ValueError:
            return str(path)

    def close(self) -> None:
        """Save what the builds kept in memory, so the next preview starts warm."""
        with self._building:
            self.index_cache.save()

    def wait_after(self, number: int, timeout: float) -> BuildStatus:
        """The status once a build later than `number` has finished, or the current one after `timeout`."""
        with self._changed:
            self._changed.wait_for(lambda: self._status.number > number, timeout)
            return self._status
