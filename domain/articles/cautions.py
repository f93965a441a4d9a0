"""Warnings: what is published as written but is probably not what the editor meant, each with the fix.

A warning never stops the build (an error does: record_reading.py).  Two kinds:
- a file's own (a date with a time-zone offset, `Tags:` split by `;`, a heavy image, a lead
  image without `ImageAlt:`, a file name with spaces or diacritics): they depend only on the article and the files it uses, so
  read_record finds them and the index cache keeps them with the record (scan_cache.py);
- the network's (a scheduled article, a category outside the main ones, an article dated
  before its unit was established): they depend on the build's instant, the settings or the
  registry, and are found after the scan (`network_cautions`), from the records.
Warnings are `Problem`s, reported as `path:line: Field: message [code]` like errors.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
from collections.abc import Callable, Iterable
from datetime import datetime, time
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from domain.images import ImageFacts
from domain.registry import Network, Problem
from domain.vietnamese.dates import long_date

from .headers import parse_header
from .identity import slugify_vi
from .references import PELICAN_LINK

if TYPE_CHECKING:  # record_reading.py reads with this module's rules
    from .record_reading import ArticleRecord

MAX_IMAGE_BYTES = 2 * 1024 * 1024  # "2 MB": heavier photos make a page slow on a phone
MAX_IMAGE_WIDTH = 2400  # pixels: wider than any screen the theme serves
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)
_SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")
Warn = Callable[[str, int, str, str], None]  # (field, line, message, code), as record_reading's Report
SCHEDULED = "scheduled"  # index.py's status of an article dated after the build's instant


def moment(value: datetime) -> str:
    """'08:00 thứ Hai 30/11/2026': the time, then the weekday and the day, mid-sentence."""
    weekday, _, day = long_date(value).partition(", ")
    if weekday.startswith("Thứ "):
        weekday = "thứ " + weekday[len("Thứ "):]
    elif weekday == "Chủ Nhật":
        weekday = "Chủ nhật"
    return f"{value:%H:%M} {weekday} {day}"


def zone_label(timezone: str) -> str:
    return "giờ Việt Nam" if timezone in ("Asia/Ho_Chi_Minh", "Asia/Saigon") else f"giờ {timezone}"


def offset_caution(name: str, written: str | None, parsed: datetime | None, timezone: str, line: int,
                   warn: Warn) -> None:
    """A `Date:`/`Modified:` written with `Z` or an offset other than the network's own: say the
    local time it means (08:00Z is 15:00 in Vietnam), and how to write either reading."""
    if not written or parsed is None or not _OFFSET.search(written.strip()):
        return
    local = parsed.astimezone(ZoneInfo(timezone))
    if local.utcoffset() == parsed.utcoffset():
        return  # `+07:00` in Vietnam: it means what it says
    as_written = parsed.replace(tzinfo=None)
    label = zone_label(timezone)
    warn(name, line, f"`{written.strip()}` có múi giờ khác {label}, nghĩa là {moment(local)} {label}; "
                     f"nếu đúng vậy, ghi thẳng `{name}: {local:%Y-%m-%d %H:%M}`; nếu ý bạn là {as_written:%H:%M} {label}, "
                     f"bỏ phần múi giờ: `{name}: {as_written:%Y-%m-%d %H:%M}`", "date-with-offset")


def tags_caution(written: str | None, line: int, warn: Warn) -> None:
    """`Tags: a; b` is one tag "a; b" (tags are split at commas only)."""
    if not written or ";" not in written:
        return
    tags = [t.strip() for t in written.split(",") if t.strip()]
    shown = ", ".join(f"`{tag}`" for tag in tags)
    fixed = ", ".join(t.strip() for t in re.split("[,;]", written) if t.strip())
    warn("Tags", line, f"các thẻ phải cách nhau bằng dấu phẩy, không phải dấu chấm phẩy: bài đang có "
                       f"{len(tags)} thẻ {shown}; viết `Tags: {fixed}`", "tags-semicolon")


def renamed(path: str) -> str:
    """The path with each unsafe name (spaces, diacritics) as the slug of itself, extension kept."""
    parts = []
    for part in path.split("/"):
        if _SAFE_NAME.match(part) or part in (".", ".."):
            parts.append(part)
            continue
        stem, suffix = posixpath.splitext(part)
        parts.append((slugify_vi(stem) or "tep") + suffix.lower())
    return "/".join(parts)


def alt_caution(written: str, line: int, warn: Warn) -> None:
    """A lead image (`Image:`) without `ImageAlt:`: the page gives it an empty alt (a screen reader
    passes over it as decorative) rather than repeat the title, which a reader just heard."""
    warn("Image", line, f"ảnh đầu bài `{written.strip()}` chưa có lời mô tả cho người không xem được ảnh (người khiếm "
                        f"thị, mạng chậm); thêm dòng `ImageAlt: ` tả điều ảnh cho thấy, ví dụ `ImageAlt: Đại biểu biểu "
                        f"quyết tại hội nghị`; nếu ảnh chỉ để trang trí, ghi `ImageAlt: -`", "missing-alt")


def article_name_caution(relative: PurePosixPath, warn: Warn) -> None:
    """The article's own file name (below its unit's folder) with spaces or diacritics."""
    below = "/".join(relative.parts[1:])
    if _unsafe(below):
        warn("tệp", 1, f"tên tệp `{below}` có dấu cách hoặc chữ có dấu; đổi tên thành `{renamed(below)}` trước khi đăng "
                       f"(chữ có dấu có thể được máy khác lưu theo cách khác, làm đổi địa chỉ của bài; "
                       f"bài đã đăng thì giữ nguyên tên)", "unsafe-file-name")


def file_cautions(content: Path, path: str, written: str, field: str, line: int, warn: Warn,
                  photo: ImageFacts | None = None) -> None:
    """A file an article uses (`path` below the content folder, `written` as in the article; `photo`:
    its facts, if it is a photo, as the scan's inspection read them): a name with spaces or
    diacritics, a photo too heavy or too wide."""
    below = path.split("/", 1)[1]
    if _unsafe(below):
        shown = written.strip().strip("<>")
        warn(field, line, f"tên tệp `{shown}` có dấu cách hoặc chữ có dấu; đổi tên tệp thành `{renamed(below)}` "
                          f"(trong thư mục của đơn vị) và sửa đường dẫn ở đây cho khớp: tên có dấu dễ làm hỏng liên kết "
                          f"khi tệp được chép sang máy khác", "unsafe-file-name")
    if photo is not None:
        size = os.stat(os.path.join(content, path)).st_size
        if size > MAX_IMAGE_BYTES or photo.width > MAX_IMAGE_WIDTH:
            what = [f"nặng {size / 1024 / 1024:.1f} MB".replace(".", ",")] if size > MAX_IMAGE_BYTES else []
            if photo.width > MAX_IMAGE_WIDTH:
                what.append(f"rộng {photo.width:,} điểm ảnh".replace(",", "."))
            # The build sends readers renditions (domain/images), never this file: what is left is the
            # repository, which keeps every version of every photo for good.
            warn(field, line, f"ảnh `{written.strip()}` {' và '.join(what)}: người đọc chỉ nhận bản thu nhỏ bản dựng "
                              f"tự làm, nhưng ảnh gốc nằm mãi trong kho GitHub và làm kho nặng dần; hãy thu nhỏ ảnh "
                              f"còn rộng khoảng 1.200 điểm ảnh, dưới 300 KB rồi lưu đè lên tệp này", "large-image")


def case_twin(content: Path, path: str) -> str | None:
    """The existing path below `content` that differs from `path` only in letter case, if any."""
    current, found = str(content), []
    for part in path.split("/"):
        if os.path.lexists(os.path.join(current, part)):
            found.append(part)
        else:
            try:
                names = sorted(os.listdir(current))
            except OSError:
                return None
            match = next((name for name in names if name.lower() == part.lower()), None)
            if match is None:
                return None
            found.append(match)
        current = os.path.join(current, found[-1])
    twin = "/".join(found)
    return twin if twin != path else None


def spelled_as(written: str, twin: str) -> str:
    """`written` (as in the article: `{static}images/Anh.JPG#x`) with its trailing names spelled as `twin`'s."""
    written = written.strip()
    link = PELICAN_LINK.match(written)  # `{static}`, `|attach|`: kept as written
    prefix, target = (written[:link.start("rest")], link["rest"]) if link else ("", written)
    target, hash_, fragment = target.partition("#")
    names, correct = target.split("/"), twin.split("/")
    for i in range(1, min(len(names), len(correct)) + 1):
        if names[-i].lower() != correct[-i].lower():
            break
        names[-i] = correct[-i]
    return prefix + "/".join(names) + hash_ + fragment


def did_you_mean_case(content: Path, path: str, written: str) -> str:
    """"; có phải là `anh.jpg`?" when a file differs only in letter case from `path`, else ""."""
    twin = case_twin(content, path)
    if twin is None:
        return ""
    return f"; có phải là `{spelled_as(written, twin)}`? (chữ hoa, chữ thường phải khớp đúng từng chữ)"


def _unsafe(name: str) -> bool:
    return any(not _SAFE_NAME.match(part) for part in name.split("/") if part not in (".", ".."))


def network_cautions(records: Iterable[ArticleRecord], content: Path, network: Network, *, timezone: str,
                     main_categories: tuple[str, ...]) -> list[Problem]:
    """The warnings that depend on more than the file: scheduled articles, categories outside the
    main ones, articles dated before their unit's `established:`.  One pass of comparisons over
    the records (a cached scan of 10,000 articles runs it too); only the few files concerned are
    read again, for their lines."""
    zone = ZoneInfo(timezone)
    main = {slugify_vi(name): name for name in main_categories}
    outside: dict[str, bool] = {}  # category -> whether it is outside the main ones: a network has a few categories, many articles
    founded = {unit.id: (unit, datetime.combine(unit.established, time.min, zone)) for unit in network
               if unit.established is not None}
    found: list[Problem] = []
    for record in records:
        if record.status == SCHEDULED:
            found.append(Problem(record.source, _line(content, record, "Date") or 1, "Date",
                                 f"bài hẹn giờ: chưa lên trang; sẽ tự đăng lúc {moment(record.date.astimezone(zone))} "
                                 f"({zone_label(timezone)}), ở lần dựng đầu tiên sau giờ đó; muốn đăng ngay thì sửa "
                                 f"`Date` thành ngày giờ đã qua", "scheduled"))
        category = record.category
        if category not in outside:
            outside[category] = bool(main) and slugify_vi(category) not in main
        line = _line(content, record, "Category") if outside[category] else None
        if line is not None:  # written so: the default category is never questioned
            guess = difflib.get_close_matches(slugify_vi(category), list(main), n=1, cutoff=0.6)
            hint = f"có phải là `{main[guess[0]]}`? Các" if guess else "các"
            found.append(Problem(record.source, line, "Category",
                                 f"chuyên mục `{category}` không phải chuyên mục chính nên không có trên menu; "
                                 f"{hint} chuyên mục chính: {', '.join(main_categories)}", "unknown-category"))
        unit, first_day = founded.get(record.unit_id, (None, None))
        if unit is not None and first_day is not None and record.date < first_day:
            found.append(Problem(record.source, _line(content, record, "Date") or 1, "Date",
                                 f"bài đề ngày {record.date.astimezone(zone):%d/%m/%Y}, trước ngày thành lập của "
                                 f"{unit.short_name} ({unit.established:%d/%m/%Y}, `established:` trong {network.path}); "
                                 f"kiểm tra lại năm của `Date`, hoặc báo quản trị viên sửa `established:` nếu ngày thành "
                                 f"lập ghi sai", "before-established"))
    return found


def _line(content: Path, record: ArticleRecord, field: str) -> int | None:
    """The line of `field` in the record's file (None: not written): its header read again, only
    for a warning (the record does not keep its lines)."""
    header = parse_header((content / record.source).read_bytes().decode("utf-8"))
    found = header.fields.get(field.lower())
    return found.line if found else None
