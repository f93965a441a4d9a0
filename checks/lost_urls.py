"""Lost URLs as the editor's lines, and the direct registry edits that explain them.

Each lost URL is one `path:line: Field: message [lost-url]` line saying why and
what to do.  The usual cause on a pull request is a direct edit of the registry:

a unit's entry in content/network.yml describes it as it first was; every later
`slug` or `parent` is a `history:` event, from which the build derives the
redirects.  Editing the entry's `slug:` or `parent:` in place (or deleting the
entry) rewrites the past instead: the build moves the pages and no redirect is
made, so every later deploy's URL check fails.  Given the registry a previous
build was made from and the current one, `direct_edits` lists those edits, each
at its line in the current file, and `blame` says which lost URLs each explains.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.registry import Network, Problem

from .urls import Report


@dataclass(frozen=True)
class DirectEdit:
    unit_id: str
    field: str  # "slug", "parent" or "id" (the entry was deleted)
    before: str | None
    after: str | None
    line: int  # in the current registry (the deleted entry: line 1)
    old_site: str  # the site that held the unit's pages in the previous build
    old_slug: str


def direct_edits(before: Network, after: Network, day: date) -> list[DirectEdit]:
    """The units whose `slug:` or `parent:` was edited in place, or whose entry was deleted."""
    old_sites = before.at(day)
    edits = []
    for old in before:
        site = old_sites[old.id].site.id if old.id in old_sites.units else old.id
        new = after.units.get(old.id)
        if new is None:
            edits.append(DirectEdit(old.id, "id", old.id, None, 1, site, old.slug))
            continue
        for field, was, now in (("slug", old.slug, new.slug), ("parent", old.parent_id, new.parent_id)):
            if was != now:
                edits.append(DirectEdit(old.id, field, was, now, new.line_of(field), site, old.slug))
    return edits


def blame(lost: str, edits: list[DirectEdit]) -> DirectEdit | None:
    """The edit that explains the lost URL `lost` (a path below the build): one under the
    unit's old section (a slug edit), or anywhere on the site it left (a parent edit)."""
    parts = lost.split("/")
    for edit in edits:
        if parts[0] == edit.old_site and (edit.field != "slug" or edit.old_slug in parts[1:]):
            return edit
    return None


def problem(edit: DirectEdit, path: str, lost: int, day: date) -> Problem:
    """The editor's line for one direct edit: what was changed, and the history event to write."""
    urls = f"{lost} địa chỉ đã xuất bản sẽ mất (không còn trang, không có trang chuyển hướng)"
    if edit.field == "id":
        return Problem(path, 1, "id", f"mục của đơn vị `{edit.unit_id}` đã bị xóa khỏi sổ đăng ký, nên {urls}; "
                                      f"không xóa đơn vị: trả lại mục đó và ghi sự kiện kết thúc trong `history:`, ví dụ "
                                      f"`- {{date: {day.isoformat()}, event: dissolved}}`",
                       "direct-registry-edit")
    event = "renamed, slug" if edit.field == "slug" else "moved, parent"
    return Problem(path, edit.line, edit.field,
                   f"`{edit.field}` của đơn vị `{edit.unit_id}` bị sửa thẳng từ `{edit.before}` thành `{edit.after}`, "
                   f"nên {urls}; trả lại `{edit.field}: {edit.before}` và ghi việc đổi thành một sự kiện trong `history:` "
                   f"của đơn vị: `- {{date: {day.isoformat()}, event: {event}: {edit.after}}}`; "
                   f"địa chỉ cũ sẽ tự chuyển hướng tới địa chỉ mới", "direct-registry-edit")


def lost_lines(report: Report, edits: list[DirectEdit], registry: str, day: date) -> list[str]:
    """The editor's lines: each explaining edit first (at its line), then each lost URL, at the
    edit that explains it or, unexplained, at the URL's own path (line 1) with every usual cause."""
    blamed: dict[str, DirectEdit | None] = {}
    for lost in report.lost:
        path = lost.split(" ")[0]
        blamed[path] = blame(path, edits)
    lines = []
    for edit in edits:
        count = sum(1 for found in blamed.values() if found is edit)
        if count:
            lines.append(str(problem(edit, registry, count, day)))
    for path, cause_edit in blamed.items():
        why = report.why.get(path, "địa chỉ này không còn dẫn tới trang nào")
        if cause_edit is not None:
            cause = (f"do mục của đơn vị `{cause_edit.unit_id}` bị xóa" if cause_edit.field == "id" else
                     f"do `{cause_edit.field}` của đơn vị `{cause_edit.unit_id}` bị sửa thẳng")
            lines.append(str(Problem(registry, cause_edit.line, cause_edit.field, f"địa chỉ đã xuất bản `{path}` sẽ mất {cause}: {why}; "
                                                                      f"ghi việc đổi thành một sự kiện trong `history:`", "lost-url")))
        else:
            lines.append(str(Problem(path, 1, "URL", f"địa chỉ đã xuất bản này sẽ mất: {why}. Nguyên nhân thường gặp: một bài đã "
                                                     f"đăng bị xóa, đổi tên tệp hoặc chuyển thư mục (trả lại tên cũ, hoặc thêm dòng "
                                                     f"`ID:` với định danh cũ); `slug` hay `parent` của một đơn vị bị sửa thẳng "
                                                     f"trong {registry} (trả lại giá trị cũ và ghi việc đổi thành một sự kiện trong "
                                                     f"`history:`)", "lost-url")))
    return lines
