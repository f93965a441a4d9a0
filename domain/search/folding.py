"""Vietnamese typed without diacritics: folding and the tokens a text is searched by.

Readers type on phones without tone marks and often without đ: "cong doan" must find
"công đoàn".  Both the index and the page's script (themes/congdoan/static/js/tim-kiem.js,
which mirrors these rules) fold every token the same way: NFD, every combining mark
dropped, đ/Đ → d, lower case.  A token is a run of letters, digits and combining marks
in the NFC text (so a mark that composes with nothing still belongs to its word).
"""

from __future__ import annotations

import re
import unicodedata

MAX_TOKEN = 40  # longer runs (a pasted URL, a hostile header) are not words anyone types: not indexed
# Letters and digits (Python's \w without "_"), and the combining-mark blocks the script lists too.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
TOKEN = re.compile(rf"[\w{_MARKS}]+")  # on text without "_" (tokens() replaces it): one class is fast
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")
_D = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """`text` as a reader may type it: no combining mark, đ/Đ as d, lower case."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()


class _FoldCache(dict):
    """token → folded token, filled on first sight: a corpus has a few thousand distinct syllables,
    so folding costs one dictionary look-up a token (`map(cache.__getitem__, tokens)` runs in C)."""

    def __missing__(self, token: str) -> str:
        folded = self[token] = fold(token)
        return folded


_FOLDED = _FoldCache()
_CACHE_LIMIT = 200_000  # a hostile corpus of distinct words must not grow a worker without bound


def clean_text(text: str) -> str:
    """Text to show and to index: NFC, control and invisible characters as spaces, one space between words."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", unicodedata.normalize("NFC", text))).strip()


def tokens(text: str) -> list[str]:
    """The words of clean text, lower case, diacritics kept; words longer than MAX_TOKEN dropped."""
    words = TOKEN.findall(text.lower().replace("_", " "))
    if max(map(len, words), default=0) <= MAX_TOKEN:  # the usual case, checked in C
        return words
    return [word for word in words if len(word) <= MAX_TOKEN]


def folded_tokens(words: list[str]) -> list[str]:
    """Each word of `tokens()` folded (memoised per process)."""
    if len(_FOLDED) > _CACHE_LIMIT:
        _FOLDED.clear()
    return list(map(_FOLDED.__getitem__, words))


MAX_QUERY_WORDS = 12  # a pasted paragraph must not make the page fetch a shard per word


def query_terms(query: str) -> list[tuple[str, str]]:
    """A query's (folded, as typed) words, in order, at most MAX_QUERY_WORDS, as the page's script reads them."""
    words = tokens(clean_text(query))[:MAX_QUERY_WORDS]
    return list(zip(folded_tokens(words), words, strict=True))
