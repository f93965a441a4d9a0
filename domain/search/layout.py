"""Where the search page and the indexes live inside a site folder."""

from __future__ import annotations

SEARCH_FOLDER = "tim-kiem"  # reserved in every site (domain/registry/reserved_names.py)
SEARCH_SAVE_AS = f"{SEARCH_FOLDER}/index.html"
INDEX_ROOT = f"{SEARCH_FOLDER}/chi-muc"  # one folder per site's index: the site's own, and on a province those below
NETWORK_INDEX = f"{SEARCH_FOLDER}/mang-luoi"  # a province's: every term shard of those indexes, one file a shard


def index_folder(site_id: str) -> str:
    """The folder of `site_id`'s index, below the site folder of any site whose search reads it."""
    return f"{INDEX_ROOT}/{site_id}"
