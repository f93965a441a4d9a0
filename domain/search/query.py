"""A query against index files, as the page's script answers it (tests and the recall benchmark).

Every folded word of the query must occur in a document.  Relevance: each word's
weight times its rarity, adjacent pairs of the query found as pairs count double,
and when the query is typed with diacritics the documents spelling its words so come
first.  The script (themes/congdoan/static/js/tim-kiem.js) follows the same rules.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence

from .folding import query_terms
from .index import term_hash

_TITLE = 16


def _entry(read: Callable[[str], bytes], meta: Mapping, term: str) -> list | None:
    shard = json.loads(read(f"t/{term_hash(term) % meta['term_shards']}.json"))
    return shard.get(term)


def _postings(entry: list) -> dict[int, tuple[int, int]]:
    """document number → (weight, mask)."""
    found, number = {}, 0
    masks = entry[3] if len(entry) > 3 else [1] * len(entry[1])
    for delta, weight, mask in zip(entry[1], entry[2], masks, strict=True):
        number += delta
        found[number] = (weight, mask)
    return found


Reader = Callable[[str], bytes]  # an index file's bytes by its path in the index folder


def search(indexes: Sequence[Reader], query: str, newest_first: bool = False) -> list[tuple[int, int]]:
    """(index, document number) of every document matching `query` in any of `indexes`, best first
    (newest first: by day, then the index's own order)."""
    metas = [json.loads(read("meta.json")) for read in indexes]
    words = list(dict.fromkeys(query_terms(query)))
    if not words:
        return []
    total = max(1, sum(meta["docs"] for meta in metas))
    per_word: list[list[tuple[dict[int, tuple[int, int]], int | None]]] = []
    for folded, typed in words:
        found = []
        for read, meta in zip(indexes, metas, strict=True):
            entry = _entry(read, meta, folded)
            bit = entry[0].index(typed) if entry and typed != folded and typed in entry[0] else None
            found.append((_postings(entry) if entry else {}, bit))
        per_word.append(found)
    results: dict[tuple[int, int], float] = {}
    exact: dict[tuple[int, int], int] = {}
    for site in range(len(indexes)):
        scores: dict[int, float] | None = None
        for found in per_word:
            postings, bit = found[site]
            rarity = math.log(1 + total / max(1, sum(len(p) for p, _ in found)))
            current = {n: (w & 15) * rarity + (8 * rarity if w & _TITLE else 0) for n, (w, _) in postings.items()}
            scores = current if scores is None else {n: v + current[n] for n, v in scores.items() if n in current}
            if bit is not None:
                for n, (_, mask) in postings.items():
                    if mask >> bit & 1:
                        exact[site, n] = exact.get((site, n), 0) + 1
        assert scores is not None
        for (first, _), (second, _) in zip(words, words[1:], strict=False):
            entry = _entry(indexes[site], metas[site], f"{first} {second}")
            for n, (weight, _) in (_postings(entry) if entry else {}).items():
                if n in scores:
                    scores[n] += 2 * (weight & 15) + (16 if weight & _TITLE else 0)
        results.update({(site, n): score for n, score in scores.items()})
    if newest_first:
        days = [_days(meta) for meta in metas]
        return sorted(results, key=lambda key: (-days[key[0]][key[1]], key))
    return sorted(results, key=lambda key: (-exact.get(key, 0), -results[key], key))


def _days(meta: Mapping) -> list[int]:
    """Each document's yyyymmdd (meta.json keeps differences)."""
    days, day = [], 0
    for number, delta in enumerate(meta["days"]):
        day = delta if number == 0 else day - delta
        days.append(day)
    return days
