"""A temporary network for the poster's tests: network.yml with Pages, and unit feeds from the project's writer.

The feeds are written by `domain.feeds.writer.render_atom` at the path
`domain.feeds.catalog.unit_feed` gives, for the network as of today (the
registry's history applied, as the build does), with the article URLs the
build gives (`url_slug` of the title and identity, through the settings' URL
layout), so the poster reads the same bytes it reads after `make build`.
"""

from __future__ import annotations

import hashlib
import html
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from builder.config import load_config
from domain.articles.identity import url_slug
from domain.feeds.catalog import unit_feed
from domain.feeds.items import FeedItem, tag_uri
from domain.feeds.settings import feed_settings
from domain.feeds.writer import render_atom
from domain.registry import load_network
from social.share_tags import page_file

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "pelicanconf.py"
SITE = "tinh-thu"


@dataclass
class PageSpec:
    unit_id: str
    page_id: str
    token: str
    token_env: str | None = None  # None: the token comes from FB_PAGE_TOKENS
    ages: list[timedelta] = field(default_factory=list)  # one item per age, published that long ago
    parent: str = SITE
    extra: str = ""  # more of the unit's registry lines (established:, history:), indented by 4


@dataclass
class TestNetwork:
    root: Path
    content: Path
    output: Path
    state: Path
    pages: list[PageSpec]
    urls: dict[str, list[str]]  # unit id -> article URLs, as in its feed
    sites: dict[str, tuple[Path, str]] = field(default_factory=dict)  # unit id -> its site's folder and URL

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a run: FB_TOKEN_* variables and the FB_PAGE_TOKENS map."""
        import json
        import os
        env = {key: value for key, value in os.environ.items() if not key.startswith(("FB_", "SOCIAL_"))}
        mapped = {}
        for page in self.pages:
            if page.token_env:
                env[page.token_env] = page.token
            else:
                mapped[page.page_id] = page.token
        env["FB_PAGE_TOKENS"] = json.dumps(mapped)
        env.update(extra)
        return env

    def args(self, graph_url: str, *more: str) -> list[str]:
        return ["post", "--content", str(self.content), "--output", str(self.output), "--settings", str(SETTINGS),
                "--state", str(self.state), "--graph-url", graph_url, "--retry-base", "0.01", "--retry-max", "0.05",
                "--timeout", "2", *more]


OTHER_SITE = "tinh-khac"


def _registry(pages: list[PageSpec], site_history: str = "") -> str:
    lines = ["units:", f"  - id: {SITE}", "    name: Liên đoàn Lao động tỉnh Thử", "    short_name: LĐLĐ tỉnh Thử",
             "    kind: province", "    url: https://ldld.tinhthu.example.vn"]
    if site_history:
        lines += ["    history:", *[f"      {line}" for line in site_history.splitlines()]]
    lines += [f"  - id: {OTHER_SITE}", "    name: Liên đoàn Lao động tỉnh Khác", "    short_name: LĐLĐ tỉnh Khác",
              "    kind: province", "    url: https://ldld.tinhkhac.example.vn"]
    for number, page in enumerate(pages, start=1):
        lines += [f"  - id: {page.unit_id}", f"    name: Công đoàn cơ sở Thử {number}",
                  f"    short_name: CĐCS Thử {number}", "    kind: grassroots", f"    parent: {page.parent}",
                  f"    facebook_page_id: '{page.page_id}'"]
        if page.token_env:
            lines.append(f"    facebook_token_env: {page.token_env}")
        lines += [f"    {line}" for line in page.extra.splitlines() if line.strip()]
    return "\n".join(lines) + "\n"


def make_network(root: Path, pages: list[PageSpec], now: datetime | None = None, site_history: str = "",
                 settings: Path = SETTINGS) -> TestNetwork:
    """network.yml and one Atom feed per page's unit, items published `ages` before `now`.

    `site_history`: the `history:` entries of the province SITE (one `- {date: ..., event: ...}` a line)."""
    now = now or datetime.now(UTC)
    content, output = root / "content", root / "output"
    content.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(output, ignore_errors=True)  # a build's output holds only what this network writes
    (content / "network.yml").write_text(_registry(pages, site_history), encoding="utf-8")
    config = load_config(settings)
    network = load_network(content / "network.yml").at(now.astimezone(timezone(timedelta(hours=7))).date())
    network.assign_urls(config.base_url)
    settings = feed_settings(None)[0]
    urls: dict[str, list[str]] = {}
    sites: dict[str, tuple[Path, str]] = {}
    for page in pages:
        if page.unit_id not in network:
            continue  # not established yet
        unit = network[page.unit_id]
        items = []
        for number, age in enumerate(page.ages, start=1):
            identity = f"{unit.id}/bai-{number:04d}.md"
            title = f"Bản tin số {number} của {unit.short_name}"
            published = (now - age).astimezone(timezone(timedelta(hours=7))).replace(microsecond=0).isoformat()
            items.append(FeedItem(
                identity=identity, guid=tag_uri(settings.tag_authority, settings.tag_date, identity),
                title=title, url=f"{unit.site.site_url}/{config.layout.article(url_slug(title, identity)).url}",
                content=f"<p>Nội dung bản tin số {number}.</p>",
                summary=f"<p>Tóm tắt bản tin số {number}: đoàn viên &amp; người lao động.</p>",
                author="Ban Tuyên giáo", category="Hoạt động công đoàn",
                tags=("hội nghị người lao động", "an toàn, vệ sinh lao động"),
                published=published, updated=published, unit_id=unit.id, enclosure=None))
        items.sort(key=lambda item: item.published, reverse=True)
        for item in items:
            write_article_page(output / unit.site.id, unit.site.site_url, item.url, item.title)
        spec = unit_feed(unit, settings)
        path = output / unit.site.id / spec.save_as("atom")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render_atom(spec, items))
        urls[unit.id] = [item.url for item in items]
        sites[unit.id] = (output / unit.site.id, unit.site.site_url)
    return TestNetwork(root, content, output, root / "state" / "state.sqlite", pages, urls, sites)


def write_article_page(site_folder: Path, site_url: str, url: str, title: str) -> Path:
    """The article's page as the build writes it, as far as the posters read it: its share tags."""
    path = page_file(site_folder, site_url, url)
    assert path is not None, url
    path.parent.mkdir(parents=True, exist_ok=True)
    image = f"{site_url}/tin/chia-se/{hashlib.sha256(url.encode()).hexdigest()[:16]}.jpg"
    path.write_text(f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
                    f'<meta property="og:title" content="{html.escape(title)}">'
                    f'<meta property="og:image" content="{image}"></head><body></body></html>', encoding="utf-8")
    return path


def run_cli(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    """`python -m scripts.social ...` as its own process (a crash there cannot touch the test)."""
    return subprocess.run([sys.executable, "-m", "scripts.social", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_inprocess(args: list[str], env: dict[str, str]) -> Result:
    """`scripts.social.main` in this process (fast), with its output captured."""
    import contextlib
    import io

    from scripts.social import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args, environ=env)
    return Result(code, out.getvalue(), err.getvalue())
