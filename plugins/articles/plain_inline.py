"""A Markdown extension that skips inline parsing of text that has no inline markup.

Python-Markdown tries each of its ~15 inline patterns on every paragraph,
one regular-expression search each, and almost all of them find nothing: a
paragraph of Vietnamese news prose has no `*`, `[`, `<`, `&` or backtick.
That is about 40% of converting an article.  Every pattern Markdown and
`extra` register needs one of a few characters (or two spaces before a line
break) to match, so one search for those characters decides whether any
pattern could; text without them is returned as it is, exactly what the
patterns would have left.

`plain_paragraph()` goes one step further for a header field such as
Summary, converted as a document of its own: one line of prose with no
character any block or inline construct starts with is one paragraph.

The inline shortcut only applies while the registered inline patterns are exactly
the known ones: an extension that adds a pattern turns it off (an unknown
pattern could match plain words).  Tests compare the output with and without
the extension on generated Markdown.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

# The inline patterns of Python-Markdown 3.11 with `extra`, and what each needs to match:
# backtick `, escape \, footnote/links/references/images [, autolink/automail/html <,
# linebreak "  \n", entity &, em_strong * or _.
KNOWN_PATTERNS = frozenset({
    "backtick", "escape", "footnote", "reference", "link", "image_link", "image_reference",
    "short_reference", "short_image_ref", "autolink", "automail", "linebreak", "html", "entity",
    "em_strong",
})
# \x02 and \x03 delimit Markdown's own placeholders: text holding one is always parsed.
_MARKUP = re.compile(r"[`\\\[<&*_\x02\x03]|  \n")
PRIORITY = 20  # Markdown's own "inline" treeprocessor's


# One line: a letter first (no list number, heading, quote or indent), then letters, digits,
# single spaces and punctuation that starts no construct, and no space last.
_PLAIN_LINE = re.compile(r"[^\W\d_](?:[^\W_]|[.,;:?!%()/'\"\u2013\u2014\u2018\u2019\u201c\u201d\u2026-]| (?! |$))*")

_KNOWN_MODULES = ("markdown.inlinepatterns", "markdown.extensions.footnotes")


def only_known_patterns(md: Markdown) -> bool:
    """Whether every registered inline pattern is one of KNOWN_PATTERNS, as Markdown made it."""
    patterns = md.inlinePatterns
    known = sum(1 for name in KNOWN_PATTERNS
                if name in patterns and type(patterns[name]).__module__ in _KNOWN_MODULES)
    return known == len(patterns)


def plain_paragraph(text: str) -> str | None:
    """What Markdown makes of `text` as a whole document, if it is one line of plain prose."""
    return f"<p>{text}</p>" if _PLAIN_LINE.fullmatch(text) else None


class PlainTextInlineProcessor(InlineProcessor):
    def run(self, tree, ancestors=None):
        self._shortcut = only_known_patterns(self.md)  # extensions may be added after this one
        return super().run(tree, ancestors)

    # Overrides InlineProcessor.__handleInline (name-mangled), which run() calls for every
    # text and tail and which recurses on what a pattern matched.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if self._shortcut and not _MARKUP.search(data):
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


class PlainTextInline(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(PlainTextInlineProcessor(md), "inline", PRIORITY)
