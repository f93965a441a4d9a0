"""One article file → its checked record, or the problems that stop it.

The header is read by headers.parse_header (the only reader of headers);
every field, every reference in the body and the `Image:` file are checked
here, and each problem names the file, the line and the fix.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

import dateutil.parser

from domain.html_cleaning.policy import removed_start_tags
from domain.images import Focus, ImageFacts, ImageProblem, inspect_image
from domain.registry import Problem
from domain.registry.history import calendar_mistake

from .cautions import (
    Warn,
    alt_caution,
    article_name_caution,
    did_you_mean_case,
    file_cautions,
    offset_caution,
    tags_caution,
)
from .headers import Header, parse_header
from .identity import ID_PATTERN, SLUG_PATTERN, article_identity, url_slug
from .references import (
    PHOTO_TYPES,
    FileSignature,
    Rejected,
    Resolved,
    check_file,
    resolve_reference,
    spaced_targets,
)

if TYPE_CHECKING:  # domain.url_layout imports this package (slugify_vi): only its type here
    from domain.url_layout import UrlLayout

FIELDS = (
    "Title", "Date", "Modified", "Category", "Tags", "Author", "Summary", "Image",
    "ImageCaption", "ImageAlt", "ImageFocus", "Status", "ID", "Slug", "Unit",
)
DECORATIVE = "-"  # `ImageAlt: -`: the lead image only decorates (alt=""), said on purpose
_FOCUS = re.compile(r"^(?P<x>\d{1,3})\s*%\s*[ ,]?\s*(?P<y>\d{1,3})\s*%$")
_FIELD_BY_LOWER = {name.lower(): name for name in FIELDS}
STATUSES = ("published", "draft")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?(?:Z|[+-]\d{2}:?\d{2})?$")
# References in the body: Markdown links and images, reference definitions, raw HTML attributes.
# A target in angle brackets may hold spaces: `![Ảnh](<images/ảnh hội nghị.jpg>)`.
# A target with a space and no `< >` is none (references.spaced_targets reports it), not its part before the space.
_MARKDOWN_LINK = re.compile(r"""(?P<bang>!?)\[[^\]]*\]\(\s*(?:<(?P<angled>[^>\n]+)>|(?P<target>[^)\s]++)(?![ \t]+[^)\s"'(]))""")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(?:<(?P<angled>[^>\n]+)>|(?P<target>\S+))")
_HTML_URL = re.compile(r"""\b(?P<attribute>src|href|srcset|poster)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>"']+))""", re.IGNORECASE)
_REMOTE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
FileSignatures = tuple[tuple[str, FileSignature], ...]  # see references.checked_part
Report = Callable[[str, int, str, str], None]  # (field, line, message, code)


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
    save_as: str  # its page, below the site folder, where the URL layout puts it
    url: str  # its URL, relative to the site's
    files: tuple[str, ...] = ()  # every file it may publish (Image and body references), below content/
    # The lead image's alt text ("" when `ImageAlt: -` says it only decorates; None: not written, a
    # warning) and its focus point for the share image's crop (ImageFocus: 30% 40%).
    image_alt: str | None = None
    image_focus: Focus | None = None
    images: tuple[ImageFacts, ...] = ()  # every published photo among `files`, as the scan read it (domain/images)
    # The live preview only (scan_articles(preview=True)): a draft or scheduled article shown as if
    # published, marked "draft" or "scheduled" on its page and in lists.  None in every other build.
    preview_mark: str | None = None

    @property
    def published(self) -> bool:
        return self.status == "published"


@dataclass(frozen=True)
class RecordRules:
    """What every article of a scan is read and checked against: decided once per scan."""

    content: Path  # the content folder: every file an article uses is checked inside it
    default_category: str  # an article without `Category:` is in it
    timezone: str  # of a date written without one
    layout: UrlLayout  # where its page lives


class RecordReading(NamedTuple):
    record: ArticleRecord | None  # None: the file has problems
    files: FileSignatures  # the signatures of the files it uses
    problems: list[Problem]
    # What is published but probably not as meant (cautions.py), path below the content folder:
    # they depend on the file and the files it uses only, so they are cached with the record.
    warnings: tuple[Problem, ...] = ()


def read_record(data: bytes, relative: PurePosixPath, rules: RecordRules, *, shown: object,
                unit_ended: date | None) -> RecordReading:
    """One article file (`data`, at `relative` below the content folder, `shown` in messages;
    `unit_ended`: the end of its unit, if it ended) read and checked."""
    problems: list[Problem] = []
    warnings: dict[Problem, None] = {}  # in order, once each
    content, timezone = rules.content, rules.timezone

    def report(field: str, line: int, message: str, code: str) -> None:
        problems.append(Problem(str(shown), line, field, message, code))

    def warn(field: str, line: int, message: str, code: str) -> None:
        warnings[Problem(str(relative), line, field, message, code)] = None

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        report("tệp", 1, "tệp không ở mã UTF-8; lưu lại bằng trình soạn thảo với mã hóa UTF-8", "not-utf8")
        return RecordReading(None, (), problems)
    header = parse_header(text)
    for problem in header.problems:
        report(problem.field, problem.line, problem.message, problem.code)
    if header.unreadable:
        return RecordReading(None, (), problems)  # no field was read: "missing title" and the like would only confuse
    unit_id = relative.parts[0]
    article_name_caution(relative, warn)
    _check_field_names(header, report)

    title = header.get("Title")
    if not title and not any(problem.field.lower() == "title" for problem in header.problems):  # `Title : x`: said
        report("Title", header.line_of("Title"), "thiếu tiêu đề; thêm dòng `Title: Tiêu đề bài viết` ở đầu tệp", "missing-title")
    published = _parse_date(header, "Date", timezone, report, required=True)
    modified = _parse_date(header, "Modified", timezone, report, required=False)
    offset_caution("Date", header.get("Date"), published, timezone, header.line_of("Date"), warn)
    offset_caution("Modified", header.get("Modified"), modified, timezone, header.line_of("Modified"), warn)
    tags_caution(header.get("Tags"), header.line_of("Tags"), warn)
    if published and unit_ended and published.date() > unit_ended:
        report("Date", header.line_of("Date"), f"đơn vị {unit_id} đã giải thể hoặc hợp nhất từ ngày {unit_ended:%d/%m/%Y}; bài đăng sau ngày đó phải đặt trong thư mục của đơn vị đang hoạt động", "article-after-unit-ended")
    if published and modified and modified < published:
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
    elif explicit_id is not None and not explicit_id.startswith(tuple(f"{unit_id}{mark}" for mark in "/-._")):
        # Redirects, feed GUIDs and the social poster follow identities: each unit has its own.
        report("ID", header.line_of("ID"), f"ID phải bắt đầu bằng mã đơn vị `{unit_id}`, ví dụ `ID: {unit_id}-2026-001`: không đơn vị nào được dùng định danh bài của đơn vị khác", "id-outside-unit")
    slug_field = header.get("Slug")
    if slug_field is not None and not SLUG_PATTERN.match(slug_field):
        report("Slug", header.line_of("Slug"), "Slug chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ `hoi-nghi-nguoi-lao-dong`", "bad-slug")

    files: dict[str, FileSignature] = {}  # every file it uses, with what its checks read
    images: dict[str, ImageFacts] = {}  # the photos among them, read by Pillow (domain/images/inspection.py)
    image = _check_image(header, relative, content, report, warn, files, images)
    _check_body_references(text, header, relative, content, report, warn, files, images)
    image_alt, image_focus = _check_image_fields(header, image, report)
    if image is not None and image_alt is None:
        alt_caution(header.get("Image") or "", header.line_of("Image"), warn)
    signatures = tuple(sorted(files.items()))
    if problems or not title or published is None:
        return RecordReading(None, signatures, problems, tuple(warnings))

    identity = article_identity(unit_id, "/".join(relative.parts[1:]), explicit_id)
    tags = tuple(t.strip() for t in (header.get("Tags") or "").split(",") if t.strip())
    slug = url_slug(slug_field or title, identity)
    page = rules.layout.article(slug)
    return RecordReading(ArticleRecord(
        identity=identity, source=str(relative), unit_id=unit_id, title=title, date=published,
        modified=modified, category=header.get("Category") or rules.default_category, tags=tags,
        author=header.get("Author"), summary=header.get("Summary"), image=image,
        image_caption=header.get("ImageCaption"), status=status,
        slug=slug, save_as=page.save_as, url=page.url, files=tuple(sorted(files)),
        image_alt=image_alt, image_focus=image_focus, images=tuple(images[path] for path in sorted(images)),
    ), signatures, problems, tuple(warnings))


def _check_field_names(header: Header, report: Report) -> None:
    for found in header.fields.values():
        if found.key.lower() not in _FIELD_BY_LOWER:
            guess = difflib.get_close_matches(found.key.lower(), list(_FIELD_BY_LOWER), n=1)
            hint = f"; có phải là `{_FIELD_BY_LOWER[guess[0]]}`?" if guess else f"; các trường được dùng: {', '.join(FIELDS)}"
            report(found.key, found.line, f"trường `{found.key}` không được hỗ trợ{hint}", "unknown-field")
    for duplicate in header.duplicates:
        report(duplicate.key, duplicate.line, f"trường `{duplicate.key}` được ghi hai lần; giữ lại một dòng", "duplicate-field")


def _parse_date(header: Header, name: str, timezone: str, report: Report, *, required: bool) -> datetime | None:
    value = header.get(name)
    if value and not _ISO_DATE.match(value):
        report(name, header.line_of(name), f"ngày `{value}` phải viết theo dạng năm-tháng-ngày giờ:phút, ví dụ `2026-11-24 08:00` (không viết 24/11/2026: dễ bị hiểu nhầm ngày và tháng)", "bad-date")
        return None
    if not value:
        # A line the header parser refused (`Date : ...`) was reported with its fix: "missing" would say to add it.
        written = any(problem.field.lower() == name.lower() for problem in header.problems)
        if required and not written:
            report(name, header.line_of(name), f"thiếu ngày đăng; thêm dòng `{name}: 2026-11-24 08:00` (năm-tháng-ngày giờ:phút) ở đầu tệp", "missing-date")
        return None
    try:
        try:  # the ISO form editors are told to write; dateutil (as Pelican's get_date) reads it the same, slower
            parsed = datetime.fromisoformat(value)
        except ValueError:
            midnight = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
            parsed = dateutil.parser.parse(re.sub(" +", " ", value), default=midnight)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(timezone))
    except (ValueError, OverflowError):
        # Only a value both readers refused is explained: a day they accept is never re-read here.
        reason = calendar_mistake(value)
        message = (f"ngày `{value}` không có trên lịch: {reason}" if reason is not None
                   else f"không hiểu ngày `{value}`; viết theo dạng năm-tháng-ngày giờ:phút, ví dụ `2026-11-24 08:00`")
        report(name, header.line_of(name), message, "bad-date")
        return None


