"""Reorganisation without lost URLs: every URL ever published keeps resolving.

The registry's history gives the network on every day it changed; the URL
inventory of each of those days (inventory.py, a pure mirror of the build) is
compared with today's (plan.py): a URL that no longer exists gets a redirect
straight to where its content lives now (one hop), a content image is copied.
emit.py writes the plan as HTML redirect pages, `_redirects` and an nginx map.

No Pelican signal: this runs once per network build, after every site is
built (builder/build.py), because it spans sites and days.
"""

from .emit import REDIRECT_MARKER, absolute_url, redirect_page, write_plan
from .history_plan import past_snapshots, past_snapshots_with_urls, plan_for
from .inventory import Entry, alias_paths, network_inventory, site_inventory
from .plan import Plan, Redirect, plan_redirects

__all__ = [
    "REDIRECT_MARKER", "Entry", "Plan", "Redirect", "absolute_url", "alias_paths",
    "network_inventory", "past_snapshots", "past_snapshots_with_urls", "plan_for", "plan_redirects", "redirect_page", "site_inventory",
    "write_plan",
]
