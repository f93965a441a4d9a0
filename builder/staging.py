"""Build into a temporary folder beside output/ and swap it in only when every site succeeded.

On any failure the temporary folder is removed and output/ is left exactly as
it was.  output/ stays a real directory (never a symlink), so any static host
or rsync can take it as it is.

A build that rebuilt every site swaps the whole of output/ at once.  A build
that reused some sites leaves their folders in place (copying them would cost
time in proportion to the network, not to the change): each rebuilt site's
folder is swapped in whole, and the few files written into a reused site
(its feeds, sitemap, redirects) are renamed into it one by one.  Every file
and every rebuilt site is complete at every moment; only the moment at which
each appears differs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = ".build-"


def _remove_stale(parent: Path, output_name: str) -> None:
    """Remove temporary folders left by a build that was killed (its process is gone)."""
    for candidate in parent.glob(f"{PREFIX}{output_name}-*"):
        pid = candidate.name.removeprefix(f"{PREFIX}{output_name}-").split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(candidate, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def staging_folder(output: Path) -> Iterator[Path]:
    """A fresh folder on output/'s file system, removed afterwards whatever happens."""
    output.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(output.parent, output.name)
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{output.name}-{os.getpid()}-", dir=output.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _swap(new: Path, target: Path) -> None:
    """Put `new` at `target`; the old `target` is moved aside first and then deleted."""
    if target.is_symlink():
        target.unlink()
    old = None
    if target.exists():
        old = target.with_name(f"{PREFIX}old-{target.name}-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def commit_all(staging: Path, output: Path) -> None:
    """Replace the whole of output/ with the staging folder's content."""
    built = staging / "output"
    _swap(built, output)


def commit_entries(staging: Path, output: Path, names: list[str], overlay: frozenset[str] = frozenset(),
                   remove_others: bool = False) -> None:
    """Replace the named top-level entries of output/ (site folders, shared files) with the built ones.

    Folders named in `overlay` (reused sites) are not replaced: the built files
    inside them are moved into them.  `remove_others`: remove every other entry
    of output/ (what a full build no longer makes).
    """
    built = staging / "output"
    output.mkdir(parents=True, exist_ok=True)
    for name in names:
        source, target = built / name, output / name
        if name in overlay and target.is_dir():
            _move_files_into(source, target)
        elif source.is_dir():
            _swap(source, target)
        elif source.exists():
            os.replace(source, target)
    if remove_others:
        for stale in set(os.listdir(output)) - set(names) - overlay:
            path = output / stale
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()


def _move_files_into(source: Path, target: Path) -> None:
    for folder, _, files in os.walk(source):
        destination = target / os.path.relpath(folder, source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.replace(os.path.join(folder, name), destination / name)  # a no-op where both are one file


def save_cache(built: Path, cache: Path) -> None:
    """Keep the files of `built` in `cache` for the next builds (replacing older copies)."""
    cache.mkdir(parents=True, exist_ok=True)
    for path in (built.iterdir() if built.is_dir() else []):
        os.replace(path, cache / path.name)


def forget_cached(built: Path, cache: Path) -> None:
    """Remove from `cache` the files that `built` is about to replace."""
    for path in (built.iterdir() if built.is_dir() else []):
        (cache / path.name).unlink(missing_ok=True)
