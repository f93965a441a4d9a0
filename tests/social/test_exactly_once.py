"""Exactly once: 1,000 items through random faults, and a poster killed with SIGKILL at random points.

The fake server's `created` list is the ground truth: every article URL must
appear there exactly once, and the state must say `posted` with the server's
post id for each.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

from feed_factory import ROOT, PageSpec, make_network, run_inprocess
from graph_server import start_graph  # noqa: F401  (fixture)

POST_FAULTS = {"lost-answer": 0.04, "created-500": 0.03, "500": 0.03, "slow-created": 0.005,
               "rate-limit": 0.02, "429": 0.01}
GET_FAULTS = {"500": 0.05, "rate-limit": 0.02, "lost-answer": 0.02}


def pages_of(count: int, items: int) -> list[PageSpec]:
    return [PageSpec(f"cdcs-p{n}", f"2000000000{n:02d}", f"EAAJ-token-{n:02d}-{'s3cr3t' * 3}",
                     f"FB_TOKEN_P{n}" if n % 2 else None, [timedelta(minutes=m) for m in range(1, items + 1)])
            for n in range(1, count + 1)]


def assert_exactly_once(net, graph) -> None:
    expected = [url for urls in net.urls.values() for url in urls]
    counts = Counter(graph.links())
    assert sorted(counts) == sorted(expected)
    assert {url: n for url, n in counts.items() if n != 1} == {}
    with sqlite3.connect(net.state) as db:
        rows = db.execute("SELECT url, status, post_id FROM items").fetchall()
    server_ids = {post.link: post.id for post in graph.created}
    assert len(rows) == len(expected)
    assert all(status == "posted" and server_ids[url] == post_id for url, status, post_id in rows)
    assert graph.token_in_url == 0


def test_a_thousand_items_over_five_pages_are_posted_exactly_once_through_random_faults(tmp_path, start_graph):
    net = make_network(tmp_path, pages_of(5, 200))
    graph = start_graph({p.page_id: p.token for p in net.pages}, slow_seconds=0.3)
    graph.random_faults(20260122, post=POST_FAULTS, get=GET_FAULTS)
    args = net.args(graph.url, "--max-posts", "0", "--timeout", "0.15", "--retries", "3", "--quiet")
    codes = []
    for _ in range(15):
        result = run_inprocess(args, net.env())
        codes.append(result.code)
        for page in net.pages:
            assert page.token not in result.stdout + result.stderr
        if result.code == 0:
            break
    assert codes[-1] == 0, codes
    assert len(graph.created) == 1000
    assert_exactly_once(net, graph)
    lost = sum(graph.faults_injected[f"POST {name}"] for name in ("lost-answer", "created-500", "slow-created"))
    assert lost >= 40 and sum(graph.faults_injected.values()) >= 100  # the faults really happened


def _run(net, graph, env: dict[str, str], kill_after: float | None = None) -> int:
    process = subprocess.Popen([sys.executable, "-m", "scripts.social",
                                *net.args(graph.url, "--max-posts", "0", "--quiet")],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return process.wait(kill_after) if kill_after else process.wait(60)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        return process.wait(10)


def test_killed_with_sigkill_at_random_points_and_restarted_still_exactly_once(tmp_path, start_graph):
    net = make_network(tmp_path, pages_of(3, 30))
    graph = start_graph({p.page_id: p.token for p in net.pages}, delay=0.003)
    graph.random_faults(7, post={"lost-answer": 0.05, "created-500": 0.05}, get={"500": 0.05})
    rng = random.Random(20260122)
    kills = Counter()
    for run in range(60):
        if run % 4 == 3:  # at an instant that is no checkpoint: in a request, in a commit, at start-up
            graph.delay = 0.05  # slow answers, so that the kill lands while items remain
            kills["timed"] += _run(net, graph, net.env(), kill_after=rng.uniform(0.3, 1.2)) == -signal.SIGKILL
            graph.delay = 0.003
        else:  # at a checkpoint: after the check, the intent, the answer or the outcome
            crash_at = str(rng.randint(1, 8))
            kills["checkpoint"] += _run(net, graph, net.env(SOCIAL_CRASH_AT=crash_at)) == -signal.SIGKILL
        if sum(kills.values()) >= 25:
            break
    assert sum(kills.values()) >= 25 and kills["checkpoint"] >= 15 and kills["timed"] >= 1, kills
    assert len(set(graph.links())) < 90  # the kills left work for the final runs
    graph.calm()
    started = time.monotonic()
    while _run(net, graph, net.env()) != 0:
        assert time.monotonic() - started < 30
    assert_exactly_once(net, graph)
