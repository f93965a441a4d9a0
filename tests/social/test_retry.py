"""Backoff, rate-limit waits, error classification and the --since window: pure functions."""

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from social.errors import Kind
from social.graph import classify, error_from_answer, parse_time
from social.retry import RetryPolicy, backoff_delay, rate_limit_delay, requested_wait
from social.window import VIETNAM, parse_since


@pytest.mark.parametrize("status, code, subcode, kind", [
    (400, 190, 463, Kind.TOKEN), (400, 190, 460, Kind.TOKEN), (400, 190, None, Kind.TOKEN),
    (403, 10, None, Kind.PERMISSION), (403, 200, None, Kind.PERMISSION),
    (400, 4, None, Kind.RATE_LIMIT), (400, 17, None, Kind.RATE_LIMIT), (400, 32, None, Kind.RATE_LIMIT),
    (400, 613, None, Kind.RATE_LIMIT), (400, 80001, None, Kind.RATE_LIMIT), (429, None, None, Kind.RATE_LIMIT),
    (500, 1, None, Kind.TRANSIENT), (400, 2, None, Kind.TRANSIENT), (502, None, None, Kind.TRANSIENT),
    (500, None, None, Kind.TRANSIENT),
    (None, None, None, Kind.TRANSIENT),
    (400, 368, None, Kind.REJECTED), (400, 506, None, Kind.REJECTED), (400, 100, None, Kind.REJECTED),
    (400, 12345, None, Kind.OTHER), (404, None, None, Kind.OTHER),
])
def test_classify(status, code, subcode, kind):
    assert classify(status, code, subcode) is kind


def test_error_from_answer_reads_facebooks_error_json_and_scrubs_it():
    body = json.dumps({"error": {"message": "Malformed access token EAAsecret", "type": "OAuthException",
                                 "code": 190, "error_subcode": 463, "fbtrace_id": "Ab1"}}).encode()
    error = error_from_answer(400, body, {}, lambda text: text.replace("EAAsecret", "<hidden>"))
    assert (error.kind, error.code, error.subcode, error.status, error.fbtrace_id) == (Kind.TOKEN, 190, 463, 400, "Ab1")
    assert str(error) == "Malformed access token <hidden>" and error.label == "code 190/463, HTTP 400"
    garbage = error_from_answer(502, b"<html>Bad gateway</html>", {}, str)
    assert garbage.kind is Kind.TRANSIENT and garbage.code is None and str(garbage) == "HTTP 502"


def test_backoff_doubles_is_jittered_and_bounded():
    policy = RetryPolicy(base=1, maximum=10, attempts=5)
    rng = random.Random(1)
    for retry, ceiling in [(1, 1), (2, 2), (3, 4), (4, 8), (5, 10), (12, 10)]:
        for _ in range(20):
            assert ceiling / 2 <= backoff_delay(retry, policy, rng) <= ceiling


def test_requested_wait_reads_usage_headers_in_minutes_and_retry_after_in_seconds():
    usage = {"123": [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 3}]}
    assert requested_wait({"x-business-use-case-usage": json.dumps(usage)}) == 180
    assert requested_wait({"X-App-Usage": json.dumps({"call_count": 95})}) is None
    assert requested_wait({"Retry-After": "7"}) == 7
    assert requested_wait({"X-App-Usage": "not json", "Retry-After": "soon"}) is None


def test_rate_limit_delay_honours_the_request_but_never_exceeds_the_maximum():
    policy = RetryPolicy(base=1, maximum=60, attempts=3)
    rng = random.Random(2)
    assert rate_limit_delay(180, 1, policy, rng) == 60
    assert rate_limit_delay(5, 1, policy, rng) == 5
    assert 0.5 <= rate_limit_delay(None, 1, policy, rng) <= 1


def test_retry_policy_refuses_nonsense():
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)


def test_since_takes_durations_and_dates():
    now = datetime(2026, 1, 22, 12, 0, tzinfo=UTC)
    assert parse_since("2d", now) == now - timedelta(days=2)
    assert parse_since("12h", now) == now - timedelta(hours=12)
    assert parse_since("90m", now) == now - timedelta(minutes=90)
    assert parse_since("2026-01-20", now) == datetime(2026, 1, 20, tzinfo=VIETNAM)
    for bad in ("2w", "yesterday", "20/01/2026", ""):
        with pytest.raises(ValueError, match="--since"):
            parse_since(bad, now)


def test_graph_times_parse():
    assert parse_time("2026-01-22T08:30:00+0000") == datetime(2026, 1, 22, 8, 30, tzinfo=UTC)
    assert parse_time("nonsense") is None and parse_time(None) is None
