"""Published images: what the scan keeps of each (facts.py, read by inspection.py), the files it
becomes (renditions.py, encoding.py), the cache that keeps them (store.py), how pages offer them
(markup.py), share images (share.py), and a site's images written into its output (publishing.py);
the page's description and JSON-LD are domain/page_metadata's.

No Pelican here: the index scan (domain/articles) inspects every photo an article uses and keeps
its facts in the record; the site run (plugins/images) writes the files and rewrites the pages.
Only the light modules are re-exported (the scan of a cached index never loads Pillow); the site
run imports publishing.py and share.py itself.
"""

from __future__ import annotations

from .facts import CENTRE, Focus, ImageFacts, ImageProblem
from .inspection import inspect_image
from .markup import Picture, picture_html, picture_of, rewrite_body, url_of
from .paths import article_files, share_image_path
from .renditions import ImagePlan, plan_image, published_paths

__all__ = [
    "CENTRE", "Focus", "ImageFacts", "ImagePlan", "ImageProblem", "Picture", "inspect_image", "picture_html",
    "article_files", "picture_of", "plan_image", "published_paths", "rewrite_body", "share_image_path", "url_of",
]
