"""HTML read as the HTML standard's tokenizer reads it, in linear time: enough to say what was removed.

Python's html.parser differs from browsers (and from nh3's html5ever) on the malformed
markup hostile editors write, and takes quadratic time on some of it (25,000 `<iframe `
took over a minute).  This reads only what the audit needs, following the standard's
tokenizer states: start tags with their attributes (raw and decoded values), end tags,
comments and bogus comments skipped, and the raw-text elements (script, style, textarea …)
read to their end tag without looking inside.  Every character is looked at a bounded
number of times.  A tag cut off by the end of the input is dropped, as a browser drops it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

# Elements whose content is text up to their end tag (noscript: scripting is on in browsers).
RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title"})

_MARKUP = re.compile(r"<[!?/A-Za-z]")
_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />]*")
_SPACE_OR_SLASH = re.compile(r"[\t\n\f\r /]*")
_SPACE = re.compile(r"[\t\n\f\r ]*")
_ATTRIBUTE_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r /=>]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
_COMMENT_END = re.compile(r"--!?>")
_RAW_TEXT_END = {name: re.compile(rf"</{name}(?=[\t\n\f\r />])", re.IGNORECASE) for name in RAW_TEXT}


@dataclass(frozen=True)
class Attribute:
    name: str  # lower case
    value: str | None  # decoded; None when written without `=`
    raw: str  # as written, without its quotes


@dataclass(frozen=True)
class StartTag:
    name: str  # lower case
    attributes: tuple[Attribute, ...]
    self_closing: bool


@dataclass(frozen=True)
class EndTag:
    name: str


def tokens(markup: str) -> Iterator[StartTag | EndTag]:
    position = 0
    while (found := _MARKUP.search(markup, position)) is not None:
        start = found.start()
        kind = markup[start + 1]
        if kind == "!" and markup.startswith("<!--", start):
            position = _after_comment(markup, start)
        elif kind in "!?":
            position = _after(markup, ">", start)  # a bogus comment: `<!DOCTYPE …>`, `<?xml …?>`, `<![if …]>`
        elif kind == "/":
            name = _TAG_NAME.match(markup, start + 2)
            if name is None:
                position = start + 3 if markup.startswith("</>", start) else _after(markup, ">", start)
                continue
            end = _tag_end(markup, name.end(), [])
            if end is None:
                return
            yield EndTag(name[0].lower())
            position = end
        else:
            name = _TAG_NAME.match(markup, start + 1)
            assert name is not None  # `_MARKUP` found a letter after the `<`
            attributes: list[Attribute] = []
            end = _tag_end(markup, name.end(), attributes)
            if end is None:
                return
            tag = name[0].lower()
            yield StartTag(tag, tuple(attributes), markup[end - 2] == "/")
            position = end
            if tag == "plaintext":
                return  # everything after it is text
            if tag in RAW_TEXT:
                close = _RAW_TEXT_END[tag].search(markup, end)
                if close is None:
                    return
                position = close.start()


def _after(markup: str, text: str, start: int) -> int:
    index = markup.find(text, start)
    return len(markup) if index < 0 else index + len(text)


def _after_comment(markup: str, start: int) -> int:
    body = start + 4
    for abrupt in (">", "->"):  # `<!-->` and `<!--->` are whole (empty) comments
        if markup.startswith(abrupt, body):
            return body + len(abrupt)
    end = _COMMENT_END.search(markup, body)
    return len(markup) if end is None else end.end()


def _tag_end(markup: str, position: int, attributes: list[Attribute]) -> int | None:
    """The position after a tag's `>`, reading its attributes into `attributes`; None at the end of input."""
    length = len(markup)
    while True:
        spaces = _SPACE_OR_SLASH.match(markup, position)
        assert spaces is not None  # the `_SPACE…` patterns match the empty string
        position = spaces.end()
        if position >= length:
            return None
        if markup[position] == ">":
            return position + 1
        name = _ATTRIBUTE_NAME.match(markup, position)
        assert name is not None  # the character here is none of space, `/`, `>`: a name starts
        spaces = _SPACE.match(markup, name.end())
        assert spaces is not None
        position = spaces.end()
        if not markup.startswith("=", position):
            attributes.append(Attribute(name[0].lower(), None, ""))
            continue
        spaces = _SPACE.match(markup, position + 1)
        assert spaces is not None
        position = spaces.end()
        quote = markup[position:position + 1]
        if quote in ('"', "'"):
            close = markup.find(quote, position + 1)
            if close < 0:
                return None
            raw, position = markup[position + 1:close], close + 1
        else:
            value = _UNQUOTED.match(markup, position)
            assert value is not None  # `_UNQUOTED` matches the empty string
            raw, position = value[0], value.end()
        attributes.append(Attribute(name[0].lower(), html.unescape(raw) if "&" in raw else raw, raw))
