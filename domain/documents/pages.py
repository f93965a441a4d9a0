"""Which library pages a site has, and where: one pure function the site run writes from and the
URL inventory lists from (stages/redirects/inventory.py), so the two cannot drift.

Inside a unit's section of its site (`""` for the federation, `<slug>/` for a CĐCS):
  van-ban/index.html              every document of the unit, newest first, with the filters
  van-ban/loai/<kind>/index.html  one kind (Nghị quyết, Kế hoạch ...)
  van-ban/nam/<year>/index.html   one year
  van-ban/<slug>.html             one document, with its download link
A unit has them when it has documents; the federation's `van-ban/` also when only its
CĐCS have some (it links to their libraries).  The files are published where the
articles' files are, `<site>/<unit-id>/<path in the unit folder>`.
The site's own pages `gioi-thieu/` and `lien-he/` exist on every site.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.feeds.catalog import FeedSpec
from domain.feeds.items import tag_uri
from domain.registry import Unit
from domain.url_layout import UrlLayout

from .model import SECTION, Document, DocumentLibrary, kind_list_path, kinds_of, year_list_path, years_of

ABOUT_SAVE_AS = "gioi-thieu/index.html"
CONTACT_SAVE_AS = "lien-he/index.html"


@dataclass(frozen=True)
class LibraryPage:
    save_as: str  # inside the site
    unit: Unit
    what: str  # "all", "kind:<slug>", "year:<year>", "document:<slug>"
    documents: tuple[Document, ...]  # what it lists, newest first (a document page: that one)
    title: str  # the filter's name (kind, year) or the document's number; "" for the whole library

    @property
    def key(self) -> tuple[str, ...]:
        """What the page shows, wherever it lives (the redirect planning's key)."""
        if self.what.startswith("document:"):
            return ("document", self.unit.id, self.what.partition(":")[2])
        return ("unit-documents", self.unit.id, self.what)


def site_has_library(site_units: list[Unit], library: DocumentLibrary | None) -> bool:
    return library is not None and any(library.of(unit.id) for unit in site_units)


def library_pages(site: Unit, site_units: list[Unit], library: DocumentLibrary | None) -> list[LibraryPage]:
    """Every page of the site's libraries, each unit's in the site's order."""
    if not site_has_library(site_units, library):
        return []
    assert library is not None
    pages: list[LibraryPage] = []
    for unit in site_units:
        documents = tuple(library.of(unit.id))
        if not documents and unit is not site:
            continue
        section = unit.path_in_site
        pages.append(LibraryPage(f"{section}{SECTION}index.html", unit, "all", documents, ""))
        for kind, slug, _ in kinds_of(list(documents)):
            pages.append(LibraryPage(f"{section}{kind_list_path(slug)}", unit, f"kind:{slug}",
                                     tuple(d for d in documents if d.kind_slug == slug), kind))
        for year, _ in years_of(list(documents)):
            pages.append(LibraryPage(f"{section}{year_list_path(year)}", unit, f"year:{year}",
                                     tuple(d for d in documents if d.year == year), str(year)))
        for document in documents:
            pages.append(LibraryPage(f"{section}{document.page}", unit, f"document:{document.slug}", (document,),
                                     document.number))
    return pages


def documents_feed(site: Unit, tag_authority: str, tag_date: str) -> FeedSpec:
    """The site's documents feed (`feeds/van-ban.{rss,atom}.xml`): every document of its units, newest first."""
    return FeedSpec("documents", site, f"Văn bản – {site.short_name}",
                    f"Văn bản mới của {site.name} và các công đoàn cơ sở trên trang", UrlLayout.feed_path("documents"),
                    f"{site.site_url}/{SECTION}", tag_uri(tag_authority, tag_date, f"feed/documents/{site.id}"))
