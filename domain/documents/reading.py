"""Reading `content/<unit>/van-ban.yml`: every entry checked, every problem with its file and line.

The format is a YAML list, one entry per document, written by editors who are not
programmers (the editors' guide shows it):

    - file: van-ban/nghi-quyet-05-2026.pdf
      number: 05/NQ-LĐLĐ
      date: 2026-03-10
      issuer: Ban Thường vụ Liên đoàn Lao động tỉnh Thanh Hóa
      type: Nghị quyết
      title: Về tổ chức Tháng Công nhân năm 2026
      summary: Một hoặc vài câu tóm tắt (không bắt buộc).

Every value is read as the text the editor wrote (YAML's own typing would turn
`number: 05` into 5 and `date: 2026-02-30` into an error without a line).  Only
described files are published; a file of the unit's `van-ban/` folder that no entry
describes is named in a note and left out.  The summary is plain text: HTML in it is
removed (a warning says so) and the pages escape what is left.
"""

from __future__ import annotations

import difflib
import html
import os
import re
import stat
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import nh3
import yaml

from domain.articles.content_files import is_ignored
from domain.articles.identity import slugify_vi
from domain.registry import Problem, display_path

from .about import read_about
from .files import FileRefused, check_file
from .kinds import KINDS, kind_hint, kind_name
from .model import FILES_FOLDER, LIBRARY_FILE, Document, DocumentLibrary

REQUIRED = ("file", "number", "date", "issuer", "type", "title")
FIELDS = (*REQUIRED, "summary")
LIMITS = {"number": 60, "issuer": 200, "title": 300, "summary": 2000}  # characters
MAX_LIBRARY_BYTES = 1024 * 1024
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Report = Callable[[int, str, str, str], None]  # (line, field, Vietnamese message, code)


def read_library(content: Path, unit_ids: Iterable[str], as_of: date | None = None,
                 ) -> tuple[DocumentLibrary, list[Problem], list[Problem], list[Problem]]:
    """Every unit's documents and about page below `content` (absolute, resolved): the library,
    its errors, its warnings and its notes (undescribed files).  A document dated after `as_of`
    (the build's day) is left out until that day, with a warning: as a scheduled article is."""
    library = DocumentLibrary()
    problems: list[Problem] = []
    warnings: list[Problem] = []
    notes: list[Problem] = []
    for unit_id in sorted(unit_ids):
        folder = content / unit_id
        listing = folder / LIBRARY_FILE
        described: set[str] = set()
        about = read_about(content, unit_id, warnings, problems)
        if about is not None:
            library.about[unit_id] = about
            library.sources.setdefault(unit_id, []).append(about.source)
        if _is_plain_file(listing):  # a symlink is the content walk's error (content_files.py)
            library.sources.setdefault(unit_id, []).append(f"{unit_id}/{LIBRARY_FILE}")
            documents = _read_unit(content, unit_id, listing, problems, warnings)
            if as_of is not None:
                later = [d for d in documents if d.day > as_of]
                warnings += [Problem(display_path(listing), d.date_line, "date",
                                     f"văn bản ngày {d.day.isoformat()}, sau hôm nay: chưa lên trang, sẽ tự đăng từ ngày đó; "
                                     "nếu viết nhầm, sửa lại ngày ban hành", "document-scheduled") for d in later]
                shown = [d for d in documents if d.day <= as_of]
            else:
                shown = documents
            if shown:
                library.documents[unit_id] = sorted(shown, key=lambda d: (d.day, d.slug), reverse=True)
            described = {d.file for d in documents}
        for path in _folder_files(folder / FILES_FOLDER, f"{unit_id}/{FILES_FOLDER}"):
            if path not in described:
                library.undescribed.append(path)
                notes.append(Problem(display_path(content / path), 1, "tệp",
                                     f"`{path}` không được đăng vì chưa có mục nào trong content/{unit_id}/{LIBRARY_FILE} "
                                     f"mô tả nó; thêm một mục `- file: {path.split('/', 1)[1]}` với số hiệu, ngày, cơ quan "
                                     "ban hành, loại và trích yếu, hoặc xóa tệp", "document-not-described"))
    return library, problems, warnings, notes


def _is_plain_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


