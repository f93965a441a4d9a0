"""The OA's OAuth v4 token pair, in a store that refuses a stale write.

Zalo's refresh tokens can be used once: refreshing spends the old pair, so the
new one must be saved before anything else, and two runners must never both
refresh from the same pair.  Every record carries a generation number and a
write names the generation it read (compare-and-swap): a runner holding an
older copy gets `StaleWrite`, never overwrites a newer pair.

`FileTokenStore` keeps one JSON file per OA (`<dir>/<oa id>.json`), written to
a temporary file, fsynced and renamed under an flock, so a kill at any instant
leaves the old record or the new one.  A CI store implements the same two
calls over a store that survives the runner: e.g. a file on a bot branch whose
push is the compare-and-swap (a push that is not a fast-forward is refused),
or a secret store with versioned writes.  Not the Actions cache: it restores
old entries and a failed save only warns.

`seed` is the only way the first refresh token (from the variable a unit's
`zalo_token_env` names) enters the store: as generation 1, only while the
store has nothing for the OA, so a spent first token is never used again.
"""

from __future__ import annotations

import fcntl
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from ..errors import SocialError


class StaleWrite(SocialError):
    """Someone wrote a newer generation since we read ours."""


@dataclass(frozen=True)
class TokenRecord:
    access_token: str
    refresh_token: str
    access_expires_at: float  # Unix time
    refreshing: bool = False  # a refresh was sent from this pair; its answer may be lost


class TokenStore(Protocol):
    def load(self, oa_id: str) -> tuple[int, TokenRecord] | None: ...
    def swap(self, oa_id: str, expected: int, record: TokenRecord) -> int: ...


class FileTokenStore:
    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, oa_id: str) -> Path:
        if not oa_id.isdigit():
            raise ValueError(oa_id)
        return self.folder / f"{oa_id}.json"

    def load(self, oa_id: str) -> tuple[int, TokenRecord] | None:
        try:
            raw = json.loads(self._path(oa_id).read_text(encoding="utf-8"))
            return int(raw["generation"]), TokenRecord(**raw["record"])
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError, OSError):
            return None  # unreadable: treated as lost (the caller says how to re-authorise)

    def swap(self, oa_id: str, expected: int, record: TokenRecord) -> int:
        """Write `record` as generation expected+1 if the store is still at `expected`; else StaleWrite."""
        path = self._path(oa_id)
        self.folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            current = self.load(oa_id)
            if (current[0] if current else 0) != expected:
                raise StaleWrite(f"{path}: mã Zalo đã được lần chạy khác làm mới; không ghi đè")
            temporary = path.with_suffix(".tmp")
            text = json.dumps({"generation": expected + 1, "record": asdict(record)})
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(handle, text.encode("utf-8"))
                os.fsync(handle)
            finally:
                os.close(handle)
            os.replace(temporary, path)
            folder = os.open(self.folder, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
            return expected + 1
        finally:
            os.close(descriptor)


def seed(store: TokenStore, oa_id: str, refresh_token: str) -> bool:
    """Store the OA's first refresh token if the store has no pair for it; True if it did.

    The record's access token is empty and expired, so the keeper refreshes at once
    (and saves the pair that refresh answers before anything else).  Two runners
    seeding at once: one wins, the other's swap is stale and it keeps the winner's."""
    if store.load(oa_id) is not None:
        return False
    try:
        store.swap(oa_id, 0, TokenRecord("", refresh_token, 0.0))
    except StaleWrite:
        return False
    return True
