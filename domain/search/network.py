"""A province's network index: the term shards of every site it searches, one file a shard.

Its own index and those below stay as they are (`chi-muc/<site>/`, the documents and
a one-site scope read them); the network index adds, in `mang-luoi/`:

    meta.json     {"metas": [each site's meta.json], "sites": [ids], "term_shards": S, "version": 1}
    t/<k>.json    [site 0's term shard k % S_0, site 1's k % S_1, ...]

S is the largest shard count of the sites.  Shard counts are powers of two, so the
shard of a term's hash modulo S_i is that hash modulo S, modulo S_i: a query reads
one file a word for the whole network instead of one a site (11 requests and 11
parses a word at 10,000 articles).  The files are the sites' own bytes, joined: no
shard is parsed again, and the same indexes make the same files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from .query import Reader

VERSION = 1


def network_files(sites: Sequence[tuple[str, Reader]]) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of every file of the network index over `sites` (id, its index's reader), in order."""
    metas = [read("meta.json") for _, read in sites]
    counts = [json.loads(meta)["term_shards"] for meta in metas]
    shards = max(counts)
    ids = json.dumps([site_id for site_id, _ in sites], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    yield "meta.json", (b'{"metas":[' + b",".join(metas) + b'],"sites":' + ids
                        + b',"term_shards":%d,"version":%d}' % (shards, VERSION))
    for number in range(shards):
        parts = [read(f"t/{number % count}.json") for (_, read), count in zip(sites, counts, strict=True)]
        yield f"t/{number}.json", b"[" + b",".join(parts) + b"]"


def site_readers(read: Reader) -> list[Reader]:
    """Each site's index as the network index holds it: its meta.json and term shards (for query.search)."""
    meta = json.loads(read("meta.json"))

    def site(number: int) -> Reader:
        def reader(path: str) -> bytes:
            if path == "meta.json":
                return json.dumps(meta["metas"][number], ensure_ascii=False).encode("utf-8")
            if path.startswith("t/"):  # shard n < S_i <= S: the network's shard n holds the site's shard n
                return json.dumps(json.loads(read(path))[number], ensure_ascii=False).encode("utf-8")
            raise FileNotFoundError(f"the network index holds no {path}")
        return reader

    return [site(number) for number in range(len(meta["sites"]))]

