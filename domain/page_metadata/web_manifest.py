"""A site's web app manifest (`<site>/manifest.webmanifest`): what a phone shows for the site once a
reader adds it to the home screen (its name, short name, icon and colours).

The icons are the theme's (themes/congdoan/static/images/bieu-tuong*: the SVG, and PNGs drawn from
its shapes, since Android wants 192 and 512 px PNGs and iOS a 180 px one, opaque); the colour is the
theme's red (style.css --brand).  `display: browser`: the site stays a web page (its links, its
address bar), the manifest only names and dresses the shortcut.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

MANIFEST = "manifest.webmanifest"
THEME_COLOR = "#b3141b"
BACKGROUND_COLOR = "#ffffff"
ICON_SIZES = (192, 512)


def web_manifest(name: str, short_name: str, site_url: str, theme_url: str) -> str:
    """The manifest's JSON (the same bytes for the same site): `theme_url` is the site's theme folder URL."""
    scope = urlsplit(site_url).path.rstrip("/") + "/"
    icons = [{"src": f"{theme_url}/images/bieu-tuong-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
             for size in ICON_SIZES]
    icons.append({"src": f"{theme_url}/images/bieu-tuong.svg", "sizes": "any", "type": "image/svg+xml"})
    manifest = {"name": name, "short_name": short_name, "lang": "vi", "dir": "ltr", "start_url": scope,
                "scope": scope, "display": "browser", "theme_color": THEME_COLOR,
                "background_color": BACKGROUND_COLOR, "icons": icons}
    return json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
