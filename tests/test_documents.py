"""The documents library: van-ban.yml read and checked (hostile cases first), then real builds
parsed back: list and document pages, filters, downloads, the feed, the sitemap, incremental builds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from builder.build import BuildOptions, build
from conftest import LOCAL_BASE, ROOT, copy_fixture_content, demo_only
from document_files import docx_bytes, odt_bytes, pdf_bytes
from domain.documents import MAX_BYTES, read_library
from domain.registry import ProblemsFound, display_path

UNIT = "cdcs-anh"  # the fixture's CĐCS with documents and no article


def files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def library_of(content: Path, entries: str, unit: str = UNIT):
    (content / unit).mkdir(exist_ok=True)
    listing = content / unit / "van-ban.yml"
    listing.write_text(entries, encoding="utf-8")
    return read_library(content, [unit]), display_path(listing)


def entry(file: str = "van-ban/a.pdf", number: str = "05/NQ-CĐCS", date: str = "2026-03-10",
          kind: str = "Nghị quyết", title: str = "Về việc A", extra: str = "") -> str:
    return (f"- file: {file}\n  number: {number}\n  date: {date}\n  issuer: Ban Chấp hành\n  type: {kind}\n"
            f"  title: {title}\n{extra}")


@pytest.fixture
def unit_folder(tmp_path) -> Path:
    content = tmp_path / "content"
    (content / UNIT / "van-ban").mkdir(parents=True)
    (content / UNIT / "van-ban" / "a.pdf").write_bytes(pdf_bytes(["A"]))
    return content


def only_problem(result) -> str:
    (library, problems, warnings, notes), _ = result
    assert len(problems) == 1, problems
    return str(problems[0])


# --- hostile cases ---------------------------------------------------------------------------

def test_a_path_out_of_the_unit_folder_is_refused_at_its_line(unit_folder):
    (unit_folder / "cdcs-khac" / "van-ban").mkdir(parents=True)
    (unit_folder / "cdcs-khac" / "van-ban" / "b.pdf").write_bytes(pdf_bytes(["B"]))
    result = library_of(unit_folder, entry(file="../cdcs-khac/van-ban/b.pdf"))
    assert only_problem(result) == (
        f"{result[1]}:1: file: `../cdcs-khac/van-ban/b.pdf` đi ra ngoài thư mục của đơn vị (`..`); chép tệp vào thư mục "
        "của đơn vị (ví dụ `van-ban/`) rồi ghi đường dẫn tính từ đó [path-outside-unit]")
    result = library_of(unit_folder, entry(file="/etc/passwd"))
    assert only_problem(result) == (
        f"{result[1]}:1: file: `/etc/passwd` là đường dẫn tuyệt đối; ghi đường dẫn tính từ thư mục của đơn vị, "
        "ví dụ `van-ban/nghi-quyet-01.pdf` [path-outside-unit]")


def test_a_symlink_on_the_way_is_refused(unit_folder, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(pdf_bytes(["bí mật"]))
    os.symlink(secret, unit_folder / UNIT / "van-ban" / "lien-ket.pdf")
    result = library_of(unit_folder, entry(file="van-ban/lien-ket.pdf"))
    assert only_problem(result) == (
        f"{result[1]}:1: file: `van-ban/lien-ket.pdf` đi qua một liên kết tượng trưng (symlink) `van-ban/lien-ket.pdf`, "
        "có thể trỏ ra ngoài thư mục của đơn vị; xóa liên kết và chép chính tệp vào thư mục [symlink]")
    os.symlink(tmp_path, unit_folder / UNIT / "thu-muc")  # a linked folder
    result = library_of(unit_folder, entry(file="thu-muc/secret.pdf"))
    assert "liên kết tượng trưng (symlink) `thu-muc`" in only_problem(result)


def test_a_wrong_extension_says_how_to_convert(unit_folder):
    (unit_folder / UNIT / "van-ban" / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0old word")
    result = library_of(unit_folder, entry(file="van-ban/cu.doc"))
    assert only_problem(result) == (
        f"{result[1]}:1: file: `van-ban/cu.doc` có đuôi `.doc`, không đăng được; tệp Word cũ (.doc): mở bằng Word, "
        "chọn Lưu thành (Save As) › .docx, hoặc xuất ra PDF [document-file-type]")
    (unit_folder / UNIT / "van-ban" / "trang.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    assert "[document-file-type]" in only_problem(library_of(unit_folder, entry(file="van-ban/trang.html")))


@pytest.mark.parametrize(("name", "data", "what"), [
    ("gia.pdf", b"<html><script>alert(1)</script></html>", "pdf"),
    ("gia.docx", b"%PDF-1.4 not a zip", "docx"),
    ("gia.xlsx", docx_bytes(["a Word file renamed .xlsx"]), "xlsx"),
    ("gia.odt", docx_bytes(["a Word file renamed .odt"]), "odt"),
    ("gia.docx", odt_bytes(["an ODT renamed .docx"]), "docx"),
    ("hong.docx", b"PK\x03\x04 broken archive", "docx"),
])
def test_a_file_whose_bytes_are_not_its_type_is_refused(unit_folder, name, data, what):
    (unit_folder / UNIT / "van-ban" / name).write_bytes(data)
    line = only_problem(library_of(unit_folder, entry(file=f"van-ban/{name}")))
    assert line.endswith("[file-content-mismatch]"), line
    assert f":1: file: `van-ban/{name}` có đuôi .{what} nhưng nội dung không phải" in line


def test_a_huge_file_is_refused_with_its_size(unit_folder):
    huge = unit_folder / UNIT / "van-ban" / "lon.pdf"
    with open(huge, "wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(MAX_BYTES + 5 * 1024 * 1024)  # sparse: nothing written to disk
    result = library_of(unit_folder, entry(file="van-ban/lon.pdf"))
    assert only_problem(result) == (
        f"{result[1]}:1: file: `van-ban/lon.pdf` nặng 25,0 MB, quá giới hạn 20,0 MB; nén lại (xuất PDF với chất lượng "
        "ảnh thấp hơn, quét ở 150 dpi đen trắng) hoặc tách thành nhiều văn bản [file-too-large]")


def test_a_missing_file_is_named(unit_folder):
    result = library_of(unit_folder, entry(file="van-ban/khong-co.pdf"))
    assert only_problem(result).startswith(f"{result[1]}:1: file: không có tệp `van-ban/khong-co.pdf` trong thư mục "
                                           f"content/{UNIT}/")


def test_duplicate_numbers_of_one_year_name_the_first_line(unit_folder):
    (unit_folder / UNIT / "van-ban" / "b.pdf").write_bytes(pdf_bytes(["B"]))
    (unit_folder / UNIT / "van-ban" / "c.pdf").write_bytes(pdf_bytes(["C"]))
    text = entry() + entry(file="van-ban/b.pdf", date="2026-05-01") + entry(file="van-ban/c.pdf", date="2025-05-01")
    result = library_of(unit_folder, text)
    assert only_problem(result) == (
        f"{result[1]}:8: number: số hiệu `05/NQ-CĐCS` năm 2026 đã được dùng cho văn bản ở dòng 1; mỗi văn bản một số "
        "hiệu riêng: sửa số hiệu, hoặc xóa mục trùng [duplicate-document-number]")
    library = result[0][0]
    assert [d.slug for d in library.of(UNIT)] == ["2026-05-nq-cdcs", "2025-05-nq-cdcs"]  # numbering restarts yearly


@pytest.mark.parametrize(("written", "message"), [
    ("15/01/2026", "ngày `15/01/2026` dễ đọc nhầm ngày với tháng; viết theo dạng năm-tháng-ngày, ví dụ `2026-03-10` "
                   "cho ngày 10 tháng 3 năm 2026"),
    ("2026-02-30", "ngày `2026-02-30` không có trên lịch; kiểm tra lại ngày và tháng"),
    ("hôm qua", "`hôm qua` không phải ngày ban hành; viết theo dạng năm-tháng-ngày, ví dụ `2026-03-10`"),
])
def test_a_bad_date_is_refused_at_its_line(unit_folder, written, message):
    result = library_of(unit_folder, entry(date=written))
    assert only_problem(result) == f"{result[1]}:3: date: {message} [bad-date]"


def test_html_in_the_summary_is_removed_with_a_warning_and_refused_in_the_title(unit_folder):
    summary = '  summary: Tóm tắt <script>alert("x")</script><b>đậm</b> &amp; rõ\n'
    (library, problems, warnings, _), shown = library_of(unit_folder, entry(extra=summary))
    assert problems == []
    assert library.of(UNIT)[0].summary == "Tóm tắt đậm & rõ"
    assert [str(w) for w in warnings] == [
        f"{shown}:7: summary: đã bỏ thẻ HTML trong tóm tắt (tóm tắt là chữ thường); xóa các thẻ `<...>` khỏi tệp [html-removed]"]
    result = library_of(unit_folder, entry(title="Về việc <img src=x onerror=alert(1)>"))
    assert only_problem(result) == (f"{result[1]}:6: title: `title:` không được chứa thẻ HTML (`<...>`); chỉ ghi chữ "
                                    "[html-in-field]")


def test_unknown_type_and_field_get_a_suggestion(unit_folder):
    (_, problems, _, _), shown = library_of(unit_folder, entry(kind="Nghi quyet", extra="  sumary: x\n"))
    assert [str(p) for p in sorted(problems)] == [
        f"{shown}:5: type: loại văn bản `Nghi quyet` không có trong danh sách; có phải là `Nghị quyết`? [unknown-document-type]",
        f"{shown}:7: sumary: trường `sumary` không được hỗ trợ; có phải là `summary`? [unknown-field]",
    ]


def test_yaml_mistakes_and_missing_fields_have_lines(unit_folder):
    result = library_of(unit_folder, "- file: van-ban/a.pdf\n  number: 05/NQ\n  title: Về việc: A\n")
    assert only_problem(result).startswith(f"{result[1]}:3: van-ban.yml: sai cú pháp YAML")
    (_, problems, _, _), shown = library_of(unit_folder, "- file: van-ban/a.pdf\n  number: 05/NQ\n")
    assert [str(p) for p in problems][0] == f"{shown}:1: date: thiếu `date:` (ngày ban hành, ví dụ `2026-03-10`, bắt buộc) [missing-field]"
    assert len(problems) == 4  # date, issuer, type, title


def test_an_undescribed_file_is_a_note_and_never_published(unit_folder):
    (unit_folder / UNIT / "van-ban" / "nhap.pdf").write_bytes(pdf_bytes(["bản nháp"]))
    (library, problems, _, notes), _ = library_of(unit_folder, entry())
    assert problems == [] and library.undescribed == [f"{UNIT}/van-ban/nhap.pdf"]
    assert [str(n) for n in notes] == [
        f"{display_path(unit_folder / UNIT / 'van-ban' / 'nhap.pdf')}:1: tệp: `{UNIT}/van-ban/nhap.pdf` không được đăng vì "
        f"chưa có mục nào trong content/{UNIT}/van-ban.yml mô tả nó; thêm một mục `- file: van-ban/nhap.pdf` với số hiệu, "
        "ngày, cơ quan ban hành, loại và trích yếu, hoặc xóa tệp [document-not-described]"]
    assert library.published_files() == {UNIT: [f"{UNIT}/van-ban/a.pdf"]}


# --- real builds ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    work = tmp_path_factory.mktemp("documents")
    content = copy_fixture_content(work)
    (content / UNIT / "van-ban" / "chua-mo-ta.pdf").write_bytes(pdf_bytes(["chưa mô tả"]))
    listing = content / UNIT / "van-ban.yml"
    listing.write_text(listing.read_text(encoding="utf-8")
                       + "  summary: Quy chế <script>alert(1)</script>chi tiêu &lt;nội bộ&gt;\n", encoding="utf-8")
    output = work / "output"
    report = build(BuildOptions(content, output, ROOT / "pelicanconf.py", jobs=1))
    return content, output, report


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def local(output: Path, url: str) -> Path:
    assert url.startswith(LOCAL_BASE + "/"), url
    path = output / url[len(LOCAL_BASE) + 1:]
    return path / "index.html" if url.endswith("/") else path


def test_a_list_is_newest_first_with_filters_that_need_no_script(site):
    content, output, _ = site
    page = soup(output / "tinh-mau" / "van-ban" / "index.html")
    days = [t["datetime"] for t in page.select(".document-list time")]
    assert days == ["2026-02-10", "2025-12-20", "2025-04-02"]
    filters = {a.get_text(strip=True): a["href"] for a in page.select(".document-filters a")}
    assert filters == {
        "Tất cả (3)": f"{LOCAL_BASE}/tinh-mau/van-ban/", "Nghị quyết (1)": f"{LOCAL_BASE}/tinh-mau/van-ban/loai/nghi-quyet/",
        "Kế hoạch (1)": f"{LOCAL_BASE}/tinh-mau/van-ban/loai/ke-hoach/", "Báo cáo (1)": f"{LOCAL_BASE}/tinh-mau/van-ban/loai/bao-cao/",
        "2026 (1)": f"{LOCAL_BASE}/tinh-mau/van-ban/nam/2026/", "2025 (2)": f"{LOCAL_BASE}/tinh-mau/van-ban/nam/2025/"}
    year = soup(local(output, filters["2025 (2)"]))
    assert [t["datetime"] for t in year.select(".document-list time")] == ["2025-12-20", "2025-04-02"]
    assert year.select_one('.document-filters a[aria-current="page"]').get_text(strip=True) == "2025 (2)"
    kind = soup(local(output, filters["Báo cáo (1)"]))
    assert [h.get_text(" ", strip=True) for h in kind.select(".document-list h3")] == [
        "Báo cáo số 15/BC-LĐLĐ: Số liệu đoàn viên năm 2025"]  # `type: báo cáo` in its own spelling
    assert page.script is None and page.select("form") == []


def test_every_download_link_is_a_published_file_with_the_source_bytes(site):
    content, output, _ = site
    pages = [*(output / "tinh-mau").rglob("van-ban/**/*.html"), *(output / "tp-dong").rglob("van-ban/**/*.html")]
    downloads = {a["href"] for page in pages for a in soup(page).select("a[download]")}
    assert len(downloads) == 5
    for url in downloads:
        published = local(output, url)
        source = content / url.split("/", 4)[4]  # <base>/<site>/<unit>/<path in the unit folder>
        assert published.read_bytes() == source.read_bytes(), url
    assert not list(output.rglob("chua-mo-ta.pdf"))  # described files only
    assert any(note.code == "document-not-described" for note in site[2].notes)


def test_a_document_page_has_its_facts_and_the_summary_escaped(site):
    _, output, _ = site
    page = soup(output / "tp-dong" / "cdcs-anh" / "van-ban" / "2025-01-qc-cdcs.html")
    assert page.h1.get_text(strip=True) == "Quy chế số 01/QC-CĐCS: Quy chế chi tiêu nội bộ"
    facts = dict(zip([dt.get_text(strip=True) for dt in page.select("dl.facts dt")],
                     [dd.get_text(strip=True) for dd in page.select("dl.facts dd")], strict=True))
    assert facts["Số hiệu"] == "01/QC-CĐCS" and facts["Ngày ban hành"] == "Thứ Bảy, 01/03/2025"
    assert facts["Cơ quan ban hành"] == "Công đoàn cơ sở Anh" and facts["Loại văn bản"] == "Quy chế"
    assert page.find(string=lambda s: "Quy chế chi tiêu <nội bộ>" in s) is not None  # text, escaped in the HTML
    assert page.script is None
    assert page.select_one("a[download]")["href"] == f"{LOCAL_BASE}/tp-dong/cdcs-anh/van-ban/quy-che-chi-tieu.odt"
    crumbs = [a.get_text(strip=True) for a in page.select(".breadcrumbs a, .breadcrumbs span")]
    assert crumbs == ["LĐLĐ tỉnh Mẫu", "LĐLĐ TP Đông", "CĐCS Anh", "Văn bản"]  # the way up; the h1 follows
    federation = soup(output / "tp-dong" / "van-ban" / "index.html")  # no document of its own: links its CĐCS'
    assert [a["href"] for a in federation.select("#van-ban-co-so ~ ul a")] == [f"{LOCAL_BASE}/tp-dong/cdcs-anh/van-ban/"]


def test_the_documents_feed(site):
    _, output, _ = site
    rss = feedparser.parse((output / "tinh-mau" / "feeds" / "van-ban.rss.xml").read_bytes())
    atom = feedparser.parse((output / "tinh-mau" / "feeds" / "van-ban.atom.xml").read_bytes())
    assert not rss.bozo and not atom.bozo
    assert [e.title for e in rss.entries] == [
        "Nghị quyết 03/NQ-LĐLĐ: Về nhiệm vụ trọng tâm năm 2026", "Báo cáo 15/BC-LĐLĐ: Số liệu đoàn viên năm 2025",
        "Kế hoạch 12/KH-LĐLĐ: Tổ chức Tháng Công nhân năm 2025"]
    first = rss.entries[0]
    assert first.link == f"{LOCAL_BASE}/tinh-mau/van-ban/2026-03-nq-ldld.html"
    enclosure = first.enclosures[0]
    pdf = output / "tinh-mau" / "tinh-mau" / "van-ban" / "nghi-quyet-03-2026.pdf"
    assert enclosure.href == f"{LOCAL_BASE}/tinh-mau/tinh-mau/van-ban/nghi-quyet-03-2026.pdf"
    assert int(enclosure.length) == pdf.stat().st_size and enclosure.type == "application/pdf"
    assert [e.id for e in atom.entries] == [e.id for e in rss.entries]
    assert rss.entries[0].id.startswith("tag:") and "document/tinh-mau/2026-03-nq-ldld" in rss.entries[0].id
    listed = soup(output / "tinh-mau" / "feeds" / "index.html")
    assert f"{LOCAL_BASE}/tinh-mau/feeds/van-ban.rss.xml" in {a["href"] for a in listed.select(".feed-list a")}


def test_the_sitemap_lists_the_document_about_and_contact_pages(site):
    _, output, _ = site
    locs = {loc.get_text() for loc in BeautifulSoup((output / "tinh-mau" / "sitemap.xml").read_text(), "xml").select("loc")}
    assert {f"{LOCAL_BASE}/tinh-mau/van-ban/", f"{LOCAL_BASE}/tinh-mau/van-ban/2026-03-nq-ldld.html",
            f"{LOCAL_BASE}/tinh-mau/van-ban/loai/ke-hoach/", f"{LOCAL_BASE}/tinh-mau/van-ban/nam/2025/",
            f"{LOCAL_BASE}/tinh-mau/gioi-thieu/", f"{LOCAL_BASE}/tinh-mau/lien-he/"} <= locs
    locs = {loc.get_text() for loc in BeautifulSoup((output / "tp-dong" / "sitemap.xml").read_text(), "xml").select("loc")}
    assert f"{LOCAL_BASE}/tp-dong/cdcs-anh/van-ban/2026-07-tb-cdcs.html" in locs


def test_every_page_of_every_site_links_about_contact_and_documents(site):
    _, output, _ = site
    pages = [p for s in ("tinh-mau", "tp-dong", "tp-tay") for p in (output / s).rglob("*.html")]
    assert len(pages) > 50
    for page in pages:
        links = {a.get_text(strip=True): a["href"] for a in soup(page).select("footer a")}
        site_id = page.relative_to(output).parts[0]
        assert links["Giới thiệu"] == f"{LOCAL_BASE}/{site_id}/gioi-thieu/", page
        assert links["Liên hệ"] == f"{LOCAL_BASE}/{site_id}/lien-he/", page
        assert ("Văn bản" in links) == (site_id != "tp-tay"), page  # tp-tay has no document


def test_editing_the_library_rebuilds_exactly_what_a_clean_build_writes(tmp_path):
    content = copy_fixture_content(tmp_path)
    incremental = tmp_path / "incremental" / "output"
    build(BuildOptions(content, incremental, ROOT / "pelicanconf.py", jobs=1))
    edits = [
        lambda: (content / UNIT / "van-ban.yml").write_text(
            (content / UNIT / "van-ban.yml").read_text(encoding="utf-8").replace("Lịch họp", "Lịch làm việc"), encoding="utf-8"),
        lambda: (content / "tinh-mau" / "van-ban" / "ke-hoach-12-2025.pdf").write_bytes(pdf_bytes(["Bản sửa"])),
        lambda: (content / "tinh-mau" / "gioi-thieu.md").write_text("## Mới\n\nĐoạn mới.\n", encoding="utf-8"),
        lambda: (content / UNIT / "van-ban.yml").unlink(),
    ]
    for step, edit in enumerate(edits):
        edit()
        build(BuildOptions(content, incremental, ROOT / "pelicanconf.py", jobs=1))
        clean = tmp_path / f"clean-{step}" / "output"
        build(BuildOptions(content, clean, ROOT / "pelicanconf.py", jobs=1))
        mine, theirs = files(incremental), files(clean)
        assert mine.keys() == theirs.keys(), step
        assert [name for name in mine if mine[name] != theirs[name]] == [], step
        shutil.rmtree(clean.parent)
    assert not (incremental / "tp-dong" / "cdcs-anh" / "van-ban").exists()


def test_a_broken_library_stops_the_build_with_its_line(tmp_path):
    content = copy_fixture_content(tmp_path)
    (content / UNIT / "van-ban.yml").write_text(entry(file="../tinh-mau/van-ban/ke-hoach-12-2025.pdf"), encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        build(BuildOptions(content, tmp_path / "output", ROOT / "pelicanconf.py", jobs=1))
    assert [p.code for p in found.value.problems] == ["path-outside-unit"]
    assert found.value.problems[0].line == 1 and found.value.problems[0].path.endswith(f"{UNIT}/van-ban.yml")
    assert not (tmp_path / "output").exists()


def test_one_file_described_twice_names_the_first_entry(unit_folder):
    result = library_of(unit_folder, entry() + entry(number="06/NQ-CĐCS"))
    assert only_problem(result) == (f"{result[1]}:7: file: tệp `van-ban/a.pdf` đã được mô tả ở dòng 1; mỗi tệp chỉ "
                                    "mô tả một lần [duplicate-document-file]")


def test_a_document_dated_later_appears_on_its_day_and_the_next_build_shows_it(tmp_path):
    from datetime import date

    content = copy_fixture_content(tmp_path)
    listing = content / UNIT / "van-ban.yml"
    listing.write_text(listing.read_text(encoding="utf-8").replace("date: 2026-01-05", "date: 2026-12-10"), encoding="utf-8")
    output = tmp_path / "output"
    report = build(BuildOptions(content, output, ROOT / "pelicanconf.py", jobs=1, as_of=date(2026, 12, 9)))
    assert [(w.line, w.code) for w in report.warnings if w.path.endswith(f"{UNIT}/van-ban.yml")] == [(3, "document-scheduled")]
    assert not list(output.rglob("2026-07-tb-cdcs.html")) and not list(output.rglob("thong-bao-07.docx"))
    build(BuildOptions(content, output, ROOT / "pelicanconf.py", jobs=1, as_of=date(2026, 12, 10)))  # the next day
    clean = tmp_path / "clean" / "output"
    build(BuildOptions(content, clean, ROOT / "pelicanconf.py", jobs=1, as_of=date(2026, 12, 10)))
    assert files(output) == files(clean)
    assert (output / "tp-dong" / "cdcs-anh" / "van-ban" / "2026-07-tb-cdcs.html").is_file()


@demo_only
def test_the_demo_library_reads_cleanly_and_its_files_are_small():
    from datetime import date

    from domain.registry import load_network

    content = ROOT / "content"
    units = [unit.id for unit in load_network(content / "network.yml")]
    library, problems, warnings, notes = read_library(content.resolve(), units, date(2026, 12, 2))
    assert (problems, warnings, notes) == ([], [], [])
    documents = [d for unit in units for d in library.of(unit)]
    assert len(documents) >= 12 and {d.suffix for d in documents} == {".pdf", ".docx", ".xlsx", ".odt"}
    assert all(d.size < 20 * 1024 for d in documents)
    assert len(library.about) >= 2 and all(unit.contact for unit in load_network(content / "network.yml")
                                           if unit.is_federation and unit.is_active)
