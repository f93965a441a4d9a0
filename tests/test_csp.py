"""Content-Security-Policy: the table, its three renderings, every built page, and a real Chromium.

Three builds of the test network, reorganised so that redirect pages exist
(a renamed CĐCS keeps its old slug as an alias; the city federation tp-tay
merged into tp-dong, its folder left with redirect pages): the session's
`built`, one with every site under one base URL served by one local host,
and one with every site on its own origin (a local host per site, on its own
port of 127.0.0.1), served from its own folder with that folder's `_headers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser import StaticHost, Watch, headers_for, parse_headers_file, watch
from builder.build import BuildOptions, build
from conftest import ROOT, copy_fixture_content, local_network
from domain.csp import (
    BASE,
    DEFAULT_KIND,
    HEADERS_FILE,
    META_IGNORED,
    NETWORK_ORIGINS,
    NGINX_FILE,
    PAGE_KINDS,
    PageKind,
    check_kinds,
    directives_for,
    header_policy,
    headers_file,
    kind_for,
    meta_policy,
    meta_tag,
    network_origins,
    nginx_snippet,
    security_headers,
    site_path,
)
from domain.registry import Network

ORIGINS = ["https://a.example.vn", "https://b.example.vn"]
SEARCH_KINDS = {**PAGE_KINDS, "search": PageKind("tim-kiem/", {"script-src": ("'wasm-unsafe-eval'",),
                                                               "connect-src": ("https://b.example.vn",)})}
UNSTYLED = "rgba(0, 0, 0, 0)"  # a <header>'s background before any stylesheet


def parse_policy(policy: str) -> dict[str, tuple[str, ...]]:
    return {name: tuple(sources) for name, *sources in (part.split() for part in policy.split(";") if part.strip())}


# --- The table and its renderings (pure) -----------------------------------------------------

def test_the_table_gives_every_page_the_base_directives():
    assert directives_for(DEFAULT_KIND, ORIGINS) == {
        "default-src": ("'self'",),
        "img-src": ("'self'", "https://a.example.vn", "https://b.example.vn"),
        "style-src": ("'self'",),
        "script-src": ("'self'",),
        "object-src": ("'none'",),
        "base-uri": ("'self'",),
        "form-action": ("'self'",),
        "frame-ancestors": ("'none'",),
    }
    assert header_policy(DEFAULT_KIND, ORIGINS) == (
        "default-src 'self'; img-src 'self' https://a.example.vn https://b.example.vn; style-src 'self'; "
        "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
    assert [name for name, _ in security_headers(DEFAULT_KIND, ORIGINS)] == [
        "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"]
    assert dict(security_headers(DEFAULT_KIND, ORIGINS))["X-Content-Type-Options"] == "nosniff"
    assert dict(security_headers(DEFAULT_KIND, ORIGINS))["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_one_origin_for_the_whole_network_is_self():
    assert directives_for(DEFAULT_KIND, ["http://127.0.0.1:8000"])["img-src"] == ("'self'",)
    assert NETWORK_ORIGINS in BASE["img-src"] and all(NETWORK_ORIGINS not in v for v in directives_for(DEFAULT_KIND, []).values())


def test_a_later_kind_adds_only_what_it_needs_in_its_own_folder():
    search = directives_for("search", ORIGINS, SEARCH_KINDS)
    assert search["script-src"] == ("'self'", "'wasm-unsafe-eval'")
    assert search["connect-src"] == ("'self'", "https://b.example.vn")  # from default-src, not from nothing
    page = directives_for(DEFAULT_KIND, ORIGINS)
    assert {k: v for k, v in search.items() if k != "connect-src"} == page | {"script-src": search["script-src"]}
    elements = directives_for("x", ORIGINS, {**PAGE_KINDS, "x": PageKind("x/", {"script-src-elem": ("'wasm-unsafe-eval'",),
                                                                               "object-src": ("'self'",)})})
    assert elements["script-src-elem"] == ("'self'", "'wasm-unsafe-eval'")  # from script-src, its fallback
    assert elements["object-src"] == ("'self'",)  # 'none' beside a source would be ignored: dropped
    assert kind_for("tim-kiem/index.html", SEARCH_KINDS) == "search"
    assert kind_for("tin/tim-kiem.html", SEARCH_KINDS) == kind_for("index.html", SEARCH_KINDS) == DEFAULT_KIND
    assert kind_for("tim-kiem/index.html") == DEFAULT_KIND  # no such kind today


@pytest.mark.parametrize("kinds", [
    {},
    {DEFAULT_KIND: PageKind(), "x": PageKind()},
    {DEFAULT_KIND: PageKind(), "x": PageKind("/tim-kiem/")},
    {DEFAULT_KIND: PageKind(), "x": PageKind("tim-kiem")},
    {DEFAULT_KIND: PageKind(), "x": PageKind("tim kiem/")},
    {DEFAULT_KIND: PageKind(), "x": PageKind(":site/tim-kiem/")},
    {DEFAULT_KIND: PageKind(), "x": PageKind("a/"), "y": PageKind("a/b/")},
])
def test_a_table_that_cannot_be_served_is_refused(kinds):
    with pytest.raises(ValueError, match="csp:"):
        check_kinds(kinds)


@pytest.mark.parametrize("kind", ["page", "search"])
def test_meta_and_header_say_the_same_but_what_a_meta_cannot_carry(kind):
    header = parse_policy(header_policy(kind, ORIGINS, SEARCH_KINDS))
    meta = parse_policy(meta_policy(kind, ORIGINS, SEARCH_KINDS))
    assert "frame-ancestors" in header and not META_IGNORED & meta.keys()
    assert {name: sources for name, sources in header.items() if name not in META_IGNORED} == meta
    tag = BeautifulSoup(meta_tag("tim-kiem/" if kind == "search" else "tin/x.html", ORIGINS, SEARCH_KINDS), "lxml").meta
    assert tag["http-equiv"] == "Content-Security-Policy" and tag["content"] == meta_policy(kind, ORIGINS, SEARCH_KINDS)


def test_headers_file_gives_each_folder_its_kind():
    rules = parse_headers_file(headers_file(ORIGINS, in_site_folders=True, kinds=SEARCH_KINDS))
    for path, kind in [("/tp-dong/tin/x.html", "page"), ("/tp-dong/tim-kiem/", "search"), ("/", "page"),
                       ("/tinh-mau/tim-kiem/index.html", "search"), ("/theme/css/style.css", "page")]:
        assert headers_for(rules, path) == dict(security_headers(kind, ORIGINS, SEARCH_KINDS)), path
    own = parse_headers_file(headers_file(ORIGINS, kinds=SEARCH_KINDS))
    assert headers_for(own, "/tim-kiem/") == dict(security_headers("search", ORIGINS, SEARCH_KINDS))


def nginx_headers(text: str) -> dict[str | None, dict[str, str]]:
    """add_header lines per location (None: the server level)."""
    found: dict[str | None, dict[str, str]] = {None: {}}
    where = None
    for line in text.splitlines():
        if opened := re.match(r"^location (\S+) \{$", line):
            where = opened[1]
            found[where] = {}
        elif line == "}":
            where = None
        elif added := re.match(r'^\s*add_header (\S+) "([^"]*)" always;$', line):
            found[where][added[1]] = added[2]
        else:
            assert line.startswith("#"), line
    return found


def test_nginx_snippet_repeats_every_header_in_each_kinds_location():
    found = nginx_headers(nginx_snippet(ORIGINS, ["/tp-dong/", "/", "/tp-dong/"], SEARCH_KINDS))
    assert found == {None: dict(security_headers("page", ORIGINS, SEARCH_KINDS)),
                     "/tim-kiem/": dict(security_headers("search", ORIGINS, SEARCH_KINDS)),
                     "/tp-dong/tim-kiem/": dict(security_headers("search", ORIGINS, SEARCH_KINDS))}
    assert site_path("https://mau.example.vn/tp-dong") == "/tp-dong/" and site_path("https://tay.example.vn") == "/"


def test_origins_of_sites_on_their_own_domains(tmp_path):
    content = copy_fixture_content(tmp_path)
    assert network_origins(local_network(content, base_url=None)) == [
        "https://ldld.tinhmau.example.vn", "https://mau.example.vn", "https://tay.example.vn"]
    assert network_origins(local_network(content)) == ["http://127.0.0.1:8000"]  # one base URL: one origin
    reorganise(content)  # tp-tay merged into tp-dong: its domain serves redirects only
    assert network_origins(local_network(content, base_url=None)) == [
        "https://ldld.tinhmau.example.vn", "https://mau.example.vn"]


def test_origins_need_the_urls_assigned(tmp_path):
    from domain.registry import load_network

    with pytest.raises(ValueError, match="assign_urls"):
        network_origins(load_network(copy_fixture_content(tmp_path) / "network.yml").at(None))


# --- Real builds -------------------------------------------------------------------------------

def reorganise(content: Path, urls: dict[str, str] | None = None) -> None:
    """A rename with an alias (cdcs-dong was at dong-cu/), a merger (tp-tay into tp-dong), other URLs."""
    registry = content / "network.yml"
    text = registry.read_text(encoding="utf-8")
    edits = {"    slug: cong-ty-dong\n": "    slug: cong-ty-dong\n    aliases: [dong-cu]\n",
             "    url: https://tay.example.vn\n": "    url: https://tay.example.vn\n    history:\n"
                                                   "      - {date: 2026-06-01, event: merged, into: tp-dong}\n"}
    edits.update({f"url: {old}\n": f"url: {new}\n" for old, new in (urls or {}).items()})
    for old, new in edits.items():
        assert old in text, old
        text = text.replace(old, new)
    registry.write_text(text, encoding="utf-8")


def settings_file(folder: Path, base_url: str | None) -> Path:
    """pelicanconf.py with another NETWORK_BASE_URL (None: each site at its registry `url`)."""
    path = folder / "csp_settings.py"
    path.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa: F403\n"
                    f"NETWORK_BASE_URL = {base_url!r}\n", encoding="utf-8")
    return path


@dataclass
class Served:
    output: Path
    network: Network
    hosts: dict[str, StaticHost]  # folder below output ("" for the root) -> its host

    @property
    def origins(self) -> list[str]:
        return network_origins(self.network)


def _build(work: Path, content: Path, base_url: str | None) -> tuple[Path, Network]:
    output = work / "output"
    build(BuildOptions(content, output, settings_file(work, base_url), jobs=2))
    return output, local_network(content, base_url)


@pytest.fixture(scope="module")
def one_domain(tmp_path_factory) -> Iterator[Served]:
    """Every site under one base URL: the output root served by one host, with the root `_headers`."""
    work = tmp_path_factory.mktemp("csp-one-domain")
    content = copy_fixture_content(work)
    reorganise(content)
    with StaticHost(work / "output") as host:
        output, network = _build(work, content, host.url)
        yield Served(output, network, {"": host})


@pytest.fixture(scope="module")
def own_domains(tmp_path_factory) -> Iterator[Served]:
    """Every site on its own origin: a host per site folder, with that folder's `_headers`."""
    work = tmp_path_factory.mktemp("csp-own-domains")
    content = copy_fixture_content(work)
    sites = {"tinh-mau": "https://ldld.tinhmau.example.vn", "tp-dong": "https://mau.example.vn/tp-dong",
             "tp-tay": "https://tay.example.vn"}
    hosts = {site: StaticHost(work / "output" / site) for site in sites}
    for host in hosts.values():
        host.__enter__()
    try:
        reorganise(content, {url: hosts[site].url for site, url in sites.items()})
        output, network = _build(work, content, None)
        yield Served(output, network, hosts)
    finally:
        for host in hosts.values():
            host.__exit__(None, None, None)


