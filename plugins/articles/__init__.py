"""Articles in a site's Pelican run: the reader, and what the network index decided for each article.

The articles themselves (the header, identity, the unit an article belongs to,
its URL, files and HTML, the network index and its scan) live in
domain/articles, which imports no Pelican; the build scans them once and hands
the index to each site's run in its `SiteContext` (plugins/site_context.py).
Here:
- `readers_init` swaps in the reader (reader.py), which gives Pelican only the
  checked fields and the body's cleaned, linked HTML;
- `content_object_init` gives every article what the index decided:
  `article.slug` (title without diacritics + short id) and its URL, `tin/{slug}.html`;
  `article.unit` (the registry unit of its folder) and `article.identity`;
  `article.image_url` / `article.image_caption` for the figure;
- `article_generator_finalized` puts `nav_categories` in the context: the main
  categories (`SiteContext.main_categories`) that the site's published articles use
  (per the index), in that order (the theme's menu on every page).
Pelican reads only the site's published articles and publishes only the files
they use (builder/sites.py sets ARTICLE_PATHS and STATIC_PATHS to those files).
The reader swap is a signal too, but the reader relies on surfaces Pelican and
Markdown do not document (reader.py says which); plugins/pelican_compat.py
checks them when reader.py is imported.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from pelican import signals
from pelican.contents import Article
from pelican.urlwrappers import Category

from plugins.site_context import site_context

from .reader import use_reusing_reader


def _on_content_init(content: Any) -> None:
    if not isinstance(content, Article):
        return
    context = site_context(content.settings)
    record = context.index.by_source[content.relative_source_path.replace("\\", "/")]
    content.record = record
    content.identity = record.identity
    content.slug = record.slug
    # Pelican recomputes an article's URL from the settings on every access (templates ask
    # for it in every list): decided once here, where the URL layout put it (domain/url_layout.py).
    # Only published articles are read (builder/sites.py): nothing else is written.
    content.override_url, content.override_save_as = record.url, record.save_as
    content.unit = context.network[record.unit_id]
    content.image_url = f"{content.settings['SITEURL']}/{quote(record.image)}" if record.image else None
    content.image_caption = record.image_caption


def _on_articles_finalized(generator: Any) -> None:
    # From the index, not from this run's articles: a run of one article (the preview's page-first
    # step, builder/quick_page.py) shows the menu the whole site's run shows.
    context = site_context(generator.settings)
    used = {record.category for unit in context.network.site_units(context.site)
            for record in context.index.published_of(unit.id)}
    by_name = {category.name: category for category, _ in generator.categories}
    generator.context["nav_categories"] = [by_name.get(name) or Category(name, generator.settings)
                                           for name in context.main_categories if name in used]


def register() -> None:
    signals.readers_init.connect(use_reusing_reader)
    signals.content_object_init.connect(_on_content_init)
    signals.article_generator_finalized.connect(_on_articles_finalized)
