"""Pagefind (issue 20's anchor) on the same built network as this project's search, in the same run.

`index()` gives Pagefind the article pages of a scope (a city's own articles, or
every article of the network once, from its own site: what the province's network
search covers), hard-linked into a folder of their own with their paths from
output/, so the build's output is never touched; it runs the binary of the
`pagefind_bin` wheel under a wall-time and a memory cap (benchmarks/measure.py),
and records the time, the peak RSS and the bundle's index files on disk (stored
gzipped by Pagefind).  Pagefind reads only the article itself (`article.article`,
its byline and links left out): the text this project indexes, so a list page or
a "Tin liên quan" title is no hit.

`recall()` asks Pagefind's own JS API (`pagefind.search(q)`, in Chromium, not
throttled) for each query and maps the result ids to URLs through the fragments
on disk (no fetch per result), then compares them with the same naive scan as
search_bench.recall.  `bench_page()` writes the bench-only page that
search_bench.query_times times: the query from `?q=`, `pagefind.search`, the
first 10 results' data, shown; its policy allows 'wasm-unsafe-eval', which this
project's own pages never need.
"""

from __future__ import annotations

import gzip
import importlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from domain.search import load_documents

from .measure import measure
from .search_bench import QUERIES, Recall, Row, naive_words, query_times, serving

VERSION = "1.5.2"  # requirements-bench.txt
ROOT_SELECTOR, EXCLUDE = "article.article", ".article-meta"
PAGE = "pagefind-bench.html"
_DATA = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")


def executable() -> Path | None:
    """The Pagefind binary of the pagefind_bin wheel (`pip install -r requirements-bench.txt`), if installed."""
    try:  # imported by name: untyped, and absent where only requirements.txt is installed (make lint)
        return Path(importlib.import_module("pagefind_bin").get_executable())
    except (ImportError, FileNotFoundError):
        return None


@dataclass(frozen=True)
class Indexing:
    scope: str
    site: Path  # the pages given to Pagefind, its bundle in site/pagefind/
    pages: int
    seconds: float
    peak_mb: float
    index_bytes: int  # the bundle's index files as stored (Pagefind gzips them), without its scripts
    failure: str  # "" when the bundle was written; else "out of memory (…)", "timed out (…)" or "failed: …"


def link_articles(output: Path, items_dir: Path, site_ids: list[str], into: Path) -> int:
    """Each article page of `site_ids` (from the saved search documents) linked at its path below `into`."""
    shutil.rmtree(into, ignore_errors=True)
    count = 0
    for site_id in site_ids:
        for doc in load_documents(items_dir / f"{site_id}.search.json"):
            source, target = output / site_id / doc.url, into / site_id / doc.url
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:  # another file system
                shutil.copyfile(source, target)
            count += 1
    return count


def index(binary: Path, output: Path, items_dir: Path, scope: str, site_ids: list[str], work: Path,
          max_seconds: float = 1800, max_mb: float = 8192) -> Indexing:
    """Pagefind over the articles of `site_ids`, capped; a cap hit or a failure is reported, never raised."""
    site = work / scope
    pages = link_articles(output, items_dir, site_ids, site)
    run = measure([str(binary), "--site", str(site), "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE,
                   "--silent"], work, max_seconds=max_seconds, max_mb=max_mb)
    failure = run.stopped or (f"failed: {run.output.strip()[-300:]}" if run.returncode else "")
    size = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.suffix in _DATA) if not failure else 0
    return Indexing(scope, site, pages, run.seconds, run.peak_mb, size, failure)


def fragment_urls(site: Path) -> dict[str, str]:
    """Pagefind's result id → the page's URL, read from the bundle's fragments (gzip, then 'pagefind_dcd' + JSON)."""
    urls = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        urls[path.stem] = json.loads(data)["url"]
    return urls


