"""Where every page of a site lives and what its URL is: one URL layout, read from Pelican's settings.

Pelican writes the articles, the category and tag lists, the archives and their
page N where ARTICLE_SAVE_AS, CATEGORY_SAVE_AS, TAG_SAVE_AS, ARCHIVES_SAVE_AS and
PAGINATION_PATTERNS say, as many pages as PAGINATED_TEMPLATES / DEFAULT_PAGINATION
/ DEFAULT_ORPHANS give.  The network's own pages live at fixed places: a unit's
page at its section (`<slug>/`, the federation's at the site root), the directory
`danh-ba/`, the feed list `feeds/` and the feed files below `feeds/`.

Everything that needs a page's path or URL outside Pelican's run (the article
index, the feeds catalogue, the redirects, the sitemaps, the checks) asks a
`UrlLayout`, so a settings change moves them all with the pages, never the pages
alone.  `url_layout(values)` reads it from a settings dict and refuses
(`LayoutRefused`, one Vietnamese message per setting) a layout it cannot honour:
a placeholder it cannot fill, a URL that is not where a static server finds its
file, a page written straight into a site under a name units may take
(domain/registry/reserved_names.py), a list Pelican would not write.

Paths are below the site's folder ("tin/x.html"); URLs are relative to the site
URL and always the static server's form of the path ("x/index.html" is served
at "x/"), so a path's URL is `url_of(path)` whoever asks.  Pure: no Pelican.
"""

from __future__ import annotations

import math
import posixpath
import re
import string
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from domain.articles.identity import SHORT_ID_LENGTH, slugify_vi
from domain.registry.reserved_names import reserved_in_site

LIST_KINDS = ("unit", "category", "tag", "archives")  # Pelican's templates of the paginated lists
# The network's own fixed places, inside every site.
DIRECTORY_SAVE_AS = "danh-ba/index.html"
FEED_LIST_SAVE_AS = "feeds/index.html"
SITE_MAP_SAVE_AS = "so-do-trang/index.html"  # the readers' site map (not the sitemap.xml for crawlers)
NOT_FOUND_SAVE_AS = "404.html"  # served by the host for a missing path: in no sitemap, never redirected
FEED_PATHS = {  # feed kind -> its path without ".rss.xml" / ".atom.xml"; {key}: unit id or category slug
    "site": "feeds/tat-ca",
    "subtree": "feeds/toan-he-thong",
    "unit": "feeds/don-vi/{key}",
    "category": "feeds/chuyen-muc/{key}",
    "documents": "feeds/van-ban",  # the site's documents (domain/documents/pages.py)
}
# Pages Pelican writes when these are set; the network has no place for them.
_UNLISTED = ("AUTHOR_SAVE_AS", "YEAR_ARCHIVE_SAVE_AS", "MONTH_ARCHIVE_SAVE_AS", "DAY_ARCHIVE_SAVE_AS")
Refuse = Callable[[str, str], None]  # (setting, Vietnamese message)
_PAGE_FIELDS = {"save_as", "url", "name", "base_name", "extension", "number"}  # Pelican's Page context


def is_feed(path: str) -> bool:
    """Whether the path is a feed file (FEED_PATHS: "….rss.xml" or "….atom.xml")."""
    return path.endswith((".rss.xml", ".atom.xml"))


def url_of(path: str) -> str:
    """A path's URL: "tin/a.html" stays; "x/index.html" becomes "x/"; "index.html" becomes ""."""
    if path == "index.html":
        return ""
    return path.removesuffix("index.html") if path.endswith("/index.html") else path


def file_of(path: str) -> str:
    """The file a static server answers a path with: "x/" and "" are folders, served by their index.html."""
    return f"{path}index.html" if path == "" or path.endswith("/") else path


def site_roots(sites: Iterable[Any]) -> dict[str, str]:
    """URL prefix → folder for each of `sites` (registry units whose URLs are assigned): the
    `prefixes` of url_to_path for a build's output."""
    return {f"{site.site_url}/": site.id for site in sites}


