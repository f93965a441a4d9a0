"""One run of the poster: lock the state, read each unit's feed, post to its Page then its OA, summarise.

This is what `python -m scripts.social post` calls once its flags are parsed;
tests call it too.  The summary is the only thing the CLI prints on success.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from .errors import SocialError, UsageError
from .feeds import FeedEntry, read_file_feed, read_web_feed
from .graph import DEFAULT_GRAPH_URL, DEFAULT_VERSION, GraphClient
from .lock import exclusive_lock
from .poster import PageReport, Poster
from .retry import RetryPolicy
from .share_tags import PageReader
from .state import State
from .targets import PLATFORMS, OATarget, Target, Targets, load_targets
from .tokens import Tokens
from .zalo.client import DEFAULT_OAUTH_URL, DEFAULT_OPENAPI_URL, ZaloClient
from .zalo.gitstore import GitBranchStore, parse_spec
from .zalo.journal import Journal
from .zalo.keeper import TokenKeeper, store_unavailable
from .zalo.poster import OAReport, ZaloPoster
from .zalo.tokenstore import FileTokenStore, StoreError, TokenStore, seed

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunOptions:
    content: Path
    settings: Path
    output: Path
    state: Path
    since: datetime
    units: tuple[str, ...] = ()
    from_web: bool = False
    graph_url: str = DEFAULT_GRAPH_URL
    graph_version: str = DEFAULT_VERSION
    max_posts: int = 5
    dry_run: bool = False
    timeout: float = 30.0
    policy: RetryPolicy = RetryPolicy()
    seed: int | None = None  # jitter; fixed only in tests
    platforms: tuple[str, ...] = PLATFORMS
    zalo_url: str = DEFAULT_OPENAPI_URL
    zalo_oauth_url: str = DEFAULT_OAUTH_URL
    zalo_tokens: str = ".social/zalo-tokens"  # the token store: a folder, or git:<remote>#<branch> (CI)
    zalo_settle: float = 900.0  # a create whose answer was lost is made again only after this (seconds)


def _read(target: Target | OATarget, *, from_web: bool, timeout: float) -> list[FeedEntry]:
    return read_web_feed(target.feed_url, timeout) if from_web else read_file_feed(target.feed_path)


@dataclass(frozen=True)
class RunReport:
    pages: list[PageReport]  # one per Page, in the registry's order
    notices: list[str]  # what the manager must know that is no failure (a Page whose unit ended)
    oas: list[OAReport] = field(default_factory=list)  # one per Zalo OA (none in a dry run)

    @property
    def ok(self) -> bool:
        return all(report.ok for report in self.pages) and all(report.ok for report in self.oas)


def run(options: RunOptions, tokens: Tokens, now: Callable[[], datetime] | None = None) -> RunReport:
    """Post every selected page, then every OA; one report each.  Raises SocialError for the whole run."""
    if not options.from_web and not options.output.is_dir():
        raise UsageError(f"{options.output}: chưa có thư mục kết quả; chạy `make build` (hoặc dùng --from-web)")
    targets = load_targets(options.content, options.settings, options.output, list(options.units),
                           platforms=options.platforms)
    if not targets.pages and not targets.oas:
        logger.warning("Không đơn vị nào có `facebook_page_id` hay `zalo_oa_id` trong network.yml: "
                       "không có gì để đăng.")
        return RunReport([], targets.notices)
    rng = random.Random(options.seed)
    client = GraphClient(options.graph_url, options.graph_version, timeout=options.timeout, policy=options.policy,
                         rng=rng, scrub=tokens.scrub)
    read = partial(_read, from_web=options.from_web, timeout=options.timeout)
    # A bad --zalo-tokens is a usage error before anything is posted, not after the Pages.
    store = token_store(options.zalo_tokens, tokens) if targets.oas and not options.dry_run else None
    with ExitStack() as stack:
        if options.dry_run:  # no lock file, no state file: --dry-run creates nothing
            state = State.open_readonly(options.state)
        else:
            stack.enter_context(exclusive_lock(options.state))
            state = State.open(options.state)
        stack.callback(state.close)
        poster = Poster(client, state, tokens, targets.matcher, since=options.since, max_posts=options.max_posts,
                        pages=PageReader(options.from_web, options.timeout),
                        dry_run=options.dry_run, policy=options.policy, rng=rng,
                        now=now or (lambda: datetime.now(UTC)))
        pages = [poster.post_page(target, read) for target in targets.pages]
        if store is None:
            return RunReport(pages, targets.notices)
        return RunReport(pages, targets.notices, _post_zalo(options, tokens, targets, Journal(state), store, read))


def token_store(spec: str, tokens: Tokens) -> TokenStore:
    """`--zalo-tokens`: git:<remote>#<branch> (encrypted with ZALO_STORE_KEY, pushed on every save), else a folder."""
    try:
        branch = parse_spec(spec)
    except ValueError:
        raise UsageError(f"--zalo-tokens {spec}: dạng đúng là một thư mục, hoặc git:<remote>#<nhánh>") from None
    if branch is None:
        return FileTokenStore(Path(spec))
    key = tokens.zalo_store_key()
    if key is None:
        raise UsageError(f"--zalo-tokens {spec}: thiếu biến ZALO_STORE_KEY (khoá mã hoá kho mã Zalo)")
    try:
        return GitBranchStore(*branch, key)
    except StoreError as error:
        raise UsageError(f"--zalo-tokens {spec}: {error}") from None


