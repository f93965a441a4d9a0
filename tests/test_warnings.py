"""Warnings: what is published but probably not as meant, said as `path:line: Field: message [code]`.

Each case is a real scan (or build) of the fixture network with one article written for it;
every test asserts the exact place and code, and that the article is still published.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import struct
import zlib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from conftest import LAYOUT, ROOT, copy_fixture_content, run_build_cli
from domain.articles import scan_articles
from domain.articles.cautions import case_twin, moment, renamed, spelled_as
from domain.articles.index import ArticleProblemsFound
from domain.registry import display_path, load_network

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
MAIN = ("Tin tức - Sự kiện", "Hoạt động công đoàn", "Chăm lo đời sống", "Chính sách - Pháp luật", "Văn hóa - Thể thao")
AS_OF = datetime(2026, 11, 25, 23, 59, tzinfo=ZONE)
UNIT = "cdcs-dung"


def scan(content: Path, cache: dict | None = None, as_of: datetime = AS_OF):
    return scan_articles(content, load_network(content / "network.yml"), default_category=MAIN[0],
                         timezone="Asia/Ho_Chi_Minh", layout=LAYOUT, as_of=as_of, main_categories=MAIN, cache=cache)


def write(content: Path, name: str, header: str, body: str = "Nội dung bài viết.") -> Path:
    path = content / UNIT / name
    path.write_text(f"{header}\n\n{body}\n", encoding="utf-8")
    return path


def warnings_of(index, path: Path) -> list[str]:
    shown = display_path(path)
    return [str(w) for w in index.warnings if w.path == shown]


def png(path: Path, width: int, height: int = 1, padding: int = 0) -> Path:
    """A real PNG (the scan decodes every photo), padded after its end to weigh more."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, height)).save(path)
    with open(path, "ab") as file:
        file.write(b"\0" * padding)
    return path