def url_to_path(url: str, prefixes: Mapping[str, str]) -> str | None:
    """A URL as a path below a build folder, through the longest matching prefix (URL prefix
    ending with "/" → its folder, "" for the build's root); None for a URL of another web site.

    A folder's URL keeps its slash ("site/x/"): `file_of` gives the file, or a checker looks at
    what is there (checks/addresses.served_file)."""
    for prefix in sorted(prefixes, key=len, reverse=True):
        if url == prefix.rstrip("/") or url.startswith(prefix):
            rest = unquote(urlsplit(url).path)[len(urlsplit(prefix).path):].lstrip("/")
            folder = prefixes[prefix]
            return f"{folder}/{rest}" if folder else rest
    return None


@dataclass(frozen=True)
class Place:
    """One page of a site: the file it is written to (below the site folder), and its URL."""

    save_as: str
    url: str


@dataclass(frozen=True)
class PageRule:
    """One of Pelican's PAGINATION_PATTERNS: from page `min_page` on (-1: the last page)."""

    min_page: int
    url: str
    save_as: str


@dataclass(frozen=True)
class PerPage:
    """Items per page of each paginated list; None: the whole list on one page."""

    unit: int | None
    category: int | None
    tag: int | None
    archives: int | None


@dataclass(frozen=True)
class UrlLayout:
    """Pelican's URL settings as the network reads them (patterns with `{slug}`)."""

    article_url: str
    article_save_as: str
    category_url: str
    category_save_as: str
    tag_url: str
    tag_save_as: str
    archives_url: str
    archives_save_as: str
    pagination: tuple[PageRule, ...]
    per_page: PerPage
    orphans: int = 0

    # --- articles ------------------------------------------------------------
    def article(self, slug: str) -> Place:
        return Place(self.article_save_as.format(slug=slug), self.article_url.format(slug=slug))

    def article_code(self, path: str) -> str | None:
        """The short id in an article's path inside its site (the code of its identity: published.py
        finds an article whose title was corrected by it), or None for any other path."""
        match = _article_path(self.article_save_as).match(path)
        return match["code"] if match else None

    # --- lists ----------------------------------------------------------------
    def category(self, name: str) -> Place:
        """A category's list, from its name (its slug as Pelican makes it)."""
        return self.category_of_slug(slugify_vi(name))

    def category_of_slug(self, slug: str) -> Place:
        return Place(self.category_save_as.format(slug=slug), self.category_url.format(slug=slug))

    def tag(self, name: str) -> Place:
        """A tag's list, from its name."""
        return self.tag_of_slug(slugify_vi(name))

    def tag_of_slug(self, slug: str) -> Place:
        return Place(self.tag_save_as.format(slug=slug), self.tag_url.format(slug=slug))

    def archives(self) -> Place:
        return Place(self.archives_save_as, self.archives_url)

    def list_page(self, kind: str, path: str) -> tuple[str, int] | None:
        """The slug of the category or tag list (`kind`) one of whose pages is at `path` inside its
        site, and that page's number; None if none is: a published list URL read back whose list may
        be gone today (stages/redirects/published.py)."""
        save_as = {"category": self.category_save_as, "tag": self.tag_save_as}[kind]
        match = _slug_path(save_as).match(path)
        if match:
            return match["slug"], 1
        for pattern in self._later_pages(save_as):
            match = pattern.match(path)
            if match:
                return match["slug"], int(match["number"])
        return None

    @lru_cache(maxsize=8)  # noqa: B019 (a frozen layout, a few per process): once, not per published URL
    def _later_pages(self, save_as: str) -> tuple[re.Pattern[str], ...]:
        """Patterns of a list's pages 2 and later (a page before the last, and the last, whose rules
        may differ), from the pagination rules themselves."""
        slug, number = "slug0x0slug", 987654  # placeholders no real path holds
        first = Place(save_as.format(slug=slug), "")
        patterns = []
        for pages in (number + 1, number):
            shape = re.escape(self.page(first, number, pages).save_as)
            shape = shape.replace(slug, "(?P<slug>[a-z0-9-]+)").replace(str(number), r"(?P<number>[2-9]|[1-9]\d+)")
            patterns.append(re.compile(f"^{shape}$"))
        return tuple(patterns)

    @staticmethod
    def unit(path_in_site: str) -> Place:
        """A unit's page: its section ("" for a federation: the site's front page)."""
        return Place(f"{path_in_site}index.html", path_in_site)

    def page_count(self, kind: str, items: int) -> int:
        """How many pages Pelican's paginator makes of a list of `kind` (LIST_KINDS)."""
        per_page = getattr(self.per_page, kind)
        if not per_page:
            return 1
        return math.ceil(max(1, items - self.orphans) / per_page)

    def page(self, first: Place, number: int, pages: int) -> Place:
        """Page `number` of `pages` of the list whose page 1 is `first` (Pelican's Page._from_settings)."""
        rule = None
        for candidate in self.pagination:
            if candidate.min_page == -1:
                if number >= pages:
                    rule = candidate
                    break
            elif candidate.min_page <= number:
                rule = candidate
        if rule is None:
            raise ValueError(f"no pagination rule for page {number}")  # url_layout refused such a layout
        name, extension = posixpath.splitext(first.save_as)
        folder, file = posixpath.split(first.save_as)
        context = {"save_as": first.save_as, "url": first.url, "name": name, "extension": extension,
                   "base_name": folder if file in ("index.htm", "index.html") else name, "number": number}
        return Place(_one_slash_off(rule.save_as.format(**context)), _one_slash_off(rule.url.format(**context)))

    def pages(self, first: Place, kind: str, items: int) -> Iterator[Place]:
        """Every page of a list of `kind` with `items` items, page 1 first."""
        pages = self.page_count(kind, items)
        return (self.page(first, number, pages) for number in range(1, pages + 1))

    # --- the network's fixed places --------------------------------------------
    directory = Place(DIRECTORY_SAVE_AS, url_of(DIRECTORY_SAVE_AS))
    feed_list = Place(FEED_LIST_SAVE_AS, url_of(FEED_LIST_SAVE_AS))
    site_map = Place(SITE_MAP_SAVE_AS, url_of(SITE_MAP_SAVE_AS))
    not_found = Place(NOT_FOUND_SAVE_AS, NOT_FOUND_SAVE_AS)

    @staticmethod
    def feed_path(kind: str, key: str = "") -> str:
        """A feed's path without its format's suffix (feed_save_as adds it)."""
        return FEED_PATHS[kind].format(key=key)

    @staticmethod
    def feed_save_as(path: str, fmt: str) -> str:
        return f"{path}.{fmt}.xml"

    @staticmethod
    def feed_of_path(path: str) -> tuple[str, str, str] | None:
        """(kind, key, format) of a unit or category feed at `path` inside its site, else None."""
        for kind in ("unit", "category"):
            match = _slug_path(FEED_PATHS[kind].replace("{key}", "{slug}") + r".{fmt}.xml").match(path)
            if match:
                return kind, match["slug"], match["fmt"]
        return None


