"""The network build, as a list of named phases.

read inputs (config → registry as of the build's day → network index, every
article's header checked) → plan (which sites are built, which are reused:
incremental/) → build sites (one Pelican run per changed site and every site's
feeds, in parallel workers, into a staging folder) → network stages
(redirects, sitemaps, the network page) → commit (the staging folder becomes
output/, the cache's bookkeeping follows).  Any problem stops the build before
output/ is touched; with `hold_back_errors` (the publish build) an error of one
article only holds that article back (builder/held_back.py).
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

from domain.articles import ArticleIndex, ArticleRecord, scan_articles, slugify_vi
from domain.articles.scan_cache import IndexCache
from domain.feeds.items import items_file
from domain.images.store import prune_unused
from domain.registry import Network, Problem, ProblemsFound
from domain.search import digest_file, search_file
from incremental.cache_paths import CachePaths
from incremental.index_cache import ResidentIndexCache, index_cache_at
from incremental.reuse import (
    ROOT,
    Chrome,
    UnitDigest,
    build_recipe,
    feeds_fingerprint,
    keep_unchanged,
    network_fingerprint,
    site_chrome,
    site_fingerprint,
    snapshot_digest,
    unit_digests,
)
from incremental.site_caches import site_caches
from incremental.state import BuildState, load_state
from stages.feeds import contributing_files, sites_feeding
from stages.network_page import write_network_page
from stages.redirects import Plan, past_snapshots_with_urls, plan_for, write_plan
from stages.redirects.published import Published, read_published, site_urls_ever
from stages.search import search_files
from stages.sitemaps import NEWS_SITEMAP, NewsWindow, window_digest, write_feed_list, write_sitemaps

from .config import NetworkConfig, assign_site_urls, load_registry
from .held_back import (
    HeldBack,
    copy_kept_pages,
    head_commit,
    keep_previous_pages,
    old_versions,
    read_build_info,
    shadow_content,
    write_build_info,
)
from .shards import shard_owner, shard_sites
from .sites import SiteResult
from .staging import Bookkeeping, commit, commit_in_place, recover, remove_folder, staging_folder
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
    # The publish build: an article whose own file has an error is held back, the rest published
    # (builder/held_back.py); output/build-info.json records the commit.  Off: any error stops the build.
    hold_back_errors: bool = False
    previous_build_info: str | None = None  # the last deploy's build-info.json (file or URL)
    # The live preview (preview/): drafts and scheduled articles shown, marked, and the reload script
    # on every page.  Only the preview server sets it, building into its own folder, never output/.
    preview: bool = False
    base_url: str | None = None  # instead of NETWORK_BASE_URL: the preview's own address
    # A long-running caller's (the preview's): the index cache kept in memory between builds, and how
    # the staging folder (the previous tree, after the commit) is removed: in the background.
    index_cache: ResidentIndexCache | None = None
    discard: Callable[[Path], None] = remove_folder


@dataclass
class BuildReport:
    sites: list[SiteResult]
    seconds: float
    reused: list[str] = field(default_factory=list)  # sites whose inputs had not changed
    notes: list[Problem] = field(default_factory=list)  # files of content/ skipped or not published (not errors)
    warnings: list[Problem] = field(default_factory=list)  # published, but probably not as meant: with the fix
    held_back: HeldBack | None = None  # hold_back_errors builds: what was held back, and what is online instead
    # What the build was made from: its settings, the network as built (with URLs) and its index
    config: NetworkConfig | None = None
    network: Network | None = None
    index: ArticleIndex | None = None

    @property
    def pages(self) -> int:
        return sum(site.pages for site in self.sites)


def _select_sites(network: Network, wanted: list[str], feed_cache: Path) -> list[str]:
    """The sites to build: all, or the wanted ones plus any site below them whose feed
    items or search documents are not cached yet (a federation's aggregate feed and network
    search need them)."""
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
            if below.id not in selected and not (items_file(feed_cache, below.id).is_file()
                                                 and digest_file(search_file(feed_cache, below.id)).is_file()):
                selected.append(below.id)
    return selected


def as_of_instant(day: date | None, timezone: str) -> datetime:
    """The end of `day` in the network's time zone, or now."""
    zone = ZoneInfo(timezone)
    if day is None:
        return datetime.now(zone)
    return datetime.combine(day, clock.max, tzinfo=zone)


