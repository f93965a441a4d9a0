"""The poster against a real HTTP server on 127.0.0.1 speaking the Graph API, with real feed files."""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta
from pathlib import Path

from feed_factory import PageSpec, make_network, run_inprocess
from graph_server import start_graph  # noqa: F401  (fixture)

H = timedelta(hours=1)
M = timedelta(minutes=1)


def page(number: int, ages: list[timedelta], env: bool = True) -> PageSpec:
    return PageSpec(f"cdcs-p{number}", f"10000000000{number}", f"EAAG-page{number}-SECRET-{number * 7919}xyz",
                    f"FB_TOKEN_P{number}" if env else None, ages)


def statuses(net) -> dict[str, str]:
    with sqlite3.connect(net.state) as db:
        return {guid.rsplit("/", 1)[-1]: status for guid, status in db.execute("SELECT guid, status FROM items")}


def test_first_run_posts_nothing_older_than_the_window_and_at_most_the_cap(tmp_path, start_graph):
    ages = [1 * H, 2 * H, 3 * H, 4 * H, 30 * H, 3 * 24 * H, 5 * 24 * H]  # items bai-0001 .. bai-0007
    net = make_network(tmp_path, [page(1, ages)])
    graph = start_graph({"100000000001": net.pages[0].token})
    result = run_inprocess(net.args(graph.url, "--max-posts", "3"), net.env())
    assert result.code == 0, result.stderr
    urls = net.urls["cdcs-p1"]  # newest first
    assert graph.links() == [urls[2], urls[1], urls[0]]  # the newest three, oldest first
    assert statuses(net) == {"bai-0001.md": "posted", "bai-0002.md": "posted", "bai-0003.md": "posted",
                             "bai-0004.md": "seen", "bai-0005.md": "seen", "bai-0006.md": "seen",
                             "bai-0007.md": "seen"}
    assert "posted 3, skipped 4, pending 0, failed 0" in result.stdout

    again = run_inprocess(net.args(graph.url, "--max-posts", "3"), net.env())
    assert again.code == 0 and len(graph.created) == 3

    net = make_network(tmp_path, [page(1, ages + [10 * M])])  # a new article, bai-0008
    third = run_inprocess(net.args(graph.url, "--max-posts", "3"), net.env())
    assert third.code == 0 and graph.links()[3:] == [net.urls["cdcs-p1"][0]]


def test_later_runs_keep_items_beyond_the_cap_for_the_next_run(tmp_path, start_graph):
    net = make_network(tmp_path, [page(1, [5 * M])])
    graph = start_graph({"100000000001": net.pages[0].token})
    assert run_inprocess(net.args(graph.url, "--max-posts", "2"), net.env()).code == 0
    net = make_network(tmp_path, [page(1, [5 * M, 4 * M, 3 * M, 2 * M])])  # three new ones
    result = run_inprocess(net.args(graph.url, "--max-posts", "2"), net.env())
    assert result.code == 0 and "để lần sau 1" in result.stdout
    assert run_inprocess(net.args(graph.url, "--max-posts", "2"), net.env()).code == 0
    assert sorted(graph.links()) == sorted(net.urls["cdcs-p1"])


def test_a_new_state_adopts_posts_already_on_the_page(tmp_path, start_graph):
    net = make_network(tmp_path, [page(1, [1 * H, 2 * H, 3 * H])])
    graph = start_graph({"100000000001": net.pages[0].token})
    for url in net.urls["cdcs-p1"][1:]:  # posted by an earlier runner whose state was lost
        graph.add_post("100000000001", url)
    result = run_inprocess(net.args(graph.url), net.env())
    assert result.code == 0
    assert sorted(graph.links()) == sorted(net.urls["cdcs-p1"])  # only the missing one was posted
    assert "posted 1, skipped 2" in result.stdout


def test_lost_answers_are_checked_on_the_page_not_posted_twice(tmp_path, start_graph):
    net = make_network(tmp_path, [page(1, [m * M for m in range(1, 7)])])
    graph = start_graph({"100000000001": net.pages[0].token}, slow_seconds=0.6)
    graph.script(("POST", "lost-answer"), ("POST", "created-500"), ("POST", "500"), ("POST", "slow-created"),
                 ("GET", "500"), ("POST", "lost-answer"))
    result = run_inprocess(net.args(graph.url, "--timeout", "0.3", "--max-posts", "0"), net.env())
    assert result.code == 0, result.stdout + result.stderr
    assert sorted(graph.links()) == sorted(net.urls["cdcs-p1"])  # each exactly once
    assert set(statuses(net).values()) == {"posted"}
    assert "retry 1 of 3" in result.stderr  # the GET that failed was retried


