"""The live preview (`make serve`, preview/): real builds, a real server on 127.0.0.1, a real Chromium.

A preview build shows drafts and scheduled articles, marked, and links the reload script on
every page; a publish build of the same content has neither.  In the browser, a save reaches
the open page by itself; a save with an error shows its `path:line` line over the last good
page, as text (what an editor typed is never HTML there); the fix reloads the page.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.build import BuildOptions, build
from conftest import FIXTURE_CONTENT, ROOT
from domain.preview import PREFIX
from domain.registry import ProblemsFound
from preview.run import running_preview
from preview.session import PreviewSession, chain_moves, follow_moves

SETTINGS = ROOT / "pelicanconf.py"
RELOAD_TAG = f'<script src="{PREFIX}tai-lai.js" defer></script>'
DRAFT = "cdcs-dong/ban-nhap.md"
SCHEDULED = "cdcs-tay-1/bai-hen-gio-2099.md"
ARTICLE = "cdcs-tay-1/tin-co-so-tay.md"
SAVE_TIMEOUT_MS = 15_000  # generous for a loaded CI machine; the measured time is a bench row


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    return content


def _title(article: Path) -> str:
    return article.read_text(encoding="utf-8").split("\n", 1)[0].removeprefix("Title: ")


def _pages(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): path.read_text(encoding="utf-8") for path in folder.rglob("*.html")}


def _page_of(pages: dict[str, str], title: str) -> str:
    """The article page (below tin/) whose h1 is `title`."""
    found = [path for path, html in pages.items() if "/tin/" in path and f"<h1>{title}</h1>" in html]
    assert len(found) == 1, f"{title}: {found}"
    return found[0]


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[dict[str, str], dict[str, str]]:
    """The same content built as the preview and as the local publish build."""
    work = tmp_path_factory.mktemp("preview")
    content = _content(work)
    PreviewSession(content, SETTINGS, work / "preview", "http://127.0.0.1:8000").rebuild()
    build(BuildOptions(content, work / "output", SETTINGS))
    return _pages(work / "preview"), _pages(work / "output")


def test_the_preview_shows_drafts_and_scheduled_articles_marked(builds):
    preview, _ = builds
    draft = BeautifulSoup(preview[_page_of(preview, "Bài nháp chưa đăng")], "html.parser")
    assert "Bản nháp" in draft.select_one(".preview-mark").get_text()
    scheduled = BeautifulSoup(preview[_page_of(preview, "Bài hẹn giờ đăng năm 2099")], "html.parser")
    assert "Hẹn giờ" in scheduled.select_one(".preview-mark").get_text()
    assert "08:00" in scheduled.select_one(".preview-mark").get_text()
    lists = [BeautifulSoup(html, "html.parser") for path, html in preview.items() if "/tin/" not in path]
    marks = {mark.get_text() for page in lists for mark in page.select(".card-mark")}
    assert marks == {"Bản nháp", "Hẹn giờ"}, "the lists mark both kinds"
    published = BeautifulSoup(preview[_page_of(preview, _title(FIXTURE_CONTENT / ARTICLE))], "html.parser")
    assert published.select_one(".preview-mark") is None


def test_every_preview_page_links_the_reload_script_and_no_published_page_does(builds):
    preview, published = builds
    assert preview and all(RELOAD_TAG in html for html in preview.values()), "every preview page reloads itself"
    assert not any(PREFIX in html for html in published.values())
    assert not any("preview-mark" in html or "card-mark" in html for html in published.values())
    assert not any("<h1>Bài nháp chưa đăng</h1>" in html for html in published.values())
    assert not any("<h1>Bài hẹn giờ đăng năm 2099</h1>" in html for html in published.values())


def test_a_hostile_draft_title_is_text_in_the_preview_too(tmp_path):
    content = _content(tmp_path)
    (content / DRAFT).write_text("Title: <script>alert(1)</script> nháp\nDate: 2026-03-07 08:00\nStatus: draft\n\nBài.\n",
                                 encoding="utf-8")
    status = PreviewSession(content, SETTINGS, tmp_path / "preview", "http://127.0.0.1:8000").rebuild()
    assert status.ok, status.lines
    pages = _pages(tmp_path / "preview")
    assert not any("<script>alert(1)" in html for html in pages.values())
    assert any("&lt;script&gt;alert(1)&lt;/script&gt; nháp" in html for html in pages.values())


def test_a_failed_build_keeps_the_last_good_preview_and_says_the_line(tmp_path):
    content = _content(tmp_path)
    session = PreviewSession(content, SETTINGS, tmp_path / "preview", "http://127.0.0.1:8000")
    first = session.rebuild()
    before = _pages(tmp_path / "preview")
    (content / ARTICLE).write_text((content / ARTICLE).read_text(encoding="utf-8").replace("Date: ", "Date: 2026-13-45\nX-Date: ", 1),
                                   encoding="utf-8")
    failed = session.rebuild([content / ARTICLE])
    assert first.ok and not failed.ok and failed.number == first.number + 2, "the page-first step, then the build"
    assert failed.changed == [f"content/{ARTICLE}"]
    assert failed.good == first.good, "the last good build is the one the pages show"
    assert any(f"{ARTICLE}:2: Date:" in line and "[bad-date]" in line for line in failed.lines), failed.lines
    assert _pages(tmp_path / "preview") == before, "nothing of the preview changed"


def test_a_preview_kept_up_save_after_save_is_the_preview_built_afresh(tmp_path):
    """The preview's commit swaps only what a build made: after edits, a new, a moved and a removed
    article, its folder holds exactly what a cold preview build of the same content holds."""
    content = _content(tmp_path)
    session = PreviewSession(content, SETTINGS, tmp_path / "preview", "http://127.0.0.1:8000")
    session.rebuild()
    article = content / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nMột đoạn mới.\n", encoding="utf-8")
    assert session.rebuild().ok
    article.write_text(article.read_text(encoding="utf-8").replace("Title: ", "Title: Sửa ", 1), encoding="utf-8")
    assert session.rebuild().ok
    (content / "tp-dong" / "bai-moi.md").write_text("Title: Bài mới của thành phố\nDate: 2026-03-09 08:00\n\nNội dung.\n",
                                                   encoding="utf-8")
    assert session.rebuild().ok
    (content / DRAFT).unlink()
    assert session.rebuild().ok
    PreviewSession(content, SETTINGS, tmp_path / "afresh", "http://127.0.0.1:8000").rebuild()
    files = {str(p.relative_to(tmp_path / "preview")): p.read_bytes() for p in (tmp_path / "preview").rglob("*") if p.is_file()}
    fresh = {str(p.relative_to(tmp_path / "afresh")): p.read_bytes() for p in (tmp_path / "afresh").rglob("*") if p.is_file()}
    assert sorted(files) == sorted(fresh)
    assert [name for name in files if files[name] != fresh[name]] == []


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def test_the_server_serves_the_preview_its_script_and_status_and_nothing_else(tmp_path):
    content = _content(tmp_path)
    with running_preview(content, SETTINGS, tmp_path / "preview") as server:
        code, headers, body = _get(server.url + "/")
        assert code == 200 and headers["Cache-Control"] == "no-store"
        code, headers, body = _get(server.url + PREFIX + "tai-lai.js")
        assert code == 200 and headers["Content-Type"].startswith("text/javascript") and b"EventSource" in body
        code, _, body = _get(server.url + PREFIX + "trang-thai")
        status = json.loads(body)
        assert code == 200 and status["ok"] and status["number"] == 1
        for escape in ("/../pelicanconf.py", "/%2e%2e/pelicanconf.py", "/..%2fpelicanconf.py", "//etc/passwd"):
            code, _, body = _get(server.url + escape)
            assert code == 404 and b"NETWORK_BASE_URL" not in body, escape


def _full_build_after(session, before: int):
    """The status of the first full build after build `before` (the first steps come before it)."""
    deadline = time.monotonic() + SAVE_TIMEOUT_MS / 1000
    status = session.wait_after(before, SAVE_TIMEOUT_MS / 1000)
    while status.page_only and time.monotonic() < deadline:
        status = session.wait_after(status.number, SAVE_TIMEOUT_MS / 1000)
    assert not status.page_only, status
    return status


def _after_the_full_build(server, page, before: int) -> None:
    """A save is answered up to three times (its page, its lists, then the full build): wait until the
    full build is out and the open page has reloaded after it, so the next save starts clean."""
    status = _full_build_after(server.session, before)
    page.wait_for_function(f"() => performance.timeOrigin > {status.good - 1}", timeout=SAVE_TIMEOUT_MS)
    page.wait_for_load_state("load")


def test_a_save_reaches_the_open_page_and_an_error_is_shown_as_text(tmp_path, chromium):
    content = _content(tmp_path)
    article = content / ARTICLE
    original, title = article.read_text(encoding="utf-8"), _title(article)
    with running_preview(content, SETTINGS, tmp_path / "preview") as server:
        page_path = _page_of(_pages(tmp_path / "preview"), title)
        context = chromium.new_context()
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        failed: list[str] = []  # no request of the pages fails
        context.on("response", lambda answer: failed.append(answer.url) if answer.status >= 400 else None)
        page.goto(f"{server.url}/{page_path}")
        page.wait_for_function("() => document.readyState === 'complete'")
        home = context.new_page()  # a list: told of the list step and the full build, not of the page's
        loads: list[str] = []
        home.on("load", lambda _: loads.append(home.url))
        home.goto(f"{server.url}/{page_path.split('/')[0]}/")
        time.sleep(0.3)  # the event streams connected
        before = server.session.status.number

        article.write_text(original.replace("\n\n", "\n\nMột câu vừa thêm.\n\n", 1), encoding="utf-8")
        page.wait_for_function("() => document.body.textContent.includes('Một câu vừa thêm.')", timeout=SAVE_TIMEOUT_MS)
        status = _full_build_after(server.session, before)  # its page, its lists, the full build
        home.wait_for_function(f"() => performance.timeOrigin > {status.good - 1}", timeout=SAVE_TIMEOUT_MS)
        home.wait_for_load_state("load")  # the reloaded document's load event, not a guess at its time
        time.sleep(0.3)  # and no third load
        assert len(loads) == 2, f"the front page reloaded once, after the full build (a body edit changes no front page): {loads}"

        # A corrected title: the open list shows it from the list-first step, before the full build.
        announced: list = []
        announce = server.session._announce
        server.session._announce = lambda *args, **kwargs: announced.append(announce(*args, **kwargs)) or announced[-1]
        before = server.session.status.number
        article.write_text(original.replace(title, "Tiêu đề của danh sách", 1), encoding="utf-8")
        home.wait_for_function("() => document.body.textContent.includes('Tiêu đề của danh sách')", timeout=SAVE_TIMEOUT_MS)
        _full_build_after(server.session, before)
        del server.session._announce
        home_path = "/" + page_path.split("/")[0] + "/"
        assert [s.page_only for s in announced] == [True, True, False], announced
        assert home_path in announced[1].pages, announced[1]
        page.wait_for_function("() => document.querySelector('h1').textContent === 'Tiêu đề của danh sách'",
                               timeout=SAVE_TIMEOUT_MS)
        _after_the_full_build(server, page, before)
        before = server.session.status.number
        article.write_text(original, encoding="utf-8")
        page.wait_for_function(f"() => document.querySelector('h1').textContent === {json.dumps(title)}",
                               timeout=SAVE_TIMEOUT_MS)
        _after_the_full_build(server, page, before)

        before = server.session.status.number
        article.write_text(original.replace(title, "Tiêu đề vừa sửa", 1), encoding="utf-8")
        page.wait_for_function("() => document.querySelector('h1').textContent === 'Tiêu đề vừa sửa'",
                               timeout=SAVE_TIMEOUT_MS)
        assert page.url.endswith(".html") and "tieu-de-vua-sua" in page.url, "the page followed its new URL"
        _after_the_full_build(server, page, before)

        hostile = "<img src=x onerror=window.__pwned=1>"
        article.write_text(original.replace("Date: ", f"Date: {hostile}\nX: ", 1), encoding="utf-8")
        page.wait_for_selector("#xem-truoc-loi", timeout=SAVE_TIMEOUT_MS)
        panel = page.locator("#xem-truoc-loi")
        assert f"{ARTICLE}:2: Date:" in panel.inner_text()
        assert hostile in panel.inner_text(), "the value is shown as the editor typed it"
        assert page.locator("#xem-truoc-loi img").count() == 0
        assert page.evaluate("() => window.__pwned") is None
        assert page.locator("h1").inner_text() == "Tiêu đề vừa sửa", "the last good page stays"

        before = server.session.status.number
        article.write_text(original, encoding="utf-8")
        page.wait_for_function(f"() => document.querySelector('h1').textContent === {json.dumps(title)}",
                               timeout=SAVE_TIMEOUT_MS)
        _after_the_full_build(server, page, before)
        assert page.locator("#xem-truoc-loi").count() == 0
        assert not [e for e in errors if "Content Security Policy" in e], errors
        assert failed == [], failed
        # The site's icon is linked (a desktop browser asks for it, not for a /favicon.ico that is not there).
        icon = page.evaluate("() => document.querySelector('link[rel=icon]').href")
        assert icon.endswith("/bieu-tuong.svg") and _get(icon)[0] == 200
        context.close()


def test_an_open_page_follows_its_article_through_every_move():
    moved = follow_moves({}, {"a": "/s/tin/mot.html"}, {"a": "/s/tin/hai.html"})
    assert moved == {"/s/tin/mot.html": "/s/tin/hai.html"}
    moved = follow_moves(moved, {"a": "/s/tin/hai.html"}, {"a": "/s/tin/ba.html"})
    assert moved == {"/s/tin/mot.html": "/s/tin/ba.html", "/s/tin/hai.html": "/s/tin/ba.html"}
    back = follow_moves(moved, {"a": "/s/tin/ba.html"}, {"a": "/s/tin/mot.html"})
    assert back == {"/s/tin/hai.html": "/s/tin/mot.html", "/s/tin/ba.html": "/s/tin/mot.html"}, "no page leads to itself"
    # the first step's moves (a corrected title, then the old one restored) chain the same way
    first = chain_moves({"/s/tin/mot.html": "/s/tin/hai.html"}, {"/s/tin/hai.html": "/s/tin/mot.html"})
    assert first == {"/s/tin/hai.html": "/s/tin/mot.html"}, "no cycle between the two addresses"
    # the first step's moves (a corrected title, then the old one restored) chain the same way
    first = chain_moves({"/s/tin/mot.html": "/s/tin/hai.html"}, {"/s/tin/hai.html": "/s/tin/mot.html"})
    assert first == {"/s/tin/hai.html": "/s/tin/mot.html"}, "no cycle between the two addresses"


def test_a_save_by_rename_is_one_saved_file_and_an_editors_temporary_file_none(tmp_path):
    from watchfiles import Change

    from preview.watcher import saved_files

    article, temporary = tmp_path / "bai.md", tmp_path / ".bai.md.swp"
    article.write_text("x", encoding="utf-8")
    changes = {(Change.deleted, str(article)), (Change.added, str(article)), (Change.modified, str(article)),
               (Change.added, str(temporary)), (Change.deleted, str(temporary))}
    assert saved_files(changes) == [article]
    gone = tmp_path / "xoa.md"
    assert saved_files({(Change.deleted, str(gone))}) == [gone], "a deleted article is a change too"


def test_the_serve_command_says_when_its_port_is_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "scripts.serve", "--content", str(_content(tmp_path)),
                              "--output", str(tmp_path / "preview"), "--port", str(port)],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert f"Cổng {port} đang bận" in run.stderr and "Traceback" not in run.stderr


def test_a_saved_article_is_answered_first_with_its_own_page_alone(tmp_path):
    """The page-first step writes the saved article's page, as the full build then writes it, and
    nothing else; a new file, or a file swapped for a link, is left to the full build."""
    from builder.quick_page import pages_first

    content = _content(tmp_path)
    session = PreviewSession(content, SETTINGS, tmp_path / "preview", "http://127.0.0.1:8000")
    assert session.rebuild().ok
    report = session.last_good
    before = _pages(tmp_path / "preview")
    article = content / ARTICLE
    original = article.read_text(encoding="utf-8")
    article.write_text(original.replace("\n\n", "\n\nMột câu mới ở đầu bài.\n\n", 1), encoding="utf-8")
    first = pages_first(report, session.options, ARTICLE)
    after = _pages(tmp_path / "preview")
    page = _page_of(after, _title(article))
    assert first is not None and first.pages == ["/" + page] and first.moved == {}, (first, page)
    assert "Một câu mới ở đầu bài." in after[page]
    assert [path for path in after if after[path] != before.get(path)] == [page], "that page alone"
    assert session.rebuild([article]).ok
    assert _pages(tmp_path / "preview")[page] == after[page], "the full build writes the same page"

    article.write_text(original.replace("Category: Chăm lo đời sống", "Category: Văn hóa - Thể thao", 1), encoding="utf-8")
    assert pages_first(session.last_good, session.options, ARTICLE) is None, "another category: other lists"
    article.write_text(original, encoding="utf-8")
    (content / "cdcs-tay-1" / "moi.md").write_text("Title: Mới\nDate: 2026-03-09 08:00\n\nBài.\n", encoding="utf-8")
    assert pages_first(session.last_good, session.options, "cdcs-tay-1/moi.md") is None, "a new article"
    secret = tmp_path / "bi-mat.md"  # outside the content folder: the machine's, not the unit's
    secret.write_text(original.replace("\n\n", "\n\nMẬT KHẨU CỦA MÁY CHỦ\n\n", 1), encoding="utf-8")
    article.unlink()
    article.symlink_to(secret)
    assert pages_first(session.last_good, session.options, ARTICLE) is None, "a file swapped for a symlink"
    (content / "cdcs-tay-1").rename(content / "cdcs-tay-1-real")
    (content / "cdcs-tay-1").symlink_to(content / "cdcs-tay-1-real")
    assert pages_first(session.last_good, session.options, ARTICLE) is None, "a unit folder swapped for one"
    assert not any("MẬT KHẨU" in html for html in _pages(tmp_path / "preview").values())
    (content / "cdcs-tay-1").unlink()
    (content / "cdcs-tay-1-real").rename(content / "cdcs-tay-1")
    article.unlink()
    article.write_text(original.replace("Date: ", "Date: 31/12/2026\nX: ", 1), encoding="utf-8")
    with pytest.raises(ProblemsFound) as raised:
        pages_first(session.last_good, session.options, ARTICLE)
    assert f"{ARTICLE}:2: Date:" in str(raised.value.problems[0])


def test_a_corrected_title_is_answered_first_with_its_new_page_then_its_unit_s_pages(tmp_path):
    """A new title moves the article's page: the first step writes it at its new URL and says where
    the old URL leads; the list-first step then writes the CĐCS's pages that list it (and the other
    lists: tests/test_quick_lists.py), as the full build then writes them; for a federation's own
    article, the site's front page."""
    from builder.quick_lists import lists_first
    from builder.quick_page import pages_first

    content = _content(tmp_path)
    preview = tmp_path / "preview"
    session = PreviewSession(content, SETTINGS, preview, "http://127.0.0.1:8000")
    assert session.rebuild().ok
    before = _pages(preview)
    article = content / ARTICLE
    old_page = _page_of(before, _title(article))
    article.write_text(article.read_text(encoding="utf-8").replace("Title: ", "Title: Tiêu đề đã sửa ", 1),
                       encoding="utf-8")
    first = pages_first(session.last_good, session.options, ARTICLE)
    after = _pages(preview)
    new_page = _page_of(after, _title(article))
    assert sorted(path for path in after if after[path] != before.get(path)) == [new_page], "its page alone"
    assert first is not None and first.moved == {"/" + old_page: "/" + new_page}
    assert set(first.pages) == {"/" + new_page, "/" + old_page}
    lists = lists_first(session.last_good, session.options, ARTICLE)
    after = _pages(preview)
    unit_page = "tp-tay/cdcs-tay-1/index.html"
    assert lists is not None and "/tp-tay/cdcs-tay-1/" in lists.pages and _title(article) in after[unit_page]
    assert session.rebuild([article]).ok
    full = _pages(preview)
    assert full[new_page] == after[new_page] and full[unit_page] == after[unit_page], "the full build writes the same"
    assert session.status.moved["/" + old_page] == "/" + new_page

    # A federation's own article: its unit's page is the site's front page, whose lists come from the
    # network index: a run of the federation's own articles writes it as the full build does.
    own = content / "tinh-mau" / "thong-bao-dai-hoi.md"
    before = _pages(preview)
    own.write_text(own.read_text(encoding="utf-8").replace("Title: ", "Title: Đã sửa ", 1), encoding="utf-8")
    first = pages_first(session.last_good, session.options, "tinh-mau/thong-bao-dai-hoi.md")
    lists = lists_first(session.last_good, session.options, "tinh-mau/thong-bao-dai-hoi.md")
    after = _pages(preview)
    new_page = _page_of(after, _title(own))
    assert first is not None and lists is not None and "/tinh-mau/" in lists.pages and "/" + new_page in first.pages
    assert _title(own) in after["tinh-mau/index.html"]
    assert session.rebuild([own]).ok
    full = _pages(preview)
    assert full["tinh-mau/index.html"] == after["tinh-mau/index.html"] and full[new_page] == after[new_page]


def test_the_serve_command_stops_on_sigterm_and_keeps_its_caches(tmp_path):
    from incremental.cache_paths import CachePaths

    output = tmp_path / "preview"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen([sys.executable, "-m", "scripts.serve", "--content", str(_content(tmp_path)),
                              "--output", str(output), "--port", str(port), "--jobs", "1"],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert serve.stdout is not None
        for line in serve.stdout:
            if line.startswith("Bản xem trước: "):
                break
        assert f"http://127.0.0.1:{port}/" in line
        assert _get(f"http://127.0.0.1:{port}/")[0] == 200
        serve.send_signal(signal.SIGTERM)
        rest = serve.stdout.read()
        assert serve.wait(timeout=60) == 0, rest
    finally:
        serve.kill()
    assert "Đã dừng bản xem trước." in rest and "Traceback" not in rest
    assert CachePaths.beside(output.resolve()).index.is_file(), "the next preview starts warm"