def build(options: BuildOptions, on_site_done: Callable[[SiteResult], None] = lambda result: None) -> BuildReport:
    """Build the network (or some of its sites) into options.output; raises ProblemsFound."""
    started = time.perf_counter()
    output = options.output.resolve()
    for line in recover(output, CachePaths.beside(output).folder):  # a killed build's commit
        logger.warning("%s", line)
    inputs = read_inputs(options, options.jobs)
    try:
        plan = plan_build(inputs, options)
        if plan.up_to_date:
            # Nothing that shapes any page changed since the last full build: nothing to write.
            return BuildReport([], time.perf_counter() - started, plan.reused, inputs.notes, inputs.warnings,
                               inputs.held_back, inputs.config, inputs.network, inputs.index)
        with staging_folder(inputs.output, options.discard) as folder:
            # Only what changed is built here; the commit links the reused sites' files into the new tree.
            staging = Staging(folder)
            sites = build_sites(inputs, plan, staging, options.jobs, on_site_done)
            write_network_stages(inputs, options, plan.site_ids, staging.output)
            if inputs.held_back is not None:
                copy_kept_pages(inputs.held_back, staging.output)
                write_build_info(staging.output, inputs.held_back.build_info(head_commit(options.content)))
            commit_build(inputs, options, plan, sites, staging)
        if not options.preview:  # once the previous tree is gone: its links no longer keep an entry
            prune_unused(inputs.cache.images)
    finally:
        if inputs.held_back is not None:
            inputs.held_back.discard()
    order = {site_id: i for i, site_id in enumerate(plan.site_ids)}
    return BuildReport(sorted(sites.results, key=lambda r: order[r.site_id]), time.perf_counter() - started,
                       plan.reused, inputs.notes, inputs.warnings, inputs.held_back, inputs.config, inputs.network,
                       inputs.index)


@dataclass
class Inputs:
    """What every phase reads: loaded and checked once, before anything is built."""

    config: NetworkConfig
    content: Path
    output: Path
    cache: CachePaths  # the cache that describes output/
    registry: Network
    network: Network  # the registry as of the build's day, with URLs
    index: ArticleIndex
    unit_digests: dict[str, UnitDigest]  # unit id -> digests of its files and records (fingerprints)
    snapshots: list[Network]  # the network before each day it changed, with URLs (redirect planning)
    as_of: datetime  # the instant the network is built as of (scheduled articles, the news sitemap's window)
    published: Published = field(default_factory=Published)  # URLs published before (corrected titles' old URLs)
    held_back: HeldBack | None = None  # hold_back_errors builds (content is then the shadow copy if any was restored)
    said: tuple[list[Problem], list[Problem]] | None = None  # notes, warnings of content/ itself (not the shadow's)

    @property
    def notes(self) -> list[Problem]:
        return self.said[0] if self.said else self.index.notes

    @property
    def warnings(self) -> list[Problem]:
        return self.said[1] if self.said else self.index.warnings


def scan_network(content: Path, registry: Network, config: NetworkConfig, as_of: datetime, cache: IndexCache,
                 jobs: int, *, hold_back: bool = False, preview: bool = False) -> ArticleIndex:
    """Every article's header read and checked, as every command does it (the build, `make check`)."""
    with scan_pool(jobs) as parallel_map:
        return scan_articles(content, registry, default_category=config.default_category, timezone=config.timezone,
                             layout=config.layout, as_of=as_of, main_categories=config.main_categories,
                             cache=cache, parallel_map=parallel_map, hold_back=hold_back, preview=preview)


def read_inputs(options: BuildOptions, jobs: int = 1) -> Inputs:
    """Phase 1: the configuration, the registry as of the build's day and the network index, checked."""
    content = options.content.resolve()
    config, registry = load_registry(options.settings, content)
    if options.base_url:
        config = dataclasses.replace(config, base_url=options.base_url)
    as_of = as_of_instant(options.as_of, config.timezone)
    network = registry.at(as_of.date())
    missing = assign_site_urls(network, config)
    if missing:
        raise ProblemsFound(missing)
    output = options.output.resolve()
    cache = CachePaths.beside(output)
    records_before: dict[str, ArticleRecord] = {}
    with index_cache_at(cache.index, options.index_cache) as index_cache:
        if options.hold_back_errors:
            records_before = {path: entry.record for path, entry in index_cache.items()}
        index = scan_network(content, registry, config, as_of, index_cache, jobs, hold_back=options.hold_back_errors,
                             preview=options.preview)
        held, said = None, None
        if options.hold_back_errors:
            held = HeldBack(index.held_back)
            previous = read_build_info(options.previous_build_info) if options.previous_build_info else None
            restoring = old_versions(content, held, previous) if held.problems else {}
            if restoring:  # built from the shadow copy: the old versions in place of the broken files
                said = (index.notes, index.warnings)
                held.shadow = shadow_content(content, {name: data for files in restoring.values() for name, data in files.items()})
                content = held.shadow
                index = scan_network(content, registry, config, as_of, index_cache, jobs, hold_back=True)
                held.restored = {path: str(held.tried[path]) for path in restoring if path not in index.held_back}
            keep_previous_pages(held, records_before, network, output, previous)
    # Kept as digests per unit only, so the forked workers do not each carry a copy of the cache.
    digests = unit_digests(content, network, index, {path: entry.key.digest for path, entry in index_cache.items()})
    snapshots = past_snapshots_with_urls(registry, as_of.date(), config.base_url)  # replayed once per build
    try:
        published = read_published(options.published_urls, site_urls_ever(snapshots, network))
    except (OSError, ValueError) as error:
        raise ProblemsFound([Problem("--published-urls", 1, "--published-urls", f"không đọc được danh sách địa chỉ đã xuất bản: {error}", "published-urls-unreadable")]) from error
    return Inputs(config, content, output, cache, registry, network, index, digests, snapshots, as_of, published, held,
                  said)