def _folder_files(folder: Path, relative: str) -> list[str]:
    """The files below a unit's van-ban/ folder (never through a symlink), below content/."""
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return []
    except FileNotFoundError:
        return []
    found = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if is_ignored(entry.name) or entry.is_symlink():
            continue
        if entry.is_dir():
            found += _folder_files(Path(entry.path), f"{relative}/{entry.name}")
        elif entry.is_file():
            found.append(f"{relative}/{entry.name}")
    return found


def _read_unit(content: Path, unit_id: str, listing: Path, problems: list[Problem],
               warnings: list[Problem]) -> list[Document]:
    shown = display_path(listing)
    source = f"{unit_id}/{LIBRARY_FILE}"

    def report(line: int, field: str, message: str, code: str) -> None:
        problems.append(Problem(shown, line, field, message, code))

    if listing.stat().st_size > MAX_LIBRARY_BYTES:
        report(1, LIBRARY_FILE, f"tệp lớn hơn {MAX_LIBRARY_BYTES // 1024} KB: đây không phải danh sách văn bản; "
                                "mỗi văn bản chỉ cần vài dòng mô tả", "library-too-large")
        return []
    try:
        text = listing.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        report(1, LIBRARY_FILE, "tệp không phải chữ Unicode (UTF-8); lưu lại với bảng mã UTF-8", "not-utf8")
        return []
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        report(mark.line + 1 if mark else 1, LIBRARY_FILE,
               f"sai cú pháp YAML ({reason}); kiểm tra thụt lề, dấu hai chấm, và đặt trong dấu nháy `\"...\"` "
               "một giá trị có dấu hai chấm", "yaml-syntax")
        return []
    finally:
        loader.dispose()
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        report(root.start_mark.line + 1, LIBRARY_FILE,
               "tệp phải là danh sách văn bản, mỗi văn bản một mục bắt đầu bằng `- file:`", "documents-not-list")
        return []
    documents: list[Document] = []
    first_line_of: dict[str, int] = {}  # "slug:…" or "file:…" -> the line of the first entry with it
    for item in root.value:
        document = _read_entry(content, unit_id, source, item, report, warnings, shown)
        if document is None:
            continue
        earlier = first_line_of.get(f"slug:{document.slug}")
        if earlier is not None:
            report(_key_line(item, "number"), "number",
                   f"số hiệu `{document.number}` năm {document.year} đã được dùng cho văn bản ở dòng {earlier}; "
                   "mỗi văn bản một số hiệu riêng: sửa số hiệu, hoặc xóa mục trùng", "duplicate-document-number")
            continue
        earlier = first_line_of.get(f"file:{document.file}")
        if earlier is not None:
            report(_key_line(item, "file"), "file",
                   f"tệp `{document.file.split('/', 1)[1]}` đã được mô tả ở dòng {earlier}; mỗi tệp chỉ mô tả một lần",
                   "duplicate-document-file")
            continue
        first_line_of[f"slug:{document.slug}"] = first_line_of[f"file:{document.file}"] = document.line
        documents.append(document)
    return documents


def _key_line(item: yaml.Node, name: str) -> int:
    if isinstance(item, yaml.MappingNode):
        for key, _ in item.value:
            if key.value == name:
                return key.start_mark.line + 1
    return item.start_mark.line + 1


