"""What one site's Pelican run remembers for the next one: Markdown results and page keys."""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plugins.atomic_write import write_bytes_atomically


@dataclass
class SiteMemo:
    code: str  # hash of code and settings: the reads are valid only for the same code
    chrome: str  # see the package docstring
    previous_output: Path | None  # the site's folder in the last committed output
    reads: dict[str, tuple[str, dict]] = field(default_factory=dict)  # source sha256 -> (HTML, Markdown meta)
    pages: dict[str, str] = field(default_factory=dict)  # output path in the site -> page key
    next_reads: dict[str, tuple[str, dict]] = field(default_factory=dict)
    next_pages: dict[str, str] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)  # this run: source path -> sha256
    rendered: int = 0
    reused: int = 0

    def note_source(self, source_path: str, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        self.digests[source_path] = digest
        return digest

    def read(self, digest: str) -> tuple[str, dict] | None:
        return self.reads.get(digest)

    def remember_read(self, digest: str, content: str, meta: dict) -> None:
        self.next_reads[digest] = (content, meta)

    def previous_page(self, save_as: str, key: str) -> str | None:
        """The page's previous text if it was rendered from the same key and is still there."""
        if self.previous_output is None or self.pages.get(save_as) != key:
            return None
        try:
            # newline="": exactly the characters Pelican wrote, \r included
            with open(self.previous_output / save_as, encoding="utf-8", newline="") as file:
                return file.read()
        except (OSError, UnicodeDecodeError):
            return None


def load_memo(path: Path, code: str, chrome: str, previous_output: Path | None) -> SiteMemo:
    """The memo the last successful run saved at `path` (empty if none, unreadable or other code)."""
    memo = SiteMemo(code, chrome, previous_output if previous_output and previous_output.is_dir() else None)
    try:
        with open(path, "rb") as file:
            saved: Any = pickle.load(file)  # our own file, written by save_memo
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return memo
    if isinstance(saved, dict) and saved.get("code") == code:
        memo.reads, memo.pages = saved["reads"], saved["pages"]
    return memo


def save_memo(memo: SiteMemo, path: Path) -> None:
    """Keep what this run read and rendered (only that: entries of deleted articles go)."""
    saved = {"code": memo.code, "reads": memo.next_reads, "pages": memo.next_pages}
    write_bytes_atomically(path, pickle.dumps(saved, protocol=pickle.HIGHEST_PROTOCOL))
