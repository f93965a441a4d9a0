"""A phone in a real browser: an article whose lead is a 3 MB photo sends it under 120 KB of images.

Debian's Chromium (tests/browser.py) at 360 CSS px wide and device pixel ratio 2 opens the
page from a local static host (no compression counted: the host sends files as they are)
and every image response's bytes are summed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_csp import settings_file
from test_images import UNIT, photo, save_with_gps

from browser import StaticHost, watch
from builder.build import BuildOptions, build
from conftest import copy_fixture_content

BUDGET = 120 * 1024


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    work = tmp_path_factory.mktemp("images-browser")
    content = copy_fixture_content(work)
    lead = content / UNIT / "images" / "dien-thoai.jpg"
    save_with_gps(photo(4000, 3000, seed=7), lead, quality=95)
    assert lead.stat().st_size > 3_000_000
    (content / UNIT / "anh-dien-thoai.md").write_text(
        "Title: Ảnh chụp bằng điện thoại\nDate: 2026-11-20 08:00\nImage: images/dien-thoai.jpg\n"
        "ImageAlt: Công nhân trong giờ nghỉ giữa ca\n\nĐoạn một của bài.\n\nĐoạn hai của bài.\n", encoding="utf-8")
    with StaticHost(work / "output") as host:
        build(BuildOptions(content, work / "output", settings_file(work, host.url), jobs=2))
        page = next((work / "output" / "tp-dong" / "tin").glob("anh-chup-bang-dien-thoai-*.html"))
        yield work / "output", f"{host.url}/tp-dong/tin/{page.name}"


def test_a_phone_at_dpr_2_gets_the_lead_photo_under_120_kb(chromium, served):
    _, url = served
    context = chromium.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    try:
        page = context.new_page()
        seen = watch(page)
        images: dict[str, int] = {}
        page.on("response", lambda response: images.__setitem__(response.url, len(response.body()))
                if response.request.resource_type == "image" else None)
        page.goto(url, wait_until="networkidle")
        lead = page.locator("figure.article-figure img")
        chosen = lead.evaluate("img => img.currentSrc")
        loaded = lead.evaluate("img => img.complete && img.naturalWidth")
    finally:
        context.close()
    assert chosen.endswith("dien-thoai.jpg.720w.avif"), chosen  # 360 CSS px × 2: the 720 px AVIF
    assert loaded == 328  # shown at the column's width (360 − 2 × 16 px), from 720 px: density 2.2
    assert sum(images.values()) < BUDGET, images
    assert not any(name.endswith("/dien-thoai.jpg") for name in images)  # never the capped copy, let alone the original
    assert seen.console_errors == [] and seen.outside_requests == []
