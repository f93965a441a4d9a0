"""Search, measured on a built network: recall without diacritics, and query time on a throttled phone.

`recall()` answers each query of a list typed without diacritics from the index
files (domain/search/query.py, the rules of the page's script) and compares the
answers with a plain scan of every article's text (the text the build saved for
it, folded here by a separate, naive rule: NFD, no combining mark, đ → d, lower
case, split on anything not a letter or digit).  `query_times()` opens each
query's search page in headless Chromium with the CPU slowed 4× (CDP
`Emulation.setCPUThrottlingRate`, as Lighthouse's phone), a fresh context per
query (nothing cached), and records the time from navigation to the first results
painted (the page's `tim-kiem:ket-qua` mark), the bytes of index files fetched, and
in another fresh context the time from a query submitted on the loaded page to its
results painted (the query a reader types once the page is there).  `run_search()` puts them in one
table, on a city and on the province's network search, with Pagefind's rows beside
them on the same articles (benchmarks/pagefind_bench.py).  The integrator runs it on
the 10,000- and 50,000-article networks; tests/test_search_bench.py runs it small.
"""

from __future__ import annotations

import json
import math
import re
import statistics
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

from domain.search import load_documents, search
from domain.search.layout import NETWORK_INDEX, index_folder
from domain.search.network import site_readers
from domain.search.query import Reader

# Typed without diacritics, as on a phone: the examples and the synthetic corpus's common phrases.
QUERIES = ("cong doan", "doan", "duong", "dong nai", "nguoi lao dong", "doan vien", "thoa uoc lao dong tap the",
           "bao hiem xa hoi", "an toan ve sinh lao dong", "tien luong", "tet sum vay", "mai am cong doan",
           "hoc bong", "doi song", "dinh ky", "doi thoai", "ky su", "giao vien", "khu cong nghiep", "nha tro")
_WORD = re.compile(r"[^\W_]+")


