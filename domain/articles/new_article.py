"""A new article's file (`make new UNIT=<id> TITLE="..."`): its name, its header, its future URL.

The header has no comment syntax (headers.py: any line that is not a field ends the header
and starts the body, so a `# ...` line there is a Markdown heading today, and a comment
syntax would silently change such files).  So the header holds only fields whose value
passes as written (Title, Date, Category, an empty Tags and Author, Status: draft), and
the fields left out (Summary, Image, ImageCaption) and the other categories are explained
in an HTML comment at the top of the body: Markdown keeps it as raw HTML, the cleaner
drops every comment (html_cleaning/policy.py `strip_comments`) and does not report it, so
it is never published.  An empty `Summary:` would not do: it is a summary, an empty one.

The text is read back with the build's own reader (read_record) before it is returned:
the file it makes always passes the check, or nothing is written.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from domain.registry import Network, Unit, display_path

from .identity import slugify_vi
from .record_reading import RecordRules, read_record

if TYPE_CHECKING:
    from domain.url_layout import UrlLayout

MAX_NAME_LENGTH = 60  # characters of the title's words in the file name (never a word cut in half)
LIST_COMMAND = "python -m scripts.new_article --list"


class NewArticleRefused(Exception):
    """The article cannot be made as asked; the message (Vietnamese) says why and what to do."""


@dataclass(frozen=True)
class NewArticle:
    path: Path  # content/<unit>/<yyyy-mm-dd>-<words>.md
    text: str
    url: str  # where it will be published (relative to its site's when the site has no URL)


def clean_title(title: str) -> str:
    """The title on one line: runs of spaces and line breaks become one space; a control or
    invisible character (it would end or split the header line) is refused."""
    title = " ".join(title.split())
    hidden = next((c for c in title if unicodedata.category(c).startswith("C")), None)
    if hidden is not None:
        raise NewArticleRefused(f"tiêu đề có ký tự ẩn U+{ord(hidden):04X}; gõ lại tiêu đề bằng tay (thường do chép từ trang web hoặc Word)")
    if not title:
        raise NewArticleRefused('thiếu tiêu đề; ví dụ: make new UNIT=cdcs-abc TITLE="Hội nghị người lao động năm 2026"')
    return title


def file_name(title: str, now: datetime) -> str:
    """`2026-11-24-hoi-nghi-nguoi-lao-dong.md`: the day, then the title's words without diacritics."""
    words = re.sub(r"[^a-z0-9]+", "-", slugify_vi(title)).strip("-")
    if len(words) > MAX_NAME_LENGTH:
        words = words[: MAX_NAME_LENGTH + 1].rsplit("-", 1)[0]
    if not words:
        raise NewArticleRefused(f"tiêu đề `{title}` không có chữ hay số nào để đặt tên tệp; viết tiêu đề bằng chữ, ví dụ `Hội nghị người lao động`")
    return f"{now:%Y-%m-%d}-{words}.md"


def find_unit(network: Network, registry: Network, wanted: str) -> Unit:
    """The unit `wanted` names in the network as of today (`registry`: its whole history), or why not."""
    if wanted in network:
        unit = network[wanted]
        if not unit.is_active:
            where = f"; bài mới đăng ở thư mục của đơn vị kế thừa: make new UNIT={unit.successor_id}" if unit.successor_id else ""
            raise NewArticleRefused(f"đơn vị `{wanted}` ({unit.name}) đã giải thể hoặc hợp nhất, không đăng bài mới được{where}")
        return unit
    if wanted in registry:
        day = registry[wanted].established
        raise NewArticleRefused(f"đơn vị `{wanted}` thành lập từ ngày {day:%d/%m/%Y}: chưa đăng bài được trước ngày đó" if day
                                else f"đơn vị `{wanted}` chưa hoạt động")
    active = [unit for unit in network if unit.is_active]
    by_spelling = {unit.id: unit.id for unit in active} | {slugify_vi(unit.name): unit.id for unit in active}
    folded = slugify_vi(wanted) or wanted
    contained = [spelling for spelling in by_spelling if len(folded) >= 3 and folded in spelling]
    close = contained[:3] or difflib.get_close_matches(folded, list(by_spelling), n=3, cutoff=0.8)
    guesses = list(dict.fromkeys(by_spelling[spelling] for spelling in close))
    hint = f"có phải là {', '.join(f'`{guess}`' for guess in guesses)}? " if guesses else ""
    raise NewArticleRefused(f"không có đơn vị mã `{wanted}` trong {network.path}; {hint}xem danh sách mã đơn vị: {LIST_COMMAND}")


