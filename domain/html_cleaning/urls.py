"""URLs as a browser reads them, so that checks and `resolve_url` see what a reader would follow."""

from __future__ import annotations

import html
import re

# The URL Standard trims C0 controls and spaces at both ends and drops every tab and newline
# inside: `jav&#x09;ascript:` and ` javascript:` are javascript: URLs.
_TRIMMED = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_NEEDLE_SCAN = 120  # characters of a raw value searched for the end of its scheme


def browser_url(value: str) -> str:
    """The URL a browser follows for an attribute value whose character references are decoded."""
    url = value.strip(_TRIMMED)
    return _TAB_OR_NEWLINE.sub("", url) if ("\t" in url or "\n" in url or "\r" in url) else url


def scheme_of(url: str) -> str | None:
    """The lower-case scheme of a `browser_url`, or None for a relative reference (`//host` too)."""
    match = _SCHEME.match(url)
    return match[1].lower() if match else None


def scheme_needle(raw_value: str) -> str:
    """Lower-case text of a raw (undecoded) attribute value up to the end of its scheme.

    The editor wrote `jav&#x09;ascript:` or `javascript&#58;`; the needle is that, not the
    decoded `javascript:`, so the caller finds it in the source.
    """
    raw = raw_value.lstrip()
    for end in range(1, min(len(raw), _NEEDLE_SCAN) + 1):
        decoded = html.unescape(raw[:end])
        if ":" in decoded:
            if raw[end:end + 1] == ";" and html.unescape(raw[:end + 1]) == decoded:
                end += 1  # `&#58;`: the reference's own semicolon
            return raw[:end].lower()
    return raw[:_NEEDLE_SCAN].lower()
