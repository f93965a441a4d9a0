"""Post each new feed item to its Page exactly once, even across crashes and lost or stale state.

The Page, not the state file, is the truth for "already posted": the state may
be lost, truncated or an older copy (an Actions cache restores the newest entry
it has; a failed save only warns).  For one page, in order:
1. Check (reconcile), on every run: read the Page's posts since the window
   start (or the oldest pending intent), minus clock slack, and match them to
   the feed's items by article code (matching.py), which survives moves,
   merges and title fixes.  A pending item found there is `posted`; one not
   found is forgotten (it is new again).  Any other item not yet `posted` in
   the state that is on the Page is adopted as `posted`.
2. Choose: items not in the state and published before the window become
   `seen`.  On a page new to the state only the newest --max-posts items are
   posted and the rest become `seen` (no flood); otherwise the oldest
   --max-posts are posted and the rest wait for the next run.  Posting goes
   oldest first.
3. Post each: commit the intent, POST once, commit the outcome.  A POST whose
   outcome is unknown (timeout, lost connection, 5xx, codes 1/2) is never sent
   again before the Page's posts were checked for its article; retries are
   bounded, and an item still unknown stays `pending` for the next run.
A token, permission or lasting rate-limit error stops this page only.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from .crashpoints import checkpoint
from .errors import FeedError, GraphError, Kind, PageStopped
from .feeds import FeedEntry
from .graph import GraphClient
from .matching import PostMatcher
from .message import compose_message
from .notices import no_token_message, page_name, stop_message
from .retry import RetryPolicy, backoff_delay, rate_limit_delay
from .share_tags import PageReader
from .state import ItemRecord, State
from .targets import Target
from .tokens import Tokens

logger = logging.getLogger(__name__)

CLOCK_SLACK = timedelta(hours=1)  # our clock vs Facebook's created_time


@dataclass
class PageReport:
    target: Target
    posted: int = 0
    skipped: int = 0
    pending: int = 0
    failed: int = 0
    deferred: int = 0
    waiting: int = 0  # items whose page is not online with its share tags yet (social/share_tags.py)
    stopped: str | None = None  # why the page stopped, in Vietnamese, naming the page
    planned: list[tuple[FeedEntry, str]] = field(default_factory=list)  # --dry-run
    to_check: int = 0  # --dry-run: pending items the next real run checks first

    @property
    def ok(self) -> bool:
        return self.stopped is None and self.failed == 0 and self.pending == 0


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class Poster:
    """Posts the pages of one run; `dry_run` reads the state and plans, but writes and sends nothing."""

    def __init__(self, client: GraphClient, state: State, tokens: Tokens, matcher: PostMatcher, *, since: datetime,
                 max_posts: int, pages: PageReader,
                 dry_run: bool = False, policy: RetryPolicy | None = None, rng: random.Random | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.client = client
        self.state = state
        self.tokens = tokens
        self.matcher = matcher
        self.pages = pages
        self.since = since
        self.max_posts = max_posts
        self.dry_run = dry_run
        self.policy = policy or client.policy
        self.rng = rng or random.Random()
        self.sleep = sleep
        self.now = now

    # -- one page ----------------------------------------------------------
    def post_page(self, target: Target, read: Callable[[Target], list[FeedEntry]]) -> PageReport:
        """Everything for one page; never raises for page-level trouble (see `PageReport.stopped`)."""
        report = PageReport(target)
        try:
            entries = read(target)
        except FeedError as error:
            report.stopped = f"{page_name(target)}: {error}"
            return report
        token = self.tokens.for_page(target.page_id, target.token_env)
        logger.info("%s: %d mục trong feed, token: %s", page_name(target), len(entries),
                    "<hidden>" if token else "KHÔNG CÓ")
        if self.dry_run:
            self._plan(target, entries, report, token)
            return report
        if token is None:
            report.stopped = no_token_message(target)
            report.failed = len(self._recent_new(entries, self.state.items(target.page_id)))
            return report
        try:
            fresh = self._check(target, token, entries, report)
        except GraphError as error:
            report.stopped = stop_message(target, error)
            report.failed = len(self._recent_new(entries, self.state.items(target.page_id)))
            return report
        to_post = self._choose(target, entries, report, fresh)
        for position, entry in enumerate(to_post):
            if not self._page_ready(target, token, entry, report):
                continue
            try:
                self._post_item(target, token, entry, report)
            except PageStopped as stop:
                report.stopped = str(stop)
                report.failed += len(to_post) - position - 1  # the current item was counted by _post_item
                break
        return report

    def _page_ready(self, target: Target, token: str, entry: FeedEntry, report: PageReport) -> bool:
        """The article's page is online with its og:title and og:image (else the item waits for the next
        run), and Facebook has been asked to read it again, so the post's preview is that page's."""
        if self.pages.tags(entry.url, target.site_folder, target.site_url) is None:
            report.waiting += 1
            logger.warning("  chờ trang bài lên mạng (chưa thấy og:title và og:image ở %s): lần chạy sau sẽ đăng",
                           entry.url)
            return False
        try:
            self.client.scrape(entry.url, token)
        except GraphError as error:  # Facebook reads the page itself when the link is posted
            logger.warning("  Facebook chưa đọc lại được trang (%s: %s); vẫn đăng: %s", error.label, error, entry.url)
        return True

    def _recent_new(self, entries: list[FeedEntry], records: dict[str, ItemRecord]) -> list[FeedEntry]:
        return [e for e in entries if e.guid not in records and e.published >= self.since]

    # -- step 1: check -----------------------------------------------------
    def _check(self, target: Target, token: str, entries: list[FeedEntry], report: PageReport) -> bool:
        """Reconcile the state with the Page's posts (every run); True if the page is new to the state."""
        records = self.state.items(target.page_id)
        fresh = not self.state.page_checked(target.page_id)
        pending = [record for record in records.values() if record.status == "pending"]
        starts = [self.since] + [datetime.fromisoformat(r.intent_at) for r in pending if r.intent_at]
        posts = self.client.recent_posts(target.page_id, token, min(starts) - CLOCK_SLACK)
        checkpoint("checked")
        logger.info("%s: đã đọc %d bài trên Trang để đối chiếu (%d mục đang chờ%s)", page_name(target),
                    len(posts), len(pending), ", lần đầu" if fresh else "")
        on_page = self.matcher.index(posts)
        at = _iso(self.now())
        with self.state.transaction():
            for record in pending:
                post = on_page.find(record.guid, record.url)
                if post:
                    self.state.record_posted(target.page_id, record.guid, record.url, record.unit_id, post.id, at)
                    report.posted += 1
                    logger.info("  đã có trên Trang (lần chạy trước bị ngắt): %s -> %s", record.url, post.id)
                else:
                    self.state.forget(target.page_id, [record.guid])
                    logger.info("  chưa có trên Trang, sẽ đăng nếu còn trong cửa sổ: %s", record.url)
            for entry in entries:
                known = records.get(entry.guid)
                if known is not None and known.status in ("posted", "pending"):
                    continue  # posted, or just settled above
                post = on_page.find(entry.guid, entry.url)
                if post:  # a lost or older state: the Page says it is there
                    self.state.record_posted(target.page_id, entry.guid, entry.url, target.unit_id, post.id, at)
                    report.skipped += 1
                    logger.info("  đã có sẵn trên Trang, không đăng lại: %s -> %s", entry.url, post.id)
            if fresh:
                self.state.mark_page_checked(target.page_id, at)
        return fresh

    # -- step 2: choose ----------------------------------------------------
    def select(self, entries: list[FeedEntry], records: dict[str, ItemRecord], fresh: bool
               ) -> tuple[list[FeedEntry], list[tuple[FeedEntry, str]], list[FeedEntry]]:
        """(to post now, oldest first; to record as seen, with the reason; to leave for the next run)."""
        new = [e for e in entries if e.guid not in records]
        seen = [(e, "older-than-window") for e in new if e.published < self.since]
        recent = sorted((e for e in new if e.published >= self.since), key=lambda e: (e.published, e.guid))
        if not self.max_posts or len(recent) <= self.max_posts:
            return recent, seen, []
        if fresh:  # a new page gets only the newest few: never a flood of old news
            cut = len(recent) - self.max_posts
            return recent[cut:], seen + [(e, "first-run-cap") for e in recent[:cut]], []
        return recent[:self.max_posts], seen, recent[self.max_posts:]

    def _choose(self, target: Target, entries: list[FeedEntry], report: PageReport, fresh: bool) -> list[FeedEntry]:
        """Record what is never to be posted; return what to post now."""
        to_post, seen, deferred = self.select(entries, self.state.items(target.page_id), fresh)
        if seen:
            at = _iso(self.now())
            with self.state.transaction():
                for entry, reason in seen:
                    self.state.record_final(target.page_id, entry.guid, entry.url, target.unit_id, "seen", reason, at)
        report.skipped += len(seen)
        report.deferred = len(deferred)
        return to_post

    # -- step 3: post ------------------------------------------------------
    def _post_item(self, target: Target, token: str, entry: FeedEntry, report: PageReport) -> None:
        """Post one item: intent, one POST, outcome; after an unknown outcome, check before trying again."""
        message = compose_message(entry.title, entry.summary_html, entry.tags)
        first_intent = self.now()
        unknown = False
        for attempt in range(1, self.policy.attempts + 1):
            if unknown:
                delay = backoff_delay(attempt - 1, self.policy, self.rng)
                logger.info("  kiểm tra Trang trước khi thử lại (lần %d/%d) sau %.2f s: %s", attempt - 1,
                            self.policy.attempts - 1, delay, entry.url)
                self.sleep(delay)
                try:
                    posts = self.client.recent_posts(target.page_id, token, first_intent - CLOCK_SLACK)
                except GraphError as error:
                    report.pending += 1  # still unknown: the next run checks again
                    raise PageStopped(stop_message(target, error), error) from None
                post = self.matcher.index(posts).find(entry.guid, entry.url)
                if post:
                    self.state.record_posted(target.page_id, entry.guid, entry.url, target.unit_id, post.id,
                                             _iso(self.now()))
                    report.posted += 1
                    logger.info("  đã đăng (xác nhận trên Trang): %s -> %s", entry.title, post.id)
                    return
            self.state.record_intent(target.page_id, entry.guid, entry.url, target.unit_id, _iso(self.now()))
            checkpoint("intent-committed")
            try:
                post_id = self.client.create_post(target.page_id, token, message, entry.url)
            except GraphError as error:
                checkpoint("post-failed")
                unknown = error.kind is Kind.TRANSIENT
                if unknown:
                    logger.warning("  chưa rõ kết quả (%s: %s): %s", error.label, error, entry.url)
                    continue
                self._refused(target, entry, error, attempt, report)
                if error.kind is Kind.RATE_LIMIT and attempt < self.policy.attempts:
                    continue
                return
            checkpoint("post-answered")
            self.state.record_posted(target.page_id, entry.guid, entry.url, target.unit_id, post_id, _iso(self.now()))
            checkpoint("outcome-committed")
            report.posted += 1
            logger.info("  đã đăng: %s -> %s", entry.title, post_id)
            return
        report.pending += 1
        logger.warning("  vẫn chưa rõ kết quả sau %d lần; lần chạy sau sẽ kiểm tra Trang: %s",
                       self.policy.attempts, entry.url)

    def _refused(self, target: Target, entry: FeedEntry, error: GraphError, attempt: int,
                 report: PageReport) -> None:
        """A definite answer that created nothing: rate limit (wait), stop the page, or skip the item."""
        if error.kind is Kind.REJECTED:
            reason = f"{error.label}: {error}"
            self.state.record_final(target.page_id, entry.guid, entry.url, target.unit_id, "rejected", reason,
                                    _iso(self.now()))
            report.skipped += 1
            logger.warning("  Facebook từ chối, bỏ qua (%s): %s", reason, entry.url)
            return
        self.state.forget(target.page_id, [entry.guid])
        if error.kind is Kind.RATE_LIMIT:
            if attempt < self.policy.attempts:
                delay = rate_limit_delay(error.retry_after, attempt, self.policy, self.rng)
                logger.warning("  bị giới hạn (%s); thử lại lần %d/%d sau %.2f s", error.label, attempt,
                               self.policy.attempts - 1, delay)
                self.sleep(delay)
                return
            report.failed += 1
            raise PageStopped(stop_message(target, error), error)
        if error.kind in (Kind.TOKEN, Kind.PERMISSION):
            report.failed += 1
            raise PageStopped(stop_message(target, error), error)
        report.failed += 1
        logger.warning("  không đăng được (%s: %s): %s", error.label, error, entry.url)

    # -- --dry-run ---------------------------------------------------------
    def _plan(self, target: Target, entries: list[FeedEntry], report: PageReport, token: str | None) -> None:
        records = self.state.items(target.page_id)
        fresh = not self.state.page_checked(target.page_id)
        report.to_check = sum(1 for r in records.values() if r.status == "pending")
        to_post, seen, deferred = self.select(entries, records, fresh)
        report.planned = [(e, compose_message(e.title, e.summary_html, e.tags)) for e in to_post]
        report.skipped = len(seen)
        report.deferred = len(deferred)
        if token is None:
            report.stopped = no_token_message(target)
