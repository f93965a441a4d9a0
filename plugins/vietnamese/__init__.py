"""Vietnamese for templates: dates in CLDR form and alphabetical order.

Signals: `generator_init` adds the Jinja filters `long_date`, `short_date`,
`date_time` and `sort_vi` (sort by Vietnamese collation, optionally by an
attribute: `units|sort_vi("name")`) to every generator's environment
(domain/vietnamese holds them).
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from domain.vietnamese import add_filters


def _on_generator_init(generator: Any) -> None:
    add_filters(generator.env)


def register() -> None:
    signals.generator_init.connect(_on_generator_init)
