"""The feeds plugin's settings: one namespaced dict, merged over defaults, validated once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

DEFAULTS = {
    # A DNS name the network controls, and a date when it did: the `tag:` URI
    # authority of every GUID (RFC 4151).  Fixed for the whole network and
    # never the site's domain, so a unit's move never changes a GUID.
    "TAG_AUTHORITY": "congdoan.example.vn",
    "TAG_DATE": "2026",
    "MAX_ITEMS": 50,
}
_DNS_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")
_TAG_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class FeedSettings:
    tag_authority: str
    tag_date: str
    max_items: int


def feed_settings(values: dict[str, Any] | None) -> tuple[FeedSettings | None, list[str]]:
    """The validated FEEDS setting, or the problems with it (messages in Vietnamese)."""
    merged = {**DEFAULTS, **(values or {})}
    problems = [f"FEEDS: khóa `{key}` không được hỗ trợ; dùng {', '.join(DEFAULTS)}" for key in merged if key not in DEFAULTS]
    if not isinstance(merged["TAG_AUTHORITY"], str) or not _DNS_NAME.match(merged["TAG_AUTHORITY"]):
        problems.append("FEEDS: TAG_AUTHORITY phải là một tên miền viết thường, ví dụ `congdoan.example.vn`")
    if not isinstance(merged["TAG_DATE"], str) or not _TAG_DATE.match(merged["TAG_DATE"]):
        problems.append("FEEDS: TAG_DATE phải là một ngày dạng `2026`, `2026-11` hoặc `2026-11-24`")
    if not isinstance(merged["MAX_ITEMS"], int) or merged["MAX_ITEMS"] < 1:
        problems.append("FEEDS: MAX_ITEMS phải là một số nguyên dương")
    if problems:
        return None, problems
    return FeedSettings(merged["TAG_AUTHORITY"], merged["TAG_DATE"], merged["MAX_ITEMS"]), []
