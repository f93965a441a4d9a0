"""Run a command and measure its wall time and the peak of its process tree's summed RSS.

A child's ru_maxrss alone undercounts parallel workers, so /proc is sampled
every 20 ms and the resident set sizes of the process and all its descendants
are added up.  With `max_seconds` or `max_mb` the tree is killed past either
cap and `stopped` says which ("timed out" / "out of memory": the sampled RSS, not
RLIMIT_AS, which would count the address space a multithreaded tool reserves
but never touches): a benchmark of
another tool at 50,000 articles reports the cap it hit instead of taking the
machine down.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_mb: float
    returncode: int
    output: str
    stopped: str = ""  # "" when the command ran to its end; else the cap that ended it


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(root: int) -> int:
    tree, total, stack = _children(), 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss_kb(pid)
        stack.extend(tree.get(pid, []))
    return total


def measure(command: list[str], cwd: Path, env: dict | None = None,
            max_seconds: float | None = None, max_mb: float | None = None) -> Measurement:
    # What earlier steps left in the page cache is written out first: no run pays for another's writeback.
    os.sync()
    started = time.perf_counter()
    # Its own session (process group) when capped: the kill reaches every process of the tree.
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=max_seconds is not None or max_mb is not None)
    peak = 0
    stopped = ""
    done = threading.Event()

    def stop(why: str) -> None:
        nonlocal stopped
        if not stopped:
            stopped = why
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kb(process.pid))
            if max_mb is not None and peak > max_mb * 1024:
                stop(f"out of memory (over {max_mb:g} MB)")
            if max_seconds is not None and time.perf_counter() - started > max_seconds:
                stop(f"timed out (over {max_seconds:g} s)")
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return Measurement(seconds, peak / 1024, process.returncode, output, stopped)
