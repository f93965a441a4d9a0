"""What the index scan keeps of each published photo, and of an article's focus point: plain values.

Kept in the article's record (and the index cache), so every later step is a pure
function of them; no Pillow here, so reading a cached index never loads it.
"""

from __future__ import annotations

from typing import NamedTuple


class ImageFacts(NamedTuple):
    """A published image as the scan read it; width and height as shown (EXIF orientation applied)."""

    path: str  # below the content folder
    width: int
    height: int
    graphic: bool  # a PNG or GIF, or with transparency: the fallback rendition is a PNG, not a JPEG
    animated: bool  # more than one frame: published as frames, never resized


class ImageProblem(NamedTuple):
    message: str  # Vietnamese, with the fix
    code: str


class Focus(NamedTuple):
    """`ImageFocus: 30% 40%`: the point the share image's crop is centred on."""

    x: float  # 0..1 from the left
    y: float  # 0..1 from the top


CENTRE = Focus(0.5, 0.5)
