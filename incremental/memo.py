"""What one site's Pelican run remembers for the next one: Markdown results, page keys, derived values."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from domain.atomic_write import write_bytes_atomically

from .reuse import Chrome

T = TypeVar("T")
TABLES = {"reads", "outputs", "derived"}  # what save_memo writes


@dataclass
class SiteMemo:
    """Each table as the last successful run left it, and as this run fills it for the next one.

    Markdown results are valid while the code is the same; derived values (made
    from one article and the chrome, e.g. its feed item) while the chrome is;
    output keys (pages, feeds) carry what they depend on themselves.
    """

    code: str  # hash of code and settings
    chrome: str  # see the package docstring
    previous_output: Path | None  # the site's folder in the last committed output
    chrome_base: str = ""  # the chrome without the index records (incremental/reuse.py Chrome)
    reads: dict[str, Any] = field(default_factory=dict)  # rendering key (source sha256 and links) -> rendered article
    outputs: dict[str, str] = field(default_factory=dict)  # output path in the site (page or feed) -> its key
    derived: dict[tuple[str, str], Any] = field(default_factory=dict)  # (kind, source sha256) -> value
    next: dict[str, dict] = field(default_factory=lambda: {table: {} for table in TABLES})
    digests: dict[str, str] = field(default_factory=dict)  # this run: source path -> sha256
    rendered: int = 0  # pages rendered by this run (the others were linked)
    # What an article page shows of other articles' records, as a digest (set by plugins/crosslinks,
    # whose `article_links` is the only way article.html reaches them): its key then holds those
    # records instead of the whole chrome (incremental/keys.py).
    article_records: Callable[[Any], str] | None = None

    def note_source(self, source_path: str, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        self.digests[source_path] = digest
        return digest

    def read(self, digest: str, convert: Callable[[], T]) -> T:
        """An article as rendered (domain/articles/rendering.py), rendered only if nothing it
        depends on changed (`digest`: its bytes and link targets)."""
        converted = self.reads.get(digest) or convert()
        self.next["reads"][digest] = converted
        return converted

    def derive(self, kind: str, source_path: str, make: Callable[[], T]) -> T:
        """A value made from one article (its record included) and the chrome without the other
        records, made again only if either changed."""
        key = (kind, self.digests.get(source_path, ""))
        value = self.derived[key] if key[1] and key in self.derived else make()
        if key[1]:
            self.next["derived"][key] = value
        return value

    def unchanged(self, save_as: str, key: str) -> Path | None:
        """The file the last run wrote at `save_as`, if it was made from the same key and is still there."""
        if self.previous_output is None or self.outputs.get(save_as) != key:
            return None
        previous = self.previous_output / save_as
        return previous if previous.is_file() else None

    def remember_output(self, save_as: str, key: str) -> None:
        self.next["outputs"][save_as] = key


def load_memo(path: Path, code: str, chrome: Chrome, previous_output: Path | None) -> SiteMemo:
    """The memo the last successful run saved at `path` (empty if none, unreadable or other code)."""
    memo = SiteMemo(code, chrome.whole, previous_output if previous_output and previous_output.is_dir() else None,
                    chrome.without_records)
    try:
        with open(path, "rb") as file:
            saved: Any = pickle.load(file)  # our own file, written by save_memo
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return memo
    if isinstance(saved, dict) and saved.get("code") == code and TABLES <= saved.keys():
        memo.reads, memo.outputs = saved["reads"], saved["outputs"]
        if saved.get("chrome_base") == chrome.without_records:
            memo.derived = saved["derived"]
    return memo


def save_memo(memo: SiteMemo, path: Path) -> None:
    """Keep what this run used (only that: entries of deleted articles go)."""
    saved = {"code": memo.code, "chrome_base": memo.chrome_base, **memo.next}
    write_bytes_atomically(path, pickle.dumps(saved, protocol=pickle.HIGHEST_PROTOCOL))
