"""content/network.yml: the object model, and errors that name file, line, unit and field."""

from pathlib import Path

import pytest

from plugins.network_registry import ProblemsFound, load_network

VALID = """\
units:
  - id: tinh
    name: Liên đoàn Lao động tỉnh A
    short_name: LĐLĐ A
    kind: province
  - id: tp
    name: Liên đoàn Lao động thành phố B
    short_name: LĐLĐ B
    kind: city
    parent: tinh
    url: https://b.example.vn
  - id: cdcs-x
    name: Công đoàn cơ sở X
    short_name: CĐCS X
    kind: grassroots
    parent: tp
    slug: cong-ty-x
    members: 40
"""


def load(tmp_path: Path, text: str):
    path = tmp_path / "network.yml"
    path.write_text(text, encoding="utf-8")
    return load_network(path)


def problems_of(tmp_path: Path, text: str) -> list:
    with pytest.raises(ProblemsFound) as caught:
        load(tmp_path, text)
    return caught.value.problems


def only(problems, code):
    found = [p for p in problems if p.code == code]
    assert found, f"no {code} in {problems}"
    return found[0]


def test_object_model(tmp_path):
    network = load(tmp_path, VALID)
    network.assign_urls("http://127.0.0.1:8000")
    cdcs = network["cdcs-x"]
    assert cdcs.parent is network["tp"] and cdcs in network["tp"].children
    assert cdcs.site is network["tp"] and network["tp"].site is network["tp"]
    assert [u.id for u in cdcs.ancestors] == ["tinh", "tp"]
    assert cdcs.url == "http://127.0.0.1:8000/tp/cong-ty-x/"
    assert network["tinh"].url == "http://127.0.0.1:8000/tinh/"
    assert [s.id for s in network.sites] == ["tinh", "tp"]
    assert network.site_units(network["tp"]) == [network["tp"], cdcs]


def test_urls_from_the_registry_when_there_is_no_base(tmp_path):
    network = load(tmp_path, VALID)
    assert network.assign_urls(None) == ["tinh"]  # tinh has no url
    assert network["cdcs-x"].url == "https://b.example.vn/cong-ty-x/"


def test_unknown_parent_names_the_line_unit_and_field(tmp_path):
    problem = only(problems_of(tmp_path, VALID.replace("parent: tp\n    slug", "parent: tp-khong-co\n    slug")), "unknown-parent")
    assert problem.line == 16 and problem.field == "parent"
    assert "cdcs-x" in problem.message and "tp-khong-co" in problem.message
    assert str(problem).startswith(f"{problem.path}:16: parent: ")
    assert problem.path.endswith("network.yml")


def test_duplicate_id(tmp_path):
    text = VALID + "  - id: tp\n    name: Trùng\n    short_name: T\n    kind: city\n    parent: tinh\n"
    problem = only(problems_of(tmp_path, text), "duplicate-id")
    assert problem.line == 19 and "dòng 6" in problem.message


def test_duplicate_slug_counts_aliases(tmp_path):
    text = VALID + "  - id: cdcs-y\n    name: Y\n    short_name: Y\n    kind: grassroots\n    parent: tp\n    aliases: [cong-ty-x]\n"
    assert only(problems_of(tmp_path, text), "duplicate-slug").field == "slug"


def test_cycle(tmp_path):
    text = VALID + (
        "  - id: a\n    name: A\n    short_name: A\n    kind: grassroots\n    parent: b\n"
        "  - id: b\n    name: B\n    short_name: B\n    kind: grassroots\n    parent: a\n"
    )
    cycles = [p for p in problems_of(tmp_path, text) if p.code == "cycle"]
    assert {p.line for p in cycles} == {23, 28}


def test_grassroots_without_federation_above(tmp_path):
    text = VALID + (
        "  - id: lone\n    name: L\n    short_name: L\n    kind: grassroots\n"
        "  - id: lone-child\n    name: M\n    short_name: M\n    kind: grassroots\n    parent: lone\n"
    )
    problems = problems_of(tmp_path, text)
    assert only(problems, "missing-parent").line == 19
    assert only(problems, "no-federation").line == 27


def test_malformed_url_and_localhost(tmp_path):
    problems = problems_of(tmp_path, VALID.replace("https://b.example.vn", "http://localhost:8000"))
    assert only(problems, "bad-url").field == "url"
    problems = problems_of(tmp_path, VALID.replace("members: 40", "members: 40\n    facebook: facebook.com/x"))
    assert only(problems, "bad-url").field == "facebook"


def test_unknown_field_suggests_the_right_one(tmp_path):
    problem = only(problems_of(tmp_path, VALID.replace("short_name: CĐCS X", "shortname: CĐCS X")), "unknown-field")
    assert "short_name" in problem.message and problem.line == 14


def test_yaml_syntax_error_has_a_line(tmp_path):
    problem = only(problems_of(tmp_path, VALID.replace("    kind: city", "   kind: city")), "yaml-syntax")
    assert problem.line >= 9


def test_city_must_be_under_a_province(tmp_path):
    text = VALID + "  - id: tp2\n    name: C\n    short_name: C\n    kind: city\n    parent: tp\n"
    assert only(problems_of(tmp_path, text), "bad-parent").line == 23


def test_every_problem_is_reported_at_once(tmp_path):
    text = VALID.replace("kind: grassroots", "kind: cơ sở").replace("https://b.example.vn", "b.example.vn")
    codes = {p.code for p in problems_of(tmp_path, text)}
    assert {"bad-kind", "bad-url"} <= codes


def test_facebook_posting_fields(tmp_path):
    text = VALID.replace("members: 40", "members: 40\n    facebook_page_id: '104512345678901'\n    facebook_token_env: FB_TOKEN_CDCS_X")
    unit = load(tmp_path, text)["cdcs-x"]
    assert (unit.facebook_page_id, unit.facebook_token_env) == ("104512345678901", "FB_TOKEN_CDCS_X")
    problems = problems_of(tmp_path, VALID.replace("members: 40", "members: 40\n    facebook_page_id: trang-cua-toi\n    facebook_token_env: EAAB123abc"))
    assert {p.code for p in problems} == {"bad-facebook-page-id", "bad-token-env"}


def test_a_pasted_token_is_never_echoed(tmp_path):
    token = "EAABsbCS1iHgBAKZBZCZA0secretTOKEN"
    problems = problems_of(tmp_path, VALID.replace("members: 40", f"members: 40\n    facebook_token_env: {token}"))
    assert only(problems, "bad-token-env")
    assert all(token not in str(p) for p in problems)
