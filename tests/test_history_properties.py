"""Free histories (valid or not): the loader refuses them with a Problem, or every day of them builds.

The generator does not try to be valid: random event kinds on a few shared
days (so same-day events are frequent), targets among every unit (itself, its
own subtree, other kinds, units not yet established) and an unknown id, units
listed in a random order.  Each example runs in a forked child under a time
limit and an address-space cap: a history that makes a walk loop or grow must
fail the test, not the machine.  A few accepted examples are then built for
real, with and without `--shard`, in subprocesses under the same kind of caps.
"""

from __future__ import annotations

import os
import pickle
import re
import resource
import select
import signal
import subprocess
import sys
import time
import traceback
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from builder.merge import merge_shards
from builder.shards import shard_owner, shard_sites
from conftest import LAYOUT as DEMO_LAYOUT
from conftest import LOCAL_BASE, ROOT
from domain.articles import ArticleIndex, ArticleRecord, url_slug
from domain.feeds.settings import FeedSettings
from domain.registry import ProblemsFound, load_network
from domain.url_layout import PerPage
from stages.redirects import plan_for

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
FEEDS = FeedSettings("congdoan.example.vn", "2026", 50)
PAGES = replace(DEMO_LAYOUT, per_page=PerPage(unit=2, category=2, tag=2, archives=3))
DAYS = [date(2025, 3, 1) + timedelta(days=30 * n) for n in range(4)]  # few days: many events share one
PROBLEM_LINE = re.compile(r"^[^:]+:\d+: [\w.]+: .+ \[[a-z-]+\]$", re.S)
SECONDS, MEMORY = 20, 768 << 20  # per example: wall time, address space above the parent's
EVENT = st.sampled_from(["merged", "dissolved", "moved", "renamed"])


@st.composite
def free_registries(draw) -> list[dict]:
    """Units (dicts in file order) with free histories."""
    units: list[dict] = []
    for p in range(draw(st.integers(1, 2))):
        units.append({"id": f"p{p}", "kind": "province", "parent": None})
        units += [{"id": f"c{p}{c}", "kind": "city", "parent": f"p{p}"} for c in range(draw(st.integers(0, 2)))]
    federations = [u["id"] for u in units]
    for g in range(draw(st.integers(1, 4))):
        units.append({"id": f"g{g}", "kind": "grassroots",
                      "parent": draw(st.sampled_from(federations + [u["id"] for u in units if u["kind"] == "grassroots"]))})
    ids = [u["id"] for u in units]
    # Half the examples pick targets of a fitting kind (so that some histories are accepted),
    # the others anything: itself, its subtree, other kinds, an unknown id.
    plausible = draw(st.booleans())
    fitting = {"province": [u for u in ids if u[0] == "p"], "city": [u for u in ids if u[0] != "g"],
               "grassroots": [u for u in ids if u[0] == "g"]}
    for unit in units:
        unit["established"] = draw(st.sampled_from([None] * (9 if plausible else 3) + DAYS))
        unit["history"] = []
        for _ in range(draw(st.integers(0, 1 if plausible else 2))):
            kind, day = draw(EVENT), draw(st.sampled_from(DAYS))
            event = {"date": day.isoformat(), "event": kind}
            if plausible:
                moves_to = {"province": ["p0"], "city": fitting["province"], "grassroots": fitting["city"]}[unit["kind"]]
                choices = [u for u in (moves_to if kind == "moved" else fitting[unit["kind"]]) if u != unit["id"]]
            target = draw(st.sampled_from(choices if plausible and choices else [*ids, "khong-co"]))
            if kind in ("merged", "moved"):
                event["into" if kind == "merged" else "parent"] = target
            elif kind == "dissolved" and draw(st.booleans()):
                event["successor"] = target
            elif kind == "renamed":
                event["name"] = f"Tên mới {unit['id']} {day}"
                if draw(st.booleans()):
                    event["slug"] = f"{unit['id']}-{day:%m}"
            unit["history"].append(event)
    return draw(st.permutations(units))


def to_yaml(units: list[dict]) -> str:
    lines = ["units:"]
    for unit in units:
        lines += [f"  - id: {unit['id']}", f"    name: Đơn vị {unit['id']}", f"    short_name: {unit['id']}",
                  f"    kind: {unit['kind']}"]
        lines += [f"    parent: {unit['parent']}"] if unit["parent"] else []
        lines += [f"    established: {unit['established']}"] if unit["established"] else []
        if unit["history"]:
            lines.append("    history:")
            lines += ["      - {" + ", ".join(f"{k}: {v}" for k, v in event.items()) + "}" for event in unit["history"]]
    return "\n".join(lines) + "\n"


def article_day(unit: dict) -> date:
    return date.fromisoformat(str(unit["established"])) if unit["established"] else date(2024, 12, 1)


