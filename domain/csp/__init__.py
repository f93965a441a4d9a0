"""Content-Security-Policy and the other security headers of every page.

policy.py holds the one table (page kind -> directives), origins.py the
network's own site origins, render.py the three ways the policy is written
(a <meta> tag, `_headers`, an nginx snippet), server_files.py the files
written beside the redirect maps.  The Pelican plugin (plugins/csp) and the
network-wide stages (the network page, the redirect pages) both use them.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from markupsafe import Markup

from .origins import network_origins, origin_of
from .policy import (
    BASE,
    DEFAULT_KIND,
    META_IGNORED,
    NETWORK_ORIGINS,
    OTHER_HEADERS,
    PAGE_KINDS,
    Kinds,
    PageKind,
    check_kinds,
    directives_for,
    header_policy,
    kind_for,
    meta_policy,
    security_headers,
    serialize,
)
from .render import headers_file, meta_tag, nginx_snippet
from .server_files import HEADERS_FILE, NGINX_FILE, site_path, write_server_files

__all__ = [
    "BASE", "DEFAULT_KIND", "HEADERS_FILE", "Kinds", "META_IGNORED", "NETWORK_ORIGINS", "NGINX_FILE", "OTHER_HEADERS",
    "PAGE_KINDS", "PageKind", "check_kinds", "csp_meta_global", "directives_for", "header_policy", "headers_file",
    "kind_for", "meta_policy", "meta_tag", "network_origins", "nginx_snippet", "origin_of", "security_headers",
    "serialize", "site_path", "write_server_files",
]


def _meta(origins: list[str], output_file: str) -> Markup:
    return Markup(meta_tag(output_file, origins))  # noqa: S704 (built from the policy table and checked URLs)


def csp_meta_global(origins: list[str]) -> Any:
    """The Jinja global `csp_meta(output_file)` for a network with these origins (also outside Pelican)."""
    return partial(_meta, origins)