def bomb_png(path: Path, width: int, height: int) -> Path:
    """A real PNG header declaring `width`×`height`, with a few bytes of pixels: a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 4))
                     + chunk(b"IEND", b""))
    return path


# The hostile cases first: headers that lie, or that Pillow refuses to open.

def test_a_decompression_bomb_is_an_error_not_a_crash(content):
    """The image pipeline would decode it (domain/images): refused before any pixel is read."""
    bomb_png(content / UNIT / "images" / "bom.png", 100_000, 100_000)
    write(content, "bom.md", "Title: Ảnh lạ\nDate: 2026-11-20 08:00\nImage: images/bom.png\nImageAlt: x")
    with pytest.raises(ArticleProblemsFound) as caught:
        scan(content)
    assert [(p.line, p.code) for p in caught.value.problems] == [(3, "image-too-large")]


def test_an_unreadable_image_header_is_an_error(content):
    (content / UNIT / "images" / "hong.jpg").write_bytes(b"\xff\xd8\xff" + b"\x00" * 40)  # the type's magic, no header
    write(content, "hong.md", "Title: Ảnh hỏng\nDate: 2026-11-20 08:00\nImage: images/hong.jpg\nImageAlt: x")
    with pytest.raises(ArticleProblemsFound) as caught:
        scan(content)
    assert [(p.line, p.code) for p in caught.value.problems] == [(3, "image-unreadable")]


def test_a_scheduled_article_says_when_it_will_appear(content):
    article = write(content, "hen-gio.md", "Title: Bài hẹn giờ\nCategory: Hoạt động công đoàn\nDate: 2026-11-30 08:00")
    index = scan(content)
    assert warnings_of(index, article) == [
        f"{display_path(article)}:3: Date: bài hẹn giờ: chưa lên trang; sẽ tự đăng lúc 08:00 thứ Hai 30/11/2026 "
        "(giờ Việt Nam), ở lần dựng đầu tiên sau giờ đó; muốn đăng ngay thì sửa `Date` thành ngày giờ đã qua [scheduled]"]
    assert index.by_source[f"{UNIT}/hen-gio.md"].status == "scheduled"
    assert not warnings_of(scan(content, as_of=datetime(2026, 12, 1, tzinfo=ZONE)), article)  # its time has come


def test_weekdays_mid_sentence():
    assert moment(datetime(2026, 11, 30, 8, 0, tzinfo=ZONE)) == "08:00 thứ Hai 30/11/2026"
    assert moment(datetime(2026, 11, 29, 17, 5, tzinfo=ZONE)) == "17:05 Chủ nhật 29/11/2026"


def test_a_date_with_an_offset_says_what_vietnam_time_it_means(content):
    article = write(content, "mui-gio.md", "Title: Múi giờ\nDate: 2026-11-24T01:00:00Z\nModified: 2026-11-24 10:00+09:00")
    index = scan(content)
    assert warnings_of(index, article) == [
        f"{display_path(article)}:2: Date: `2026-11-24T01:00:00Z` có múi giờ khác giờ Việt Nam, nghĩa là 08:00 thứ Ba "
        "24/11/2026 giờ Việt Nam; nếu đúng vậy, ghi thẳng `Date: 2026-11-24 08:00`; nếu ý bạn là 01:00 giờ Việt Nam, "
        "bỏ phần múi giờ: `Date: 2026-11-24 01:00` [date-with-offset]",
        f"{display_path(article)}:3: Modified: `2026-11-24 10:00+09:00` có múi giờ khác giờ Việt Nam, nghĩa là 08:00 "
        "thứ Ba 24/11/2026 giờ Việt Nam; nếu đúng vậy, ghi thẳng `Modified: 2026-11-24 08:00`; nếu ý bạn là 10:00 giờ "
        "Việt Nam, bỏ phần múi giờ: `Modified: 2026-11-24 10:00` [date-with-offset]"]
    record = index.by_source[f"{UNIT}/mui-gio.md"]
    assert record.published and record.date == datetime(2026, 11, 24, 8, 0, tzinfo=ZONE)


def test_vietnams_own_offset_is_no_warning(content):
    article = write(content, "mui-gio-vn.md", "Title: Múi giờ\nDate: 2026-11-24 08:00+07:00")
    assert warnings_of(scan(content), article) == []


def test_a_category_outside_the_main_ones_suggests_the_nearest(content):
    article = write(content, "chuyen-muc.md", "Title: Chuyên mục\nDate: 2026-11-20 08:00\nCategory: Hoạt động CĐ")
    other = write(content, "chuyen-muc-2.md", "Title: Chuyên mục 2\nDate: 2026-11-20 08:00\nCategory: Tuyển dụng")
    same = write(content, "chuyen-muc-3.md", "Title: Chuyên mục 3\nDate: 2026-11-20 08:00\nCategory: Hoạt động Công Đoàn")
    index = scan(content)
    listed = "Tin tức - Sự kiện, Hoạt động công đoàn, Chăm lo đời sống, Chính sách - Pháp luật, Văn hóa - Thể thao"
    assert warnings_of(index, article) == [
        f"{display_path(article)}:3: Category: chuyên mục `Hoạt động CĐ` không phải chuyên mục chính nên không có trên "
        f"menu; có phải là `Hoạt động công đoàn`? Các chuyên mục chính: {listed} [unknown-category]"]
    assert warnings_of(index, other) == [
        f"{display_path(other)}:3: Category: chuyên mục `Tuyển dụng` không phải chuyên mục chính nên không có trên "
        f"menu; các chuyên mục chính: {listed} [unknown-category]"]
    assert warnings_of(index, same) == []  # the same folded spelling: shown as the main category
    assert index.by_source[f"{UNIT}/chuyen-muc.md"].published
    assert index.by_source[f"{UNIT}/chuyen-muc.md"].category == "Hoạt động CĐ"


def test_tags_split_by_semicolons_are_one_tag_today(content):
    article = write(content, "the.md", "Title: Thẻ\nDate: 2026-11-20 08:00\nTags: hội nghị; dân chủ, an toàn")
    index = scan(content)
    assert warnings_of(index, article) == [
        f"{display_path(article)}:3: Tags: các thẻ phải cách nhau bằng dấu phẩy, không phải dấu chấm phẩy: bài đang có "
        "2 thẻ `hội nghị; dân chủ`, `an toàn`; viết `Tags: hội nghị, dân chủ, an toàn` [tags-semicolon]"]
    assert index.by_source[f"{UNIT}/the.md"].tags == ("hội nghị; dân chủ", "an toàn")


def test_heavy_or_wide_images_in_the_header_and_the_body(content):
    png(content / UNIT / "images" / "rong.png", 4000)
    png(content / UNIT / "images" / "nang.png", 800, padding=3 * 1024 * 1024)
    article = write(content, "anh-lon.md", "Title: Ảnh lớn\nDate: 2026-11-20 08:00\nImage: images/rong.png\nImageAlt: x",
                    "Đoạn đầu.\n\n![Đại biểu](images/nang.png)\n\n[Tải ảnh gốc](images/rong.png)")
    index = scan(content)
    fix = ("người đọc chỉ nhận bản thu nhỏ bản dựng tự làm, nhưng ảnh gốc nằm mãi trong kho GitHub và làm kho nặng "
           "dần; hãy thu nhỏ ảnh còn rộng khoảng 1.200 điểm ảnh, dưới 300 KB rồi lưu đè lên tệp này [large-image]")
    shown = display_path(article)
    assert warnings_of(index, article) == [
        f"{shown}:3: Image: ảnh `images/rong.png` rộng 4.000 điểm ảnh: {fix}",
        f"{shown}:8: nội dung: ảnh `images/nang.png` nặng 3,0 MB: {fix}",
        f"{shown}:10: nội dung: ảnh `images/rong.png` rộng 4.000 điểm ảnh: {fix}"]
    assert index.by_source[f"{UNIT}/anh-lon.md"].published


def test_a_real_jpeg_is_measured_from_its_header(content):
    Image.new("RGB", (2401, 2)).save(content / UNIT / "images" / "that.jpg")
    article = write(content, "jpeg.md", "Title: JPEG\nDate: 2026-11-20 08:00\nImage: images/that.jpg\nImageAlt: x")
    assert [w.code for w in scan(content).warnings if w.path == display_path(article)] == ["large-image"]


def test_file_names_with_spaces_or_diacritics_get_their_rename(content):
    shutil.copy(content / UNIT / "images" / "hoi-nghi.jpg", content / UNIT / "images" / "ảnh-hội-nghị.jpg")
    shutil.copy(content / UNIT / "images" / "hoi-nghi.jpg", content / UNIT / "images" / "Anh moi.jpg")
    article = write(content, "Hội nghị mới.md", "Title: Tên tệp\nDate: 2026-11-20 08:00\nImage: images/ảnh-hội-nghị.jpg\nImageAlt: x",
                    "![Ảnh](<images/Anh moi.jpg>)")
    index = scan(content)
    shown = display_path(article)
    assert warnings_of(index, article) == [
        f"{shown}:1: tệp: tên tệp `Hội nghị mới.md` có dấu cách hoặc chữ có dấu; đổi tên thành `hoi-nghi-moi.md` "
        "trước khi đăng (chữ có dấu có thể được máy khác lưu theo cách khác, làm đổi địa chỉ của bài; bài đã đăng thì "
        "giữ nguyên tên) [unsafe-file-name]",
        f"{shown}:3: Image: tên tệp `images/ảnh-hội-nghị.jpg` có dấu cách hoặc chữ có dấu; đổi tên tệp thành "
        "`images/anh-hoi-nghi.jpg` (trong thư mục của đơn vị) và sửa đường dẫn ở đây cho khớp: tên có dấu dễ làm hỏng "
        "liên kết khi tệp được chép sang máy khác [unsafe-file-name]",
        f"{shown}:6: nội dung: tên tệp `images/Anh moi.jpg` có dấu cách hoặc chữ có dấu; đổi tên tệp thành "
        "`images/anh-moi.jpg` (trong thư mục của đơn vị) và sửa đường dẫn ở đây cho khớp: tên có dấu dễ làm hỏng "
        "liên kết khi tệp được chép sang máy khác [unsafe-file-name]"]
    assert index.by_source[f"{UNIT}/Hội nghị mới.md"].published


def test_renamed_keeps_safe_names_and_the_extension():
    assert renamed("Tài liệu/Biên bản họp.PDF") == "tai-lieu/bien-ban-hop.pdf"
    assert renamed("images/hoi-nghi.jpg") == "images/hoi-nghi.jpg"


def test_a_reference_differing_only_in_case_is_an_error_naming_the_file(content):
    article = write(content, "chu-hoa.md", "Title: Chữ hoa\nDate: 2026-11-20 08:00\nImage: images/Hoi-Nghi.JPG",
                    "![Ảnh]({static}IMAGES/hoi-nghi.jpg#giua)")
    with pytest.raises(ArticleProblemsFound) as caught:
        scan(content)
    shown = display_path(article)
    found = [str(p) for p in caught.value.problems if p.path == shown]
    assert found[0] == (f"{shown}:3: Image: không tìm thấy ảnh `images/Hoi-Nghi.JPG`; có phải là `images/hoi-nghi.jpg`? "
                        "(chữ hoa, chữ thường phải khớp đúng từng chữ) [missing-image]")
    assert found[1].startswith(f"{shown}:5: nội dung: không tìm thấy tệp `{{static}}IMAGES/hoi-nghi.jpg#giua`")
    assert found[1].endswith("; có phải là `{static}images/hoi-nghi.jpg#giua`? (chữ hoa, chữ thường phải khớp đúng "
                             "từng chữ) [missing-file]")
    assert len(found) == 2


def test_case_twins_and_their_spelling(content):
    assert case_twin(content, f"{UNIT}/IMAGES/Hoi-nghi.JPG") == f"{UNIT}/images/hoi-nghi.jpg"
    assert case_twin(content, f"{UNIT}/images/hoi-nghi.jpg") is None  # exact: no twin
    assert case_twin(content, f"{UNIT}/images/khac.jpg") is None
    assert spelled_as("../cdcs-dung/Images/A.jpg", "cdcs-dung/images/a.jpg") == "../cdcs-dung/images/a.jpg"


def test_an_article_dated_before_its_unit_was_established(content):
    registry = content / "network.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "    members: 1250\n", "    members: 1250\n    established: 2026-04-01\n"), encoding="utf-8")
    article = content / UNIT / "hoi-nghi-nguoi-lao-dong.md"
    index = scan(content)
    assert warnings_of(index, article) == [
        f"{display_path(article)}:2: Date: bài đề ngày 05/03/2026, trước ngày thành lập của CĐCS Dũng (01/04/2026, "
        f"`established:` trong {load_network(registry).path}); kiểm tra lại năm của `Date`, hoặc báo quản trị viên sửa "
        "`established:` nếu ngày thành lập ghi sai [before-established]"]
    assert index.by_source[f"{UNIT}/hoi-nghi-nguoi-lao-dong.md"].published


def test_warnings_travel_with_the_cached_record(content):
    png(content / UNIT / "images" / "anh.png", 100)
    article = write(content, "cache.md", "Title: Bộ nhớ\nDate: 2026-11-24T01:00Z\nTags: a; b\nImage: images/anh.png\nImageAlt: x")
    cache: dict = {}
    first = warnings_of(scan(content, cache), article)
    entry = cache[f"{UNIT}/cache.md"]
    again = scan(content, cache)
    assert cache[f"{UNIT}/cache.md"].record is entry.record  # not parsed again
    assert warnings_of(again, article) == first and [w.split("[")[-1] for w in first] == ["date-with-offset]", "tags-semicolon]"]
    # The photo replaced by a heavier one with the same first bytes: read again, weighed again.
    png(content / UNIT / "images" / "anh.png", 100, padding=3 * 1024 * 1024)
    assert [w.rsplit("[", 1)[1] for w in warnings_of(scan(content, cache), article)] == [
        "date-with-offset]", "tags-semicolon]", "large-image]"]


def test_warnings_ride_on_the_errors(content):
    warned = write(content, "the.md", "Title: Thẻ\nDate: 2026-11-20 08:00\nTags: a; b")
    broken = write(content, "loi.md", "Title: Lỗi\nDate: 2026-11-20 08:00\nImage: images/khong-co.jpg\nTags: c; d")
    with pytest.raises(ArticleProblemsFound) as caught:
        scan(content)
    assert [w.path for w in caught.value.warnings if w.code == "tags-semicolon"] == sorted(
        [display_path(broken), display_path(warned)])


def test_the_build_prints_the_warnings_and_publishes(tmp_path):
    content = copy_fixture_content(tmp_path)
    write(content, "the.md", "Title: Thẻ chấm phẩy\nDate: 2026-11-20 08:00\nTags: a; b")
    output = tmp_path / "output"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for run in ("first", "cached"):
        result = run_build_cli("--content", str(content), "--output", str(output), "--jobs", "1", env=env)
        assert result.returncode == 0, result.stderr
        shown = display_path(content / UNIT / "the.md")
        assert f"  cảnh báo: {shown}:3: Tags: các thẻ phải cách nhau bằng dấu phẩy" in result.stdout, run
        assert "[scheduled]" in result.stdout  # the fixture's article of 2099
    assert list(output.glob("*/tin/the-cham-phay-*.html"))


def test_every_warning_code_has_its_section_in_the_errors_guide():
    import re
    source = (ROOT / "domain" / "articles" / "cautions.py").read_text(encoding="utf-8")
    codes = set(re.findall(r',\s*"([a-z]+(?:-[a-z]+)*)"\)', source))  # a Problem's or warn's last argument
    assert codes == {"scheduled", "date-with-offset", "unknown-category", "tags-semicolon", "large-image",
                     "unsafe-file-name", "before-established", "missing-alt"}
    guide = (ROOT / "docs" / "loi-thuong-gap.md").read_text(encoding="utf-8")
    assert all(f"### `{code}`" in guide and f"[{code}]" in guide for code in codes)


# --- Every error code, too -------------------------------------------------------------------

# The calls that carry a code as their last argument (or `code=`): a Problem, a reference's or an
# image's refusal, a header problem, and the report/say/warn callbacks that make Problems.
_CODE_CALLS = {"Problem", "Rejected", "ImageProblem", "HeaderProblem", "FileRefused", "report", "say", "warn"}
_CODE = re.compile(r"[a-z]+(?:-[a-z0-9]+)+")
_SOURCE_FOLDERS = ("domain", "builder", "plugins", "stages", "scripts", "checks", "incremental", "preview", "social")


def _constants(node: ast.AST) -> set[str]:
    """The code-shaped strings of an argument (`"a" if x else "b"` gives both)."""
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and _CODE.fullmatch(n.value)}


def emitted_codes() -> dict[str, str]:
    """Every problem code the code can emit, written as a literal, with a file that emits it."""
    found: dict[str, str] = {}
    for folder in _SOURCE_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                codes: set[str] = set()
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                    if name in _CODE_CALLS:
                        codes |= _constants(node.args[-1]) if node.args else set()
                        codes |= {c for k in node.keywords if k.arg == "code" for c in _constants(k.value)}
                elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith("code") for t in node.targets):
                    codes = _constants(node.value)  # `code = "missing-image" if … else checked.code`
                for code in codes:
                    found.setdefault(code, path.relative_to(ROOT).as_posix())
    return found


def test_every_error_code_is_in_the_errors_guide():
    codes = emitted_codes()
    # The scan sees what it must: codes written in each of the ways above.
    assert {"image-not-a-file", "missing-image", "absolute-path", "remote-image", "indented-field", "bad-merge",
            "bad-successor", "published-urls-unreadable", "image-damaged", "missing-file"} <= set(codes)
    guide = (ROOT / "docs" / "loi-thuong-gap.md").read_text(encoding="utf-8")
    assert not {code: path for code, path in codes.items() if f"`{code}`" not in guide}, "codes the guide never names"
    # Each with a real example line, as the editor reads it: `path:line: Field: message [code]`.
    assert not {code: path for code, path in codes.items() if f" [{code}]\n" not in guide}, "codes without an example line"
