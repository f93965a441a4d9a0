"""The Zalo poster against the fake server, over real feed files from feed_factory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from builder.config import load_config
from feed_factory import SETTINGS, PageSpec, make_network
from social.feeds import read_file_feed
from social.matching import PostMatcher
from social.retry import RetryPolicy
from social.share_tags import PageReader
from social.state import State
from social.targets import OATarget
from social.zalo.client import ZaloClient
from social.zalo.journal import Journal
from social.zalo.keeper import TokenKeeper
from social.zalo.poster import OAReport, ZaloPoster
from social.zalo.tokenstore import FileTokenStore, TokenRecord, TokenStore

OA = "5000000000000000001"


def zalo_network(root: Path, items: int, unit: str = "cdcs-z1"):
    ages = [timedelta(minutes=m) for m in range(1, items + 1)]
    return make_network(root, [PageSpec(unit, "100000000001", "unused-fb-token", None, ages)])


def authorise(store_dir: Path, zalo, oa: str = OA, expires_in: float = 90000) -> None:
    access, refresh = zalo.authorise(oa)
    store = FileTokenStore(store_dir)
    current = store.load(oa)
    store.swap(oa, current[0] if current else 0,
               TokenRecord(access, refresh, datetime.now(UTC).timestamp() + expires_in))


def oa_target(net, unit: str = "cdcs-z1", oa: str = OA, token_env: str | None = None) -> OATarget:
    return OATarget(unit, "Ban Tuyên giáo", oa, token_env, _feed(net, unit), "", *net.sites[unit])


def post_once(net, zalo, store: Path | TokenStore, *, settle: float = 0.0, timeout: float = 2.0,
              verify_tries: int = 3, max_posts: int = 0) -> OAReport:
    target = oa_target(net, net.pages[0].unit_id)
    entries = read_file_feed(target.feed_path)
    client = ZaloClient(zalo.url, zalo.url, timeout=timeout, policy=RetryPolicy(0.001, 0.01, 3), sleep=lambda _: None)
    state = State.open(net.state)
    try:
        keeper = TokenKeeper(client, FileTokenStore(store) if isinstance(store, Path) else store,
                             zalo.app_id, zalo.secret_key)
        poster = ZaloPoster(client, Journal(state), keeper, PostMatcher(load_config(SETTINGS).layout.article_url),
                            PageReader(from_web=False, timeout=timeout),
                            since=(datetime.now(UTC) - timedelta(days=2)).timestamp(), settle=settle,
                            verify_tries=verify_tries, verify_wait=0.01, max_posts=max_posts, sleep=lambda _: None)
        return poster.post_oa(target, entries)
    finally:
        state.close()


def _feed(net, unit: str) -> Path:
    found = [path for path in net.output.rglob("*.xml") if unit in str(path)]
    return found[0]
