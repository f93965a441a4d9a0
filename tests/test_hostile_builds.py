"""A careless or hostile unit editor, through real network builds of the test network.

Each reproduction from the safety review is a build here: it either stops with the editor's
error and leaves output/ as it was, or publishes with the dangerous part removed.  The file
system around the build is watched: nothing may be written outside output/, its staging
folder and its cache, and no value of the build's environment may reach any file.
"""

from __future__ import annotations

import io
import os
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from builder.build import BuildOptions, build
from conftest import ROOT, copy_fixture_content, run_build_cli
from domain.registry import ProblemsFound
from html_attacks import ATTACKS, assert_no_active_content, without_search_form

SETTINGS = ROOT / "pelicanconf.py"
UNIT = "cdcs-dung"  # under the city tp-dong, which is under the province tinh-mau
HEADER = "Title: {title}\nDate: 2026-11-20 08:00\nCategory: Tin cơ sở\n"


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder below `root`: files with their size and mtime, folders by their
    presence only (a folder's mtime moves when the staging folder beside output/ comes and goes)."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            found[Path(folder, name).relative_to(root).as_posix()] = (-1, -1)
        for name in files:
            path = Path(folder, name)
            status = path.lstat()
            found[path.relative_to(root).as_posix()] = (status.st_size, status.st_mtime_ns)
    return found


@pytest.fixture
def network(tmp_path) -> tuple[Path, Path]:
    """The test network built once: (content, output), deep enough below tmp_path that `..`
    escapes of the old kind would land inside tmp_path, where the watch sees them."""
    work = tmp_path / "a" / "b" / "work"
    content = copy_fixture_content(work)
    output = work / "output"
    build(BuildOptions(content, output, SETTINGS))
    return content, output


def write(content: Path, name: str, text: str, unit: str = UNIT) -> Path:
    path = content / unit / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def refused(content: Path, output: Path, tmp_path: Path) -> list:
    """Build; it must fail with the editors' problems and change nothing but its own cache."""
    before = tree(tmp_path)
    with pytest.raises(ProblemsFound) as caught:
        build(BuildOptions(content, output, SETTINGS))
    after = tree(tmp_path)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    cache = f"{output.parent.relative_to(tmp_path).as_posix()}/.{output.name}-cache/"
    assert {path for path in changed if not path.startswith(cache)} == set()
    return caught.value.problems


def test_front_page_takeover_is_refused_and_the_front_pages_stay(network, tmp_path):
    content, output = network
    write(content, "zz.md", "Title: x\nDate: 2026-11-20\nCategory: Tin cơ sở\nStatus: draft\n save_as: index.html\n url: index.html\n\n<h1>HACKED</h1>\n")
    problems = refused(content, output, tmp_path)
    assert [(p.line, p.code) for p in problems] == [(5, "indented-field"), (6, "indented-field")]
    for site in ("tp-dong", "tinh-mau"):
        assert "HACKED" not in (output / site / "index.html").read_text(encoding="utf-8")


def test_a_lone_cr_takeover_is_refused(network, tmp_path):
    content, output = network
    write(content, "cr.md", "Title: x\rsave_as: index.html\nDate: 2026-11-20\n\n<h1>HACKED</h1>\n")
    assert "lone-cr" in {p.code for p in refused(content, output, tmp_path)}


def test_what_pelican_would_obey_never_reaches_it(network, tmp_path):
    """A field hidden in a continuation line, and a draft, write nothing of theirs."""
    content, output = network
    write(content, "an.md", HEADER.format(title="Tin thật") + "Summary: Tóm tắt\n    save_as: index.html\n\nNội dung thật.\n")
    write(content, "nhap.md", HEADER.format(title="Nháp") + "Status: draft\n\n<h1>HACKED</h1>\n")
    before = {path for path in tree(output)}
    build(BuildOptions(content, output, SETTINGS))
    front = (output / "tp-dong" / "index.html").read_text(encoding="utf-8")
    assert "HACKED" not in front and "Tin thật" in front
    new_files = {path for path in tree(output)} - before
    assert any(path.startswith("tp-dong/tin/tin-that-") for path in new_files)
    assert not any("nhap" in path for path in new_files), new_files  # the draft wrote nothing
    assert not any("HACKED" in path.read_text(encoding="utf-8", errors="replace") for path in output.rglob("*") if path.is_file())


@pytest.mark.parametrize("body", [
    "[a](../../pelicanconf.py)", "[b](../../.git/config)", "[c](../../.env)",
    "[x](../../../../../../../../etc/passwd)", "![h]({static}/../../../etc/hostname)",
    "[x](../../../../escape.txt)", "![o]({attach}../cdcs-dong/images/a.jpg)",
])
def test_references_outside_the_unit_stop_the_build_and_write_nothing(network, tmp_path, body):
    content, output = network
    (content.parent / ".env").write_text("SECRET=1\n")
    (tmp_path / "a" / "escape.txt").write_text("outside\n")
    write(content, "l.md", HEADER.format(title="Liên kết") + f"\n{body}\n")
    problems = refused(content, output, tmp_path)
    assert {p.code for p in problems} <= {"outside-unit", "missing-file"} and problems


def test_symlinks_to_secrets_or_folders_stop_the_build(network, tmp_path):
    content, output = network
    os.symlink("/proc/self/environ", content / UNIT / "images" / "env.jpg")
    os.symlink("/etc/ssl", content / UNIT / "ssl")
    write(content, "env.md", HEADER.format(title="Ảnh") + "Image: images/env.jpg\n\nx\n")
    assert {p.code for p in refused(content, output, tmp_path)} == {"symlink"}
    assert not list(output.rglob("env.jpg")) and not (output / "tp-dong" / UNIT / "ssl").exists()


def test_only_linked_files_of_allowed_types_are_published(network):
    content, output = network
    unit = content / UNIT
    (unit / "bai.md~").write_text("Title: bản nháp cũ\n\nbí mật nội bộ\n", encoding="utf-8")
    for name, data in {".DS_Store": b"\x00\x00\x00\x01Bud1", "Thumbs.db": b"\xd0\xcf", "app.js": b"alert(1)",
                       "trang.xhtml": b"<html/>", "danh-sach.xlsx": b"PK\x03\x04", "_redirects": b"/* https://evil.example 301",
                       "images/logo.svg": b"<svg onload='alert(1)'/>"}.items():
        (unit / name).write_bytes(data)
    report = build(BuildOptions(content, output, SETTINGS))
    published = {path.name for path in (output / "tp-dong" / UNIT).rglob("*") if path.is_file()}
    renditions = {name for name in published if name.startswith("hoi-nghi.jpg.")}  # the pipeline's, of that photo
    assert published - renditions == {"hoi-nghi.jpg", "index.html"}  # the photo an article uses, and the unit page
    assert not any("bí mật nội bộ" in path.read_text(encoding="utf-8", errors="replace")
                   for path in output.rglob("*") if path.is_file())
    noted = {(Path(note.path).name, note.code) for note in report.notes}
    assert {("bai.md~", "ignored-file"), (".DS_Store", "ignored-file"), ("Thumbs.db", "ignored-file"),
            ("danh-sach.xlsx", "file-not-linked"), ("app.js", "file-not-linked")} <= noted


def test_an_svg_image_is_refused_with_the_fix(network, tmp_path):
    content, output = network
    (content / UNIT / "images" / "logo.svg").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")
    write(content, "svg.md", HEADER.format(title="Logo") + "Image: images/logo.svg\n\nx\n")
    problems = refused(content, output, tmp_path)
    assert [p.code for p in problems] == ["convert-file"] and "PNG" in problems[0].message


def test_template_and_other_unit_fields_are_refused(network, tmp_path):
    content, output = network
    write(content, "t.md", HEADER.format(title="T") + "Template: network\nUnit: tp-dong\n\nx\n")
    assert {p.code for p in refused(content, output, tmp_path)} == {"unknown-field", "unit-mismatch"}


# --- Raw HTML: the attack corpus through a real build ------------------------------------



def _tiny_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG")
    return out.getvalue()


JPEG = _tiny_jpeg()  # a real one: the scan opens every published photo (domain/images/inspection.py)
# The attacks the index scan refuses, before any HTML is made of them, and the code each gets: every
# other attack must build.  Exactly these, so that a refusal of something editors are told to write
# (the guide's own video embed code was once refused as a remote image) cannot hide here.
_MISSING = ("img-onmouseover-empty-src", "img-grave-accents", "img-decimal-entities", "img-padded-decimal-no-semicolons",
            "img-hex-no-semicolons", "img-literal-tab-in-scheme", "img-encoded-tab-in-scheme",
            "img-encoded-newline-in-scheme", "img-encoded-cr-in-scheme", "img-leading-space-and-control",
            "img-half-open-tag", "a-leading-control-entities", "a-named-colon-entity", "a-decimal-colon-entity",
            "a-hex-first-letter", "markdown-link-encoded-tab", "markdown-link-fullwidth-lookalike")
# A script or iframe that ends is removed by the cleaner (a warning); one that never ends would take
# the rest of the body with it, so its remote address is refused.
_REMOTE = ("script-protocol-relative", "script-no-closing-tag", "iframe-unclosed")
REFUSED = {**dict.fromkeys(_MISSING, {"missing-file"}), **dict.fromkeys(_REMOTE, {"remote-image"})}


def _attack_articles(content: Path) -> dict[Path, str]:
    """Every attack of the corpus as an article of one unit (with a hostile title and summary)."""
    (content / UNIT / "images" / "anh.jpg").write_bytes(JPEG)  # the photo some attacks wrap
    written = {}
    for number, (name, body) in enumerate(ATTACKS, start=1):
        summary = "Tóm tắt <script>alert(1)</script> <img src=x onerror=alert(1)>"
        path = write(content, f"tan-cong-{number:03d}.md",
                     f"Title: Tấn công {number} <script>alert('t')</script>\nDate: 2026-11-20 08:{number % 60:02d}\n"
                     f"Category: Tin cơ sở\nTags: an-toan\nSummary: {summary}\n\n{body}\n")
        written[path] = name
    return written


def test_no_script_from_content_reaches_any_page_or_feed(network, tmp_path):
    """Each attack is refused by the scan (with an editor's error) or published harmless."""
    content, output = network
    attacks = _attack_articles(content)
    try:
        build(BuildOptions(content, output, SETTINGS))
        problems = []
    except ProblemsFound as caught:
        problems = caught.problems
    by_name = {path.name: name for path, name in attacks.items()}
    refused: dict[str, set[str]] = {}
    for problem in problems:
        refused.setdefault(by_name[Path(problem.path).name], set()).add(problem.code)
    assert refused == REFUSED
    for path in list(attacks):
        if attacks[path] in refused:
            path.unlink()
            del attacks[path]
    assert len(attacks) >= 60, f"only {len(attacks)} attacks reach the HTML cleaning"
    canary = f"canary-{uuid.uuid4().hex}"
    env = {**os.environ, "UNION_BUILD_CANARY": canary}
    before = tree(tmp_path)
    result = run_build_cli("--content", str(content), "--output", str(output), "--jobs", "2", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    after = tree(tmp_path)
    allowed = tuple(f"{output.parent.relative_to(tmp_path).as_posix()}/{name}" for name in (output.name, f".{output.name}-cache"))
    assert {path for path in before.keys() | after.keys()
            if before.get(path) != after.get(path) and not path.startswith(allowed)} == set()
    assert "[html-removed]" in result.stdout
    articles = list((output / "tp-dong" / "tin").glob("tan-cong-*.html"))
    assert len(articles) == len(attacks)
    pages = list(output.rglob("*.html"))
    feeds = [path for path in output.rglob("*.xml") if "feeds" in path.parts]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if page.relative_to(output).parts[1:] == ("tim-kiem", "index.html"):
            html = without_search_form(html)
        assert_no_active_content(html, page=True)
    items = 0
    for feed in feeds:
        for entry in feedparser.parse(feed.read_bytes()).entries:
            items += 1
            for field in [entry.get("summary", "")] + [c.value for c in entry.get("content", [])]:
                assert_no_active_content(field)
    assert items > len(attacks)
    everything = [path for root in (output, output.parent / f".{output.name}-cache") for path in root.rglob("*") if path.is_file()]
    assert not [path for path in everything if canary.encode() in path.read_bytes()]


def test_removals_are_warned_with_the_line(network):
    content, output = network
    write(content, "word.md", HEADER.format(title="Dán từ Word") + '\nĐoạn một.\n\n<p style="color:red">Đỏ</p>\n\n<script>alert(1)</script>\n')
    result = run_build_cli("--content", str(content), "--output", str(output))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if "word.md" in line and "[html-removed]" in line]
    assert any("word.md:9:" in line and "<script>" in line for line in warnings), result.stdout
    assert any("word.md:7:" in line and "style" in line for line in warnings), result.stdout
    page = BeautifulSoup(next((output / "tp-dong" / "tin").glob("dan-tu-word-*.html")).read_text(encoding="utf-8"), "lxml")
    assert "Đỏ" in page.get_text() and page.find("script", type=lambda kind: kind != "application/ld+json",
                                                             src=lambda src: not (src or "").endswith("/theme/js/trang.js")) is None


def test_a_photo_named_as_a_phone_names_it_is_published_and_linked(network):
    """Diacritics and spaces in a file name: the page links the published file, percent-encoded."""
    content, output = network
    (content / UNIT / "images" / "Ảnh hội nghị.jpg").write_bytes(JPEG)
    write(content, "ten-anh.md", HEADER.format(title="Ảnh có dấu") + "Image: images/Ảnh hội nghị.jpg\n\n"
          "![Hội nghị](<images/Ảnh hội nghị.jpg>)\n\n[Tải ảnh](images/%E1%BA%A2nh%20h%E1%BB%99i%20ngh%E1%BB%8B.jpg)\n")
    build(BuildOptions(content, output, SETTINGS))
    page = BeautifulSoup(next((output / "tp-dong" / "tin").glob("anh-co-dau-*.html")).read_text(encoding="utf-8"), "lxml")
    published = output / "tp-dong" / UNIT / "images" / "Ảnh hội nghị.jpg"
    with Image.open(published) as image:  # the pipeline's copy of it (metadata stripped), at its name
        assert image.size == (8, 8)
    urls = [img["src"] for img in page.select("main article.article img")] + [a["href"] for a in page.select("main a") if "Tải" in a.text]
    assert len(urls) == 3 and all(url.endswith("/images/%E1%BA%A2nh%20h%E1%BB%99i%20ngh%E1%BB%8B.jpg") for url in urls), urls


# --- Videos: the editors' guide's own embed codes through a real build ----------------------

GUIDE = ROOT / "docs" / "huong-dan-bien-tap.md"
FACEBOOK_EMBED = ('<iframe src="https://www.facebook.com/plugins/video.php?height=314&href=https%3A%2F%2Fwww.facebook.com'
                  '%2Fcongdoanvn%2Fvideos%2F1234567890123456%2F&show_text=false&width=560" width="560" height="314" '
                  'style="border:none;overflow:hidden" scrolling="no" frameborder="0" allowfullscreen="true" '
                  'allow="autoplay; clipboard-write; encrypted-media; picture-in-picture; web-share"></iframe>')


def _guide_youtube_embed() -> str:
    """The embed code the editors' guide tells editors to paste (its section on videos)."""
    section = GUIDE.read_text(encoding="utf-8").split('<a id="video-youtube-facebook"></a>', 1)[1]
    code = section.split("```html\n", 1)[1].split("\n```", 1)[0]
    assert code.startswith("<iframe") and code.endswith("</iframe>") and "\n" not in code
    return code


def _own_host_only(page: BeautifulSoup, where: str) -> None:
    """No element makes the browser load anything from another host (links are taps, not requests)."""
    for element in page.find_all(True):
        for attribute in ("src", "srcset", "poster", "data") + (("href",) if element.name == "link" else ()):
            for url in str(element.get(attribute) or "").split(","):
                host = urlsplit(url.strip().split(" ")[0]).netloc
                assert host in ("", "127.0.0.1:8000"), f"{where}: <{element.name} {attribute}={url!r}>"


@pytest.mark.parametrize(("body", "watch", "site"), [
    pytest.param(lambda: f"Xem lại buổi lễ:\n\n{_guide_youtube_embed()}\n\nHết.",
                 "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", id="guide-youtube-own-line"),
    pytest.param(lambda: f"Xem lại buổi lễ:\n\n{FACEBOOK_EMBED}\n\nHết.",
                 "https://www.facebook.com/congdoanvn/videos/1234567890123456/", "Facebook", id="facebook-own-line"),
    pytest.param(lambda: f"Mời xem video {_guide_youtube_embed()} của buổi lễ.\n",
                 "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", id="youtube-inside-a-paragraph"),
    pytest.param(lambda: _guide_youtube_embed().replace(' src=', '\n  src=').replace(' title=', '\n  title='),
                 "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", id="youtube-over-three-lines"),
])
def test_an_allowlisted_video_builds_as_a_poster_link(network, body, watch, site):
    content, output = network
    write(content, "video.md", HEADER.format(title="Video buổi lễ") + f"Summary: Video buổi lễ.\n\n{body()}\n")
    result = run_build_cli("--content", str(content), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    warned = [line for line in result.stdout.splitlines() if "video.md" in line and "[unknown-category]" not in line]
    assert not warned, result.stdout  # the guide says: no warning for a recognised video
    path = next((output / "tp-dong" / "tin").glob("video-buoi-le-*.html"))
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    assert page.find("iframe") is None
    links = page.select("main article a.video-link")
    assert [link["href"] for link in links] == [watch] and f"Xem video trên {site}" in links[0].get_text()
    _own_host_only(page, str(path))
    entries = [entry for feed in output.rglob("*.xml") if "feeds" in feed.parts
               for entry in feedparser.parse(feed.read_bytes()).entries if "video-buoi-le-" in entry.get("link", "")]
    assert entries
    for entry in entries:
        for field in [entry.get("summary", "")] + [c.value for c in entry.get("content", [])]:
            assert "<iframe" not in field and "youtube.com/embed" not in field and "plugins/video.php" not in field
            _own_host_only(BeautifulSoup(field, "lxml"), "feed")
    bodies = [BeautifulSoup(c.value, "lxml") for entry in entries for c in entry.get("content", [])]
    assert bodies and all([a["href"] for a in body.select("a.video-link")] == [watch] for body in bodies)


def test_a_video_embed_with_a_handler_builds_and_warns(network):
    content, output = network
    write(content, "video.md", HEADER.format(title="Video buổi lễ") +
          '\n<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" onload="alert(1)"></iframe>\n')
    result = run_build_cli("--content", str(content), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    assert any("video.md:5:" in line and "onload" in line and "[html-removed]" in line for line in result.stdout.splitlines()), result.stdout
    page = next((output / "tp-dong" / "tin").glob("video-buoi-le-*.html")).read_text(encoding="utf-8")
    assert "alert(1)" not in page and 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in page


@pytest.mark.parametrize("body, removed", [
    ('<iframe src="https://www.google.com/maps/embed?pb=1" width="600"></iframe>', "<iframe"),  # a map, pasted
    ('<iframe src="https://www.youtube.com.example.com/embed/dQw4w9WgXcQ"></iframe>', "<iframe"),  # not YouTube
    ('<script src="https://example.com/dem.js"></script>', "<script"),
])
def test_other_embeds_that_end_are_removed_with_a_warning_and_the_article_built(network, tmp_path, body, removed):
    """As the guide says: the article is published without them, and the build says what it removed."""
    content, output = network
    write(content, "ngoai.md", HEADER.format(title="Nơi khác") + f"\n{body}\n\nĐoạn sau vẫn còn.\n")
    result = run_build_cli("--content", str(content), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    assert any("ngoai.md:5:" in line and f"thẻ {removed}>" in line and "[html-removed]" in line
               for line in result.stdout.splitlines()), result.stdout
    page = next((output / "tp-dong" / "tin").glob("noi-khac-*.html")).read_text(encoding="utf-8")
    assert "Đoạn sau vẫn còn." in page and "example.com" not in page and "google.com/maps" not in page


@pytest.mark.parametrize("body", [
    '<img src="https://example.com/anh.jpg" alt="Ảnh">',
    f'{_guide_youtube_embed()} <img src="https://example.com/anh.jpg" alt="Ảnh">',  # beside a video, still an image
    '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ">',  # no end tag: no video link, and the rest would go
])
def test_remote_images_and_unended_embeds_are_still_refused(network, tmp_path, body):
    content, output = network
    write(content, "ngoai.md", HEADER.format(title="Nơi khác") + f"\n{body}\n")
    assert [(p.line, p.code) for p in refused(content, output, tmp_path)] == [(5, "remote-image")]


# --- The lead image's caption and alt text: header values, through every page and feed ---------

HOSTILE_CAPTIONS_AND_ALTS = [
    ("<script>alert('c')</script> Hội nghị người lao động", '" onerror="alert(1)'),
    ('"><img src=x onerror=alert(1)>', "' onload='alert(1)' x='"),
    ("' onmouseover='alert(1)' x='", '"><script>alert(1)</script>'),
    ('<a href="javascript:alert(1)">bấm</a> <svg onload=alert(1)>', "javascript:alert(1)"),
    ("</figcaption></figure><iframe src=javascript:alert(1)></iframe>", '&quot; onerror=alert(1) x=&quot;'),
    ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', '"/><meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
]


def test_hostile_image_captions_and_alts_stay_text_everywhere(network):
    content, output = network
    (content / UNIT / "images" / "anh.jpg").write_bytes(JPEG)
    for number, (caption, alt) in enumerate(HOSTILE_CAPTIONS_AND_ALTS, start=1):
        write(content, f"chu-thich-{number}.md", f"Title: Chú thích {number}\nDate: 2026-11-21 08:{number:02d}\n"
              f"Category: Tin cơ sở\nImage: images/anh.jpg\nImageCaption: {caption}\nImageAlt: {alt}\n\nNội dung.\n")
    result = run_build_cli("--content", str(content), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    for number, (caption, alt) in enumerate(HOSTILE_CAPTIONS_AND_ALTS, start=1):
        page = BeautifulSoup(next((output / "tp-dong" / "tin").glob(f"chu-thich-{number}-*.html")).read_text(encoding="utf-8"), "lxml")
        figure = page.select_one("main article figure")
        # Each value is one attribute's or one element's text, exactly as written: it broke out of nothing.
        assert figure.figcaption.get_text() == caption
        assert {img["alt"] for img in figure.find_all("img")} == {alt}
    for path in output.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        if path.relative_to(output).parts[1:] == ("tim-kiem", "index.html"):
            html = without_search_form(html)
        assert_no_active_content(html, page=True)
    items = 0
    for feed in (path for path in output.rglob("*.xml") if "feeds" in path.parts):
        for entry in feedparser.parse(feed.read_bytes()).entries:
            if "chu-thich-" in entry.get("link", ""):
                items += 1
                for field in [entry.get("summary", "")] + [c.value for c in entry.get("content", [])]:
                    assert_no_active_content(field)
    assert items >= len(HOSTILE_CAPTIONS_AND_ALTS)


@pytest.mark.parametrize("body", ["[x](/etc/passwd)", '<a href="/etc/passwd">x</a>', '<img src="/etc/passwd" alt="x">',
                                  "[Danh bạ](/danh-ba/)", '<a href="/ldld-khac/admin/">Đăng nhập</a>'])
def test_an_absolute_path_is_no_link_of_the_site(network, tmp_path, body):
    """Published as written, `/etc/passwd` passed for a page of the site, and `/ldld-khac/` led to another
    federation's pages on a shared host: refused, with the full address as the fix, and nothing written."""
    content, output = network
    write(content, "tuyet-doi.md", HEADER.format(title="Tuyệt đối") + f"\n{body}\n")
    problems = refused(content, output, tmp_path)
    assert [(p.line, p.code) for p in problems] == [(5, "absolute-path")] and "https://" in problems[0].message
