"""The Cần Thơ merger in the demo: built before and after, no URL lost, archives shown."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from builder.build import BuildOptions, build
from checks.addresses import site_prefixes, url_to_path
from checks.feeds import atom_problems
from checks.urls import build_paths, check
from conftest import LOCAL_BASE, ROOT, demo_only
from domain.registry import load_network
from stages.redirects import REDIRECT_MARKER

BEFORE = date(2025, 10, 31)  # the day before Hậu Giang and Sóc Trăng merge into Cần Thơ

pytestmark = demo_only  # the demo's own Cần Thơ merger, read from content/


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("reorg")
    before, after = work / "before", work / "after"
    build(BuildOptions(ROOT / "content", before, ROOT / "pelicanconf.py", jobs=2, as_of=BEFORE))
    build(BuildOptions(ROOT / "content", after, ROOT / "pelicanconf.py", jobs=2))
    return before, after


def roots() -> dict[str, str]:
    return site_prefixes(load_network(ROOT / "content" / "network.yml"), LOCAL_BASE)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_sites_before_and_after_the_merger(builds):
    before, after = builds
    assert (before / "ldld-hau-giang" / "index.html").is_file()
    assert REDIRECT_MARKER not in (before / "ldld-hau-giang" / "index.html").read_text(encoding="utf-8")
    assert REDIRECT_MARKER in (after / "ldld-hau-giang" / "index.html").read_text(encoding="utf-8")
    assert (after / "ldld-can-tho" / "ldld-hau-giang" / "index.html").is_file()


def test_every_url_of_the_old_build_resolves_in_the_new_one(builds):
    before, after = builds
    report = check(build_paths(before), after, roots())
    assert report.lost == []
    assert report.redirected > 20 and report.kept > 50


def test_the_command_line_check_from_a_build_and_from_the_sitemap(builds):
    before, after = builds
    for old in (str(before), str(before / "sitemap.xml")):
        result = subprocess.run([sys.executable, "-m", "scripts.check_urls", old, str(after)],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        assert re.fullmatch(r"Kiểm tra địa chỉ: \d+ địa chỉ đã xuất bản, \d+ giữ nguyên, \d+ chuyển hướng, 0 bị mất\n", result.stdout)


def test_the_check_reports_lost_urls(builds, tmp_path):
    _, after = builds
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{LOCAL_BASE}/ldld-can-tho/tin/khong-co-bai-nay.html\n{LOCAL_BASE}/ldld-can-tho/\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "scripts.check_urls", str(listing), str(after)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "ldld-can-tho/tin/khong-co-bai-nay.html:1: URL: địa chỉ đã xuất bản này sẽ mất: " in result.stdout
    assert result.stdout.strip().endswith("2 địa chỉ đã xuất bản, 1 giữ nguyên, 0 chuyển hướng, 1 bị mất")
    bad = subprocess.run([sys.executable, "-m", "scripts.check_urls", str(tmp_path / "none"), str(after)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2


def test_a_moved_article_redirects_in_one_hop_to_the_same_article(builds):
    before, after = builds
    old_articles = sorted((before / "ldld-hau-giang" / "tin").glob("*.html"))
    assert old_articles
    for old in old_articles:
        page = soup(after / "ldld-hau-giang" / "tin" / old.name)
        target = page.find("link", rel="canonical")["href"]
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert page.select_one("main a")["href"] == target
        assert target == f"{LOCAL_BASE}/ldld-can-tho/tin/{old.name}"
        new = soup(after / url_to_path(target, roots()))
        assert new.h1.get_text(strip=True) == soup(old).h1.get_text(strip=True)


def test_archives_and_notices(builds):
    _, after = builds
    section = soup(after / "ldld-can-tho" / "ldld-hau-giang" / "index.html")
    notice = section.select_one(".notice").get_text(" ", strip=True)
    assert "đã hợp nhất vào" in notice and "01/11/2025" in notice
    assert len(section.select("article.card")) == 2  # its own articles stay reachable on the successor's site
    dissolved = soup(after / "ldld-ninh-kieu" / "cdcs-luong-thuc-tay-do" / "index.html")
    assert "Công đoàn cơ sở đã giải thể từ ngày 30/06/2026" in dissolved.select_one(".notice").get_text(" ", strip=True)
    directory = soup(after / "ldld-can-tho" / "danh-ba" / "index.html")
    ended = [a.get_text(strip=True) for a in directory.select("#da-giai-the ~ ul .directory-entry .card-title a")]
    # by the distinctive part of the name: Hậu Giang, Lương thực Tây Đô Xanh, Mía đường Long Mỹ Phát, Sóc Trăng
    assert ended == ["Liên đoàn Lao động tỉnh Hậu Giang", "Công đoàn cơ sở Công ty TNHH Lương thực Tây Đô Xanh",
                     "Công đoàn cơ sở Công ty Cổ phần Mía đường Long Mỹ Phát", "Liên đoàn Lao động tỉnh Sóc Trăng"]
    active = [a.get_text(strip=True) for a in directory.select(".directory-group .directory-entry .card-title a")]
    assert active and not set(active) & set(ended)


def test_renamed_and_moved_units(builds):
    _, after = builds
    renamed = soup(after / "ldld-can-tho" / "cdcs-giay-da-tan-phu-thanh" / "index.html")
    assert renamed.find("link", rel="canonical")["href"] == f"{LOCAL_BASE}/ldld-can-tho/giay-da-tan-phu-thanh/"
    moved = soup(after / "ldld-can-tho" / "cdcs-thuy-san-song-hau" / "index.html")
    assert moved.find("link", rel="canonical")["href"] == f"{LOCAL_BASE}/ldld-ninh-kieu/cdcs-thuy-san-song-hau/"


def test_guids_never_change_and_merged_feeds_live_on(builds):
    before, after = builds
    old = feedparser.parse((before / "ldld-hau-giang" / "feeds" / "toan-he-thong.atom.xml").read_bytes())
    new = feedparser.parse((after / "ldld-can-tho" / "feeds" / "toan-he-thong.atom.xml").read_bytes())
    new_ids = [entry.id for entry in new.entries]
    assert {entry.id for entry in old.entries} <= set(new_ids)
    assert len(new_ids) == len(set(new_ids))
    for entry in old.entries:  # same GUID, new URL on the successor's site
        (moved,) = [e for e in new.entries if e.id == entry.id]
        assert moved.link == entry.link.replace("/ldld-hau-giang/", "/ldld-can-tho/")
    # The old address keeps serving a feed (a reader does not follow an HTML redirect): the successor's
    # items, its self link naming the old address so that it validates where it is served.
    old_address = after / "ldld-hau-giang" / "feeds" / "toan-he-thong.atom.xml"
    old_url = f"{LOCAL_BASE}/ldld-hau-giang/feeds/toan-he-thong.atom.xml"
    assert [e.id for e in feedparser.parse(old_address.read_bytes()).entries] == new_ids
    assert atom_problems(old_address.read_bytes(), old_url, 50) == []


def test_server_maps_and_redirect_pages_come_from_one_list(builds):
    _, after = builds
    lines = (after / "_redirects").read_text(encoding="utf-8").splitlines()
    nginx = (after / "redirects.nginx.map").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(nginx) > 20
    for line in lines:
        old, new, status = line.split(" ")
        assert status == "301"
        page = after / (old.lstrip("/") + ("index.html" if old.endswith("/") else ""))
        assert f'url={new}"' in page.read_text(encoding="utf-8")
        target = after / url_to_path(new, roots())
        target = target / "index.html" if new.endswith("/") else target
        assert target.is_file() and REDIRECT_MARKER not in target.read_text(encoding="utf-8")
    assert f'"{LOCAL_BASE}/ldld-hau-giang/" "{LOCAL_BASE}/ldld-can-tho/ldld-hau-giang/";' in nginx


def test_sitemaps_list_canonical_pages_only(builds):
    """Each site's sitemap.xml lists canonical pages; the sitemaps of redirects (and a merged
    site's old sitemap, kept at its address) list the old URLs, each a one-hop redirect."""
    from stages.sitemaps import parse_sitemap

    _, after = builds
    kind, sitemaps = parse_sitemap((after / "sitemap.xml").read_bytes())
    assert kind == "sitemapindex"
    sites = {site.id for site in load_network(ROOT / "content" / "network.yml").at(date.today()).sites}
    canonical, moved = [], []
    for sitemap in sitemaps:
        path = url_to_path(sitemap, roots())
        folder, _, name = path.partition("/")
        urls = parse_sitemap((after / path).read_bytes())[1]
        (canonical if folder in sites and name == "sitemap.xml" else moved).extend(urls)
    assert f"{LOCAL_BASE}/ldld-hau-giang/sitemap.xml" in sitemaps  # the merged federation's sitemap stays readable
    assert len(canonical) > 100 and len(canonical) == len(set(canonical))
    for url in canonical:
        path = url_to_path(url, roots())
        file = after / path / "index.html" if url.endswith("/") else after / path
        assert REDIRECT_MARKER not in file.read_text(encoding="utf-8"), url
        assert "/trang-" not in url and "/ldld-hau-giang/" not in url.replace("/ldld-can-tho/ldld-hau-giang/", "")
    assert f"{LOCAL_BASE}/ldld-hau-giang/" in moved and len(moved) > 20
    assert check([url_to_path(url, roots()) for url in moved], after, roots()).redirected == len(moved)


