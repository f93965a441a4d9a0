"""Saves turned into preview builds: the content folder and the theme watched.

watchfiles (inotify on Linux) yields a batch once no file has changed for `step`
milliseconds, so an editor's save (often a write, a rename and a chmod) is one
build, and saves made during a build are the next batch.  Editors' backup and
swap files are ignored (watchfiles' default filter), as the build ignores them.
A change to the settings or the project's code needs a restart (the start line says so):
the settings file sits in the repository's root, which holds output/ and .venv/.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from .session import BuildStatus, PreviewSession

STEP_MS = 30  # quiet time that closes a batch: short, since every millisecond is in the save → page time


def rebuild_on_save(session: PreviewSession, paths: list[Path], stop: threading.Event,
                    said: Callable[[BuildStatus], None] = lambda status: None) -> None:
    """Rebuild the preview after every batch of saves below `paths`, until `stop` is set."""
    for changes in watch(*paths, watch_filter=DefaultFilter(), step=STEP_MS, stop_event=stop,
                         raise_interrupt=False, yield_on_timeout=False):
        said(session.rebuild(saved_files(changes)))


def saved_files(changes: set[tuple[Change, str]]) -> list[Path]:
    """The files a batch changed: an editor's temporary file, written and renamed away within the
    batch, is not one."""
    added = {path for change, path in changes if change == Change.added}
    return sorted({Path(path) for change, path in changes  # a path once, whatever happened to it (a rename over it)
                   if Path(path).exists() or (change == Change.deleted and path not in added)})
