"""Feeds a person can read: every feed links the theme's CSS, still validates, and reads as a page in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from test_csp import settings_file
from test_feeds import feed_files, url_of

from browser import StaticHost, watch
from builder.build import BuildOptions, build
from checks.feeds import atom_problems, rss_problems
from conftest import LOCAL_BASE, copy_fixture_content
from domain.feeds.stylesheet import STYLESHEET_PATH, with_stylesheet

INSTRUCTION = f'<?xml-stylesheet type="text/css" href="{LOCAL_BASE}/{{site}}/{STYLESHEET_PATH}"?>'
SUBSCRIBE = "sao chép địa chỉ của trang này"


def test_every_feed_names_its_site_s_stylesheet_and_still_validates(built):
    files = feed_files(built.output)
    assert len(files) >= 30
    for path in files:
        data = path.read_bytes()
        site = path.relative_to(built.output).parts[0]
        lines = data.decode("utf-8").splitlines()
        assert lines[0].startswith("<?xml version=") and lines[1] == INSTRUCTION.format(site=site), path
        assert (built.output / site / STYLESHEET_PATH).is_file()
        check = rss_problems if path.name.endswith(".rss.xml") else atom_problems
        assert check(data, url_of(built.output, path), 50) == [], path
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.feed.title and parsed.entries, path


def test_the_instruction_goes_after_the_declaration_and_its_address_is_escaped():
    document = b"<?xml version='1.0' encoding='UTF-8'?>\n<rss/>"
    result = with_stylesheet(document, 'http://127.0.0.1:8000/a"b&c/theme/css/nguon-tin.css')
    assert result == (b"<?xml version='1.0' encoding='UTF-8'?>\n"
                      b'<?xml-stylesheet type="text/css" href="http://127.0.0.1:8000/a&quot;b&amp;c/theme/css/nguon-tin.css"?>\n'
                      b"<rss/>")
    assert with_stylesheet(b"<rss/>", "x.css") == b'<?xml-stylesheet type="text/css" href="x.css"?>\n<rss/>'


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    work = tmp_path_factory.mktemp("feed-stylesheet")
    content = copy_fixture_content(work)
    with StaticHost(work / "output") as host:
        build(BuildOptions(content, work / "output", settings_file(work, host.url), jobs=1))
        yield work / "output", host.url


@pytest.mark.parametrize("feed", ["feeds/tat-ca.rss.xml", "feeds/tat-ca.atom.xml", "feeds/don-vi/cdcs-ong.rss.xml"])
def test_a_feed_opened_in_chromium_says_in_vietnamese_how_to_subscribe(chromium, served, feed):
    output, base = served
    expected = feedparser.parse((output / "tp-dong" / feed).read_bytes())
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        seen = watch(page)
        styles: list[str] = []
        page.on("response", lambda response: styles.append(response.url) if response.url.endswith(".css") else None)
        response = page.goto(f"{base}/tp-dong/{feed}", wait_until="networkidle")
        assert response is not None and response.ok
        root = page.evaluate("document.documentElement.localName")
        before = page.evaluate("getComputedStyle(document.documentElement, '::before').content")
        hidden_content = page.evaluate(
            "[...document.getElementsByTagName('*')].filter(e => ['guid', 'id', 'content', 'encoded', 'summary',"
            " 'description'].includes(e.localName) && e.parentElement && ['item', 'entry'].includes(e.parentElement.localName))"
            ".every(e => getComputedStyle(e).display === 'none')")
        titles = page.evaluate(
            "[...document.getElementsByTagName('title')].filter(e => getComputedStyle(e).display !== 'none')"
            ".map(e => e.textContent)")
        seen.settle(page)
    finally:
        context.close()
    assert root in ("rss", "feed")
    assert styles == [f"{base}/tp-dong/{STYLESHEET_PATH}"]
    assert SUBSCRIBE in before and "ứng dụng đọc tin" in before
    assert hidden_content  # the HTML bodies, GUIDs, links: only titles show
    assert titles == [expected.feed.title, *(entry.title for entry in expected.entries)]
    assert seen.console_errors == [] and seen.outside_requests == []
