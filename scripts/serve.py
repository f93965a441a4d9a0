"""The live preview: `python -m scripts.serve [--port 8000]` (`make serve`).

Builds the whole network with drafts and scheduled articles shown (marked) into
xem-truoc/ (never output/, never published), serves it on 127.0.0.1 and
rebuilds on every save below content/ or the theme; every open page reloads
itself, or shows the build's errors over the last good page (preview/).
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m scripts.serve", description="Xem trước mạng trang tin khi đang viết.")
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="thư mục nội dung (mặc định content/)")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py", help="tệp cấu hình (mặc định pelicanconf.py)")
    parser.add_argument("--output", type=Path, default=ROOT / "xem-truoc", help="thư mục của bản xem trước (mặc định xem-truoc/)")
    parser.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="số tiến trình dựng cùng lúc")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from domain.registry import ProblemsFound
    from preview.run import running_preview

    signal.signal(signal.SIGTERM, _stop)  # stopped by a process manager: as Ctrl+C (the caches are saved)
    print("Đang dựng bản xem trước (lần đầu lâu hơn)...", flush=True)
    try:
        with running_preview(args.content, args.settings, args.output, args.port, args.jobs, say) as server:
            print(f"Bản xem trước: {server.url}/ (có cả bài nháp và bài hẹn giờ). Lưu một tệp trong content/ là trang "
                  "đang mở tự tải lại. Sửa pelicanconf.py thì chạy lại make serve. Ctrl+C để dừng.", flush=True)
            threading.Event().wait()
    except KeyboardInterrupt:
        pass
    except ProblemsFound as problems:
        print("\n".join(str(problem) for problem in problems.problems), file=sys.stderr)
        return 1
    except OSError as error:
        busy = error.errno == errno.EADDRINUSE
        print(f"Cổng {args.port} đang bận (có thể make serve đang chạy ở cửa sổ khác): dùng make serve PORT={args.port + 1}"
              if busy else f"Không mở được cổng {args.port}: {error}", file=sys.stderr)
        return 1
    print("Đã dừng bản xem trước.")
    return 0


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def say(status) -> None:
    saved = ", ".join(status.changed)
    if status.ok:
        print(f"{saved + ': ' if saved else ''}đã dựng lại trong {status.seconds:.2f} giây", flush=True)
    else:
        print(f"{saved + ': ' if saved else ''}chưa dựng được ({len(status.lines)} lỗi, trang giữ bản đúng gần nhất):",
              file=sys.stderr, flush=True)
        for line in status.lines:
            print(f"  {line}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
