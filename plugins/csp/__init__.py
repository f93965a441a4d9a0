"""Content-Security-Policy of every page written by a site's Pelican run (domain/csp holds the policy).

Signals: `generator_init` adds the Jinja global `csp_meta(output_file)`, the
<meta> tag for the page being written (base.html puts it first in <head>),
allowing the origins of the network's sites (`SiteContext.network`).
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from domain.csp import csp_meta_global, network_origins
from plugins.site_context import site_context


def _on_generator_init(generator: Any) -> None:
    generator.env.globals["csp_meta"] = csp_meta_global(network_origins(site_context(generator.settings).network))


def register() -> None:
    signals.generator_init.connect(_on_generator_init)