@dataclass(frozen=True)
class BuildPlan:
    """Which sites this build covers, what each is made from, and which of them output/ already holds."""

    site_ids: list[str]  # the sites this build covers, in the network's order
    full: bool  # every site (no --site, no --shard): the network's fingerprint is saved
    state: BuildState  # what the cache says about output/
    code: str  # the recipe's code digest (a memo made by other code is not used)
    chromes: dict[str, Chrome]  # site id -> its chrome (incremental/reuse.py, read by the page keys)
    prints: dict[str, str]  # site id -> its fingerprint
    network_print: str
    reused: list[str]  # sites whose fingerprint matches output/'s: not built again

    @property
    def to_build(self) -> list[str]:
        return [site_id for site_id in self.site_ids if site_id not in self.reused]

    @property
    def up_to_date(self) -> bool:
        """A full build of a network whose every site is as output/ holds it."""
        return self.full and self.state.network == self.network_print and len(self.reused) == len(self.site_ids)


def plan_build(inputs: Inputs, options: BuildOptions) -> BuildPlan:
    """Phase 2: the sites to build, their fingerprints against the last build's, the sites reused."""
    network, cache = inputs.network, inputs.cache
    if options.shard:
        site_ids = shard_sites(network, inputs.index, options.shard)
    else:
        site_ids = _select_sites(network, options.sites, cache.feed_items)
    state = load_state(cache.state)
    recipe = build_recipe(sorted({options.settings.resolve(), *ROOT.glob("*conf.py")}), inputs.config.theme,
                          inputs.config.base_url, options.preview)
    snapshot = snapshot_digest((inputs.content / inputs.config.registry).read_bytes(), network)
    digests = inputs.unit_digests
    chromes = {s: site_chrome(recipe, snapshot, network, network[s], digests) for s in site_ids}
    prints = {s: site_fingerprint(recipe, chromes[s].whole, network, network[s], digests) for s in site_ids}
    reused = [s for s in site_ids if state.sites.get(s) == prints[s]
              and (inputs.output / s).is_dir() and items_file(cache.feed_items, s).is_file()
              and digest_file(search_file(cache.feed_items, s)).is_file()]
    # The news sitemap's window moves with the clock: an article leaving it changes the network, not a site.
    network_print = network_fingerprint({**prints, NEWS_SITEMAP: window_digest(inputs.index, inputs.as_of)})
    return BuildPlan(site_ids, not options.sites and not options.shard, state, recipe.code, chromes, prints,
                     network_print, reused)


@dataclass(frozen=True)
class Staging:
    """A build's staging folder: the new output/, and the cache files the commit moves in (the cache's shape)."""

    folder: Path

    @property
    def output(self) -> Path:
        return self.folder / "output"  # builder/staging.py's commit takes it from there

    @property
    def cache(self) -> CachePaths:
        return CachePaths(self.folder)


@dataclass(frozen=True)
class SitesBuilt:
    results: list[SiteResult]  # the sites' Pelican runs, in the order they finished
    feed_prints: dict[str, str]  # site id -> the fingerprint of its feeds' items


@dataclass
class _FeedPrints:
    """Each site's feeds fingerprint, taken once the sites feeding it are built (it covers the items
    those runs saved): a site's feeds are written again if the site was built or their items changed."""

    network: Network
    code: str
    item_folders: list[Path]  # this build's feed items, then the cache's
    rebuilt: set[str]
    before: dict[str, str]  # the last build's
    prints: dict[str, str] = field(default_factory=dict)

    def needed(self, site_id: str) -> bool:
        site = self.network[site_id]  # its feeds' items, and the search documents its network search reads
        self.prints[site_id] = feeds_fingerprint(self.code, contributing_files(site, self.item_folders)
                                                 + search_files(site, self.item_folders))
        return site_id in self.rebuilt or self.before.get(site_id) != self.prints[site_id]