def _check_image_fields(header: Header, image: str | None, report: Report) -> tuple[str | None, Focus | None]:
    """`ImageAlt:` and `ImageFocus:`, which describe the lead image (`Image:`)."""
    alt, focus_value = header.get("ImageAlt"), header.get("ImageFocus")
    for name, value in (("ImageAlt", alt), ("ImageFocus", focus_value)):
        if value is not None and header.get("Image") is None:
            report(name, header.line_of(name), f"`{name}` mô tả ảnh đầu bài nhưng bài không có dòng `Image:`; thêm "
                                               f"`Image: images/ten-anh.jpg` hoặc xóa dòng `{name}`", "image-field-without-image")
    focus = None
    if focus_value is not None:
        match = _FOCUS.match(focus_value.strip())
        if match is None or int(match["x"]) > 100 or int(match["y"]) > 100:
            report("ImageFocus", header.line_of("ImageFocus"), f"`{focus_value}` không phải điểm lấy nét; ghi hai phần trăm, "
                   "ngang rồi dọc, tính từ góc trên bên trái: `ImageFocus: 50% 30%` (giữa ảnh, gần phía trên)", "bad-image-focus")
        else:
            focus = Focus(int(match["x"]) / 100, int(match["y"]) / 100)
    if alt is not None:
        alt = "" if alt.strip() == DECORATIVE else " ".join(alt.split())
    return (alt, focus) if image is not None else (None, None)


