"""One federation's site: its Pelican settings, and one Pelican run to build it.

The builder's one door to Pelican and the plugins: nothing else in builder/ imports
them (config.py reads the settings file with Pelican's reader, no more).  The
plugins get what the build decided as one typed `SiteContext` (plugins/site_context.py),
never loose settings keys.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader
from markdown import Markdown
from pelican import Pelican
from pelican.contents import Content
from pelican.settings import read_settings

from domain.articles import ArticleIndex
from domain.articles.references import PHOTO_TYPES
from domain.list_pages import ListPages
from domain.registry import Network, Unit
from domain.vietnamese import load_locale_data
from incremental.cache_paths import CachePaths
from incremental.keys import referenced_templates
from incremental.memo import SiteMemo, load_memo, save_memo
from incremental.site_caches import SiteCaches
from plugins import pelican_compat  # noqa: F401  (checks on import the private surfaces used below)
from plugins.images import IMAGES_KEY, ImageSettings
from plugins.site_context import SITE_CONTEXT_KEY, SiteContext

from .config import NetworkConfig


@dataclass
class SiteResult:
    site_id: str
    worker: int
    pid: int
    pages: int
    seconds: float
    rendered: int  # pages rendered anew (the others were unchanged: see plugins/incremental)
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
    feed_items: Path, memo: SiteMemo, image_cache: Path, only: frozenset[str] | None = None,
    list_pages: ListPages | None = None,
) -> dict:
    """The settings that make one Pelican run build `site` (added to the settings file's): Pelican's
    own, and the plugins' `SiteContext`.

    Pelican reads exactly the site's published articles and copies exactly the files they
    use (the index checked both): drafts, scheduled articles and any other file of a unit's
    folder are never read, written or published.  Photos are not copied at all: plugins/images
    writes a stripped, size-capped copy at each one's path and its renditions (`image_cache`:
    where they are kept between builds).  `only` (article paths): a run of those articles alone, the
    live preview's first answer to a save (builder/quick_page.py); `list_pages`: a run of the articles
    those pages show, rendering those pages only (builder/quick_lists.py)."""
    units = network.site_units(site)
    if list_pages is not None:
        only = list_pages.sources
    if only is None:
        sources = [record.source for unit in units for record in index.published_of(unit.id)]
        files = [path for unit in units for path in index.published_files.get(unit.id, [])]
    else:
        sources = sorted(only)
        files = sorted({path for source in sources for path in index.by_source[source].files})
    return {
        "SITENAME": site.name,
        "SITEURL": site.site_url,
        "PATH": str(content),
        "ARTICLE_PATHS": sources,
        "STATIC_PATHS": [path for path in files if PurePosixPath(path).suffix.lower() not in PHOTO_TYPES],
        "OUTPUT_PATH": str(output / site.id),
        IMAGES_KEY: ImageSettings(cache=image_cache),
        SITE_CONTEXT_KEY: SiteContext(
            network=network, site=site, index=index, main_categories=config.main_categories,
            news_from_below_count=config.news_from_below_count, feeds=config.feeds, layout=config.layout,
            feed_items=feed_items, memo=memo, list_pages=list_pages,
        ),
    }


class _Collector(logging.Handler):
    """Keeps Pelican's warnings and errors of this run, to report or fail on."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _forget_memoised_contents() -> None:
    """Pelican memoises Content.get_content/get_summary in class-level dicts keyed by the
    object: a worker building several sites would otherwise keep every site's articles alive.
    (A private surface: plugins/pelican_compat.py checks it.)"""
    for method in (Content.get_content, Content.get_summary):
        method.cache.clear()


def load_site_code(config: NetworkConfig) -> None:
    """Import and parse once what every site run would: the plugins, Markdown's extensions, the
    theme's template references, Babel's Vietnamese data.  For a long-running caller whose workers are forked anew for each
    build (the live preview): they inherit it instead of each paying for it (~0.15 s a run)."""
    settings = read_settings(str(config.settings_path))
    for plugin in settings["PLUGINS"]:  # dotted names importable from the repository's root, as Pelican finds them
        importlib.import_module(plugin)
    markdown = settings["MARKDOWN"]  # as Pelican's MarkdownReader completes it: every configured extension on
    Markdown(**{**markdown, "extensions": [*markdown.get("extensions", []), *markdown.get("extension_configs", {})]})
    loader = FileSystemLoader(str(config.theme / "templates"))
    options = {name: value for name, value in settings["JINJA_ENVIRONMENT"].items() if name != "autoescape"}
    env = Environment(loader=loader, autoescape=True, **options)  # only parsed here, never rendered
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
        referenced_templates(env, loader.get_source(env, name)[0])
    load_locale_data()


def build_site(
    config: NetworkConfig, network: Network, index: ArticleIndex, site: Unit, content: Path, output: Path,
    feed_items: Path, caches: SiteCaches, worker: int, pid: int, only: frozenset[str] | None = None,
    list_pages: ListPages | None = None,
) -> SiteResult:
    """Run Pelican for one site (`only`: for those articles alone; `list_pages`: those pages alone);
    raises SiteBuildFailed if Pelican reported an error."""
    started = time.perf_counter()
    memo = load_memo(caches.previous, caches.code, caches.chrome, caches.previous_output)
    overrides = site_settings(config, network, index, site, content, output, feed_items, memo,
                              CachePaths.holding_templates(caches.templates).images, only, list_pages)
    settings = read_settings(str(config.settings_path), override=overrides)
    # Templates do not change during a run: no stat of every template a page extends or imports.
    settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "auto_reload": False,
                                     "bytecode_cache": FileSystemBytecodeCache(str(caches.templates))}
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
        _forget_memoised_contents()
    errors = [r.getMessage() for r in collector.records if r.levelno >= logging.ERROR]
    if errors:
        raise SiteBuildFailed(site.id, errors)
    save_memo(memo, caches.next)
    pages = sum(1 for _ in (output / site.id).rglob("*.html"))
    warnings = [r.getMessage() for r in collector.records if r.levelno < logging.ERROR]
    return SiteResult(site.id, worker, pid, pages, time.perf_counter() - started, memo.rendered, warnings)
