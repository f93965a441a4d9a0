"""Exactly once on Zalo: 1,000 items through random faults, and posters killed with SIGKILL and restarted.

The same two runs as Facebook's (test_exactly_once.py), through `scripts.social
post --platform zalo`.  The fake server's `articles` is the ground truth: every
article URL appears there exactly once, and the state says `posted` with the
server's id.  Its refresh tokens work once, so a kill between a refresh and its
save really locks the OA out: the run after says so, the test authorises the
OA again as a person would (a new first token in the unit's variable), and
still nothing is posted twice.
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
from pathlib import Path

from zalo_server import start_zalo  # noqa: F401  (fixture)

from feed_factory import ROOT, PageSpec, make_network, run_inprocess
from social.zalo.tokenstore import FileTokenStore

FAULTS = {"create": {"lost-answer": 0.04, "500": 0.03, "rate-limit": 0.003, "expire": 0.01},
          "verify": {"lost-answer": 0.04, "500": 0.03},
          "list": {"500": 0.01, "lost-answer": 0.01, "rate-limit": 0.002},
          "refresh": {"500": 0.2}}


def oas_of(items: list[int]) -> list[PageSpec]:
    return [PageSpec(f"cdcs-z{n}", f"30000000000{n}", f"EAAZ-unused-{n}", None,
                     [timedelta(minutes=m) for m in range(1, count + 1)],
                     extra=f"zalo_oa_id: '{oa(n)}'\nzalo_token_env: ZALO_TOKEN_Z{n}")
            for n, count in enumerate(items, start=1)]


def oa(number: int) -> str:
    return f"50000000000000001{number:02d}"


def zalo_env(net, zalo) -> dict[str, str]:
    """What the workflow gives the poster: the app, and each OA's first refresh token (its admin authorised it)."""
    firsts = {f"ZALO_TOKEN_Z{n}": zalo.authorise(oa(n))[1] for n in range(1, len(net.pages) + 1)}
    return net.env(ZALO_APP_ID=zalo.app_id, ZALO_SECRET_KEY=zalo.secret_key, **firsts)


def zalo_args(net, zalo, tokens: Path, *more: str) -> list[str]:
    return net.args("http://127.0.0.1:9", "--platform", "zalo", "--zalo-url", zalo.url, "--zalo-oauth-url",
                    zalo.url, "--zalo-tokens", str(tokens), "--max-posts", "0", *more)


def assert_exactly_once(net, zalo) -> None:
    expected = [url for urls in net.urls.values() for url in urls]
    counts = Counter(zalo.links())
    assert sorted(counts) == sorted(expected)
    assert {url: n for url, n in counts.items() if n != 1} == {}
    with sqlite3.connect(net.state) as db:
        rows = db.execute("SELECT url, status, article_id FROM zalo_items").fetchall()
    server_ids = {a.body["body"][-1]["content"].split(": ", 1)[1]: a.id for a in zalo.articles}
    assert len(rows) == len(expected)
    assert all(status == "posted" and server_ids[url] == article_id for url, status, article_id in rows)
    assert zalo.token_in_url == 0


def test_a_thousand_items_over_two_oas_are_posted_exactly_once_through_random_faults(tmp_path, start_zalo):
    net = make_network(tmp_path, oas_of([800, 200]))  # 800 in one window: the check pages past 500
    zalo = start_zalo(processing_seconds=0.02, processing_every=10)
    zalo.random_faults(20260122, FAULTS)
    zalo.script(("refresh", "500"))  # the first refresh fails for sure (nothing spent): the next run refreshes
    env = zalo_env(net, zalo)
    args = zalo_args(net, zalo, tmp_path / "tokens", "--zalo-settle", "0.5", "--timeout", "0.5", "--retries", "3",
                     "--quiet")
    codes = []
    for _ in range(30):
        result = run_inprocess(args, env)
        codes.append(result.code)
        secrets = [*zalo.access, *zalo.refresh, *zalo.spent, zalo.secret_key]
        assert not [secret for secret in secrets if secret in result.stdout + result.stderr]
        if result.code == 0:
            break
        time.sleep(0.1)  # past the settle time of the items whose create answer was lost
    assert codes[-1] == 0, codes
    assert len(zalo.articles) == 1000
    assert_exactly_once(net, zalo)
    faults = zalo.faults_injected
    assert faults["create lost-answer"] + faults["verify lost-answer"] >= 40 and sum(faults.values()) >= 100
    assert faults["create expire"] >= 3 and faults["refresh 500"] >= 1 and zalo.processing_answers >= 10
    assert zalo.deepest_offset >= 500 and zalo.refresh_calls > len(net.pages)  # the faults really happened


