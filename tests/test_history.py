"""The registry's history: impossible histories are errors; `Network.at(day)` replays the rest."""

import re
from datetime import date
from pathlib import Path

import pytest

from domain.registry import ProblemsFound, load_network

BASE = """\
units:
  - id: tinh-a
    name: Liên đoàn Lao động tỉnh A
    short_name: LĐLĐ A
    kind: province
  - id: tinh-b
    name: Liên đoàn Lao động tỉnh B
    short_name: LĐLĐ B
    kind: province
{b_history}
  - id: tp-c
    name: Liên đoàn Lao động thành phố C
    short_name: LĐLĐ C
    kind: city
    parent: tinh-b
  - id: cdcs-x
    name: Công đoàn cơ sở X
    short_name: CĐCS X
    kind: grassroots
    parent: tp-c
{x_history}
  - id: cdcs-y
    name: Công đoàn cơ sở Y
    short_name: CĐCS Y
    kind: grassroots
    parent: tinh-a
{y_history}
"""


def registry(tmp_path: Path, b: str = "", x: str = "", y: str = ""):
    path = tmp_path / "network.yml"
    path.write_text(BASE.format(b_history=b, x_history=x, y_history=y), encoding="utf-8")
    return load_network(path)


def codes(tmp_path: Path, **histories) -> list[tuple[str, str]]:
    with pytest.raises(ProblemsFound) as caught:
        registry(tmp_path, **histories)
    return [(p.field, p.code) for p in caught.value.problems]


MERGE_B = "    history:\n      - {date: 2025-07-01, event: merged, into: tinh-a, decision: QĐ 1}\n"


def test_a_merged_federation_folds_into_its_successor(tmp_path):
    network = registry(tmp_path, b=MERGE_B)
    before, after = network.at(date(2025, 6, 30)), network.at(date(2025, 7, 1))
    assert [s.id for s in before.sites] == ["tinh-a", "tinh-b", "tp-c"]
    assert [s.id for s in after.sites] == ["tinh-a", "tp-c"]
    assert after["tp-c"].parent is after["tinh-a"]  # the city now under the successor
    merged = after["tinh-b"]
    assert merged.status == "merged" and merged.ended == date(2025, 7, 1) and merged.decision == "QĐ 1"
    assert merged.successor is after["tinh-a"] and merged.site is after["tinh-a"]
    assert merged.path_in_site == "tinh-b/"  # its own page becomes a section of the successor's site
    assert network.end_of("tinh-b") == date(2025, 7, 1)


def test_rename_keeps_the_old_slug_as_alias(tmp_path):
    network = registry(tmp_path, x="    history:\n      - {date: 2026-01-15, event: renamed, name: CĐCS X mới, slug: x-moi}\n")
    renamed = network.at(date(2026, 1, 15))["cdcs-x"]
    assert (renamed.name, renamed.slug, renamed.aliases) == ("CĐCS X mới", "x-moi", ("cdcs-x",))
    assert network.at(date(2026, 1, 14))["cdcs-x"].slug == "cdcs-x"


def test_move_and_dissolve(tmp_path):
    network = registry(tmp_path, x="    history:\n      - {date: 2026-03-01, event: moved, parent: tinh-a}\n"
                                    "      - {date: 2026-06-30, event: dissolved, successor: cdcs-y}\n")
    assert network.at(date(2026, 3, 1))["cdcs-x"].site.id == "tinh-a"
    dissolved = network.at(date(2026, 7, 1))["cdcs-x"]
    assert dissolved.status == "dissolved" and dissolved.successor.id == "cdcs-y"
    assert dissolved.site.id == "tinh-a"  # the archive stays where it was


def test_successor_dissolved_before_the_merge(tmp_path):
    y = "    history:\n      - {date: 2025-01-01, event: dissolved}\n"
    x = "    history:\n      - {date: 2025-02-01, event: merged, into: cdcs-y}\n"
    assert ("history.into", "target-ended") in codes(tmp_path, x=x, y=y)


def test_move_to_a_dissolved_parent(tmp_path):
    x = "    history:\n      - {date: 2026-03-01, event: moved, parent: tinh-b}\n"
    assert ("history.parent", "target-ended") in codes(tmp_path, b=MERGE_B, x=x)


