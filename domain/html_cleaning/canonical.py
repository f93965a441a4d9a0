"""Whether an editor's markup is already, token for token, what nh3 wrote.

nh3 re-serialises everything it parses.  For the common article (Markdown output, no raw
HTML) its output is the input byte for byte, or differs only in how some text characters
are written: Markdown's footnotes write `&#160;` and `&#8617;`, Pygments writes `&quot;`
and `&#39;`, where nh3 writes `&nbsp;`, `↩`, `"` and `'`.  When every tag is
byte-identical and every text run holds the same characters, a browser builds the same
tree from both, so the input's bytes are kept: a clean article comes out exactly as
Markdown wrote it, and nothing was removed (so nothing needs accounting).
"""

from __future__ import annotations

import html
import re

# nh3's tags contain no '<' or '>': values escape both, and only allowlisted (plain) attribute names survive.
_TAG = re.compile(r"(<[^<>]*>)")


def same_markup(source: str, cleaned: str) -> bool:
    """True when `source` has exactly the tags of `cleaned` and the same text, however it is escaped."""
    if source == cleaned:
        return True
    ours, theirs = _TAG.split(source), _TAG.split(cleaned)
    if len(ours) != len(theirs):
        return False
    for index, (mine, nh3s) in enumerate(zip(ours, theirs, strict=True)):
        if mine == nh3s:
            continue
        # Odd pieces are tags (split keeps the separators): those must be identical.  A text
        # piece may differ only in character references, and must hold no raw '<' or '>'.
        if index % 2 or "<" in mine or ">" in mine or html.unescape(mine) != html.unescape(nh3s):
            return False
    return True
