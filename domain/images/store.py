"""The encoded files, kept between builds by what they are made from: never encoded twice.

An entry is a folder named by the digest of the source's bytes and everything that
shapes the files (the plan's sizes and formats, the encoder settings, Pillow's
version, RENDITION_VERSION): an equal key means equal bytes, so an entry is never
stale and is written straight into the cache folder (not staged with the build's
other caches: a build that fails leaves only entries a later build can use).  An
entry appears whole or not at all: it is encoded into a temporary folder renamed
into place; two workers encoding the same picture both succeed, one rename wins.
The site's files are hard links to the entry's (no copy; an unchanged image keeps
its inode in output/, so uploads stay small).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from domain.content_digests import content_digest

from .renditions import ENCODERS, RENDITION_VERSION


def settings_digest(*parts: object) -> str:
    """What every entry's bytes depend on besides its own inputs."""
    import PIL

    return hashlib.sha256(repr((RENDITION_VERSION, PIL.__version__, sorted((k, sorted(v.items()))
                                                                            for k, v in ENCODERS.items()), parts)).encode()).hexdigest()


def entry_key(*parts: object) -> str:
    return hashlib.sha256(repr((settings_digest(), parts)).encode()).hexdigest()


def file_digest(file: Path) -> str:
    return content_digest(file)  # remembered while the file is unchanged: the build digested it already


class Store:
    """The images folder of the cache (incremental/cache_paths.py CachePaths.images)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.encoded = 0  # entries this process encoded (the others were found)

    def entry(self, key: str, names: list[str], make: Callable[[], dict[str, bytes]]) -> Path:
        """The folder holding `names` for `key`, made by `make` (name -> bytes) if missing."""
        folder = self.folder / key[:2] / key
        if _complete(folder, names):
            # The folder's time says when a build last used it (prune_unused); never the files': they
            # are the output's files too (hard links), whose mtimes say they did not change.
            os.utime(folder)
            return folder
        folder.parent.mkdir(parents=True, exist_ok=True)
        made = make()
        temporary = Path(tempfile.mkdtemp(prefix=".new-", dir=folder.parent))
        try:
            for name, data in made.items():
                (temporary / name).write_bytes(data)
            # Never remove a whole entry: another worker encoding the same photo may have just renamed
            # it into place and be linking its files into its site.  An incomplete one (entries appear
            # whole: only a hand can damage one) is renamed aside first, in one step.
            if folder.exists() and not _complete(folder, names):
                _set_aside(folder)
            try:
                os.rename(temporary, folder)
            except OSError:
                if not _complete(folder, names):  # another worker's won, else a real failure
                    raise
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
        self.encoded += 1
        return folder


def _complete(folder: Path, names: list[str]) -> bool:
    return all((folder / name).is_file() for name in names)


def _set_aside(folder: Path) -> None:
    aside = Path(tempfile.mkdtemp(prefix=".new-", dir=folder.parent))
    try:
        os.rename(folder, aside / folder.name)
    except FileNotFoundError:
        pass  # another worker set it aside first
    shutil.rmtree(aside, ignore_errors=True)


def prune_unused(folder: Path, days: float = 30, now: float | None = None) -> int:
    """Remove the entries of the store at `folder` no build used for `days` and no published file
    shares (a photo replaced or deleted long ago); returns how many.  The build calls it once its
    commit is done.  An unchanged site's run does not happen, so its entries' times grow old while
    its pages still show them: those files are hard links in output/ (more than one link), kept."""
    now = time.time() if now is None else now
    removed = 0
    for shard in (folder.iterdir() if folder.is_dir() else []):
        for entry in (shard.iterdir() if shard.is_dir() else []):
            # A temporary folder a killed run left: an hour is longer than any entry takes to encode.
            temporary = entry.name.startswith(".new-")
            unused = 3600 if temporary else days * 86400
            if entry.stat().st_mtime < now - unused and (temporary or not _published(entry)):
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
    return removed


def _published(entry: Path) -> bool:
    """A file of the entry is also a file of output/ (publish links it; a copy across devices is not seen)."""
    return any(file.stat().st_nlink > 1 for file in entry.iterdir() if file.is_file())


def publish(source: Path, target: Path) -> None:
    """Put the cached file `source` at `target` in the site's output: a hard link, a copy across devices."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)
