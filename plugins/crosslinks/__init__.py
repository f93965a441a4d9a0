"""Cross-links between the levels: CĐCS → city federation → provincial federation.

Signals: `generator_init` adds three Jinja globals to every generator:
- `breadcrumbs(unit)`: the path up, each step linking to the real page on its
  own site (every CĐCS page and article shows it);
- `news_from_below(unit, limit)`: "Tin từ cơ sở", the newest articles of the
  units below a federation, from the network index, each linking to the one
  canonical URL where it lives (never a copy);
- `site_federations`: the federations right below the site's own, which every
  page's footer links to (found once per run, not on each page).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from pelican import signals

from .links import Crumb, Teaser, article_url, breadcrumbs, news_from_below, teaser

__all__ = ["Crumb", "Teaser", "article_url", "breadcrumbs", "news_from_below", "teaser"]


def _news_from_below(settings: dict, unit: Any, limit: int = 10) -> list[Teaser]:
    return news_from_below(unit, settings["NETWORK_INDEX"], settings["NETWORK"], limit)


def _on_generator_init(generator: Any) -> None:
    generator.env.globals.update(
        breadcrumbs=breadcrumbs,
        news_from_below=partial(_news_from_below, generator.settings),
        site_federations=[unit for unit in generator.settings["NETWORK_SITE"].children if unit.is_federation],
    )


def register() -> None:
    signals.generator_init.connect(_on_generator_init)
