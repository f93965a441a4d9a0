"""The search benchmark's functions on a small synthetic network: recall and query time are measured,
for this project's search and for Pagefind's beside it on the same articles."""

from __future__ import annotations

import sys
from datetime import date

import pytest
from test_csp import settings_file

from benchmarks import pagefind_bench
from benchmarks.measure import measure
from benchmarks.runner import IMAGE
from benchmarks.search_bench import QUERIES, Row, naive_words, query_times, recall, serving, table
from benchmarks.synthetic import Size, generate
from builder.build import BuildOptions, build
from incremental.cache_paths import CachePaths

SITES = ["ldld-tinh", "ldld-tp-000", "ldld-tp-001"]
PAGEFIND_MISSING = ("Thiếu Pagefind để so sánh tìm kiếm, cần chạy: make pagefind (hoặc pip install -r requirements-bench.txt) / "
                    "Pagefind is needed for the search benchmark's tests: make pagefind (make test installs it)")


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    """A 120-article network built with the local host's address as its base URL; (output, url)."""
    root = tmp_path_factory.mktemp("search-bench")
    content, output = root / "content", root / "output"
    generate(content, Size(articles=120, grassroots=6, cities=2), IMAGE)
    output.mkdir()
    with serving(output) as url:
        build(BuildOptions(content, output, settings_file(root, url), jobs=2, as_of=date(2030, 1, 1)))
        yield output, url


def require_pagefind():
    """The binary, or a failure saying how to install it (never a skip: `make test` installs it)."""
    binary = pagefind_bench.executable()
    if binary is None:
        pytest.fail(PAGEFIND_MISSING, pytrace=False)
    return binary


def test_naive_folding_is_the_plain_rule():
    assert naive_words("Công đoàn, ĐƯỜNG-Đồng Nai") == {"cong", "doan", "duong", "dong", "nai"}


def test_recall_and_throttled_query_time_on_a_small_synthetic_network(network, chromium):
    output, url = network
    recalls = recall(output, CachePaths.beside(output).feed_items, SITES)
    assert len(recalls) == len(QUERIES)
    assert all(r.recall >= 0.99 and r.extra == 0 for r in recalls), recalls
    assert next(r for r in recalls if r.query == "cong doan").expected > 50
    times = query_times(chromium, url, ["ldld-tinh", "ldld-tp-000"], ("cong doan", "nguoi lao dong", "ky su"))
    assert len(times) == 6 and all(t.results > 0 and t.index_bytes > 0 and 0 < t.seconds < 20 for t in times), times
    # Typed on the loaded page: no page load in its time; the page alone paints before its results.
    assert all(0 < t.typed_seconds < t.seconds and 0 < t.page_seconds < t.seconds for t in times), times
    # The province's network search reads the indexes of all three sites; a city's only its own.
    province = next(t for t in times if t.site == "ldld-tinh" and t.query == "cong doan")
    city = next(t for t in times if t.site == "ldld-tp-000" and t.query == "cong doan")
    assert province.index_bytes > city.index_bytes
    text = table([Row("this project", "ldld-tinh", 120, "in the build", "1 MB", tuple(recalls), tuple(times))])
    assert "| this project | ldld-tinh | 120 | in the build | 1 MB | 1.0000 (worst 1.0000" in text


def test_pagefind_beside_it_on_the_same_articles(network, chromium, tmp_path):
    binary = require_pagefind()
    output, _ = network
    items = CachePaths.beside(output).feed_items
    row = pagefind_bench.row(chromium, binary, output, items, "ldld-tinh", SITES, tmp_path / "pagefind",
                             timed=("cong doan", "ky su"))
    assert row.search == f"Pagefind {pagefind_bench.VERSION}" and row.articles == 120, row
    assert row.indexing.endswith(" MB") and "peak" in row.indexing and row.size.endswith("MB gzip"), row
    # Its answers are mapped back to the articles' URLs: common words find nearly every article.
    assert len(row.recalls) == len(QUERIES)
    assert next(r for r in row.recalls if r.query == "nguoi lao dong").found > 100, row.recalls
    assert len(row.times) == 2 and all(t.results == 10 and t.index_bytes > 0 and 0 < t.seconds < 20 for t in row.times)
    assert all(0 < t.typed_seconds < 20 and 0 < t.page_seconds < 20 for t in row.times)
    # The build's output is not touched: Pagefind read links to its pages elsewhere, removed afterwards.
    assert not list(output.rglob("pagefind*")) and not (tmp_path / "pagefind" / "ldld-tinh").exists()
    assert "| Pagefind 1.5.2 | ldld-tinh | 120 |" in table([row])


def test_pagefind_over_its_memory_cap_is_reported_not_raised(network, chromium, tmp_path):
    binary = require_pagefind()
    output, _ = network
    row = pagefind_bench.row(chromium, binary, output, CachePaths.beside(output).feed_items, "ldld-tp-000",
                             ["ldld-tp-000"], tmp_path, caps=(600, 1))
    assert row.indexing.startswith("out of memory (over 1 MB)") and not row.recalls, row
    assert "| Pagefind 1.5.2 | ldld-tp-000 | 41 | out of memory (over 1 MB), after" in table([row])


def test_a_command_over_its_time_cap_is_killed_with_its_children(tmp_path):
    sleeper = [sys.executable, "-c", "import subprocess, sys; subprocess.run([sys.executable, '-c', 'import time; time.sleep(60)'])"]
    run = measure(sleeper, tmp_path, max_seconds=0.5)
    assert run.stopped == "timed out (over 0.5 s)" and run.seconds < 10, run


def test_a_query_slower_than_the_timeout_is_reported_not_fatal():
    import math

    from benchmarks.search_bench import QUERY_TIMEOUT, QueryTime

    times = (QueryTime("ldld-tinh", "doan", 1.5, 0.9, 2048, 10, 0.6, 0.4),
             QueryTime("ldld-tinh", "cong doan", math.inf, math.inf, 4096, 0, math.inf, 0.4))
    text = table([Row("Pagefind 1.5.2", "ldld-tinh", 50000, "50 s", "3 MB gzip", (), times)])
    assert f"over {QUERY_TIMEOUT} s ('cong doan')" in text and "the page alone painted at 0.40 s" in text
