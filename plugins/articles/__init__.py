"""Articles: identity, the unit an article belongs to, its URL, and the network index.

`scan_articles()` reads every article's header once per build (the network
index, also the editors' error report).  Inside each site's Pelican run,
`content_object_init` gives every article what the index decided:

- `article.slug` (title without diacritics + short id), so ARTICLE_URL
  `tin/{slug}.html` is unique and stable;
- `article.unit` (the registry unit of its folder) and `article.identity`;
- `article.image_url` / `article.image_caption` for the figure;
- relative links and images in the body (`images/anh.jpg`) become `{static}`
  links, which Pelican resolves against the article's folder;
- an article dated after the build's as-of instant is held back as a draft
  (scheduled publishing: the hourly deploy publishes it when its time comes).
`readers_init` swaps in a Markdown reader that reuses one Markdown instance.
`article_generator_finalized` puts `nav_categories` in the context: the
categories of MAIN_CATEGORIES that have articles, in that order (the theme's
menu on every page).
"""

from __future__ import annotations

import re
from typing import Any

from pelican import signals
from pelican.contents import Article
from pelican.urlwrappers import Category

from .reader import use_reusing_reader
from .identity import article_identity, article_save_as, short_id, slugify_vi, url_slug
from .records import EXTERNAL, FIELDS, ArticleIndex, ArticleRecord, scan_articles

__all__ = [
    "FIELDS", "ArticleIndex", "ArticleRecord", "article_identity", "article_save_as",
    "scan_articles", "short_id", "slugify_vi", "url_slug",
]

_LINK_ATTRIBUTE = re.compile(
    r"""(?P<before><(?:img|a|source|video|audio)\b[^>]*?\b(?:src|href)\s*=\s*["'])(?P<target>[^"']+)""",
    re.IGNORECASE,
)


def link_relative_files(html: str) -> str:
    """Turn `src="images/a.jpg"` into `src="{static}images/a.jpg"` for Pelican to resolve."""
    def to_static(match: re.Match) -> str:
        target = match["target"]
        return match[0] if EXTERNAL.match(target) else f"{match['before']}{{static}}{target}"

    return _LINK_ATTRIBUTE.sub(to_static, html)


def _on_content_init(content: Any) -> None:
    if not isinstance(content, Article):
        return
    settings = content.settings
    index: ArticleIndex = settings["NETWORK_INDEX"]
    record = index.by_source[content.relative_source_path.replace("\\", "/")]
    content.record = record
    content.identity = record.identity
    content.slug = record.slug
    if record.published:
        # Pelican recomputes an article's URL from the settings on every access (templates
        # ask for it in every list): decided once here, the same as ARTICLE_URL/ARTICLE_SAVE_AS.
        # Not for drafts and scheduled articles: an override would make Pelican write them.
        content.override_url = content.override_save_as = record.save_as
    content.unit = settings["NETWORK"][record.unit_id]
    content.image_url = f"{settings['SITEURL']}/{record.image}" if record.image else None
    content.image_caption = record.image_caption
    if content.category.name != record.category:  # one spelling per category, decided by the index
        content.category = Category(record.category, settings)
    content._content = link_relative_files(content._content)
    if not record.published:
        # Scheduled articles are held back like drafts (DRAFT_SAVE_AS is empty: never written).
        content.status = "draft"


def _on_articles_finalized(generator: Any) -> None:
    by_name = {category.name: category for category, _ in generator.categories}
    generator.context["nav_categories"] = [by_name[name] for name in generator.settings.get("MAIN_CATEGORIES", [])
                                           if name in by_name]


def register() -> None:
    signals.readers_init.connect(use_reusing_reader)
    signals.content_object_init.connect(_on_content_init)
    signals.article_generator_finalized.connect(_on_articles_finalized)
