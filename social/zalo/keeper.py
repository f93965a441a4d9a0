"""The OA's access token: refreshed ahead of expiry, the new pair saved in the store before anything else.

A refresh token works once, so one refresh is, in order:
1. claim: the record is written back with `refreshing` set (pushed, for the CI
   store) before the refresh is sent: a later run then knows a refresh may
   have spent this pair even if nobody ever saw its answer;
2. refresh (POST /v4/oa/access_token);
3. save: the new pair is swapped in at once, before any other request.
The one instant nothing can cover is a runner lost between 2 and 3: Zalo has
spent the old token and the new pair is gone with the process.  The claim
makes that loud, never silent: the next run tries the old token once (in case
Zalo never got it); refused, the record is marked `refused` and every run
after says the OA must be authorised again, and how, until a new first token
is seeded (tokenstore.seed).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import replace

from ..crashpoints import checkpoint
from ..errors import GraphError, Kind, SocialError
from ..targets import OATarget
from .client import REFRESH_REFUSED_CODES, ZaloClient
from .tokenstore import StaleWrite, StoreError, TokenRecord, TokenStore

REFRESH_MARGIN = 2 * 3600.0  # refresh when the access token (about 25 h) has less than this left
GUIDE = "docs/dang-bai-facebook.md"


# Why an OA is locked out: each the first half of a `reauthorise_message` (the guide quotes them, Z4).
NO_PAIR = "kho mã không có cặp mã truy cập của OA này"
REFUSED_BEFORE = "Zalo đã từ chối mã làm mới của OA này ở một lần chạy trước"
CONCURRENT = "kho mã bị ghi đồng thời (hai lần chạy cùng làm mới mã)"


def refused_why(code: object, interrupted: bool) -> str:
    """Zalo refused the refresh token; `interrupted`: a refresh from it was sent before and never saved."""
    if interrupted:
        return (f"lần làm mới mã trước bị ngắt trước khi lưu được cặp mã mới (máy chạy bị dừng giữa chừng, "
                f"hoặc mất trả lời), và Zalo không nhận lại mã làm mới cũ (mã lỗi {code})")
    return f"Zalo từ chối mã làm mới (mã lỗi {code}); mã làm mới chỉ dùng được một lần"


def app_refused_why(code: object) -> str:
    return f"Zalo không làm mới mã (mã lỗi {code}); kiểm tra ZALO_APP_ID và ZALO_SECRET_KEY trước"


class ReauthoriseNeeded(SocialError):
    """The OA's token pair is lost or refused: only a person can authorise the app again."""


def reauthorise_message(target: OATarget, why: str) -> str:
    """The one line for an OA locked out: what happened, and how to authorise it again."""
    where = (f"secret {target.token_env}" if target.token_env
             else f"một secret ZALO_TOKEN_… rồi ghi tên đó vào `zalo_token_env:` của {target.unit_id} trong network.yml")
    return (f"Zalo OA {target.oa_id} ({target.unit_id}): {why}. Người quản trị OA cần cấp quyền lại cho ứng dụng "
            f"({GUIDE}, mục Z2) và đặt mã làm mới mới vào {where}; lần chạy sau dùng mã đó một lần. "
            "Chưa đăng gì lên OA này.")


def store_unavailable(target: OATarget, error: StoreError) -> str:
    """The line for a store that cannot be read or written: nothing was spent, the next run tries again."""
    return f"Zalo OA {target.oa_id} ({target.unit_id}): {error}; chưa đăng gì, lần chạy sau thử lại."


class TokenKeeper:
    def __init__(self, client: ZaloClient, store: TokenStore, app_id: str, secret_key: str,
                 now: Callable[[], float] = time.time, on_token: Callable[[str], None] = lambda _: None):
        self.client, self.store, self.app_id, self.secret_key = client, store, app_id, secret_key
        self.now, self.on_token = now, on_token

    def access_token(self, target: OATarget, force: bool = False) -> str:
        """A working access token; a refresh (claimed, sent, saved) when it is due or `force`d."""
        oa = target.oa_id
        try:
            loaded = self.store.load(oa)
        except StoreError as error:
            raise SocialError(store_unavailable(target, error)) from None
        if loaded is None:
            raise ReauthoriseNeeded(reauthorise_message(target, NO_PAIR))
        generation, record = loaded
        self.on_token(record.access_token)
        self.on_token(record.refresh_token)
        if record.refused:
            raise ReauthoriseNeeded(reauthorise_message(target, REFUSED_BEFORE))
        if not force and not record.refreshing and record.access_expires_at - self.now() > REFRESH_MARGIN:
            return record.access_token
        interrupted = record.refreshing  # a refresh from this pair was sent before; its answer never saved
        claimed = self._swap(target, generation, replace(record, refreshing=True))
        checkpoint("zalo-refresh-claimed")
        try:
            raw = self.client.refresh(self.app_id, self.secret_key, record.refresh_token)
        except GraphError as error:
            if not force and error.kind is Kind.TRANSIENT and record.access_expires_at > self.now() + 60:
                return record.access_token  # the old one still works; the claim says refresh again next run
            raise  # the poster stops this OA for this run; the claim stays for the next
        checkpoint("zalo-refreshed")  # the old token is spent; the new pair exists only here until saved
        answer = self._answer(raw)
        if "access_token" not in answer or "refresh_token" not in answer:
            self._refused(target, claimed, record, answer, interrupted)
        fresh = TokenRecord(str(answer["access_token"]), str(answer["refresh_token"]),
                            self.now() + _seconds(answer.get("expires_in")), seeded=record.seeded)
        self.on_token(fresh.access_token)
        self.on_token(fresh.refresh_token)
        try:
            self.store.swap(oa, claimed, fresh)
        except (StaleWrite, StoreError) as error:
            raise ReauthoriseNeeded(reauthorise_message(
                target, f"đã làm mới mã nhưng không lưu được cặp mã mới vào kho mã ({error})")) from None
        checkpoint("zalo-refresh-saved")
        return fresh.access_token

    def _swap(self, target: OATarget, generation: int, record: TokenRecord) -> int:
        try:
            return self.store.swap(target.oa_id, generation, record)
        except StaleWrite:
            raise ReauthoriseNeeded(reauthorise_message(target, CONCURRENT)) from None
        except StoreError as error:  # the claim was not saved: the refresh is not sent
            raise SocialError(store_unavailable(target, error)) from None

    @staticmethod
    def _answer(raw: bytes) -> dict:
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise GraphError("Zalo's refresh answer is not JSON", kind=Kind.TRANSIENT, status=200) from None
        return answer if isinstance(answer, dict) else {}

    def _refused(self, target: OATarget, claimed: int, record: TokenRecord, answer: dict, interrupted: bool) -> None:
        """Zalo answered the refresh with an error: mark the pair dead when the token itself was refused."""
        code = answer.get("error")
        if code not in REFRESH_REFUSED_CODES:  # e.g. a wrong app id or secret key: the token may still be good
            raise ReauthoriseNeeded(reauthorise_message(target, app_refused_why(code)))
        try:
            self.store.swap(target.oa_id, claimed, replace(record, refreshing=False, refused=True))
        except (StaleWrite, StoreError):
            pass  # the next run refreshes again, is refused again, and says the same
        raise ReauthoriseNeeded(reauthorise_message(target, refused_why(code, interrupted)))


def _seconds(value: object) -> float:
    try:
        return float(str(value))
    except ValueError:
        return 90000.0  # Zalo documents about 25 hours
