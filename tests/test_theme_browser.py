"""The theme in a real browser at 360×640 (Debian's Chromium, tests/browser.py) on the demo network.

The header stays about 100 px tall, the first headline is within 200 px of the top, breadcrumb
links are 24 px targets, the focus ring stands out at 3:1 on every background it meets, dark mode
follows the system, an article prints on one A4 page without the menu, and the pages work without
JavaScript.  Screenshots of the front and an article page at 360 px go to tests/artifacts/
(docs/screenshots/ holds the two the README shows).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from test_csp import settings_file

from browser import StaticHost, watch
from builder.build import BuildOptions, build
from conftest import DEMO_CONTENT, ROOT, demo_only, local_network, scan

pytestmark = demo_only
ARTIFACTS = ROOT / "tests" / "artifacts"
PHONE = {"viewport": {"width": 360, "height": 640}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}
HEADER_MAX = 110
FIRST_HEADLINE_MAX = 200
PRINT_ARTICLE = "ldld-thanh-hoa/so-hoa-du-lieu-doan-vien-2026.md"  # about 300 words and a photo


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[dict[str, str]]:
    work = tmp_path_factory.mktemp("theme-browser")
    content = work / "content"
    shutil.copytree(DEMO_CONTENT, content)
    output = work / "output"
    with StaticHost(output) as host:
        build(BuildOptions(content, output, settings_file(work, host.url), jobs=2))

        index, network = scan(content), local_network(content)

        def article(source: str) -> str:
            record = index.by_source[source]
            return f"{host.url}/{network[record.unit_id].site.id}/{record.save_as}"

        yield {
            "front": f"{host.url}/ldld-thanh-hoa/",
            "city": f"{host.url}/ldld-tp-thanh-hoa/",
            "cdcs": f"{host.url}/ldld-tp-thanh-hoa/cdcs-an-phu-thanh/",
            "category": f"{host.url}/ldld-tp-thanh-hoa/chuyen-muc/hoat-dong-cong-doan/",
            "article": article(PRINT_ARTICLE),
            "cdcs_article": article("cdcs-an-phu-thanh/chong-nong-cho-cong-nhan-mua-he-2026.md"),
        }


@pytest.fixture
def phone(chromium) -> Iterator:
    context = chromium.new_context(**PHONE)
    try:
        yield context.new_page()
    finally:
        context.close()


def box(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate("e => { const r = e.getBoundingClientRect();"
                                                 " return {top: r.top, height: r.height, width: r.width}; }")


FIRST_HEADLINE = {"front": ".lead-title", "city": ".lead-title", "cdcs": "main h1", "category": "main h1",
                  "article": "main h1", "cdcs_article": "main h1"}


@pytest.mark.parametrize("kind", list(FIRST_HEADLINE))
def test_a_phone_sees_a_short_header_and_the_first_headline_near_the_top(phone, demo, kind):
    seen = watch(phone)
    phone.goto(demo[kind], wait_until="load")
    header = box(phone, ".site-header")
    assert header["height"] <= HEADER_MAX, header
    assert box(phone, FIRST_HEADLINE[kind])["top"] <= FIRST_HEADLINE_MAX
    # The menu is one line that scrolls sideways; the name is the short one.
    nav = box(phone, ".site-nav ul")
    assert nav["height"] < 50 and phone.locator(".site-nav ul").evaluate("e => e.scrollWidth > e.clientWidth")
    assert phone.locator(".name-full").is_hidden() and phone.locator(".name-short").is_visible()
    for link in phone.locator("nav.breadcrumbs a").all():
        assert link.bounding_box()["height"] >= 24, link.text_content()
    assert phone.locator(".site-header a, main a").evaluate_all(
        "links => links.every(a => a.getBoundingClientRect().height >= 24 || a.closest('.article-body'))")
    seen.settle(phone)
    assert seen.outside_requests == [] and seen.console_errors == [] and seen.violations == []


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = (_luminance(tuple(float(x) for x in re.findall(r"[\d.]+", c))) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


RING = """e => {
  const style = getComputedStyle(e);
  let node = e, background = "rgba(0, 0, 0, 0)";
  while (node && (background === "rgba(0, 0, 0, 0)" || background === "transparent")) {
    background = getComputedStyle(node).backgroundColor; node = node.parentElement;
  }
  if (background === "rgba(0, 0, 0, 0)") background = getComputedStyle(document.body).backgroundColor;
  const shadow = style.boxShadow.match(/rgba?\\([^)]*\\)/);
  return {outline: style.outlineColor, width: style.outlineWidth, ring: shadow ? shadow[0] : null, background};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focus_ring_stands_out_on_every_background(chromium, demo, scheme):
    context = chromium.new_context(viewport={"width": 1024, "height": 768}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(demo["article"])
        found = []
        for _ in range(40):  # the skip link, the header, the menu, the breadcrumbs, the page, the share box
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement === document.body"):
                break  # every stop of the page visited
            ring = page.evaluate(f"() => ({RING})(document.activeElement)")
            ring["element"] = page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)")
            found.append(ring)
            # Either ring, the dark one inside or the light one outside, at 3:1 with what is behind it.
            assert float(ring["width"].removesuffix("px")) >= 2 and ring["ring"], ring["element"]
            assert max(contrast(ring["outline"], ring["background"]), contrast(ring["ring"], ring["background"])) >= 3, ring
        assert len(found) > 20 and len({ring["background"] for ring in found}) >= 3  # the header, the menu and the page at least
    finally:
        context.close()


