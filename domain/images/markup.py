"""How a planned image is offered to the browser: `<picture>` with AVIF, WebP and a fallback, each in `srcset`.

The browser picks the first format it can show and the narrowest file that
fills the slot `sizes` describes at its pixel density: a 360-px-wide phone at
DPR 2 takes the 720 px AVIF of a 4000 px photo.  Every `<img>` has its width and
height (the page does not jump while it loads); the lead image is fetched first
(`fetchpriority="high"`), every body image lazily.  Body images are rewritten in
the cleaned body HTML (nh3's serialisation: double-quoted, escaped attributes).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import NamedTuple
from urllib.parse import quote

from .renditions import ImagePlan

# The article column (style.css `.article`: 46rem, 1rem padding each side on narrow screens).
ARTICLE_SIZES = "(max-width: 48rem) calc(100vw - 2rem), 46rem"
# A list's thumbnail (style.css `.card-thumb`: 7.5rem beside the title on phones, a column's width
# above it on wide screens) and the front page's lead story (the main column).
THUMBNAIL_SIZES = "(max-width: 40rem) 7.5rem, 16rem"
LEAD_STORY_SIZES = "(max-width: 48rem) calc(100vw - 2rem), 44rem"
THUMBNAIL_MAX_WIDTH = 720  # a 16rem thumbnail at DPR 2: wider files only weigh down the list's markup
_IMG = re.compile(r"<img\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([a-zA-Z-]+)="([^"]*)"')


class Source(NamedTuple):
    type: str
    srcset: str


class Picture(NamedTuple):
    src: str  # the fallback's widest file: the image's own path
    srcset: str  # the fallback format's widths
    sources: tuple[Source, ...]  # AVIF, then WebP
    sizes: str
    width: int
    height: int


def url_of(site_url: str, path: str) -> str:
    return f"{site_url}/{quote(path)}"


def picture_of(plan: ImagePlan, site_url: str, sizes: str = ARTICLE_SIZES, max_width: int | None = None) -> Picture:
    """The `<picture>` of `plan` on the site at `site_url` (`max_width`: no wider file offered)."""
    def srcset(format_: str) -> str:
        return ", ".join(f"{url_of(site_url, r.path)} {r.width}w" for r in plan.of_format(format_)
                         if max_width is None or r.width <= max_width)

    original = plan.original
    if plan.facts.animated:
        return Picture(url_of(site_url, original.path), "", (), sizes, original.width, original.height)
    sources = tuple(Source(f"image/{f.lower()}", srcset(f)) for f in ("AVIF", "WEBP") if plan.of_format(f))
    return Picture(url_of(site_url, original.path), srcset(plan.fallback), sources, sizes, original.width,
                   original.height)


def picture_html(picture: Picture, alt: str, *, lead: bool, extra: str = "") -> str:
    """The `<picture>` element (`extra`: more attributes of the `<img>`, already escaped)."""
    escape = html.escape
    loading = 'fetchpriority="high" decoding="async"' if lead else 'loading="lazy" decoding="async"'
    parts = ["<picture>"]
    parts += [f'<source type="{s.type}" srcset="{escape(s.srcset)}" sizes="{escape(picture.sizes)}">'
              for s in picture.sources]
    srcset = f' srcset="{escape(picture.srcset)}" sizes="{escape(picture.sizes)}"' if picture.srcset else ""
    parts.append(f'<img src="{escape(picture.src)}"{srcset} width="{picture.width}" height="{picture.height}" '
                 f'alt="{escape(alt)}" {loading}{extra}></picture>')
    return "".join(parts)


def rewrite_body(body: str, pictures: Mapping[str, Picture]) -> str:
    """The body with each `<img>` whose src is a published image (a key of `pictures`, its URL)
    as a lazy `<picture>`; its alt and title are kept, width/height are the file's."""
    def replace(match: re.Match[str]) -> str:
        attributes = {name.lower(): html.unescape(value) for name, value in _ATTRIBUTE.findall(match[1])}
        picture = pictures.get(attributes.get("src", ""))
        if picture is None:
            return match[0]
        title = f' title="{html.escape(attributes["title"])}"' if "title" in attributes else ""
        return picture_html(picture, attributes.get("alt", ""), lead=False, extra=title)

    return _IMG.sub(replace, body) if "<img" in body else body
