"""A province's network-wide search: the indexes of the sites below it, linked into its own folder.

Each site's run indexes its own articles into `<site>/tim-kiem/chi-muc/<site>/`
(plugins/search).  A federation with federations below it searches their
indexes too, from its own origin (each site may have its own domain, and the
pages' CSP allows fetching only from there): their folders are hard-linked
into `<federation>/tim-kiem/chi-muc/<site below>/`, from this build's output
for a site it built, else from the last committed output.  No article is
indexed twice, and an edit below re-indexes only its own site.
"""

from __future__ import annotations

from pathlib import Path

from domain.file_links import link_tree
from domain.registry import Unit
from domain.search import digest_file, search_file
from domain.search.layout import index_folder

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


def link_network_search(site: Unit, outputs: list[Path], output: Path) -> int:
    """Link the index of every federation below `site` into its folder `output`; `outputs`: the
    output roots to look in, this build's first.  Returns how many files."""
    linked = 0
    for below in sites_feeding(site):
        if below is site:
            continue
        folder = index_folder(below.id)
        source = next((root / below.id / folder for root in outputs if (root / below.id / folder / "meta.json").is_file()),
                      None)
        if source is None:
            raise FileNotFoundError(f"no search index for site {below.id}: build it first")
        linked += link_tree(source, output / folder)
    return linked
