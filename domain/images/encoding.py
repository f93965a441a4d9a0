"""Pixels to files: an image's renditions encoded, every piece of metadata left behind.

The picture is decoded once, turned as its EXIF orientation says, converted to sRGB
when it carries another colour profile (so that dropping the profile keeps its
colours), then each rendition is resized from it and saved with nothing but the
pixels: no EXIF (GPS position, camera, owner), no XMP, no ICC profile, no comment.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, ImageCms, ImageSequence

from .inspection import DECODERS, oriented
from .renditions import ENCODERS, ImagePlan, Rendition

_SRGB = ImageCms.createProfile("sRGB")


def _in_srgb(image: Image.Image) -> Image.Image:
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):  # 16-bit greyscale: scaled, not clipped at 255
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    profile = image.info.get("icc_profile")
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info) else "RGB"
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
                image = image.convert(mode)
            converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode if image.mode != "CMYK" else "RGB")
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels as they are, read as sRGB
    return image.convert(mode)


def decoded(file: Path, suffix: str, widest: int) -> Image.Image:
    """The picture at `file`, oriented and in sRGB; a JPEG decoded at the smallest scale still
    at least `widest` wide (libjpeg scales while decoding: much faster than a full decode)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the scan checked its size
        image = Image.open(file, formats=DECODERS[suffix])
        if image.format in ("JPEG", "MPO"):
            exif_turn = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)
            width, height = image.size
            target = (widest, max(1, height * widest // width)) if not exif_turn else (
                max(1, width * widest // height), widest)
            image.draft("RGB", target)
        image.load()
    return _in_srgb(oriented(image))


def _resized(picture: Image.Image, size: tuple[int, int]) -> Image.Image:
    return picture if picture.size == size else picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def encode(resized: Image.Image, rendition: Rendition) -> bytes:
    """One rendition's bytes, from the decoded picture (decoded()) at the rendition's size."""
    if rendition.format == "JPEG" and resized.mode != "RGB":
        resized = resized.convert("RGB")
    if rendition.format == "GIF":
        resized = resized.convert("RGBA").quantize(256) if resized.mode == "RGBA" else resized.convert("P")
    out = io.BytesIO()
    resized.save(out, rendition.format, **ENCODERS[rendition.format])  # no exif=, icc_profile=: none written
    return out.getvalue()


def encode_animated(file: Path, suffix: str, rendition: Rendition) -> bytes:
    """An animated image's frames at its own size, re-saved without its metadata."""
    with Image.open(file, formats=DECODERS[suffix]) as image:
        durations = [frame.info.get("duration", 100) for frame in ImageSequence.Iterator(image)]
        frames = [frame.convert("RGBA") for frame in ImageSequence.Iterator(image)]
        loop = image.info.get("loop", 0)
    for frame in frames:
        frame.info = {}  # a GIF's comment, a WebP's EXIF or XMP: the encoder would write them back
    out = io.BytesIO()
    frames[0].save(out, rendition.format, save_all=True, append_images=frames[1:], duration=durations, loop=loop,
                   **ENCODERS[rendition.format])
    return out.getvalue()


def encode_plan(file: Path, plan: ImagePlan) -> dict[str, bytes]:
    """Every file of `plan`, by its name in the cache entry."""
    suffix = "." + plan.facts.path.rsplit(".", 1)[-1].lower()
    if plan.facts.animated:
        return {plan.original.name: encode_animated(file, suffix, plan.original)}
    picture = decoded(file, suffix, plan.original.width)
    # Resized once per size, not once per format: a width's AVIF, WebP and JPEG share it (a third of
    # the resizing; the same bytes).
    sizes = {size: _resized(picture, size) for size in {(r.width, r.height) for r in plan.files}}
    return {r.name: encode(sizes[r.width, r.height], r) for r in plan.files}
