"""The network index: every article's metadata, read and checked once per build.

Each site's Pelican run reads only its own articles in full; cross-site lists
("Tin từ cơ sở", aggregate feeds, redirects) come from this index instead.  The
same pass is the editors' first line of defence: every problem in every file
is reported as `path:line: Field: message [code]` before anything is built.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from domain.registry import Network, Problem, ProblemsFound, display_path

from .cautions import SCHEDULED, network_cautions
from .content_files import unlinked_note, walk_content
from .headers import Header, parse_header
from .identity import slugify_vi
from .record_reading import ArticleRecord, RecordReading, RecordRules, read_record
from .scan_cache import (
    IndexCache,
    IndexCacheEntry,
    ParseKey,
    StatSignature,
    files_unchanged,
    settled_signature,
    stat_signature,
)

if TYPE_CHECKING:  # domain.url_layout imports this package (slugify_vi): only its type here
    from domain.url_layout import UrlLayout

PARALLEL_FROM = 200  # files to parse before `parallel_map` is worth its processes
# SCHEDULED (cautions.py): published, but dated after the build's as-of instant: not shown yet


class _LazyPath:
    """The displayed path of a file, computed only if a problem is reported (resolving is slow)."""

    def __init__(self, path: Path):
        self.path = path

    def __str__(self) -> str:
        return display_path(self.path)


class ArticleProblemsFound(ProblemsFound):
    """Problems that stop the build, with the warnings the same scan found (a check prints both)."""

    def __init__(self, problems: Iterable[Problem], warnings: Iterable[Problem] = ()):
        super().__init__(problems)
        self.warnings = list(warnings)


class ArticleIndex:
    """All articles of the network, looked up by source path, identity or unit."""

    def __init__(self, records: Iterable[ArticleRecord], notes: Iterable[Problem] = (),
                 warnings: Iterable[Problem] = (), held_back: dict[str, list[Problem]] | None = None,
                 preview: bool = False):
        self.records = sorted(records, key=lambda r: (r.date, r.identity), reverse=True)
        self.notes = list(notes)  # what the scan skipped or will not publish: said, not errors
        self.warnings = list(warnings)  # published, but probably not as meant (cautions.py): said with the fix
        # hold_back scans only: article path below content/ -> its errors; the article is not in `records`
        self.held_back = dict(held_back or {})
        self.preview = preview  # scanned for the live preview: drafts and scheduled articles in, marked
        self.by_source = {record.source: record for record in self.records}
        self.by_identity = {record.identity: record for record in self.records}
        self._by_unit: dict[str, list[ArticleRecord]] = defaultdict(list)
        for record in self.records:
            if record.published:
                self._by_unit[record.unit_id].append(record)

    def published_of(self, unit_id: str) -> list[ArticleRecord]:
        """The unit's published articles, newest first."""
        return self._by_unit.get(unit_id, [])

    @functools.cached_property  # found before the workers fork, shared by every site run
    def published_files(self) -> dict[str, list[str]]:
        """Unit id -> the files its published articles use (below content/): the only files
        of the content folder that are published."""
        files: dict[str, set[str]] = defaultdict(set)
        for record in self.records:
            if record.published:
                files[record.unit_id].update(record.files)
        return {unit_id: sorted(paths) for unit_id, paths in files.items()}


