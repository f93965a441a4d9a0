"""The network as an object model: units, their parents, children and sites.

A *site* is a federation (province or city LĐLĐ) that has not been merged
away: it gets its own website.  A grassroots union (CĐCS) is a section of the
site of the nearest federation above it; so is a federation merged into
another one (its whole site folds into the successor's).  URLs are assigned
once per build (local or published) by `Network.assign_urls`, so templates and
plugins just read `unit.url`.

The registry's history (history.py) makes the network a function of the day:
`Network.at(day)` is the network as it stood at the end of that day.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from .contact import Contact
from .history import Event

KINDS = ("province", "city", "grassroots")
FEDERATION_KINDS = ("province", "city")

class HierarchyCycle(RuntimeError):
    """A walk up or down the units met a unit twice: a history the loader should have refused.

    Never an editor's error (the loader reports cycles with file and line); raised
    so a missed case stops the build with this message instead of recursing or
    looping forever.
    """

    def __init__(self, walk: str, unit_ids: list[str]):
        super().__init__(f"internal error: {walk} loops through {' -> '.join(unit_ids)}; "
                         "content/network.yml history validation (history_check.py) missed this case")


KIND_LABELS = {
    "province": "Liên đoàn Lao động cấp tỉnh",
    "city": "Liên đoàn Lao động cấp huyện, thành phố",
    "grassroots": "Công đoàn cơ sở",
}


@dataclass(eq=False)
class Unit:
    id: str
    name: str
    short_name: str
    kind: str
    slug: str
    line: int
    parent_id: str | None = None
    aliases: tuple[str, ...] = ()
    registry_url: str | None = None
    members: int | None = None
    address: str | None = None
    chairperson: str | None = None
    facebook: str | None = None
    zalo: str | None = None
    website: str | None = None
    facebook_page_id: str | None = None  # the social poster posts this unit's feed to that Page
    facebook_token_env: str | None = None  # the environment variable holding the Page token
    zalo_oa_id: str | None = None  # the social poster posts this unit's feed to that Zalo OA
    zalo_token_env: str | None = None  # the variable holding the OA's first refresh token
    established: date | None = None
    contact: Contact | None = None  # address, phone, e-mail, map link, hours: the federation's Liên hệ page
    editors: tuple[str, ...] = ()  # GitHub accounts owning content/<id>/ (and the units below): owners.py
    status: str = "active"  # active | dissolved | merged (as of the snapshot's day)
    ended: date | None = None
    decision: str | None = None
    successor_id: str | None = None
    parent: Unit | None = field(default=None, repr=False)
    children: list[Unit] = field(default_factory=list, repr=False)
    successor: Unit | None = field(default=None, repr=False)
    site_url: str = ""
    field_lines: dict[str, int] = field(default_factory=dict, repr=False)  # registry field -> its line (loader)

    def line_of(self, name: str) -> int:
        """The registry line of this unit's `name:` field (the unit's own line when it is not written)."""
        return self.field_lines.get(name, self.line)

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def folded(self) -> bool:
        """A federation that ended with a successor: its site folded into the successor's."""
        return self.kind in FEDERATION_KINDS and not self.is_active and self.successor_id is not None

    @property
    def is_federation(self) -> bool:
        """True when the unit has its own site (a federation not folded into another)."""
        return self.kind in FEDERATION_KINDS and not self.folded

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def site(self) -> Unit:
        """The federation whose website holds this unit's pages."""
        unit: Unit | None = self
        seen: list[str] = []
        while unit is not None and not unit.is_federation:
            _step(seen, unit, "site lookup")
            unit = unit.parent
        if unit is None:  # the loader rejects such units
            raise LookupError(f"unit {self.id} has no federation above it")
        return unit

    @property
    def ancestors(self) -> list[Unit]:
        """From the top of the hierarchy down to this unit's parent."""
        chain: list[Unit] = []
        seen = [self.id]
        unit = self.parent
        while unit is not None:
            _step(seen, unit, "ancestors")
            chain.append(unit)
            unit = unit.parent
        return chain[::-1]

    @property
    def path_in_site(self) -> str:
        """Where the unit's page lives inside its site: '' for a federation's front page."""
        return "" if self.is_federation else f"{self.slug}/"

    @property
    def url(self) -> str:
        return f"{self.site.site_url}/{self.path_in_site}"

    def apply(self, event: Event) -> None:
        """Change this snapshot's unit as `event` did (`Network.at` replays the history with it)."""
        if event.kind == "renamed":
            if event.slug and event.slug != self.slug:
                self.aliases = (*self.aliases, self.slug)
                self.slug = event.slug
            self.name = event.name or self.name
            self.short_name = event.short_name or self.short_name
        elif event.kind == "moved":
            self.parent_id = event.target
        else:
            self.status = event.kind
            self.ended = event.day
            self.successor_id = event.target
            self.decision = event.decision

    def subtree(self) -> Iterator[Unit]:
        """This unit and every unit below it, depth first, in registry order.

        Iterative (a national registry is deep and wide) and guarded against cycles.
        """
        seen: set[str] = set()
        stack: list[Unit] = [self]
        while stack:
            unit = stack.pop()
            if unit.id in seen:
                raise HierarchyCycle("subtree", [self.id, unit.id])
            seen.add(unit.id)
            yield unit
            stack.extend(reversed(unit.children))


