"""Giới thiệu and Liên hệ: the registry's `contact:` checked at its lines (hostile cases first),
gioi-thieu.md cleaned, and both pages in a real build."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.build import BuildOptions, build
from conftest import LOCAL_BASE, ROOT, copy_fixture_content
from domain.registry import ProblemsFound, display_path, load_network

CITY = "tp-tay"  # the fixture federation with a `contact:` (line 73)


def registry_with(content: Path, contact: str) -> Path:
    registry = content / "network.yml"
    text = registry.read_text(encoding="utf-8")
    start = text.index("    contact:\n")
    end = text.index("\n\n", start)
    registry.write_text(text[:start] + contact + text[end:], encoding="utf-8")
    return registry


def problems_of(registry: Path) -> list[str]:
    with pytest.raises(ProblemsFound) as found:
        load_network(registry)
    return [str(p) for p in found.value.problems]


def test_bad_contact_fields_are_reported_each_at_its_line(content):
    registry = registry_with(content, "    contact:\n      phone: 123-abc\n      email: vanphong(at)tinhmau\n"
                                      "      map: http://www.openstreetmap.org/?mlat=1\n      fax: 0237 3852 112")
    shown = display_path(registry)
    assert problems_of(registry) == [
        f"{shown}:74: contact.phone: đơn vị tp-tay: `123-abc` không phải số điện thoại Việt Nam; viết số 0 hoặc +84 rồi "
        "đến 9–10 chữ số, có thể cách bằng dấu cách, ví dụ `0237 3852 111` hoặc `+84 912 345 678` [bad-phone]",
        f"{shown}:75: contact.email: đơn vị tp-tay: `vanphong(at)tinhmau` không phải địa chỉ thư điện tử; ví dụ "
        "`vanphong@ldld.example.vn` [bad-email]",
        f"{shown}:76: contact.map: đơn vị tp-tay: `http://www.openstreetmap.org/?mlat=1` không phải liên kết bản đồ được "
        "chấp nhận; dùng liên kết https của Google Maps hoặc OpenStreetMap (nút Chia sẻ trên bản đồ), ví dụ "
        "`https://www.openstreetmap.org/?mlat=19.80&mlon=105.78` [bad-map-link]",
        f"{shown}:77: contact.fax: đơn vị tp-tay: trường `fax` không được hỗ trợ; các trường được dùng: address, phone, "
        "email, map, hours [unknown-field]",
    ]


@pytest.mark.parametrize("link", ["https://evil.example.com/maps?q=1", "https://www.google.com/search?q=ldld",
                                  "javascript:alert(1)", "https://maps.google.com.evil.example/x"])
def test_a_map_link_must_be_https_to_a_known_map_service(content, link):
    registry = registry_with(content, f'    contact:\n      map: "{link}"')
    assert [line.rsplit("[", 1)[1] for line in problems_of(registry)] == ["bad-map-link]"]


def test_a_contact_that_is_not_a_group_is_refused(content):
    registry = registry_with(content, "    contact: 0237 3852 111")
    assert problems_of(registry) == [
        f"{display_path(registry)}:73: contact: đơn vị tp-tay: `contact:` phải là một nhóm dòng thụt lề bên dưới: "
        "address, phone, email, map, hours [bad-contact]"]


def test_a_valid_contact_keeps_the_number_as_written(content):
    network = load_network(registry_with(content, "    contact:\n      phone: 0912.345.678\n      email: a.b@x.example.vn"))
    contact = network[CITY].contact
    assert contact is not None and contact.phone == "0912.345.678" and contact.tel_uri == "tel:+84912345678"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    work = tmp_path_factory.mktemp("about")
    content = copy_fixture_content(work)
    about = content / "tinh-mau" / "gioi-thieu.md"
    about.write_text(about.read_text(encoding="utf-8")
                     + '\n<script>alert(1)</script><p onclick="x()">Đoạn cuối.</p>\n\n![ảnh](images/a.jpg)\n'
                       "[tệp nội bộ](../../network.yml)\n", encoding="utf-8")
    output = work / "output"
    report = build(BuildOptions(content, output, ROOT / "pelicanconf.py", jobs=1))
    return content, output, report


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_the_about_page_shows_the_registry_and_the_cleaned_page_file(site):
    content, output, report = site
    page = soup(output / "tinh-mau" / "gioi-thieu" / "index.html")
    assert page.h1.get_text(strip=True) == "Giới thiệu Liên đoàn Lao động tỉnh Mẫu"
    assert [h.get_text() for h in page.select(".about-text h2")] == ["Lịch sử", "Tổ chức"]
    assert page.select_one('.about-text a[href="https://www.congdoan.vn/"]') is not None
    assert page.script is None and page.select("[onclick]") == [] and page.select(".about-text img") == []
    assert "network.yml" not in str(page.select_one(".about-text"))
    below = {a.get_text(strip=True) for a in page.select("main ul.inline-list a")}
    assert {"CĐCS Sở Y tế", "LĐLĐ TP Đông", "LĐLĐ TX Tây"} <= below
    shown = display_path(content / "tinh-mau" / "gioi-thieu.md")
    codes = [(w.path, w.line, w.code) for w in report.warnings if w.path == shown]
    assert (shown, 10, "html-removed") in codes
    assert (shown, 12, "about-link-removed") in codes and (shown, 13, "about-link-removed") in codes
    assert not (output / "tinh-mau" / "tinh-mau" / "gioi-thieu.md").exists()  # read, never published


def test_the_contact_page(site):
    _, output, _ = site
    page = soup(output / CITY / "lien-he" / "index.html")
    facts = dict(zip([dt.get_text(strip=True) for dt in page.select("dl.contact dt")],
                     page.select("dl.contact dd"), strict=True))
    assert facts["Địa chỉ"].get_text(strip=True) == "1 Quảng trường Trung tâm, thị xã Tây"
    assert facts["Điện thoại"].a["href"] == "tel:+842373852111"
    assert facts["Thư điện tử"].a["href"] == "mailto:vanphong@ldld.tay.example.vn"
    assert facts["Bản đồ"].a["href"].startswith("https://www.openstreetmap.org/")
    other = soup(output / "tinh-mau" / "lien-he" / "index.html")  # no contact: says so
    assert other.select("dl.contact") == [] and "chưa công bố địa chỉ liên hệ" in other.main.get_text()
    footer = {a.get_text(strip=True): a["href"] for a in page.select("footer a")}
    assert footer["Liên hệ"] == f"{LOCAL_BASE}/{CITY}/lien-he/"
    assert page.select_one('footer a[aria-current="page"]').get_text() == "Liên hệ"
