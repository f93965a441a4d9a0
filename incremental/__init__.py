"""Incremental builds: what is reused between builds, keyed by content, never by mtime.

reuse.py  per site: its fingerprint, and whether the last build's folder can be kept
memo.py   inside a site's run: Markdown results, page keys, derived values (SiteMemo)
keys.py   a page's key: the site's chrome, its template closure, the article bodies it shows
"""

from __future__ import annotations

from .memo import SiteMemo, load_memo, save_memo

__all__ = ["SiteMemo", "load_memo", "save_memo"]
