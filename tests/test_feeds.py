"""Feeds of a real build: the W3C validator's rules, feedparser, GUIDs, aggregates, links."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from builder.build import BuildOptions, build
from checks.feeds import atom_problems, rss_problems
from conftest import (
    DEMO_CONTENT,
    LOCAL_BASE,
    ROOT,
    BuiltNetwork,
    copy_fixture_content,
    demo_only,
    local_network,
)
from domain.feeds.catalog import feed_items, subtree_feed
from domain.feeds.items import FeedItem, absolutize, tag_uri
from domain.feeds.settings import FeedSettings

AUTHORITY = "tag:congdoan.example.vn,2026:"


def feed_files(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.xml") if "feeds" in p.relative_to(output).parts)


def url_of(output: Path, path: Path) -> str:
    return f"{LOCAL_BASE}/{path.relative_to(output).as_posix()}"


def parsed(built: BuiltNetwork, site: str, path: str):
    return feedparser.parse(built.page(site, path).read_bytes())


def test_every_feed_follows_the_validator_rules(built):
    files = feed_files(built.output)
    assert len(files) >= 30
    for path in files:
        check = rss_problems if path.name.endswith(".rss.xml") else atom_problems
        assert check(path.read_bytes(), url_of(built.output, path), 50) == [], path


def test_feedparser_reads_every_feed_cleanly(built):
    for path in feed_files(built.output):
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.feed.language.startswith("vi") and feed.entries, path


def test_unit_feed_item_carries_everything(built):
    for fmt in ("rss", "atom"):
        feed = parsed(built, "tp-dong", f"feeds/don-vi/cdcs-dung.{fmt}.xml")
        (entry,) = feed.entries
        assert entry.id == AUTHORITY + "cdcs-dung/hoi-nghi-nguoi-lao-dong.md"
        assert entry.link == f"{LOCAL_BASE}/tp-dong/{built.index.by_source['cdcs-dung/hoi-nghi-nguoi-lao-dong.md'].save_as}"
        assert entry.author == "Nguyễn Văn An"
        assert {tag.term for tag in entry.tags} == {"Hoạt động công đoàn", "hội nghị", "dân chủ cơ sở"}
        image = built.output / "tp-dong" / "cdcs-dung" / "images" / "hoi-nghi.jpg"  # the copy served there (plugins/images)
        (enclosure,) = [link for link in entry.links if link.rel == "enclosure"]
        assert enclosure.href == f"{LOCAL_BASE}/tp-dong/cdcs-dung/images/hoi-nghi.jpg"
        assert int(enclosure.length) == image.stat().st_size and enclosure.type == "image/jpeg"
        content = BeautifulSoup(entry.content[0].value, "lxml")
        assert content.img["src"] == enclosure.href
        assert content.find("a")["href"] == "https://www.congdoan.vn"
        assert "Công đoàn cơ sở Dũng tổ chức hội nghị" in entry.summary
        assert feed.feed.author == "Liên đoàn Lao động thành phố Đông"


def test_rss_guid_is_not_a_permalink_and_names_are_dc_creator(built):
    xml = built.page("tp-dong", "feeds/don-vi/cdcs-dung.rss.xml").read_text(encoding="utf-8")
    assert f'<guid isPermaLink="false">{AUTHORITY}cdcs-dung/hoi-nghi-nguoi-lao-dong.md</guid>' in xml
    assert "<dc:creator>Nguyễn Văn An</dc:creator>" in xml and "<author>" not in xml


def test_atom_enclosure_has_rel_length_and_type(built):
    xml = built.page("tp-dong", "feeds/don-vi/cdcs-dung.atom.xml").read_text(encoding="utf-8")
    assert 'rel="enclosure" type="image/jpeg" length="' in xml


def test_subtree_feed_of_the_province_covers_every_level_once(built):
    feed = parsed(built, "tinh-mau", "feeds/toan-he-thong.atom.xml")
    ids = [entry.id for entry in feed.entries]
    published = [r for r in built.index.records if r.published]
    assert len(ids) == len(set(ids)) == len(published)
    assert {AUTHORITY + r.identity for r in published} == set(ids)
    site_of = {entry.link.split("/")[3] for entry in feed.entries}
    assert site_of == {"tinh-mau", "tp-dong", "tp-tay"}


def test_site_feed_holds_only_the_sites_articles(built):
    feed = parsed(built, "tp-tay", "feeds/tat-ca.rss.xml")
    assert [entry.title for entry in feed.entries] == ["Tin từ Công ty May Tây"]
    province = parsed(built, "tinh-mau", "feeds/tat-ca.rss.xml")
    assert {entry.title for entry in province.entries} == {"Thông báo Đại hội Công đoàn tỉnh", "Tin từ Sở Y tế"}


def test_category_feed(built):
    feed = parsed(built, "tp-dong", "feeds/chuyen-muc/hoat-dong-cong-doan.rss.xml")
    assert len(feed.entries) == 3
    assert all("Hoạt động công đoàn" in {t.term for t in entry.tags} for entry in feed.entries)


def test_every_feed_item_link_and_enclosure_resolves(built):
    for path in feed_files(built.output):
        for entry in feedparser.parse(path.read_bytes()).entries:
            for link in entry.links:
                assert (built.output / link.href.removeprefix(f"{LOCAL_BASE}/")).is_file(), (path, link.href)


def test_pages_link_their_feeds(built):
    def alternates(page: Path) -> set[str]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        return {link["href"] for link in soup.find_all("link", rel="alternate")}

    site = {f"{LOCAL_BASE}/tp-dong/feeds/tat-ca.{f}.xml" for f in ("rss", "atom")}
    subtree = {f"{LOCAL_BASE}/tp-dong/feeds/toan-he-thong.{f}.xml" for f in ("rss", "atom")}
    unit = {f"{LOCAL_BASE}/tp-dong/feeds/don-vi/cdcs-dung.{f}.xml" for f in ("rss", "atom")}
    category = {f"{LOCAL_BASE}/tp-dong/feeds/chuyen-muc/hoat-dong-cong-doan.{f}.xml" for f in ("rss", "atom")}
    assert alternates(built.page("tp-dong")) == site | subtree | {f"{LOCAL_BASE}/tp-dong/feeds/don-vi/tp-dong.{f}.xml" for f in ("rss", "atom")}
    assert alternates(built.page("tp-dong", "cdcs-dung/index.html")) == site | subtree | unit
    assert alternates(built.article("cdcs-dung/hoi-nghi-nguoi-lao-dong.md")) >= site | subtree | unit
    assert alternates(built.page("tp-dong", "chuyen-muc/hoat-dong-cong-doan/index.html")) == site | subtree | category


def test_feed_list_page_lists_every_feed_of_the_site(built):
    soup = BeautifulSoup(built.page("tp-dong", "feeds/index.html").read_text(encoding="utf-8"), "lxml")
    listed = {a["href"] for a in soup.select(".feed-list a")}
    files = {url_of(built.output, p) for p in feed_files(built.output / "tp-dong")}
    assert listed == files


def test_pelicans_own_feeds_are_off(built):
    xml = {p.relative_to(built.output).as_posix() for p in built.output.rglob("*.xml")}
    names = {name for name in xml if not (name.endswith("sitemap.xml") or name.endswith("sitemap-tin-moi.xml"))}
    assert names == {p.relative_to(built.output).as_posix() for p in feed_files(built.output)}
    assert not any(name.endswith(("feeds/all.atom.xml", "feeds/all.rss.xml")) for name in names)


def test_the_checker_catches_what_naive_feeds_get_wrong():
    naive_rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://localhost/</link>
    <description>d</description><item><title>a</title><link>http://localhost/a.html</link>
    <description>&lt;img src="/images/a.jpg"&gt;</description><author>Nguyen Van A</author>
    <guid>ldld/a.md</guid><pubDate>Tue, 24 Nov 2026 08:00:00 +0700</pubDate></item></channel></rss>"""
    problems = " | ".join(rss_problems(naive_rss, "http://127.0.0.1:8000/x/feeds/a.rss.xml", 50))
    for expected in ("atom:link rel=self", "language", "isPermaLink", "relative URL", "host without a dot",
                     "not an e-mail", "lastBuildDate"):
        assert expected in problems
    naive_atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>t</title>
    <updated>2026-11-24T08:00:00+07:00</updated><entry><id>a</id><title>a</title>
    <updated>2026-11-24T08:00:00+07:00</updated><link href="http://a.example.vn/a.html"/>
    <link href="http://a.example.vn/a.jpg"/></entry></feed>"""
    problems = " | ".join(atom_problems(naive_atom, "http://a.example.vn/feed.atom.xml", 50))
    for expected in ("rel=self", "no author", "2 alternate links"):
        assert expected in problems


def test_the_checker_catches_namespace_prefixes_and_risky_markup():
    # What feedgen wrote before: an Atom element under a generated prefix (valid XML, a validator warning).
    prefixed = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi"><id>x</id><title>t</title>
    <updated>2026-11-24T08:00:00+07:00</updated><author><name>A</name></author>
    <link href="http://a.example.vn/f.atom.xml" rel="self"/><entry><id>a</id><title>a</title>
    <updated>2026-11-24T08:00:00+07:00</updated>
    <ns0:link xmlns:ns0="http://www.w3.org/2005/Atom" rel="alternate" href="http://a.example.vn/a.html"/>
    <content type="html">&lt;p style="color:red" onclick="x()"&gt;a&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</content>
    </entry></feed>"""
    problems = " | ".join(atom_problems(prefixed, "http://a.example.vn/f.atom.xml", 50))
    for expected in ("namespace prefix ['ns0:link']", "<script>", "onclick, style"):
        assert expected in problems, problems
    # The same feed with the prefixed link written in the default namespace: only the markup is left.
    clean = prefixed.replace(b'<ns0:link xmlns:ns0="http://www.w3.org/2005/Atom"', b"<link")
    assert not any("prefix" in problem for problem in atom_problems(clean, "http://a.example.vn/f.atom.xml", 50))


