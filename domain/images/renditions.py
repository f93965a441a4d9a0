"""Which files each published image becomes, and the encoder settings: a pure function of its facts.

An image `cdcs-x/images/anh.jpg` 4000 px wide becomes
- AVIF and WebP at 360, 720, 1200 and 1600 px wide (`anh.jpg.720w.avif`, ...),
- a JPEG (a PNG for a graphic) at 360, 720 and 1200 (`anh.jpg.720w.jpg`),
- and at its own path a stripped copy in its own format at most 1600 px wide, which is also
  the fallback's widest size: every URL published before the pipeline keeps resolving, and
  nothing sent is ever the editor's original file.
A smaller image gets the widths below its own and its own.  Names keep the source's whole
name (`anh.jpg.720w.avif` and `anh.png.720w.avif` differ) and no content hash, so a photo
replaced at the same name keeps every URL.  An animated image keeps its frames at its path
(re-saved without metadata) and gets no rendition.

Encoder settings, chosen for speed as well as size (measured on a 4000×3000 photo, 2 cores):
AVIF at speed 9 (Pillow's default is 6): four widths in about 0.1 s instead of 2.4 s; speed 8
took 0.25-0.4 s for files within 1 % of these on a photo-like picture (1,600 px: 92 ms → 55 ms,
51.6 → 51.7 KB), and the build encodes every new photo of the network.  AVIF is still the
smallest format at every width.  WebP method 2 instead of 4: half the time, 2 % larger.
JPEG quality 80, progressive and optimised (cheap: 0.08 s for all widths).
"""

from __future__ import annotations

from typing import NamedTuple

from .facts import ImageFacts

WIDTHS = (360, 720, 1200)  # a phone at DPR 1 and 2, a laptop's article column at DPR 1.6
MAX_WIDTH = 1600  # the widest rendition, and the copy at the original path
ENCODERS: dict[str, dict[str, object]] = {
    "AVIF": {"quality": 50, "speed": 9},
    "WEBP": {"quality": 75, "method": 2},
    "JPEG": {"quality": 80, "optimize": True, "progressive": True},
    "PNG": {"optimize": False, "compress_level": 6},
    "GIF": {},
}
EXTENSIONS = {"AVIF": "avif", "WEBP": "webp", "JPEG": "jpg", "PNG": "png", "GIF": "gif"}
MIME_TYPES = {"AVIF": "image/avif", "WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif"}
_OWN_FORMAT = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "avif": "AVIF", "gif": "GIF"}
RENDITION_VERSION = 1  # bumped when what a rendition's bytes are made from changes (cache keys)


class Rendition(NamedTuple):
    path: str  # below the content folder, which is below the site folder in output
    name: str  # its file's name in the cache entry (the same for every image of these facts)
    format: str  # a Pillow format name
    width: int
    height: int

    @property
    def mime(self) -> str:
        return MIME_TYPES[self.format]


class ImagePlan(NamedTuple):
    facts: ImageFacts
    files: tuple[Rendition, ...]  # the copy at the original path first

    @property
    def original(self) -> Rendition:
        return self.files[0]

    def of_format(self, format_: str) -> list[Rendition]:
        """Every size made in `format_`, narrowest first (the fallback's widest is the original path's copy)."""
        return sorted((r for r in self.files if r.format == format_), key=lambda r: r.width)

    @property
    def fallback(self) -> str:
        return "PNG" if self.facts.graphic else "JPEG"


def widths_for(width: int) -> list[int]:
    capped = min(width, MAX_WIDTH)
    return [w for w in WIDTHS if w < capped] + [capped]


def _height(facts: ImageFacts, width: int) -> int:
    return max(1, round(facts.height * width / facts.width))


def plan_image(facts: ImageFacts) -> ImagePlan:
    """Every file the image at `facts.path` is published as."""
    own = _OWN_FORMAT[facts.path.rsplit(".", 1)[-1].lower()]
    if facts.animated:
        return ImagePlan(facts, (Rendition(facts.path, "original", own, facts.width, facts.height),))
    widths = widths_for(facts.width)
    widest = widths[-1]
    files = [Rendition(facts.path, "original", own, widest, _height(facts, widest))]
    fallback = "PNG" if facts.graphic else "JPEG"
    for format_ in ("AVIF", "WEBP", fallback):
        for width in widths:
            if format_ == own and width == widest:
                continue  # the original path's copy is that file
            name = f"{width}w.{EXTENSIONS[format_]}"
            files.append(Rendition(f"{facts.path}.{name}", name, format_, width, _height(facts, width)))
    return ImagePlan(facts, tuple(files))


def published_paths(facts: ImageFacts) -> list[str]:
    """The paths (below the content folder) an image is published at: its own and its renditions'."""
    return [rendition.path for rendition in plan_image(facts).files]
