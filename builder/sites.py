"""One federation's site: its Pelican settings, and one Pelican run to build it."""

from __future__ import annotations

import contextlib
import io
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from plugins.articles import ArticleIndex
from plugins.network_registry import Network, Unit

from .config import NetworkConfig


@dataclass
class SiteResult:
    site_id: str
    worker: int
    pid: int
    pages: int
    seconds: float
    warnings: list[str] = field(default_factory=list)


class SiteBuildFailed(Exception):
    def __init__(self, site_id: str, messages: list[str]):
        super().__init__(site_id, messages)  # args kept whole so it pickles across processes
        self.site_id = site_id
        self.messages = messages

    def __str__(self) -> str:
        return f"{self.site_id}: " + "; ".join(self.messages)


def site_settings(
    config: NetworkConfig, network: Network, index: ArticleIndex, site: Unit, content: Path, output: Path,
    feed_items: Path, cache: Path,
) -> dict:
    """The settings that make one Pelican run build `site` (added to the settings file's)."""
    folders = [unit.id for unit in network.site_units(site) if (content / unit.id).is_dir()]
    return {
        "SITENAME": site.name,
        "SITEURL": site.site_url,
        "PATH": str(content),
        "ARTICLE_PATHS": folders,
        "STATIC_PATHS": folders,
        "OUTPUT_PATH": str(output / site.id),
        "NETWORK": network,
        "NETWORK_SITE": site,
        "NETWORK_INDEX": index,
        "MAIN_CATEGORIES": list(config.main_categories),
        "NEWS_FROM_BELOW_COUNT": config.news_from_below_count,
        "FEED_ITEMS_PATH": str(feed_items),
    }


class _Collector(logging.Handler):
    """Keeps Pelican's warnings and errors of this run, to report or fail on."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_site(
    config: NetworkConfig, network: Network, index: ArticleIndex, site: Unit, content: Path, output: Path,
    feed_items: Path, cache: Path, worker: int, pid: int,
) -> SiteResult:
    """Run Pelican for one site; raises SiteBuildFailed if Pelican reported an error."""
    started = time.perf_counter()
    overrides = site_settings(config, network, index, site, content, output, feed_items, cache)
    settings = read_settings(str(config.settings_path), override=overrides)
    collector = _Collector()
    pelican_logger = logging.getLogger("pelican")
    pelican_logger.addHandler(collector)
    pelican_logger.propagate = False  # reported once, in the site's progress line
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # Pelican prints its own summary
            Pelican(settings).run()
    finally:
        pelican_logger.removeHandler(collector)
        pelican_logger.propagate = True
    errors = [r.getMessage() for r in collector.records if r.levelno >= logging.ERROR]
    if errors:
        raise SiteBuildFailed(site.id, errors)
    pages = sum(1 for _ in (output / site.id).rglob("*.html"))
    warnings = [r.getMessage() for r in collector.records if r.levelno < logging.ERROR]
    return SiteResult(site.id, worker, pid, pages, time.perf_counter() - started, warnings)
