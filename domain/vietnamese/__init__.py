"""Vietnamese text: alphabetical order (CLDR collation) and dates (Babel), and the Jinja filters over them.

collation.py  the sort key of Vietnamese words (a, ă, â, ... đ after d)
dates.py      "Thứ Ba, 24/11/2026" and its short forms, from CLDR
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from .collation import sort_key, sort_vietnamese
from .dates import date_time, load_locale_data, long_date, short_date

__all__ = ["add_filters", "date_time", "load_locale_data", "long_date", "short_date", "sort_key", "sort_vietnamese"]


def _sort_vi(items: Any, attribute: str | None = None) -> list:
    if attribute is None:
        return sort_vietnamese(items)
    return sort_vietnamese(items, key=lambda item: getattr(item, attribute))


def add_filters(env: Environment) -> None:
    """Install the Vietnamese filters in a Jinja environment (Pelican's, or the network page's)."""
    env.filters.update(
        long_date=long_date, short_date=short_date, date_time=date_time, sort_vi=_sort_vi
    )
