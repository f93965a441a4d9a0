"""Where the image pipeline publishes each article's files: pure functions of its record, no Pillow.

The site run writes exactly these paths and stages/redirects' inventory can list them
(so a unit's move copies them to the old site like any content image).
"""

from __future__ import annotations

import hashlib
import posixpath

from .facts import ImageFacts
from .framing import SCHEMA_RATIOS, schema_crops
from .renditions import published_paths

SHARE_FOLDER = "chia-se"  # inside the articles' folder (`tin/`): no article page is a folder


def share_image_path(save_as: str, identity: str, suffix: str = "") -> str:
    """An article's share image below its site: `tin/chia-se/<digest>.jpg`, named by the article's
    identity, which never changes: a corrected title (a new slug) or a move to another site keeps
    the name, so the URL Facebook and Zalo cached keeps resolving.  `suffix`: one of the JSON-LD
    crops (`-16x9`...)."""
    folder = posixpath.dirname(save_as)
    name = hashlib.sha256(identity.encode()).hexdigest()[:16] + (f"-{suffix}" if suffix else "")
    return f"{folder}/{SHARE_FOLDER}/{name}.jpg" if folder else f"{SHARE_FOLDER}/{name}.jpg"


def schema_paths(save_as: str, identity: str) -> dict[str, str]:
    """Where each JSON-LD crop of an article would live, by its suffix."""
    return {suffix: share_image_path(save_as, identity, suffix) for suffix in SCHEMA_RATIOS}


def lead_facts(images: tuple[ImageFacts, ...], lead: str | None) -> ImageFacts | None:
    """The facts of the article's lead image (`lead`: its `Image:` path) among its photos."""
    return next((facts for facts in images if facts.path == lead), None)


def article_files(images: tuple[ImageFacts, ...], save_as: str, identity: str, lead: str | None) -> list[str]:
    """Every file the pipeline publishes for one article (`lead`: its `Image:` path), below its site
    folder: each photo's files (its own path and its renditions), its share image and its JSON-LD crops."""
    crops = [plan.path for plan in schema_crops(schema_paths(save_as, identity), lead_facts(images, lead), None)]
    return [path for facts in images for path in published_paths(facts)] + [share_image_path(save_as, identity), *crops]
