"""How long to wait before trying again: pure functions over a bounded retry policy.

Every wait is bounded by `RetryPolicy.maximum` and every loop by
`RetryPolicy.attempts`, so a run always ends.  Exponential backoff uses "equal
jitter" (half fixed, half random) so that runners restarted together spread
out without ever retrying immediately.  A rate-limited answer may say how long
to wait: Facebook's usage headers carry `estimated_time_to_regain_access` in
minutes; HTTP's Retry-After is in seconds.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

USAGE_HEADERS = ("X-Business-Use-Case-Usage", "X-App-Usage", "X-Page-Usage", "X-Ad-Account-Usage")


@dataclass(frozen=True)
class RetryPolicy:
    base: float = 2.0      # seconds before the first retry
    maximum: float = 120.0  # no single wait is longer
    attempts: int = 4      # tries per request (GET) or per item (POST), the first included

    def __post_init__(self) -> None:
        if self.base < 0 or self.maximum < 0 or self.attempts < 1:
            raise ValueError("retry base and maximum must be >= 0 and attempts >= 1")


def backoff_delay(retry: int, policy: RetryPolicy, rng: random.Random) -> float:
    """The wait before retry number `retry` (1 for the first): base·2^(retry-1), half jittered, bounded."""
    ceiling = min(policy.maximum, policy.base * 2 ** max(0, retry - 1))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def _regain_minutes(value: Any) -> list[float]:
    """Every `estimated_time_to_regain_access` found anywhere in a usage header's JSON."""
    found: list[float] = []
    if isinstance(value, Mapping):
        for key, inner in value.items():
            if key == "estimated_time_to_regain_access" and isinstance(inner, (int, float)):
                found.append(float(inner))
            else:
                found += _regain_minutes(inner)
    elif isinstance(value, list):
        for inner in value:
            found += _regain_minutes(inner)
    return found


def requested_wait(headers: Mapping[str, str]) -> float | None:
    """Seconds the API asks us to wait (usage headers or Retry-After), or None if it does not say."""
    lowered = {key.lower(): value for key, value in headers.items()}
    waits: list[float] = []
    for name in USAGE_HEADERS:
        raw = lowered.get(name.lower())
        if raw:
            try:
                waits += [minutes * 60 for minutes in _regain_minutes(json.loads(raw))]
            except ValueError:
                pass
    retry_after = lowered.get("retry-after")
    if retry_after:
        try:
            waits.append(float(retry_after))
        except ValueError:
            pass
    return max(waits) if waits else None


def rate_limit_delay(requested: float | None, retry: int, policy: RetryPolicy, rng: random.Random) -> float:
    """The wait after a rate-limit answer: what the API asked for, else backoff; never over the maximum."""
    if requested is not None and requested > 0:
        return min(policy.maximum, requested)
    return backoff_delay(retry, policy, rng)
