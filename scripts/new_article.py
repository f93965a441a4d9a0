"""Start a new article: `python -m scripts.new_article --unit ID --title "..."` (`make new UNIT=ID TITLE="..."`).

Creates content/<unit>/<yyyy-mm-dd>-<title's words>.md (a draft dated now, Vietnam time,
every field filled or explained) and prints its path and the URL it will have; never
overwrites a file.  `--list`: the units' ids.  Exit status: 0 created (or listed); 1 refused
(the line says why); 2 an unexpected failure (the details in a log file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.new_article", add_help=False,
        description="Tạo bài viết mới (bản nháp) trong thư mục của đơn vị, ghi sẵn mọi trường của phần đầu.",
        epilog='Ví dụ: make new UNIT=cdcs-dung-tien TITLE="Hội nghị người lao động năm 2026"')
    parser.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    parser.add_argument("--unit", metavar="MÃ", help="mã đơn vị (tên thư mục trong content/), ví dụ cdcs-dung-tien")
    parser.add_argument("--title", metavar="TIÊU_ĐỀ", help="tiêu đề bài viết, trong dấu ngoặc kép")
    parser.add_argument("--list", action="store_true", help="liệt kê mã và tên các đơn vị đang hoạt động")
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="thư mục nội dung (mặc định content/)")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py",
                        help="tệp cấu hình (mặc định pelicanconf.py; publishconf.py: địa chỉ khi xuất bản)")
    args = parser.parse_args(argv)
    if not args.list and (not args.unit or args.title is None):
        parser.error('cần cả --unit và --title, ví dụ: --unit cdcs-dung-tien --title "Hội nghị người lao động" '
                     "(xem mã đơn vị: --list)")
    return args


def create(args: argparse.Namespace) -> int:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from builder.config import load_config
    from domain.articles.new_article import NewArticleRefused, new_article
    from domain.registry import ProblemsFound, display_path, load_network

    content = args.content.resolve()
    try:
        config = load_config(args.settings)
        registry = load_network(content / config.registry)
    except ProblemsFound as found:
        for problem in found.problems:
            print(problem, file=sys.stderr)
        print("Không tạo được bài: sửa các lỗi trên trước (make check), rồi chạy lại.", file=sys.stderr)
        return 1
    now = datetime.now(ZoneInfo(config.timezone)).replace(second=0, microsecond=0)
    network = registry.at(now.date())
    network.assign_urls(config.base_url)
    if args.list:
        for unit in network:
            if unit.is_active:
                print(f"{unit.id}\t{unit.name}")
        return 0
    try:
        article = new_article(content, network, registry, args.unit, args.title, now,
                              categories=config.main_categories, default_category=config.default_category,
                              timezone=config.timezone, layout=config.layout)
        article.path.parent.mkdir(exist_ok=True)
        with open(article.path, "x", encoding="utf-8", newline="\n") as file:  # "x": never over another file
            file.write(article.text)
    except NewArticleRefused as refused:
        print(f"Không tạo được bài: {refused}", file=sys.stderr)
        return 1
    except FileExistsError:
        print(f"Không tạo được bài: tệp {display_path(article.path)} vừa được tạo; mở tệp đó để sửa", file=sys.stderr)
        return 1
    print(f"Đã tạo bài nháp: {display_path(article.path)}")
    print(f"Địa chỉ khi đăng: {article.url}")
    print("Viết bài, đổi `Status: draft` thành `Status: published` khi muốn đăng, rồi chạy: make check")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from builder.failure_log import reporting_failures

    return reporting_failures(lambda: create(args), args.content.resolve().parent / ".output-cache")  # beside output/


if __name__ == "__main__":
    sys.exit(main())
