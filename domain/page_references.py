"""What a built page references: every URL of its href, src and srcset attributes, as written.

Read by the link checker (checks/links.py) and by the publish build, which keeps a held-back
article's previous page with the files it shows (builder/held_back.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urldefrag, urljoin

from bs4 import BeautifulSoup, Tag

from .url_layout import file_of, url_to_path

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


def files_referenced(html: str, page_url: str, prefixes: Mapping[str, str]) -> set[str]:
    """The files below a build folder that a page at `page_url` shows or links to (a folder's URL:
    its index.html), through the site URL prefixes (url_layout.url_to_path); other web sites' none."""
    found = set()
    for url in page_urls(BeautifulSoup(html, "html.parser")):
        path = url_to_path(urldefrag(urljoin(page_url, url))[0], prefixes)
        if path is not None:
            found.add(file_of(path))
    return found
