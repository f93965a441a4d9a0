"""The site's own pages beside the news: its 404 page and its site map, and the numbered pagination.

Signals: `generator_init` adds the Jinja global `page_window` (domain/pagination.py:
which page numbers a list's pagination shows; themes/congdoan/templates/pagination.html
uses it); `get_generators` adds `SitePagesGenerator`, which runs after Pelican's
ArticlesGenerator and the unit pages' and writes:
- `404.html`: "không tìm thấy trang" with the search page's link, the site's
  latest news and its menu, every link absolute (the host serves it at any path);
- `so-do-trang/index.html`: every section, unit and category of the site.
What both show (titles, dates, categories, the registry) is in the site's chrome
(incremental/reuse.py), never an article's body, so reused pages stay right.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from domain.pagination import page_window

from .generator import SitePagesGenerator

__all__ = ["SitePagesGenerator"]


def _on_generator_init(generator: Any) -> None:
    generator.env.globals["page_window"] = page_window


def _add_generator(pelican: Any) -> type[SitePagesGenerator]:
    return SitePagesGenerator


def register() -> None:
    signals.generator_init.connect(_on_generator_init)
    signals.get_generators.connect(_add_generator)
