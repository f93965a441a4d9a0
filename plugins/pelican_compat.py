"""Checks, on import, that the private Pelican and Markdown surfaces this project relies on still look as expected.

The plugins hook into Pelican through its signals, but three of them reach
further, into code Pelican and Markdown do not document and may change in any
release (upstream changed `Writer._open_w` twice in 2026):
- plugins/incremental/writer.py overrides `Writer._open_w` and keeps its
  `_written_files` / `_overridden_files`, and relies on `write_file` rendering
  with `template.render()` and opening the file through `_open_w`;
- plugins/articles/reader.py replaces `MarkdownReader.read` (and overrides
  `process_metadata`), swapped in at `readers_init`, which must come before
  Pelican instantiates `Readers.reader_classes`;
- domain/articles/plain_text.py (registered by that reader) overrides
  Markdown's name-mangled `InlineProcessor.__handleInline`;
- builder/sites.py clears `Content.get_content.cache` / `get_summary.cache`.
Each module that relies on one imports this module, so a changed surface
stops the build when that module is imported, before any site is built, with
one error that names it, the installed version and the version the code was
written for, instead of pages silently written wrong.  Every check looks the surface up when it runs (tests
monkeypatch one away and call `check_surfaces()`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import version

from markdown.treeprocessors import InlineProcessor
from pelican.contents import Content
from pelican.readers import MarkdownReader, Readers
from pelican.writers import Writer

WRITTEN_FOR = {"pelican": "4.12.0", "Markdown": "3.11.3"}  # the versions the surfaces below were read in


class PrivateSurfaceChanged(RuntimeError):
    pass


@dataclass(frozen=True)
class Surface:
    name: str  # where a reader finds it upstream
    distribution: str  # "pelican" or "Markdown", as WRITTEN_FOR names them
    used_by: str  # the module that relies on it
    problem: Callable[[], str | None]  # what no longer matches, or None


def installed_version(distribution: str) -> str:
    return version(distribution)


def _method(owner: type, attribute: str, parameters: tuple[str, ...]) -> str | None:
    function = getattr(owner, attribute, None)
    if function is None:
        return "is gone"
    if not callable(function):
        return "is no longer callable"
    try:
        found = tuple(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return "has no readable signature"
    if found != parameters:
        return f"takes ({', '.join(found)}) instead of ({', '.join(parameters)})"
    return None


def _source_says(owner: type, attribute: str, *texts: str) -> str | None:
    """Whether the source of `owner.attribute` still contains each of `texts`, in this order."""
    try:
        source = inspect.getsource(getattr(owner, attribute))
    except (AttributeError, OSError, TypeError):
        return "has no readable source"
    position = 0
    for before, text in zip((None, *texts), texts, strict=False):
        position = source.find(text, position)
        if position < 0:
            return f"no longer does `{text}`" + (f" after `{before}`" if before else "")
    return None


def _first(*checks: Callable[[], str | None]) -> Callable[[], str | None]:
    def problem() -> str | None:
        return next((found for check in checks if (found := check()) is not None), None)
    return problem


def _writer_file_sets() -> str | None:
    writer = Writer("", settings={})
    missing = [name for name in ("_written_files", "_overridden_files") if not isinstance(getattr(writer, name, None), set)]
    return f"no longer keeps {' and '.join(missing)} as sets" if missing else None


def _memoised(method: str) -> Callable[[], str | None]:
    def problem() -> str | None:
        cache = getattr(getattr(Content, method, None), "cache", None)
        return None if callable(getattr(cache, "clear", None)) else "has no `cache` to clear (no longer pelican.utils.memoized)"
    return problem


def _md_extensions() -> str | None:
    return None if "md" in getattr(MarkdownReader, "file_extensions", ()) else "no longer lists the `md` extension"


_WRITER = "plugins/incremental/writer.py"
_READER = "plugins/articles/reader.py"
SURFACES = (
    Surface("pelican.writers.Writer._open_w", "pelican", _WRITER,
            lambda: _method(Writer, "_open_w", ("self", "filename", "encoding", "override"))),
    Surface("pelican.writers.Writer._written_files, _overridden_files", "pelican", _WRITER, _writer_file_sets),
    Surface("pelican.writers.Writer.write_file", "pelican", _WRITER,
            lambda: _source_says(Writer, "write_file", "template.render(", "self._open_w(")),
    Surface("pelican.readers.MarkdownReader.read", "pelican", _READER,
            _first(lambda: _method(MarkdownReader, "read", ("self", "source_path")), _md_extensions)),
    Surface("pelican.readers.MarkdownReader.process_metadata", "pelican", _READER,
            lambda: _method(MarkdownReader, "process_metadata", ("self", "name", "value"))),
    Surface("pelican.readers.Readers.reader_classes", "pelican", _READER,
            lambda: _source_says(Readers, "__init__", "self.reader_classes = ", "signals.readers_init.send(self)",
                                 "self.reader_classes.items()")),
    Surface("pelican.contents.Content.get_content.cache", "pelican", "builder/sites.py", _memoised("get_content")),
    Surface("pelican.contents.Content.get_summary.cache", "pelican", "builder/sites.py", _memoised("get_summary")),
    Surface("markdown.treeprocessors.InlineProcessor.__handleInline", "Markdown", "domain/articles/plain_text.py",
            _first(lambda: _method(InlineProcessor, "_InlineProcessor__handleInline", ("self", "data", "patternIndex")),
                   lambda: _source_says(InlineProcessor, "run", "self.__handleInline("))),
)


def _message(surface: Surface, problem: str) -> str:
    return (f"{surface.name} {problem} (relied on by {surface.used_by}): installed {surface.distribution} "
            f"{installed_version(surface.distribution)}, written for {surface.distribution} "
            f"{WRITTEN_FOR[surface.distribution]}")


def check_surfaces(surfaces: Iterable[Surface] = SURFACES) -> None:
    """Raise PrivateSurfaceChanged naming every surface that no longer looks as expected."""
    changed = [_message(surface, problem) for surface in surfaces if (problem := surface.problem()) is not None]
    if changed:
        raise PrivateSurfaceChanged(
            "A private Pelican or Markdown surface this project relies on has changed; adapt the module named "
            "(or install the version it was written for, see requirements.txt):\n  " + "\n  ".join(changed))


check_surfaces()
