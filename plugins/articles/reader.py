"""The Markdown reader of every site run: our header, our metadata, cleaned HTML, one Markdown instance.

Pelican's own MarkdownReader lets Markdown's `meta` extension read the header
and hands every field to Pelican, which obeys some of them (`save_as`, `url`,
`template`, `status`, `lang`, `translation`...).  This reader instead:
- reads the header with headers.parse_header, the parser the index scan checked
  it with, and gives Pelican only the documented fields, from the checked
  record (the unit's folder, not the header, decides the unit; the index the slug);
- converts only the body, with one Markdown instance per run (creating one costs
  about as much as converting a short article; `reset()` between documents gives
  the same output), then cleans and links it (rendering.py);
- reuses, through the site memo (`SiteContext.memo`, plugins/incremental), the
  HTML of a file whose bytes and link targets were rendered by the last run.
Removed HTML is logged as a warning, `path:line: nội dung: đã bỏ … [html-removed]`.

Surfaces Pelican and Markdown do not document, checked by plugins/pelican_compat.py
when this module is imported: the reader replaces `MarkdownReader.read` whole
(Pelican's calls `_parse_metadata`, this one does not) and overrides
`process_metadata`; it relies on Pelican sending `readers_init` before it
instantiates `Readers.reader_classes`; and the PlainText extension it registers
(domain/articles/plain_text.py) overrides Markdown's name-mangled
`InlineProcessor.__handleInline`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from pathlib import Path
from typing import Any

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.urlwrappers import URLWrapper
from pelican.utils import SafeDatetime

from domain.articles.headers import parse_header
from domain.articles.plain_text import PlainText
from domain.articles.record_reading import ArticleRecord
from domain.articles.rendering import VIDEO_POSTER, LinkTargets, RenderedArticle, render_article
from domain.registry import display_path
from plugins import pelican_compat  # noqa: F401  (checks on import the private surfaces used below)
from plugins.site_context import site_context

logger = logging.getLogger("pelican.plugins.articles")  # below "pelican": the site run collects its warnings
_EMPTY_ALT = "Empty alt attribute for image %s in %s"  # pelican.readers.find_empty_alt's warning
_NAIVE_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")


class ReusingMarkdownReader(MarkdownReader):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._md = Markdown(**self.settings["MARKDOWN"])
        self._md.registerExtensions([PlainText()], {})
        self._wrappers: dict[tuple[type, str], URLWrapper] = {}

    def process_metadata(self, name: str, value: Any) -> Any:
        """Pelican's, with one Category/Tag/Author object per name for the whole run: each
        computes its slug once (Pelican makes one per article, and slugifying is not cheap);
        and the dates editors are told to write read by fromisoformat, which gives
        what Pelican's get_date (dateutil) gives for them, 70 times faster."""
        if name in ("date", "modified") and isinstance(value, str) and _NAIVE_ISO_DATE.fullmatch(value):
            return SafeDatetime.fromisoformat(value)
        processed = super().process_metadata(name, value)
        if isinstance(processed, URLWrapper):
            return self._wrappers.setdefault((type(processed), processed.name), processed)
        if isinstance(processed, list):
            return [self._wrappers.setdefault((type(item), item.name), item) if isinstance(item, URLWrapper) else item
                    for item in processed]
        return processed

    def read(self, source_path: str) -> tuple[str, dict]:
        context = site_context(self.settings)
        index = context.index
        record: ArticleRecord = index.by_source[Path(os.path.relpath(source_path, self.settings["PATH"])).as_posix()]
        with open(source_path, "rb") as file:
            data = file.read()
        text = data.decode("utf-8")
        header = parse_header(text)
        links = LinkTargets(record, index.by_source, self.settings["SITEURL"])

        def render() -> RenderedArticle:
            return render_article(text, header, self._md, links, display_path(source_path))

        memo = context.memo
        if memo is None:
            rendered = render()
        else:
            digest = memo.note_source(source_path, data)
            rendered = memo.read(_render_key(digest, record, index.published_of(record.unit_id), text), render)
        for warning in rendered.warnings:
            logger.warning("%s", warning)
        return rendered.content, self._metadata(record, header.get("Date"), header.get("Modified"), rendered.summary)

    def _metadata(self, record: ArticleRecord, date: str | None, modified: str | None, summary: str | None) -> dict:
        """What Pelican may know of the article: the documented fields, as the index checked them."""
        metadata: dict[str, Any] = {
            "title": record.title, "date": self.process_metadata("date", date), "slug": record.slug,
            "category": self.process_metadata("category", record.category), "status": "published",
        }
        if modified:
            metadata["modified"] = self.process_metadata("modified", modified)
        if record.tags:
            metadata["tags"] = self.process_metadata("tags", ", ".join(record.tags))
        if record.author:
            metadata["author"] = self.process_metadata("author", record.author)
        if summary is not None:
            metadata["summary"] = summary
        if record.preview_mark:  # the live preview only: "draft" or "scheduled", shown on the page
            metadata["preview_mark"] = record.preview_mark
        return metadata


def _render_key(digest: str, record: ArticleRecord, unit_articles: list[ArticleRecord], text: str) -> str:
    """What a rendering depends on besides the code: the bytes, the article's place and accepted
    files, and (only if it may link to them, `{filename}`/`.md`) its unit's articles' URLs."""
    parts = [digest, record.source, *record.files]
    if ".md" in text:
        parts += [f"{other.source}={other.save_as}" for other in unit_articles]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class _PosterAltFilter(logging.Filter):
    """Pelican warns, in English, of every `alt=""` in an article's HTML.  The poster of a video
    link (domain/html_cleaning/videos.py) has one on purpose: it only decorates, the link's text
    names the video.  That warning alone is dropped; those of the editor's own images stay."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.msg == _EMPTY_ALT and isinstance(record.args, tuple) and record.args
                    and record.args[0] == os.path.basename(VIDEO_POSTER))


_POSTER_ALT_FILTER = _PosterAltFilter()


def use_reusing_reader(readers: Any) -> None:
    """`readers_init` receiver: read .md files with ReusingMarkdownReader.

    Pelican sends the signal before it instantiates `reader_classes`, so swapping
    the class is enough.
    """
    logging.getLogger("pelican.readers").addFilter(_POSTER_ALT_FILTER)  # once: addFilter keeps one of each
    for extension in ReusingMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = ReusingMarkdownReader
