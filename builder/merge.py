"""Merge the outputs of shards (`--shard K/N` on N machines) into one output folder.

Site folders come from the shard that built them (a folder in two shards is an
error); the network page, theme and sitemap index are the same in every shard
(checked); the server maps are the union of the shards' lines, sorted; the copies
a shard could not make (their source is another shard's site) are made last, so the
result is byte for byte what a single-machine build writes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from stages.redirects.emit import PENDING_COPIES, copied_bytes

from .held_back import BUILD_INFO, BuildInfo, read_build_info, write_build_info

SAME_IN_EVERY_SHARD = ("index.html", "404.html", "sitemap.xml", "feeds.txt", "robots.txt", "_headers", "headers.nginx.conf")  # made from the whole network
MERGED_LINES = ("_redirects", "redirects.nginx.map")


class MergeError(Exception):
    pass


def _tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def merge_shards(shards: list[Path], output: Path) -> None:
    if output.exists() and any(output.iterdir()):
        raise MergeError(f"{output} is not empty")
    output.mkdir(parents=True, exist_ok=True)
    owner: dict[str, Path] = {}
    lines: dict[str, set[str]] = {name: set() for name in MERGED_LINES}
    for shard in shards:
        for entry in sorted(shard.iterdir()):
            if entry.name in MERGED_LINES:
                lines[entry.name].update(entry.read_text(encoding="utf-8").splitlines())
            elif entry.name in SAME_IN_EVERY_SHARD or entry.name == "theme":
                target = output / entry.name
                if not target.exists():
                    (shutil.copytree if entry.is_dir() else shutil.copyfile)(entry, target)
                elif (_tree_bytes(entry) != _tree_bytes(target)) if entry.is_dir() else entry.read_bytes() != target.read_bytes():
                    raise MergeError(f"{entry.name} differs between shards: were they built from the same commit?")
            elif entry.is_dir():
                if entry.name in owner:
                    raise MergeError(f"site folder {entry.name} is in both {owner[entry.name]} and {shard}")
                owner[entry.name] = shard
                shutil.copytree(entry, output / entry.name)
    for name, found in lines.items():
        (output / name).write_text("".join(f"{line}\n" for line in sorted(found)), encoding="utf-8")
    for shard in shards:
        _make_pending_copies(shard, output)
    _merge_build_info(shards, output)


def _merge_build_info(shards: list[Path], output: Path) -> None:
    """One build-info for the merged output: the shards' commit (one) and every shard's held-back articles."""
    infos = [info for shard in shards if (shard / BUILD_INFO).is_file()
             and (info := read_build_info(str(shard / BUILD_INFO))) is not None]
    if not infos:
        return
    if len({info.commit for info in infos}) > 1:
        raise MergeError(f"{BUILD_INFO} names different commits in the shards: were they built from the same commit?")
    held = {path: commit for info in infos for path, commit in info.held_back.items()}
    write_build_info(output, BuildInfo(infos[0].commit, max(info.built for info in infos), held))


def _make_pending_copies(shard: Path, output: Path) -> None:
    listed = shard / PENDING_COPIES
    if not listed.is_file():
        return
    for copy in json.loads(listed.read_text(encoding="utf-8")):
        source = output / copy["new"]
        if not source.is_file():
            raise MergeError(f"{shard} copies {copy['new']} to {copy['old']}, but no shard built {copy['new']}")
        link = copy["self_link"]
        (output / copy["old"]).parent.mkdir(parents=True, exist_ok=True)
        (output / copy["old"]).write_bytes(copied_bytes(source.read_bytes(), tuple(link) if link else None))
