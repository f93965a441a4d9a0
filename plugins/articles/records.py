"""The network index: every article's metadata, read and checked once per build.

Each site's Pelican run reads only its own articles in full; cross-site lists
("Tin từ cơ sở", aggregate feeds, redirects) come from this index instead.  The
same pass is the editors' first line of defence: every problem in every file
is reported as `path:line: Field: message [code]` before anything is built.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path, PurePosixPath

from pelican.utils import get_date, set_date_tzinfo

from plugins.network_registry import Network, Problem, ProblemsFound, display_path

from .headers import Header, parse_header
from .identity import ID_PATTERN, SLUG_PATTERN, article_identity, article_save_as, slugify_vi, url_slug

FIELDS = (
    "Title", "Date", "Modified", "Category", "Tags", "Author", "Summary", "Image",
    "ImageCaption", "Status", "ID", "Slug", "Unit",
)
_FIELD_BY_LOWER = {name.lower(): name for name in FIELDS}
STATUSES = ("published", "draft")
SETTLED_NS = 2_000_000_000  # a file untouched for this long has a signature no later write can repeat
PARALLEL_FROM = 200  # files to parse before `parallel_map` is worth its processes
SCHEDULED = "scheduled"  # published, but dated after the build's as-of instant: not shown yet
# Relative targets in Markdown links/images and HTML src/href attributes.
_MARKDOWN_TARGET = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]+)")
_HTML_TARGET = re.compile(r"""(?:src|href)\s*=\s*["'](?P<target>[^"']+)["']""")
# Not a file of the content folder: a scheme, a protocol-relative or absolute path, a fragment, {static}.
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#|\{|/)", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?(?:Z|[+-]\d{2}:?\d{2})?$")
# Files an editor may mean as articles but that would be skipped or misread.
ARTICLE_LOOKALIKES = (".markdown", ".mdown", ".mkd", ".txt", ".doc", ".docx", ".rst", ".html", ".htm")
_IMAGE_IN_MARKDOWN = re.compile(r"!\[[^\]]*\]\(\s*<?(?P<target>[^)\s>]+)")


class _LazyPath:
    """The displayed path of a file, computed only if a problem is reported (resolving is slow)."""

    def __init__(self, path: Path):
        self.path = path

    def __str__(self) -> str:
        return display_path(self.path)


@dataclass(frozen=True)
class ArticleRecord:
    identity: str
    source: str  # path below the content folder, POSIX style: "cdcs-abc/hoi-nghi.md"
    unit_id: str
    title: str
    date: datetime
    modified: datetime | None
    category: str
    tags: tuple[str, ...]
    author: str | None
    summary: str | None
    image: str | None  # path below the content folder
    image_caption: str | None
    status: str
    slug: str

    @property
    def save_as(self) -> str:
        return article_save_as(self.slug)

    @property
    def published(self) -> bool:
        return self.status == "published"


class ArticleIndex:
    """All articles of the network, looked up by source path, identity or unit."""

    def __init__(self, records: Iterable[ArticleRecord]):
        self.records = sorted(records, key=lambda r: (r.date, r.identity), reverse=True)
        self.by_source = {record.source: record for record in self.records}
        self.by_identity = {record.identity: record for record in self.records}
        self._by_unit: dict[str, list[ArticleRecord]] = defaultdict(list)
        for record in self.records:
            if record.published:
                self._by_unit[record.unit_id].append(record)

    def published_of(self, unit_id: str) -> list[ArticleRecord]:
        """The unit's published articles, newest first."""
        return self._by_unit.get(unit_id, [])


