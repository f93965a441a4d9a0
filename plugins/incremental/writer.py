"""Pelican's writer, rendering a page only when its key changed (and, in the preview's list-first
step, only the pages asked for: `SiteContext.list_pages`).

It overrides `Writer._open_w` and keeps `Writer._written_files` and
`_overridden_files` as Pelican does: private surfaces (upstream changed
`_open_w` twice in 2026), checked by plugins/pelican_compat.py when this module
is imported, together with `write_file` still opening its files through `_open_w`.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import IO, Any

from jinja2 import Template
from pelican.utils import sanitised_join
from pelican.writers import Writer

from domain.list_pages import padded
from incremental.keys import page_key, template_closure
from incremental.memo import SiteMemo
from plugins import pelican_compat  # noqa: F401  (checks on import the private surfaces used below)
from plugins.site_context import SITE_CONTEXT_KEY, SiteContext, site_context


class MemoTemplate:
    """Stands in for a Jinja template in Writer.write_file: `render()` consults the memo first."""

    def __init__(self, template: Template, memo: SiteMemo, writer: MemoWriter):
        self._template = template
        self._memo = memo
        self._writer = writer

    def render(self, context: dict[str, Any]) -> str:
        template, memo = self._template, self._memo
        save_as = context["output_file"]
        if not self._writer.wanted(save_as):
            return ""  # not asked for: its slice holds articles the run did not read
        key = page_key(memo, template.name or "", self._writer.closure(template), context)
        previous = memo.unchanged(save_as, key) if key else None
        if key:
            memo.remember_output(save_as, key)
        if previous is not None:
            self._writer.reuse(save_as, previous)
            return ""  # not written: the previous file is linked instead
        memo.rendered += 1
        return template.render(context)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


class MemoWriter(Writer):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._closures: dict[str, str] = {}  # template name -> closure digest, once per run
        self._parsed: dict[str, tuple[str, list]] = {}  # template name -> source, referenced names
        self._reused: dict[str, Path] = {}  # output file -> the previous file to link there
        self._linked: set[str] = set()  # output files that are links to the previous output
        context = self.settings.get(SITE_CONTEXT_KEY)  # a writer made outside a site run (a test) has none
        self._alone = context.list_pages if isinstance(context, SiteContext) else None

    def wanted(self, save_as: str) -> bool:
        """Whether the run renders this page: every page, but in a list-first step's run."""
        return self._alone is None or save_as in self._alone.pages

    def closure(self, template: Template) -> str:
        name = template.name or ""  # Pelican loads every template by name
        if name not in self._closures:
            self._closures[name] = template_closure(template.environment, name, self._parsed)
        return self._closures[name]

    def reuse(self, save_as: str, previous: Path) -> None:
        self._reused[sanitised_join(self.output_path, save_as)] = previous

    def write_file(self, name: Any, template: Template, context: dict, *args: Any, **kwargs: Any) -> None:
        memo = site_context(self.settings).memo
        wrapped = template if memo is None or template is None else MemoTemplate(template, memo, self)
        if self._alone is not None and name in self._alone.lists:
            kwargs = self._numbered_as_the_site(self._alone.lists[name], args, kwargs)
        super().write_file(name, wrapped, context, *args, **kwargs)

    @staticmethod
    def _numbered_as_the_site(order: tuple[str, ...], args: tuple, kwargs: dict[str, Any]) -> dict[str, Any]:
        """A list-first step's run read only the articles of the pages it renders: each list it
        paginates is given the whole list's length, its articles at their places in it (the
        `paginated` lists, or Pelican's default, `articles` and `dates`)."""
        assert not args, "Pelican's generators and plugins/unit_pages pass a list page's arguments by name"
        paginated = kwargs.get("paginated") or {key: kwargs[key] for key in ("articles", "dates") if key in kwargs}
        return {**kwargs, "paginated": {key: padded(order, articles, lambda article: article.record.source)
                                        for key, articles in paginated.items()}}

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> IO[str]:
        # Pelican opens the file to write the rendered text into.  For an unchanged page, link
        # the previous file instead (no new copy: creating files is what costs here) and give
        # Pelican somewhere to write the empty text.  Clashes are left to Pelican to report.
        previous = self._reused.pop(filename, None)
        if self._alone is not None and not self.wanted(os.path.relpath(filename, self.output_path)):
            self._written_files.add(filename)  # Pelican's clash check still sees it; no file is made
            return io.StringIO()
        if previous is None or filename in self._written_files or filename in self._overridden_files:
            if filename in self._linked:  # written over: never in place, the previous output shares it
                os.unlink(filename)
                self._linked.discard(filename)
            return super()._open_w(filename, encoding, override)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        os.link(previous, filename)
        self._linked.add(filename)
        return io.StringIO()
