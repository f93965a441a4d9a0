"""Real builds of the test network: sites, cross-links, directory, pagination, links."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from checks.links import check_links, site_roots
from conftest import LOCAL_BASE, PAGINATED_COUNT


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_one_site_per_federation_and_a_network_index(built):
    sites = sorted(p.name for p in built.output.iterdir() if p.is_dir() and p.name != "theme")
    assert sites == ["tinh-mau", "tp-dong", "tp-tay"]
    assert built.output.is_dir() and not built.output.is_symlink()
    index = soup_of(built.output / "index.html")
    links = {a["href"] for a in index.find_all("a")}
    assert {f"{LOCAL_BASE}/{site}/" for site in sites} <= links


def test_no_broken_internal_reference_anywhere(built):
    checked, broken = check_links(built.output, site_roots(built.network.sites))
    assert checked > 200
    assert broken == []


def test_the_link_checker_catches_a_broken_link(built, tmp_path):
    import shutil

    output = tmp_path / "output"
    shutil.copytree(built.output, output)
    page = output / "tp-dong" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</main>", f'<a href="{LOCAL_BASE}/tp-dong/tin/khong-co.html">x</a><a href="#khong-co-id">y</a></main>'),
        encoding="utf-8")
    _, broken = check_links(output, site_roots(built.network.sites))
    assert sorted(b.url for b in broken) == ["#khong-co-id", f"{LOCAL_BASE}/tp-dong/tin/khong-co.html"]
    # Printed as every problem an editor meets: path:line: Field: message [code], the line where it is written.
    line = next(n for n, text in enumerate(page.read_text(encoding="utf-8").splitlines(), 1) if "khong-co.html" in text)
    missing = next(b for b in broken if b.url.endswith("khong-co.html"))
    assert str(missing) == (f"{page.as_posix()}:{line}: liên kết: `{LOCAL_BASE}/tp-dong/tin/khong-co.html` "
                            "dẫn tới một trang hoặc tệp không có trong bản dựng [broken-link]")


def test_cdcs_article_breadcrumbs_lead_up_to_the_real_pages(built):
    page = built.article("cdcs-dung/hoi-nghi-nguoi-lao-dong.md")
    crumbs = soup_of(page).select("nav.breadcrumbs li")
    links = [li.a["href"] for li in crumbs if li.a]
    assert links == [f"{LOCAL_BASE}/tinh-mau/", f"{LOCAL_BASE}/tp-dong/", f"{LOCAL_BASE}/tp-dong/cdcs-dung/"]
    expected_h1 = ["Liên đoàn Lao động tỉnh Mẫu", "Liên đoàn Lao động thành phố Đông", "Công đoàn cơ sở Dũng"]
    roots = site_roots(built.network.sites)
    for href, h1 in zip(links, expected_h1, strict=True):
        prefix = next(p for p in roots if href.startswith(p))
        target = built.output / roots[prefix] / href[len(prefix):] / "index.html"
        assert soup_of(target).h1.get_text(strip=True) == h1
    # The page's own title is not repeated: its h1 follows the trail.
    assert len(crumbs) == 3 and soup_of(page).h1.get_text(strip=True) == "Hội nghị người lao động năm 2026"


def test_cdcs_page_shows_the_unit_and_its_links(built):
    soup = soup_of(built.page("tp-dong", "cdcs-dung/index.html"))
    facts = soup.select_one("dl.facts").get_text(" ", strip=True)
    assert "1.250" in facts and "Nguyễn Văn An" in facts and "12 Lê Lợi" in facts
    hrefs = {a["href"] for a in soup.select(".unit-links a")}
    assert hrefs == {"https://www.facebook.com/cdcs.dung", "https://zalo.me/0912000111", "https://dung.example.vn"}
    assert [a.get_text() for a in soup.select("nav.breadcrumbs a")] == ["LĐLĐ tỉnh Mẫu", "LĐLĐ TP Đông"]  # then its h1


def test_unit_slug_decides_the_cdcs_section(built):
    assert built.page("tp-dong", "cong-ty-dong/index.html").is_file()
    assert not built.page("tp-dong", "cdcs-dong/index.html").exists()


def _section(page: Path, heading_id: str) -> list[tuple[str, str]]:
    section = soup_of(page).find(id=heading_id).parent
    return [(a.get_text(strip=True), a["href"]) for a in section.select("h3 a")]


def _front_titles(page: Path) -> list[str]:
    """Every article a front page shows, lead story first, in page order."""
    return [a.get_text(strip=True) for a in soup_of(page).select("main .lead-title a, main .card-title a")]


def test_province_front_page_lists_news_from_all_levels_below(built):
    front = built.page("tinh-mau")
    news = _section(front, "tin-tu-co-so")
    titles = [title for title, _ in news]
    # "Tin từ cơ sở": the CĐCS below, on any site, newest first; drafts never; federations' own news
    # in their blocks ("Tin của thành phố Đông" under its city), never twice on the page
    assert titles[:4] == ["Hội nghị người lao động năm 2026", "Hội nghị người lao động năm 2026",
                          "Tin từ Công ty May Tây", f"Bản tin số {PAGINATED_COUNT}"]
    assert "Thông báo Đại hội Công đoàn tỉnh" not in titles and "Bài nháp chưa đăng" not in titles
    assert [title for title, _ in _section(front, "lien-doan-tp-dong")] == ["Tin của thành phố Đông"]
    shown = _front_titles(front)
    assert shown[0] == "Thông báo Đại hội Công đoàn tỉnh"  # the lead story: the site's newest
    assert "Tin từ Sở Y tế" in shown and "Bài nháp chưa đăng" not in shown
    hrefs = [a["href"] for a in soup_of(front).select("main .lead-title a, main .card-title a")]
    assert len(hrefs) == len(set(hrefs))
    # each links to the one page where the article lives, on its own site
    assert news[2][1].startswith(f"{LOCAL_BASE}/tp-tay/tin/")
    for href in hrefs:
        relative = href.removeprefix(f"{LOCAL_BASE}/")
        assert (built.output / relative).is_file()


def test_city_front_page_lists_news_of_its_cdcs_only(built):
    front = built.page("tp-dong")
    shown = _front_titles(front)
    assert shown[:2] == ["Hội nghị người lao động năm 2026"] * 2  # the lead story, then the row below it
    assert "Tin từ Công ty May Tây" not in shown and "Thông báo Đại hội Công đoàn tỉnh" not in shown
    titles = [title for title, _ in _section(front, "tin-tu-co-so")]
    assert titles and all(title.startswith("Bản tin số") for title in titles)  # what the blocks above left
    assert len(shown) == len(set(shown) - {"Hội nghị người lao động năm 2026"}) + 2


def test_directory_is_in_vietnamese_alphabetical_order(built):
    entries = [h.get_text(strip=True) for h in soup_of(built.page("tp-dong", "danh-ba/index.html")).select(".directory-entry .card-title")]
    assert entries == [
        "Công đoàn cơ sở An Dương", "Công đoàn cơ sở Anh", "Công đoàn cơ sở Dũng",
        "Công đoàn cơ sở Đông", "Công đoàn cơ sở Ông", "Công đoàn cơ sở Ơn",
    ]
    province = [h.get_text(strip=True) for h in soup_of(built.page("tinh-mau", "danh-ba/index.html")).select(".directory-entry .card-title")]
    assert len(province) == 10  # every unit below, on every site
    assert province.index("Công đoàn cơ sở Đông") < province.index("Công đoàn cơ sở Ông")


def test_same_title_articles_publish_at_distinct_urls(built):
    pages = sorted(built.page("tp-dong", "tin").glob("hoi-nghi-nguoi-lao-dong-nam-2026-*.html"))
    assert len(pages) == 2
    assert set(pages) == {built.article("cdcs-dung/hoi-nghi-nguoi-lao-dong.md"),
                          built.article("cdcs-dong/hoi-nghi-nguoi-lao-dong.md")}
    assert "Cùng tiêu đề" in built.article("cdcs-dong/hoi-nghi-nguoi-lao-dong.md").read_text(encoding="utf-8")


def test_drafts_are_not_published_anywhere(built):
    for page in built.output.rglob("*.html"):
        assert "Bài nháp chưa đăng" not in page.read_text(encoding="utf-8"), page


def test_article_page_has_figure_dates_and_canonical(built):
    page = built.article("cdcs-dung/hoi-nghi-nguoi-lao-dong.md")
    soup = soup_of(page)
    figure = soup.select_one("figure.article-figure")
    assert figure.figcaption.get_text() == "Ảnh: Mỹ Ly"
    assert figure.img["src"] == f"{LOCAL_BASE}/tp-dong/cdcs-dung/images/hoi-nghi.jpg"
    times = soup.select(".article-meta time")
    assert times[0].get_text() == "Thứ Năm, 05/03/2026 08:00" and times[0]["datetime"] == "2026-03-05T08:00:00+07:00"
    assert times[1].get_text().startswith("Thứ Sáu, 06/03/2026 ")
    assert soup.find("link", rel="canonical")["href"] == f"{LOCAL_BASE}/tp-dong/tin/{page.name}"
    body_image = soup.select_one(".article-body img")
    assert body_image["src"] == f"{LOCAL_BASE}/tp-dong/cdcs-dung/images/hoi-nghi.jpg"


def test_unit_pages_are_paginated(built):
    first = soup_of(built.page("tp-dong", "cdcs-ong/index.html"))
    second = soup_of(built.page("tp-dong", "cdcs-ong/trang-2/index.html"))
    assert len(first.select("article.card")) == 10
    assert len(second.select("article.card")) == PAGINATED_COUNT - 10
    assert first.select_one('a[rel="next"]')["href"] == f"{LOCAL_BASE}/tp-dong/cdcs-ong/trang-2/"
    assert second.select_one('a[rel="prev"]')["href"] == f"{LOCAL_BASE}/tp-dong/cdcs-ong/"
    assert first.select_one("article.card h3").get_text(strip=True) == f"Bản tin số {PAGINATED_COUNT}"


def test_every_page_is_vietnamese_accessible_and_self_contained(built):
    for page in built.output.rglob("*.html"):
        soup = soup_of(page)
        assert soup.html["lang"] == "vi", page
        assert len(soup.find_all("h1")) == 1, page
        skip = soup.body.find("a")
        assert skip["href"] == "#main-content" and soup.find(id="main-content").name == "main", page
        for tag in soup.find_all(["link", "script", "img", "iframe", "source"]):
            url = tag.get("href") or tag.get("src") or ""
            assert not re.match(r"^(https?:)?//", url) or url.startswith(LOCAL_BASE), (page, url)


def test_menu_lists_main_categories_with_current_page(built):
    soup = soup_of(built.page("tp-dong", "chuyen-muc/hoat-dong-cong-doan/index.html"))
    items = [a.get_text(strip=True) for a in soup.select("nav.site-nav a")]
    assert items == ["Trang chủ", "Tin tức - Sự kiện", "Hoạt động công đoàn", "Danh bạ", "Lưu trữ", "Tìm kiếm"]
    assert soup.select_one('nav.site-nav a[aria-current="page"]').get_text() == "Hoạt động công đoàn"


def test_future_dated_articles_wait_for_their_day(built, tmp_path):
    from datetime import date

    from builder.build import BuildOptions, build
    from conftest import ROOT, copy_fixture_content

    title = "Bài hẹn giờ đăng năm 2099"
    assert built.index.by_source["cdcs-tay-1/bai-hen-gio-2099.md"].status == "scheduled"
    assert not any(title in p.read_text(encoding="utf-8") for p in built.output.rglob("*.*ml"))
    content = copy_fixture_content(tmp_path)
    later = tmp_path / "output"
    build(BuildOptions(content, later, ROOT / "pelicanconf.py", sites=["tp-tay"], as_of=date(2099, 1, 1)))
    assert title in (later / "tp-tay" / "cdcs-tay-1" / "index.html").read_text(encoding="utf-8")
    assert title in (later / "tp-tay" / "feeds" / "tat-ca.rss.xml").read_text(encoding="utf-8")
