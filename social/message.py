"""The text of a Page post: title, summary as plain text, hashtags from the article's tags.

Pure functions.  The link goes in the post's `link` field, not the text:
Facebook builds the preview card from the article's Open Graph tags.
Hashtags keep Vietnamese letters with their diacritics and drop spaces and
punctuation ("hội nghị người lao động" -> "#HộiNghịNgườiLaoĐộng"): Facebook
hashtags are Unicode words and end at the first space or punctuation mark.
When the text is too long, the summary is shortened first, then hashtags are
dropped, then the title is shortened.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from html.parser import HTMLParser

FACEBOOK_MAX_MESSAGE = 63_206  # characters in one Page post
ELLIPSIS = "…"
_BLOCK_TAGS = {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(fragment: str) -> str:
    """An HTML fragment (a feed summary) as one line of plain text."""
    collector = _TextCollector()
    collector.feed(fragment or "")
    collector.close()
    return re.sub(r"\s+", " ", html.unescape("".join(collector.parts))).strip()


def hashtag(tag: str) -> str | None:
    """`#` and the tag's words, each capitalised, without spaces or punctuation; None if nothing is left."""
    words = re.split(r"[\W_]+", unicodedata.normalize("NFC", tag))
    joined = "".join(word[:1].upper() + word[1:] for word in words if word)
    return f"#{joined}" if joined and not joined.isdigit() else None


def hashtags(tags: Iterable[str]) -> list[str]:
    """One hashtag per tag, in order, without repeats (compared case-insensitively)."""
    seen: set[str] = set()
    result = []
    for tag in tags:
        made = hashtag(tag)
        if made and made.casefold() not in seen:
            seen.add(made.casefold())
            result.append(made)
    return result


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return text[:max(0, limit)]
    cut = text[:limit - len(ELLIPSIS)]
    at_boundary = text[len(cut)].isspace() or cut[-1:].isspace()
    if not at_boundary and " " in cut.strip():
        cut = cut[:cut.rstrip().rfind(" ")]
    return cut.rstrip(" ,;:.-–") + ELLIPSIS


def compose_message(title: str, summary_html: str, tags: Iterable[str], limit: int = FACEBOOK_MAX_MESSAGE) -> str:
    """The post's text: title, blank line, summary, blank line, hashtags; within `limit` characters."""
    title = re.sub(r"\s+", " ", title).strip()
    summary = plain_text(summary_html)
    tag_line = " ".join(hashtags(tags))
    blocks = [title, summary, tag_line]

    def text() -> str:
        return "\n\n".join(block for block in blocks if block)

    if len(text()) > limit and blocks[1]:
        others = len("\n\n".join(b for b in (blocks[0], blocks[2]) if b))
        room = limit - others - 2
        blocks[1] = shorten(summary, room) if room > len(ELLIPSIS) + 10 else ""
    if len(text()) > limit:
        blocks[2] = ""
    if len(text()) > limit:
        blocks[0] = shorten(title, limit - (len(blocks[1]) + 2 if blocks[1] else 0))
    if len(text()) > limit:
        blocks[1] = ""
        blocks[0] = shorten(title, limit)
    return text()
