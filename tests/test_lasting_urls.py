"""No published URL is ever lost: corrected titles, lists whose articles moved, sitemaps, pages.

Real builds of the fixture network and of the demo (the Cần Thơ merger).  The
URLs published before come from the sitemaps of the last build only
(`--published-urls`, which the deploy points at the sitemaps online), as on a
fresh clone or a fresh CI runner.
"""

from __future__ import annotations

import shutil
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
from conftest import LOCAL_BASE, PAGINATED_UNIT, ROOT, copy_fixture_content, demo_only, run_build_cli
from domain.registry import load_network
from stages.redirects import REDIRECT_MARKER, redirect_page
from stages.sitemaps import FEED_LIST, parse_sitemap

SETTINGS = ROOT / "pelicanconf.py"
ARTICLE = "cdcs-dung/hoi-nghi-nguoi-lao-dong.md"  # no `Slug:`: its URL follows its title
OLD_NAME = "hoi-nghi-nguoi-lao-dong-nam-2026"


def roots(content: Path) -> dict[str, str]:
    return site_prefixes(load_network(content / "network.yml"), LOCAL_BASE)


def retitle(content: Path, title: str) -> None:
    file = content / ARTICLE
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0].startswith("Title: ") and not any(line.startswith("Slug:") for line in lines)
    file.write_text(f"Title: {title}\n" + "".join(lines[1:]), encoding="utf-8")


def article_urls(output: Path, code_suffix: str) -> list[Path]:
    return sorted(p for p in output.glob("*/tin/*.html") if p.name.endswith(code_suffix))


def sitemaps_only(output: Path, target: Path) -> Path:
    """What the live site gives a fresh runner: the sitemaps of a build, nothing else."""
    for file in output.rglob("sitemap*.xml"):
        (target / file.relative_to(output)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target / file.relative_to(output))
    return target / "sitemap.xml"


