"""The network build pipeline.

config → registry → network index (every article's header, checked) → one
Pelican run per federation site, in parallel workers, into a staging folder →
output/index.html → swap into output/.  Any problem stops the build before
output/ is touched.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from datetime import date, datetime, time as clock
from zoneinfo import ZoneInfo
from dataclasses import dataclass, field
from pathlib import Path

from plugins.articles import scan_articles
from plugins.feeds import items_file, sites_feeding
from plugins.network_registry import Network, Problem, ProblemsFound, display_path, load_network
from plugins.redirects import plan_for, static_files, write_plan
from plugins.sitemaps import write_sitemaps

from .config import load_config
from .network_page import write_network_page
from .sites import SiteResult
from .staging import commit_all, commit_sites, save_cache, staging_folder
from .workers import build_sites


@dataclass
class BuildOptions:
    content: Path
    output: Path
    settings: Path
    sites: list[str] = field(default_factory=list)  # empty: every site
    jobs: int = 1
    as_of: date | None = None  # build the network as it stands at the end of that day; None: now


@dataclass
class BuildReport:
    sites: list[SiteResult]
    seconds: float

    @property
    def pages(self) -> int:
        return sum(site.pages for site in self.sites)


def _select_sites(network: Network, wanted: list[str], feed_cache: Path) -> list[str]:
    """The sites to build: all, or the wanted ones plus any site below them whose feed
    items are not cached yet (a federation's aggregate feed needs them)."""
    if not wanted:
        return [site.id for site in network.sites]
    known = {site.id for site in network.sites}
    problems = [
        Problem("--site", 1, "--site", f"`{site_id}` không phải mã của một Liên đoàn Lao động trong {network.path}; các trang web: {', '.join(sorted(known))}", "unknown-site")
        for site_id in wanted if site_id not in known
    ]
    if problems:
        raise ProblemsFound(problems)
    selected = list(dict.fromkeys(wanted))
    for site_id in list(selected):
        for below in sites_feeding(network[site_id]):
            if below.id not in selected and not items_file(feed_cache, below.id).is_file():
                selected.append(below.id)
    return selected


def as_of_instant(day: date | None, timezone: str) -> datetime:
    """The end of `day` in the network's time zone, or now."""
    zone = ZoneInfo(timezone)
    if day is None:
        return datetime.now(zone)
    return datetime.combine(day, clock.max, tzinfo=zone)


def cache_folder(output: Path) -> Path:
    """Kept between builds beside output/ (never published): each site's feed items."""
    return output.parent / f".{output.name}-cache"


def build(options: BuildOptions, on_site_done: Callable[[SiteResult], None] = lambda result: None) -> BuildReport:
    """Build the network (or some of its sites) into options.output; raises ProblemsFound."""
    started = time.perf_counter()
    config = load_config(options.settings)
    content = options.content.resolve()
    registry = load_network(content / config.registry)
    as_of = as_of_instant(options.as_of, config.timezone)
    network = registry.at(as_of.date())
    missing = network.assign_urls(config.base_url)
    if missing:
        raise ProblemsFound(
            Problem(network.path, network[site_id].line, "url", f"đơn vị {site_id}: thiếu `url` (địa chỉ trang web) mà {display_path(options.settings)} cần khi không đặt NETWORK_BASE_URL", "missing-url")
            for site_id in missing
        )
    index = scan_articles(content, registry, default_category=config.default_category, timezone=config.timezone,
                          as_of=as_of, main_categories=config.main_categories)
    output = options.output.resolve()
    feed_cache = cache_folder(output) / "feed-items"
    site_ids = _select_sites(network, options.sites, feed_cache)

    with staging_folder(output) as staging:
        built, feed_items = staging / "output", staging / "feed-items"
        results = build_sites(config, network, index, site_ids, content, built, feed_items, feed_cache,
                              options.jobs, on_site_done)
        plan, inventory, site_urls = plan_for(registry, network, index, static_files(content, list(registry.units)),
                                              config.feeds, config.pagination, config.base_url)
        if options.sites:  # only the rebuilt sites' redirects; the others' stay as the last full build left them
            plan = dataclasses.replace(plan, redirects=[r for r in plan.redirects if r.old.split("/")[0] in site_ids],
                                       copies=[c for c in plan.copies if c.old.split("/")[0] in site_ids])
        write_plan(plan, built, site_urls)
        write_sitemaps(inventory, index, site_urls, site_ids, built)
        write_network_page(config.theme, network, built)
        if options.sites:
            commit_sites(staging, output, site_ids, shared_files=["index.html", "theme"])
        else:
            commit_all(staging, output)
        save_cache(feed_items, feed_cache)
    order = {site_id: i for i, site_id in enumerate(site_ids)}
    return BuildReport(sorted(results, key=lambda r: order[r.site_id]), time.perf_counter() - started)
