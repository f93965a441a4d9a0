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
"""

from __future__ import annotations

import json
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
from .client import ZaloClient
from .journal import Journal
from .message import article_title, body_text, compose_article
from .tokenstore import StaleWrite, TokenRecord, TokenStore

logger = logging.getLogger(__name__)

REFRESH_MARGIN = 2 * 3600.0  # refresh when the access token (about 25 h) has less than this left
GUIDE = "docs/dang-bai-facebook.md"
MAX_LIST = 50  # getslice requests per check (500 articles)
MAX_CHECKED = MAX_LIST * 10


class CheckIncomplete(SocialError):
    """The OA has more articles in the window than one check reads: posting could duplicate."""


class ReauthoriseNeeded(SocialError):
    """The OA's token pair is lost or refused: only a person can authorise the app again."""


def reauthorise_message(oa_id: str, why: str) -> str:
    return (f"Zalo OA {oa_id}: {why}. Người quản trị OA cần cấp quyền lại cho ứng dụng (mục Zalo trong {GUIDE}) "
            "rồi lưu cặp mã mới; chưa đăng gì lên OA này.")


@dataclass(frozen=True)
class ZaloTarget:
    unit_id: str
    oa_id: str
    author: str


@dataclass
class OAReport:
    target: ZaloTarget
    posted: int = 0
    skipped: int = 0
    pending: int = 0
    failed: int = 0
    stopped: str | None = None

    @property
    def ok(self) -> bool:
        return self.stopped is None and self.failed == 0 and self.pending == 0


class TokenKeeper:
    """The OA's access token: refreshed ahead of expiry, the new pair saved before anything else."""

    def __init__(self, client: ZaloClient, store: TokenStore, app_id: str, secret_key: str,
                 now: Callable[[], float] = time.time, on_token: Callable[[str], None] = lambda _: None):
        self.client, self.store, self.app_id, self.secret_key = client, store, app_id, secret_key
        self.now, self.on_token = now, on_token

    def access_token(self, oa_id: str, force: bool = False) -> str:
        loaded = self.store.load(oa_id)
        if loaded is None:
            raise ReauthoriseNeeded(reauthorise_message(oa_id, "không có (hoặc mất) cặp mã truy cập trong kho mã"))
        generation, record = loaded
        self.on_token(record.access_token)
        self.on_token(record.refresh_token)
        if not force and not record.refreshing and record.access_expires_at - self.now() > REFRESH_MARGIN:
            return record.access_token
        claimed = self.store.swap(oa_id, generation, TokenRecord(record.access_token, record.refresh_token,
                                                                 record.access_expires_at, refreshing=True))
        checkpoint("zalo-refresh-claimed")
        try:
            raw = self.client.refresh(self.app_id, self.secret_key, record.refresh_token)
        except GraphError as error:
            if record.access_expires_at > self.now() and error.kind is Kind.TRANSIENT:
                return record.access_token  # the old one still works; refresh again next run
            raise ReauthoriseNeeded(reauthorise_message(oa_id, f"không làm mới được mã ({error.label})")) from None
        fresh = self._parse(oa_id, raw)
        self.on_token(fresh.access_token)
        self.on_token(fresh.refresh_token)
        try:
            self.store.swap(oa_id, claimed, fresh)
        except StaleWrite:
            raise ReauthoriseNeeded(reauthorise_message(oa_id, "kho mã bị ghi đồng thời")) from None
        checkpoint("zalo-refresh-saved")
        return fresh.access_token

    def _parse(self, oa_id: str, raw: bytes) -> TokenRecord:
        try:
            answer = json.loads(raw.decode("utf-8"))
            return TokenRecord(str(answer["access_token"]), str(answer["refresh_token"]),
                               self.now() + float(answer.get("expires_in") or 90000))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            code = answer.get("error") if isinstance(locals().get("answer"), dict) else None
            raise ReauthoriseNeeded(reauthorise_message(
                oa_id, f"Zalo từ chối mã làm mới (mã lỗi {code}); mã làm mới chỉ dùng được một lần")) from None


