"""One run of the poster: lock the state, read each page's feed, post, and summarise.

This is what `python -m scripts.social post` calls once its flags are parsed;
tests call it too.  The summary is the only thing the CLI prints on success.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from .errors import UsageError
from .feeds import FeedEntry, read_file_feed, read_web_feed
from .graph import DEFAULT_GRAPH_URL, DEFAULT_VERSION, GraphClient
from .lock import exclusive_lock
from .poster import PageReport, Poster
from .retry import RetryPolicy
from .state import State
from .targets import Target, load_targets
from .tokens import Tokens

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


def _read(target: Target, *, from_web: bool, timeout: float) -> list[FeedEntry]:
    return read_web_feed(target.feed_url, timeout) if from_web else read_file_feed(target.feed_path)


@dataclass(frozen=True)
class RunReport:
    pages: list[PageReport]  # one per Page, in the registry's order
    notices: list[str]  # what the manager must know that is no failure (a Page whose unit ended)

    @property
    def ok(self) -> bool:
        return all(report.ok for report in self.pages)


def run(options: RunOptions, tokens: Tokens, now: Callable[[], datetime] | None = None) -> RunReport:
    """Post every selected page; returns one report per page.  Raises SocialError for the whole run."""
    if not options.from_web and not options.output.is_dir():
        raise UsageError(f"{options.output}: chưa có thư mục kết quả; chạy `make build` (hoặc dùng --from-web)")
    targets = load_targets(options.content, options.settings, options.output, list(options.units))
    if not targets.pages:
        logger.warning("Không đơn vị nào có `facebook_page_id` trong network.yml: không có gì để đăng.")
        return RunReport([], targets.notices)
    rng = random.Random(options.seed)
    client = GraphClient(options.graph_url, options.graph_version, timeout=options.timeout, policy=options.policy,
                         rng=rng, scrub=tokens.scrub)
    read = partial(_read, from_web=options.from_web, timeout=options.timeout)
    with ExitStack() as stack:
        if options.dry_run:  # no lock file, no state file: --dry-run creates nothing
            state = State.open_readonly(options.state)
        else:
            stack.enter_context(exclusive_lock(options.state))
            state = State.open(options.state)
        stack.callback(state.close)
        poster = Poster(client, state, tokens, targets.matcher, since=options.since, max_posts=options.max_posts,
                        dry_run=options.dry_run, policy=options.policy, rng=rng,
                        now=now or (lambda: datetime.now(UTC)))
        return RunReport([poster.post_page(target, read) for target in targets.pages], targets.notices)


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
    else:
        lines.append("Tổng kết — đã đăng (posted) / bỏ qua (skipped) / chờ kiểm tra (pending) / lỗi (failed):")
        for report in reports:
            target = report.target
            extra = f", để lần sau {report.deferred}" if report.deferred else ""
            lines.append(f"  {target.unit_id} (Trang {target.page_id}): posted {report.posted}, "
                         f"skipped {report.skipped}, pending {report.pending}, failed {report.failed}{extra}")
    lines += run_report.notices
    stopped = [report.stopped for report in reports if report.stopped]
    for reason in stopped:
        lines.append(f"LỖI: {reason}")
    return lines

