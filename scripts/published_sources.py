"""What the deploy passes as `--published-urls`: `python -m scripts.published_sources BASE_URL --save-dir DIR`.

Prints one source a line (a URL, or a file written in DIR): the live
`sitemap.xml` (the sitemap index) and the live list of feed URLs `feeds.txt`;
the deploy passes them to every shard's build and to the URL check.  What counts
as "nothing published yet" and what stops the step: stages/sitemaps/live.py.
Exit status: 0, or 1 when the live site could not be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.published_sources")
    parser.add_argument("base_url", help="the live network's address (NETWORK_BASE_URL)")
    parser.add_argument("--save-dir", type=Path, default=Path("published"), help="where a list made here is written")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from stages.sitemaps.live import Unreadable, published_sources

    try:
        found = published_sources(args.base_url, args.save_dir)
    except Unreadable as error:
        print(f"::error::không đọc được địa chỉ đã xuất bản của trang web đang chạy: {error}. Dựng mà không có chúng "
              "sẽ làm mất các trang chuyển hướng; thử chạy lại khi trang trả lời bình thường.", file=sys.stderr)
        return 1
    if found.annotation:
        print(found.annotation, file=sys.stderr)
    for source in found.sources:
        print(source)
    return 0


if __name__ == "__main__":
    sys.exit(main())
