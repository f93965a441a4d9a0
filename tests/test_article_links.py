"""Linking another article, exactly as docs/huong-dan-bien-tap.md ("Dẫn tới một bài khác") says.

Within the unit's own folder: `{filename}other.md`, or `other.md`, with an optional `#part`;
the link becomes the other article's URL on the site. An article of another unit (`../`) is
refused at its line [outside-unit]: link it by its full address instead. A link to an article
not published (a draft) is dropped from the page. Real builds of the fixture network.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from builder.build import BuildOptions, build
from conftest import ROOT, copy_fixture_content, scan
from domain.registry import ProblemsFound

ARTICLE = ("Title: Tổng kết năm 2026\nDate: 2026-03-10 08:00\n\n"
           "Xem [bài hội nghị]({filename}hoi-nghi-nguoi-lao-dong.md), "
           "[phần chăm lo](hoi-nghi-nguoi-lao-dong.md#cham-lo) và [bài nháp]({filename}nhap.md).\n")
DRAFT = "Title: Bản nháp\nDate: 2026-03-09 08:00\nStatus: draft\n\nChưa đăng.\n"


def test_a_link_to_another_units_article_is_refused_at_its_line(tmp_path):
    content = copy_fixture_content(tmp_path)
    (content / "cdcs-dung" / "tong-ket.md").write_text(
        "Title: Tổng kết\nDate: 2026-03-10 08:00\n\nXem [bài của CĐCS Đông]({filename}../cdcs-dong/hoi-nghi-nguoi-lao-dong.md).\n",
        encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        scan(content)
    [problem] = caught.value.problems
    assert (problem.path.endswith("content/cdcs-dung/tong-ket.md"), problem.line, problem.field, problem.code) == (
        True, 4, "nội dung", "outside-unit")
    assert problem.message.startswith("`../cdcs-dong/hoi-nghi-nguoi-lao-dong.md` nằm ngoài thư mục của đơn vị (content/cdcs-dung/)")


def test_links_within_the_unit_become_the_other_articles_url(tmp_path):
    content = copy_fixture_content(tmp_path)
    (content / "cdcs-dung" / "tong-ket.md").write_text(ARTICLE, encoding="utf-8")
    (content / "cdcs-dung" / "nhap.md").write_text(DRAFT, encoding="utf-8")
    output = tmp_path / "output"
    build(BuildOptions(content, output, ROOT / "pelicanconf.py", jobs=1))
    index = scan(content)
    target = index.by_source["cdcs-dung/hoi-nghi-nguoi-lao-dong.md"]
    page = output / "tp-dong" / index.by_source["cdcs-dung/tong-ket.md"].save_as
    body = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select_one("article")
    links = {a.get_text(): a.get("href") for a in body.find_all("a")}
    assert links["bài hội nghị"] == f"http://127.0.0.1:8000/tp-dong/{target.url}"
    assert links["phần chăm lo"] == f"http://127.0.0.1:8000/tp-dong/{target.url}#cham-lo"
    assert links.get("bài nháp") is None  # a draft has no page: the link is dropped, its text stays
    assert "bài nháp" in body.get_text()
