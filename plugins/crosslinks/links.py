"""Cross-links between the levels of the network, as pure functions.

Each function takes the registry model (and the network index) and returns
plain values with absolute URLs, so one site can link to pages of another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from domain.articles import ArticleIndex, ArticleRecord
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


def breadcrumbs(unit: Unit) -> list[Crumb]:
    """The path from the top federation down to `unit`, each linking to its real page."""
    return [Crumb(u.short_name, u.url) for u in (*unit.ancestors, unit)]


def article_url(record: ArticleRecord, network: Network) -> str:
    """The one canonical URL of an article, on the site of its unit."""
    return f"{network[record.unit_id].site.site_url}/{record.url}"


def teaser(record: ArticleRecord, network: Network) -> Teaser:
    unit = network[record.unit_id]
    image = f"{unit.site.site_url}/{quote(record.image)}" if record.image else None
    return Teaser(record.title, article_url(record, network), record.date, record.summary, image, unit,
                  record.preview_mark)


def news_from_below(federation: Unit, index: ArticleIndex, network: Network, limit: int) -> list[Teaser]:
    """'Tin từ cơ sở': the newest articles of every unit below `federation`, on any site."""
    below = {unit.id for unit in federation.subtree() if unit is not federation}
    records = [r for r in index.records if r.published and r.unit_id in below]
    return [teaser(record, network) for record in records[:limit]]
