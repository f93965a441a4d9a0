"""The published list of feed URLs: `output/feeds.txt`, every feed the network serves, one URL a line.

No sitemap lists a feed (a sitemap lists pages for search engines), so without
this list a fresh runner reading the live site could not know which feed URLs
were published: a feed gone since would be lost unseen, by the build (which keeps
it as an empty feed only when it knows it: stages/redirects/published.py) and by
the deploy's URL check (scripts/check_urls.py reads it with `--also`).  It lists
today's feeds, the copies kept at old feed addresses and the empty feeds
(stages/redirects/empty_feed.py), so a feed URL, once listed, stays listed.
Made from the whole network's inventory and plan: every shard writes the same bytes.
The format is the URL list `--published-urls` and check_urls already read.
"""

from __future__ import annotations

from pathlib import Path

from domain.atomic_write import write_text_atomically
from domain.url_layout import is_feed
from stages.redirects.emit import absolute_url
from stages.redirects.inventory import Entry
from stages.redirects.plan import Plan

FEED_LIST = "feeds.txt"


def feed_urls(inventory: dict[str, Entry], plan: Plan, site_urls: dict[str, str]) -> list[str]:
    """Every feed URL the network serves after this build, sorted."""
    paths = {path for path in inventory if is_feed(path)}
    paths |= {kept.old for kept in [*plan.copies, *plan.empty_feeds] if is_feed(kept.old)}
    return sorted(absolute_url(path, site_urls) for path in paths)


def write_feed_list(inventory: dict[str, Entry], plan: Plan, site_urls: dict[str, str], output: Path) -> None:
    lines = "".join(f"{url}\n" for url in feed_urls(inventory, plan, site_urls))
    write_text_atomically(output / FEED_LIST, f"# Mọi địa chỉ bản tin RSS/Atom của mạng, mỗi dòng một địa chỉ\n{lines}")
