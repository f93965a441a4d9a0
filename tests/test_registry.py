"""content/network.yml: the object model, and errors that name file, line, unit and field."""

from pathlib import Path

import pytest

from domain.registry import ProblemsFound, load_network

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


# --- Paths a unit takes inside a site: reserved names, one namespace for ids and slugs ---

from domain.registry.loader import ID_PATTERN  # noqa: E402
from domain.registry.reserved_names import SITE  # noqa: E402

RESERVED = [*SITE, "trang-2", "trang-10"]
RENAMED = "members: 40\n    history:\n      - date: 2026-01-15\n        event: renamed\n        slug: '{name}'"


def with_path(name: str, how: str) -> tuple[str, int, str]:
    """VALID with `name` as the CĐCS's slug, alias, id or renamed slug; the line and field of the error."""
    if how == "slug":
        return VALID.replace("slug: cong-ty-x", f"slug: '{name}'"), 17, "slug"
    if how == "alias":
        return VALID.replace("slug: cong-ty-x", f"slug: cong-ty-x\n    aliases: ['{name}']"), 18, "aliases"
    if how == "id":
        return VALID.replace("id: cdcs-x", f"id: '{name}'"), 12, "id"
    return VALID.replace("members: 40", RENAMED.format(name=name)), 22, "history"


@pytest.mark.parametrize("how", ["slug", "alias", "id", "renamed"])
@pytest.mark.parametrize("name", RESERVED)
def test_a_reserved_name_is_refused_as_a_units_path(tmp_path, name, how):
    text, line, field = with_path(name, how)
    problems = problems_of(tmp_path, text)
    if not ID_PATTERN.match(name):  # dots, underscores: never a slug or an id anyway
        assert {p.code for p in problems} & {"bad-slug", "bad-id"}, problems
        return
    problem = only(problems, "reserved-name")
    assert (problem.line, problem.field) == (line, field), problem
    assert f"`{name}`" in problem.message and "cdcs-x" in problem.message or how == "id"
    assert [p.code for p in problems] == ["reserved-name"]


def test_the_reserved_name_message_says_what_lives_there_and_the_fix(tmp_path):
    problem = only(problems_of(tmp_path, VALID.replace("slug: cong-ty-x", "slug: feeds")), "reserved-name")
    assert str(problem).endswith(
        "17: slug: đơn vị cdcs-x: slug `feeds` trùng với thư mục dành riêng của trang web (`<trang>/feeds/`: trang và các "
        "tệp RSS/Atom); chọn slug khác, ví dụ `cdcs-feeds`, hoặc bỏ dòng `slug:` để dùng mã đơn vị [reserved-name]")
    problem = only(problems_of(tmp_path, VALID.replace("id: cdcs-x", "id: luu-tru")), "reserved-name")
    assert "`cdcs-luu-tru`" in problem.message and "content/luu-tru/" in problem.message


def test_an_alias_in_a_block_list_is_reported_on_its_own_line(tmp_path):
    text = VALID.replace("slug: cong-ty-x", "slug: cong-ty-x\n    aliases:\n      - ten-cu\n      - danh-ba")
    problem = only(problems_of(tmp_path, text), "reserved-name")
    assert (problem.line, problem.field) == (20, "aliases") and "xóa `danh-ba` khỏi `aliases`" in problem.message


@pytest.mark.parametrize("name", ["theme", "feeds", "tin", "trang-3", "admin"])
def test_a_federation_id_may_not_be_a_name_of_the_output_root(tmp_path, name):
    text = VALID.replace("id: tp\n", f"id: {name}\n").replace("parent: tp\n", f"parent: {name}\n")
    problem = only(problems_of(tmp_path, text), "reserved-name")
    assert (problem.line, problem.field) == (6, "id") and "thư mục gốc của mạng" in problem.message
    assert f"`ldld-{name}`" in problem.message


def test_names_close_to_reserved_ones_are_free(tmp_path):
    for slug in ("tin-tuc", "feeds-cu", "trang-chu", "trang", "the-thao", "cong-doan-admin"):
        assert load(tmp_path, VALID.replace("slug: cong-ty-x", f"slug: {slug}"))["cdcs-x"].slug == slug


CDCS_Y = "  - id: cdcs-y\n    name: Y\n    short_name: Y\n    kind: grassroots\n    parent: tp\n"


