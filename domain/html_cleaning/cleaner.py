"""`clean_html`: the stages in order (see the package docstring)."""

from __future__ import annotations

from .alignment import align_with_classes
from .audit import audit
from .canonical import same_markup
from .policy import CLEANER
from .removals import CleanedHtml, Tally
from .rewriting import ResolveUrl, finish
from .videos import Video, insert_videos, replace_iframes


def clean_html(html: str, resolve_url: ResolveUrl, *, video_poster: str) -> CleanedHtml:
    """The article HTML Markdown produced, reduced to the allowlist, with what was removed.

    `resolve_url(tag, attribute, url)` gets every href/src that survived, decoded as the
    browser reads it, and returns the URL to publish or None (for `a`: href removed, text
    kept; for `img`: element removed).  `video_poster` is the theme's poster image URL for
    the links that replace allowlisted video iframes.  Call this before any URL rewriting.

    The common article costs one nh3 run, a string comparison and the URL pass: when nh3
    changes nothing, there was no iframe to replace and nothing to report.  Only otherwise
    are iframes looked at (nh3 then runs again if one was a video) and removals accounted for.
    """
    tally = Tally()
    source = align_with_classes(html)  # Markdown's aligned tables: not worth a second nh3 run
    cleaned = CLEANER.clean(source)
    videos: list[Video] = []
    unchanged = same_markup(source, cleaned)
    if not unchanged:
        prepared, videos = replace_iframes(source, tally)
        if prepared != source:
            source, cleaned = prepared, CLEANER.clean(prepared)
            unchanged = same_markup(source, cleaned)  # the videos were all there was
        if not unchanged:
            audit(source, tally)
    # Nothing removed: keep the editor's (Markdown's) bytes, which have exactly nh3's tags.
    markup = finish(source if unchanged else cleaned, resolve_url, tally, cleaned=not unchanged)
    if videos:
        markup = insert_videos(markup, videos, video_poster)
    return CleanedHtml(markup, tally.removals())
