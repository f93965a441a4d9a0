"""What a pull request changes, per unit: `python -m scripts.changed_units --base origin/main`.

Prints (Markdown, Vietnamese; CI appends it to the job summary) each unit whose
folder the change touches, with its name, who owns the folder (CODEOWNERS) and
every file added, edited, renamed or deleted (checks/changed_units.py).
Exit status: 0 listed, 2 bad usage (no such base, not a git repository, bad registry).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.changed_units",
                                     description="Liệt kê những gì yêu cầu gộp thay đổi trong content/, theo từng đơn vị.")
    parser.add_argument("--base", required=True, help="nhánh đích, ví dụ origin/main")
    parser.add_argument("--repository", type=Path, default=ROOT, help="kho git (mặc định: kho này)")
    parser.add_argument("--content", default="content", help="thư mục nội dung, tính từ gốc kho (mặc định content)")
    parser.add_argument("--author", help="tài khoản GitHub của người gửi: đánh dấu đơn vị người đó không duyệt được")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from checks.changed_units import git_changes, group_by_unit, render_markdown
    from domain.registry import ProblemsFound, load_network

    try:
        changes = git_changes(args.base, args.repository, args.content)
    except subprocess.CalledProcessError as error:
        print(f"không so sánh được với `{args.base}`: {error.stderr.strip()}", file=sys.stderr)
        return 2
    try:
        network = load_network(args.repository / args.content / "network.yml")
    except ProblemsFound as problems:
        print(problems, file=sys.stderr)
        return 2
    print(render_markdown(group_by_unit(changes, network, args.content), args.author))
    return 0


if __name__ == "__main__":
    sys.exit(main())
