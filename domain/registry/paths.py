"""The folders a unit takes inside a site, claimed once across the network.

A unit's id is the folder of its files (`<site>/<id>/`: the images of
content/<id>/); its slug is its section (`<site>/<slug>/`), and its aliases and
renamed slugs keep redirect pages at their old addresses.  All of them are
folders directly inside a site, beside the site's own (reserved_names.py),
and a unit may move to any site, so each is unique network-wide: a name the
layout keeps is `reserved-name`, two units' slugs `duplicate-slug`, one unit's
slug and another's id `id-matches-slug`.  A federation's id is also its site's
folder at the output root, so it is checked against the root's names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .model import FEDERATION_KINDS, Unit
from .reserved_names import reserved_at_root, reserved_in_site

Report = Callable[..., None]  # (field, message, code, line=None); line None: the field's own line


@dataclass(frozen=True)
class PathOwner:
    unit_id: str
    line: int  # the owner's `- id:` line, shown in the message
    kind: str  # "slug" (a section, or an old slug's redirects) or "id" (the unit's files)


def claim_paths(unit: Unit, written: list[tuple[str, str, int]], owners: dict[str, PathOwner], report: Report) -> None:
    """Check the unit's paths and claim them in `owners` (path -> owner, shared by every unit).

    `written` lists the slugs the editor wrote, as (field, value, line): an
    explicit `slug`, each alias, each renamed slug (field `history`).  The
    unit's slug defaults to its id, which is checked as an id.
    """
    federation = unit.kind in FEDERATION_KINDS
    prefix = "ldld" if federation else "cdcs"
    what = reserved_at_root(unit.id) if federation else reserved_in_site(unit.id)
    if what:
        where = (f"tên dành riêng ở thư mục gốc của mạng (`{unit.id}/`: {what}), nơi mỗi LĐLĐ có thư mục `<mã>/`" if federation
                 else f"thư mục dành riêng của trang web (`<trang>/{unit.id}/`: {what}), nơi tệp của đơn vị nằm ở `<trang>/<mã>/`")
        report("id", f"mã `{unit.id}` trùng với {where}; chọn mã khác, ví dụ `{prefix}-{unit.id}` "
                     f"(và đổi tên thư mục content/{unit.id}/ theo)", "reserved-name")
    for field, value, line in written:
        what = reserved_in_site(value)
        if not what or value == unit.id:  # the id's own check said it
            continue
        if field == "aliases":
            fix = f"địa chỉ đó luôn thuộc về trang web, không thể là địa chỉ cũ của đơn vị; xóa `{value}` khỏi `aliases`"
        elif field == "history":
            fix = f"chọn slug mới khác, ví dụ `{prefix}-{value}`"
        else:
            fix = f"chọn slug khác, ví dụ `{prefix}-{value}`, hoặc bỏ dòng `slug:` để dùng mã đơn vị"
        report(field, f"slug `{value}` trùng với thư mục dành riêng của trang web (`<trang>/{value}/`: {what}); {fix}",
               "reserved-name", line)

    slugs = list(dict.fromkeys([unit.slug, *unit.aliases, *(value for field, value, _ in written if field == "history")]))
    where_written = {value: (field, line) for field, value, line in reversed(written)}
    for slug in slugs:
        owner = owners.get(slug)
        if owner is None or owner.unit_id == unit.id:
            continue
        if owner.kind == "slug":
            report("slug", f"đường dẫn `{slug}` trùng với đơn vị {owner.unit_id} (dòng {owner.line}); chọn một slug khác", "duplicate-slug")
        else:
            field, written_line = where_written.get(slug, ("slug", None))
            fix = f"xóa `{slug}` khỏi `aliases`" if field == "aliases" else "chọn một slug khác"
            report(field, f"đường dẫn `{slug}` là mã của đơn vị {owner.unit_id} (dòng {owner.line}), tức thư mục tệp (ảnh) của "
                          f"đơn vị đó trên trang web (`<trang>/{slug}/`), nên không thể là chuyên trang của đơn vị này; "
                          f"{fix}", "id-matches-slug", written_line)
    for slug in slugs:
        owners.setdefault(slug, PathOwner(unit.id, unit.line, "slug"))
    if unit.id not in slugs:  # otherwise the id is a slug too, checked above
        owner = owners.get(unit.id)
        if owner is not None and owner.unit_id != unit.id:
            report("id", f"mã `{unit.id}` (thư mục tệp của đơn vị này trên trang web, `<trang>/{unit.id}/`) trùng với đường dẫn "
                         f"của đơn vị {owner.unit_id} (dòng {owner.line}); chọn mã khác cho đơn vị này, "
                         f"hoặc đổi slug của đơn vị {owner.unit_id} nếu slug đó chưa từng được xuất bản", "id-matches-slug")
        owners.setdefault(unit.id, PathOwner(unit.id, unit.line, "id"))
