"""The network on every day it changed, and the plan that keeps all their URLs alive."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from domain.articles import ArticleIndex
from domain.feeds.settings import FeedSettings
from domain.registry import Network
from domain.url_layout import UrlLayout

from .inventory import Entry, alias_paths, network_inventory
from .plan import Plan, plan_redirects
from .published import output_path, published_articles, published_lists, site_prefixes, site_urls_ever


def past_snapshots(registry: Network, today: date) -> list[Network]:
    """The network before its first change and after each change before `today`'s state."""
    days = registry.change_days(until=today)
    if not days:
        return []
    return [registry.at(days[0] - timedelta(days=1))] + [registry.at(day) for day in days[:-1]]


def past_snapshots_with_urls(registry: Network, today: date, base_url: str | None) -> list[Network]:
    """`past_snapshots`, each site given its URL: what the planning and the published URLs read."""
    snapshots = past_snapshots(registry, today)
    for snapshot in snapshots:
        snapshot.assign_urls(base_url)
    return snapshots


def plan_for(registry: Network, current: Network, index: ArticleIndex, published_files: dict[str, list[str]],
             feeds: FeedSettings, layout: UrlLayout, base_url: str | None,
             published: Iterable[str] = (), snapshots: list[Network] | None = None,
             ) -> tuple[Plan, dict[str, Entry], dict[str, str]]:
    """The redirect plan for today's build, today's inventory, and every site's URL ever.

    `published`: URLs published before (read from sitemaps and the feed list); an article URL among
    them that no day's inventory has (a title corrected since) is found by its code, a list or feed
    whose last article left by its path (published.py).
    `snapshots`: past_snapshots_with_urls, when the caller has them already (replaying the
    history is the costly part).
    """
    if current.day is None:
        raise ValueError("plan_for needs the network as of a day (Network.at)")
    if snapshots is None:
        snapshots = past_snapshots_with_urls(registry, current.day, base_url)
    today = network_inventory(current, index, published_files, feeds, layout)
    old: dict[str, Entry] = dict(alias_paths(current))
    site_urls = site_urls_ever(snapshots, current)
    for snapshot in snapshots:
        for path, entry in network_inventory(snapshot, index, published_files, feeds, layout).items():
            if path not in old:
                old[path] = entry
            elif entry.members and entry.key == old[path].key:  # a list follows the articles it showed last
                old[path] = replace(old[path], members=entry.members)
        old.update({p: e for p, e in alias_paths(snapshot).items() if p not in old})
    prefixes = site_prefixes(site_urls)
    paths = {path for path in (output_path(url, prefixes) for url in published) if path is not None}
    unknown = sorted(paths - old.keys() - today.keys())
    old.update(published_lists(unknown, layout))
    old.update(published_articles(unknown, index, layout))
    return plan_redirects(old, today, current), today, site_urls
