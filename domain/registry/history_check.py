"""Which histories are possible: the registry's events replayed day by day, every step checked.

**Same-day events.** All events of one day take effect together, at the end of
that day, whatever the order of the units in the file or of the entries in a
unit's `history:`.  So each event is checked against the network as it stands
at the end of its day:

- a unit has at most one event of each kind on a day, and no other event on
  the day it merges or dissolves (`same-day-events`);
- the unit an event names (`into`, `successor`, new `parent`) exists that day
  (`established:` on or before it, `not-yet-established`) and is still active at
  the end of it: one that merges or dissolves the same day is refused too, with
  the unit to name instead (`target-ended`);
- a unit created (`established:`) or first listed under a federation is created
  after that federation, under one still active then;

and then the resulting state is checked for every unit whose place changed:
no cycle, a city federation under a province, no active unit left under one
that ended without a successor (`active-under-ended`).

Successors have the unit's kind: a CĐCS's successor is a CĐCS, a province's a
province, a city federation's a city federation or a province (its CĐCS then
belong to the province's site) — `bad-merge`, `bad-successor`.  A move names a
new parent (`same-parent`).

Replayed this way, `Network.at(day)` (which applies a day's events in one go
too) can link every day's snapshot: model.py still refuses a cycle that got
through, as an internal error, rather than loop.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from .history import Event
from .model import FEDERATION_KINDS, Unit

# line, field, unit id, message, code
Report = Callable[[int, str, str, str, str], None]
LineOf = Callable[[str, str], int]  # unit id, field -> line

SUCCESSOR_KINDS = {"grassroots": ("grassroots",), "city": ("city", "province"), "province": ("province",)}
_TARGET_FIELD = {"merged": "into", "dissolved": "successor", "moved": "parent"}
_KIND_WORDS = {"province": "LĐLĐ tỉnh", "city": "LĐLĐ cấp huyện, thành phố", "grassroots": "công đoàn cơ sở"}
_SHOWN = 5  # units named in one message


@dataclass(frozen=True)
class _Place:
    parent: str | None
    ended: dt.date | None = None
    how: str | None = None  # merged | dissolved
    successor: str | None = None


class _Replay:
    def __init__(self, units: dict[str, Unit], report: Report):
        self.units = units
        self.report = report
        self.place = {uid: _Place(unit.parent_id) for uid, unit in units.items()}
        self.below: dict[str | None, set[str]] = defaultdict(set)  # link target -> the units linking to it
        for uid in units:
            self.below[self.link(uid)].add(uid)

    # -- the state ---------------------------------------------------------------------------

    def exists(self, uid: str, day: dt.date) -> bool:
        established = self.units[uid].established
        return established is None or established <= day

    def folded(self, uid: str) -> bool:
        place = self.place[uid]
        return self.units[uid].kind in FEDERATION_KINDS and place.ended is not None and place.successor is not None

    def link(self, uid: str) -> str | None:
        """The next unit up: the successor of a folded federation, else the parent."""
        return self.place[uid].successor if self.folded(uid) else self.place[uid].parent

    def set_place(self, uid: str, place: _Place) -> None:
        self.below[self.link(uid)].discard(uid)
        self.place[uid] = place
        self.below[self.link(uid)].add(uid)

    def live_parent(self, uid: str) -> str | None:
        """The unit `uid` hangs under in a snapshot (folded federations skipped), as model.link_units does."""
        node, seen = self.link(uid), {uid}
        while node is not None and self.folded(node) and node not in seen:
            seen.add(node)
            node = self.link(node)
        return node

    def on_cycle(self, uid: str) -> list[str] | None:
        """The loop through `uid` the links make, or None."""
        chain, node = [uid], self.link(uid)
        while node is not None and node not in chain:
            chain.append(node)
            node = self.link(node)
        return [*chain, uid] if node == uid else None

    # -- one day -----------------------------------------------------------------------------

    def day(self, day: dt.date, events: list[Event]) -> None:
        events = sorted(events, key=lambda e: (e.unit_id, e.line))
        ending = {e.unit_id: e for e in events if e.ends}
        accepted = [e for e in events if self.acceptable(e, day, events, ending)]
        before = {e.unit_id: self.place[e.unit_id] for e in accepted}
        for event in accepted:
            place = self.place[event.unit_id]
            if event.kind == "moved":
                self.set_place(event.unit_id, replace(place, parent=event.target))
            elif event.ends:
                self.set_place(event.unit_id, replace(place, ended=day, how=event.kind, successor=event.target))
        accepted = self.refuse_cycles(accepted, before)
        self.check_places(day, accepted)

    def acceptable(self, event: Event, day: dt.date, events: list[Event], ending: dict[str, Event]) -> bool:
        unit, say = self.units[event.unit_id], self._say(event)
        if event.kind == "established":
            return self.acceptable_parent(event, day, ending)
        if not self.exists(unit.id, day):
            say("history.date", f"sự kiện ngày {event.day} xảy ra trước khi đơn vị thành lập ({unit.established}); "
                                "sửa ngày sự kiện hoặc `established:`", "event-before-established")
            return False
        ended = self.place[unit.id].ended
        if ended is not None:
            say("history.event", f"đơn vị {unit.id} đã kết thúc từ {ended}; không thể có sự kiện `{event.kind}` sau đó",
                "event-after-end")
            return False
        same = [e for e in events if e.unit_id == unit.id and e.kind != "established"]
        twin = next((e for e in same if e.kind == event.kind and e.line < event.line), None)
        if twin is not None:
            say("history.event", f"hai sự kiện `{event.kind}` cùng ngày {day} (dòng {twin.line} và dòng {event.line}); "
                                 "các sự kiện trong một ngày có hiệu lực cùng lúc: gộp thành một sự kiện", "same-day-events")
            return False
        end = ending.get(unit.id)
        if end is not None and end is not event:
            say("history.event", f"đơn vị {'hợp nhất' if end.kind == 'merged' else 'giải thể'} ngày {day} (dòng {end.line}); "
                                 f"sự kiện `{event.kind}` cùng ngày không còn tác dụng: ghi vào một ngày trước đó hoặc bỏ",
                "same-day-events")
            return False
        if event.target is None:
            return True
        field = f"history.{_TARGET_FIELD[event.kind]}"
        target = self.units.get(event.target)
        if target is None:
            say(field, f"không có đơn vị nào mang mã `{event.target}`", "unknown-unit")
            return False
        if target.id == unit.id:
            say(field, "một đơn vị không thể là đơn vị kế thừa hay cấp trên của chính nó", "cycle")
            return False
        what = "cấp trên mới" if event.kind == "moved" else "đơn vị kế thừa"
        if not self.target_alive(event, target, day, ending, what, field):
            return False
        if event.ends and target.kind not in SUCCESSOR_KINDS[unit.kind]:
            allowed = " hoặc ".join(_KIND_WORDS[k] for k in SUCCESSOR_KINDS[unit.kind])
            say(field, f"đơn vị kế thừa của một {_KIND_WORDS[unit.kind]} phải là {allowed}, không phải `{target.id}` "
                       f"({_KIND_WORDS[target.kind]}); ghi mã một {allowed} còn hoạt động", "bad-merge" if event.kind == "merged" else "bad-successor")
            return False
        if event.kind == "moved":
            if unit.kind == "province":
                say(field, "Liên đoàn Lao động tỉnh là cấp cao nhất, không chuyển về đơn vị khác", "bad-parent")
                return False
            if unit.kind == "city" and target.kind != "province":
                say(field, f"Liên đoàn Lao động cấp huyện chỉ trực thuộc một LĐLĐ tỉnh, không phải `{target.id}` "
                           f"({_KIND_WORDS[target.kind]})", "bad-parent")
                return False
            if self.place[unit.id].parent == target.id:
                say(field, f"đơn vị đã trực thuộc `{target.id}` trước ngày {day}; bỏ sự kiện này", "same-parent")
                return False
        return True

    def acceptable_parent(self, event: Event, day: dt.date, ending: dict[str, Event]) -> bool:
        """A unit created on `day` under its `parent:`: the parent exists then, and is active."""
        if event.target is None or event.target not in self.units:
            return True  # no parent, or an unknown one (reported by the loader)
        return self.target_alive(event, self.units[event.target], day, ending, "cấp trên", "parent")

    def target_alive(self, event: Event, target: Unit, day: dt.date, ending: dict[str, Event], what: str, field: str) -> bool:
        say = self._say(event)
        if not self.exists(target.id, day):
            say(field, f"{what} `{target.id}` thành lập ngày {target.established}, sau ngày {day}: ghi một đơn vị đã có "
                       f"vào ngày {day}, hoặc dời ngày sự kiện (hay `established:`) đến {target.established} hoặc muộn hơn",
                "not-yet-established")
            return False
        place = self.place[target.id]
        if place.ended is not None:
            instead = self._instead(place.successor)
            say(field, f"{what} `{target.id}` đã {'hợp nhất' if place.how == 'merged' else 'giải thể'} từ {place.ended}, "
                       f"trước ngày {day}{instead}", "target-ended")
            return False
        end = ending.get(target.id)
        if end is not None:
            instead = self._instead(end.target) if end.target != event.unit_id else ""
            say(field, f"{what} `{target.id}` {'hợp nhất' if end.kind == 'merged' else 'giải thể'} cùng ngày {day} "
                       f"(mọi sự kiện trong một ngày có hiệu lực cùng lúc, vào cuối ngày){instead}", "target-ended")
            return False
        return True

    def _instead(self, successor: str | None) -> str:
        """"; name X instead", X the unit that carries on (the successor's successor ...), if there is one."""
        seen: set[str] = set()
        while successor in self.place and successor not in seen and self.place[successor].ended is not None:
            seen.add(successor)
            successor = self.place[successor].successor
        return f"; ghi thẳng `{successor}`" if successor in self.place and successor not in seen else ""

    def refuse_cycles(self, accepted: list[Event], before: dict[str, _Place]) -> list[Event]:
        """Report (and undo) every event whose new link lies on a loop; repeat until none is left."""
        while True:
            looping = [(e, loop) for e in accepted if e.target is not None and e.kind != "established"
                       and (loop := self.on_cycle(e.unit_id))]
            if not looping:
                return accepted
            for event, loop in looping:
                verb = "chuyển về" if event.kind == "moved" else "sáp nhập vào"
                self._say(event)(f"history.{_TARGET_FIELD[event.kind]}",
                                 f"{verb} `{event.target}` tạo vòng lặp cấp trên ({' → '.join(loop)}): "
                                 f"`{event.target}` đang nằm dưới {event.unit_id}", "cycle")
            for event, _ in looping:
                self.set_place(event.unit_id, before[event.unit_id])
            undone = {id(e) for e, _ in looping}
            accepted = [e for e in accepted if id(e) not in undone]

    def check_places(self, day: dt.date, accepted: list[Event]) -> None:
        """Every unit below one that changed today still hangs somewhere sensible."""
        found: dict[tuple[int, str], list[str]] = {}
        causes: dict[int, Event] = {}
        queue = [(e.unit_id, e) for e in accepted]
        seen: set[str] = set()
        while queue:
            uid, cause = queue.pop()
            if uid in seen or not self.exists(uid, day):
                continue
            seen.add(uid)
            causes[id(cause)] = cause
            problem = self.misplaced(uid, day)
            if problem:
                found.setdefault((id(cause), problem), []).append(uid)
            queue.extend((child, cause) for child in sorted(self.below[uid], reverse=True))
        for (cause_id, problem), uids in sorted(found.items(), key=lambda item: (causes[item[0][0]].line, item[0][1])):
            self._place_problem(causes[cause_id], problem, sorted(uids))

    def misplaced(self, uid: str, day: dt.date) -> str | None:
        """What is wrong with where `uid` hangs at the end of `day` (a code), or None."""
        unit, parent = self.units[uid], self.live_parent(uid)
        if unit.kind == "province" and not self.folded(uid):
            return None
        if parent is None or not self.exists(parent, day) or self.folded(parent):
            return "no-federation"
        if unit.kind == "city" and not self.folded(uid) and self.units[parent].kind != "province":
            return "bad-parent"
        if self.place[uid].ended is None and self.place[parent].ended is not None:
            return "active-under-ended"
        return None

    def _place_problem(self, cause: Event, problem: str, uids: list[str]) -> None:
        shown = ", ".join(uids[:_SHOWN]) + (f" và {len(uids) - _SHOWN} đơn vị khác" if len(uids) > _SHOWN else "")
        if cause.kind == "established":
            field = "parent"
        else:
            field = f"history.{_TARGET_FIELD[cause.kind] if cause.target else 'event'}"
        if problem == "active-under-ended":
            message = (f"{cause.unit_id} kết thúc ngày {cause.day} mà không có đơn vị kế thừa, nhưng các đơn vị sau vẫn "
                       f"hoạt động ở dưới: {shown}; trước hoặc cùng ngày {cause.day}, chuyển chúng (`event: moved`) về một "
                       "Liên đoàn Lao động khác (hoặc ghi sự kiện kết thúc cho chúng), hoặc ghi `successor:` cho sự kiện này")
        elif problem == "bad-parent":
            message = (f"sau sự kiện ngày {cause.day}, LĐLĐ cấp huyện {shown} sẽ nằm dưới một đơn vị không phải LĐLĐ "
                       "tỉnh; LĐLĐ cấp huyện chỉ trực thuộc LĐLĐ tỉnh")
        else:
            message = f"sau sự kiện ngày {cause.day}, các đơn vị {shown} không còn Liên đoàn Lao động nào ở trên"
        self.report(cause.line, field, cause.unit_id, message, problem)

    def _say(self, event: Event) -> Callable[[str, str, str], None]:
        return lambda field, message, code: self.report(event.line, field, event.unit_id, message, code)


def check_history(units: dict[str, Unit], events: list[Event], report: Report, line_of: LineOf) -> None:
    """Replay every event, a day at a time, and report the impossible ones (see the module docstring)."""
    replay = _Replay(units, report)
    for unit in units.values():
        parent = units.get(unit.parent_id) if unit.parent_id else None
        # A unit with `established:` is checked on that day, with the others created then.
        if parent is not None and parent.established and unit.established is None:
            report(line_of(unit.id, "parent"), "parent", unit.id,
                   f"cấp trên `{parent.id}` thành lập ngày {parent.established}, nhưng đơn vị này không ghi "
                   "`established:` (tức là có từ trước): ghi "
                   f"`established: {parent.established}` (hoặc muộn hơn) cho đơn vị này, hoặc chọn cấp trên đã có từ trước",
                   "not-yet-established")
    by_day: dict[dt.date, list[Event]] = defaultdict(list)
    for event in events:
        by_day[event.day].append(event)
    for unit in units.values():
        if unit.established is not None and unit.parent_id is not None:
            by_day[unit.established].append(Event(unit.id, unit.established, "established",
                                                  line_of(unit.id, "established"), unit.parent_id))
    for day in sorted(by_day):
        replay.day(day, by_day[day])
