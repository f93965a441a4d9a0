"""The report: Vietnamese lines with the figures, one line per broken budget; and the JSON one."""

from __future__ import annotations

import json
from collections import Counter

from .findings import ARTICLE_HTML_MAX, CSS_MAX, THEME_SCRIPT_MAX, kb
from .run import Result


def _summary(figures: dict) -> list[str]:
    lines = [f"Công cụ: axe-core {figures['tools']['axe-core']}, vnu-jar {figures['tools']['vnu-jar']}, "
             f"Lighthouse {figures['tools']['lighthouse']}; {figures['pages']['all']} trang, "
             f"{figures['pages']['checked_in_browser']} trang kiểm trên trình duyệt và vnu."]
    if "sizes" in figures:
        sizes = figures["sizes"]
        lines.append(f"Kích thước ({sizes['seconds']} giây): CSS lớn nhất {kb(sizes['max_css']['bytes'])} "
                     f"(ngân sách {kb(CSS_MAX)}), JavaScript lớn nhất {kb(sizes['max_js']['bytes'])} "
                     f"(tập lệnh giao diện tối đa {kb(THEME_SCRIPT_MAX)}), HTML bài viết lớn nhất "
                     f"{kb(sizes['max_article_html']['bytes'])} (ngân sách {kb(ARTICLE_HTML_MAX)}), "
                     f"trang lớn nhất {kb(sizes['max_html']['bytes'])} ({sizes['max_html']['page']}).")
    if "browser" in figures:
        browser = figures["browser"]
        lines.append(f"Trình duyệt ({browser['seconds']} giây): {browser['pages']} trang, {browser['requests']} yêu cầu, "
                     f"{browser['third_party_requests']} yêu cầu ra ngoài mạng.")
        rules = ", ".join(f"{rule} {found['nodes']} phần tử trên {found['pages']} trang"
                          for rule, found in browser["rules"].items())
        lines.append(f"axe-core và vòng focus (sáng, tối): {sum(found['nodes'] for found in browser['rules'].values())} "
                     "vi phạm" + (f" ({rules})." if rules else "."))
    if "vnu" in figures:
        vnu = figures["vnu"]
        lines.append(f"vnu ({vnu['seconds']} giây): {vnu['errors']} lỗi, {vnu['warnings']} cảnh báo trên {vnu['pages']} trang.")
    if "lighthouse" in figures:
        lighthouse = figures["lighthouse"]
        for page, scores in lighthouse["pages"].items():
            lines.append(f"Lighthouse (di động) {page}: " + ", ".join(f"{name} {score}" for name, score in scores.items()))
        lines.append(f"Lighthouse: {lighthouse['seconds']} giây." + (f" Lưu ý: {lighthouse['note']}." if lighthouse["note"] else ""))
    return lines


def text_report(result: Result) -> str:
    lines = [f"Kiểm tra ngân sách trang: {result.output}", *_summary(result.figures)]
    for finding in result.findings:
        lines.append(f"{finding.page}: {finding.check} {finding.rule}: {finding.message} — cách sửa: {finding.fix}")
    by_rule = Counter(f"{finding.check} {finding.rule}" for finding in result.findings)
    if result.ok:
        lines.append("Đạt mọi ngân sách.")
    else:
        lines.append(f"Không đạt: {len(result.findings)} lỗi (" + ", ".join(f"{rule}: {count}" for rule, count
                                                                           in by_rule.most_common()) + ").")
    return "\n".join(lines)


def json_report(result: Result) -> str:
    return json.dumps(result.as_dict(), ensure_ascii=False, indent=2, sort_keys=True)