def _inspected(content: Path, path: str, written: str, field: str, line: int, report: Report,
               images: dict[str, ImageFacts]) -> bool:
    """Whether the photo at `path` can be published (its facts added to `images`); else reported."""
    if path in images or PurePosixPath(path).suffix.lower() not in PHOTO_TYPES:
        return True
    facts = inspect_image(str(content / path), path, written.strip())
    if isinstance(facts, ImageProblem):
        report(field, line, facts.message, facts.code)
        return False
    images[path] = facts
    return True


def _check_image(header: Header, article: PurePosixPath, content: Path, report: Report, warn: Warn,
                 files: dict[str, FileSignature], images: dict[str, ImageFacts]) -> str | None:
    value = header.get("Image")
    if not value:
        return None
    line = header.line_of("Image")
    resolved = resolve_reference(value, article)
    if isinstance(resolved, Rejected):
        report("Image", line, resolved.message, resolved.code)
        return None
    if resolved.kind == "external":
        report("Image", line, "ảnh phải nằm trong thư mục của đơn vị (ví dụ `images/anh.jpg`), không lấy từ trang web khác", "remote-image")
        return None
    if resolved.kind != "file":
        report("Image", line, f"`{value}` không phải một tệp ảnh; ghi đường dẫn tới ảnh tính từ bài viết, ví dụ `Image: images/anh.jpg`", "image-not-a-file")
        return None
    checked = check_file(content, resolved.path, value, photo_only=True)
    if isinstance(checked, Rejected):
        code = "missing-image" if checked.code == "missing-file" else checked.code
        twin = did_you_mean_case(content, resolved.path, value) if code == "missing-image" else ""
        message = (f"không tìm thấy ảnh `{value}`{twin or '; đặt ảnh vào thư mục images/ cạnh bài viết và ghi `Image: images/ten-anh.jpg`'}"
                   if code == "missing-image" else checked.message)
        report("Image", line, message, code)
        return None
    if not _inspected(content, resolved.path, value, "Image", line, report, images):
        return None
    files[resolved.path] = checked
    file_cautions(content, resolved.path, value, "Image", line, warn, images.get(resolved.path))
    return resolved.path


