"""The one typed object every plugin of a site's Pelican run receives: what the network build decided.

The network build (builder/sites.py) puts a `SiteContext` in the run's settings
under SITE_CONTEXT_KEY, and plugins read it with `site_context(settings)`, never
loose settings keys: the network model, the site being built, the network index,
the build's own settings as builder/config.py validated them (FEEDS once per
build, not once per generator), where the feed items go and the site memo.
A run started any other way (plain `pelican`) has none, and the accessor says
how these sites are built.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from domain.articles import ArticleIndex
from domain.feeds import FeedSettings
from domain.list_pages import ListPages
from domain.registry import Network, Unit
from domain.url_layout import UrlLayout
from incremental.memo import SiteMemo

SITE_CONTEXT_KEY = "SITE_CONTEXT"


class NotStartedByNetworkBuild(RuntimeError):
    pass


@dataclass(frozen=True)
class SiteContext:
    network: Network
    site: Unit  # the federation whose site this run builds
    index: ArticleIndex  # every article of the network (other sites' too: cross-links, feeds)
    main_categories: tuple[str, ...]  # the menu, in this order
    news_from_below_count: int  # "Tin từ cơ sở" on a federation's front page
    feeds: FeedSettings
    layout: UrlLayout  # where every page lives (Pelican's URL settings, read once by builder/config.py)
    feed_items: Path  # the folder the site's feed items are saved to, for stages.feeds
    memo: SiteMemo | None  # None: nothing is reused (a run outside the network build's caches)
    # The live preview's list-first step (builder/quick_lists.py): only these pages are rendered, each
    # list numbered as the whole site's run numbers it.  None in every build.
    list_pages: ListPages | None = None


def site_context(settings: Mapping[str, Any]) -> SiteContext:
    """The context the network build gave this run; raises NotStartedByNetworkBuild if none."""
    context = settings.get(SITE_CONTEXT_KEY)
    if not isinstance(context, SiteContext):
        raise NotStartedByNetworkBuild(
            "These sites are built by `python -m scripts.build` (or `make build`), "
            "which reads content/network.yml and sets each site's URL and paths; "
            "plain `pelican` cannot build them."
        )
    return context
