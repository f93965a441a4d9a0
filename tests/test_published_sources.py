"""What the deploy reads of the live site before building (scripts/published_sources.py), against a real
HTTP server on 127.0.0.1 serving a real build.

The live sitemaps and the list of feed URLs carry every URL published so far: a
build without them would drop redirects silently.  So a fetch that fails is an
error that stops the step, except on the very first deploy, when there is no
site yet (the site's root is a 404 too); a site online before it published
feeds.txt gives the feed links of its sites' feed pages instead, with a warning.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from builder.build import BuildOptions, build
from checks.budgets.serving import LocalServer
from conftest import ROOT, copy_fixture_content
from stages.sitemaps import FEED_LIST

SETTINGS = ROOT / "pelicanconf.py"


def sources(base: str, save: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts.published_sources", base, "--save-dir", str(save)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> tuple[Path, LocalServer]:
    """A built network served as it would be online (its own base URL)."""
    work = tmp_path_factory.mktemp("live")
    root = work / "www"
    root.mkdir()
    server = LocalServer(root)
    build(BuildOptions(copy_fixture_content(work), root / "site", SETTINGS, base_url=f"{server.url}/site"))
    with server:
        yield root, server


def test_the_live_sitemaps_and_feed_list_are_passed(live, tmp_path):
    root, server = live
    result = sources(f"{server.url}/site", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"{server.url}/site/sitemap.xml", f"{server.url}/site/{FEED_LIST}"]


def test_the_first_deploy_has_nothing_to_read(live, tmp_path):
    _, server = live
    result = sources(f"{server.url}/chua-co", tmp_path)  # no site there yet: its root is a 404 too
    assert result.returncode == 0 and result.stdout == ""
    assert "lần triển khai đầu tiên" in result.stderr


def test_a_site_online_without_its_sitemap_stops_the_step(live, tmp_path):
    root, server = live
    shutil.copytree(root / "site", root / "no-sitemap")
    (root / "no-sitemap" / "sitemap.xml").unlink()
    result = sources(f"{server.url}/no-sitemap", tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert "sitemap.xml" in result.stderr and "404" in result.stderr and "đang chạy" in result.stderr


def test_a_sitemap_that_is_not_one_stops_the_step(live, tmp_path):
    root, server = live
    shutil.copytree(root / "site", root / "html-sitemap")
    (root / "html-sitemap" / "sitemap.xml").write_text("<html></html>", encoding="utf-8")
    result = sources(f"{server.url}/html-sitemap", tmp_path)
    assert result.returncode == 1 and "không phải sơ đồ trang" in result.stderr


def test_a_network_error_stops_the_step(tmp_path):
    with socket.socket() as closed:  # a port nothing listens on: the connection is refused
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = sources(f"http://127.0.0.1:{port}/site", tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert "không đọc được" in result.stderr and "sitemap.xml" in result.stderr


def test_a_site_online_before_the_feed_list_gives_its_feed_pages_links(live, tmp_path):
    root, server = live
    shutil.copytree(root / "site", root / "no-feed-list")
    (root / "no-feed-list" / FEED_LIST).unlink()
    result = sources(f"{server.url}/no-feed-list", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "feeds.txt" in result.stderr and "::warning" in result.stderr
    sitemap, listed = result.stdout.splitlines()
    assert sitemap == f"{server.url}/no-feed-list/sitemap.xml" and Path(listed).parent == tmp_path
    # The copy's pages link the build's own addresses (its base URL is /site): feeds of its list, nothing else.
    published = (root / "site" / FEED_LIST).read_text(encoding="utf-8").splitlines()
    found = Path(listed).read_text(encoding="utf-8").splitlines()
    assert found and set(found) <= set(published)
    assert any("/feeds/chuyen-muc/" in url for url in found) and any("/feeds/don-vi/" in url for url in found)
