"""What a built page references: every URL of its href, src and srcset attributes, as written.

Read by the link checker (checks/links.py) and by the publish build, which keeps a held-back
article's previous page with the files it shows (builder/held_back.py).
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

URL_ATTRIBUTES = ("href", "src")


def attribute_text(tag: Tag, name: str) -> str:
    """One attribute's text (bs4 gives multi-valued ones, such as class, as a list)."""
    value = tag[name]
    return value if isinstance(value, str) else " ".join(value)


def page_urls(soup: BeautifulSoup) -> list[str]:
    """Every URL a page references (href, src, each srcset candidate), as written."""
    urls = []
    for tag in soup.find_all(True):
        for attribute in URL_ATTRIBUTES:
            if tag.has_attr(attribute):
                urls.append(attribute_text(tag, attribute).strip())
        if tag.has_attr("srcset"):
            urls.extend(part.strip().split(" ")[0] for part in attribute_text(tag, "srcset").split(",") if part.strip())
    return urls
