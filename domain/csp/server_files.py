"""Write the headers for static hosts beside the redirects: `_headers` and `headers.nginx.conf`.

Like `_redirects`: a `_headers` at the output root (every site under one
address, sites at `/<site-id>/`) and one in each site folder (a site served
from its own domain, its folder at the root).  `headers.nginx.conf` sits
beside `redirects.nginx.map`.  The root files describe the whole network
(every site ever, as the redirect maps do), so every shard writes the same
bytes; a site folder's file is written only into the site folders this build
wrote, never creating a folder for a site another shard owns.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from domain.atomic_write import write_text_atomically

from .policy import PAGE_KINDS, Kinds
from .render import headers_file, nginx_snippet

HEADERS_FILE = "_headers"
NGINX_FILE = "headers.nginx.conf"


def site_path(site_url: str) -> str:
    """A site's path on its server: "https://mau.example.vn/tp-dong" -> "/tp-dong/", a domain -> "/"."""
    return urlsplit(site_url).path.rstrip("/") + "/"


def write_server_files(output: Path, origins: list[str], site_urls: Mapping[str, str],
                       kinds: Kinds = PAGE_KINDS) -> None:
    """Write the root `_headers` and nginx snippet, and `_headers` into each site folder present.

    `site_urls`: every site that ever existed -> its URL (the redirect plan's),
    so old site folders serving redirect pages get their headers too.
    """
    write_text_atomically(output / HEADERS_FILE, headers_file(origins, in_site_folders=True, kinds=kinds))
    write_text_atomically(output / NGINX_FILE, nginx_snippet(origins, [site_path(url) for url in site_urls.values()], kinds))
    own_domain = headers_file(origins, kinds=kinds)
    for site in sorted(site_urls):
        if (output / site).is_dir():
            write_text_atomically(output / site / HEADERS_FILE, own_domain)
