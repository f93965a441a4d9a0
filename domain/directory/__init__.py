"""The danh bạ's order: units sorted by the distinctive part of their names, an A–Z index, groups by city.

names.py  the distinctive part of a unit's name ("An Phú Thành" of "Công đoàn cơ sở Công ty TNHH An Phú Thành")
index.py  the entries in Vietnamese order, their letters (Đ after D) and anchors, the groups by federation
"""

from .index import (
    DirectoryEntry,
    DirectoryGroup,
    LetterSection,
    directory_groups,
    letter_anchor,
    letter_of,
    sorted_entries,
)
from .names import distinctive_name

__all__ = [
    "DirectoryEntry", "DirectoryGroup", "LetterSection", "directory_groups", "distinctive_name",
    "letter_anchor", "letter_of", "sorted_entries",
]