def article_page(slug: str) -> dict[str, str]:
    page = PAGES.article(slug)
    return {"slug": slug, "save_as": page.save_as, "url": page.url}


def records(units: list[dict]) -> list[ArticleRecord]:
    found = []
    for unit in units:
        identity, day = f"{unit['id']}/bai.md", article_day(unit)
        found.append(ArticleRecord(
            identity=identity, source=identity, unit_id=unit["id"], title=f"Tin {unit['id']}",
            date=datetime(day.year, day.month, day.day, 0, 5, tzinfo=ZONE), modified=None, category="Tin tức",
            tags=("the",), author=None, summary=None, image=None, image_caption=None, status="published",
            **article_page(url_slug(f"Tin {unit['id']}", identity))))
    return found


def load_or_problems(path: Path):
    try:
        return load_network(path), None
    except ProblemsFound as refused:
        return None, refused.problems


def check_example(units: list[dict], folder: str) -> str:
    """The property, run in the child: refused with Problems, or every day plans and shards."""
    path = Path(folder) / "network.yml"
    path.write_text(to_yaml(units), encoding="utf-8")
    registry, problems = load_or_problems(path)
    path.write_text(to_yaml(units[::-1]), encoding="utf-8")  # same units, the other way round in the file
    reversed_registry, reversed_problems = load_or_problems(path)
    def seen(found):  # what an editor reads, but the line numbers (they move with the units)
        return sorted((p.field, p.code, re.sub(r"dòng \d+", "dòng …", p.message)) for p in found or [])

    assert seen(problems) == seen(reversed_problems), "validation depends on the order of the file"
    if registry is None:
        for problem in problems:
            assert PROBLEM_LINE.match(str(problem)), str(problem)
        return "refused"
    assert reversed_registry is not None
    index = ArticleIndex(records(units))
    event_days = sorted({e.day for e in registry.events} | {u.established for u in registry if u.established})
    days = sorted({*event_days, *(d + timedelta(days=1) for d in event_days),
                   (event_days[-1] if event_days else DAYS[0]) + timedelta(days=365)})
    for day in days:
        current = registry.at(day)
        assert not current.assign_urls(LOCAL_BASE)
        for unit in current:
            assert unit.site.is_federation and unit.ancestors is not None and list(unit.subtree())[0] is unit
        owner = shard_owner(current, index, 2)
        built = sorted(shard_sites(current, index, (1, 2)) + shard_sites(current, index, (2, 2)))
        assert built == sorted(site.id for site in current.sites)
        assert all(site.id in owner for site in current.sites)
        plan_for(registry, current, index, {}, FEEDS, PAGES, LOCAL_BASE)
    return "accepted"


def _cap_memory(extra: int) -> None:
    with open("/proc/self/statm") as statm:
        size = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (size + extra, size + extra))


