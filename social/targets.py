"""Which Pages to post to: the registry's units with a `facebook_page_id`, and where their feeds are.

Site URLs come from the same settings file as the build (pelicanconf.py for a
local build, publishconf.py with NETWORK_BASE_URL for the published one), so
the article URLs in the feeds and the feed URLs for --from-web agree with what
was built.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError


@dataclass(frozen=True)
class Target:
    unit_id: str
    unit_name: str  # the short name, for messages
    page_id: str
    token_env: str | None
    feed_path: Path  # in the build output
    feed_url: str  # on the published site


def load_targets(content: Path, settings: Path, output: Path, unit_ids: list[str]) -> list[Target]:
    """Every unit with a Page (or the named ones, which must have one); raises UsageError."""
    from builder.config import load_config
    from domain.feeds.catalog import unit_feed
    from domain.registry import ProblemsFound, load_network

    try:
        config = load_config(settings)
        network = load_network(content / config.registry)
    except ProblemsFound as problems:
        raise UsageError("; ".join(str(problem) for problem in problems.problems)) from None
    missing = network.assign_urls(config.base_url)
    if missing:
        raise UsageError(f"không có địa chỉ cho trang web {', '.join(missing)}: thêm `url` vào network.yml "
                         "hoặc đặt NETWORK_BASE_URL")
    for unit_id in unit_ids:
        if unit_id not in network:
            raise UsageError(f"--unit {unit_id}: không có đơn vị này trong {network.path}")
        if not network[unit_id].facebook_page_id:
            raise UsageError(f"--unit {unit_id}: đơn vị chưa có `facebook_page_id` trong {network.path}")
    wanted = set(unit_ids)
    targets = []
    for unit in network:
        if not unit.facebook_page_id or (wanted and unit.id not in wanted):
            continue
        spec = unit_feed(unit, config.feeds)
        targets.append(Target(unit.id, unit.short_name, unit.facebook_page_id, unit.facebook_token_env,
                              output / unit.site.id / spec.save_as("atom"), spec.url("atom")))
    return targets
