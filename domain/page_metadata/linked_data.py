"""Schema.org JSON-LD for search engines: NewsArticle and BreadcrumbList on an article, Organization on a front page.

Built from plain values (the page's own figures: the same URLs, dates, images and
breadcrumbs the page shows), so it cannot say something the page does not.  What
Google's article guidelines read: headline, image (several URLs), datePublished and
dateModified with their offset, author, publisher (the federation, with a logo).
`script_json` writes it for a `<script type="application/ld+json">`: a data block
the browser never runs (the Content-Security-Policy does not apply to it), with
`<`, `>` and `&` escaped so no title can close the element.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.registry import Unit

CONTEXT = "https://schema.org"


def organization(unit: Unit, logo: str | None = None) -> dict[str, Any]:
    """A federation (or any unit) as an Organization, with its parents up the hierarchy."""
    found: dict[str, Any] = {"@type": "Organization", "name": unit.name, "alternateName": unit.short_name,
                             "url": unit.url}
    if logo:
        found["logo"] = {"@type": "ImageObject", "url": logo}
    same_as = [link for link in (unit.facebook, unit.zalo, unit.website) if link]
    if same_as:
        found["sameAs"] = same_as
    if unit.parent is not None:
        found["parentOrganization"] = organization(unit.parent)
    return found


def breadcrumb_list(crumbs: Sequence[tuple[str, str]], current: tuple[str, str] | None = None) -> dict[str, Any]:
    """The breadcrumbs as the page shows them: (name, URL) from the top, then the page itself."""
    items = [*crumbs, *([current] if current else [])]
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": number, "name": name, "item": url}
        for number, (name, url) in enumerate(items, start=1)]}


def news_article(*, url: str, headline: str, description: str, images: Sequence[str], published: datetime,
                 modified: datetime | None, author: str | None, section: str, tags: Sequence[str], site: Unit,
                 logo: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "@type": "NewsArticle", "mainEntityOfPage": {"@type": "WebPage", "@id": url}, "url": url,
        "headline": headline[:110], "description": description, "image": list(images),
        "datePublished": published.isoformat(), "dateModified": (modified or published).isoformat(),
        "articleSection": section, "inLanguage": "vi",
        "publisher": organization(site, logo),
        "isPartOf": {"@type": "WebSite", "name": site.name, "url": site.site_url + "/"},
    }
    found["author"] = {"@type": "Person", "name": author} if author else {"@type": "Organization", "name": site.name,
                                                                            "url": site.site_url + "/"}
    if tags:
        found["keywords"] = ", ".join(tags)
    return found


def script_json(*items: dict[str, Any]) -> str:
    """The JSON-LD document (one item, or a @graph of several), safe inside <script>."""
    document = {"@context": CONTEXT, **items[0]} if len(items) == 1 else {"@context": CONTEXT, "@graph": list(items)}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
