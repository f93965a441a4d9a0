"""Where an article's links and images may point: inside its own unit's folder, nowhere else.

Every reference an editor writes (`images/a.jpg`, `{static}…`, `{attach}…`,
`{filename}other.md`, `src`/`href`/`srcset` in raw HTML, the `Image:` field) is
resolved here, as a string, to a path below the content folder that must lie
in `content/<unit>/`; the index scan then checks the file itself (it exists, no
symlink on the way, an allowed type whose bytes match its name).  The scan and
the renderer call the same `resolve_reference`, and the renderer publishes a
link only to a file the scan accepted for that article, so nothing the scan
missed can be published.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
               ".avif": "image/avif", ".gif": "image/gif"}
DOCUMENT_TYPES = {".pdf": "application/pdf",
                  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  ".odt": "application/vnd.oasis.opendocument.text"}
# Types editors meet often that must be converted first, with the fix.
_CONVERT = {
    ".svg": "ảnh SVG có thể chứa mã chạy được; xuất ảnh ra PNG hoặc JPEG rồi dẫn tới tệp đó",
    ".heic": "ảnh HEIC (iPhone) nhiều trình duyệt không mở được; chuyển sang JPEG (trên iPhone: Cài đặt › Camera › Định dạng › Tương thích nhất)",
    ".heif": "ảnh HEIF nhiều trình duyệt không mở được; chuyển sang JPEG",
    ".doc": "tệp Word cũ (.doc); lưu lại thành .docx hoặc .pdf",
    ".xls": "tệp Excel cũ (.xls); lưu lại thành .xlsx hoặc .pdf",
}
# The first bytes of each allowed type: a page renamed `anh.jpg` is not published as an image.
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"), ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",), ".xlsx": (b"PK\x03\x04",), ".odt": (b"PK\x03\x04",),
}
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
PELICAN_LINK = re.compile(r"^(?:\{(?P<braced>[a-z]+)\}|\|(?P<piped>[a-z]+)\|)(?P<rest>.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Resolved:
    """What a reference points at. kind: "file" or "article" (path: below the content folder,
    POSIX), "external" (a URL with a scheme or `//`), "fragment" (`#…` or empty).  An absolute
    path (`/…`) is none of them: it is rejected (`absolute-path`)."""

    kind: str
    path: str = ""
    fragment: str = ""


@dataclass(frozen=True)
class Rejected:
    message: str  # Vietnamese, with the fix
    code: str


def resolve_reference(target: str, article: PurePosixPath) -> Resolved | Rejected:
    """Resolve `target` as written in the article `article` (its path below the content folder)."""
    target = target.strip()
    kind = "file"
    pelican = PELICAN_LINK.match(target)
    if pelican:
        word = (pelican["braced"] or pelican["piped"]).lower()
        if word == "filename":
            kind = "article"
        elif word not in ("static", "attach"):
            return Rejected(f"cách dẫn `{{{word}}}` không được hỗ trợ; dẫn tới tệp bằng đường dẫn tương đối (ví dụ `images/anh.jpg`) hoặc tới trang bằng địa chỉ đầy đủ", "unsupported-link")
        target = pelican["rest"]
    elif _SCHEME.match(target) or target.startswith("//"):
        return Resolved("external")
    elif target.startswith("#") or not target:
        return Resolved("fragment")
    elif target.startswith("/"):
        return _absolute_path(target, article)
    path, _, fragment = target.partition("#")
    path = unquote(path.split("?", 1)[0])
    if "\\" in path or "\x00" in path:
        return Rejected(f"đường dẫn `{target}` có ký tự `\\`; dùng dấu `/` giữa các thư mục, ví dụ `images/anh.jpg`", "bad-path")
    unit = article.parts[0]
    # `{static}/x` is relative to the content folder in Pelican; anything else to the article.
    base = "" if path.startswith("/") else str(article.parent)
    resolved = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if not resolved.startswith(f"{unit}/"):
        return Rejected(f"`{target}` nằm ngoài thư mục của đơn vị (content/{unit}/); chỉ dẫn tới tệp trong thư mục của đơn vị mình, ví dụ `images/anh.jpg`", "outside-unit")
    if kind == "file" and resolved.endswith(".md"):
        kind = "article"
    return Resolved(kind, resolved, fragment)


def _absolute_path(target: str, article: PurePosixPath) -> Rejected:
    """`/…`: an absolute path points at the root of the host, not at the unit's folder nor,
    for sure, at its site: a site is below a folder in the preview (127.0.0.1:8000/<site>/) and
    where sites share one host (GitHub Pages), so `/danh-ba/` would open another site's page or
    none, and `/etc/passwd` would pass for a page of the site.  For what can only be a unit's
    file (a photo, a document, an article) the editor means the file in the unit's folder: the
    message gives the relative form; for anything else, the page's full address."""
    written, hash_mark, fragment = target.partition("#")
    path = unquote(written.split("?", 1)[0])
    suffix = PurePosixPath(path).suffix.lower()
    if suffix not in PHOTO_TYPES and suffix not in DOCUMENT_TYPES and suffix not in _CONVERT and suffix != ".md":
        return Rejected(f"`{target}` là đường dẫn tuyệt đối (bắt đầu bằng `/`): nó chỉ tới gốc máy chủ, không chắc là "
                        "trang web của đơn vị (khi xem thử, hay khi nhiều trang web chung một máy chủ, nó mở trang khác "
                        "hoặc không mở được); dẫn tới một trang bằng địa chỉ đầy đủ, bắt đầu bằng `https://` (mở trang đó "
                        "rồi chép địa chỉ trên thanh địa chỉ), hoặc tới một bài của đơn vị bằng tên tệp của bài, ví dụ "
                        "`hoi-nghi.md`", "absolute-path")
    unit = article.parts[0]
    inside = path.lstrip("/").removeprefix("content/").removeprefix(f"{unit}/")  # also `/content/<unit>/...`
    relative = posixpath.relpath(posixpath.join(unit, inside), str(article.parent)) + hash_mark + fragment
    return Rejected(f"`{target}` là đường dẫn tuyệt đối (bắt đầu bằng `/`): nó chỉ tới gốc trang web, không tới thư mục của đơn vị; viết đường dẫn tính từ bài viết, không có `/` ở đầu: `{relative}`", "absolute-path")


