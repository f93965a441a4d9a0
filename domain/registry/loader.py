"""Load and validate content/network.yml into a `Network`.

Every problem names the file, the line, the unit and the field, in Vietnamese,
with a stable code; all problems are reported at once so an editor fixes them
in one go.

The paths a unit takes inside a site (its id, slug, aliases, renamed slugs)
are checked by paths.py; `editors:` and `administrators:` by owners.py.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import yaml

from .contact import read_contact
from .history import Event, day_mistake, parse_day, parse_events
from .history_check import check_history
from .model import FEDERATION_KINDS, KINDS, Network, Unit, link_units
from .owners import read_handles
from .paths import PathOwner, claim_paths
from .problems import Problem, ProblemsFound, display_path

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = ("id", "name", "short_name", "kind")
OPTIONAL = (
    "parent", "slug", "aliases", "url", "members", "address", "chairperson",
    "facebook", "zalo", "website", "facebook_page_id", "facebook_token_env", "zalo_oa_id", "zalo_token_env", "established", "history", "editors",
    "contact",
)
TOP_LEVEL = ("units", "administrators")
# The poster reads the variable a unit names; the prefix keeps every other secret of the
# runner (GITHUB_TOKEN, FB_PAGE_TOKENS, cloud keys) out of any registry entry's reach.
TOKEN_ENV_PREFIX = "FB_TOKEN_"
TOKEN_ENV_PATTERN = re.compile(rf"{TOKEN_ENV_PREFIX}[A-Z0-9_]+")
# A unit's first Zalo refresh token (used once, only while the token store has no pair for its OA).
ZALO_TOKEN_ENV_PREFIX = "ZALO_TOKEN_"
ZALO_TOKEN_ENV_PATTERN = re.compile(rf"{ZALO_TOKEN_ENV_PREFIX}[A-Z0-9_]+")
URL_FIELDS = ("url", "facebook", "zalo", "website")
# libyaml's parser when PyYAML has it (ten times faster on a national registry), same nodes and marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class _RawUnit:
    line: int
    values: dict[str, Any]
    lines: dict[str, int]
    history_lines: list[int]
    item_lines: dict[str, list[int]]  # a list field's name -> the line of each item
    history_keys: dict[int, dict[str, int]]  # a history entry's line -> its keys' lines
    contact_lines: dict[str, int]  # `contact:`'s keys -> their lines

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


class _UnitReport(Protocol):
    """Reports a problem with one unit's entry; `line` defaults to the field's line."""

    def __call__(self, raw: _RawUnit, field: str, message: str, code: str, line: int | None = None) -> None: ...


@dataclass
class _RawRegistry:
    units: list[_RawUnit]
    administrators: Any = None
    administrators_line: int = 1
    administrator_lines: list[int] | None = None


def is_valid_url(value: str) -> bool:
    """An absolute http(s) URL whose host has a dot (feed validators reject bare hosts)."""
    parts = urlsplit(value)
    host = parts.hostname or ""
    return parts.scheme in ("http", "https") and "." in host and " " not in value


def load_network(path: str | Path) -> Network:
    """Read the registry; raises `ProblemsFound` listing every problem in it."""
    shown = display_path(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ProblemsFound([Problem(shown, 1, "network.yml", f"không đọc được tệp: {error.strerror}", "registry-unreadable")]) from error
    registry, problems = _parse(text, shown)
    units, events = _build_units(registry.units, shown, problems)
    administrators = _check_administrators(registry, units, shown, problems)
    if problems:
        raise ProblemsFound(problems)
    link_units(units)
    return Network(shown, units, events, administrators=administrators)


def _parse(text: str, shown: str) -> tuple[_RawRegistry, list[Problem]]:
    loader = _Loader(text)
    try:
        return _read_registry(loader, shown)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(error, "problem", None) or str(error)
        hint = "kiểm tra thụt lề và dấu hai chấm"
        lines = text.splitlines()
        if mark and mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "@":
            hint = "tài khoản GitHub bắt đầu bằng @ phải đặt trong dấu nháy, ví dụ `- '@ten-tai-khoan'`"
        return _RawRegistry([]), [Problem(shown, line, "network.yml", f"sai cú pháp YAML ({reason}); {hint}", "yaml-syntax")]
    finally:
        loader.dispose()


def _item_lines(node: yaml.Node) -> list[int]:
    return [item.start_mark.line + 1 for item in node.value] if isinstance(node, yaml.SequenceNode) else []


def _read_registry(loader: yaml.SafeLoader, shown: str) -> tuple[_RawRegistry, list[Problem]]:
    root = loader.get_single_node()
    registry, problems = _RawRegistry([]), []
    units_node = None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            name, line = str(key.value), key.start_mark.line + 1
            if name == "units":
                units_node = value
            elif name == "administrators":
                registry.administrators = _construct(value, loader)
                registry.administrators_line, registry.administrator_lines = line, _item_lines(value)
            else:
                guess = difflib.get_close_matches(name, TOP_LEVEL, n=1)
                hint = f"; có phải là `{guess[0]}`?" if guess else f"; ở cấp trên cùng chỉ có: {', '.join(TOP_LEVEL)}"
                problems.append(Problem(shown, line, name, f"trường `{name}` không được hỗ trợ{hint}", "unknown-field"))
    if not isinstance(units_node, yaml.SequenceNode):
        return registry, [*problems, Problem(shown, 1, "units", "tệp phải có danh sách `units:` ở cấp trên cùng, mỗi đơn vị một mục bắt đầu bằng `- id:`", "no-units")]

    for item in units_node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(Problem(shown, line, "units", "mỗi đơn vị phải là một nhóm `khóa: giá trị` (id, name, kind ...)", "unit-not-mapping"))
            continue
        values, lines, history_lines, item_lines, history_keys, contact_lines = {}, {}, [], {}, {}, {}
        for key, value in item.value:
            name = str(key.value)
            lines[name] = key.start_mark.line + 1
            values[name] = _construct(value, loader)
            item_lines[name] = _item_lines(value)
            if name == "contact" and isinstance(value, yaml.MappingNode):  # the text as written: `phone: 0237...`
                contact_lines = {str(k.value): k.start_mark.line + 1 for k, _ in value.value}
                values[name] = {str(k.value): (v.value if isinstance(v, yaml.ScalarNode) else _construct(v, loader))
                                for k, v in value.value}
            if name == "history" and isinstance(value, yaml.SequenceNode):
                history_lines = item_lines[name]
                history_keys = {entry.start_mark.line + 1: {str(k.value): k.start_mark.line + 1 for k, _ in entry.value}
                                for entry in value.value if isinstance(entry, yaml.MappingNode)}
        registry.units.append(_RawUnit(line, values, lines, history_lines, item_lines, history_keys, contact_lines))
    return registry, problems


def _construct(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    """The node's value; a scalar YAML cannot construct (a date like 2026-02-30) stays text,
    so the field's own check reports it with its line instead of a crash."""
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):
        loader.constructed_objects, loader.recursive_objects = {}, {}  # forget the half-built node
        if isinstance(node, yaml.ScalarNode):
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [_construct(item, loader) for item in node.value]
        return {str(key.value): _construct(value, loader) for key, value in node.value}


