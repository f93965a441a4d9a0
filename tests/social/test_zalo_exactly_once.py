"""Exactly once on Zalo: many items through random faults, and a poster killed with SIGKILL at its checkpoints.

The fake server's `articles` is the ground truth: every article URL appears
there exactly once, and the journal says `posted` with the server's id.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
from collections import Counter

from zalo_harness import authorise, post_once, zalo_network
from zalo_server import start_zalo  # noqa: F401  (fixture)

from feed_factory import ROOT

FAULTS = {"create": {"lost-answer": 0.05, "500": 0.03, "rate-limit": 0.01},
          "verify": {"lost-answer": 0.05, "500": 0.03},
          "list": {"500": 0.03, "lost-answer": 0.02}}


def assert_exactly_once(net, zalo) -> None:
    expected = net.urls["cdcs-z1"]
    counts = Counter(zalo.links())
    assert sorted(counts) == sorted(expected)
    assert {url: n for url, n in counts.items() if n != 1} == {}
    with sqlite3.connect(net.state) as db:
        rows = dict(db.execute("SELECT url, article_id FROM zalo_items WHERE status = 'posted'").fetchall())
    assert rows == {article.body["body"][-1]["content"].split(": ", 1)[1]: article.id for article in zalo.articles}
    assert zalo.token_in_url == 0


def test_three_hundred_items_through_random_faults_are_posted_exactly_once(tmp_path, start_zalo):
    net = zalo_network(tmp_path, 300)
    zalo = start_zalo()
    authorise(tmp_path / "tokens", zalo)
    zalo.random_faults(20260122, FAULTS)
    for _ in range(30):
        report = post_once(net, zalo, tmp_path / "tokens", timeout=0.5)
        if report.ok:
            break
    assert report.ok, report
    assert_exactly_once(net, zalo)
    lost = zalo.faults_injected["create lost-answer"] + zalo.faults_injected["verify lost-answer"]
    assert lost >= 10 and sum(zalo.faults_injected.values()) >= 30


CHILD = """
import sys
sys.path[:0] = [{tests!r}, {root!r}]
from pathlib import Path
from zalo_harness import post_once
from feed_factory import TestNetwork
class Server:
    url = {url!r}
    app_id = {app_id!r}
    secret_key = {secret!r}
net = TestNetwork(Path({root_dir!r}), Path({content!r}), Path({output!r}), Path({state!r}), {pages!r}, {{}})
report = post_once(net, Server, Path({tokens!r}))
sys.exit(0 if report.ok else 1)
"""


def _child(net, zalo, tokens, crash_at: str | None) -> int:
    from feed_factory import PageSpec  # noqa: F401  (the child rebuilds the specs by repr)
    code = CHILD.format(tests=str(ROOT / "tests" / "social"), root=str(ROOT), url=zalo.url, app_id=zalo.app_id,
                        secret=zalo.secret_key, root_dir=str(net.root), content=str(net.content),
                        output=str(net.output), state=str(net.state), pages=[], tokens=str(tokens))
    code = code.replace("[], {}", "[PageSpec('cdcs-z1', '1', 'x')], {}").replace(
        "from feed_factory import TestNetwork", "from feed_factory import TestNetwork, PageSpec")
    env = {"PATH": "/usr/bin:/bin"}
    if crash_at:
        env["SOCIAL_CRASH_AT"] = crash_at
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, timeout=60,
                          capture_output=True).returncode


def test_killed_with_sigkill_at_random_checkpoints_and_restarted_still_exactly_once(tmp_path, start_zalo):
    net = zalo_network(tmp_path, 30)
    zalo = start_zalo()
    tokens = tmp_path / "tokens"
    authorise(tokens, zalo, expires_in=60)  # the first run must refresh: kills land around the refresh too
    zalo.random_faults(7, {"create": {"lost-answer": 0.05}, "verify": {"lost-answer": 0.05}})
    rng = random.Random(20260122)
    kills = 0
    for _ in range(40):
        kills += _child(net, zalo, tokens, str(rng.randint(1, 12))) == -signal.SIGKILL
        if kills >= 20:
            break
    assert kills >= 20
    zalo.calm()
    for _ in range(10):
        if _child(net, zalo, tokens, None) == 0:
            break
    assert_exactly_once(net, zalo)