def scan_articles(
    content: Path, network: Network, *, default_category: str, timezone: str, layout: UrlLayout,
    as_of: datetime | None = None, main_categories: tuple[str, ...] = (), cache: IndexCache | None = None, parallel_map: Callable | None = None,
    hold_back: bool = False, preview: bool = False,
) -> ArticleIndex:
    """Read and check every article below `content`; raises `ProblemsFound`.

    `hold_back` (the publish build): an error of one article file (its header, references,
    content, a clash with another article's ID or URL, a folder that is no unit's) does not
    raise; the article is left out of the index and listed in its `held_back` with its errors.
    Problems of no one article (the walk of content/: file names, links) still raise.

    Articles dated after `as_of` (when given) are indexed as scheduled, not published.
    `preview` (the live preview, never a publish build): drafts and scheduled articles are indexed
    as published, with their `preview_mark`, after the checks (their warnings are still said).
    The index's `warnings` (cautions.py) are every file's own, kept in the cache with its record
    (a file not parsed again still reports them), then the network's; with errors they ride on
    the `ArticleProblemsFound` raised.
    `cache` (updated in place; the build keeps it between runs: scan_cache.py) holds each file's
    record by content hash, so an unchanged file is not parsed and checked again,
    and its stat signature (size, mtime, ctime, inode), so a file not written
    since is not even read.  A fresh clone has new signatures: every file is
    hashed once, and compared by content, never by time alone.
    `parallel_map` (like `map`, e.g. a process pool's): parses the other files, in order.
    `layout`: where each article's page lives (the record carries its path and URL).
    """
    rules = RecordRules(content.resolve(), default_category, timezone, layout)
    cache = {} if cache is None else cache
    seen: set[str] = set()
    found: dict[str, ArticleRecord] = {}
    walked = walk_content(content, os.path.basename(network.path))
    problems, articles = list(walked.problems), walked.articles
    of_article: dict[str, list[Problem]] = defaultdict(list)  # relative path -> its own errors
    prefix = str(content).rstrip(os.sep) + os.sep
    to_parse: list[tuple[str, str, date | None]] = []
    file_warnings: list[Problem] = []  # paths below content/ until reported
    signatures: dict[str, StatSignature | None] = {}
    started = time.time_ns()
    for file in sorted(articles):  # strings, not Paths: this loop runs once per article of the network
        relative = file[len(prefix):].replace(os.sep, "/")
        unit_id = relative.split("/", 1)[0]
        if "/" not in relative or unit_id not in network:
            folder = unit_id if "/" in relative else "(gốc)"
            of_article[relative].append(Problem(display_path(file), 1, "thư mục", f"bài viết phải nằm trong thư mục của một đơn vị (content/<mã đơn vị>/); `{folder}` không phải mã đơn vị nào trong {network.path}", "unknown-unit-folder"))
            continue
        ended = network.end_of(unit_id)
        hit = cache.get(relative)
        status = os.stat(file)
        signatures[relative] = settled_signature(status, started)
        seen.add(relative)
        if hit is None:  # never seen: hashed where it is parsed
            to_parse.append((file, relative, ended))
            continue
        if hit.signature == stat_signature(status):
            digest = hit.key.digest  # not written since it was hashed
        else:
            with open(file, "rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
        files = files_unchanged(content, hit.files) if hit.key == ParseKey(digest, default_category, timezone, layout, ended) else None
        if files is not None:
            found[relative] = hit.record
            file_warnings.extend(hit.warnings)
            if hit.signature != signatures[relative] or files != hit.files:
                cache[relative] = hit._replace(files=files, signature=signatures[relative])
        else:
            to_parse.append((file, relative, ended))
    parse = partial(_parse_file, rules)
    # A few files (an edit) parse faster here than the processes start.
    mapper = parallel_map if parallel_map is not None and len(to_parse) >= PARALLEL_FROM else map
    for (_, relative, ended), (digest, reading) in zip(to_parse, mapper(parse, to_parse), strict=True):
        record, files, file_problems, warned = reading
        if file_problems:
            of_article[relative].extend(file_problems)
        file_warnings.extend(warned)
        if record is not None:
            cache[relative] = IndexCacheEntry(ParseKey(digest, default_category, timezone, layout, ended), record, files,
                                              signatures[relative], warned)
            found[relative] = record
    records = []
    for relative in sorted(found):
        if hold_back and relative in of_article:
            continue  # held back: not published, and not in the clash checks
        record = found[relative] if as_of is None else scheduled_if_later(found[relative], as_of)
        records.append(record)
    for gone in set(cache) - seen:
        del cache[gone]
    for source, problem in _check_unique(records, content):  # one round: the reported one is always the newer
        of_article[source].append(problem)
    if hold_back:
        records = [record for record in records if record.source not in of_article]
    else:
        problems.extend(problem for found_problems in of_article.values() for problem in found_problems)
    file_warnings += network_cautions(records, content, network, timezone=timezone, main_categories=main_categories)
    shown = display_path(content)  # resolved once: a unit's files are never symlinks (content_files.py)
    prefix = "" if shown == "." else f"{shown}/"
    warnings = sorted((dataclasses.replace(w, path=prefix + w.path) for w in file_warnings),
                      key=lambda warning: (warning.path, warning.line))
    if problems:
        raise ArticleProblemsFound(sorted(problems, key=lambda problem: (problem.path, problem.line)), warnings)
    used = {path for record in records for path in record.files}
    notes = walked.notes + [
        unlinked_note(content, path) for path in walked.others if path not in used]
    held_back = {source: sorted(found_problems) for source, found_problems in sorted(of_article.items())} if hold_back else {}
    if preview:
        records = [shown_in_preview(record) for record in records]
    return ArticleIndex(_one_spelling_per_category(records, main_categories), notes, warnings, held_back, preview)


def one_article_reread(index: ArticleIndex, rules: RecordRules, source: str, network: Network,
                       as_of: datetime) -> ArticleIndex | None:
    """The live preview's index after a save of the one article at `source` (below the content
    folder): `index` (a preview scan's) with that file read and checked again, or None when the save
    changes more than the article's page and its unit's list (it is new, gone, moved to another
    unit or category, or its mark): then only the full scan can answer.  A new URL (a corrected
    title) is kept: the caller sees it in the record.  Raises ProblemsFound for the file's own
    errors, as the full scan would."""
    old = index.by_source.get(source)
    file = rules.content / source
    # Read only a regular file reached through no symlink, as the walk of content/ does: a file swapped
    # for a link since the last scan (to a secret of the machine) is the full scan's to refuse.
    on_the_way = [file, *(rules.content / folder for folder in list(PurePosixPath(source).parents)[:-1])]
    if old is None or not file.is_file() or any(path.is_symlink() for path in on_the_way):
        return None
    reading = read_record(file.read_bytes(), PurePosixPath(source), rules, shown=display_path(file),
                          unit_ended=network.end_of(old.unit_id))
    if reading.problems or reading.record is None:
        raise ProblemsFound(reading.problems)
    record = shown_in_preview(scheduled_if_later(reading.record, as_of))
    same_place = (record.identity, record.unit_id, record.category, record.preview_mark)
    if same_place != (old.identity, old.unit_id, old.category, old.preview_mark):
        return None
    if record.save_as != old.save_as and any(r.save_as == record.save_as for r in index.records if r.source != source):
        return None  # another article's URL: the full scan's duplicate check says which
    return ArticleIndex([record if r.source == source else r for r in index.records], preview=True)


def scheduled_if_later(record: ArticleRecord, as_of: datetime) -> ArticleRecord:
    """A published record dated after `as_of` is scheduled: not shown yet."""
    if record.published and record.date > as_of:
        return dataclasses.replace(record, status=SCHEDULED)
    return record


def shown_in_preview(record: ArticleRecord) -> ArticleRecord:
    """A draft or scheduled record as the live preview shows it: published, with its mark."""
    if record.published:
        return record
    return dataclasses.replace(record, status="published", preview_mark=record.status)  # "draft", "scheduled"


def _parse_file(rules: RecordRules, task: tuple[str, str, date | None]) -> tuple[str, RecordReading]:
    """One file's content digest and reading: its record, the files it uses, its problems and
    warnings (a process pool may run this)."""
    file, relative, ended = task
    with open(file, "rb") as handle:
        data = handle.read()
    reading = read_record(data, PurePosixPath(relative), rules, shown=_LazyPath(Path(file)), unit_ended=ended)
    return hashlib.sha256(data).hexdigest(), reading


def _one_spelling_per_category(records: list[ArticleRecord], main_categories: tuple[str, ...]) -> list[ArticleRecord]:
    """"Hoạt động Công đoàn" and "Hoạt động công đoàn" are one category (one slug, one page):
    the configured main category's spelling wins, else the first article's (by path)."""
    spelling = {slugify_vi(name): name for name in reversed(main_categories)}
    for record in sorted(records, key=lambda r: r.source):
        spelling.setdefault(slugify_vi(record.category), record.category)
    return [r if spelling[slugify_vi(r.category)] == r.category else dataclasses.replace(r, category=spelling[slugify_vi(r.category)])
            for r in records]


def _check_unique(records: list[ArticleRecord], content: Path) -> list[tuple[str, Problem]]:
    """Two articles with one identity (or one URL): the newer is reported, at its `ID:` (or
    `Slug:`, else `Title:`) line, naming the older.  The older one is usually published: its
    identity is in feeds, redirects and the social poster's state, and changing it would break
    them, while the newer one (often a copy of the old file) is not yet.  Newer: the later Date;
    on one Date the longer path, then the later one (a copy's name is its original's and more:
    `bai-2.md`, `bai (1).md`, `Copy of bai.md`, all sorting before `bai.md` as text).
    An identity clash where only one of the two wrote `ID:` is that one's: the other's identity
    is its file name.  Returns each problem with the source of the article it is reported on."""
    problems: list[tuple[str, Problem]] = []

    def header_of(record: ArticleRecord) -> Header:  # only on a clash: each file was read once already
        return parse_header((content / record.source).read_bytes().decode("utf-8"))

    def clashes(key: Callable[[ArticleRecord], str]) -> Iterator[tuple[ArticleRecord, ArticleRecord]]:
        oldest: dict[str, ArticleRecord] = {}
        for record in sorted(records, key=lambda r: (r.date, len(r.source), r.source)):
            older = oldest.setdefault(key(record), record)
            if older is not record:
                yield record, older

    for newer, older in clashes(lambda record: record.identity):
        reported, other, header = newer, older, header_of(newer)
        if header.get("ID") is None:  # its identity is its path: the other chose it by `ID:`
            reported, other, header = older, newer, header_of(older)
        problems.append((reported.source, Problem(
            display_path(content / reported.source), header.line_of("ID"), "ID",
            f"ID `{reported.identity}` đã là định danh của bài {display_path(content / other.source)}; đổi ID của bài này, "
            f"ví dụ `ID: {reported.unit_id}-{reported.date:%Y-%m-%d}-2` (mỗi bài một ID riêng, và ID của bài đã đăng không đổi)",
            "duplicate-id")))
    # Network-wide, not per site: units move between sites.
    for newer, older in clashes(lambda record: record.slug):
        if older.identity == newer.identity:
            continue  # said above
        header = header_of(newer)
        field = "Slug" if header.get("Slug") else "Title"  # the slug is the title's when no `Slug:` is written
        problems.append((newer.source, Problem(
            display_path(content / newer.source), header.line_of(field), field,
            f"đường dẫn của bài này (`{newer.slug}`) trùng với bài {display_path(content / older.source)}, có trước; "
            "đặt `Slug:` khác cho bài này (chữ thường không dấu, số và dấu gạch ngang)", "duplicate-url")))
    return problems
