"""What the deploy passes as `--published-urls`: `python -m scripts.published_sources BASE_URL --save-dir DIR`.

Prints one source a line (a URL, or a file written in DIR): the live
`sitemap.xml` (the sitemap index) and the live list of feed URLs `feeds.txt`
(stages/sitemaps/feed_list.py); the deploy passes them to every shard's build and
to the URL check.  Without them a build would drop the redirects of corrected
titles and the empty feeds silently, so a fetch that fails stops the step, loudly:

- the sitemap answers 404 and so does the site's root: the very first deploy,
  nothing was published; prints nothing, exit 0;
- the sitemap answers 404 but the root does not (the site is online), any other
  HTTP error, a network error or a timeout, or a sitemap that is not one: exit 1;
- `feeds.txt` answers 404 while the sitemap is there: a site published before the
  list existed; the feed links of each site's feed page (`<site>/feeds/`) are
  saved in DIR instead, with a warning (exit 0); any other failure: exit 1.

Messages (Vietnamese, on stderr) are GitHub annotations (`::error::`, `::warning::`).
"""

from __future__ import annotations

import argparse
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 30  # seconds per request
_FEED_LINK = re.compile(r"""href=["']([^"']+\.(?:rss|atom)\.xml)["']""")


class Unreadable(Exception):
    """A fetch failed in a way that is not "nothing is there"."""


def fetch(url: str) -> bytes | None:
    """The body at `url`; None for a 404; raises Unreadable for any other failure."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as answer:  # noqa: S310 (the deploy's own http(s) base)
            return answer.read()
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise Unreadable(f"{url}: HTTP {error.code}") from error
    except (urllib.error.URLError, OSError) as error:
        raise Unreadable(f"{url}: {getattr(error, 'reason', error)}") from error


def feed_page_links(index: bytes, base: str) -> list[str]:
    """The feed URLs every site's feed page links (the sites: the sitemap index's `<site>/sitemap.xml`)."""
    sys.path.insert(0, str(ROOT))
    from stages.sitemaps import SITEMAP, parse_sitemap

    urls: set[str] = set()
    for sitemap in parse_sitemap(index)[1]:
        if not sitemap.endswith(f"/{SITEMAP}") or sitemap == f"{base}/{SITEMAP}":
            continue
        page = fetch(sitemap.removesuffix(SITEMAP) + "feeds/")
        if page is not None:  # a merged federation's old folder has no feed page
            urls.update(_FEED_LINK.findall(page.decode("utf-8", errors="replace")))
    return sorted(urls)


def published_sources(base: str, save_dir: Path) -> list[str]:
    """The sources to pass (see the module docstring); raises Unreadable."""
    sys.path.insert(0, str(ROOT))
    from stages.sitemaps import FEED_LIST, SITEMAP, parse_sitemap

    base = base.rstrip("/")
    index = fetch(f"{base}/{SITEMAP}")
    if index is None:
        if fetch(f"{base}/") is None:
            print(f"::notice::{base}/ chưa có trang nào (404): lần triển khai đầu tiên, không có địa chỉ nào đã xuất bản.",
                  file=sys.stderr)
            return []
        raise Unreadable(f"{base}/{SITEMAP}: HTTP 404, trong khi trang web đang chạy ({base}/ trả lời)")
    try:
        parse_sitemap(index)
    except ValueError as error:
        raise Unreadable(f"{base}/{SITEMAP}: không phải sơ đồ trang ({error})") from error
    sources = [f"{base}/{SITEMAP}"]
    if fetch(f"{base}/{FEED_LIST}") is not None:
        return sources + [f"{base}/{FEED_LIST}"]
    links = feed_page_links(index, base)
    save_dir.mkdir(parents=True, exist_ok=True)
    listed = save_dir / "feeds-from-pages.txt"
    listed.write_text("".join(f"{url}\n" for url in links), encoding="utf-8")
    print(f"::warning::{base}/{FEED_LIST} chưa có (trang web xuất bản trước khi có danh sách này): "
          f"dùng {len(links)} địa chỉ bản tin mà các trang feeds/ liên kết.", file=sys.stderr)
    return sources + [str(listed)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.published_sources")
    parser.add_argument("base_url", help="the live network's address (NETWORK_BASE_URL)")
    parser.add_argument("--save-dir", type=Path, default=Path("published"), help="where a list made here is written")
    args = parser.parse_args(argv)
    try:
        sources = published_sources(args.base_url, args.save_dir)
    except Unreadable as error:
        print(f"::error::không đọc được địa chỉ đã xuất bản của trang web đang chạy: {error}. Dựng mà không có chúng "
              "sẽ làm mất các trang chuyển hướng; thử chạy lại khi trang trả lời bình thường.", file=sys.stderr)
        return 1
    for source in sources:
        print(source)
    return 0


if __name__ == "__main__":
    sys.exit(main())
