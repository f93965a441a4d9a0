"""Hostile and broken photos, and the image fields: each an editor's line, never a traceback or a half-written site.

Scans first (the index reads every photo with Pillow), then real builds: a strict one that
stops with the line and leaves output/ as it was, and a publish build that holds the article back.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from builder.build import BuildOptions, build
from conftest import ROOT, copy_fixture_content, scan
from domain.registry import ProblemsFound, display_path

SETTINGS = ROOT / "pelicanconf.py"
UNIT = "cdcs-dung"
HEADER = "Title: Ảnh hỏng\nDate: 2026-11-20 08:00\n"


def jpeg(width: int = 800, height: int = 600) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((width, height), 50).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares `width`×`height` (a decompression bomb's shape): valid
    chunks with good CRCs, and a few bytes of pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def big_flat_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (width, height)).save(out, "PNG")
    return out.getvalue()


CASES = [
    ("bom.png", png_declaring(100_000, 100_000), "image-too-large", "quá nhiều điểm ảnh"),
    ("rong.png", big_flat_png(20_000, 20), "image-too-large", "20.000×20 điểm ảnh"),
    ("cut.jpg", jpeg()[:6000], "image-damaged", "bị hỏng hoặc chưa tải về hết"),
    # A JPEG's first bytes, then a page: Pillow starts reading it as a JPEG and fails further on.
    ("gia.jpg", b"\xff\xd8\xff\xe0" + b"<html>not a photo</html>" * 20, "image-damaged", "bị hỏng"),
    ("gia.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "image-unreadable", "không đọc được như một ảnh PNG"),
]


def place(content: Path, name: str, data: bytes) -> None:
    (content / UNIT / "images" / name).write_bytes(data)


@pytest.mark.parametrize(("name", "data", "code", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_or_broken_lead_image_is_an_error_on_its_line(content, name, data, code, words):
    place(content, name, data)
    article = content / UNIT / "hong.md"
    article.write_text(f"{HEADER}Image: images/{name}\nImageAlt: x\n\nx\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        scan(content)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.field, problem.code) == (display_path(article), 3, "Image", code)
    assert words in problem.message and f"images/{name}" in problem.message


@pytest.mark.parametrize(("name", "data", "code", "words"), CASES[:3], ids=[c[0] for c in CASES[:3]])
def test_a_hostile_body_image_is_an_error_on_its_line(content, name, data, code, words):
    place(content, name, data)
    article = content / UNIT / "hong.md"
    article.write_text(f"{HEADER}\nĐoạn một.\n\n![Ảnh](images/{name})\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        scan(content)
    assert [(p.line, p.field, p.code) for p in caught.value.problems] == [(6, "nội dung", code)]


def test_a_strict_build_stops_on_a_damaged_photo_and_leaves_output_as_it_was(tmp_path):
    content = copy_fixture_content(tmp_path)
    output = tmp_path / "output"
    build(BuildOptions(content, output, SETTINGS))
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*")}
    place(content, "cut.jpg", jpeg()[:6000])
    (content / UNIT / "hong.md").write_text(f"{HEADER}Image: images/cut.jpg\n\nx\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        build(BuildOptions(content, output, SETTINGS))
    assert [p.code for p in caught.value.problems] == ["image-damaged"]
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*")} == before


def test_a_publish_build_holds_back_the_article_with_a_bomb_and_publishes_the_rest(tmp_path):
    content = copy_fixture_content(tmp_path)
    output = tmp_path / "output"
    place(content, "bom.png", png_declaring(100_000, 100_000))
    (content / UNIT / "bom.md").write_text(f"{HEADER}Image: images/bom.png\n\nx\n", encoding="utf-8")
    report = build(BuildOptions(content, output, SETTINGS, hold_back_errors=True))
    assert f"{UNIT}/bom.md" in report.index.held_back
    assert not (output / "tp-dong" / UNIT / "images" / "bom.png").exists()
    assert (output / "tp-dong" / UNIT / "images" / "hoi-nghi.jpg").is_file()


# --- The image fields ----------------------------------------------------------------------

def problems(content: Path, text: str) -> list[tuple[int, str, str]]:
    (content / UNIT / "truong.md").write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        scan(content)
    return [(p.line, p.field, p.code) for p in caught.value.problems]


@pytest.mark.parametrize("focus", ["giữa", "50%", "120% 30%", "0.3, 0.4", "30 40"])
def test_a_focus_point_must_be_two_percentages(content, focus):
    text = f"{HEADER}Image: images/hoi-nghi.jpg\nImageAlt: Hội nghị\nImageFocus: {focus}\n\nx\n"
    assert problems(content, text) == [(5, "ImageFocus", "bad-image-focus")]


def test_alt_and_focus_without_an_image_are_errors(content):
    text = f"{HEADER}ImageAlt: Hội nghị\nImageFocus: 50% 50%\n\nx\n"
    assert problems(content, text) == [(3, "ImageAlt", "image-field-without-image"),
                                       (4, "ImageFocus", "image-field-without-image")]


def test_the_fields_are_read_into_the_record(content):
    (content / UNIT / "truong.md").write_text(
        f"{HEADER}Image: images/hoi-nghi.jpg\nImageAlt:   Đại biểu   biểu quyết\nImageFocus: 25% 75%\n\nx\n", encoding="utf-8")
    record = scan(content).by_source[f"{UNIT}/truong.md"]
    assert (record.image_alt, record.image_focus) == ("Đại biểu biểu quyết", (0.25, 0.75))
    assert [(f.path, f.width, f.height) for f in record.images] == [(f"{UNIT}/images/hoi-nghi.jpg", 800, 450)]


def test_a_lead_image_without_alt_is_a_warning_naming_file_and_line_and_a_dash_says_decorative(content):
    article = content / UNIT / "truong.md"
    article.write_text(f"{HEADER}Category: Tin\nImage: images/hoi-nghi.jpg\n\nx\n", encoding="utf-8")
    warned = [w for w in scan(content).warnings if w.code == "missing-alt" and w.path == display_path(article)]
    assert [(w.line, w.field) for w in warned] == [(4, "Image")]
    assert "`images/hoi-nghi.jpg`" in warned[0].message and "ImageAlt: -" in warned[0].message
    article.write_text(f"{HEADER}Image: images/hoi-nghi.jpg\nImageAlt: -\n\nx\n", encoding="utf-8")
    index = scan(content)
    assert not [w for w in index.warnings if w.code == "missing-alt" and w.path == display_path(article)]
    assert index.by_source[f"{UNIT}/truong.md"].image_alt == ""