def test_a_slug_may_not_be_another_units_id(tmp_path):
    # cdcs-y's section would be <site>/cdcs-x/, the folder of cdcs-x's images.
    problem = only(problems_of(tmp_path, VALID + CDCS_Y + "    slug: cdcs-x\n"), "id-matches-slug")
    assert (problem.line, problem.field) == (24, "slug") and "cdcs-x (dòng 12)" in problem.message
    problem = only(problems_of(tmp_path, VALID + CDCS_Y + "    aliases: [ten-cu, cdcs-x]\n"), "id-matches-slug")
    assert (problem.line, problem.field) == (24, "aliases")
    text = VALID + CDCS_Y + RENAMED.format(name="cdcs-x").replace("members: 40", "    members: 1")
    problem = only(problems_of(tmp_path, text), "id-matches-slug")
    assert (problem.line, problem.field) == (28, "history")


def test_an_id_may_not_be_another_units_slug(tmp_path):
    text = VALID.replace("slug: cong-ty-x", "slug: cong-ty-x\n    aliases: [cdcs-y]") + CDCS_Y + "    slug: y\n"
    problem = only(problems_of(tmp_path, text), "id-matches-slug")
    assert (problem.line, problem.field) == (20, "id") and "cdcs-x (dòng 12)" in problem.message


def test_a_default_slug_taken_by_another_unit_stays_a_duplicate_slug(tmp_path):
    # cdcs-y's slug is its id by default; the other unit's explicit slug took it first.
    text = VALID.replace("slug: cong-ty-x", "slug: cdcs-y") + CDCS_Y
    problems = problems_of(tmp_path, text)
    assert [p.code for p in problems] == ["duplicate-slug"]


def test_a_units_own_id_as_its_alias_or_renamed_slug_is_fine(tmp_path):
    text = VALID.replace("slug: cong-ty-x", "slug: cong-ty-x\n    aliases: [cdcs-x]")
    assert load(tmp_path, text)["cdcs-x"].aliases == ("cdcs-x",)
    network = load(tmp_path, VALID.replace("members: 40", RENAMED.format(name="cdcs-x")))
    assert network.at(None)["cdcs-x"].slug == "cdcs-x"


# --- Who may change what: editors and administrators ---

ADMINS = "administrators: ['@mang/quan-tri', '@nguyen-admin']\n"


def test_editors_and_administrators(tmp_path):
    text = ADMINS + VALID.replace("members: 40", "members: 40\n    editors: ['@cdcs-x-editor', '@tp-b/bien-tap']")
    network = load(tmp_path, text)
    assert network.administrators == ("@mang/quan-tri", "@nguyen-admin")
    assert network["cdcs-x"].editors == ("@cdcs-x-editor", "@tp-b/bien-tap") and network["tp"].editors == ()
    assert network.at(None).administrators == network.administrators
    assert load(tmp_path, VALID).administrators == ()  # optional while no unit has editors


@pytest.mark.parametrize("handle", ["cdcs-x-editor", "@-dau-gach", "@cuoi-", "@hai--gach", "@a b", "@to-chuc/", "@x/y/z",
                                    "ai@example.vn", "@" + "a" * 40, "1234"])
def test_an_editor_must_be_a_github_user_or_team(tmp_path, handle):
    text = ADMINS + VALID.replace("members: 40", f"members: 40\n    editors:\n      - '@dung'\n      - '{handle}'")
    problem = only(problems_of(tmp_path, text), "bad-github-handle")
    assert (problem.line, problem.field) == (22, "editors")
    if handle == "cdcs-x-editor":
        assert "viết `'@cdcs-x-editor'`" in problem.message


def test_editors_must_be_a_list_without_duplicates(tmp_path):
    text = ADMINS + VALID.replace("members: 40", "members: 40\n    editors: '@dung'")
    assert only(problems_of(tmp_path, text), "bad-github-handle").line == 20
    text = ADMINS + VALID.replace("members: 40", "members: 40\n    editors:\n      - '@Dung'\n      - '@tp/bt'\n      - '@dung'")
    problem = only(problems_of(tmp_path, text), "duplicate-github-handle")
    assert problem.line == 23 and "dòng 21" in problem.message