def _read_entry(content: Path, unit_id: str, source: str, item: yaml.Node, report: Report, warnings: list[Problem],
                shown: str) -> Document | None:
    line = item.start_mark.line + 1
    if not isinstance(item, yaml.MappingNode):
        report(line, LIBRARY_FILE, "mỗi văn bản phải là một nhóm `khóa: giá trị` (file, number, date, issuer, type, "
                                   "title), bắt đầu bằng `- file:`", "document-not-mapping")
        return None
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    reported: set[str] = set()
    ok = True
    for key, value in item.value:
        name, key_line = str(key.value), key.start_mark.line + 1
        if name not in FIELDS:
            guess = difflib.get_close_matches(name, FIELDS, n=1)
            hint = f"; có phải là `{guess[0]}`?" if guess else f"; các trường được dùng: {', '.join(FIELDS)}"
            report(key_line, name, f"trường `{name}` không được hỗ trợ{hint}", "unknown-field")
            ok = False
            continue
        if name in values:
            report(key_line, name, f"`{name}:` đã có ở dòng {lines[name]} của văn bản này; giữ một dòng", "duplicate-field")
            ok = False
            continue
        if not isinstance(value, yaml.ScalarNode):
            report(key_line, name, f"`{name}:` phải là một dòng chữ, không phải danh sách hay nhóm", "bad-value")
            reported.add(name)
            ok = False
            continue
        values[name], lines[name] = str(value.value), key_line
    for name in REQUIRED:
        if name not in reported and not values.get(name, "").strip():
            report(lines.get(name, line), name, f"thiếu `{name}:` ({_WHAT[name]}, bắt buộc)", "missing-field")
            reported.add(name)
    if reported & set(REQUIRED):  # the other checks need every required value
        return None
    text = {name: " ".join(values.get(name, "").split()) for name in FIELDS if name != "summary"}
    for name, limit in LIMITS.items():
        value = values.get(name, "") if name == "summary" else text[name]
        if len(value) > limit:
            report(lines[name], name, f"`{name}:` dài {len(value)} ký tự, quá {limit}; rút gọn", "too-long")
            ok = False
    for name in ("number", "issuer", "title"):
        cleaned = _plain(text[name])
        if cleaned != text[name]:
            report(lines[name], name, f"`{name}:` không được chứa thẻ HTML (`<...>`); chỉ ghi chữ", "html-in-field")
            ok = False
    day = _day(values["date"])
    if day is None:
        report(lines["date"], "date", _day_mistake(values["date"]), "bad-date")
        ok = False
    kind = kind_name(values["type"])
    if kind is None:
        report(lines["type"], "type", f"loại văn bản `{text['type']}` không có trong danh sách; {kind_hint(values['type'])}",
               "unknown-document-type")
        ok = False
    slug = slugify_vi(text["number"].replace("/", " "))  # "05/NQ-LĐLĐ": 05-nq-ldld
    if not slug:
        report(lines["number"], "number", f"số hiệu `{text['number']}` không có chữ hay số nào; ghi số hiệu như trên văn bản, "
                                          "ví dụ `05/NQ-LĐLĐ`", "bad-number")
        ok = False
    try:
        facts = check_file(content, unit_id, values["file"].strip())
    except FileRefused as refused:
        report(lines["file"], "file", refused.message, refused.code)
        ok = False
    if not ok or day is None or kind is None:
        return None
    summary = " ".join(values.get("summary", "").split())
    plain_summary = _plain(summary)
    if plain_summary != summary:
        warnings.append(Problem(shown, lines["summary"], "summary",
                                "đã bỏ thẻ HTML trong tóm tắt (tóm tắt là chữ thường); xóa các thẻ `<...>` khỏi tệp",
                                "html-removed"))
    if str(day.year) not in slug.split("-"):
        slug = f"{day.year}-{slug}"  # numbering starts again every year: 05/NQ of 2025 and of 2026
    return Document(unit_id, slug, text["number"], day, text["issuer"], kind, KINDS[kind], text["title"], plain_summary,
                    facts.path, facts.suffix, facts.size, source, line, lines["date"])


_WHAT = {"file": "đường dẫn tới tệp, ví dụ `van-ban/nghi-quyet-05.pdf`", "number": "số hiệu, ví dụ `05/NQ-LĐLĐ`",
         "date": "ngày ban hành, ví dụ `2026-03-10`", "issuer": "cơ quan ban hành",
         "type": "loại văn bản, ví dụ `Nghị quyết`", "title": "trích yếu: văn bản về việc gì"}


def _plain(text: str) -> str:
    """Text with every HTML tag (and a script's or style's content) removed, entities read."""
    if "<" not in text and "&" not in text:
        return text
    return " ".join(html.unescape(nh3.clean(text, tags=set())).split())


def _day(value: str) -> date | None:
    value = value.strip()
    if not _ISO_DAY.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _day_mistake(value: str) -> str:
    value = value.strip()
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", value):
        return (f"ngày `{value}` dễ đọc nhầm ngày với tháng; viết theo dạng năm-tháng-ngày, "
                "ví dụ `2026-03-10` cho ngày 10 tháng 3 năm 2026")
    if _ISO_DAY.fullmatch(value):
        return f"ngày `{value}` không có trên lịch; kiểm tra lại ngày và tháng"
    return f"`{value}` không phải ngày ban hành; viết theo dạng năm-tháng-ngày, ví dụ `2026-03-10`"