@pytest.fixture(params=["built", "one_domain", "own_domains"])
def any_build(request) -> tuple[Path, list[str]]:
    if request.param == "built":
        built = request.getfixturevalue("built")
        return built.output, network_origins(built.network)
    served = request.getfixturevalue(request.param)
    return served.output, served.origins


def html_pages(output: Path) -> list[Path]:
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 40
    return pages


def path_in_site(output: Path, page: Path) -> str:
    """Where a page lives inside its site ("tin/x.html"); the network page is "index.html"."""
    relative = page.relative_to(output).as_posix()
    return relative.partition("/")[2] if "/" in relative else relative


def test_every_page_has_one_csp_meta_right_after_charset(any_build):
    output, origins = any_build
    for page in html_pages(output):
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").head
        policies = head.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
        first, second = head.find_all(True, recursive=False)[:2]
        assert len(policies) == 1 and first.name == "meta" and first.get("charset") == "utf-8", page
        assert second is policies[0], page
        assert second["content"] == meta_policy(kind_for(path_in_site(output, page)), origins), page


def test_no_inline_script_style_or_event_handler_anywhere(any_build):
    output, _ = any_build
    for page in html_pages(output):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        # JSON-LD (plugins/images) is a data block: never run, so no policy applies to it.
        assert [s for s in soup.find_all("script") if not s.get("src") and s.get("type") != "application/ld+json"] == [], page
        assert soup.find_all("style") == [], page
        assert [t.name for t in soup.find_all(True) if "style" in t.attrs] == [], page
        assert [(t.name, a) for t in soup.find_all(True) for a in t.attrs if a.lower().startswith("on")] == [], page