def test_administrators_are_required_once_a_unit_has_editors(tmp_path):
    text = VALID.replace("members: 40", "members: 40\n    editors: ['@dung']")
    problem = only(problems_of(tmp_path, text), "missing-administrators")
    assert (problem.line, problem.field) == (1, "administrators") and "cdcs-x" in problem.message
    for bad in ("administrators: []\n", "administrators: '@a'\n", "administrators:\n  - '@a'\n  - '@A'\n"):
        codes = {p.code for p in problems_of(tmp_path, bad + VALID)}
        assert codes & {"bad-github-handle", "duplicate-github-handle"}, bad


def test_an_unquoted_handle_gets_a_yaml_hint(tmp_path):
    problem = only(problems_of(tmp_path, VALID.replace("members: 40", "members: 40\n    editors: [@dung]")), "yaml-syntax")
    assert problem.line == 19 and "dấu nháy" in problem.message


def test_an_unknown_top_level_key_suggests_the_right_one(tmp_path):
    problem = only(problems_of(tmp_path, "adminstrators: ['@a']\n" + VALID), "unknown-field")
    assert (problem.line, problem.field) == (1, "adminstrators") and "`administrators`" in problem.message


# --- facebook_token_env names only FB_TOKEN_* variables ---

@pytest.mark.parametrize("name", ["GITHUB_TOKEN", "FB_PAGE_TOKENS", "AWS_SECRET_ACCESS_KEY", "FB_TOKEN_", "FB_TOKENX", "TOKEN_FB_TOKEN_X"])
def test_the_token_variable_must_have_the_fb_token_prefix(tmp_path, name):
    problems = problems_of(tmp_path, VALID.replace("members: 40", f"members: 40\n    facebook_token_env: {name}"))
    problem = only(problems, "token-env-prefix")
    assert (problem.line, problem.field) == (19, "facebook_token_env") and "`FB_TOKEN_`" in problem.message
    assert f"`{name}`" not in problem.message or name == "FB_TOKEN_"  # another secret's name is not repeated


@pytest.mark.parametrize("name", ["FB_TOKEN_CDCS_X", "FB_TOKEN_1", "FB_TOKEN__X_2"])
def test_fb_token_variables_are_accepted(tmp_path, name):
    unit = load(tmp_path, VALID.replace("members: 40", f"members: 40\n    facebook_token_env: {name}"))["cdcs-x"]
    assert unit.facebook_token_env == name


# --- zalo_oa_id and zalo_token_env (the Zalo OA poster) ---

def test_zalo_posting_fields(tmp_path):
    text = VALID.replace("members: 40", "members: 40\n    zalo_oa_id: '5000000000000000001'\n    zalo_token_env: ZALO_TOKEN_CDCS_X")
    unit = load(tmp_path, text)["cdcs-x"]
    assert (unit.zalo_oa_id, unit.zalo_token_env) == ("5000000000000000001", "ZALO_TOKEN_CDCS_X")


@pytest.mark.parametrize("value", ["zalo.me/congdoanx", "https://zalo.me/4318273645", "OA-123456"])
def test_a_zalo_oa_id_is_digits_only(tmp_path, value):
    problem = only(problems_of(tmp_path, VALID.replace("members: 40", f"members: 40\n    zalo_oa_id: {value}")), "bad-zalo-oa-id")
    assert (problem.line, problem.field) == (19, "zalo_oa_id") and f"`{value}`" in problem.message
    assert str(problem).startswith(f"{tmp_path / 'network.yml'}:19: zalo_oa_id: ") and str(problem).endswith("[bad-zalo-oa-id]")


@pytest.mark.parametrize("name", ["zalo_token_x", "FB_TOKEN_X", "ZALO_APP_SECRET", "ZALO_TOKEN_", "GITHUB_TOKEN",
                                  "Hb5qPz0aW1ZalTzRefreshToken-abc"])
def test_the_zalo_token_variable_must_have_the_zalo_token_prefix(tmp_path, name):
    problems = problems_of(tmp_path, VALID.replace("members: 40", f"members: 40\n    zalo_token_env: {name}"))
    problem = only(problems, "bad-zalo-token-env")
    assert (problem.line, problem.field) == (19, "zalo_token_env") and "`ZALO_TOKEN_`" in problem.message
    assert f"`{name}`" not in problem.message or name == "ZALO_TOKEN_"  # the value (maybe the token) is not repeated
