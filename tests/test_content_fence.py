"""What a unit's files may make the build read: one header parser, references fenced into the unit.

Index scans only (no Pelican); tests/test_hostile_builds.py runs the same attacks through real builds.
"""

import io
import os
from pathlib import Path, PurePosixPath

import pytest
from PIL import Image

from conftest import LAYOUT, scan
from domain.articles import scan_articles
from domain.articles.headers import body_of, parse_header
from domain.articles.references import Rejected, Resolved, resolve_reference
from domain.registry import ProblemsFound, load_network


def _tiny_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG")
    return out.getvalue()


JPEG = _tiny_jpeg()  # a real one: the scan opens every published photo (domain/images/inspection.py)
HEADER = "Title: T\nDate: 2026-01-01\n"


def problems_of(content: Path, relative: str, text: str | bytes) -> list:
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(ProblemsFound) as caught:
        scan(content)
    return caught.value.problems


def codes(problems) -> list[tuple[int, str]]:
    return [(p.line, p.code) for p in problems]


# --- One header parser ------------------------------------------------------------------

TAKEOVER = "Title: x\nDate: 2026-11-20\nCategory: Tin cơ sở\nStatus: draft\n save_as: index.html\n url: index.html\n\n<h1>HACKED</h1>\n"


def test_the_front_page_takeover_header_is_refused_line_by_line(content):
    problems = problems_of(content, "cdcs-dung/zz.md", TAKEOVER)
    assert codes(problems) == [(5, "indented-field"), (6, "indented-field")]
    assert all("cột đầu tiên" in p.message for p in problems)


def test_a_lone_cr_cannot_hide_a_second_field(content):
    problems = problems_of(content, "cdcs-dung/cr.md", "Title: x\rsave_as: index.html\nDate: 2026-11-20\n\nBody\n")
    assert (1, "lone-cr") in codes(problems)


def test_crlf_files_are_fine(content):
    (content / "cdcs-dung" / "crlf.md").write_bytes("Title: Tin CRLF\r\nDate: 2026-01-02\r\n\r\nThân bài.\r\n".encode())
    assert scan(content).by_source["cdcs-dung/crlf.md"].title == "Tin CRLF"


@pytest.mark.parametrize(("line", "code"), [
    ("Title : x", "space-before-colon"),
    ("Title： x", "lookalike-colon"),
    ("Title\u2236 x", "lookalike-colon"),
    ("  Title: x", "indented-field"),
    ("Ti\u200btle: x", "invisible-character"),
    ("Title: x\u202egnp.exe", "invisible-character"),
    ("\u00a0save_as: index.html", "invisible-character"),
    ("Title: x\x0bsave_as: y", "invisible-character"),
    ("Title: x\u2028save_as: y", "invisible-character"),
])
def test_ambiguous_header_lines_are_errors_with_their_line(content, line, code):
    problems = problems_of(content, "cdcs-dung/h.md", f"Date: 2026-01-01\n{line}\n\nx\n")
    assert (2, code) in codes(problems)


@pytest.mark.parametrize("opening", ["---", "+++"])
def test_jekyll_and_hugo_front_matter_is_explained(content, opening):
    problems = problems_of(content, "cdcs-dung/fm.md", f"{opening}\ntitle: T\ndate: 2026-01-01\nsave_as: index.html\n{opening}\n\nx\n")
    assert codes(problems)[0] == (1, "front-matter")
    assert "Jekyll" in problems[0].message and "Title" in problems[0].message


@pytest.mark.parametrize("field", ["save_as", "url", "template", "lang", "translation", "save-as", "Save_As", "override_url",
                                   "summary_max_length", "authors", "date_format"])
def test_no_pelican_setting_is_reachable_through_metadata(content, field):
    problems = problems_of(content, "cdcs-dung/f.md", f"{HEADER}{field}: index.html\n\nx\n")
    assert codes(problems) == [(3, "unknown-field")]


