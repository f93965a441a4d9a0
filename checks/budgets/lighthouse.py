"""Lighthouse 12.2.3 (npm; 13 needs Node 22), mobile, in Debian's Chromium, on a front page, an
article with a photo and a CĐCS page, and the directory and a documents library where they exist.

Lighthouse drives its own Chromium, so it cannot answer the build's absolute
URLs from the folder as browser.py does: the server binds the address a
local build was made for (http://127.0.0.1:8000/ by default) when it is free.
A build for other addresses (publish), or a taken port, cannot be measured
as it is served: that is a failure saying so (a check not made never passes).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from .findings import LIGHTHOUSE_MIN, Finding
from .pages import Page
from .serving import LocalServer
from .tools import CHROMIUM, LIGHTHOUSE, MAKE_CHROMIUM, MAKE_TOOLS, executable, require

_PHOTO = re.compile(rb"<(?:figure|picture)[\s>]")


REQUIRED = 3  # a front page, an article with a photo, a CĐCS page: every network has them


def lighthouse_pages(output: Path, pages: list[Page]) -> list[Page]:
    """A front page, the first article with a photo, the first CĐCS page (unit section front), then
    (issue 19) the first directory and the first documents library, when the network has one."""
    fronts = [page for page in pages if page.kind == "front"]
    articles = [page for page in pages if page.kind == "article" and _PHOTO.search((output / page.path).read_bytes())]
    units = [page for page in pages if page.kind == "unit" and page.path.count("/") == 2
             and page.path.endswith("/index.html")]
    directories = [page for page in pages if page.kind == "danh-ba" and page.path.endswith("danh-ba/index.html")]
    libraries = [page for page in pages if page.kind == "van-ban" and page.path.endswith("van-ban/index.html")]
    required = [group[0] for group in (fronts, articles, units) if group]
    return required + [group[0] for group in (directories, libraries) if group and len(required) == REQUIRED]


def _server(output: Path, prefixes: dict[str, str]) -> tuple[LocalServer, str]:
    """A server at the build's own local address (the root's prefix) if it is local and free,
    else on a free port with a note saying what cannot load."""
    for prefix, folder in prefixes.items():
        parts = urlsplit(prefix)
        if folder == "" and parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost") and parts.path == "/":
            try:
                return LocalServer(output, parts.hostname, parts.port or 80), ""
            except OSError:
                return LocalServer(output), f"{prefix} đang bận: CSS và ảnh theo địa chỉ tuyệt đối của bản dựng không tải được"
    return LocalServer(output), "bản dựng không dành cho 127.0.0.1: tệp theo địa chỉ tuyệt đối của mạng không tải được"


def _run_one(url: str, report: Path) -> dict | str:
    """Lighthouse's JSON result, or why it gave none."""
    node = executable("node", "cài Node.js 20 (Debian: sudo apt-get install nodejs npm)")
    flags = "--headless=new --disable-gpu --disable-dev-shm-usage" + (" --no-sandbox" if os.geteuid() == 0 else "")
    try:
        done = subprocess.run([node, str(require(LIGHTHOUSE, MAKE_TOOLS)), url, "--quiet", "--output=json",
                               f"--output-path={report}", f"--chrome-path={require(CHROMIUM, MAKE_CHROMIUM)}",
                               f"--chrome-flags={flags}", "--form-factor=mobile",
                               "--only-categories=performance,accessibility,best-practices,seo"],
                              capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return "Lighthouse chạy quá 300 giây"
    if done.returncode != 0 or not report.is_file():
        return f"Lighthouse dừng với mã {done.returncode}: {(done.stderr or done.stdout).strip()[-300:]}"
    result = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    if result.get("runtimeError"):
        return f"Lighthouse không đo được trang: {result['runtimeError'].get('message', result['runtimeError'])}"
    return result


def _failed_audits(result: dict, category: str) -> list[str]:
    audits = result["audits"]
    failed = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            failed.append(f"{ref['id']} ({audit['score']:.2f}: {audit.get('displayValue') or audit['title']})")
    return failed


def run_lighthouse(output: Path, pages: list[Page], prefixes: dict[str, str]) -> tuple[dict, list[Finding]]:
    server, note = _server(output, prefixes)
    figures: dict = {"pages": {}, "note": note}
    findings: list[Finding] = []
    if note:
        findings.append(Finding("(lighthouse)", "lighthouse", "not-served-as-built", f"không đo đúng được: {note}",
                                "chạy trên bản dựng cục bộ (make build) khi không có gì khác dùng cổng 8000 "
                                "(dừng make serve)"))
    chosen = lighthouse_pages(output, pages)
    if len(chosen) < REQUIRED:
        findings.append(Finding("(lighthouse)", "lighthouse", "pages-missing", f"chỉ tìm được {len(chosen)} trong 3 trang "
                                "để đo (trang chủ, bài có ảnh, trang CĐCS)", "kiểm tra bản dựng có đủ các kiểu trang"))
    with tempfile.TemporaryDirectory() as work, server:
        for page in chosen:
            result = _run_one(f"{server.url}/{page.path}", Path(work) / "report.json")
            if isinstance(result, str):
                findings.append(Finding(page.path, "lighthouse", "no-result", result, "chạy lại; xem thông báo của Lighthouse"))
                continue
            scores = {name: int((result["categories"][name]["score"] or 0) * 100 + 0.5) for name in LIGHTHOUSE_MIN}
            figures["pages"][page.path] = scores
            for name, minimum in LIGHTHOUSE_MIN.items():
                if scores[name] < minimum:
                    failed = _failed_audits(result, name)
                    findings.append(Finding(page.path, "lighthouse", name, f"Lighthouse {name} {scores[name]} < {minimum}",
                                            "sửa các mục: " + "; ".join(failed[:8]) if failed else "xem báo cáo Lighthouse"))
    return figures, findings
