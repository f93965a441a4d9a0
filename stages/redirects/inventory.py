"""Every URL a network snapshot publishes, and what each one shows.

`site_inventory` mirrors the build (the URL layout, domain/url_layout.py, which
Pelican's URL settings give; the feeds catalogue) as a pure function of a
registry snapshot and the network index, so the URLs of any past day can be
listed without building that day.
A test checks that the inventory of today equals the files a real build writes.

Keys say what a URL shows, independently of where it lives:
  ("article", identity)          ("unit", unit-id)        ("unit-feed", unit-id, fmt)
  ("static", content path)       ("site", site-id, what)  e.g. what = "danh-ba", "category:<slug>", "gioi-thieu"
  ("document", unit-id, slug)    ("unit-documents", unit-id, what)  a unit's library lists (domain/documents/pages.py)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from domain.articles import ArticleIndex, ArticleRecord, slugify_vi
from domain.documents.pages import ABOUT_SAVE_AS, CONTACT_SAVE_AS, documents_feed, library_pages
from domain.feeds.catalog import FORMATS, site_feed_specs
from domain.feeds.settings import FeedSettings
from domain.images import article_files
from domain.registry import Network, Unit
from domain.search.layout import SEARCH_SAVE_AS
from domain.url_layout import Place, UrlLayout

Key = tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    key: Key
    page: int = 1  # pagination: page 1 is the list's canonical URL
    # For a category or tag list (its pages and feeds): the units of the articles it listed, one per
    # article, so that a list that disappears from a site can follow its articles (plan.py).
    members: tuple[str, ...] = field(default=(), compare=False)

    @property
    def canonical(self) -> bool:
        return self.page == 1

    @property
    def listed(self) -> bool:
        """In the sitemaps: a canonical page, or a later page of a category or tag list (such a list
        can empty without a registry event: only what was published says its pages existed)."""
        return self.canonical or (self.key[0] == "site" and self.key[2].split(":")[0] in ("category", "tag"))


def _paginated(layout: UrlLayout, first: Place, kind: str, key: Key, items: int,
               members: tuple[str, ...] = ()) -> Iterator[tuple[str, Entry]]:
    """Every page of a list, as Pelican paginates it (the layout's PAGINATION_PATTERNS)."""
    for number, page in enumerate(layout.pages(first, kind, items), start=1):
        yield page.save_as, Entry(key, number, members)


def _feed_key(site: Unit, spec_key: str, fmt: str) -> Key:
    kind, _, rest = spec_key.partition("/")
    if kind == "unit":
        return ("unit-feed", rest, fmt)
    if kind == "category":
        return ("site", site.id, f"category-feed:{rest}:{fmt}")
    return ("site", site.id, f"feed:{kind}:{fmt}")


def site_inventory(site: Unit, network: Network, index: ArticleIndex, published_files: dict[str, list[str]],
                   feeds: FeedSettings, layout: UrlLayout) -> dict[str, Entry]:
    """Output path (below output/, starting with the site id) → what it shows."""
    entries: dict[str, Entry] = {}
    units = network.site_units(site)
    records: list[ArticleRecord] = [r for unit in units for r in index.published_of(unit.id)]

    def add(path: str, entry: Entry) -> None:
        entries.setdefault(f"{site.id}/{path}", entry)

    for unit in units:
        for path, entry in _paginated(layout, layout.unit(unit.path_in_site), "unit", ("unit", unit.id),
                                      len(index.published_of(unit.id))):
            add(path, entry)
        for relative in published_files.get(unit.id, []):
            add(relative, Entry(("static", relative)))
    for record in records:
        add(record.save_as, Entry(("article", record.identity)))
        # The image pipeline's files (renditions, the share image): copied like content images on a move.
        for path in article_files(record.images, record.save_as, record.identity, record.image):
            add(path, Entry(("static", path)))
    categories: dict[str, list[str]] = {}  # slug -> the unit of each of its articles
    tags: dict[str, list[str]] = {}
    for record in records:
        categories.setdefault(slugify_vi(record.category), []).append(record.unit_id)
        for tag in {slugify_vi(t) for t in record.tags}:
            tags.setdefault(tag, []).append(record.unit_id)
    for slug, units_of in categories.items():
        for path, entry in _paginated(layout, layout.category_of_slug(slug), "category",
                                      ("site", site.id, f"category:{slug}"), len(units_of), tuple(sorted(units_of))):
            add(path, entry)
    for slug, units_of in tags.items():
        for path, entry in _paginated(layout, layout.tag_of_slug(slug), "tag", ("site", site.id, f"tag:{slug}"),
                                      len(units_of), tuple(sorted(units_of))):
            add(path, entry)
    for path, entry in _paginated(layout, layout.archives(), "archives", ("site", site.id, "luu-tru"), len(records)):
        add(path, entry)
    add(layout.directory.save_as, Entry(("site", site.id, "danh-ba")))
    add(layout.feed_list.save_as, Entry(("site", site.id, "feeds")))
    add(layout.site_map.save_as, Entry(("site", site.id, "so-do-trang")))
    add(SEARCH_SAVE_AS, Entry(("site", site.id, "tim-kiem")))  # its index files (chi-muc/) are data, not URLs
    for spec in site_feed_specs(site, network, index, feeds, layout):
        members = tuple(sorted(categories.get(spec.key.partition("/")[2], ()))) if spec.key.startswith("category/") else ()
        for fmt in FORMATS:
            add(spec.save_as(fmt), Entry(_feed_key(site, spec.key, fmt), 1, members))
    add(ABOUT_SAVE_AS, Entry(("site", site.id, "gioi-thieu")))
    add(CONTACT_SAVE_AS, Entry(("site", site.id, "lien-he")))
    library = library_pages(site, units, index.library)  # the documents' files: in published_files
    for page in library:
        add(page.save_as, Entry(page.key))
    if library:
        for fmt in FORMATS:
            add(documents_feed(site, feeds.tag_authority, feeds.tag_date).save_as(fmt),
                Entry(("site", site.id, f"feed:documents:{fmt}")))
    return entries


def network_inventory(network: Network, index: ArticleIndex, published_files: dict[str, list[str]],
                      feeds: FeedSettings, layout: UrlLayout) -> dict[str, Entry]:
    """The inventory of every site of a snapshot."""
    entries: dict[str, Entry] = {}
    for site in network.sites:
        entries.update(site_inventory(site, network, index, published_files, feeds, layout))
    return entries


def alias_paths(network: Network) -> dict[str, Entry]:
    """Unit pages at slugs a unit had before (registry `aliases` and renames)."""
    return {f"{unit.site.id}/{UrlLayout.unit(f'{alias}/').save_as}": Entry(("unit", unit.id))
            for unit in network if not unit.is_federation for alias in unit.aliases}