def _step(seen: list[str], unit: Unit, walk: str) -> None:
    """Record one step of an upward walk; a unit met twice is a cycle."""
    if unit.id in seen:
        raise HierarchyCycle(walk, [*seen[seen.index(unit.id):], unit.id])
    seen.append(unit.id)


def link_units(units: list[Unit]) -> None:
    """Set parent, children and successor from the ids, folding ended federations.

    A unit whose parent federation ended with a successor now hangs under that
    successor (its site folded), and so does the ended federation itself.
    """
    by_id = {unit.id: unit for unit in units}

    def live(unit_id: str | None) -> Unit | None:
        unit = by_id.get(unit_id) if unit_id else None
        seen: list[str] = []
        while unit is not None and unit.folded:
            _step(seen, unit, "successor chain")
            unit = by_id.get(unit.successor_id) if unit.successor_id is not None else None  # folded: it has one
        return unit

    for unit in units:
        unit.children = []
    for unit in units:
        unit.successor = by_id.get(unit.successor_id) if unit.successor_id else None
        unit.parent = live(unit.successor_id) if unit.folded else live(unit.parent_id)
        if unit.parent is not None:
            unit.parent.children.append(unit)
    _refuse_cycles(units)


def _refuse_cycles(units: list[Unit]) -> None:
    """Raise HierarchyCycle if any parent chain loops (every later walk would); O(units)."""
    finished: set[str] = set()
    for unit in units:
        path: dict[str, None] = {}  # ordered, with set lookups
        node: Unit | None = unit
        while node is not None and node.id not in finished:
            if node.id in path:
                _step(list(path), node, "parent chain")  # raises, naming the loop
            path[node.id] = None
            node = node.parent
        finished.update(path)


class Network:
    """All units of content/network.yml, in registry order; `day` is set on snapshots made by `at()`.

    `administrators` are the GitHub accounts owning the registry and the code (owners.py).
    """

    def __init__(self, path: str, units: list[Unit], events: list[Event] | None = None, day: date | None = None,
                 administrators: tuple[str, ...] = ()):
        self.path = path
        self.administrators = administrators
        self.units: dict[str, Unit] = {unit.id: unit for unit in units}
        self.events: list[Event] = events or []
        self.day = day
        self._by_site: dict[str, list[Unit]] | None = None  # site id -> its units, computed once

    def at(self, day: date | None) -> Network:
        """The network as it stood at the end of `day` (None: its whole history applied).

        Units established later are left out; ended units stay (as archives).
        """
        units = [dataclasses.replace(unit, parent=None, children=[], successor=None, site_url="")
                 for unit in self if day is None or unit.established is None or unit.established <= day]
        by_id = {unit.id: unit for unit in units}
        for event in sorted(self.events, key=lambda e: e.day):
            if day is not None and event.day > day:
                break
            if event.unit_id in by_id:
                by_id[event.unit_id].apply(event)
        link_units(units)
        return Network(self.path, units, self.events, day, self.administrators)

    def change_days(self, until: date | None = None) -> list[date]:
        """The days on which the network changed (up to `until`), oldest first."""
        return sorted({e.day for e in self.events if until is None or e.day <= until})

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units.values())

    def __getitem__(self, unit_id: str) -> Unit:
        return self.units[unit_id]

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self.units

    def end_of(self, unit_id: str) -> date | None:
        """The day the unit was dissolved or merged, whatever the snapshot."""
        return next((e.day for e in self.events if e.unit_id == unit_id and e.ends), None)

    @property
    def sites(self) -> list[Unit]:
        return [unit for unit in self if unit.is_federation]

    @property
    def roots(self) -> list[Unit]:
        return [unit for unit in self if unit.parent is None]

    def site_units(self, site: Unit) -> list[Unit]:
        """The units whose pages live on `site`: the federation and its CĐCS."""
        if self._by_site is None:  # a snapshot never changes once linked
            self._by_site = {}
            for unit in self:
                self._by_site.setdefault(unit.site.id, []).append(unit)
        return self._by_site.get(site.id, [])

    def assign_urls(self, base_url: str | None) -> list[str]:
        """Give every site its URL; returns the ids of sites that have none.

        With a base URL (the local build, or one domain holding every site) a
        site lives at `<base>/<site-id>`; without one, at its registry `url`.
        """
        missing = []
        for site in self.sites:
            if base_url:
                site.site_url = f"{base_url.rstrip('/')}/{site.id}"
            elif site.registry_url:
                site.site_url = site.registry_url.rstrip("/")
            else:
                missing.append(site.id)
        return missing
