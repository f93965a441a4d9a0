"""The network registry in a site's Pelican run: the run must have been started by the network build.

The registry itself (content/network.yml as a validated object model, its history,
owners and reserved names) lives in domain/registry and imports no Pelican.  The
network build reads it once per build and hands each site's run a `SiteContext`
(plugins/site_context.py) holding the `Network` and the site's federation, so
plugins read `unit.parent`, `unit.children`, `unit.site`, `unit.url` from it.

Signals: `initialized` checks that the run was started by the network build
(`python -m scripts.build`), which sets that context; plain `pelican` is not
an entry point of this project.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from plugins.site_context import NotStartedByNetworkBuild, site_context

__all__ = ["NotStartedByNetworkBuild"]


def _check_started_by_build(pelican: Any) -> None:
    site_context(pelican.settings)  # raises NotStartedByNetworkBuild without one


def register() -> None:
    signals.initialized.connect(_check_started_by_build)
