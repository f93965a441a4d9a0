"""The kinds of document a union publishes, as Vietnamese administrative practice names them.

An allowlist: an editor writes one of these names (any case), the library shows its
spelling here and files the document under its slug (`van-ban/loai/<slug>/`).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

# name -> slug (the names of Decree 30/2020/NĐ-CP's list that union offices use most)
KINDS: Mapping[str, str] = MappingProxyType({
    "Nghị quyết": "nghi-quyet",
    "Quyết định": "quyet-dinh",
    "Chỉ thị": "chi-thi",
    "Kế hoạch": "ke-hoach",
    "Chương trình": "chuong-trinh",
    "Hướng dẫn": "huong-dan",
    "Quy chế": "quy-che",
    "Công văn": "cong-van",
    "Thông báo": "thong-bao",
    "Báo cáo": "bao-cao",
    "Tờ trình": "to-trinh",
    "Biểu mẫu": "bieu-mau",
})


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


_BY_FOLDED = {_folded(name): name for name in KINDS}


def kind_name(written: str) -> str | None:
    """The kind's own spelling for what an editor wrote (case and spacing aside), or None."""
    return _BY_FOLDED.get(_folded(written))


def kind_hint(written: str) -> str:
    """The fix for an unknown kind, in Vietnamese: the closest name, else the whole list."""
    guess = difflib.get_close_matches(_folded(written), list(_BY_FOLDED), n=1, cutoff=0.6)
    if guess:
        return f"có phải là `{_BY_FOLDED[guess[0]]}`?"
    return "dùng một trong: " + ", ".join(KINDS)