def test_server_files_say_what_the_pages_say(any_build):
    output, origins = any_build
    sites = sorted(p.name for p in output.iterdir() if p.is_dir() and p.name != "theme")
    assert "tp-dong" in sites
    root_rules = parse_headers_file((output / HEADERS_FILE).read_text(encoding="utf-8"))
    nginx = nginx_headers((output / NGINX_FILE).read_text(encoding="utf-8"))
    assert nginx == {None: dict(security_headers(DEFAULT_KIND, origins))}  # one kind of page today
    for page in html_pages(output):
        relative = page.relative_to(output).as_posix()
        kind = kind_for(path_in_site(output, page))
        meta = parse_policy(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").find(
            "meta", attrs={"http-equiv": "Content-Security-Policy"})["content"])
        served = [headers_for(root_rules, f"/{relative}")]
        if "/" in relative:  # its site on its own domain, its folder at the root
            site, _, rest = relative.partition("/")
            served.append(headers_for(parse_headers_file((output / site / HEADERS_FILE).read_text(encoding="utf-8")),
                                      f"/{rest}"))
        for headers in served:
            assert headers == dict(security_headers(kind, origins)), page
            header = parse_policy(headers["Content-Security-Policy"])
            assert {k: v for k, v in header.items() if k not in META_IGNORED} == meta, page
            assert header["frame-ancestors"] == ("'none'",)


