"""Who may change what: GitHub accounts in the registry's `editors:` and `administrators:`.

A unit's `editors:` (and the editors of every unit above it) own the unit's
content folder; the top-level `administrators:` own everything else, the
registry included.  codeowners.py turns that into .github/CODEOWNERS.

A handle is a GitHub user, `@name`, or a team, `@org/team-slug`, as CODEOWNERS
writes them.  YAML reserves `@` at the start of a value, so the registry quotes
them: `editors: ['@dung-tien-editor']`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# GitHub logins: letters, digits and single inner hyphens, at most 39 characters;
# a team slug: letters, digits, `-` and `_`.  Both are case-insensitive on GitHub.
_USER = r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
_TEAM = r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}"
HANDLE = re.compile(rf"@{_USER}(?:/{_TEAM})?")

Report = Callable[[int, str, str], None]  # line, message, code


def read_handles(value: Any, field: str, line: int, item_lines: list[int], report: Report) -> tuple[str, ...] | None:
    """The handles of a list field (`editors`, `administrators`); None after reporting a problem.

    `line` is the field's line, `item_lines` the line of each item (for a list
    written one item a line, the duplicate's own line).
    """
    example = "['@ten-tai-khoan', '@to-chuc/ten-nhom']"
    if not isinstance(value, list) or not value:
        report(line, f"`{field}` phải là một danh sách tài khoản GitHub, đặt trong dấu nháy, ví dụ `{field}: {example}`", "bad-github-handle")
        return None
    ok = True
    seen: dict[str, int] = {}  # a handle, case-folded -> the line it was first written on
    for index, handle in enumerate(value):
        where = item_lines[index] if index < len(item_lines) else line
        if not isinstance(handle, str) or not HANDLE.fullmatch(handle):
            shown = str(handle)
            hint = f"; viết `'@{shown}'`" if isinstance(handle, str) and HANDLE.fullmatch(f"@{shown}") else ""
            report(where, f"`{shown}` không phải tài khoản GitHub (`@ten-tai-khoan`) hay nhóm (`@to-chuc/ten-nhom`){hint}", "bad-github-handle")
            ok = False
            continue
        key = handle.casefold()
        if key in seen:
            report(where, f"`{handle}` đã có trong `{field}` ở dòng {seen[key]}; xóa dòng lặp lại", "duplicate-github-handle")
            ok = False
            continue
        seen[key] = where
    return tuple(value) if ok else None
