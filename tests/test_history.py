"""The registry's history: impossible histories are errors; `Network.at(day)` replays the rest."""

from datetime import date
from pathlib import Path

import pytest

from plugins.network_registry import ProblemsFound, load_network

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
    from plugins.articles import scan_articles

    content = tmp_path / "content"
    content.mkdir()
    network = registry(content, x="    history:\n      - {date: 2026-01-01, event: dissolved}\n")
    (content / "cdcs-x").mkdir()
    (content / "cdcs-x" / "truoc.md").write_text("Title: A\nDate: 2025-12-31 09:00\n\nx\n", encoding="utf-8")
    (content / "cdcs-x" / "sau.md").write_text("Title: B\nDate: 2026-01-02 09:00\n\nx\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        scan_articles(content, network, default_category="Tin tức", timezone="Asia/Ho_Chi_Minh")
    assert [(Path(p.path).name, p.line, p.code) for p in caught.value.problems] == [("sau.md", 2, "article-after-unit-ended")]


def test_an_impossible_date_is_a_problem_not_a_crash(tmp_path):
    assert ("history", "bad-date") in codes(tmp_path, x="    history:\n      - {date: 2026-02-30, event: dissolved}\n")