def bounded(function, *args, seconds: float = SECONDS, memory: int = MEMORY):
    """function(*args) in a forked child with a wall-time limit and a memory cap; its result or a failure."""
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(readable)
        try:
            _cap_memory(memory)
            outcome = ("ok", function(*args))
        except BaseException:  # noqa: BLE001 (MemoryError and RecursionError too: reported to the parent)
            outcome = ("error", traceback.format_exc())
        data = pickle.dumps(outcome)
        while data:
            data = data[os.write(writable, data):]
        os._exit(0)
    os.close(writable)
    chunks, deadline = [], time.monotonic() + seconds
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                raise AssertionError(f"no answer within {seconds} s: a loop or a hang")
            if select.select([readable], [], [], left)[0]:
                chunk = os.read(readable, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(readable)
        _, status = os.waitpid(pid, 0)
    if not chunks:
        raise AssertionError(f"the child died without an answer (status {status}): out of memory?")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "error":
        raise AssertionError(value)
    return value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(free_registries())
def test_a_free_history_is_refused_or_every_day_of_it_plans(tmp_path_factory, units):
    outcome = bounded(check_example, units, str(tmp_path_factory.mktemp("free")))
    assert outcome in ("refused", "accepted")
    event(outcome)


def test_the_harness_fails_a_hang_and_a_memory_blowup():
    def loop():
        while True:
            pass

    def grow():
        chunks = []
        while True:
            chunks.append(bytearray(64 << 20))

    for runaway, said in ((loop, "no answer"), (grow, "MemoryError")):
        try:
            bounded(runaway, seconds=2, memory=256 << 20)
        except AssertionError as failure:
            assert said in str(failure)
        else:
            raise AssertionError("the harness let a runaway example pass")


def _capped_build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts.build", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30)))


@settings(max_examples=2, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
@given(free_registries())
def test_real_builds_of_accepted_free_histories(tmp_path_factory, units):
    work = tmp_path_factory.mktemp("built")
    assume(bounded(check_example, units, str(work)) == "accepted")
    assume(any(unit["history"] for unit in units))
    _full_and_sharded_builds_agree(work, units)


def test_a_unit_moved_across_provinces_is_copied_by_the_merge(tmp_path):
    """Found by the test above: g0 moves from province p1's site to city c01 under p0, so p1's old
    unit feed is a copy of c01's, which the other shard builds (the shard used to crash)."""
    units = [
        {"id": "p1", "kind": "province", "parent": None, "established": None, "history": []},
        {"id": "g0", "kind": "grassroots", "parent": "p1", "established": None,
         "history": [{"date": "2025-05-30", "event": "moved", "parent": "c01"}]},
        {"id": "c01", "kind": "city", "parent": "p0", "established": None, "history": []},
        {"id": "p0", "kind": "province", "parent": None, "established": None, "history": []},
    ]
    _full_and_sharded_builds_agree(tmp_path, units)
    assert (tmp_path / "shard-2" / "pending-copies.json").is_file() or (tmp_path / "shard-1" / "pending-copies.json").is_file()


def _full_and_sharded_builds_agree(work: Path, units: list[dict]) -> None:
    content = work / "content"
    content.mkdir()
    (content / "network.yml").write_text(to_yaml(units), encoding="utf-8")
    for unit in units:
        folder = content / unit["id"]
        folder.mkdir()
        day = article_day(unit)
        (folder / "bai.md").write_text(f"Title: Tin {unit['id']}\nDate: {day} 00:05\n\nBài của {unit['id']}.\n", encoding="utf-8")
    registry = load_network(content / "network.yml")
    last = max(e.day for e in registry.events)
    folders = {}
    for name, extra in (("full", []), ("shard-1", ["--shard", "1/2"]), ("shard-2", ["--shard", "2/2"])):
        output = work / name
        done = _capped_build("--content", str(content), "--output", str(output), "--as-of", str(last), *extra)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stdout + done.stderr
        folders[name] = {path.name for path in output.iterdir() if path.is_dir()}
    sites = {site.id for site in registry.at(last).sites}
    assert sites <= folders["full"] and folders["shard-1"] | folders["shard-2"] == folders["full"]
    # Merged, the shards are the single build byte for byte (a unit moved across provinces has its old
    # feed copied from a site of the other shard: the merge makes that copy).
    merge_shards([work / "shard-1", work / "shard-2"], work / "merged")
    assert _tree(work / "merged") == _tree(work / "full")


def _tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


MERGED_INTO_OWN_CITY = ("    url: https://ldld.tinhmau.example.vn\n",
                        "    url: https://ldld.tinhmau.example.vn\n"
                        "    history:\n      - {date: 2026-11-20, event: merged, into: tp-dong}\n")
MOVED_INTO_A_LATER_CITY = """
  - id: tp-moi
    name: Liên đoàn Lao động thành phố Mới
    short_name: LĐLĐ TP Mới
    kind: city
    parent: tinh-mau
    established: 2026-06-01
  - id: cdcs-chuyen
    name: Công đoàn cơ sở Chuyển
    short_name: CĐCS Chuyển
    kind: grassroots
    parent: tinh-mau
    history:
      - {date: 2026-03-01, event: moved, parent: tp-moi}
      - {date: 2026-09-01, event: renamed, name: Công đoàn cơ sở Chuyển mới}
"""


def test_issue_histories_are_one_problem_line_in_a_real_build_with_and_without_shards(tmp_path):
    from conftest import copy_fixture_content

    cases = [("bad-merge", "history.into", "event: merged"), ("not-yet-established", "history.parent", "event: moved")]
    for (code, field, written), edit in zip(cases, (MERGED_INTO_OWN_CITY, MOVED_INTO_A_LATER_CITY), strict=True):
        content = copy_fixture_content(tmp_path / code)
        registry = content / "network.yml"
        text = registry.read_text(encoding="utf-8")
        registry.write_text(text.replace(*edit, 1) if isinstance(edit, tuple) else text + edit, encoding="utf-8")
        lines = registry.read_text(encoding="utf-8").splitlines()
        for extra in ([], ["--shard", "1/2"]):
            done = _capped_build("--content", str(content), "--output", str(tmp_path / code / "out"),
                                 "--as-of", "2026-12-01", *extra)
            said = [line for line in (done.stdout + done.stderr).splitlines() if f"[{code}]" in line]
            assert done.returncode == 1 and "Traceback" not in done.stderr and len(said) == 1, done.stdout + done.stderr
            where, shown_field = re.match(r"^(.+?:\d+): ([\w.]+):", said[0]).groups()
            assert shown_field == field and written in lines[int(where.rsplit(":", 1)[1]) - 1]
            assert not (tmp_path / code / "out").exists()
