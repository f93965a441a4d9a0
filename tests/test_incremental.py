"""Incremental builds produce exactly the bytes of a clean build, and leave unchanged files alone."""

from __future__ import annotations

import os
import random
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from builder.build import BuildOptions, build
from conftest import ROOT, copy_fixture_content, demo_only

AS_OF = date(2026, 11, 24)


def files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def stamps(output: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(output).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in output.rglob("*") if p.is_file()}


def run(content: Path, output: Path, settings: Path = ROOT / "pelicanconf.py"):
    return build(BuildOptions(content, output, settings, jobs=2, as_of=AS_OF))


def own_theme(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the theme that a test may edit, and a settings file that uses it."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "themes" / "congdoan", theme)
    settings = tmp_path / "testconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\nTHEME = {str(theme)!r}\n",
                        encoding="utf-8")
    return theme, settings


def edit_body(content: Path, rng: random.Random) -> str:
    article = rng.choice(sorted(content.rglob("*.md")))
    article.write_text(article.read_text(encoding="utf-8") + f"\nMột câu mới số {rng.randint(1, 10**6)}.\n", encoding="utf-8")
    return f"body of {article.name}"


def edit_title(content: Path, rng: random.Random) -> str:
    article = rng.choice(sorted(content.rglob("*.md")))
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Title: ", f"Title: Sửa {rng.randint(1, 99)} ", 1), encoding="utf-8")
    return f"title of {article.name}"


def edit_topic(content: Path, rng: random.Random) -> str:
    """A new tag or another category: what "Tin liên quan" and the menu are made from."""
    article = rng.choice(sorted(content.rglob("*.md")))
    lines = article.read_text(encoding="utf-8").split("\n")
    header_end = lines.index("") if "" in lines else len(lines)
    header = [line for line in lines[:header_end] if not line.startswith(("Tags:", "Category:"))]
    topic = rng.choice(["Tags: hội nghị", "Category: Văn hóa - Thể thao", "Category: Hoạt động công đoàn\nTags: dân chủ cơ sở"])
    article.write_text("\n".join([*header, topic, *lines[header_end:]]), encoding="utf-8")
    return f"topic of {article.name}"


def add_article(content: Path, rng: random.Random) -> str:
    unit = rng.choice(["cdcs-dung", "tp-tay", "cdcs-so-y-te", "tinh-mau"])
    number = rng.randint(1, 10**6)
    (content / unit).mkdir(exist_ok=True)
    (content / unit / f"moi-{number}.md").write_text(
        f"Title: Bài mới {number}\nDate: 2026-05-{rng.randint(1, 28):02d} 09:00\nCategory: Văn hóa - Thể thao\n\nNội dung.\n",
        encoding="utf-8")
    return f"new article in {unit}"


def delete_article(content: Path, rng: random.Random) -> str:
    article = rng.choice(sorted(content.rglob("*.md")))
    article.unlink()
    return f"deleted {article.name}"


def move_unit(content: Path, rng: random.Random) -> str:
    registry = content / "network.yml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("    parent: tp-tay\n", "    parent: tp-dong\n") if "parent: tp-tay" in text
                        else text.replace("  - id: cdcs-tay-1\n    name: Công đoàn cơ sở Công ty May Tây\n    short_name: CĐCS May Tây\n    kind: grassroots\n    parent: tp-dong\n",
                                          "  - id: cdcs-tay-1\n    name: Công đoàn cơ sở Công ty May Tây\n    short_name: CĐCS May Tây\n    kind: grassroots\n    parent: tp-tay\n"),
                        encoding="utf-8")
    return "moved cdcs-tay-1"


EDITS = [edit_body, edit_title, edit_topic, add_article, delete_article, move_unit]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_builds_equal_clean_builds(tmp_path, seed):
    rng = random.Random(seed)
    content = copy_fixture_content(tmp_path)
    incremental = tmp_path / "incremental" / "output"
    run(content, incremental)
    for step in range(5):
        what = rng.choice(EDITS)(content, rng)
        report = run(content, incremental)
        clean = tmp_path / f"clean-{step}" / "output"
        run(content, clean)
        mine, theirs = files(incremental), files(clean)
        assert mine.keys() == theirs.keys(), what
        assert [name for name in mine if mine[name] != theirs[name]] == [], what
        if what.startswith("body"):  # a body edit rebuilds the article's own site only
            assert len(report.sites) == 1, (what, report.reused)
        shutil.rmtree(clean.parent)


