"""Writes a site's about, contact and documents pages, and its documents feed."""

from __future__ import annotations

from datetime import datetime, time
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from pelican.generators import Generator

from domain.atomic_write import write_bytes_atomically
from domain.documents import Document, DocumentLibrary, kinds_of, years_of
from domain.documents.pages import (
    ABOUT_SAVE_AS,
    CONTACT_SAVE_AS,
    LibraryPage,
    documents_feed,
    library_pages,
    site_has_library,
)
from domain.feeds import FeedItem
from domain.feeds.catalog import FORMATS
from domain.feeds.items import Enclosure, newest_first, tag_uri
from domain.feeds.stylesheet import readable_feed
from domain.registry import Unit
from domain.url_layout import url_of
from plugins.site_context import SiteContext, site_context

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def footer_pages(site_units: list[Unit], library: DocumentLibrary | None) -> list[tuple[str, str]]:
    """(label, URL inside the site) of the pages every footer links to."""
    pages = [("Giới thiệu", url_of(ABOUT_SAVE_AS)), ("Liên hệ", url_of(CONTACT_SAVE_AS))]
    if site_has_library(site_units, library):
        pages.append(("Văn bản", "van-ban/"))
    return pages


def file_url(site_url: str, document: Document) -> str:
    return f"{site_url}/{quote(document.file)}"


class SitePagesGenerator(Generator):
    """Giới thiệu, Liên hệ, and every page of the site's documents libraries."""

    def generate_output(self, writer: Any) -> None:
        context = site_context(self.settings)
        site, library = context.site, context.index.library
        units = context.network.site_units(site)
        about = library.about.get(site.id) if library else None
        writer.write_file(ABOUT_SAVE_AS, self.get_template("gioi-thieu"), self.context, template_name="gioi-thieu",
                          url=url_of(ABOUT_SAVE_AS), unit=site, about=about)
        writer.write_file(CONTACT_SAVE_AS, self.get_template("lien-he"), self.context, template_name="lien-he",
                          url=url_of(CONTACT_SAVE_AS), unit=site)
        pages = library_pages(site, units, library)
        for page in pages:
            self._write_library_page(writer, page, site, units, library)
        if pages and library is not None:
            self._write_feed(context, [(unit, d) for unit in units for d in library.of(unit.id)])

    def _write_library_page(self, writer: Any, page: LibraryPage, site: Unit, units: list[Unit],
                            library: DocumentLibrary | None) -> None:
        assert library is not None
        every = library.of(page.unit.id)
        detail = page.what.startswith("document:")
        name = "van-ban-chi-tiet" if detail else "van-ban"
        others = [(unit, len(library.of(unit.id))) for unit in units
                  if page.unit is site and page.what == "all" and unit is not site and library.of(unit.id)]
        writer.write_file(page.save_as, self.get_template(name), self.context, template_name=name,
                          url=url_of(page.save_as), unit=page.unit, library_page=page,
                          documents=list(page.documents), document=page.documents[0] if detail else None,
                          library_url=f"{page.unit.path_in_site}van-ban/", library_kinds=kinds_of(every),
                          library_years=years_of(every), other_libraries=others,
                          file_url=lambda document: file_url(site.site_url, document))

    def _write_feed(self, context: SiteContext, documents: list[tuple[Unit, Document]]) -> None:
        site, settings = context.site, context.feeds
        spec = documents_feed(site, settings.tag_authority, settings.tag_date)
        items = newest_first((_item(unit, d, settings.tag_authority, settings.tag_date) for unit, d in documents),
                             settings.max_items)
        output = Path(self.settings["OUTPUT_PATH"])
        for fmt in FORMATS:
            write_bytes_atomically(output / spec.save_as(fmt), readable_feed(fmt, spec, items))


def _item(unit: Unit, document: Document, authority: str, tag_date: str) -> FeedItem:
    """A document as a feed item: its page, its facts, and its file as the enclosure."""
    site_url = unit.site.site_url
    issued = datetime.combine(document.day, time(7, 0), tzinfo=ZONE).isoformat()  # the working day's start
    facts = (f"<p>{escape(document.kind)} số {escape(document.number)}, {escape(document.issuer)} ban hành ngày "
             f"{document.day:%d/%m/%Y}.</p>")
    summary = f"<p>{escape(document.summary or document.title)}</p>"
    download = (f'<p><a href="{escape(file_url(site_url, document))}">Tải văn bản '
                f"({escape(document.format_label)}, {document.size_label})</a></p>")
    identity = f"document/{document.unit_id}/{document.slug}"
    return FeedItem(
        identity=identity, guid=tag_uri(authority, tag_date, identity),
        title=f"{document.kind} {document.number}: {document.title}",
        url=f"{site_url}/{unit.path_in_site}{document.page}", content=facts + summary + download, summary=summary,
        author=document.issuer, category=document.kind, tags=(), published=issued, updated=issued,
        unit_id=document.unit_id, enclosure=Enclosure(file_url(site_url, document), document.size, document.mime_type),
    )