def test_own_domains_allow_the_network_origins_in_pages_and_headers(own_domains):
    origins = own_domains.origins
    assert origins == sorted(host.url for site, host in own_domains.hosts.items() if site != "tp-tay")
    article = next((own_domains.output / "tp-dong" / "tin").glob("hoi-nghi-*.html"))
    policy = parse_policy(BeautifulSoup(article.read_text(encoding="utf-8"), "lxml").find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"})["content"])
    assert policy["img-src"] == ("'self'", *origins)
    assert (own_domains.output / "tp-tay" / HEADERS_FILE).is_file()  # merged away: still served, redirects only


# --- A real browser ----------------------------------------------------------------------------

def _header_background(page) -> str:
    return page.evaluate("() => getComputedStyle(document.querySelector('.site-header')).backgroundColor")


def _broken_images(page) -> list[str]:
    # Lazy images (list thumbnails) load only when scrolled to: every one is loaded first.
    page.evaluate("() => Promise.all([...document.images].map((i) => { i.loading = 'eager'; return i.complete ? 0 :"
                  " new Promise((done) => { i.addEventListener('load', done); i.addEventListener('error', done); }); }))")
    return page.evaluate("() => [...document.images].filter((i) => !i.complete || !i.naturalWidth).map((i) => i.src)")


def _open(page, seen: Watch, url: str, expected_headers: dict[str, str], then: str | None = None) -> None:
    """Open `url`, check the headers it was served with; `then`: the URL its meta refresh leads to."""
    response = page.goto(url)
    assert response is not None and response.ok, url
    served = {name: response.headers.get(name.lower()) for name in expected_headers}
    assert served == expected_headers, url
    if then:
        page.wait_for_url(then)
        page.wait_for_load_state("load")
    seen.settle(page)


def test_every_kind_of_page_works_under_both_policies(chromium, one_domain):
    base, output, origins = one_domain.hosts[""].url, one_domain.output, one_domain.origins
    expected = dict(security_headers(DEFAULT_KIND, origins))
    article = next(p for p in sorted((output / "tp-dong" / "tin").glob("*.html"))
                   if "<img" in p.read_text(encoding="utf-8")).relative_to(output).as_posix()
    pages = ["", "tp-dong/", article, "tp-dong/cdcs-dung/", "tp-dong/chuyen-muc/tin-tuc-su-kien/",
             "tp-dong/the/hoi-nghi/", "tp-dong/luu-tru/", "tp-dong/danh-ba/", "tp-dong/feeds/", "tinh-mau/"]
    context = chromium.new_context()
    try:
        page = context.new_page()
        seen = watch(page)
        styled, images = {}, {}
        for path in pages:
            _open(page, seen, f"{base}/{path}", expected)
            styled[path] = _header_background(page)
            images[path] = page.evaluate("() => document.images.length")
            assert _broken_images(page) == [], path
        assert images[article] >= 1  # the article shows its images, from its own site
        # Redirect pages: a renamed CĐCS's old slug, and a merged federation's old front page.
        for old, new in [("tp-dong/dong-cu/", "tp-dong/cong-ty-dong/"), ("tp-tay/", "tp-dong/tp-tay/")]:
            assert (output / old / "index.html").read_text(encoding="utf-8").count('http-equiv="refresh"') == 1
            _open(page, seen, f"{base}/{old}", expected, then=f"{base}/{new}")
            styled[old] = _header_background(page)
        assert seen.violations == [] and seen.console_errors == [] and seen.outside_requests == []
        assert [path for path, background in styled.items() if background == UNSTYLED] == []
    finally:
        context.close()


def _proof_page(meta: str, image: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">{meta}<title>Thử chính sách</title>
<link rel="stylesheet" href="/theme/css/style.css">
<style>body {{ background: rgb(1, 2, 3); }}</style>
<script>window.ranInline = true;</script>
</head><body><header class="site-header"><p id="styled" style="color: rgb(4, 5, 6)">Thử</p></header>
<img id="outside" src="{image}" alt=""></body></html>
"""


def test_the_policies_are_enforced(chromium, one_domain):
    """An inline script, a <style>, a style attribute and an image from elsewhere: all blocked, by both policies."""
    base, output, origins = one_domain.hosts[""].url, one_domain.output, one_domain.origins
    (output / "tp-dong" / "thu-csp.html").write_text(
        _proof_page(meta_tag("thu-csp.html", origins), "https://example.org/x.png"), encoding="utf-8")
    (output / "tp-dong" / "khung.html").write_text(
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">{meta_tag("khung.html", origins)}'
        '<title>Khung</title></head><body><iframe src="/tp-dong/"></iframe></body></html>\n', encoding="utf-8")
    context = chromium.new_context()
    try:
        page = context.new_page()
        seen = watch(page)
        _open(page, seen, f"{base}/tp-dong/thu-csp.html", dict(security_headers(DEFAULT_KIND, origins)))
        assert page.evaluate("() => window.ranInline") is None
        assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") != "rgb(1, 2, 3)"
        assert page.evaluate("() => getComputedStyle(document.getElementById('styled')).color") != "rgb(4, 5, 6)"
        assert _header_background(page) != UNSTYLED  # the theme's own stylesheet still applies
        blocked = sorted((v["directive"], v["blocked"]) for v in seen.violations)
        # Each of the two policies (the <meta> and the header) reports its own violation.
        assert blocked == sorted(2 * [("img-src", "https://example.org/x.png"), ("script-src-elem", "inline"),
                                      ("style-src-attr", "inline"), ("style-src-elem", "inline")])
        assert seen.outside_requests == []  # refused before any request left the machine
        # frame-ancestors cannot be in a <meta>: the header alone keeps the site out of a frame.
        seen.console_errors.clear()
        _open(page, seen, f"{base}/tp-dong/khung.html", dict(security_headers(DEFAULT_KIND, origins)))
        frame = page.frames[1]
        assert frame.url.startswith("chrome-error://")  # the framed page was refused
        assert any("frame-ancestors" in error for error in seen.console_errors), seen.console_errors
    finally:
        context.close()


def test_sites_on_their_own_origins_share_images_and_nothing_else(chromium, own_domains):
    """A page may show an image from another site of the network, and from nowhere else."""
    hosts, output, origins = own_domains.hosts, own_domains.output, own_domains.origins
    expected = dict(security_headers(DEFAULT_KIND, origins))
    image = next((output / "tp-dong" / "cdcs-dung" / "images").iterdir()).relative_to(output / "tp-dong").as_posix()
    with StaticHost(output / "tp-dong") as elsewhere:  # same files, an origin outside the network
        (output / "tinh-mau" / "thu-csp.html").write_text(_proof_page(
            meta_tag("thu-csp.html", origins), f"{elsewhere.url}/{image}").replace(
            "</body>", f'<img id="network" src="{hosts["tp-dong"].url}/{image}" alt=""></body>'), encoding="utf-8")
        context = chromium.new_context()
        try:
            page = context.new_page()
            seen = watch(page)
            article = next((output / "tp-dong" / "tin").glob("hoi-nghi-*.html")).name
            for url in [f"{hosts['tinh-mau'].url}/", f"{hosts['tp-dong'].url}/cdcs-dung/",
                        f"{hosts['tp-dong'].url}/tin/{article}"]:
                _open(page, seen, url, expected)
                assert _header_background(page) != UNSTYLED and _broken_images(page) == [], url
            # The merged federation's old domain: its redirect pages, under their own `_headers`.
            _open(page, seen, f"{hosts['tp-tay'].url}/", expected, then=f"{hosts['tp-dong'].url}/tp-tay/")
            assert seen.violations == [] and seen.console_errors == []
            _open(page, seen, f"{hosts['tinh-mau'].url}/thu-csp.html", expected)
            assert page.evaluate("() => document.getElementById('network').naturalWidth") > 0
            assert page.evaluate("() => document.getElementById('outside').naturalWidth") == 0
            assert sorted(v["blocked"] for v in seen.violations if v["directive"] == "img-src") == 2 * [
                f"{elsewhere.url}/{image}"]
        finally:
            context.close()
