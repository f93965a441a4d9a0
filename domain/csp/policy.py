"""The Content-Security-Policy of every page, set per kind of page in one table.

Articles come from untrusted editors.  Their HTML is cleaned (nh3), but a
cleaner is one line of defence; the policy is the second: even HTML that got
through cannot run a script, load a style or an image from elsewhere, post a
form elsewhere, change the base URL or be framed.  The theme needs nothing
more than its own stylesheet and images from the network's own sites, so the
policy says exactly that.

A page's kind is decided by where it lives (`kind_for`), the same way a
server decides which headers to send: the `<meta>` tag written into a page and
the header sent with it can then never disagree.  A later kind (a search page
at `<site>/tim-kiem/` that runs WebAssembly) is one row of `PAGE_KINDS` that
names its place and only what it adds:

    "search": PageKind(path="tim-kiem/", adds={"script-src": ("'wasm-unsafe-eval'",)}),

No `connect-src` in the base: `default-src 'self'` already allows fetching
from the page's own origin (a search index beside the page), and nothing on a
published page connects anywhere today.  The live preview's reload channel is
not a published page: it serves its own kind, which adds its script and
`connect-src` there and nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

Sources = tuple[str, ...]
Directives = Mapping[str, Sources]

# In a source list: the network's own site origins (network_origins), expanded by `directives_for`.
NETWORK_ORIGINS = "<network-origins>"

# What every page may do.  Order is kept in the rendered policy.
BASE: Directives = MappingProxyType({
    "default-src": ("'self'",),
    "img-src": ("'self'", NETWORK_ORIGINS),  # lists show thumbnails of articles on the other sites
    "style-src": ("'self'",),  # the theme's stylesheet; no style attribute, no <style>
    "script-src": ("'self'",),  # no inline script (the theme has no JavaScript today)
    "object-src": ("'none'",),
    "base-uri": ("'self'",),  # a <base> smuggled into an article cannot redirect relative links
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),  # no framing (clickjacking); only works as a header
})


@dataclass(frozen=True)
class PageKind:
    """A kind of page: where its pages live inside every site, and what it adds to `BASE`.

    `path` is a folder inside a site ("tim-kiem/"); None for the one default
    kind (every page no other kind claims: the network page, redirect pages,
    every page of the theme today).  `adds` extends a directive's sources; a
    fetch directive that `BASE` lacks starts from the sources it fell back to
    (`connect-src` from `default-src`), so adding never takes anything away.
    """

    path: str | None = None
    adds: Directives = field(default_factory=dict)


Kinds = Mapping[str, PageKind]

DEFAULT_KIND = "page"

PAGE_KINDS: Kinds = MappingProxyType({
    DEFAULT_KIND: PageKind(),
})

# Browsers ignore these in a <meta> policy and log a console error: headers only.
META_IGNORED = frozenset({"frame-ancestors", "report-uri", "sandbox"})

# Fetch directives: where each looks when a policy lacks it (CSP Level 3), nearest first.
FALLBACKS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    **{name: ("default-src",) for name in (
        "child-src", "connect-src", "font-src", "img-src", "manifest-src", "media-src", "object-src",
        "script-src", "style-src")},
    "script-src-elem": ("script-src", "default-src"),
    "script-src-attr": ("script-src", "default-src"),
    "style-src-elem": ("style-src", "default-src"),
    "style-src-attr": ("style-src", "default-src"),
    "frame-src": ("child-src", "default-src"),
    "worker-src": ("child-src", "script-src", "default-src"),
})

# The other headers every response gets.  nosniff: an uploaded file is never
# taken for HTML (or a script) because of what it contains; the referrer
# tells other sites which site a reader came from, never which page.
OTHER_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
)


def check_kinds(kinds: Kinds) -> None:
    """Raise ValueError unless exactly one kind is the default and every other has its own folder."""
    defaults = [name for name, kind in kinds.items() if kind.path is None]
    if defaults != [DEFAULT_KIND]:
        raise ValueError(f"csp: exactly one page kind, {DEFAULT_KIND!r}, has no path; found {defaults}")
    paths = [kind.path for kind in kinds.values() if kind.path is not None]
    for path in paths:
        if not re.fullmatch(r"([a-z0-9-]+/)+", path):  # written as it is into _headers and nginx
            raise ValueError(f"csp: a page kind's path is a folder inside a site, like 'tim-kiem/': {path!r}")
    for path in paths:  # nested folders would need an order of precedence no static host has
        inside = [other for other in paths if other != path and other.startswith(path)]
        if inside or paths.count(path) > 1:
            raise ValueError(f"csp: page kinds' folders may not share or nest: {path!r} {inside}")


check_kinds(PAGE_KINDS)


def kind_for(path_in_site: str, kinds: Kinds = PAGE_KINDS) -> str:
    """The kind of the page at `path_in_site` ("tin/x.html", "tim-kiem/index.html"), by its folder."""
    for name, kind in kinds.items():
        if kind.path is not None and path_in_site.startswith(kind.path):
            return name
    return DEFAULT_KIND


def directives_for(kind: str, origins: list[str], kinds: Kinds = PAGE_KINDS) -> dict[str, Sources]:
    """The directives of a kind of page, with `NETWORK_ORIGINS` expanded.

    With a single origin for the whole network (the local build, one domain
    for every site) that origin is every page's own: 'self' says it already.
    """
    directives = {name: sources for name, sources in BASE.items()}
    for name, added in kinds[kind].adds.items():
        nearest = next((other for other in (name, *FALLBACKS.get(name, ())) if other in directives), None)
        start = directives[nearest] if nearest else ()
        kept = tuple(source for source in start if source != "'none'")  # 'none' beside a source is ignored
        directives[name] = kept + tuple(added)
    network = tuple(origins) if len(origins) > 1 else ()
    expanded = {}
    for name, sources in directives.items():
        listed = [item for source in sources for item in (network if source == NETWORK_ORIGINS else [source])]
        expanded[name] = tuple(dict.fromkeys(listed))  # each source once, first place kept
    return expanded


def serialize(directives: Mapping[str, Sources]) -> str:
    """The policy text: `name source source; name source`."""
    return "; ".join(" ".join((name, *sources)) for name, sources in directives.items())


def header_policy(kind: str, origins: list[str], kinds: Kinds = PAGE_KINDS) -> str:
    """The Content-Security-Policy header's value for a kind of page."""
    return serialize(directives_for(kind, origins, kinds))


def meta_policy(kind: str, origins: list[str], kinds: Kinds = PAGE_KINDS) -> str:
    """The <meta> policy: the header's, less the directives a <meta> cannot carry."""
    return serialize({name: sources for name, sources in directives_for(kind, origins, kinds).items()
                      if name not in META_IGNORED})


def security_headers(kind: str, origins: list[str], kinds: Kinds = PAGE_KINDS) -> list[tuple[str, str]]:
    """Every header a response of this kind of page gets, in a fixed order."""
    return [("Content-Security-Policy", header_policy(kind, origins, kinds)), *OTHER_HEADERS]
