"""Messages that used to mislead an editor: each is said as it is, at its line, with the fix.

Index scans of the fixture network (no Pelican), and the registry loader; each test writes the
editor's mistake first and asserts the exact `path:line: Field:` and code of what they are told.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from conftest import scan
from domain.articles import ArticleIndex
from domain.registry import Problem, ProblemsFound, display_path, load_network


def _tiny_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG")
    return out.getvalue()


JPEG = _tiny_jpeg()  # a real one: the scan opens every published photo (domain/images/inspection.py)
DOCX = b"PK\x03\x04" + b"\x00" * 40
UNIT = "cdcs-dung"  # its folder holds images/hoi-nghi.jpg


def write(content: Path, relative: str, data: str | bytes) -> Path:
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def refused(content: Path) -> list[Problem]:
    with pytest.raises(ProblemsFound) as caught:
        scan(content)
    return caught.value.problems


def told(problems: list[Problem], path: Path) -> list[tuple[str, str]]:
    """What the editor reads about `path`: (`path:line: Field:`, code) of each problem."""
    shown = display_path(path)
    return [(f"{p.path}:{p.line}: {p.field}:", p.code) for p in problems if p.path == shown]


def where(path: Path, line: int, field: str) -> str:
    return f"{display_path(path)}:{line}: {field}:"


def message(problems: list[Problem], code: str) -> str:
    return next(p.message for p in problems if p.code == code)


# --- 1. A Word file is not an article ------------------------------------------------------

def test_a_word_file_in_a_unit_folder_is_said_to_be_no_article(content):
    word = write(content, f"{UNIT}/Bài viết.docx", DOCX)
    index = scan(content)
    notes = [p for p in index.notes if p.path == display_path(word)]
    assert [(f"{p.path}:{p.line}: {p.field}:", p.code) for p in notes] == [(where(word, 1, "tệp"), "word-file")]
    assert "không đăng được thành bài viết" in notes[0].message and "tệp .md" in notes[0].message
    assert "đổi tên" not in notes[0].message  # renaming a .docx to .md publishes binary noise


def test_a_word_file_linked_from_an_article_is_a_download(content):
    write(content, f"{UNIT}/tai-lieu.docx", DOCX)
    write(content, f"{UNIT}/thong-bao.md", "Title: Thông báo\nDate: 2026-01-05\n\nTải [thông báo](tai-lieu.docx).\n")
    index = scan(content)
    assert f"{UNIT}/tai-lieu.docx" in index.by_source[f"{UNIT}/thong-bao.md"].files
    assert not [p for p in index.notes if "tai-lieu.docx" in p.path]


# --- 2. An absolute path is not "another website" -------------------------------------------

def test_an_absolute_image_field_gets_its_relative_form(content):
    article = write(content, f"{UNIT}/anh.md", "Title: T\nDate: 2026-01-01\nImage: /images/hoi-nghi.jpg\n\nx\n")
    problems = refused(content)
    assert told(problems, article) == [(where(article, 3, "Image"), "absolute-path")]
    assert "đường dẫn tuyệt đối" in message(problems, "absolute-path")
    assert message(problems, "absolute-path").endswith("`images/hoi-nghi.jpg`")


def test_an_absolute_body_image_gets_its_relative_form_from_a_subfolder(content):
    article = write(content, f"{UNIT}/2026/anh.md", "Title: T\nDate: 2026-01-01\n\nx\n\n![Ảnh](/cdcs-dung/images/hoi-nghi.jpg)\n")
    problems = refused(content)
    assert told(problems, article) == [(where(article, 6, "nội dung"), "absolute-path")]
    assert message(problems, "absolute-path").endswith("`../images/hoi-nghi.jpg`")


@pytest.mark.parametrize("body", ["Xem [danh bạ](/danh-ba/).", "[x](/etc/passwd)", '<a href="/etc/passwd">x</a>',
                                  '<img src="/etc/passwd" alt="x">', "[Trang chủ](/)", "[x]: /etc/passwd"])
def test_an_absolute_path_to_no_file_is_refused_with_the_full_address_fix(content, body):
    """`/danh-ba/` points at the root of the host, which is the site's only when the site has a host of its
    own: not in the preview (127.0.0.1:8000/<site>/), nor where sites share one host (GitHub Pages)."""
    article = write(content, f"{UNIT}/lien-he.md", f"Title: T\nDate: 2026-01-01\n\n{body}\n")
    problems = refused(content)
    assert told(problems, article) == [(where(article, 4, "nội dung"), "absolute-path")]
    said = message(problems, "absolute-path")
    assert "đường dẫn tuyệt đối" in said and "`https://`" in said and "tên tệp" in said


# --- 3. A file name with a space is not cut at the space ------------------------------------

def test_a_body_image_name_with_a_space_gets_both_fixes(content):
    write(content, f"{UNIT}/images/anh moi.jpg", JPEG)
    article = write(content, f"{UNIT}/anh.md", "Title: T\nDate: 2026-01-01\n\n![Ảnh mới](images/anh moi.jpg)\n")
    problems = refused(content)
    assert told(problems, article) == [(where(article, 4, "nội dung"), "space-in-name")]
    said = message(problems, "space-in-name")
    assert "`images/anh moi.jpg` có dấu cách" in said  # the whole name, not `images/anh`
    assert "`images/anh-moi.jpg`" in said and "`(<images/anh moi.jpg>)`" in said


def test_a_name_with_a_space_in_angle_brackets_or_the_image_field_is_published_whole(content):
    write(content, f"{UNIT}/images/anh moi.jpg", JPEG)
    write(content, f"{UNIT}/anh.md", "Title: T\nDate: 2026-01-01\nImage: images/anh moi.jpg\n\n![Ảnh](<images/anh moi.jpg> \"Hội nghị\")\n")
    record = scan(content).by_source[f"{UNIT}/anh.md"]
    assert record.image == f"{UNIT}/images/anh moi.jpg" and record.files == (f"{UNIT}/images/anh moi.jpg",)


def test_a_link_title_after_a_space_is_no_spaced_name(content):
    write(content, f"{UNIT}/anh.md", "Title: T\nDate: 2026-01-01\n\n![Ảnh](images/hoi-nghi.jpg \"Đại biểu\")\n")
    assert scan(content).by_source[f"{UNIT}/anh.md"].files == (f"{UNIT}/images/hoi-nghi.jpg",)


# --- 4. duplicate-id is the new file's -------------------------------------------------------

def test_a_duplicate_id_is_reported_on_the_newer_article_at_its_id_line(content):
    """The older, published one sorts last by path: the newer one is still the one told."""
    old = write(content, f"{UNIT}/z-hoi-nghi.md", "Title: Cũ\nDate: 2026-01-01\nID: cdcs-dung-hoi-nghi\n\nx\n")
    new = write(content, f"{UNIT}/a-hoi-nghi.md", "Title: Mới\nDate: 2026-02-01 08:00\nAuthor: An\nID: cdcs-dung-hoi-nghi\n\nx\n")
    problems = refused(content)
    assert [(f"{p.path}:{p.line}: {p.field}:", p.code) for p in problems] == [(where(new, 4, "ID"), "duplicate-id")]
    assert display_path(old) in problems[0].message


def test_a_duplicate_id_on_one_date_is_the_later_path(content):
    write(content, f"{UNIT}/bai.md", "Title: Gốc\nDate: 2026-01-01\nID: cdcs-dung-1\n\nx\n")
    copy = write(content, f"{UNIT}/bai-2.md", "Title: Bản sao\nDate: 2026-01-01\nID: cdcs-dung-1\n\nx\n")
    assert [(f"{p.path}:{p.line}: {p.field}:", p.code) for p in refused(content)] == [(where(copy, 3, "ID"), "duplicate-id")]


def test_an_id_that_takes_another_file_name_identity_is_the_one_told(content):
    """`bai.md` has no ID (its identity is its path); the file that wrote that path as ID is told."""
    write(content, f"{UNIT}/bai.md", "Title: Bài\nDate: 2026-03-01\n\nx\n")
    taker = write(content, f"{UNIT}/khac.md", "Title: Khác\nDate: 2026-01-01\nID: cdcs-dung/bai.md\n\nx\n")
    assert [(f"{p.path}:{p.line}: {p.field}:", p.code) for p in refused(content)] == [(where(taker, 3, "ID"), "duplicate-id")]


# --- 5. `Title :` and other header mistakes: one Vietnamese line each, never "missing" -------

@pytest.mark.parametrize(("text", "line", "field"), [
    ("Title : Hội nghị\nDate: 2026-01-01\n\nx\n", 1, "Title"),
    ("\ufeffTitle : Hội nghị\nDate: 2026-01-01\n\nx\n", 1, "Title"),
    ("Date: 2026-01-01\nTitle\t: Hội nghị\n\nx\n", 2, "Title"),
    ("Title: Hội nghị\nDate : 2026-01-01\n\nx\n", 2, "Date"),
])
def test_a_space_before_the_colon_is_the_only_thing_said(content, text, line, field):
    article = write(content, f"{UNIT}/cach.md", text)
    assert told(refused(content), article) == [(where(article, line, field), "space-before-colon")]


def test_a_blank_first_line_is_said_instead_of_missing_title_and_date(content):
    article = write(content, f"{UNIT}/trong.md", "\nTitle: Hội nghị\nDate: 2026-01-01\n\nx\n")
    problems = refused(content)
    assert told(problems, article) == [(where(article, 1, "tệp"), "blank-first-line")]
    assert "xóa" in message(problems, "blank-first-line")


def test_a_space_before_the_colon_in_the_registry_is_plain_yaml(content):
    registry = content / "network.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("    name: Công đoàn cơ sở Dũng", "    name : Công đoàn cơ sở Dũng"),
                        encoding="utf-8")
    assert load_network(registry)[UNIT].name == "Công đoàn cơ sở Dũng"


# --- 6. A day that is not on the calendar ------------------------------------------------------

@pytest.mark.parametrize(("header", "line", "field", "said"), [
    ("Date: 2026-13-01", 2, "Date", "tháng 13 không có (tháng chỉ từ 01 đến 12); nếu là ngày 13 tháng 1 thì viết `2026-01-13`"),
    ("Date: 2026-02-30 08:00", 2, "Date", "tháng 2 năm 2026 chỉ có 28 ngày, không có ngày 30"),
    ("Date: 2026-04-31", 2, "Date", "tháng 4 năm 2026 chỉ có 30 ngày, không có ngày 31"),
    ("Date: 2026-01-05 24:00", 2, "Date", "giờ 24 không có"),
    ("Date: 2026-01-05\nModified: 2027-02-29", 3, "Modified", "tháng 2 năm 2027 chỉ có 28 ngày, không có ngày 29"),
    ("Date: 2026-01-05\nModified: 2026-00-10", 3, "Modified", "tháng 0 không có"),
])
def test_a_date_not_on_the_calendar_says_which_part(content, header, line, field, said):
    article = write(content, f"{UNIT}/ngay.md", f"Title: T\n{header}\n\nx\n")
    problems = refused(content)
    assert told(problems, article) == [(where(article, line, field), "bad-date")]
    assert said in message(problems, "bad-date")


def test_a_leap_day_is_a_day(content):
    write(content, f"{UNIT}/nhuan.md", "Title: T\nDate: 2028-02-29 08:00\n\nx\n")
    assert isinstance(scan(content), ArticleIndex)


# --- 7. The registry's days ----------------------------------------------------------------------

REGISTRY = """\
units:
  - id: tinh-a
    name: Liên đoàn Lao động tỉnh A
    short_name: LĐLĐ A
    kind: province
  - id: cdcs-x
    name: Công đoàn cơ sở X
    short_name: CĐCS X
    kind: grassroots
    parent: tinh-a
    established: {established}
    history:
      - {{date: {day}, event: renamed, name: Công đoàn cơ sở X mới, short_name: CĐCS X mới}}
