"""Split the network's sites into N shards for N machines (a CI matrix), deterministically.

A shard holds whole provinces: a province's aggregate feed needs the items of
every site below it, so a subtree never spans two shards.  Provinces are dealt
out largest first (by published articles, then id) to the least loaded shard.
"""

from __future__ import annotations

import re

from domain.articles import ArticleIndex
from domain.registry import Network, Unit


def parse_shard(text: str) -> tuple[int, int]:
    """"2/4" -> (2, 4); raises ValueError with a message for anything else."""
    match = re.fullmatch(r"(\d+)/(\d+)", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise ValueError(f"--shard phải có dạng K/N với 1 ≤ K ≤ N, ví dụ 2/4 (nhận được `{text}`)")
    return int(match[1]), int(match[2])


def _root(site: Unit) -> Unit:
    return site.ancestors[0] if site.ancestors else site


def shard_roots(network: Network, index: ArticleIndex, count: int) -> list[list[str]]:
    """The top-level federations of each shard (shard 1 first)."""
    weight = {}
    for root in network.roots:
        if root.is_federation:
            weight[root.id] = sum(len(index.published_of(unit.id)) for unit in root.subtree())
    shards: list[list[str]] = [[] for _ in range(count)]
    loads = [0] * count
    for root_id in sorted(weight, key=lambda r: (-weight[r], r)):
        lightest = min(range(count), key=lambda i: (loads[i], i))
        shards[lightest].append(root_id)
        loads[lightest] += weight[root_id]
    return shards


def shard_owner(network: Network, index: ArticleIndex, count: int) -> dict[str, int]:
    """Site id → the 1-based shard that writes its folder; a folded site goes with its successor."""
    shard_of_root = {root: number for number, roots in enumerate(shard_roots(network, index, count), start=1)
                     for root in roots}
    return {unit.id: shard_of_root[_root(unit.site).id] for unit in network
            if unit.kind in ("province", "city") and _root(unit.site).id in shard_of_root}


def shard_sites(network: Network, index: ArticleIndex, shard: tuple[int, int]) -> list[str]:
    """The ids of the sites shard K of N builds."""
    number, count = shard
    roots = set(shard_roots(network, index, count)[number - 1])
    return [site.id for site in network.sites if _root(site).id in roots]
