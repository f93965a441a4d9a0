"""The danh bạ: sorted by the distinctive part of names (Vietnamese collation), an A–Z index, groups by city."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.build import BuildOptions, build
from conftest import DEMO_CONTENT, ROOT, copy_fixture_content, demo_only, local_network
from domain.directory import directory_groups, distinctive_name, letter_anchor, letter_of, sorted_entries

NAMES = [
    ("Công đoàn cơ sở Công ty TNHH An Phú Thành", "An Phú Thành"),
    ("Công đoàn cơ sở Công ty Cổ phần Ưu Việt", "Ưu Việt"),
    ("CĐCS Công ty TNHH MTV Đông Hải", "Đông Hải"),
    ("Công đoàn Công ty TNHH một thành viên Sao Mai", "Sao Mai"),
    ("Công đoàn cơ sở Công ty TNHH hai thành viên trở lên Bình Minh", "Bình Minh"),
    ("Công đoàn cơ sở Trường THPT Lam Sơn", "Lam Sơn"),
    ("Công đoàn cơ sở Trường Mầm non Ánh Dương", "Ánh Dương"),
    ("Công đoàn cơ sở Trường Tiểu học Ông Ích Khiêm", "Ông Ích Khiêm"),
    ("Công đoàn cơ sở Bệnh viện Đa khoa Đông Phương", "Đông Phương"),
    ("Công đoàn cơ sở Ủy ban nhân dân phường Đông Vệ", "Đông Vệ"),
    ("Liên đoàn Lao động thành phố Sầm Sơn", "Sầm Sơn"),
    ("CÔNG ĐOÀN CƠ SỞ CÔNG TY TNHH ĐẠI AN", "ĐẠI AN"),  # prefixes in capitals too
    ("Công ty Thành Phố Xanh", "Thành Phố Xanh"),  # "thành phố" is generic only after a body's name
    ("Công tyABC", "Công tyABC"),  # a prefix is whole words
]
HOSTILE = [
    ("Công đoàn cơ sở", "Công đoàn cơ sở"),  # only a prefix: the name itself, never empty
    ("Công đoàn cơ sở Công ty TNHH", "Công ty TNHH"),
    ("   ", ""),
    ("", ""),
    ("Công đoàn cơ sở <script>alert(1)</script>", "script>alert(1)</script>"),
    ("Công đoàn cơ sở “Ánh Sao” & Cộng sự", "Ánh Sao” & Cộng sự"),
    ("Công   đoàn\tcơ sở\nCông ty   Hòa Bình", "Hòa Bình"),  # any run of white space
]


@pytest.mark.parametrize(("name", "distinctive"), NAMES + HOSTILE)
def test_the_distinctive_part_of_a_name(name, distinctive):
    assert distinctive_name(name) == distinctive
    assert distinctive_name(unicodedata.normalize("NFD", name)) == distinctive  # the same however it was typed


@pytest.mark.parametrize(("word", "letter"), [
    ("An", "A"), ("Ấm", "Â"), ("ắc", "Ă"), ("Đông", "Đ"), ("đá", "Đ"), ("Dũng", "D"), ("Ưu", "Ư"), ("Ở", "Ơ"),
    ("3T", "0–9"), ("日本", "Khác"), ("", "Khác"), ("<b>", "Khác"),
])
def test_the_index_letter_ignores_tones_and_keeps_vietnamese_letters(word, letter):
    assert letter_of(word) == letter


def test_anchors_are_ascii_and_distinct_for_every_letter():
    letters = [*"AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY", "0–9", "Khác"]
    anchors = [letter_anchor(letter) for letter in letters]
    assert len(set(anchors)) == len(anchors) and all(a.isascii() and a.replace("-", "").isalnum() for a in anchors)
    assert letter_anchor("Đ") == "chu-dd" and letter_anchor("Đ", "tp-dong") == "tp-dong-chu-dd"


def _names(units) -> list[str]:
    return [entry.unit.name for entry in sorted_entries(units)]


@demo_only
def test_the_demo_s_city_directory_sorts_by_distinctive_names():
    network = local_network(DEMO_CONTENT)
    city = network["ldld-tp-thanh-hoa"]
    names = [distinctive_name(name) for name in _names(u for u in city.subtree() if u is not city)]
    # "An Phú Thành" first, no longer after "Cổ phần Ưu Việt"; Đ after D; Ư last; the city's own CĐCS only
    assert names[:4] == ["An Phú Thành", "Ánh Dương", "Ắc quy Hàm Rồng", "Âu Lạc"]
    assert names.index("Dũng Tiến") < names.index("Đông Phương") < names.index("Đông Sơn Vina")
    assert names[-2:] == ["Uyên Minh", "Ưu Việt"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


HOSTILE_UNITS = """
  - id: cdcs-chi-tien-to
    name: Công đoàn cơ sở
    short_name: CĐCS
    kind: grassroots
    parent: tp-dong

  - id: cdcs-the-html
    name: Công đoàn cơ sở <script>alert(1)</script> & "Bạn"
    short_name: CĐCS <b>đậm</b>
    kind: grassroots
    parent: tp-dong

  - id: cdcs-an-phu
    name: Công đoàn cơ sở Công ty TNHH An Phú
    short_name: CĐCS An Phú
    kind: grassroots
    parent: tp-dong

  - id: cdcs-uu-viet
    name: Công đoàn cơ sở Công ty Cổ phần Ưu Việt
    short_name: CĐCS Ưu Việt
    kind: grassroots
    parent: tp-dong
