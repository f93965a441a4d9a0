"""The search index as files: terms sharded by hash, documents in small numbered shards.

Layout (every path relative to the index folder, every file JSON in UTF-8):

    meta.json       version, the site, counts, the tables (units, categories), each document's
                    unit, category and day: what the filters and the order need
    t/<n>.json      {term: entry} for every term whose FNV-1a hash modulo `term_shards` is n
    d/<n>.json      documents n*DOCS_PER_SHARD... as [title, url, thumbnail, excerpt]

One index per site, over its own articles; a province's network search reads the
indexes of every site below it (copied into its folder: stages/search.py) and merges
the results, so each article is indexed once, by its own site's run.
Documents are numbered newest first (then by identity), so "newest first" is the
numbers' order.  A term is a folded syllable
("doan") or two adjacent folded syllables ("cong doan", from the title and the first
PAIR_WORDS words of the text): a query fetches only the
term shards of its words and pairs, then the document shards of the results it shows.
A term's entry is [forms, docs, weights(, masks)]: `forms` the spellings (lower case,
diacritics kept) met first, at most MAX_FORMS; `docs` the document numbers as
differences from the previous one; `weights` min(count, 15) + 16 if in the title; `masks`
(only if a term has several forms) the bit of each form the document uses, so a query
typed with its diacritics ranks the documents spelling it so first.
Pairs carry no forms: their two syllables do.
"""

from __future__ import annotations

import json
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import islice

from .documents import SearchDocument
from .folding import folded_tokens, tokens

VERSION = 1
DOCS_PER_SHARD = 8  # a results page of 10 relevance-ordered documents fetches at most 10 small shards
EXCERPT_CHARS = 400  # the start of the body shown (and highlighted) under a result
MAX_FORMS = 8
# Pairs rank phrases ("cong doan" above "công nhân ... đoàn viên"): taken from the title and the start of
# the text (the summary, then the body), where a phrase says what the article is about.  Every syllable of
# the whole text is indexed (every article containing a query's words is found); pairs from the whole text
# would double the index and its build time for a ranking the start already gives.
PAIR_WORDS = 120
POSTINGS_PER_SHARD = 1024  # about 6 KB of JSON: what a query reads of a shard is mostly its own terms
_TITLE = 16
_MAX_COUNT = 15
_FNV_OFFSET, _FNV_PRIME = 0x811C9DC5, 0x01000193


def term_hash(term: str) -> int:
    """32-bit FNV-1a of the term's UTF-8 bytes (the script computes the same)."""
    value = _FNV_OFFSET
    for byte in term.encode("utf-8"):
        value = ((value ^ byte) * _FNV_PRIME) & 0xFFFFFFFF
    return value


@dataclass(frozen=True)
class SiteInfo:
    id: str
    url: str  # the site's URL (absolute, or as the build's base URL gives it)


def ordered(documents: Iterable[SearchDocument]) -> list[SearchDocument]:
    """Newest first, each article once (the last saved wins, as an aggregate feed's)."""
    unique = {doc.identity: doc for doc in documents}
    return sorted(unique.values(), key=lambda doc: (doc.published, doc.identity), reverse=True)


def _new_list() -> array:
    return array("q")


