"""Pelican's Markdown reader, keeping one Markdown instance per run instead of one per file.

Creating a Markdown instance (loading its extensions) costs about as much as
converting a short article; Pelican makes one per file.  `reset()` between
documents gives the same output (a test compares whole builds); text without
markup skips the parsing it does not need (plain_text.py).  When the
network build passes a memo (settings["SITE_MEMO"], see plugins/incremental),
a file whose bytes were converted by the last run is not converted again.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.urlwrappers import URLWrapper
from pelican.utils import SafeDatetime, pelican_open

from .plain_text import PlainText, plain_paragraph

META_PRIORITY = 27  # where markdown.extensions.meta registers its preprocessor
_NAIVE_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")


class _FieldMarkdown(Markdown):
    """Markdown that converts header fields (Summary) without Markdown when they are one line of
    plain prose, and through the memo, if one is set, when they are not."""

    memo: Any = None
    in_fields = False  # set while Pelican converts the header fields

    def convert(self, source: str) -> str:
        if not self.in_fields:
            return super().convert(source)
        paragraph = plain_paragraph(source)
        if paragraph is not None:
            return paragraph
        if self.memo is None:
            return super().convert(source)
        return self.memo.field(source, super().convert)


class ReusingMarkdownReader(MarkdownReader):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._md = _FieldMarkdown(**self.settings["MARKDOWN"])
        self._md.registerExtensions([PlainText()], {})
        self._meta = self._md.preprocessors["meta"]
        self._wrappers: dict[tuple[type, str], URLWrapper] = {}

    def process_metadata(self, name: str, value: Any) -> Any:
        """Pelican's, with one Category/Tag/Author object per name for the whole run: each
        computes its slug once (Pelican makes one per article, and slugifying is not cheap);
        and the dates editors are told to write read by fromisoformat, which gives what
        Pelican's get_date (dateutil) gives for them, 70 times faster."""
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
        self._source_path = source_path
        memo = self.settings.get("SITE_MEMO")
        if memo is None:
            content, meta = self._convert(source_path)
        else:
            with open(source_path, "rb") as file:
                digest = memo.note_source(source_path, file.read())
            content, meta = memo.read(digest, lambda: self._convert(source_path))
        self._restore_meta()
        self._md.memo, self._md.in_fields = memo, True  # _parse_metadata converts the formatted fields
        try:
            metadata = self._parse_metadata(meta) if meta is not None else {}
        finally:
            self._md.memo, self._md.in_fields = None, False
        return content, self._with_slug(source_path, metadata)

    def _with_slug(self, source_path: str, metadata: dict) -> dict:
        """The slug the network index decided (content_object_init sets it too): given here,
        Pelican does not slugify every title only to have it replaced."""
        index = self.settings.get("NETWORK_INDEX")
        if index is not None and "slug" not in metadata:
            relative = Path(os.path.relpath(source_path, self.settings["PATH"])).as_posix()
            record = index.by_source.get(relative)
            if record is not None:
                metadata["slug"] = record.slug
        return metadata

    def _restore_meta(self) -> None:
        if "meta" not in self._md.preprocessors:  # _parse_metadata removes it to convert the fields
            self._md.preprocessors.register(self._meta, "meta", META_PRIORITY)

    def _convert(self, source_path: str) -> tuple[str, dict | None]:
        """The body's HTML and the raw header fields, as Markdown's meta extension gives them."""
        self._restore_meta()
        self._md.reset()
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        return content, getattr(self._md, "Meta", None)


def use_reusing_reader(readers: Any) -> None:
    """`readers_init` receiver: read .md files with ReusingMarkdownReader.

    Pelican sends the signal before it instantiates `reader_classes`, so swapping
    the class is enough.
    """
    for extension in ReusingMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = ReusingMarkdownReader
