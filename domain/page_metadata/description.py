"""The sentence a page is described by in search results and share previews (`<meta name="description">`, og:description).

An article's `Summary:` when it has one, else the first sentence of its body: plain
text (the cleaned HTML's tags dropped, entities read), at most about 200 characters,
cut at a word with "…" (Facebook shows two lines, Google about 150 characters).
"""

from __future__ import annotations

import html
import re

MAX_LENGTH = 200
_TAG = re.compile(r"<[^>]*>")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s")
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|figcaption|blockquote|div|tr)>", re.IGNORECASE)


def blocks(fragment: str) -> list[str]:
    """The text of each block (paragraph, heading, list item...) of an HTML fragment, whitespace collapsed."""
    text = html.unescape(_TAG.sub(" ", _BLOCK_END.sub("\n", fragment)))
    return [line for line in (" ".join(part.split()) for part in text.split("\n")) if line]


def description(summary_html: str | None, body_html: str) -> str:
    """The summary's text, else the body's first sentence; never longer than MAX_LENGTH."""
    text = " ".join(blocks(summary_html)) if summary_html else ""
    if not text:
        body = blocks(re.sub(r"<(figure|picture|table)\b.*?</\1>", " ", body_html, flags=re.S | re.I))
        text = _SENTENCE_END.split(body[0], maxsplit=1)[0] if body else ""
    if len(text) <= MAX_LENGTH:
        return text
    return text[:MAX_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:–- ") + "…"
