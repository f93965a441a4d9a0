"""Incremental builds: rebuild only the sites whose inputs changed, keep unchanged files' mtimes.

A site's fingerprint covers everything its pages are made from: the build
recipe (code, theme, settings, pinned requirements, site URLs), the registry
as it stands on the build's day, the source files and static files of its units, and the
index records of its whole subtree (what "Tin từ cơ sở" and the directory
show) and of the sites above it ("Tin liên quan").  A site whose fingerprint matches the last build is not built again:
its folder in output/ stays as it is.  Its feeds are rewritten only when the
feed items of its subtree changed.  Inside a site that is built again, the
part of its fingerprint without article bodies and templates (its *chrome*)
lets plugins/incremental skip each page whose own inputs did not change.

Afterwards every file whose bytes equal the previous output's is replaced by
a hard link to it, so unchanged files keep their mtime and rsync/CDN uploads
stay small.  Output bytes never depend on what was reused: the tests compare
incremental builds with clean ones.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from domain.articles import ArticleIndex
from domain.articles.related import related_units
from domain.content_digests import content_digest
from domain.registry import Network, Unit

ROOT = Path(__file__).resolve().parent.parent
RECIPE_FOLDERS = ("domain", "plugins", "stages", "incremental", "builder")  # every package a build runs (tests/test_layout.py)


def _hash_files(paths: Iterable[Path], digest: hashlib._Hash) -> None:
    """Names and bytes, in a stable order (not the folder: cached and fresh copies hash alike)."""
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())


@dataclass(frozen=True)
class Recipe:
    """How every page is made, apart from the content."""

    code: str  # code, settings, pinned requirements, base URL, the theme's static files
    templates: str  # the theme's templates (a page's own key names only those it uses)

    @property
    def whole(self) -> str:
        return hashlib.sha256(f"{self.code}\0{self.templates}".encode()).hexdigest()


def build_recipe(settings_files: list[Path], theme: Path, base_url: str | None, preview: bool = False) -> Recipe:
    code = hashlib.sha256()
    sources = [p for folder in RECIPE_FOLDERS for p in (ROOT / folder).rglob("*.py")]
    theme_files = [p for p in theme.rglob("*") if p.is_file()]
    templates_folder = theme / "templates"
    static = [p for p in theme_files if templates_folder not in p.parents]
    _hash_files(sources + static + settings_files + [ROOT / "requirements.txt"], code)
    code.update(repr((base_url, preview)).encode())  # a preview page is never reused in another build
    templates = hashlib.sha256()
    _hash_files([p for p in theme_files if templates_folder in p.parents], templates)
    return Recipe(code.hexdigest(), templates.hexdigest())


@dataclass(frozen=True)
class UnitDigest:
    articles: str  # the unit folder's Markdown files
    assets: str  # its other files (images, documents) and what describes them (domain/documents)
    records: str  # its index records (what other pages show of its articles)


def unit_digests(content: Path, network: Network, index: ArticleIndex,
                 article_digests: dict[str, str]) -> dict[str, UnitDigest]:
    """Per unit: digests of its folder's files and of its index records.

    Articles reuse the content hashes of the index scan, other files are those its
    published articles use (`index.published_files`): the content folder is not walked again.
    """
    records: dict[str, list] = defaultdict(list)
    for record in index.records:
        records[record.unit_id].append(record)
    articles_of: dict[str, list[str]] = defaultdict(list)
    for path in sorted(article_digests):
        articles_of[path.split("/", 1)[0]].append(path)
    digests = {}
    for unit in network:
        articles, assets = hashlib.sha256(), hashlib.sha256()
        for path in articles_of[unit.id]:
            articles.update(f"{path}\0{article_digests[path]}".encode())
        for path in index.published_files.get(unit.id, []):
            assets.update(f"{path}\0{content_digest(content / path)}".encode())
        if index.library is not None:  # van-ban.yml, gioi-thieu.md; the documents shown today (a dated one appears)
            for path in index.library.sources.get(unit.id, []):
                assets.update(f"{path}\0{content_digest(content / path)}".encode())
            assets.update(repr(index.library.of(unit.id)).encode())
        digests[unit.id] = UnitDigest(articles.hexdigest(), assets.hexdigest(),
                                      hashlib.sha256(repr(records[unit.id]).encode()).hexdigest())
    return digests


def snapshot_digest(registry_bytes: bytes, network: Network) -> str:
    """The registry file and every unit as it stands on the build's day (names, parents, ended...).

    The state, not the day: an hourly deploy's build the next morning, with no
    event in between, reuses everything.
    """
    return hashlib.sha256(registry_bytes + repr(list(network)).encode()).hexdigest()


@dataclass(frozen=True)
class Chrome:
    """What any page of a site may show apart from article bodies and templates (plugins/incremental).

    `whole` covers every index record a page of the site may show; `without_records` is the rest
    (code, settings, the registry, the units' files), for what says itself which records it shows:
    an article page (its related articles, incremental/keys.py), a feed item or search document
    (its own article only).  So a corrected title renders again the pages that list it, not
    every article page of every site that might.
    """

    whole: str
    without_records: str


def site_chrome(recipe: Recipe, snapshot: str, network: Network, site: Unit, digests: dict[str, UnitDigest]) -> Chrome:
    digest = hashlib.sha256(f"{recipe.code}\0{snapshot}".encode())
    for unit in network.site_units(site):
        digest.update(digests[unit.id].assets.encode())
    without_records = digest.hexdigest()
    # Every record a page of the site may show: its subtree's ("Tin từ cơ sở", the front page) and the
    # sites' above it ("Tin liên quan" on an article, domain/articles/related.py).
    for unit in related_units(network, site):
        digest.update(digests[unit.id].records.encode())
    return Chrome(digest.hexdigest(), without_records)


def site_fingerprint(recipe: Recipe, chrome: str, network: Network, site: Unit, digests: dict[str, UnitDigest]) -> str:
    """Everything the site's pages are made from: its chrome, the templates, its article files."""
    digest = hashlib.sha256(f"{chrome}\0{recipe.templates}".encode())
    for unit in network.site_units(site):
        digest.update(digests[unit.id].articles.encode())
    return digest.hexdigest()


def network_fingerprint(site_prints: dict[str, str]) -> str:
    """One value for the whole network: equal only if every site's inputs are unchanged."""
    return hashlib.sha256(json.dumps(site_prints, sort_keys=True).encode()).hexdigest()


def feeds_fingerprint(recipe: str, item_files: list[Path]) -> str:
    digest = hashlib.sha256(recipe.encode())
    _hash_files(item_files, digest)
    return digest.hexdigest()


def keep_unchanged(new: Path, old: Path) -> int:
    """Replace each file of `new` whose bytes equal its counterpart in `old` by a hard link to it."""
    kept = 0
    for folder, _, files in os.walk(new):
        for name in files:
            fresh = Path(folder) / name
            previous = old / fresh.relative_to(new)
            try:
                old_stat, new_stat = previous.stat(), fresh.stat()
            except FileNotFoundError:
                continue
            if old_stat.st_ino == new_stat.st_ino:
                kept += 1
            elif old_stat.st_size == new_stat.st_size and previous.read_bytes() == fresh.read_bytes():
                temporary = fresh.with_name(f".{name}.link")
                os.link(previous, temporary)
                os.replace(temporary, fresh)
                kept += 1
    return kept
