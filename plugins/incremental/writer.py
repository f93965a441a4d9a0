"""Pelican's writer, rendering a page only when its key changed."""

from __future__ import annotations

from typing import Any

from jinja2 import Template
from pelican.writers import Writer

from .keys import page_key, template_closure
from .memo import SiteMemo


class MemoTemplate:
    """Stands in for a Jinja template in Writer.write_file: `render()` consults the memo first."""

    def __init__(self, template: Template, memo: SiteMemo, closures: dict[str, str]):
        self._template = template
        self._memo = memo
        self._closures = closures

    def render(self, context: dict[str, Any]) -> str:
        template, memo = self._template, self._memo
        if template.name not in self._closures:
            self._closures[template.name] = template_closure(template.environment, template.name)
        save_as = context["output_file"]
        key = page_key(memo, self._closures[template.name], context)
        text = memo.previous_page(save_as, key) if key else None
        if text is None:
            text = template.render(context)
            memo.rendered += 1
        else:
            memo.reused += 1
        if key:
            memo.next_pages[save_as] = key
        return text

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


class MemoWriter(Writer):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._closures: dict[str, str] = {}  # template name -> closure digest, once per run

    def write_file(self, name: Any, template: Template, context: dict, *args: Any, **kwargs: Any) -> None:
        memo = self.settings.get("SITE_MEMO")
        if memo is not None and template is not None:
            template = MemoTemplate(template, memo, self._closures)
        super().write_file(name, template, context, *args, **kwargs)
