"""Incremental builds: what is reused between builds, keyed by content, never by mtime.

cache_paths.py  CachePaths: every file of the cache folder beside output/ (and of a build's staged copy)
state.py        BuildState: the fingerprints of output/'s sites and feeds (fingerprints.json)
reuse.py        per site: its fingerprint and chrome, and hard links to unchanged files
index_cache.py  the network index's per-file cache on disk (entries: domain/articles/scan_cache.py)
site_caches.py  SiteCaches: what one site's run reuses (its memo files, chrome, compiled templates)
memo.py         inside a site's run: Markdown results, page keys, derived values (SiteMemo)
keys.py         a page's key: the site's chrome, its template closure, the article bodies it shows

The chrome (reuse.py: everything a site's pages show apart from article bodies
and templates) is made in the build's plan, carried to the site's run in its
SiteCaches, and read there by its SiteMemo's page keys (plugins/incremental).
"""

from __future__ import annotations

from .memo import SiteMemo, load_memo, save_memo

__all__ = ["SiteMemo", "load_memo", "save_memo"]
