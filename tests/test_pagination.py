"""Numbered pagination: first, last and a window around the current page; "Trang N" in the title and h1."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from benchmarks.runner import IMAGE
from benchmarks.synthetic import Size, generate
from builder.build import BuildOptions, build
from conftest import LOCAL_BASE, ROOT
from domain.pagination import page_window


@pytest.mark.parametrize(("current", "last", "shown"), [
    (6, 20, [1, None, 4, 5, 6, 7, 8, None, 20]),
    (1, 20, [1, 2, 3, None, 20]),
    (20, 20, [1, None, 18, 19, 20]),
    (4, 7, [1, 2, 3, 4, 5, 6, 7]),  # a gap of one page shows the page, never "…"
    (5, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    (1, 1, [1]), (2, 2, [1, 2]),
    (0, 3, [1, 2, 3]), (9, 3, [1, 2, 3]),  # out of range: the nearest page
    (1, 0, []),
])
def test_page_window(current, last, shown):
    assert page_window(current, last) == shown


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    """A network with enough articles for lists of many pages: the city's archive has nine or more."""
    work = tmp_path_factory.mktemp("pagination")
    generate(work / "content", Size(articles=400, grassroots=4, cities=1), IMAGE)
    build(BuildOptions(work / "content", work / "output", ROOT / "pelicanconf.py", jobs=1, as_of=date(2030, 1, 1)))
    return work / "output"


def _list_pages(output: Path) -> list[Path]:
    """Every page of a paginated list: the archive, categories, tags, unit pages (page 1 and trang-N)."""
    return sorted(path for path in output.rglob("index.html") if soup(path).select_one("nav.pagination"))


def _number(path: Path) -> int:
    folder = path.parent.name
    return int(folder.removeprefix("trang-")) if folder.startswith("trang-") else 1


def test_every_page_of_a_list_has_its_own_title_and_h1(output):
    pages = _list_pages(output)
    assert len(pages) > 60 and max(map(_number, pages)) >= 9
    titles = Counter(soup(path).title.get_text() for path in pages)
    assert [title for title, count in titles.items() if count > 1] == []
    for path in pages:
        page, number = soup(path), _number(path)
        h1 = page.select_one("h1").get_text()
        if number > 1:
            assert f" – Trang {number} – " in page.title.get_text() or page.title.get_text().endswith(f" – Trang {number}")
            assert h1.endswith(f" – Trang {number}"), path
        else:
            assert "Trang " not in page.title.get_text() and "Trang " not in h1


def test_the_numbers_are_the_window_and_each_links_its_page(output):
    archive = sorted((output / "ldld-tp-000" / "luu-tru").glob("**/index.html"), key=_number)
    last = len(archive)
    assert last >= 9
    for path in archive:
        page, number = soup(path), _number(path)
        nav = page.select_one("nav.pagination")
        items = [li.get_text(strip=True) for li in nav.select("li")]
        expected = ["…" if n is None else str(n) for n in page_window(number, last)]
        assert items == (["« Trang trước"] if number > 1 else []) + expected + (["Trang sau »"] if number < last else [])
        current = nav.select('[aria-current="page"]')
        assert [a.get_text() for a in current] == [str(number)]
        for link in nav.select("a"):
            href = link["href"]
            assert href.startswith(f"{LOCAL_BASE}/ldld-tp-000/luu-tru/")
            target = output / href.removeprefix(f"{LOCAL_BASE}/") / "index.html"
            if link.get("rel") == ["prev"]:
                assert _number(target) == number - 1
            elif link.get("rel") == ["next"]:
                assert _number(target) == number + 1
            else:
                assert _number(target) == int(link.get_text()) and target.is_file()
    middle = soup(archive[5])  # page 6 of 9 or more: 1 … 4 5 [6] 7 8 … last
    assert [li.get_text(strip=True) for li in middle.select("nav.pagination li")][1:5] == ["1", "…", "4", "5"]
