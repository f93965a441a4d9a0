"""Which page numbers a list's pagination offers: the first, the last and a window around the current one.

`page_window(6, 20)` is `[1, None, 4, 5, 6, 7, 8, None, 20]` (None: a gap, shown as "…").
A gap never hides a single page: `1 … 3` would be as long as `1 2 3`, so the page is shown.
Pure: the theme's pagination.html asks it through the `page_window` Jinja global.
"""

from __future__ import annotations

WINDOW = 2  # pages shown on each side of the current one


def page_window(current: int, last: int, around: int = WINDOW) -> list[int | None]:
    """The numbers to link, in order, with None where pages are left out."""
    if last < 1:
        return []
    current = min(max(current, 1), last)
    shown = {1, last, *range(max(1, current - around), min(last, current + around) + 1)}
    numbers: list[int | None] = []
    previous = 0
    for number in sorted(shown):
        if number - previous == 2:  # one page would be hidden: show it instead of "…"
            numbers.append(number - 1)
        elif number - previous > 2:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers
