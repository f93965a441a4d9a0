"""The preview's list-first step (builder/quick_lists.py, domain/list_pages.py): real builds in temp folders.

After a save, the pages of the lists that show the article (its unit's, its category's, its tags',
the archive, the front pages above) are written before the full build, byte for byte as the full
build then writes them; a date that moves the article to another page of a list writes the page it
left and the page it joined; a save with an error writes no list; a page whose order the index
cannot know (two articles of one date) is left to the full build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.quick_lists import lists_first
from builder.quick_page import pages_first
from conftest import FIXTURE_CONTENT, ROOT
from domain.registry import ProblemsFound
from preview.session import PreviewSession

SETTINGS = ROOT / "pelicanconf.py"
UNIT = "cdcs-tay-1"
EXTRA = 35  # the unit's list: 37 articles, 4 pages of 10; the site's archive: 2 pages of 30


def _session(tmp_path: Path) -> tuple[Path, PreviewSession]:
    """The fixture network with a CĐCS of many articles, one a day, built as the preview."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    for n in range(EXTRA):
        tags = "\nTags: Nhà ở công nhân" if n % 2 else ""
        (content / UNIT / f"them-{n:02d}.md").write_text(
            f"Title: Bài thêm số {n}\nDate: 2025-01-{n % 28 + 1:02d} {8 + n // 28:02d}:00\n"
            f"Category: Chăm lo đời sống{tags}\n\nNội dung bài thêm số {n}, đủ dài để có tóm tắt.\n", encoding="utf-8")
    session = PreviewSession(content, SETTINGS, tmp_path / "preview", "http://127.0.0.1:8000")
    assert session.rebuild().ok
    return content, session


def _pages(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*.html")}


def _file(url_path: str) -> str:
    """A written URL path as the page's file below the preview folder."""
    path = url_path.lstrip("/")
    return path + "index.html" if path.endswith("/") else path


def _changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {path for path in after if after[path] != before.get(path)}


def test_a_date_that_moves_the_article_writes_the_page_it_left_and_the_page_it_joined(tmp_path):
    content, session = _session(tmp_path)
    preview = tmp_path / "preview"
    oldest = content / UNIT / "them-00.md"  # the last on the unit's page 4 and the archive's page 2
    oldest.write_text(oldest.read_text(encoding="utf-8").replace("Date: 2025-01-01 08:00", "Date: 2026-03-05 09:00"),
                      encoding="utf-8")
    before = _pages(preview)
    first = lists_first(session.last_good, session.options, f"{UNIT}/them-00.md")
    assert first is not None and first.moved == {}
    written = {_file(path) for path in first.pages}
    unit = f"tp-tay/{UNIT}/"
    category = "tp-tay/chuyen-muc/cham-lo-doi-song/"
    assert {f"{unit}index.html", f"{unit}trang-4/index.html", f"{category}index.html",
            "tp-tay/luu-tru/index.html", "tp-tay/luu-tru/trang-2/index.html",
            "tp-tay/index.html", "tinh-mau/index.html"} <= written, sorted(written)
    assert f"{unit}trang-2/index.html" not in written, "the pages between shift by one: the full build's"
    after = _pages(preview)
    assert _changed(before, after) == written, "those pages, and nothing else"
    assert "Bài thêm số 0" in after[f"{unit}index.html"].decode()
    assert "Bài thêm số 0" not in after[f"{unit}trang-4/index.html"].decode()
    assert session.rebuild([oldest]).ok
    full = _pages(preview)
    assert {path for path in written if full[path] != after[path]} == set(), "byte for byte the full build's pages"


def test_a_corrected_title_writes_every_list_that_shows_it_as_the_full_build_does(tmp_path):
    content, session = _session(tmp_path)
    preview = tmp_path / "preview"
    article = content / UNIT / "tin-co-so-tay.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Title: ", "Title: Tiêu đề đã sửa ", 1).replace(
        "Category: Chăm lo đời sống", "Category: Chăm lo đời sống\nTags: Nhà ở công nhân, Từ khóa mới", 1), encoding="utf-8")
    before = _pages(preview)
    page = pages_first(session.last_good, session.options, f"{UNIT}/tin-co-so-tay.md")
    first = lists_first(session.last_good, session.options, f"{UNIT}/tin-co-so-tay.md")
    assert page is not None and page.moved and first is not None
    written = {_file(path) for path in first.pages}
    assert {"tp-tay/the/nha-o-cong-nhan/index.html", "tp-tay/the/tu-khoa-moi/index.html"} <= written, "its tags' lists"
    after = _pages(preview)
    assert all("Tiêu đề đã sửa" in after[path].decode() for path in written)
    assert session.rebuild([article]).ok
    full = _pages(preview)
    assert {path for path in written if full[path] != after[path]} == set(), "byte for byte the full build's pages"
    # Every list page the full build changed was written first; what is left to it: the other
    # articles' pages (their related lists), the 404 page's newest articles, and the later pages of
    # the tag's list the article joined (each shifted by one article).
    left = _changed(before, full) - written - {_file(p) for p in page.pages}
    assert all("/tin/" in path or path.endswith("404.html") or path.startswith("tp-tay/the/nha-o-cong-nhan/trang-")
               for path in left), sorted(left)


