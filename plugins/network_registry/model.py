"""The network as an object model: units, their parents, children and sites.

A *site* is a federation (province or city LĐLĐ): it gets its own website.  A
grassroots union (CĐCS) is a section of the site of the nearest federation
above it.  URLs are assigned once per build (local or published) by
`Network.assign_urls`, so templates and plugins just read `unit.url`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

KINDS = ("province", "city", "grassroots")
FEDERATION_KINDS = ("province", "city")

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
    parent: Unit | None = field(default=None, repr=False)
    children: list[Unit] = field(default_factory=list, repr=False)
    site_url: str = ""

    @property
    def is_federation(self) -> bool:
        return self.kind in FEDERATION_KINDS

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def site(self) -> Unit:
        """The federation whose website holds this unit's pages."""
        unit: Unit | None = self
        while unit is not None and not unit.is_federation:
            unit = unit.parent
        if unit is None:  # the loader rejects such units
            raise LookupError(f"unit {self.id} has no federation above it")
        return unit

    @property
    def ancestors(self) -> list[Unit]:
        """From the top of the hierarchy down to this unit's parent."""
        chain: list[Unit] = []
        unit = self.parent
        while unit is not None:
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

    def subtree(self) -> Iterator[Unit]:
        """This unit and every unit below it, depth first, in registry order."""
        yield self
        for child in self.children:
            yield from child.subtree()


class Network:
    """All units of content/network.yml, in registry order."""

    def __init__(self, path: str, units: list[Unit]):
        self.path = path
        self.units: dict[str, Unit] = {unit.id: unit for unit in units}

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units.values())

    def __getitem__(self, unit_id: str) -> Unit:
        return self.units[unit_id]

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self.units

    @property
    def sites(self) -> list[Unit]:
        return [unit for unit in self if unit.is_federation]

    @property
    def roots(self) -> list[Unit]:
        return [unit for unit in self if unit.parent is None]

    def site_units(self, site: Unit) -> list[Unit]:
        """The units whose pages live on `site`: the federation and its CĐCS."""
        return [unit for unit in self if unit.site is site]

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
