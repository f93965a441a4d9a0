"""Vietnamese dates from CLDR data (Babel), independent of the OS locale."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date, format_datetime

LOCALE = "vi"


def long_date(value: date | datetime) -> str:
    """'Thứ Ba, 24/11/2026': the weekday and the day, as Vietnamese news sites print it."""
    return _long_date(value.date() if isinstance(value, datetime) else value)


@lru_cache(maxsize=4096)  # every list page prints the same few hundred days again
def _long_date(day: date) -> str:
    return format_date(day, "EEEE, dd/MM/yyyy", locale=LOCALE)


def short_date(value: date | datetime) -> str:
    """'24/11/2026'."""
    return format_date(value, "dd/MM/yyyy", locale=LOCALE)


def date_time(value: datetime) -> str:
    """'Thứ Ba, 24/11/2026 08:30' in the article's own time zone."""
    return format_datetime(value, "EEEE, dd/MM/yyyy HH:mm", locale=LOCALE, tzinfo=value.tzinfo)


def load_locale_data() -> None:
    """Babel reads the CLDR data of `vi` on first use (~0.1 s): a long-running process reads it
    once, before it forks the workers that format dates (the live preview)."""
    date_time(datetime(2026, 1, 1).astimezone())