def test_a_save_with_an_error_writes_no_list(tmp_path):
    content, session = _session(tmp_path)
    preview = tmp_path / "preview"
    article = content / UNIT / "tin-co-so-tay.md"
    article.write_text(article.read_text(encoding="utf-8").replace("Title: ", "Title: Sửa ", 1).replace(
        "Date: 2026-03-03 08:00", "Date: 31/12/2026", 1), encoding="utf-8")
    before = _pages(preview)
    with pytest.raises(ProblemsFound):
        lists_first(session.last_good, session.options, f"{UNIT}/tin-co-so-tay.md")
    number = session.status.number
    status = session.rebuild([article])
    assert not status.ok and f"{UNIT}/tin-co-so-tay.md:2: Date:" in status.lines[0]
    assert status.number == number + 2, "the page step's error, then the full build's: no list step"
    assert _pages(preview) == before, "no page written"


def test_a_page_with_two_articles_of_one_date_is_left_to_the_full_build(tmp_path):
    content, session = _session(tmp_path)
    article = content / UNIT / "them-10.md"  # 2025-01-11: the same minute as them-09's 2025-01-10 08:00 now
    article.write_text(article.read_text(encoding="utf-8").replace("Date: 2025-01-11 08:00", "Date: 2025-01-10 08:00")
                       .replace("Title: ", "Title: Sửa ", 1), encoding="utf-8")
    first = lists_first(session.last_good, session.options, f"{UNIT}/them-10.md")
    written = set() if first is None else {_file(path) for path in first.pages}
    assert not any(f"{UNIT}/" in path for path in written), sorted(written)
    assert not any("luu-tru" in path for path in written), "the archive's page holds both too"


def test_a_body_edit_writes_its_lists_but_no_front_page(tmp_path):
    """Lists show an article's summary, made from its body when the header has none; front pages
    show the index's records only, which a body edit leaves as they were."""
    content, session = _session(tmp_path)
    article = content / UNIT / "them-27.md"  # the newest of the extra ones (2025-01-28)
    article.write_text(article.read_text(encoding="utf-8").replace("Nội dung", "Một câu mới. Nội dung", 1),
                       encoding="utf-8")
    first = lists_first(session.last_good, session.options, f"{UNIT}/them-27.md")
    assert first is not None
    written = {_file(path) for path in first.pages}
    assert f"tp-tay/{UNIT}/index.html" in written and "tp-tay/index.html" not in written, sorted(written)
    assert "Một câu mới." in (tmp_path / "preview" / f"tp-tay/{UNIT}/index.html").read_text(encoding="utf-8")
    summarised = content / UNIT / "them-33.md"
    summarised.write_text(summarised.read_text(encoding="utf-8").replace("\n\n", "\nSummary: Tóm tắt riêng.\n\n", 1),
                          encoding="utf-8")
    assert session.rebuild([summarised]).ok
    summarised.write_text(summarised.read_text(encoding="utf-8").replace("Nội dung", "Câu khác. Nội dung", 1),
                          encoding="utf-8")
    assert lists_first(session.last_good, session.options, f"{UNIT}/them-33.md") is None, "lists show its Summary"


def test_a_paginated_list_is_given_its_whole_length_with_the_read_articles_at_their_places():
    from domain.list_pages import padded

    order = ("a.md", "b.md", "c.md", "d.md", "e.md")
    placed = padded(order, ["d.md", "a.md", "x.md"], lambda source: source)
    assert placed == ["a.md", None, None, "d.md", None], "the length of the list; one it does not hold is left out"


def test_a_page_is_cut_as_pelican_s_paginator_cuts_it_the_last_taking_the_orphans():
    import dataclasses

    from builder.config import load_config
    from domain.list_pages import _slice

    layout = dataclasses.replace(load_config(SETTINGS).layout, orphans=3)
    assert layout.page_count("unit", 23) == 2  # 10, then 13: the 3 orphans join the last page
    assert _slice(layout, "unit", 23, 1) == slice(0, 10)
    assert _slice(layout, "unit", 23, 2) == slice(10, 23)
    assert _slice(layout, "unit", 23, 2, 1) == slice(9, 24), "with its neighbours, for the order check"
    assert _slice(layout, "archives", 23, 1) == slice(0, 23)
