"""A broken budget as data, and the budgets themselves (one place, quoted in the report)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

KB = 1024
CSS_MAX = 20 * KB  # every stylesheet a page loads, together
THEME_SCRIPT_MAX = 2 * KB  # the theme's one deferred script
ARTICLE_HTML_MAX = 40 * KB  # an article page's HTML, before images
# WCAG 2.2 AA and axe's best practices: the tags every page is checked against.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
LIGHTHOUSE_MIN = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}


@dataclass(frozen=True)
class Finding:
    """One broken budget on one page: `check` is the measuring tool, `rule` its stable name."""

    page: str  # the page's path below the output folder
    check: str  # sizes | requests | axe | vnu | lighthouse
    rule: str
    message: str  # Vietnamese, with the figures
    fix: str  # Vietnamese: what to change
    count: int = 1  # elements (axe nodes, vnu messages) behind this one line

    def as_dict(self) -> dict:
        return asdict(self)


def kb(size: int) -> str:
    """A size the way the report prints it: `12,3 KB` (Vietnamese decimal comma)."""
    return f"{size / KB:.1f}".replace(".", ",") + " KB"
