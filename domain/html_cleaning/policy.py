"""What an article body may contain: the allowlist nh3 enforces, and which removals an editor hears about.

The allowlist is what editors of union news really write (Markdown with `extra` and
`codehilite`, and the little raw HTML they paste): text structure, links, images,
tables, code, footnotes.  Anything else is removed, never "repaired":
no script/style/form/embedding elements, no event handlers, no inline style (the
site's CSP allows only its own stylesheet), no data-* attributes, no `target`
(tab-nabbing), no comments.
"""

from __future__ import annotations

import re

import nh3

TAGS = frozenset({
    "p", "br", "hr",
    # h1 is kept here and renamed h2 after cleaning (rewriting.py): the page's own h1 is the title.
    "h1", "h2", "h3", "h4", "h5", "h6",
    "strong", "em", "b", "i", "u", "s", "sub", "sup", "mark", "small",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "pre", "code", "abbr",
    # Wrappers Markdown itself writes: footnotes and code blocks (div), Pygments tokens (span).
    "div", "span",
})

# Removed with everything inside: code, or content a browser would not show as text
# (raw-text elements, foreign SVG/MathML, fallback content of embeddings, form controls).
CONTENT_REMOVED_TAGS = frozenset({
    "script", "style", "template", "noscript", "xmp", "plaintext", "textarea", "title",
    "iframe", "noembed", "noframes", "frameset", "object", "applet", "embed",
    "svg", "math", "select",
})
_VOID_REMOVED = frozenset({"embed"})  # no content, no end tag
_REMOVED_START_TAG = re.compile(rf"<({'|'.join(sorted(CONTENT_REMOVED_TAGS))})(?=[\s/>])[^>]{{0,2000}}>", re.IGNORECASE)


def removed_start_tags(text: str) -> list[tuple[int, int]]:
    """Where in `text` the start tags of the elements the cleaner removes with their content are,
    (start, end) offsets, when they end (a void `embed`, or an end tag further on; without one the
    rest of the body would go with it).  What their attributes name (a script's or an iframe's
    `src`, an allowlisted video's included) is never published: the reference check skips them and
    the cleaner reports each removal."""
    lowered = text.lower()
    last_end = {tag: lowered.rfind(f"</{tag}") for tag in CONTENT_REMOVED_TAGS if f"</{tag}" in lowered}
    return [match.span() for match in _REMOVED_START_TAG.finditer(text)
            if match[1].lower() in _VOID_REMOVED or last_end.get(match[1].lower(), -1) >= match.end()]

ATTRIBUTES: dict[str, set[str]] = {
    "*": set(),  # nh3 would otherwise allow lang and title on every element
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
    "ol": {"start"},
    # Footnote ids only (fn:…, fnref:…); any other id is removed after cleaning (rewriting.py).
    "li": {"id"},
    "sup": {"id"},
}
ATTRIBUTE_VALUES = {"th": {"scope": {"col", "row", "colgroup", "rowgroup"}}}

FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:\S+")  # what `extra`'s footnotes write; no theme id has a colon


def _pygments_classes() -> set[str]:
    """The short class names codehilite's Pygments formatter puts on token spans (styling only)."""
    try:
        from pygments.token import STANDARD_TYPES
    except ImportError:  # codehilite then writes plain <pre><code>, with no spans
        return set()
    return {name for name in STANDARD_TYPES.values() if name} | {"hll"}


ALIGNMENT_CLASSES = {"text-left", "text-center", "text-right"}  # see alignment.py
CLASSES: dict[str, set[str]] = {
    "a": {"footnote-ref", "footnote-backref", "video-link"},  # video-link: so cleaning our output is a no-op
    "div": {"footnote", "codehilite", "highlight"},  # Pelican sets codehilite's css_class to "highlight"
    "pre": {"codehilite", "highlight"},
    "span": _pygments_classes(),
    "th": ALIGNMENT_CLASSES,
    "td": ALIGNMENT_CLASSES,
}

# nh3 applies one set of schemes to every URL attribute; images are narrowed after cleaning.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
IMAGE_SCHEMES = frozenset({"http", "https"})

CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(CONTENT_REMOVED_TAGS),
    attributes=ATTRIBUTES,
    tag_attribute_values=ATTRIBUTE_VALUES,
    allowed_classes=CLASSES,
    url_schemes=set(LINK_SCHEMES),
    strip_comments=True,
    # No `target` survives, so no page can reach window.opener; and Markdown's links stay byte-identical.
    link_rel=None,
)

# --- What the editor is told (audit.py) -----------------------------------------------------------
# A removal is reported when it changes what a reader sees or was dangerous.  These are not:
# word-processor wrappers whose text stays, and attributes that only carry styling hooks,
# language or accessibility hints, or data for scripts that will never run.
QUIET_TAGS = frozenset({"font", "html", "head", "body"})
_OFFICE_TAG = re.compile(r"[a-z][a-z0-9]{0,3}:[a-z][a-z0-9-]*")  # o:p, st1:place, w:sdt (Word's XML islands)
QUIET_ATTRIBUTES = frozenset({
    "class", "lang", "xml:lang", "dir", "role", "tabindex", "rel", "spellcheck", "translate",
    "xmlns", "itemscope", "itemtype", "itemprop", "markdown",
})
QUIET_ATTRIBUTE_PREFIXES = ("data-", "aria-", "xmlns:")


def is_quiet_tag(tag: str) -> bool:
    """A removed element not worth a message (its text stays; its attributes are still checked)."""
    return tag in QUIET_TAGS or _OFFICE_TAG.fullmatch(tag) is not None


def is_quiet_attribute(name: str) -> bool:
    return name in QUIET_ATTRIBUTES or name.startswith(QUIET_ATTRIBUTE_PREFIXES)
