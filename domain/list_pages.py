"""The list pages that show one article, and what a run needs to render those pages alone.

The live preview answers a save of an article that stays in its unit, category and mark with the
lists that show it before the full build (builder/quick_lists.py).  A list's page shows a slice of
the list and numbers every page of it: rendering one page needs the articles of that slice only,
and the list's length.  So a site's run reads just the articles those pages show, and its writer
(plugins/incremental) is told each list in full, as sources, to place what it read where the whole
site's run would have it, and which pages to render at all.

The lists, for the article's site: its unit's page, its category's, each of its tags' (before and
after the save) and the archive, each at the page where the article stands before and after the
save; then the front page of every federation from its unit up whose front page
(domain/articles/related.py `front_page`, from the index) shows it before or after.  Pages between
the two places of an article whose date moved it shift by one article: the full build's.
Everything here reads the index only: pure functions, no Pelican.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from domain.articles import ArticleIndex, ArticleRecord, slugify_vi
from domain.articles.related import front_page
from domain.registry import Network, Unit
from domain.url_layout import Place, UrlLayout

T = TypeVar("T")


@dataclass(frozen=True)
class ListPages:
    """Pages of one site's lists to render alone (the preview's list-first step)."""

    site_id: str
    pages: frozenset[str]  # each page's file below the site folder (save_as)
    lists: Mapping[str, tuple[str, ...]]  # a list's page 1 (save_as) -> its articles' sources, newest first
    sources: frozenset[str]  # the articles these pages show: all the run needs to read


@dataclass(frozen=True)
class _List:
    kind: str  # the URL layout's list kind (per page): unit, category, tag, archives
    first: Place
    before: list[ArticleRecord]
    after: list[ArticleRecord]


def list_pages(before: ArticleIndex, after: ArticleIndex, network: Network, layout: UrlLayout, source: str,
               main_categories: Sequence[str], grassroots_count: int) -> list[ListPages]:
    """The pages of every list that shows the article at `source` in `before` or in `after` (the index
    with that one article read again: its unit, category and mark unchanged), by site, its own site
    first; a site with no such page is left out."""
    old, new = before.by_source[source], after.by_source[source]
    unit = network[new.unit_id]
    site = unit.site
    found: dict[str, tuple[set[str], dict[str, tuple[str, ...]], set[str]]] = {}

    def want(on: Unit, kind: str, first: Place, listed: list[ArticleRecord], numbers: Iterable[int]) -> None:
        wanted, lists, sources = found.setdefault(on.id, (set(), {}, set()))
        lists[first.save_as] = tuple(record.source for record in listed)
        places = list(layout.pages(first, kind, len(listed)))
        for number in numbers:
            wanted.add(places[number - 1].save_as)
            sources.update(record.source for record in listed[_slice(layout, kind, len(listed), number)])

    for listed in _site_lists(before, after, network, layout, site, unit, old, new):
        numbers = {number for records in (listed.before, listed.after)
                   if (number := _page_number(layout, listed.kind, records, new.identity)) is not None}
        if listed.kind == "unit" and unit.is_federation:
            numbers.discard(1)  # the front page: from the index, below
        pages = layout.page_count(listed.kind, len(listed.after))
        numbers = {n for n in numbers
                   if n <= pages and _in_order(listed.after[_slice(layout, listed.kind, len(listed.after), n, 1)])}
        if listed.after and numbers:
            want(site, listed.kind, listed.first, listed.after, sorted(numbers))
    # A front page reads the index only: a save that leaves the record as it was changes none.
    for federation in (u for u in [unit, *reversed(unit.ancestors)] if u.is_federation and old != new):
        if any(new.identity in _shown(network, federation, index, main_categories, grassroots_count)
               for index in (before, after)):
            want(federation.site, "unit", layout.unit(federation.path_in_site), after.published_of(federation.id), [1])
    return [ListPages(site_id, frozenset(pages), lists, frozenset(sources))
            for site_id, (pages, lists, sources) in found.items()]


def _site_lists(before: ArticleIndex, after: ArticleIndex, network: Network, layout: UrlLayout, site: Unit,
                unit: Unit, old: ArticleRecord, new: ArticleRecord) -> Iterable[_List]:
    """The lists of the article's site that may show it: as Pelican's run of the site makes them
    (newest first; a tag's by its slug, as Pelican's Tag compares)."""
    on_site = {u.id for u in network.site_units(site)}
    of_site = {name: [r for r in index.records if r.published and r.unit_id in on_site]
               for name, index in (("before", before), ("after", after))}

    def both(keep: Callable[[ArticleRecord], bool]) -> tuple[list[ArticleRecord], list[ArticleRecord]]:
        return [r for r in of_site["before"] if keep(r)], [r for r in of_site["after"] if keep(r)]

    yield _List("unit", layout.unit(unit.path_in_site), *both(lambda r: r.unit_id == unit.id))
    yield _List("category", layout.category(new.category), *both(lambda r: r.category == new.category))
    slugs: dict[str, str] = {}  # a tag's name -> its slug, once per name

    def slug(name: str) -> str:
        if name not in slugs:
            slugs[name] = slugify_vi(name)
        return slugs[name]

    def tagged(tag_slug: str) -> Callable[[ArticleRecord], bool]:
        return lambda record: any(slug(tag) == tag_slug for tag in record.tags)

    for tag_slug in sorted({slug(tag) for tag in (*old.tags, *new.tags)}):
        yield _List("tag", layout.tag_of_slug(tag_slug), *both(tagged(tag_slug)))
    yield _List("archives", layout.archives(), *both(lambda r: True))


def _page_number(layout: UrlLayout, kind: str, records: list[ArticleRecord], identity: str) -> int | None:
    """The page of the list the article stands on (the last takes the orphans); None if it is not in it."""
    per_page = getattr(layout.per_page, kind)
    for position, record in enumerate(records):
        if record.identity == identity:
            number = 1 if per_page is None else position // per_page + 1
            return min(number, layout.page_count(kind, len(records)))
    return None


def _slice(layout: UrlLayout, kind: str, items: int, number: int, around: int = 0) -> slice:
    """The positions page `number` of a list of `items` shows, as Pelican's paginator cuts it (the last
    page takes the orphans), `around` more on either side."""
    per_page = getattr(layout.per_page, kind)
    if per_page is None:
        return slice(0, items)
    start, end = (number - 1) * per_page, number * per_page
    if end + layout.orphans >= items:
        end = items
    return slice(max(0, start - around), end + around)


def _in_order(records: list[ArticleRecord]) -> bool:
    """Whether a page (with the article on either side of it) shows what the whole site's run shows,
    in its order: Pelican sorts by date alone, keeping for one date the order it found the files in,
    which is not the index's.  Two articles of one date there leave the page to the full build."""
    return all(a.date != b.date for a, b in itertools.pairwise(records))


def _shown(network: Network, federation: Unit, index: ArticleIndex, main_categories: Sequence[str],
           grassroots_count: int) -> set[str]:
    """The identities a federation's front page shows."""
    page = front_page(network, federation, index.records, main_categories, grassroots_count)
    blocks = [page.top, page.grassroots, *(block for _, block in page.sections),
              *(block for _, block in page.federations)]
    return {record.identity for block in blocks for record in block} | ({page.lead.identity} if page.lead else set())


def padded(order: Sequence[str], items: Iterable[T], source: Callable[[T], str]) -> list[T | None]:
    """A list of `order`'s length with each item at its source's place, None where no item was read:
    what a paginator needs to number the pages and slice the ones whose articles were all read."""
    places = {path: position for position, path in enumerate(order)}
    placed: list[T | None] = [None] * len(order)
    for item in items:
        position = places.get(source(item))
        if position is not None:
            placed[position] = item
    return placed
