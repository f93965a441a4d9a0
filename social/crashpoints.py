"""A test hook to prove crash safety: SOCIAL_CRASH_AT=N kills this process at its Nth checkpoint.

SOCIAL_CRASH_AT=<name> kills it at the first checkpoint of that name instead
(e.g. `zalo-refreshed`: the refresh answered, the new pair not saved yet).

The poster calls `checkpoint(name)` at the instants where a crash is most
dangerous (after the intent is committed, after Facebook answered but before
the outcome is committed, ...).  With the variable unset — always, outside the
tests — a checkpoint only counts.  SIGKILL is used because it cannot be caught:
no `finally`, no atexit, exactly like a runner being terminated.
"""

from __future__ import annotations

import os
import signal

VARIABLE = "SOCIAL_CRASH_AT"
_passed = 0


def checkpoint(name: str) -> None:
    """Count this checkpoint; die here (SIGKILL) if it is the one the environment names."""
    global _passed
    _passed += 1
    target = os.environ.get(VARIABLE)
    if target and (_passed == int(target) if target.isdigit() else target == name):
        os.kill(os.getpid(), signal.SIGKILL)
