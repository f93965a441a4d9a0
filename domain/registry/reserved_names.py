"""Names the network's layout keeps for itself: no unit may take them as a path.

Inside a site (`output/<federation-id>/`) the site's own pages and files share
one folder with every unit's section (`<slug>/`, old slugs too: their redirect
pages) and every unit's files (`<unit-id>/`, the content folder's images).  At
the output root every federation's site folder (`<federation-id>/`) sits
beside the network's own files.  A unit named like one of the layout's names
would overwrite it or be overwritten by it, so the registry loader rejects
such ids, slugs and aliases (`reserved-name`).

The lists hold the names in use today and those kept for features planned
soon (search, static pages, legal documents, host files), so that no unit takes
them first.  Each name maps to what the layout puts there, in Vietnamese: the
registry's error message shows it to the editor.

Adding a name (a later feature that writes a new path directly inside a site or
at the output root):

1. add one line to `SITE` (inside every site; the root inherits it) or to
   `ROOT_ONLY` (the output root only), or a pattern to `SITE_PATTERNS` for a
   numbered family like `trang-2/`, in the same commit as the feature;
2. run the tests: tests/test_reserved_names.py builds the networks and fails on
   any entry of a site folder or of the output root that is neither reserved
   nor a unit's path, so a feature that forgets this step is caught;
3. a name some unit already uses cannot be reserved without breaking that
   unit's published URLs (its old slugs stay its paths for ever): the build
   then stops with `reserved-name` on that unit; give the feature another name.

Pure: no Pelican, no I/O.  Names are single path segments, compared without
regard to case (a case-insensitive file system or host would merge them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

# Directly inside every site folder: name -> what the layout puts there.
SITE: Mapping[str, str] = MappingProxyType({
    # in use
    "index.html": "trang chủ của trang web",
    "tin": "các bài viết",
    "feeds": "trang và các tệp RSS/Atom",
    "danh-ba": "danh bạ các đơn vị",
    "chuyen-muc": "các trang chuyên mục",
    "the": "các trang thẻ, tag",
    "luu-tru": "lưu trữ bài viết theo thời gian",
    "so-do-trang": "sơ đồ trang cho người đọc",
    "theme": "giao diện: CSS, phông chữ, ảnh của giao diện",
    "sitemap.xml": "sơ đồ trang cho máy tìm kiếm",
    "sitemap-chuyen-huong.xml": "sơ đồ các địa chỉ cũ đã chuyển hướng, cho máy tìm kiếm",
    "sitemap-tin-moi.xml": "sơ đồ tin mới của hai ngày qua, cho Google Tin tức",
    "_redirects": "bảng chuyển hướng địa chỉ cũ",
    "_headers": "tiêu đề HTTP của máy chủ, chính sách bảo mật",
    "manifest.webmanifest": "tên và biểu tượng của trang web khi thêm vào màn hình điện thoại",
    "gioi-thieu": "trang giới thiệu Liên đoàn Lao động",
    "lien-he": "trang liên hệ: địa chỉ, điện thoại, thư điện tử",
    "van-ban": "thư viện văn bản: nghị quyết, quyết định, kế hoạch...",
    "tim-kiem": "trang tìm kiếm và chỉ mục tìm kiếm",
    # kept for features planned soon
    "search": "để dành cho tìm kiếm",
    "admin": "để dành cho trang quản trị",
    "404": "để dành cho trang báo không tìm thấy",
    "404.html": "trang báo không tìm thấy (trong mỗi trang web và ở thư mục gốc)",
    "robots.txt": "để dành cho chỉ dẫn cho máy tìm kiếm",
    "favicon.ico": "để dành cho biểu tượng của trang web",
    ".well-known": "để dành cho tệp xác minh tên miền, chứng chỉ HTTPS",
    "static": "để dành cho tệp tĩnh dùng chung",
    "assets": "để dành cho tệp tĩnh dùng chung",
    "images": "để dành cho ảnh dùng chung",
    "css": "để dành cho tệp CSS dùng chung",
    "js": "để dành cho tệp JavaScript dùng chung",
})

# Numbered families inside a site: (pattern of the whole name, what it is).
SITE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"trang-[0-9]+"), "trang 2, 3... của danh sách bài, phân trang"),
)

# Only at the output root, beside the site folders (which also hold SITE's names).
ROOT_ONLY: Mapping[str, str] = MappingProxyType({
    "redirects.nginx.map": "bảng chuyển hướng cho nginx",
    "headers.nginx.conf": "tiêu đề HTTP cho nginx, chính sách bảo mật",
    "feeds.txt": "danh sách mọi địa chỉ bản tin RSS/Atom đã xuất bản",  # stages/sitemaps/feed_list.py
    "_xem-truoc": "tệp riêng của bản xem trước (make serve)",  # domain/preview.py PREFIX
})
ROOT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[a-z0-9_-]+\.nginx(?:\.[a-z0-9]+)?"), "tệp cấu hình cho nginx"),
)

# Everything reserved at the output root: the root also serves the network's own
# pages (the network index, its theme, sitemap index, redirect and header files).
ROOT: Mapping[str, str] = MappingProxyType({**SITE, **ROOT_ONLY})


def _lookup(name: str, names: Mapping[str, str], patterns: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    key = name.casefold()
    if key in names:
        return names[key]
    return next((what for pattern, what in patterns if pattern.fullmatch(key)), None)


def reserved_in_site(name: str) -> str | None:
    """What a site keeps at `<site>/<name>` (Vietnamese), or None when units may use the name."""
    return _lookup(name, SITE, SITE_PATTERNS)


def reserved_at_root(name: str) -> str | None:
    """What the output root keeps at `<output>/<name>` (Vietnamese), or None when a site may use the name."""
    return _lookup(name, ROOT, SITE_PATTERNS + ROOT_PATTERNS)
