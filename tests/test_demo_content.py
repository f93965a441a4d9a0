"""The demo network's own editorial rules, checked on the real content/ only while it is the demo.

The demo in content/ is sample content shipped with the code; these are rules for it,
not for a federation's articles (a real article of 62 words, or a 250 KB photo, is fine):

- there are at least 40 articles (content/<unit-id>/*.md), each with a body of
  150-400 words (image lines not counted), so every list and page has something to show;
- every kind of unit in content/network.yml (province, city, grassroots) has
  articles, and each of the five main categories has at least 3;
- originality: no sentence of 8 or more words (from bodies and Summary values) appears
  in two different articles;
- every `Image:` file exists and every image under content/ is below the guide's
  300 KB (docs/huong-dan-bien-tap.md, "Giữ ảnh nhỏ gọn").

The module runs only while content/DEMO exists (conftest.demo_only): that file marks
content/ as the demo. A federation that replaces the demo with its own content deletes
it, and `make test` then checks the code on the fixture networks only; its content is
checked by `make check`, the link check and the URL-permanence check (the Content
workflow, .github/workflows/content.yml), never by these rules. The helpers tested at
the top (sentences, word counts) need no content and always run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from conftest import DEMO_CONTENT, FIXTURE_CONTENT, ROOT, demo_only

CONTENT = DEMO_CONTENT
ARTICLES = sorted(p for p in CONTENT.glob("*/*.md") if p.name != "gioi-thieu.md")  # a unit's about page is no article
MAIN_CATEGORIES = (
    "Tin tức - Sự kiện",
    "Hoạt động công đoàn",
    "Chăm lo đời sống",
    "Chính sách - Pháp luật",
    "Văn hóa - Thể thao",
)
UNIT_KINDS = ("province", "city", "grassroots")
MIN_ARTICLES = 40
MIN_WORDS, MAX_WORDS = 150, 400
MIN_SENTENCE_WORDS = 8
MAX_IMAGE_BYTES = 300 * 1024  # the guide's "dưới khoảng 300 KB" (docs/huong-dan-bien-tap.md)
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}

_IMAGE_LINE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_LINE_MARKER = re.compile(r"^\s*(?:#{1,6}|>|[-*+]|\d+[.)])\s+")
_EMPHASIS = re.compile(r"[*_`~]+")
_SENTENCE_END = re.compile(r"[.!?]+")


def split_article(text: str) -> tuple[dict[str, str], str]:
    """The metadata (`Key: value` lines up to the first blank line) and the body after it."""
    head, _, body = text.lstrip("\ufeff").partition("\n\n")
    meta = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip()] = value.strip()
    return meta, body


def article_body(text: str) -> str:
    return split_article(text)[1]


def word_count(body: str) -> int:
    """Whitespace-separated words of the Markdown body, image lines left out."""
    return sum(len(line.split()) for line in body.splitlines() if not _IMAGE_LINE.match(line))


def sentences(text: str) -> list[str]:
    """Normalised sentences: split on . ! ? and line breaks, lower case, without Markdown marks."""
    found = []
    for line in text.splitlines():
        line = _EMPHASIS.sub("", _LINK.sub(r"\1", _LINE_MARKER.sub("", line)))
        for piece in _SENTENCE_END.split(line):
            piece = " ".join(piece.split()).lower()
            if piece:
                found.append(piece)
    return found


def long_sentences(path: Path) -> set[str]:
    meta, body = split_article(path.read_text(encoding="utf-8"))
    text = body + "\n" + meta.get("Summary", "")
    return {s for s in sentences(text) if len(s.split()) >= MIN_SENTENCE_WORDS}


def unit_kinds() -> dict[str, str]:
    network = yaml.safe_load((CONTENT / "network.yml").read_text(encoding="utf-8"))
    return {unit["id"]: unit["kind"] for unit in network["units"]}


def relative(path: Path) -> str:
    return path.relative_to(CONTENT).as_posix()


def test_sentences_splits_and_normalises() -> None:
    text = "## Tiêu đề **lớn**\n- Câu   thứ Nhất. Câu thứ hai!\n1. [Liên kết](https://a.vn) nhé?"
    assert sentences(text) == ["tiêu đề lớn", "câu thứ nhất", "câu thứ hai", "liên kết nhé"]


def test_article_body_and_word_count() -> None:
    text = "Title: A\nSummary: B c\n\nMột hai ba.\n![ảnh](images/a.jpg)\n- bốn năm"
    assert split_article(text)[0] == {"Title": "A", "Summary": "B c"}
    assert word_count(article_body(text)) == 6


@demo_only
def test_enough_articles() -> None:
    assert len(ARTICLES) >= MIN_ARTICLES


@demo_only
@pytest.mark.parametrize("path", ARTICLES, ids=relative)
def test_body_length(path: Path) -> None:
    words = word_count(article_body(path.read_text(encoding="utf-8")))
    assert MIN_WORDS <= words <= MAX_WORDS, f"{relative(path)}: {words} words (the demo's articles have {MIN_WORDS}-{MAX_WORDS})"


@demo_only
def test_every_unit_kind_has_articles() -> None:
    kinds = unit_kinds()
    counts = Counter(kinds.get(path.parent.name) for path in ARTICLES)
    assert all(counts[kind] > 0 for kind in UNIT_KINDS), counts


@demo_only
def test_main_categories_are_used() -> None:
    counts = Counter(split_article(p.read_text(encoding="utf-8"))[0].get("Category") for p in ARTICLES)
    assert all(counts[category] >= 3 for category in MAIN_CATEGORIES), counts


@demo_only
def test_no_long_sentence_in_two_articles() -> None:
    files_of: dict[str, set[str]] = defaultdict(set)
    for path in ARTICLES:
        for sentence in long_sentences(path):
            files_of[sentence].add(relative(path))
    repeated = [f"{s!r}: {', '.join(sorted(f))}" for s, f in files_of.items() if len(f) > 1]
    assert not repeated, "\n".join(repeated)


@demo_only
@pytest.mark.parametrize("path", ARTICLES, ids=relative)
def test_image_exists(path: Path) -> None:
    image = split_article(path.read_text(encoding="utf-8"))[0].get("Image")
    assert image is None or (path.parent / image).is_file(), f"{relative(path)}: {image} not found"


@demo_only
def test_images_are_small() -> None:
    sizes = {p: p.stat().st_size for p in CONTENT.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES}
    too_big = [f"{relative(p)}: {size} bytes" for p, size in sizes.items() if size >= MAX_IMAGE_BYTES]
    assert not too_big, "\n".join(too_big)


CODE = ("domain", "plugins", "stages", "incremental", "builder", "checks", "social", "scripts", "benchmarks",
        "themes", "tests", "pelicanconf.py", "publishconf.py", "pyproject.toml")
DEMO_READERS = ("tests/test_demo_content.py", "tests/test_demo_network.py", "tests/test_reorganisation.py",
                "tests/test_shards.py")


def test_a_federation_that_replaced_the_demo_passes_without_the_demo_rules(tmp_path):
    # A federation's repository: the same code, its own content/ (the fixture network: short
    # articles, no DEMO file). The demo's rules and the tests built on the demo's units are off.
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache")
    for name in CODE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=ignore)
        else:
            shutil.copy2(source, tmp_path / name)
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs", "-k", "not replaced_the_demo", *DEMO_READERS],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "failed" not in result.stdout and "content/ is not the demo network (no content/DEMO)" in result.stdout
