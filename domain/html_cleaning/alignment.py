"""Markdown's aligned table cells: the inline style it writes becomes one of the theme's classes.

Python-Markdown's tables write `<th style="text-align: left;">`; the site's CSP forbids
inline styles, so the same alignment is given by `.text-left/.text-center/.text-right`
(style.css).  Only that exact form is mapped, before cleaning; nh3 then keeps the class
(policy.CLASSES) and any other style is removed and reported as usual.
"""

from __future__ import annotations

import re

_ALIGNED_CELL = re.compile(r'<(t[hd]) style="text-align: (left|center|right);"')


def align_with_classes(html: str) -> str:
    if "text-align: " not in html:
        return html
    return _ALIGNED_CELL.sub(r'<\1 class="text-\2"', html)
