"""Posting waits for the article's page: its og:title and og:image, read from the build or the web."""

from __future__ import annotations

import json
import os
from datetime import timedelta

from zalo_harness import authorise, post_once, zalo_network
from zalo_server import start_zalo  # noqa: F401  (fixture)

from feed_factory import PageSpec, make_network, run_inprocess, write_article_page
from graph_server import start_graph  # noqa: F401  (fixture)
from social.share_tags import PageReader, ShareTags, page_file, share_tags

M = timedelta(minutes=1)
SITE = "https://ldld.example.vn"


def test_the_share_tags_are_the_first_og_title_and_og_image():
    page = (b'<html><head><meta property="og:title" content="C&ocirc;ng &amp; &#273;o&agrave;n">'
            b'<meta property="og:image" content="https://ldld.example.vn/tin/chia-se/a.jpg">'
            b'<meta property="og:image" content="https://elsewhere.example/b.jpg"></head></html>')
    assert share_tags(page) == ShareTags("Công & đoàn", "https://ldld.example.vn/tin/chia-se/a.jpg")


def test_a_page_without_both_tags_or_with_a_script_for_an_image_has_none():
    assert share_tags(b'<meta property="og:title" content="x">') is None
    assert share_tags(b'<meta property="og:image" content="https://a.example/x.jpg">') is None
    assert share_tags(b'<meta property="og:title" content="x"><meta property="og:image" content="javascript:alert(1)">') is None
    assert share_tags(b'<meta property="og:title" content=""><meta property="og:image" content="https://a.example/x.jpg">') is None
    assert share_tags(b"\xff\xfe not html at all \x00") is None


def test_a_page_file_is_only_ever_inside_its_site_folder(tmp_path):
    site = tmp_path / "site"
    assert page_file(site, SITE, f"{SITE}/tin/bai.html") == site / "tin" / "bai.html"
    assert page_file(site, SITE, f"{SITE}/chuyen-muc/") == site / "chuyen-muc" / "index.html"
    assert page_file(site, SITE, f"{SITE}/tin/b%C3%A0i.html?x=1#y") == site / "tin" / "bài.html"
    for hostile in (f"{SITE}/../secret.html", f"{SITE}/tin/%2e%2e/%2e%2e/x.html", f"{SITE}//etc/passwd",
                    f"{SITE}/tin/..%5C..%5Cx.html", "https://other.example.vn/tin/bai.html", f"{SITE}.evil/tin/x.html"):
        assert page_file(site, SITE, hostile) is None, hostile


def test_a_page_linked_out_of_its_site_folder_is_not_read(tmp_path):
    site, secret = tmp_path / "site" / "tin", tmp_path / "secret.html"
    site.mkdir(parents=True)
    secret.write_text('<meta property="og:title" content="x"><meta property="og:image" content="https://a.example/x.jpg">')
    os.symlink(secret, site / "bai.html")
    reader = PageReader(from_web=False, timeout=1.0)
    assert reader.tags(f"{SITE}/tin/bai.html", tmp_path / "site", SITE) is None
    (site / "bai.html").unlink()
    (site / "bai.html").write_bytes(secret.read_bytes())
    assert reader.tags(f"{SITE}/tin/bai.html", tmp_path / "site", SITE) == ShareTags("x", "https://a.example/x.jpg")


def test_a_post_waits_for_its_page_is_scraped_first_then_posted(tmp_path, start_graph):
    net = make_network(tmp_path, [PageSpec("cdcs-p1", "100000000001", "token-p1", "FB_TOKEN_P1", [1 * M, 2 * M])])
    newest, oldest = net.urls["cdcs-p1"]
    folder, site_url = net.sites["cdcs-p1"]
    page_file(folder, site_url, newest).unlink()  # a deploy still on its way: the page is not there yet
    graph = start_graph({"100000000001": "token-p1"})
    first = run_inprocess(net.args(graph.url), net.env())
    assert first.code == 0, first.stdout + first.stderr  # waiting is no failure
    assert graph.links() == [oldest] and graph.scraped == [oldest]
    assert "chờ trang lên mạng 1" in first.stdout and f"chưa thấy og:title và og:image ở {newest}" in first.stderr
    # Facebook was asked to read the page again right before the link was posted
    assert [r for r in graph.requests if r[0] == "POST"] == [("POST", "?scrape"), ("POST", "100000000001/feed")]
    write_article_page(folder, site_url, newest, "Bản tin")
    second = run_inprocess(net.args(graph.url), net.env())
    assert second.code == 0 and graph.links() == [oldest, newest] and graph.scraped == [oldest, newest]


def test_a_failed_scrape_does_not_stop_the_post(tmp_path, start_graph):
    net = make_network(tmp_path, [PageSpec("cdcs-p1", "100000000001", "token-p1", "FB_TOKEN_P1", [1 * M])])
    graph = start_graph({"100000000001": "token-p1"})
    graph.script(("SCRAPE", "500"))
    result = run_inprocess(net.args(graph.url), net.env())
    assert result.code == 0 and graph.links() == net.urls["cdcs-p1"] and graph.scraped == []
    assert "Facebook chưa đọc lại được trang" in result.stderr


def test_the_zalo_cover_is_the_page_s_share_image_and_an_article_waits_for_its_page(tmp_path, start_zalo):
    net = zalo_network(tmp_path, 2)
    newest, oldest = net.urls["cdcs-z1"]
    folder, site_url = net.sites["cdcs-z1"]
    cover = share_tags(page_file(folder, site_url, oldest).read_bytes()).image
    page_file(folder, site_url, newest).unlink()
    zalo = start_zalo()
    authorise(tmp_path / "tokens", zalo)
    first = post_once(net, zalo, tmp_path / "tokens")
    assert first.ok and first.waiting == 1 and zalo.links() == [oldest]
    assert [a.body["cover"] for a in zalo.articles] == [{"cover_type": "photo", "photo_url": cover, "status": "show"}]
    assert cover.startswith(site_url + "/tin/chia-se/")
    write_article_page(folder, site_url, newest, "Bản tin")
    second = post_once(net, zalo, tmp_path / "tokens")
    assert second.ok and second.waiting == 0 and sorted(zalo.links()) == sorted([oldest, newest])
    assert json.dumps([a.body for a in zalo.articles]).count("photo_url") == 2
