"""Write every feed of one site, from the items saved by the site runs of its subtree."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from domain.articles import ArticleIndex
from domain.atomic_write import link_atomically, write_bytes_atomically
from domain.feeds.catalog import FORMATS, FeedSpec, feed_items, site_feed_specs
from domain.feeds.items import FeedItem, items_file, load_items
from domain.feeds.settings import FeedSettings
from domain.feeds.stylesheet import readable_feed
from domain.registry import Network, Unit
from domain.url_layout import UrlLayout


def contributing_files(site: Unit, items_dirs: list[Path]) -> list[Path]:
    """The items files `site`'s feeds are made from: its own, and the newest of each site below."""
    found = []
    for contributor in sites_feeding(site):
        name = items_file(Path(), contributor.id, newest_only=contributor is not site).name
        path = next((d / name for d in items_dirs if (d / name).is_file()), None)
        if path is None:
            raise FileNotFoundError(f"no feed items for site {contributor.id}: build it first")
        found.append(path)
    return found


def sites_feeding(site: Unit) -> list[Unit]:
    """The sites whose articles appear in `site`'s feeds (itself and the federations below it)."""
    return [unit for unit in site.subtree() if unit.is_federation]


def feed_key(spec: FeedSpec, fmt: str, item_digests: list[bytes]) -> str:
    """What a feed file is made from (with the code, which the memo checks itself)."""
    fields = (spec.key, spec.title, spec.description, spec.path, spec.html_url, spec.feed_id, spec.site.site_url, fmt)
    digest = hashlib.sha256(repr(fields).encode())
    for item_digest in item_digests:
        digest.update(item_digest)
    return digest.hexdigest()


def write_site_feeds(site: Unit, network: Network, index: ArticleIndex, settings: FeedSettings, layout: UrlLayout,
                     items_dirs: list[Path], output: Path, memo: Any = None) -> int:
    """Write the site's feeds into `output` (the site's folder); returns how many files.

    `items_dirs` are searched in order for each contributing site's items file.
    `memo` (an incremental.SiteMemo): a feed whose key is unchanged is not
    rendered again; its previous file is hard-linked.
    """
    items_by_unit: dict[str, list[FeedItem]] = defaultdict(list)
    for path in contributing_files(site, items_dirs):
        for item in load_items(path):
            items_by_unit[item.unit_id].append(item)
    written = 0
    item_digests: dict[str, bytes] = {}  # guid -> digest: an item is in several feeds, hashed once

    def digest_of(item: FeedItem) -> bytes:
        if item.guid not in item_digests:
            item_digests[item.guid] = hashlib.sha256(repr(item).encode()).digest()
        return item_digests[item.guid]

    for spec in site_feed_specs(site, network, index, settings, layout):
        items = feed_items(spec, items_by_unit, settings.max_items)
        for fmt in FORMATS:
            save_as = spec.save_as(fmt)
            previous = None
            if memo is not None:
                key = feed_key(spec, fmt, [digest_of(item) for item in items])
                previous = memo.unchanged(save_as, key)
                memo.remember_output(save_as, key)
            if previous is None:
                document = readable_feed(fmt, spec, items)
                write_bytes_atomically(output / save_as, document)
            else:
                link_atomically(previous, output / save_as)
            written += 1
    return written
