"""The posting window: `--since 2d`, `12h`, `90m` or a date, as an aware datetime.

Items published before the window are never posted (they are recorded as
seen), so a lost state or a new Page never floods the Page with old news.  A
date means midnight in Vietnam (UTC+7, no daylight saving time).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")
_DURATION = re.compile(r"^\s*(\d+)\s*([dhm])\s*$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def parse_since(text: str, now: datetime) -> datetime:
    """The start of the window; raises ValueError (message in Vietnamese) on anything else."""
    match = _DURATION.match(text)
    if match:
        return now - timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--since `{text}`: dùng khoảng thời gian như 2d, 12h, 90m hoặc ngày YYYY-MM-DD") from None
    return datetime(day.year, day.month, day.day, tzinfo=VIETNAM)
