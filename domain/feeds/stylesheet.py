"""The stylesheet processing instruction that makes a feed opened in a browser read as a page.

A reader who taps a feed link on a phone gets raw XML otherwise. A CSS
stylesheet (themes/congdoan/static/css/nguon-tin.css, copied into every site's
`theme/` folder) shows, in Vietnamese, what the address is for and how to
subscribe, then the feed's title and its items. CSS rather than XSLT: Chromium
warns that XSLT is being removed, and CSS needs no script. Feed readers ignore
the instruction (it is allowed before the root element by XML 1.0), so
checks/feeds.py and feedparser read the same feed.
"""

from __future__ import annotations

from html import escape

from .catalog import FeedSpec
from .items import FeedItem
from .writer import RENDERERS

STYLESHEET_PATH = "theme/css/nguon-tin.css"  # inside a site's folder (Pelican's THEME_STATIC_DIR is `theme`)


def stylesheet_url(site_url: str) -> str:
    """The stylesheet's absolute URL for a site (a feed's own URL may be anywhere below the site)."""
    return f"{site_url.rstrip('/')}/{STYLESHEET_PATH}"


def with_stylesheet(document: bytes, href: str) -> bytes:
    """`document` with `<?xml-stylesheet type="text/css" href=…?>` after its XML declaration."""
    instruction = f'<?xml-stylesheet type="text/css" href="{escape(href, quote=True)}"?>\n'.encode()
    if document.startswith(b"<?xml "):
        end = document.index(b"?>") + 2
        newline = b"\n" if document[end:end + 1] == b"\n" else b""
        return document[:end] + b"\n" + instruction + document[end + len(newline):]
    return instruction + document


def readable_feed(fmt: str, spec: FeedSpec, items: list[FeedItem]) -> bytes:
    """The feed `spec` in `fmt` ("rss", "atom"), with the stylesheet of its site: every feed the network writes."""
    return with_stylesheet(RENDERERS[fmt](spec, items), stylesheet_url(spec.site.site_url))
