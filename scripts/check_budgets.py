"""The page budgets of a built network (issue 18): `python -m scripts.check_budgets [output]`.

Sizes, third-party requests and axe-core in Debian's Chromium, the Nu HTML
Checker, Lighthouse on three pages (checks/budgets/). Needs `make tools`
(npm ci), `make java`, `make chromium`. Exit status: 0 every budget holds,
1 a budget is broken (one line each), 2 bad usage or a missing tool.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    from checks.budgets.report import json_report, text_report
    from checks.budgets.run import CHECKS, Options, check_budgets
    from checks.budgets.tools import ToolMissing

    parser = argparse.ArgumentParser(prog="python -m scripts.check_budgets")
    parser.add_argument("output", type=Path, nargs="?", default=ROOT / "output")
    parser.add_argument("--only", default=",".join(CHECKS), help=f"comma-separated checks among {', '.join(CHECKS)}")
    parser.add_argument("--sample", type=int, metavar="N",
                        help="the browser checks and vnu on N pages of each kind (and every front page), not all")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the machine-readable report there")
    args = parser.parse_args(argv)
    checks = tuple(name.strip() for name in args.only.split(",") if name.strip())
    if unknown := sorted(set(checks) - set(CHECKS)):
        parser.error(f"unknown checks {unknown}: choose among {', '.join(CHECKS)}")
    if not args.output.is_dir():
        parser.error(f"{args.output} is not a folder: run `make build` first")
    try:
        result = check_budgets(args.output, Options(checks=checks, per_kind=args.sample))
    except ToolMissing as missing:
        print(missing, file=sys.stderr)
        return 2
    print(text_report(result))
    if args.json:
        args.json.write_text(json_report(result) + "\n", encoding="utf-8")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
