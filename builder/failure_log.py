"""An unexpected failure of an editor's command: one Vietnamese line on screen, the traceback in a log.

Editors are not programmers: a traceback tells them nothing and hides the one thing to do,
which is to send the details to whoever maintains the code.  Every problem the code expects
is a `path:line: Field: message [code]` line; anything else reaching a command's top is a bug
(or a broken machine), said in one line that names the log file.  The log is written to the
cache folder beside the output folder (`.output-cache/loi-<time>-<pid>.log`: never published,
ignored by git), else to the system's temporary folder.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

EXIT_UNEXPECTED = 2
EXIT_INTERRUPTED = 130  # the shell's code for Ctrl+C
_SHOWN_MESSAGE = 160  # characters of the exception's message shown on screen


def reporting_failures(run: Callable[[], int], log_folder: Path, stream: TextIO | None = None) -> int:
    """`run()`'s exit status; an unexpected exception is logged and said in one line (exit 2)."""
    stream = stream or sys.stderr
    try:
        return run()
    except BrokenPipeError:  # the reader went away (`make check | head`): nothing left to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's flush at exit must not fail
        return 1
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu (Ctrl+C); không có gì bị hỏng, chạy lại lệnh khi cần.", file=stream)
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 (the one place every unexpected failure is caught)
        print(failure_line(error, write_log(error, log_folder)), file=stream)
        return EXIT_UNEXPECTED


def failure_line(error: BaseException, log: Path | None) -> str:
    what = " ".join(f"{type(error).__name__}: {error}".split())
    if len(what) > _SHOWN_MESSAGE:
        what = what[:_SHOWN_MESSAGE - 1] + "…"
    if log is None:
        return (f"Lỗi không mong đợi ({what}); không ghi được tệp nhật ký. Hãy chép dòng này và lệnh vừa chạy "
                "gửi cho quản trị viên.")
    try:  # shorter below the working folder (imports nothing: this module must work when the others fail)
        shown = log.relative_to(Path.cwd())
    except ValueError:
        shown = log
    return f"Lỗi không mong đợi ({what}). Hãy gửi tệp {shown} cho quản trị viên (kèm lệnh vừa chạy)."


def write_log(error: BaseException, folder: Path) -> Path | None:
    """The traceback and what was run, in a new file of `folder` (else the temporary folder)."""
    now = datetime.now().astimezone()
    text = "\n".join([
        f"Thời điểm: {now.isoformat(timespec='seconds')}",
        f"Lệnh: {' '.join(sys.argv)}",
        f"Thư mục làm việc: {os.getcwd()}",
        f"Python {platform.python_version()} ({sys.executable}), {platform.platform()}",
        "",
        "".join(traceback.format_exception(error)),
    ])
    name = f"loi-{now:%Y%m%d-%H%M%S}-{os.getpid()}.log"
    for place in (folder, Path(tempfile.gettempdir())):
        try:
            place.mkdir(parents=True, exist_ok=True)
            log = place / name
            log.write_text(text, encoding="utf-8")
        except OSError:
            continue
        return log
    return None
