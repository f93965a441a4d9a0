"""Vietnamese alphabetical order, following CLDR's `vi` collation.

The base alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y
(ă, â, đ, ê, ô, ơ, ư are letters of their own: primary differences).  The five
tone marks only matter when the letters are equal (secondary differences), in
the order: none, huyền, hỏi, ngã, sắc, nặng.  Case decides last (tertiary).
Spaces and punctuation sort before digits, digits before letters, so
"An Dương" < "Anh".

Code-point order, pyuca's DUCET and glibc's vi_VN each get part of this wrong;
this key is small, pure and tested against the cases in tests/test_vietnamese.py.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_WEIGHT = {letter: 2000 + i for i, letter in enumerate(_ALPHABET)}

# Marks that make a new letter (a + breve = ă) rather than a tone.
_COMBINED_LETTERS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Tones in CLDR order: grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot (nặng).
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

CollationKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]


def _primary_weight(char: str) -> int:
    if char in _LETTER_WEIGHT:
        return _LETTER_WEIGHT[char]
    if char.isspace():
        return 1
    if char.isdigit():
        return 1000 + int(unicodedata.digit(char, 0))
    if unicodedata.category(char)[0] in "PSZ":
        return 10 + ord(char) % 900
    return 100_000 + ord(char)


def sort_key(text: str) -> CollationKey:
    """A key for `sorted()` that orders strings as a Vietnamese reader expects."""
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if not primary:
                continue
            base = _ALPHABET[primary[-1] - 2000] if primary[-1] >= 2000 else ""
            letter = _COMBINED_LETTERS.get((base, char))
            if letter:
                primary[-1] = _LETTER_WEIGHT[letter]
            elif char in _TONE_RANK:
                secondary[-1] = secondary[-1] * 10 + _TONE_RANK[char]
            else:
                # A mark Vietnamese does not use (ü, ç ...): after every tone.
                secondary[-1] = secondary[-1] * 10 + 6
            continue
        lower = char.lower()
        if lower == "đ" or char == "Đ":
            lower = "đ"
        primary.append(_primary_weight(lower))
        secondary.append(0)
        tertiary.append(0 if char == lower else 1)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def sort_vietnamese(
    items: Iterable[T], key: Callable[[T], str] | None = None
) -> list[T]:
    """Items in Vietnamese alphabetical order of `key(item)` (the item itself by default)."""
    text_of: Callable[[Any], str] = key or str
    return sorted(items, key=lambda item: sort_key(text_of(item)))
