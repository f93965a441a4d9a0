"""The build state and the index cache on disk: an old or garbled file is ignored (a rebuild), never a crash."""

from __future__ import annotations

import json
import pickle
from datetime import date
from pathlib import Path

import pytest

from builder.build import BuildOptions, build
from conftest import ROOT, copy_fixture_content
from incremental.cache_paths import CachePaths
from incremental.index_cache import load_index_cache, save_index_cache
from incremental.state import BuildState, load_state

AS_OF = date(2026, 11, 24)
GARBLED_STATES = ["{", "[]", "null", '"sites"', '{"sites": [1]}', '{"sites": {"a": 1}}', '{"feeds": "x"}',
                  '{"network": 3}', '{"sites": {"a": "b"}, "feeds": null}']


def files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def test_the_state_file_keeps_its_format(tmp_path):
    state = BuildState({"b": "2", "a": "1"}, {"a": "3"}, "n")
    path = tmp_path / "fingerprints.json"
    path.write_text(state.text(), encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == {"sites": {"a": "1", "b": "2"}, "feeds": {"a": "3"},
                                                            "network": "n"}
    assert state.text() == json.dumps({"sites": state.sites, "feeds": state.feeds, "network": "n"},
                                      sort_keys=True, indent=1)
    assert load_state(path) == state
    assert load_state(tmp_path / "missing.json") == BuildState()


def test_a_partial_build_keeps_the_other_fingerprints_and_the_network_one():
    before = BuildState({"a": "1", "b": "2"}, {"a": "3"}, "whole")
    assert before.updated({"b": "9"}, {"b": "8"}, None) == BuildState({"a": "1", "b": "9"}, {"a": "3", "b": "8"}, "whole")
    assert before.updated({}, {}, "new").network == "new"


@pytest.mark.parametrize("text", GARBLED_STATES)
def test_a_garbled_state_file_is_no_state(tmp_path, text):
    path = tmp_path / "fingerprints.json"
    path.write_text(text, encoding="utf-8")
    assert load_state(path) == BuildState()


def test_an_old_or_garbled_index_cache_is_empty(tmp_path):
    path = tmp_path / "index.pickle"
    path.write_bytes(b"not a pickle")
    assert load_index_cache(path) == {}
    # An older build's entries were anonymous tuples.
    path.write_bytes(pickle.dumps({"a/b.md": ((("sha", "Tin", "Asia/Ho_Chi_Minh", None, 3), None, (), None))}))
    assert load_index_cache(path) == {}
    path.write_bytes(pickle.dumps(["a list"]))
    assert load_index_cache(path) == {}
    save_index_cache(path, {})
    assert load_index_cache(path) == {}


def test_a_build_over_a_garbled_cache_rebuilds_everything_and_writes_the_same_bytes(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    output = tmp_path / "output"
    options = BuildOptions(content, output, ROOT / "pelicanconf.py", jobs=2, as_of=AS_OF)
    first = build(options)
    clean = files(output)
    cache = CachePaths.beside(output)
    assert cache.state.is_file() and cache.index.is_file()
    assert build(options).sites == []  # nothing changed
    cache.state.write_text('{"sites": [1], "feeds": 2}', encoding="utf-8")
    cache.index.write_bytes(pickle.dumps({"unit/old.md": ("an", "old", "entry")}))
    again = build(options)
    assert again.reused == [] and len(again.sites) == len(first.sites)
    assert files(output) == clean
    assert load_state(cache.state).sites.keys() == {site.site_id for site in first.sites}
    assert build(options).sites == []  # the state written over the garbled one is trusted again


def test_an_index_cache_written_by_other_code_is_empty(tmp_path):
    """A record pickled by code with other fields would load and then fail where a field is read
    (seen during the re-layout): the cache carries the parser's code digest."""
    content = copy_fixture_content(tmp_path / "content")
    output = tmp_path / "output"
    build(BuildOptions(content, output, ROOT / "pelicanconf.py", jobs=1, as_of=AS_OF))
    index = CachePaths.beside(output).index
    assert load_index_cache(index)
    code, entries = pickle.loads(index.read_bytes())
    index.write_bytes(pickle.dumps(("other code", entries)))
    assert load_index_cache(index) == {}