def test_move_that_makes_a_cycle(tmp_path):
    y = "    history:\n      - {date: 2026-03-01, event: moved, parent: cdcs-x}\n"
    x = "    history:\n      - {date: 2026-04-01, event: moved, parent: cdcs-y}\n"
    assert ("history.parent", "cycle") in codes(tmp_path, x=x, y=y)


def test_events_after_an_end_and_malformed_events(tmp_path):
    x = ("    history:\n      - {date: 2026-01-01, event: dissolved}\n"
         "      - {date: 2026-02-01, event: renamed, name: Z}\n")
    assert ("history.event", "event-after-end") in codes(tmp_path, x=x)
    assert ("history", "bad-event") in codes(tmp_path, x="    history:\n      - {date: 2026-01-01, event: closed}\n")
    assert ("history", "bad-date") in codes(tmp_path, x="    history:\n      - {date: 01/02/2026, event: dissolved}\n")
    assert ("history.into", "bad-merge") in codes(tmp_path, x="    history:\n      - {date: 2026-01-01, event: merged, into: tinh-a}\n")


def test_a_renamed_slug_must_be_unique(tmp_path):
    x = "    history:\n      - {date: 2026-01-01, event: renamed, slug: cdcs-y}\n"
    assert ("slug", "duplicate-slug") in codes(tmp_path, x=x)


def test_errors_name_the_line_of_the_event(tmp_path):
    x = "    history:\n      - {date: 2026-01-01, event: dissolved}\n      - {date: 2026-02-01, event: moved, parent: tinh-a}\n"
    with pytest.raises(ProblemsFound) as caught:
        registry(tmp_path, x=x)
    (problem,) = caught.value.problems
    lines = (tmp_path / "network.yml").read_text(encoding="utf-8").splitlines()
    assert "event: moved" in lines[problem.line - 1]


