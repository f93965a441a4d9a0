"""Every page loaded in Debian's Chromium: each request recorded, then axe-core and the focus
ring (focus.py) checked on it, in the light colour scheme and in the dark one.

The pages are served by a real HTTP server on 127.0.0.1 (serving.py), and
opened at their own address (the one the build wrote, http://127.0.0.1:8000/…
or the federation's domain: their CSP's 'self' is that origin): a request to
any of the network's own addresses is passed to the local server; anything else is a third-party request: recorded against the page and
aborted, so nothing leaves the machine. The page is scrolled to its end so
lazy images are asked for too. A navigation away from the page (a redirect
page's refresh) is refused: each page is checked as it loads.

The pages' CSP is bypassed: it would refuse a third-party file before any
request, hiding what the page asks for (the budget); tests/test_csp.py checks
the policy itself. axe-core is injected with `page.evaluate(source)` all the
same (under the policy, script-src 'self', an injected <script> tag is
refused; a DevTools evaluation is not subject to it).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from .findings import AXE_TAGS, Finding
from .focus import MAX_ELEMENTS, MEASURE_FOCUS, focus_findings
from .pages import Page, local_file
from .serving import LocalServer
from .tools import AXE, CHROMIUM, MAKE_CHROMIUM, MAKE_TOOLS, require

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 360, "height": 640}  # phone first: the budgets hold on the smallest common screen

# In the dark scheme only the rules a colour scheme changes run again.
_RUN_AXE = """async ([tags, dark]) => {
  const only = dark ? {type: "rule", values: ["color-contrast", "link-in-text-block"]} : {type: "tag", values: tags};
  const result = await axe.run(document, {runOnly: only, resultTypes: ["violations"]});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
}"""
_SCROLL_TO_END = """() => new Promise((done) => {
  window.scrollTo(0, document.documentElement.scrollHeight);
  requestAnimationFrame(() => setTimeout(done, 30));
})"""


class _Requests:
    """The route handler: own addresses answered by the local server, the rest recorded and aborted."""

    def __init__(self, output: Path, server_url: str, prefixes: dict[str, str]):
        self.output, self.server_url, self.prefixes = output, server_url + "/", prefixes
        self.page = ""  # the page being checked
        self.page_url = ""
        self.count = 0
        self.third_party: list[tuple[str, str]] = []  # (page, URL)

    def url_of(self, page: str) -> str:
        """The page's own address (its CSP's 'self'), under the longest prefix whose folder holds it."""
        held = [(prefix, folder) for prefix, folder in self.prefixes.items() if not folder or page.startswith(folder + "/")]
        if not held:
            return self.server_url + page
        prefix, folder = max(held, key=lambda item: len(item[1]))
        return prefix + (page[len(folder) + 1:] if folder else page)

    def __call__(self, route: Any) -> None:
        url = route.request.url
        if route.request.is_navigation_request() and url != self.page_url:
            # A redirect page's refresh: "204 No Content" keeps the page (an abort would show an error page).
            route.fulfill(status=204, body="")
            return
        self.count += 1
        if url.startswith(self.server_url):
            route.continue_()
        elif any(url.startswith(prefix) for prefix in self.prefixes):
            file = local_file(self.output, self.page, url, self.prefixes)
            if file is None:
                route.fulfill(status=404, body="")
            else:
                route.fulfill(response=route.fetch(url=self.server_url + file.relative_to(self.output).as_posix()))
        else:
            self.third_party.append((self.page, url))
            route.abort()


def _axe_findings(page: str, violations: list[dict], scheme: str) -> list[Finding]:
    suffix, where = ("", "") if scheme == "light" else ("-dark", ", chế độ tối")
    return [Finding(page, "axe", v["id"] + suffix, f"{v['help']} ({v['nodes']} phần tử, mức {v['impact']}{where}: "
                    f"{', '.join(v['targets'])})", f"xem {v['helpUrl']}", count=v["nodes"]) for v in violations]


def _check_page(tab: Any, page: str, axe_source: str, checks: tuple[str, ...]) -> list[dict]:
    """axe and the focus ring on the loaded page, in the light scheme and then the dark one (only the
    rules a colour scheme changes): a list of {"scheme", "violations", "focus"}."""
    results: list[dict] = []
    if "focus" in checks:
        tab.keyboard.press("Tab")  # from now on Chromium shows :focus-visible for scripted focus moves
    if "axe" in checks:
        tab.evaluate(axe_source)
    for scheme in ("light", "dark"):
        tab.emulate_media(color_scheme=scheme)
        violations = tab.evaluate(_RUN_AXE, [list(AXE_TAGS), scheme == "dark"]) if "axe" in checks else []
        focus = tab.evaluate(MEASURE_FOCUS, MAX_ELEMENTS) if "focus" in checks else []
        if results:  # the dark scheme: only what differs from the light one (a theme without dark mode: nothing)
            light = results[0]
            seen = {(known["id"], tuple(known["targets"])) for known in light["violations"]}
            violations = [v for v in violations if (v["id"], tuple(v["targets"])) not in seen]
            focus = [item for item in focus if item not in light["focus"]]
        results.append({"scheme": scheme, "violations": violations, "focus": focus})
    tab.emulate_media(color_scheme="light")
    return results


def _check_pages(browser: Any, output: Path, pages: list[Page], prefixes: dict[str, str],
                 checks: tuple[str, ...]) -> tuple[dict, list[Finding]]:
    axe_source = require(AXE, MAKE_TOOLS).read_text(encoding="utf-8") if "axe" in checks else ""
    findings: list[Finding] = []
    rules: Counter[str] = Counter()
    pages_by_rule: dict[str, set[str]] = {}
    with LocalServer(output) as server:
        requests = _Requests(output, server.url, prefixes)
        context = browser.new_context(viewport=VIEWPORT, service_workers="block", bypass_csp=True)
        try:
            context.route("**/*", requests)
            tab = context.new_page()
            for page in pages:
                requests.page, requests.page_url = page.path, requests.url_of(page.path)
                tab.goto(requests.page_url, wait_until="load")
                tab.evaluate(_SCROLL_TO_END)
                for result in _check_page(tab, page.path, axe_source, checks):
                    found = _axe_findings(page.path, result["violations"], result["scheme"])
                    found += focus_findings(page.path, result["focus"], result["scheme"])
                    findings += found
                    for finding in found:
                        rules[finding.rule] += finding.count
                        pages_by_rule.setdefault(finding.rule, set()).add(page.path)
        finally:
            context.close()
    third = Counter(requests.third_party)
    findings += [Finding(page, "requests", "third-party-request", f"trang gửi yêu cầu ra ngoài mạng: {url}"
                         + (f" ({times} lần)" if times > 1 else ""),
                         "tự lưu tệp này trong trang (ảnh, phông, CSS) hoặc bỏ nó; không nhúng tài nguyên bên thứ ba",
                         count=times) for (page, url), times in sorted(third.items())]
    figures: dict[str, Any] = {"pages": len(pages), "requests": requests.count,
                               "third_party_requests": len(requests.third_party),
                               "rules": {rule: {"nodes": rules[rule], "pages": len(pages_by_rule[rule])} for rule in sorted(rules)}}
    return figures, findings


def check_in_browser(output: Path, pages: list[Page], prefixes: dict[str, str], *,
                     checks: tuple[str, ...] = ("requests", "axe", "focus"),
                     browser: Any = None) -> tuple[dict, list[Finding]]:
    """Requests (and axe, the focus ring) of `pages`; in `browser` if given (a Playwright Browser),
    else a new Chromium."""
    if browser is not None:
        return _check_pages(browser, output, pages, prefixes, checks)
    require(CHROMIUM, MAKE_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        try:
            return _check_pages(launched, output, pages, prefixes, checks)
        finally:
            launched.close()
