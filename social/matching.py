"""Which Page post is which article: matched by the article's code, which never changes.

An article's URL changes when its unit moves or merges (the site part), or its
title is corrected (the words of the slug), but every URL ends with the same
six-character code, `short_id` of the article's identity (domain/articles/identity.py),
and the feed's GUID is a `tag:` URI of that identity.  So a post is matched to
a feed item by that code, read from the post's link (or a URL written in its
text) through the site's article layout (domain/url_layout.py); an item whose
code cannot be known (a GUID that is not our tag URI) falls back to its exact URL.
Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import unquote, urlsplit

from domain.articles.identity import SHORT_ID_LENGTH, short_id

from .graph import PagePost

_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"']+")


def guid_code(guid: str) -> str | None:
    """The article code of a feed GUID `tag:<authority>,<date>:<identity>`; None for any other GUID."""
    if not guid.startswith("tag:"):
        return None
    authority_and_date, colon, specific = guid[len("tag:"):].partition(":")
    if not colon or "," not in authority_and_date or not specific:
        return None
    return short_id(unquote(specific))


@dataclass(frozen=True)
class PostMatcher:
    """Matches posts to items through the article URL pattern (`article_url` with `{slug}`)."""

    article_url: str  # e.g. "tin/{slug}.html", from the settings' ARTICLE_URL (config.layout)

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        before, _, after = self.article_url.partition("{slug}")
        return re.compile(rf"(?:^|/){re.escape(before.lstrip('/'))}(?:[a-z0-9-]*-)?"
                          rf"(?P<code>[a-z2-7]{{{SHORT_ID_LENGTH}}}){re.escape(after)}$")

    def url_code(self, url: str) -> str | None:
        """The article code in an article URL of any of the network's sites, or None."""
        path = unquote(urlsplit(url.strip()).path)
        for candidate in (path, path.removesuffix("index.html")):
            match = self._pattern.search(candidate)
            if match:
                return match["code"]
        return None

    def post_codes(self, post: PagePost) -> set[str]:
        urls = ([post.link] if post.link else []) + _URL_IN_TEXT.findall(post.message)
        return {code for url in urls if (code := self.url_code(url))}

    def item_code(self, guid: str, url: str) -> str | None:
        return guid_code(guid) or self.url_code(url)

    def index(self, posts: Iterable[PagePost]) -> PostIndex:
        """The posts, looked up by article code and by URL."""
        by_code: dict[str, PagePost] = {}
        by_url: dict[str, PagePost] = {}
        texts: list[PagePost] = []
        for post in posts:
            for code in self.post_codes(post):
                by_code.setdefault(code, post)
            if post.link:
                by_url.setdefault(_normal(post.link), post)
            if post.message:
                texts.append(post)
        return PostIndex(self, by_code, by_url, texts)


@dataclass(frozen=True)
class PostIndex:
    matcher: PostMatcher
    by_code: dict[str, PagePost]
    by_url: dict[str, PagePost]
    texts: list[PagePost]

    def find(self, guid: str, url: str) -> PagePost | None:
        """The Page post of the item (`guid`, `url`): same article code, else same URL; None if none."""
        code = self.matcher.item_code(guid, url)
        if code is not None and code in self.by_code:
            return self.by_code[code]
        if _normal(url) in self.by_url:
            return self.by_url[_normal(url)]
        return next((post for post in self.texts if url.strip() in post.message), None)


def _normal(url: str) -> str:
    return url.strip().rstrip("/")