def test_no_feed_element_carries_a_prefix_but_rss_extensions(built):
    for path in feed_files(built.output):
        xml = path.read_bytes()
        assert b"ns0:" not in xml and b"xmlns:ns" not in xml, path
        if path.name.endswith(".atom.xml"):
            assert all(element.prefix is None for element in etree.fromstring(xml).iter()
                       if isinstance(element.tag, str)), path


@pytest.fixture(scope="module")
def demo_output(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("demo-feeds") / "output"
    build(BuildOptions(DEMO_CONTENT, output, ROOT / "pelicanconf.py", jobs=1))
    return output


@demo_only
def test_every_feed_of_the_demo_follows_the_validator_rules(demo_output):
    files = feed_files(demo_output)
    assert len(files) >= 60
    for path in files:
        check = rss_problems if path.name.endswith(".rss.xml") else atom_problems
        assert check(path.read_bytes(), url_of(demo_output, path), 50) == [], path
    atom = [path for path in files if path.name.endswith(".atom.xml")]
    links = sum(path.read_bytes().count(b"<link ") for path in atom)
    assert links > 2 * len(atom) and not any(b"ns0:" in path.read_bytes() for path in atom)


def test_tag_uri_and_absolute_urls():
    assert tag_uri("congdoan.example.vn", "2026", "cdcs-a/bài viết.md") == "tag:congdoan.example.vn,2026:cdcs-a/b%C3%A0i%20vi%E1%BA%BFt.md"
    html = absolutize('<p><a href="#chu-thich">1</a> <img src="a.jpg" srcset="a.jpg 1x, b.jpg 2x"></p>', "https://x.example.vn/tin/bai.html")
    assert 'href="https://x.example.vn/tin/bai.html#chu-thich"' in html
    assert 'src="https://x.example.vn/tin/a.jpg"' in html
    assert 'srcset="https://x.example.vn/tin/a.jpg 1x, https://x.example.vn/tin/b.jpg 2x"' in html


@pytest.fixture(scope="module")
def second_build(tmp_path_factory) -> tuple[Path, Path]:
    """The fixture network built again from a fresh copy, and once more after a move."""
    work = tmp_path_factory.mktemp("again")
    content = copy_fixture_content(work)
    again = work / "output"
    build(BuildOptions(content, again, ROOT / "pelicanconf.py", jobs=1))
    registry = content / "network.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("    parent: tp-tay\n", "    parent: tp-dong\n"), encoding="utf-8")
    moved = work / "moved"
    build(BuildOptions(content, moved, ROOT / "pelicanconf.py", jobs=1))
    return again, moved


def test_identical_input_gives_identical_bytes(built, second_build):
    again, _ = second_build
    first = {p.relative_to(built.output): p.read_bytes() for p in built.output.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_a_units_move_changes_its_url_but_never_its_guid(built, second_build):
    _, moved = second_build
    before = feedparser.parse(built.page("tp-tay", "feeds/don-vi/cdcs-tay-1.atom.xml").read_bytes()).entries[0]
    after = feedparser.parse((moved / "tp-dong" / "feeds" / "don-vi" / "cdcs-tay-1.atom.xml").read_bytes()).entries[0]
    assert before.id == after.id == AUTHORITY + "cdcs-tay-1/tin-co-so-tay.md"
    assert before.link.startswith(f"{LOCAL_BASE}/tp-tay/") and after.link.startswith(f"{LOCAL_BASE}/tp-dong/")


def test_max_items_setting(tmp_path):
    content = copy_fixture_content(tmp_path)
    settings = tmp_path / "settings.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
                        "FEEDS = {**FEEDS, 'MAX_ITEMS': 5}\n", encoding="utf-8")
    output = tmp_path / "output"
    build(BuildOptions(content, output, settings, sites=["tp-dong"]))
    feed = feedparser.parse((output / "tp-dong" / "feeds" / "don-vi" / "cdcs-ong.rss.xml").read_bytes())
    assert [e.title for e in feed.entries] == [f"Bản tin số {n}" for n in range(12, 7, -1)]


def test_a_site_without_articles_of_its_own_keeps_valid_site_and_subtree_feeds(tmp_path):
    """A reader subscribed to a province keeps a feed when its last own article moves away,
    and the province's subtree feed carries its cities' articles."""
    content = copy_fixture_content(tmp_path)
    for own in ("tinh-mau", "cdcs-so-y-te"):  # every unit on the province's own site
        for article in (content / own).glob("*.md"):
            article.unlink()
    output = tmp_path / "output"
    build(BuildOptions(content, output, ROOT / "pelicanconf.py"))
    feeds = output / "tinh-mau" / "feeds"
    for name in ("tat-ca", "toan-he-thong"):
        for fmt, problems in (("atom", atom_problems), ("rss", rss_problems)):
            path = feeds / f"{name}.{fmt}.xml"
            assert problems(path.read_bytes(), url_of(output, path), 50) == []
    assert feedparser.parse((feeds / "tat-ca.atom.xml").read_bytes()).entries == []
    assert feedparser.parse((feeds / "toan-he-thong.atom.xml").read_bytes()).entries


def test_an_aggregate_feed_lists_an_article_once_even_when_two_items_files_carry_it():
    # No build reaches this: each site's items file holds only its own units' articles, each unit is
    # on one site and in one subtree.  The de-duplication is the guard if two contributing files ever
    # overlapped (a site's own file and a stale newest file listing a CĐCS that moved): a reader
    # subscribed to the province would see the article twice, under one GUID.
    network = local_network(ROOT / "tests" / "fixtures" / "network" / "content")
    province = network["tinh-mau"]
    settings = FeedSettings("congdoan.example.vn", "2026", 3)

    def item(identity: str, unit_id: str, day: int) -> FeedItem:
        return FeedItem(identity=identity, guid=tag_uri(settings.tag_authority, settings.tag_date, identity),
                        title=identity, url=f"{LOCAL_BASE}/{identity}.html", content="<p>x</p>", summary="x",
                        author=None, category="Tin tức - Sự kiện", tags=(), published=f"2026-01-{day:02d}T07:00:00+07:00",
                        updated=f"2026-01-{day:02d}T07:00:00+07:00", unit_id=unit_id, enclosure=None)

    moved = item("cdcs-tay-1/tin-co-so-tay.md", "cdcs-tay-1", 9)
    items_by_unit = {"cdcs-tay-1": [moved, item("cdcs-tay-1/cu.md", "cdcs-tay-1", 1), moved],
                     "cdcs-dung": [item("cdcs-dung/hoi-nghi.md", "cdcs-dung", 5)],
                     "tinh-mau": [item("tinh-mau/thong-bao.md", "tinh-mau", 7)]}
    listed = feed_items(subtree_feed(province, settings), items_by_unit, settings.max_items)
    assert [i.identity for i in listed] == ["cdcs-tay-1/tin-co-so-tay.md", "tinh-mau/thong-bao.md", "cdcs-dung/hoi-nghi.md"]
