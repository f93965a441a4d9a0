"""What a unit's folder publishes besides articles: its documents and its about page.

    kinds.py     the allowlist of document kinds (Nghị quyết, Quyết định ...) and their slugs
    files.py     a described file fenced into its unit's folder; its type checked by its bytes; the size limit
    reading.py   content/<unit>/van-ban.yml read and checked, every problem with its line
    model.py     Document, DocumentLibrary, the library's list pages (all, per kind, per year)
    about.py     content/<unit>/gioi-thieu.md, cleaned as an article body

Pure of Pelican: the build reads them in its first phase (builder/build.py), with the
articles; plugins/documents writes the pages.
"""

from __future__ import annotations

from .about import ABOUT_FILE, AboutPage, read_about
from .files import MAX_BYTES, FileRefused, check_file
from .kinds import KINDS
from .model import (
    FILES_FOLDER,
    LIBRARY_FILE,
    SECTION,
    Document,
    DocumentLibrary,
    kind_list_path,
    kinds_of,
    list_paths,
    year_list_path,
    years_of,
)
from .reading import read_library

__all__ = [
    "ABOUT_FILE", "FILES_FOLDER", "KINDS", "LIBRARY_FILE", "MAX_BYTES", "SECTION", "AboutPage", "Document",
    "DocumentLibrary", "FileRefused", "check_file", "kind_list_path", "kinds_of", "list_paths", "read_about",
    "read_library", "year_list_path", "years_of",
]
