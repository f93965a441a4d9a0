"""Build the union network: `python -m scripts.build [--site ID] [--jobs N] ...`.

Exit status: 0 built; 1 problems in the content (listed one per line as
`path:line: Field: message [code]`) or a site failed; output/ is then left as
it was; 2 an unexpected failure: one line names the log file with the details
(builder/failure_log.py), never a traceback; 3 (only with --hold-back-errors)
built and output/ replaced, but some articles were held back for their errors:
each is listed with what is online instead and its `path:line` lines (and
written to --summary as Markdown, the deploy's job summary).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m scripts.build", description="Dựng mạng trang tin công đoàn.")
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="thư mục nội dung (mặc định content/)")
    parser.add_argument("--output", type=Path, default=ROOT / "output", help="thư mục kết quả (mặc định output/)")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py",
                        help="pelicanconf.py (thử trên máy) hoặc publishconf.py (xuất bản)")
    parser.add_argument("--site", action="append", default=[], metavar="ID", help="chỉ dựng trang web này (lặp lại được)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="số tiến trình dựng cùng lúc")
    parser.add_argument("--as-of", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="dựng mạng như vào cuối ngày này (giờ Việt Nam); mặc định: lúc này")
    parser.add_argument("--shard", metavar="K/N", help="chỉ dựng phần K trong N phần của mạng (mỗi phần gồm trọn các tỉnh)")
    parser.add_argument("--published-urls", action="extend", nargs="+", default=[], metavar="FILE|URL",
                        help="sitemap (hoặc chỉ mục sitemap, danh sách địa chỉ) của bản đã xuất bản, tệp hoặc http(s); "
                             "ví dụ output/sitemap.xml của lần dựng trước: địa chỉ cũ của bài đã sửa tiêu đề được chuyển hướng")
    parser.add_argument("--hold-back-errors", action="store_true",
                        help="bản xuất bản: bài có lỗi bị giữ lại (không đăng bản lỗi), các bài khác vẫn được đăng; "
                             "mã thoát 3 nếu có bài bị giữ lại. Không có tùy chọn này: một lỗi là dừng cả lần dựng")
    parser.add_argument("--previous-build-info", metavar="FILE|URL",
                        help="build-info.json của lần xuất bản trước: bài bị giữ lại đã đăng được dựng từ commit đó")
    parser.add_argument("--summary", type=Path, metavar="FILE",
                        help="ghi danh sách bài bị giữ lại (Markdown) vào cuối tệp này, ví dụ $GITHUB_STEP_SUMMARY")
    args = parser.parse_args(argv)
    if args.shard:
        from builder.shards import parse_shard
        try:
            args.shard = parse_shard(args.shard)
        except ValueError as error:
            parser.error(str(error))
    if args.jobs < 1:
        parser.error("--jobs phải lớn hơn 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from builder.failure_log import reporting_failures
    from incremental.cache_paths import CachePaths

    return reporting_failures(lambda: build_network(args), CachePaths.beside(args.output.resolve()).folder)


def build_network(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    from builder.build import BuildOptions, build
    from builder.sites import SiteBuildFailed
    from domain.registry import ProblemsFound

    def progress(result) -> None:
        print(f"  {result.site_id}: {result.pages} trang ({result.rendered} trang vẽ lại), {result.seconds:.1f} giây "
              f"(tiến trình {result.worker}, pid {result.pid})", flush=True)
        for warning in result.warnings:
            print(f"    cảnh báo: {warning}", flush=True)

    options = BuildOptions(args.content, args.output, args.settings, args.site, args.jobs, args.as_of, args.shard,
                           args.published_urls, args.hold_back_errors, args.previous_build_info)
    from builder.staging import recover
    from incremental.cache_paths import CachePaths
    output = args.output.resolve()
    for line in recover(output, CachePaths.beside(output).folder):  # what a killed build left: before anything is read
        print(line, flush=True)
    try:
        report = build(options, on_site_done=progress)
    except ProblemsFound as problems:
        for problem in problems.problems:
            print(problem, file=sys.stderr)
        print(f"Không dựng được: {len(problems.problems)} lỗi cần sửa; thư mục kết quả giữ nguyên.", file=sys.stderr)
        return 1
    except SiteBuildFailed as failure:
        print(f"Lỗi khi dựng {failure.site_id}:", file=sys.stderr)
        for message in failure.messages:
            print(f"  {message}", file=sys.stderr)
        print("Thư mục kết quả giữ nguyên.", file=sys.stderr)
        return 1
    for note in report.notes:
        print(f"  ghi chú: {note}", flush=True)
    for warning in report.warnings:
        print(f"  cảnh báo: {warning}", flush=True)
    for site_id in report.reused:
        print(f"  {site_id}: không có gì thay đổi, giữ nguyên", flush=True)
    workers = len({site.pid for site in report.sites})
    print(f"Xong: {len(report.sites) + len(report.reused)} trang web ({len(report.sites)} dựng lại, "
          f"{len(report.reused)} giữ nguyên), {report.pages} trang, {report.seconds:.1f} giây, {workers} tiến trình.")
    if report.held_back is None or not report.held_back.problems:
        return 0
    from builder.held_back import say_held_back
    say_held_back(report.held_back, args.summary)
    return 3


if __name__ == "__main__":
    sys.exit(main())
