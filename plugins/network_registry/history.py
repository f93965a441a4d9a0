"""Reorganisation as data: dated events in a unit's `history:` list.

    history:
      - {date: 2025-11-01, event: merged, into: ldld-can-tho, decision: "Quyết định số ..."}
      - {date: 2026-06-30, event: dissolved, successor: cdcs-x, decision: "..."}   # successor optional
      - {date: 2026-03-01, event: moved, parent: ldld-ninh-kieu}
      - {date: 2026-01-15, event: renamed, name: "...", short_name: "...", slug: new-slug}

A unit's id never changes (it is its folder).  A rename keeps the old slug as
an alias.  A merged federation folds its whole site into the successor's.
`check_history` rejects impossible histories (events after an end, a successor
or new parent that had ended by then, a move that makes a cycle, a slug used
twice); `Event.apply` is how `Network.at(day)` replays them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable

from .model import FEDERATION_KINDS, Unit

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
        return self.kind in ("merged", "dissolved")

    def apply(self, unit: Unit) -> None:
        """Change a snapshot's unit as this event did."""
        if self.kind == "renamed":
            if self.slug and self.slug != unit.slug:
                unit.aliases = (*unit.aliases, unit.slug)
                unit.slug = self.slug
            unit.name = self.name or unit.name
            unit.short_name = self.short_name or unit.short_name
        elif self.kind == "moved":
            unit.parent_id = self.target
        else:
            unit.status = self.kind
            unit.ended = self.day
            unit.successor_id = self.target
            unit.decision = self.decision


def parse_day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def parse_events(unit_id: str, raw: Any, line: int, lines: list[int], report: Report) -> list[Event]:
    """The unit's `history:` entries as events; `lines` gives each entry's line."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        report(line, "history", "`history` phải là một danh sách sự kiện, mỗi mục bắt đầu bằng `- date:`", "bad-history")
        return []
    events = []
    for entry, entry_line in zip(raw, lines):
        if not isinstance(entry, dict):
            report(entry_line, "history", "mỗi sự kiện là một nhóm `date: ...`, `event: ...`", "bad-history")
            continue
        kind, day = entry.get("event"), parse_day(entry.get("date"))
        if kind not in EVENT_KINDS:
            report(entry_line, "history", f"sự kiện `{kind}` không hợp lệ; dùng một trong: {', '.join(EVENT_KINDS)}", "bad-event")
            continue
        if day is None:
            report(entry_line, "history", f"ngày `{entry.get('date')}` phải viết dạng năm-tháng-ngày, ví dụ `2025-07-01`", "bad-date")
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


def check_history(units: dict[str, Unit], events: list[Event], report: Callable[[Event, str, str, str], None]) -> None:
    """Replay every event in date order and report the impossible ones."""
    state = {uid: {"ended": None, "parent": u.parent_id} for uid, u in units.items()}

    def ended_by(unit_id: str, day: dt.date) -> dt.date | None:
        ended = state[unit_id]["ended"]
        return ended if ended is not None and ended <= day else None

    for event in sorted(events, key=lambda e: e.day):
        unit = units[event.unit_id]
        if unit.established and event.day < unit.established:
            report(event, "date", f"sự kiện ngày {event.day} xảy ra trước khi đơn vị thành lập ({unit.established})", "event-before-established")
        if state[unit.id]["ended"] is not None:
            report(event, "event", f"đơn vị {unit.id} đã kết thúc từ {state[unit.id]['ended']}; không thể có sự kiện `{event.kind}` sau đó", "event-after-end")
            continue
        if event.target is not None:
            target = units.get(event.target)
            field = {"merged": "into", "dissolved": "successor", "moved": "parent"}[event.kind]
            if target is None:
                report(event, field, f"không có đơn vị nào mang mã `{event.target}`", "unknown-unit")
                continue
            if target.id == unit.id:
                report(event, field, "một đơn vị không thể là đơn vị kế thừa hay cấp trên của chính nó", "cycle")
                continue
            when = ended_by(target.id, event.day)
            if when is not None:
                what = "cấp trên mới" if event.kind == "moved" else "đơn vị kế thừa"
                report(event, field, f"{what} `{target.id}` đã giải thể hoặc hợp nhất từ {when}, trước ngày {event.day}", "target-ended")
                continue
            if event.kind == "merged" and (unit.kind in FEDERATION_KINDS) != (target.kind in FEDERATION_KINDS):
                report(event, "into", "Liên đoàn Lao động chỉ hợp nhất vào Liên đoàn Lao động, công đoàn cơ sở vào công đoàn cơ sở", "bad-merge")
                continue
            if event.kind == "moved":
                if unit.kind == "city" and target.kind != "province":
                    report(event, "parent", "Liên đoàn Lao động cấp huyện chỉ trực thuộc một LĐLĐ tỉnh", "bad-parent")
                    continue
                if unit.kind == "province":
                    report(event, "parent", "Liên đoàn Lao động tỉnh là cấp cao nhất, không chuyển về đơn vị khác", "bad-parent")
                    continue
                node, seen = target.id, {unit.id}
                while node is not None and node not in seen:
                    seen.add(node)
                    node = state[node]["parent"]
                if node is not None:
                    report(event, "parent", f"chuyển {unit.id} về `{target.id}` tạo vòng lặp cấp trên", "cycle")
                    continue
                state[unit.id]["parent"] = target.id
        if event.ends:
            state[unit.id]["ended"] = event.day
