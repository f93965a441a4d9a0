"""The OA's OAuth v4 token pair, in a store that refuses a stale write.

Zalo's refresh tokens can be used once: refreshing spends the old pair, so the
new one must be saved before anything else, and two runners must never both
refresh from the same pair.  Every record carries a generation number and a
write names the generation it read (compare-and-swap): a runner holding an
older copy gets `StaleWrite`, never overwrites a newer pair.

Two stores implement the two calls:
- `FileTokenStore` (here): one JSON file per OA (`<dir>/<oa id>.json`), written
  to a temporary file, fsynced and renamed under an flock, so a kill at any
  instant leaves the old record or the new one.  For a machine that keeps its
  disk between runs.
- `GitBranchStore` (gitstore.py): one encrypted file per OA on a bot branch,
  each swap a commit pushed at once as a fast-forward (a refused push is the
  stale write).  For CI, where the runner and its disk are gone after the run.
Not the Actions cache: it restores old entries and a failed save only warns.

`seed` is the only way a first refresh token (from the variable a unit's
`zalo_token_env` names) enters the store: while the store has no working pair
for the OA, and never the same first token twice (the store keeps a digest of
each one it used), so a spent first token is never sent again.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Protocol

from ..errors import SocialError


class StaleWrite(SocialError):
    """Someone wrote a newer generation since we read ours."""


class StoreError(SocialError):
    """The store cannot be read or written (network, key, permissions): nothing is known about the pair."""


@dataclass(frozen=True)
class TokenRecord:
    access_token: str
    refresh_token: str
    access_expires_at: float  # Unix time
    refreshing: bool = False  # a refresh was sent from this pair; its answer may be lost
    refused: bool = False  # Zalo refused this refresh token: only a new authorisation helps
    seeded: tuple[str, ...] = ()  # digests of the first refresh tokens this OA's record was seeded with


class TokenStore(Protocol):
    def load(self, oa_id: str) -> tuple[int, TokenRecord] | None: ...
    def swap(self, oa_id: str, expected: int, record: TokenRecord) -> int: ...


def dump_record(generation: int, record: TokenRecord) -> bytes:
    return json.dumps({"generation": generation, "record": asdict(record)}).encode("utf-8")


def parse_record(data: bytes) -> tuple[int, TokenRecord]:
    """A stored record; ValueError if it is not one."""
    try:
        raw = json.loads(data.decode("utf-8"))
        fields = dict(raw["record"])
        fields["seeded"] = tuple(str(digest) for digest in fields.get("seeded") or ())
        return int(raw["generation"]), TokenRecord(**fields)
    except (KeyError, TypeError, AttributeError, UnicodeDecodeError) as error:
        raise ValueError(f"not a token record ({type(error).__name__})") from None


def oa_file_name(oa_id: str, suffix: str) -> str:
    if not oa_id.isdigit():  # an OA id names a file: digits only (the registry checks it too)
        raise ValueError(oa_id)
    return f"{oa_id}{suffix}"


class FileTokenStore:
    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, oa_id: str) -> Path:
        return self.folder / oa_file_name(oa_id, ".json")

    def load(self, oa_id: str) -> tuple[int, TokenRecord] | None:
        try:
            return parse_record(self._path(oa_id).read_bytes())
        except FileNotFoundError:
            return None
        except (ValueError, OSError):
            return None  # unreadable: treated as lost (the caller says how to re-authorise)

    def swap(self, oa_id: str, expected: int, record: TokenRecord) -> int:
        """Write `record` as generation expected+1 if the store is still at `expected`; else StaleWrite."""
        path = self._path(oa_id)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise StoreError(f"{self.folder}: không ghi được kho mã ({error.strerror})") from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            current = self.load(oa_id)
            if (current[0] if current else 0) != expected:
                raise StaleWrite(f"{path}: mã Zalo đã được lần chạy khác làm mới; không ghi đè")
            temporary = path.with_suffix(".tmp")
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(handle, dump_record(expected + 1, record))
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
        except OSError as error:
            raise StoreError(f"{path}: không ghi được kho mã ({error.strerror})") from None
        finally:
            os.close(descriptor)


def digest(refresh_token: str) -> str:
    """What the store keeps of a first refresh token: enough to know it again, nothing to use."""
    return hashlib.sha256(refresh_token.encode("utf-8")).hexdigest()[:24]


def seed(store: TokenStore, oa_id: str, refresh_token: str) -> bool:
    """Store the OA's first refresh token while the store has no working pair for it; True if it did.

    "No working pair": none, one Zalo refused, or one whose refresh was sent and
    never saved (a runner lost in between).  A first token already used for this
    OA is never stored again, so the variable holding a spent one is harmless;
    a new one (the OA authorised again) replaces the dead pair.  The record's
    access token is empty and expired, so the keeper refreshes at once (and saves
    the pair that refresh answers before anything else).  Two runners seeding at
    once: one wins, the other's swap is stale and it keeps the winner's."""
    loaded = store.load(oa_id)
    mark = digest(refresh_token)
    if loaded is not None:
        generation, record = loaded
        if not (record.refused or record.refreshing) or mark in record.seeded:
            return False
        seeded = (*record.seeded, mark)
    else:
        generation, seeded = 0, (mark,)
    try:
        store.swap(oa_id, generation, replace(TokenRecord("", refresh_token, 0.0), seeded=seeded))
    except StaleWrite:
        return False
    return True
