"""A province's network-wide search: the indexes of the sites below it, linked into its own folder.

Each site's run indexes its own articles into `<site>/tim-kiem/chi-muc/<site>/`
(plugins/search).  A federation with federations below it searches their
indexes too, from its own origin (each site may have its own domain, and the
pages' CSP allows fetching only from there): their folders are hard-linked
into `<federation>/tim-kiem/chi-muc/<site below>/`, from this build's output
for a site it built, else from the last committed output.  No article is
indexed twice, and an edit below re-indexes only its own site.  Then the network
index over all of them, its own included (domain/search/network.py), in
`<federation>/tim-kiem/mang-luoi/`: what the page reads for the whole network.
"""

from __future__ import annotations

import os
import shutil
from functools import partial
from pathlib import Path

from domain.file_links import link_tree
from domain.registry import Unit
from domain.search import digest_file, search_file
from domain.search.layout import NETWORK_INDEX, index_folder
from domain.search.network import network_files

from .feeds import sites_feeding


def search_files(site: Unit, folders: list[Path]) -> list[Path]:
    """The digests of the saved search documents of every site `site`'s search reads (its fingerprint's
    inputs); `folders` are searched in order."""
    found = []
    for below in sites_feeding(site):
        name = digest_file(search_file(Path(), below.id)).name
        path = next((folder / name for folder in folders if (folder / name).is_file()), None)
        if path is None:
            raise FileNotFoundError(f"no search documents for site {below.id}: build it first")
        found.append(path)
    return found


def _read(folder: Path, name: str) -> bytes:
    return (folder / name).read_bytes()


def link_network_search(site: Unit, outputs: list[Path], output: Path) -> int:
    """Link the index of every federation below `site` into its folder `output` and write the network
    index over them and its own; `outputs`: the output roots to look in, this build's first.  Returns
    how many files (0 for a site with none below)."""
    feeding = sites_feeding(site)
    if len(feeding) < 2:
        return 0
    sources = []
    for below in feeding:
        folder = index_folder(below.id)
        source = next((root / below.id / folder for root in outputs if (root / below.id / folder / "meta.json").is_file()),
                      None)
        if source is None:
            raise FileNotFoundError(f"no search index for site {below.id}: build it first")
        sources.append((below.id, source))
    linked = sum(link_tree(source, output / index_folder(site_id)) for site_id, source in sources if site_id != site.id)
    network = output / NETWORK_INDEX
    shutil.rmtree(network, ignore_errors=True)  # a new folder: no shard of a bigger network stays, no link is written into
    (network / "t").mkdir(parents=True)
    last = [root / site.id / NETWORK_INDEX for root in outputs[1:]]
    for name, data in network_files([(site_id, partial(_read, source)) for site_id, source in sources]):
        # A file the last output holds as is stays that file (an edit changes the shards of its terms only).
        same = next((folder / name for folder in last if _holds(folder / name, data)), None)
        if same is not None:
            os.link(same, network / name)
        else:
            (network / name).write_bytes(data)
        linked += 1
    return linked


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except FileNotFoundError:
        return False
