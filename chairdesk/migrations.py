"""The database's versions: each migration takes it one version on, in a transaction, after a backup.

``MIGRATIONS[n]`` takes a database at version ``n`` to ``n + 1`` (chairdesk.storage runs them and takes the
backup). Version 3 gives each conference a version so a save never overwrites one it did not read; version 4
keeps fingerprints of the audit's values instead of the words the chair deleted or undid; version 5 keeps each
set of documents produced and what was sent, when, to whom and how (chairdesk.sending); version 6 makes the audit
one entry per operation: what the chair did in words, the change as a JSON Patch (its values as fingerprints), when
in UTC and by whom.

:func:`move_settings_out` is not a version of its own: on every open, this computer's settings an earlier
ChairDesk kept in the database (the microphone, the second folder for recordings) move to the settings file
(chairdesk.settings). Done on every open rather than once, it is tried again after a settings file that could not
be written, and it leaves the schema's versions to the changes of the tables.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

SCHEMA_VERSION = 6

log = logging.getLogger(__name__)


def fingerprint(value: Any) -> str | None:
    """What the audit keeps of a value: ``sha256:`` and the digest of its JSON, or None for no value.

    It shows that a field changed, and lets anyone holding the old words check them, without keeping words the
    chair deleted or undid.
    """
    if value is None:
        return None
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _make_audit_append_only(connection: sqlite3.Connection) -> None:
    # The audit log is append-only: the database itself refuses to change or remove an entry.
    for event in ("UPDATE", "DELETE"):
        connection.execute(
            f"CREATE TRIGGER audit_append_only_{event.lower()} BEFORE {event} ON audit "
            "BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END"
        )


def _create_version_1(db: sqlite_utils.Database) -> None:
    db.table("conferences").create(
        {
            "id": str,
            "type": str,
            "date": str,
            "family_name": str,
            "created_at": str,
            "updated_at": str,
            "document": str,
        },
        pk="id",
    )
    db.table("conferences").create_index(["date"])
    db.table("audit").create(
        {
            "id": int,
            "at": str,
            "conference_id": str,
            "action": str,
            "field": str,
            "before": str,
            "after": str,
        },
        pk="id",
    )
    db.table("audit").create_index(["conference_id", "id"])
    _make_audit_append_only(db.conn)
    db.table("settings").create({"key": str, "value": str}, pk="key")


def _add_drafts(db: sqlite_utils.Database) -> None:
    """Version 2: what the chair is typing and has not yet added, so a crash mid-sentence loses nothing."""
    db.table("drafts").create(
        {"conference_id": str, "key": str, "text": str, "updated_at": str}, pk=("conference_id", "key")
    )


def _add_versions(db: sqlite_utils.Database) -> None:
    """Version 3: each conference's version, so a save never overwrites a change it did not read."""
    columns = [row[1] for row in db.conn.execute("PRAGMA table_info(conferences)")]
    if "version" not in columns:
        db.conn.execute("ALTER TABLE conferences ADD COLUMN version INTEGER NOT NULL DEFAULT 1")


