"""What each site's runs of this build reuse from earlier builds, made once before the workers fork."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from .cache_paths import MEMO_PARTS, CachePaths
from .reuse import Chrome


@dataclass(frozen=True)
class SiteCaches:
    """What a site's run reuses from earlier builds: its memo (plugins/incremental), read from
    `previous` and saved to `next`, and the compiled templates."""

    previous: Path
    next: Path
    code: str  # the recipe's code digest: a memo made by other code is not used
    chrome: Chrome  # the site's chrome (incremental/reuse.py): the memo's derived values and page keys depend on it
    previous_output: Path  # the site's folder in the last committed output
    templates: Path  # compiled templates, shared by every run and worker (template_cache)


def template_cache(cache: CachePaths, code: str) -> Path:
    """Where compiled Jinja templates are kept for this code and settings (Jinja checks each
    template's source; the folder covers the environment's options).  Other codes' go."""
    root = cache.templates
    folder = root / code[:16]
    for other in (root.iterdir() if root.is_dir() else []):
        if other != folder:
            shutil.rmtree(other, ignore_errors=True) if other.is_dir() else other.unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def site_caches(cache: CachePaths, staged: CachePaths, previous_output: Path, code: str,
                chromes: dict[str, Chrome]) -> dict[str, dict[str, SiteCaches]]:
    """Site id -> part (MEMO_PARTS) -> its caches: read from `cache`, saved to `staged`.
    Cleans the template cache of other codes (template_cache)."""
    templates = template_cache(cache, code)
    return {site_id: {part: SiteCaches(cache.memo(site_id, part), staged.memo(site_id, part), code, chrome,
                                       previous_output / site_id, templates) for part in MEMO_PARTS}
            for site_id, chrome in chromes.items()}