def test_a_500_without_a_facebook_error_code_is_retried(tmp_path, start_graph):
    # A proxy's plain 500 carries no Graph error JSON: the HTTP status alone says "try again".
    net = make_network(tmp_path, [page(1, [1 * M, 2 * M])])
    graph = start_graph({"100000000001": net.pages[0].token})
    graph.script(("GET", "bare-500"), ("POST", "bare-500"))
    result = run_inprocess(net.args(graph.url, "--max-posts", "0"), net.env())
    assert result.code == 0, result.stdout + result.stderr
    assert dict(graph.faults_injected) == {"GET bare-500": 1, "POST bare-500": 1}
    assert sorted(graph.links()) == sorted(net.urls["cdcs-p1"])  # each exactly once
    assert set(statuses(net).values()) == {"posted"}
    assert "retry 1 of 3" in result.stderr  # the GET; the POST is checked on the page, then sent again


def test_an_unknown_outcome_stays_pending_until_the_next_run_checks(tmp_path, start_graph):
    net = make_network(tmp_path, [page(1, [1 * M, 2 * M])])
    graph = start_graph({"100000000001": net.pages[0].token})
    graph.script(("POST", "lost-answer"), ("POST", "500"))
    first = run_inprocess(net.args(graph.url, "--retries", "1"), net.env())
    assert first.code == 1 and "pending 2" in first.stdout
    assert len(graph.created) == 1  # the lost answer created its post; the 500 did not
    posts_before = graph.requests.count(("POST", "100000000001/feed"))
    second = run_inprocess(net.args(graph.url, "--retries", "1"), net.env())
    assert second.code == 0, second.stdout + second.stderr
    assert sorted(graph.links()) == sorted(net.urls["cdcs-p1"])
    assert graph.requests.count(("POST", "100000000001/feed")) == posts_before + 1  # only the missing one


def test_an_expired_token_stops_only_that_page(tmp_path, start_graph):
    pages = [page(1, [1 * M]), page(2, [1 * M, 2 * M], env=False), page(3, [3 * M])]
    net = make_network(tmp_path, pages)
    graph = start_graph({p.page_id: p.token for p in pages})
    graph.expired.add("100000000002")
    result = run_inprocess(net.args(graph.url), net.env())
    assert result.code == 1
    assert sorted(graph.links()) == sorted(net.urls["cdcs-p1"] + net.urls["cdcs-p3"])
    stop = [line for line in result.stdout.splitlines() if line.startswith("LỖI:")]
    assert len(stop) == 1 and "100000000002" in stop[0] and "cdcs-p2" in stop[0]
    assert "463" in stop[0] and "docs/dang-bai-facebook.md" in stop[0] and "FB_PAGE_TOKENS" in stop[0]
    assert "cdcs-p2 (Trang 100000000002): posted 0, skipped 0, pending 0, failed 2" in result.stdout
    assert "pending" not in {s for s in statuses(net).values()}
    graph.expired.clear()  # the manager renewed the token
    assert run_inprocess(net.args(graph.url), net.env()).code == 0
    assert sorted(graph.links("100000000002")) == sorted(net.urls["cdcs-p2"])


def test_a_missing_token_stops_only_that_page(tmp_path, start_graph):
    pages = [page(1, [1 * M]), page(2, [1 * M])]
    net = make_network(tmp_path, pages)
    graph = start_graph({p.page_id: p.token for p in pages})
    env = net.env()
    del env["FB_TOKEN_P2"]
    result = run_inprocess(net.args(graph.url), env)
    assert result.code == 1 and graph.links() == net.urls["cdcs-p1"]
    assert "FB_TOKEN_P2" in result.stdout and "100000000002" in result.stdout


