"""Sharded builds (`--shard K/N`), merged, equal a single-machine build byte for byte."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from builder.build import BuildOptions, build
from builder.shards import parse_shard, shard_roots
from conftest import ROOT, demo_only

pytestmark = demo_only  # shards of the demo's provinces and its merger, read from content/
AS_OF = date(2026, 11, 24)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("as_of", [AS_OF, date(2025, 10, 31)])
def test_merged_shards_equal_one_build(tmp_path, as_of):
    whole = tmp_path / "whole"
    build(BuildOptions(ROOT / "content", whole, ROOT / "pelicanconf.py", jobs=2, as_of=as_of))
    shards = []
    for number in (1, 2, 3):
        shard = tmp_path / f"shard-{number}"
        build(BuildOptions(ROOT / "content", shard, ROOT / "pelicanconf.py", jobs=1, as_of=as_of, shard=(number, 3)))
        shards.append(shard)
    merged = tmp_path / "merged"
    result = subprocess.run([sys.executable, "-m", "scripts.merge_shards", str(merged), *map(str, shards)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    mine, theirs = files(merged), files(whole)
    assert mine.keys() == theirs.keys()
    assert [name for name in mine if mine[name] != theirs[name]] == []


def test_shards_hold_whole_provinces_and_are_deterministic():
    from domain.articles import ArticleIndex
    from domain.registry import load_network

    network = load_network(ROOT / "content" / "network.yml").at(date(2025, 10, 31))
    index = ArticleIndex([])
    first = shard_roots(network, index, 2)
    assert first == shard_roots(network, index, 2)
    assert sorted(r for shard in first for r in shard) == sorted(u.id for u in network.roots)
    assert parse_shard("2/4") == (2, 4)
    for bad in ("0/2", "3/2", "x", "1/0"):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_shards_rebuilt_in_place_after_a_reorganisation_still_merge_to_one_build(tmp_path):
    """The deploy restores each shard's last output: a shard no longer owning a site must drop it."""
    shards = [tmp_path / f"shard-{number}" for number in (1, 2, 3)]
    for day in (date(2025, 10, 31), AS_OF):  # before and after the demo's merger: other sites, other shards
        for number, shard in enumerate(shards, start=1):
            build(BuildOptions(ROOT / "content", shard, ROOT / "pelicanconf.py", jobs=1, as_of=day, shard=(number, 3)))
    merged = tmp_path / "merged"
    result = subprocess.run([sys.executable, "-m", "scripts.merge_shards", str(merged), *map(str, shards)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    whole = tmp_path / "whole"
    build(BuildOptions(ROOT / "content", whole, ROOT / "pelicanconf.py", jobs=2, as_of=AS_OF))
    assert files(merged) == files(whole)
