"""Where every URL ever published now leads: one hop, never a chain or a loop.

Old URLs come from the inventories of the network on every day it changed
(plus the aliases of renamed units); the target of each is looked up by what
it showed (its key) in today's inventory.  A URL that still exists needs
nothing; a content image is copied (browsers do not follow an HTML redirect
for an <img>), and so is a feed whose successor is a feed (feed readers do not
follow one either, and on a static host such as GitHub Pages the HTML page is
all they would get; the GUIDs are the same, so nothing is posted twice);
everything else gets a redirect straight to today's page.
"""

from __future__ import annotations

from dataclasses import dataclass

from plugins.network_registry import Network

from .inventory import Entry, Key


@dataclass(frozen=True)
class Redirect:
    old: str  # output path, e.g. "ldld-hau-giang/tin/x.html"
    new: str  # output path of today's page


@dataclass(frozen=True)
class Plan:
    redirects: list[Redirect]
    copies: list[Redirect]  # static files and feeds kept at their old path too
    lost: list[str]  # old paths whose content is gone (an article deleted or unpublished)


def _canonical(current: dict[str, Entry]) -> dict[Key, str]:
    found: dict[Key, str] = {}
    for path, entry in sorted(current.items()):
        if entry.canonical:
            found.setdefault(entry.key, path)
    return found


def _target(key: Key, canonical: dict[Key, str], network: Network) -> str | None:
    if key in canonical:
        return canonical[key]
    kind = key[0]
    if kind == "site" and key[1] in network:
        # A site that folded into another: the same page there, else the unit's own archive page.
        new_site = network[key[1]].site
        return canonical.get(("site", new_site.id, key[2])) or canonical.get(("unit", key[1]))
    if kind == "unit-feed":
        return canonical.get(("unit", key[1]))
    return None


def is_feed(path: str) -> bool:
    return path.endswith((".rss.xml", ".atom.xml"))


def plan_redirects(old: dict[str, Entry], current: dict[str, Entry], network: Network) -> Plan:
    """Redirects (and copies) so that every path of `old` resolves in `current`."""
    canonical = _canonical(current)
    redirects, copies, lost = [], [], []
    for path in sorted(old):
        if path in current:
            continue
        target = _target(old[path].key, canonical, network)
        if target is None:
            lost.append(path)
        elif old[path].key[0] == "static" or (is_feed(path) and is_feed(target)):
            copies.append(Redirect(path, target))
        else:
            redirects.append(Redirect(path, target))
    return Plan(redirects, copies, lost)