def test_refused_items_are_recorded_and_skipped(tmp_path, start_graph):
    net = make_network(tmp_path, [page(1, [m * M for m in range(1, 5)])])
    graph = start_graph({"100000000001": net.pages[0].token})
    graph.script(("POST", "368"), ("POST", "506"), ("POST", "100"))
    result = run_inprocess(net.args(graph.url), net.env())
    assert result.code == 0 and "posted 1, skipped 3" in result.stdout
    assert statuses(net) == {"bai-0004.md": "rejected", "bai-0003.md": "rejected", "bai-0002.md": "rejected",
                             "bai-0001.md": "posted"}
    assert "code 368" in result.stderr and "code 506" in result.stderr and "code 100" in result.stderr
    assert run_inprocess(net.args(graph.url), net.env()).code == 0 and len(graph.created) == 1


def test_rate_limits_back_off_within_the_bound(tmp_path, start_graph):
    net = make_network(tmp_path, [page(1, [1 * M, 2 * M]), page(2, [1 * M])])
    graph = start_graph({p.page_id: p.token for p in net.pages})
    graph.script(("POST", "rate-limit"), ("POST", "429"))  # asks for 1 minute; --retry-max 0.05 s
    started = time.monotonic()
    result = run_inprocess(net.args(graph.url), net.env())
    assert result.code == 0 and len(graph.created) == 3
    assert time.monotonic() - started < 5
    graph.random_faults(1, post={"rate-limit": 1.0})  # a page that stays limited
    net = make_network(tmp_path, [page(1, [1 * M, 2 * M, 3 * M]), page(2, [1 * M])])
    limited = run_inprocess(net.args(graph.url), net.env())
    assert limited.code == 1 and "giới hạn" in limited.stdout and "failed 1" in limited.stdout
    assert len(graph.created) == 3  # nothing was created while limited


def test_dry_run_changes_nothing(tmp_path, start_graph):
    net = make_network(tmp_path, [page(1, [1 * M, 2 * M, 3 * 24 * H])])
    graph = start_graph({"100000000001": net.pages[0].token})
    fresh = run_inprocess(net.args(graph.url, "--dry-run"), net.env())
    assert fresh.code == 0 and not net.state.parent.exists() and graph.requests == []
    assert "sẽ đăng 2, bỏ qua 1" in fresh.stdout and "#HộiNghịNgườiLaoĐộng #AnToànVệSinhLaoĐộng" in fresh.stdout

    graph.script(("POST", "lost-answer"))
    run_inprocess(net.args(graph.url, "--retries", "1"), net.env())  # leaves one item pending
    snapshot = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    requests = len(graph.requests)
    result = run_inprocess(net.args(graph.url, "--dry-run"), net.env())
    assert result.code == 0 and "cần kiểm tra trên Trang 1" in result.stdout
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == snapshot
    assert len(graph.requests) == requests


def test_feeds_can_be_read_from_the_published_site(tmp_path, start_graph):
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path / "output"))
    handler.log_message = lambda *args: None
    site = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    settings = tmp_path / "webconf.py"
    root = Path(__file__).resolve().parents[2]
    settings.write_text(f"import sys\nsys.path.insert(0, {str(root)!r})\nfrom pelicanconf import *\n"
                        f"NETWORK_BASE_URL = 'http://127.0.0.1:{site.server_address[1]}'\n")
    net = make_network(tmp_path, [page(1, [1 * M])], settings=settings)  # pages and feeds at the served addresses
    graph = start_graph({"100000000001": net.pages[0].token})
    try:
        args = net.args(graph.url, "--from-web")
        args[args.index("--settings") + 1] = str(settings)
        args[args.index("--output") + 1] = str(tmp_path / "nowhere")
        result = run_inprocess(args, net.env())
    finally:
        site.shutdown()
        site.server_close()
    assert result.code == 0, result.stdout + result.stderr
    assert graph.links() == net.urls["cdcs-p1"]


def test_bad_usage_exits_2(tmp_path, start_graph):
    net = make_network(tmp_path, [page(1, [1 * M])])
    graph = start_graph({"100000000001": net.pages[0].token})
    assert run_inprocess(net.args(graph.url, "--unit", "cdcs-khong-co"), net.env()).code == 2
    assert run_inprocess(net.args(graph.url, "--unit", "tinh-thu"), net.env()).code == 2
    assert run_inprocess(net.args(graph.url), {**net.env(), "FB_PAGE_TOKENS": "{oops"}).code == 2
    missing = net.args(graph.url)
    missing[missing.index("--output") + 1] = str(tmp_path / "no-build")
    assert run_inprocess(missing, net.env()).code == 2
