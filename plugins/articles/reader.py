"""Pelican's Markdown reader, keeping one Markdown instance per run instead of one per file.

Creating a Markdown instance (loading its extensions) costs about as much as
converting a short article; Pelican makes one per file.  `reset()` between
documents gives the same output (a test compares whole builds).  When the
network build passes a memo (settings["SITE_MEMO"], see plugins/incremental),
a file whose bytes were converted by the last run is not converted again.
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

META_PRIORITY = 27  # where markdown.extensions.meta registers its preprocessor


class ReusingMarkdownReader(MarkdownReader):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._md = Markdown(**self.settings["MARKDOWN"])
        self._meta = self._md.preprocessors["meta"]

    def read(self, source_path: str) -> tuple[str, dict]:
        self._source_path = source_path
        memo = self.settings.get("SITE_MEMO")
        digest = None
        if memo is not None:
            with open(source_path, "rb") as file:
                digest = memo.note_source(source_path, file.read())
        converted = memo.read(digest) if digest else None
        if converted is None:
            converted = self._convert(source_path)
        if digest:
            memo.remember_read(digest, *converted)
        content, meta = converted
        self._restore_meta()
        return content, (self._parse_metadata(meta) if meta is not None else {})

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
