"""The danh bạ as data: entries in Vietnamese order of their distinctive names, by letter, by federation.

On a site with federations below it (a province and its cities) the active
units are grouped by the federation directly below the site that holds them
(the site's own CĐCS first, then each city in order), each group with its own
A–Z index; elsewhere there is one group. A letter is a letter of the Vietnamese
alphabet (Ă, Â, Đ, Ê, Ô, Ơ, Ư are their own, in the collation's order; tones do
not count), "0–9" for names starting with a digit, "Khác" for anything else.
Anchors are ASCII (Telex spelling: Đ is `dd`, Ư is `uw`). Pure: no I/O.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from domain.registry import Unit
from domain.vietnamese import sort_key

from .names import distinctive_name

DIGITS, OTHER = "0–9", "Khác"
_LETTERS = "AĂÂBCDĐEÊFGHIJKLMNOÔƠPQRSTUƯVWXYZ"  # the collation's order (domain/vietnamese)
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: they make a letter, tones do not
_TELEX = {"Ă": "aw", "Â": "aa", "Đ": "dd", "Ê": "ee", "Ô": "oo", "Ơ": "ow", "Ư": "uw", DIGITS: "so", OTHER: "khac"}


@dataclass(frozen=True)
class DirectoryEntry:
    unit: Unit
    sort_name: str  # the distinctive part of the name; the unit's full name is what is shown
    letter: str


@dataclass
class LetterSection:
    letter: str
    anchor: str
    entries: list[DirectoryEntry] = field(default_factory=list)


@dataclass
class DirectoryGroup:
    federation: Unit  # the site itself (its own units), or a federation below it
    anchor: str
    sections: list[LetterSection] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(section.entries) for section in self.sections)


def letter_of(sort_name: str) -> str:
    """The index letter of a name: its first letter without tone, upper case ("Ấm" → "Â", "đá" → "Đ")."""
    if not sort_name:
        return OTHER
    first = unicodedata.normalize("NFD", sort_name[0])
    base, marks = first[0], [mark for mark in first[1:] if mark in _LETTER_MARKS]
    letter = unicodedata.normalize("NFC", base + "".join(marks)).upper()
    if letter in _LETTERS:
        return letter
    return DIGITS if base.isdigit() else OTHER


def letter_anchor(letter: str, prefix: str = "") -> str:
    """The ASCII id of a letter's section: `chu-dd` for Đ, `<prefix>-chu-dd` inside a group."""
    name = f"chu-{_TELEX.get(letter, letter.lower())}"
    return f"{prefix}-{name}" if prefix else name


def _letter_order(letter: str) -> tuple[int, int]:
    if letter == DIGITS:
        return 0, 0
    return (1, _LETTERS.index(letter)) if letter in _LETTERS else (2, 0)


def sorted_entries(units: Iterable[Unit]) -> list[DirectoryEntry]:
    """Units in Vietnamese order of their distinctive names (the full name, then the id, break ties)."""
    entries = []
    for unit in units:
        sort_name = distinctive_name(unit.name)
        entries.append(DirectoryEntry(unit, sort_name, letter_of(sort_name)))
    return sorted(entries, key=lambda entry: (
        _letter_order(entry.letter), sort_key(entry.sort_name), sort_key(entry.unit.name), entry.unit.id,
    ))


def _group_of(site: Unit, unit: Unit) -> Unit:
    """The federation directly below `site` on the way to `unit` (or `unit` itself), else the site."""
    chain = [*unit.ancestors, unit]
    below = chain[chain.index(site) + 1] if site in chain else unit
    return below if below.is_federation else site


def directory_groups(site: Unit, units: Iterable[Unit]) -> list[DirectoryGroup]:
    """The active `units` below `site` by group and letter, groups in order (the site's own first)."""
    by_group: dict[str, list[Unit]] = {}
    federations: dict[str, Unit] = {site.id: site}
    for unit in units:
        holder = _group_of(site, unit)
        federations[holder.id] = holder
        by_group.setdefault(holder.id, []).append(unit)
    several = len(by_group) > 1
    order = [site.id] + [entry.unit.id for entry in sorted_entries(federations[key] for key in by_group if key != site.id)]
    groups: list[DirectoryGroup] = []
    for group_id in order:
        if group_id not in by_group:
            continue
        prefix = group_id if several else ""
        group = DirectoryGroup(federations[group_id], f"nhom-{group_id}" if several else "danh-sach")
        for entry in sorted_entries(by_group[group_id]):
            if not group.sections or group.sections[-1].letter != entry.letter:
                group.sections.append(LetterSection(entry.letter, letter_anchor(entry.letter, prefix)))
            group.sections[-1].entries.append(entry)
        groups.append(group)
    return groups
