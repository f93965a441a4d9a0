"""Benchmark the network build: `python -m scripts.bench [--articles N] [--grassroots N]`.

Generates a deterministic synthetic network, then measures, in one run and on
the same articles: vanilla Pelican as one site (cold), this project cold,
with nothing changed, after editing one sentence of one article's body, after
editing one article's title, after editing one template (and Hugo when installed); wall time, peak RSS of the whole
process tree, pages per second, ratios against vanilla Pelican's cold build.  `--preview` measures the
live preview's rows alone (benchmarks/preview_timing.py).  `--search` instead
measures search (benchmarks/search_bench.py) with Pagefind beside it (benchmarks/pagefind_bench.py).  Cold builds run --repeat
times each (3 by default) and the median run is reported: one run on a shared VM varies by ±10%.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--grassroots", type=int, default=250)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/union-network-bench"))
    parser.add_argument("--repeat", type=int, default=3, help="cold builds measured this many times (median shown)")
    parser.add_argument("--report", type=Path, help="also write the table to this file")
    parser.add_argument("--search", action="store_true",
                        help="instead: search recall, query time in Chromium with the CPU slowed 4x, index size; "
                             "Pagefind beside it when installed (requirements-bench.txt)")
    parser.add_argument("--pagefind-max-seconds", type=float, default=1800, help="with --search: Pagefind's time cap")
    parser.add_argument("--pagefind-max-mb", type=float, default=8192, help="with --search: Pagefind's memory cap (RSS)")
    parser.add_argument("--preview", action="store_true",
                        help="instead: the live preview's rows alone (a save → the open pages show it, in Chromium), "
                             "on the synthetic network and on content/")
    parser.add_argument("--baseline", metavar="COMMIT",
                        help="instead: cold and one-edit builds of COMMIT against the working tree, alternately")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from benchmarks.runner import run, table
    from benchmarks.synthetic import Size

    size = Size(args.articles, args.grassroots)
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}, {date.today()}"
    if args.search:
        from benchmarks.search_bench import run_search

        text = run_search(args.work, size, args.jobs,
                          pagefind_caps=(args.pagefind_max_seconds, args.pagefind_max_mb)) + f"\n\n{machine}"
    elif args.preview:
        from benchmarks.runner import run_preview

        rows = run_preview(args.work, size, args.jobs)
        text = "\n".join([f"{size.articles} articles, {size.grassroots} CĐCS; --jobs {args.jobs}; {machine}", "",
                          "| run | seconds | peak RSS (MB, process tree) |", "| --- | ---: | ---: |",
                          *(f"| {row.name} | {row.measurement.seconds:.2f} | {row.measurement.peak_mb:.0f} |" for row in rows)])
    elif args.baseline:
        from benchmarks.compare import compare

        text = compare(args.work, size, args.jobs, args.baseline, max(1, args.repeat)) + f"\n\n{machine}"
    else:
        text = table(run(args.work, size, args.jobs, max(1, args.repeat)), size, args.jobs, machine)
    print(text)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
