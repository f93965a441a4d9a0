"""Share links that work without JavaScript: plain addresses of the networks' own share pages.

Nothing is loaded from Facebook or Zalo until the reader taps one (no button script, no icon from
their hosts). Zalo's share page reads the page address as base64 JSON in `d`, as its own button does.
"""

from __future__ import annotations

import base64
import json
from typing import NamedTuple
from urllib.parse import quote, urlencode

FACEBOOK_SHARER = "https://www.facebook.com/sharer/sharer.php"
ZALO_SHARER = "https://button-share.zalo.me/share_external"


class ShareLinks(NamedTuple):
    facebook: str
    zalo: str


def share_links(page_url: str) -> ShareLinks:
    """The Facebook and Zalo share addresses of `page_url` (absolute)."""
    payload = base64.b64encode(json.dumps({"url": page_url}, separators=(",", ":")).encode()).decode()
    return ShareLinks(f"{FACEBOOK_SHARER}?{urlencode({'u': page_url}, quote_via=quote)}",
                      f"{ZALO_SHARER}?{urlencode({'d': payload}, quote_via=quote)}")
