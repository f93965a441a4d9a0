"""Feeds: RSS 2.0 and Atom for every site, unit, category and federation subtree.

Pelican's own feeds are off (FEED_ALL_ATOM etc. are None); every feed is
written here, with feedgen, following the W3C Feed Validation Service's rules
(see writer.py).  GUIDs are `tag:` URIs of the article identity under one
network-wide authority (FEEDS["TAG_AUTHORITY"]), so they survive any move.

Signals:
- `article_writer_finalized`: after a site's articles are rendered, save one
  item per published article (absolute URLs, enclosure) to FEED_ITEMS_PATH;
- `generator_init`: the Jinja global `feed_links(*keys)` for <link rel="alternate">;
- `get_generators`: `FeedListGenerator` writes feeds/index.html, the list of
  the site's feeds.
The XML files themselves are written by `stages.feeds.write_site_feeds()` once every site
of the subtree has saved its items (the network build calls it), so a
province's aggregate never re-renders a city's articles.
"""

from __future__ import annotations

import html
from functools import partial
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from domain.feeds import FeedItem, FeedSettings, FeedSpec, feed_settings, page_feeds, save_site_items, site_feed_specs, tag_uri
from domain.feeds.items import absolutize, enclosure_for, plain_summary

FEED_LIST_SAVE_AS = "feeds/index.html"


def _settings_of(pelican_settings: dict) -> FeedSettings:
    settings, problems = feed_settings(pelican_settings.get("FEEDS"))
    if settings is None:
        raise ValueError("; ".join(problems))
    return settings


def _specs(pelican_settings: dict) -> list[FeedSpec]:
    return site_feed_specs(pelican_settings["NETWORK_SITE"], pelican_settings["NETWORK"],
                           pelican_settings["NETWORK_INDEX"], _settings_of(pelican_settings))


def article_item(article: Any, settings: FeedSettings, content_path: Path) -> FeedItem:
    """The feed item of one rendered Pelican article."""
    site_url = article.settings["SITEURL"]
    url = f"{site_url}/{article.url}"
    content = absolutize(article.get_content(site_url), url)
    summary = absolutize(article.metadata.get("summary") or html.escape(plain_summary(content)), url)
    record = article.record
    enclosure = enclosure_for(content_path / record.image, article.image_url) if record.image else None
    return FeedItem(
        identity=record.identity, guid=tag_uri(settings.tag_authority, settings.tag_date, record.identity),
        title=record.title, url=url, content=content, summary=summary, author=record.author,
        category=record.category, tags=record.tags, published=record.date.isoformat(),
        updated=(record.modified or record.date).isoformat(), unit_id=record.unit_id, enclosure=enclosure,
    )


def _save_items(generator: Any, writer: Any) -> None:
    settings = generator.settings
    feed_config = _settings_of(settings)
    content_path, memo = Path(settings["PATH"]), settings.get("SITE_MEMO")
    if memo is None:
        items = [article_item(article, feed_config, content_path) for article in generator.articles]
    else:  # an item is made from its article and the site's chrome only (plugins/incremental)
        items = [memo.derive("feed-item", article.source_path, partial(article_item, article, feed_config, content_path))
                 for article in generator.articles]
    save_site_items(items, Path(settings["FEED_ITEMS_PATH"]), settings["NETWORK_SITE"].id, feed_config.max_items)


def _on_generator_init(generator: Any) -> None:
    specs = _specs(generator.settings)
    generator.env.globals.update(feed_links=partial(page_feeds, specs), site_feed_specs=specs)


class FeedListGenerator(Generator):
    """feeds/index.html: every feed of the site, for readers to subscribe to."""

    def generate_context(self) -> None:
        self.context["FEED_LIST_URL"] = FEED_LIST_SAVE_AS.removesuffix("index.html")

    def generate_output(self, writer: Any) -> None:
        writer.write_file(FEED_LIST_SAVE_AS, self.get_template("feeds"), self.context,
                          template_name="feeds", url=self.context["FEED_LIST_URL"],
                          feeds=_specs(self.settings))


def _add_generator(pelican: Any) -> type[FeedListGenerator]:
    return FeedListGenerator


def register() -> None:
    signals.article_writer_finalized.connect(_save_items)
    signals.generator_init.connect(_on_generator_init)
    signals.get_generators.connect(_add_generator)
