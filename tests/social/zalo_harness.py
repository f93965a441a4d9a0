"""The Zalo poster against the fake server, over real feed files from feed_factory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from builder.config import load_config
from feed_factory import SETTINGS, PageSpec, make_network
from social.feeds import read_file_feed
from social.matching import PostMatcher
from social.zalo.client import ZaloClient
from social.zalo.journal import Journal
from social.zalo.poster import OAReport, TokenKeeper, ZaloPoster, ZaloTarget
from social.zalo.tokenstore import FileTokenStore, TokenRecord

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


def post_once(net, zalo, store_dir: Path, *, settle: float = 0.0, timeout: float = 2.0,
              verify_tries: int = 3) -> OAReport:
    unit = net.pages[0].unit_id
    entries = read_file_feed(_feed(net, unit))
    client = ZaloClient(zalo.url, zalo.url, timeout=timeout)
    journal = Journal(net.state)
    try:
        keeper = TokenKeeper(client, FileTokenStore(store_dir), zalo.app_id, zalo.secret_key)
        poster = ZaloPoster(client, journal, keeper, PostMatcher(load_config(SETTINGS).layout.article_url),
                            since=(datetime.now(UTC) - timedelta(days=2)).timestamp(), settle=settle,
                            verify_tries=verify_tries, verify_wait=0.01, sleep=lambda _: None)
        return poster.post_oa(ZaloTarget(unit, OA, "Ban Tuyên giáo"), entries)
    finally:
        journal.close()


def _feed(net, unit: str) -> Path:
    found = [path for path in net.output.rglob("*.xml") if unit in str(path)]
    return found[0]
