"""What a pull request changes in content/, per unit: for the reviewer, in the job summary.

`git diff --name-status <base>...HEAD -- content/` lists the files; each is
grouped under the unit whose folder holds it (content/<unit-id>/...), with the
unit's name and who owns its folder (its `editors:` and those of every unit above
it, as .github/CODEOWNERS says), so a change that touches a unit its author does
not belong to stands out.  The registry (content/network.yml) and files outside
any unit's folder are groups of their own: only the administrators review them.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from domain.registry import Network
from domain.registry.codeowners import unit_owners

STATUS_WORDS = {"A": "thêm", "M": "sửa", "D": "xóa", "R": "đổi tên", "C": "chép", "T": "đổi loại"}
REGISTRY_GROUP = "(sổ đăng ký)"
OUTSIDE_GROUP = "(ngoài thư mục đơn vị)"


@dataclass(frozen=True)
class FileChange:
    status: str  # A, M, D, R, C, T (git's first letter)
    path: str  # below the repository, POSIX; the new path of a rename
    old_path: str | None = None  # a rename's or copy's source


@dataclass
class UnitChanges:
    unit_id: str  # a unit's id, or REGISTRY_GROUP / OUTSIDE_GROUP
    name: str
    owners: list[str]
    own_editors: list[str]
    files: list[FileChange] = field(default_factory=list)


def parse_name_status(text: str) -> list[FileChange]:
    """git diff --name-status output (tab-separated; renames and copies carry a score and two paths)."""
    changes = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        status = parts[0][:1]
        if status in ("R", "C") and len(parts) == 3:
            changes.append(FileChange(status, parts[2], parts[1]))
        else:
            changes.append(FileChange(status, parts[-1]))
    return changes


def group_by_unit(changes: list[FileChange], network: Network, content_dir: str = "content",
                  registry: str = "network.yml") -> list[UnitChanges]:
    """The changes under each unit (registry order), then the registry's, then the others'."""
    tree = network.at(None)
    groups: dict[str, UnitChanges] = {}
    for change in changes:
        key = _group_of(change.path, content_dir, registry)
        if change.old_path is not None and _group_of(change.old_path, content_dir, registry) != key:
            _group(groups, _group_of(change.old_path, content_dir, registry), tree).files.append(change)
        _group(groups, key, tree).files.append(change)
    order = [unit.id for unit in network] + [REGISTRY_GROUP]
    return sorted(groups.values(), key=lambda g: order.index(g.unit_id) if g.unit_id in order else len(order))


def _group_of(path: str, content_dir: str, registry: str) -> str:
    parts = PurePosixPath(path).parts
    prefix = PurePosixPath(content_dir).parts
    if parts[:len(prefix)] != prefix:
        return OUTSIDE_GROUP
    inside = parts[len(prefix):]
    if inside == (registry,):
        return REGISTRY_GROUP
    return inside[0] if len(inside) > 1 else OUTSIDE_GROUP


def _group(groups: dict[str, UnitChanges], key: str, tree: Network) -> UnitChanges:
    if key not in groups:
        if key in (REGISTRY_GROUP, OUTSIDE_GROUP):
            name = "Sổ đăng ký đơn vị" if key == REGISTRY_GROUP else "Tệp ngoài thư mục của mọi đơn vị"
            groups[key] = UnitChanges(key, name, list(tree.administrators), list(tree.administrators))
        elif key in tree.units:
            unit = tree.units[key]
            groups[key] = UnitChanges(key, unit.name, unit_owners(unit), list(unit.editors))
        else:
            groups[key] = UnitChanges(key, "(thư mục không có trong sổ đăng ký)", list(tree.administrators), [])
    return groups[key]


def render_markdown(groups: list[UnitChanges], author: str | None = None) -> str:
    """The job summary's section, in Vietnamese: one heading per unit, its owners, its files."""
    if not groups:
        return "## Thay đổi theo đơn vị\n\nYêu cầu gộp này không thay đổi tệp nào trong `content/`.\n"
    lines = ["## Thay đổi theo đơn vị", ""]
    handle = f"@{author.lstrip('@')}" if author else None
    for group in groups:
        title = group.unit_id if group.unit_id in (REGISTRY_GROUP, OUTSIDE_GROUP) else f"`{group.unit_id}`"
        lines.append(f"### {title}: {group.name}")
        lines.append("")
        owners = ", ".join(group.owners) or "(chưa ai; quản trị mạng duyệt)"
        lines.append(f"- Người duyệt (CODEOWNERS): {owners}")
        if group.unit_id not in (REGISTRY_GROUP, OUTSIDE_GROUP):
            lines.append(f"- Biên tập viên của chính đơn vị (`editors:`): {', '.join(group.own_editors) or '(chưa có)'}")
        if handle and handle.casefold() not in {owner.casefold() for owner in group.owners}:
            lines.append(f"- ⚠️ Người gửi {handle} không có tên trong danh sách người duyệt của mục này "
                         f"(có thể thuộc một nhóm trong danh sách): người duyệt cần xem kỹ")
        for change in group.files:
            word = STATUS_WORDS.get(change.status, change.status)
            moved = f"`{change.old_path}` → " if change.old_path else ""
            lines.append(f"- {word}: {moved}`{change.path}`")
        lines.append("")
    return "\n".join(lines)


def git_changes(base: str, repository: Path, content_dir: str = "content") -> list[FileChange]:
    """The changes of HEAD since it left `base` (three dots: the pull request's own commits)."""
    result = subprocess.run(["git", "diff", "--name-status", "-M", f"{base}...HEAD", "--", f"{content_dir}/"],
                            cwd=repository, capture_output=True, text=True, check=True)
    return parse_name_status(result.stdout)
