"""The policy written three ways: a <meta> tag, a `_headers` file, an nginx snippet.

A browser enforces both the <meta> policy and the header policy of a page
(every source must pass both), so the two say the same; the meta only leaves
out what a <meta> cannot carry (policy.META_IGNORED).  Static hosts without
headers (GitHub Pages) then still get the policy, and hosts with headers also
get `frame-ancestors` and policy for files that are not HTML (images, feeds).
"""

from __future__ import annotations

from collections.abc import Iterable

from .policy import DEFAULT_KIND, PAGE_KINDS, Kinds, header_policy, kind_for, meta_policy, security_headers

META_NAME = "Content-Security-Policy"


def _attribute(value: str) -> str:
    """Escaped for a double-quoted attribute: the policy's single quotes stay readable."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def meta_tag(path_in_site: str, origins: list[str], kinds: Kinds = PAGE_KINDS) -> str:
    """`<meta http-equiv="Content-Security-Policy" content="...">` for the page at `path_in_site`.

    It must come first in <head>, right after <meta charset>: a <meta> policy
    only governs what follows it.
    """
    policy = meta_policy(kind_for(path_in_site, kinds), origins, kinds)
    return f'<meta http-equiv="{META_NAME}" content="{_attribute(policy)}">'


def headers_file(origins: list[str], in_site_folders: bool = False,
                 kinds: Kinds = PAGE_KINDS) -> str:
    """A Netlify / Cloudflare Pages `_headers` file.

    `in_site_folders`: the file is for the output root, every site in its own
    folder (`/:site/tim-kiem/*`); else for one site's folder at a domain's root
    (`/tim-kiem/*`).  One rule per kind whatever the number of sites (Cloudflare
    allows 100).  Every path gets the default kind's headers (`/*`); each other
    kind's folder then replaces the policy.  Cloudflare Pages joins the values
    of a header set by two matching rules (two policies, both enforced), so
    the kind's rule first detaches the inherited one (`! Content-Security-Policy`,
    Cloudflare's syntax; Netlify takes the later rule's value without it).
    """
    lines = ["# Security headers (plugins/csp), written by the build: do not edit.", "/*"]
    lines += [f"  {name}: {value}" for name, value in security_headers(DEFAULT_KIND, origins, kinds)]
    for name, kind in kinds.items():
        if kind.path is not None:
            lines += [f"/{':site/' if in_site_folders else ''}{kind.path}*", f"  ! {META_NAME}",
                      f"  {META_NAME}: {header_policy(name, origins, kinds)}"]
    return "".join(f"{line}\n" for line in lines)


def _nginx_string(value: str) -> str:
    if any(character in value for character in '"\\$\n'):  # would end the string or interpolate a variable
        raise ValueError(f"csp: cannot be written as an nginx string: {value!r}")
    return f'"{value}"'


def _add_headers(kind: str, origins: list[str], kinds: Kinds, indent: str) -> list[str]:
    return [f"{indent}add_header {name} {_nginx_string(value)} always;"
            for name, value in security_headers(kind, origins, kinds)]


def nginx_snippet(origins: list[str], site_paths: Iterable[str] = ("/",),
                  kinds: Kinds = PAGE_KINDS) -> str:
    """nginx `add_header` lines (every response, `always`: redirects and errors too), and a
    `location` per site and other kind of page.

    `site_paths`: each site's path on its server ("/" on its own domain,
    "/<site-id>/" under one base URL).  nginx does not inherit a server's
    `add_header` into a location that has its own, so each location repeats
    every header.
    """
    lines = [
        "# Security headers (plugins/csp), written by the build: do not edit.",
        "# Include inside each server { } block that serves the network (see README).",
        *_add_headers(DEFAULT_KIND, origins, kinds, ""),
    ]
    for name, kind in kinds.items():
        if kind.path is None:
            continue
        for site_path in sorted(set(site_paths)):
            lines += [f"location {site_path}{kind.path} {{", *_add_headers(name, origins, kinds, "    "), "}"]
    return "".join(f"{line}\n" for line in lines)
