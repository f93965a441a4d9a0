"""`make check` (scripts/check_content.py, builder/check.py): everything the build checks, all at once, no build.

The script's main() is called in the test's process on copies of the fixture network, from
the copy's folder (paths in messages are relative to the working folder, as an editor sees them).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import domain.articles.index as index_module
from builder.check import CheckReport, check_content
from conftest import FIXTURE_CONTENT, ROOT
from domain.registry import Problem
from scripts import check_content as script

ARTICLES = 8  # in the fixture network


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args: str) -> tuple[int, list[str]]:
    status = script.main(["--content", "content", "--output", "output", "--jobs", "1", *args])
    return status, capsys.readouterr().out.splitlines()


def test_every_broken_article_is_reported_at_once_with_its_line_and_code(work, capsys):
    (work / "content" / "cdcs-dung" / "khong-tieu-de.md").write_text("Date: 2026-01-01\n\nThân bài.\n", encoding="utf-8")
    (work / "content" / "cdcs-dong" / "sai-trang-thai.md").write_text(
        "Title: Bài mới\nDate: 2026-01-02\nStatus: xong\n\nThân bài.\n", encoding="utf-8")
    (work / "content" / "tp-dong" / "hai-cham.md").write_text("Title : x\nDate: 2026-01-03\n\nThân bài.\n", encoding="utf-8")
    status, lines = run(capsys)
    assert status == 1
    errors = [line for line in lines if line.startswith("content/")]
    assert errors == [
        "content/cdcs-dong/sai-trang-thai.md:3: Status: trạng thái `xong` không hợp lệ; dùng `published` (đăng) hoặc `draft` (nháp) [bad-status]",
        "content/cdcs-dung/khong-tieu-de.md:1: Title: thiếu tiêu đề; thêm dòng `Title: Tiêu đề bài viết` ở đầu tệp [missing-title]",
        errors[2],
    ]
    assert errors[2].startswith("content/tp-dong/hai-cham.md:1: Title: ") and errors[2].endswith("[space-before-colon]")
    assert lines[-1] == f"Kiểm tra xong: 3 lỗi, 1 cảnh báo, {ARTICLES + 3} bài viết."


def test_a_registry_error_is_reported_and_the_articles_are_not_checked(work, capsys):
    registry = work / "content" / "network.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("parent: tp-tay", "parent: tp-bac"), encoding="utf-8")
    status, lines = run(capsys)
    assert status == 1
    assert lines[0].startswith("content/network.yml:") and lines[0].endswith("[unknown-parent]")
    assert ": parent: đơn vị cdcs-tay-1: " in lines[0]
    assert lines[-1] == "Kiểm tra xong: 1 lỗi, 0 cảnh báo, 0 bài viết (chưa kiểm tra bài viết: sửa lỗi ở sổ đăng ký trước)."
    assert not (work / ".output-cache").exists()


def test_missing_settings_are_one_error(work, capsys):
    status, lines = run(capsys, "--settings", "khong-co.py")
    assert status == 1
    assert lines == [
        "khong-co.py:1: --settings: không tìm thấy tệp cấu hình; dùng pelicanconf.py hoặc publishconf.py [settings-missing]",
        "Kiểm tra xong: 1 lỗi, 0 cảnh báo, 0 bài viết (chưa kiểm tra sổ đăng ký và bài viết: sửa lỗi cấu hình trước).",
    ]


def test_publish_settings_need_every_site_url_as_the_build_does(work, capsys, monkeypatch):
    monkeypatch.delenv("NETWORK_BASE_URL", raising=False)
    registry = work / "content" / "network.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("    url: https://tay.example.vn\n", ""), encoding="utf-8")
    status, lines = run(capsys, "--settings", str(ROOT / "publishconf.py"))
    assert status == 1
    assert [line for line in lines if "[missing-url]" in line] == [
        f"content/network.yml:{_line_of(registry, 'id: tp-tay')}: url: đơn vị tp-tay: thiếu `url` (địa chỉ trang web) mà "
        f"{ROOT / 'publishconf.py'} cần khi không đặt NETWORK_BASE_URL [missing-url]"]


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)


def test_clean_content_passes_with_its_warnings_and_notes_and_output_is_never_touched(work, capsys):
    (work / "content" / "cdcs-dung" / "images" / "thua.jpg").write_bytes(
        (FIXTURE_CONTENT / "cdcs-dung" / "images" / "hoi-nghi.jpg").read_bytes())
    status, lines = run(capsys)
    assert status == 0
    assert "cảnh báo: content/cdcs-tay-1/bai-hen-gio-2099.md:2: Date: " in lines[0] and lines[0].endswith("[scheduled]")
    assert lines[1].startswith("ghi chú: content/cdcs-dung/images/thua.jpg:1: tệp: ") and lines[1].endswith("[file-not-linked]")
    assert lines[-1] == f"Kiểm tra xong: 0 lỗi, 1 cảnh báo, {ARTICLES} bài viết, 1 ghi chú."
    assert not (work / "output").exists()  # only the index cache beside it is written
    assert (work / ".output-cache" / "index.v3.pickle").is_file()


def test_a_recheck_parses_only_what_changed_even_after_errors(work, capsys, monkeypatch):
    parsed: list[str] = []
    real = index_module._parse_file

    def counting(rules, task):
        parsed.append(task[1])
        return real(rules, task)

    monkeypatch.setattr(index_module, "_parse_file", counting)
    broken = work / "content" / "cdcs-dung" / "hong.md"
    broken.write_text("Title: Hỏng\n\nThiếu ngày.\n", encoding="utf-8")
    assert run(capsys)[0] == 1
    assert len(parsed) == ARTICLES + 1
    parsed.clear()
    broken.write_text("Title: Đã sửa\nDate: 2026-02-01 08:00\n\nĐủ ngày.\n", encoding="utf-8")
    status, lines = run(capsys)
    assert status == 0 and parsed == ["cdcs-dung/hong.md"]  # the others came from the cache the failed check saved
    assert lines[-1] == f"Kiểm tra xong: 0 lỗi, 1 cảnh báo, {ARTICLES + 1} bài viết."


def test_the_report_lists_errors_then_warnings_then_notes():
    def problem(code: str) -> Problem:
        return Problem("content/a/b.md", 2, "Date", "thông báo", code)

    report = CheckReport([problem("e")], [problem("w")], [problem("n")], articles=1, registry_checked=True,
                         articles_checked=True)
    assert report.lines() == ["content/a/b.md:2: Date: thông báo [e]", "cảnh báo: content/a/b.md:2: Date: thông báo [w]",
                              "ghi chú: content/a/b.md:2: Date: thông báo [n]"]
    assert report.summary() == "Kiểm tra xong: 1 lỗi, 1 cảnh báo, 1 bài viết, 1 ghi chú."


def test_the_demo_content_is_checked_in_under_a_second(tmp_path):
    report = check_content(ROOT / "content", ROOT / "pelicanconf.py", tmp_path / "output", jobs=1)
    assert report.articles_checked and report.articles > 0
    assert report.seconds < 1.0, f"the demo's check took {report.seconds:.2f} s"


def test_an_unexpected_failure_is_one_line_and_a_log_never_a_traceback(work, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("hỏng ở bên trong")

    monkeypatch.setattr("builder.check.scan_network", broken)
    status = script.main(["--content", "content", "--output", "output", "--jobs", "1"])
    captured = capsys.readouterr()
    logs = list((work / ".output-cache").glob("loi-*.log"))
    assert status == 2 and len(logs) == 1 and captured.out == ""
    assert captured.err == (f"Lỗi không mong đợi (RuntimeError: hỏng ở bên trong). Hãy gửi tệp "
                            f".output-cache/{logs[0].name} cho quản trị viên (kèm lệnh vừa chạy).\n")
    log = logs[0].read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "RuntimeError: hỏng ở bên trong" in log and "in broken" in log


def test_the_build_too_says_an_unexpected_failure_in_one_line(work, capsys, monkeypatch):
    from scripts import build as build_script

    def broken(*args, **kwargs):
        raise KeyError("site")

    monkeypatch.setattr("builder.build.build", broken)
    status = build_script.main(["--content", "content", "--output", "output", "--jobs", "1"])
    captured = capsys.readouterr()
    logs = list((work / ".output-cache").glob("loi-*.log"))
    assert (status, len(logs)) == (2, 1) and "Traceback" not in captured.out + captured.err
    assert captured.err == (f"Lỗi không mong đợi (KeyError: 'site'). Hãy gửi tệp .output-cache/{logs[0].name} "
                            "cho quản trị viên (kèm lệnh vừa chạy).\n")
    assert not (work / "output").exists()


def test_ctrl_c_is_one_line_too(work, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("builder.check.scan_network", interrupted)
    assert script.main(["--content", "content", "--output", "output", "--jobs", "1"]) == 130
    assert capsys.readouterr().err == "Đã dừng theo yêu cầu (Ctrl+C); không có gì bị hỏng, chạy lại lệnh khi cần.\n"
    assert not list((work / ".output-cache").glob("loi-*.log"))


def test_a_cache_that_cannot_be_saved_does_not_fail_the_check(work, capsys):
    (work / ".output-cache").write_text("not a folder", encoding="utf-8")  # the cache's folder cannot be made
    status, lines = run(capsys)
    assert status == 0 and lines[-1] == f"Kiểm tra xong: 0 lỗi, 1 cảnh báo, {ARTICLES} bài viết."