def test_nothing_changed_nothing_rewritten(tmp_path):
    content = copy_fixture_content(tmp_path)
    output = tmp_path / "output"
    run(content, output)
    before = stamps(output)
    report = run(content, output)
    assert report.sites == [] and sorted(report.reused) == ["tinh-mau", "tp-dong", "tp-tay"]
    assert stamps(output) == before


def test_one_edited_article_rewrites_only_what_shows_it(tmp_path):
    content = copy_fixture_content(tmp_path)
    output = tmp_path / "output"
    run(content, output)
    before = stamps(output)
    article = content / "cdcs-tay-1" / "tin-co-so-tay.md"
    article.write_text(article.read_text(encoding="utf-8").replace("Bài của", "Bài viết của"), encoding="utf-8")
    report = run(content, output)
    assert [site.site_id for site in report.sites] == ["tp-tay"]
    after = stamps(output)
    changed = sorted(name for name in after if before.get(name) != after[name])
    # The province's feeds and its network search (its copy of tp-tay's index, the network index's shards
    # of the edited words) carry the article too.
    assert all(name.startswith(("tp-tay/", "tinh-mau/feeds/", "tinh-mau/tim-kiem/chi-muc/tp-tay/",
                                "tinh-mau/tim-kiem/mang-luoi/t/")) for name in changed), changed
    assert any(name.startswith("tinh-mau/tim-kiem/mang-luoi/t/") for name in changed)
    assert "tinh-mau/tim-kiem/mang-luoi/meta.json" not in changed  # the same bytes: the last output's file
    assert any(name.startswith("tp-tay/tin/") for name in changed)
    assert "tinh-mau/feeds/toan-he-thong.atom.xml" in changed  # the province's aggregate carries the article
    assert "tinh-mau/index.html" not in changed and "tp-dong/index.html" not in changed
    # Inside tp-tay only the pages showing the article were rendered again.
    rebuilt = report.sites[0]
    assert 0 < rebuilt.rendered < rebuilt.pages, (rebuilt.rendered, rebuilt.pages)
    assert "tp-tay/danh-ba/index.html" not in changed


@pytest.mark.parametrize("template, pages_using_it", [("tag.html", "/the/"), ("article.html", "/tin/")])
def test_a_template_edit_renders_only_the_pages_using_it(tmp_path, template, pages_using_it):
    content = copy_fixture_content(tmp_path)
    theme, settings = own_theme(tmp_path)
    output = tmp_path / "output"
    run(content, output, settings)
    before = stamps(output)
    edited = theme / "templates" / template
    edited.write_text(edited.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}<!-- sửa -->", 1),
                      encoding="utf-8")
    report = run(content, output, settings)
    after = stamps(output)
    changed = sorted(name for name in after if before.get(name) != after[name])
    assert changed and all(pages_using_it in name for name in changed), changed
    assert sum(site.rendered for site in report.sites) == len(changed)
    clean = tmp_path / "clean" / "output"
    run(content, clean, settings)
    assert files(output) == files(clean)


def test_a_build_killed_after_its_commit_is_not_trusted_afterwards(tmp_path, monkeypatch):
    """Killed between replacing output/ and saving what it was made from, then the edit is undone:
    the next build must not take the replaced files for the old ones."""
    import builder.staging

    content = copy_fixture_content(tmp_path)
    output = tmp_path / "output"
    run(content, output)
    article = content / "cdcs-tay-1" / "tin-co-so-tay.md"
    original = article.read_text(encoding="utf-8")
    article.write_text(original.replace("Bài của", "Bài viết của"), encoding="utf-8")

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(builder.staging, "_move_tree", killed)  # the first step after the swap
    with pytest.raises(KeyboardInterrupt):
        run(content, output)
    monkeypatch.undo()
    article.write_text(original, encoding="utf-8")
    run(content, output)
    clean = tmp_path / "clean" / "output"
    run(content, clean)
    assert files(output) == files(clean)


