"""plugins/incremental on its own: template closures and page keys (pure functions), the writer's links."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment

from incremental.keys import OWN_SLICE_TEMPLATES, page_key, template_closure
from incremental.memo import SiteMemo

TEMPLATES = {
    "base.html": '{% import "macros.html" as ui %}<main>{% block content %}{% endblock %}</main>',
    "macros.html": "{% macro card(x) %}<p>{{ x }}</p>{% endmacro %}",
    "article.html": '{% extends "base.html" %}{% block content %}{{ article.content }}{% endblock %}',
    "tag.html": '{% extends "base.html" %}{% block content %}{% include "tag-list.html" %}{% endblock %}',
    "tag-list.html": "<ul></ul>",
    "dynamic.html": "{% include name %}",
}


def closure(templates: dict[str, str], name: str) -> str:
    return template_closure(Environment(loader=DictLoader(templates)), name, {})


def test_a_template_closure_covers_what_it_extends_imports_and_includes_only():
    before = {name: closure(TEMPLATES, name) for name in ("article.html", "tag.html")}
    edited = {**TEMPLATES, "tag-list.html": "<ol></ol>"}
    assert closure(edited, "tag.html") != before["tag.html"]
    assert closure(edited, "article.html") == before["article.html"]
    edited = {**TEMPLATES, "macros.html": TEMPLATES["macros.html"].replace("<p>", "<div>")}
    assert closure(edited, "article.html") != before["article.html"]  # imported by base.html


def test_a_template_naming_its_include_at_render_time_depends_on_every_template():
    assert closure({**TEMPLATES, "tag-list.html": "<ol></ol>"}, "dynamic.html") != closure(TEMPLATES, "dynamic.html")


def _article(source: str):
    return SimpleNamespace(source_path=source)


def test_a_page_key_changes_with_the_bodies_it_shows_and_nothing_else():
    memo = SiteMemo(code="c", chrome="chrome", previous_output=None, digests={"a.md": "1", "b.md": "2", "c.md": "3"})
    page = SimpleNamespace(number=1, paginator=SimpleNamespace(num_pages=2), object_list=[_article("a.md"), _article("b.md")])
    context = {"output_file": "index.html", "articles_page": page, "articles": [_article("c.md")]}
    key = page_key(memo, "tag.html", "closure", context)
    memo.digests["c.md"] = "3-edited"  # in the full list, but not on this page
    assert page_key(memo, "tag.html", "closure", context) == key
    memo.digests["b.md"] = "2-edited"
    assert page_key(memo, "tag.html", "closure", context) != key
    assert page_key(memo, "tag.html", "other closure", context) != page_key(memo, "tag.html", "closure", context)
    assert page_key(SiteMemo("c", "other chrome", None, digests=memo.digests), "tag.html", "closure", context) != page_key(memo, "tag.html", "closure", context)
    page.number = 2  # the same articles on another page number: other pagination links
    assert page_key(memo, "tag.html", "closure", context) != page_key(memo, "tag.html", "closure", {**context, "articles_page": SimpleNamespace(
        number=1, paginator=page.paginator, object_list=page.object_list)})


def test_a_page_showing_content_the_memo_did_not_read_is_always_rendered():
    memo = SiteMemo(code="c", chrome="chrome", previous_output=None, digests={})
    assert page_key(memo, "tag.html", "closure", {"output_file": "tin/x.html", "article": _article("x.md")}) is None


def test_a_linked_page_written_over_leaves_the_previous_output_alone(tmp_path):
    """Pelican may write one path twice (override_output); the second write must not go through
    the hard link into the last build's file."""
    from pelican.settings import DEFAULT_CONFIG

    from plugins.incremental.writer import MemoWriter

    previous = tmp_path / "previous" / "tin" / "a.html"
    previous.parent.mkdir(parents=True)
    previous.write_text("trang cũ", encoding="utf-8")
    writer = MemoWriter(str(tmp_path / "new"), settings=DEFAULT_CONFIG)
    writer.reuse("tin/a.html", previous)
    target = str(tmp_path / "new" / "tin" / "a.html")
    (tmp_path / "new" / "tin").mkdir(parents=True)
    with writer._open_w(target, "utf-8") as file:
        file.write("")  # what Pelican writes for a page rendered as unchanged: discarded
    assert Path(target).read_text(encoding="utf-8") == "trang cũ"
    with writer._open_w(target, "utf-8", override=True) as file:
        file.write("trang mới")
    assert Path(target).read_text(encoding="utf-8") == "trang mới"
    assert previous.read_text(encoding="utf-8") == "trang cũ"


