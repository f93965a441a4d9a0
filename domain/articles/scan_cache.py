"""What the article scan remembers of each file between builds: the index cache's entries.

The scan (index.py) decides from an entry whether a file must be read, or
parsed and checked, again; the build keeps the entries between runs
(incremental/index_cache.py saves them).  Here only the entry's shape and the
checks that need the file system; no file format, no Pelican.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from domain.registry import Problem

from .record_reading import ArticleRecord, FileSignatures
from .references import checked_part

if TYPE_CHECKING:
    from domain.url_layout import UrlLayout

SETTLED_NS = 2_000_000_000  # a file untouched for this long has a signature no later write can repeat
CACHE_FORMAT = 5  # bumped when what a cache entry holds changes: an older build's entries are parsed anew

StatSignature = tuple[int, int, int, int]  # size, mtime, ctime, inode


class ParseKey(NamedTuple):
    """Everything a file's record is made from: an entry is reused only for an equal key."""

    digest: str  # the file's sha256
    default_category: str
    timezone: str
    layout: UrlLayout  # where the record's page is
    ended: date | None  # the unit's end, if it ended (its articles are indexed as of then)
    format: int = CACHE_FORMAT


class IndexCacheEntry(NamedTuple):
    """One article file as the last scan read it."""

    key: ParseKey
    record: ArticleRecord
    files: FileSignatures  # the files it uses, as they were when it was checked
    signature: StatSignature | None  # its stat when hashed; None: too recent to trust (SETTLED_NS)
    warnings: tuple[Problem, ...] = ()  # its own warnings (cautions.py), path below content/: said again when reused


IndexCache = dict[str, IndexCacheEntry]  # article path below content/ -> its entry


def stat_signature(status: os.stat_result) -> StatSignature:
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def settled_signature(status: os.stat_result, started_ns: int) -> StatSignature | None:
    """The signature to trust next time, if the file was settled when the scan started: a write
    within the file system's timestamp resolution of this scan could leave the same signature."""
    return stat_signature(status) if started_ns - max(status.st_mtime_ns, status.st_ctime_ns) > SETTLED_NS else None


def files_unchanged(content: Path, signatures: FileSignatures) -> FileSignatures | None:
    """The signatures of the files an article uses if each is as it was when the article was
    checked (refreshed where only the mtime or inode moved, e.g. in a fresh clone), else None.
    A new size is a new file: the article's warnings weigh its photos (cautions.py)."""
    refreshed = []
    try:
        for path, (quick, checked) in signatures:
            now = os.lstat(content / path)
            if (now.st_size, now.st_mtime_ns, now.st_ino) != quick:
                if now.st_size != quick[0] or checked_part(content, path) != checked:
                    return None
                quick = (now.st_size, now.st_mtime_ns, now.st_ino)
            refreshed.append((path, (quick, checked)))
    except OSError:
        return None
    return tuple(refreshed)
