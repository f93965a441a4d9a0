"""Articles: the header, identity, the unit an article belongs to, its URL, files and HTML, the index.

`scan_articles()` reads every article's header once per build (the network
index, also the editors' error report): headers.py is the only header parser,
references.py fences every link and image into the article's unit folder,
content_files.py walks content/ without following a symlink.  Inside each
site's Pelican run, the reader (reader.py, swapped in at `readers_init`) gives
Pelican only the checked fields and the body's cleaned, linked HTML
(rendering.py), and `content_object_init` gives every article what the index
decided:
- `article.slug` (title without diacritics + short id) and its URL, `tin/{slug}.html`;
- `article.unit` (the registry unit of its folder) and `article.identity`;
- `article.image_url` / `article.image_caption` for the figure.
Pelican reads only the site's published articles and publishes only the files
they use (builder/sites.py sets ARTICLE_PATHS and STATIC_PATHS to those files).
`article_generator_finalized` puts `nav_categories` in the context: the
categories of MAIN_CATEGORIES that have articles, in that order (the theme's
menu on every page).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from pelican import signals
from pelican.contents import Article

from domain.articles import ArticleIndex

from .reader import use_reusing_reader


def _on_content_init(content: Any) -> None:
    if not isinstance(content, Article):
        return
    settings = content.settings
    index: ArticleIndex = settings["NETWORK_INDEX"]
    record = index.by_source[content.relative_source_path.replace("\\", "/")]
    content.record = record
    content.identity = record.identity
    content.slug = record.slug
    # Pelican recomputes an article's URL from the settings on every access (templates ask
    # for it in every list): decided once here, the same as ARTICLE_URL/ARTICLE_SAVE_AS.
    # Only published articles are read (builder/sites.py): nothing else is written.
    content.override_url = content.override_save_as = record.save_as
    content.unit = settings["NETWORK"][record.unit_id]
    content.image_url = f"{settings['SITEURL']}/{quote(record.image)}" if record.image else None
    content.image_caption = record.image_caption


def _on_articles_finalized(generator: Any) -> None:
    by_name = {category.name: category for category, _ in generator.categories}
    generator.context["nav_categories"] = [by_name[name] for name in generator.settings.get("MAIN_CATEGORIES", [])
                                           if name in by_name]


def register() -> None:
    signals.readers_init.connect(use_reusing_reader)
    signals.content_object_init.connect(_on_content_init)
    signals.article_generator_finalized.connect(_on_articles_finalized)
