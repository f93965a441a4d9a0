"""A running preview: the server bound, the first build made, the saves watched, all stopped together."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from builder.config import load_config

from .server import PreviewServer
from .session import BuildStatus, PreviewSession
from .watcher import rebuild_on_save


@contextmanager
def running_preview(content: Path, settings: Path, output: Path, port: int = 0, jobs: int = 1,
                    said: Callable[[BuildStatus], None] = lambda status: None) -> Iterator[PreviewServer]:
    """The preview of `content` at `server.url` (port 0: a free one) until the block ends.

    Raises ProblemsFound for unreadable settings and OSError when the port is taken; a
    content error is not raised: it is the first build's status, shown on every page."""
    theme = load_config(settings).theme
    server = PreviewServer(("127.0.0.1", port), output.resolve())
    server.session = PreviewSession(content, settings, output, server.url, jobs)
    stop = threading.Event()
    watcher = None
    try:
        said(server.session.rebuild())
        threading.Thread(target=server.serve_forever, daemon=True).start()
        watcher = threading.Thread(target=rebuild_on_save, args=(server.session, [content.resolve(), theme], stop, said),
                                   daemon=True)
        watcher.start()
        yield server
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        if watcher is not None:
            watcher.join(timeout=10)
        server.session.close()