def _run(net, zalo, args: list[str], env: dict[str, str], log: Path, kill_after: float | None = None) -> int:
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "scripts.social", *args], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
        try:
            return process.wait(kill_after) if kill_after else process.wait(60)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            return process.wait(10)


def _authorise_locked_out(net, zalo, env: dict[str, str], tokens: Path, log: Path, killed: bool) -> int:
    """Authorise again each OA whose pair Zalo refused (a kill landed between a refresh and its save)."""
    count = 0
    for number in range(1, len(net.pages) + 1):
        loaded = FileTokenStore(tokens).load(oa(number))
        if loaded and loaded[1].refused:
            assert killed or "cấp quyền lại cho ứng dụng" in log.read_text(encoding="utf-8")  # said, not silent
            env[f"ZALO_TOKEN_Z{number}"] = zalo.authorise(oa(number))[1]
            count += 1
    return count


def test_killed_with_sigkill_at_random_points_and_restarted_still_exactly_once(tmp_path, start_zalo):
    net = make_network(tmp_path, oas_of([30, 30]))
    zalo = start_zalo()
    zalo.random_faults(7, {"create": {"lost-answer": 0.05, "expire": 0.1}, "verify": {"lost-answer": 0.05},
                           "list": {"500": 0.03}})
    env, tokens, log = zalo_env(net, zalo), tmp_path / "tokens", tmp_path / "run.log"
    args = zalo_args(net, zalo, tokens, "--zalo-settle", "0.3", "--quiet")
    rng = random.Random(20260122)
    kills, reauthorised = Counter(), 0
    for run in range(60):
        if run % 4 == 3:  # at an instant that is no checkpoint: in a request, in a commit, at start-up
            zalo.delay = 0.05  # slow answers, so that the kill lands while items remain
            code = _run(net, zalo, args, env, log, kill_after=rng.uniform(0.4, 1.2))
            kills["timed"] += code == -signal.SIGKILL
            zalo.delay = 0.0
        else:  # at a checkpoint: the refresh claimed, answered, saved; the intent, the token, the id
            code = _run(net, zalo, args, {**env, "SOCIAL_CRASH_AT": str(rng.randint(1, 10))}, log)
            kills["checkpoint"] += code == -signal.SIGKILL
        if code == -signal.SIGKILL:
            kills["in a refresh"] += any(FileTokenStore(tokens).load(oa(n))[1].refreshing  # type: ignore[index]
                                         for n in (1, 2) if FileTokenStore(tokens).load(oa(n)))
        reauthorised += _authorise_locked_out(net, zalo, env, tokens, log, code == -signal.SIGKILL)
        if kills["timed"] + kills["checkpoint"] >= 25:
            break
    assert kills["timed"] + kills["checkpoint"] >= 25 and kills["checkpoint"] >= 15 and kills["timed"] >= 1, kills
    assert kills["in a refresh"] >= 1, kills  # between a claim and its save: the pair at stake
    assert len(set(zalo.links())) < 60  # the kills left work for the final runs
    zalo.calm()
    started = time.monotonic()
    while _run(net, zalo, args, env, log) != 0:
        reauthorised += _authorise_locked_out(net, zalo, env, tokens, log, False)
        assert time.monotonic() - started < 30, log.read_text(encoding="utf-8")
        time.sleep(0.3)  # the settle time of a create whose answer the kill took
    assert_exactly_once(net, zalo)
