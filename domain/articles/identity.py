"""Article identity and URL slugs: the decisions every later feature relies on.

Identity: the `ID:` metadata when given, else `<unit-id>/<file name>`.  It is
the feed GUID, the key of the social poster's state and the thing redirects
follow, so it never depends on the site, the URL or the title.

URL slug: the title without diacritics (đ → d) plus a short code derived from
the identity, as Vietnamese news portals do (`...-k3x9qa.html`).  Two articles
with the same title get different codes; the code needs no state to compute;
and a unit's rename or move never changes it (only the site part of the URL
changes, which the reorganisation redirects cover).
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from functools import lru_cache

from markupsafe import Markup
from unidecode import unidecode

SHORT_ID_LENGTH = 6
MAX_SLUG_LENGTH = 80
_SUBSTITUTIONS = [
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$")


@lru_cache(maxsize=8192)  # categories and tags repeat across thousands of articles
def slugify_vi(text: str) -> str:
    """'Đại hội Công đoàn' -> 'dai-hoi-cong-doan': exactly Pelican's rule for category and
    tag URLs (unidecode turns đ into d), so URLs computed here match the pages it writes
    (pelican.utils.slugify with SLUG_REGEX_SUBSTITUTIONS, written out so the domain needs no
    Pelican; tests/test_articles.py compares the two)."""
    value = unidecode(unicodedata.normalize("NFKC", Markup(text).striptags()))  # noqa: S704 (only stripped, never rendered)
    for pattern, replacement in _SUBSTITUTIONS:
        value = re.sub(pattern, replacement, value, flags=re.IGNORECASE)
    return value.lower().strip()


def article_identity(unit_id: str, name_in_unit: str, explicit_id: str | None) -> str:
    """The article's permanent identity: its `ID:` or `<unit-id>/<file name>`."""
    return explicit_id if explicit_id else f"{unit_id}/{name_in_unit}"


def short_id(identity: str) -> str:
    """Six base32 characters derived from the identity: stable and stateless."""
    digest = hashlib.sha256(identity.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:SHORT_ID_LENGTH].lower()


def url_slug(title_or_slug: str, identity: str) -> str:
    """The article's slug in its URL: readable words, then the short id."""
    words = slugify_vi(title_or_slug)
    if len(words) > MAX_SLUG_LENGTH:
        words = words[: MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0]  # never cut a word in half
    return f"{words}-{short_id(identity)}" if words else short_id(identity)