def _build_units(raw_units: list[_RawUnit], shown: str, problems: list[Problem]) -> tuple[list[Unit], list[Event]]:
    def report(raw: _RawUnit, field: str, message: str, code: str, line: int | None = None) -> None:
        unit_id = raw.values.get("id")
        where = f"đơn vị {unit_id}: " if isinstance(unit_id, str) else ""
        problems.append(Problem(shown, line or raw.line_of(field), field, where + message, code))

    units: list[Unit] = []
    events: list[Event] = []
    raw_by_id: dict[str, _RawUnit] = {}
    path_owner: dict[str, PathOwner] = {}
    for raw in raw_units:
        ok = True
        for name in raw.values:
            if name not in REQUIRED + OPTIONAL:
                guess = difflib.get_close_matches(name, REQUIRED + OPTIONAL, n=1)
                hint = f"; có phải là `{guess[0]}`?" if guess else f"; các trường được dùng: {', '.join(REQUIRED + OPTIONAL)}"
                report(raw, name, f"trường `{name}` không được hỗ trợ{hint}", "unknown-field")
        for name in REQUIRED:
            if not isinstance(raw.values.get(name), str) or not raw.values[name].strip():
                report(raw, name, f"thiếu `{name}:` (bắt buộc, là một dòng chữ)", "missing-field")
                ok = False
        if not ok:
            continue
        unit_id, kind = raw.values["id"], raw.values["kind"]
        if not ID_PATTERN.match(unit_id):
            report(raw, "id", f"mã `{unit_id}` chỉ được gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ `cdcs-cong-ty-abc`", "bad-id")
            continue
        if unit_id in raw_by_id:
            report(raw, "id", f"mã `{unit_id}` đã được dùng ở dòng {raw_by_id[unit_id].line}; mỗi đơn vị cần một mã riêng, không bao giờ dùng lại", "duplicate-id")
            continue
        if kind not in KINDS:
            report(raw, "kind", f"loại `{kind}` không hợp lệ; dùng một trong: {', '.join(KINDS)}", "bad-kind")
            continue
        unit = _unit_from_raw(raw, report)
        if unit is None:
            continue

        def history_report(line: int, field: str, message: str, code: str, raw: _RawUnit = raw) -> None:
            problems.append(Problem(shown, line, field, f"đơn vị {raw.values['id']}: {message}", code))

        unit_events = parse_events(unit_id, raw.values.get("history"), raw.line_of("history"), raw.history_lines,
                                   history_report)
        events.extend(unit_events)
        renamed = []
        for event in unit_events:
            if event.slug is None:
                continue
            if not isinstance(event.slug, str) or not ID_PATTERN.match(event.slug):
                report(raw, "history", f"slug `{event.slug}` chỉ được gồm chữ thường không dấu, số và dấu gạch ngang", "bad-slug")
            else:
                renamed.append(event)
        claim_paths(unit, _written_slugs(raw, unit, renamed), path_owner,
                    lambda field, message, code, line=None, raw=raw: report(raw, field, message, code, line))
        raw_by_id[unit_id] = raw
        units.append(unit)

    _check_parents(units, raw_by_id, report)
    by_id = {unit.id: unit for unit in units}
    events = [e for e in events if e.unit_id in by_id]
    check_history(by_id, events,
                  lambda line, field, unit_id, message, code: problems.append(
                      Problem(shown, line, field, f"đơn vị {unit_id}: {message}", code)),
                  lambda unit_id, field: raw_by_id[unit_id].line_of(field))
    return units, events