def redirect_target(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert soup.find("link", rel="canonical")["href"] == refresh.split("url=", 1)[1]
    return soup.find("link", rel="canonical")["href"]


def _unit_of(article: Path) -> str:
    """The article's own unit: the last step of its breadcrumbs."""
    return BeautifulSoup(article.read_text(encoding="utf-8"), "html.parser").select(".breadcrumbs a")[-1]["href"]


def test_a_corrected_title_keeps_its_old_url(tmp_path):
    content = copy_fixture_content(tmp_path / "v1")
    first = tmp_path / "first"
    build(BuildOptions(content, first, SETTINGS))
    (old,) = [p for p in first.glob("*/tin/*.html") if p.name.startswith(OLD_NAME + "-")
              and _unit_of(p).endswith("/cdcs-dung/")]  # the other units' pages may link cdcs-dung (related news)
    code = old.stem.rsplit("-", 1)[1]
    published = tmp_path / "published-v1"
    shutil.copytree(first, published)

    # 1. Into the same output folder, reading what it published (`--published-urls output/sitemap.xml`).
    retitle(content, "Hội nghị người lao động năm 2026 (đính chính)")
    build(BuildOptions(content, first, SETTINGS, published_urls=[str(first / "sitemap.xml")]))
    new = old.parent / f"hoi-nghi-nguoi-lao-dong-nam-2026-dinh-chinh-{code}.html"
    assert new.is_file() and REDIRECT_MARKER not in new.read_text(encoding="utf-8")
    old_url, new_url = (f"{LOCAL_BASE}/{p.relative_to(first).as_posix()}" for p in (old, new))
    assert redirect_target(old) == new_url  # a meta refresh: no JavaScript needed
    site = old.relative_to(first).parts[0]
    assert f"/{site}/tin/{old.name} {new_url} 301" in (first / "_redirects").read_text(encoding="utf-8").splitlines()
    assert f'"{old_url}" "{new_url}";' in (first / "redirects.nginx.map").read_text(encoding="utf-8").splitlines()
    report = check(build_paths(published), first, roots(content))
    assert report.lost == [] and report.redirected >= 1

    # 2. A fresh clone: the edited content and the old build's sitemaps only (the deploy's case).
    fresh_content = tmp_path / "clone" / "content"
    shutil.copytree(content, fresh_content)
    listing = sitemaps_only(published, tmp_path / "live-v1")
    fresh = tmp_path / "fresh"
    result = run_build_cli("--content", str(fresh_content), "--output", str(fresh), "--published-urls", str(listing))
    assert result.returncode == 0, result.stdout + result.stderr
    assert redirect_target(fresh / old.relative_to(first)) == new_url
    assert check(build_paths(published), fresh, roots(content)).lost == []

    # 3. Corrected again, on another fresh runner reading the last build's sitemaps: both old URLs
    #    still redirect, in one hop, because the sitemap of redirects carried the first one.
    moved = parse_sitemap((fresh / site / "sitemap-chuyen-huong.xml").read_bytes())[1]
    assert old_url in moved
    retitle(fresh_content, "Hội nghị người lao động")
    again = tmp_path / "again"
    build(BuildOptions(fresh_content, again, SETTINGS, published_urls=[str(sitemaps_only(fresh, tmp_path / "live-v2"))]))
    newest = f"{LOCAL_BASE}/{site}/tin/hoi-nghi-nguoi-lao-dong-{code}.html"
    assert redirect_target(again / old.relative_to(first)) == newest
    assert redirect_target(again / new.relative_to(first)) == newest
    for previous in (published, fresh):
        report = check(build_paths(previous), again, roots(content))
        assert report.lost == [], report.lost


def test_without_published_urls_the_output_folder_is_not_read(tmp_path):
    """The output folder is a cache (it may be stale, or missing on a fresh runner): the same
    content gives the same bytes whatever it holds."""
    content = copy_fixture_content(tmp_path)
    output, clean = tmp_path / "output", tmp_path / "clean"
    build(BuildOptions(content, output, SETTINGS))
    retitle(content, "Hội nghị người lao động (đính chính)")
    build(BuildOptions(content, output, SETTINGS))
    build(BuildOptions(content, clean, SETTINGS))
    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert files(output) == files(clean)


def test_published_urls_that_cannot_be_read_stop_the_build(tmp_path):
    content = copy_fixture_content(tmp_path)
    result = run_build_cli("--content", str(content), "--output", str(tmp_path / "out"),
                           "--published-urls", str(tmp_path / "none.xml"))
    assert result.returncode == 1 and "[published-urls-unreadable]" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("demo")
    before, after = work / "before", work / "after"
    build(BuildOptions(ROOT / "content", before, SETTINGS, jobs=2, as_of=date(2025, 10, 31)))
    build(BuildOptions(ROOT / "content", after, SETTINGS, jobs=2))
    return before, after


@demo_only
def test_a_category_whose_articles_moved_follows_them(demo):
    """Cần Thơ's last "Hoạt động công đoàn" article moved with its CĐCS to Ninh Kiều."""
    _, after = demo
    can_tho, ninh_kieu = after / "ldld-can-tho", f"{LOCAL_BASE}/ldld-ninh-kieu"
    assert redirect_target(can_tho / "chuyen-muc/hoat-dong-cong-doan/index.html") == f"{ninh_kieu}/chuyen-muc/hoat-dong-cong-doan/"
    for tag in ("hoi-thi-tay-nghe", "thi-dua"):
        assert redirect_target(can_tho / "the" / tag / "index.html") == f"{ninh_kieu}/the/{tag}/"
    # The feeds stay feeds (readers follow no HTML redirect): Ninh Kiều's category feed, self link at the old address.
    for fmt in ("atom", "rss"):
        old = can_tho / f"feeds/chuyen-muc/hoat-dong-cong-doan.{fmt}.xml"
        parsed = feedparser.parse(old.read_bytes())
        assert not parsed.bozo and parsed.version.startswith(fmt)
        successor = feedparser.parse((after / f"ldld-ninh-kieu/feeds/chuyen-muc/hoat-dong-cong-doan.{fmt}.xml").read_bytes())
        assert [e.id for e in parsed.entries] == [e.id for e in successor.entries] != []
    old_url = f"{LOCAL_BASE}/ldld-can-tho/feeds/chuyen-muc/hoat-dong-cong-doan.atom.xml"
    assert atom_problems((can_tho / "feeds/chuyen-muc/hoat-dong-cong-doan.atom.xml").read_bytes(), old_url, 50) == []
    # Never an unrelated page: no list, tag or feed leads to a front page.
    fronts = {f"{LOCAL_BASE}/{site.name}/" for site in after.iterdir() if site.is_dir()}
    for line in (after / "_redirects").read_text(encoding="utf-8").splitlines():
        old_path, target, _ = line.split(" ")
        if any(part in old_path for part in ("/chuyen-muc/", "/the/", "/feeds/")):
            assert target not in fronts, line


@demo_only
def test_a_merged_federations_sitemap_stays_readable(demo):
    before, after = demo
    _, indexed = parse_sitemap((after / "sitemap.xml").read_bytes())
    prefixes = roots(ROOT / "content")
    for merged in ("ldld-hau-giang", "ldld-soc-trang"):
        assert f"{LOCAL_BASE}/{merged}/sitemap.xml" in indexed
        kind, urls = parse_sitemap((after / merged / "sitemap.xml").read_bytes())
        assert kind == "urlset" and f"{LOCAL_BASE}/{merged}/" in urls
        old_pages = parse_sitemap((before / merged / "sitemap.xml").read_bytes())[1]
        assert set(old_pages) <= set(urls)  # every URL it listed, each now a redirect
        report = check([url_to_path(url, prefixes) for url in urls], after, prefixes)
        assert report.redirected == len(urls)
    result = subprocess.run([sys.executable, "-m", "scripts.check_urls", str(before / "sitemap.xml"), str(after)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout


def test_page_n_of_an_old_slug_leads_to_page_n(tmp_path):
    content = copy_fixture_content(tmp_path)
    registry = content / "network.yml"
    text = registry.read_text(encoding="utf-8")
    block = f"  - id: {PAGINATED_UNIT}\n    name: Công đoàn cơ sở Ông\n    short_name: CĐCS Ông\n    kind: grassroots\n    parent: tp-dong\n"
    assert block in text
    registry.write_text(text.replace(block, block + "    history:\n      - {date: 2026-02-01, event: renamed, slug: ong-moi}\n"),
                        encoding="utf-8")
    output = tmp_path / "output"
    build(BuildOptions(content, output, SETTINGS, as_of=date(2026, 3, 1)))
    site = load_network(registry).at(date(2026, 3, 1))[PAGINATED_UNIT].site.id
    assert (output / site / "ong-moi/trang-2/index.html").is_file()
    assert redirect_target(output / site / f"{PAGINATED_UNIT}/trang-2/index.html") == f"{LOCAL_BASE}/{site}/ong-moi/trang-2/"
    assert redirect_target(output / site / f"{PAGINATED_UNIT}/index.html") == f"{LOCAL_BASE}/{site}/ong-moi/"


@demo_only
def test_the_url_check_covers_feeds_and_sitemaps(demo, tmp_path):
    before, after = demo
    broken = tmp_path / "broken"
    shutil.copytree(after, broken)
    feed = broken / "ldld-can-tho/feeds/tat-ca.atom.xml"
    feed.write_text(redirect_page(f"{LOCAL_BASE}/ldld-can-tho/", ""), encoding="utf-8")  # a feed turned into HTML
    (broken / "ldld-hau-giang/sitemap.xml").unlink()  # a sitemap gone
    (broken / "ldld-ninh-kieu/sitemap.xml").write_text("<html></html>", encoding="utf-8")  # no longer a sitemap
    report = check(build_paths(after), broken, roots(ROOT / "content"))
    assert sorted(lost.split(" ")[0] for lost in report.lost) == [
        "ldld-can-tho/feeds/tat-ca.atom.xml", "ldld-hau-giang/sitemap.xml", "ldld-ninh-kieu/sitemap.xml"]
    assert "feed readers follow no HTML redirect" in " ".join(report.lost)
    result = subprocess.run([sys.executable, "-m", "scripts.check_urls", str(before / "sitemap.xml"), str(broken)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "ldld-hau-giang/sitemap.xml:1: URL: " in result.stdout and "ldld-ninh-kieu/sitemap.xml:1: URL: " in result.stdout


SAM_SON_ARTICLE = "ldld-sam-son/cham-lo-lao-dong-du-lich-sau-mua-he.md"  # Sầm Sơn's only "Chăm lo đời sống" article


def _recategorised(target: Path) -> Path:
    """The demo's content, Sầm Sơn's only "Chăm lo đời sống" article moved to another category and
    its only "lao động du lịch" tag dropped: the category, its feeds and the tag leave the site."""
    content = target / "content"
    shutil.copytree(ROOT / "content", content)
    file = content / SAM_SON_ARTICLE
    text = file.read_text(encoding="utf-8")
    assert "Category: Chăm lo đời sống\n" in text and "Tags: lao động du lịch, khám sức khỏe\n" in text
    file.write_text(text.replace("Category: Chăm lo đời sống\n", "Category: Hoạt động công đoàn\n")
                    .replace("Tags: lao động du lịch, khám sức khỏe\n", "Tags: khám sức khỏe\n"), encoding="utf-8")
    return content


def _published(output: Path, target: Path) -> list[str]:
    """What the live site gives a fresh runner: its sitemaps and its list of feed URLs."""
    listing = sitemaps_only(output, target)
    shutil.copyfile(output / FEED_LIST, target / FEED_LIST)
    return [str(listing), str(target / FEED_LIST)]


@demo_only
def test_a_category_whose_last_article_left_keeps_its_page_and_its_feeds(tmp_path):
    before, after, cold = tmp_path / "before", tmp_path / "after", tmp_path / "cold"
    build(BuildOptions(ROOT / "content", before, SETTINGS, jobs=2))
    site = before / "ldld-sam-son"
    old_pages = ["chuyen-muc/cham-lo-doi-song/index.html", "the/lao-dong-du-lich/index.html"]
    old_feeds = [f"feeds/chuyen-muc/cham-lo-doi-song.{fmt}.xml" for fmt in ("rss", "atom")]
    assert all((site / path).is_file() for path in old_pages + old_feeds)
    feed_urls = (before / FEED_LIST).read_text(encoding="utf-8").splitlines()
    assert {f"{LOCAL_BASE}/ldld-sam-son/{path}" for path in old_feeds} <= set(feed_urls)
    content = _recategorised(tmp_path)
    archive = f"{LOCAL_BASE}/ldld-sam-son/luu-tru/"
    # Warm (the previous build's published URLs), then cold: a fresh runner with the live listings only,
    # then again from the listings that cold build published (the redirects carry themselves).
    build(BuildOptions(content, after, SETTINGS, jobs=2, published_urls=[str(before / "sitemap.xml"), str(before / FEED_LIST)]))
    build(BuildOptions(content, cold, SETTINGS, jobs=2, published_urls=_published(before, tmp_path / "live")))
    again = tmp_path / "again"
    build(BuildOptions(content, again, SETTINGS, jobs=2, published_urls=_published(cold, tmp_path / "live-2")))
    for output in (after, cold, again):
        for path in old_pages:  # the site's archive: the site's articles, that category's left ones among them
            assert redirect_target(output / "ldld-sam-son" / path) == archive
        for path in old_feeds:  # still a valid feed, empty, that says why and where the articles are
            fmt = path.split(".")[-2]
            parsed = feedparser.parse((output / "ldld-sam-son" / path).read_bytes())
            assert not parsed.bozo and parsed.version.startswith(fmt) and parsed.entries == []
            assert "không còn bài viết nào" in parsed.feed.subtitle and archive in parsed.feed.subtitle
            assert parsed.feed.link == archive
            url = f"{LOCAL_BASE}/ldld-sam-son/{path}"
            assert url in (output / FEED_LIST).read_text(encoding="utf-8").splitlines()  # listed, for the next build
            if fmt == "atom":
                assert atom_problems((output / "ldld-sam-son" / path).read_bytes(), url, 50) == []
        report = check(build_paths(before), output, roots(ROOT / "content"))
        assert report.lost == [], report.lost
        result = subprocess.run([sys.executable, "-m", "scripts.check_urls", "--content", str(content),
                                 str(before / "sitemap.xml"), str(output)], cwd=ROOT, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stdout


@demo_only
def test_the_deploys_url_check_covers_the_published_feed_urls(demo, tmp_path):
    """The live site's sitemaps list no feed: the deploy also passes its list of feed URLs (`--also`)."""
    _, after = demo
    live = tmp_path / "live"
    listing = _published(after, live)
    broken = tmp_path / "broken"
    shutil.copytree(after, broken)
    (broken / "ldld-ninh-kieu/feeds/chuyen-muc/cham-lo-doi-song.rss.xml").unlink()  # a feed gone
    (broken / "ldld-can-tho/feeds/don-vi/ldld-can-tho.atom.xml").write_text(  # a feed turned into HTML
        redirect_page(f"{LOCAL_BASE}/ldld-can-tho/", ""), encoding="utf-8")

    def check_urls(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "scripts.check_urls", listing[0], str(broken), *extra],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)

    assert check_urls().returncode == 0  # the sitemaps alone cannot see it
    result = check_urls("--also", listing[1])
    assert result.returncode == 1, result.stdout
    lost = sorted(line.split(":", 1)[0] for line in result.stdout.splitlines() if line.endswith("[lost-url]"))
    assert lost == ["ldld-can-tho/feeds/don-vi/ldld-can-tho.atom.xml", "ldld-ninh-kieu/feeds/chuyen-muc/cham-lo-doi-song.rss.xml"]
    assert check_urls("--also", str(tmp_path / "none.txt")).returncode == 2  # an unreadable list is bad usage, not a pass


def test_page_two_of_a_list_emptied_by_recategorising_is_kept_on_a_fresh_runner(tmp_path):
    """A category renamed for every article of it (Category: changed in each file): its page 2 was
    published too, so the sitemap lists it, and a fresh runner that has only the live listings leads
    it to the site's archive like page 1, and lists the redirect for the next one."""
    content = copy_fixture_content(tmp_path)
    unit = content / PAGINATED_UNIT
    for article in sorted(unit.glob("ban-tin-so-*.md")):
        article.write_text(article.read_text(encoding="utf-8").replace("\n\n", "\nCategory: Thông báo\n\n", 1),
                           encoding="utf-8")
    before = tmp_path / "before" / "output"
    build(BuildOptions(content, before, SETTINGS, jobs=2))
    site = before / next(before.glob("*/chuyen-muc/thong-bao/trang-2/index.html")).relative_to(before).parts[0]
    page_two = f"{site.name}/chuyen-muc/thong-bao/trang-2/index.html"
    listed = parse_sitemap((site / "sitemap.xml").read_bytes())[1]
    assert f"{LOCAL_BASE}/{page_two.removesuffix('index.html')}" in listed
    for article in sorted(unit.glob("ban-tin-so-*.md")):
        article.write_text(article.read_text(encoding="utf-8").replace("Category: Thông báo", "Category: Văn hóa - Thể thao"),
                           encoding="utf-8")
    cold, again = tmp_path / "cold" / "output", tmp_path / "again" / "output"
    build(BuildOptions(content, cold, SETTINGS, jobs=2, published_urls=_published(before, tmp_path / "live")))
    build(BuildOptions(content, again, SETTINGS, jobs=2, published_urls=_published(cold, tmp_path / "live-2")))
    for output in (cold, again):
        assert redirect_target(output / page_two).startswith(f"{LOCAL_BASE}/{site.name}/luu-tru/")
        assert check(build_paths(before), output, roots(content)).lost == []
