"""A fake Zalo OA Open API and OAuth v4 server on 127.0.0.1, written from the documentation (README, social).

- POST /v2.0/article/create (header access_token, JSON article) -> {"error": 0, "data": {"token"}};
  the article is listed and verifiable only `processing_seconds` after creation;
- POST /v2.0/article/verify {"token"} -> {"data": {"id"}} once processed, else
  {"error": 0, "message": "processing", "data": {}};
- GET /v2.0/article/getslice?offset&limit&type -> data.medias newest first (limit ≤ 10);
- GET /v2.0/article/getdetail?id -> the article with its body;
- POST /v4/oa/access_token (form refresh_token, app_id, grant_type; header secret_key)
  -> a new pair; each refresh token works ONCE (a spent one: error -14002).
Access tokens expire (`expire(oa)`): error -216.  Faults: "500" (nothing done),
"lost-answer" (done, then the connection is closed unanswered), "rate-limit"
(error -32, nothing done), "expire" (the request's access token expires just
before it is handled).  `articles` is the ground truth.
"""

from __future__ import annotations

import itertools
import json
import random
import threading
import time
import urllib.parse
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass


@dataclass
class Article:
    id: str
    oa_id: str
    token: str
    body: dict
    created: float
    ready_at: float


@dataclass
class FakeZalo:
    app_id: str = "4000000000000000001"
    secret_key: str = "zalo-app-secret-XYZ"
    processing_seconds: float = 0.0
    processing_every: int = 1  # only every Nth article takes processing_seconds (the others are ready at once)
    articles: list[Article] = field(default_factory=list)
    access: dict[str, str] = field(default_factory=dict)   # access token -> OA id
    refresh: dict[str, str] = field(default_factory=dict)  # live refresh token -> OA id
    spent: set[str] = field(default_factory=set)
    faults_injected: Counter = field(default_factory=Counter)
    token_in_url: int = 0
    refresh_calls: int = 0
    processing_answers: int = 0  # verify answers "still processing"
    deepest_offset: int = 0  # the largest getslice offset asked for
    delay: float = 0.0  # seconds before each answer (so that a timed kill lands mid-run)
    before: Callable[[str], None] | None = None  # called with the call's name before it is handled

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._script: deque[tuple[str, str]] = deque()
        self._rng: random.Random | None = None
        self._odds: dict[str, dict[str, float]] = {}
        self._server = _Quiet(("127.0.0.1", 0), self._handler())
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def authorise(self, oa_id: str) -> tuple[str, str]:
        """What a person gets by authorising the app for the OA: a fresh pair."""
        with self._lock:
            return self._pair(oa_id)

    def _pair(self, oa_id: str) -> tuple[str, str]:
        number = next(self._ids)
        access, refresh = f"zat-{oa_id}-{number}-SECRETaccess", f"zrt-{oa_id}-{number}-SECRETrefresh"
        self.access[access] = oa_id
        self.refresh[refresh] = oa_id
        return access, refresh

    def expire(self, oa_id: str) -> None:
        with self._lock:
            for token in [t for t, oa in self.access.items() if oa == oa_id]:
                del self.access[token]

    def script(self, *faults: tuple[str, str]) -> None:
        """("create", "lost-answer"), ("verify", "500"), ("refresh", "lost-answer"), ("list", "rate-limit")."""
        self._script.extend(faults)

    def random_faults(self, seed: int, odds: dict[str, dict[str, float]]) -> None:
        self._rng, self._odds = random.Random(seed), odds

    def calm(self) -> None:
        self._script.clear()
        self._rng = None

    def links(self) -> list[str]:
        return [block["content"].split(": ", 1)[1] for a in self.articles for block in a.body["body"]
                if block["content"].startswith("Đọc toàn văn: ")]

    def _fault(self, call: str) -> str | None:
        if self._script and self._script[0][0] == call:
            fault = self._script.popleft()[1]
        elif self._rng is not None:
            fault = next((name for name, p in self._odds.get(call, {}).items() if self._rng.random() < p), None)
        else:
            return None
        if fault:
            self.faults_injected[f"{call} {fault}"] += 1
        return fault

    def _handler(self):
        zalo = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, body: dict, status: int = 200) -> None:
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _finish(self, fault: str | None, body: dict) -> None:
                if fault == "lost-answer":
                    self.close_connection = True
                    self.connection.close()
                    return
                self._send(body)

            def _before(self, call: str) -> str | None | bool:
                if zalo.before is not None:
                    zalo.before(call)
                if zalo.delay:
                    time.sleep(zalo.delay)
                fault = zalo._fault(call)
                if fault == "500":
                    self._send({"error": -1, "message": "internal"}, 500)
                    return True
                if fault == "rate-limit":
                    self._send({"error": -32, "message": "Request exceeds the limit"})
                    return True
                if fault == "expire":
                    with zalo._lock:
                        zalo.access.pop(self.headers.get("access_token") or "", None)
                    return None
                return fault

            def _oa(self) -> str | None:
                oa = zalo.access.get(self.headers.get("access_token") or "")
                if oa is None:
                    self._send({"error": -216, "message": "Access token is invalid"})
                return oa

            def do_POST(self) -> None:
                path = urllib.parse.urlsplit(self.path).path
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                query = urllib.parse.urlsplit(self.path).query
                if "access_token" in query or "refresh_token" in query:
                    zalo.token_in_url += 1
                if path == "/v4/oa/access_token":
                    return self._refresh(raw)
                call = {"/v2.0/article/create": "create", "/v2.0/article/verify": "verify"}.get(path)
                if call is None:
                    return self._send({"error": -404, "message": "not found"}, 404)
                fault = self._before(call)
                if fault is True:
                    return None
                with zalo._lock:
                    oa = self._oa()
                    if oa is None:
                        return None
                    body = json.loads(raw)
                    if call == "create":
                        for name, limit in (("title", 150), ("author", 50), ("description", 300)):
                            if not body.get(name) or len(body[name]) > limit:
                                return self._send({"error": -201, "message": f"{name} is invalid"})
                        number = next(zalo._ids)
                        now = time.time()
                        slow = len(zalo.articles) % zalo.processing_every == 0
                        zalo.articles.append(Article(f"art{number}", oa, f"tok{number}==", body, now,
                                                     now + (zalo.processing_seconds if slow else 0.0)))
                        answer = {"error": 0, "message": "Success", "data": {"token": f"tok{number}=="}}
                    else:
                        found = next((a for a in zalo.articles if a.token == body.get("token") and a.oa_id == oa),
                                     None)
                        if found is None:
                            return self._send({"error": -201, "message": "token is invalid"})
                        answer = ({"error": 0, "message": "Success", "data": {"id": found.id}}
                                  if time.time() >= found.ready_at else {"error": 0, "message": "processing",
                                                                         "data": {}})
                        zalo.processing_answers += "id" not in answer["data"]
                self._finish(fault if isinstance(fault, str) else None, answer)
                return None

            def _refresh(self, raw: bytes) -> None:
                form = urllib.parse.parse_qs(raw.decode("utf-8"))
                zalo.refresh_calls += 1
                fault = self._before("refresh")
                if fault is True:
                    return
                with zalo._lock:
                    token = (form.get("refresh_token") or [""])[0]
                    if self.headers.get("secret_key") != zalo.secret_key or form.get("app_id") != [zalo.app_id]:
                        return self._send({"error": -14014, "error_name": "Invalid app"})
                    oa = zalo.refresh.pop(token, None)
                    if oa is None:
                        return self._send({"error": -14002, "error_name": "Invalid refresh token",
                                           "error_description": "Refresh token is invalid"})
                    zalo.spent.add(token)
                    access, refresh = zalo._pair(oa)
                self._finish(fault if isinstance(fault, str) else None,
                             {"access_token": access, "refresh_token": refresh, "expires_in": "90000"})

            def do_GET(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                if "access_token" in parts.query:
                    zalo.token_in_url += 1
                query = {k: v[0] for k, v in urllib.parse.parse_qs(parts.query).items()}
                fault = self._before("list")
                if fault is True:
                    return
                with zalo._lock:
                    oa = self._oa()
                    if oa is None:
                        return
                    now = time.time()
                    mine = [a for a in reversed(zalo.articles) if a.oa_id == oa and a.ready_at <= now]
                    if parts.path == "/v2.0/article/getslice":
                        offset, limit = int(query.get("offset", 0)), min(10, int(query.get("limit", 10)))
                        zalo.deepest_offset = max(zalo.deepest_offset, offset)
                        medias = [{"id": a.id, "type": "normal", "title": a.body["title"], "status": "show",
                                   "create_date": int(a.created * 1000)} for a in mine[offset:offset + limit]]
                        answer = {"error": 0, "message": "Success", "data": {"medias": medias, "total": len(mine)}}
                    elif parts.path == "/v2.0/article/getdetail":
                        found = next((a for a in mine if a.id == query.get("id")), None)
                        if found is None:
                            return self._send({"error": -201, "message": "id is invalid"})
                        answer = {"error": 0, "message": "Success", "data": {"id": found.id, **found.body}}
                    else:
                        return self._send({"error": -404, "message": "not found"}, 404)
                self._finish(fault if isinstance(fault, str) else None, answer)

        return Handler


@pytest.fixture
def start_zalo():
    servers: list[FakeZalo] = []

    def start(**options) -> FakeZalo:
        servers.append(FakeZalo(**options))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()
