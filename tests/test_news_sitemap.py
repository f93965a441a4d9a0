"""The Google News sitemap of every site: the articles of the two days before the build's instant."""

from __future__ import annotations

import filecmp
from datetime import date

from lxml import etree

from builder.build import BuildOptions, build
from conftest import ROOT, copy_fixture_content
from stages.sitemaps import parse_sitemap

SETTINGS = ROOT / "pelicanconf.py"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def news_of(output, site):
    root = etree.parse(str(output / site / "sitemap-tin-moi.xml")).getroot()
    return [(url.findtext("s:loc", namespaces=NS), url.findtext("news:news/news:title", namespaces=NS),
             url.findtext("news:news/news:publication_date", namespaces=NS),
             url.findtext("news:news/news:publication/news:name", namespaces=NS),
             url.findtext("news:news/news:publication/news:language", namespaces=NS))
            for url in root.iterfind("s:url", NS)]


def test_each_site_lists_its_articles_of_the_last_two_days_and_the_window_moves_with_the_day(tmp_path):
    content = copy_fixture_content(tmp_path)
    hostile = content / "cdcs-dung" / "ky-tu.md"  # a title with what XML must escape
    hostile.write_text("Title: Lương & thưởng <Tết> \"2026\"\nDate: 2026-03-05 10:00\n\nNội dung.\n", encoding="utf-8")
    output = tmp_path / "output"
    build(BuildOptions(content, output, SETTINGS, jobs=1, as_of=date(2026, 3, 5)))
    every = {site.parent.name: news_of(output, site.parent.name) for site in output.glob("*/sitemap-tin-moi.xml")}
    assert set(every) == {"tinh-mau", "tp-dong", "tp-tay"}  # every site has one, even with nothing new
    listed = [entry for entries in every.values() for entry in entries]
    assert listed and all(entry[2] >= "2026-03-03T23:59" and entry[2] <= "2026-03-05T23:59:59+07:00" for entry in listed)
    assert {entry[4] for entry in listed} == {"vi"}
    assert ('Lương & thưởng <Tết> "2026"' in [entry[1] for entry in listed])
    for site, entries in every.items():
        page_urls = set(parse_sitemap((output / site / "sitemap.xml").read_bytes())[1])
        assert {entry[0] for entry in entries} <= page_urls  # canonical pages of that site only
    # the index and robots.txt name it
    assert any(loc.endswith("/tp-dong/sitemap-tin-moi.xml") for loc in parse_sitemap((output / "sitemap.xml").read_bytes())[1])
    assert "sitemap-tin-moi.xml" in (output / "tp-dong" / "robots.txt").read_text(encoding="utf-8")

    # Days later, nothing edited: the window is empty, and the incremental build says so like a clean one.
    build(BuildOptions(content, output, SETTINGS, jobs=1, as_of=date(2026, 3, 20)))
    assert all(news_of(output, site) == [] for site in every)
    clean = tmp_path / "clean"
    build(BuildOptions(content, clean, SETTINGS, jobs=1, as_of=date(2026, 3, 20)))
    for site in every:
        assert filecmp.cmp(output / site / "sitemap-tin-moi.xml", clean / site / "sitemap-tin-moi.xml", shallow=False)