# A Markdown link or image whose target, written without `< >`, goes on after a space with
# something that does not start a title (`"…"`, `'…'`, `(…)`).
_SPACED_TARGET = re.compile(r"""\[[^\]]*\]\(\s*(?P<target>[^<)\s][^)\s]*(?:[ \t]+[^)\s"'(][^)\s]*)+)""")


def spaced_targets(line: str) -> list[Rejected]:
    """The Markdown links and images of a body line whose target has a space and no `< >`:
    Python-Markdown takes the whole name, CommonMark (GitHub's preview) no link at all, and a
    reader that stops at the space another file; so none is published, each with both fixes."""
    found = []
    for match in _SPACED_TARGET.finditer(line):
        target = match["target"]
        if _SCHEME.match(target) or target.startswith("//"):
            encoded = re.sub(r"\s", "%20", target)
            found.append(Rejected(f"địa chỉ `{target}` có dấu cách; thay mỗi dấu cách bằng `%20`: `{encoded}`", "space-in-name"))
        else:
            renamed = re.sub(r"\s+", "-", target.strip())
            found.append(Rejected(f"tên tệp `{target}` có dấu cách, nên đường dẫn bị đọc khác nhau (có nơi chỉ đọc tới dấu cách); đổi tên tệp thành `{renamed}` và sửa đường dẫn theo (nên làm), hoặc đặt đường dẫn trong dấu `< >`: `(<{target}>)`", "space-in-name"))
    return found


FileSignature = tuple[tuple[int, int, int], tuple[int, bytes]]


def check_file(content: Path, path: str, written: str, *, photo_only: bool) -> Rejected | FileSignature:
    """Why the file at `path` (below `content`, already inside its unit) may not be published,
    naming it as the editor `written` it; else its signature (see checked_part).

    No symlink anywhere between the unit's folder and the file (lstat, never followed), a
    regular file, an allowed type (photos only where an image is shown), bytes that match."""
    current = str(content)
    for part in PurePosixPath(path).parts:
        current = os.path.join(current, part)
        try:
            status = os.lstat(current)
        except OSError:
            return Rejected(f"không tìm thấy tệp `{written}` mà bài viết dẫn tới; kiểm tra tên tệp và thư mục images/", "missing-file")
        if stat.S_ISLNK(status.st_mode):
            return Rejected(f"`{written}` đi qua liên kết tượng trưng (symlink); chép chính tệp vào thư mục của đơn vị", "symlink")
    if not stat.S_ISREG(status.st_mode):
        return Rejected(f"`{written}` không phải một tệp; dẫn tới một tệp ảnh hoặc tài liệu", "not-a-file")
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in _CONVERT:
        return Rejected(f"`{written}`: {_CONVERT[suffix]}", "convert-file")
    allowed = PHOTO_TYPES if photo_only else {**PHOTO_TYPES, **DOCUMENT_TYPES}
    if suffix not in allowed:
        kinds = "ảnh .jpg, .png, .webp, .avif, .gif" + ("" if photo_only else "; tài liệu .pdf, .docx, .xlsx, .odt")
        return Rejected(f"tệp `{written}` thuộc loại không được đăng; chỉ đăng được {kinds}", "file-type-not-allowed")
    checked = _checked_part(current, status.st_mode)
    if not _bytes_match(checked[1], suffix):
        return Rejected(f"nội dung tệp `{written}` không phải là {suffix.lstrip('.').upper()} như tên tệp; mở tệp và lưu lại đúng định dạng", "file-content-mismatch")
    return (status.st_size, status.st_mtime_ns, status.st_ino), checked


def _bytes_match(head: bytes, suffix: str) -> bool:
    if suffix == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if suffix == ".avif":
        return head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis", b"mif1")
    return head.startswith(_SIGNATURES[suffix])


def checked_part(content: Path, path: str) -> tuple[int, bytes]:
    """What check_file read of a file: its type and first bytes.  With the lstat part (size,
    mtime, inode: "not touched since") it is the file's signature; a fresh clone changes the
    lstat part only, and a file whose checked part is the same needs no new check."""
    file = os.path.join(content, path)
    return _checked_part(file, os.lstat(file).st_mode)


def _checked_part(file: str, mode: int) -> tuple[int, bytes]:
    if not stat.S_ISREG(mode):
        return stat.S_IFMT(mode), b""
    with open(file, "rb") as handle:
        return stat.S_IFMT(mode), handle.read(16)