def test_status_spellings_other_than_the_two_are_refused(content):
    for spelling in ("hidden", "Draft ", "publish"):
        (content / "cdcs-dung" / "s.md").write_text(f"{HEADER}Status: {spelling}\n\nx\n", encoding="utf-8")
        try:
            index = scan(content)
        except ProblemsFound as caught:
            assert [p.code for p in caught.problems] == ["bad-status"]
        else:  # "Draft " is `draft` once stripped
            assert index.by_source["cdcs-dung/s.md"].status == "draft"


def test_a_four_space_continuation_stays_in_its_field():
    text = "Title: Tiêu đề\nSummary: một\n    save_as: index.html\nDate: 2026-01-01\n\nThân\n"
    header = parse_header(text)
    assert header.get("Summary") == "một save_as: index.html"
    assert "save_as" not in header.fields and body_of(text, header) == "Thân\n"


def test_the_body_markdown_sees_starts_after_the_blank_line():
    header = parse_header("\ufeffTitle: T\nDate: 2026-01-01\n\nKey: not a field\nMore\n")
    assert body_of("\ufeffTitle: T\nDate: 2026-01-01\n\nKey: not a field\nMore\n", header) == "Key: not a field\nMore\n"


# --- References fenced into the unit ----------------------------------------------------

ARTICLE = PurePosixPath("cdcs-dung/bai.md")


@pytest.mark.parametrize(("target", "expected"), [
    ("images/a.jpg", Resolved("file", "cdcs-dung/images/a.jpg")),
    ("./images/../images/a.jpg", Resolved("file", "cdcs-dung/images/a.jpg")),
    ("{static}images/a.jpg", Resolved("file", "cdcs-dung/images/a.jpg")),
    ("{attach}images/a.jpg", Resolved("file", "cdcs-dung/images/a.jpg")),
    ("|static|images/a.jpg", Resolved("file", "cdcs-dung/images/a.jpg")),
    ("{static}/cdcs-dung/images/a.jpg", Resolved("file", "cdcs-dung/images/a.jpg")),
    ("images/%C3%A1nh.jpg?v=2", Resolved("file", "cdcs-dung/images/ánh.jpg")),
    ("{filename}khac.md#phan-2", Resolved("article", "cdcs-dung/khac.md", "phan-2")),
    ("khac.md", Resolved("article", "cdcs-dung/khac.md")),
    ("https://example.vn/x", Resolved("external")),
    ("//example.vn/x", Resolved("external")),
    ("#muc-1", Resolved("fragment")),
])
def test_references_resolve_inside_the_unit(target, expected):
    assert resolve_reference(target, ARTICLE) == expected


@pytest.mark.parametrize("target", [
    "../../pelicanconf.py", "../../.git/config", "../../.env", "../../../../../../../../etc/passwd",
    "{static}/../../../etc/hostname", "{attach}../cdcs-dong/images/a.jpg", "../cdcs-dong/images/a.jpg",
    "%2e%2e/%2e%2e/pelicanconf.py", "{static}/network.yml", "{static}/cdcs-dong/images/a.jpg",
    "images/../../cdcs-dong/a.jpg", "{filename}../cdcs-dong/bai.md",
])
def test_escapes_are_rejected(target):
    resolved = resolve_reference(target, ARTICLE)
    assert isinstance(resolved, Rejected) and resolved.code == "outside-unit"


@pytest.mark.parametrize(("target", "code"), [
    ("/ldld-x/danh-ba/", "absolute-path"), ("/etc/passwd", "absolute-path"), ("/", "absolute-path"),
    ("/images/a.jpg", "absolute-path"), ("images\\..\\..\\x.jpg", "bad-path"), ("images/a%00.jpg", "bad-path"), ("{author}x", "unsupported-link"),
    ("{index}", "unsupported-link"),
])
def test_other_bad_references(target, code):
    resolved = resolve_reference(target, ARTICLE)
    assert isinstance(resolved, Rejected) and resolved.code == code


