"""Which feeds exist, where they live and what they carry: pure functions over the network.

Per federation site (where: domain/url_layout.py FEED_PATHS):
  feeds/tat-ca.{rss,atom}.xml              everything published on the site
  feeds/toan-he-thong.{rss,atom}.xml       the federation's whole subtree, on any site
  feeds/don-vi/<unit-id>.{rss,atom}.xml    one unit's own articles (federations included)
  feeds/chuyen-muc/<slug>.{rss,atom}.xml   one category of the site (its page: the layout's category list)
A feed with no item is not written (and not linked).  Unit feeds are named by
the permanent unit id, so a rename never moves them.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.articles import ArticleIndex, slugify_vi
from domain.registry import Network, Unit
from domain.url_layout import UrlLayout

from .items import FeedItem, newest_first, tag_uri
from .settings import FeedSettings

FORMATS = ("rss", "atom")
FORMAT_LABELS = {"rss": "RSS", "atom": "Atom"}
MIME_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


@dataclass(frozen=True)
class FeedSpec:
    key: str  # "site", "subtree", "unit/<id>", "category/<slug>"
    site: Unit
    title: str
    description: str
    path: str  # inside the site, without ".rss.xml" / ".atom.xml"
    html_url: str
    feed_id: str

    def url(self, fmt: str) -> str:
        return f"{self.site.site_url}/{self.save_as(fmt)}"

    def save_as(self, fmt: str) -> str:
        return UrlLayout.feed_save_as(self.path, fmt)


def site_feed(site: Unit, settings: FeedSettings) -> FeedSpec:
    return FeedSpec("site", site, f"Tin mới – {site.short_name}",
                    f"Tất cả bài viết đăng trên trang {site.name}", UrlLayout.feed_path("site"), site.url,
                    tag_uri(settings.tag_authority, settings.tag_date, f"feed/site/{site.id}"))


def subtree_feed(site: Unit, settings: FeedSettings) -> FeedSpec:
    return FeedSpec("subtree", site, f"Toàn hệ thống – {site.short_name}",
                    f"Bài viết của {site.name} và mọi đơn vị trực thuộc", UrlLayout.feed_path("subtree"), site.url,
                    tag_uri(settings.tag_authority, settings.tag_date, f"feed/subtree/{site.id}"))


def unit_feed(unit: Unit, settings: FeedSettings) -> FeedSpec:
    return FeedSpec(f"unit/{unit.id}", unit.site, f"{unit.short_name}",
                    f"Bài viết của {unit.name}", UrlLayout.feed_path("unit", unit.id), unit.url,
                    tag_uri(settings.tag_authority, settings.tag_date, f"feed/unit/{unit.id}"))


def category_feed(site: Unit, category: str, settings: FeedSettings, layout: UrlLayout) -> FeedSpec:
    slug = slugify_vi(category)
    return FeedSpec(f"category/{slug}", site, f"{category} – {site.short_name}",
                    f"Chuyên mục {category} trên trang {site.name}", UrlLayout.feed_path("category", slug),
                    f"{site.site_url}/{layout.category(category).url}",
                    tag_uri(settings.tag_authority, settings.tag_date, f"feed/category/{site.id}/{slug}"))


def site_feed_specs(site: Unit, network: Network, index: ArticleIndex, settings: FeedSettings,
                    layout: UrlLayout) -> list[FeedSpec]:
    """Every feed the site carries: its site and subtree feeds always (a reader subscribed to a
    site keeps a valid feed even when its last article moves away), the unit and category
    feeds that have at least one published article."""
    on_site = network.site_units(site)
    records = [r for unit in on_site for r in index.published_of(unit.id)]
    specs = [site_feed(site, settings), subtree_feed(site, settings)]
    specs += [unit_feed(unit, settings) for unit in on_site if index.published_of(unit.id)]
    categories = sorted({record.category for record in records}, key=slugify_vi)
    specs += [category_feed(site, category, settings, layout) for category in categories]
    return specs


def feed_items(spec: FeedSpec, items_by_unit: dict[str, list[FeedItem]], limit: int) -> list[FeedItem]:
    """The items of one feed, newest first."""
    kind, _, key = spec.key.partition("/")
    site = spec.site
    if kind == "subtree":
        units = [unit.id for unit in site.subtree()]
    elif kind == "unit":
        units = [key]
    else:
        units = [unit.id for unit in site.subtree() if unit.site is site]
    items = (item for unit_id in units for item in items_by_unit.get(unit_id, []))
    if kind == "category":
        items = (item for item in items if slugify_vi(item.category) == key)
    return newest_first(items, limit)


def page_feeds(specs: list[FeedSpec], *keys: str) -> list[tuple[str, str, str]]:
    """(title, MIME type, URL) of the named feeds, for <link rel="alternate"> in a page head."""
    wanted = [spec for key in keys for spec in specs if spec.key == key]
    return [(f"{spec.title} ({FORMAT_LABELS[fmt]})", MIME_TYPES[fmt], spec.url(fmt)) for spec in wanted for fmt in FORMATS]