def scan_articles(
    content: Path, network: Network, *, default_category: str, timezone: str, as_of: datetime | None = None,
    main_categories: tuple[str, ...] = (), cache: dict | None = None, parallel_map: Callable | None = None,
) -> ArticleIndex:
    """Read and check every article below `content`; raises `ProblemsFound`.

    Articles dated after `as_of` (when given) are indexed as scheduled, not published.
    `cache` (updated in place; the build keeps it between runs) holds each file's
    record by content hash, so an unchanged file is not parsed and checked again,
    and its stat signature (size, mtime, ctime, inode), so a file not written
    since is not even read.  A fresh clone has new signatures: every file is
    hashed once, and compared by content, never by time alone.
    `parallel_map` (like `map`, e.g. a process pool's): parses the other files, in order.
    """
    cache = {} if cache is None else cache
    seen: set[str] = set()
    problems: list[Problem] = []
    found: dict[str, ArticleRecord] = {}
    articles = []
    for folder, _, names in os.walk(content):
        for name in names:
            suffix = os.path.splitext(name)[1]
            if suffix == ".md":
                articles.append(os.path.join(folder, name))
            elif suffix.lower() in (".md", *ARTICLE_LOOKALIKES):
                path = Path(folder, name)
                problems.append(Problem(display_path(path), 1, "tệp", f"bài viết phải là tệp đuôi `.md` (chữ thường); đổi tên thành `{path.stem}.md`", "wrong-extension"))
    prefix = str(content).rstrip(os.sep) + os.sep
    to_parse: list[tuple[str, str, date | None]] = []
    signatures: dict[str, tuple | None] = {}
    started = time.time_ns()
    for file in sorted(articles):  # strings, not Paths: this loop runs once per article of the network
        relative = file[len(prefix):].replace(os.sep, "/")
        unit_id = relative.split("/", 1)[0]
        if "/" not in relative or unit_id not in network:
            folder = unit_id if "/" in relative else "(gốc)"
            problems.append(Problem(display_path(file), 1, "thư mục", f"bài viết phải nằm trong thư mục của một đơn vị (content/<mã đơn vị>/); `{folder}` không phải mã đơn vị nào trong {network.path}", "unknown-unit-folder"))
            continue
        ended = network.end_of(unit_id)
        hit = cache.get(relative)
        status = os.stat(file)
        signature = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
        # Trusted next time only if settled now: a write within the file system's
        # timestamp resolution of this scan could leave the same signature.
        signatures[relative] = signature if started - max(status.st_mtime_ns, status.st_ctime_ns) > SETTLED_NS else None
        seen.add(relative)
        if hit is None:  # never seen: hashed where it is parsed
            to_parse.append((file, relative, ended))
            continue
        if hit[3] == signature:
            digest = hit[0][0]  # not written since it was hashed
        else:
            with open(file, "rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
        key = (digest, default_category, timezone, ended)
        folder = os.path.dirname(file)
        if hit[0] == key and all(os.path.exists(os.path.join(folder, target)) for target in hit[2]):
            found[relative] = hit[1]
            if hit[3] != signatures[relative]:
                cache[relative] = (*hit[:3], signatures[relative])
        else:
            to_parse.append((file, relative, ended))
    parse = partial(_parse_file, str(content.resolve()), default_category, timezone)
    # A few files (an edit) parse faster here than the processes start.
    mapper = parallel_map if parallel_map is not None and len(to_parse) >= PARALLEL_FROM else map
    for (_, relative, ended), (digest, record, references, file_problems) in zip(to_parse, mapper(parse, to_parse)):
        problems.extend(file_problems)
        if record is not None:
            cache[relative] = ((digest, default_category, timezone, ended), record, references, signatures[relative])
            found[relative] = record
    records = []
    for relative in sorted(found):
        record = found[relative]
        if as_of is not None and record.published and record.date > as_of:
            record = dataclasses.replace(record, status=SCHEDULED)
        records.append(record)
    for gone in set(cache) - seen:
        del cache[gone]
    _check_unique(records, content, problems)
    if problems:
        raise ProblemsFound(sorted(problems, key=lambda problem: (problem.path, problem.line)))
    return ArticleIndex(_one_spelling_per_category(records, main_categories))


def _parse_file(content_root: str, default_category: str, timezone: str,
                task: tuple[str, str, date | None]) -> tuple[str, ArticleRecord | None, list[str], list[Problem]]:
    """One file's content digest, record, the files it refers to and its problems (a process pool may run this)."""
    file, relative, ended = task
    with open(file, "rb") as handle:
        data = handle.read()
    path, problems = Path(file), []
    record, references = _read_record(path, data, PurePosixPath(relative), _LazyPath(path), Path(content_root),
                                      default_category, timezone, ended, problems)
    return hashlib.sha256(data).hexdigest(), record, references, problems


def _one_spelling_per_category(records: list[ArticleRecord], main_categories: tuple[str, ...]) -> list[ArticleRecord]:
    """"Hoạt động Công đoàn" and "Hoạt động công đoàn" are one category (one slug, one page):
    the configured main category's spelling wins, else the first article's (by path)."""
    spelling = {slugify_vi(name): name for name in reversed(main_categories)}
    for record in sorted(records, key=lambda r: r.source):
        spelling.setdefault(slugify_vi(record.category), record.category)
    return [r if spelling[slugify_vi(r.category)] == r.category else dataclasses.replace(r, category=spelling[slugify_vi(r.category)])
            for r in records]


def _read_record(path, data, relative, shown, content_root, default_category, timezone, unit_ended,
                 problems) -> tuple[ArticleRecord | None, list[str]]:
    """The article's record (None if it has problems), and the relative files it refers to."""
    def report(field: str, line: int, message: str, code: str) -> None:
        problems.append(Problem(str(shown), line, field, message, code))

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        report("tệp", 1, "tệp không ở mã UTF-8; lưu lại bằng trình soạn thảo với mã hóa UTF-8", "not-utf8")
        return None, []
    header = parse_header(text)
    count_before = len(problems)
    unit_id = relative.parts[0]
    _check_field_names(header, report)

    title = header.get("Title")
    if not title:
        report("Title", header.line_of("Title"), "thiếu tiêu đề; thêm dòng `Title: Tiêu đề bài viết` ở đầu tệp", "missing-title")
    date = _parse_date(header, "Date", timezone, report, required=True)
    modified = _parse_date(header, "Modified", timezone, report, required=False)
    if date and unit_ended and date.date() > unit_ended:
        report("Date", header.line_of("Date"), f"đơn vị {unit_id} đã giải thể hoặc hợp nhất từ ngày {unit_ended:%d/%m/%Y}; bài đăng sau ngày đó phải đặt trong thư mục của đơn vị đang hoạt động", "article-after-unit-ended")
    if date and modified and modified < date:
        report("Modified", header.line_of("Modified"), "ngày sửa (Modified) sớm hơn ngày đăng (Date); kiểm tra lại năm, tháng", "modified-before-date")

    named_unit = header.get("Unit")
    if named_unit is not None and named_unit != unit_id:
        report("Unit", header.line_of("Unit"), f"bài viết trong thư mục `{unit_id}` chỉ đăng được cho đơn vị `{unit_id}`, không phải `{named_unit}`; xóa dòng Unit hoặc chuyển tệp sang đúng thư mục", "unit-mismatch")
    status = (header.get("Status") or "published").lower()
    if status not in STATUSES:
        report("Status", header.line_of("Status"), f"trạng thái `{status}` không hợp lệ; dùng `published` (đăng) hoặc `draft` (nháp)", "bad-status")
    explicit_id = header.get("ID")
    if explicit_id is not None and not ID_PATTERN.match(explicit_id):
        report("ID", header.line_of("ID"), "ID chỉ gồm chữ không dấu, số và các dấu . _ / -", "bad-id")
    slug_field = header.get("Slug")
    if slug_field is not None and not SLUG_PATTERN.match(slug_field):
        report("Slug", header.line_of("Slug"), "Slug chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ `hoi-nghi-nguoi-lao-dong`", "bad-slug")

    article_dir = path.parent
    image = _check_image(header, article_dir, content_root / unit_id, report)
    references = _check_body_links(text, header, article_dir, report)
    if image:
        references.append(os.path.relpath(image, article_dir))
    if len(problems) > count_before or not title or date is None:
        return None, references

    identity = article_identity(unit_id, "/".join(relative.parts[1:]), explicit_id)
    tags = tuple(t.strip() for t in (header.get("Tags") or "").split(",") if t.strip())
    return ArticleRecord(
        identity=identity, source=str(relative), unit_id=unit_id, title=title, date=date,
        modified=modified, category=header.get("Category") or default_category, tags=tags,
        author=header.get("Author"), summary=header.get("Summary"),
        image=image.relative_to(content_root).as_posix() if image else None,
        image_caption=header.get("ImageCaption"), status=status,
        slug=url_slug(slug_field or title, identity),
    ), references


def _check_field_names(header: Header, report) -> None:
    for found in header.fields.values():
        if found.key.lower() not in _FIELD_BY_LOWER:
            guess = difflib.get_close_matches(found.key.lower(), list(_FIELD_BY_LOWER), n=1)
            hint = f"; có phải là `{_FIELD_BY_LOWER[guess[0]]}`?" if guess else f"; các trường được dùng: {', '.join(FIELDS)}"
            report(found.key, found.line, f"trường `{found.key}` không được hỗ trợ{hint}", "unknown-field")
    for duplicate in header.duplicates:
        report(duplicate.key, duplicate.line, f"trường `{duplicate.key}` được ghi hai lần; giữ lại một dòng", "duplicate-field")


def _parse_date(header: Header, name: str, timezone: str, report, *, required: bool) -> datetime | None:
    value = header.get(name)
    if value and not _ISO_DATE.match(value):
        report(name, header.line_of(name), f"ngày `{value}` phải viết theo dạng năm-tháng-ngày giờ:phút, ví dụ `2026-11-24 08:00` (không viết 24/11/2026: dễ bị hiểu nhầm ngày và tháng)", "bad-date")
        return None
    if not value:
        if required:
            report(name, header.line_of(name), f"thiếu ngày đăng; thêm dòng `{name}: 2026-11-24 08:00` (năm-tháng-ngày giờ:phút) ở đầu tệp", "missing-date")
        return None
    try:
        try:  # the ISO form editors are told to write; Pelican's get_date reads it the same, slower
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = get_date(value)
        return set_date_tzinfo(parsed, timezone)
    except (ValueError, OverflowError):
        report(name, header.line_of(name), f"không hiểu ngày `{value}`; viết theo dạng năm-tháng-ngày giờ:phút, ví dụ `2026-11-24 08:00`", "bad-date")
        return None


def _check_image(header: Header, article_dir: Path, unit_dir: Path, report) -> Path | None:
    value = header.get("Image")
    if not value:
        return None
    line = header.line_of("Image")
    target = value.removeprefix("{static}")
    if EXTERNAL.match(target):
        report("Image", line, "ảnh phải nằm trong thư mục của đơn vị (ví dụ `images/anh.jpg`), không lấy từ trang web khác", "remote-image")
        return None
    image = (article_dir / target).resolve()
    if not image.is_relative_to(unit_dir):
        report("Image", line, f"ảnh `{value}` nằm ngoài thư mục của đơn vị; chép ảnh vào images/ cạnh bài viết", "image-outside-unit")
        return None
    if not image.is_file():
        report("Image", line, f"không tìm thấy ảnh `{value}`; đặt ảnh vào thư mục images/ cạnh bài viết và ghi `Image: images/ten-anh.jpg`", "missing-image")
        return None
    return image


def _check_body_links(text: str, header: Header, article_dir: Path, report) -> list[str]:
    """Report remote images and missing files in the body; returns the relative targets."""
    if "](" not in text and "src" not in text and "href" not in text:
        return []  # none of the patterns can match: most articles, not searched line by line
    targets = []
    lines = text.split("\n")
    for number in range(header.body_line, len(lines) + 1):
        line = lines[number - 1]
        for match in _IMAGE_IN_MARKDOWN.finditer(line):
            if re.match(r"^(?:https?:)?//", match["target"]):
                report("nội dung", number, f"ảnh `{match['target']}` lấy từ trang web khác; tải ảnh về thư mục images/ của đơn vị và dẫn tới đó", "remote-image")
        for pattern in (_MARKDOWN_TARGET, _HTML_TARGET):
            for match in pattern.finditer(line):
                target = match["target"].split("#")[0].split("?")[0]
                if not target or EXTERNAL.match(target):
                    continue
                targets.append(target)
                if not (article_dir / target).resolve().exists():
                    report("nội dung", number, f"không tìm thấy tệp `{target}` mà bài viết dẫn tới; kiểm tra tên tệp và thư mục images/", "missing-file")
    return targets


def _check_unique(records: list[ArticleRecord], content: Path, problems: list[Problem]) -> None:
    first: dict[str, ArticleRecord] = {}
    for record in records:
        other = first.setdefault(record.identity, record)
        if other is not record:
            problems.append(Problem(display_path(content / record.source), 1, "ID", f"ID `{record.identity}` đã được dùng cho {display_path(content / other.source)}; mỗi bài viết cần một ID riêng", "duplicate-id"))
    # Network-wide, not per site: units move between sites.
    urls: dict[str, ArticleRecord] = {}
    for record in records:
        other = urls.setdefault(record.slug, record)
        if other is not record and other.identity != record.identity:
            problems.append(Problem(display_path(content / record.source), 1, "Slug", f"đường dẫn trùng với {display_path(content / other.source)}; đặt `Slug:` khác cho một trong hai bài", "duplicate-url"))