def naive_words(text: str) -> set[str]:
    """A text's words folded by the naive rule (independent of domain/search/folding.py)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return set(_WORD.findall(plain))


@dataclass(frozen=True)
class Recall:
    query: str
    expected: int  # articles containing every word, by the plain scan
    found: int  # of those, the ones the index answers
    extra: int  # answered but not in the scan (should be 0)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def recall(output: Path, items_dir: Path, site_ids: list[str], queries: tuple[str, ...] = QUERIES) -> list[Recall]:
    """Each query against the indexes of `site_ids` in `output` (the saved documents in `items_dir`): the
    network index of the first site when it has one over them all (a province's whole network)."""
    network = output / site_ids[0] / NETWORK_INDEX
    readers: list[Reader] = [partial(_read, output / site_id / index_folder(site_id)) for site_id in site_ids]
    if len(site_ids) > 1 and (network / "meta.json").is_file():
        site_ids = json.loads((network / "meta.json").read_bytes())["sites"]
        readers = site_readers(partial(_read, network))
    documents = [doc for site_id in site_ids for doc in load_documents(items_dir / f"{site_id}.search.json")]
    words = {(doc.site_id, doc.url): naive_words(f"{doc.title} {doc.text}") for doc in documents}
    urls = [_urls(partial(_read, output / site_id / index_folder(site_id))) for site_id in site_ids]
    rows = []
    for query in queries:
        wanted = naive_words(query)
        expected = {key for key, found in words.items() if wanted <= found}
        answered = {(site_ids[site], urls[site][number]) for site, number in search(readers, query)}
        rows.append(Recall(query, len(expected), len(expected & answered), len(answered - expected)))
    return rows


def _read(folder: Path, name: str) -> bytes:
    return (folder / name).read_bytes()


def _urls(read: Any) -> list[str]:
    meta = json.loads(read("meta.json"))
    per = meta["docs_per_shard"]
    return [row[1] for n in range(0, meta["docs"], per) for row in json.loads(read(f"d/{n // per}.json"))]


@dataclass(frozen=True)
class QueryTime:
    site: str
    query: str
    seconds: float  # the page opened with the query: navigation start → the first results painted
    search_seconds: float  # of which the script's own part: the query read → the first results painted
    index_bytes: int  # index files fetched (uncompressed: the local host sends files as they are)
    results: int
    typed_seconds: float  # the query submitted on the loaded page → its first results painted
    page_seconds: float  # the page alone (no query): navigation start → its first contentful paint


@contextmanager
def serving(root: Path, port: int = 0) -> Iterator[str]:
    """`root` on 127.0.0.1 (a free port by default); yields its URL.  Start it before the build when the
    build's base URL must be this address (`port` then fixes it)."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), partial(Quiet, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


_SUBMIT = """(q) => {
  const form = document.getElementById("tim-kiem"), started = performance.now();
  document.getElementById("q").value = q;
  form.requestSubmit();
  return started;
}"""
QUERY_TIMEOUT = 60  # seconds: a query slower than this is "over 60 s" in the table (Pagefind at 50,000 articles)
_PAINTED = "performance.getEntriesByName('tim-kiem:ket-qua').at(-1).startTime"
_FIRST_PAINT = "performance.getEntriesByName('first-contentful-paint').at(-1).startTime"


def query_times(browser: Any, base_url: str, sites: list[str], queries: tuple[str, ...] = QUERIES,
                throttling: float = 4.0, page_path: str = "tim-kiem/",
                index_parts: tuple[str, ...] = ("/tim-kiem/chi-muc/", "/tim-kiem/mang-luoi/")) -> list[QueryTime]:
    """Each query on each site's search page (`browser`: a Playwright Chromium), CPU slowed `throttling`×:
    opened with the query, and typed on the page once loaded, each in a fresh context.  `page_path` and
    `index_parts` (the URLs counted as index bytes) let benchmarks/pagefind_bench.py's page be timed the
    same way: both pages mark `tim-kiem:ket-qua` once the results are painted and set data-ms."""
    rows = []
    for site in sites:
        for query in queries:
            with _phone(browser, throttling) as (page, fetched):
                page.on("response", lambda response, fetched=fetched: fetched.append(len(response.body()))
                        if any(part in response.url for part in index_parts) and response.ok else None)
                page.goto(f"{base_url}/{site}/{page_path}?q={quote_plus(query)}")
                if _shown(page):
                    shown = page.evaluate(_PAINTED) / 1000  # since navigation start, on the page's clock
                    own = int(page.get_attribute("#tim-kiem", "data-ms") or 0) / 1000
                else:
                    shown = own = math.inf
                count = page.locator("#ket-qua li").count()
            with _phone(browser, throttling) as (page, _):
                page.goto(f"{base_url}/{site}/{page_path}", wait_until="networkidle")
                painted = page.evaluate(_FIRST_PAINT) / 1000
                started = page.evaluate(_SUBMIT, query)
                typed = (page.evaluate(_PAINTED) - started) / 1000 if _shown(page) else math.inf
            rows.append(QueryTime(site, query, shown, own, sum(fetched), count, typed, painted))
    return rows


def _shown(page: Any) -> bool:
    """Whether the results were shown within QUERY_TIMEOUT (a slower query is reported, not a crash)."""
    from playwright.sync_api import TimeoutError as Timeout

    try:
        page.wait_for_selector("#tim-kiem[data-ms]", state="attached", timeout=QUERY_TIMEOUT * 1000)
    except Timeout:
        return False
    return True


@contextmanager
def _phone(browser: Any, throttling: float) -> Iterator[tuple[Any, list[int]]]:
    """A fresh context (nothing cached) with a phone's viewport, its page's CPU slowed `throttling`×."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttling})
        yield page, []
    finally:
        context.close()


@dataclass(frozen=True)
class Row:
    """One search on one scope, for the table: this project's or Pagefind's (benchmarks/pagefind_bench.py)."""
    search: str
    scope: str
    articles: int
    indexing: str  # how long indexing took and its peak memory, or the cap it hit
    size: str  # the index on disk per 1,000 articles
    recalls: tuple[Recall, ...] = ()
    times: tuple[QueryTime, ...] = ()


def _recall_cell(recalls: tuple[Recall, ...]) -> str:
    if not recalls:
        return "–"
    expected = sum(r.expected for r in recalls)
    worst = min(recalls, key=lambda r: r.recall)
    return (f"{sum(r.found for r in recalls) / expected if expected else 1.0:.4f} (worst {worst.recall:.4f} "
            f"{worst.query!r}; {sum(r.extra for r in recalls)} extra)")


def _s(seconds: float) -> str:
    return f"over {QUERY_TIMEOUT}" if math.isinf(seconds) else f"{seconds:.2f}"


def _time_cells(times: tuple[QueryTime, ...]) -> str:
    if not times:
        return "– | – | –"
    slowest = max(times, key=lambda t: t.seconds)
    typed = max(times, key=lambda t: t.typed_seconds)
    return (f"{_s(statistics.median(t.typed_seconds for t in times))} / {_s(typed.typed_seconds)} s ({typed.query!r}) | "
            f"{_s(statistics.median(t.seconds for t in times))} / {_s(slowest.seconds)} s ({slowest.query!r}; script "
            f"{_s(statistics.median(t.search_seconds for t in times))} s; the page alone painted at "
            f"{statistics.median(t.page_seconds for t in times):.2f} s) | "
            f"{statistics.median(t.index_bytes for t in times) / 1024:.0f} / {max(t.index_bytes for t in times) / 1024:.0f} KB")


def table(rows: list[Row]) -> str:
    """The search table: recall over QUERIES; first results median / slowest in Chromium, CPU 4× slowed, of
    a query typed on the loaded page and of the page opened with it; index bytes fetched per query, median / max."""
    lines = ["| search | scope | articles | indexing | index per 1,000 articles | recall (worst; extra) "
             "| first results of a query typed on the page, median / slowest "
             "| first results of the page opened with the query, from navigation, median / slowest "
             "| index fetched per query, median / max |",
             "| --- | --- | ---: | --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {r.search} | {r.scope} | {r.articles} | {r.indexing} | {r.size} | {_recall_cell(r.recalls)} "
              f"| {_time_cells(r.times)} |" for r in rows]
    return "\n".join(lines)


def index_size(output: Path, site_ids: list[str]) -> tuple[int, int, int]:
    """(documents, raw bytes, gzip bytes) of the sites' own indexes (not the provinces' copies)."""
    import gzip

    docs = raw = packed = 0
    for site_id in site_ids:
        folder = output / site_id / index_folder(site_id)
        docs += json.loads((folder / "meta.json").read_text(encoding="utf-8"))["docs"]
        for path in folder.rglob("*.json"):
            data = path.read_bytes()
            raw, packed = raw + len(data), packed + len(gzip.compress(data))
    return docs, raw, packed


def run_search(work: Path, size: Any, jobs: int, chromium: Path = Path("/usr/bin/chromium"),
               pagefind_caps: tuple[float, float] = (1800, 8192)) -> str:
    """The whole search benchmark on a fresh synthetic network of `size` (benchmarks/synthetic.py):
    the build (with the host's address as its base URL), then on one city and on the province's network
    search: recall, query times, index size; and Pagefind on the same articles (benchmarks/pagefind_bench.py,
    capped at `pagefind_caps` seconds and MB) when it is installed.  `python -m scripts.bench --search`."""
    import shutil
    import sys

    from playwright.sync_api import sync_playwright

    from incremental.cache_paths import CachePaths

    from . import pagefind_bench
    from .measure import measure
    from .runner import IMAGE, ROOT, _check
    from .synthetic import generate

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    content, output = work / "content", work / "output"
    generate(content, size, IMAGE)
    output.mkdir()
    items = CachePaths.beside(output).feed_items
    binary = pagefind_bench.executable()
    with serving(output) as url:
        settings = work / "searchconf.py"
        settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa: F403\n"
                            f"NETWORK_BASE_URL = {url!r}\n", encoding="utf-8")
        built = _check("search build", measure([sys.executable, "-m", "scripts.build", "--content", str(content),
                                                "--output", str(output), "--settings", str(settings),
                                                "--jobs", str(jobs), "--as-of", "2030-01-01"], ROOT))
        sites = sorted(p.name for p in output.iterdir() if p.is_dir() and (p / index_folder(p.name)).is_dir())
        # The city with the most articles of its own (the first city of the synthetic network has a handful),
        # counted in its index's meta.json, not by reading every document.
        city = max((s for s in sites if s != "ldld-tinh"),
                   key=lambda s: (json.loads((output / s / index_folder(s) / "meta.json").read_bytes())["docs"], s))
        scopes = {city: [city], "ldld-tinh": sites}  # the province's network search covers every site below it
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), headless=True,
                                                 args=["--headless", "--no-sandbox", "--disable-gpu"])
            try:
                for scope, site_ids in scopes.items():
                    docs, raw, packed = index_size(output, site_ids)
                    rows.append(Row("this project", scope, docs, "in the build",
                                    f"{raw / docs * 1000 / 1e6:.2f} MB raw / {packed / docs * 1000 / 1e6:.2f} MB gzip",
                                    tuple(recall(output, items, site_ids)), tuple(query_times(browser, url, [scope]))))
                    if binary:
                        rows.append(pagefind_bench.row(browser, binary, output, items, scope, site_ids,
                                                       work / "pagefind", pagefind_caps))
            finally:
                browser.close()
    network = next(r for r in rows if r.search == "this project" and r.scope == "ldld-tinh")
    unmatched = [r.query for r in network.recalls if not r.expected]
    return "\n".join([
        f"search: {size.articles} articles, build {built.seconds:.2f} s, peak {built.peak_mb:.0f} MB (--jobs {jobs}); "
        f"{city}: a city's own articles; ldld-tinh: the province's network search, every article once", "",
        table(rows), "",
        f"Pagefind {pagefind_bench.VERSION}: indexing is its binary alone over those article pages; its index bytes are "
        "as stored (gzip), this project's as served (uncompressed), the scripts left out on both sides" if binary else
        "Pagefind is not installed (pip install -r requirements-bench.txt): no Pagefind rows",
        *([f"no article contains (by the plain scan) {', '.join(map(repr, unmatched))}: their recall is 1 by "
           "definition, their extra answers are what was found"] if unmatched else []),
    ])
