"""What the cleaner removed, said in the editor's terms; run only when it removed something.

nh3 says nothing about what it drops, so the markup it was given is read again here
(tokens.py) and measured against the same policy.  This is reporting, not protection:
a difference from nh3's reading can only make a message less precise, never let anything
through (nh3 decides what survives).  Reported (policy.py says what is quiet): removed
elements, with those removed with their content (script, style, iframe …), event
handlers anywhere, style, id, target and other attributes that change what the reader
sees, and URLs whose scheme is not allowed or that nh3 cannot parse.  Not reported:
classes, data-*, aria-*, language hints, comments, word-processor wrappers.
"""

from __future__ import annotations

import html

from .policy import (
    ATTRIBUTE_VALUES,
    ATTRIBUTES,
    CLEANER,
    CONTENT_REMOVED_TAGS,
    LINK_SCHEMES,
    TAGS,
    is_quiet_attribute,
    is_quiet_tag,
)
from .removals import Tally
from .tokens import RAW_TEXT, Attribute, EndTag, tokens
from .urls import browser_url, scheme_needle, scheme_of

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
                   "param", "source", "track", "wbr", "frame", "image"})


def audit(markup: str, tally: Tally) -> None:
    """Add to `tally` what cleaning `markup` removes that the editor should hear about."""
    hidden: str | None = None  # the element removed with its content that we are inside, if any
    depth = 0
    for token in tokens(markup):
        if isinstance(token, EndTag):
            if token.name == hidden:
                depth -= 1
                hidden = None if depth == 0 else hidden
            continue
        tag = token.name
        if hidden is not None:
            depth += tag == hidden and not token.self_closing
            continue
        for attribute in token.attributes:
            if attribute.name.startswith("on"):
                tally.add(f"thuộc tính {attribute.name}", attribute.name)
        if tag in TAGS or is_quiet_tag(tag):
            _attributes(tag, token.attributes, tally)  # also <font color>, <body background=javascript:…>
            continue
        tally.add(f"thẻ <{tag}>", f"<{tag}")
        # Raw-text content was never tokenized; the others' content is skipped to their end tag.
        if tag in CONTENT_REMOVED_TAGS and tag not in RAW_TEXT and tag not in _VOID and not token.self_closing:
            hidden, depth = tag, 1


def _attributes(tag: str, attributes: tuple[Attribute, ...], tally: Tally) -> None:
    allowed = ATTRIBUTES.get(tag, set()) | ATTRIBUTE_VALUES.get(tag, {}).keys()
    seen: set[str] = set()
    for attribute in attributes:
        name, value = attribute.name, attribute.value
        if name in seen or name.startswith("on"):  # a browser keeps the first; handlers are counted already
            continue
        seen.add(name)
        if name in allowed:
            if name in ("href", "src") and value is not None:
                _url(tag, attribute, tally)
        elif name == "style":
            tally.add("thuộc tính style", "style=")
        elif name == "id":
            tally.add("thuộc tính id", (value or "").lower() or "id=")
        elif not is_quiet_attribute(name):
            tally.add(f"thuộc tính {name}", f"{name}=" if value is not None else name)


def _url(tag: str, attribute: Attribute, tally: Tally) -> None:
    url = browser_url(attribute.value or "")
    scheme = scheme_of(url)
    if scheme is not None and scheme not in LINK_SCHEMES:
        tally.add(f"địa chỉ {scheme}:", scheme_needle(attribute.raw))
    elif not _survives(tag, attribute.name, attribute.value or ""):
        tally.add(f"địa chỉ `{url}`", url.lower())


def _survives(tag: str, name: str, value: str) -> bool:
    """Whether nh3 keeps this URL (its URL parser refuses some that have an allowed scheme)."""
    return f" {name}=" in CLEANER.clean(f'<{tag} {name}="{html.escape(value)}">')
