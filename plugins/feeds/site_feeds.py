"""Write every feed of one site, from the items saved by the site runs of its subtree."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from plugins.articles import ArticleIndex
from plugins.atomic_write import write_bytes_atomically
from plugins.network_registry import Network, Unit

from .catalog import FORMATS, feed_items, site_feed_specs
from .items import FeedItem, load_items
from .settings import FeedSettings
from .writer import RENDERERS


def items_file(items_dir: Path, site_id: str) -> Path:
    return items_dir / f"{site_id}.json"


def sites_feeding(site: Unit) -> list[Unit]:
    """The sites whose articles appear in `site`'s feeds (itself and the federations below it)."""
    return [unit for unit in site.subtree() if unit.is_federation]


def write_site_feeds(site: Unit, network: Network, index: ArticleIndex, settings: FeedSettings,
                     items_dirs: list[Path], output: Path) -> int:
    """Write the site's feeds into `output` (the site's folder); returns how many files.

    `items_dirs` are searched in order for each contributing site's items file.
    """
    items_by_unit: dict[str, list[FeedItem]] = defaultdict(list)
    for contributor in sites_feeding(site):
        path = next((items_file(d, contributor.id) for d in items_dirs if items_file(d, contributor.id).is_file()), None)
        if path is None:
            raise FileNotFoundError(f"no feed items for site {contributor.id}: build it first")
        for item in load_items(path):
            items_by_unit[item.unit_id].append(item)
    written = 0
    for spec in site_feed_specs(site, network, index, settings):
        items = feed_items(spec, items_by_unit, settings.max_items)
        for fmt in FORMATS:
            write_bytes_atomically(output / spec.save_as(fmt), RENDERERS[fmt](spec, items))
            written += 1
    return written
