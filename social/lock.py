"""One run at a time per state file: an flock on `<state>.lock`.

The kernel releases an flock when its process dies, however it dies, so a
killed run never leaves a stale lock behind (unlike a PID file).  Runs on
different machines (CI runners) are kept apart by the workflow's
`concurrency:` group instead.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import LockBusy


def lock_path(state_path: Path) -> Path:
    return state_path.with_name(state_path.name + ".lock")


@contextmanager
def exclusive_lock(state_path: Path) -> Iterator[Path]:
    """Hold the lock for the block; raises LockBusy at once if another run holds it."""
    path = lock_path(state_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockBusy(f"một lần chạy khác đang giữ {path}; đợi nó xong rồi chạy lại") from None
        yield path
    finally:
        os.close(descriptor)  # closing the descriptor releases the lock
