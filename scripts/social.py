"""Post each unit's new articles to its Facebook Page, then its Zalo OA, exactly once: `python -m scripts.social post`.

Run with --dry-run first: it prints what would be posted and changes nothing.
Exit status: 0 every page and OA done; 1 some page or OA failed or has items still pending
(the summary and the `LỖI:` lines say which and what to do); 2 bad usage.
Tokens: the environment, and the Zalo token store (docs/dang-bai-facebook.md); never printed.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
Number = TypeVar("Number", int, float)


def _non_negative(kind: Callable[[str], Number]) -> Callable[[str], Number]:
    def parse(text: str) -> Number:
        value = kind(text)
        if value < 0:
            raise argparse.ArgumentTypeError(f"`{text}` phải không âm")
        return value
    return parse


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    from social.graph import DEFAULT_GRAPH_URL, DEFAULT_VERSION
    from social.zalo.client import DEFAULT_OAUTH_URL, DEFAULT_OPENAPI_URL
    parser = argparse.ArgumentParser(prog="python -m scripts.social",
                                     description="Đăng bài mới của mỗi đơn vị lên Trang Facebook và Zalo OA của đơn vị, mỗi bài một lần.")
    commands = parser.add_subparsers(dest="command", required=True)
    post = commands.add_parser("post", help="đăng các bài mới (chạy thử trước với --dry-run)")
    post.add_argument("--unit", action="append", default=[], metavar="ID", help="chỉ đơn vị này (lặp lại được)")
    post.add_argument("--content", type=Path, default=ROOT / "content", help="thư mục nội dung (mặc định content/)")
    post.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py",
                      help="cấu hình đã dùng để dựng: pelicanconf.py hoặc publishconf.py")
    post.add_argument("--output", type=Path, default=ROOT / "output", help="thư mục kết quả đã dựng (mặc định output/)")
    post.add_argument("--from-web", action="store_true", help="đọc feed từ địa chỉ công khai của trang thay vì output/")
    post.add_argument("--state", type=Path, default=ROOT / ".social" / "state.sqlite",
                      help="tệp trạng thái SQLite (mặc định .social/state.sqlite)")
    post.add_argument("--graph-url", default=DEFAULT_GRAPH_URL,
                      help=f"địa chỉ Graph API (mặc định {DEFAULT_GRAPH_URL}; kiểm thử dùng máy chủ giả)")
    post.add_argument("--graph-version", default=DEFAULT_VERSION, help=f"phiên bản Graph API (mặc định {DEFAULT_VERSION})")
    post.add_argument("--platform", choices=("facebook", "zalo", "all"), default="all", help="all (mặc định): cả hai, Facebook trước")
    post.add_argument("--zalo-tokens", default=str(ROOT / ".social" / "zalo-tokens"), metavar="FOLDER|git:REMOTE#BRANCH",
                      help="kho mã Zalo: thư mục, hoặc git:origin#nhánh (CI; mã hoá bằng ZALO_STORE_KEY)")
    post.add_argument("--zalo-settle", type=_non_negative(float), default=900.0, metavar="SECONDS",
                      help="bài Zalo mất trả lời chỉ được tạo lại sau chừng này giây nếu OA chưa có (mặc định 900)")
    for flag, default, what in (("--zalo-url", DEFAULT_OPENAPI_URL, "Zalo OA Open API"),
                                ("--zalo-oauth-url", DEFAULT_OAUTH_URL, "làm mới mã Zalo")):
        post.add_argument(flag, default=default, help=f"địa chỉ {what} (mặc định {default}; kiểm thử dùng máy chủ giả)")
    post.add_argument("--since", default="2d",
                      help="cửa sổ: chỉ đăng bài mới hơn 2d, 12h, 90m hoặc một ngày YYYY-MM-DD (mặc định 2d)")
    post.add_argument("--max-posts", type=_non_negative(int), default=5, metavar="N",
                      help="tối đa N bài mỗi Trang mỗi lần chạy; 0 = không giới hạn (mặc định 5)")
    post.add_argument("--dry-run", action="store_true", help="chỉ in ra những gì sẽ đăng; không đăng, không ghi gì")
    post.add_argument("--retry-base", type=_non_negative(float), default=2.0, metavar="SECONDS",
                      help="lần chờ đầu tiên trước khi thử lại (mặc định 2)")
    post.add_argument("--retry-max", type=_non_negative(float), default=120.0, metavar="SECONDS",
                      help="không bao giờ chờ lâu hơn (mặc định 120)")
    post.add_argument("--retries", type=int, default=4, metavar="N", help="số lần thử mỗi yêu cầu (mặc định 4)")
    post.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                      help="thời gian chờ mỗi yêu cầu (mặc định 30)")
    post.add_argument("--quiet", action="store_true", help="chỉ in cảnh báo và tổng kết")
    args = parser.parse_args(argv)
    if args.retries < 1 or args.timeout <= 0:
        parser.error("--retries phải >= 1 và --timeout phải > 0")
    from social.window import parse_since
    try:
        args.since = parse_since(args.since, datetime.now(UTC))
    except ValueError as error:
        parser.error(str(error))
    return args


def main(argv: list[str] | None = None, environ: dict[str, str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    args = parse_args(argv)
    from social.errors import SocialError
    from social.retry import RetryPolicy
    from social.run import RunOptions, run, summary_lines
    from social.tokens import TokenFilter, Tokens

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("social")
    logger.setLevel(logging.WARNING if args.quiet else logging.INFO)
    logger.propagate = False
    logger.handlers[:] = [handler]
    tokens = None
    try:
        tokens = Tokens(os.environ if environ is None else environ)
        handler.addFilter(TokenFilter(tokens))
        options = RunOptions(
            content=args.content, settings=args.settings, output=args.output, state=args.state, since=args.since,
            units=tuple(args.unit), from_web=args.from_web, graph_url=args.graph_url,
            graph_version=args.graph_version, max_posts=args.max_posts, dry_run=args.dry_run,
            timeout=args.timeout, policy=RetryPolicy(args.retry_base, args.retry_max, args.retries),
            platforms=("facebook", "zalo") if args.platform == "all" else (args.platform,),
            zalo_url=args.zalo_url, zalo_oauth_url=args.zalo_oauth_url, zalo_tokens=args.zalo_tokens,
            zalo_settle=args.zalo_settle)
        report = run(options, tokens)
    except SocialError as error:
        text = tokens.scrub(str(error)) if tokens else str(error)
        print(f"Lỗi: {text}", file=sys.stderr)
        return error.exit_code
    for line in summary_lines(report, args.dry_run):
        print(tokens.scrub(line))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
