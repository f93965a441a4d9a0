"""The plain-text shortcuts of Markdown parsing (domain/articles/plain_text.py) change no output."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import SimpleTagInlineProcessor
from markdown.treeprocessors import InlineProcessor

from domain.articles.plain_text import (
    PlainBlockProcessor,
    PlainText,
    PlainTextInlineProcessor,
    only_known_patterns,
    only_known_processors,
    plain_paragraph,
)

PELICAN_EXTENSIONS = ["markdown.extensions.codehilite", "markdown.extensions.extra", "markdown.extensions.meta"]

# Vietnamese prose, every character some Markdown construct starts with, and line structure.
_WORDS = st.sampled_from([
    "Công đoàn", "người lao động", "Đại hội", "năm 2026", "1.", "-", "+", "#", "##", ">", "|", ":", "~~~",
    "```", "    ", "*", "**", "_", "__", "`", "\\", "[", "]", "(", ")", "![", "[^1]", "[^1]:", "<b>", "</b>",
    "<div>", "</div>", "<https://congdoan.vn>", "<a@b.vn>", "&amp;", "&", "&#1234;", "  \n", "\n", "\n\n",
    "*[CĐCS]: Công đoàn cơ sở", "CĐCS", "{: .lop }", "[a]: /x", "[a]", "---", "===", "Title: x\n",
])
_SEPARATORS = st.sampled_from(["", " ", " ", "\n"])
DOCUMENTS = st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=40).map(lambda parts: "".join(w + s for w, s in parts))


def _convert(text: str, *extensions) -> str:
    return markdown.Markdown(extensions=[*PELICAN_EXTENSIONS, *extensions], output_format="html5").convert(text)


# One document per inline construct, each inside plain prose.
CONSTRUCTS = [
    "Công đoàn `mã` cơ sở", "Công \\*đoàn\\*", "Năm 2026\\. Công đoàn", "Công đoàn[^1]\n\n[^1]: chú thích", "[Công đoàn](/cd)",
    "![ảnh](/a.jpg)", "[Công đoàn][1]\n\n[1]: /cd", "[Công đoàn]\n\n[Công đoàn]: /cd", "Xem <https://congdoan.vn>",
    "Gửi <a@congdoan.vn>", "Công đoàn  \nĐại hội", "Công <b>đoàn</b>", "Công &amp; đoàn", "*Công đoàn*",
    "_Công đoàn_", "**Công** đoàn", "*[CĐCS]: Công đoàn cơ sở\n\nCĐCS Dũng", "Công đoàn\n{: .lop }",
    # block constructs, each after a plain paragraph and before another
    "# Tiêu đề", "Tiêu đề\n===", "Công đoàn\n---", "- mục\nCông đoàn", "1. mục", "> trích\nCông đoàn",
    "Công | đoàn\n--- | ---\na | b", "Thuật ngữ\n: định nghĩa", "[a]: /x", "[^1]: chú thích", "    mã nguồn",
    "<div>\nCông đoàn\n</div>", '<div markdown="1">\nCông *đoàn*\n</div>', "- mục một\n\n    Công đoàn",
    "* mục\n\n  Công đoàn\n\nĐại hội", "```\nCông đoàn\n```", "~~~\nmã\n~~~", "***", "Công đoàn\n\n\n\nĐại hội",
]
CONSTRUCTS += [f"Công đoàn cơ sở.\n\n{text}\n\nĐại hội công đoàn." for text in CONSTRUCTS]


@pytest.mark.parametrize("text", CONSTRUCTS)
def test_every_inline_construct_is_still_parsed(text):
    assert _convert(text, PlainText()) == _convert(text)


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS)
def test_output_is_the_same_with_and_without_the_shortcut(text):
    assert _convert(text, PlainText()) == _convert(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(DOCUMENTS, min_size=2, max_size=4))
def test_one_reused_instance_gives_the_same_output(texts):
    md = markdown.Markdown(extensions=[*PELICAN_EXTENSIONS, PlainText()], output_format="html5")
    outputs = []
    for text in texts:
        md.reset()
        outputs.append(md.convert(text))
    assert outputs == [_convert(text) for text in texts]


def test_the_shortcuts_are_taken_with_markdowns_own_patterns_and_processors():
    md = markdown.Markdown(extensions=[*PELICAN_EXTENSIONS, PlainText()])
    assert only_known_patterns(md) and only_known_processors(md)
    assert type(md.treeprocessors["inline"]) is PlainTextInlineProcessor
    assert type(md.parser.blockprocessors["plain_block"]) is PlainBlockProcessor
    # The method it overrides still exists under that name (a Markdown upgrade that renames
    # it would silently turn the shortcut off).
    assert callable(getattr(InlineProcessor, "_InlineProcessor__handleInline", None))


class _WordPattern(Extension):
    """Marks a plain word: a pattern the shortcut cannot know about."""

    def extendMarkdown(self, md):
        md.inlinePatterns.register(SimpleTagInlineProcessor(r"()(Công đoàn)", "strong"), "union", 65)


def test_an_extension_adding_an_inline_pattern_turns_the_shortcut_off():
    text = "Công đoàn cơ sở"
    md = markdown.Markdown(extensions=[*PELICAN_EXTENSIONS, PlainText(), _WordPattern()])
    assert not only_known_patterns(md)
    assert md.convert(text) == _convert(text, _WordPattern()) == "<p><strong>Công đoàn</strong> cơ sở</p>"


class _Aside(Extension):
    """A block processor the shortcut cannot know about: a line starting with a letter."""

    def extendMarkdown(self, md):
        class Aside(BlockProcessor):
            def test(self, parent, block):
                return block.startswith("Lưu ý")

            def run(self, parent, blocks):
                etree.SubElement(parent, "aside").text = blocks.pop(0)

        md.parser.blockprocessors.register(Aside(md.parser), "aside", 70)


def test_an_extension_adding_a_block_processor_turns_the_block_shortcut_off():
    text = "Lưu ý họp lúc 8 giờ\n\nCông đoàn cơ sở"
    md = markdown.Markdown(extensions=[*PELICAN_EXTENSIONS, PlainText(), _Aside()])
    assert not only_known_processors(md)
    assert md.convert(text) == _convert(text, _Aside()) == "<aside>Lưu ý họp lúc 8 giờ</aside>\n<p>Công đoàn cơ sở</p>"


def test_extensions_with_their_own_inline_processor_keep_their_output():
    text = 'Công đoàn -- "người lao động" ... năm 2026'
    assert _convert(text, PlainText(), "markdown.extensions.smarty") == _convert(text, "markdown.extensions.smarty")


_LINE_CHARACTERS = st.sampled_from(list("aăâđeêioôơuưyAĐƠáàảãạếềểễệ019 .,;:?!%()/'\"–—‘’“”…-*_`\\[]<>&#+=|{}~^\t") + ["  ", "\n"])
LINES = st.lists(_LINE_CHARACTERS, max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(LINES)
def test_a_plain_paragraph_is_what_markdown_makes_of_it(text):
    paragraph = plain_paragraph(text)
    if paragraph is not None:
        # Pelican converts header fields with the meta preprocessor taken out
        assert paragraph == markdown.Markdown(extensions=PELICAN_EXTENSIONS[:2], output_format="html5").convert(text)


def test_summaries_of_plain_prose_take_the_shortcut():
    assert plain_paragraph("Công đoàn cơ sở tổ chức “Tết sum vầy” cho 1.200 người - năm 2026.") is not None
    for text in ["1. Công đoàn", "- Công đoàn", "Công đoàn ", "Công *đoàn*", "Công  \nđoàn", "Công\nđoàn", ""]:
        assert plain_paragraph(text) is None
