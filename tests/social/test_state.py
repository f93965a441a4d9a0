"""The state file, the lock and token scrubbing: small real files, no server."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from social.errors import LockBusy, StateError, UsageError
from social.lock import exclusive_lock, lock_path
from social.state import State
from social.tokens import Tokens, scrub_patterns

AT = "2026-01-22T08:00:00+00:00"


def test_an_item_goes_from_pending_to_posted_and_stays_posted(tmp_path):
    state = State.open(tmp_path / "s.sqlite")
    state.record_intent("1001", "tag:a", "https://x.example.vn/a", "cdcs-a", AT)
    assert state.items("1001")["tag:a"].status == "pending"
    state.record_intent("1001", "tag:a", "https://x.example.vn/a", "cdcs-a", AT)
    assert state.items("1001")["tag:a"].attempts == 2
    state.record_posted("1001", "tag:a", "https://x.example.vn/a", "cdcs-a", "1001_9", AT)
    state.record_intent("1001", "tag:a", "https://x.example.vn/a", "cdcs-a", AT)  # never downgrades
    state.record_final("1001", "tag:a", "https://x.example.vn/a", "cdcs-a", "seen", "x", AT)
    state.forget("1001", ["tag:a"])
    record = state.items("1001")["tag:a"]
    assert (record.status, record.post_id) == ("posted", "1001_9")
    state.close()
    assert State.open(tmp_path / "s.sqlite").items("1001")["tag:a"].status == "posted"


def test_forget_only_removes_pending_items(tmp_path):
    state = State.open(tmp_path / "s.sqlite")
    state.record_intent("1001", "tag:p", "u1", "cdcs-a", AT)
    state.record_final("1001", "tag:s", "u2", "cdcs-a", "seen", "older-than-window", AT)
    state.forget("1001", ["tag:p", "tag:s"])
    assert list(state.items("1001")) == ["tag:s"]


def test_a_transaction_is_all_or_nothing(tmp_path):
    state = State.open(tmp_path / "s.sqlite")
    with pytest.raises(RuntimeError):
        with state.transaction():
            state.record_final("1001", "tag:1", "u1", "cdcs-a", "seen", "x", AT)
            state.mark_page_checked("1001", AT)
            raise RuntimeError("killed halfway")
    assert state.items("1001") == {} and not state.page_checked("1001")


def test_readonly_state_creates_nothing_and_refuses_writes(tmp_path):
    state = State.open_readonly(tmp_path / "missing.sqlite")
    assert state.items("1001") == {} and not state.page_checked("1001")
    assert list(tmp_path.iterdir()) == []
    State.open(tmp_path / "s.sqlite").record_intent("1001", "tag:a", "u", "cdcs-a", AT)
    readonly = State.open_readonly(tmp_path / "s.sqlite")
    assert readonly.items("1001")["tag:a"].status == "pending"
    with pytest.raises(StateError):
        readonly.mark_page_checked("1001", AT)


def test_a_file_that_is_not_a_state_is_refused(tmp_path):
    path = tmp_path / "s.sqlite"
    path.write_text("not a database")
    with pytest.raises(StateError):
        State.open(path)


def test_the_lock_keeps_a_second_run_out(tmp_path):
    state = tmp_path / "s.sqlite"
    with exclusive_lock(state):
        with pytest.raises(LockBusy):
            with exclusive_lock(state):
                pass
    with exclusive_lock(state):  # released
        pass


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    state = tmp_path / "s.sqlite"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from social.lock import exclusive_lock\n"
        f"with exclusive_lock(Path({str(state)!r})):\n    print('held', flush=True); time.sleep(60)")],
        cwd=os.getcwd(), stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(LockBusy):
        with exclusive_lock(state):
            pass
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)
    assert lock_path(state).exists()
    deadline = time.monotonic() + 5
    while True:
        try:
            with exclusive_lock(state):
                break
        except LockBusy:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_tokens_come_from_the_named_variable_then_the_json_map():
    tokens = Tokens({"FB_TOKEN_A": "tok-from-env", "FB_PAGE_TOKENS": json.dumps({"1002": "tok-from-map"})})
    assert tokens.for_page("1001", "FB_TOKEN_A") == "tok-from-env"
    assert tokens.for_page("1002", "FB_TOKEN_MISSING") == "tok-from-map"
    assert tokens.for_page("1003", None) is None
    assert tokens.scrub("a tok-from-env b tok-from-map c") == "a <hidden> b <hidden> c"


def test_a_broken_token_map_is_a_usage_error_that_does_not_quote_it():
    with pytest.raises(UsageError) as caught:
        Tokens({"FB_PAGE_TOKENS": '{"1001": "EAAsecret-value"'})
    assert "EAAsecret-value" not in str(caught.value)
    with pytest.raises(UsageError):
        Tokens({"FB_PAGE_TOKENS": '["EAAsecret-value"]'})


def test_token_shaped_parameters_are_scrubbed_even_when_unknown():
    text = "GET https://graph.example/v24.0/1/posts?after=x&access_token=EAAB123&limit=5 Bearer EAAB1234567890abcdefgh"
    assert scrub_patterns(text) == ("GET https://graph.example/v24.0/1/posts?after=x&access_token=<hidden>&limit=5 "
                                    "Bearer <hidden>")
