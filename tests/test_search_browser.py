"""The search page in a real browser: the demo network searched without diacritics.

The demo content (with one hostile article added to a copy) is built with a local
static host's address as its base URL and served with its `_headers` (CSP enforced);
Debian's Chromium (tests/browser.py) opens the search pages of a city site and of a
province's network search and types the queries as readers do on phones.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote_plus

import pytest
from test_csp import settings_file

from browser import StaticHost, watch
from builder.build import BuildOptions, build
from conftest import DEMO_CONTENT, demo_only
from domain.search import query_terms, search, term_hash
from domain.search.layout import NETWORK_INDEX, index_folder
from domain.search.network import site_readers

pytestmark = demo_only

HOSTILE_TITLE = '<img src=x onerror="document.title=1"> Đường dây nóng </p><script>alert(1)</script>'


@pytest.fixture(scope="module")
def built_search(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    work = tmp_path_factory.mktemp("search-browser")
    content = work / "content"
    shutil.copytree(DEMO_CONTENT, content)
    (content / "ldld-tp-thanh-hoa" / "duong-day-nong.md").write_text(
        f"Title: {HOSTILE_TITLE}\nDate: 2026-11-30 08:00\n\n"
        "Số máy <b>đường dây nóng</b> của công đoàn thành phố.\n", encoding="utf-8")
    with StaticHost(work / "output") as server:
        build(BuildOptions(content, work / "output", settings_file(work, server.url), jobs=2))
        yield server.url, work / "output"


@pytest.fixture(scope="module")
def host(built_search) -> str:
    return built_search[0]


@pytest.fixture
def page(chromium) -> Iterator:
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    tab = context.new_page()
    tab.seen = watch(tab)
    yield tab
    tab.seen.settle(tab)
    assert tab.seen.violations == [] and tab.seen.console_errors == [] and tab.seen.outside_requests == []
    context.close()


def results(page, url: str) -> list[str]:
    """The titles shown once the search is done (the script marks the form with its time)."""
    page.goto(url)
    page.wait_for_selector("#tim-kiem[data-ms]", state="attached")
    return page.locator("#ket-qua .search-title").all_text_contents()


def found_count(page) -> int:
    """How many results the status line says."""
    text = page.locator("#trang-thai").text_content() or ""
    return int(text.split()[2].replace(".", "")) if text.startswith("Tìm thấy") else 0


def search_url(host: str, site: str, query: str, **filters: str) -> str:
    extra = "".join(f"&{name.replace('_', '-')}={quote_plus(value)}" for name, value in filters.items())
    return f"{host}/{site}/tim-kiem/?q={quote_plus(query)}{extra}"


def test_a_city_site_finds_its_articles_typed_without_diacritics(page, host):
    page.goto(f"{host}/ldld-tp-thanh-hoa/tim-kiem/")
    assert page.locator("#tim-kiem").is_visible() and not page.locator("#can-javascript").is_visible()
    titles = results(page, search_url(host, "ldld-tp-thanh-hoa", "cong doan"))
    assert titles[0] == "Gặp mặt các thế hệ cán bộ công đoàn nhân kỷ niệm 97 năm thành lập Công đoàn Việt Nam"
    marks = page.locator("#ket-qua li").first.locator("mark").all_text_contents()
    assert {"công", "đoàn", "Công", "Đoàn"} & set(marks) and all(m.lower() in {"công", "đoàn"} for m in marks)
    assert "Cán bộ, công chức phường Đông Vệ hiến 42 đơn vị máu" in results(
        page, search_url(host, "ldld-tp-thanh-hoa", "dong ve"))
    assert "Gặp mặt các thế hệ cán bộ công đoàn nhân kỷ niệm 97 năm thành lập Công đoàn Việt Nam" in results(
        page, search_url(host, "ldld-tp-thanh-hoa", "duong"))  # "chặng đường" in its summary
    assert "đường" in page.locator("#ket-qua mark").all_text_contents()
    assert "Đông Sơn Vina ký thỏa ước lao động tập thể với nhiều điều khoản có lợi cho công nhân" in results(
        page, search_url(host, "ldld-tp-thanh-hoa", "thoa uoc"))
    # A result with a lead photo shows its narrowest rendition as the thumbnail.
    assert results(page, search_url(host, "ldld-tp-thanh-hoa", "ao dai ong ich khiem"))[0] == (
        "Cô giáo Trường Tiểu học Ông Ích Khiêm trình diễn áo dài mừng ngày 8/3")
    thumb = page.locator("#ket-qua li").first.locator("img.search-thumb")
    thumb.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    assert thumb.get_attribute("src").endswith(".360w.webp") and thumb.get_attribute("alt") == ""
    # Only the city's own articles: nothing from Sầm Sơn.
    assert results(page, search_url(host, "ldld-tp-thanh-hoa", "bong chuyen bai bien")) == []
    assert "Không tìm thấy" in page.locator("#trang-thai").text_content()


def test_a_province_searches_every_site_below_it(page, host):
    titles = results(page, search_url(host, "ldld-thanh-hoa", "bong chuyen"))
    assert titles[0] == "Sôi nổi giải bóng chuyền bãi biển của người lao động Sầm Sơn"  # a city's, from the province
    link = page.locator("#ket-qua .search-title a").first.get_attribute("href")
    assert link.startswith(f"{host}/ldld-sam-son/tin/")  # its canonical URL, on its own site
    everything = results(page, search_url(host, "ldld-thanh-hoa", "mai am cong doan"))
    assert "Trao 15 Mái ấm công đoàn cho đoàn viên khó khăn về nhà ở" in everything  # the province's own
    everything = results(page, search_url(host, "ldld-thanh-hoa", "cong doan viet nam"))
    assert "Gặp mặt các thế hệ cán bộ công đoàn nhân kỷ niệm 97 năm thành lập Công đoàn Việt Nam" in everything
    total = found_count(page)
    while page.locator("#them").is_visible():
        page.click("#them")
    everything = page.locator("#ket-qua .search-title").all_text_contents()
    assert len(everything) == len(set(everything)) == total
    only_own = results(page, search_url(host, "ldld-thanh-hoa", "cong doan viet nam", trang="ldld-thanh-hoa"))
    assert 0 < found_count(page) < total and set(only_own) < set(everything)
    assert "Ngày hội văn hóa công nhân, viên chức, lao động quận Ninh Kiều" in results(
        page, search_url(host, "ldld-can-tho", "ninh kieu"))
    assert results(page, search_url(host, "ldld-can-tho", "phi le ca tra"))[0] == (
        "Hội thi thợ giỏi phi lê cá tra tại Thủy sản Sông Hậu Xanh")  # the title's phrase first


def test_the_form_filters_and_orders(page, host):
    page.goto(f"{host}/ldld-can-tho/tim-kiem/")
    page.wait_for_selector("#nam option:nth-child(2)", state="attached")
    page.fill("#q", "doan")
    page.press("#q", "Enter")
    page.wait_for_selector("#tim-kiem[data-ms]", state="attached")
    assert "q=doan" in page.url
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")  # long unit names fit a phone
    assert page.locator("#ket-qua li").count() == 10 and page.locator("#them").is_visible()
    page.click("#them")
    page.wait_for_function("document.querySelectorAll('#ket-qua li').length > 10")
    page.select_option("#sap-xep", "moi-nhat")
    page.wait_for_function("location.search.includes('sap-xep=moi-nhat')")
    page.wait_for_selector("#tim-kiem[data-ms]", state="attached")
    days = page.locator("#ket-qua time").evaluate_all("times => times.map(t => t.dateTime)")
    assert days == sorted(days, reverse=True) and len(days) == 10
    years = page.locator("#nam option").evaluate_all("options => options.map(o => o.value).filter(Boolean)")
    oldest = years[-1]
    filtered = results(page, search_url(host, "ldld-can-tho", "doan", nam=oldest, sap_xep="moi-nhat"))
    stamps = page.locator("#ket-qua time").evaluate_all("times => times.map(t => t.dateTime)")
    assert filtered and all(stamp.startswith(oldest) for stamp in stamps)
    category = page.locator("#chuyen-muc option").nth(1).get_attribute("value")
    results(page, search_url(host, "ldld-can-tho", "doan", chuyen_muc=category))
    assert page.locator("#chuyen-muc").input_value() == category


def test_a_hostile_title_is_shown_as_text(page, host):
    titles = results(page, search_url(host, "ldld-tp-thanh-hoa", "duong day nong"))
    assert titles and titles[0].startswith("<img src=x") and "<script>" in titles[0]
    assert page.locator("#ket-qua img:not(.search-thumb), #ket-qua script").count() == 0
    assert page.title() != "1"


def test_without_javascript_the_page_says_so(chromium, host):
    context = chromium.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(f"{host}/ldld-thanh-hoa/tim-kiem/?q=cong+doan")
        notice = tab.locator("#can-javascript")
        assert notice.is_visible() and "JavaScript" in (notice.text_content() or "")
        assert {a.get_attribute("href").rsplit("/", 2)[-2] for a in notice.locator("a").all()} == {"luu-tru", "danh-ba"}
        assert not tab.locator("#tim-kiem").is_visible()
    finally:
        context.close()


def reader(folder: Path):
    return lambda name: (folder / name).read_bytes()


def python_titles(output: Path, site: str, query: str) -> list[str]:
    """The first page of results as domain/search/query.py ranks them over the same files: the network
    index for a province's whole network, as the script reads it."""
    page = (output / site / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    sites = page.split('data-trang="', 1)[1].split('"', 1)[0].split()  # the page's own indexes, in its order
    documents = [reader(output / site / index_folder(name)) for name in sites]
    readers = site_readers(reader(output / site / NETWORK_INDEX)) if len(sites) > 1 else documents
    titles = []
    for index, number in search(readers, query)[:10]:
        per = json.loads(documents[index]("meta.json"))["docs_per_shard"]
        titles.append(json.loads(documents[index](f"d/{number // per}.json"))[number % per][0])
    return titles


def index_requests(page, url: str) -> list[str]:
    """The index files (paths below tim-kiem/) the page fetches to show `url`'s results."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url.split("/tim-kiem/", 1)[1])
            if "/tim-kiem/" in request.url and request.url.endswith(".json") else None)
    results(page, url)
    return seen


def test_the_network_search_fetches_one_file_a_word_for_every_site(page, built_search):
    host, output = built_search
    query = "cong doan viet nam"
    seen = index_requests(page, search_url(host, "ldld-thanh-hoa", query))
    meta = json.loads((output / "ldld-thanh-hoa" / NETWORK_INDEX / "meta.json").read_bytes())
    assert len(meta["sites"]) > 2
    words = [folded for folded, _ in query_terms(query)]
    terms = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    shards = {f"mang-luoi/t/{term_hash(term) % meta['term_shards']}.json" for term in terms}
    assert seen.count("mang-luoi/meta.json") == 1  # the preload, taken over by the script's fetch
    assert sorted(path for path in seen if path.startswith("mang-luoi/t/")) == sorted(shards)
    others = [path for path in seen if not path.startswith("mang-luoi/")]
    assert others and all(path.startswith("chi-muc/") and "/d/" in path for path in others)  # only the documents shown


def test_one_site_of_the_network_reads_that_site_index_only(page, host):
    seen = index_requests(page, search_url(host, "ldld-thanh-hoa", "bong chuyen", trang="ldld-sam-son"))
    assert page.locator("#ket-qua li").count() > 0
    assert not [path for path in seen if path.startswith("mang-luoi/t/")]
    assert {path.split("/")[1] for path in seen if path.startswith("chi-muc/")} == {"ldld-sam-son"}
    assert "chi-muc/ldld-sam-son/meta.json" in seen


@pytest.mark.parametrize("site, query", [
    ("ldld-can-tho", "cong doan"), ("ldld-can-tho", "đoàn viên"), ("ldld-can-tho", "lao dong nu"),
    ("ldld-thanh-hoa", "Công đoàn"), ("ldld-tp-thanh-hoa", "thang hanh dong an toan"),
])
def test_the_script_ranks_as_the_python_query_does(page, built_search, site, query):
    url, output = built_search
    assert results(page, search_url(url, site, query)) == python_titles(output, site, query)


def test_a_query_typed_with_its_marks_ranks_that_spelling_first(page, host):
    assert results(page, search_url(host, "ldld-tp-thanh-hoa", "Đông Vệ"))[0] == (
        "Cán bộ, công chức phường Đông Vệ hiến 42 đơn vị máu")
