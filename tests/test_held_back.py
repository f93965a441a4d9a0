"""One article's error never stops the publish build (`--hold-back-errors`): real builds of the
fixture network in a real git repository, the careless and hostile cases first."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from checks.links import check_links, site_roots
from domain.page_references import page_urls
from scripts.build import main as build_main
from scripts.check_urls import main as check_urls
from tests.conftest import ROOT, copy_fixture_content, local_network

PUBLISHED = "cdcs-dung/hoi-nghi-nguoi-lao-dong.md"
BAD_DATE = ("ngày `hôm qua` phải viết theo dạng năm-tháng-ngày giờ:phút, ví dụ `2026-11-24 08:00` "
            "(không viết 24/11/2026: dễ bị hiểu nhầm ngày và tháng) [bad-date]")
PAGE = "hoi-nghi-nguoi-lao-dong-nam-2026"  # its slug (cdcs-dong has an article of the same title)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    content = copy_fixture_content(tmp_path / "repo")
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", ".")
    git(tmp_path / "repo", "commit", "-qm", "first")
    return content


def run(content: Path, output: Path, *extra: str) -> int:
    return build_main(["--content", str(content), "--output", str(output), "--jobs", "1", "--as-of", "2026-06-01", *extra])


def article_page(output: Path) -> Path:
    pages = [p for p in sorted(output.glob(f"*/tin/{PAGE}-*.html")) if "Dũng tổ chức".encode() in p.read_bytes()]
    assert len(pages) == 1, pages
    return pages[0]


def break_article(content: Path) -> None:
    file = content / PUBLISHED
    file.write_text(file.read_text(encoding="utf-8").replace("Date: 2026-03-05 08:00", "Date: hôm qua"), encoding="utf-8")


def test_article_broken_after_publishing_stays_online_as_published(repo, tmp_path, capsys):
    first = tmp_path / "first"
    assert run(repo, first, "--hold-back-errors") == 0
    info = json.loads((first / "build-info.json").read_text(encoding="utf-8"))
    commit = git(repo, "rev-parse", "HEAD")
    assert info["commit"] == commit and info["held_back"] == {}
    published = article_page(first).read_bytes()
    break_article(repo)
    (repo / "cdcs-dung" / "bai-moi.md").write_text("Title: Bài mới\nDate: mai\n\nNội dung.\n", encoding="utf-8")
    git(repo.parent, "commit", "-qam", "broken")
    git(repo.parent, "add", ".")
    git(repo.parent, "commit", "-qm", "new broken")
    capsys.readouterr()
    summary = tmp_path / "summary.md"
    second = tmp_path / "second"  # a fresh output: the old version can only come from git
    assert run(repo, second, "--hold-back-errors", "--previous-build-info", str(first / "build-info.json"),
               "--summary", str(summary)) == 3
    err = capsys.readouterr().err
    shown = f"{repo}/{PUBLISHED}"
    assert f"giữ lại {PUBLISHED}: bản đã đăng (commit {commit[:12]}) vẫn ở trên mạng" in err
    assert f"  {shown}:2: Date: {BAD_DATE}\n" in err
    assert "giữ lại cdcs-dung/bai-moi.md: bài chưa được đăng" in err
    assert f"  {repo}/cdcs-dung/bai-moi.md:2: Date: " in err
    assert "(mã thoát 3)" in err
    assert "## Bài bị giữ lại" in summary.read_text(encoding="utf-8")
    # The old version, at the same URL, byte for byte; the new broken one is not published; the rest is.
    assert article_page(second).read_bytes() == published
    assert not list(second.glob("*/tin/bai-moi-*.html"))
    assert check_urls([str(first), str(second), "--content", str(repo)]) == 0
    info = json.loads((second / "build-info.json").read_text(encoding="utf-8"))
    assert info["commit"] == git(repo, "rev-parse", "HEAD")
    assert info["held_back"] == {PUBLISHED: commit, "cdcs-dung/bai-moi.md": None}
    # The editors' files are never touched: the broken version is still there to fix.
    assert "Date: hôm qua" in (repo / PUBLISHED).read_text(encoding="utf-8")
    # Still broken at the next deploy: the same old version, from the commit build-info names for it.
    third = tmp_path / "third"
    assert run(repo, third, "--hold-back-errors", "--previous-build-info", str(second / "build-info.json")) == 3
    assert article_page(third).read_bytes() == published


def test_without_git_the_previous_output_page_is_kept(tmp_path, capsys):
    content = copy_fixture_content(tmp_path / "plain")  # no git: no commit to build the old version from
    output = tmp_path / "output"
    assert run(content, output, "--hold-back-errors") == 0
    assert json.loads((output / "build-info.json").read_text(encoding="utf-8"))["commit"] is None
    before = article_page(output).read_bytes()
    break_article(content)
    capsys.readouterr()
    assert run(content, output, "--hold-back-errors") == 3
    assert f"giữ lại {PUBLISHED}: trang đã đăng của lần dựng trước được giữ nguyên" in capsys.readouterr().err
    assert article_page(output).read_bytes() == before
    # The kept page still shows its photo and its tags: the held-back article's files are no longer
    # published by the build, nor the tag pages only it had, so they are carried over from the previous output.
    shown = [url for url in page_urls(BeautifulSoup(before, "html.parser")) if "/images/" in url or "hoi-nghi" in url]
    assert shown, "the fixture article shows a photo"
    checked, broken = check_links(output, site_roots(local_network(content, day=date(2026, 6, 1)).sites))
    assert checked and broken == [], broken


def test_registry_error_still_stops_the_publish_build(repo, tmp_path, capsys):
    output = tmp_path / "output"
    assert run(repo, output, "--hold-back-errors") == 0
    before = sorted(p.relative_to(output) for p in output.rglob("*"))
    registry = repo / "network.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n  - id: [\n", encoding="utf-8")
    break_article(repo)
    assert run(repo, output, "--hold-back-errors") == 1
    assert "Không dựng được" in capsys.readouterr().err
    assert sorted(p.relative_to(output) for p in output.rglob("*")) == before


def test_strict_build_unchanged_one_error_stops_everything(repo, tmp_path, capsys):
    output = tmp_path / "output"
    assert run(repo, output) == 0
    assert not (output / "build-info.json").exists()  # only publish builds record it
    page = article_page(output).read_bytes()
    break_article(repo)
    capsys.readouterr()
    assert run(repo, output) == 1
    err = capsys.readouterr().err
    assert f"{repo}/{PUBLISHED}:2: Date: " in err and "giữ lại" not in err
    assert article_page(output).read_bytes() == page


def test_only_publishing_holds_back():
    """`make build` and the pull-request checks stay strict; `make publish` and the deploy hold back."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipes = dict(re.findall(r"^(\w+):[^\n]*\n((?:\t[^\n]*\n)+)", makefile, re.MULTILINE))
    assert "--hold-back-errors" in recipes["publish"]
    assert "scripts.build" in recipes["build"] and "--hold-back-errors" not in recipes["build"]
    assert "--hold-back-errors" in (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        if workflow.name != "deploy.yml":
            assert "--hold-back-errors" not in workflow.read_text(encoding="utf-8"), workflow
    assert shutil.which("git")


def test_merged_shards_carry_every_shards_held_back_articles(tmp_path):
    """Each shard records its own held-back articles: the merged build-info (the one published, read by
    the next deploy) must have them all, or the other shards' articles would come back broken."""
    from builder.held_back import BuildInfo, write_build_info
    from builder.merge import MergeError, merge_shards

    shards = [tmp_path / "shard-1", tmp_path / "shard-2"]
    for shard, held in zip(shards, ({"cdcs-a/x.md": "c0"}, {"cdcs-b/y.md": None}), strict=True):
        (shard / "site").mkdir(parents=True)
        write_build_info(shard, BuildInfo("c1", f"2026-12-02T0{len(held)}:00:00+00:00", held))
    (shards[1] / "site").rename(shards[1] / "other-site")
    merge_shards(shards, tmp_path / "merged")
    merged = json.loads((tmp_path / "merged" / "build-info.json").read_text(encoding="utf-8"))
    assert merged["commit"] == "c1" and merged["held_back"] == {"cdcs-a/x.md": "c0", "cdcs-b/y.md": None}
    write_build_info(shards[1], BuildInfo("c2", "", {}))
    with pytest.raises(MergeError):
        merge_shards(shards, tmp_path / "merged-2")
