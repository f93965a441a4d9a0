"""The search benchmark's functions on a small synthetic network: recall and query time are measured."""

from __future__ import annotations

from datetime import date

from test_csp import settings_file

from benchmarks.runner import IMAGE
from benchmarks.search_bench import QUERIES, naive_words, query_times, recall, serving, summary
from benchmarks.synthetic import Size, generate
from builder.build import BuildOptions, build
from incremental.cache_paths import CachePaths


def test_naive_folding_is_the_plain_rule():
    assert naive_words("Công đoàn, ĐƯỜNG-Đồng Nai") == {"cong", "doan", "duong", "dong", "nai"}


def test_recall_and_throttled_query_time_on_a_small_synthetic_network(tmp_path, chromium):
    content, output = tmp_path / "content", tmp_path / "output"
    generate(content, Size(articles=120, grassroots=6, cities=2), IMAGE)
    output.mkdir()
    with serving(output) as url:
        build(BuildOptions(content, output, settings_file(tmp_path, url), jobs=2, as_of=date(2030, 1, 1)))
        sites = ["ldld-tinh", "ldld-tp-000", "ldld-tp-001"]
        recalls = recall(output, CachePaths.beside(output).feed_items, sites)
        assert len(recalls) == len(QUERIES)
        assert all(r.recall >= 0.99 and r.extra == 0 for r in recalls), recalls
        assert next(r for r in recalls if r.query == "cong doan").expected > 50
        times = query_times(chromium, url, ["ldld-tinh", "ldld-tp-000"], ("cong doan", "nguoi lao dong", "ky su"))
    assert len(times) == 6 and all(t.results > 0 and t.index_bytes > 0 and 0 < t.seconds < 20 for t in times), times
    # The province's network search reads the indexes of all three sites; a city's only its own.
    province = next(t for t in times if t.site == "ldld-tinh" and t.query == "cong doan")
    city = next(t for t in times if t.site == "ldld-tp-000" and t.query == "cong doan")
    assert province.index_bytes > city.index_bytes
    text = summary(recalls, times)
    assert text.startswith("recall 1.0000") and "ldld-tinh: first results median" in text
