"""Shared fixtures: real builds of the small test network in a temporary folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser import chromium  # noqa: F401 (one session-wide Chromium for every module: Playwright's sync API allows one)
from builder.build import BuildOptions, BuildReport, as_of_instant, build
from builder.config import load_config
from domain.articles import ArticleIndex, scan_articles
from domain.registry import Network, load_network

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "network" / "content"
LOCAL_BASE = "http://127.0.0.1:8000"
PAGINATED_UNIT = "cdcs-ong"
PAGINATED_COUNT = 12  # more than DEFAULT_PAGINATION (10): two pages
LAYOUT = load_config(ROOT / "pelicanconf.py").layout  # the demo's URL layout, as the build reads it
# content/DEMO marks content/ as the demo network shipped with the code (the file says why): the
# tests that read the real content/ run only while it is there. A federation that replaced the demo
# deletes it, and its content is checked by `make check`, the link and URL checks (content.yml).
DEMO_CONTENT = ROOT / "content"
demo_only = pytest.mark.skipif(not (DEMO_CONTENT / "DEMO").is_file(),
                               reason="content/ is not the demo network (no content/DEMO): the demo's own checks are off")


@dataclass
class BuiltNetwork:
    content: Path
    output: Path
    report: BuildReport
    network: Network
    index: ArticleIndex

    def page(self, site_id: str, path: str = "index.html") -> Path:
        return self.output / site_id / path

    def article(self, source: str) -> Path:
        """The output page of the article content/<source>."""
        record = self.index.by_source[source]
        return self.page(self.network[record.unit_id].site.id, record.save_as)


def copy_fixture_content(target: Path) -> Path:
    """The fixture network, plus enough articles in one CĐCS to need a second page."""
    content = target / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    folder = content / PAGINATED_UNIT
    folder.mkdir(exist_ok=True)
    for number in range(1, PAGINATED_COUNT + 1):
        (folder / f"ban-tin-so-{number:02d}.md").write_text(
            f"Title: Bản tin số {number}\nDate: 2026-01-{number:02d} 07:00\n\nBản tin định kỳ số {number}.\n",
            encoding="utf-8",
        )
    return content


@pytest.fixture
def content(tmp_path) -> Path:
    """A fresh copy of the fixture network's content folder (for index scans)."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


def scan(content: Path) -> ArticleIndex:
    """The network index of `content`, as the build's scan makes it (raises ProblemsFound)."""
    return scan_articles(content, load_network(content / "network.yml"),
                         default_category="Tin tức - Sự kiện", timezone="Asia/Ho_Chi_Minh", layout=LAYOUT)


def local_network(content: Path, base_url: str | None = LOCAL_BASE, day=None) -> Network:
    """The registry as the build sees it: at the end of `day` (default today), with URLs."""
    network = load_network(content / "network.yml").at(day or as_of_instant(None, "Asia/Ho_Chi_Minh").date())
    network.assign_urls(base_url)
    return network


def run_build_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scripts.build", *args],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=300,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> BuiltNetwork:
    work = tmp_path_factory.mktemp("network")
    content = copy_fixture_content(work)
    output = work / "output"
    report = build(BuildOptions(content, output, ROOT / "pelicanconf.py", jobs=2))
    network = local_network(content)
    index = scan_articles(content, network, default_category="Tin tức - Sự kiện", timezone="Asia/Ho_Chi_Minh",
                          layout=LAYOUT, as_of=as_of_instant(None, "Asia/Ho_Chi_Minh"))
    return BuiltNetwork(content, output, report, network, index)
