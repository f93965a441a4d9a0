"""The network registry: content/network.yml as one validated object model.

`load_network()` reads and checks the registry once per build; the build hands
the resulting `Network` to every site's Pelican run as the `NETWORK` setting,
and the current federation as `NETWORK_SITE`, so templates and plugins read
`unit.parent`, `unit.children`, `unit.site`, `unit.url`.

Besides the loader and the model: reserved_names.py (the names the site
layout keeps, pure), paths.py (the folders a unit takes inside a site),
owners.py (`editors:`, `administrators:`) and codeowners.py (the registry as
.github/CODEOWNERS, pure; `python -m scripts.codeowners`).

Signals: `initialized` checks that the run was started by the network build
(`python -m scripts.build`), which sets those settings; plain `pelican` is not
an entry point of this project.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from domain.registry import Network


class NotStartedByNetworkBuild(RuntimeError):
    pass


def _check_started_by_build(pelican: Any) -> None:
    if not isinstance(pelican.settings.get("NETWORK"), Network):
        raise NotStartedByNetworkBuild(
            "These sites are built by `python -m scripts.build` (or `make build`), "
            "which reads content/network.yml and sets each site's URL and paths; "
            "plain `pelican` cannot build them."
        )


def register() -> None:
    signals.initialized.connect(_check_started_by_build)
