"""What pages pick from the records (domain/articles/related.py), on the fixture network's real scan."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import local_network, scan
from domain.articles.related import (
    RelatedFinder,
    front_page,
    older_and_newer,
    related,
    related_units,
    same_unit,
)


def test_related_scores_shared_tags_first_and_ignores_case_and_the_article_itself(content):
    index = scan(content)
    dung = index.by_source["cdcs-dung/hoi-nghi-nguoi-lao-dong.md"]  # tags: hội nghị, dân chủ cơ sở
    dong = index.by_source["cdcs-dong/hoi-nghi-nguoi-lao-dong.md"]  # same category, no tag
    shouting = dataclasses.replace(index.by_source["tinh-mau/thong-bao-dai-hoi.md"], tags=("HỘI NGHỊ",))
    pool = [dung, dong, shouting, index.by_source["cdcs-so-y-te/tin-so-y-te.md"]]
    # A shared tag (whatever its case) outweighs a shared category; nothing in common: not related.
    assert [r.title for r in related(dung, pool)] == ["Thông báo Đại hội Công đoàn tỉnh", dong.title]
    assert dung not in related(dung, pool)
    draft = index.by_source["cdcs-dong/ban-nhap.md"]
    assert draft not in related(dung, [*pool, dataclasses.replace(draft, category=dung.category)])


def test_related_units_reach_up_and_down_never_sideways(content):
    network = local_network(content)
    city = {unit.id for unit in related_units(network, network["tp-dong"])}
    assert {"tp-dong", "cdcs-dung", "tinh-mau", "cdcs-so-y-te"} <= city
    assert "tp-tay" not in city and "cdcs-tay-1" not in city
    province = {unit.id for unit in related_units(network, network["tinh-mau"])}
    assert {"tp-tay", "cdcs-tay-1", "cdcs-dung"} <= province


def test_same_unit_and_older_newer_follow_dates_and_skip_what_is_shown(content):
    index = scan(content)
    base = index.by_source["cdcs-dung/hoi-nghi-nguoi-lao-dong.md"]
    older = dataclasses.replace(base, identity="cdcs-dung/cu", title="Cũ", date=base.date.replace(month=1))
    newer = dataclasses.replace(base, identity="cdcs-dung/moi", title="Mới", date=base.date.replace(month=5))
    unit = [newer, base, older]  # newest first, as the index keeps them
    assert older_and_newer(base, unit) == (older, newer)
    assert older_and_newer(newer, unit) == (base, None)
    assert older_and_newer(older, unit) == (None, base)
    assert same_unit(base, unit) == [newer, older]
    assert same_unit(base, unit, shown=[newer]) == [older]


def test_front_page_shows_each_article_once_and_leads_with_a_photo(content):
    network, index = local_network(content), scan(content)
    page = front_page(network, network["tp-dong"], index.records, ("Hoạt động công đoàn",), grassroots_count=8)
    assert page.lead is not None and page.lead.image  # the newest with a photo
    shown = [page.lead, *page.top, *(r for _, block in page.sections for r in block), *page.grassroots]
    assert len({r.identity for r in shown}) == len(shown)
    assert all(r.published for r in shown) and page.federations == ()
    province = front_page(network, network["tinh-mau"], index.records, (), grassroots_count=8)
    assert [child.id for child, _ in province.federations] == ["tp-dong"]  # tp-tay's own site has no article
    assert all(network[r.unit_id].kind == "grassroots" for r in province.grassroots)


def _scored_against_every_record(record, pool, limit=4):
    """The definition of "Tin liên quan", written the slow way: every record of the pool scored."""
    tags = {tag.casefold() for tag in record.tags}
    scored = []
    for other in pool:
        if other.identity == record.identity or not other.published:
            continue
        topic = 3 * len(tags & {tag.casefold() for tag in other.tags}) + (other.category == record.category)
        if topic:
            scored.append((-(topic + (other.unit_id == record.unit_id)), -other.date.timestamp(), other.identity, other))
    return [other for *_, other in sorted(scored, key=lambda row: row[:3])[:limit]]


_TAG_SPELLINGS = ("hội nghị", "Hội Nghị", "an toàn", "thể thao", "nữ công", "đối thoại")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.lists(st.sampled_from(_TAG_SPELLINGS), max_size=3), st.sampled_from("abc"),
                               st.sampled_from(("cdcs-dung", "cdcs-dong", "tinh-mau")), st.integers(1, 6),
                               st.sampled_from(("published", "published", "draft"))), min_size=1, max_size=30),
       limit=st.integers(1, 6))
def test_the_related_finder_picks_what_scoring_every_record_picks(content, rows, limit):
    # Few tags, categories, units and days: many ties, shared tag sets, drafts and case variants.
    base = scan(content).by_source["cdcs-dung/hoi-nghi-nguoi-lao-dong.md"]
    pool = [dataclasses.replace(base, identity=f"{unit}/{n}", tags=tuple(tags), category=category, unit_id=unit,
                                date=base.date.replace(day=day), status=status)
            for n, (tags, category, unit, day, status) in enumerate(rows)]
    finder = RelatedFinder(pool)
    for record in pool:
        assert finder.related(record, limit) == _scored_against_every_record(record, pool, limit)
