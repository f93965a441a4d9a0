"""Reorganisation as data: dated events in a unit's `history:` list.

    history:
      - {date: 2025-11-01, event: merged, into: ldld-can-tho, decision: "Quyết định số ..."}
      - {date: 2026-06-30, event: dissolved, successor: cdcs-x, decision: "..."}   # successor optional
      - {date: 2026-03-01, event: moved, parent: ldld-ninh-kieu}
      - {date: 2026-01-15, event: renamed, name: "...", short_name: "...", slug: new-slug}

A unit's id never changes (it is its folder).  A rename keeps the old slug as
an alias.  A merged federation folds its whole site into the successor's.
history_check.py rejects impossible histories (events after an end, a successor
or new parent that had ended or did not exist yet, a cycle, two events of a
kind on one day ...); `Network.at(day)` (model.py) replays the rest with
`Unit.apply`: all events of one day together, at the end of the day.

This module holds the events as data and imports nothing of the model, so the
model can import it: what an event does to a unit is written beside the unit.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

EVENT_KINDS = ("merged", "dissolved", "moved", "renamed")
_FIELDS = {
    "merged": {"into"},
    "dissolved": {"successor"},
    "moved": {"parent"},
    "renamed": {"name", "short_name", "slug"},
}
Report = Callable[[int, str, str, str], None]  # line, field, message, code


@dataclass(frozen=True)
class Event:
    unit_id: str
    day: dt.date
    kind: str
    line: int
    target: str | None = None  # merged: into; dissolved: successor; moved: new parent
    name: str | None = None
    short_name: str | None = None
    slug: str | None = None
    decision: str | None = None

    @property
    def ends(self) -> bool:
        """True for the events that end a unit (it stays as an archive)."""
        return self.kind in ("merged", "dissolved")


def parse_day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


_WRITTEN_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?")


def calendar_mistake(value: str) -> str | None:
    """Why `value`, written as year-month-day (and maybe a time), is no day on the calendar, in
    Vietnamese ("tháng 13 không có ..."); None if it is one, or is not written that way."""
    found = _WRITTEN_DAY.match(value.strip())
    if not found:
        return None
    year, month, day = (int(part) for part in found.groups()[:3])
    if not 1 <= month <= 12:
        swapped = f"; nếu là ngày {month} tháng {day} thì viết `{year}-{day:02d}-{month:02d}` (năm-tháng-ngày)" if 1 <= day <= 12 else ""
        return f"tháng {month} không có (tháng chỉ từ 01 đến 12){swapped}"
    if year < dt.MINYEAR:
        return f"năm {year} không có; kiểm tra lại năm"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"tháng {month} năm {year} chỉ có {days} ngày, không có ngày {day}; kiểm tra lại ngày"
    hour, minute, second = (int(part) if part else 0 for part in found.groups()[3:])
    if hour > 23:
        return f"giờ {hour} không có (giờ chỉ từ 00 đến 23; nửa đêm là `00:00` của ngày hôm sau)"
    if minute > 59 or second > 59:
        return "phút và giây chỉ từ 00 đến 59"
    return None


def day_mistake(value: Any, what: str = "ngày") -> str:
    """The message for a registry day `parse_day` refused (`what`: how the field is named)."""
    reason = calendar_mistake(str(value))
    if reason is not None:
        return f"{what} `{value}` không có trên lịch: {reason}"
    return f"{what} `{value}` phải viết dạng năm-tháng-ngày, ví dụ `2025-07-01`"


def parse_events(unit_id: str, raw: Any, line: int, lines: list[int], report: Report) -> list[Event]:
    """The unit's `history:` entries as events; `lines` gives each entry's line."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        report(line, "history", "`history` phải là một danh sách sự kiện, mỗi mục bắt đầu bằng `- date:`", "bad-history")
        return []
    events = []
    for entry, entry_line in zip(raw, lines, strict=True):  # `lines` has one line per entry (loader.py)
        if not isinstance(entry, dict):
            report(entry_line, "history", "mỗi sự kiện là một nhóm `date: ...`, `event: ...`", "bad-history")
            continue
        kind, day = entry.get("event"), parse_day(entry.get("date"))
        if kind not in EVENT_KINDS:
            report(entry_line, "history", f"sự kiện `{kind}` không hợp lệ; dùng một trong: {', '.join(EVENT_KINDS)}", "bad-event")
            continue
        if day is None:
            report(entry_line, "history", day_mistake(entry.get("date")), "bad-date")
            continue
        allowed = {"date", "event", "decision"} | _FIELDS[kind]
        unknown = sorted(set(entry) - allowed)
        if unknown:
            report(entry_line, "history", f"sự kiện `{kind}` không có trường {', '.join(unknown)}; dùng {', '.join(sorted(allowed))}", "bad-event")
            continue
        target = entry.get("into") or entry.get("successor") or entry.get("parent")
        if kind in ("merged", "moved") and not target:
            needed = "into" if kind == "merged" else "parent"
            report(entry_line, "history", f"sự kiện `{kind}` cần `{needed}:` (mã đơn vị)", "bad-event")
            continue
        if kind == "renamed" and not (entry.get("name") or entry.get("short_name") or entry.get("slug")):
            report(entry_line, "history", "sự kiện `renamed` cần ít nhất một trong `name`, `short_name`, `slug`", "bad-event")
            continue
        events.append(Event(unit_id, day, kind, entry_line, target, entry.get("name"), entry.get("short_name"),
                            entry.get("slug"), entry.get("decision")))
    return events