def _post_zalo(options: RunOptions, tokens: Tokens, targets: Targets, journal: Journal, store: TokenStore,
               read: Callable[[OATarget], list[FeedEntry]]) -> list[OAReport]:
    """Each OA in turn: a new first refresh token seeded if the store has no working pair, then the poster."""
    reports = []
    app = tokens.zalo_app()
    client = ZaloClient(options.zalo_url, options.zalo_oauth_url, timeout=options.timeout, scrub=tokens.scrub,
                        policy=options.policy, rng=random.Random(options.seed))
    for target in targets.oas:
        report = OAReport(target)
        reports.append(report)
        if app is None:
            report.stopped = (f"Zalo OA {target.oa_id} ({target.unit_id}): thiếu biến ZALO_APP_ID hoặc "
                              "ZALO_SECRET_KEY (mã ứng dụng Zalo và khoá bí mật của nó; docs/dang-bai-facebook.md, "
                              "mục Z1); chưa đăng gì lên OA này.")
            continue
        try:
            first = tokens.zalo_first_refresh(target.token_env)
            if first and seed(store, target.oa_id, first):
                logger.info("Zalo OA %s: dùng mã làm mới đầu tiên từ %s", target.oa_id, target.token_env)
        except StoreError as error:
            report.stopped = store_unavailable(target, error)
            continue
        try:
            entries = read(target)
        except SocialError as error:
            report.stopped = f"Zalo OA {target.oa_id} ({target.unit_id}): {error}"
            continue
        keeper = TokenKeeper(client, store, app[0], app[1], on_token=tokens.learn)
        poster = ZaloPoster(client, journal, keeper, targets.matcher, PageReader(options.from_web, options.timeout),
                            since=options.since.timestamp(),
                            settle=options.zalo_settle, verify_wait=min(2.0, options.policy.base),
                            max_posts=options.max_posts)
        reports[-1] = poster.post_oa(target, entries)
    return reports


def _later(deferred: int, waiting: int) -> str:
    """What waits for the next run: items past the cap, items whose page is not online yet."""
    return (f", để lần sau {deferred}" if deferred else "") + (f", chờ trang lên mạng {waiting}" if waiting else "")


def summary_lines(run_report: RunReport, dry_run: bool) -> list[str]:
    """The end-of-run summary, one line per page, the notices, then the pages that stopped and why."""
    reports = run_report.pages
    lines = []
    if dry_run:
        lines.append("CHẠY THỬ (--dry-run): không đăng gì, không ghi trạng thái.")
        for report in reports:
            target = report.target
            lines.append(f"{target.unit_id} (Trang {target.page_id}): sẽ đăng {len(report.planned)}, "
                         f"bỏ qua {report.skipped} (cũ hơn cửa sổ / quá giới hạn lần đầu), "
                         f"để lần sau {report.deferred}, cần kiểm tra trên Trang {report.to_check}")
            for entry, message in report.planned:
                lines.append(f"  --- {entry.url}")
                lines += [f"  | {line}" for line in message.splitlines()]
        lines.append("Zalo: lần chạy thử không liên hệ Zalo (không làm mới mã, không đọc danh sách bài của OA).")
    else:
        lines.append("Tổng kết — đã đăng (posted) / bỏ qua (skipped) / chờ kiểm tra (pending) / lỗi (failed):")
        for report in reports:
            target = report.target
            extra = _later(report.deferred, report.waiting)
            lines.append(f"  {target.unit_id} (Trang {target.page_id}): posted {report.posted}, "
                         f"skipped {report.skipped}, pending {report.pending}, failed {report.failed}{extra}")
    if not dry_run:
        for oa in run_report.oas:
            extra = _later(oa.deferred, oa.waiting)
            lines.append(f"  {oa.target.unit_id} (Zalo OA {oa.target.oa_id}): posted {oa.posted}, "
                         f"skipped {oa.skipped}, pending {oa.pending}, failed {oa.failed}{extra}")
    lines += run_report.notices
    stopped = [report.stopped for report in reports if report.stopped]
    stopped += [oa.stopped for oa in run_report.oas if oa.stopped]
    for reason in stopped:
        lines.append(f"LỖI: {reason}")
    return lines

