"""A real browser for the tests: Debian's Chromium driven by Playwright, and a local static host.

Playwright's own browser download is not available here, so Playwright drives
the system's /usr/bin/chromium (`make test` installs it: see the Makefile's
`chromium` target).  A missing Chromium fails the tests that need it with
the line saying how to install it; it is never a skip, which would report a
check as done that was not made.

`StaticHost` serves a folder on 127.0.0.1 (a free port) and sends the headers
its `_headers` file gives, as Cloudflare Pages does, so a page is enforced
under its header policy and its <meta> policy at once.  `watch(page)` records
every `securitypolicyviolation` event and console error of a page, across
navigations.  Use the fixtures by importing them into a test module:

    from browser import StaticHost, watch  # `chromium`: a fixture, made available by conftest.py
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from checks.budgets.serving import LocalServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CHROMIUM_MISSING = ("Thiếu Chromium để kiểm thử trên trình duyệt thật, cần chạy: sudo apt-get install chromium / "
                    "Chromium is needed for the real-browser tests: sudo apt-get install chromium")


def require_chromium() -> None:
    """Fail (never skip) when Debian's Chromium is not installed."""
    if not CHROMIUM.is_file():
        pytest.fail(CHROMIUM_MISSING, pytrace=False)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole run (a fresh context per test keeps them apart)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


# --- A static host with `_headers` ------------------------------------------------------------

@dataclass(frozen=True)
class HeaderRule:
    pattern: re.Pattern[str]
    detach: tuple[str, ...]  # `! Name` lines: drop what earlier rules set
    headers: tuple[tuple[str, str], ...]


def _path_pattern(path: str) -> re.Pattern[str]:
    """A `_headers` path: `*` matches anything (splat), `:name` one path segment."""
    parts = re.split(r"(\*|:[A-Za-z_]\w*)", path)
    regex = "".join(".*" if part == "*" else "[^/]+" if part.startswith(":") else re.escape(part) for part in parts)
    return re.compile(f"^{regex}$")


def parse_headers_file(text: str) -> list[HeaderRule]:
    """Rules of a Netlify / Cloudflare Pages `_headers` file, in file order."""
    rules: list[tuple[str, list[str], list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), [], []))
        elif line.strip().startswith("!"):
            rules[-1][1].append(line.strip()[1:].strip())
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][2].append((name.strip(), value.strip()))
    return [HeaderRule(_path_pattern(path), tuple(detach), tuple(headers)) for path, detach, headers in rules]


def headers_for(rules: list[HeaderRule], path: str) -> dict[str, str]:
    """What Cloudflare Pages sends for `path`: every matching rule; a header set twice is joined
    with ", " (two policies, both enforced) unless a later rule detached it first."""
    found: dict[str, str] = {}
    for rule in rules:
        if not rule.pattern.match(path):
            continue
        for name in rule.detach:
            found = {key: value for key, value in found.items() if key.lower() != name.lower()}
        for name, value in rule.headers:
            found[name] = f"{found[name]}, {value}" if name in found else value
    return found


class _Handler(SimpleHTTPRequestHandler):
    host: StaticHost

    def end_headers(self) -> None:
        for name, value in headers_for(self.host.rules(), self.path.split("?", 1)[0]).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass  # the tests report what matters


class StaticHost(LocalServer):
    """Serves `root` at http://127.0.0.1:<free port>/ with the headers of `root/_headers`.

    The port is known before anything is built (`url`), so a build can take it
    as its base URL; `root` may be created later: it is read per request.
    """

    def __init__(self, root: Path):
        self.root = root
        super().__init__(root, handler=type("Handler", (_Handler,), {"host": self}))

    def rules(self) -> list[HeaderRule]:
        file = self.root / "_headers"
        return parse_headers_file(file.read_text(encoding="utf-8")) if file.is_file() else []


# --- Watching a page ---------------------------------------------------------------------------

# Runs in every document before its own content (a DevTools init script, not subject to the page's policy).
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportViolation({directive: event.effectiveDirective, blocked: event.blockedURI,
                            disposition: event.disposition, page: location.href});
}, true);
"""


@dataclass
class Watch:
    """What a page did wrong: CSP violations (each policy reports its own) and console errors."""

    violations: list[dict] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)  # anything not to 127.0.0.1 (aborted)

    def settle(self, page: Any) -> None:
        """Let events queued by the last load arrive (violation reports are queued tasks)."""
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50)))")


def watch(page: Any) -> Watch:
    """Record violations and console errors of `page`; abort and record any request off 127.0.0.1."""
    seen = Watch()
    page.expose_function("__reportViolation", lambda violation: seen.violations.append(violation))
    page.add_init_script(_REPORT_VIOLATIONS)
    page.on("console", lambda message: seen.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.console_errors.append(str(error)))

    def outside(route: Any) -> None:
        seen.outside_requests.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"), outside)
    return seen
