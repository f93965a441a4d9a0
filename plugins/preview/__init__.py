"""The live preview's marks on the pages (`make serve`, preview/).

Signal: `generator_init` adds the Jinja global `preview_script`, the reload script's URL
only in a run whose network index was scanned for the preview (ArticleIndex.preview),
else None: the theme links it (served by the preview server, never written to output).
Drafts and scheduled articles carry their own mark (`preview_mark`, from the index).
A publish build has neither.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from domain.preview import RELOAD_SCRIPT_URL
from plugins.site_context import site_context


def _on_generator_init(generator: Any) -> None:
    preview = site_context(generator.settings).index.preview
    generator.env.globals["preview_script"] = RELOAD_SCRIPT_URL if preview else None


def register() -> None:
    signals.generator_init.connect(_on_generator_init)