def test_dark_mode_follows_the_system(chromium, demo):
    colours = {}
    for scheme in ("light", "dark"):
        context = chromium.new_context(**PHONE, color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto(demo["article"])
            colours[scheme] = page.evaluate("() => [getComputedStyle(document.body).backgroundColor,"
                                            " getComputedStyle(document.body).color,"
                                            " getComputedStyle(document.querySelector('main a')).color]")
        finally:
            context.close()
    background, text, link = colours["dark"]
    assert _luminance(tuple(float(x) for x in re.findall(r"[\d.]+", background))) < 0.05
    assert contrast(text, background) >= 7 and contrast(link, background) >= 4.5
    light_background, light_text, light_link = colours["light"]
    assert contrast(light_text, light_background) >= 7 and contrast(light_link, light_background) >= 4.5


def test_an_article_prints_on_one_a4_page_without_the_menu(chromium, demo):
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(demo["article"], wait_until="networkidle")
        page.emulate_media(media="print")
        hidden = [".site-nav", ".breadcrumbs", ".share", ".more", ".older-newer", ".site-footer"]
        assert all(page.locator(selector).first.is_hidden() for selector in hidden)
        assert page.locator("figure.article-figure img").is_visible()
        words = len(page.locator(".article-body").inner_text().split())
        assert 280 <= words <= 340, words
        pdf = page.pdf(format="A4")  # headless Chromium only; prints with the print stylesheet
    finally:
        context.close()
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1


def test_the_script_adds_share_copy_and_print_and_the_page_works_without_it(chromium, demo):
    for javascript in (True, False):
        context = chromium.new_context(**PHONE, java_script_enabled=javascript)
        try:
            page = context.new_page()
            seen = watch(page)
            page.goto(demo["article"], wait_until="load")
            buttons = page.locator(".share button").all_text_contents()
            address = page.locator(".share-address input").input_value()
            hint = page.locator("[data-print-hint]").is_visible()
            share_links = page.locator(".share-links a").evaluate_all("links => links.map(a => a.href)")
            if javascript:  # settle() waits on a timer, which never fires with scripts off
                seen.settle(page)
        finally:
            context.close()
        assert address == page.url or address.endswith(demo["article"].rsplit("/", 1)[-1])
        assert [urlhost.split("/")[2] for urlhost in share_links] == ["www.facebook.com", "button-share.zalo.me"]
        assert seen.outside_requests == []  # nothing from Facebook or Zalo until a link is tapped
        if javascript:
            assert "In bài" in buttons and "Chép địa chỉ" in buttons and not hint
        else:
            assert buttons == [] and hint


def test_the_directory_filters_by_name_typed_without_diacritics_and_works_without_the_script(chromium, demo):
    """The danh bạ of a city: "dong son" (no marks) keeps Đông Sơn's unit and hides the letters and the
    units that do not match; with scripts off there is no box and every unit is listed."""
    directory = demo["city"] + "danh-ba/"
    for javascript in (True, False):
        context = chromium.new_context(**PHONE, java_script_enabled=javascript)
        try:
            page = context.new_page()
            page.goto(directory, wait_until="load")
            total = page.locator(".directory-entry").count()
            if not javascript:
                assert page.locator(".directory-filter").count() == 0 and total > 5
                assert page.locator(".directory-entry:visible").count() == total
                continue
            page.locator(".directory-filter input").fill("dong son")
            shown = page.locator(".directory-entry:visible .card-title").all_text_contents()
            letters = page.locator(".az-letter:visible").all_text_contents()
            status = page.locator(".directory-filter + [role=status]").text_content()
            page.locator(".directory-filter input").fill("")
            again = page.locator(".directory-entry:visible").count()
        finally:
            context.close()
        assert shown and all("Đông Sơn" in name for name in shown) and len(shown) < total, shown
        assert letters and len(letters) < 5 and status == f"{len(shown)} đơn vị khớp"
        assert again == total


def test_screenshots_of_the_front_and_an_article_at_360_px(phone, demo):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, kind in (("trang-chu-360.png", "front"), ("bai-viet-360.png", "article")):
        phone.goto(demo[kind], wait_until="networkidle")
        phone.screenshot(path=str(ARTIFACTS / name), full_page=False)
        assert (ARTIFACTS / name).stat().st_size > 10_000


@pytest.mark.parametrize("bare", [False, True], ids=["styled", "no-css-no-js"])
def test_a_reader_walks_province_city_cdcs_article_and_back_by_the_breadcrumbs(chromium, demo, bare):
    """Down by the pages' own links (the city's block on the province's front, the CĐCS in the city's
    danh bạ, the CĐCS's newest article), back up by each page's breadcrumbs; and the same with the
    stylesheet blocked and scripts off: every page still reads and links."""
    context = chromium.new_context(**PHONE, java_script_enabled=not bare)
    if bare:
        context.route("**/*.css", lambda route: route.abort())

    def follow(page, selector: str) -> str:
        href = page.locator(selector).first.get_attribute("href")
        page.goto(href, wait_until="load")
        assert page.locator("h1").count() == 1, href
        return page.url

    try:
        page = context.new_page()
        page.goto(demo["front"], wait_until="load")
        assert follow(page, "main a[href$='/ldld-tp-thanh-hoa/']") == demo["city"]
        assert follow(page, "a[href$='/danh-ba/']") == demo["city"] + "danh-ba/"
        assert follow(page, ".directory-entry a[href$='/cdcs-an-phu-thanh/']") == demo["cdcs"]
        assert "/tin/" in follow(page, "main .card-title a")
        trail = page.locator("nav.breadcrumbs a").evaluate_all("links => links.map(a => a.href)")
        assert trail == [demo["front"], demo["city"], demo["cdcs"]], trail
        for expected in reversed(trail):  # up one step at a time, by each page's own trail
            assert follow(page, "nav.breadcrumbs li:last-child a") == expected
        page.go_back()
        assert page.url == demo["city"]
    finally:
        context.close()