class _Postings:
    """Every term's postings, packed (number << 13 | mask << 5 | weight) into compact arrays
    (8 bytes a posting: a province's network index holds millions)."""

    def __init__(self) -> None:
        self.lists: defaultdict[str | tuple[str, str], array] = defaultdict(_new_list)
        self.forms: dict[str, dict[str, int]] = {}

    def add(self, number: int, doc: SearchDocument) -> None:
        title_words, body_words = tokens(doc.title), tokens(doc.text)
        title_folded, body_folded = folded_tokens(title_words), folded_tokens(body_words)
        counts = Counter(body_folded)
        counts.update(title_folded)
        lead = body_folded[:PAIR_WORDS]
        pairs = Counter(zip(lead, islice(lead, 1, None), strict=False))
        title_pairs = set(zip(title_folded, islice(title_folded, 1, None), strict=False))
        pairs.update(title_pairs)
        extra: dict = dict.fromkeys(title_folded, _TITLE)  # term -> mask << 5 | title flag
        forms_of = self.forms
        for folded, word in set(zip(title_folded + body_folded, title_words + body_words, strict=True)):
            forms = forms_of.get(folded)
            if forms is None:
                forms = forms_of[folded] = {}
            bit = forms.get(word)
            if bit is None and len(forms) < MAX_FORMS:
                bit = forms[word] = len(forms)
            if bit is not None:
                extra[folded] = extra.get(folded, 0) | 32 << bit
        extra.update(dict.fromkeys(title_pairs, _TITLE))
        base, lists, get = number << 13, self.lists, extra.get
        for terms in (counts, pairs):
            for term, count in terms.items():
                lists[term].append(base | (count if count < _MAX_COUNT else _MAX_COUNT) | get(term, 0))

    def entries(self) -> dict[str, list]:
        """term → its entry (see the module docstring), in no particular order."""
        found: dict[str, list] = {}
        for term, packed in self.lists.items():
            forms = list(self.forms.get(term, ())) if isinstance(term, str) else []
            numbers = [value >> 13 for value in packed]
            docs = [b - a for a, b in zip([0, *numbers], numbers, strict=False)]
            weights = [value & 31 for value in packed]
            name = term if isinstance(term, str) else f"{term[0]} {term[1]}"
            if len(forms) > 1:
                found[name] = [forms, docs, weights, [value >> 5 & 255 for value in packed]]
            else:
                found[name] = [forms, docs, weights]
        return found


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _shard_count(postings: int) -> int:
    count = 1
    while count * POSTINGS_PER_SHARD < postings:
        count *= 2
    return count


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of the body, cut at a word's end."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > limit // 2 else limit] + " …"


def _day(published: str) -> int:
    return int(published[:4] + published[5:7] + published[8:10])


def index_files(documents: Iterable[SearchDocument], site: SiteInfo, units: Mapping[str, str]) -> dict[str, bytes]:
    """Every file of one site's index: relative path → bytes (the same input, the same bytes).

    `units`: id → name of every unit a document may belong to (the registry's view of the site)."""
    docs = ordered(documents)
    postings = _Postings()
    for number, doc in enumerate(docs):
        postings.add(number, doc)
    entries = postings.entries()
    shard_count = _shard_count(sum(len(packed) for packed in postings.lists.values()))
    shards: dict[int, dict[str, list]] = {}
    for term, entry in entries.items():
        shards.setdefault(term_hash(term) % shard_count, {})[term] = entry
    unit_ids = sorted({doc.unit_id for doc in docs})
    categories = sorted({doc.category for doc in docs})
    unit_number = {unit_id: n for n, unit_id in enumerate(unit_ids)}
    category_number = {name: n for n, name in enumerate(categories)}
    days = [_day(doc.published) for doc in docs]
    meta = {
        "version": VERSION, "site": site.id, "url": site.url, "docs": len(docs), "term_shards": shard_count,
        "docs_per_shard": DOCS_PER_SHARD,
        "units": [[unit_id, units.get(unit_id, unit_id)] for unit_id in unit_ids], "categories": categories,
        "unit": [unit_number[doc.unit_id] for doc in docs],
        "category": [category_number[doc.category] for doc in docs],
        # yyyymmdd of the first document, then each one's difference from the one before (newest first: >= 0)
        "days": days[:1] + [a - b for a, b in zip(days, days[1:], strict=False)],
    }
    files = {"meta.json": _json(meta)}
    for number in range(shard_count):  # every shard, empty ones too: the script fetches any of them
        files[f"t/{number}.json"] = _json(shards.get(number, {}))
    for start in range(0, len(docs), DOCS_PER_SHARD):
        rows = [[doc.title, doc.url, doc.thumbnail, excerpt(doc.text)] for doc in docs[start:start + DOCS_PER_SHARD]]
        files[f"d/{start // DOCS_PER_SHARD}.json"] = _json(rows)
    return files
