"""What an article page shows of other articles, and what a front page picks: pure functions of records.

An article page lists "Tin liên quan" (articles sharing its tags, its category or its unit, from any
site the reader can reach up and down the hierarchy), "Tin cùng đơn vị" (its unit's newest) and the
unit's previous and next articles.  A federation's front page shows a lead story, a row of the next
newest, a block per main category, "Tin từ cơ sở" and, on a province, its cities' own news.

Everything here reads the index records only (never an article's body), so what these lists show is
part of the site's chrome (incremental/reuse.py hashes the records of `related_units`).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from domain.registry import Network, Unit

from .record_reading import ArticleRecord

TAG_WEIGHT = 3  # a shared tag says more about the subject than a shared category or unit
RELATED_COUNT = 4
SAME_UNIT_COUNT = 4
TOP_ROW = 4  # the row below the lead story
CATEGORY_BLOCK = 3
FEDERATION_BLOCK = 3


def related_units(network: Network, site: Unit) -> list[Unit]:
    """The units whose articles a page of `site` may show: its subtree (front page, "Tin từ cơ sở")
    and the units of every site above it ("Tin liên quan" reaches up the hierarchy, not sideways,
    so an edit on a sibling city's site never changes this site's pages)."""
    units = list(site.subtree())
    for ancestor in site.ancestors:
        if ancestor.is_federation:
            units.extend(network.site_units(ancestor))
    return units


def _tag_set(tags: tuple[str, ...]) -> frozenset[str]:
    """A record's tags, compared without case."""
    return frozenset(tag.casefold() for tag in tags)


def _newest_first(record: ArticleRecord) -> tuple[float, str]:
    return -record.date.timestamp(), record.identity


class RelatedFinder:
    """'Tin liên quan' for every article of a site, each found without scoring the whole pool.

    The score (`related`) is TAG_WEIGHT per shared tag, one for the same category, one for the
    same unit.  The pool is grouped once by tag set and category (and unit), each group newest
    first; an article then only looks at the groups that share a tag with it, plus its category's
    lists, and walks them from the highest score down, stopping at `limit` (a site of 5,000
    articles scored each against a pool of 10,000 spent a minute here).
    """

    def __init__(self, pool: Iterable[ArticleRecord]):
        published = sorted((r for r in pool if r.published), key=_newest_first)
        self._groups: dict[tuple[frozenset[str], str], list[ArticleRecord]] = defaultdict(list)
        self._unit_groups: dict[tuple[frozenset[str], str, str], list[ArticleRecord]] = defaultdict(list)
        self._sets_with_tag: dict[str, set[frozenset[str]]] = defaultdict(set)
        self._categories_of_set: dict[frozenset[str], set[str]] = defaultdict(set)
        self._by_category: dict[str, list[ArticleRecord]] = defaultdict(list)
        self._by_category_unit: dict[tuple[str, str], list[ArticleRecord]] = defaultdict(list)
        self._tags: dict[str, frozenset[str]] = {}
        for record in published:  # newest first, so every list below is too
            tags = self._tags[record.identity] = _tag_set(record.tags)
            self._groups[tags, record.category].append(record)
            self._unit_groups[tags, record.category, record.unit_id].append(record)
            self._categories_of_set[tags].add(record.category)
            for tag in tags:
                self._sets_with_tag[tag].add(tags)
            self._by_category[record.category].append(record)
            self._by_category_unit[record.category, record.unit_id].append(record)

    def related(self, record: ArticleRecord, limit: int = RELATED_COUNT) -> list[ArticleRecord]:
        tags, unit, category = _tag_set(record.tags), record.unit_id, record.category
        # score -> the lists holding the records of that score (newest first), with what to leave out
        levels: dict[int, list[tuple[Sequence[ArticleRecord], bool, bool]]] = defaultdict(list)
        for other_tags in set().union(*(self._sets_with_tag.get(tag, ()) for tag in tags)):
            shared = TAG_WEIGHT * len(tags & other_tags)
            for other_category in self._categories_of_set[other_tags]:
                score = shared + (other_category == category)
                if (other_tags, other_category, unit) in self._unit_groups:
                    levels[score + 1].append((self._unit_groups[other_tags, other_category, unit], False, False))
                levels[score].append((self._groups[other_tags, other_category], True, False))
        # No tag in common: the category must be (topic > 0), the unit adds one.
        levels[2].append((self._by_category_unit.get((category, unit), ()), False, True))
        levels[1].append((self._by_category.get(category, ()), True, True))
        found: list[ArticleRecord] = []
        for score in sorted(levels, reverse=True):  # a level's lists are read only if the ones above fall short
            streams = [self._kept(records, unit if other_units else None, tags if untagged else None)
                       for records, other_units, untagged in levels[score]]
            for other in streams[0] if len(streams) == 1 else heapq.merge(*streams, key=_newest_first):
                if other.identity != record.identity:
                    found.append(other)
                    if len(found) == limit:
                        return found
        return found

    def _kept(self, records: Sequence[ArticleRecord], not_unit: str | None, no_tag_of: frozenset[str] | None
              ) -> Iterable[ArticleRecord]:
        for other in records:
            if other.unit_id != not_unit and not (no_tag_of and no_tag_of & self._tags[other.identity]):
                yield other


