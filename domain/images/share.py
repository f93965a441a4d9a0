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
# A card is flat colour and text: about 57 KB whatever the setting (the letters' edges), and one is
# drawn per article without a lead photo, so it is saved for speed: 3 ms, not progressive's 12 ms.
CARD_JPEG = {"quality": 75, "optimize": True}


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


def card(plan: SharePlan) -> bytes:
    """A 1200×630 card: the site's name, a rule, the title as large as fits in four lines."""
    image = Image.new("RGB", (plan.width, plan.height), BRAND)
    draw = ImageDraw.Draw(image)
    margin = 72
    draw.rectangle((0, plan.height - 24, plan.width, plan.height), fill=BRAND_DARK)
    site = _font(34)
    # A site's own card (no title) shows its name large, in the title's place.
    heading, title = (plan.site_name, plan.title) if plan.title else ("", plan.site_name)
    site_lines = _lines(draw, unicodedata.normalize("NFC", heading), site, plan.width - 2 * margin)[:2]
    y = margin - 8
    for line in site_lines:
        draw.text((margin, y), line, font=site, fill=WHITE)
        y += 44
    draw.rectangle((margin, y + 16, margin + 120, y + 22), fill=WHITE)
    top = y + 60
    title = unicodedata.normalize("NFC", " ".join(title.split()))
    for size in (64, 56, 48, 42, 36):
        font = _font(size)
        lines = _lines(draw, title, font, plan.width - 2 * margin)
        step = round(size * 1.3)
        if len(lines) * step <= plan.height - 48 - top:
            break
    else:
        fit = (plan.height - 48 - top) // step
        lines = lines[:fit]
        while lines and draw.textlength(lines[-1] + " …", font=font) > plan.width - 2 * margin:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += " …"
    for number, line in enumerate(lines):
        draw.text((margin, top + number * step), line, font=font, fill=WHITE)
    out = io.BytesIO()
    image.save(out, "JPEG", **CARD_JPEG)
    return out.getvalue()
