"""A feed that vanished: copied when its successor is a feed, else an empty feed naming the page (stages/redirects/plan.py).

A unit's feed vanishes when its unit has no published article left, but no
registry event can do that: the planner lists every past day with today's
article index, so a unit with a feed on some past day has one today (a merger,
a move or a rename carries it, the key is the permanent unit id).  The case is
yesterday's build against today's after an editor unpublished the unit's only
article, so the plan is made directly from the two days' real inventories of
the fixture network.  A feed reader keeps polling the old address; what it
gets must still be a feed (readers follow no HTML redirect): a valid, empty
one, whose channel links the unit's page and says it has no article now; never
an HTML page (a redirect page, or that page's bytes as a copy).
"""

from __future__ import annotations

import dataclasses

import feedparser

from checks.feeds import atom_problems
from conftest import LAYOUT, LOCAL_BASE, local_network, scan
from domain.articles import ArticleIndex
from domain.feeds.settings import FeedSettings
from stages.redirects import REDIRECT_MARKER, Redirect, network_inventory, plan_redirects, write_plan

FEEDS = FeedSettings("congdoan.example.vn", "2026", 50)
UNIT = "cdcs-dung"  # one article in the fixture network, a section of the tp-dong site


def unpublished(index: ArticleIndex, unit_id: str) -> ArticleIndex:
    """`index` after the unit's articles were set to `Status: draft`."""
    return ArticleIndex(dataclasses.replace(r, status="draft") if r.unit_id == unit_id else r for r in index.records)


def test_a_unit_feed_that_vanished_stays_an_empty_feed_naming_the_units_page(content, tmp_path):
    network = local_network(content)
    yesterday = scan(content)
    today = unpublished(yesterday, UNIT)
    old = network_inventory(network, yesterday, yesterday.published_files, FEEDS, LAYOUT)
    current = network_inventory(network, today, today.published_files, FEEDS, LAYOUT)
    feeds = [f"tp-dong/feeds/don-vi/{UNIT}.{fmt}.xml" for fmt in ("atom", "rss")]
    assert all(path in old and path not in current for path in feeds)
    assert f"tp-dong/{UNIT}/index.html" in current  # the unit's page stays, without articles

    plan = plan_redirects(old, current, network)

    assert [r for r in plan.empty_feeds if r.old in feeds] == [Redirect(path, f"tp-dong/{UNIT}/index.html") for path in feeds]
    assert not [r for r in plan.redirects + plan.copies if r.old in feeds]  # an HTML page is never served at a feed's address
    assert not plan.listed & set(feeds)  # and a feed is not listed in the sitemap of redirects

    write_plan(plan, tmp_path, {site.id: site.site_url for site in network.sites}, network=network, feeds=FEEDS)
    unit_page = f"{LOCAL_BASE}/tp-dong/{UNIT}/"
    for path in feeds:  # what a feed reader gets at the old address: a feed, empty, that names the unit's page
        served = (tmp_path / path).read_bytes()
        fmt = path.rsplit(".", 2)[1]
        parsed = feedparser.parse(served)
        assert REDIRECT_MARKER.encode() not in served
        assert not parsed.bozo and parsed.version.startswith(fmt) and parsed.entries == []
        assert parsed.feed.link == unit_page and "không còn bài viết nào" in parsed.feed.subtitle
        assert fmt == "rss" or parsed.feed.id == f"tag:congdoan.example.vn,2026:feed/unit/{UNIT}"  # its own id
        if fmt == "atom":
            assert atom_problems(served, f"{LOCAL_BASE}/{path}", 50) == []
        assert f"/feeds/don-vi/{UNIT}." not in (tmp_path / "_redirects").read_text(encoding="utf-8")


def test_the_published_feed_urls_alone_give_the_same_empty_feeds(content):
    """A fresh runner knows yesterday's feeds only from the published feeds.txt: each URL says what it was."""
    from stages.redirects.published import published_lists

    network = local_network(content)
    yesterday = scan(content)
    today = unpublished(yesterday, UNIT)
    old = network_inventory(network, yesterday, yesterday.published_files, FEEDS, LAYOUT)
    current = network_inventory(network, today, today.published_files, FEEDS, LAYOUT)
    gone = sorted(path for path in old if path.endswith(".xml") and path not in current)
    assert f"tp-dong/feeds/don-vi/{UNIT}.atom.xml" in gone and "tinh-mau/feeds/van-ban.atom.xml" in gone
    from_urls = published_lists(gone, LAYOUT)
    assert sorted(from_urls) == gone
    assert plan_redirects(from_urls, current, network).empty_feeds == plan_redirects(old, current, network).empty_feeds
