"""Where each share image is cut from the lead photo, or that a card is drawn instead: pure geometry, no Pillow.

The 1.91:1 share image (og:image) is the largest box of that ratio inside the lead
image, centred on its `ImageFocus:` point (else the centre), scaled to 1200×630; a box
narrower than 1200 px but at least 600 px keeps its own size; anything smaller, or no
lead image, is a card (share.py draws it).  The JSON-LD's images add the 16:9, 4:3 and
1:1 crops Google's article guidelines ask for, by the same rule (each at most 1200 px
wide, none under 600 px).
"""

from __future__ import annotations

from typing import NamedTuple

from .facts import CENTRE, Focus, ImageFacts

WIDTH, HEIGHT = 1200, 630
RATIO = WIDTH / HEIGHT
MIN_CROP_WIDTH = 600  # a narrower crop is shown as a small thumbnail beside the link: a card is better
SCHEMA_RATIOS = {"16x9": 16 / 9, "4x3": 4 / 3, "1x1": 1.0}  # JSON-LD's image crops, by their name's suffix


class SharePlan(NamedTuple):
    path: str  # below the site folder
    width: int
    height: int
    source: str | None  # the lead image's path below the content folder; None: a card
    box: tuple[int, int, int, int] | None  # the crop, in the oriented picture's pixels
    source_width: int  # the oriented picture's width (the box's scale); 0 for a card
    title: str
    site_name: str


def crop_box(width: int, height: int, focus: Focus, ratio: float = RATIO) -> tuple[int, int, int, int]:
    """The largest `ratio` box inside a width×height picture, centred on `focus` as far as it fits."""
    if width / height > ratio:
        box_w, box_h = round(height * ratio), height
    else:
        box_w, box_h = width, round(width / ratio)
    left = min(max(round(focus.x * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focus.y * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def share_plan(path: str, lead: ImageFacts | None, focus: Focus | None, title: str, site_name: str) -> SharePlan:
    """The share image at `path` (below the site folder) for an article with the lead image `lead`."""
    if lead is not None and not lead.animated:
        box = crop_box(lead.width, lead.height, focus or CENTRE)
        box_w = box[2] - box[0]
        if box_w >= WIDTH:
            return SharePlan(path, WIDTH, HEIGHT, lead.path, box, lead.width, title, site_name)
        if box_w >= MIN_CROP_WIDTH:
            return SharePlan(path, box_w, box[3] - box[1], lead.path, box, lead.width, title, site_name)
    return SharePlan(path, WIDTH, HEIGHT, None, None, 0, title, site_name)


def schema_crops(paths: dict[str, str], lead: ImageFacts | None, focus: Focus | None) -> list[SharePlan]:
    """The lead image's 16:9, 4:3 and 1:1 crops (`paths`: suffix -> path), those at least 600 px wide."""
    if lead is None or lead.animated:
        return []
    plans = []
    for suffix, ratio in SCHEMA_RATIOS.items():
        box = crop_box(lead.width, lead.height, focus or CENTRE, ratio)
        box_w = box[2] - box[0]
        if box_w >= MIN_CROP_WIDTH:
            width = min(box_w, WIDTH)
            plans.append(SharePlan(paths[suffix], width, round(width / ratio), lead.path, box, lead.width, "", ""))
    return plans