def _written_slugs(raw: _RawUnit, unit: Unit, renamed: list[Event]) -> list[tuple[str, str, int]]:
    """The slugs the editor wrote, as (field, value, line of the value)."""
    alias_lines = raw.item_lines.get("aliases", [])
    written = [("slug", unit.slug, raw.line_of("slug"))] if "slug" in raw.values else []
    written += [("aliases", alias, alias_lines[i] if i < len(alias_lines) else raw.line_of("aliases"))
                for i, alias in enumerate(unit.aliases)]
    written += [("history", e.slug, raw.history_keys.get(e.line, {}).get("slug", e.line))
                for e in renamed if e.slug is not None]  # a renamed event here always has a slug
    return written


def _unit_from_raw(raw: _RawUnit, report: _UnitReport) -> Unit | None:
    values = raw.values
    ok = True
    for name in URL_FIELDS:
        value = values.get(name)
        if value is not None and (not isinstance(value, str) or not is_valid_url(value)):
            report(raw, name, f"`{value}` không phải địa chỉ web hợp lệ; viết đầy đủ, ví dụ `https://www.facebook.com/congdoan...`", "bad-url")
            ok = False
    if values.get("url") and values["kind"] not in FEDERATION_KINDS:
        report(raw, "url", "chỉ Liên đoàn Lao động có trang web riêng (`url`); với công đoàn cơ sở, dùng `website`", "url-on-grassroots")
        ok = False
    members = values.get("members")
    if members is not None and (not isinstance(members, int) or isinstance(members, bool) or members < 0):
        report(raw, "members", f"số đoàn viên `{members}` phải là một số nguyên không âm, ví dụ `members: 350`", "bad-members")
        ok = False
    slug = values.get("slug", values["id"])
    aliases = values.get("aliases") or []
    if not isinstance(aliases, list):
        report(raw, "aliases", "`aliases` phải là một danh sách slug cũ, ví dụ `aliases: [ten-cu]`", "bad-slug")
        return None
    for value in (slug, *aliases):
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            report(raw, "slug" if value == slug else "aliases", f"slug `{value}` chỉ được gồm chữ thường không dấu, số và dấu gạch ngang", "bad-slug")
            ok = False
    page_id = values.get("facebook_page_id")
    if page_id is not None and not re.fullmatch(r"\d{5,20}", str(page_id)):
        report(raw, "facebook_page_id", f"`{page_id}` không phải mã Trang Facebook (một dãy số, xem ở mục Giới thiệu của Trang)", "bad-facebook-page-id")
        ok = False
    token_env = values.get("facebook_token_env")
    # The value is never repeated: an editor may have pasted the token itself, or another secret.
    if token_env is not None and not (isinstance(token_env, str) and re.fullmatch(r"[A-Z][A-Z0-9_]*", token_env)):
        report(raw, "facebook_token_env", f"phải là TÊN một biến môi trường viết HOA, bắt đầu bằng `{TOKEN_ENV_PREFIX}`, ví dụ `FB_TOKEN_CDCS_DUNG_TIEN`; không bao giờ ghi mã truy cập (token) vào network.yml — nếu đã lỡ ghi, hãy thu hồi mã đó trên Facebook", "bad-token-env")
        ok = False
    elif token_env is not None and not TOKEN_ENV_PATTERN.fullmatch(token_env):
        report(raw, "facebook_token_env", f"tên biến phải bắt đầu bằng `{TOKEN_ENV_PREFIX}` rồi đến chữ HOA, số hoặc `_`, ví dụ `FB_TOKEN_CDCS_DUNG_TIEN`: chương trình đăng bài chỉ đọc các biến này, không đọc bí mật nào khác của kho; đặt mã truy cập Trang vào secret `FB_TOKEN_<TÊN>` và ghi đúng tên đó", "token-env-prefix")
        ok = False
    oa_id = values.get("zalo_oa_id")
    if oa_id is not None and not re.fullmatch(r"\d{5,25}", str(oa_id)):
        report(raw, "zalo_oa_id", f"`{oa_id}` không phải mã Zalo OA (OA ID: một dãy số, xem ở trang quản lý OA, mục Thông tin OA); địa chỉ OA ghi ở trường `zalo`", "bad-zalo-oa-id")
        ok = False
    zalo_env = values.get("zalo_token_env")
    # Never repeated either: it may be the refresh token itself.
    if zalo_env is not None and not (isinstance(zalo_env, str) and ZALO_TOKEN_ENV_PATTERN.fullmatch(zalo_env)):
        report(raw, "zalo_token_env", f"phải là TÊN một biến môi trường bắt đầu bằng `{ZALO_TOKEN_ENV_PREFIX}` rồi đến chữ HOA, số hoặc `_`, ví dụ `ZALO_TOKEN_CDCS_DUNG_TIEN`; đặt mã làm mới (refresh token) đầu tiên của OA vào secret cùng tên; không bao giờ ghi mã vào network.yml — nếu đã lỡ ghi, hãy cấp quyền lại cho ứng dụng trên Zalo", "bad-zalo-token-env")
        ok = False
    editors: tuple[str, ...] | None = ()  # None: read_handles reported a problem
    if "editors" in values:
        editors = read_handles(values.get("editors"), "editors", raw.line_of("editors"), raw.item_lines.get("editors", []),
                               lambda line, message, code: report(raw, "editors", message, code, line))
        ok = ok and editors is not None
    contact = None
    if "contact" in values:
        contact = read_contact(values["contact"], raw.line_of("contact"), raw.contact_lines,
                               lambda line, field, message, code: report(raw, field, message, code, line))
        # a bad contact is reported but keeps the unit: units below it are still checked against it
    established = values.get("established")
    if established is not None and parse_day(established) is None:
        report(raw, "established", day_mistake(established, "ngày thành lập"), "bad-date")
        ok = False
    text = {name: (str(values[name]) if values.get(name) is not None else None) for name in ("address", "chairperson")}
    if not ok:
        return None
    return Unit(
        id=values["id"], name=values["name"].strip(), short_name=values["short_name"].strip(),
        kind=values["kind"], slug=slug, line=raw.line, parent_id=values.get("parent"),
        aliases=tuple(aliases), registry_url=values.get("url"), members=members,
        address=text["address"], chairperson=text["chairperson"],
        facebook=values.get("facebook"), zalo=values.get("zalo"), website=values.get("website"),
        facebook_page_id=str(page_id) if page_id is not None else None, facebook_token_env=token_env,
        zalo_oa_id=str(oa_id) if oa_id is not None else None, zalo_token_env=zalo_env,
        established=parse_day(established) if established is not None else None, editors=editors or (), contact=contact,
        field_lines=raw.lines,
    )