"""


@pytest.fixture(scope="module")
def directories(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("directory")
    content = copy_fixture_content(work)
    registry = content / "network.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + HOSTILE_UNITS, encoding="utf-8")
    build(BuildOptions(content, work / "output", ROOT / "pelicanconf.py", jobs=1))
    return work / "output"


def test_a_city_s_directory_by_distinctive_names_with_an_a_z_index(directories):
    page = soup(directories / "tp-dong" / "danh-ba" / "index.html")
    names = [a.get_text() for a in page.select(".directory-group .directory-entry .card-title a")]
    assert names == [
        "Công đoàn cơ sở An Dương", "Công đoàn cơ sở Công ty TNHH An Phú", "Công đoàn cơ sở Anh",
        "Công đoàn cơ sở", "Công đoàn cơ sở Dũng", "Công đoàn cơ sở Đông", "Công đoàn cơ sở Ông",
        "Công đoàn cơ sở Ơn", "Công đoàn cơ sở <script>alert(1)</script> & \"Bạn\"",
        "Công đoàn cơ sở Công ty Cổ phần Ưu Việt",
    ]
    assert not page.select("main script")  # the hostile name is text, never markup
    index = [(a.get_text(), a["href"]) for a in page.select("nav.az-index a")]
    assert index == [("A", "#chu-a"), ("C", "#chu-c"), ("D", "#chu-d"), ("Đ", "#chu-dd"), ("Ô", "#chu-oo"),
                     ("Ơ", "#chu-ow"), ("S", "#chu-s"), ("Ư", "#chu-uw")]
    for letter, href in index:  # every letter links to its heading, which heads its names
        heading = page.find(id=href[1:])
        assert heading is not None and heading.name == "h3" and heading.get_text() == letter
        first = heading.find_next_sibling("ul").select_one(".card-title a").get_text()
        assert letter_of(distinctive_name(first)) == letter


def test_a_province_s_directory_is_grouped_by_city(directories):
    page = soup(directories / "tinh-mau" / "danh-ba" / "index.html")
    groups = [h.get_text(" ", strip=True) for h in page.select(".directory-group > h2")]
    assert groups == ["Trực thuộc trực tiếp LĐLĐ tỉnh Mẫu (1)", "Liên đoàn Lao động thành phố Đông (11)",
                      "Liên đoàn Lao động thị xã Tây (2)"]
    places = [a["href"] for a in page.select('nav[aria-label="Theo địa bàn"] a')]
    assert places == ["#nhom-tinh-mau", "#nhom-tp-dong", "#nhom-tp-tay"]
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids))  # each group's letters have their own anchors
    city = page.select_one("#nhom-tp-dong").parent
    assert [a["href"] for a in city.select("nav.az-index a")][:2] == ["#tp-dong-chu-a", "#tp-dong-chu-c"]
    for link in page.select("nav.az-index a"):
        assert page.find(id=link["href"][1:]) is not None
    headings = [int(h.name[1]) for h in page.select("main h1, main h2, main h3, main h4")]
    assert all(later - earlier <= 1 for earlier, later in zip(headings, headings[1:], strict=False))  # in order


def test_directory_groups_of_a_site_without_cities_is_one_list():
    network = local_network(ROOT / "tests" / "fixtures" / "network" / "content")
    city = network["tp-dong"]
    groups = directory_groups(city, (u for u in city.subtree() if u is not city))
    assert [group.anchor for group in groups] == ["danh-sach"]
    assert [section.letter for section in groups[0].sections] == ["A", "D", "Đ", "Ô", "Ơ"]
