"""Articles: the header, identity, the unit an article belongs to, its URL, files and HTML, the index.

`scan_articles()` reads every article's header once per build (the network
index, also the editors' error report).

headers.py         the only header parser (`Field: value` lines, every trap an error)
record_reading.py  one article's header as an ArticleRecord, checked
references.py      every link and image resolved inside the article's unit folder
content_files.py   content/ walked without following a symlink
identity.py        the article's identity, short code and URL slug
index.py           ArticleIndex: every record of the network, and its scan
rendering.py       the body's Markdown → cleaned HTML with resolved links
plain_text.py      the body as plain text (summaries, feeds)
"""

from __future__ import annotations

from .identity import article_identity, short_id, slugify_vi, url_slug
from .index import ArticleIndex, scan_articles
from .record_reading import FIELDS, ArticleRecord

__all__ = [
    "FIELDS", "ArticleIndex", "ArticleRecord", "article_identity",
    "scan_articles", "short_id", "slugify_vi", "url_slug",
]
