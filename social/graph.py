"""A small Graph API client: create a Page post, read a Page's recent posts.

- The token travels in the POST body (`access_token` form field) or in the
  `Authorization` header of a GET, never in a URL, so no URL we build or log
  holds it.  Facebook's `paging.next` URLs do carry the token, so we never
  follow them: we rebuild the next request from the `after` cursor.
- `classify` maps an answer to a `Kind` (errors.py) — a pure function.
- GETs are retried here (safe to repeat), bounded by the policy; a POST is
  sent exactly once per call: whether and when to send it again is the
  poster's decision, after checking the Page (poster.py).
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
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .errors import GraphError, Kind
from .retry import RetryPolicy, backoff_delay, rate_limit_delay, requested_wait
from .tokens import scrub_patterns

logger = logging.getLogger(__name__)

DEFAULT_GRAPH_URL = "https://graph.facebook.com"
# The one place the Graph API version is set (the --graph-version default reads it).  v26.0 is
# the current version (released 2026-07-29), v25.0 the one before it (available until
# 2028-07-29).  Facebook keeps a version for two years after the next one is released, so the
# current one lasts longest: v26.0 stays until two years after v27.0, later than v25.0.  The two
# calls used here (POST /{page-id}/feed with message and link; GET /{page-id}/posts with fields,
# since, limit and cursors) are the same in both.  Before moving it again, read
# https://developers.facebook.com/docs/graph-api/changelog and run tests/social.
DEFAULT_VERSION = "v26.0"
POST_FIELDS = "id,permalink_url,message,created_time,link"
PAGE_SIZE = 100  # the largest `limit` the Page feed edges accept
MAX_PAGES = 50  # at most 5,000 posts read per check: the window is days, not years

TOKEN_CODES = {190, 102}
RATE_LIMIT_CODES = {4, 17, 32, 613, 80001}
TRANSIENT_CODES = {1, 2}
REJECTED_CODES = {368, 506, 100}


def classify(status: int | None, code: int | None, subcode: int | None = None) -> Kind:
    """What an answer means: Facebook's error code first, then the HTTP status; None status = no answer."""
    if code in TOKEN_CODES:
        return Kind.TOKEN
    if code == 10 or (code is not None and 200 <= code <= 299):
        return Kind.PERMISSION
    if code in RATE_LIMIT_CODES or status == 429:
        return Kind.RATE_LIMIT
    if code in TRANSIENT_CODES or status is None or status >= 500:
        return Kind.TRANSIENT
    if code in REJECTED_CODES:
        return Kind.REJECTED
    return Kind.OTHER


def error_from_answer(status: int, body: bytes, headers: Mapping[str, str],
                      scrub: Callable[[str], str]) -> GraphError:
    """A GraphError from an HTTP error answer and Facebook's error JSON (when the body is one)."""
    fields: dict[str, Any] = {}
    try:
        parsed = json.loads(body.decode("utf-8"))
        if isinstance(parsed, dict) and isinstance(parsed.get("error"), dict):
            fields = parsed["error"]
    except (ValueError, UnicodeDecodeError):
        pass
    code = fields.get("code") if isinstance(fields.get("code"), int) else None
    subcode = fields.get("error_subcode") if isinstance(fields.get("error_subcode"), int) else None
    message = scrub(str(fields.get("message") or f"HTTP {status}"))
    return GraphError(message, kind=classify(status, code, subcode), status=status, code=code, subcode=subcode,
                      fbtrace_id=fields.get("fbtrace_id"), retry_after=requested_wait(headers))


def parse_time(value: str | None) -> datetime | None:
    """Graph API times look like 2026-01-22T08:30:00+0000."""
    if not value:
        return None
    for layout in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z"):
        try:
            return datetime.strptime(value, layout)
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class PagePost:
    id: str
    link: str | None
    message: str
    created_time: datetime | None
    permalink_url: str | None


