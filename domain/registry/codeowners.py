"""The registry's authority as GitHub's .github/CODEOWNERS: a pure function of the registry.

With branch protection requiring a Code Owner's review, a pull request that
touches content/<unit-id>/ needs the approval of one of that unit's editors, or
of an editor of a unit above it; anything else (content/network.yml, .github/,
the code, the docs) needs an administrator's.  CODEOWNERS matches paths only,
so every field that routes URLs or posting (slug, parent, history, editors,
facebook_page_id, facebook_token_env) stays in network.yml, owned by the
administrators, and a unit's editors own only its folder of articles and images.

The tree is the registry with its whole history applied (`Network.at(None)`):
a unit that moved, or whose federation merged, belongs to its new federation
as soon as the event is recorded.  No clock is read, so the same registry gives
the same bytes, and the committed file goes stale only when the registry
changes (scripts/codeowners.py --check, in CI).
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Network, Unit
from .problems import Problem, ProblemsFound

HEADER = """\
# Generated from {registry} by `python -m scripts.codeowners`; do not edit by hand.
# After changing `editors:`, `administrators:` or the units in the registry, run
#   .venv/bin/python -m scripts.codeowners
# and commit this file (CI runs `python -m scripts.codeowners --check`).
#
# For each changed file GitHub applies the LAST line whose path matches it, so the
# order is the rule:
#   1. `*` first: the administrators own everything, the registry and the code included;
#   2. one line per unit folder: the editors of every unit above it (top down), then
#      the unit's own; the registry with its whole history applied decides what is
#      above (units that moved in, or came with a merged federation, included);
#      a unit with no editor there has no line and stays with the administrators;
#   3. last, the registry and .github/ again: no line above can give them away.
"""


def _handles(groups: Iterable[Iterable[str]]) -> list[str]:
    """The handles in order, each once (GitHub compares them without regard to case)."""
    seen: dict[str, str] = {}
    for group in groups:
        for handle in group:
            seen.setdefault(handle.casefold(), handle)
    return list(seen.values())


def unit_owners(unit: Unit) -> list[str]:
    """Who owns the unit's folder: the editors of every unit above it, top down, then its own."""
    return _handles([*(above.editors for above in unit.ancestors), unit.editors])


def render_codeowners(network: Network, content_dir: str = "content", registry: str = "network.yml") -> str:
    """The text of .github/CODEOWNERS; raises `ProblemsFound` when the registry names no administrator.

    `content_dir` is the content folder relative to the repository's root, and
    `registry` the registry's file name inside it.
    """
    if not network.administrators:
        raise ProblemsFound([Problem(network.path, 1, "administrators", (
            "chưa có danh sách `administrators:` (quản trị mạng) ở cấp trên cùng của tệp; không có họ thì network.yml, "
            ".github/ và mã nguồn không có ai duyệt; thêm, ví dụ `administrators: ['@to-chuc/quan-tri-mang']`"),
            "missing-administrators")])
    content = "/" + content_dir.strip("/")
    admins = " ".join(network.administrators)
    lines = [HEADER.format(registry=f"{content_dir.strip('/')}/{registry}"), f"* {admins}", ""]
    tree = network.at(None)
    for root in tree.roots:
        section = [(unit, unit_owners(unit)) for unit in root.subtree()]
        section = [(unit, owners) for unit, owners in section if owners]
        if not section:
            continue
        lines.append(f"# {root.id}: {root.short_name}")
        lines += [f"{content}/{unit.id}/ {' '.join(owners)}" for unit, owners in section]
        lines.append("")
    lines += [f"{content}/{registry} {admins}", f"/.github/ {admins}", ""]
    return "\n".join(lines)
