"""What a published image is, read once by the index scan: its size as shown, its kind, or why it cannot be published.

The scan has already fenced the file into its unit and checked its first bytes
(domain/articles/references.py).  Here Pillow opens it with only the decoder its
name promises, refuses what would hang or exhaust a worker before any pixel is
decoded (a "decompression bomb", a side longer than any screen needs many times
over), then decodes it (a JPEG at an eighth of its size: every byte is still
read, so a truncated file is caught, at a fraction of the cost) so that a damaged
file is an editor's error with its line, never a traceback in a site's run.
The facts are kept in the article's record: every later step (renditions, the
share image, width/height in the page, the inventory of URLs) is a pure function
of them.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from .facts import ImageFacts, ImageProblem

if TYPE_CHECKING:
    from PIL.Image import Image as Picture

# 50 megapixels: more than a phone saves by default (a 200 MP sensor saves 12 MP unless asked);
# decoding one takes about 150 MB of memory in a worker.  Pillow's own limit is a warning at
# 89 MP and an error at 179 MP: ours is stricter and is an editor's error with the fix.
MAX_PIXELS = 50_000_000
MAX_SIDE = 16_000  # a panorama wider than this is a mistake (or an attack), not a photo to print
# The only decoders each name may reach (Pillow otherwise tries every format it knows).
# "JPEG" also opens the multi-picture JPEGs (MPO) many phones write: Pillow reads the first picture.
DECODERS = {".jpg": ("JPEG",), ".jpeg": ("JPEG",), ".png": ("PNG",), ".webp": ("WEBP",),
            ".avif": ("AVIF",), ".gif": ("GIF",)}
_SWAPS_SIDES = (5, 6, 7, 8)  # EXIF orientations that turn the picture a quarter


def inspect_image(file: str, path: str, written: str) -> ImageFacts | ImageProblem:
    """The facts of the image at `file` (`path` below the content folder, `written` as in the article)."""
    from PIL import (  # imported when a photo is checked: a cached scan never needs it
        Image,
        UnidentifiedImageError,
    )

    suffix = "." + path.rsplit(".", 1)[-1].lower()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)  # ours is the limit below
            with Image.open(file, formats=DECODERS[suffix]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                    return _too_large(written, width, height)
                frames = getattr(image, "n_frames", 1)
                orientation = image.getexif().get(0x0112, 1)
                graphic = image.format in ("PNG", "GIF") or image.mode in ("RGBA", "LA", "PA") or (
                    image.mode == "P" and "transparency" in image.info)
                if image.format in ("JPEG", "MPO"):
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return ImageProblem(f"ảnh `{written}` khai báo quá nhiều điểm ảnh (có thể là tệp cố ý làm treo máy); "
                            f"mở ảnh, thu nhỏ còn rộng khoảng 1.600 điểm ảnh rồi lưu lại", "image-too-large")
    except UnidentifiedImageError:
        return ImageProblem(f"tệp `{written}` không đọc được như một ảnh {suffix.lstrip('.').upper()}; "
                            f"mở ảnh bằng trình xem ảnh và lưu lại (hoặc chụp/xuất lại) rồi thay tệp này",
                            "image-unreadable")
    except (OSError, SyntaxError, ValueError, EOFError):  # Pillow's words for a damaged or truncated file
        return ImageProblem(f"ảnh `{written}` bị hỏng hoặc chưa tải về hết (đọc được phần đầu, không đọc được phần "
                            f"sau); tải lại ảnh gốc hoặc mở và lưu lại rồi thay tệp này", "image-damaged")
    if orientation in _SWAPS_SIDES:
        width, height = height, width
    return ImageFacts(path, width, height, graphic, frames > 1)


def _too_large(written: str, width: int, height: int) -> ImageProblem:
    shown = f"{width:,}×{height:,}".replace(",", ".")
    return ImageProblem(f"ảnh `{written}` có {shown} điểm ảnh, quá lớn để đăng (tối đa {MAX_PIXELS // 1_000_000} "
                        f"triệu điểm ảnh, mỗi cạnh dưới {MAX_SIDE:,} điểm ảnh); ".replace(",", ".")
                        + "thu nhỏ ảnh còn rộng khoảng 1.600 điểm ảnh rồi lưu lại", "image-too-large")


def oriented(image: Picture) -> Picture:
    """The picture as it is meant to be seen (its EXIF orientation applied), for the encoders."""
    from PIL import ImageOps

    return ImageOps.exif_transpose(image)
