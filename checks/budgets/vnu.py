"""The Nu HTML Checker (vnu-jar from npm, a current release) over every page, in one Java run.

One JVM for every file: starting Java once costs more than checking a page.
Errors (and the checker's own failures, "non-document-error") are broken
budgets; warnings are counted in the figures only. vnu's Content-Security-Policy
warnings are filtered out: read from files, every page's own-address stylesheet
is "external" to a file: origin and its JSON-LD an "inline script"; the policy
is checked in a real browser by tests/test_csp.py.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .findings import Finding
from .pages import Page
from .tools import MAKE_JAVA, MAKE_TOOLS, VNU, executable, require

_CSP_FROM_FILES = ".*violates Content Security Policy.*"


def _page_of(output: Path, url: str) -> str:
    path = Path(unquote(urlsplit(url).path))
    try:
        return path.resolve().relative_to(output.resolve()).as_posix()
    except ValueError:
        return url


def run_vnu(output: Path, pages: list[Page], timeout: int = 600) -> tuple[dict, list[Finding]]:
    jar = require(VNU, MAKE_TOOLS)
    java = executable("java", MAKE_JAVA)
    files = [str(output / page.path) for page in pages]
    if not files:
        return {"pages": 0, "errors": 0, "warnings": 0, "messages": {}}, []
    done = subprocess.run([java, "-Xss16m", "-jar", str(jar), "--format", "json", "--stdout", "--skip-non-html",
                           "--exit-zero-always", "--filterpattern", _CSP_FROM_FILES, *files], capture_output=True, text=True, timeout=timeout)
    try:
        messages = json.loads(done.stdout or "{}").get("messages", [])
    except json.JSONDecodeError:
        messages = [{"type": "non-document-error", "message": (done.stdout + done.stderr).strip()[:500] or "no output"}]
    findings: list[Finding] = []
    rules: Counter[str] = Counter()
    warnings = 0
    for message in messages:
        kind = message.get("type")
        if kind == "info":
            warnings += message.get("subType") == "warning"
            continue
        page = _page_of(output, message.get("url", "")) if message.get("url") else "(vnu)"
        line = message.get("lastLine")
        text = message.get("message", "")
        rules[text] += 1
        findings.append(Finding(page if line is None else f"{page}:{line}", "vnu", "html-error" if kind == "error"
                                else "checker-failure", f"vnu: {text}",
                                "sửa mẫu trang (themes/congdoan/templates) để HTML hợp lệ theo thông báo trên"))
    figures = {"pages": len(files), "errors": len(findings), "warnings": warnings,
               "messages": dict(rules.most_common())}
    return figures, findings
