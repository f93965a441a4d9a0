"""Did any published URL get lost?  `python -m scripts.check_urls OLD NEW`.

OLD: a previous build folder, or a file or http(s) URL listing URLs (one a
line, a sitemap, or a sitemap index).  NEW: a build folder.  Prints each lost
URL and `checked N, kept N, redirected N, lost N`.  Exit status: 0 none lost,
1 some lost, 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.check_urls")
    parser.add_argument("old", help="previous build folder, or URL list / sitemap (file or http URL)")
    parser.add_argument("new", type=Path, help="new build folder")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py",
                        help="the settings both builds used (maps site URLs to folders)")
    args = parser.parse_args(argv)
    if not args.new.is_dir():
        parser.error(f"NEW must be a build folder: {args.new}")
    old_folder = Path(args.old)
    if not old_folder.is_dir() and not args.old.startswith(("http://", "https://")) and not old_folder.is_file():
        parser.error(f"OLD is neither a build folder, a file nor an http(s) URL: {args.old}")
    sys.path.insert(0, str(ROOT))
    from checks.addresses import load_site_prefixes, url_to_path
    from checks.urls import build_paths, check, listed_urls
    from domain.registry import ProblemsFound

    try:
        roots = load_site_prefixes(args.settings, args.content)
    except ProblemsFound as problems:
        print(problems, file=sys.stderr)
        return 2
    if old_folder.is_dir():
        paths = build_paths(old_folder)
    else:
        try:
            urls = listed_urls(args.old, roots)
        except (OSError, ValueError) as error:
            print(f"cannot read {args.old}: {error}", file=sys.stderr)
            return 2
        paths = []
        for url in urls:
            path = url_to_path(url, roots)
            paths.append(path if path is not None else url)
    report = check(paths, args.new, roots)
    for lost in report.lost:
        print(f"lost: {lost}")
    print(report.summary())
    return 1 if report.lost else 0


if __name__ == "__main__":
    sys.exit(main())
