"""Pelican's Markdown reader, keeping one Markdown instance per run instead of one per file.

Creating a Markdown instance (loading its extensions) costs about as much as
converting a short article; Pelican makes one per file.  `reset()` between
documents gives the same output (a test compares whole builds).
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
        if "meta" not in self._md.preprocessors:  # _parse_metadata removes it for the fields
            self._md.preprocessors.register(self._meta, "meta", META_PRIORITY)
        self._md.reset()
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        metadata = self._parse_metadata(self._md.Meta) if getattr(self._md, "Meta", None) is not None else {}
        return content, metadata


def use_reusing_reader(readers: Any) -> None:
    """`readers_init` receiver: read .md files with ReusingMarkdownReader.

    Pelican sends the signal before it instantiates `reader_classes`, so swapping
    the class is enough.
    """
    for extension in ReusingMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = ReusingMarkdownReader
