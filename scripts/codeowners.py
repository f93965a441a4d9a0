"""Write .github/CODEOWNERS from the registry: `python -m scripts.codeowners [--check]`.

Who owns what is in content/network.yml (`administrators:`, each unit's
`editors:`); domain/registry/codeowners.py turns it into the file.
`--check` writes nothing and exits 1 when the committed file is stale (CI).

Exit status: 0 written, or current; 1 problems in the registry, or stale; 2 bad usage.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGENERATE = ".venv/bin/python -m scripts.codeowners"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.codeowners",
                                     description="Tạo .github/CODEOWNERS từ content/network.yml.")
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="thư mục nội dung (mặc định content/)")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py", help="tệp cấu hình (tên tệp sổ đăng ký)")
    parser.add_argument("--output", type=Path, default=ROOT / ".github" / "CODEOWNERS", help="tệp cần ghi hoặc kiểm tra")
    parser.add_argument("--check", action="store_true", help="không ghi; thoát 1 nếu tệp chưa khớp với sổ đăng ký")
    args = parser.parse_args(argv)
    try:
        content_dir = args.content.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        parser.error(f"--content {args.content} phải nằm trong kho ({ROOT}): CODEOWNERS ghi đường dẫn tính từ gốc kho")
    if not args.settings.is_file():
        parser.error(f"không tìm thấy tệp cấu hình {args.settings}; dùng pelicanconf.py")
    sys.path.insert(0, str(ROOT))
    # Only the registry package and the settings file: the check keeps working whatever
    # state the rest of the build's code is in.
    from pelican.settings import get_settings_from_file

    from domain.registry import ProblemsFound, load_network
    from domain.registry.codeowners import render_codeowners

    registry = get_settings_from_file(str(args.settings)).get("NETWORK_REGISTRY", "network.yml")
    try:
        text = render_codeowners(load_network(args.content / registry), content_dir, registry)
    except ProblemsFound as problems:
        for problem in problems.problems:
            print(problem, file=sys.stderr)
        return 1
    current = args.output.read_text(encoding="utf-8") if args.output.is_file() else None
    if args.check:
        if current == text:
            return 0
        shown = args.output.resolve().relative_to(ROOT).as_posix() if args.output.resolve().is_relative_to(ROOT) else args.output
        print(f"LỖI: {shown} không khớp với {content_dir}/{registry} (editors, administrators hoặc cây đơn vị "
              f"đã đổi); chạy `{REGENERATE}` rồi commit tệp {shown}.", file=sys.stderr)
        sys.stderr.writelines(difflib.unified_diff((current or "").splitlines(keepends=True), text.splitlines(keepends=True),
                                                   f"{shown} (đang có)", f"{shown} (đúng)"))
        return 1
    if current != text:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {text.count(chr(10))} dòng, khớp với {content_dir}/{registry}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
