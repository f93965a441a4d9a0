"""A described document's file: found inside its unit's folder, and what it really is.

Fenced by resolving, never by looking at the string alone: the path is split into
segments (no absolute path, no `..`, no backslash), then each segment below the unit
folder is `lstat`ed, so a symlink anywhere on the way is refused (it could point at
the build machine's secrets or at another unit's files).  The file must be a regular
file of an allowed type whose first bytes are what its extension says (a page renamed
`.pdf` is refused), within the size limit.  Office files are ZIP archives: their
member list is read (never a member's contents but an ODT's 39-byte `mimetype`), so
a ZIP renamed `.docx` is refused too.
"""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from domain.articles.references import DOCUMENT_TYPES

MAX_BYTES = 20 * 1024 * 1024  # a scanned 30-page decision is about 5 MB; 20 MB is a mistake or a video
# Types editors meet that must be converted first, with the fix.
CONVERT = {
    ".doc": "tệp Word cũ (.doc): mở bằng Word, chọn Lưu thành (Save As) › .docx, hoặc xuất ra PDF",
    ".xls": "tệp Excel cũ (.xls): mở bằng Excel, chọn Lưu thành (Save As) › .xlsx, hoặc xuất ra PDF",
    ".rtf": "tệp RTF: mở bằng Word rồi lưu thành .docx hoặc xuất ra PDF",
    ".jpg": "ảnh chụp văn bản: ghép các trang thành một tệp PDF (máy quét hoặc ứng dụng quét trên điện thoại)",
    ".jpeg": "ảnh chụp văn bản: ghép các trang thành một tệp PDF",
    ".png": "ảnh chụp văn bản: ghép các trang thành một tệp PDF",
    ".zip": "tệp nén: giải nén và mô tả từng văn bản (PDF, DOCX, XLSX, ODT)",
    ".rar": "tệp nén: giải nén và mô tả từng văn bản (PDF, DOCX, XLSX, ODT)",
}
FORMAT_LABELS = {".pdf": "PDF", ".docx": "Word (DOCX)", ".xlsx": "Excel (XLSX)", ".odt": "OpenDocument (ODT)"}
_ZIP_MEMBER = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class FileFacts:
    path: str  # below content/, POSIX
    suffix: str  # lower case, with the dot
    size: int


class FileRefused(Exception):
    """Why a described file cannot be published (Vietnamese, with the fix) and the problem's code."""

    def __init__(self, message: str, code: str):
        super().__init__(message, code)
        self.message, self.code = message, code


def check_file(content: Path, unit_id: str, written: str) -> FileFacts:
    """The file `written` (relative to content/<unit_id>/) as the library may publish it;
    raises FileRefused with the reason and the fix."""
    relative = _inside_unit(written)
    folder = content / unit_id
    current = folder
    for part in relative.parts:
        current = current / part
        try:
            status = os.lstat(current)
        except FileNotFoundError:
            raise FileRefused(f"không có tệp `{written}` trong thư mục content/{unit_id}/; kiểm tra tên tệp "
                              "(cả chữ hoa, chữ thường và đuôi tệp) và chép tệp vào thư mục của đơn vị", "missing-file") from None
        if stat.S_ISLNK(status.st_mode):
            raise FileRefused(f"`{written}` đi qua một liên kết tượng trưng (symlink) `{current.relative_to(folder).as_posix()}`, "
                              "có thể trỏ ra ngoài thư mục của đơn vị; xóa liên kết và chép chính tệp vào thư mục", "symlink")
    if not stat.S_ISREG(status.st_mode):
        raise FileRefused(f"`{written}` không phải một tệp (có lẽ là một thư mục); ghi đường dẫn tới đúng tệp văn bản", "missing-file")
    suffix = relative.suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        fix = CONVERT.get(suffix, "chỉ đăng được tệp PDF, DOCX, XLSX hoặc ODT")
        raise FileRefused(f"`{written}` có đuôi `{relative.suffix or '(không có)'}`, không đăng được; {fix}", "document-file-type")
    if status.st_size > MAX_BYTES:
        raise FileRefused(f"`{written}` nặng {_megabytes(status.st_size)}, quá giới hạn {_megabytes(MAX_BYTES)}; "
                          "nén lại (xuất PDF với chất lượng ảnh thấp hơn, quét ở 150 dpi đen trắng) hoặc tách thành nhiều văn bản", "file-too-large")
    if status.st_size == 0:
        raise FileRefused(f"`{written}` là tệp rỗng (0 byte); chép lại tệp văn bản đầy đủ", "empty-file")
    _check_bytes(folder / relative, written, suffix)
    return FileFacts(f"{unit_id}/{relative.as_posix()}", suffix, status.st_size)


def _inside_unit(written: str) -> PurePosixPath:
    """The written path as segments below the unit folder, or FileRefused."""
    if "\\" in written:
        raise FileRefused(f"`{written}` dùng dấu `\\`; viết đường dẫn bằng dấu `/`, ví dụ `van-ban/nghi-quyet-01.pdf`", "path-outside-unit")
    path = PurePosixPath(written)
    if path.is_absolute() or written.startswith("~"):
        raise FileRefused(f"`{written}` là đường dẫn tuyệt đối; ghi đường dẫn tính từ thư mục của đơn vị, ví dụ `van-ban/nghi-quyet-01.pdf`", "path-outside-unit")
    if ".." in path.parts:
        raise FileRefused(f"`{written}` đi ra ngoài thư mục của đơn vị (`..`); chép tệp vào thư mục của đơn vị "
                          "(ví dụ `van-ban/`) rồi ghi đường dẫn tính từ đó", "path-outside-unit")
    if not path.parts or path.name.startswith("."):
        raise FileRefused(f"`{written}` không phải tên một tệp văn bản; ví dụ `van-ban/nghi-quyet-01.pdf`", "missing-file")
    return path


def _check_bytes(file: Path, written: str, suffix: str) -> None:
    with open(file, "rb") as handle:
        head = handle.read(8)
    if suffix == ".pdf":
        if not head.startswith(b"%PDF-"):
            raise FileRefused(f"`{written}` có đuôi .pdf nhưng nội dung không phải PDF (không bắt đầu bằng `%PDF-`); "
                              "xuất lại văn bản ra PDF từ Word hoặc máy quét, đừng chỉ đổi đuôi tệp", "file-content-mismatch")
        return
    what = FORMAT_LABELS[suffix]
    refused = FileRefused(f"`{written}` có đuôi {suffix} nhưng nội dung không phải tệp {what}; "
                          f"mở tệp bằng chương trình văn phòng và lưu lại đúng định dạng {suffix}, đừng chỉ đổi đuôi tệp", "file-content-mismatch")
    if not head.startswith(b"PK\x03\x04"):
        raise refused
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if suffix == ".odt":
                if "mimetype" not in names or archive.getinfo("mimetype").file_size > 100:
                    raise refused
                if archive.read("mimetype").strip() != _ODT_MIMETYPE:
                    raise refused
            elif _ZIP_MEMBER[suffix] not in names:
                raise refused
    except (zipfile.BadZipFile, OSError, KeyError, NotImplementedError, RuntimeError) as error:
        raise refused from error


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"
