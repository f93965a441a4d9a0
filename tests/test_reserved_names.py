"""Names the layout keeps: the list itself, the list against real builds, and a unit taking one."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.build import BuildOptions, build
from conftest import ROOT, copy_fixture_content, demo_only, run_build_cli
from domain.registry import Network, load_network
from domain.registry.reserved_names import ROOT as ROOT_NAMES
from domain.registry.reserved_names import ROOT_ONLY, SITE, reserved_at_root, reserved_in_site


def test_every_name_of_the_brief_is_reserved_inside_a_site_and_at_the_root():
    names = ("tin feeds danh-ba chuyen-muc the luu-tru theme trang-2 trang-15 search tim-kiem admin 404 404.html "
             "gioi-thieu lien-he van-ban sitemap.xml robots.txt index.html _redirects _headers static assets images "
             "css js favicon.ico .well-known").split()
    for name in names:
        assert reserved_in_site(name) and reserved_at_root(name), name
    for name in ("redirects.nginx.map", "headers.nginx.conf", "feeds.txt"):
        assert reserved_at_root(name) and not reserved_in_site(name), name
    assert set(SITE) <= set(ROOT_NAMES) and set(ROOT_ONLY) <= set(ROOT_NAMES)


def test_case_does_not_matter_and_near_names_are_free():
    assert reserved_in_site("Feeds") == reserved_in_site("feeds") == SITE["feeds"]
    assert reserved_in_site("TRANG-3")
    for name in ("trang", "trang-", "trang-2a", "trang-chu", "tin-tuc", "the-thao", "cdcs-feeds", "ldld-theme"):
        assert reserved_in_site(name) is None and reserved_at_root(name) is None, name


def unit_paths(network: Network) -> set[str]:
    """Every folder a unit may take inside a site: ids, slugs, aliases, renamed slugs."""
    paths = set()
    for unit in network.at(None):
        paths |= {unit.id, unit.slug, *unit.aliases}
    return paths | {event.slug for event in network.events if event.slug}


def assert_layout_is_reserved(output: Path, network: Network) -> None:
    """What the build wrote beside the units' folders is in reserved_names.py.

    A feature that writes a new path directly inside a site, or at the output root,
    without reserving it fails here (the module's docstring says how to add it).
    """
    federations = {unit.id for unit in network if unit.kind in ("province", "city")}
    at_root = {entry.name for entry in output.iterdir()}
    assert not {name for name in at_root if not reserved_at_root(name) and name not in federations}
    paths = unit_paths(network)
    for site in sorted(at_root & federations):
        inside = {entry.name for entry in (output / site).iterdir()}
        assert not {name for name in inside if not reserved_in_site(name) and name not in paths}, site
        assert inside & set(SITE)  # a real site folder was looked at


def test_what_the_fixture_build_writes_is_reserved(built):
    assert_layout_is_reserved(built.output, load_network(built.content / "network.yml"))


@demo_only
def test_what_the_demo_build_writes_is_reserved(tmp_path):
    # The demo has a merger, a move, a rename: redirect folders at old site and unit paths.
    output = tmp_path / "output"
    build(BuildOptions(ROOT / "content", output, ROOT / "pelicanconf.py", jobs=2))
    network = load_network(ROOT / "content" / "network.yml")
    assert_layout_is_reserved(output, network)
    assert (output / "ldld-hau-giang").is_dir()  # a folded federation's old site folder was looked at


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("slug", ["feeds", "danh-ba", "luu-tru", "tin", "theme", "trang-2", "tim-kiem"])
def test_a_unit_taking_a_reserved_name_stops_the_build_with_one_line_and_no_traceback(tmp_path, slug):
    content = copy_fixture_content(tmp_path)
    registry = content / "network.yml"
    text = registry.read_text(encoding="utf-8")
    assert "    slug: cong-ty-dong\n" in text
    registry.write_text(text.replace("    slug: cong-ty-dong\n", f"    slug: {slug}\n"), encoding="utf-8")
    line = text[:text.index("    slug: cong-ty-dong")].count("\n") + 1
    output = tmp_path / "output"
    (output / "tp-dong").mkdir(parents=True)
    (output / "tp-dong" / "index.html").write_text("bản dựng trước\n", encoding="utf-8")
    before = snapshot(output)

    result = run_build_cli("--content", str(content), "--output", str(output))

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "FileOverwriteFailedError" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].endswith(f"network.yml:{line}: slug: đơn vị cdcs-dong: slug `{slug}` trùng với thư mục dành riêng "
                             f"của trang web (`<trang>/{slug}/`: {SITE.get(slug) or reserved_in_site(slug)}); chọn slug khác, "
                             f"ví dụ `cdcs-{slug}`, hoặc bỏ dòng `slug:` để dùng mã đơn vị [reserved-name]"), lines
    assert lines[1:] == ["Không dựng được: 1 lỗi cần sửa; thư mục kết quả giữ nguyên."]
    assert snapshot(output) == before
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["content", "output"]  # nothing staged beside it
