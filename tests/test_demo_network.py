"""The demo network in content/, built as `make build` builds it, browsed top to bottom.

It names the demo's units (Thanh Hóa, Dũng Tiến), so it runs only while content/DEMO marks
content/ as the demo (conftest.demo_only; see tests/test_demo_content.py). A federation's own
content gets the same link check from the Content workflow (python -m scripts.check_links).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.build import BuildOptions, build
from checks.links import check_links, site_roots
from conftest import DEMO_CONTENT, LOCAL_BASE, ROOT, demo_only, local_network

pytestmark = demo_only


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("demo") / "output"
    build(BuildOptions(DEMO_CONTENT, output, ROOT / "pelicanconf.py", jobs=2))
    return output


def soup_at(output: Path, url: str) -> BeautifulSoup:
    path = output / url.removeprefix(f"{LOCAL_BASE}/")
    if url.endswith("/"):
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_demo_has_at_least_five_federation_sites(demo):
    network = local_network(DEMO_CONTENT)
    assert len(network.sites) >= 5
    assert all((demo / site.id / "index.html").is_file() for site in network.sites)
    assert len(network.site_units(network["ldld-tp-thanh-hoa"])) - 1 >= 12


def test_demo_has_no_broken_internal_reference(demo):
    network = local_network(DEMO_CONTENT)
    checked, broken = check_links(demo, site_roots(network.sites))
    assert checked > 1000 and broken == []


def test_browse_from_province_down_to_a_cdcs_article_and_back_up(demo):
    index = BeautifulSoup((demo / "index.html").read_text(encoding="utf-8"), "lxml")
    province_url = next(a["href"] for a in index.find_all("a") if a.get_text(strip=True) == "Liên đoàn Lao động tỉnh Thanh Hóa")
    province = soup_at(demo, province_url)
    city_url = next(a["href"] for a in province.select("footer a") if "TP Thanh Hóa" in a.get_text())
    city = soup_at(demo, city_url)
    directory = soup_at(demo, next(a["href"] for a in city.select("nav.site-nav a") if a.get_text() == "Danh bạ"))
    cdcs_url = next(a["href"] for a in directory.select(".directory-entry .card-title a") if "Dũng Tiến" in a.get_text())
    cdcs = soup_at(demo, cdcs_url)
    article_url = cdcs.select_one("article.card h3 a")["href"]
    article = soup_at(demo, article_url)
    crumbs = [a["href"] for a in article.select("nav.breadcrumbs a")]
    assert crumbs == [province_url, city_url, cdcs_url]
