"""The Zalo article for a feed item: limits from the OA Open API documentation (README, social section).

Pure functions.  Title ≤ 150 characters, author ≤ 50, description ≤ 300; the
body is text blocks (the summary, then a line with the canonical link: the
poster finds an article again by that link's article code).
"""

from __future__ import annotations

import re

from ..message import plain_text, shorten

TITLE_MAX = 150
AUTHOR_MAX = 50
DESCRIPTION_MAX = 300
LINK_LINE = "Đọc toàn văn: "


def article_title(title: str) -> str:
    return shorten(re.sub(r"\s+", " ", title).strip(), TITLE_MAX)


def compose_article(title: str, summary_html: str, url: str, author: str, cover_url: str | None) -> dict:
    """The JSON body of POST /v2.0/article/create for a normal article."""
    summary = plain_text(summary_html)
    article: dict = {
        "type": "normal",
        "title": article_title(title),
        "author": shorten(author.strip(), AUTHOR_MAX),
        "description": shorten(summary or article_title(title), DESCRIPTION_MAX),
        "body": [block for block in (
            {"type": "text", "content": summary} if summary else None,
            {"type": "text", "content": f"{LINK_LINE}{url}"},
        ) if block],
        "status": "show",
        "comment": "show",
    }
    if cover_url:
        article["cover"] = {"cover_type": "photo", "photo_url": cover_url, "status": "show"}
    return article


def body_text(detail: dict) -> str:
    """Every text block of an article's detail, one per line (where the link is looked for)."""
    blocks = detail.get("body") or []
    return "\n".join(str(block.get("content") or "") for block in blocks if isinstance(block, dict))