"""


def registry_problems(tmp_path: Path, established: str, day: str) -> list[tuple[str, str, str]]:
    path = tmp_path / "network.yml"
    path.write_text(REGISTRY.format(established=established, day=day), encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        load_network(path)
    return [(f"{p.path.rsplit('/', 1)[-1]}:{p.line}: {p.field}:", p.message, p.code) for p in caught.value.problems]


def test_registry_days_not_on_the_calendar(tmp_path):
    assert registry_problems(tmp_path, "2025-02-30", "2026-01-15") == [
        ("network.yml:11: established:", "đơn vị cdcs-x: ngày thành lập `2025-02-30` không có trên lịch: "
         "tháng 2 năm 2025 chỉ có 28 ngày, không có ngày 30; kiểm tra lại ngày", "bad-date")]
    assert registry_problems(tmp_path, "2025-07-01", "2026-13-01") == [
        ("network.yml:13: history:", "đơn vị cdcs-x: ngày `2026-13-01` không có trên lịch: tháng 13 không có "
         "(tháng chỉ từ 01 đến 12); nếu là ngày 13 tháng 1 thì viết `2026-01-13` (năm-tháng-ngày)", "bad-date")]


def test_registry_days_written_another_way_keep_the_format_message(tmp_path):
    assert registry_problems(tmp_path, "01/07/2025", "2026-01-15") == [
        ("network.yml:11: established:", "đơn vị cdcs-x: ngày thành lập `01/07/2025` phải viết dạng năm-tháng-ngày, "
         "ví dụ `2025-07-01`", "bad-date")]


# --- 8. A CR-only file -----------------------------------------------------------------------------

def test_a_cr_only_file_is_said_to_have_old_mac_line_endings(content):
    article = write(content, f"{UNIT}/mac.md", "Title: Tin\rDate: 2026-01-01\r\rThân bài.\r")
    problems = refused(content)
    assert told(problems, article) == [(where(article, 1, "tệp"), "lone-cr")]  # not "missing Date"
    assert "kiểu xuống dòng CR" in message(problems, "lone-cr") and "LF" in message(problems, "lone-cr")


def test_one_lone_cr_keeps_its_line_message(content):
    """The hidden-field attack of issue 12 stays the line's own error."""
    article = write(content, f"{UNIT}/cr.md", "Title: x\rsave_as: index.html\nDate: 2026-11-20\n\nBody\n")
    problems = refused(content)
    assert (where(article, 1, "tệp"), "lone-cr") in told(problems, article)
    assert "ký tự xuống dòng lẻ" in message(problems, "lone-cr")
