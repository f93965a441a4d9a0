"""The focus ring: visible on every focusable element, at least 3:1 against what surrounds it.

axe-core does not check focus indicators. In the page, after one Tab (so
Chromium shows :focus-visible for the focus moves that follow), each visible
focusable element is focused in turn and its styles compared with its
unfocused ones: no change at all is an invisible focus; an outline or box
shadow is measured against the background it is drawn on (WCAG 1.4.11:
3:1 for the non-text contrast of a focus ring), a two-tone ring (both) by its
tone that stands out more. The ring's alpha is blended over that background
first, as the screen shows it.
"""

from __future__ import annotations

from collections import defaultdict

from .findings import Finding

FOCUS_MIN = 3.0
MAX_ELEMENTS = 80  # per page: the theme repeats itself; the first 80 cover header, lists, footer

MEASURE_FOCUS = """(limit) => {
  const parse = (text) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(text || "");
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, bottom) => ({r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
                                  b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const background = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), {r: 255, g: 255, b: 255, a: 1});
  };
  const luminance = ({r, g, b}) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const hex = (c) => "#" + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
  const look = (e) => { const s = getComputedStyle(e);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.borderColor, s.color,
            s.textDecorationLine, s.textDecorationThickness].join("|"); };
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (e.classList.length ? "." + [...e.classList].join(".") : "") + (e.parentElement ? " in " + e.parentElement.tagName.toLowerCase() : "");
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const found = [];
  const elements = [...document.querySelectorAll(selector)].filter((e) => e.getClientRects().length &&
    getComputedStyle(e).visibility !== "hidden" && !e.disabled).slice(0, limit);
  for (const e of elements) {
    if (document.activeElement === e) e.blur();
    const before = look(e);
    e.focus({preventScroll: true});
    if (document.activeElement !== e) continue;
    const s = getComputedStyle(e);
    // A two-tone ring (an outline and a shadow around it, one dark and one light) is measured by the
    // tone that stands out more: its pixels are the ones that change from the background.
    const rings = [];
    if (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) rings.push(parse(s.outlineColor));
    if (s.boxShadow && s.boxShadow !== "none") rings.push(parse(s.boxShadow));
    const measured = rings.filter(Boolean).map((ring) => {
      // An outline drawn outside the element (offset >= 0) or a shadow sits on the parent's background.
      const behind = parseFloat(s.outlineOffset || "0") >= 0 ? background(e.parentElement || e) : background(e);
      const shown = over(ring, behind);
      return {element: name(e), ring: hex(shown), background: hex(behind), ratio: ratio(shown, behind)};
    }).sort((x, y) => y.ratio - x.ratio);
    if (measured.length) {
      found.push(measured[0]);
    } else if (look(e) === before) {
      found.push({element: name(e), ring: null, background: null, ratio: null});
    }
  }
  if (document.activeElement) document.activeElement.blur();
  return found;
}"""


def focus_findings(page: str, measured: list[dict], scheme: str) -> list[Finding]:
    """One line per (ring colour, background) below 3:1, and one for the elements with no visible focus."""
    low: dict[tuple[str, str, float], list[str]] = defaultdict(list)
    invisible: list[str] = []
    for item in measured:
        if item["ratio"] is None:
            invisible.append(item["element"])
        elif item["ratio"] < FOCUS_MIN:
            low[(item["ring"], item["background"], round(item["ratio"], 2))].append(item["element"])
    suffix = "" if scheme == "light" else "-dark"
    where = "" if scheme == "light" else " (chế độ tối)"
    findings = [Finding(page, "focus", f"focus-contrast{suffix}",
                        f"vòng focus {ring} trên nền {background}{where}: {f'{ratio:.2f}'.replace('.', ',')}:1 < 3:1 "
                        f"({len(elements)} phần tử: {', '.join(sorted(set(elements))[:3])})",
                        "đổi màu vòng focus (--focus trong style.css) hoặc thêm viền thứ hai tương phản với nền",
                        count=len(elements)) for (ring, background, ratio), elements in sorted(low.items())]
    if invisible:
        findings.append(Finding(page, "focus", f"focus-not-visible{suffix}",
                                f"{len(invisible)} phần tử không hiện gì khi được focus{where}: {', '.join(sorted(set(invisible))[:3])}",
                                "không tắt outline khi :focus-visible; thêm vòng focus cho các phần tử này",
                                count=len(invisible)))
    return findings
