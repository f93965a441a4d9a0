"""One exception hierarchy for the social poster; the CLI turns each into one line and an exit code.

Graph API errors carry the error JSON's fields ({"error": {"message", "type",
"code", "error_subcode", "fbtrace_id"}}) and a *kind* (see `graph.classify`)
that decides what the poster does: stop the page, back off, retry after a
check, or skip the item.  Messages never hold a token: the Graph client scrubs
every text it got from the network before raising.
"""

from __future__ import annotations

from enum import Enum


class SocialError(Exception):
    """Anything the poster reports to the user; `str()` is the one line to show."""

    exit_code = 1


class UsageError(SocialError):
    """Bad flags, registry or settings: nothing was done."""

    exit_code = 2


class LockBusy(SocialError):
    """Another run holds the state's lock file."""


class StateError(SocialError):
    """The state database cannot be opened or is not ours."""


class FeedError(SocialError):
    """A unit's feed cannot be read or parsed; that page is skipped for this run."""


class Kind(Enum):
    """What a Graph API failure means for the poster."""

    TOKEN = "token"            # 190 (and subcodes 458/460/463/467), 102: stop the page, renew the token
    PERMISSION = "permission"  # 10, 200-299: stop the page, grant pages_manage_posts
    RATE_LIMIT = "rate-limit"  # 4, 17, 32, 613, 80001, HTTP 429: back off (bounded), nothing was created
    TRANSIENT = "transient"    # 1, 2, HTTP 5xx, timeout, connection: back off; a POST's outcome is unknown
    REJECTED = "rejected"      # 368 blocked, 506 duplicate, 100 bad parameter: record, warn, skip the item
    OTHER = "other"            # any other error: the item fails this run, nothing recorded


class GraphError(SocialError):
    """A failed Graph API call, with the fields of Facebook's error JSON (scrubbed)."""

    def __init__(self, message: str, *, kind: Kind, status: int | None = None, code: int | None = None,
                 subcode: int | None = None, fbtrace_id: str | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.code = code
        self.subcode = subcode
        self.fbtrace_id = fbtrace_id
        self.retry_after = retry_after  # seconds the API asked us to wait, if it said

    @property
    def label(self) -> str:
        """`code 190/463, HTTP 400` — the identifying part of the error, for logs and state."""
        parts = []
        if self.code is not None:
            parts.append(f"code {self.code}" + (f"/{self.subcode}" if self.subcode else ""))
        if self.status is not None:
            parts.append(f"HTTP {self.status}")
        return ", ".join(parts) or "network"


class PageStopped(SocialError):
    """One page cannot go on this run (token, permission, rate limit, feed); the others do."""

    def __init__(self, message: str, cause: SocialError | None = None):
        super().__init__(message)
        self.cause = cause
