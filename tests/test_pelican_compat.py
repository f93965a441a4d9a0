"""The private Pelican and Markdown surfaces the plugins rely on (plugins/pelican_compat.py).

The check passes on the installed versions; a surface that drifted (simulated by
monkeypatching it away or changing it) stops the build with one message that names
the surface, the module relying on it, the installed version and the version the
code was written for.
"""

from __future__ import annotations

import pytest
from markdown.treeprocessors import InlineProcessor
from pelican.contents import Content
from pelican.readers import MarkdownReader, Readers
from pelican.writers import Writer

from plugins import pelican_compat
from plugins.pelican_compat import PrivateSurfaceChanged, check_surfaces


@pytest.fixture
def upgraded(monkeypatch):
    """As if Pelican 4.13.0 and Markdown 3.12.0 were installed."""
    monkeypatch.setattr(pelican_compat, "installed_version", {"pelican": "4.13.0", "Markdown": "3.12.0"}.get)


def drift_message() -> str:
    with pytest.raises(PrivateSurfaceChanged) as caught:
        check_surfaces()
    return str(caught.value)


def test_the_installed_versions_pass():
    check_surfaces()
    assert set(pelican_compat.WRITTEN_FOR) == {surface.distribution for surface in pelican_compat.SURFACES}


def test_a_private_method_gone_is_named_with_both_versions(monkeypatch, upgraded):
    monkeypatch.delattr(Writer, "_open_w")
    message = drift_message()
    assert "pelican.writers.Writer._open_w is gone (relied on by plugins/incremental/writer.py)" in message
    assert "installed pelican 4.13.0, written for pelican 4.12.0" in message
    assert message.count("\n  ") == 1  # only the surface that changed


def test_a_changed_signature_says_what_it_takes_now(monkeypatch, upgraded):
    def _open_w(self, filename, encoding, override=False, mode="w"):
        raise AssertionError("never called")

    monkeypatch.setattr(Writer, "_open_w", _open_w)
    assert ("pelican.writers.Writer._open_w takes (self, filename, encoding, override, mode) "
            "instead of (self, filename, encoding, override)") in drift_message()


def test_a_writer_that_no_longer_opens_through_open_w_is_caught(monkeypatch):
    def write_file(self, name, template, context, **kwargs):
        output = template.render(context)
        with open(name, "w", encoding="utf-8") as file:
            file.write(output)

    monkeypatch.setattr(Writer, "write_file", write_file)
    assert "pelican.writers.Writer.write_file no longer does `self._open_w(` after `template.render(`" in drift_message()


def test_the_writers_file_sets_are_checked(monkeypatch):
    original = Writer.__init__

    def __init__(self, output_path, settings=None):
        original(self, output_path, settings)
        del self._overridden_files

    monkeypatch.setattr(Writer, "__init__", __init__)
    assert "no longer keeps _overridden_files as sets" in drift_message()


def test_the_reader_surfaces_are_checked(monkeypatch):
    monkeypatch.setattr(MarkdownReader, "process_metadata", lambda self, name, value, strict: value)
    monkeypatch.setattr(MarkdownReader, "file_extensions", ["markdown"])
    message = drift_message()
    assert "pelican.readers.MarkdownReader.process_metadata takes (self, name, value, strict)" in message
    assert "pelican.readers.MarkdownReader.read no longer lists the `md` extension" in message


def test_readers_init_must_come_before_the_readers_are_made(monkeypatch):
    def __init__(self, settings=None, cache_name=""):
        self.reader_classes = {}
        for _fmt, _reader_class in self.reader_classes.items():
            pass
        signals.readers_init.send(self)  # noqa: F821  (never run: only its source is read)

    monkeypatch.setattr(Readers, "__init__", __init__)
    assert ("pelican.readers.Readers.reader_classes no longer does `self.reader_classes.items()` "
            "after `signals.readers_init.send(self)`") in drift_message()


def test_contents_no_longer_memoised_are_caught(monkeypatch):
    monkeypatch.setattr(Content, "get_content", lambda self, siteurl: "")
    assert ("pelican.contents.Content.get_content.cache has no `cache` to clear (no longer pelican.utils.memoized) "
            "(relied on by builder/sites.py)") in drift_message()


def test_the_name_mangled_markdown_method_is_checked(monkeypatch, upgraded):
    monkeypatch.delattr(InlineProcessor, "_InlineProcessor__handleInline")
    message = drift_message()
    assert ("markdown.treeprocessors.InlineProcessor.__handleInline is gone "
            "(relied on by domain/articles/plain_text.py)") in message
    assert "installed Markdown 3.12.0, written for Markdown 3.11.3" in message
