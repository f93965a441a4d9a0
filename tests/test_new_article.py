"""`make new UNIT=<id> TITLE="..."` (scripts/new_article.py, domain/articles/new_article.py).

The file it makes passes the check and builds, at the URL it printed; what it refuses, it
refuses with one Vietnamese line and writes nothing.  main() runs in the test's process on
copies of the fixture network, from the copy's folder.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from builder.build import BuildOptions, build
from builder.check import check_content
from conftest import FIXTURE_CONTENT, LAYOUT, ROOT
from domain.articles.new_article import (
    NewArticleRefused,
    clean_title,
    file_name,
    header_and_note,
    new_article,
)
from domain.registry import load_network
from scripts import new_article as script

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
CATEGORIES = ("Tin tức - Sự kiện", "Hoạt động công đoàn", "Chăm lo đời sống")


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = script.main(["--content", "content", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def articles(work: Path) -> list[Path]:
    return sorted((work / "content").rglob("*.md"))


# --- What is refused --------------------------------------------------------------------

def test_a_title_cannot_add_a_header_line(work, capsys):
    status, out, _ = run(capsys, "--unit", "cdcs-dung", "--title", "Tin mới\nStatus: published\n\nImage: /etc/passwd")
    assert status == 0
    text = next((work / "content" / "cdcs-dung").glob("*-tin-moi-status-published-image-etcpasswd.md")).read_text(encoding="utf-8")
    assert text.startswith("Title: Tin mới Status: published Image: /etc/passwd\nDate: ") and "\nStatus: draft\n" in text


def test_a_title_with_an_invisible_character_is_refused_and_nothing_is_written(work, capsys):
    before = articles(work)
    status, out, err = run(capsys, "--unit", "cdcs-dung", "--title", "Tin\u200bmới")
    assert (status, out) == (1, "")
    assert err == ("Không tạo được bài: tiêu đề có ký tự ẩn U+200B; gõ lại tiêu đề bằng tay "
                   "(thường do chép từ trang web hoặc Word)\n")
    assert articles(work) == before


def test_a_title_without_letters_or_digits_is_refused(work, capsys):
    status, _, err = run(capsys, "--unit", "cdcs-dung", "--title", "!!! ???")
    assert status == 1
    assert err == ("Không tạo được bài: tiêu đề `!!! ???` không có chữ hay số nào để đặt tên tệp; viết tiêu đề bằng chữ, "
                   "ví dụ `Hội nghị người lao động`\n")


def test_an_unknown_unit_gets_did_you_mean_and_the_list_command(work, capsys):
    status, _, err = run(capsys, "--unit", "cdcs-dugn", "--title", "Tin mới")
    assert status == 1
    assert err == ("Không tạo được bài: không có đơn vị mã `cdcs-dugn` trong content/network.yml; có phải là `cdcs-dung`? "
                   "xem danh sách mã đơn vị: python -m scripts.new_article --list\n")
    _, _, err = run(capsys, "--unit", "Sở Y tế", "--title", "Tin mới")  # the name instead of the id
    assert "có phải là `cdcs-so-y-te`?" in err


def test_an_existing_file_is_never_overwritten(work, capsys):
    assert run(capsys, "--unit", "cdcs-dung", "--title", "Tin mới")[0] == 0
    created = next((work / "content" / "cdcs-dung").glob("*-tin-moi.md"))
    created.write_text("đã viết nhiều", encoding="utf-8")
    status, _, err = run(capsys, "--unit", "cdcs-dung", "--title", "Tin  mới")
    assert status == 1
    assert err == (f"Không tạo được bài: tệp content/cdcs-dung/{created.name} đã có; mở tệp đó để sửa, "
                   "hoặc đặt tiêu đề khác cho bài mới\n")
    assert created.read_text(encoding="utf-8") == "đã viết nhiều"


def test_an_ended_unit_points_to_its_successor(work, capsys):
    registry = work / "content" / "network.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "    slug: cong-ty-dong\n", "    slug: cong-ty-dong\n    history:\n      - {date: 2026-01-15, event: merged, into: cdcs-dung}\n"),
        encoding="utf-8")
    status, _, err = run(capsys, "--unit", "cdcs-dong", "--title", "Tin mới")
    assert status == 1
    assert err == ("Không tạo được bài: đơn vị `cdcs-dong` (Công đoàn cơ sở Đông) đã giải thể hoặc hợp nhất, "
                   "không đăng bài mới được; bài mới đăng ở thư mục của đơn vị kế thừa: make new UNIT=cdcs-dung\n")


def test_a_unit_established_later_cannot_publish_yet(work, capsys):
    registry = work / "content" / "network.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "    slug: cong-ty-dong\n", "    slug: cong-ty-dong\n    established: 2099-01-01\n"), encoding="utf-8")
    shutil.rmtree(work / "content" / "cdcs-dong")  # its articles would predate it
    status, _, err = run(capsys, "--unit", "cdcs-dong", "--title", "Tin mới")
    assert status == 1
    assert err == "Không tạo được bài: đơn vị `cdcs-dong` thành lập từ ngày 01/01/2099: chưa đăng bài được trước ngày đó\n"


def test_a_symlinked_unit_folder_is_not_written_through(work, capsys, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(work / "content" / "cdcs-on", ignore_errors=True)
    (work / "content" / "cdcs-on").symlink_to(outside)
    status, _, err = run(capsys, "--unit", "cdcs-on", "--title", "Tin mới")
    assert status == 1 and "là liên kết tượng trưng (symlink)" in err and not list(outside.iterdir())


def test_a_broken_registry_is_said_and_nothing_is_written(work, capsys):
    registry = work / "content" / "network.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("parent: tp-tay", "parent: tp-bac"), encoding="utf-8")
    status, _, err = run(capsys, "--unit", "cdcs-dung", "--title", "Tin mới")
    lines = err.splitlines()
    assert status == 1 and lines[0].startswith("content/network.yml:") and lines[0].endswith("[unknown-parent]")
    assert lines[-1] == "Không tạo được bài: sửa các lỗi trên trước (make check), rồi chạy lại."


# --- What is made -----------------------------------------------------------------------

def test_the_file_name_is_the_day_and_the_title_words_cut_between_words():
    now = datetime(2026, 11, 24, 8, 5, tzinfo=VIETNAM)
    assert file_name("Đại hội Công đoàn: nhiệm kỳ 2026–2031!", now) == "2026-11-24-dai-hoi-cong-doan-nhiem-ky-2026-2031.md"
    long = file_name("Hội nghị người lao động năm 2026 với chủ đề đổi mới sáng tạo và phát triển bền vững", now)
    assert long == "2026-11-24-hoi-nghi-nguoi-lao-dong-nam-2026-voi-chu-de-doi-moi-sang-tao.md"
    assert len(long) - len("2026-11-24-.md") <= 60
    with pytest.raises(NewArticleRefused):
        clean_title("  \n ")


def test_the_header_fills_what_passes_and_explains_the_rest_in_a_comment():
    text = header_and_note("Tin mới", datetime(2026, 11, 24, 8, 5, tzinfo=VIETNAM), CATEGORIES, CATEGORIES[0])
    header, _, body = text.partition("\n\n")
    assert header.splitlines() == ["Title: Tin mới", "Date: 2026-11-24 08:05", "Category: Tin tức - Sự kiện", "Tags:",
                                   "Author:", "Status: draft"]
    assert body.startswith("<!--\n") and body.rstrip().endswith("-->")
    assert "Các chuyên mục khác: Hoạt động công đoàn; Chăm lo đời sống." in body
    for field in ("Summary:", "Image: images/ten-anh.jpg", "ImageCaption:", "Status: published"):
        assert field in body


def test_the_article_is_dated_now_in_vietnam_and_the_url_is_the_builds(work, capsys):
    before = datetime.now(VIETNAM).replace(second=0, microsecond=0)
    status, out, err = run(capsys, "--unit", "cdcs-dung", "--title", "Hội nghị người lao động năm 2026")
    after = datetime.now(VIETNAM)
    assert (status, err) == (0, "")
    path = next((work / "content" / "cdcs-dung").glob("*-hoi-nghi-nguoi-lao-dong-nam-2026.md"))
    date_line = re.search(r"^Date: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)[1]
    dated = datetime.strptime(date_line, "%Y-%m-%d %H:%M").replace(tzinfo=VIETNAM)
    assert before <= dated <= after and path.name.startswith(f"{dated:%Y-%m-%d}-")
    lines = out.splitlines()
    assert lines[0] == f"Đã tạo bài nháp: content/cdcs-dung/{path.name}"
    assert re.fullmatch(r"Địa chỉ khi đăng: http://127\.0\.0\.1:8000/tp-dong/tin/hoi-nghi-nguoi-lao-dong-nam-2026-[a-z2-7]{6}\.html",
                        lines[1])

    report = check_content(work / "content", ROOT / "pelicanconf.py", work / "output")
    assert report.errors == [] and report.articles == 9
    path.write_text(path.read_text(encoding="utf-8").replace("Status: draft", "Status: published") + "Đoạn đầu bài.\n",
                    encoding="utf-8")
    build(BuildOptions(work / "content", work / "output", ROOT / "pelicanconf.py", jobs=1))
    page = work / "output" / lines[1].removeprefix("Địa chỉ khi đăng: http://127.0.0.1:8000/")
    html = page.read_text(encoding="utf-8")
    assert "Đoạn đầu bài." in html and "Hội nghị người lao động năm 2026" in html
    assert not [p for p in (work / "output").rglob("*") if p.is_file() and b"Ghi ch\xc3\xba cho ng" in p.read_bytes()]


def test_the_url_of_a_site_published_at_its_registry_address(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    registry = load_network(content / "network.yml")
    now = datetime(2026, 11, 24, 8, 5, tzinfo=VIETNAM)
    network = registry.at(now.date())
    network.assign_urls(None)  # publishconf.py without NETWORK_BASE_URL
    made = new_article(content, network, registry, "cdcs-dung", "Tin mới", now, categories=CATEGORIES,
                       default_category=CATEGORIES[0], timezone="Asia/Ho_Chi_Minh", layout=LAYOUT)
    assert re.fullmatch(r"https://mau\.example\.vn/tp-dong/tin/tin-moi-[a-z2-7]{6}\.html", made.url)
    assert made.path == content / "cdcs-dung" / "2026-11-24-tin-moi.md" and not made.path.exists()


def test_the_list_shows_the_active_units(work, capsys):
    status, out, _ = run(capsys, "--list")
    assert status == 0 and "cdcs-dung\tCông đoàn cơ sở Dũng\n" in out and out.startswith("tinh-mau\t")


def test_an_unexpected_failure_is_one_line_and_a_log(work, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("domain.articles.new_article.new_article", broken)
    status, out, err = run(capsys, "--unit", "cdcs-dung", "--title", "Tin mới")
    logs = list((work / ".output-cache").glob("loi-*.log"))
    assert (status, out, len(logs)) == (2, "", 1)
    assert err == (f"Lỗi không mong đợi (OSError: [Errno 5] Input/output error). Hãy gửi tệp .output-cache/{logs[0].name} "
                   "cho quản trị viên (kèm lệnh vừa chạy).\n")
    assert "Traceback (most recent call last)" in logs[0].read_text(encoding="utf-8")
