"""Where a URL of the network is served from in a build folder (shared by the checks).

A site URL prefix maps to the site's folder below the output (`""` for the
output's root); a URL maps to a path the way the build writes it
(domain/url_layout.py `url_to_path`, shared with the redirects), and a path to a
file the way a static web server does it: `.../` and folders → `.../index.html`.
"""

from __future__ import annotations

from pathlib import Path

from domain.registry import Network
from domain.url_layout import url_to_path

__all__ = ["load_site_prefixes", "served_file", "site_prefixes", "url_to_path"]


def site_prefixes(registry: Network, base_url: str | None) -> dict[str, str]:
    """Site URL prefix → folder in a build, for every federation the registry ever had
    (merged ones included: their old addresses still answer with redirects)."""
    prefixes: dict[str, str] = {}
    if base_url:
        prefixes[base_url.rstrip("/") + "/"] = ""
    for unit in registry:
        if unit.kind in ("province", "city"):
            if base_url:
                prefixes[f"{base_url.rstrip('/')}/{unit.id}/"] = unit.id
            elif unit.registry_url:
                prefixes[unit.registry_url.rstrip("/") + "/"] = unit.id
    return prefixes


def load_site_prefixes(settings: Path, content: Path) -> dict[str, str]:
    """`site_prefixes` for the registry and settings a build used; raises ProblemsFound."""
    # The checks run on a build: the builder's config is their source of truth.
    from builder.config import load_registry

    config, registry = load_registry(settings, content)
    return site_prefixes(registry, config.base_url)


def served_file(folder: Path, path: str) -> Path:
    """The file a static server answers `path` with."""
    target = folder / path
    if path.endswith("/") or path == "" or target.is_dir():
        target = target / "index.html"
    return target
