"""The Zalo poster against a fake OA Open API on 127.0.0.1: lost answers, processing, tokens, lost state."""

from __future__ import annotations

import sqlite3
from collections import Counter

from zalo_harness import OA, authorise, post_once, zalo_network
from zalo_server import start_zalo  # noqa: F401  (fixture)

from social.zalo.message import compose_article
from social.zalo.tokenstore import FileTokenStore, StaleWrite, TokenRecord


def statuses(net) -> Counter:
    with sqlite3.connect(net.state) as db:
        return Counter(status for (status,) in db.execute("SELECT status FROM zalo_items"))


def test_a_lost_create_answer_is_found_on_the_oa_not_created_twice(tmp_path, start_zalo):
    net = zalo_network(tmp_path, 4)
    zalo = start_zalo()
    authorise(tmp_path / "tokens", zalo)
    zalo.script(("create", "lost-answer"), ("create", "500"), ("verify", "lost-answer"))
    first = post_once(net, zalo, tmp_path / "tokens")
    assert first.pending >= 1
    second = post_once(net, zalo, tmp_path / "tokens")
    assert second.ok, second
    assert sorted(zalo.links()) == sorted(net.urls["cdcs-z1"])  # each exactly once
    assert statuses(net) == {"posted": 4}


def test_still_processing_is_asked_again_later_never_created_again(tmp_path, start_zalo):
    net = zalo_network(tmp_path, 2)
    zalo = start_zalo(processing_seconds=0.5)
    authorise(tmp_path / "tokens", zalo)
    report = post_once(net, zalo, tmp_path / "tokens", settle=60)
    assert report.pending == 2 and statuses(net) == {"created": 2}
    import time
    time.sleep(0.6)
    assert post_once(net, zalo, tmp_path / "tokens", settle=60).ok
    assert len(zalo.articles) == 2 and statuses(net) == {"posted": 2}


def test_a_lost_state_posts_nothing_twice(tmp_path, start_zalo):
    net = zalo_network(tmp_path, 3)
    zalo = start_zalo()
    authorise(tmp_path / "tokens", zalo)
    assert post_once(net, zalo, tmp_path / "tokens").ok
    net.state.unlink()
    again = post_once(net, zalo, tmp_path / "tokens")
    assert again.ok and again.skipped == 3 and len(zalo.articles) == 3


def test_an_expired_access_token_is_refreshed_once_and_the_new_pair_saved_first(tmp_path, start_zalo):
    net = zalo_network(tmp_path, 2)
    zalo = start_zalo()
    authorise(tmp_path / "tokens", zalo)
    zalo.expire(OA)
    assert post_once(net, zalo, tmp_path / "tokens").ok
    generation, record = FileTokenStore(tmp_path / "tokens").load(OA)
    assert generation == 3 and not record.refreshing  # claimed, then saved
    assert record.refresh_token in zalo.refresh and len(zalo.spent) == 1
    assert len(zalo.articles) == 2


def test_a_lost_token_store_stops_loudly_with_how_to_reauthorise(tmp_path, start_zalo):
    net = zalo_network(tmp_path, 1)
    zalo = start_zalo()
    report = post_once(net, zalo, tmp_path / "tokens")
    assert report.stopped and "cấp quyền lại" in report.stopped and zalo.articles == []


def test_a_spent_refresh_token_stops_loudly_and_leaks_no_token(tmp_path, start_zalo):
    net = zalo_network(tmp_path, 1)
    zalo = start_zalo()
    authorise(tmp_path / "tokens", zalo, expires_in=60)  # due for a refresh
    _, record = FileTokenStore(tmp_path / "tokens").load(OA)
    zalo.refresh.pop(record.refresh_token)  # spent by someone else
    report = post_once(net, zalo, tmp_path / "tokens")
    assert report.stopped and "-14002" in report.stopped and "cấp quyền lại" in report.stopped
    assert record.refresh_token not in report.stopped and record.access_token not in report.stopped


