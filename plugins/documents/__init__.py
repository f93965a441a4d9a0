"""The site's own pages besides the news: Giới thiệu, Liên hệ and the documents library (Văn bản).

Signals:
- `generator_init`: the Jinja global `site_pages`, (label, URL) of the pages every
  footer links to (base.html);
- `get_generators` adds `SitePagesGenerator`, which writes, from the registry and
  the library the build read with the index (domain/documents, `SiteContext.index.library`):
  `gioi-thieu/index.html`, `lien-he/index.html`, every library page of
  domain/documents/pages.py (a unit's list, per kind, per year, each document's page)
  and the site's documents feed `feeds/van-ban.{rss,atom}.xml`.
Pages go through the run's writer, so plugins/incremental keys them: what they show
(the registry, van-ban.yml, gioi-thieu.md, the files) is in the site's chrome
(incremental/reuse.py).
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from plugins.site_context import site_context

from .generator import SitePagesGenerator, footer_pages

__all__ = ["SitePagesGenerator", "footer_pages"]


def _on_generator_init(generator: Any) -> None:
    context = site_context(generator.settings)
    generator.env.globals["site_pages"] = footer_pages(context.network.site_units(context.site), context.index.library)


def _add_generator(pelican: Any) -> type[SitePagesGenerator]:
    return SitePagesGenerator


def register() -> None:
    signals.generator_init.connect(_on_generator_init)
    signals.get_generators.connect(_add_generator)
