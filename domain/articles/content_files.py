"""The files of the content folder, as the build may see them.

One walk finds the articles and the other files of every unit folder.  It never
follows a symlink: a committed symlink anywhere in content/ is an error (it
could point at the build's environment, its settings or another unit's files).
Editors' backup and system files (`bai.md~`, `.DS_Store`, `Thumbs.db`, Office's
`~$…` lock files, hidden files) are skipped with a note, never read or
published.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from domain.registry import Problem, display_path

# Files an editor may mean as articles but that would be skipped or misread.
ARTICLE_LOOKALIKES = (".markdown", ".mdown", ".mkd", ".txt", ".rst", ".html", ".htm")
# Left behind by editors and their tools; also listed in .gitignore.  Hidden files (`.…`) too:
# Pelican ignores them, so the index must as well.
# Word processors' files: an editor who drops one into a unit folder usually means it as an article.
WORD_FILES = (".docx", ".doc", ".odt", ".rtf")
# Directly in a unit folder: the unit's about page (domain/documents/about.py), no article.
UNIT_PAGE_FILES = ("/gioi-thieu.md",)
IGNORED_NAMES = ("*~", ".*", "Thumbs.db", "thumbs.db", "desktop.ini", "Desktop.ini", "~$*", "*.swp", "*.tmp", "__MACOSX")


@dataclass
class ContentFiles:
    articles: list[str] = field(default_factory=list)  # absolute paths of `.md` files in unit folders
    others: list[str] = field(default_factory=list)  # paths below content/, POSIX: the other files of unit folders
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # skipped files: said, not an error


def is_ignored(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in IGNORED_NAMES)


def walk_content(content: Path, registry_name: str) -> ContentFiles:
    """Every file below `content` (an absolute, resolved path), sorted, without following links."""
    found = ContentFiles()
    prefix = str(content).rstrip(os.sep) + os.sep
    pending = [str(content)]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                relative = entry.path[len(prefix):].replace(os.sep, "/")
                if not _is_utf8(entry.name):  # the OS gave undecodable bytes as surrogates: unprintable
                    shown = _printable(f"{display_path(folder)}/{entry.name}")
                    found.problems.append(Problem(shown, 1, "tệp", f"tên `{_printable(entry.name)}` không phải chữ Unicode (UTF-8): tệp có lẽ được đặt tên trên máy dùng bảng mã cũ (TCVN3, VNI); đổi tên, chỉ dùng chữ không dấu, số và dấu gạch ngang, ví dụ `hoi-nghi.jpg`", "bad-file-name"))
                elif entry.is_symlink():  # shown by its own name, not resolved to where it points
                    shown = f"{display_path(folder)}/{entry.name}"
                    found.problems.append(Problem(shown, 1, "tệp", f"`{relative}` là liên kết tượng trưng (symlink), có thể trỏ ra ngoài thư mục nội dung; xóa nó và chép chính tệp vào thư mục của đơn vị", "symlink"))
                elif is_ignored(entry.name):
                    found.notes.append(Problem(display_path(entry.path), 1, "tệp", f"bỏ qua `{relative}` (tệp sao lưu, tệp ẩn hoặc tệp hệ thống): không đọc, không đăng; có thể xóa", "ignored-file"))
                elif entry.is_dir():
                    pending.append(entry.path)
                elif relative != registry_name:
                    _classify(found, entry.path, relative)
    found.articles.sort()
    found.others.sort()
    return found


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _classify(found: ContentFiles, path: str, relative: str) -> None:
    suffix = os.path.splitext(relative)[1]
    if relative.count("/") == 1 and relative.endswith(UNIT_PAGE_FILES):
        found.others.append(relative)  # a unit's own page, not an article: domain/documents reads it
    elif suffix == ".md":
        found.articles.append(path)
    elif suffix.lower() in (".md", *ARTICLE_LOOKALIKES):
        stem = os.path.splitext(os.path.basename(relative))[0]
        found.problems.append(Problem(display_path(path), 1, "tệp", f"bài viết phải là tệp đuôi `.md` (chữ thường); đổi tên thành `{stem}.md`", "wrong-extension"))
    elif "/" in relative:
        found.others.append(relative)


def unlinked_note(content: Path, relative: str) -> Problem:
    """The note for a file of a unit folder no article links to (`relative`: below `content`)."""
    shown = display_path(content / relative)
    if os.path.splitext(relative)[1].lower() in WORD_FILES:
        unit = relative.split("/", 1)[0]
        return Problem(shown, 1, "tệp", f"`{relative}` là tệp Word (hoặc văn bản định dạng): không đăng được thành bài viết, và chưa bài nào dẫn tới nên cũng không được đăng; để đăng thành bài, tạo một tệp .md (`make new UNIT={unit} TITLE=\"...\"`), chép chữ từ tệp Word vào dưới phần đầu rồi xóa tệp Word; nếu chỉ muốn cho tải tệp về, dẫn tới nó từ một bài viết", "word-file")
    return Problem(shown, 1, "tệp", f"`{relative}` không được đăng vì chưa bài viết nào dẫn tới; dẫn tới tệp trong một bài (ảnh, tài liệu) hoặc xóa tệp", "file-not-linked")
