"""Feeds: RSS 2.0 and Atom for every site, unit, category and federation subtree.

Pelican's own feeds are off (FEED_ALL_ATOM etc. are None); every feed is
written here, with feedgen, following the W3C Feed Validation Service's rules
(see writer.py).  GUIDs are `tag:` URIs of the article identity under one
network-wide authority (FEEDS["TAG_AUTHORITY"]), so they survive any move.

Signals:
- `article_writer_finalized`: after a site's articles are rendered, save one
  item per published article (absolute URLs, enclosure) to the feed items
  folder (`SiteContext.feed_items`);
- `generator_init`: the Jinja global `feed_links(*keys)` for <link rel="alternate">;
- `get_generators`: `FeedListGenerator` writes feeds/index.html, the list of
  the site's feeds.
The XML files themselves are written by `stages.feeds.write_site_feeds()` once every site
of the subtree has saved its items (the network build calls it), so a
province's aggregate never re-renders a city's articles.
FEEDS is validated once per build, by builder/config.py: the handlers take the
validated `FeedSettings` from the run's `SiteContext` (plugins/site_context.py).
"""

from __future__ import annotations

import html
from functools import partial
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from domain.feeds import (
    FeedItem,
    FeedSettings,
    FeedSpec,
    page_feeds,
    save_site_items,
    site_feed_specs,
    tag_uri,
)
from domain.feeds.items import absolutize, enclosure_for, plain_summary
from plugins.site_context import SiteContext, site_context

FEED_LIST_SAVE_AS = "feeds/index.html"


def _specs(context: SiteContext) -> list[FeedSpec]:
    return site_feed_specs(context.site, context.network, context.index, context.feeds, context.layout)


def article_item(article: Any, settings: FeedSettings, content_path: Path) -> FeedItem:
    """The feed item of one rendered Pelican article."""
    site_url = article.settings["SITEURL"]
    url = f"{site_url}/{article.url}"
    content = absolutize(article.get_content(site_url), url)
    summary = absolutize(article.metadata.get("summary") or html.escape(plain_summary(content)), url)
    record = article.record
    # The file served at the image URL: the pipeline's stripped, size-capped copy (plugins/images wrote it).
    # Missing only if writing it failed: plugins/images reported that error, which fails the site's run.
    published = Path(article.settings["OUTPUT_PATH"]) / record.image if record.image else None
    enclosure = enclosure_for(published, article.image_url) if published and published.is_file() else None
    return FeedItem(
        identity=record.identity, guid=tag_uri(settings.tag_authority, settings.tag_date, record.identity),
        title=record.title, url=url, content=content, summary=summary, author=record.author,
        category=record.category, tags=record.tags, published=record.date.isoformat(),
        updated=(record.modified or record.date).isoformat(), unit_id=record.unit_id, enclosure=enclosure,
    )


def _save_items(generator: Any, writer: Any) -> None:
    context = site_context(generator.settings)
    feed_config, memo = context.feeds, context.memo
    content_path = Path(generator.settings["PATH"])
    if memo is None:
        items = [article_item(article, feed_config, content_path) for article in generator.articles]
    else:  # an item is made from its article and the site's chrome only (plugins/incremental)
        items = [memo.derive("feed-item", article.source_path, partial(article_item, article, feed_config, content_path))
                 for article in generator.articles]
    save_site_items(items, context.feed_items, context.site.id, feed_config.max_items)


def _on_generator_init(generator: Any) -> None:
    specs = _specs(site_context(generator.settings))
    generator.env.globals.update(feed_links=partial(page_feeds, specs), site_feed_specs=specs)


class FeedListGenerator(Generator):
    """feeds/index.html: every feed of the site, for readers to subscribe to."""

    def generate_context(self) -> None:
        self.context["FEED_LIST_URL"] = FEED_LIST_SAVE_AS.removesuffix("index.html")

    def generate_output(self, writer: Any) -> None:
        writer.write_file(FEED_LIST_SAVE_AS, self.get_template("feeds"), self.context,
                          template_name="feeds", url=self.context["FEED_LIST_URL"],
                          feeds=_specs(site_context(self.settings)))


def _add_generator(pelican: Any) -> type[FeedListGenerator]:
    return FeedListGenerator


def register() -> None:
    signals.article_writer_finalized.connect(_save_items)
    signals.generator_init.connect(_on_generator_init)
    signals.get_generators.connect(_add_generator)
