"""Search: the site's index of its own articles, and its page `tim-kiem/index.html`.

Signals:
- `article_writer_finalized`: after the site's articles are rendered, one
  `SearchDocument` per published article (memoised per article and chrome, like
  its feed item), saved beside the feed items (`domain.search.search_file`) and
  indexed into `tim-kiem/chi-muc/<site id>/` (domain/search/index.py).  A site
  that is not built again keeps its folder, index included (incremental/reuse.py);
  a province's copies of the indexes below it are made by stages/search.py.
- `get_generators`: `SearchPageGenerator` writes the page; the script
  (themes/congdoan/static/js/tim-kiem.js) reads the indexes of the sites it lists,
  and on a province the network index over them for the whole network.
"""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from domain.atomic_write import write_bytes_atomically
from domain.file_links import link_tree
from domain.images.paths import lead_facts
from domain.images.renditions import plan_image
from domain.search import (
    SearchDocument,
    SiteInfo,
    body_text,
    clean_text,
    index_files,
    save_documents,
    search_file,
)
from domain.search.layout import INDEX_ROOT, NETWORK_INDEX, SEARCH_SAVE_AS, index_folder
from plugins.site_context import site_context


def _thumbnail(record: Any) -> str:
    """The lead image's narrowest rendition (WebP if made), below the site; "" without one."""
    facts = lead_facts(record.images, record.image)
    if facts is None:
        return ""
    plan = plan_image(facts)
    return (plan.of_format("WEBP") or [plan.original])[0].path


def _text(article: Any) -> str:
    """The summary (the editor's lead, cleaned HTML), then the body: both are searched."""
    summary = body_text(article.metadata.get("summary") or "")
    body = body_text(article.get_content(article.settings["SITEURL"]))
    return f"{summary} {body}" if summary else body


def article_document(article: Any, site_id: str) -> SearchDocument:
    """The search document of one rendered Pelican article."""
    record = article.record
    return SearchDocument(
        identity=record.identity, site_id=site_id, title=clean_text(record.title), url=record.url,
        published=record.date.isoformat(), unit_id=record.unit_id, category=record.category,
        thumbnail=_thumbnail(record), text=_text(article),
    )


def _index_site(generator: Any, writer: Any) -> None:
    context = site_context(generator.settings)
    site, memo = context.site, context.memo
    make = [partial(article_document, article, site.id) for article in generator.articles]
    if memo is None:
        documents = [document() for document in make]
    else:
        documents = [memo.derive("search-document", article.source_path, document)
                     for article, document in zip(generator.articles, make, strict=True)]
    saved = save_documents(documents, search_file(context.feed_items, site.id))
    units = {unit.id: unit.name for unit in context.network.site_units(site)}
    info = SiteInfo(site.id, site.site_url)
    name = index_folder(site.id)
    folder = Path(generator.settings["OUTPUT_PATH"]) / name
    # The same documents, site and units make the same files: those of the last output are linked
    # (a site run because a record it lists changed re-indexes nothing: 0.7 s of a 1,000-article site).
    key = hashlib.sha256(f"{saved}\0{info!r}\0{sorted(units.items())!r}".encode()).hexdigest()
    previous = memo.unchanged(f"{name}/meta.json", key) if memo is not None else None
    if previous is not None:
        link_tree(previous.parent, folder)
    else:
        for file_name, data in index_files(documents, info, units).items():
            write_bytes_atomically(folder / file_name, data)
    if memo is not None:
        memo.remember_output(f"{name}/meta.json", key)


class SearchPageGenerator(Generator):
    """tim-kiem/index.html: the form, the filters, and the list of indexes the script reads."""

    def generate_output(self, writer: Any) -> None:
        context = site_context(self.settings)
        site = context.site
        sites = [unit for unit in site.subtree() if unit.is_federation]  # the site first
        # The whole network's scope reads the network index (stages/search.py), one site's its own index.
        network = NETWORK_INDEX if len(sites) > 1 else ""
        writer.write_file(SEARCH_SAVE_AS, self.get_template("tim-kiem"), self.context, template_name="tim-kiem",
                          url=SEARCH_SAVE_AS.removesuffix("index.html"), search_sites=sites,
                          search_indexes=INDEX_ROOT, search_network=network,
                          search_meta=f"{network or index_folder(site.id)}/meta.json")


def _add_generator(pelican: Any) -> type[SearchPageGenerator]:
    return SearchPageGenerator


def register() -> None:
    signals.article_writer_finalized.connect(_index_site)
    signals.get_generators.connect(_add_generator)