class GraphClient:
    """Talks to `{graph_url}/{version}`; `scrub` hides tokens in any text that comes back."""

    def __init__(self, graph_url: str = DEFAULT_GRAPH_URL, version: str = DEFAULT_VERSION, *, timeout: float = 30.0,
                 policy: RetryPolicy | None = None, rng: random.Random | None = None,
                 sleep: Callable[[float], None] = time.sleep, scrub: Callable[[str], str] = scrub_patterns):
        self.base = f"{graph_url.rstrip('/')}/{version.strip('/')}"
        self.timeout = timeout
        self.policy = policy or RetryPolicy()
        self.rng = rng or random.Random()
        self.sleep = sleep
        self.scrub = scrub

    # -- one request -------------------------------------------------------
    def _send(self, method: str, path: str, token: str, params: Mapping[str, str] | None = None) -> dict:
        """One HTTP request; returns the JSON object or raises GraphError (no answer: status None)."""
        url = f"{self.base}/{path}"
        data = None
        headers = {"Accept": "application/json", "User-Agent": "union-network-social/1"}
        if method == "GET":
            if params:
                url += "?" + urllib.parse.urlencode(params)
            headers["Authorization"] = f"Bearer {token}"
        else:
            data = urllib.parse.urlencode({**(params or {}), "access_token": token}).encode("utf-8")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        # S310: the Graph API's https address, or the operator's --graph-url (the tests' fake server).
        request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                body = answer.read()
        except urllib.error.HTTPError as error:
            try:
                body = error.read()
            except (OSError, http.client.HTTPException):
                body = b""
            raise error_from_answer(error.code, body, dict(error.headers or {}), self.scrub) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            reason = getattr(error, "reason", error)
            what = "timed out" if isinstance(reason, (socket.timeout, TimeoutError)) else type(reason).__name__
            raise GraphError(self.scrub(f"no answer from the Graph API ({what})"), kind=Kind.TRANSIENT) from None
        try:
            parsed = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise GraphError("the Graph API's answer is not JSON", kind=Kind.TRANSIENT, status=200) from None
        if not isinstance(parsed, dict):
            raise GraphError("the Graph API's answer is not a JSON object", kind=Kind.TRANSIENT, status=200)
        return parsed

    def _get(self, path: str, token: str, params: Mapping[str, str]) -> dict:
        """A GET, retried on rate limits and transient failures (safe to repeat), bounded."""
        for attempt in range(1, self.policy.attempts + 1):
            try:
                return self._send("GET", path, token, params)
            except GraphError as error:
                if error.kind not in (Kind.RATE_LIMIT, Kind.TRANSIENT) or attempt == self.policy.attempts:
                    raise
                if error.kind is Kind.RATE_LIMIT:
                    delay = rate_limit_delay(error.retry_after, attempt, self.policy, self.rng)
                else:
                    delay = backoff_delay(attempt, self.policy, self.rng)
                logger.warning("GET %s: %s (%s); retry %d of %d in %.2f s", path.split("/")[-1], error,
                               error.label, attempt, self.policy.attempts - 1, delay)
                self.sleep(delay)
        raise AssertionError("unreachable")

    # -- the calls the poster needs ------------------------------------
    def create_post(self, page_id: str, token: str, message: str, link: str) -> str:
        """POST /{page-id}/feed once; returns the new post's id.  Raises GraphError; never retries."""
        answer = self._send("POST", f"{page_id}/feed", token, {"message": message, "link": link})
        post_id = answer.get("id")
        if not isinstance(post_id, str) or not post_id:
            raise GraphError("the Graph API answered without a post id", kind=Kind.TRANSIENT, status=200)
        return post_id

    def scrape(self, url: str, token: str) -> dict:
        """POST /?id=<url>&scrape=true once: Facebook reads the page's og: tags again (the Sharing
        Debugger's "Scrape Again"), so a post shows the page as it is now, not as first seen."""
        return self._send("POST", "", token, {"id": url, "scrape": "true"})

    def recent_posts(self, page_id: str, token: str, since: datetime) -> list[PagePost]:
        """Every post of the Page since `since` (newest first), following `after` cursors to the end.

        Facebook's paging: a page of results may be short or even empty (privacy filtering)
        and still have a `next` link; only a missing `next` ends the list.  The check must be
        complete (a post missed would be posted again), so a list longer than MAX_PAGES pages
        raises GraphError instead of being cut."""
        params = {"fields": POST_FIELDS, "limit": str(PAGE_SIZE), "since": str(int(since.timestamp()))}
        posts: list[PagePost] = []
        for _ in range(MAX_PAGES):
            answer = self._get(f"{page_id}/posts", token, params)
            for raw in answer.get("data") or []:
                if isinstance(raw, dict) and raw.get("id"):
                    posts.append(PagePost(str(raw["id"]), raw.get("link"), str(raw.get("message") or ""),
                                          parse_time(raw.get("created_time")), raw.get("permalink_url")))
            paging = answer.get("paging") or {}
            after = (paging.get("cursors") or {}).get("after")
            if not paging.get("next") or not after:
                return posts
            params = {**params, "after": after}
        raise GraphError(f"Trang có hơn {MAX_PAGES * PAGE_SIZE} bài từ {since.astimezone(UTC):%Y-%m-%d %H:%M} UTC, không đối chiếu "
                         "hết được; chạy với --since ngắn hơn", kind=Kind.OTHER)