def _one_slash_off(value: str) -> str:
    """Pelican removes a single leading slash from a formatted page path."""
    return value[1:] if value.startswith("/") else value


@lru_cache(maxsize=8)
def _slug_path(save_as: str) -> re.Pattern[str]:
    before, _, after = save_as.partition("{slug}")
    after = re.escape(after).replace(re.escape("{fmt}"), "(?P<fmt>rss|atom)")
    return re.compile(rf"^{re.escape(before)}(?P<slug>[a-z0-9-]+){after}$")


@lru_cache(maxsize=8)
def _article_path(save_as: str) -> re.Pattern[str]:
    before, _, after = save_as.partition("{slug}")
    return re.compile(rf"^{re.escape(before)}(?:[a-z0-9-]*-)?(?P<code>[a-z2-7]{{{SHORT_ID_LENGTH}}}){re.escape(after)}$")


class LayoutRefused(ValueError):
    """The settings describe a layout the network cannot honour: (setting, Vietnamese message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{name}: {message}" for name, message in problems))
        self.problems = problems


def url_layout(values: Mapping[str, Any]) -> UrlLayout:
    """The layout of a settings dict (Pelican's, its defaults included); raises LayoutRefused."""
    problems: list[tuple[str, str]] = []

    def refuse(name: str, message: str) -> None:
        problems.append((name, message))

    for what in ("ARTICLE", "CATEGORY", "TAG", "ARCHIVES"):
        _check_place(values, what, refuse)
    _check_unlisted(values, refuse)
    rules = _page_rules(values.get("PAGINATION_PATTERNS"), refuse)
    per_page = _per_page(values, refuse)
    orphans = values.get("DEFAULT_ORPHANS", 0)
    if not isinstance(orphans, int) or isinstance(orphans, bool) or orphans < 0:
        refuse("DEFAULT_ORPHANS", "phải là một số nguyên không âm")
    if problems:
        raise LayoutRefused(problems)
    layout = UrlLayout(
        values["ARTICLE_URL"], values["ARTICLE_SAVE_AS"], values["CATEGORY_URL"], values["CATEGORY_SAVE_AS"],
        values["TAG_URL"], values["TAG_SAVE_AS"], values["ARCHIVES_URL"], values["ARCHIVES_SAVE_AS"],
        rules, per_page, orphans)
    _check_pages(layout, refuse)
    if problems:
        raise LayoutRefused(problems)
    return layout


def _check_unlisted(values: Mapping[str, Any], refuse: Refuse) -> None:
    """Pages Pelican could write that the layout does not list (their URLs would be lost in a
    reorganisation, missing from the sitemaps) stay off; the archives stay on."""
    templates = values.get("DIRECT_TEMPLATES", ())
    if "archives" not in templates:
        refuse("DIRECT_TEMPLATES", "phải có `archives`: trang lưu trữ là một trang của mỗi trang web")
    for template in templates:
        if template != "archives" and values.get(f"{template.upper()}_SAVE_AS", f"{template}.html"):
            refuse("DIRECT_TEMPLATES", f"`{template}`: trang này không có chỗ trong bố cục địa chỉ của mạng; "
                                       f"bỏ nó khỏi DIRECT_TEMPLATES hoặc đặt {template.upper()}_SAVE_AS = \"\"")
    for name in _UNLISTED:
        if values.get(name):
            refuse(name, "phải là \"\" (tắt): trang này không có chỗ trong bố cục địa chỉ của mạng")


def _placeholders(pattern: str) -> set[str] | None:
    """The field names of a format string; None when it is not one."""
    try:
        return {field for _, field, _, _ in string.Formatter().parse(pattern) if field is not None}
    except ValueError:
        return None


def _check_place(values: Mapping[str, Any], what: str, refuse: Refuse) -> None:
    """<what>_URL and <what>_SAVE_AS: filled from the slug alone, served where written, in a reserved folder."""
    fields = set() if what == "ARCHIVES" else {"slug"}
    shown = "không có chỗ trống `{…}` nào" if what == "ARCHIVES" else "chỉ dùng chỗ trống `{slug}`"
    url, save_as = values.get(f"{what}_URL"), values.get(f"{what}_SAVE_AS")
    for name, pattern in ((f"{what}_URL", url), (f"{what}_SAVE_AS", save_as)):
        if not isinstance(pattern, str) or not pattern:
            refuse(name, "phải là một đường dẫn; mạng không tắt được trang này (các bài, danh sách dẫn tới nó)")
            return
        if _placeholders(pattern) != fields:
            refuse(name, f"`{pattern}`: {shown} (mạng tính địa chỉ này cho mọi ngày đã qua, không có thông tin nào khác)")
            return
    assert isinstance(url, str) and isinstance(save_as, str)  # checked just above
    sample = {"slug": "mau"} if fields else {}
    path, address = save_as.format(**sample), url.format(**sample)
    if not _relative_path(path) or not path.endswith(".html"):
        refuse(f"{what}_SAVE_AS", f"`{save_as}` phải là đường dẫn tương đối tới một tệp .html trong trang web, "
                                  "không bắt đầu bằng `/`, không có `..`")
        return
    if address != url_of(path):
        refuse(f"{what}_URL", f"`{url}` phải là địa chỉ mà máy chủ tĩnh phục vụ tệp `{save_as}`: "
                              f"`{url_of(save_as)}`")
    folder = path.split("/", 1)[0]
    if "{" in save_as.split("/", 1)[0] or "/" not in path or not reserved_in_site(folder):
        refuse(f"{what}_SAVE_AS", f"`{save_as}` phải nằm trong một thư mục dành riêng của trang web "
                                  f"(domain/registry/reserved_names.py, ví dụ `tin/`, `chuyen-muc/`): một đơn vị "
                                  f"có thể lấy `{folder}` làm slug")


def _relative_path(path: str) -> bool:
    return not path.startswith("/") and not any(part in ("", ".", "..") for part in path.split("/")[:-1])


def _page_rules(patterns: object, refuse: Refuse) -> tuple[PageRule, ...]:
    shape = "một danh sách các bộ (trang bắt đầu, URL, SAVE_AS), ví dụ `(2, \"{base_name}/trang-{number}/\", \"{base_name}/trang-{number}/index.html\")`"
    if not isinstance(patterns, Sequence) or isinstance(patterns, str) or not patterns:
        refuse("PAGINATION_PATTERNS", f"phải là {shape}")
        return ()
    rules = []
    for pattern in patterns:
        if (not isinstance(pattern, Sequence) or len(pattern) != 3 or not isinstance(pattern[0], int)
                or not all(isinstance(part, str) for part in pattern[1:])):
            refuse("PAGINATION_PATTERNS", f"`{pattern!r}`: mỗi mục phải là {shape}")
            return ()
        for part in pattern[1:]:
            fields = _placeholders(part)
            if fields is None or not fields <= _PAGE_FIELDS:
                refuse("PAGINATION_PATTERNS", f"`{part}`: chỉ dùng các chỗ trống {', '.join(sorted(_PAGE_FIELDS))}")
                return ()
        rules.append(PageRule(*pattern))
    if not any(rule.min_page == 1 for rule in rules):
        refuse("PAGINATION_PATTERNS", "thiếu quy tắc cho trang 1, ví dụ `(1, \"{url}\", \"{save_as}\")`")
        return ()
    return tuple(rules)


def _per_page(values: Mapping[str, Any], refuse: Refuse) -> PerPage:
    """Pelican's writer: a template listed in PAGINATED_TEMPLATES has its count, else DEFAULT_PAGINATION;
    a template not listed, or a count that is not set, is one page."""
    templates = values.get("PAGINATED_TEMPLATES") or {}
    default = values.get("DEFAULT_PAGINATION")
    counts: dict[str, int | None] = {}
    for kind in LIST_KINDS:
        count = (templates[kind] or default) if kind in templates else None
        if count in (None, False):
            counts[kind] = None
        elif isinstance(count, int) and not isinstance(count, bool) and count > 0:
            counts[kind] = count
        else:
            refuse("PAGINATED_TEMPLATES" if templates.get(kind) else "DEFAULT_PAGINATION",
                   f"số bài mỗi trang của `{kind}` phải là một số nguyên dương")
            counts[kind] = None
    return PerPage(**counts)


def _check_pages(layout: UrlLayout, refuse: Refuse) -> None:
    """Pages 1 to 3 of each kind of list (the front page included): each served where written,
    each its own file, none straight inside a site under a name a unit may take."""
    firsts = [layout.unit(""), layout.unit("cdcs-mau/"), layout.category("Mẫu"), layout.tag("Mẫu"), layout.archives()]
    for first in firsts:
        seen: set[str] = set()
        for number in range(1, 4):
            page = layout.page(first, number, 3)
            if not _relative_path(page.save_as) or not page.save_as.endswith(".html") or page.url != url_of(page.save_as):
                refuse("PAGINATION_PATTERNS", f"trang {number} của `{first.url or '/'}` được ghi vào `{page.save_as}` với địa chỉ "
                                              f"`{page.url}`: phải là một tệp .html và địa chỉ máy chủ tĩnh phục vụ tệp đó")
                return
            if page.save_as in seen:
                refuse("PAGINATION_PATTERNS", f"trang {number} của `{first.url or '/'}` trùng tệp `{page.save_as}` với một trang trước")
                return
            seen.add(page.save_as)
            folder = page.save_as.split("/", 1)[0]
            if first.url == "" and number > 1 and not reserved_in_site(folder):
                refuse("PAGINATION_PATTERNS", f"trang {number} của trang chủ nằm ở `{folder}` ngay trong trang web: một đơn vị "
                                              "có thể lấy tên đó làm slug; dùng tên dành riêng như `trang-{number}`")
                return
