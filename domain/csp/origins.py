"""The network's own site origins: what a page may load from besides itself.

With each federation on its own domain, a list page shows the thumbnails of
articles that live on other sites of the network, so `img-src` must allow the
network's origins, and exactly those.  They are computed from the registry
snapshot of the build's day, after `Network.assign_urls` gave every site its
URL (local build: one origin; published: each site's registry `url`), so the
theme, the policy and later the search all read the same list.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from domain.registry import Network


def origin_of(url: str) -> str:
    """`https://mau.example.vn/tp-dong` -> `https://mau.example.vn` (scheme, host, port as written)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"csp: not an absolute http(s) URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def network_origins(network: Network) -> list[str]:
    """The origins of today's sites, each once, sorted (sites sharing a domain share an origin).

    Only sites of this snapshot: a federation that merged away serves redirect
    pages only, which load nothing.
    """
    missing = [site.id for site in network.sites if not site.site_url]
    if missing:
        raise ValueError(f"csp: sites without a URL (call Network.assign_urls first): {', '.join(missing)}")
    return sorted({origin_of(site.site_url) for site in network.sites})
