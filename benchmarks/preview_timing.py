"""The live preview measured as an editor meets it: from a save to the change on the open page.

`make serve`'s own command runs as a process of its own (its peak RSS is its process tree's,
Chromium not included); Debian's Chromium, driven by Playwright, keeps the edited article's
page, its unit's page and the other list pages that show the retitled article open (its category's,
the archive's, the front pages above: every page of the preview's lists holding its title), and the
clock runs from the write of the file to the moment the page shows the new text (the watcher, the
build, the event, the reload and the render); for the lists, until the last of them shows it.
Each save's build is let finish before the next save, as an editor types, reads, types.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from domain.preview import STATUS_URL

from .measure import Measurement, tree_rss_kb

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
READY = "Bản xem trước: "  # scripts/serve.py's line once the first build is served
WAIT_MS = 120_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _serving(content: Path, settings: Path, output: Path, jobs: int) -> Iterator[tuple[str, subprocess.Popen, list[int]]]:
    """The preview command running on a free port, once its first build is served; its peak RSS sampled."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "scripts.serve", "--content", str(content), "--settings",
                                str(settings), "--output", str(output), "--port", str(port), "--jobs", str(jobs)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], tree_rss_kb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(READY):
                break
        else:
            raise RuntimeError(f"the preview did not start (exit {process.wait()})")
        threading.Thread(target=process.stdout.read, daemon=True).start()  # keep its pipe drained
        yield f"http://127.0.0.1:{port}", process, peak
    finally:
        done.set()
        process.terminate()
        process.wait(timeout=60)


def _page_path(output: Path, source_title: str) -> str:
    """The preview page whose h1 is the article's title (below a site's tin/)."""
    for page in output.rglob("tin/*.html"):
        if f"<h1>{source_title}</h1>" in page.read_text(encoding="utf-8"):
            return str(page.relative_to(output))
    raise LookupError(source_title)


def _status(url: str) -> dict:
    with urllib.request.urlopen(url + STATUS_URL, timeout=10) as answer:  # noqa: S310 (our own http://127.0.0.1)
        return json.loads(answer.read())


def _settled(url: str, after: int) -> None:
    """Wait until a full build later than build `after` has finished (not only a page-first step)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while time.monotonic() < deadline:
        status = _status(url)
        if status["number"] > after and not status["page_only"]:
            return
        time.sleep(0.05)
    raise TimeoutError("the preview did not finish its build")


def _timed_save(url: str, pages: list, article: Path, text: str, shows: str) -> list[float]:
    """Seconds from writing `text` to `article` until each of `pages` shows `shows`; then the build is
    let finish, so the next save does not wait for this one's."""
    before = _status(url)["number"]
    started = time.perf_counter()
    article.write_text(text, encoding="utf-8")
    seconds = []
    for page in pages:
        page.wait_for_function(f"() => document.body && document.body.textContent.includes({json.dumps(shows)})",
                               timeout=WAIT_MS, polling="raf")
        seconds.append(time.perf_counter() - started)
    _settled(url, before)
    return seconds


def _lists_showing(output: Path, link: str, unit_page: str) -> list[str]:
    """The preview's list pages (below every site, not its articles' pages, not the unit's page) that
    link to the article at `link`: the other lists the retitled article is on (by its link: two
    articles of the demo share a title)."""
    shown = f'href="{link}"'
    found = []
    for page in sorted(output.rglob("*.html")):
        relative = page.relative_to(output).as_posix()
        if "/tin/" in relative or relative.endswith("404.html") or relative.startswith("_"):
            continue
        if relative.removesuffix("index.html") != unit_page and shown in page.read_text(encoding="utf-8"):
            found.append(relative.removesuffix("index.html"))
    return found


def _listed_first(unit_page, folder: Path) -> tuple[Path, str, str]:
    """The first article of the unit's own that its page lists (a federation's front page lists the
    units below it too), its title and its link."""
    links = unit_page.eval_on_selector_all(".lead-title a, .card-title a",
                                           "links => links.map(a => [a.textContent.trim(), a.getAttribute('href')])")
    files = {file: file.read_text(encoding="utf-8") for file in sorted(folder.glob("*.md"))}
    for title, link in links:
        for file, text in files.items():
            if f"Title: {title}\n" in text:
                return file, title, link
    raise LookupError(f"{folder.name}: none of {[title for title, _ in links[:5]]}")


def measure_preview(content: Path, settings: Path, output: Path, article: Path, jobs: int,
                    repeat: int = 3) -> dict[str, Measurement]:
    """Seconds from a save to the open page showing it (median of `repeat` saves): the article's own
    page after a body edit, and its unit's page (a list) after a title edit of the article it lists first
    ("list"), and the last of every list page showing that article ("lists"; its output says how many).
    On a thread of its own: Playwright's sync API refuses a thread that already drives a browser (a
    caller's, such as the test session's)."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(_measure, content, settings, output, article, jobs, repeat).result()


def _measure(content: Path, settings: Path, output: Path, article: Path, jobs: int, repeat: int) -> dict[str, Measurement]:
    from playwright.sync_api import sync_playwright

    original = article.read_text(encoding="utf-8")
    header, _, body = original.partition("\n\n")
    title = header.split("\n", 1)[0].removeprefix("Title: ")
    body_times, list_times, lists_times, restore = [], [], [], {article: original}
    try:
        with _serving(content, settings, output, jobs) as (url, _, peak), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
            article_page = browser.new_page()
            article_page.goto(f"{url}/{_page_path(output, title)}")
            unit_page = browser.new_page()
            unit_page.goto(article_page.eval_on_selector(".article-meta a[href]", "a => a.href"))
            listed, listed_title, link = _listed_first(unit_page, article.parent)
            restore.setdefault(listed, listed.read_text(encoding="utf-8"))
            time.sleep(0.5)  # both event streams connected
            for n in range(repeat):
                sentence = f"Câu đo thời gian xem trước số {n}."
                body_times += _timed_save(url, [article_page], article, f"{header}\n\n{sentence} {body}", sentence)
            other_lists = []  # opened for the title saves only: each open page reloads, on 2 cores
            for path in _lists_showing(output, link, unit_page.url.removeprefix(url + "/")):
                other_lists.append(browser.new_page())
                other_lists[-1].goto(f"{url}/{path}")
            time.sleep(0.5)
            for n in range(repeat):
                retitled = f"{listed_title} (đo {n})"
                unit, *others = _timed_save(url, [unit_page, *other_lists], listed,
                                            restore[listed].replace(listed_title, retitled, 1), retitled)
                list_times.append(unit)
                lists_times.append(max([unit, *others]))
            browser.close()
            peak_mb = peak[0] / 1024
    finally:
        for file, text in restore.items():
            file.write_text(text, encoding="utf-8")
    median = lambda times: sorted(times)[len(times) // 2]  # noqa: E731
    return {"article": Measurement(median(body_times), peak_mb, 0, ""),
            "list": Measurement(median(list_times), peak_mb, 0, ""),
            "lists": Measurement(median(lists_times), peak_mb, 0, f"{len(other_lists) + 1} lists")}
