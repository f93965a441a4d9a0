"""The preview's HTTP server on 127.0.0.1: the preview folder, the reload script, the builds' events.

`/_xem-truoc/tai-lai.js` is the script every preview page links (plugins/preview):
it listens to `/_xem-truoc/su-kien` (server-sent events, allowed by the pages'
CSP `default-src 'self'`) and reloads the page after a good build, or shows the
failed build's lines over the last good page.  `/_xem-truoc/trang-thai` is the
same status as JSON.  Everything else is a file of the preview folder, never
cached by the browser; nothing outside that folder is served.
"""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from domain.preview import EVENTS_URL, RELOAD_SCRIPT_URL, STATUS_URL

from .session import PreviewSession

RELOAD_SCRIPT = Path(__file__).with_name("tai-lai.js")
KEEPALIVE_SECONDS = 15.0  # a comment line this often: a dropped connection is noticed, the browser reconnects


class PreviewHandler(SimpleHTTPRequestHandler):
    server: PreviewServer

    @property
    def session(self) -> PreviewSession:
        return self.server.session

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == RELOAD_SCRIPT_URL:
            self._send(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT.read_bytes())
        elif path == STATUS_URL:
            self._send(200, "application/json; charset=utf-8", _json(self.session.status.as_json()))
        elif path == EVENTS_URL:
            self._events()
        else:
            super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload always shows the newest build
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        pass  # the terminal shows the builds, not every request

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """The current status at once, then one event per finished build, until the page goes away."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        status = self.session.status
        try:
            self.wfile.write(b"retry: 500\n" + _event(status.as_json()))
            self.wfile.flush()
            while not self.server.stopping.is_set():
                later = self.session.wait_after(status.number, KEEPALIVE_SECONDS)
                self.wfile.write(_event(later.as_json()) if later.number > status.number else b": ...\n\n")
                self.wfile.flush()
                status = later
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded


def _json(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _event(value: dict) -> bytes:
    return b"event: build\ndata: " + _json(value) + b"\n\n"


class PreviewServer(ThreadingHTTPServer):
    """Bound first (port 0: a free one), so the session can build with the address the pages will have."""

    daemon_threads = True  # an open event stream never keeps the process alive
    session: PreviewSession

    def __init__(self, address: tuple[str, int], folder: Path):
        self.stopping = threading.Event()
        super().__init__(address, partial(PreviewHandler, directory=str(folder)))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"  # bound to 127.0.0.1 only (scripts/serve.py)

    def shutdown(self) -> None:
        self.stopping.set()
        super().shutdown()
