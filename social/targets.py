"""Which Pages and Zalo OAs to post to: units with a `facebook_page_id` or a `zalo_oa_id`, and their feeds.

The network is read as the build reads it (builder/build.py `read_inputs`): the
registry with its history applied as of today in the network's time zone
(`Network.at`), then `assign_urls`.  So a unit under a federation that merged
has its feed on the successor's site, where the build wrote it, and a unit not
established yet has no Page to post to.  Site URLs come from the same settings
file as the build (pelicanconf.py for a local build, publishconf.py with
NETWORK_BASE_URL for the published one), so the article URLs in the feeds and
the feed URLs for --from-web agree with what was built.

A unit that merged or dissolved keeps its Page in the registry, but no new
article will reach it: `ended_notice` is the line that says so (in the
`path:line: Field: message [code]` form of every registry message).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from domain.registry import Network, Problem, Unit

from .errors import UsageError
from .matching import PostMatcher

ENDED_CODE = "social-unit-ended"


@dataclass(frozen=True)
class Target:
    unit_id: str
    unit_name: str  # the short name, for messages
    page_id: str
    token_env: str | None
    feed_path: Path  # in the build output
    feed_url: str  # on the published site
    site_folder: Path  # the unit's site in the build output: its article pages (social/share_tags.py)
    site_url: str


@dataclass(frozen=True)
class OATarget:
    unit_id: str
    unit_name: str  # the short name: the article's author on Zalo
    oa_id: str
    token_env: str | None  # the variable with the OA's first refresh token
    feed_path: Path
    feed_url: str
    site_folder: Path
    site_url: str


PLATFORMS = ("facebook", "zalo")


@dataclass(frozen=True)
class Targets:
    """The Pages and OAs of one run, how posts are matched to articles, and what the manager must know."""

    pages: list[Target]
    matcher: PostMatcher
    notices: list[str] = field(default_factory=list)  # one line each, shown in the summary
    oas: list[OATarget] = field(default_factory=list)


# platform -> (the unit's registry field, what the manager calls its account, "this account")
ACCOUNTS = {"facebook": ("facebook_page_id", "Trang Facebook", "Trang nay"), "zalo": ("zalo_oa_id", "Zalo OA", "OA này")}


def ended_notice(network: Network, unit: Unit, platform: str = "facebook") -> str:
    """The one line for a Page or OA whose unit merged or dissolved: it gets no new article."""
    name, label, this = ACCOUNTS[platform]
    account = getattr(unit, name)
    successor = network[unit.successor_id] if unit.successor_id and unit.successor_id in network else None
    if unit.status == "merged" and successor:
        ended = f"hợp nhất vào {successor.id} từ {unit.ended}"
    else:
        ended = f"giải thể từ {unit.ended}" + (f" (đơn vị kế thừa: {successor.id})" if successor else "")
    if successor:
        todo = (f"nếu {this} do {successor.id} dùng, chuyển dòng `{name}: '{account}'` "
                f"sang {successor.id}; nếu không, xoá dòng này")
    else:
        todo = f"nếu {this} thuộc đơn vị khác, chuyển dòng này sang đơn vị đó; nếu không, xoá dòng này"
    return str(Problem(network.path, unit.line_of(name), name,
                       f"đơn vị {unit.id} đã {ended}: {label} {account} sẽ không còn bài mới để đăng; {todo}",
                       ENDED_CODE))


def _check_named(registry: Network, network: Network, unit_ids: list[str], platforms: tuple[str, ...]) -> None:
    for unit_id in unit_ids:
        if unit_id not in registry:
            raise UsageError(f"--unit {unit_id}: không có đơn vị này trong {registry.path}")
        if unit_id not in network:
            raise UsageError(f"--unit {unit_id}: đơn vị thành lập ngày {registry[unit_id].established}, "
                             "chưa có bài để đăng")
        unit = network[unit_id]
        if not any(getattr(unit, ACCOUNTS[p][0]) for p in platforms):
            fields = " hay ".join(f"`{ACCOUNTS[p][0]}`" for p in platforms)
            raise UsageError(f"--unit {unit_id}: đơn vị chưa có {fields} trong {registry.path}")


def load_targets(content: Path, settings: Path, output: Path, unit_ids: list[str],
                 today: date | None = None, platforms: tuple[str, ...] = ("facebook",)) -> Targets:
    """Every unit with a Page or an OA (or the named ones, which must have one) as of `today`; raises UsageError."""
    from builder.config import load_config
    from domain.feeds.catalog import unit_feed
    from domain.registry import ProblemsFound, load_network

    try:
        config = load_config(settings)
        registry = load_network(content / config.registry)
    except ProblemsFound as problems:
        raise UsageError("; ".join(str(problem) for problem in problems.problems)) from None
    network = registry.at(today or datetime.now(ZoneInfo(config.timezone)).date())
    missing = network.assign_urls(config.base_url)
    if missing:
        raise UsageError(f"không có địa chỉ cho trang web {', '.join(missing)}: thêm `url` vào network.yml "
                         "hoặc đặt NETWORK_BASE_URL")
    _check_named(registry, network, unit_ids, platforms)
    wanted = set(unit_ids)
    pages, oas, notices = [], [], []
    for unit in network:
        if wanted and unit.id not in wanted:
            continue
        spec = unit_feed(unit, config.feeds)
        site = (output / unit.site.id, unit.site.site_url)
        feed_path, feed_url = site[0] / spec.save_as("atom"), spec.url("atom")
        if unit.facebook_page_id and "facebook" in platforms:
            if not unit.is_active:
                notices.append(ended_notice(network, unit))
            pages.append(Target(unit.id, unit.short_name, unit.facebook_page_id, unit.facebook_token_env,
                                feed_path, feed_url, *site))
        if unit.zalo_oa_id and "zalo" in platforms:
            if not unit.is_active:
                notices.append(ended_notice(network, unit, "zalo"))
            oas.append(OATarget(unit.id, unit.short_name, unit.zalo_oa_id, unit.zalo_token_env, feed_path, feed_url,
                                *site))
    return Targets(pages, PostMatcher(config.layout.article_url), notices, oas)
