"""What has been posted where: an SQLite file, one row per (page, item GUID).

Statuses:
- `pending`  the intent is committed and the POST may have been sent; its
             outcome is unknown until the Page's posts have been checked;
- `posted`   Facebook answered with a post id (or the check found the post);
- `seen`     never to be posted: older than the window, or beyond the cap on
             a page's first run (no flood of old news);
- `rejected` Facebook refused the item for good (368 blocked, 506 duplicate,
             100 bad parameter); the reason is kept.
A page appears in `pages` once its posts were checked after a fresh start;
until then the page counts as new and is checked before anything is posted.
Every write is one committed transaction (write-ahead log, synchronous=FULL:
each commit is durable once its one fsync of the log returns), so a process
killed at any instant leaves either the old row or the new one.  The log
(`state.sqlite-wal`) is folded back into the file on `close`; after a kill it
holds the last commits, and SQLite reads it on the next open (keep the folder
together: the workflow caches all of `.social`).  WAL
rather than a rollback journal: one fsync a commit instead of three or four,
and an item takes three commits on Zalo.
The file holds no token: only page ids, GUIDs, URLs, post ids and times.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import StateError

SCHEMA_VERSION = "1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    page_id    TEXT PRIMARY KEY,
    checked_at TEXT NOT NULL            -- when its posts were first checked
);
CREATE TABLE IF NOT EXISTS items (
    page_id    TEXT NOT NULL,
    guid       TEXT NOT NULL,           -- the feed item's tag: URI (article identity)
    url        TEXT NOT NULL,           -- the article's canonical URL, matched against the Page's posts
    unit_id    TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('pending', 'posted', 'seen', 'rejected')),
    intent_at  TEXT,                    -- when the last POST was decided (before sending it)
    attempts   INTEGER NOT NULL DEFAULT 0,
    post_id    TEXT,
    posted_at  TEXT,
    reason     TEXT,                    -- why seen or rejected
    updated_at TEXT NOT NULL,
    PRIMARY KEY (page_id, guid)
);
"""


@dataclass(frozen=True)
class ItemRecord:
    page_id: str
    guid: str
    url: str
    unit_id: str
    status: str
    intent_at: str | None
    attempts: int
    post_id: str | None
    posted_at: str | None
    reason: str | None


