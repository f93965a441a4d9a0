"""Where everything an incremental build keeps between builds lives: one object names every path.

The cache folder sits beside output/ (`.<output>-cache/`, never published).  A
build's new memos and feed items are first written to a folder of the same
shape inside its staging folder; the commit moves them in (builder/staging.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MEMO_PARTS = ("pages", "feeds")  # a site's Pelican run; its feeds, written by stages/feeds.py


@dataclass(frozen=True)
class CachePaths:
    """The files of one cache folder (the committed cache, or a build's staged files)."""

    folder: Path

    @classmethod
    def beside(cls, output: Path) -> CachePaths:
        """The cache that describes `output` (kept between builds, never published)."""
        return cls(output.parent / f".{output.name}-cache")

    @property
    def state(self) -> Path:
        """The fingerprints of the last committed build (incremental/state.py)."""
        return self.folder / "fingerprints.json"

    @property
    def index(self) -> Path:
        """The network index's per-file cache (incremental/index_cache.py); v3: named entries."""
        return self.folder / "index.v3.pickle"

    @property
    def feed_items(self) -> Path:
        """Each site's feed items (plugins/feeds writes them, stages/feeds.py reads them)."""
        return self.folder / "feed-items"

    @property
    def memos(self) -> Path:
        """The sites' memos (incremental/memo.py), one file per site and part."""
        return self.folder / "site-memo"

    def memo(self, site_id: str, part: str) -> Path:
        return self.memos / f"{site_id}.{part}.pickle"

    @property
    def templates(self) -> Path:
        """Compiled Jinja templates, one folder per code digest (incremental/site_caches.py)."""
        return self.folder / "templates"

    @classmethod
    def holding_templates(cls, templates: Path) -> CachePaths:
        """The cache whose compiled-template folder for one code (site_caches.template_cache) is `templates`."""
        return cls(templates.parent.parent)

    @property
    def images(self) -> Path:
        """Encoded images and share images by what they are made from (domain/images/store.py).
        Written by the site runs straight into the committed cache, never staged: an entry's name is
        the digest of its inputs, so it is never stale, and a failed build leaves only usable entries."""
        return self.folder / "images"