def bench_page(site: Path) -> None:
    """The bench-only search page at site/PAGE, with the selectors search_bench.query_times waits for."""
    (site / "pagefind-bench.js").write_text(_SCRIPT, encoding="utf-8")
    (site / PAGE).write_text(
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; "
        "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:\">"
        '<title>Pagefind</title></head><body><h1>Tìm kiếm</h1><form id="tim-kiem"><input id="q" name="q"></form><ol id="ket-qua"></ol>'
        '<script type="module" src="pagefind-bench.js"></script></body></html>', encoding="utf-8")


_SCRIPT = """\
const loaded = performance.now(), form = document.getElementById("tim-kiem"), list = document.getElementById("ket-qua");
const pagefind = await import("./pagefind/pagefind.js");
window.pagefind = pagefind;
async function show(q, started) {
  form.removeAttribute("data-ms");
  const search = await pagefind.search(q);
  const first = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  list.textContent = "";
  for (const data of first) {
    const li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
    a.href = data.url; a.textContent = data.meta.title || data.url; p.textContent = data.excerpt;
    li.append(a, p); list.append(li);
  }
  requestAnimationFrame(() => setTimeout(() => {  // once painted, as tim-kiem.js marks it
    performance.mark("tim-kiem:ket-qua");
    form.setAttribute("data-ms", String(Math.round(performance.now() - started)));
  }, 0));
}
form.addEventListener("submit", (event) => {
  event.preventDefault();
  show(document.getElementById("q").value, performance.now());
});
const q = new URLSearchParams(location.search).get("q");
if (q !== null) { show(q, loaded); } else { await pagefind.init(); }
"""


def recall(browser: Any, base_url: str, indexing: Indexing, output: Path, items_dir: Path, site_ids: list[str],
           queries: tuple[str, ...] = QUERIES) -> list[Recall]:
    """Each query through Pagefind's JS API, its answers against the naive scan of the scope's articles."""
    documents = [doc for site_id in site_ids for doc in load_documents(items_dir / f"{site_id}.search.json")]
    words = {f"/{doc.site_id}/{doc.url}": naive_words(f"{doc.title} {doc.text}") for doc in documents}
    urls = fragment_urls(indexing.site)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{indexing.scope}/{PAGE}?q=")
        page.wait_for_selector("#tim-kiem[data-ms]", state="attached", timeout=60_000)
        rows = []
        for query in queries:
            ids = page.evaluate("async (q) => (await window.pagefind.search(q)).results.map((r) => r.id)", query)
            answered = {urls.get(i, i) for i in ids}
            expected = {url for url, found in words.items() if naive_words(query) <= found}
            rows.append(Recall(query, len(expected), len(expected & answered), len(answered - expected)))
        return rows
    finally:
        context.close()


def row(browser: Any, binary: Path, output: Path, items_dir: Path, scope: str, site_ids: list[str], work: Path,
        caps: tuple[float, float] = (1800, 8192), timed: tuple[str, ...] = QUERIES) -> Row:
    """Pagefind's row of the search table for one scope: indexed (capped), then recall and query times."""
    work.mkdir(parents=True, exist_ok=True)
    done = index(binary, output, items_dir, scope, site_ids, work, *caps)
    name = f"Pagefind {VERSION}"
    if done.failure:
        return Row(name, scope, done.pages, f"{done.failure}, after {done.seconds:.1f} s, peak {done.peak_mb:.0f} MB", "–")
    bench_page(done.site)
    with serving(work) as url:
        recalls = recall(browser, url, done, output, items_dir, site_ids)
        times = query_times(browser, url, [scope], timed, page_path=PAGE, index_parts=(".pf_",))  # its index files, not its script
    shutil.rmtree(done.site)  # the links and the bundle: a 50,000-article bundle is large
    return Row(name, scope, done.pages, f"{done.seconds:.2f} s, peak {done.peak_mb:.0f} MB",
               f"{done.index_bytes / max(done.pages, 1) * 1000 / 1e6:.2f} MB gzip", tuple(recalls), tuple(times))
