"""Cross-links between the levels of the network, as pure functions.

Each function takes the registry model (and the network index) and returns
plain values with absolute URLs, so one site can link to pages of another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from markupsafe import Markup

from domain.articles import ArticleIndex, ArticleRecord
from domain.images import picture_html, picture_of, plan_image
from domain.images.markup import LEAD_STORY_SIZES, THUMBNAIL_MAX_WIDTH, THUMBNAIL_SIZES
from domain.images.paths import lead_facts
from domain.registry import Network, Unit


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str


@dataclass(frozen=True)
class Teaser:
    """An article listed on another page, linking to where it lives."""

    title: str
    url: str
    date: datetime
    summary: str | None
    image_url: str | None
    unit: Unit
    preview_mark: str | None = None  # the live preview: "draft" or "scheduled"
    thumbnail: Markup | None = None  # its lead image as a lazy <picture> (alt="": the title beside it says it)
    category: str = ""


def breadcrumbs(unit: Unit) -> list[Crumb]:
    """The path from the top federation down to `unit`, each linking to its real page."""
    return [Crumb(u.short_name, u.url) for u in (*unit.ancestors, unit)]


def article_url(record: ArticleRecord, network: Network) -> str:
    """The one canonical URL of an article, on the site of its unit."""
    return f"{network[record.unit_id].site.site_url}/{record.url}"


def thumbnail(record: ArticleRecord, network: Network, *, lead: bool = False) -> Markup | None:
    """The record's lead image as a `<picture>` served by its own site (`lead`: the front page's
    lead story, fetched first and offered at the main column's width)."""
    facts = lead_facts(record.images, record.image)
    if facts is None:
        return None
    site_url = network[record.unit_id].site.site_url
    if lead:
        picture = picture_of(plan_image(facts), site_url, LEAD_STORY_SIZES)
    else:
        picture = picture_of(plan_image(facts), site_url, THUMBNAIL_SIZES, max_width=THUMBNAIL_MAX_WIDTH)
    alt = (record.image_alt or "") if lead else ""
    return Markup(picture_html(picture, alt, lead=lead))  # noqa: S704 (picture_html escapes every attribute)


def teaser(record: ArticleRecord, network: Network, *, lead: bool = False, summary: str | None = None) -> Teaser:
    """`record` as a list shows it (`summary`: the page's own summary, else the header's)."""
    unit = network[record.unit_id]
    image = f"{unit.site.site_url}/{quote(record.image)}" if record.image else None
    return Teaser(record.title, article_url(record, network), record.date,
                  record.summary if summary is None else summary, image, unit, record.preview_mark,
                  thumbnail(record, network, lead=lead), record.category)


def news_from_below(federation: Unit, index: ArticleIndex, network: Network, limit: int) -> list[Teaser]:
    """'Tin từ cơ sở': the newest articles of every unit below `federation`, on any site."""
    below = {unit.id for unit in federation.subtree() if unit is not federation}
    records = [r for r in index.records if r.published and r.unit_id in below]
    return [teaser(record, network) for record in records[:limit]]
