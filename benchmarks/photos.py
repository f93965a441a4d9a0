"""Realistic photos for the image rows of the benchmark: distinct 3-4 MP JPEGs, as a phone takes them.

Each photo is different bytes (its own entry in the image store: encoded once, never found), with
smooth regions, edges and sensor-like noise, so JPEG and WebP sizes and encoding times are those of
real photos, not of a flat test image.  The same arguments give the same files.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 2304, 1728  # 4.0 MP, 4:3 like a phone's camera


def photo(number: int) -> Image.Image:
    rng = random.Random(number)
    small = Image.new("RGB", (WIDTH // 8, HEIGHT // 8))
    draw = ImageDraw.Draw(small)
    top, bottom = [tuple(rng.randint(40, 220) for _ in range(3)) for _ in range(2)]
    for y in range(small.height):  # sky to ground
        t = y / small.height
        draw.line([(0, y), (small.width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    for _ in range(40):  # people, tables, banners: shapes with edges
        x, y = rng.randrange(small.width), rng.randrange(small.height)
        w, h = rng.randint(5, 60), rng.randint(5, 80)
        draw.rectangle((x, y, x + w, y + h), fill=tuple(rng.randint(0, 255) for _ in range(3)))
    image = small.resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(1.5))
    noise = Image.effect_noise((WIDTH, HEIGHT), 18).convert("RGB")
    return Image.blend(image, noise, 0.2)


def add_photos(articles: list[Path], count: int) -> list[Path]:
    """Give the first `count` articles that show an image a photo of their own (in their unit's
    images/); returns the photo files."""
    photos = []
    with_image = [a for a in articles if "\nImage: " in a.read_text(encoding="utf-8")]
    for number, article in enumerate(with_image[:count]):
        path = article.parent / "images" / f"anh-{number:04d}.jpg"
        path.parent.mkdir(exist_ok=True)
        photo(number).save(path, "JPEG", quality=90)
        text = article.read_text(encoding="utf-8")
        article.write_text(re.sub(r"\nImage: [^\n]*", f"\nImage: images/{path.name}", text, count=1), encoding="utf-8")
        photos.append(path)
    return photos
