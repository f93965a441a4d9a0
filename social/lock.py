"""One run at a time per state file: an flock on `<resolved state>.lock`.

The kernel releases an flock when its process dies, however it dies, so a
killed run never leaves a stale lock behind (unlike a PID file).  The lock sits
beside the state file the path resolves to (symlinks followed, `..` removed):
two runs given different names for one file (`alias.sqlite -> state.sqlite`, a
symlinked folder) take the same lock.  Runs on different machines (CI runners)
are kept apart by the workflow's `concurrency:` group instead.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import LockBusy, StateError


def lock_path(state_path: Path) -> Path:
    """The lock file of the state file `state_path` really is."""
    real = state_path.resolve()
    return real.with_name(real.name + ".lock")


_REASONS = {
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
    errno.EROFS: "ổ đĩa chỉ đọc",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EEXIST: "một phần của đường dẫn là tệp, không phải thư mục",
}


def unwritable(path: Path, error: OSError) -> StateError:
    """The one line for a state folder or file this run cannot create or write."""
    reason = _REASONS.get(error.errno or 0, error.strerror or type(error).__name__)
    return StateError(f"{path}: không ghi được tệp trạng thái ({reason}); cấp quyền ghi cho thư mục "
                      f"{path.parent} cho người chạy lệnh, hoặc chọn thư mục khác bằng --state")


@contextmanager
def exclusive_lock(state_path: Path) -> Iterator[Path]:
    """Hold the lock for the block; raises LockBusy at once if another run holds it."""
    path = lock_path(state_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise unwritable(state_path.resolve(), error) from None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockBusy(f"một lần chạy khác đang giữ {path}; đợi nó xong rồi chạy lại") from None
        yield path
    finally:
        os.close(descriptor)  # closing the descriptor releases the lock
