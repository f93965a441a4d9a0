"""Checks on the demo articles in the real content/ folder.

- there are at least 40 articles (content/<unit-id>/*.md), each with a body of
  150-400 words (image lines not counted);
- every kind of unit in content/network.yml (province, city, grassroots) has
  articles, and each of the five main categories has at least 3;
- no sentence of 8 or more words (from bodies and Summary values) appears in
  two different articles;
- every `Image:` file exists and every image under content/ is below 60 KB.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

CONTENT = Path(__file__).resolve().parents[1] / "content"
ARTICLES = sorted(CONTENT.glob("*/*.md"))
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
MAX_IMAGE_BYTES = 60 * 1024
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg"}

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


def test_enough_articles() -> None:
    assert len(ARTICLES) >= MIN_ARTICLES


@pytest.mark.parametrize("path", ARTICLES, ids=relative)
def test_body_length(path: Path) -> None:
    words = word_count(article_body(path.read_text(encoding="utf-8")))
    assert MIN_WORDS <= words <= MAX_WORDS, f"{relative(path)}: {words} words"


def test_every_unit_kind_has_articles() -> None:
    kinds = unit_kinds()
    counts = Counter(kinds.get(path.parent.name) for path in ARTICLES)
    assert all(counts[kind] > 0 for kind in UNIT_KINDS), counts


def test_main_categories_are_used() -> None:
    counts = Counter(split_article(p.read_text(encoding="utf-8"))[0].get("Category") for p in ARTICLES)
    assert all(counts[category] >= 3 for category in MAIN_CATEGORIES), counts


def test_no_long_sentence_in_two_articles() -> None:
    files_of: dict[str, set[str]] = defaultdict(set)
    for path in ARTICLES:
        for sentence in long_sentences(path):
            files_of[sentence].add(relative(path))
    repeated = [f"{s!r}: {', '.join(sorted(f))}" for s, f in files_of.items() if len(f) > 1]
    assert not repeated, "\n".join(repeated)


@pytest.mark.parametrize("path", ARTICLES, ids=relative)
def test_image_exists(path: Path) -> None:
    image = split_article(path.read_text(encoding="utf-8"))[0].get("Image")
    assert image is None or (path.parent / image).is_file(), f"{relative(path)}: {image} not found"


def test_images_are_small() -> None:
    sizes = {p: p.stat().st_size for p in CONTENT.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES}
    too_big = [f"{relative(p)}: {size} bytes" for p, size in sizes.items() if size >= MAX_IMAGE_BYTES]
    assert not too_big, "\n".join(too_big)
