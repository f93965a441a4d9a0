"""Unit pages: the federation's front page, a section page per CĐCS, and the danh bạ.

Signals: `get_generators` adds `UnitPagesGenerator`, which runs after Pelican's
ArticlesGenerator has read the site's articles and writes, with the writer's
own pagination (PAGINATED_TEMPLATES["unit"]):
- `index.html`: the federation's own articles, with "Tin từ cơ sở";
- `<cdcs-slug>/index.html`: the CĐCS card (members, address, chairperson,
  Facebook, Zalo, website) and its articles;
- `danh-ba/index.html`: every unit below the federation with its links, in
  Vietnamese alphabetical order.
The network and the site's federation come from the run's `SiteContext`
(plugins/site_context.py).
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from .generator import DIRECTORY_SAVE_AS, UnitPagesGenerator, directory_units

__all__ = ["DIRECTORY_SAVE_AS", "UnitPagesGenerator", "directory_units"]


def _add_generator(pelican: Any) -> type[UnitPagesGenerator]:
    return UnitPagesGenerator


def register() -> None:
    signals.get_generators.connect(_add_generator)
