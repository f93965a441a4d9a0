"""The theme on real builds: what article and front pages show of other articles, and the budgets
every page keeps (no request outside the network, headings in order, one small script, little CSS).

A small network is built with articles that share tags across its sites: "Tin liên quan" reaches up
the hierarchy (a city article finds the province's), never sideways to a sibling city's site, and
links to each article's one canonical URL; "Tin cùng đơn vị" and the older/newer links follow the
unit's dates.  The budgets are checked on that build and on the demo network's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from test_images import photo

from builder.build import BuildOptions, build
from conftest import DEMO_CONTENT, LOCAL_BASE, ROOT, copy_fixture_content, demo_only, scan

THEME = ROOT / "themes" / "congdoan"
CSS_BUDGET = 20 * 1024
JS_BUDGET = 2 * 1024
ARTICLE_BUDGET = 40 * 1024
SHARE_HOSTS = {"www.facebook.com", "button-share.zalo.me"}

# (unit, file, title, date, category, tags): "an toàn" articles on the province, two cities and their CĐCS.
ARTICLES = [
    ("tinh-mau", "an-toan-tinh.md", "Tỉnh phát động tháng an toàn", "2026-04-01 08:00", "Tin tức - Sự kiện",
     "an toàn lao động, tháng hành động"),
    ("tp-dong", "an-toan-dong.md", "Thành phố Đông tập huấn an toàn", "2026-04-02 08:00", "Hoạt động công đoàn",
     "an toàn lao động, tháng hành động"),
    ("cdcs-tay-1", "an-toan-tay.md", "May Tây diễn tập an toàn", "2026-04-03 08:00", "Hoạt động công đoàn",
     "an toàn lao động, tháng hành động"),
    ("cdcs-dung", "dung-1.md", "Dũng: bản tin tháng một", "2026-01-10 08:00", "Chăm lo đời sống", "bản tin"),
    ("cdcs-dung", "dung-2.md", "Dũng: bản tin tháng hai", "2026-02-10 08:00", "Chăm lo đời sống", "bản tin"),
    ("cdcs-dung", "dung-4.md", "Dũng: bản tin tháng tư", "2026-04-10 08:00", "Chăm lo đời sống", "an toàn lao động"),
]


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Iterator[tuple[Path, Path]]:
    work = tmp_path_factory.mktemp("theme")
    content = copy_fixture_content(work)
    for unit, name, title, date, category, tags in ARTICLES:
        header = f"Title: {title}\nDate: {date}\nCategory: {category}\nTags: {tags}\nSummary: Tóm tắt: {title}.\n"
        if unit == "tinh-mau":
            (content / unit / "images").mkdir(exist_ok=True)
            photo(800, 450, seed=3).save(content / unit / "images" / "an-toan.jpg", "JPEG", quality=85)
            header += "Image: images/an-toan.jpg\nImageAlt: Công nhân đội mũ bảo hộ\nImageCaption: Ảnh: Tổ tuyên giáo\n"
        (content / unit / name).write_text(f"{header}\nNội dung của bài {title}.\n", encoding="utf-8")
    output = work / "output"
    build(BuildOptions(content, output, ROOT / "pelicanconf.py", jobs=2))
    yield content, output


def page_of(content: Path, output: Path, source: str) -> Path:
    index = scan(content)
    record = index.by_source[source]
    from conftest import local_network

    return output / local_network(content)[record.unit_id].site.id / record.save_as


def section_links(soup: BeautifulSoup, heading_id: str) -> list[tuple[str, str]]:
    heading = soup.find(id=heading_id)
    if heading is None:
        return []
    return [(a.get_text(strip=True), a["href"]) for a in heading.parent.select(".card-title a")]


def test_related_articles_reach_up_the_hierarchy_and_link_to_canonical_urls(network):
    content, output = network
    city = soup_of(page_of(content, output, "tp-dong/an-toan-dong.md"))
    related = section_links(city, "tin-lien-quan")
    titles = [title for title, _ in related]
    # Two shared tags first (the province's, on its own site), then one tag; never the sibling city's.
    assert titles[0] == "Tỉnh phát động tháng an toàn"
    assert related[0][1].startswith(f"{LOCAL_BASE}/tinh-mau/tin/")
    assert "Dũng: bản tin tháng tư" in titles
    assert "May Tây diễn tập an toàn" not in titles
    # The province reaches its whole subtree, on every site.
    province = dict(section_links(soup_of(page_of(content, output, "tinh-mau/an-toan-tinh.md")), "tin-lien-quan"))
    assert province["May Tây diễn tập an toàn"].startswith(f"{LOCAL_BASE}/tp-tay/tin/")
    assert province["Thành phố Đông tập huấn an toàn"].startswith(f"{LOCAL_BASE}/tp-dong/tin/")
    for soup in (city,):
        for _, href in section_links(soup, "tin-lien-quan"):
            assert (output / href.removeprefix(f"{LOCAL_BASE}/")).is_file(), href


def test_same_unit_and_older_newer_follow_the_units_dates(network):
    content, output = network
    soup = soup_of(page_of(content, output, "cdcs-dung/dung-2.md"))
    same = [title for title, _ in section_links(soup, "tin-cung-don-vi")]
    related = [title for title, _ in section_links(soup, "tin-lien-quan")]
    # Newest first, not the page itself, nothing already among its related articles.
    assert "Dũng: bản tin tháng hai" not in same and not set(same) & set(related)
    assert set(same) | set(related) >= {"Dũng: bản tin tháng tư", "Hội nghị người lao động năm 2026",
                                        "Dũng: bản tin tháng một"}
    older = soup.select_one('.older-newer a[rel="prev"]')
    newer = soup.select_one('.older-newer a[rel="next"]')
    assert "Dũng: bản tin tháng một" in older.get_text() and "Hội nghị người lao động năm 2026" in newer.get_text()
    newest = soup_of(page_of(content, output, "cdcs-dung/dung-4.md"))
    assert newest.select_one('.older-newer a[rel="next"]') is None
    assert "Hội nghị người lao động năm 2026" in newest.select_one('.older-newer a[rel="prev"]').get_text()


def test_article_page_shows_sapo_time_author_unit_figure_tags_and_share_links(network):
    content, output = network
    path = page_of(content, output, "tinh-mau/an-toan-tinh.md")
    soup = soup_of(path)
    url = f"{LOCAL_BASE}/tinh-mau/{path.relative_to(output / 'tinh-mau').as_posix()}"
    assert soup.select_one(".sapo").get_text() == "Tóm tắt: Tỉnh phát động tháng an toàn."
    assert soup.select_one(".article-meta time").get_text() == "Thứ Tư, 01/04/2026 08:00"
    assert soup.select_one("figure.article-figure figcaption").get_text() == "Ảnh: Tổ tuyên giáo"
    assert [a.get_text() for a in soup.select(".tags a")] == ["an toàn lao động", "tháng hành động"]
    facebook, zalo = [a["href"] for a in soup.select(".share-links a")]
    assert parse_qs(urlsplit(facebook).query)["u"] == [url]
    assert urlsplit(zalo).hostname == "button-share.zalo.me" and parse_qs(urlsplit(zalo).query)["d"]
    assert soup.select_one(".share-address input")["value"] == url
    assert soup.select_one("[data-print-hint]").get_text(strip=True).startswith("In bài")
    assert soup.select_one('script[src$="/theme/js/trang.js"]').has_attr("defer")


def test_lists_show_thumbnails_and_headings_follow_the_h1(network):
    content, output = network
    for page in ("tinh-mau/index.html", "tinh-mau/chuyen-muc/tin-tuc-su-kien/index.html",
                 "tinh-mau/the/an-toan-lao-dong/index.html", "tinh-mau/luu-tru/index.html"):
        soup = soup_of(output / page)
        thumbs = soup.select(".card-thumb picture img, .lead-image picture img")
        assert thumbs, page
        assert all(img["src"].startswith(f"{LOCAL_BASE}/") and img.has_attr("width") for img in thumbs), page
    front = soup_of(output / "tinh-mau" / "index.html")
    assert front.select_one(".lead-title a").get_text() == "Tỉnh phát động tháng an toàn"  # the newest with a photo
    assert front.select_one(".lead-image img")["fetchpriority"] == "high"


def heading_levels(soup: BeautifulSoup) -> list[int]:
    return [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]


def requested_urls(soup: BeautifulSoup) -> Iterator[tuple[str, str]]:
    """Every URL the page makes the browser fetch by itself (not a link the reader follows)."""
    for tag in soup.find_all(["img", "source", "script", "link", "iframe", "video", "audio", "embed", "object"]):
        for attribute in ("src", "href", "data", "poster"):
            if tag.get(attribute) and not (tag.name == "link" and tag.get("rel") == ["canonical"]):
                yield tag.name, tag[attribute]
        for candidate in (tag.get("srcset") or "").split(","):
            if candidate.strip():
                yield tag.name, candidate.split()[0]


def check_pages(output: Path, base: str) -> dict[str, int]:
    """Every page's budgets; returns the largest article page's size."""
    sizes = {}
    for path in output.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "lxml")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect page
        levels = heading_levels(soup)
        assert levels and levels[0] == 1 and levels.count(1) == 1, path
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)
        for name, url in requested_urls(soup):
            assert url.startswith(f"{base}/") or not urlsplit(url).netloc, (path, name, url)
        for link in soup.find_all("a", href=True):
            host = urlsplit(link["href"]).hostname
            if host and not link["href"].startswith(f"{base}/"):
                # Links out are followed by the reader, never fetched: the share pages and what the page's
                # content names (a unit's own pages, a map, links an editor wrote); the chrome has none.
                assert host in SHARE_HOSTS or link.find_parent("main"), (path, link)
        scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
        allowed = ("/theme/js/trang.js", "/theme/js/tim-kiem.js") if "tim-kiem" in path.parts else ("/theme/js/trang.js",)
        assert all(s.get("src", "").endswith(allowed) and s.has_attr("defer") for s in scripts), path
        if "/tin/" in path.as_posix():
            sizes[path.name] = len(text.encode())
    return sizes


def test_every_page_keeps_the_budgets(network):
    _, output = network
    sizes = check_pages(output, LOCAL_BASE)
    assert max(sizes.values()) <= ARTICLE_BUDGET


def test_the_theme_has_one_small_script_and_little_css():
    """Pages load style.css (nguon-tin.css dresses a feed opened in a browser); the one theme script
    and, on the search page only, the search page's own (no budget: issue 18 leaves it to search)."""
    css = {p.name: p.stat().st_size for p in (THEME / "static").rglob("*.css")}
    scripts = {p.name: p.stat().st_size for p in (THEME / "static").rglob("*.js")}
    assert sorted(css) == ["nguon-tin.css", "style.css"] and css["style.css"] <= CSS_BUDGET, css
    assert sorted(scripts) == ["tim-kiem.js", "trang.js"] and scripts["trang.js"] <= JS_BUDGET, scripts


@demo_only
def test_the_demo_network_keeps_the_budgets(tmp_path):
    output = tmp_path / "output"
    build(BuildOptions(DEMO_CONTENT, output, ROOT / "pelicanconf.py", jobs=2))
    sizes = check_pages(output, LOCAL_BASE)
    assert len(sizes) > 30 and max(sizes.values()) <= ARTICLE_BUDGET, max(sizes.values())


def test_the_parent_federation_is_linked_once_per_page(network):
    """In the breadcrumbs where a page has them, else in the footer; never in the header as well."""
    _, output = network
    parent = f"{LOCAL_BASE}/tinh-mau/"
    pages = [p for p in (output / "tp-dong").rglob("*.html") if "chia-se" not in p.parts]
    assert len(pages) > 20
    for path in pages:
        soup = soup_of(path)
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        # The chrome (header, breadcrumbs, footer); a page's content may name it too (a site map, a card).
        chrome = [a for a in soup.find_all("a", href=parent)
                  if a.find_parent(class_=("site-header", "breadcrumbs", "site-footer"))]
        assert len(chrome) == 1, (path, [a.find_parent(["nav", "footer", "header"]).name for a in chrome])
        assert soup.select_one("header.site-header").find("a", href=parent) is None
