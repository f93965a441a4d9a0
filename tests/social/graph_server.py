"""A fake Graph API on 127.0.0.1 that speaks the two endpoints the poster uses, with injectable faults.

- POST /{version}/{page-id}/feed (form: message, link, access_token) creates a
  post and answers {"id": "<page>_<n>"};
- GET /{version}/{page-id}/posts?fields=...&limit=&since=&after= (token in the
  Authorization header) answers newest first with `paging.cursors.after` and a
  `paging.next` URL that, like Facebook's, carries the access token.  As the
  Graph API documents it (Paginated Results; Page Feed): `limit` is at most 100
  (more is error 100), `since` is a Unix time, only the requested `fields` are
  returned, and a page may hold fewer items than `limit`, or none (privacy
  filtering), and still have a `next` link: only a missing `next` ends the
  list (`page_cap`, `empty_first_page` make the server answer that way);
- errors are Facebook's JSON ({"error": {"message", "type", "code",
  "error_subcode", "fbtrace_id"}}); an invalid token is echoed in the message,
  as Facebook does for malformed tokens, so the client must scrub it.
Faults come from a script (`graph.script(...)`, consumed in order) or at
random from a seeded generator (`graph.random_faults(...)`).  `created` is the
ground truth: every post ever created, in order.
"""

from __future__ import annotations

import base64
import json
import random
import threading
import time
import urllib.parse
from collections import Counter, deque
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# What a fault does to a POST (created? then how it answers) or a GET.
POST_FAULTS = {
    "lost-answer": "create, then close the connection without answering",
    "created-500": "create, then answer HTTP 500 code 2",
    "500": "answer HTTP 500 code 1, create nothing",
    "slow-created": "create, then answer only after the client's timeout",
    "rate-limit": "HTTP 400 code 32 with X-Business-Use-Case-Usage, create nothing",
    "429": "HTTP 429 code 4 with X-App-Usage, create nothing",
    "368": "HTTP 400 code 368 (blocked), create nothing",
    "506": "HTTP 400 code 506 (duplicate), create nothing",
    "100": "HTTP 400 code 100 (bad parameter), create nothing",
}
GET_FAULTS = {"500": "HTTP 500 code 2", "rate-limit": "HTTP 400 code 4", "slow": "answer after the timeout",
              "lost-answer": "close without answering"}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that timed out and hung up is one of the faults we inject


@dataclass(frozen=True)
class Post:
    id: str
    page_id: str
    message: str
    link: str
    created_time: datetime


