"""The Google News sitemap of each site: its articles of the last two days (`<site>/sitemap-tin-moi.xml`).

Google News reads a news sitemap for articles published in the last two days, each with the
publication's name and language, its date and title, at most 1,000 a file
(https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).  The
window ends at the build's instant (`--as-of`, else now), so the same content and instant give
the same file; its articles are part of the network's fingerprint (`window_digest`), so a build
once an article has left the window writes the sitemap again, even when no page changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from xml.sax.saxutils import escape

from domain.articles import ArticleIndex, ArticleRecord

NEWS_SITEMAP = "sitemap-tin-moi.xml"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
WINDOW = timedelta(days=2)
MAX_URLS = 1000


@dataclass(frozen=True)
class NewsWindow:
    """What every site's news sitemap needs: the window's end, and each site's publication name."""

    until: datetime
    names: dict[str, str]  # site id -> the site's name (news:publication/news:name)

    def holds(self, record: ArticleRecord) -> bool:
        return self.until - WINDOW <= record.date <= self.until


def window_digest(index: ArticleIndex, until: datetime) -> str:
    """The identities of the published articles in the window: changes when one enters or leaves it."""
    window = NewsWindow(until, {})
    inside = sorted(r.identity for r in index.records if r.published and window.holds(r))
    return hashlib.sha256("\n".join(inside).encode()).hexdigest()


def news_urlset(site_name: str, articles: Iterable[tuple[str, ArticleRecord]]) -> str:
    """The sitemap of (absolute URL, record) pairs, newest first, at most MAX_URLS."""
    newest = sorted(articles, key=lambda pair: (pair[1].date, pair[1].identity), reverse=True)[:MAX_URLS]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="{NEWS_NS}">']
    for url, record in newest:
        lines.append(f"  <url><loc>{escape(url)}</loc><news:news><news:publication><news:name>{escape(site_name)}"
                     "</news:name><news:language>vi</news:language></news:publication>"
                     f"<news:publication_date>{record.date.isoformat()}</news:publication_date>"
                     f"<news:title>{escape(record.title)}</news:title></news:news></url>")
    return "\n".join(lines) + "\n</urlset>\n"