def test_a_new_day_rebuilds_only_what_the_day_changes(tmp_path):
    """The hourly deploy builds "as of now": a day with no event and no article due reuses everything."""
    content = copy_fixture_content(tmp_path)
    (content / "cdcs-dung" / "hen-gio.md").write_text(
        "Title: Bài hẹn giờ\nDate: 2026-11-26 08:00\nCategory: Tin tức - Sự kiện\n\nĐăng vào sáng 26/11.\n", encoding="utf-8")
    output = tmp_path / "output"

    def on(day: date):
        return build(BuildOptions(content, output, ROOT / "pelicanconf.py", jobs=2, as_of=day))

    on(date(2026, 11, 24))
    assert on(date(2026, 11, 25)).sites == []
    rebuilt = on(date(2026, 11, 26))
    # the article's site, and the province showing it in "Tin từ cơ sở"; not tp-tay
    assert sorted(site.site_id for site in rebuilt.sites) == ["tinh-mau", "tp-dong"]
    clean = tmp_path / "clean" / "output"
    build(BuildOptions(content, clean, ROOT / "pelicanconf.py", jobs=2, as_of=date(2026, 11, 26)))
    assert files(output) == files(clean)


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(tmp_path):
    """Files not written since the last scan are not read again; any write changes ctime, so it is."""
    content = copy_fixture_content(tmp_path)
    time.sleep(2.2)  # settled: the scan trusts these files' signatures next time
    output = tmp_path / "output"
    run(content, output)
    article = content / "cdcs-tay-1" / "tin-co-so-tay.md"
    text = article.read_text(encoding="utf-8")
    stat = article.stat()
    article.write_text(text.replace("Bài của", "Bài cửa"), encoding="utf-8")  # the same number of bytes
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert article.stat().st_size == stat.st_size and article.stat().st_mtime_ns == stat.st_mtime_ns
    report = run(content, output)
    assert [site.site_id for site in report.sites] == ["tp-tay"]
    clean = tmp_path / "clean" / "output"
    run(content, clean)
    assert files(output) == files(clean)


@demo_only
def test_incremental_builds_of_the_demo_network_and_its_history_equal_clean_builds(tmp_path):
    """The demo's merger leaves redirects and copied images in folded sites' folders; a rebuild
    that reuses the sites those point into must still write them (from the last output)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    output = tmp_path / "output"
    run(content, output)
    rng = random.Random(7)
    for step in range(3):
        what = edit_body(content, rng)
        report = run(content, output)
        assert report.reused, what  # the other sites were not rebuilt
        clean = tmp_path / f"clean-{step}" / "output"
        run(content, clean)
        assert files(output) == files(clean), what


def test_a_corrected_title_renders_again_only_the_article_pages_that_show_it(tmp_path):
    """An article page's key holds the records it shows (its related, same-unit, older and newer
    articles), not every record of the site: the other article pages are left as they were."""
    content = copy_fixture_content(tmp_path)
    output = tmp_path / "incremental" / "output"
    run(content, output)
    before = stamps(output)
    article = content / "tinh-mau" / "thong-bao-dai-hoi.md"  # the province's: every site's pages may show it
    article.write_text(article.read_text(encoding="utf-8").replace("Title: ", "Title: Đã sửa: ", 1), encoding="utf-8")
    report = run(content, output)
    after = stamps(output)
    pages = [name for name in after if "/tin/" in name and name.endswith(".html")]
    changed = [name for name in pages if before.get(name) != after[name]]
    kept = [name for name in pages if before.get(name) == after[name]]
    assert changed and kept, (changed, kept)
    for name in changed:  # its own page (at its new address), a redirect at the old one, or a page listing it
        text = (output / name).read_text(encoding="utf-8")
        assert "Đã sửa:" in text or 'http-equiv="refresh"' in text, name
    assert sum(site.rendered for site in report.sites) < sum(site.pages for site in report.sites)
    clean = tmp_path / "clean" / "output"
    run(content, clean)
    mine, theirs = files(output), files(clean)
    assert mine.keys() == theirs.keys()
    assert [name for name in mine if mine[name] != theirs[name]] == []
