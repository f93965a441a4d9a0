"""The site's own pages: a 404 page per site and at the output root (every link absolute), a site map per site."""

from __future__ import annotations

from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from conftest import LOCAL_BASE, ROOT, local_network
from stages.network_page import write_network_page

SITES = ("tinh-mau", "tp-dong", "tp-tay")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def links(page: BeautifulSoup) -> list[str]:
    return [tag.get("href") or tag.get("src") for tag in page.select("[href], [src]")]


def assert_absolute(page: BeautifulSoup) -> None:
    """A 404 page is served at whatever path was asked for: a relative link would resolve against that path."""
    for link in links(page):
        assert link.startswith((f"{LOCAL_BASE}/", "#")), link


def test_every_site_has_a_404_page_with_search_latest_news_and_menu(built):
    for site_id in SITES:
        path = built.page(site_id, "404.html")
        page = soup(path)
        assert page.select_one("h1").get_text() == "Không tìm thấy trang"
        assert page.select_one('meta[name="robots"]')["content"] == "noindex"
        assert_absolute(page)
        site_url = f"{LOCAL_BASE}/{site_id}/"
        hrefs = links(page)
        assert f"{site_url}tim-kiem/" in hrefs and f"{site_url}so-do-trang/" in hrefs and f"{site_url}danh-ba/" in hrefs
        menu = [a["href"] for a in page.select("nav.site-nav a")]
        assert set(menu) <= set(hrefs)
        latest = [a["href"] for a in page.select("#tin-moi-nhat ~ ul a")]
        # the site's newest articles first: what its feed of everything published on it starts with
        newest = [entry.link for entry in feedparser.parse(built.page(site_id, "feeds/tat-ca.rss.xml").read_bytes()).entries]
        assert latest == newest[:8] and latest


def test_the_root_404_page_lists_every_site_of_the_network(built):
    page = soup(built.output / "404.html")
    assert page.select_one("h1").get_text() == "Không tìm thấy trang"
    assert_absolute(page)
    sites = {a["href"] for a in page.select(".network-tree a")}
    assert sites == {f"{LOCAL_BASE}/{site_id}/" for site_id in SITES}
    assert f"{LOCAL_BASE}/theme/css/style.css" in links(page)


def test_the_root_404_page_follows_the_base_url_and_is_not_written_without_one(tmp_path):
    fixture = ROOT / "tests" / "fixtures" / "network" / "content"
    base = "https://x.github.io/mang/"
    write_network_page(ROOT / "themes" / "congdoan", local_network(fixture, base_url=base), tmp_path / "below",
                       base_url=base)
    page = soup(tmp_path / "below" / "404.html")
    assert page.select_one('link[rel="stylesheet"]')["href"] == "https://x.github.io/mang/theme/css/style.css"
    assert page.select_one(".network-tree a")["href"].startswith("https://x.github.io/mang/")
    # each site on its own domain: each site's folder is served alone, with its own 404.html
    write_network_page(ROOT / "themes" / "congdoan", local_network(fixture, base_url=None), tmp_path / "own")
    assert (tmp_path / "own" / "index.html").is_file() and not (tmp_path / "own" / "404.html").exists()


def test_every_site_has_a_site_map_of_its_sections_units_and_categories(built):
    for site_id in SITES:
        page = soup(built.page(site_id, "so-do-trang/index.html"))
        hrefs = set(links(page))
        site_url = f"{LOCAL_BASE}/{site_id}/"
        assert {site_url, f"{site_url}danh-ba/", f"{site_url}luu-tru/", f"{site_url}feeds/", f"{site_url}tim-kiem/"} <= hrefs
        categories = {path.parent.name for path in built.page(site_id, "chuyen-muc").glob("*/index.html")}
        assert {href.split("/")[-2] for href in hrefs if "/chuyen-muc/" in href} == categories
        sections = {unit.url for unit in built.network.site_units(built.network[site_id])
                    if not unit.is_federation and unit.is_active}
        assert sections <= hrefs
    assert f"{LOCAL_BASE}/tp-dong/cong-ty-dong/" in links(soup(built.page("tp-dong", "so-do-trang/index.html")))
    province = soup(built.page("tinh-mau", "so-do-trang/index.html"))
    assert {f"{LOCAL_BASE}/tp-dong/", f"{LOCAL_BASE}/tp-tay/"} <= set(links(province))
    assert f"{LOCAL_BASE}/tinh-mau/so-do-trang/" in built.page("tinh-mau", "sitemap.xml").read_text(encoding="utf-8")
    assert "404.html" not in built.page("tinh-mau", "sitemap.xml").read_text(encoding="utf-8")
