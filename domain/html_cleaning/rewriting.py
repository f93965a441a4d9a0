"""After cleaning: the steps that work on nh3's canonical markup.

Canonical markup (nh3's serialisation, or the editor's own when it is token-identical,
see canonical.py) has no raw '<' outside tags and writes every attribute as
` name="value"` with '&', '"', '<' and '>' escaped, so these regular expressions read
tags exactly.  The steps:

- `<h1>` becomes `<h2>`: the page's own h1 is the article title, and a second one would
  break the outline screen-reader users navigate by; the text is kept, so not reported;
- an `id` on li/sup survives only in the footnote form (`fn:…`, `fnref:…`): an editor's
  `{: #main-content }` must not take the theme's ids (skip link, landmarks);
- every href and src goes through `resolve_url`, decoded and as the browser reads it;
  None removes the href of a link (its text stays) or the whole image; an image whose
  src is not http(s) or relative, or that lost its src, is removed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from .policy import FOOTNOTE_ID, IMAGE_SCHEMES, LINK_SCHEMES
from .removals import Tally
from .urls import browser_url, scheme_of

ResolveUrl = Callable[[str, str, str], "str | None"]

# Elements with attributes to look at, a bare <img> (nh3 removed all it had), and h1.
_ELEMENT = re.compile(r"<(?:(a|img|li|sup)( [^>]*)|(img|/?h1))>")
_ATTRIBUTE = re.compile(r' ([^\s="]+)="([^"]*)"')
# An attribute's value, found by skipping whole attributes from the start of the tag.
_VALUE = {name: re.compile(rf'(?: [^\s="]+="[^"]*")*? {name}="([^"]*)"') for name in ("href", "src")}
_EMPTY_CLASS = re.compile(r'(<[a-z][a-z0-9]*(?: [^\s="]+="[^"]*")*) class=""')  # a class nh3 emptied


def finish(markup: str, resolve_url: ResolveUrl, tally: Tally, *, cleaned: bool) -> str:
    """`markup` after the steps above; `cleaned`: it is nh3's output (not the editor's identical bytes)."""
    if cleaned and ' class=""' in markup:
        markup = _EMPTY_CLASS.sub(r"\1", markup)
    found = _ELEMENT.search(markup)
    if found is None:
        return markup
    # A loop of searches rather than re.sub: search skips to the next '<' far faster, and most
    # elements stay as they are.
    elements, pieces, copied = _Elements(resolve_url, tally), [], 0
    while found is not None:
        replacement = elements(found)
        if replacement != found[0]:
            pieces += [markup[copied:found.start()], replacement]
            copied = found.end()
        found = _ELEMENT.search(markup, found.end())
    return "".join(pieces) + markup[copied:] if pieces else markup


class _Elements:
    """The replacement of each element `_ELEMENT` finds."""

    def __init__(self, resolve_url: ResolveUrl, tally: Tally):
        self._resolve_url = resolve_url
        self._tally = tally

    def __call__(self, match: re.Match[str]) -> str:
        tag = match[1]
        if tag == "a":
            return self._url(match, "a", "href", match[2])
        if tag == "img":
            return self._url(match, "img", "src", match[2])
        if tag is not None:
            return self._footnote_ids(match, tag, match[2])
        bare = match[3]
        return "" if bare == "img" else "<h2>" if bare == "h1" else "</h2>"  # a bare image shows nothing

    def _url(self, match: re.Match[str], tag: str, attribute: str, text: str) -> str:
        found = _VALUE[attribute].match(text)
        if found is None:
            return "" if tag == "img" else match[0]  # nh3 removed the image's src: nothing to show
        raw = found[1]
        value = html.unescape(raw) if "&" in raw else raw
        url = browser_url(value)
        schemes = LINK_SCHEMES if tag == "a" else IMAGE_SCHEMES
        if tag == "img":  # nh3 let LINK_SCHEMES through on every URL attribute; mailto:/tel: images go
            scheme = scheme_of(url)
            if scheme is not None and scheme not in schemes:
                self._tally.add(f"địa chỉ {scheme}:", f"{scheme}:")
                return ""
        resolved = self._resolve_url(tag, attribute, url)
        if resolved == value:
            return match[0]
        if resolved is None:
            self._tally.add(f"địa chỉ `{url}`", url.lower())
            if tag == "img":
                return ""
            start = found.start(1) - len(f' {attribute}="')
            return f"<{tag}{text[:start]}{text[found.end(1) + 1:]}>"
        scheme = scheme_of(browser_url(resolved))
        if scheme is not None and scheme not in schemes:
            raise ValueError(f"resolve_url({tag!r}, {attribute!r}, {url!r}) returned a {scheme}: URL")
        return f"<{tag}{text[:found.start(1)]}{_escape(resolved)}{text[found.end(1):]}>"

    def _footnote_ids(self, match: re.Match[str], tag: str, text: str) -> str:
        attributes = _ATTRIBUTE.findall(text)
        kept = [(name, value) for name, value in attributes if name != "id" or self._footnote_id(value)]
        if len(kept) == len(attributes):
            return match[0]
        return "<" + tag + "".join(f' {name}="{value}"' for name, value in kept) + ">"

    def _footnote_id(self, value: str) -> bool:
        decoded = html.unescape(value)
        if FOOTNOTE_ID.fullmatch(decoded):
            return True
        self._tally.add("thuộc tính id", decoded.lower() or "id=")
        return False


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
