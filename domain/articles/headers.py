"""The one reader of an article's metadata header, with the line of every field.

An article starts with `Key: value` lines, up to the first blank line; a line
indented by four spaces (or a tab) continues the previous value.  This parser
decides alone what the header holds and where the body starts: the body, and
only the body, goes to Markdown (whose `meta` extension is not loaded), and
Pelican gets only the documented fields, from the checked record.  So what is
checked is exactly what is used: no second reader can split the lines
differently (Markdown's meta reader allows three leading spaces and YAML `---`
blocks, and a lone CR ends a line for it).

Lines that would have meant something else to another reader are problems
with the line and the fix: leading spaces, a lone CR, invisible or control
characters, `Title :`, a full-width colon, Jekyll/Hugo front matter; and a header
no field of which can be read (a CR-only file, blank lines above `Title:`) says so
once, instead of "missing title".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_-]+):(?P<value>.*)$")
# A key Pelican would not take as metadata (diacritics, spaces: "Tiêu đề:").  Read as a
# field so that it is reported, instead of silently starting the body there.
_LOOSE_KEY_LINE = re.compile(r"^(?P<key>[^\W\d_][\w -]{0,30}?):(?P<value>.*)$")
_SPACE_BEFORE_COLON = re.compile(r"^(?P<key>[^\W\d_][\w-]{0,30})[ \t]+:")
_INDENTED_KEY = re.compile(r"^ {1,3}(?P<key>[^\W\d_][\w-]{0,30})\s*:")
_CONTINUATION = re.compile(r"^(?: {4,}|\t)(?P<value>.*)$")
# Colons that look like ':' to an editor but are other characters (full-width from
# Vietnamese/CJK input methods, ratio, modifier letter colon, small and presentation forms).
_COLON_LOOKALIKES = "\uff1a\u2236\ua789\ufe55\ufe13\u02d0\u02f8"
_LOOKALIKE_KEY = re.compile(rf"^(?P<key>[^\W\d_][\w -]{{0,30}}?)\s*[{_COLON_LOOKALIKES}]")
_FRONT_MATTER = re.compile(r"^(?:-{3,}|\+{3,})\s*$")
# Every character of Unicode categories Cc, Cf, Zl, Zp and Zs but space and tab (Unicode 14,
# Python 3.11's; tests/test_content_fence.py checks it against unicodedata): one regular
# expression instead of a category lookup per character, the scan's hottest loop.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\xa0\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u1680\u180e"
    "\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


@dataclass
class HeaderField:
    key: str  # as written, e.g. "ImageCaption"
    value: str
    line: int


@dataclass(frozen=True)
class HeaderProblem:
    line: int
    field: str
    message: str  # Vietnamese, with the fix
    code: str


@dataclass
class Header:
    fields: dict[str, HeaderField] = field(default_factory=dict)  # by lower-case key
    body_line: int = 1  # first line of the body
    duplicates: list[HeaderField] = field(default_factory=list)
    problems: list[HeaderProblem] = field(default_factory=list)  # lines no reader may take two ways
    # No field could be read (front matter, CR line endings, a blank first line): a problem says
    # why, and "missing title" and the like would only confuse.
    unreadable: bool = False

    def get(self, name: str) -> str | None:
        found = self.fields.get(name.lower())
        return found.value if found else None

    def line_of(self, name: str) -> int:
        found = self.fields.get(name.lower())
        return found.line if found else 1


def _invisible(line: str) -> str | None:
    """The first control, format (zero-width, bidi override), line-separator or unusual space
    (no-break, full-width) character: each makes a line read differently than it looks."""
    found = _INVISIBLE.search(line)
    return found[0] if found else None


def _line_problem(line: str, number: int) -> HeaderProblem | None:
    """What makes a header line ambiguous or misleading, if anything."""
    if "\r" in line:
        return HeaderProblem(number, "tệp", "dòng này có ký tự xuống dòng lẻ (CR, kiểu máy Mac cũ), nên một dòng có thể bị hiểu thành hai; lưu lại tệp với kiểu xuống dòng LF (hoặc CRLF) trong trình soạn thảo", "lone-cr")
    hidden = _invisible(line)
    if hidden is not None:
        name = unicodedata.name(hidden, "ký tự điều khiển")
        return HeaderProblem(number, "tệp", f"dòng này có ký tự ẩn U+{ord(hidden):04X} ({name}); xóa dòng và gõ lại bằng tay (thường do chép từ trang web hoặc Word)", "invisible-character")
    if _KEY_LINE.match(line):
        return None  # the common case: a field at column 1, its colon right after the name
    lookalike = _LOOKALIKE_KEY.match(line)
    if lookalike:
        return HeaderProblem(number, lookalike["key"].strip(), "dấu hai chấm này là ký tự khác (ví dụ dấu `：` toàn độ rộng của bộ gõ); gõ lại dấu hai chấm thường `:`", "lookalike-colon")
    spaced = _SPACE_BEFORE_COLON.match(line)
    if spaced:
        return HeaderProblem(number, spaced["key"], f"bỏ dấu cách trước dấu hai chấm: viết `{spaced['key']}: ...`", "space-before-colon")
    indented = _INDENTED_KEY.match(line)
    if indented:
        return HeaderProblem(number, indented["key"], f"dòng của phần đầu phải bắt đầu ở cột đầu tiên; xóa dấu cách trước `{indented['key']}:` (dòng viết tiếp giá trị của dòng trên thì thụt đúng 4 dấu cách)", "indented-field")
    return None


def _front_matter(number: int) -> HeaderProblem:
    return HeaderProblem(number, "tệp", "tệp bắt đầu bằng `---` (hoặc `+++`): đây là phần đầu kiểu YAML/TOML của Jekyll, Hugo, không dùng ở đây. Xóa các dòng `---`, viết mỗi trường một dòng `Tên: giá trị` ở đầu tệp với tên trường của hệ thống (title → Title, date → Date, tags: [a, b] → Tags: a, b, draft: true → Status: draft), rồi một dòng trống, rồi nội dung", "front-matter")


def _cr_line_endings(number: int) -> HeaderProblem:
    return HeaderProblem(number, "tệp", "tệp dùng kiểu xuống dòng CR của máy Mac đời cũ (không có ký tự LF), nên cả phần đầu bị đọc thành một dòng và không đọc được trường nào; mở tệp trong trình soạn thảo, đổi kiểu xuống dòng sang LF (còn gọi là \"Unix\"; CRLF của Windows cũng được) rồi lưu lại, ví dụ Notepad++: Edit › EOL Conversion › Unix (LF)", "lone-cr")


def _blank_first_line(number: int) -> HeaderProblem:
    return HeaderProblem(number, "tệp", "tệp bắt đầu bằng dòng trống, nên các dòng `Title:`, `Date:` ... bên dưới bị đọc thành nội dung bài; xóa (các) dòng trống ở đầu tệp: dòng đầu tiên phải là `Title: ...`", "blank-first-line")


def parse_header(text: str) -> Header:
    """The header of `text` (an article's whole source) and where its body starts."""
    header = Header()
    last: HeaderField | None = None
    lines = text.removeprefix("\ufeff").split("\n")
    # Old Mac files end lines with CR alone: the whole header is one line with CRs inside (one
    # lone CR, a hidden second field, stays the line's own problem below).
    if lines[0].removesuffix("\r").count("\r") > 1:
        header.problems.append(_cr_line_endings(1))
        header.unreadable, header.body_line = True, len(lines) + 1
        return header
    for number, raw in enumerate(lines, start=1):
        line = raw[:-1] if raw.endswith("\r") else raw  # CRLF files are fine
        if not line.strip(" \t"):
            header.body_line = number + 1
            if number == 1 and _header_below(lines):
                header.problems.append(_blank_first_line(number))
                header.unreadable = True
            return header
        if number == 1 and _FRONT_MATTER.match(line):
            header.problems.append(_front_matter(number))
            header.unreadable, header.body_line = True, len(lines) + 1
            return header
        problem = _line_problem(line, number)
        if problem is not None:
            header.problems.append(problem)
            continue
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


def _header_below(lines: list[str]) -> bool:
    """Whether the first line that is not blank is a `Title:` or `Date:` line: the header
    written below blank lines (a body that merely starts with "Note: ..." is not one)."""
    first = next((line.strip(" \t\r") for line in lines if line.strip(" \t\r")), "")
    match = _KEY_LINE.match(first) or _SPACE_BEFORE_COLON.match(first)
    return match is not None and match["key"].lower() in ("title", "date")


def body_of(text: str, header: Header) -> str:
    """The body: what follows the header, exactly as the editor wrote it."""
    lines = text.removeprefix("\ufeff").split("\n")
    return "\n".join(lines[header.body_line - 1:])