def test_the_token_store_refuses_a_stale_write(tmp_path):
    store = FileTokenStore(tmp_path)
    assert store.swap(OA, 0, TokenRecord("a", "r", 1.0)) == 1
    assert store.swap(OA, 1, TokenRecord("b", "s", 2.0)) == 2
    try:
        store.swap(OA, 1, TokenRecord("old", "old", 3.0))
    except StaleWrite:
        pass
    else:
        raise AssertionError("a stale write was accepted")
    assert store.load(OA) == (2, TokenRecord("b", "s", 2.0))


def test_the_article_keeps_zalo_s_limits():
    article = compose_article("T" * 400, "<p>" + "x " * 400 + "</p>", "https://a.example/tin/x.html",
                              "A" * 80, None)
    assert len(article["title"]) <= 150 and len(article["author"]) <= 50 and len(article["description"]) <= 300
    assert article["body"][-1] == {"type": "text", "content": "Đọc toàn văn: https://a.example/tin/x.html"}


def test_an_oa_with_more_articles_in_the_window_than_one_check_reads_is_not_posted_to(tmp_path, start_zalo):
    import time

    from zalo_server import Article

    from social.zalo.poster import MAX_CHECKED
    net = zalo_network(tmp_path, 2)
    zalo = start_zalo()
    authorise(tmp_path / "tokens", zalo)
    now = time.time()
    zalo.articles.extend(Article(f"other-{n}", OA, f"t-{n}", {"title": f"Tin khác {n}", "body": []}, now - n, 0)
                         for n in range(MAX_CHECKED + 1))  # another tool's articles, all in the window
    report = post_once(net, zalo, tmp_path / "tokens")
    assert report.stopped == (
        f"Zalo OA {OA} (cdcs-z1): OA có hơn {MAX_CHECKED} bài trong cửa sổ đăng, chỉ kiểm tra được {MAX_CHECKED} "
        "bài mới nhất; "
        "chưa đăng gì lên OA này để khỏi đăng trùng. Chạy lại với cửa sổ ngắn hơn (ví dụ --since 12h).")
    assert len(zalo.articles) == MAX_CHECKED + 1 and not report.ok  # nothing created, unchecked
    assert statuses(net) == {}


def test_1200_articles_in_the_window_are_all_checked_and_the_new_items_posted(tmp_path, start_zalo):
    import time

    from zalo_server import Article
    net = zalo_network(tmp_path, 2)
    zalo = start_zalo()
    authorise(tmp_path / "tokens", zalo)
    now = time.time()
    zalo.articles.extend(Article(f"other-{n}", OA, f"t-{n}", {"title": f"Tin khác {n}", "body": []}, now - n, 0)
                         for n in range(1200))  # past the 500 one check read before it paged further
    assert post_once(net, zalo, tmp_path / "tokens").ok
    assert sorted(zalo.links()) == sorted(net.urls["cdcs-z1"])


def test_a_new_oa_gets_only_the_newest_items_and_later_ones_wait_for_the_next_run(tmp_path, start_zalo):
    net = zalo_network(tmp_path, 8)  # newest first in net.urls
    zalo = start_zalo()
    authorise(tmp_path / "tokens", zalo)
    first = post_once(net, zalo, tmp_path / "tokens", max_posts=3)
    assert first.ok and first.posted == 3 and first.skipped == 5  # no flood of old news on a new OA
    assert sorted(zalo.links()) == sorted(net.urls["cdcs-z1"][:3]) and statuses(net) == {"posted": 3, "seen": 5}

    from datetime import timedelta

    from feed_factory import PageSpec, make_network
    ages = [timedelta(minutes=m) for m in [*range(6, 14), *range(1, 6)]]  # items 9-13 are newer than 1-8
    more = make_network(tmp_path, [PageSpec("cdcs-z1", "100000000001", "unused-fb-token", None, ages)])
    second = post_once(more, zalo, tmp_path / "tokens", max_posts=3)  # an OA the state knows: oldest first
    assert second.ok and second.posted == 3 and second.deferred == 2
    assert post_once(more, zalo, tmp_path / "tokens", max_posts=3).posted == 2
    newer, older = more.urls["cdcs-z1"][:5], more.urls["cdcs-z1"][5:]
    assert Counter(zalo.links()) == Counter(newer + older[:3])  # each once; the five seen never