def related(record: ArticleRecord, pool: Iterable[ArticleRecord], limit: int = RELATED_COUNT) -> list[ArticleRecord]:
    """'Tin liên quan': the articles of `pool` most like `record`: TAG_WEIGHT per shared tag, one
    for the same category, one for the same unit; at least a tag or the category in common; the
    newer first among equals (the identity breaks the last ties: the same bytes on every build).
    For many articles of one pool, make one RelatedFinder."""
    return RelatedFinder(pool).related(record, limit)


def same_unit(record: ArticleRecord, unit_records: Sequence[ArticleRecord], shown: Iterable[ArticleRecord] = (),
              limit: int = SAME_UNIT_COUNT) -> list[ArticleRecord]:
    """'Tin cùng đơn vị': the unit's newest articles (`unit_records`, newest first) but this one and
    those already `shown` (its related articles)."""
    skip = {record.identity, *(other.identity for other in shown)}
    return [other for other in unit_records if other.identity not in skip][:limit]


def older_and_newer(record: ArticleRecord, unit_records: Sequence[ArticleRecord]
                    ) -> tuple[ArticleRecord | None, ArticleRecord | None]:
    """The unit's article published just before `record` and just after it (`unit_records`: newest first)."""
    for position, other in enumerate(unit_records):
        if other.identity == record.identity:
            older = unit_records[position + 1] if position + 1 < len(unit_records) else None
            newer = unit_records[position - 1] if position > 0 else None
            return older, newer
    return None, None


@dataclass(frozen=True)
class FrontPage:
    """What a federation's front page shows (every list newest first, no article twice)."""

    lead: ArticleRecord | None  # the newest with an image (else the newest)
    top: tuple[ArticleRecord, ...]  # the row below it
    sections: tuple[tuple[str, tuple[ArticleRecord, ...]], ...]  # (main category, its newest), non-empty only
    grassroots: tuple[ArticleRecord, ...]  # "Tin từ cơ sở": every CĐCS below, on any site
    federations: tuple[tuple[Unit, tuple[ArticleRecord, ...]], ...]  # a province's cities, their own news


def front_page(network: Network, federation: Unit, records: Iterable[ArticleRecord],
               main_categories: Sequence[str], grassroots_count: int) -> FrontPage:
    """The front page of `federation`'s site from the network's records (newest first)."""
    published = [r for r in records if r.published]
    on_site = {unit.id for unit in network.site_units(federation)}
    own = [r for r in published if r.unit_id in on_site]
    lead = next((r for r in own if r.image), own[0] if own else None)
    shown = {lead.identity} if lead else set()

    def take(candidates: Iterable[ArticleRecord], limit: int) -> tuple[ArticleRecord, ...]:
        picked: list[ArticleRecord] = []
        for record in candidates:
            if len(picked) == limit:
                break
            if record.identity not in shown:
                picked.append(record)
                shown.add(record.identity)
        return tuple(picked)

    top = take(own, TOP_ROW)
    # "Tin từ cơ sở" before the category blocks: a city's CĐCS are on its own site, and the blocks
    # would otherwise leave the column only what they did not want.
    below = list(federation.subtree())[1:]
    grassroots_ids = {unit.id for unit in below if not unit.is_federation}
    grassroots = take((r for r in published if r.unit_id in grassroots_ids), grassroots_count)
    sections = tuple((name, block) for name in main_categories
                     if (block := take((r for r in own if r.category == name), CATEGORY_BLOCK)))
    federations = []
    for child in federation.children:
        if child.is_federation:
            ids = {unit.id for unit in child.subtree() if unit.is_federation}
            block = take((r for r in published if r.unit_id in ids), FEDERATION_BLOCK)
            if block:
                federations.append((child, block))
    return FrontPage(lead, top, sections, grassroots, tuple(federations))
