"""A pull request's changes listed per unit, on a real git repository (git init, commits, a branch)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from checks.changed_units import FileChange, parse_name_status
from conftest import FIXTURE_CONTENT
from scripts.changed_units import main as changed_units

OWNERS = {"  - id: tinh-mau\n": "    editors: ['@tinh-bien-tap']\n",
          "  - id: cdcs-dung\n": "    editors: ['@dung-bien-tap']\n"}


def git(repository: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repository, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repository(tmp_path) -> Path:
    """main: the fixture network with editors; branch `bai-moi` checked out, no commit yet."""
    repo = tmp_path / "kho"
    shutil.copytree(FIXTURE_CONTENT, repo / "content")
    registry = repo / "content" / "network.yml"
    text = "administrators: ['@quan-tri']\n" + registry.read_text(encoding="utf-8")
    for entry, editors in OWNERS.items():
        start = text.index(entry)
        end = text.index("\n\n", start)
        text = text[:end] + "\n" + editors.rstrip("\n") + text[end:]
    registry.write_text(text, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "bien-tap@example.vn")
    git(repo, "config", "user.name", "Biên tập")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Mạng mẫu")
    git(repo, "checkout", "-q", "-b", "bai-moi")
    return repo


def commit(repository: Path, message: str) -> None:
    git(repository, "add", "-A", "content")
    git(repository, "commit", "-q", "-m", message)


def test_a_change_to_another_units_folder_is_flagged_with_its_owners(repository, capsys):
    content = repository / "content"
    (content / "cdcs-dung" / "trao-qua-2026.md").write_text("Title: Trao quà\nDate: 2026-01-05 08:00\n\nNội dung.\n",
                                                           encoding="utf-8")
    commit(repository, "Bài mới của CĐCS Dũng")
    article = content / "cdcs-dong" / "hoi-nghi-nguoi-lao-dong.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    git(repository, "mv", "content/cdcs-dong/ban-nhap.md", "content/cdcs-dong/ban-nhap-2026.md")
    commit(repository, "Sửa bài của CĐCS Đông")
    git(repository, "checkout", "-q", "main")
    (content / "tinh-mau" / "ghi-chu-tren-main.md").write_text("Title: A\nDate: 2026-01-01\n\nB\n", encoding="utf-8")
    commit(repository, "main moves on: not part of the pull request")
    git(repository, "checkout", "-q", "bai-moi")

    assert changed_units(["--base", "main", "--repository", str(repository), "--author", "dung-bien-tap"]) == 0
    out = capsys.readouterr().out
    dung = out[out.index("### `cdcs-dung`"):out.index("### `cdcs-dong`")]
    assert dung.splitlines()[:4] == [
        "### `cdcs-dung`: Công đoàn cơ sở Dũng", "",
        "- Người duyệt (CODEOWNERS): @tinh-bien-tap, @dung-bien-tap",
        "- Biên tập viên của chính đơn vị (`editors:`): @dung-bien-tap"]
    assert "- thêm: `content/cdcs-dung/trao-qua-2026.md`" in dung and "⚠️" not in dung
    dong = out[out.index("### `cdcs-dong`"):]
    assert "- Người duyệt (CODEOWNERS): @tinh-bien-tap" in dong
    assert "- ⚠️ Người gửi @dung-bien-tap không có tên trong danh sách người duyệt của mục này" in dong
    assert "- sửa: `content/cdcs-dong/hoi-nghi-nguoi-lao-dong.md`" in dong
    assert "- đổi tên: `content/cdcs-dong/ban-nhap.md` → `content/cdcs-dong/ban-nhap-2026.md`" in dong
    assert "ghi-chu-tren-main" not in out  # three dots: only the branch's own commits
    assert out.index("### `cdcs-dung`") < out.index("### `cdcs-dong`")  # registry order


def test_the_registry_and_deleted_files_are_their_own_lines(repository, capsys):
    content = repository / "content"
    registry = content / "network.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("members: 1250", "members: 1300"), encoding="utf-8")
    (content / "cdcs-dung" / "hoi-nghi-nguoi-lao-dong.md").unlink()
    commit(repository, "Sổ đăng ký và một bài bị xóa")
    assert changed_units(["--base", "main", "--repository", str(repository)]) == 0
    out = capsys.readouterr().out
    assert "### (sổ đăng ký): Sổ đăng ký đơn vị\n\n- Người duyệt (CODEOWNERS): @quan-tri\n- sửa: `content/network.yml`" in out
    assert "- xóa: `content/cdcs-dung/hoi-nghi-nguoi-lao-dong.md`" in out


def test_no_change_in_content_says_so(repository, capsys):
    (repository / "README.md").write_text("x\n", encoding="utf-8")
    git(repository, "add", "README.md")
    git(repository, "commit", "-q", "-m", "Ngoài content/")
    assert changed_units(["--base", "main", "--repository", str(repository)]) == 0
    assert "Yêu cầu gộp này không thay đổi tệp nào trong `content/`." in capsys.readouterr().out


def test_an_unknown_base_is_bad_usage_in_one_line(repository, capsys):
    assert changed_units(["--base", "khong-co-nhanh-nay", "--repository", str(repository)]) == 2
    assert capsys.readouterr().err.startswith("không so sánh được với `khong-co-nhanh-nay`: ")


def test_renames_carry_both_paths():
    assert parse_name_status("R087\tcontent/a/x.md\tcontent/b/x.md\nM\tcontent/a/y.md\n") == [
        FileChange("R", "content/b/x.md", "content/a/x.md"), FileChange("M", "content/a/y.md")]