@pytest.mark.parametrize("link", ["[a](../../pelicanconf.py)", "[b](../../.git/config)", "[c](../../.env)",
                                  "[x](../../../../../../../../etc/passwd)", "![h]({static}/../../../etc/hostname)",
                                  '<img src="../../network.yml">', "<a href='../cdcs-dong/ban-nhap.md'>x</a>",
                                  "[r]: ../../pelicanconf.py", '<img srcset="images/a.jpg 1x, ../../x.jpg 2x">'])
def test_body_links_outside_the_unit_are_errors(content, link):
    (content / "cdcs-dung" / "images" / "a.jpg").write_bytes(JPEG)
    problems = problems_of(content, "cdcs-dung/l.md", f"{HEADER}\nDòng một\n\n{link}\n")
    assert codes(problems) == [(6, "outside-unit")]


def test_a_symlinked_image_to_the_environment_is_an_error(content):
    os.symlink("/proc/self/environ", content / "cdcs-dung" / "images" / "env.jpg")
    problems = problems_of(content, "cdcs-dung/env.md", f"{HEADER}Image: images/env.jpg\n\n![x](images/env.jpg)\n")
    assert {p.code for p in problems} == {"symlink"}
    assert any(p.path.endswith("images/env.jpg") for p in problems)


@pytest.mark.parametrize("name", [b"H\xf4i ngh\xfb.md", b"\xe1nh.jpg"])  # TCVN3/Latin-1 bytes: not UTF-8
def test_a_file_name_that_is_not_utf8_is_an_error_not_a_crash(content, name):
    os.close(os.open(os.fsencode(content / "cdcs-dung") + b"/" + name, os.O_CREAT | os.O_WRONLY))
    with pytest.raises(ProblemsFound) as caught:
        scan(content)
    [problem] = caught.value.problems
    assert problem.code == "bad-file-name" and problem.line == 1 and "\ufffd" in problem.path
    str(problem).encode("utf-8")  # printable: the editor sees the line, not an encoding error


def test_a_symlinked_folder_is_an_error_and_not_walked(content):
    os.symlink("/etc/ssl", content / "cdcs-dung" / "ssl")
    problems = problems_of(content, "cdcs-dung/ok.md", f"{HEADER}\nx\n")
    assert codes(problems) == [(1, "symlink")]


@pytest.mark.parametrize(("name", "data", "code"), [
    ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "convert-file"),
    ("anh.heic", b"\x00\x00\x00\x18ftypheic", "convert-file"),
    ("trang.xhtml", b"<html/>", "file-type-not-allowed"),
    ("app.js", b"alert(1)", "file-type-not-allowed"),
    ("gia.jpg", b"<script>alert(1)</script>", "file-content-mismatch"),
    ("gia.png", JPEG, "file-content-mismatch"),
])
def test_only_allowed_types_whose_bytes_match_are_published(content, name, data, code):
    (content / "cdcs-dung" / "images" / name).write_bytes(data)
    problems = problems_of(content, "cdcs-dung/t.md", f"{HEADER}Image: images/{name}\n\nx\n")
    assert codes(problems) == [(3, code)]


def test_documents_may_be_linked_but_not_shown_as_images(content):
    (content / "cdcs-dung" / "images" / "quy-che.pdf").write_bytes(b"%PDF-1.7\n")
    (content / "cdcs-dung" / "doc.md").write_text(f"{HEADER}\n[Quy chế](images/quy-che.pdf)\n", encoding="utf-8")
    assert scan(content).by_source["cdcs-dung/doc.md"].files == ("cdcs-dung/images/quy-che.pdf",)
    problems = problems_of(content, "cdcs-dung/doc.md", f"{HEADER}\n![Quy chế](images/quy-che.pdf)\n")
    assert codes(problems) == [(4, "file-type-not-allowed")]


