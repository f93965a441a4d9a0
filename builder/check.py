"""`make check`: the settings, the registry with its history and every article, checked as the build
checks them, without building.

The same phase-one reading as the build (builder/build.py `read_inputs`): the settings
(config.py), the registry with its history replayed, the registry as of now with its sites'
URLs, and the network index (every header with the one parser and its rules), through the
build's index cache beside the output folder, so a re-check reads only the files written
since.  Nothing in output/ is read or written; the index cache is saved even when there are
errors (its entries only memoise what each file parses to, and only clean files have one),
so the check after fixing one file of 10,000 is as fast as a build's scan.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from domain.articles.content_files import walk_content
from domain.registry import Problem, ProblemsFound, load_network
from incremental.cache_paths import CachePaths
from incremental.index_cache import index_cache_at

from .build import as_of_instant, scan_network
from .config import assign_site_urls, load_config


@dataclass
class CheckReport:
    errors: list[Problem] = field(default_factory=list)  # any of them stops the build
    warnings: list[Problem] = field(default_factory=list)  # published, but the editor should hear of it
    notes: list[Problem] = field(default_factory=list)  # files skipped or not published
    articles: int = 0  # article files found (0: the settings or the registry stopped the check first)
    registry_checked: bool = False  # False: the settings stopped the check before the registry
    articles_checked: bool = False  # False: the settings or the registry stopped the check first
    seconds: float = 0.0

    def summary(self) -> str:
        """The last line the editor reads, in Vietnamese."""
        line = f"Kiểm tra xong: {len(self.errors)} lỗi, {len(self.warnings)} cảnh báo, {self.articles} bài viết"
        if self.notes:
            line += f", {len(self.notes)} ghi chú"
        if not self.registry_checked:
            line += " (chưa kiểm tra sổ đăng ký và bài viết: sửa lỗi cấu hình trước)"
        elif not self.articles_checked:
            line += " (chưa kiểm tra bài viết: sửa lỗi ở sổ đăng ký trước)"
        return f"{line}."

    def lines(self) -> list[str]:
        """Every problem, errors first, as `path:line: Field: message [code]`."""
        return ([str(problem) for problem in self.errors]
                + [f"cảnh báo: {problem}" for problem in self.warnings]
                + [f"ghi chú: {problem}" for problem in self.notes])


def check_content(content: Path, settings: Path, output: Path, jobs: int = 1) -> CheckReport:
    """Check everything the build would check before building, as of now; never raises ProblemsFound."""
    started = time.perf_counter()
    report = CheckReport()
    content = content.resolve()
    try:
        config = load_config(settings)
    except ProblemsFound as found:
        return _stopped(report, found, started)
    report.registry_checked = True
    try:
        registry = load_network(content / config.registry)  # with its history replayed and checked
    except ProblemsFound as found:
        return _stopped(report, found, started)
    as_of = as_of_instant(None, config.timezone)
    network = registry.at(as_of.date())
    report.errors += assign_site_urls(network, config)
    try:
        with index_cache_at(CachePaths.beside(output.resolve()).index) as cache:
            index = scan_network(content, registry, config, as_of, cache, jobs)
    except ProblemsFound as found:
        report.errors += found.problems
        report.warnings = list(getattr(found, "warnings", ()))
        report.articles = len(walk_content(content, os.path.basename(registry.path)).articles)
    else:
        report.warnings = list(index.warnings)
        report.notes = list(index.notes)
        report.articles = len(index.records)
    report.articles_checked = True
    report.errors.sort(key=lambda problem: (problem.path, problem.line))
    report.seconds = time.perf_counter() - started
    return report


def _stopped(report: CheckReport, found: ProblemsFound, started: float) -> CheckReport:
    """The settings or the registry have errors: nothing after them can be checked."""
    report.errors = list(found.problems)
    report.seconds = time.perf_counter() - started
    return report
