"""One URL layout (domain/url_layout.py): read from Pelican's settings, asked by everything else.

The demo's layout gives today's paths; a network built with another layout
writes its pages, redirects and sitemap entries at the same changed places
(nothing else computes a path); a layout the network cannot honour stops the
build with a message naming the setting.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from builder.build import BuildOptions, as_of_instant, build
from builder.config import load_config
from checks.addresses import site_prefixes
from conftest import LAYOUT, LOCAL_BASE, PAGINATED_COUNT, PAGINATED_UNIT, copy_fixture_content, run_build_cli
from domain.articles import scan_articles, short_id
from domain.registry import ProblemsFound, load_network
from domain.url_layout import PerPage, Place, file_of, url_of, url_to_path
from stages.redirects import REDIRECT_MARKER, plan_for
from stages.sitemaps import parse_sitemap

AS_OF = date(2026, 3, 1)
# Another layout, every list and the pagination moved: articles in folders, categories as files,
# page N numbered on two digits, three items a page.
OTHER_LAYOUT = """\
from pelicanconf import *  # noqa: F403 (the demo's settings, then what this layout changes)

ARTICLE_URL = "tin/{slug}/"
ARTICLE_SAVE_AS = "tin/{slug}/index.html"
CATEGORY_URL = "chuyen-muc/{slug}.html"
CATEGORY_SAVE_AS = "chuyen-muc/{slug}.html"
TAG_URL = "the/{slug}/"
TAG_SAVE_AS = "the/{slug}/index.html"
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang-{number:02d}/", "{base_name}/trang-{number:02d}/index.html"),
)
DEFAULT_PAGINATION = 3
PAGINATED_TEMPLATES = {"unit": None, "category": None, "tag": None, "archives": 5}
"""


def settings_file(folder: Path, text: str) -> Path:
    path = folder / "otherconf.py"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_demo_layout_gives_todays_paths():
    assert LAYOUT.article("hoi-nghi-abcdef") == Place("tin/hoi-nghi-abcdef.html", "tin/hoi-nghi-abcdef.html")
    assert LAYOUT.category("Hoạt động công đoàn") == Place("chuyen-muc/hoat-dong-cong-doan/index.html",
                                                          "chuyen-muc/hoat-dong-cong-doan/")
    assert LAYOUT.tag("Đại hội") == Place("the/dai-hoi/index.html", "the/dai-hoi/")
    assert LAYOUT.archives() == Place("luu-tru/index.html", "luu-tru/")
    assert LAYOUT.directory == Place("danh-ba/index.html", "danh-ba/")
    assert LAYOUT.feed_list == Place("feeds/index.html", "feeds/")
    assert LAYOUT.feed_save_as(LAYOUT.feed_path("unit", "cdcs-dung"), "atom") == "feeds/don-vi/cdcs-dung.atom.xml"
    assert LAYOUT.per_page == PerPage(unit=10, category=10, tag=10, archives=30)
    assert [page.save_as for page in LAYOUT.pages(LAYOUT.unit(""), "unit", 21)] == [
        "index.html", "trang-2/index.html", "trang-3/index.html"]
    assert [page.url for page in LAYOUT.pages(LAYOUT.unit("cdcs-ong/"), "unit", 12)] == ["cdcs-ong/", "cdcs-ong/trang-2/"]
    assert [page.save_as for page in LAYOUT.pages(LAYOUT.archives(), "archives", 31)] == [
        "luu-tru/index.html", "luu-tru/trang-2/index.html"]
    assert LAYOUT.page_count("tag", 0) == 1
    code = short_id("cdcs-dung/hoi-nghi.md")
    assert LAYOUT.article_code(f"tin/hoi-nghi-{code}.html") == code and LAYOUT.article_code("tin/x/index.html") is None


def test_urls_and_paths_map_both_ways():
    prefixes = {f"{LOCAL_BASE}/": "", f"{LOCAL_BASE}/tp-dong/": "tp-dong"}
    assert url_to_path(f"{LOCAL_BASE}/tp-dong/tin/a.html", prefixes) == "tp-dong/tin/a.html"
    assert url_to_path(f"{LOCAL_BASE}/tp-dong/chuyen-muc/x/", prefixes) == "tp-dong/chuyen-muc/x/"
    assert file_of(url_to_path(f"{LOCAL_BASE}/tp-dong", prefixes)) == "tp-dong/index.html"
    assert url_to_path(f"{LOCAL_BASE}/sitemap.xml", prefixes) == "sitemap.xml"
    assert url_to_path("https://example.org/tp-dong/", prefixes) is None
    assert [url_of(path) for path in ("index.html", "x/index.html", "tin/a.html")] == ["", "x/", "tin/a.html"]


@pytest.mark.parametrize("override, setting, words", [
    ('CATEGORY_URL = "muc/{slug}/"\nCATEGORY_SAVE_AS = "muc/{slug}/index.html"', "CATEGORY_SAVE_AS", "`muc`"),
    ('ARTICLE_URL = ARTICLE_SAVE_AS = "tin/{date:%Y}/{slug}.html"', "ARTICLE_URL", "{slug}"),
    ('TAG_URL = "the/{slug}/index.html"', "TAG_URL", "`the/{slug}/`"),
    ('PAGINATION_PATTERNS = ((1, "{url}", "{save_as}"), (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"))',
     "PAGINATION_PATTERNS", "`page`"),
    ('TAG_SAVE_AS = ""', "TAG_SAVE_AS", "không tắt được"),
    ('AUTHOR_SAVE_AS = "tac-gia/{slug}.html"', "AUTHOR_SAVE_AS", "không có chỗ"),
    ('DEFAULT_PAGINATION = -2', "DEFAULT_PAGINATION", "số nguyên dương"),
])
def test_a_layout_the_network_cannot_honour_is_refused_by_name(tmp_path, override, setting, words):
    path = settings_file(tmp_path, f"from pelicanconf import *  # noqa: F403\n{override}\n")
    with pytest.raises(ProblemsFound) as refused:
        load_config(path)
    problems = [p for p in refused.value.problems if p.field == setting]
    assert problems and problems[0].code == "bad-setting" and words in problems[0].message, refused.value.problems
    assert problems[0].line >= 2  # the line that sets it, in the settings file


def test_the_build_stops_on_a_layout_it_cannot_honour(tmp_path):
    path = settings_file(tmp_path, 'from pelicanconf import *  # noqa: F403\nCATEGORY_URL = "muc/{slug}/"\n'
                                   'CATEGORY_SAVE_AS = "muc/{slug}/index.html"\n')
    result = run_build_cli("--settings", str(path), "--content", str(copy_fixture_content(tmp_path)),
                           "--output", str(tmp_path / "output"))
    assert result.returncode != 0
    assert "CATEGORY_SAVE_AS" in result.stderr + result.stdout and not (tmp_path / "output" / "tp-dong").exists()


def test_another_layout_moves_pages_redirects_and_sitemaps_together(tmp_path):
    settings = settings_file(tmp_path, OTHER_LAYOUT)
    layout = load_config(settings).layout
    assert layout == replace(layout, article_url="tin/{slug}/", category_save_as="chuyen-muc/{slug}.html",
                             per_page=PerPage(unit=3, category=3, tag=3, archives=5))
    content = copy_fixture_content(tmp_path)
    registry_file = content / "network.yml"
    block = f"  - id: {PAGINATED_UNIT}\n    name: Công đoàn cơ sở Ông\n    short_name: CĐCS Ông\n    kind: grassroots\n    parent: tp-dong\n"
    text = registry_file.read_text(encoding="utf-8")
    assert block in text  # the unit moves to the province's site: its old pages and lists redirect
    registry_file.write_text(text.replace(block, block + "    history:\n      - {date: 2026-02-01, event: moved, parent: tinh-mau}\n"),
                             encoding="utf-8")
    output = tmp_path / "output"
    build(BuildOptions(content, output, settings, as_of=AS_OF))

    config, registry = load_config(settings), load_network(registry_file)
    network = registry.at(AS_OF)
    network.assign_urls(config.base_url)
    index = scan_articles(content, registry, default_category=config.default_category, timezone=config.timezone,
                          layout=layout, as_of=as_of_instant(AS_OF, config.timezone), main_categories=config.main_categories)
    plan, inventory, _ = plan_for(registry, network, index, index.published_files, config.feeds, layout, config.base_url)

    # Pages: every path of the inventory is written, and every page written is in it or a redirect.
    assert all((output / path).is_file() for path in inventory)
    for page in output.glob("*/**/*.html"):
        path = page.relative_to(output).as_posix()
        if path.split("/")[1] != "theme" and page.name != "404.html" and REDIRECT_MARKER not in page.read_text(encoding="utf-8"):
            assert path in inventory, path
    site = network[PAGINATED_UNIT].site.id
    assert site == "tinh-mau"
    assert [p.relative_to(output / site).as_posix() for p in sorted((output / site / PAGINATED_UNIT).glob("trang-*/index.html"))] == [
        f"{PAGINATED_UNIT}/trang-{n:02d}/index.html" for n in range(2, PAGINATED_COUNT // 3 + 1)]
    category = layout.category(index.by_source[f"{PAGINATED_UNIT}/ban-tin-so-01.md"].category)
    assert (output / site / category.save_as).is_file() and category.save_as.endswith(".html")
    assert not list(output.glob("*/chuyen-muc/*/index.html")) and not list(output.glob("*/tin/*.html"))

    # Redirects: the moved unit's articles, from the old layout's places to the new ones, in one hop.
    record = index.by_source[f"{PAGINATED_UNIT}/ban-tin-so-01.md"]
    old_page = output / "tp-dong" / record.save_as
    assert record.save_as.endswith("/index.html") and REDIRECT_MARKER in old_page.read_text(encoding="utf-8")
    assert f'url={LOCAL_BASE}/{site}/{record.url}"' in old_page.read_text(encoding="utf-8")
    assert plan.redirects and all(REDIRECT_MARKER in (output / r.old).read_text(encoding="utf-8") for r in plan.redirects)

    # Sitemaps: every URL listed is a file of the build (a page, or a redirect to one).
    prefixes = site_prefixes(registry, config.base_url)
    kind, sitemaps = parse_sitemap((output / "sitemap.xml").read_bytes())
    assert kind == "sitemapindex" and sitemaps
    listed = 0
    for sitemap in sitemaps:
        path = url_to_path(sitemap, prefixes)
        assert path is not None and (output / path).is_file(), sitemap
        for url in parse_sitemap((output / path).read_bytes())[1]:
            page = url_to_path(url, prefixes)
            assert page is not None and (output / file_of(page)).is_file(), url
            listed += 1
    assert listed >= len([p for p, entry in inventory.items() if entry.canonical and p.endswith(".html")])
    assert f"{LOCAL_BASE}/{site}/{category.url}" in (output / site / "sitemap.xml").read_text(encoding="utf-8")
    assert any(url_of(r.old.partition("/")[2]) in (output / "tp-dong" / "sitemap-chuyen-huong.xml").read_text(encoding="utf-8")
               for r in plan.redirects if r.old.startswith("tp-dong/tin/"))


def test_a_list_page_is_read_back_from_its_path_whatever_its_number():
    assert LAYOUT.list_page("category", "chuyen-muc/thong-bao/index.html") == ("thong-bao", 1)
    assert LAYOUT.list_page("category", "chuyen-muc/thong-bao/trang-2/index.html") == ("thong-bao", 2)
    assert LAYOUT.list_page("tag", "the/an-toan/trang-12/index.html") == ("an-toan", 12)
    for path in ("chuyen-muc/thong-bao/trang-1/index.html", "chuyen-muc/thong-bao/trang-02/index.html",
                 "the/an-toan/trang-2/index.html.bak", "tin/thong-bao.html", "chuyen-muc/Thong-Bao/index.html"):
        assert LAYOUT.list_page("category", path) is None, path
