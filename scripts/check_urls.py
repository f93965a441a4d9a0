"""Did any published URL get lost?  `python -m scripts.check_urls OLD NEW`.

OLD: a previous build folder, or a file or http(s) URL listing URLs (one a
line, a sitemap, or a sitemap index).  NEW: a build folder.  Prints each lost
URL as an editor's line, `path:line: Field: message [lost-url]`, and a Vietnamese
summary (`Kiểm tra địa chỉ: N địa chỉ đã xuất bản, N giữ nguyên, N chuyển hướng,
N bị mất`).  With `--old-content` (the content folder OLD was built from, e.g. the
target branch's on a pull request) a lost URL that a direct edit of a unit's
`slug:` or `parent:` explains is reported at that line of content/network.yml,
with the history event to write instead [direct-registry-edit].  `--also FILE|URL`
(repeatable): more URL lists published with OLD, checked with it; the deploy passes
the live `feeds.txt`, since no sitemap lists a feed URL (stages/sitemaps/feed_list.py).  Exit status:
0 none lost, 1 some lost, 2 bad usage.
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
    parser.add_argument("--also", action="append", default=[], metavar="FILE|URL",
                        help="another list of published URLs (e.g. the live feeds.txt: no sitemap lists a feed)")
    parser.add_argument("--old-content", type=Path,
                        help="the content folder OLD was built from: names the registry edits that lose URLs")
    args = parser.parse_args(argv)
    if not args.new.is_dir():
        parser.error(f"NEW must be a build folder: {args.new}")
    old_folder = Path(args.old)
    if not old_folder.is_dir() and not args.old.startswith(("http://", "https://")) and not old_folder.is_file():
        parser.error(f"OLD is neither a build folder, a file nor an http(s) URL: {args.old}")
    sys.path.insert(0, str(ROOT))
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from builder.config import load_registry
    from checks.addresses import site_prefixes, url_to_path
    from checks.lost_urls import direct_edits, lost_lines
    from checks.urls import build_paths, check, listed_urls
    from domain.registry import ProblemsFound, display_path

    try:
        config, registry = load_registry(args.settings, args.content)
    except ProblemsFound as problems:
        print(problems, file=sys.stderr)
        return 2
    roots = site_prefixes(registry, config.base_url)
    paths = build_paths(old_folder) if old_folder.is_dir() else []
    for source in ([] if old_folder.is_dir() else [args.old]) + args.also:
        try:
            urls = listed_urls(source, roots)
        except (OSError, ValueError) as error:
            print(f"cannot read {source}: {error}", file=sys.stderr)
            return 2
        for url in urls:
            path = url_to_path(url, roots)
            paths.append(path if path is not None else url)
    paths = list(dict.fromkeys(paths))  # a URL listed twice is checked once
    report = check(paths, args.new, roots)
    day = datetime.now(ZoneInfo(config.timezone)).date()
    edits = []
    if args.old_content is not None and report.lost:
        try:
            edits = direct_edits(load_registry(args.settings, args.old_content)[1], registry, day)
        except ProblemsFound as problems:  # the lost URLs are still listed, without their cause
            print(f"{display_path(args.old_content)}: sổ đăng ký cũ không đọc được, bỏ qua việc tìm nguyên nhân:\n{problems}",
                  file=sys.stderr)
    for line in lost_lines(report, edits, display_path(registry.path), day):
        print(line)
    print(report.summary_vi())
    return 1 if report.lost else 0

if __name__ == "__main__":
    sys.exit(main())
