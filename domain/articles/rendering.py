"""An article's body and summary as the HTML every page and feed shows: Markdown, cleaned, linked.

Markdown converts only the body (the header was read by headers.py); nh3
(domain/html_cleaning) keeps only the tags and attributes editors use; then
every remaining link and image is resolved by references.resolve_reference and
published only if the index scan accepted that file for this article: its URL
becomes the published file's, anything else is dropped.  What was removed is
returned as warnings with the line, for the editor (the article is still
published: editors paste HTML from Word).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from markdown import Markdown

from domain.html_cleaning import Removal, clean_html
from domain.registry import Problem

from .headers import Header, body_of
from .plain_text import plain_paragraph
from .record_reading import ArticleRecord
from .references import PHOTO_TYPES, Rejected, resolve_reference

VIDEO_POSTER = "theme/images/video-poster.svg"  # below the site URL (the theme's static folder)


@dataclass(frozen=True)
class RenderedArticle:
    content: str  # the body's HTML
    summary: str | None  # the Summary field's HTML
    warnings: tuple[Problem, ...]


class LinkTargets:
    """Where an article's links may go: the files the scan accepted for it, and its unit's
    published articles (`{filename}`), at their URLs on the site being built."""

    def __init__(self, record: ArticleRecord, articles: dict[str, ArticleRecord], site_url: str):
        self.record, self.articles, self.site_url = record, articles, site_url
        self.source = PurePosixPath(record.source)

    def __call__(self, tag: str, attribute: str, url: str) -> str | None:
        resolved = resolve_reference(url, self.source)
        if isinstance(resolved, Rejected):
            return None
        if resolved.kind == "fragment":
            return url
        if resolved.kind == "external":
            return url if tag == "a" else None  # no image from another host
        if resolved.kind == "file":
            is_photo = PurePosixPath(resolved.path).suffix.lower() in PHOTO_TYPES
            if resolved.path not in self.record.files or (tag == "img" and not is_photo):
                return None  # only what the scan accepted for this article, as it may be shown
            return f"{self.site_url}/{quote(resolved.path)}"
        target = self.articles.get(resolved.path)
        if target is None or not target.published or target.unit_id != self.record.unit_id or tag != "a":
            return None
        return f"{self.site_url}/{target.url}" + (f"#{resolved.fragment}" if resolved.fragment else "")


def render_article(text: str, header: Header, md: Markdown, links: LinkTargets, shown_path: str) -> RenderedArticle:
    """The cleaned, linked HTML of the article `text` (its header already parsed)."""
    poster = f"{links.site_url}/{VIDEO_POSTER}"
    md.reset()
    body = clean_html(md.convert(body_of(text, header)), links, video_poster=poster)
    warnings = [_warning(removal, "nội dung", _line_of(removal, text, header), shown_path) for removal in body.removals]
    summary = None
    value = links.record.summary
    if value is not None:
        md.reset()
        cleaned = clean_html(plain_paragraph(value) or md.convert(value), links, video_poster=poster)
        summary = cleaned.html
        warnings += [_warning(removal, "Summary", header.line_of("Summary"), shown_path) for removal in cleaned.removals]
    return RenderedArticle(body.html, summary, tuple(warnings))


def _line_of(removal: Removal, text: str, header: Header) -> int:
    """The first body line where the removed thing was written (else the body's first line)."""
    needle = removal.needle.lower()
    lines = text.split("\n")
    for number in range(header.body_line, len(lines) + 1):
        if needle and needle in lines[number - 1].lower():
            return number
    return header.body_line


def _warning(removal: Removal, field: str, line: int, shown_path: str) -> Problem:
    times = f" ({removal.count} lần)" if removal.count > 1 else ""
    return Problem(shown_path, line, field, f"đã bỏ {removal.what}{times}; nội dung khác của bài vẫn được đăng", "html-removed")
