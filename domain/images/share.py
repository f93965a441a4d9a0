"""Every article's share image (og:image): a 1.91:1 crop of its lead photo, or a card with its title.

Facebook and Zalo show a 1.91:1 picture above the link; 1200×630 is what Facebook
asks for.  The crop is the largest 1.91:1 box of the lead image, centred on its
`ImageFocus:` point (else the centre), scaled to 1200×630; a lead image whose box
is narrower than 1200 px but at least 600 px keeps the box's own size (Facebook
still shows it large); anything smaller, or no lead image, gets a generated card:
the site's name and the article's title on the theme's red, in DejaVu Sans Bold
(shipped in fonts/ under its licence: every Vietnamese letter with its diacritics,
and the same bytes on every machine, so a card is the same file wherever it is built).
"""

from __future__ import annotations

import functools
import io
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .framing import HEIGHT, WIDTH, SharePlan, crop_box, share_plan

__all__ = ["FONT", "HEIGHT", "WIDTH", "SharePlan", "card", "crop_box", "cropped", "share_plan"]

FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSans-Bold.ttf"
BRAND, BRAND_DARK, WHITE = (0xB3, 0x14, 0x1B), (0x7F, 0x0D, 0x12), (0xFF, 0xFF, 0xFF)  # style.css --brand, --brand-dark
JPEG = {"quality": 82, "optimize": True, "progressive": True}  # a photo's crop: a few per build
# A card is flat colour and text: about 60-70 KB whatever the setting (the letters' edges), and one
# is drawn per article without a lead photo (10,000 on a cold build of a 10,000-article network), so
# it is saved for speed: 1.2 ms without Huffman optimisation (6 KB more), not 3.4 ms with it, nor
# progressive's 12 ms.
CARD_JPEG = {"quality": 75}


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def cropped(picture: Image.Image, plan: SharePlan) -> bytes:
    """The crop of the decoded lead picture (encoding.decoded, oriented, sRGB)."""
    left, top, right, bottom = plan.box or (0, 0, plan.source_width, picture.height)
    scale = picture.width / plan.source_width  # the picture may be decoded smaller (encoding.decoded)
    region = (round(left * scale), round(top * scale), round(right * scale), round(bottom * scale))
    image = picture.crop(region).convert("RGB").resize((plan.width, plan.height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", **JPEG)
    return out.getvalue()


def _lines(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


MARGIN = 72


@functools.lru_cache(maxsize=64)  # one per site: every card of a site shares its name and rule
def _background(heading: str, width: int, height: int) -> tuple[Image.Image, int]:
    """The card without its title, and where the title starts."""
    image = Image.new("RGB", (width, height), BRAND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height - 24, width, height), fill=BRAND_DARK)
    site = _font(34)
    y = MARGIN - 8
    for line in _lines(draw, unicodedata.normalize("NFC", heading), site, width - 2 * MARGIN)[:2]:
        draw.text((MARGIN, y), line, font=site, fill=WHITE)
        y += 44
    draw.rectangle((MARGIN, y + 16, MARGIN + 120, y + 22), fill=WHITE)
    return image, y + 60


def card(plan: SharePlan) -> bytes:
    """A 1200×630 card: the site's name, a rule, the title as large as fits in four lines."""
    # A site's own card (no title) shows its name large, in the title's place.
    heading, title = (plan.site_name, plan.title) if plan.title else ("", plan.site_name)
    base, top = _background(heading, plan.width, plan.height)
    image = base.copy()
    draw = ImageDraw.Draw(image)
    title = unicodedata.normalize("NFC", " ".join(title.split()))
    for size in (64, 56, 48, 42, 36):
        font = _font(size)
        lines = _lines(draw, title, font, plan.width - 2 * MARGIN)
        step = round(size * 1.3)
        if len(lines) * step <= plan.height - 48 - top:
            break
    else:
        fit = (plan.height - 48 - top) // step
        lines = lines[:fit]
        while lines and draw.textlength(lines[-1] + " …", font=font) > plan.width - 2 * MARGIN:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += " …"
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * step), line, font=font, fill=WHITE)
    out = io.BytesIO()
    image.save(out, "JPEG", **CARD_JPEG)
    return out.getvalue()