def test_an_article_page_and_a_list_of_its_own_slice_leave_the_other_records_out():
    memo = SiteMemo(code="c", chrome="chrome with records", previous_output=None, chrome_base="chrome",
                    digests={"a.md": "1"}, article_records=lambda article: "what it lists")
    page = SimpleNamespace(number=1, paginator=SimpleNamespace(num_pages=1), object_list=[_article("a.md")])
    listing = {"output_file": "the/x.html", "articles_page": page, "nav_categories": [SimpleNamespace(name="Tin")]}
    article = {"output_file": "tin/a.html", "article": _article("a.md")}
    other_records = SiteMemo(**{**vars(memo), "chrome": "chrome with other records", "next": {}})
    assert page_key(other_records, "tag.html", "closure", listing) == page_key(memo, "tag.html", "closure", listing)
    assert page_key(other_records, "article.html", "c", article) == page_key(memo, "article.html", "c", article)
    assert page_key(other_records, "unit.html", "closure", listing) != page_key(memo, "unit.html", "closure", listing)
    # What the article lists, and the menu (made from the categories in use), are in their keys.
    assert page_key(SiteMemo(**{**vars(memo), "article_records": lambda article: "other"}), "article.html", "c",
                    article) != page_key(memo, "article.html", "c", article)
    assert page_key(memo, "tag.html", "closure", {**listing, "nav_categories": []}) != page_key(memo, "tag.html", "closure", listing)


# What these pages' templates may read.  Their keys hold the chrome without the index records, the
# menu and, for an article, what `article_links` picks (incremental/keys.py page_chrome): a name
# that reads other articles' records some other way (news_from_below, front_page, Pelican's
# `articles`...) would be shown stale after an edit.  Adding a name here means checking that.
COMMON_NAMES = {
    "ARCHIVES_SAVE_AS", "ARCHIVES_URL", "DIRECTORY_URL", "FEED_LIST_URL", "SITENAME", "SITEURL", "THEME_STATIC_DIR",
    "breadcrumbs", "canonical_url", "csp_meta", "feed_links", "nav_categories", "network_site", "output_file",
    "preview_script", "share_links", "share_tags", "site_federations", "site_feed_specs", "site_json_ld",
    "site_pages", "site_share_image", "ui",
    "teasers",  # of the articles a macro is given: the page's own slice
}
PAGE_NAMES = {"article.html": {"article", "article_links"}, "category.html": {"category", "articles_page"},
              "tag.html": {"tag", "articles_page"}, "archives.html": {"dates_page"}}


def _closure_names(template: str) -> set[str]:
    from jinja2 import FileSystemLoader, meta

    from conftest import ROOT

    env = Environment(loader=FileSystemLoader(str(ROOT / "themes" / "congdoan" / "templates")))
    names: set[str] = set()
    todo, seen = [template], set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            tree = env.parse(env.loader.get_source(env, name)[0])
            names |= meta.find_undeclared_variables(tree)
            todo.extend(other for other in meta.find_referenced_templates(tree) if other)
    return names


@pytest.mark.parametrize("template", sorted(PAGE_NAMES))
def test_pages_keyed_without_the_records_read_other_articles_only_as_their_own(template):
    assert set(PAGE_NAMES) == {"article.html", *OWN_SLICE_TEMPLATES}
    allowed = COMMON_NAMES | PAGE_NAMES[template] | {"articles_page", "dates_page", "page_window"}
    names = _closure_names(template)
    assert names <= allowed, sorted(names - allowed)