class FakeGraph:
    def __init__(self, tokens: dict[str, str], *, slow_seconds: float = 0.5, delay: float = 0.0):
        self.tokens = dict(tokens)  # page id -> the only token it accepts
        self.expired: set[str] = set()  # pages whose token Facebook now rejects (190/463)
        self.created: list[Post] = []
        self.scraped: list[str] = []  # every URL Facebook was asked to read again (POST /?id=<url>&scrape=true)
        self.requests: list[tuple[str, str]] = []  # (method, page/endpoint): never a token
        self.token_in_url = 0  # requests that carried a token in the URL (must stay 0)
        self.faults_injected: Counter[str] = Counter()  # "POST lost-answer" -> how many times
        self.slow_seconds = slow_seconds
        self.delay = delay  # every request waits this long first (kill tests)
        self.versions: Counter[str] = Counter()  # the API version of every request ("v26.0")
        self.page_cap: int | None = None  # at most this many posts per page of results, whatever `limit` says
        self.empty_first_page = False  # the first page of every listing is empty, with a `next` link
        self._lock = threading.Lock()
        self._script: deque[tuple[str, str]] = deque()
        self._rng: random.Random | None = None
        self._post_odds: dict[str, float] = {}
        self._get_odds: dict[str, float] = {}
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    # -- control -----------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeGraph:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def script(self, *faults: tuple[str, str]) -> None:
        """Faults for the next matching requests, in order: ("POST", "lost-answer"), ("GET", "500")."""
        self._script.extend(faults)

    def random_faults(self, seed: int, post: dict[str, float], get: dict[str, float] | None = None) -> None:
        self._rng = random.Random(seed)
        self._post_odds, self._get_odds = post, get or {}

    def calm(self) -> None:
        """No more faults (scripted or random)."""
        self._script.clear()
        self._rng = None

    def links(self, page_id: str | None = None) -> list[str]:
        return [post.link for post in self.created if page_id is None or post.page_id == page_id]

    def add_post(self, page_id: str, link: str, message: str = "") -> Post:
        """A post made by hand on the Page (not by the poster)."""
        with self._lock:
            return self._create(page_id, message, link)

    # -- behaviour ---------------------------------------------------------
    def _fault(self, method: str) -> str | None:
        fault = self._pick_fault(method)
        if fault:
            with self._lock:
                self.faults_injected[f"{method} {fault}"] += 1
        return fault

    def _pick_fault(self, method: str) -> str | None:
        with self._lock:
            if self._script and self._script[0][0] == method:
                return self._script.popleft()[1]
            odds = {"POST": self._post_odds, "GET": self._get_odds}.get(method, {})  # SCRAPE: scripted faults only
            if self._rng is not None:
                roll = self._rng.random()
                for name, chance in odds.items():
                    if roll < chance:
                        return name
                    roll -= chance
        return None

    def _create(self, page_id: str, message: str, link: str) -> Post:
        post = Post(f"{page_id}_{len(self.created) + 1}", page_id, message, link, datetime.now(UTC))
        self.created.append(post)
        return post

    def _handler(self):
        graph = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _answer(self, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status: int, code: int, message: str, subcode: int | None = None,
                       headers: dict[str, str] | None = None) -> None:
                error = {"message": message, "type": "OAuthException" if code == 190 else "GraphMethodException",
                         "code": code, "fbtrace_id": "AbCdEfGh123"}
                if subcode:
                    error["error_subcode"] = subcode
                self._answer(status, {"error": error}, headers)

            def _bare_500(self) -> None:
                """A 500 with no Facebook error JSON: what a proxy or load balancer in front of the Graph API sends."""
                data = b"<html><body><h1>500 Internal Server Error</h1></body></html>"
                self.send_response(500)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _route(self) -> tuple[str, str, dict[str, list[str]]] | None:
                parts = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(parts.query)
                if "access_token" in query:
                    graph.token_in_url += 1
                pieces = parts.path.strip("/").split("/")
                if len(pieces) != 3 or not pieces[0].startswith("v"):
                    self._error(400, 100, f"Unknown path {parts.path}")
                    return None
                with graph._lock:
                    graph.versions[pieces[0]] += 1
                return pieces[1], pieces[2], query

            def _authorised(self, page_id: str, token: str | None) -> bool:
                if page_id not in graph.tokens:
                    self._error(400, 100, f"Object with ID '{page_id}' does not exist")
                    return False
                if token != graph.tokens[page_id]:
                    self._error(400, 190, f"Malformed access token {token}")
                    return False
                if page_id in graph.expired:
                    self._error(400, 190, "Error validating access token: Session has expired on Monday, "
                                          "19-Jan-26 10:00:00 PST.", subcode=463)
                    return False
                return True

            def _rate_limit(self, fault: str) -> None:
                if fault == "429":
                    self._error(429, 4, "Application request limit reached",
                                headers={"X-App-Usage": json.dumps({"call_count": 100, "total_time": 20})})
                else:
                    usage = {"1234567890": [{"type": "pages", "call_count": 100, "total_cputime": 10,
                                             "total_time": 30, "estimated_time_to_regain_access": 1}]}
                    self._error(400, 32, "Page request limit reached",
                                headers={"X-Business-Use-Case-Usage": json.dumps(usage)})

            def _scrape(self) -> None:
                """POST /{version}/ with id=<url>&scrape=true: Facebook reads the URL's og: tags again and
                answers the URL object (https://developers.facebook.com/docs/sharing/opengraph/using-objects,
                "Updating Objects").  Any Page's token is accepted, as any valid access token is."""
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
                url, token = (form.get("id") or [""])[0], (form.get("access_token") or [None])[0]
                if (form.get("scrape") or [""])[0] != "true" or not url.startswith("http"):
                    self._error(400, 100, "(#100) The parameter id is required")
                    return
                if token not in graph.tokens.values():
                    self._error(400, 190, "Invalid OAuth access token")
                    return
                fault = graph._fault("SCRAPE")
                if fault == "500":
                    self._error(500, 1, "An unknown error occurred")
                    return
                with graph._lock:
                    graph.scraped.append(url)
                    graph.requests.append(("POST", "?scrape"))
                self._answer(200, {"id": str(abs(hash(url)) % 10**15), "url": url, "type": "article", "title": url})

            def do_POST(self) -> None:
                time.sleep(graph.delay)
                if urllib.parse.urlsplit(self.path).path.strip("/").count("/") == 0:
                    self._scrape()
                    return
                route = self._route()
                if route is None:
                    return
                page_id, endpoint, _ = route
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
                with graph._lock:
                    graph.requests.append(("POST", f"{page_id}/{endpoint}"))
                if endpoint != "feed":
                    self._error(400, 100, f"Unknown endpoint {endpoint}")
                    return
                if not self._authorised(page_id, (form.get("access_token") or [None])[0]):
                    return
                message, link = (form.get("message") or [""])[0], (form.get("link") or [""])[0]
                if not link.startswith("http"):
                    self._error(400, 100, "Invalid parameter: link")
                    return
                fault = graph._fault("POST")
                if fault in ("368", "506", "100"):
                    self._error(400, int(fault), {"368": "The action attempted has been deemed abusive",
                                                  "506": "Duplicate status message",
                                                  "100": "Invalid parameter"}[fault])
                    return
                if fault in ("rate-limit", "429"):
                    self._rate_limit(fault)
                    return
                if fault == "500":
                    self._error(500, 1, "An unknown error occurred")
                    return
                if fault == "bare-500":
                    self._bare_500()
                    return
                with graph._lock:
                    post = graph._create(page_id, message, link)
                if fault == "lost-answer":
                    self.close_connection = True
                    return  # the post exists; the client never hears of it
                if fault == "created-500":
                    self._error(500, 2, "An unexpected error has occurred. Please retry your request later.")
                    return
                if fault == "slow-created":
                    time.sleep(graph.slow_seconds)
                self._answer(200, {"id": post.id})

            def do_GET(self) -> None:
                time.sleep(graph.delay)
                route = self._route()
                if route is None:
                    return
                page_id, endpoint, query = route
                with graph._lock:
                    graph.requests.append(("GET", f"{page_id}/{endpoint}"))
                header = self.headers.get("Authorization") or ""
                token = header.split(None, 1)[1] if " " in header else (query.get("access_token") or [None])[0]
                if endpoint != "posts" or not self._authorised(page_id, token):
                    if endpoint != "posts":
                        self._error(400, 100, f"Unknown endpoint {endpoint}")
                    return
                fault = graph._fault("GET")
                if fault == "500":
                    self._error(500, 2, "An unexpected error has occurred.")
                    return
                if fault == "bare-500":
                    self._bare_500()
                    return
                if fault == "rate-limit":
                    self._rate_limit("rate-limit")
                    return
                if fault == "lost-answer":
                    self.close_connection = True
                    return
                if fault == "slow":
                    time.sleep(graph.slow_seconds)
                since = datetime.fromtimestamp(int((query.get("since") or ["0"])[0]), UTC)
                limit = int((query.get("limit") or ["25"])[0])
                if limit > 100:
                    self._error(400, 100, "(#100) The parameter limit must be at most 100")
                    return
                cursor = (query.get("after") or [None])[0]
                if cursor is None and graph.empty_first_page:  # everything on it was filtered out
                    after = base64.b64encode(b"0").decode()
                    next_query = urllib.parse.urlencode({**{k: v[0] for k, v in query.items()},
                                                         "access_token": token, "after": after})
                    self._answer(200, {"data": [], "paging": {
                        "cursors": {"before": after, "after": after},
                        "next": f"{graph.url}{urllib.parse.urlsplit(self.path).path}?{next_query}"}})
                    return
                start = int(base64.b64decode(cursor or "MA==").decode())
                with graph._lock:
                    posts = [p for p in reversed(graph.created) if p.page_id == page_id
                             and p.created_time.replace(microsecond=0) >= since]
                chunk = posts[start:start + min(limit, graph.page_cap or limit)]
                fields = (query.get("fields") or ["id"])[0].split(",")
                data = []
                for post in chunk:
                    full = {"id": post.id, "message": post.message, "link": post.link,
                            "created_time": post.created_time.strftime("%Y-%m-%dT%H:%M:%S+0000"),
                            "permalink_url": f"https://www.facebook.com/{post.id}"}
                    data.append({key: full[key] for key in fields if key in full})
                body: dict = {"data": data}
                if chunk:
                    after = base64.b64encode(str(start + len(chunk)).encode()).decode()
                    before = base64.b64encode(str(start).encode()).decode()
                    body["paging"] = {"cursors": {"before": before, "after": after}}
                    if start + len(chunk) < len(posts):
                        next_query = urllib.parse.urlencode({**{k: v[0] for k, v in query.items()},
                                                             "access_token": token, "after": after})
                        body["paging"]["next"] = f"{graph.url}{urllib.parse.urlsplit(self.path).path}?{next_query}"
                self._answer(200, body)

        return Handler


# A pytest fixture, imported by the test modules that need it.  (Not in a
# tests/social/conftest.py: a second conftest module would replace
# sys.modules["conftest"] while tests/*.py still run `from conftest import ...`.)
import pytest  # noqa: E402


@pytest.fixture
def start_graph():
    """`start_graph({page_id: token})` -> a running FakeGraph on 127.0.0.1, stopped after the test."""
    servers: list[FakeGraph] = []

    def start(tokens: dict[str, str], **options) -> FakeGraph:
        server = FakeGraph(tokens, **options).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
