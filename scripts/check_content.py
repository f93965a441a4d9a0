"""Check the content without building: `python -m scripts.check_content` (`make check`).

The settings, content/network.yml (with its history) and every article, read with the
build's parser and rules; every error, warning and note at once, as
`path:line: Field: message [code]`.  Exit status: 0 nothing stops the build (warnings
allowed); 1 errors to fix; 2 an unexpected failure (the details in a log file).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.check_content",
        description="Kiểm tra sổ đăng ký và mọi bài viết như khi dựng trang, nhưng không dựng: "
                    "in mọi lỗi, cảnh báo và ghi chú cùng lúc.",
        epilog="Mã thoát: 0 không có lỗi (có thể có cảnh báo); 1 có lỗi cần sửa; 2 lỗi không mong đợi.")
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="thư mục nội dung (mặc định content/)")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py",
                        help="tệp cấu hình (mặc định pelicanconf.py; publishconf.py: như khi xuất bản)")
    parser.add_argument("--output", type=Path, default=ROOT / "output",
                        help="thư mục kết quả mà bộ nhớ đệm của nó được dùng lại (chỉ đọc bộ nhớ đệm bên cạnh, "
                             "không đụng tới thư mục này; mặc định output/)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="số tiến trình đọc bài cùng lúc")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs phải lớn hơn 0")
    return args


def check(args: argparse.Namespace) -> int:
    from builder.check import check_content

    report = check_content(args.content, args.settings, args.output, args.jobs)
    for line in report.lines():
        print(line)
    print(report.summary())
    return 1 if report.errors else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from builder.failure_log import reporting_failures
    from incremental.cache_paths import CachePaths

    return reporting_failures(lambda: check(args), CachePaths.beside(args.output.resolve()).folder)


if __name__ == "__main__":
    sys.exit(main())
