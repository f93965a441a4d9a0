"""A file's sha256, read once per process while the file stays as it was.

The build's first phase digests every file a site publishes (incremental/reuse.py, its
fingerprints); the site runs, forked after it, digest the same photos again to find their
renditions in the cache (domain/images).  Remembered here by the file's stat signature (size,
mtime, ctime and inode, to the nanosecond: a write changes the ctime), the forked runs inherit
the digests instead of reading every photo of their site once more, and so does each build of
the live preview.  Only for one process's life: between builds, content decides (the caches
are keyed by these digests, never by times).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

_KNOWN: dict[str, tuple[tuple[int, int, int, int], str]] = {}


def content_digest(path: Path) -> str:
    """The hex sha256 of the file at `path`."""
    status = os.stat(path)
    signature = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
    known = _KNOWN.get(str(path))
    if known is not None and known[0] == signature:
        return known[1]
    with open(path, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    _KNOWN[str(path)] = (signature, digest)
    return digest
