"""The network build pipeline.

config → registry (as of the build's day) → network index (every article's
header, checked) → which sites changed (reuse.py) → one Pelican run per changed
site, in parallel workers, into a staging folder → feeds → redirects, sitemaps,
the network page → swap into output/.  Any problem stops the build before
output/ is touched.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from domain.articles import ArticleIndex, scan_articles
from stages.feeds import contributing_files, items_file, sites_feeding
from domain.registry import Network, Problem, ProblemsFound, display_path
from stages.redirects import Plan, past_snapshots_with_urls, plan_for, write_plan
from stages.redirects.published import Published, read_published, site_urls_ever
from stages.sitemaps import write_sitemaps

from .config import NetworkConfig, load_registry
from stages.network_page import write_network_page
from incremental.reuse import (ROOT, build_recipe, feeds_fingerprint, keep_unchanged, load_index_cache, load_state,
                    network_fingerprint, save_index_cache, site_chrome, site_fingerprint, snapshot_digest,
                    state_file, state_text, unit_digests)
from .sites import SiteResult, template_cache
from .shards import shard_owner, shard_sites
from .staging import Bookkeeping, commit, recover, staging_folder
from .workers import Job, build_sites_and_feeds, scan_pool, worker_pool

logger = logging.getLogger(__name__)


@dataclass
class BuildOptions:
    content: Path
    output: Path
    settings: Path
    sites: list[str] = field(default_factory=list)  # empty: every site
    jobs: int = 1
    as_of: date | None = None  # build the network as it stands at the end of that day; None: now
    shard: tuple[int, int] | None = None  # (K, N): build shard K of N (whole provinces); merge afterwards
    # Sitemaps or URL lists (files or http(s) URLs) of what was published before: the deploy passes the
    # sitemaps online.  Explicit, never read from output/ (a cache may be stale or missing).
    published_urls: list[str] = field(default_factory=list)


@dataclass
class BuildReport:
    sites: list[SiteResult]
    seconds: float
    reused: list[str] = field(default_factory=list)  # sites whose inputs had not changed
    notes: list[Problem] = field(default_factory=list)  # files of content/ skipped or not published (not errors)

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


@dataclass
class _Inputs:
    """What every phase reads: loaded and checked once, before anything is built."""

    config: NetworkConfig
    content: Path
    output: Path
    cache: Path
    registry: Network
    network: Network  # the registry as of the build's day, with URLs
    index: ArticleIndex
    file_digests: dict[str, str]  # article path below content/ -> sha256, from the index scan (fingerprints)
    snapshots: list[Network]  # the network before each day it changed, with URLs (redirect planning)
    published: Published = field(default_factory=Published)  # URLs published before (corrected titles' old URLs)


def _read_inputs(options: BuildOptions, jobs: int = 1) -> _Inputs:
    content = options.content.resolve()
    config, registry = load_registry(options.settings, content)
    as_of = as_of_instant(options.as_of, config.timezone)
    network = registry.at(as_of.date())
    missing = network.assign_urls(config.base_url)
    if missing:
        raise ProblemsFound(
            Problem(network.path, network[site_id].line, "url", f"đơn vị {site_id}: thiếu `url` (địa chỉ trang web) mà {display_path(options.settings)} cần khi không đặt NETWORK_BASE_URL", "missing-url")
            for site_id in missing
        )
    output = options.output.resolve()
    cache = cache_folder(output)
    index_cache = load_index_cache(cache)
    entries_before = {path: id(entry) for path, entry in index_cache.items()}  # a re-read file gets a new entry
    with scan_pool(jobs) as parallel_map:
        index = scan_articles(content, registry, default_category=config.default_category, timezone=config.timezone,
                              as_of=as_of, main_categories=config.main_categories, cache=index_cache,
                              parallel_map=parallel_map)
    # Saved now (it only memoises what each file parses to, whatever the build's outcome) and kept
    # as content digests only, so the forked workers do not each carry a copy of it.
    if {path: id(entry) for path, entry in index_cache.items()} != entries_before:
        save_index_cache(cache, index_cache)
    digests = {path: entry[0][0] for path, entry in index_cache.items()}
    snapshots = past_snapshots_with_urls(registry, network.day, config.base_url)  # replayed once per build
    try:
        published = read_published(options.published_urls, site_urls_ever(snapshots, network))
    except (OSError, ValueError) as error:
        raise ProblemsFound([Problem("--published-urls", 1, "--published-urls", f"không đọc được danh sách địa chỉ đã xuất bản: {error}", "published-urls-unreadable")]) from error
    return _Inputs(config, content, output, cache, registry, network, index, digests, snapshots, published)


def build(options: BuildOptions, on_site_done: Callable[[SiteResult], None] = lambda result: None) -> BuildReport:
    """Build the network (or some of its sites) into options.output; raises ProblemsFound."""
    started = time.perf_counter()
    for line in recover(options.output.resolve(), cache_folder(options.output.resolve())):  # a killed build's commit
        logger.warning("%s", line)
    inputs = _read_inputs(options, options.jobs)
    network, feed_cache = inputs.network, inputs.cache / "feed-items"
    if options.shard:
        site_ids = shard_sites(network, inputs.index, options.shard)
    else:
        site_ids = _select_sites(network, options.sites, feed_cache)
    full = not options.sites and not options.shard
    state = load_state(inputs.cache)
    recipe = build_recipe(sorted({options.settings.resolve(), *ROOT.glob("*conf.py")}), inputs.config.theme,
                          inputs.config.base_url)
    snapshot = snapshot_digest((inputs.content / inputs.config.registry).read_bytes(), network)
    digests = unit_digests(inputs.content, network, inputs.index, inputs.file_digests)
    chromes = {s: site_chrome(recipe, snapshot, network, network[s], digests) for s in site_ids}
    prints = {s: site_fingerprint(recipe, chromes[s], network, network[s], digests) for s in site_ids}
    inputs.file_digests = {}  # not needed any more: keep the forked workers small
    reused = [s for s in site_ids if state.get("sites", {}).get(s) == prints[s]
              and (inputs.output / s).is_dir() and items_file(feed_cache, s).is_file()]
    whole = network_fingerprint(prints)
    if full and state.get("network") == whole and len(reused) == len(site_ids):
        # Nothing that shapes any page changed since the last full build: nothing to write.
        return BuildReport([], time.perf_counter() - started, reused, inputs.index.notes)

    with staging_folder(inputs.output) as staging:
        # Only what changed is built here; the commit links the reused sites' files into the new tree.
        built, feed_items, memos = staging / "output", staging / "feed-items", staging / "site-memo"
        job = Job(inputs.config, network, inputs.index, inputs.content, built, feed_items, memos, inputs.cache,
                  inputs.output, recipe.code, chromes, template_cache(inputs.cache, recipe.code))
        to_build = [s for s in site_ids if s not in reused]
        with worker_pool(job, min(options.jobs, max(1, len(to_build)))) as pool:
            feed_prints: dict[str, str] = {}

            def feeds_needed(site_id: str) -> bool:  # asked once the sites feeding it are built
                feed_prints[site_id] = feeds_fingerprint(
                    recipe.code, contributing_files(network[site_id], [feed_items, feed_cache]))
                return site_id in to_build or state.get("feeds", {}).get(site_id) != feed_prints[site_id]

            waits_for = {s: {below.id for below in sites_feeding(network[s])} & set(to_build) for s in site_ids}
            results, _ = build_sites_and_feeds(pool, to_build, waits_for, feeds_needed, on_site_done)
        _write_network_files(inputs, options, site_ids, built)
        if inputs.output.is_dir():
            keep_unchanged(built, inputs.output)
        # The cache always describes output/: its fingerprints, feed items and page memos change only
        # after the swap, from the commit's journal (a killed build's is rolled forward by the next one).
        book = Bookkeeping(state_file(inputs.cache),
                           state_text({"sites": {**state.get("sites", {}), **prints},
                                       "feeds": {**state.get("feeds", {}), **feed_prints},
                                       "network": whole if full else state.get("network")}),
                           moves=[(feed_items, feed_cache), (memos, inputs.cache / memos.name)])
        names = [*site_ids, "index.html", "theme"] if options.sites else sorted(e.name for e in built.iterdir())
        commit(staging, inputs.output, book, names, overlay=frozenset(reused), remove_others=not options.sites)
    order = {site_id: i for i, site_id in enumerate(site_ids)}
    return BuildReport(sorted(results, key=lambda r: order[r.site_id]), time.perf_counter() - started, reused,
                       inputs.index.notes)


def _write_network_files(inputs: _Inputs, options: BuildOptions, site_ids: list[str], built: Path) -> None:
    """What spans sites and days: redirects for every URL ever published, sitemaps, the network page."""
    config, network = inputs.config, inputs.network
    plan, inventory, site_urls = plan_for(inputs.registry, network, inputs.index, inputs.index.published_files,
                                          config.feeds, config.pagination, config.base_url, inputs.published.urls,
                                          inputs.snapshots)
    whole_plan = plan
    if options.shard:  # this shard's sites, and the old sites that folded into them
        owner = shard_owner(network, inputs.index, options.shard[1])
        plan = _only(plan, lambda site_id: owner.get(site_id) == options.shard[0])
    elif options.sites:  # only the rebuilt sites' redirects; the others' stay as the last full build left them
        plan = _only(plan, lambda site_id: site_id in site_ids)
    write_plan(plan, built, site_urls, previous=inputs.output, network=network)
    write_sitemaps(inventory, inputs.index, site_urls, site_ids, [site.id for site in network.sites], built,
                   plan=whole_plan, folders={r.old.split("/")[0] for r in plan.redirects},
                   published=inputs.published.sitemaps)
    write_network_page(config.theme, network, built)


def _only(plan: Plan, keep: Callable[[str], bool]) -> Plan:
    """The part of a redirect plan whose old paths lie in the sites `keep` accepts."""
    return dataclasses.replace(plan, redirects=[r for r in plan.redirects if keep(r.old.split("/")[0])],
                               copies=[c for c in plan.copies if keep(c.old.split("/")[0])])
