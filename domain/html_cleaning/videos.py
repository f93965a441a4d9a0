"""Embedded videos from an allowlist become a link with the site's own poster image.

An iframe would make every reader's browser call YouTube or Facebook (tracking, weight,
and a frame the site's CSP would have to allow).  Instead, an iframe whose `src` is on
the allowlist becomes a link to the video's own page showing the theme's poster: no
request to another host until the reader taps it.  Recognised (http, https or `//`):

- YouTube: `youtube.com/embed/ID`, `youtube-nocookie.com/embed/ID` (also www., m.),
  `youtu.be/ID`; ID is exactly 11 of `A-Z a-z 0-9 _ -`; `start=`/`t=` seconds are kept;
- Facebook: `facebook.com/plugins/video.php?href=<a video URL>` and
  `facebook.com/<page>/videos/<numeric id>` (also www., m., web.).

Any other iframe is left to the cleaner, which removes it and reports it.  A
recognised video is not reported (the editor's guide says how videos show), except
for event handlers written on it.  The link is inserted after cleaning and after
URL resolution, through a marker in the text: it is our markup, not the editor's.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from .removals import Tally
from .urls import browser_url

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"  # private-use characters: no meaning in an article
_IFRAME_START = re.compile(r"<iframe", re.IGNORECASE)
# An embed code's start tag, bounded so that no input makes the search slow; a '>' inside a quoted
# value ends it early, and the iframe is then not recognised (the cleaner removes it, reported).
_IFRAME_START_TAG = re.compile(r"<iframe(?=[\s/>])([^>]{0,2000})>", re.IGNORECASE)
_IFRAME_END = re.compile(r"</iframe(?:[\s/][^>]{0,200})?>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_TAG_OR_MARK = re.compile(f"<[^>]*>|{MARK_OPEN}(\\d+){MARK_CLOSE}")

_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com",
                  "youtube-nocookie.com", "www.youtube-nocookie.com"}
_FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com"}
_YOUTUBE_EMBED = re.compile(r"/embed/([A-Za-z0-9_-]{11})/?")
_YOUTU_BE = re.compile(r"/([A-Za-z0-9_-]{11})/?")
_FACEBOOK_VIDEO = re.compile(r"/([A-Za-z0-9.\-]{1,100})/videos/([0-9]{1,30})/?")
_SECONDS = re.compile(r"[0-9]{1,6}")
_DIMENSION = re.compile(r"[0-9]{1,4}")
DEFAULT_SIZE = (560, 315)  # YouTube's embed code


@dataclass(frozen=True)
class Video:
    host: str  # shown to the reader: "YouTube", "Facebook"
    watch_url: str
    width: int
    height: int

    def link(self, poster: str) -> str:
        return (f'<a class="video-link" href="{html.escape(self.watch_url)}">'
                f'<img src="{html.escape(poster)}" alt="" width="{self.width}" height="{self.height}">'
                f"<span>Xem video trên {self.host}</span></a>")


def replace_iframes(markup: str, tally: Tally) -> tuple[str, list[Video]]:
    """Each recognised video iframe (with its end tag) replaced by a marker; the videos, in marker order."""
    if MARK_OPEN in markup:  # an editor's own marker characters would become our links
        markup = markup.replace(MARK_OPEN, "")
    if not _IFRAME_START.search(markup):
        return markup, []
    videos: list[Video] = []
    pieces: list[str] = []
    copied = 0  # markup[:copied] is in pieces
    for start, end, attributes in _closed_iframes(markup):
        video = recognise(attributes.get("src", ""), attributes.get("width"), attributes.get("height"))
        if video is None:
            continue  # left for the cleaner, which removes and reports it
        for name in attributes:
            if name.startswith("on"):
                tally.add(f"thuộc tính {name}", name)
        pieces += [markup[copied:start.start()], f"{MARK_OPEN}{len(videos)}{MARK_CLOSE}"]
        copied = end.end()
        videos.append(video)
    return "".join(pieces) + markup[copied:], videos


def _closed_iframes(markup: str) -> Iterator[tuple[re.Match[str], re.Match[str], dict[str, str]]]:
    """Each iframe with its end tag: (start tag, end tag, attributes), in order.

    An iframe's content is raw text up to the first `</iframe`, as in a browser: a start tag
    inside it is not another iframe.  Each end tag is searched for once (linear time on any input).
    Without an end tag, the rest is that iframe's content (the cleaner removes it all): none more.
    """
    searched = 0  # no iframe starts before it
    for start in _IFRAME_START_TAG.finditer(markup):
        if start.start() < searched:
            continue
        end = _IFRAME_END.search(markup, start.end())
        if end is None:
            return
        searched = end.end()
        yield start, end, _attributes(start[1])


def insert_videos(markup: str, videos: list[Video], poster: str) -> str:
    """The markers replaced by the video links, in text only (a marker inside an attribute stays text)."""
    def insert(match: re.Match[str]) -> str:
        if match[1] is None:
            return match[0]  # a whole tag: cleaned markup has no raw '>' inside attribute values
        return videos[int(match[1])].link(poster)
    return _TAG_OR_MARK.sub(insert, markup)


def recognise(src: str, width: str | None = None, height: str | None = None) -> Video | None:
    """The video an iframe `src` shows, if it is on the allowlist; its IDs checked strictly."""
    parts = _split(src)
    if parts is None:
        return None
    host, path, query = parts
    size = _size(width, height)
    if host in _YOUTUBE_HOSTS or host == "youtu.be":
        match = (_YOUTUBE_EMBED if host != "youtu.be" else _YOUTU_BE).fullmatch(path)
        if match is None:
            return None
        start = (query.get("start") or query.get("t") or [""])[0].removesuffix("s")
        time = f"&t={start}s" if _SECONDS.fullmatch(start) else ""
        return Video("YouTube", f"https://www.youtube.com/watch?v={match[1]}{time}", *size)
    if host in _FACEBOOK_HOSTS:
        if path == "/plugins/video.php":
            inner = _split((query.get("href") or [""])[0])
            if inner is None or inner[0] not in _FACEBOOK_HOSTS:
                return None
            path = inner[1]
        match = _FACEBOOK_VIDEO.fullmatch(path)
        if match is None or match[1] == "plugins":
            return None
        return Video("Facebook", f"https://www.facebook.com/{match[1]}/videos/{match[2]}/", *size)
    return None


def _split(value: str) -> tuple[str, str, dict[str, list[str]]] | None:
    """(host, path, query) of an http(s) or scheme-relative URL with no user or port, else None."""
    url = browser_url(value)
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname or ""
    if parts.scheme.lower() not in ("http", "https") or port is not None or parts.netloc.lower() != host:
        return None
    return host, parts.path, parse_qs(parts.query)


def _size(width: str | None, height: str | None) -> tuple[int, int]:
    if width and height and _DIMENSION.fullmatch(width) and _DIMENSION.fullmatch(height) \
            and int(width) > 0 and int(height) > 0:
        return int(width), int(height)
    return DEFAULT_SIZE


def _attributes(text: str) -> dict[str, str]:
    """A raw tag's attributes, decoded; the first of a repeated name wins, as in a browser."""
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match[1].lower()
        if name not in found:
            value = next((group for group in match.groups()[1:] if group is not None), "")
            found[name] = html.unescape(value)
    return found
