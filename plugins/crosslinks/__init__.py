"""Cross-links between the levels: CĐCS → city federation → provincial federation.

Signals: `generator_init` adds these Jinja globals to every generator, from the
run's `SiteContext` (plugins/site_context.py):
- `breadcrumbs(unit)`: the path up, each step linking to the real page on its
  own site (every CĐCS page and article shows it);
- `news_from_below(unit, limit)`: "Tin từ cơ sở", the newest articles of the
  units below a federation, from the network index, each linking to the one
  canonical URL where it lives (never a copy);
- `front_page(unit)`: a federation's front page (domain/articles/related.py):
  lead story, the row below it, a block per main category, "Tin từ cơ sở" and
  a province's cities, as teasers with their thumbnails;
- `article_links(article)`: an article's "Tin liên quan" (from every site the
  hierarchy reaches), "Tin cùng đơn vị" and the unit's previous and next article,
  found once per article (`_LinkedRecords`), whose digest the articles
  generator's run also gives the page's key (`memo.article_records`);
- `teasers(articles)`: a list's Pelican articles as the same teasers (with thumbnails);
- `share_links(url)`: an article's Facebook and Zalo share addresses (domain/page_metadata/share_links.py);
- `network_site`: the site's own federation (the header and footer link to its parent),
  and `news_from_below_count`, how many "Tin từ cơ sở" a front page shows;
- `site_federations`: the federations right below the site's own, which every
  page's footer links to (found once per run, not on each page).
links.py holds the cross-links as pure functions; what they show comes from the
index records only, which the site's chrome covers (incremental/reuse.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import partial
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator

from domain.articles import ArticleIndex, ArticleRecord
from domain.articles.related import RelatedFinder, front_page, older_and_newer, related_units, same_unit
from domain.page_metadata.share_links import share_links
from domain.registry import Network, Unit
from plugins.site_context import SiteContext, site_context

from .links import Crumb, Teaser, article_url, breadcrumbs, news_from_below, teaser

__all__ = ["Crumb", "Teaser", "article_url", "breadcrumbs", "news_from_below", "teaser"]


@dataclass(frozen=True)
class FrontPageView:
    lead: Teaser | None
    top: list[Teaser]
    sections: list[tuple[str, str, list[Teaser]]]  # category name, its list's URL, its newest
    grassroots: list[Teaser]
    federations: list[tuple[Unit, list[Teaser]]]


@dataclass(frozen=True)
class ArticleLinks:
    related: list[Teaser]
    same_unit: list[Teaser]
    older: Teaser | None
    newer: Teaser | None


def _news_from_below(index: ArticleIndex, network: Network, unit: Unit, limit: int = 10) -> list[Teaser]:
    return news_from_below(unit, index, network, limit)


def _front_page(context: SiteContext, site_url: str, unit: Unit) -> FrontPageView:
    network = context.network
    page = front_page(network, unit, context.index.records, context.main_categories, context.news_from_below_count)
    return FrontPageView(
        teaser(page.lead, network, lead=True) if page.lead else None,
        [teaser(r, network) for r in page.top],
        [(name, f"{site_url}/{context.layout.category(name).url}", [teaser(r, network) for r in block])
         for name, block in page.sections],
        [teaser(r, network) for r in page.grassroots],
        [(child, [teaser(r, network) for r in block]) for child, block in page.federations],
    )


ShownRecords = tuple[list[ArticleRecord], list[ArticleRecord], ArticleRecord | None, ArticleRecord | None]


class _LinkedRecords:
    """An article page's records (related, same unit, older, newer), found once per article: the
    page's key (incremental/keys.py) asks before the template does."""

    def __init__(self, context: SiteContext):
        self._context = context
        self._finder: RelatedFinder | None = None
        self._found: dict[str, ShownRecords] = {}
        self._digests: dict[str, str] = {}

    def of(self, record: ArticleRecord) -> ShownRecords:
        if record.identity not in self._found:
            context = self._context
            if self._finder is None:  # the records a page of this site may show
                ids = {unit.id for unit in related_units(context.network, context.site)}
                self._finder = RelatedFinder(r for r in context.index.records if r.unit_id in ids)
            unit_records = context.index.published_of(record.unit_id)
            near = self._finder.related(record)
            self._found[record.identity] = (near, same_unit(record, unit_records, near),
                                            *older_and_newer(record, unit_records))
        return self._found[record.identity]

    def digest(self, article: Any) -> str:
        near, same, older, newer = self.of(article.record)
        shown = [[self._record_digest(r) for r in near], [self._record_digest(r) for r in same],
                 *(self._record_digest(r) if r else "" for r in (older, newer))]
        return hashlib.sha256(repr(shown).encode()).hexdigest()

    def _record_digest(self, record: ArticleRecord) -> str:
        """Each record's digest once per run: the newest are shown on most of the site's pages."""
        if record.identity not in self._digests:
            self._digests[record.identity] = hashlib.sha256(repr(record).encode()).hexdigest()
        return self._digests[record.identity]


def _article_links(network: Network, linked: _LinkedRecords, article: Any) -> ArticleLinks:
    near, same, older, newer = linked.of(article.record)
    return ArticleLinks([teaser(r, network) for r in near], [teaser(r, network) for r in same],
                        teaser(older, network) if older else None, teaser(newer, network) if newer else None)


def _teasers(network: Network, articles: list[Any]) -> list[Teaser]:
    """A list page's articles: their own summary (Pelican's, from the body if the header has none)."""
    return [teaser(article.record, network, summary=article.summary) for article in articles]


def _on_generator_init(generator: Any) -> None:
    context = site_context(generator.settings)
    site_url = generator.settings["SITEURL"]
    linked = _LinkedRecords(context)
    if context.memo is not None and isinstance(generator, ArticlesGenerator):  # the one writing article pages
        context.memo.article_records = linked.digest
    generator.env.globals.update(
        breadcrumbs=breadcrumbs,
        news_from_below=partial(_news_from_below, context.index, context.network),
        front_page=partial(_front_page, context, site_url),
        article_links=partial(_article_links, context.network, linked),
        teasers=partial(_teasers, context.network),
        share_links=share_links,
        network_site=context.site,
        news_from_below_count=context.news_from_below_count,
        site_federations=[unit for unit in context.site.children if unit.is_federation],
    )


def register() -> None:
    signals.generator_init.connect(_on_generator_init)
