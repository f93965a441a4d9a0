"""CODEOWNERS from the registry: who may approve a change to which path, and the committed file is current."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from domain.registry import ProblemsFound, load_network
from domain.registry.codeowners import render_codeowners

ROOT = Path(__file__).resolve().parent.parent

REGISTRY = """\
administrators: ['@mang/quan-tri', '@admin-a']
units:
  - id: tinh
    name: LĐLĐ tỉnh A
    short_name: LĐLĐ A
    kind: province
    editors: ['@tinh-a/bien-tap']
  - id: tp
    name: LĐLĐ thành phố B
    short_name: LĐLĐ B
    kind: city
    parent: tinh
    editors: ['@tp-b-editors']
  - id: tp-c
    name: LĐLĐ thành phố C
    short_name: LĐLĐ C
    kind: city
    parent: tinh
  - id: cdcs-x
    name: CĐCS X
    short_name: CĐCS X
    kind: grassroots
    parent: tp
    editors: ['@x-editor', '@TP-B-editors']
  - id: cdcs-di-chuyen
    name: CĐCS chuyển từ C về B
    short_name: CĐCS D
    kind: grassroots
    parent: tp-c
    history:
      - {date: 2026-03-01, event: moved, parent: tp}
  - id: tinh-cu
    name: LĐLĐ tỉnh cũ
    short_name: LĐLĐ cũ
    kind: province
    editors: ['@tinh-cu-editor']
    history:
      - {date: 2025-11-01, event: merged, into: tinh}
  - id: cdcs-cua-tinh-cu
    name: CĐCS của tỉnh cũ
    short_name: CĐCS cũ
    kind: grassroots
    parent: tinh-cu
  - id: tinh-khac
    name: LĐLĐ tỉnh khác, chưa có biên tập viên
    short_name: LĐLĐ khác
    kind: province
  - id: cdcs-khac
    name: CĐCS khác
    short_name: CĐCS khác
    kind: grassroots
    parent: tinh-khac
"""


def registry(tmp_path: Path, text: str = REGISTRY):
    path = tmp_path / "network.yml"
    path.write_text(text, encoding="utf-8")
    return load_network(path)


def owners_of(codeowners: str, path: str) -> list[str]:
    """GitHub's rule: the last line whose pattern matches the path gives its owners."""
    owners: list[str] = []
    for line in codeowners.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *handles = line.split()
        # The generator writes three forms only; the matcher knows exactly those.
        assert pattern == "*" or re.fullmatch(r"/[a-z0-9./-]+", pattern), pattern
        if pattern == "*" or (pattern.endswith("/") and f"/{path}".startswith(pattern)) or f"/{path}" == pattern:
            owners = handles
    return owners


def test_a_unit_folder_is_owned_by_the_editors_of_every_unit_above_it_and_its_own(tmp_path):
    text = render_codeowners(registry(tmp_path))
    assert owners_of(text, "content/cdcs-x/bai.md") == ["@tinh-a/bien-tap", "@tp-b-editors", "@x-editor"]  # once each
    assert owners_of(text, "content/cdcs-x/images/anh.jpg") == ["@tinh-a/bien-tap", "@tp-b-editors", "@x-editor"]
    assert owners_of(text, "content/tp/bai.md") == ["@tinh-a/bien-tap", "@tp-b-editors"]
    assert owners_of(text, "content/tp-c/bai.md") == ["@tinh-a/bien-tap"]
    assert "/content/cdcs-x/ @tinh-a/bien-tap @tp-b-editors @x-editor\n" in text


def test_units_that_moved_in_or_came_with_a_merger_belong_to_their_new_federation(tmp_path):
    text = render_codeowners(registry(tmp_path))
    assert owners_of(text, "content/cdcs-di-chuyen/bai.md") == ["@tinh-a/bien-tap", "@tp-b-editors"]
    # The merged federation's CĐCS now hangs under its successor; its old editors keep only its own folder.
    assert owners_of(text, "content/cdcs-cua-tinh-cu/bai.md") == ["@tinh-a/bien-tap"]
    assert owners_of(text, "content/tinh-cu/bai.md") == ["@tinh-a/bien-tap", "@tinh-cu-editor"]


def test_the_registry_the_code_and_units_without_editors_stay_with_the_administrators(tmp_path):
    text = render_codeowners(registry(tmp_path))
    admins = ["@mang/quan-tri", "@admin-a"]
    for path in ("content/network.yml", ".github/CODEOWNERS", ".github/workflows/social.yml", "plugins/articles/reader.py",
                 "Makefile", "content/cdcs-khac/bai.md", "content/tinh-khac/bai.md", "content/README.md", "docs/x.md"):
        assert owners_of(text, path) == admins, path
    assert "/content/cdcs-khac/" not in text and "# tinh-khac" not in text
    rules = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert rules[0].startswith("* ") and rules[-2:] == ["/content/network.yml @mang/quan-tri @admin-a",
                                                        "/.github/ @mang/quan-tri @admin-a"]
    assert "LAST line" in text and "scripts.codeowners" in text  # the rule and the command, written in the file


def test_the_same_registry_gives_the_same_bytes(tmp_path):
    network = registry(tmp_path)
    assert render_codeowners(network) == render_codeowners(registry(tmp_path))
    assert render_codeowners(network, "site/content", "units.yml").splitlines()[-2].startswith("/site/content/units.yml ")


def test_no_administrators_no_codeowners(tmp_path):
    text = REGISTRY.replace("administrators: ['@mang/quan-tri', '@admin-a']\n", "").replace("editors: [", "# editors: [")
    with pytest.raises(ProblemsFound) as caught:
        render_codeowners(registry(tmp_path, text))
    assert [p.code for p in caught.value.problems] == ["missing-administrators"]


def run_codeowners(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts.codeowners", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_the_committed_codeowners_is_current():
    expected = render_codeowners(load_network(ROOT / "content" / "network.yml"))
    assert (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == expected, (
        "run `.venv/bin/python -m scripts.codeowners` and commit .github/CODEOWNERS")
    result = run_codeowners("--check")
    assert result.returncode == 0, result.stderr


def test_check_says_which_command_regenerates_a_stale_file(tmp_path):
    stale = tmp_path / "CODEOWNERS"
    stale.write_text("* @someone-else\n", encoding="utf-8")
    result = run_codeowners("--check", "--output", str(stale))
    assert result.returncode == 1
    assert "không khớp với content/network.yml" in result.stderr
    assert "chạy `.venv/bin/python -m scripts.codeowners` rồi commit" in result.stderr
    assert "-* @someone-else" in result.stderr  # and what differs
    assert stale.read_text(encoding="utf-8") == "* @someone-else\n"  # --check writes nothing
    assert run_codeowners("--output", str(stale)).returncode == 0
    assert stale.read_text(encoding="utf-8") == (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert run_codeowners("--check", "--output", str(stale)).returncode == 0


def test_a_content_folder_outside_the_repository_is_bad_usage(tmp_path):
    # CODEOWNERS paths are relative to the repository's root.
    result = run_codeowners("--content", str(tmp_path))
    assert result.returncode == 2 and "phải nằm trong kho" in result.stderr
