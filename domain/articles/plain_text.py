"""A Markdown extension that skips the parsing plain prose does not need.

Python-Markdown tries each of its ~15 inline patterns on every paragraph, and
each of its ~16 block processors on every block, one regular-expression
search each, and almost all of them find nothing: Vietnamese news prose has
no `*`, `[`, `<`, `&` or backtick, and its lines start with letters.  That
was about half of converting an article.  Every construct Markdown and `extra`
know needs a few characters (or a line start that is not a letter) to
match, so one search decides whether any could:

- inline: text with none of the characters an inline pattern needs (or two
  spaces before a line break) is returned as it is, which is exactly what the
  patterns would have left;
- block: a top-level block whose every line starts with a letter goes
  straight to the paragraph processor, where every other processor would have
  passed it on (each needs some line to start otherwise).

`plain_paragraph()` goes one step further for a header field such as
Summary, converted as a document of its own: one line of prose with no
character any block or inline construct starts with is one paragraph.

The shortcuts only apply while the registered patterns and processors are
exactly the known ones: an extension that adds one turns them off (an unknown
pattern could match plain words).  Tests compare the output with and without
the extension on generated Markdown.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor
from markdown.util import Registry

# Python-Markdown 3.11 with `extra`: what each inline pattern needs to match: backtick `,
# escape \, footnote/links/references/images [, autolink/automail/html <, linebreak "  \n",
# entity &, em_strong * or _.
KNOWN_PATTERNS = frozenset({
    "backtick", "escape", "footnote", "reference", "link", "image_link", "image_reference",
    "short_reference", "short_image_ref", "autolink", "automail", "linebreak", "html", "entity",
    "em_strong",
})
_PATTERN_MODULES = ("markdown.inlinepatterns", "markdown.extensions.footnotes")
# \x02 and \x03 delimit Markdown's own placeholders: text holding one is always parsed.
_MARKUP = re.compile(r"[`\\\[<&*_\x02\x03]|  \n")

# The block processors: each needs a line that starts with something else than a letter (a
# placeholder, `[`, `*[`, a blank, an indent, #, a = or - underline, an - _ * rule, a digit,
# * + -, :, >, or a table's |-:  separator row), so a block whose every line starts with a
# letter passes all of them on to the paragraph processor.
KNOWN_PROCESSORS = frozenset({
    "markdown_block", "empty", "indent", "defindent", "code", "table", "hashheader", "setextheader", "hr",
    "olist", "ulist", "deflist", "quote", "footnote", "abbr", "reference", "paragraph", "plain_block",
})
_PROCESSOR_MODULES = ("markdown.blockprocessors", "markdown.extensions.md_in_html", "markdown.extensions.def_list",
                      "markdown.extensions.tables", "markdown.extensions.footnotes", "markdown.extensions.abbr",
                      __name__)
_PLAIN_BLOCK = re.compile(r"[^\W\d_][^\n]*(?:\n[^\W\d_][^\n]*)*")

# One line: a letter first (no list number, heading, quote or indent), then letters, digits,
# single spaces and punctuation that starts no construct, and no space last.
_PLAIN_LINE = re.compile(r"[^\W\d_](?:[^\W_]|[.,;:?!%()/'\"\u2013\u2014\u2018\u2019\u201c\u201d\u2026-]| (?! |$))*")

INLINE_PRIORITY = 20  # Markdown's own "inline" treeprocessor's
BLOCK_PRIORITY = 110  # before every block processor (markdown_block, the first, is 105)
GUARD_PRIORITY = 1000  # the first preprocessor


def _only_known(registry: Registry, names: frozenset[str], modules: tuple[str, ...]) -> bool:
    known = sum(1 for name in names if name in registry and type(registry[name]).__module__ in modules)
    return known == len(registry)


def only_known_patterns(md: Markdown) -> bool:
    """Whether every registered inline pattern is one of KNOWN_PATTERNS, as Markdown made it."""
    return _only_known(md.inlinePatterns, KNOWN_PATTERNS, _PATTERN_MODULES)


def only_known_processors(md: Markdown) -> bool:
    """Whether every registered block processor is one of KNOWN_PROCESSORS, as Markdown (or this module) made it."""
    return _only_known(md.parser.blockprocessors, KNOWN_PROCESSORS, _PROCESSOR_MODULES)


def plain_paragraph(text: str) -> str | None:
    """What Markdown makes of `text` as a whole document, if it is one line of plain prose."""
    return f"<p>{text}</p>" if _PLAIN_LINE.fullmatch(text) else None


class _Guard(Preprocessor):
    """Decides once per document whether the shortcuts apply (extensions may be added after
    this one, and looking at the registries for every block would cost what the shortcut saves)."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.plain_inline = only_known_patterns(self.md)
        self.md.plain_blocks = only_known_processors(self.md)
        return lines


class PlainTextInlineProcessor(InlineProcessor):
    # Overrides InlineProcessor.__handleInline (name-mangled), which run() calls for every
    # text and tail and which recurses on what a pattern matched.
    # A private Markdown surface: plugins/pelican_compat.py checks it (the domain imports no plugin).
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if self.md.plain_inline and not _MARKUP.search(data):
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


class PlainBlockProcessor(BlockProcessor):
    """Sends a block of plain prose lines straight to the paragraph processor."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md.parser)
        self.md = md

    def test(self, parent: Element, block: str) -> bool:
        # Inside lists and other containers the paragraph processor behaves differently: not there.
        return self.md.plain_blocks and not self.parser.state and _PLAIN_BLOCK.fullmatch(block) is not None

    def run(self, parent: Element, blocks: list[str]) -> bool | None:
        return self.parser.blockprocessors["paragraph"].run(parent, blocks)


class PlainText(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.plain_inline = md.plain_blocks = False
        md.preprocessors.register(_Guard(md), "plain_text_guard", GUARD_PRIORITY)
        md.treeprocessors.register(PlainTextInlineProcessor(md), "inline", INLINE_PRIORITY)
        md.parser.blockprocessors.register(PlainBlockProcessor(md), "plain_block", BLOCK_PRIORITY)
