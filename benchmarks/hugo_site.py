"""The benchmark's articles as a Hugo site, so Hugo can be timed on the same corpus.

Pelican headers (`Title: ...`) become JSON front matter (which Hugo reads and
which needs no quoting rules of its own); images go to static/.  The layouts
(hugo_layouts/) are a small theme comparable to ours: a menu of categories,
article pages, paginated lists with summaries, tag and category pages, and
Hugo's default RSS feeds for the home page, sections and taxonomies.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

LAYOUTS = Path(__file__).resolve().parent / "hugo_layouts"
CONFIG = """\
baseURL = "http://127.0.0.1:8000/"
title = "Mạng trang tin công đoàn"
languageCode = "vi"
defaultContentLanguage = "vi"
timeZone = "Asia/Ho_Chi_Minh"
[pagination]
  pagerSize = 10
[taxonomies]
  tag = "tags"
  category = "categories"
"""
_LISTS = {"Tags": "tags", "Category": "categories"}
_FIELDS = {"Title": "title", "Date": "date", "Author": "author", "Summary": "summary"}


def _front_matter(header: str) -> dict:
    fields: dict = {}
    for line in header.splitlines():
        name, _, value = line.partition(":")
        value = value.strip()
        if name in _LISTS:
            fields[_LISTS[name]] = [item.strip() for item in value.split(",") if item.strip()]
        elif name == "Date":
            fields["date"] = value.replace(" ", "T") + ":00+07:00"
        elif name in _FIELDS:
            fields[_FIELDS[name]] = value
    return fields


def make_hugo_site(content: Path, site: Path) -> Path:
    """Write a Hugo site for the articles below `content` into `site` (emptied first)."""
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(LAYOUTS, site / "layouts")
    (site / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for path in sorted(content.rglob("*")):
        if not path.is_file() or path.name == "network.yml":
            continue
        relative = path.relative_to(content)
        if path.suffix == ".md":
            header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
            target = site / "content" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(_front_matter(header), ensure_ascii=False, indent=1) + "\n\n" + body,
                              encoding="utf-8")
        else:
            target = site / "static" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return site
