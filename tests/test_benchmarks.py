"""The benchmark's inputs are real: the synthetic network builds, and the Hugo copy carries the same articles."""

from __future__ import annotations

import json
import re
from datetime import date

from benchmarks.hugo_site import make_hugo_site
from benchmarks.runner import IMAGE
from benchmarks.synthetic import Size, generate
from builder.build import BuildOptions, build
from conftest import ROOT


def test_the_synthetic_network_is_deterministic_and_builds(tmp_path):
    first = generate(tmp_path / "a", Size(articles=60, grassroots=6, cities=2), IMAGE)
    second = generate(tmp_path / "b", Size(articles=60, grassroots=6, cities=2), IMAGE)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    report = build(BuildOptions(tmp_path / "a", tmp_path / "output", ROOT / "pelicanconf.py", jobs=2,
                                as_of=date(2030, 1, 1)))
    assert sorted(site.site_id for site in report.sites) == ["ldld-tinh", "ldld-tp-000", "ldld-tp-001"]
    assert len(list((tmp_path / "output").glob("*/tin/*.html"))) == 60


def test_the_hugo_copy_has_every_article_with_its_metadata(tmp_path):
    articles = generate(tmp_path / "content", Size(articles=20, grassroots=4, cities=1), IMAGE)
    site = make_hugo_site(tmp_path / "content", tmp_path / "hugo")
    copies = sorted((site / "content").rglob("*.md"))
    assert len(copies) == len(articles)
    front, _, body = copies[0].read_text(encoding="utf-8").partition("\n\n")
    fields = json.loads(front)
    original = (tmp_path / "content" / copies[0].relative_to(site / "content")).read_text(encoding="utf-8")
    assert f"Title: {fields['title']}\n" in original and body and body in original
    assert fields["date"].endswith("+07:00") and fields["categories"] and len(fields["tags"]) == 2
    assert (site / "layouts" / "baseof.html").is_file() and list((site / "static").rglob("anh.jpg"))


def test_the_benchmark_runs_end_to_end_and_reports_the_median_cold_build(tmp_path):
    from benchmarks.runner import run, table

    size = Size(articles=30, grassroots=3, cities=1)
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "left-over").write_text("a previous run's file", encoding="utf-8")
    rows = run(tmp_path / "work", size, jobs=2, repeat=2, photos=3)
    names = [row.name for row in rows]
    assert names[:8] == ["vanilla Pelican, one site, cold", "this project, cold", "this project, nothing changed",
                         "this project, one article edited", "this project, one article's title edited",
                         "this project, one template edited", "check, no cache", "check, one article edited"]
    assert names[8:10] == ["this project, cold, 3 photos of 4 MP", "this project, 3 photos, one article with a photo edited"]
    assert rows[8].pages == rows[1].pages and len(list((tmp_path / "work" / "content-photos").rglob("anh-*.jpg"))) == 3
    published = {p.name.split(".")[0][:8] for p in (tmp_path / "work" / "output-photos").rglob("anh-000*")}
    assert published == {"anh-0000", "anh-0001", "anh-0002"}  # each photo published (with its renditions)
    previews = [row for row in rows if row.name.startswith("preview of ")]
    assert [re.sub(r"\(\d+ lists\)", "(N lists)", row.name) for row in previews] == [
        "preview of this network: a save → its page shows it", "preview of this network: a title saved → its unit's page shows it",
        "preview of this network: a title saved → every list showing it (N lists) shows it",
        "preview of content/: a save → its page shows it",
        "preview of content/: a title saved → its unit's page shows it",
        "preview of content/: a title saved → every list showing it (N lists) shows it"]
    assert all(0 < row.measurement.seconds < 60 and row.measurement.peak_mb > 0 for row in previews)
    assert len(rows[0].samples) == len(rows[1].samples) == 2 and rows[1].measurement.seconds in rows[1].samples
    assert rows[1].pages > 30 and all(row.measurement.seconds > 0 for row in rows)
    assert not (tmp_path / "work" / "left-over").exists() and not (tmp_path / "work.previous").exists()
    report = table(rows, size, 2, "test machine")
    assert "| this project, cold |" in report and "median of runs" in report
    assert "3 photos cost" in report and "ms a photo on 2 workers" in report


def test_the_before_and_after_comparison_builds_both_trees_on_the_same_network(tmp_path):
    """`make bench BASELINE=<commit>`: the baseline's code runs from its own exported tree."""
    from benchmarks.compare import compare

    report = compare(tmp_path / "work", Size(articles=20, grassroots=2, cities=1), jobs=1, baseline="HEAD", repeat=1)
    assert "| cold |" in report and "| one article edited |" in report
    assert (tmp_path / "work" / "code-before" / "builder" / "build.py").is_file()
    for name in ("before", "after"):
        built = tmp_path / "work" / f"output-{name}-0"
        assert len(list(built.glob("*/tin/*.html"))) == 20
        assert "Một câu đã sửa" in "".join(p.read_text(encoding="utf-8") for p in built.glob("*/tin/*.html"))


def test_a_failed_row_carries_the_traceback_its_failure_log_holds(tmp_path):
    """A build's unexpected failure names its log file, which the benchmark's temporary folder takes
    with it: the row's error must carry the log itself, or a failure in CI cannot be read."""
    import pytest

    from benchmarks.measure import Measurement
    from benchmarks.runner import _check

    log = tmp_path / ".output-cache" / "loi-20261202-080010-14308.log"
    log.parent.mkdir()
    log.write_text("Traceback (most recent call last):\nFileNotFoundError: the lost file\n", encoding="utf-8")
    failed = Measurement(seconds=1.0, peak_mb=1.0, returncode=2,
                         output=f"Lỗi không mong đợi (FileNotFoundError). Hãy gửi tệp {log} cho quản trị viên.\n")
    with pytest.raises(RuntimeError, match="FileNotFoundError: the lost file"):
        _check("cold", failed)
    assert _check("cold", Measurement(seconds=1.0, peak_mb=1.0, returncode=0, output="")).returncode == 0
