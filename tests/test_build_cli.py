"""`python -m scripts.build` as an editor and CI run it: errors, workers, partial and publish builds."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from checks.links import check_links, site_roots
from conftest import ROOT, copy_fixture_content, local_network, run_build_cli


def tree_fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file's bytes and mtime: proof that a folder was not touched."""
    return {
        path.relative_to(folder).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> tuple[Path, Path]:
    """Content and a good output, both outside the repository."""
    work = tmp_path_factory.mktemp("cli")
    content = copy_fixture_content(work)
    output = work / "site-output"
    result = run_build_cli("--content", str(content), "--output", str(output), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    return content, output


def test_two_workers_really_build(workspace, tmp_path):
    content, _ = workspace
    output = tmp_path / "fresh"  # nothing to reuse: every site is built
    result = run_build_cli("--content", str(content), "--output", str(output), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    workers = set(re.findall(r"\(tiến trình (\d+), pid (\d+)\)", result.stdout))
    assert {number for number, _ in workers} == {"1", "2"}
    assert len({pid for _, pid in workers}) == 2
    assert re.search(r"^Xong: 3 trang web \(3 dựng lại, 0 giữ nguyên\), \d+ trang, [\d.]+ giây, 2 tiến trình\.$",
                     result.stdout, re.M)
    for site in ("tinh-mau", "tp-dong", "tp-tay"):
        assert re.search(rf"^  {site}: \d+ trang", result.stdout, re.M)


def test_broken_article_fails_and_leaves_output_exactly_as_it_was(workspace, tmp_path):
    content, output = workspace
    broken = tmp_path / "content"

    shutil.copytree(content, broken)
    article = broken / "cdcs-dung" / "hoi-nghi-nguoi-lao-dong.md"
    article.write_text(article.read_text(encoding="utf-8").replace("Date: 2026-03-05 08:00\n", ""), encoding="utf-8")
    (broken / "cdcs-tay-1" / "sai.md").write_text("Title: Sai\nDate: 2026-13-45\n\nx\n", encoding="utf-8")
    before = tree_fingerprint(output)
    siblings_before = set(output.parent.iterdir())

    result = run_build_cli("--content", str(broken), "--output", str(output), "--jobs", "2")

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert any(re.fullmatch(r".*cdcs-dung/hoi-nghi-nguoi-lao-dong\.md:1: Date: .* \[missing-date\]", line) for line in lines), lines
    assert any(re.fullmatch(r".*cdcs-tay-1/sai\.md:2: Date: .* \[bad-date\]", line) for line in lines), lines
    assert "thư mục kết quả giữ nguyên" in lines[-1]
    assert tree_fingerprint(output) == before
    assert set(output.parent.iterdir()) == siblings_before  # no temporary folder left behind


def test_template_error_in_one_site_leaves_output_untouched(workspace, tmp_path):
    """A failure inside a worker (here: a broken theme) also changes nothing."""
    content, output = workspace

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "themes" / "congdoan", theme)
    (theme / "templates" / "directory.html").write_text("{% extends 'base.html' %}{% block content %}{{ 1/0 }}{% endblock %}")
    settings = tmp_path / "settings.py"
    settings.write_text(f"from pelicanconf import *\nTHEME = {str(theme)!r}\n", encoding="utf-8")
    before = tree_fingerprint(output)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = run_build_cli("--content", str(content), "--output", str(output), "--settings", str(settings), env=env)
    assert result.returncode == 2  # not a content problem: one line names the log (builder/failure_log.py)
    assert "division by zero" in result.stderr and "Traceback" not in result.stderr
    assert tree_fingerprint(output) == before
    assert not list(output.parent.glob(".build-*"))


def with_registry_edit(content: Path, target: Path, old: str, new: str) -> Path:
    """A copy of `content` whose network.yml has `old` replaced by `new`."""
    shutil.copytree(content, target)
    registry = target / "network.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return target


def test_registry_error_is_reported_with_its_line(workspace, tmp_path):
    content, output = workspace
    bad = with_registry_edit(content, tmp_path / "content", "parent: tp-tay", "parent: tp-bac")
    result = run_build_cli("--content", str(bad), "--output", str(output))
    assert result.returncode == 1
    assert re.search(r"network\.yml:\d+: parent: đơn vị cdcs-tay-1: .*`tp-bac`.* \[unknown-parent\]", result.stderr)


def test_one_site_rebuilds_alone(workspace):
    content, output = workspace
    others = {site: tree_fingerprint(output / site) for site in ("tinh-mau", "tp-tay")}
    result = run_build_cli("--content", str(content), "--output", str(output), "--site", "tp-dong")
    assert result.returncode == 0, result.stderr
    assert "Xong: 1 trang web" in result.stdout
    assert {site: tree_fingerprint(output / site) for site in others} == others
    assert (output / "tp-dong" / "index.html").is_file() and (output / "index.html").is_file()


def test_unknown_site_is_an_error(workspace):
    content, output = workspace
    result = run_build_cli("--content", str(content), "--output", str(output), "--site", "tp-bac")
    assert result.returncode == 1 and "[unknown-site]" in result.stderr


def test_publish_settings_take_each_site_url_from_the_registry(workspace, tmp_path):
    content, _ = workspace
    output = tmp_path / "public"
    result = run_build_cli("--content", str(content), "--output", str(output), "--settings", str(ROOT / "publishconf.py"),
                           env={k: v for k, v in os.environ.items() if k != "NETWORK_BASE_URL"})
    assert result.returncode == 0, result.stderr
    network = local_network(content, base_url=None)
    front = BeautifulSoup((output / "tp-dong" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert front.select_one(".site-name a")["href"] == "https://mau.example.vn/tp-dong/"
    assert front.select_one("nav.breadcrumbs a")["href"] == "https://ldld.tinhmau.example.vn/"  # the parent, once
    _, broken = check_links(output, site_roots(network.sites))
    assert broken == []


def test_publish_under_one_address_with_network_base_url(workspace, tmp_path):
    content, _ = workspace
    output = tmp_path / "pages"
    env = dict(os.environ, NETWORK_BASE_URL="https://congdoan.github.io/mang-tin")
    result = run_build_cli("--content", str(content), "--output", str(output), "--settings", str(ROOT / "publishconf.py"), env=env)
    assert result.returncode == 0, result.stderr
    page = (output / "tp-tay" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://congdoan.github.io/mang-tin/tp-tay/"' in page


def test_missing_site_url_in_publish_mode_names_the_unit(workspace, tmp_path):
    content, _ = workspace
    bad = with_registry_edit(content, tmp_path / "content", "    url: https://tay.example.vn\n", "")
    env = {k: v for k, v in os.environ.items() if k != "NETWORK_BASE_URL"}
    result = run_build_cli("--content", str(bad), "--output", str(tmp_path / "o"), "--settings", str(ROOT / "publishconf.py"), env=env)
    assert result.returncode == 1 and "tp-tay" in result.stderr and "[missing-url]" in result.stderr