def test_backup_and_system_files_are_skipped_with_a_note(content):
    unit = content / "cdcs-dung"
    for name in ("bai.md~", ".DS_Store", "Thumbs.db", "~$bien-ban.docx", ".#bai.md", ".an.md"):
        (unit / name).write_text("Title: bí mật\n\nnội dung nháp\n", encoding="utf-8")
    (unit / "danh-sach.xlsx").write_bytes(b"PK\x03\x04")
    index = scan(content)
    noted = {(Path(n.path).name, n.code) for n in index.notes}
    assert {(name, "ignored-file") for name in ("bai.md~", ".DS_Store", "Thumbs.db", "~$bien-ban.docx", ".#bai.md", ".an.md")} <= noted
    assert ("danh-sach.xlsx", "file-not-linked") in noted
    assert not any(record.source.endswith((".#bai.md", ".an.md")) for record in index.records)
    assert "cdcs-dung/danh-sach.xlsx" not in index.published_files.get("cdcs-dung", [])


def test_only_published_articles_publish_files(content):
    unit = content / "cdcs-dung" / "images"
    (unit / "nhap.jpg").write_bytes(JPEG)
    (content / "cdcs-dung" / "nhap.md").write_text(f"{HEADER}Status: draft\nImage: images/nhap.jpg\n\nx\n", encoding="utf-8")
    files = scan(content).published_files
    assert files["cdcs-dung"] == ["cdcs-dung/images/hoi-nghi.jpg"]


def test_a_file_swapped_for_a_symlink_is_caught_by_a_cached_scan(content):
    cache: dict = {}
    network = load_network(content / "network.yml")
    kwargs = dict(default_category="Tin tức - Sự kiện", timezone="Asia/Ho_Chi_Minh", layout=LAYOUT, cache=cache)
    scan_articles(content, network, **kwargs)
    image = content / "cdcs-dung" / "images" / "hoi-nghi.jpg"
    image.unlink()
    os.symlink("/etc/hostname", image)
    with pytest.raises(ProblemsFound) as caught:
        scan_articles(content, network, **kwargs)
    assert "symlink" in {p.code for p in caught.value.problems}


def test_a_cached_scan_rechecks_a_touched_file_by_what_the_checks_read(content):
    """A fresh clone (new mtimes) keeps the cached record; new bytes are checked again."""
    cache: dict = {}
    network = load_network(content / "network.yml")
    kwargs = dict(default_category="Tin tức - Sự kiện", timezone="Asia/Ho_Chi_Minh", layout=LAYOUT, cache=cache)
    scan_articles(content, network, **kwargs)
    source = "cdcs-dung/hoi-nghi-nguoi-lao-dong.md"
    record = cache[source][1]
    image = content / "cdcs-dung" / "images" / "hoi-nghi.jpg"
    os.utime(image, ns=(1_000_000_000, 1_000_000_000))
    scan_articles(content, network, **kwargs)
    assert cache[source][1] is record  # not parsed again
    image.write_bytes(b"<html><script>alert(1)</script>" + image.read_bytes()[32:])
    with pytest.raises(ProblemsFound) as caught:
        scan_articles(content, network, **kwargs)
    assert {p.code for p in caught.value.problems} == {"file-content-mismatch"}


def test_the_invisible_characters_are_exactly_unicodes_control_format_and_space_categories():
    import sys
    import unicodedata

    from domain.articles.headers import _INVISIBLE

    expected = {chr(c) for c in range(sys.maxunicode + 1) if chr(c) not in " \t\n\r"
                and unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp", "Zs")}
    found = {chr(c) for c in range(sys.maxunicode + 1) if chr(c) not in " \t\n\r" and _INVISIBLE.match(chr(c))}
    assert found == expected, f"Unicode {unicodedata.unidata_version}: update _INVISIBLE in headers.py"
