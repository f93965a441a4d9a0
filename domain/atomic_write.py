"""Write a file by replacing it, never in place.

A build reuses unchanged files of the previous output by hard links; writing
into such a file in place would change the previous output too (which must
stay as it was if the build fails).  Writing a new file and renaming it over
the old name leaves every other link untouched.

The build's commit (builder/staging.py) also swaps whole folders with
`exchange` and makes its journal durable with `fsync_folder`.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path


def write_bytes_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def write_text_atomically(path: Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))


def link_atomically(existing: Path, path: Path) -> None:
    """Make `path` another name of `existing` (an unchanged file: no copy, same mtime)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    os.link(existing, temporary)
    os.replace(temporary, path)


def fsync_folder(folder: Path) -> None:
    """Make the renames inside `folder` durable (a no-op where folders cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _load_renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    """The C library's renameat2, typed for ctypes; None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28+, musl 1.2.2+
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths (folders too) in one atomic step: renameat2(RENAME_EXCHANGE).

    False, with nothing changed, where the system or the file system cannot
    (not Linux, an old C library or kernel, some network file systems): the
    caller then does two renames, which a reader may see between.
    """
    if _renameat2 is None or os.environ.get("UNION_BUILD_NO_EXCHANGE"):
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(error, os.strerror(error), str(first), None, str(second))
