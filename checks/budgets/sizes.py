"""CSS, JavaScript and HTML sizes of every page, read from the files (no browser).

CSS: every stylesheet a page links (and what they @import) and its <style>
blocks, together. JavaScript: only the theme's one script (a file below a
`theme/` folder, deferred, at most 2 KB); a page below `tim-kiem/` may also
load the search page's own scripts (named or foldered `tim-kiem`, no budget). An inline script
other than JSON data breaks the CSP as well. Article pages (og:type article):
the HTML file itself, before images.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from .findings import ARTICLE_HTML_MAX, CSS_MAX, THEME_SCRIPT_MAX, Finding, kb
from .pages import Page, local_file

_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)""")
_DATA_SCRIPTS = ("application/ld+json", "application/json", "importmap", "speculationrules")


@dataclass
class PageSizes:
    html: int
    css: int = 0
    js: int = 0
    scripts: list[str] = field(default_factory=list)


def _css_size(output: Path, page: str, file: Path, prefixes: dict[str, str], seen: set[Path]) -> int:
    if file in seen or not file.is_file():
        return 0
    seen.add(file)
    text = file.read_text(encoding="utf-8", errors="replace")
    page_of_css = file.relative_to(output).as_posix()
    size = file.stat().st_size
    for reference in _IMPORT.findall(text):
        imported = local_file(output, page_of_css, reference, prefixes)
        if imported is not None:
            size += _css_size(output, page, imported, prefixes, seen)
    return size


def _script_findings(page: Page, path: str, size: int, deferred: bool) -> list[Finding]:
    if "tim-kiem" in page.path.split("/")[:-1] and "tim-kiem" in path:  # tim-kiem/*.js, theme/js/tim-kiem.js
        return []
    if "/theme/" not in f"/{path}":
        return [Finding(page.path, "sizes", "js-not-allowed", f"tải tập lệnh {path} ({kb(size)}) ngoài tập lệnh của giao diện",
                        "bỏ tập lệnh này: trang chỉ được tải một tập lệnh của giao diện (themes/congdoan/static)")]
    found = []
    if size > THEME_SCRIPT_MAX:
        found.append(Finding(page.path, "sizes", "js-size", f"tập lệnh {path} nặng {kb(size)}, quá {kb(THEME_SCRIPT_MAX)}",
                             "rút gọn tập lệnh của giao diện xuống dưới 2 KB"))
    if not deferred:
        found.append(Finding(page.path, "sizes", "js-not-deferred", f"tập lệnh {path} không có defer",
                             "thêm thuộc tính defer vào thẻ <script> của giao diện"))
    return found


def measure_page(output: Path, page: Page, prefixes: dict[str, str]) -> tuple[PageSizes, list[Finding]]:
    file = output / page.path
    data = file.read_bytes()
    sizes = PageSizes(html=len(data))
    findings: list[Finding] = []
    if not data.strip():
        return sizes, findings
    document = lxml.html.fromstring(data)
    seen: set[Path] = set()
    for link in document.iter("link"):
        if "stylesheet" in (link.get("rel") or "").lower().split() and link.get("href"):
            target = local_file(output, page.path, link.get("href"), prefixes)
            if target is not None:
                sizes.css += _css_size(output, page.path, target, prefixes, seen)
    sizes.css += sum(len((style.text or "").encode()) for style in document.iter("style"))
    theme_scripts = set()
    for script in document.iter("script"):
        if script.get("src"):
            target = local_file(output, page.path, script.get("src"), prefixes)
            if target is None or not target.is_file():
                continue  # a third-party or missing script: the browser check reports the request
            path = target.relative_to(output).as_posix()
            size = target.stat().st_size
            sizes.js += size
            sizes.scripts.append(path)
            findings += _script_findings(page, path, size, script.get("defer") is not None)
            if "/theme/" in f"/{path}" and "tim-kiem" not in path:
                theme_scripts.add(path)
        elif (script.get("type") or "").lower() not in _DATA_SCRIPTS and (script.text or "").strip():
            findings.append(Finding(page.path, "sizes", "js-inline", "có tập lệnh viết thẳng trong trang (CSP chặn)",
                                    "chuyển tập lệnh vào tập lệnh của giao diện"))
    if len(theme_scripts) > 1:
        findings.append(Finding(page.path, "sizes", "js-count", f"tải {len(theme_scripts)} tập lệnh của giao diện",
                                "gộp lại thành một tập lệnh (tối đa 2 KB)"))
    if sizes.css > CSS_MAX:
        findings.append(Finding(page.path, "sizes", "css-size", f"CSS tổng cộng {kb(sizes.css)}, quá {kb(CSS_MAX)}",
                                "rút gọn style.css (bỏ quy tắc không dùng) hoặc tách phần chỉ một kiểu trang cần"))
    if page.kind == "article" and sizes.html > ARTICLE_HTML_MAX:
        findings.append(Finding(page.path, "sizes", "article-html-size",
                                f"HTML của bài viết {kb(sizes.html)}, quá {kb(ARTICLE_HTML_MAX)}",
                                "bớt phần lặp lại trên trang bài viết (danh sách liên quan, thẻ chia sẻ, JSON-LD)"))
    return sizes, findings


def measure_sizes(output: Path, pages: list[Page], prefixes: dict[str, str]) -> tuple[dict, list[Finding]]:
    """The figures (largest of each, per kind) and every broken size budget."""
    findings: list[Finding] = []
    largest = {"css": ("", 0), "js": ("", 0), "html": ("", 0), "article_html": ("", 0)}
    for page in pages:
        sizes, found = measure_page(output, page, prefixes)
        findings += found
        for key, value in (("css", sizes.css), ("js", sizes.js), ("html", sizes.html),
                           ("article_html", sizes.html if page.kind == "article" else 0)):
            if value > largest[key][1]:
                largest[key] = (page.path, value)
    figures = {"pages": len(pages), **{f"max_{key}": {"page": page, "bytes": size} for key, (page, size) in largest.items()}}
    return figures, findings
