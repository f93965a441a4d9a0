"""A site's images written into its output folder: each from the cache, encoded only when new.

Called once per site run (plugins/images, after Pelican wrote the pages) with the
site's published articles.  Each image is planned from the facts its record
carries (renditions.py); its entry in the cache (store.py) is found by the
digest of its bytes, or encoded; then every file is linked into the site.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from .encoding import decoded, encode_plan
from .facts import ImageFacts
from .renditions import plan_image
from .share import FONT, SharePlan, card, cropped
from .store import Store, entry_key, file_digest, publish


def publish_image(facts: ImageFacts, content: Path, site_output: Path, store: Store) -> None:
    """Every file of the image `facts.path` (below `content`) at its path below `site_output`."""
    plan = plan_image(facts)
    source = content / facts.path
    shape = tuple((r.name, r.format, r.width, r.height) for r in plan.files)
    folder = store.entry(entry_key("image", file_digest(source), shape, facts.animated), [r.name for r in plan.files],
                         lambda: encode_plan(source, plan))
    for rendition in plan.files:
        publish(folder / rendition.name, site_output / rendition.path)


def publish_share_image(plan: SharePlan, content: Path, site_output: Path, store: Store) -> None:
    """The share image of one article at `plan.path` below `site_output`."""
    name = "share.jpg"
    if plan.source is None:
        key = entry_key("card", plan.title, plan.site_name, plan.width, plan.height, file_digest(FONT))
        folder = store.entry(key, [name], lambda: {name: card(plan)})
    else:
        source, box = content / plan.source, plan.box or (0, 0, plan.source_width, 1)
        suffix = "." + plan.source.rsplit(".", 1)[-1].lower()
        widest = math.ceil(plan.width * plan.source_width / (box[2] - box[0]))  # decode no larger than the crop needs
        key = entry_key("crop", file_digest(source), box, plan.source_width, plan.width, plan.height)
        folder = store.entry(key, [name], lambda: {name: cropped(decoded(source, suffix, widest), plan)})
    publish(folder / name, site_output / plan.path)


class ImageWriteFailed(Exception):
    def __init__(self, path: str, error: Exception):
        super().__init__(path, error)
        self.path, self.error = path, error


def publish_site_images(images: Iterable[ImageFacts], shares: Iterable[SharePlan], content: Path, site_output: Path,
                        store: Store) -> None:
    """Every image of a site and every share image; raises ImageWriteFailed naming the image (the scan
    decoded each one, so only the disk, or a file changed since the scan, can fail here)."""
    seen: set[str] = set()
    for facts in images:
        if facts.path not in seen:
            seen.add(facts.path)
            try:
                publish_image(facts, content, site_output, store)
            except (OSError, ValueError, SyntaxError) as error:  # Pillow's and the disk's
                raise ImageWriteFailed(facts.path, error) from error
    for plan in shares:
        try:
            publish_share_image(plan, content, site_output, store)
        except (OSError, ValueError, SyntaxError) as error:
            raise ImageWriteFailed(plan.source or plan.path, error) from error
