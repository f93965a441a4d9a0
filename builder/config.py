"""The network build's own settings, read once from the Pelican settings file and validated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

from domain.feeds import FeedSettings, feed_settings
from domain.registry import Network, Problem, ProblemsFound, display_path, is_valid_url, load_network
from domain.url_layout import LayoutRefused, UrlLayout, url_layout


@dataclass(frozen=True)
class NetworkConfig:
    settings_path: Path
    base_url: str | None
    registry: str
    main_categories: tuple[str, ...]
    news_from_below_count: int
    default_category: str
    timezone: str
    theme: Path
    feeds: FeedSettings
    layout: UrlLayout  # where every page lives, read from Pelican's URL settings


def _line_of(path: Path, name: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.match(rf"^{name}\s*[:=]", line):
            return number
    return 1


def load_config(settings_path: Path) -> NetworkConfig:
    """Read NETWORK_* and the few Pelican settings the build itself needs."""
    if not settings_path.is_file():
        raise ProblemsFound([Problem(display_path(settings_path), 1, "--settings", "không tìm thấy tệp cấu hình; dùng pelicanconf.py hoặc publishconf.py", "settings-missing")])
    values = get_settings_from_file(str(settings_path))
    shown = display_path(settings_path)
    problems: list[Problem] = []

    def check(name: str, ok: bool, message: str) -> None:
        if not ok:
            problems.append(Problem(shown, _line_of(settings_path, name), name, message, "bad-setting"))

    base_url = values.get("NETWORK_BASE_URL")
    check("NETWORK_BASE_URL", base_url is None or (isinstance(base_url, str) and is_valid_url(base_url)),
          f"`{base_url}` không phải địa chỉ http(s) đầy đủ có tên miền chứa dấu chấm (dùng 127.0.0.1, không dùng localhost)")
    categories = values.get("MAIN_CATEGORIES", [])
    check("MAIN_CATEGORIES", isinstance(categories, (list, tuple)) and all(isinstance(c, str) and c for c in categories),
          "phải là một danh sách tên chuyên mục")
    count = values.get("NEWS_FROM_BELOW_COUNT", 8)
    check("NEWS_FROM_BELOW_COUNT", isinstance(count, int) and count >= 0, "phải là một số nguyên không âm")
    theme = Path(values.get("THEME", ""))
    check("THEME", (theme / "templates").is_dir(), f"không tìm thấy giao diện `{theme}` (cần thư mục templates/)")
    feeds, feed_problems = feed_settings(values.get("FEEDS"))
    for message in feed_problems:
        check("FEEDS", False, message.removeprefix("FEEDS: "))
    layout = None
    try:  # with Pelican's defaults under the file's values: what each site's run writes with
        layout = url_layout({**DEFAULT_CONFIG, **values})
    except LayoutRefused as refused:
        for name, message in refused.problems:
            check(name, False, message)
    if problems or feeds is None or layout is None:
        raise ProblemsFound(problems)
    return NetworkConfig(
        settings_path=settings_path.resolve(),
        base_url=base_url,
        registry=values.get("NETWORK_REGISTRY", "network.yml"),
        main_categories=tuple(categories),
        news_from_below_count=count,
        default_category=values.get("DEFAULT_CATEGORY", categories[0] if categories else "Tin tức"),
        timezone=values.get("TIMEZONE", "Asia/Ho_Chi_Minh"),
        theme=theme,
        feeds=feeds,
        layout=layout,
    )


def load_registry(settings_path: Path, content: Path) -> tuple[NetworkConfig, Network]:
    """The settings and the registry (with its whole history), for the checking commands."""
    config = load_config(settings_path)
    return config, load_network(content / config.registry)


def assign_site_urls(network: Network, config: NetworkConfig) -> list[Problem]:
    """Give every site of `network` its URL (NETWORK_BASE_URL or its registry `url`); the
    problems of the sites that have none when the settings need one."""
    return [
        Problem(network.path, network[site_id].line, "url", f"đơn vị {site_id}: thiếu `url` (địa chỉ trang web) mà {display_path(config.settings_path)} cần khi không đặt NETWORK_BASE_URL", "missing-url")
        for site_id in network.assign_urls(config.base_url)
    ]
