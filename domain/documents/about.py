"""A federation's optional about page, `content/<unit>/gioi-thieu.md`: history, structure, leadership.

Markdown without a header (the page's title and facts come from the registry), cleaned
as an article body is (domain/html_cleaning: nh3's allowlist, removals as warnings with
the line).  Links may go to other web pages or to places on the page; images and the
unit's files are not published from it (only what is described is published), so such
links are dropped, with a warning.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from markdown import Markdown

from domain.html_cleaning import clean_html
from domain.registry import Problem, display_path

ABOUT_FILE = "gioi-thieu.md"
MAX_ABOUT_BYTES = 200 * 1024


@dataclass(frozen=True)
class AboutPage:
    unit_id: str
    source: str  # below content/
    html: str  # cleaned


def read_about(content: Path, unit_id: str, warnings: list[Problem], problems: list[Problem]) -> AboutPage | None:
    """The unit's about page, or None when it has none (or it has errors, added to `problems`)."""
    path = content / unit_id / ABOUT_FILE
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    shown = display_path(path)
    if not stat.S_ISREG(status.st_mode):  # a symlink is the content walk's error
        return None
    if status.st_size > MAX_ABOUT_BYTES:
        problems.append(Problem(shown, 1, "tệp", f"trang giới thiệu lớn hơn {MAX_ABOUT_BYTES // 1024} KB; rút gọn, "
                                                 "hoặc đăng phần dài thành bài viết", "about-too-large"))
        return None
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(shown, 1, "tệp", "tệp không phải chữ Unicode (UTF-8); lưu lại với bảng mã UTF-8", "not-utf8"))
        return None
    dropped: list[str] = []

    def resolve(tag: str, attribute: str, url: str) -> str | None:
        if url.startswith("#") or (tag == "a" and url.startswith(("https://", "http://", "mailto:", "tel:"))):
            return url
        dropped.append(url)
        return None

    markdown = Markdown(extensions=["extra"], output_format="html")
    cleaned = clean_html(markdown.convert(text), resolve, video_poster="")
    lines = text.split("\n")
    for removal in cleaned.removals:
        if any(removal.needle and removal.needle in url.lower() for url in dropped):
            continue  # said below, with the reason
        line = next((n for n, t in enumerate(lines, 1) if removal.needle and removal.needle.lower() in t.lower()), 1)
        warnings.append(Problem(shown, line, "nội dung", f"đã bỏ {removal.what}; phần còn lại vẫn được đăng", "html-removed"))
    for url in dropped:
        line = next((n for n, t in enumerate(lines, 1) if url in t), 1)
        warnings.append(Problem(shown, line, "nội dung", f"đã bỏ liên kết hoặc ảnh `{url}`: trang giới thiệu chỉ dẫn tới "
                                                       "trang web khác (https://...); ảnh và tệp đăng trong bài viết hoặc mục văn bản",
                                "about-link-removed"))
    return AboutPage(unit_id, f"{unit_id}/{ABOUT_FILE}", cleaned.html)
