"""Search as data: folding Vietnamese, the documents, the sharded index files, a query (no Pelican).

folding.py    fold ("Đồng Nai" → "dong nai"), tokens, clean text
documents.py  SearchDocument: what the index knows of one article, saved per site by its run
index.py      the index files: meta.json, term shards t/<n>.json, document shards d/<n>.json
layout.py     where the page and each index live in a site folder
network.py    a province's network index: every site's term shards joined, one file a shard
query.py      a query answered from those files, as the page's script does (tests, benchmarks)
"""

from __future__ import annotations

from .documents import SearchDocument, body_text, digest_file, load_documents, save_documents, search_file
from .folding import clean_text, fold, query_terms, tokens
from .index import SiteInfo, index_files, term_hash
from .query import search

__all__ = ["SearchDocument", "SiteInfo", "body_text", "clean_text", "digest_file", "fold", "index_files",
           "load_documents", "query_terms", "save_documents", "search", "search_file", "term_hash", "tokens"]