def build_sites(inputs: Inputs, plan: BuildPlan, staging: Staging, jobs: int,
                on_site_done: Callable[[SiteResult], None]) -> SitesBuilt:
    """Phase 3: one Pelican run per site to build, and the feeds of every site whose items changed."""
    network, staged = inputs.network, staging.cache
    job = Job(inputs.config, network, inputs.index, inputs.content, staging.output, staged.feed_items,
              inputs.cache.feed_items, site_caches(inputs.cache, staged, inputs.output, plan.code, plan.chromes))
    to_build = plan.to_build
    feeds = _FeedPrints(network, plan.code, [staged.feed_items, inputs.cache.feed_items], set(to_build),
                        plan.state.feeds)
    waits_for = {s: {below.id for below in sites_feeding(network[s])} & set(to_build) for s in plan.site_ids}
    with worker_pool(job, min(jobs, max(1, len(to_build)))) as pool:
        results, _ = build_sites_and_feeds(pool, to_build, waits_for, feeds.needed, on_site_done)
    return SitesBuilt(results, feeds.prints)


def commit_build(inputs: Inputs, options: BuildOptions, plan: BuildPlan, sites: SitesBuilt, staging: Staging) -> None:
    """Phase 5: unchanged files linked to output/'s, then the staging folder committed as output/
    (the preview's: each rebuilt site swapped in on its own, staging.commit_in_place)."""
    if inputs.output.is_dir() and not options.preview:
        keep_unchanged(staging.output, inputs.output)
    # The cache always describes output/: its fingerprints, feed items and page memos change only
    # after the swap, from the commit's journal (a killed build's is rolled forward by the next one).
    state = plan.state.updated(plan.prints, sites.feed_prints, plan.network_print if plan.full else None)
    cache, staged = inputs.cache, staging.cache
    book = Bookkeeping(cache.state, state.text(),
                       moves=[(staged.feed_items, cache.feed_items), (staged.memos, cache.memos)])
    if options.preview:
        commit_in_place(staging.folder, inputs.output, book, frozenset(plan.reused),
                        keep={*plan.site_ids, "index.html", "404.html", "theme"})
        return
    names = [*plan.site_ids, "index.html", "404.html", "theme"] if options.sites else sorted(e.name for e in staging.output.iterdir())
    commit(staging.folder, inputs.output, book, names, overlay=frozenset(plan.reused), remove_others=not options.sites)


def write_network_stages(inputs: Inputs, options: BuildOptions, site_ids: list[str], built: Path) -> None:
    """Phase 4, what spans sites and days: redirects for every URL ever published, sitemaps, the network page.
    The preview writes only the network page: it keeps no old URL and is never crawled."""
    config, network = inputs.config, inputs.network
    if options.preview:
        write_network_page(config.theme, network, built, preview=True, base_url=config.base_url)
        return
    plan, inventory, site_urls = plan_for(inputs.registry, network, inputs.index, inputs.index.published_files,
                                          config.feeds, config.layout, config.base_url, inputs.published.urls,
                                          inputs.snapshots)
    whole_plan = plan
    if options.shard:  # this shard's sites, and the old sites that folded into them
        number, count = options.shard
        owner = shard_owner(network, inputs.index, count)
        plan = _only(plan, lambda site_id: owner.get(site_id) == number)
    elif options.sites:  # only the rebuilt sites' redirects; the others' stay as the last full build left them
        plan = _only(plan, lambda site_id: site_id in site_ids)
    names = {slugify_vi(name): name for name in [*config.main_categories, *(r.category for r in inputs.index.records)]}
    write_plan(plan, built, site_urls, previous=inputs.output, network=network, feeds=config.feeds,
               category_names=names, defer_missing=bool(options.shard))
    news = NewsWindow(inputs.as_of, {site.id: site.name for site in network.sites})
    write_sitemaps(inventory, inputs.index, site_urls, site_ids, [site.id for site in network.sites], built, news,
                   plan=whole_plan, folders={r.old.split("/")[0] for r in plan.redirects},
                   published=inputs.published.sitemaps)
    write_feed_list(inventory, whole_plan, site_urls, built)
    write_network_page(config.theme, network, built, base_url=config.base_url)


def _only(plan: Plan, keep: Callable[[str], bool]) -> Plan:
    """The part of a redirect plan whose old paths lie in the sites `keep` accepts."""
    return dataclasses.replace(plan, redirects=[r for r in plan.redirects if keep(r.old.split("/")[0])],
                               copies=[c for c in plan.copies if keep(c.old.split("/")[0])],
                               empty_feeds=[e for e in plan.empty_feeds if keep(e.old.split("/")[0])])
