"""Page keys: what a page is rendered from, as one digest."""

from __future__ import annotations

import hashlib
from typing import Any

from jinja2 import Environment, meta

from .memo import SiteMemo

SINGLE_CONTENTS = ("article", "page")  # a page showing one article (or Pelican page) in full
CONTENT_LISTS = ("articles_page", "dates_page")  # the slice of a paginated list a page shows
# The theme's list pages that show other articles only as their own slice (CONTENT_LISTS), whose
# records are read from those articles' files, already in the key: their chrome leaves the index
# records out.  Checked against the theme's templates by tests/test_incremental_parts.py.
OWN_SLICE_TEMPLATES = frozenset({"category.html", "tag.html", "archives.html"})


def template_closure(env: Environment, name: str, parsed: dict[str, tuple[str, list]]) -> str:
    """A digest of the template `name` and of every template it extends, includes or imports.

    `parsed` (template name -> source and referenced names) is filled as templates are read.
    """
    sources: dict[str, str] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        if current in sources:
            continue
        if current not in parsed:
            assert env.loader is not None, "Pelican's environment always has a loader"
            source = env.loader.get_source(env, current)[0]
            parsed[current] = (source, referenced_templates(env, source))
        sources[current], referenced = parsed[current]
        for other in referenced:
            # None: a name computed at render time; any template may be used
            todo.extend(env.list_templates() if other is None else [other])
    digest = hashlib.sha256()
    for template_name in sorted(sources):
        digest.update(f"{template_name}\0{sources[template_name]}\0".encode())
    return digest.hexdigest()


_REFERENCED: dict[str, list] = {}  # template source -> the names it references: parsed once per process


def referenced_templates(env: Environment, source: str) -> list:
    """The templates `source` extends, includes or imports (None: a name computed at render time).
    Kept for the process: a long-running caller parses the theme once and its forked runs inherit it."""
    if source not in _REFERENCED:
        _REFERENCED[source] = list(meta.find_referenced_templates(env.parse(source)))
    return _REFERENCED[source]


def page_chrome(memo: SiteMemo, template: str, context: dict[str, Any]) -> str:
    """The part of the site's chrome the page may show: all of it, but for an article page, whose
    other articles come through `memo.article_records` only, and a list of OWN_SLICE_TEMPLATES:
    the chrome without the records, the menu (the categories the site's articles use) and, for an
    article, the records it shows."""
    article = context.get("article")
    menu = [category.name for category in context.get("nav_categories", ())]
    if article is not None and memo.article_records is not None:
        return f"{memo.chrome_base}\0{memo.article_records(article)}\0{menu!r}"
    if template in OWN_SLICE_TEMPLATES and memo.chrome_base:
        return f"{memo.chrome_base}\0{menu!r}"
    return memo.chrome


def page_key(memo: SiteMemo, template: str, closure: str, context: dict[str, Any]) -> str | None:
    """The key of the page Pelican is about to render from `template` with `context`; None: do not
    memoise it."""
    digest = hashlib.sha256(f"{page_chrome(memo, template, context)}\0{closure}\0{context['output_file']}".encode())
    contents = [context[name] for name in SINGLE_CONTENTS if context.get(name) is not None]
    for name in CONTENT_LISTS:
        page = context.get(name)
        if page is not None:
            digest.update(f"\0{name}:{page.number}/{page.paginator.num_pages}".encode())
            contents.extend(page.object_list)
    for content in contents:
        source = memo.digests.get(getattr(content, "source_path", ""))
        if source is None:  # not read through the memo: nothing to compare with
            return None
        digest.update(source.encode())
    return digest.hexdigest()
