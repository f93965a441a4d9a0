"""What was sent to which OA: a table in the poster's one state file (social/state.py), one row per (OA, GUID).

The table lives in the same SQLite file, on the same connection, under the same
lock as the Facebook items: one state, one open, one place that turns a
database error into a `StateError` line.

Statuses, in the order an item goes through them:
- `pending`  the intent is committed; create may have been sent, its answer is unknown;
- `created`  Zalo answered create with a processing token (kept in `article_token`);
- `posted`   verify answered the article id (or the OA's article list showed it);
- `seen`     never to be posted (older than the window);
- `rejected` Zalo refused the item for good; the reason is kept.
The processing token is no secret (it only names an article being processed);
no access or refresh token is ever written here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..state import State

SCHEMA = """
CREATE TABLE IF NOT EXISTS zalo_items (
    oa_id         TEXT NOT NULL,
    guid          TEXT NOT NULL,
    url           TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'created', 'posted', 'seen', 'rejected')),
    intent_at     REAL,
    article_token TEXT,
    article_id    TEXT,
    reason        TEXT,
    PRIMARY KEY (oa_id, guid)
)
"""


@dataclass(frozen=True)
class ZaloRecord:
    guid: str
    url: str
    status: str
    intent_at: float | None
    article_token: str | None
    article_id: str | None


class Journal:
    """The `zalo_items` table of the poster's state; every write is one committed transaction."""

    def __init__(self, state: State):
        state.add_table(SCHEMA)
        self.state = state

    def _write(self, sql: str, values: tuple) -> None:
        with self.state.transaction() as db:
            db.execute(sql, values)

    def items(self, oa_id: str) -> dict[str, ZaloRecord]:
        rows = self.state.query("SELECT guid, url, status, intent_at, article_token, article_id FROM zalo_items "
                                "WHERE oa_id = ?", (oa_id,))
        return {row[0]: ZaloRecord(*row) for row in rows}

    def item(self, oa_id: str, guid: str) -> ZaloRecord | None:
        rows = self.state.query("SELECT guid, url, status, intent_at, article_token, article_id FROM zalo_items "
                                "WHERE oa_id = ? AND guid = ?", (oa_id, guid))
        return ZaloRecord(*rows[0]) if rows else None

    def intent(self, oa_id: str, guid: str, url: str, at: float) -> None:
        self._write("INSERT INTO zalo_items (oa_id, guid, url, status, intent_at) VALUES (?, ?, ?, 'pending', ?) "
                    "ON CONFLICT (oa_id, guid) DO UPDATE SET intent_at = excluded.intent_at WHERE status = 'pending'",
                    (oa_id, guid, url, at))

    def created(self, oa_id: str, guid: str, article_token: str) -> None:
        self._write("UPDATE zalo_items SET status = 'created', article_token = ? "
                    "WHERE oa_id = ? AND guid = ? AND status = 'pending'", (article_token, oa_id, guid))

    def posted(self, oa_id: str, guid: str, url: str, article_id: str) -> None:
        self._write("INSERT INTO zalo_items (oa_id, guid, url, status, article_id) VALUES (?, ?, ?, 'posted', ?) "
                    "ON CONFLICT (oa_id, guid) DO UPDATE SET status = 'posted', article_id = excluded.article_id "
                    "WHERE status != 'posted'", (oa_id, guid, url, article_id))

    def final(self, oa_id: str, guid: str, url: str, status: str, reason: str) -> None:
        self._write("INSERT INTO zalo_items (oa_id, guid, url, status, reason) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (oa_id, guid) DO UPDATE SET status = excluded.status, reason = excluded.reason "
                    "WHERE status IN ('pending', 'seen')", (oa_id, guid, url, status, reason))

    def forget(self, oa_id: str, guid: str) -> None:
        self._write("DELETE FROM zalo_items WHERE oa_id = ? AND guid = ? AND status = 'pending'", (oa_id, guid))
