"""Where every URL ever published now leads: one hop, never a chain or a loop.

Old URLs come from the inventories of the network on every day it changed
(plus the aliases of renamed units); the target of each is looked up by what
it showed (its key) in today's inventory.  A URL that still exists needs
nothing; a content image is copied (browsers do not follow an HTML redirect
for an <img>), and so is a feed whose successor is a feed (feed readers do not
follow one either, and on a static host such as GitHub Pages the HTML page is
all they would get; the GUIDs are the same, so nothing is posted twice);
everything else gets a redirect straight to today's page.  A feed whose
successor is a page (its unit or category has no article left) stays a valid,
empty feed at its address, whose description names that page (emit.py): a
reader polling it gets a feed, never an HTML page it cannot follow.

A category or tag list that no longer exists on its site follows its articles:
to the same list on the site where most of them live now, else to their unit's
page (a feed: to that list's feed, or the unit's feed), never to an unrelated
page.  A list of a site that is still a site, whose articles are not known to have
gone anywhere (its last article was recategorised, retagged or unpublished: the
list is known only from its published URL), leads to the site's archive: every
article of the site, newest first, so what the list still had is there, and
it is a list like the one the reader asked for (the front page is a selection).
Page N of an old list leads to page N of today's when it exists.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from domain.registry import Network
from domain.url_layout import is_feed

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
    # Old paths of redirected pages the sitemaps list (Entry.listed; no feed): the sitemaps of redirects list them.
    listed: frozenset[str] = field(default_factory=frozenset)
    # Feeds whose successor is a page: an empty feed at the old path names it (emit.py).
    empty_feeds: list[Redirect] = field(default_factory=list)


def _canonical(current: dict[str, Entry]) -> dict[tuple[Key, int], str]:
    """(key, page) -> today's path; page 1 is the canonical URL of what the key shows."""
    found: dict[tuple[Key, int], str] = {}
    for path, entry in sorted(current.items()):
        found.setdefault((entry.key, entry.page), path)
    return found


def _list_key(what: str, site_id: str, unit_id: str) -> list[Key]:
    """Where a list (category/tag page or category feed) of `site_id` may go, best first."""
    kind = what.split(":")[0]
    keys: list[Key] = [("site", site_id, what)]
    if kind == "category-feed":
        keys.append(("unit-feed", unit_id, what.rsplit(":", 1)[1]))
    elif kind in ("category", "tag"):
        keys.append(("unit", unit_id))
    return keys


def _followed(entry: Entry, canonical: dict[tuple[Key, int], str], network: Network) -> Key | None:
    """A category/tag list gone from its site: the same list where most of its articles are now."""
    units = [unit for unit in entry.members if unit in network]
    if not units:
        return None
    sites = Counter(network[unit].site.id for unit in units)
    site_id = min(sites, key=lambda s: (-sites[s], s))
    unit_counts = Counter(unit for unit in units if network[unit].site.id == site_id)
    unit_id = min(unit_counts, key=lambda u: (-unit_counts[u], u))
    return next((key for key in _list_key(entry.key[2], site_id, unit_id) if (key, 1) in canonical), None)


LISTS = ("category", "tag", "category-feed")  # the lists of a site that follow their articles


def _target_key(entry: Entry, canonical: dict[tuple[Key, int], str], network: Network) -> Key | None:
    key = entry.key
    if (key, 1) in canonical:
        return key
    kind = key[0]
    if kind == "site" and key[1] in network:
        # A site that folded into another: the same page there.  A list gone from its site follows
        # its articles.  Else a folded site's page leads to the unit's own page (its section).
        new_site = network[key[1]].site
        if (("site", new_site.id, key[2]), 1) in canonical:
            return ("site", new_site.id, key[2])
        followed = _followed(entry, canonical, network) if entry.members else None
        if followed is not None:
            return followed
        if new_site.id == key[1] and key[2].split(":")[0] in LISTS:  # still a site: its archive
            return ("site", key[1], "luu-tru") if (("site", key[1], "luu-tru"), 1) in canonical else None
        if (("unit", key[1]), 1) in canonical and (new_site.id != key[1] or not entry.members):
            return ("unit", key[1])
        return None
    if kind == "unit-feed":
        return ("unit", key[1]) if (("unit", key[1]), 1) in canonical else None
    return None


def _target(entry: Entry, canonical: dict[tuple[Key, int], str], network: Network) -> str | None:
    key = _target_key(entry, canonical, network)
    if key is None:
        return None
    return canonical.get((key, entry.page)) or canonical[(key, 1)]


def plan_redirects(old: dict[str, Entry], current: dict[str, Entry], network: Network) -> Plan:
    """Redirects (and copies) so that every path of `old` resolves in `current`."""
    canonical = _canonical(current)
    redirects, copies, lost, empty_feeds = [], [], [], []
    for path in sorted(old):
        if path in current:
            continue
        target = _target(old[path], canonical, network)
        if target is None:
            lost.append(path)
        elif old[path].key[0] == "static" or (is_feed(path) and is_feed(target)):
            copies.append(Redirect(path, target))
        elif is_feed(path):
            empty_feeds.append(Redirect(path, target))
        else:
            redirects.append(Redirect(path, target))
    listed = frozenset(r.old for r in redirects if old[r.old].listed and r.old.endswith(".html"))
    return Plan(redirects, copies, lost, listed, empty_feeds)