class State:
    """The state file of one machine; `State.open` creates it, `State.open_readonly` never writes."""

    def __init__(self, connection: sqlite3.Connection | None, path: Path, readonly: bool = False):
        self._db = connection
        self.path = path
        self.readonly = readonly
        self._depth = 0

    @classmethod
    def open(cls, path: Path) -> State:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, isolation_level=None, timeout=30)
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            connection.executescript(SCHEMA)
            connection.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            version = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]
        except (sqlite3.Error, OSError) as error:
            raise StateError(f"{path}: không mở được tệp trạng thái ({error})") from None
        if version != SCHEMA_VERSION:
            raise StateError(f"{path}: tệp trạng thái phiên bản {version}, chương trình cần {SCHEMA_VERSION}")
        return cls(connection, path)

    @classmethod
    def open_readonly(cls, path: Path) -> State:
        """For --dry-run: reads the file if it exists, creates nothing."""
        if not path.is_file():
            return cls(None, path, readonly=True)
        try:
            connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            connection.execute("SELECT 1 FROM items LIMIT 1")
        except sqlite3.Error as error:
            raise StateError(f"{path}: không đọc được tệp trạng thái ({error})") from None
        return cls(connection, path, readonly=True)

    def close(self) -> None:
        """Close; a writer first folds the log back (journal_mode DELETE): the folder is one file again,
        so a --dry-run (a read-only open) finds no log to read and creates none."""
        if self._db is not None:
            if not self.readonly:
                try:
                    self._db.execute("PRAGMA journal_mode = DELETE")
                except sqlite3.Error:
                    pass  # another connection still has it open: it stays WAL, which is as safe
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One committed unit of writes, made on the connection it yields; nested uses join the outer one."""
        db = self._db
        if db is None or self.readonly:
            raise StateError("trạng thái chỉ đọc (--dry-run) không ghi được")
        if self._depth:
            self._depth += 1
            try:
                yield db
            finally:
                self._depth -= 1
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.Error as error:
            raise StateError(f"{self.path}: không ghi được trạng thái ({error})") from None
        finally:
            self._depth = 0

    def add_table(self, schema: str) -> None:
        """Create another platform's table in this file (`CREATE TABLE IF NOT EXISTS ...`, one statement).

        One file, one connection, one lock for every platform: a Zalo journal is a
        table here (social/zalo/journal.py), not a second database beside this one."""
        with self.transaction() as db:
            db.execute(schema)

    def query(self, sql: str, values: tuple = ()) -> list[tuple]:
        """Rows of a read on this file's connection (none when --dry-run found no file)."""
        if self._db is None:
            return []
        try:
            return self._db.execute(sql, values).fetchall()
        except sqlite3.Error as error:
            raise StateError(f"{self.path}: không đọc được trạng thái ({error})") from None

    # -- reading -----------------------------------------------------------
    def page_checked(self, page_id: str) -> bool:
        if self._db is None:
            return False
        return self._db.execute("SELECT 1 FROM pages WHERE page_id = ?", (page_id,)).fetchone() is not None

    def items(self, page_id: str) -> dict[str, ItemRecord]:
        if self._db is None:
            return {}
        rows = self._db.execute(
            "SELECT page_id, guid, url, unit_id, status, intent_at, attempts, post_id, posted_at, reason "
            "FROM items WHERE page_id = ?", (page_id,))
        return {row[1]: ItemRecord(*row) for row in rows}

    def counts(self) -> dict[str, int]:
        if self._db is None:
            return {}
        return dict(self._db.execute("SELECT status, COUNT(*) FROM items GROUP BY status").fetchall())

    # -- writing (each call commits, or joins an open transaction) --------
    def mark_page_checked(self, page_id: str, at: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO pages VALUES (?, ?)", (page_id, at))

    def record_intent(self, page_id: str, guid: str, url: str, unit_id: str, at: str) -> None:
        """Before a POST: the item becomes pending; committed before anything is sent."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO items (page_id, guid, url, unit_id, status, intent_at, attempts, updated_at) "
                "VALUES (?, ?, ?, ?, 'pending', ?, 1, ?) "
                "ON CONFLICT (page_id, guid) DO UPDATE SET status = 'pending', url = excluded.url, "
                "intent_at = excluded.intent_at, attempts = attempts + 1, updated_at = excluded.updated_at "
                "WHERE status = 'pending'",
                (page_id, guid, url, unit_id, at, at))

    def record_posted(self, page_id: str, guid: str, url: str, unit_id: str, post_id: str, at: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO items (page_id, guid, url, unit_id, status, post_id, posted_at, updated_at) "
                "VALUES (?, ?, ?, ?, 'posted', ?, ?, ?) "
                "ON CONFLICT (page_id, guid) DO UPDATE SET status = 'posted', post_id = excluded.post_id, "
                "posted_at = excluded.posted_at, reason = NULL, updated_at = excluded.updated_at "
                "WHERE status != 'posted'",
                (page_id, guid, url, unit_id, post_id, at, at))

    def record_final(self, page_id: str, guid: str, url: str, unit_id: str, status: str, reason: str,
                     at: str) -> None:
        """`seen` or `rejected`: never posted by us, never to be tried again."""
        if status not in ("seen", "rejected"):
            raise ValueError(status)
        with self.transaction() as db:
            db.execute(
                "INSERT INTO items (page_id, guid, url, unit_id, status, reason, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (page_id, guid) DO UPDATE SET status = excluded.status, reason = excluded.reason, "
                "updated_at = excluded.updated_at WHERE status != 'posted'",
                (page_id, guid, url, unit_id, status, reason, at))

    def forget(self, page_id: str, guids: Iterable[str]) -> None:
        """Pending items proven not on the Page (checked, or refused before creating): new again."""
        with self.transaction() as db:
            db.executemany("DELETE FROM items WHERE page_id = ? AND guid = ? AND status = 'pending'",
                                 [(page_id, guid) for guid in guids])
