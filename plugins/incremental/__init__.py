"""Incremental rendering inside one site's Pelican run: skip the work whose inputs did not change.

The network build decides per site whether Pelican runs at all (incremental/reuse.py).
When it does, this plugin keeps that run proportional to what changed, with a
`SiteMemo` (incremental/memo.py) the build passes in the run's `SiteContext`
(`memo`, plugins/site_context.py) and saves after a successful run.  Everything
in it is keyed by content, never by mtime (a git clone resets mtimes):

- rendered articles: an article's source bytes (sha256) and link targets → its
  cleaned body and Summary HTML and the warnings, so an unchanged article is not
  converted again (`plugins.articles`' ReusingMarkdownReader consults it);
- derived values, e.g. an article's feed item (`plugins.feeds`), valid while
  the site's chrome is unchanged;
- page keys: each output file → the key of what it was rendered from.  A page
  whose key did not change is not rendered: its previous file is hard-linked
  (the network build's feeds use the same table, keyed by their items).

A page's key (incremental/keys.py) is the site's *chrome* — everything any page may show
apart from article bodies: code, settings, theme static files, the registry as
of the build's day, the index records of the site's subtree (titles, dates,
categories, tags, authors, summaries given in the header) and its units'
images — plus the page's template with every template it extends, includes or
imports, its output path, and the source digests of the articles whose bodies
it shows.  So a template may show an article's body or computed summary only
as `article` or inside `articles_page` / `dates_page`; everything else it
shows must come from the chrome.  An article page and a category, tag or
archive page (incremental/keys.py `page_chrome`) hold the chrome without the
index records instead, with the menu and, for an article, the records its
related lists show (plugins/crosslinks): a corrected title renders again the
pages that show it, not every page of the sites that might; tests hold the
theme's templates to it.  tests/test_incremental.py compares
incremental builds with clean ones, byte for byte, after random edits of
articles, registry and templates.

In the live preview's list-first step (builder/quick_lists.py) the same writer renders only the
pages the run's `SiteContext.list_pages` names, each list it paginates given the whole list's
length with the run's few articles at their places (domain/list_pages.py `padded`): page 1 of a
5,000-article archive from the 30 articles it shows.  No other build sets it.

Signals: `get_writer` (MemoWriter: Pelican's writer, with each template
wrapped so that `render()` consults the memo).  The swap is a signal, but
MemoWriter overrides Pelican's private `Writer._open_w` (writer.py), which
plugins/pelican_compat.py checks on import.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from .writer import MemoWriter


def _writer(pelican: Any) -> type[MemoWriter]:
    return MemoWriter


def register() -> None:
    signals.get_writer.connect(_writer)
