"""Read an article's metadata header with the line of every field.

Pelican's Markdown reader (the `meta` extension) takes `Key: value` lines at the
top of the file, up to the first blank line; a line indented by four spaces
continues the previous value.  This reads the same block, keeping line numbers
so that problems can point at the exact line an editor has to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_-]+)\s*:\s?(?P<value>.*)$")
# A key Pelican would not take as metadata (diacritics, spaces: "Tiêu đề:").  Pelican
# silently starts the body there; we read it as a field so it is reported.
_LOOSE_KEY_LINE = re.compile(r"^(?P<key>[^\W\d_][\w -]{0,30}?)\s*:\s?(?P<value>.*)$")
_CONTINUATION = re.compile(r"^(?: {4,}|\t)(?P<value>.*)$")


@dataclass
class HeaderField:
    key: str  # as written, e.g. "ImageCaption"
    value: str
    line: int


@dataclass
class Header:
    fields: dict[str, HeaderField] = field(default_factory=dict)  # by lower-case key
    body_line: int = 1  # first line of the body
    duplicates: list[HeaderField] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        found = self.fields.get(name.lower())
        return found.value if found else None

    def line_of(self, name: str) -> int:
        found = self.fields.get(name.lower())
        return found.line if found else 1


def parse_header(text: str) -> Header:
    header = Header()
    last: HeaderField | None = None
    lines = text.lstrip("\ufeff").split("\n")
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        if not line.strip():
            header.body_line = number + 1
            return header
        match = _KEY_LINE.match(line) or _LOOSE_KEY_LINE.match(line)
        if match:
            last = HeaderField(match["key"], match["value"].strip(), number)
            key = last.key.lower()
            if key in header.fields:
                header.duplicates.append(last)
            else:
                header.fields[key] = last
            continue
        continuation = _CONTINUATION.match(line)
        if continuation and last is not None:
            last.value = f"{last.value} {continuation['value'].strip()}".strip()
            continue
        header.body_line = number
        return header
    header.body_line = len(lines) + 1
    return header
