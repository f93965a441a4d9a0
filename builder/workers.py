"""Build several sites at once in worker processes.

The registry and the network index are loaded once in the parent; the workers
are forked after that, so they inherit both without pickling them per site.
One pool runs every site's Pelican run and every site's feeds; a site's feeds
start once the sites below it are built (its aggregate feed needs their items).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from domain.articles import ArticleIndex
from domain.registry import Network
from incremental.memo import load_memo, save_memo
from incremental.site_caches import SiteCaches
from stages.feeds import write_site_feeds
from stages.search import link_network_search

from .config import NetworkConfig
from .sites import SiteResult, build_site


@dataclass
class Job:
    config: NetworkConfig
    network: Network
    index: ArticleIndex
    content: Path
    output: Path  # the staging folder's output
    feed_items: Path  # where this build's runs save their feed items (staging)
    feed_cache: Path  # the feed items of the sites not built again (the cache)
    caches: dict[str, dict[str, SiteCaches]]  # site id -> part -> what its runs reuse (incremental/site_caches.py)


_job: Job | None = None  # set in the parent before the fork
_worker_number = 0


def _init_worker(counter) -> None:
    global _worker_number
    with counter.get_lock():
        counter.value += 1
        _worker_number = counter.value


def _build_one(site_id: str) -> SiteResult:
    job = _job
    assert job is not None, "workers are forked after the job is set"
    return build_site(job.config, job.network, job.index, job.network[site_id], job.content, job.output,
                      job.feed_items, job.caches[site_id]["pages"], _worker_number, os.getpid())


def _write_feeds(site_id: str) -> int:
    job = _job
    assert job is not None, "workers are forked after the job is set"
    files = job.caches[site_id]["feeds"]
    memo = load_memo(files.previous, files.code, files.chrome, files.previous_output)
    written = write_site_feeds(job.network[site_id], job.network, job.index, job.config.feeds, job.config.layout,
                               [job.feed_items, job.feed_cache], job.output / site_id, memo)
    save_memo(memo, files.next)
    # A province's network search: the indexes below it, from this build's runs or the last output.
    written += link_network_search(job.network[site_id], [job.output, files.previous_output.parent], job.output / site_id)
    return written


@contextmanager
def worker_pool(job: Job, jobs: int) -> Iterator[Executor]:
    """`jobs` forked worker processes that know `job`; the first failure cancels the rest."""
    global _job
    _job = job
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    try:
        with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context,
                                 initializer=_init_worker, initargs=(counter,)) as pool:
            try:
                yield pool
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        _job = None


@contextmanager
def scan_pool(jobs: int) -> Iterator[Callable | None]:
    """A parallel `map` for the index scan (None with one job).  Its processes start only if
    there is something to parse: a build where every file is cached forks nothing."""
    if jobs < 2:
        yield None
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        yield lambda function, tasks: pool.map(function, tasks, chunksize=max(1, len(tasks) // (jobs * 4)))


def build_sites_and_feeds(pool: Executor, to_build: list[str], waits_for: dict[str, set[str]],
                          feeds_needed: Callable[[str], bool], on_done: Callable[[SiteResult], None],
                          ) -> tuple[list[SiteResult], list[str]]:
    """Run Pelican for every site in `to_build`, reporting each as it finishes, and write the
    feeds of each site in `waits_for` as soon as the sites it waits for are built, if
    `feeds_needed` (asked then: it may read what those runs saved).  No barrier between the
    two: a worker done with the sites writes feeds while another still builds its last site.
    Returns the sites' results and the sites whose feeds were written."""
    waiting = {site_id: set(below) for site_id, below in waits_for.items()}
    tasks: dict[Future, tuple[str, str]] = {pool.submit(_build_one, site_id): ("site", site_id) for site_id in to_build}
    results: list[SiteResult] = []
    feeds_written: list[str] = []

    def release_feeds() -> None:
        for site_id in [site_id for site_id, below in waiting.items() if not below]:
            del waiting[site_id]
            if feeds_needed(site_id):
                tasks[pool.submit(_write_feeds, site_id)] = ("feeds", site_id)

    release_feeds()
    while tasks:
        done, _ = wait(tasks, return_when=FIRST_COMPLETED)
        for future in done:
            kind, site_id = tasks.pop(future)
            value = future.result()
            if kind == "site":
                results.append(value)
                on_done(value)
                for below in waiting.values():
                    below.discard(site_id)
            else:
                feeds_written.append(site_id)
        release_feeds()
    return results, feeds_written
