"""The network index's per-file cache on disk (its entries: domain/articles/scan_cache.py).

An entry only memoises what a file parses to, so the file is saved whatever
the build's outcome.  A file that is missing, unreadable, of another format or
written by other code (its records could lack a field the code now reads) is an
empty cache: every article is parsed again.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from domain.articles.scan_cache import IndexCache, IndexCacheEntry, ParseKey
from domain.atomic_write import write_bytes_atomically

logger = logging.getLogger(__name__)
LEGACY = ("index.v2.pickle",)  # anonymous tuples, before the entries were named: removed on save


DOMAIN = Path(__file__).resolve().parent.parent / "domain"


@cache
def parser_code() -> str:
    """A digest of the code that makes the cached records (the domain: the header parser, the
    record, the registry it checks against); about a millisecond."""
    digest = hashlib.sha256()
    for source in sorted(DOMAIN.rglob("*.py")):
        digest.update(source.relative_to(DOMAIN).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def load_index_cache(path: Path) -> IndexCache:
    try:
        with open(path, "rb") as file:
            code, loaded = pickle.load(file)  # our own file, written by save_index_cache
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return {}
    if code != parser_code() or not isinstance(loaded, dict) or not all(
            isinstance(entry, IndexCacheEntry) and isinstance(entry.key, ParseKey) for entry in loaded.values()):
        return {}
    return loaded


def save_index_cache(path: Path, cache: IndexCache) -> None:
    write_bytes_atomically(path, pickle.dumps((parser_code(), cache), protocol=pickle.HIGHEST_PROTOCOL))
    for name in LEGACY:
        (path.parent / name).unlink(missing_ok=True)


@dataclass
class ResidentIndexCache:
    """The index cache of `path` in memory: for one scan (index_cache_at), or kept by a long-running
    process (the live preview) between its builds: loaded once, scanned with in place, saved when done."""

    path: Path
    cache: IndexCache | None = None
    changed: bool = False

    def save(self) -> None:
        """Written back if an entry changed; a cache that cannot be saved (a read-only checkout) only
        makes the next scan slower."""
        if self.cache is None or not self.changed:
            return
        try:
            save_index_cache(self.path, self.cache)
            self.changed = False
        except OSError as error:
            logger.warning("không lưu được bộ nhớ đệm %s (%s); lần sau sẽ đọc lại mọi bài", self.path, error)


def _entries(cache: IndexCache) -> dict[str, int]:
    return {source: id(entry) for source, entry in cache.items()}  # a re-read file gets a new entry


@contextmanager
def index_cache_at(path: Path, resident: ResidentIndexCache | None = None) -> Iterator[IndexCache]:
    """The cache saved at `path`, to scan with; saved back on leaving if an entry changed, whatever
    the scan's outcome (its entries only memoise what each file parses to).  With `resident` (for
    `path`): the one in memory, loaded on first use and saved by its owner."""
    kept = resident if resident is not None else ResidentIndexCache(path)
    if kept.cache is None:
        kept.cache = load_index_cache(path)
    before = _entries(kept.cache)
    try:
        yield kept.cache
    finally:
        kept.changed |= _entries(kept.cache) != before
        if resident is None:
            kept.save()
