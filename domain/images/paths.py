"""Where the image pipeline publishes each article's files: pure functions of its record, no Pillow.

The site run writes exactly these paths and stages/redirects' inventory can list them
(so a unit's move copies them to the old site like any content image).
"""

from __future__ import annotations

import hashlib
import posixpath

from .facts import ImageFacts
from .renditions import published_paths

SHARE_FOLDER = "chia-se"  # inside the articles' folder (`tin/`): no article page is a folder


def share_image_path(save_as: str, identity: str) -> str:
    """An article's share image below its site: `tin/chia-se/<digest>.jpg`, named by the article's
    identity, which never changes: a corrected title (a new slug) or a move to another site keeps
    the name, so the URL Facebook and Zalo cached keeps resolving."""
    folder = posixpath.dirname(save_as)
    name = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return f"{folder}/{SHARE_FOLDER}/{name}.jpg" if folder else f"{SHARE_FOLDER}/{name}.jpg"


def article_files(images: tuple[ImageFacts, ...], save_as: str, identity: str) -> list[str]:
    """Every file the pipeline publishes for one article, below its site folder: each photo's files
    (its own path and its renditions) and the article's share image."""
    return [path for facts in images for path in published_paths(facts)] + [share_image_path(save_as, identity)]
