"""A feed that vanished: copied only when its successor is a feed, else redirected (stages/redirects/plan.py).

A unit's feed vanishes when its unit has no published article left, but no
registry event can do that: the planner lists every past day with today's
article index, so a unit with a feed on some past day has one today (a merger,
a move or a rename carries it, the key is the permanent unit id).  The case is
yesterday's build against today's after an editor unpublished the unit's only
article, so the plan is made directly from the two days' real inventories of
the fixture network.  A feed reader keeps polling the old address; what it
gets must be a redirect to the unit's page, never that HTML page's bytes
served as a feed (a copy, which the planner keeps for feed-to-feed).
"""

from __future__ import annotations

import dataclasses

from conftest import LAYOUT, LOCAL_BASE, local_network, scan
from domain.articles import ArticleIndex
from domain.feeds.settings import FeedSettings
from stages.redirects import REDIRECT_MARKER, Redirect, network_inventory, plan_redirects, write_plan

FEEDS = FeedSettings("congdoan.example.vn", "2026", 50)
UNIT = "cdcs-dung"  # one article in the fixture network, a section of the tp-dong site


def unpublished(index: ArticleIndex, unit_id: str) -> ArticleIndex:
    """`index` after the unit's articles were set to `Status: draft`."""
    return ArticleIndex(dataclasses.replace(r, status="draft") if r.unit_id == unit_id else r for r in index.records)


def test_a_unit_feed_that_vanished_redirects_to_the_units_page(content, tmp_path):
    network = local_network(content)
    yesterday = scan(content)
    today = unpublished(yesterday, UNIT)
    old = network_inventory(network, yesterday, yesterday.published_files, FEEDS, LAYOUT)
    current = network_inventory(network, today, today.published_files, FEEDS, LAYOUT)
    feeds = [f"tp-dong/feeds/don-vi/{UNIT}.{fmt}.xml" for fmt in ("atom", "rss")]
    assert all(path in old and path not in current for path in feeds)
    assert f"tp-dong/{UNIT}/index.html" in current  # the unit's page stays, without articles

    plan = plan_redirects(old, current, network)

    assert [r for r in plan.redirects if r.old in feeds] == [Redirect(path, f"tp-dong/{UNIT}/index.html") for path in feeds]
    assert not [r for r in plan.copies if r.old in feeds]  # an HTML page is never served at a feed's address
    assert not plan.listed & set(feeds)  # and a feed is not listed in the sitemap of redirects

    write_plan(plan, tmp_path, {site.id: site.site_url for site in network.sites}, network=network)
    for path in feeds:  # what a feed reader gets at the old address: a redirect page to the unit's page
        served = (tmp_path / path).read_text(encoding="utf-8")
        assert REDIRECT_MARKER in served and f'href="{LOCAL_BASE}/tp-dong/{UNIT}/"' in served
        assert f"/feeds/don-vi/{UNIT}.{path.rsplit('.', 2)[1]}.xml {LOCAL_BASE}/tp-dong/{UNIT}/ 301" in (
            tmp_path / "tp-dong" / "_redirects").read_text(encoding="utf-8")