def _old_value_fingerprint(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return fingerprint(json.loads(text))
    except ValueError:
        return fingerprint(text)


def _fingerprint_the_audit(db: sqlite_utils.Database) -> None:
    """Version 4: the audit keeps fingerprints of the values, not the words (deleted or undone text must not
    stay on disk). The append-only triggers are lifted for this one rewrite and put back in the same
    transaction."""
    connection = db.conn
    for event in ("update", "delete"):
        connection.execute(f"DROP TRIGGER IF EXISTS audit_append_only_{event}")
    rows = connection.execute("SELECT id, before, after FROM audit").fetchall()
    connection.executemany(
        "UPDATE audit SET before = ?, after = ? WHERE id = ?",
        [
            (_old_value_fingerprint(before), _old_value_fingerprint(after), ident)
            for ident, before, after in rows
            if not (str(before).startswith("sha256:") or str(after).startswith("sha256:"))
        ],
    )
    _make_audit_append_only(connection)


def _add_outputs(db: sqlite_utils.Database) -> None:
    """Version 5: each production of the documents is a set of its own (its folder, when it was made, when a newer
    set superseded it), and each document in it is tracked: for whom, due when, sent when, to whom and how."""
    db.conn.execute(
        "CREATE TABLE IF NOT EXISTS output_sets (id INTEGER PRIMARY KEY AUTOINCREMENT, conference_id TEXT NOT NULL, "
        "folder TEXT NOT NULL, kind TEXT NOT NULL, made_at TEXT NOT NULL, superseded_at TEXT)"
    )
    db.conn.execute("CREATE INDEX IF NOT EXISTS output_sets_conference ON output_sets (conference_id, id)")
    db.conn.execute(
        "CREATE TABLE IF NOT EXISTS output_documents (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "set_id INTEGER NOT NULL REFERENCES output_sets (id), conference_id TEXT NOT NULL, kind TEXT NOT NULL, "
        "filename TEXT NOT NULL, title TEXT NOT NULL, reader TEXT NOT NULL, reader_key TEXT NOT NULL, "
        "reader_kind TEXT NOT NULL, recipients TEXT NOT NULL, due TEXT, superseded_at TEXT, sent_at TEXT, "
        "sent_to TEXT NOT NULL DEFAULT '', sent_how TEXT NOT NULL DEFAULT '')"
    )
    db.conn.execute("CREATE INDEX IF NOT EXISTS output_documents_conference ON output_documents (conference_id, id)")


def move_settings_out(connection: sqlite3.Connection) -> None:
    """The microphone and the second folder for recordings belong to this computer, not to the conferences: those
    an earlier ChairDesk kept in the database's settings table move to the settings file (chairdesk.settings),
    each only where that file holds no choice of its own, and leave the table. If the file cannot be written they
    stay in the table, and moving them is tried again at the next open (logged, in a sentence)."""
    from chairdesk import settings

    moving = {option.key: option for option in settings.FROM_THE_DATABASE}
    marks = ", ".join("?" for _ in moving)
    rows = connection.execute(f"SELECT key, value FROM settings WHERE key IN ({marks})", tuple(moving)).fetchall()
    if not rows:
        return
    values: dict[settings.Option[Any], Any] = {}
    for key, value in rows:
        try:
            values[moving[key]] = moving[key].parse(value or None)
        except ValueError:
            continue  # not a value ChairDesk wrote: the default stands
    try:
        settings.Settings().put_many(values, only_new=True)
    except OSError as error:
        log.warning(
            "This computer's settings could not be moved out of the database into %s (%s): they stay in the "
            "database and moving them is tried again when ChairDesk next opens it.",
            settings.settings_file(),
            error.strerror,
        )
        return
    with connection:
        connection.execute(f"DELETE FROM settings WHERE key IN ({marks})", tuple(moving))


def _audit_operations(db: sqlite_utils.Database) -> None:
    """Version 6: an audit entry is one operation of the chair's: what they did in words (``description``), the
    change as a JSON Patch whose values are fingerprints (``patch``), when in UTC (``at_utc``) and by whom (``by``,
    the login name). Entries written before have none of these."""
    columns = [row[1] for row in db.conn.execute("PRAGMA table_info(audit)")]
    for name, kind in (("description", "TEXT NOT NULL DEFAULT ''"), ("patch", "TEXT"), ("at_utc", "TEXT")):
        if name not in columns:
            db.conn.execute(f"ALTER TABLE audit ADD COLUMN {name} {kind}")
    if "by" not in columns:
        db.conn.execute("ALTER TABLE audit ADD COLUMN \"by\" TEXT NOT NULL DEFAULT ''")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _create_version_1,
    _add_drafts,
    _add_versions,
    _fingerprint_the_audit,
    _add_outputs,
    _audit_operations,
]
assert len(MIGRATIONS) == SCHEMA_VERSION
# The first version whose migration rewrites text that must not stay in the file's free pages (VACUUM after it).
REDACTING_VERSION = 4