def body_targets(line: str, removed: Sequence[tuple[int, int]] = ()) -> list[tuple[str, bool]]:
    """The reference targets written on one body line, each with whether it is shown as an image.

    `removed`: the spans of the line (its offsets) taken by the start tags of elements the cleaner
    removes (html_cleaning.policy.removed_start_tags: scripts, iframes, an allowlisted video's too,
    which becomes a link): what they name is no reference of the article.
    """
    found = [(m["angled"] or m["target"], m["bang"] == "!") for m in _MARKDOWN_LINK.finditer(line)]
    found += [(m["angled"] or m["target"], False) for m in _DEFINITION.finditer(line)]
    for match in _HTML_URL.finditer(line):
        if any(start <= match.start() < end for start, end in removed):
            continue
        value = match["dq"] if match["dq"] is not None else match["sq"] if match["sq"] is not None else match["bare"]
        is_image = match["attribute"].lower() != "href"
        if match["attribute"].lower() == "srcset":
            found += [(candidate.split()[0], True) for candidate in value.split(",") if candidate.strip()]
        else:
            found.append((value, is_image))
    return found


def _check_body_references(text: str, header: Header, article: PurePosixPath, content: Path, report: Report,
                            warn: Warn, files: dict[str, FileSignature], images: dict[str, ImageFacts]) -> None:
    """Report references the build may not follow; adds the files the body may publish to `files`."""
    lowered = text.lower()
    if "](" not in text and "]:" not in text and "src" not in lowered and "href" not in lowered and "poster" not in lowered:
        return  # none of the patterns can match: most articles, not searched line by line
    lines = text.split("\n")
    removed = removed_start_tags(text)  # a start tag may span lines: found in the whole text, once, in order
    offset = sum(len(line) + 1 for line in lines[:header.body_line - 1])
    passed = 0  # removed[:passed] end before this line: each span is passed once (linear in lines + spans)
    for number in range(header.body_line, len(lines) + 1):
        line = lines[number - 1]
        for spaced in spaced_targets(line):
            report("nội dung", number, spaced.message, spaced.code)
        while passed < len(removed) and removed[passed][1] <= offset:
            passed += 1
        on_line, later = [], passed
        while later < len(removed) and removed[later][0] < offset + len(line):
            on_line.append((removed[later][0] - offset, removed[later][1] - offset))
            later += 1
        offset += len(line) + 1
        for target, is_image in body_targets(line, on_line):
            if is_image and _REMOTE.match(target):
                report("nội dung", number, f"ảnh `{target}` lấy từ trang web khác; tải ảnh về thư mục images/ của đơn vị và dẫn tới đó", "remote-image")
                continue
            resolved = resolve_reference(target, article)
            if isinstance(resolved, Rejected):
                report("nội dung", number, resolved.message, resolved.code)
            elif resolved.kind == "file":
                checked = check_file(content, resolved.path, target, photo_only=is_image)
                if isinstance(checked, Rejected):
                    twin = did_you_mean_case(content, resolved.path, target) if checked.code == "missing-file" else ""
                    report("nội dung", number, checked.message + twin, checked.code)
                elif _inspected(content, resolved.path, target, "nội dung", number, report, images):
                    files[resolved.path] = checked
                    file_cautions(content, resolved.path, target, "nội dung", number, warn, images.get(resolved.path))
            elif resolved.kind == "article" and not (content / resolved.path).is_file():
                twin = did_you_mean_case(content, resolved.path, target)
                report("nội dung", number, f"không tìm thấy bài `{target}` mà bài viết dẫn tới{twin or '; kiểm tra tên tệp'}", "missing-file")


__all__ = ["FIELDS", "ArticleRecord", "FileSignatures", "RecordReading", "RecordRules", "Resolved", "body_targets",
           "read_record"]
