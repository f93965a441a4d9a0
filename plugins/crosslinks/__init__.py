"""Cross-links between the levels: CĐCS → city federation → provincial federation.

Signals: `generator_init` adds four Jinja globals to every generator, from the
run's `SiteContext` (plugins/site_context.py):
- `breadcrumbs(unit)`: the path up, each step linking to the real page on its
  own site (every CĐCS page and article shows it);
- `news_from_below(unit, limit)`: "Tin từ cơ sở", the newest articles of the
  units below a federation, from the network index, each linking to the one
  canonical URL where it lives (never a copy);
- `network_site`: the site's own federation (the header and footer link to its parent),
  and `news_from_below_count`, how many "Tin từ cơ sở" a front page shows;
- `site_federations`: the federations right below the site's own, which every
  page's footer links to (found once per run, not on each page).
links.py holds the cross-links as pure functions.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from pelican import signals

from domain.articles import ArticleIndex
from domain.registry import Network, Unit
from plugins.site_context import site_context

from .links import Crumb, Teaser, article_url, breadcrumbs, news_from_below, teaser

__all__ = ["Crumb", "Teaser", "article_url", "breadcrumbs", "news_from_below", "teaser"]


def _news_from_below(index: ArticleIndex, network: Network, unit: Unit, limit: int = 10) -> list[Teaser]:
    return news_from_below(unit, index, network, limit)


def _on_generator_init(generator: Any) -> None:
    context = site_context(generator.settings)
    generator.env.globals.update(
        breadcrumbs=breadcrumbs,
        news_from_below=partial(_news_from_below, context.index, context.network),
        network_site=context.site,
        news_from_below_count=context.news_from_below_count,
        site_federations=[unit for unit in context.site.children if unit.is_federation],
    )


def register() -> None:
    signals.generator_init.connect(_on_generator_init)
