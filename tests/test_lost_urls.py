"""A pull request that loses published URLs fails with lines that say why and what to write instead.

The check compares the build of the target branch with the pull request's
(scripts/check_urls.py OLD NEW --old-content): a unit's `slug:` or `parent:`
edited in place (instead of a `history:` event) is named at its line of
content/network.yml [direct-registry-edit], each lost URL with it [lost-url].
Real builds of the fixture network, before and after the edit.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from builder.build import BuildOptions, build
from checks.lost_urls import direct_edits
from conftest import FIXTURE_CONTENT, ROOT
from domain.registry import load_network
from scripts.check_urls import main as check_urls

SETTINGS = ROOT / "pelicanconf.py"


def vietnam_today() -> str:
    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()  # the day the check runs, as the build's


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[Path, Path]:
    """The target branch: the fixture network's content and its build."""
    work = tmp_path_factory.mktemp("base")
    shutil.copytree(FIXTURE_CONTENT, work / "content")
    build(BuildOptions(work / "content", work / "output", SETTINGS, jobs=1))
    return work / "content", work / "output"


def pull_request(tmp_path: Path, base: tuple[Path, Path], old: str, new: str) -> tuple[Path, Path]:
    """The pull request's content (one registry text replaced) in tmp_path/content, and its build."""
    content = tmp_path / "content"
    shutil.copytree(base[0], content)
    registry = content / "network.yml"
    text = registry.read_text(encoding="utf-8")
    assert text.count(old) == 1
    registry.write_text(text.replace(old, new), encoding="utf-8")
    build(BuildOptions(content, tmp_path / "output", SETTINGS, jobs=1))
    return content, tmp_path / "output"


def run_check(tmp_path: Path, base: tuple[Path, Path], *extra: str, capsys, monkeypatch) -> tuple[int, list[str]]:
    monkeypatch.chdir(tmp_path)  # paths are shown as the editor sees them: content/network.yml
    code = check_urls([str(base[1]), str(tmp_path / "output"), "--content", str(tmp_path / "content"), *extra])
    return code, capsys.readouterr().out.splitlines()


def test_a_slug_edited_in_place_fails_at_its_line_with_the_history_event_to_write(tmp_path, base, capsys, monkeypatch):
    pull_request(tmp_path, base, "    slug: cong-ty-dong\n", "    slug: cong-ty-dong-moi\n")
    code, lines = run_check(tmp_path, base, "--old-content", str(base[0]), capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    today = vietnam_today()
    assert lines[0].startswith("content/network.yml:41: slug: `slug` của đơn vị `cdcs-dong` bị sửa thẳng từ "
                               "`cong-ty-dong` thành `cong-ty-dong-moi`, nên ")
    assert f"trả lại `slug: cong-ty-dong` và ghi việc đổi thành một sự kiện trong `history:` của đơn vị: " \
           f"`- {{date: {today}, event: renamed, slug: cong-ty-dong-moi}}`" in lines[0]
    assert lines[0].endswith("[direct-registry-edit]")
    lost = [line for line in lines if line.endswith("[lost-url]")]
    assert lost and all(line.startswith("content/network.yml:41: slug: địa chỉ đã xuất bản `tp-dong/cong-ty-dong/")
                        for line in lost)
    assert lost[0].startswith("content/network.yml:41: slug: địa chỉ đã xuất bản `tp-dong/cong-ty-dong/index.html` sẽ mất "
                              "do `slug` của đơn vị `cdcs-dong` bị sửa thẳng: bản dựng mới không có trang nào ở địa chỉ này")
    assert lines[-1].startswith("Kiểm tra địa chỉ: ") and lines[-1].endswith(f", {len(lost)} bị mất")


def test_a_parent_edited_in_place_fails_at_its_line(tmp_path, base, capsys, monkeypatch):
    pull_request(tmp_path, base, "    parent: tp-dong\n    members: 1250\n", "    parent: tinh-mau\n    members: 1250\n")
    code, lines = run_check(tmp_path, base, "--old-content", str(base[0]), capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert lines[0].startswith("content/network.yml:28: parent: `parent` của đơn vị `cdcs-dung` bị sửa thẳng từ "
                               "`tp-dong` thành `tinh-mau`")
    assert "event: moved, parent: tinh-mau}`" in lines[0] and lines[0].endswith("[direct-registry-edit]")
    assert any(line.startswith("content/network.yml:28: parent: địa chỉ đã xuất bản `tp-dong/tin/") for line in lines)


def test_the_same_change_as_a_history_event_loses_nothing(tmp_path, base, capsys, monkeypatch):
    event = f"    slug: cong-ty-dong\n    history:\n      - {{date: {vietnam_today()}, event: renamed, slug: cong-ty-dong-moi}}\n"
    pull_request(tmp_path, base, "    slug: cong-ty-dong\n", event)
    code, lines = run_check(tmp_path, base, "--old-content", str(base[0]), capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0
    assert len(lines) == 1 and lines[0].endswith(" chuyển hướng, 0 bị mất")


def test_without_the_old_content_each_lost_url_still_says_every_usual_cause(tmp_path, base, capsys, monkeypatch):
    pull_request(tmp_path, base, "    slug: cong-ty-dong\n", "    slug: cong-ty-dong-moi\n")
    code, lines = run_check(tmp_path, base, capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    line = next(line for line in lines if line.startswith("tp-dong/cong-ty-dong/index.html:1: URL: "))
    assert "địa chỉ đã xuất bản này sẽ mất: bản dựng mới không có trang nào ở địa chỉ này" in line
    assert "ghi việc đổi thành một sự kiện trong `history:`" in line and line.endswith("[lost-url]")


def test_a_deleted_entry_is_a_direct_edit(tmp_path):
    before, after = tmp_path / "before.yml", tmp_path / "after.yml"
    text = (FIXTURE_CONTENT / "network.yml").read_text(encoding="utf-8")
    before.write_text(text, encoding="utf-8")
    start = text.index("  - id: cdcs-dong\n")
    after.write_text(text[:start] + text[text.index("  - id: cdcs-ong\n"):], encoding="utf-8")
    edits = direct_edits(load_network(before), load_network(after), date(2026, 1, 1))
    assert [(e.unit_id, e.field, e.line, e.old_site, e.old_slug) for e in edits] == [
        ("cdcs-dong", "id", 1, "tp-dong", "cong-ty-dong")]
