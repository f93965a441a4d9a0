"""Check that every internal link of a built network resolves: `python -m scripts.check_links [output]`.

Exit status: 0 no broken link, 1 broken links (one per line), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.check_links")
    parser.add_argument("output", type=Path, nargs="?", default=ROOT / "output")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py",
                        help="the settings the output was built with")
    args = parser.parse_args(argv)
    if not args.output.is_dir():
        parser.error(f"{args.output} is not a folder: run `make build` first")
    sys.path.insert(0, str(ROOT))
    from checks.addresses import load_site_prefixes
    from checks.links import check_links
    from domain.registry import ProblemsFound

    try:
        prefixes = load_site_prefixes(args.settings, args.content)
    except ProblemsFound as problems:
        print(problems, file=sys.stderr)
        return 2
    checked, broken = check_links(args.output, prefixes)
    for link in broken:
        print(link)
    print(f"checked {checked}, broken {len(broken)}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
