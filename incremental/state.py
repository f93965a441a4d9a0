"""The build state: what fingerprints.json says about the committed output/.

Read and written only here.  The file's JSON format is the one builds have
always written ({"sites", "feeds", "network"}); anything else found there (an
older or garbled file, a value of the wrong type) counts as no state: every
site is built again, never a crash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class BuildState:
    """The fingerprints of the sites and feeds in output/, and of the whole network after a full build."""

    sites: dict[str, str] = field(default_factory=dict)  # site id -> its fingerprint (incremental/reuse.py)
    feeds: dict[str, str] = field(default_factory=dict)  # site id -> its feeds' fingerprint
    network: str | None = None  # the last full build's network fingerprint

    def updated(self, sites: dict[str, str], feeds: dict[str, str], network: str | None) -> BuildState:
        """This state with what a build wrote: its sites' and feeds' fingerprints replace theirs;
        `network`: the new network fingerprint, or None to keep the old one (a partial build)."""
        return BuildState({**self.sites, **sites}, {**self.feeds, **feeds},
                          self.network if network is None else network)

    def text(self) -> str:
        """The file's text (the commit journal carries it and writes it: builder/staging.py)."""
        return json.dumps({"sites": self.sites, "feeds": self.feeds, "network": self.network},
                          sort_keys=True, indent=1)


def _fingerprints(value: Any) -> dict[str, str] | None:
    if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return value
    return None


def load_state(path: Path) -> BuildState:
    """The state saved at `path`; an empty one if it is missing, unreadable or not in this format."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return BuildState()
    if not isinstance(saved, dict):
        return BuildState()
    sites, feeds, network = _fingerprints(saved.get("sites", {})), _fingerprints(saved.get("feeds", {})), saved.get("network")
    if sites is None or feeds is None or not (network is None or isinstance(network, str)):
        return BuildState()
    return BuildState(sites, feeds, network)