def header_and_note(title: str, now: datetime, categories: tuple[str, ...], default_category: str) -> str:
    """The file's text: every field that passes as written, the others explained in a comment."""
    category = categories[0] if categories else default_category
    others = "; ".join(categories[1:]) if len(categories) > 1 else "(chưa cấu hình chuyên mục nào khác)"
    return "\n".join([
        f"Title: {title}",
        f"Date: {now:%Y-%m-%d %H:%M}",
        f"Category: {category}",
        "Tags:",
        "Author:",
        "Status: draft",
        "",
        "<!--",
        "Ghi chú cho người viết: phần này không hiện trên trang, có thể xóa khi viết xong.",
        "- Status: draft là bài nháp, chưa đăng. Viết xong, đổi thành `Status: published`, chạy `make check`, rồi gửi lên.",
        "- Date: giờ đăng (giờ Việt Nam). Ghi giờ sau này thì bài tự đăng vào giờ đó.",
        f"- Category: chọn một chuyên mục chính. Các chuyên mục khác: {others}.",
        "- Tags: từ khóa, cách nhau bằng dấu phẩy, ví dụ `Tags: an toàn lao động, đại hội`. Author: tên người viết. Để trống cũng được.",
        "- Tóm tắt: thêm vào phần đầu (trên dòng trống) một dòng `Summary: một hai câu tóm tắt`; không có thì trang lấy đoạn đầu bài.",
        "- Ảnh đại diện: đặt ảnh vào thư mục images/ cạnh bài, rồi thêm vào phần đầu ba dòng",
        "  `Image: images/ten-anh.jpg`, `ImageAlt: Tả điều ảnh cho thấy` (cho người không xem được ảnh)",
        "  và `ImageCaption: Chú thích ảnh, tên người chụp`.",
        "- Phần đầu kết thúc ở dòng trống đầu tiên. Viết nội dung bài bên dưới ghi chú này.",
        "-->",
        "",
        "",
    ])


def new_article(content: Path, network: Network, registry: Network, unit_id: str, title: str, now: datetime, *,
                categories: tuple[str, ...], default_category: str, timezone: str, layout: UrlLayout) -> NewArticle:
    """The new article of `unit_id` titled `title`, dated `now` (in `timezone`, the network's), checked
    as the build checks it; `network`: the registry as of today, with its sites' URLs assigned."""
    unit = find_unit(network, registry, unit_id)
    title = clean_title(title)
    name = file_name(title, now)
    path = content / unit.id / name
    if path.parent.is_symlink():  # the build never follows one (content_files.py): nor is a file written through it
        raise NewArticleRefused(f"thư mục {path.parent} là liên kết tượng trưng (symlink); thay bằng một thư mục thật")
    if path.exists() or path.is_symlink():
        raise NewArticleRefused(f"tệp {display_path(path)} đã có; mở tệp đó để sửa, hoặc đặt tiêu đề khác cho bài mới")
    text = header_and_note(title, now, categories, default_category)
    rules = RecordRules(content.resolve(), default_category, timezone, layout)
    reading = read_record(text.encode("utf-8"), PurePosixPath(unit.id, name), rules, shown=path, unit_ended=None)
    record, problems = reading.record, reading.problems
    if record is None or problems or record.title != title:  # a title the header cannot hold as written
        raise NewArticleRefused("; ".join(problem.message for problem in problems) or "tiêu đề không dùng được")
    site_url = unit.site.site_url
    return NewArticle(path, text, f"{site_url}/{record.url}" if site_url else record.url)
