"""What pages pick from the records (domain/articles/related.py), on the fixture network's real scan."""

from __future__ import annotations

import dataclasses

from conftest import local_network, scan
from domain.articles.related import front_page, older_and_newer, related, related_units, same_unit


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
