"""What the cleaning removed, as the editor is told it: one entry per kind, with a count."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Removal:
    """One kind of thing removed from an article.

    what: Vietnamese, for the editor ("thẻ <script>", "thuộc tính onerror", "địa chỉ javascript:").
    needle: lower-case text as the editor wrote it, so the caller can find the line; never
    more than one line (a value split by a newline gives its first line).
    """

    what: str
    needle: str
    count: int = 1


@dataclass(frozen=True)
class CleanedHtml:
    """The cleaned HTML and what was removed from it (first occurrence first)."""

    html: str
    removals: tuple[Removal, ...]


class Tally:
    """Counts removals by (what, needle), remembering the order each was first seen."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, str], int] = {}

    def add(self, what: str, needle: str) -> None:
        key = (what, needle.partition("\n")[0])
        self._counts[key] = self._counts.get(key, 0) + 1

    def removals(self) -> tuple[Removal, ...]:
        if not self._counts:
            return ()
        return tuple(Removal(what, needle, count) for (what, needle), count in self._counts.items())
