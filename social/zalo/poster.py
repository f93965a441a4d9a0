"""Post each new feed item to its Zalo OA exactly once, across crashes, lost answers and lost state.

Create is not safe to repeat and answers only a processing token, so for one item:
1. commit the intent (`pending`), then POST article/create once;
2. commit the token (`created`), then ask verify until it answers the id
   (a "still processing" answer means ask again later, never create again);
3. commit the id (`posted`).
Before creating anything, every run reads the OA's recent articles (getslice,
newest first, back to the window) and, for those whose title is one of the
feed's, their body: an article whose body carries an item's article code is
that item (`posted`, whatever the state says: lost or old state, or a
`pending` item whose create answer was lost).  A `pending` item not found is
created again only once its intent is older than `settle` (Zalo may still be
processing an article whose token we never got: it is not listed yet).
An unknown create outcome is never retried in the same run.
New items are capped as on Facebook (`max_posts`, 0 = no cap): an OA new to
the state gets only the newest few (the rest `seen`: no flood of old news when
an OA is connected), otherwise the oldest few go and the rest wait.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ..crashpoints import checkpoint
from ..errors import GraphError, Kind, SocialError
from ..feeds import FeedEntry
from ..graph import PagePost
from ..matching import PostMatcher
from ..share_tags import PageReader
from ..targets import OATarget
from .client import LIST_PAGE, ZaloClient
from .journal import Journal
from .keeper import TokenKeeper
from .message import article_title, body_text, compose_article

logger = logging.getLogger(__name__)

# The most articles one check reads (getslice pages of 10, newest first, back to the window's start).
# Far above what an OA publishes in a posting window (a unit's feed shows its newest items; a CĐCS
# writes a few a week); past it the OA is stopped, never posted to unchecked.
MAX_CHECKED = 5000


class CheckIncomplete(SocialError):
    """The OA has more articles in the window than one check reads: posting could duplicate."""


@dataclass
class OAReport:
    target: OATarget
    posted: int = 0
    skipped: int = 0
    pending: int = 0
    failed: int = 0
    deferred: int = 0  # new items beyond the cap, left for the next run
    waiting: int = 0  # items whose page is not online with its share tags yet (social/share_tags.py)
    stopped: str | None = None

    @property
    def ok(self) -> bool:
        return self.stopped is None and self.failed == 0 and self.pending == 0


class ZaloPoster:
    def __init__(self, client: ZaloClient, journal: Journal, keeper: TokenKeeper, matcher: PostMatcher,
                 pages: PageReader, *,
                 since: float, settle: float = 900.0, verify_tries: int = 3, verify_wait: float = 2.0,
                 max_posts: int = 0, sleep: Callable[[float], None] = time.sleep,
                 now: Callable[[], float] = time.time):
        self.client, self.journal, self.keeper, self.matcher, self.pages = client, journal, keeper, matcher, pages
        self.max_posts = max_posts
        self.since, self.settle, self.verify_tries, self.verify_wait = since, settle, verify_tries, verify_wait
        self.sleep, self.now = sleep, now
        self._token = ""

    def post_oa(self, target: OATarget, entries: list[FeedEntry]) -> OAReport:
        report = OAReport(target)
        try:
            self._token = self.keeper.access_token(target)
            self._run(target, entries, report)
        except GraphError as error:
            report.stopped = f"Zalo OA {target.oa_id} ({target.unit_id}): {error.label}: {error}; lần chạy sau sẽ thử lại."
        except SocialError as error:  # the token pair (keeper.py), an unfinished check, the state
            report.stopped = str(error)
        return report

    def _call(self, target: OATarget, do: Callable[[str], object]) -> object:
        """One call; an access token refused once is refreshed and the call made again."""
        try:
            return do(self._token)
        except GraphError as error:
            if error.kind is not Kind.TOKEN:
                raise
            self._token = self.keeper.access_token(target, force=True)
            return do(self._token)

    def _run(self, target: OATarget, entries: list[FeedEntry], report: OAReport) -> None:
        oa = target.oa_id
        records = self.journal.items(oa)
        recent = [e for e in entries if e.published.timestamp() >= self.since]
        for entry in entries:
            if entry.guid not in records and entry.published.timestamp() < self.since:
                self.journal.final(oa, entry.guid, entry.url, "seen", "older-than-window")
                report.skipped += 1
        unsettled = [e for e in recent if records.get(e.guid) is None or records[e.guid].status == "pending"]
        found = self._check(target, unsettled) if unsettled else {}
        checkpoint("zalo-checked")
        ordered = sorted(recent, key=lambda e: (e.published, e.guid))
        waiting = self._cap(oa, [e for e in ordered if e.guid not in records and e.guid not in found],
                            fresh=not records, report=report)
        for entry in ordered:
            if entry.guid in waiting:
                continue
            record = self.journal.item(oa, entry.guid)
            if record and record.status in ("posted", "seen", "rejected"):
                continue
            if entry.guid in found:
                self.journal.posted(oa, entry.guid, entry.url, found[entry.guid])
                report.posted += 1 if record else 0
                report.skipped += 0 if record else 1
                continue
            if record and record.status == "created" and record.article_token:
                self._verify(target, entry, record.article_token, report)
                continue
            if record and record.status == "pending":
                if self.now() - (record.intent_at or 0) < self.settle:
                    report.pending += 1  # Zalo may still be processing it: look again next run
                    continue
                self.journal.forget(oa, entry.guid)
            self._create(target, entry, report)

    def _cap(self, oa: str, new: list[FeedEntry], fresh: bool, report: OAReport) -> set[str]:
        """The new items (oldest first) not to create this run: on a fresh OA the older ones become `seen`."""
        if not self.max_posts or len(new) <= self.max_posts:
            return set()
        if fresh:
            for entry in new[:-self.max_posts]:
                self.journal.final(oa, entry.guid, entry.url, "seen", "first-run-cap")
            report.skipped += len(new) - self.max_posts
            return {entry.guid for entry in new[:-self.max_posts]}
        report.deferred = len(new) - self.max_posts
        return {entry.guid for entry in new[self.max_posts:]}

    def _check(self, target: OATarget, entries: list[FeedEntry]) -> dict[str, str]:
        """guid -> article id, for the entries already on the OA (by title, then the body's article code).

        Pages through getslice (offset, limit) until an article older than the
        window, or a short page.  Offsets shift by one when an article is created
        meanwhile (newest first): a page may repeat an article, never skip one."""
        titles = {article_title(e.title) for e in entries}
        posts, seen_ids = [], set()
        for offset in range(0, MAX_CHECKED, LIST_PAGE):
            medias = self._call(target, partial(self._list, offset=offset))
            assert isinstance(medias, list)
            for media in medias:
                if str(media["id"]) in seen_ids:
                    continue
                seen_ids.add(str(media["id"]))
                if str(media.get("title") or "") in titles:
                    detail = self._call(target, partial(self._detail, article_id=str(media["id"])))
                    assert isinstance(detail, dict)
                    posts.append(PagePost(str(media["id"]), None, body_text(detail), None, None))
            oldest = min((float(m.get("create_date") or 0) / 1000 for m in medias), default=0)
            if len(medias) < LIST_PAGE or oldest < self.since - self.settle - 3600:
                break
        else:  # never post without having checked: an article past the last one read may be one of ours
            raise CheckIncomplete(
                f"Zalo OA {target.oa_id} ({target.unit_id}): OA có hơn {MAX_CHECKED} bài trong cửa sổ đăng, "
                f"chỉ kiểm tra được {MAX_CHECKED} bài mới nhất; chưa đăng gì lên OA này để khỏi đăng trùng. "
                "Chạy lại với cửa sổ ngắn hơn (ví dụ --since 12h).")
        logger.info("  Zalo OA %s: đã đọc %d bài trên OA để đối chiếu", target.oa_id, len(seen_ids))
        index = self.matcher.index(posts)
        return {e.guid: post.id for e in entries if (post := index.find(e.guid, e.url))}

    def _list(self, token: str, offset: int) -> list[dict]:
        return self.client.list_articles(token, offset)

    def _detail(self, token: str, article_id: str) -> dict:
        return self.client.detail(token, article_id)

    def _create(self, target: OATarget, entry: FeedEntry, report: OAReport) -> None:
        oa = target.oa_id
        # The cover is the page's og:image, the share image the build drew; an article is created only once
        # its page is online, so the link in its body works and Zalo can fetch the cover.
        tags = self.pages.tags(entry.url, target.site_folder, target.site_url)
        if tags is None:
            report.waiting += 1
            logger.warning("  Zalo: chờ trang bài lên mạng (chưa thấy og:title và og:image ở %s): lần chạy sau sẽ đăng",
                           entry.url)
            return
        article = compose_article(entry.title, entry.summary_html, entry.url, target.unit_name, tags.image)
        self.journal.intent(oa, entry.guid, entry.url, self.now())
        checkpoint("zalo-intent")
        try:
            made = self._call(target, lambda token: self.client.create_article(token, article))
        except GraphError as error:
            checkpoint("zalo-create-failed")
            if error.kind is Kind.TRANSIENT:
                report.pending += 1  # unknown: the next run looks for it on the OA first
                logger.warning("  Zalo: chưa rõ kết quả (%s), lần sau sẽ kiểm tra OA: %s", error.label, entry.url)
                return
            self.journal.forget(oa, entry.guid)  # a definite refusal created nothing
            if error.kind in (Kind.RATE_LIMIT, Kind.TOKEN):
                report.failed += 1
                raise
            self.journal.final(oa, entry.guid, entry.url, "rejected", f"{error.label}: {error}")
            report.skipped += 1
            return
        assert isinstance(made, str)
        checkpoint("zalo-created")
        self.journal.created(oa, entry.guid, made)
        checkpoint("zalo-token-committed")
        self._verify(target, entry, made, report)

    def _verify(self, target: OATarget, entry: FeedEntry, article_token: str, report: OAReport) -> None:
        for attempt in range(self.verify_tries):
            if attempt:
                self.sleep(self.verify_wait)
            try:
                found = self._call(target, lambda token: self.client.verify(token, article_token))
            except GraphError as error:
                if error.kind is Kind.TRANSIENT:
                    continue
                raise
            if isinstance(found, str):
                self.journal.posted(target.oa_id, entry.guid, entry.url, found)
                checkpoint("zalo-id-committed")
                report.posted += 1
                logger.info("  Zalo: đã đăng: %s -> %s", entry.title, found)
                return
        report.pending += 1  # still processing: verify again next run, never create again
