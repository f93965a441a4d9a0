"""All the budget checks on one output folder, each timed: `check_budgets(output, options)`.

The Nu checker runs in its own process while the browser walks the pages (the
two take most of the time, on different cores); Lighthouse runs last, alone,
so its performance score is not measured on a machine the other checks keep busy.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .browser import check_in_browser
from .findings import Finding
from .lighthouse import run_lighthouse
from .pages import html_pages, sample, site_prefixes
from .sizes import measure_sizes
from .tools import npm_version
from .vnu import run_vnu

CHECKS = ("sizes", "requests", "axe", "focus", "vnu", "lighthouse")
_IN_BROWSER = ("requests", "axe", "focus")


@dataclass(frozen=True)
class Options:
    checks: tuple[str, ...] = CHECKS
    per_kind: int | None = None  # the browser checks and vnu on a sample of each kind; None: every page
    browser: Any = None  # a Playwright Browser to reuse (the tests'), else one is launched


@dataclass
class Result:
    output: str
    figures: dict = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict:
        return {"output": self.output, "ok": self.ok, "figures": self.figures,
                "failures": [finding.as_dict() for finding in self.findings]}


def _timed(function: Any, *args: Any, **kwargs: Any) -> tuple[dict, list[Finding]]:
    started = time.monotonic()
    figures, findings = function(*args, **kwargs)
    figures["seconds"] = round(time.monotonic() - started, 1)
    return figures, findings


def check_budgets(output: Path, options: Options = Options()) -> Result:
    pages = html_pages(output)
    checked = pages if options.per_kind is None else sample(pages, options.per_kind)
    prefixes = site_prefixes(output)
    result = Result(str(output))
    result.figures["tools"] = {name: npm_version(name) for name in ("axe-core", "vnu-jar", "lighthouse")}
    result.figures["pages"] = {"all": len(pages), "checked_in_browser": len(checked)}
    parts: dict[str, tuple[dict, list[Finding]]] = {}
    if "sizes" in options.checks:
        parts["sizes"] = _timed(measure_sizes, output, pages, prefixes)
    with ThreadPoolExecutor(max_workers=1) as pool:
        vnu = pool.submit(_timed, run_vnu, output, checked) if "vnu" in options.checks else None
        if in_browser := tuple(name for name in options.checks if name in _IN_BROWSER):
            parts["browser"] = _timed(check_in_browser, output, checked, prefixes, checks=in_browser,
                                      browser=options.browser)
        if vnu is not None:
            parts["vnu"] = vnu.result()
    if "lighthouse" in options.checks:
        parts["lighthouse"] = _timed(run_lighthouse, output, pages, prefixes)
    for name, (figures, findings) in parts.items():
        result.figures[name] = figures
        result.findings += findings
    return result
