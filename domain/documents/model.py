"""A unit's documents as plain values: each described document, and every unit's library."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from domain.articles.references import DOCUMENT_TYPES

from .about import AboutPage
from .files import FORMAT_LABELS
from .kinds import KINDS

LIBRARY_FILE = "van-ban.yml"  # content/<unit>/van-ban.yml: the unit's documents, described
FILES_FOLDER = "van-ban"  # content/<unit>/van-ban/: where the described files usually are
SECTION = "van-ban/"  # inside a unit's section of its site: the library's pages


@dataclass(frozen=True)
class Document:
    unit_id: str
    slug: str  # unique in its unit: the page `<section>van-ban/<slug>.html`
    number: str  # số hiệu, as written: "05/NQ-LĐLĐ"
    day: date  # ngày ban hành
    issuer: str  # cơ quan ban hành
    kind: str  # one of kinds.KINDS, in its own spelling
    kind_slug: str
    title: str  # trích yếu: what the document is about, one line
    summary: str  # plain text (HTML removed), may be empty
    file: str  # below content/, POSIX: published at `<site>/<file>`, as article attachments are
    suffix: str  # ".pdf", ".docx", ".xlsx", ".odt"
    size: int  # bytes
    source: str  # the describing file, below content/
    line: int  # its entry's line
    date_line: int  # its `date:` line

    @property
    def year(self) -> int:
        return self.day.year

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS[self.suffix]

    @property
    def mime_type(self) -> str:
        return DOCUMENT_TYPES[self.suffix]

    @property
    def size_label(self) -> str:
        """The size as a reader reads it: "84 KB", "1,2 MB"."""
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))} KB"
        return f"{self.size / (1024 * 1024):.1f}".replace(".", ",") + " MB"

    @property
    def page(self) -> str:
        """The document's page, inside its unit's section."""
        return f"{SECTION}{self.slug}.html"


@dataclass
class DocumentLibrary:
    """Every unit's documents (newest first) and about page, the files that shape their pages, what was left out."""

    documents: dict[str, list[Document]] = field(default_factory=dict)  # unit id -> its documents
    sources: dict[str, list[str]] = field(default_factory=dict)  # unit id -> its describing files (below content/)
    undescribed: list[str] = field(default_factory=list)  # files of van-ban/ folders no entry describes: not published
    about: dict[str, AboutPage] = field(default_factory=dict)  # unit id -> its about page (gioi-thieu.md)

    def of(self, unit_id: str) -> list[Document]:
        return self.documents.get(unit_id, [])

    def published_files(self) -> dict[str, list[str]]:
        """Unit id -> the files its documents publish (below content/)."""
        return {unit_id: sorted({d.file for d in documents}) for unit_id, documents in self.documents.items() if documents}

    @property
    def described(self) -> frozenset[str]:
        """Every file of unit folders the library reads or publishes: not an unlinked file."""
        return frozenset([*(d.file for docs in self.documents.values() for d in docs),
                          *(path for paths in self.sources.values() for path in paths)])


def kinds_of(documents: list[Document]) -> list[tuple[str, str, int]]:
    """(kind, slug, count) of the documents, in the kinds' own order."""
    counts: dict[str, int] = {}
    for document in documents:
        counts[document.kind] = counts.get(document.kind, 0) + 1
    return [(kind, slug, counts[kind]) for kind, slug in KINDS.items() if kind in counts]


def years_of(documents: list[Document]) -> list[tuple[int, int]]:
    """(year, count), newest year first."""
    counts: dict[int, int] = {}
    for document in documents:
        counts[document.year] = counts.get(document.year, 0) + 1
    return sorted(counts.items(), reverse=True)


def kind_list_path(kind_slug: str) -> str:
    return f"{SECTION}loai/{kind_slug}/index.html"


def year_list_path(year: int) -> str:
    return f"{SECTION}nam/{year}/index.html"


def list_paths(documents: list[Document]) -> list[str]:
    """Every list page of a unit's library (inside its section): all, per kind, per year."""
    if not documents:
        return []
    return ([f"{SECTION}index.html"] + [kind_list_path(slug) for _, slug, _ in kinds_of(documents)]
            + [year_list_path(year) for year, _ in years_of(documents)])
