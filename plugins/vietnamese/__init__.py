"""Vietnamese for templates: dates in CLDR form and alphabetical order.

Signals: `generator_init` adds the Jinja filters `long_date`, `short_date`,
`date_time` and `sort_vi` (sort by Vietnamese collation, optionally by an
attribute: `units|sort_vi("name")`) to every generator's environment.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from pelican import signals

from .collation import sort_key, sort_vietnamese
from .dates import date_time, long_date, short_date

__all__ = ["add_filters", "date_time", "long_date", "short_date", "sort_key", "sort_vietnamese"]


def _sort_vi(items: Any, attribute: str | None = None) -> list:
    if attribute is None:
        return sort_vietnamese(items)
    return sort_vietnamese(items, key=lambda item: getattr(item, attribute))


def add_filters(env: Environment) -> None:
    """Install the Vietnamese filters in a Jinja environment (also used outside Pelican)."""
    env.filters.update(
        long_date=long_date, short_date=short_date, date_time=date_time, sort_vi=_sort_vi
    )


def _on_generator_init(generator: Any) -> None:
    add_filters(generator.env)


def register() -> None:
    signals.generator_init.connect(_on_generator_init)