def test_robots_txt_names_every_sitemap_at_absolute_urls(builds):
    """A site on its own domain is read at its root: its folder's robots.txt names its sitemaps; sites
    below one address are read through the output root's, which names every site's (old ones too)."""
    from stages.sitemaps import parse_sitemap

    _, after = builds
    listed = parse_sitemap((after / "sitemap.xml").read_bytes())[1]

    def sitemap_lines(path: Path) -> list[str]:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("User-agent: *\nAllow: /\n"), path
        return [line.removeprefix("Sitemap: ") for line in text.splitlines() if line.startswith("Sitemap: ")]

    assert sitemap_lines(after / "robots.txt") == listed
    folders = {url_to_path(url, roots()).partition("/")[0] for url in listed}
    assert "ldld-hau-giang" in folders  # the merged federation's folder keeps its sitemap and names it
    for folder in folders:
        own = sitemap_lines(after / folder / "robots.txt")
        assert own and own == [url for url in listed if url_to_path(url, roots()).startswith(folder + "/")]
        assert all(url.startswith("http://") and (after / url_to_path(url, roots())).is_file() for url in own)


def test_same_as_of_gives_identical_bytes(builds, tmp_path):
    before, _ = builds
    again = tmp_path / "again"
    build(BuildOptions(ROOT / "content", again, ROOT / "pelicanconf.py", jobs=1, as_of=BEFORE))
    first = {p.relative_to(before): p.read_bytes() for p in before.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [str(p) for p in first if first[p] != second[p]] == []


def test_the_url_inventory_mirrors_what_the_build_writes(builds):
    """The planning code lists exactly the files a real build writes (so old days' lists are right too)."""
    from builder.build import as_of_instant
    from builder.config import load_config
    from domain.articles import scan_articles
    from stages.redirects import plan_for

    _, after = builds
    config = load_config(ROOT / "pelicanconf.py")
    registry = load_network(ROOT / "content" / "network.yml")
    as_of = as_of_instant(None, config.timezone)
    network = registry.at(as_of.date())
    network.assign_urls(config.base_url)
    index = scan_articles(ROOT / "content", registry, default_category=config.default_category,
                          timezone=config.timezone, layout=config.layout, as_of=as_of,
                          main_categories=config.main_categories)
    plan, inventory, _ = plan_for(registry, network, index, index.published_files,
                                  config.feeds, config.layout, config.base_url)
    written = {p.relative_to(after).as_posix() for p in after.rglob("*") if p.is_file()}
    not_content = {p for p in written if "/" not in p or "theme" in p.split("/")[:2] or "/tim-kiem/chi-muc/" in p or "/tim-kiem/mang-luoi/" in p
                   or p.endswith(("/sitemap.xml", "/sitemap-chuyen-huong.xml", "/sitemap-tin-moi.xml", "/robots.txt", "/_redirects",
                                  "/_headers", "/404.html", "/manifest.webmanifest"))}
    assert written - not_content == set(inventory) | {r.old for r in plan.redirects + plan.copies + plan.empty_feeds}
