"""The distinctive part of a unit's legal name: what a reader looks it up by.

Almost every name in a directory starts with the same words ("Công đoàn cơ sở
Công ty TNHH ..."), so sorting by the full name sorts by legal form. The generic
prefixes below are stripped, repeatedly ("Công đoàn cơ sở" then "Công ty TNHH"),
compared without regard to case or Unicode normal form. A name made only of
prefixes keeps its last words (never an empty key); the full name is still the
one displayed. Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata

# Longest first where one prefix starts another ("Công ty TNHH MTV" before "Công ty TNHH").
_PREFIXES = (
    "công đoàn cơ sở", "cđcs", "công đoàn", "nghiệp đoàn",
    "liên đoàn lao động", "lđlđ",
    "công ty tnhh hai thành viên trở lên", "công ty tnhh một thành viên", "công ty tnhh mtv",
    "công ty trách nhiệm hữu hạn", "công ty tnhh", "công ty cổ phần", "công ty cp", "tổng công ty",
    "công ty", "chi nhánh", "doanh nghiệp tư nhân", "dntn", "hợp tác xã", "htx",
    "trường trung học phổ thông", "trường trung học cơ sở", "trường thpt", "trường thcs",
    "trường tiểu học", "trường mầm non", "trường mẫu giáo", "trường đại học", "trường cao đẳng", "trường",
    "bệnh viện đa khoa", "bệnh viện", "trung tâm y tế", "trạm y tế", "trung tâm",
    "ủy ban nhân dân", "uỷ ban nhân dân", "ubnd", "khách sạn",
)
# Prefixes naming an area's body: the area's kind after them is generic too ("... thành phố Sầm Sơn").
_AREA_BODIES = ("liên đoàn lao động", "lđlđ", "ủy ban nhân dân", "uỷ ban nhân dân", "ubnd")
_AREAS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "tp", "quận", "huyện", "phường", "xã")


def _words(options: tuple[str, ...]) -> re.Pattern[str]:
    # A prefix is whole words: followed by a space or punctuation (eaten too), never by more letters.
    return re.compile("(?:" + "|".join(map(re.escape, options)) + r")(?!\w)[\W_]*", re.IGNORECASE)


_PREFIX = _words(_PREFIXES)
_AREA = _words(_AREAS)
_LEADING_NOISE = re.compile(r"^[\W_]+")  # quotes, dashes, brackets before the first letter
_TRAILING_NOISE = re.compile(r"[\W_]+$")


def distinctive_name(name: str) -> str:
    """`name` without its leading generic words: the part a reader looks the unit up by."""
    text = _LEADING_NOISE.sub("", unicodedata.normalize("NFC", " ".join(name.split())))
    while True:
        match = _PREFIX.match(text)
        if match is None:
            return text
        end = match.end()
        if _TRAILING_NOISE.sub("", match.group()).casefold() in _AREA_BODIES and (area := _AREA.match(text, end)):
            end = area.end()
        rest = _LEADING_NOISE.sub("", text[end:])
        if not rest:  # only prefixes left: they are the name
            return text
        text = rest
