"""The output folder served on 127.0.0.1 (a free port, or a given one) by a real HTTP server, in a thread."""

from __future__ import annotations

from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Any


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass  # the checks report what matters


class LocalServer:
    """`with LocalServer(output) as server:` serves `output` at `server.url` + "/"."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0,
                 handler: type[SimpleHTTPRequestHandler] = _QuietHandler):
        """Raises OSError when `port` is taken.  `handler`: a quiet file handler of the caller's own."""
        self._server = ThreadingHTTPServer((host, port), partial(handler, directory=str(root)))
        self._server.daemon_threads = True
        self._thread = Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