def _check_administrators(registry: _RawRegistry, units: list[Unit], shown: str, problems: list[Problem]) -> tuple[str, ...]:
    """The top-level `administrators:`; required once a unit has `editors:`.

    Without administrators the registry and the code would have no code owner,
    so an editor's pull request could change network.yml (and with it who edits
    what) with no one else's review.
    """
    def report(line: int, message: str, code: str) -> None:
        problems.append(Problem(shown, line, "administrators", message, code))

    if registry.administrators is not None or registry.administrator_lines is not None:
        return read_handles(registry.administrators, "administrators", registry.administrators_line,
                            registry.administrator_lines or [], report) or ()
    with_editors = next((unit for unit in units if unit.editors), None)
    if with_editors is not None:
        report(1, f"đơn vị {with_editors.id} có `editors:` nhưng tệp chưa có danh sách `administrators:` (quản trị mạng: "
                  "chủ sở hữu network.yml, .github/ và mã nguồn); thêm ở cấp trên cùng, trước `units:`, ví dụ "
                  "`administrators: ['@to-chuc/quan-tri-mang']`", "missing-administrators")
    return ()


def _check_parents(units: list[Unit], raw_by_id: dict[str, _RawUnit], report: _UnitReport) -> None:
    """Every parent exists and fits the unit's kind; no cycle; every CĐCS has a federation above."""
    by_id = {unit.id: unit for unit in units}
    parent_of: dict[str, str] = {}
    for unit in units:
        raw = raw_by_id[unit.id]
        if unit.parent_id is None:
            if unit.kind != "province":
                report(raw, "parent", "thiếu `parent:`; ghi mã của đơn vị cấp trên trực tiếp", "missing-parent")
            continue
        if unit.kind == "province":
            report(raw, "parent", "Liên đoàn Lao động tỉnh là cấp cao nhất trong mạng, không có `parent`", "bad-parent")
            continue
        parent = by_id.get(unit.parent_id)
        if parent is None:
            report(raw, "parent", f"không có đơn vị nào mang mã `{unit.parent_id}`; ghi mã của một đơn vị đã khai báo", "unknown-parent")
            continue
        if unit.kind == "city" and parent.kind != "province":
            report(raw, "parent", f"Liên đoàn Lao động cấp huyện, thành phố phải trực thuộc một LĐLĐ tỉnh, không phải `{parent.id}` ({parent.kind})", "bad-parent")
            continue
        parent_of[unit.id] = parent.id

    for unit in units:
        chain, node = [unit.id], parent_of.get(unit.id)
        while node is not None and node not in chain:
            chain.append(node)
            node = parent_of.get(node)
        if node is not None:
            report(raw_by_id[unit.id], "parent", f"chuỗi cấp trên của {unit.id} quay vòng lại (A thuộc B, B lại thuộc A); sửa `parent` để chuỗi cấp trên dừng ở một Liên đoàn Lao động", "cycle")
        elif unit.kind == "grassroots" and unit.id in parent_of and not any(by_id[a].is_federation for a in chain[1:]):
            report(raw_by_id[unit.id], "parent", "công đoàn cơ sở này không nằm dưới Liên đoàn Lao động nào; ghi `parent` là mã một LĐLĐ", "no-federation")
