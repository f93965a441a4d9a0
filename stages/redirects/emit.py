"""Write the plan: HTML redirect pages, copied images and feeds, and server maps, all from one list.

- an HTML page at every old path (meta refresh, rel=canonical, noindex, a
  visible link), which works on any static host, GitHub Pages included;
- `_redirects` (Netlify, Cloudflare Pages): one at the output root for a
  single-domain deploy, one in each site folder for a site on its own domain;
- an empty feed at a feed's old path whose successor is a page (empty_feed.py);
- `redirects.nginx.map` for nginx: `"<old URL>" "<new URL>";` lines;
- beside them, the security headers for the same hosts (plugins/csp:
  `_headers`, `headers.nginx.conf`); each redirect page carries the same
  Content-Security-Policy as a <meta>, as every page of the network does.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from domain.atomic_write import write_bytes_atomically, write_text_atomically
from domain.csp import meta_tag, network_origins, write_server_files
from domain.feeds.settings import FeedSettings
from domain.registry import Network
from domain.url_layout import is_feed, url_of

from .empty_feed import empty_feed
from .plan import Plan

REDIRECT_MARKER = '<meta http-equiv="refresh"'
# A shard's copies whose source another shard builds (a unit moved across provinces): made by the
# merge (builder/merge.py), once every site is in one folder.  Never published: only shards have it.
PENDING_COPIES = "pending-copies.json"


def absolute_url(output_path: str, site_urls: dict[str, str]) -> str:
    site, _, rest = output_path.partition("/")
    return f"{site_urls[site]}/{url_of(rest)}"


def redirect_page(target_url: str, csp_meta: str) -> str:
    """The HTML page left at an old path; `csp_meta` is its Content-Security-Policy <meta> tag."""
    target = html.escape(target_url, quote=True)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  {csp_meta}
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Trang đã chuyển</title>
  <meta name="robots" content="noindex">
  <link rel="canonical" href="{target}">
  <meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
  <a href="#main-content">Bỏ qua, đến nội dung chính</a>
  <main id="main-content">
    <h1>Trang đã chuyển</h1>
    <p>Nội dung này nay ở địa chỉ mới: <a href="{target}">{target}</a>.</p>
  </main>
</body>
</html>
"""


def copied_bytes(data: bytes, self_link: tuple[str, str] | None) -> bytes:
    """A copy's bytes: a feed's self link names the address it is served at, so it validates there."""
    if self_link is None:
        return data
    new_url, old_url = self_link
    return data.replace(f'"{new_url}"'.encode(), f'"{old_url}"'.encode())


def write_plan(plan: Plan, output: Path, site_urls: dict[str, str], previous: Path | None = None, *,
               network: Network, feeds: FeedSettings, category_names: Mapping[str, str] | None = None,
               defer_missing: bool = False) -> None:
    """Write redirect pages, copies, server maps and security headers into a built output folder.

    A copied file is taken from `output`, or from `previous` (the last output)
    when its site was not rebuilt.  `defer_missing` (a shard): a copy whose source
    is in neither is listed in PENDING_COPIES for the merge.  `network`: today's,
    with URLs; its site origins go into the Content-Security-Policy.
    """
    origins = network_origins(network)
    per_site: dict[str, list[str]] = defaultdict(list)
    root_lines, nginx_lines = [], []
    for redirect in plan.redirects:
        new_url = absolute_url(redirect.new, site_urls)
        old_url = absolute_url(redirect.old, site_urls)
        site, _, rest = redirect.old.partition("/")
        write_text_atomically(output / redirect.old, redirect_page(new_url, meta_tag(rest, origins)))
        per_site[site].append(f"/{url_of(rest)} {new_url} 301")
        root_lines.append(f"/{site}/{url_of(rest)} {new_url} 301")
        nginx_lines.append(f'"{old_url}" "{new_url}";')
    for emptied in plan.empty_feeds:
        write_bytes_atomically(output / emptied.old, empty_feed(
            emptied.old, absolute_url(emptied.old, site_urls), emptied.new, absolute_url(emptied.new, site_urls),
            network, feeds, category_names or {}))
    pending = []
    for copy in plan.copies:
        self_link = (html.escape(absolute_url(copy.new, site_urls)), html.escape(absolute_url(copy.old, site_urls))) \
            if is_feed(copy.old) else None
        source = output / copy.new
        if not source.exists() and previous is not None:
            source = previous / copy.new
        if not source.exists() and defer_missing:
            pending.append({"old": copy.old, "new": copy.new, "self_link": self_link})
            continue
        write_bytes_atomically(output / copy.old, copied_bytes(source.read_bytes(), self_link))
    if pending:
        write_text_atomically(output / PENDING_COPIES, json.dumps(sorted(pending, key=lambda c: c["old"]), indent=1))
    # Sorted lines: shards built on different machines merge into the same bytes.
    for site, lines in per_site.items():
        write_text_atomically(output / site / "_redirects", "".join(f"{line}\n" for line in sorted(lines)))
    write_text_atomically(output / "_redirects", "".join(f"{line}\n" for line in sorted(root_lines)))
    write_text_atomically(output / "redirects.nginx.map", "".join(f"{line}\n" for line in sorted(nginx_lines)))
    write_server_files(output, origins, site_urls)