def test_an_article_dated_after_its_unit_ended_is_refused(tmp_path):
    from conftest import LAYOUT
    from domain.articles import scan_articles

    content = tmp_path / "content"
    content.mkdir()
    network = registry(content, x="    history:\n      - {date: 2026-01-01, event: dissolved}\n")
    (content / "cdcs-x").mkdir()
    (content / "cdcs-x" / "truoc.md").write_text("Title: A\nDate: 2025-12-31 09:00\n\nx\n", encoding="utf-8")
    (content / "cdcs-x" / "sau.md").write_text("Title: B\nDate: 2026-01-02 09:00\n\nx\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        scan_articles(content, network, default_category="Tin tức", timezone="Asia/Ho_Chi_Minh", layout=LAYOUT)
    assert [(Path(p.path).name, p.line, p.code) for p in caught.value.problems] == [("sau.md", 2, "article-after-unit-ended")]


def test_an_impossible_date_is_a_problem_not_a_crash(tmp_path):
    assert ("history", "bad-date") in codes(tmp_path, x="    history:\n      - {date: 2026-02-30, event: dissolved}\n")


# -- issue 13: histories the loader used to accept and the build could not survive ----------

def _unit(uid: str, kind: str, parent: str | None = None, established: str | None = None, history: tuple[str, ...] = ()) -> str:
    lines = [f"  - id: {uid}", f"    name: Đơn vị {uid}", f"    short_name: {uid}", f"    kind: {kind}"]
    lines += [f"    parent: {parent}"] if parent else []
    lines += [f"    established: {established}"] if established else []
    lines += ["    history:", *(f"      - {{{event}}}" for event in history)] if history else []
    return "\n".join(lines)


def custom(tmp_path: Path, *units: str):
    path = tmp_path / "network.yml"
    path.write_text("units:\n" + "\n".join(units) + "\n", encoding="utf-8")
    return load_network(path)


def problems(tmp_path: Path, *units: str):
    with pytest.raises(ProblemsFound) as caught:
        custom(tmp_path, *units)
    lines = (tmp_path / "network.yml").read_text(encoding="utf-8").splitlines()
    for problem in caught.value.problems:  # every problem is one editor's line: path:line: field: message [code]
        assert 1 <= problem.line <= len(lines) and problem.code and problem.message
    return caught.value.problems, lines


def test_a_province_merged_into_its_own_city_is_refused(tmp_path):
    found, lines = problems(tmp_path, _unit("tinh-a", "province", history=("date: 2026-11-20, event: merged, into: tp-a",)),
                            _unit("tp-a", "city", "tinh-a"), _unit("cdcs-a", "grassroots", "tp-a"))
    (problem,) = found
    assert (problem.field, problem.code) == ("history.into", "bad-merge")
    assert "into: tp-a" in lines[problem.line - 1] and "phải là LĐLĐ tỉnh" in problem.message


def test_a_move_into_its_own_subtree_is_a_cycle(tmp_path):
    found, lines = problems(tmp_path, _unit("tinh-a", "province"), _unit("cdcs-a", "grassroots", "tinh-a",
                                                                         history=("date: 2026-03-01, event: moved, parent: cdcs-b",)),
                            _unit("cdcs-b", "grassroots", "cdcs-a"))
    assert [(p.field, p.code) for p in found] == [("history.parent", "cycle")]
    assert "cdcs-a → cdcs-b → cdcs-a" in found[0].message


def test_two_moves_on_one_day_that_make_a_cycle_are_both_reported(tmp_path):
    found, _ = problems(tmp_path, _unit("tinh-a", "province"),
                        _unit("cdcs-a", "grassroots", "tinh-a", history=("date: 2026-03-01, event: moved, parent: cdcs-b",)),
                        _unit("cdcs-b", "grassroots", "tinh-a", history=("date: 2026-03-01, event: moved, parent: cdcs-a",)))
    assert sorted((p.field, p.code) for p in found) == [("history.parent", "cycle")] * 2


def test_the_model_refuses_a_cycle_validation_missed_instead_of_looping(tmp_path):
    from domain.registry.model import HierarchyCycle, link_units

    network = custom(tmp_path, _unit("tinh-a", "province"), _unit("tp-a", "city", "tinh-a"))
    units = list(network)
    units[0].parent_id = "tp-a"  # what no validated history can give
    with pytest.raises(HierarchyCycle, match="tinh-a -> tp-a -> tinh-a"):
        link_units(units)
    units[0].parent, units[0].children = units[1], [units[1]]
    with pytest.raises(HierarchyCycle):
        list(units[0].subtree())
    with pytest.raises(HierarchyCycle):
        units[0].ancestors  # noqa: B018
    grassroots = list(custom(tmp_path, _unit("tinh-a", "province"), _unit("cdcs-a", "grassroots", "tinh-a"),
                             _unit("cdcs-b", "grassroots", "cdcs-a")))
    grassroots[1].parent = grassroots[2]
    with pytest.raises(HierarchyCycle, match="site lookup"):
        grassroots[2].site  # noqa: B018


LATE_CITY = _unit("tp-moi", "city", "tinh-a", established="2026-06-01")


def test_a_move_into_a_federation_not_yet_established(tmp_path):
    found, lines = problems(tmp_path, _unit("tinh-a", "province"), LATE_CITY,
                            _unit("cdcs-a", "grassroots", "tinh-a", history=("date: 2026-03-01, event: moved, parent: tp-moi",
                                                                             "date: 2026-09-01, event: renamed, name: A mới")))
    assert [(p.field, p.code) for p in found] == [("history.parent", "not-yet-established")]
    assert "event: moved" in lines[found[0].line - 1] and "2026-06-01" in found[0].message


def test_a_unit_created_under_a_federation_not_yet_established(tmp_path):
    found, lines = problems(tmp_path, _unit("tinh-a", "province"), LATE_CITY,
                            _unit("cdcs-a", "grassroots", "tp-moi", established="2026-01-01"),
                            _unit("cdcs-b", "grassroots", "tp-moi"))
    assert sorted((p.field, p.code) for p in found) == [("parent", "not-yet-established")] * 2
    assert {lines[p.line - 1].strip().split(":")[0] for p in found} == {"established", "parent"}


def test_a_unit_created_after_its_federation_is_built_on_every_day(tmp_path):
    network = custom(tmp_path, _unit("tinh-a", "province"), LATE_CITY,
                     _unit("cdcs-a", "grassroots", "tp-moi", established="2026-06-01",
                           history=("date: 2026-09-01, event: renamed, name: A mới",)),
                     _unit("cdcs-b", "grassroots", "tinh-a", history=("date: 2026-07-01, event: moved, parent: tp-moi",)))
    for day in (date(2026, 1, 1), date(2026, 6, 1), date(2026, 7, 1), date(2027, 1, 1)):
        snapshot = network.at(day)
        assert all(unit.site for unit in snapshot)
    assert network.at(date(2026, 7, 1))["cdcs-b"].site.id == "tp-moi"


def test_a_province_merged_into_a_city_of_another_province(tmp_path):
    found, _ = problems(tmp_path, _unit("tinh-a", "province"), _unit("tinh-b", "province"), _unit("tp-b", "city", "tinh-b"),
                        _unit("tp-a", "city", "tinh-a"),
                        _unit("tinh-c", "province", history=("date: 2026-01-01, event: merged, into: tp-b",)))
    assert [(p.field, p.code) for p in found] == [("history.into", "bad-merge")]


def test_a_city_may_merge_into_a_province(tmp_path):
    network = custom(tmp_path, _unit("tinh-a", "province"),
                     _unit("tp-a", "city", "tinh-a", history=("date: 2026-01-01, event: merged, into: tinh-a",)),
                     _unit("cdcs-a", "grassroots", "tp-a"))
    assert network.at(date(2026, 1, 1))["cdcs-a"].site.id == "tinh-a"


def test_a_federation_dissolved_without_successor_must_have_its_units_moved_first(tmp_path):
    city = _unit("tp-a", "city", "tinh-a", history=("date: 2026-05-01, event: dissolved",))
    found, lines = problems(tmp_path, _unit("tinh-a", "province"), city, _unit("cdcs-a", "grassroots", "tp-a"),
                            _unit("cdcs-b", "grassroots", "tp-a", history=("date: 2026-04-01, event: dissolved",)))
    assert [(p.field, p.code) for p in found] == [("history.event", "active-under-ended")]
    assert "event: dissolved" in lines[found[0].line - 1] and "cdcs-a" in found[0].message and "cdcs-b" not in found[0].message
    # moved away the same day (events of a day apply together): accepted, whatever the order in the file
    moved = _unit("cdcs-a", "grassroots", "tp-a", history=("date: 2026-05-01, event: moved, parent: tinh-a",))
    for order in ((city, moved), (moved, city)):
        network = custom(tmp_path, _unit("tinh-a", "province"), *order)
        assert network.at(date(2026, 5, 1))["cdcs-a"].site.id == "tinh-a"


def test_a_successor_established_after_the_end(tmp_path):
    found, _ = problems(tmp_path, _unit("tinh-a", "province"), _unit("cdcs-moi", "grassroots", "tinh-a", established="2026-08-01"),
                        _unit("cdcs-a", "grassroots", "tinh-a", history=("date: 2026-06-30, event: dissolved, successor: cdcs-moi",)))
    assert [(p.field, p.code) for p in found] == [("history.successor", "not-yet-established")]


def test_a_cdcs_dissolved_into_a_province(tmp_path):
    found, _ = problems(tmp_path, _unit("tinh-a", "province"),
                        _unit("cdcs-a", "grassroots", "tinh-a", history=("date: 2026-06-30, event: dissolved, successor: tinh-a",)))
    assert [(p.field, p.code) for p in found] == [("history.successor", "bad-successor")]


@pytest.mark.parametrize("events", [
    ("date: 2026-03-01, event: moved, parent: tp-a", "date: 2026-03-01, event: moved, parent: tp-b"),
    ("date: 2026-03-01, event: renamed, name: A1", "date: 2026-03-01, event: renamed, slug: a-hai"),
    ("date: 2026-03-01, event: renamed, name: A1", "date: 2026-03-01, event: dissolved"),
])
def test_two_events_of_one_unit_on_one_day(tmp_path, events):
    found, lines = problems(tmp_path, _unit("tinh-a", "province"), _unit("tp-a", "city", "tinh-a"), _unit("tp-b", "city", "tinh-a"),
                            _unit("cdcs-a", "grassroots", "tinh-a", history=events))
    assert [(p.field, p.code) for p in found] == [("history.event", "same-day-events")]
    assert "dissolved" not in lines[found[0].line - 1]  # the end stands; the event it makes pointless is refused


def test_a_move_to_the_current_parent(tmp_path):
    found, _ = problems(tmp_path, _unit("tinh-a", "province"),
                        _unit("cdcs-a", "grassroots", "tinh-a", history=("date: 2026-03-01, event: moved, parent: tinh-a",)))
    assert [(p.field, p.code) for p in found] == [("history.parent", "same-parent")]


def test_same_day_validation_does_not_depend_on_file_order(tmp_path):
    city = _unit("tp-a", "city", "tinh-a", history=("date: 2026-09-01, event: merged, into: tp-b",))
    mover = _unit("cdcs-a", "grassroots", "tinh-a", history=("date: 2026-09-01, event: moved, parent: tp-a",))
    seen = []
    for order in ((city, mover), (mover, city)):
        found, _ = problems(tmp_path, _unit("tinh-a", "province"), _unit("tp-b", "city", "tinh-a"), *order)
        seen.append([(p.field, p.code, p.message) for p in found])
    assert seen[0] == seen[1]
    ((field, code, message),) = seen[0]
    assert (field, code) == ("history.parent", "target-ended")
    assert "cùng ngày 2026-09-01" in message and "ghi thẳng `tp-b`" in message and "trước ngày" not in message


# The third list, each as a real build: one editor's line with its code, exit 1, nothing written.
SENSELESS_HISTORIES = {
    "province-into-a-city-of-another": ("bad-merge", (
        _unit("tinh-a", "province"), _unit("tinh-b", "province"), _unit("tp-b", "city", "tinh-b"),
        _unit("tinh-c", "province", history=("date: 2026-01-01, event: merged, into: tp-b",)))),
    "dissolved-with-units-left": ("active-under-ended", (
        _unit("tinh-a", "province"), _unit("tp-a", "city", "tinh-a", history=("date: 2026-05-01, event: dissolved",)),
        _unit("cdcs-a", "grassroots", "tp-a"))),
    "successor-established-later": ("not-yet-established", (
        _unit("tinh-a", "province"), _unit("cdcs-moi", "grassroots", "tinh-a", established="2026-08-01"),
        _unit("cdcs-a", "grassroots", "tinh-a", history=("date: 2026-06-30, event: dissolved, successor: cdcs-moi",)))),
    "cdcs-dissolved-into-a-province": ("bad-successor", (
        _unit("tinh-a", "province"),
        _unit("cdcs-a", "grassroots", "tinh-a", history=("date: 2026-06-30, event: dissolved, successor: tinh-a",)))),
    "two-moves-one-day": ("same-day-events", (
        _unit("tinh-a", "province"), _unit("tp-a", "city", "tinh-a"), _unit("tp-b", "city", "tinh-a"),
        _unit("cdcs-a", "grassroots", "tinh-a", history=("date: 2026-03-01, event: moved, parent: tp-a",
                                                         "date: 2026-03-01, event: moved, parent: tp-b")))),
    "move-to-the-current-parent": ("same-parent", (
        _unit("tinh-a", "province"),
        _unit("cdcs-a", "grassroots", "tinh-a", history=("date: 2026-03-01, event: moved, parent: tinh-a",)))),
}


@pytest.mark.parametrize("case", sorted(SENSELESS_HISTORIES))
def test_a_senseless_history_stops_a_real_build_with_one_line(tmp_path, case):
    import subprocess
    import sys

    from conftest import ROOT

    code, units = SENSELESS_HISTORIES[case]
    content = tmp_path / "content"
    (content / "tinh-a").mkdir(parents=True)
    (content / "network.yml").write_text("units:\n" + "\n".join(units) + "\n", encoding="utf-8")
    (content / "tinh-a" / "bai.md").write_text("Title: Bài\nDate: 2026-02-01 08:00\n\nNội dung.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "scripts.build", "--content", str(content), "--output",
                           str(tmp_path / "output"), "--as-of", "2026-12-01"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    said = [line for line in (done.stdout + done.stderr).splitlines() if f"[{code}]" in line]
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stdout + done.stderr
    assert len(said) == 1 and re.search(r"network\.yml:\d+: history\.\w+: ", said[0]), said
    assert not (tmp_path / "output").exists()
