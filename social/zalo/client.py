"""The Zalo OA Open API calls the poster needs, and the OAuth v4 refresh.

As the OA Open API documents them (see README, social section, for where):
- POST {openapi}/v2.0/article/create, JSON body, header `access_token`:
  answers {"error": 0, "data": {"token": ...}}: the article is being processed;
- POST {openapi}/v2.0/article/verify {"token": ...}: {"data": {"id": ...}} once
  processed; any other successful answer means "still processing": ask later;
- GET  {openapi}/v2.0/article/getslice?offset=&limit=&type=normal: the OA's
  articles, newest first, `data.medias` (at most 10 per request);
- GET  {openapi}/v2.0/article/getdetail?id=: one article with its `body`;
- POST {oauth}/v4/oa/access_token (form: refresh_token, app_id,
  grant_type=refresh_token; header `secret_key`): a new access/refresh pair.
The access token travels in a header, never in a URL.  Zalo answers HTTP 200
with `error` (0 = success) and `message`; the codes we act on are below.
Only what is safe to repeat is retried here (getslice, getdetail, verify: they
read), bounded by the run's RetryPolicy; create and refresh are sent once.
"""

from __future__ import annotations

import http.client
import json
import logging
import random
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import GraphError, Kind
from ..retry import RetryPolicy, backoff_delay
from ..tokens import scrub_patterns

logger = logging.getLogger(__name__)

DEFAULT_OPENAPI_URL = "https://openapi.zalo.me"
DEFAULT_OAUTH_URL = "https://oauth.zaloapp.com"
LIST_PAGE = 10  # the most getslice returns per request

# Zalo error codes (negative); only these change what the poster does, any other is OTHER.
TOKEN_CODES = {-216, -124, -14014}  # access token invalid / expired
REFRESH_REFUSED_CODES = {-14002, -14003, -118, -14020}  # refresh token invalid, used or expired
RATE_LIMIT_CODES = {-32, -230}  # too many requests / quota
TRANSIENT_CODES = {-1, -200}


class ZaloError(GraphError):
    """A failed Zalo call; `kind` decides as for Facebook (errors.Kind)."""


def classify(status: int | None, code: int | None) -> Kind:
    if code in TOKEN_CODES or code in REFRESH_REFUSED_CODES:
        return Kind.TOKEN
    if code in RATE_LIMIT_CODES or status == 429:
        return Kind.RATE_LIMIT
    if status is None or status >= 500 or code in TRANSIENT_CODES:
        return Kind.TRANSIENT
    return Kind.OTHER


class ZaloClient:
    def __init__(self, openapi_url: str = DEFAULT_OPENAPI_URL, oauth_url: str = DEFAULT_OAUTH_URL, *,
                 timeout: float = 30.0, scrub: Callable[[str], str] = scrub_patterns,
                 policy: RetryPolicy | None = None, rng: random.Random | None = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.openapi = openapi_url.rstrip("/")
        self.oauth = oauth_url.rstrip("/")
        self.timeout = timeout
        self.scrub = scrub
        self.policy = policy or RetryPolicy()
        self.rng = rng or random.Random()
        self.sleep = sleep

    def _send(self, method: str, url: str, headers: Mapping[str, str], data: bytes | None) -> bytes:
        # S310: Zalo's https addresses, or the operator's --zalo-url (the tests' fake server).
        request = urllib.request.Request(url, data=data, method=method,  # noqa: S310
                                         headers={"Accept": "application/json", **headers})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                return bytes(answer.read())
        except urllib.error.HTTPError as error:
            raise ZaloError(self.scrub(f"HTTP {error.code}"), kind=classify(error.code, None),
                            status=error.code) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            reason = getattr(error, "reason", error)
            what = "timed out" if isinstance(reason, (socket.timeout, TimeoutError)) else type(reason).__name__
            raise ZaloError(f"no answer from Zalo ({what})", kind=Kind.TRANSIENT) from None

    def _json(self, body: bytes) -> dict[str, Any]:
        try:
            parsed = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise ZaloError("Zalo's answer is not JSON", kind=Kind.TRANSIENT, status=200) from None
        if not isinstance(parsed, dict):
            raise ZaloError("Zalo's answer is not a JSON object", kind=Kind.TRANSIENT, status=200)
        code = parsed.get("error")
        if isinstance(code, int) and code != 0:
            message = self.scrub(str(parsed.get("message") or f"error {code}"))
            raise ZaloError(message, kind=classify(200, code), status=200, code=code)
        return parsed

    def _call(self, method: str, path: str, token: str, *, params: Mapping[str, str] | None = None,
              body: dict | None = None) -> dict[str, Any]:
        url = f"{self.openapi}/{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        headers = {"access_token": token}
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        return self._json(self._send(method, url, headers, data))

    def _read(self, method: str, path: str, token: str, **options: Any) -> dict[str, Any]:
        """A call that only reads, retried on rate limits and transient failures, bounded."""
        for attempt in range(1, self.policy.attempts + 1):
            try:
                return self._call(method, path, token, **options)
            except ZaloError as error:
                if error.kind not in (Kind.RATE_LIMIT, Kind.TRANSIENT) or attempt == self.policy.attempts:
                    raise
                delay = backoff_delay(attempt, self.policy, self.rng)
                logger.warning("Zalo %s: %s (%s); retry %d of %d in %.2f s", path.rsplit("/", 1)[-1], error,
                               error.label, attempt, self.policy.attempts - 1, delay)
                self.sleep(delay)
        raise AssertionError("unreachable")

    # -- articles ----------------------------------------------------------
    def create_article(self, token: str, article: dict) -> str:
        """POST article/create once; the processing token.  Never retried here."""
        data = self._call("POST", "v2.0/article/create", token, body=article).get("data") or {}
        made = data.get("token") if isinstance(data, dict) else None
        if not isinstance(made, str) or not made:
            raise ZaloError("Zalo answered create without a token", kind=Kind.TRANSIENT, status=200)
        return made

    def verify(self, token: str, article_token: str) -> str | None:
        """The article id, or None while Zalo is still processing it."""
        data = self._read("POST", "v2.0/article/verify", token, body={"token": article_token}).get("data")
        found = data.get("id") if isinstance(data, dict) else None
        return str(found) if found else None

    def list_articles(self, token: str, offset: int) -> list[dict]:
        params = {"offset": str(offset), "limit": str(LIST_PAGE), "type": "normal"}
        data = self._read("GET", "v2.0/article/getslice", token, params=params).get("data") or {}
        medias = data.get("medias") if isinstance(data, dict) else None
        return [m for m in medias or [] if isinstance(m, dict) and m.get("id")]

    def detail(self, token: str, article_id: str) -> dict:
        data = self._read("GET", "v2.0/article/getdetail", token, params={"id": article_id}).get("data")
        return data if isinstance(data, dict) else {}

    # -- OAuth v4 ----------------------------------------------------------
    def refresh(self, app_id: str, secret_key: str, refresh_token: str) -> bytes:
        """The raw answer of a refresh (saved before it is even parsed: the old refresh token is spent)."""
        form = urllib.parse.urlencode({"refresh_token": refresh_token, "app_id": app_id,
                                       "grant_type": "refresh_token"}).encode("utf-8")
        return self._send("POST", f"{self.oauth}/v4/oa/access_token",
                          {"secret_key": secret_key, "Content-Type": "application/x-www-form-urlencoded"}, form)
