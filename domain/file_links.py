"""Hard links in place of copies: a file already published (or cached) is linked where it is needed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def link_tree(source: Path, target: Path) -> int:
    """Every file below `source` at the same path below `target` (a hard link, a copy across file
    systems), replacing what is there; returns how many."""
    linked = 0
    for folder, _, files in os.walk(source):
        into = target / os.path.relpath(folder, source)
        into.mkdir(parents=True, exist_ok=True)
        for name in sorted(files):
            destination = into / name
            if destination.exists():
                destination.unlink()
            try:
                os.link(os.path.join(folder, name), destination)
            except OSError:  # another file system: a copy
                shutil.copyfile(os.path.join(folder, name), destination)
            linked += 1
    return linked
