"""Write a file by replacing it, never in place.

A build reuses unchanged files of the previous output by hard links; writing
into such a file in place would change the previous output too (which must
stay as it was if the build fails).  Writing a new file and renaming it over
the old name leaves every other link untouched.
"""

from __future__ import annotations

import os
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