class ZaloPoster:
    def __init__(self, client: ZaloClient, journal: Journal, keeper: TokenKeeper, matcher: PostMatcher, *,
                 since: float, settle: float = 900.0, verify_tries: int = 3, verify_wait: float = 2.0,
                 sleep: Callable[[float], None] = time.sleep, now: Callable[[], float] = time.time):
        self.client, self.journal, self.keeper, self.matcher = client, journal, keeper, matcher
        self.since, self.settle, self.verify_tries, self.verify_wait = since, settle, verify_tries, verify_wait
        self.sleep, self.now = sleep, now
        self._token = ""

    def post_oa(self, target: ZaloTarget, entries: list[FeedEntry]) -> OAReport:
        report = OAReport(target)
        try:
            self._token = self.keeper.access_token(target.oa_id)
            self._run(target, entries, report)
        except (ReauthoriseNeeded, CheckIncomplete) as error:
            report.stopped = str(error)
        except GraphError as error:
            report.stopped = f"Zalo OA {target.oa_id} ({target.unit_id}): {error.label}: {error}; lần chạy sau sẽ thử lại."
        return report

    def _call(self, target: ZaloTarget, do: Callable[[str], object]) -> object:
        """One call; an access token refused once is refreshed and the call made again."""
        try:
            return do(self._token)
        except GraphError as error:
            if error.kind is not Kind.TOKEN:
                raise
            self._token = self.keeper.access_token(target.oa_id, force=True)
            return do(self._token)

    def _run(self, target: ZaloTarget, entries: list[FeedEntry], report: OAReport) -> None:
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
        for entry in sorted(recent, key=lambda e: (e.published, e.guid)):
            record = self.journal.items(oa).get(entry.guid)
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

    def _check(self, target: ZaloTarget, entries: list[FeedEntry]) -> dict[str, str]:
        """guid -> article id, for the entries already on the OA (by title, then the body's article code)."""
        titles = {article_title(e.title) for e in entries}
        posts = []
        for page in range(MAX_LIST):
            medias = self._call(target, partial(self._list, offset=page * 10))
            assert isinstance(medias, list)
            for media in medias:
                if str(media.get("title") or "") in titles:
                    detail = self._call(target, partial(self._detail, article_id=str(media["id"])))
                    assert isinstance(detail, dict)
                    posts.append(PagePost(str(media["id"]), None, body_text(detail), None, None))
            oldest = min((float(m.get("create_date") or 0) / 1000 for m in medias), default=0)
            if len(medias) < 10 or oldest < self.since - self.settle - 3600:
                break
        else:  # never post without having checked: an article past the 500th may be one of ours
            raise CheckIncomplete(
                f"Zalo OA {target.oa_id} ({target.unit_id}): OA có hơn {MAX_CHECKED} bài trong cửa sổ đăng, "
                f"chỉ kiểm tra được {MAX_CHECKED} bài mới nhất; chưa đăng gì lên OA này để khỏi đăng trùng. "
                "Chạy lại với cửa sổ ngắn hơn (ví dụ --since 12h).")
        index = self.matcher.index(posts)
        return {e.guid: post.id for e in entries if (post := index.find(e.guid, e.url))}

    def _list(self, token: str, offset: int) -> list[dict]:
        return self.client.list_articles(token, offset)

    def _detail(self, token: str, article_id: str) -> dict:
        return self.client.detail(token, article_id)

    def _create(self, target: ZaloTarget, entry: FeedEntry, report: OAReport) -> None:
        oa = target.oa_id
        article = compose_article(entry.title, entry.summary_html, entry.url, target.author, None)
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

    def _verify(self, target: ZaloTarget, entry: FeedEntry, article_token: str, report: OAReport) -> None:
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
