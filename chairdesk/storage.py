"""The database: one SQLite file, in WAL mode, every change its own committed transaction.

A conference is stored as its conference file (the same JSON that moves it between laptops) with the columns
needed to list and find it. Each save writes the conference and the audit entries that say what changed in a
single transaction, so a ``kill -9`` at any moment leaves either the old or the new conference, never half.

The database is never overwritten when it cannot be trusted: a damaged file, one that is not ChairDesk's, or
one from a newer version gives a :class:`StorageError` and is left exactly as it was. Before a migration a
copy is taken with ``sqlite3.Connection.backup`` (a copy of the file could miss the WAL).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chairdesk import conference_file
from chairdesk.errors import StorageError
from chairdesk.model import Conference

if TYPE_CHECKING:
    import sqlite_utils

# "CHDK" as a 32-bit number: marks a database as ChairDesk's (PRAGMA application_id).
APPLICATION_ID = 0x4348444B
SCHEMA_VERSION = 2


@dataclass(frozen=True)
class ConferenceSummary:
    id: str
    type: str
    date: dt.date
    family_name: str
    updated_at: str


@dataclass(frozen=True)
class AuditEntry:
    at: str
    conference_id: str
    action: str
    field: str
    before: Any
    after: Any


def _create_version_1(db: sqlite_utils.Database) -> None:
    db["conferences"].create(
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
    db["conferences"].create_index(["date"])
    db["audit"].create(
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
    db["audit"].create_index(["conference_id", "id"])
    # The audit log is append-only: the database itself refuses to change or remove an entry.
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER audit_append_only_{event.lower()} BEFORE {event} ON audit "
            "BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END"
        )
    db["settings"].create({"key": str, "value": str}, pk="key")


def _add_drafts(db: sqlite_utils.Database) -> None:
    """Version 2: what the chair is typing and has not yet added, so a crash mid-sentence loses nothing."""
    db["drafts"].create({"conference_id": str, "key": str, "text": str, "updated_at": str}, pk=("conference_id", "key"))


# MIGRATIONS[n] takes a database at version n to version n + 1.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_create_version_1, _add_drafts]
assert len(MIGRATIONS) == SCHEMA_VERSION


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _changes(before: Any, after: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """The leaves that differ between two conference files, each with its field path."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in list(before) + [k for k in after if k not in before]:
            sub = f"{path}.{key}" if path else key
            yield from _changes(before.get(key), after.get(key), sub)
    elif isinstance(before, list) and isinstance(after, list):
        for i in range(max(len(before), len(after))):
            old = before[i] if i < len(before) else None
            new = after[i] if i < len(after) else None
            yield from _changes(old, new, f"{path}[{i}]")
    elif before != after:
        yield path, before, after


class Store:
    """The conferences in one database file. Use from one thread at a time (the writer thread)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._connection = self._open()
        self._db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, loaded when first needed (its import is slow)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self._connection)
        return self._db

    # -- opening -----------------------------------------------------------------------------------------

    def _refuse(self, why: str) -> StorageError:
        return StorageError(f"The database {self.path} {why}. It has not been changed.")

    def _open(self) -> sqlite3.Connection:
        existed = self.path.exists() and self.path.stat().st_size > 0
        if self.path.is_dir():
            raise self._refuse("is a folder, not a database file")
        if not existed:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StorageError(
                    f"The folder for the database {self.path} cannot be made ({error.strerror})."
                ) from None
        try:
            connection = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        except sqlite3.Error as error:
            raise StorageError(f"The database {self.path} cannot be opened ({error}).") from None
        try:
            if existed:
                self._vet(connection)
            connection.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit survives a power cut, not only a crash of the app.
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute("PRAGMA foreign_keys=ON")
            self._migrate(connection)
        except StorageError:
            connection.close()
            raise
        except sqlite3.DatabaseError as error:
            connection.close()
            raise self._refuse(f"cannot be read: it is damaged or is not a database ({error})") from None
        return connection

    def _vet(self, connection: sqlite3.Connection) -> None:
        """Refuse a database that is damaged, someone else's, or newer than this version understands."""
        (result,) = connection.execute("PRAGMA quick_check").fetchone()
        if result != "ok":
            raise self._refuse(f"is damaged ({result})")
        (application,) = connection.execute("PRAGMA application_id").fetchone()
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if application != APPLICATION_ID and tables:
            raise self._refuse("is not a ChairDesk database")
        if version > SCHEMA_VERSION:
            raise self._refuse(
                f"was made by a newer version of ChairDesk (database version {version}; this version "
                f"understands up to {SCHEMA_VERSION}). Update ChairDesk to open it"
            )

    def _migrate(self, connection: sqlite3.Connection) -> None:
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        if version == SCHEMA_VERSION:
            return
        if version > 0:
            self.backup(self._backup_path(version), connection)
        import sqlite_utils

        db = sqlite_utils.Database(connection)
        for step in range(version, SCHEMA_VERSION):
            with connection:
                MIGRATIONS[step](db)
                connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
                connection.execute(f"PRAGMA user_version={step + 1}")

    def _backup_path(self, version: int) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        return self.path.with_name(f"{self.path.stem}.v{version}-backup-{stamp}{self.path.suffix}")

    def backup(self, target: str | Path, connection: sqlite3.Connection | None = None) -> Path:
        """A consistent copy of the live database (WAL included) at ``target``."""
        target = Path(target)
        with sqlite3.connect(target) as copy:
            (connection or self._connection).backup(copy)
        copy.close()
        return target

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- conferences -------------------------------------------------------------------------------------

    def list_conferences(self) -> list[ConferenceSummary]:
        """Every conference, the most recently changed first."""
        rows = self._connection.execute(
            "SELECT id, type, date, family_name, updated_at FROM conferences ORDER BY updated_at DESC, date DESC"
        )
        return [ConferenceSummary(i, t, dt.date.fromisoformat(d), f, u) for i, t, d, f, u in rows]

    def exists(self, conference_id: str) -> bool:
        row = self._connection.execute("SELECT 1 FROM conferences WHERE id = ?", (conference_id,)).fetchone()
        return row is not None

    def load(self, conference_id: str) -> Conference:
        row = self._connection.execute("SELECT document FROM conferences WHERE id = ?", (conference_id,)).fetchone()
        if row is None:
            raise StorageError(f"There is no conference with the id {conference_id!r} in {self.path}.")
        return conference_file.from_json(json.loads(row[0]))

    def save(self, conference: Conference, action: str = "change") -> str:
        """Store ``conference`` (giving it an id if it has none) with its audit entries; returns the id.

        One transaction: when this returns, the change is on disk.
        """
        if not conference.id:
            conference.id = str(uuid.uuid4())
        document = conference_file.to_json(conference)
        conference_file.from_json(document)  # never store what could not be read back
        now = _now()
        with self._connection as connection:
            row = connection.execute("SELECT document FROM conferences WHERE id = ?", (conference.id,)).fetchone()
            if row is None:
                entries = [(action if action != "change" else "create", "", None, None)]
                connection.execute(
                    "INSERT INTO conferences (id, type, date, family_name, created_at, updated_at, document) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        conference.id,
                        conference.type,
                        conference.date.isoformat(),
                        conference.family.name,
                        now,
                        now,
                        json.dumps(document, ensure_ascii=False),
                    ),
                )
            else:
                entries = [(action, path, old, new) for path, old, new in _changes(json.loads(row[0]), document)]
                if not entries:
                    return conference.id
                connection.execute(
                    "UPDATE conferences SET type = ?, date = ?, family_name = ?, updated_at = ?, document = ? "
                    "WHERE id = ?",
                    (
                        conference.type,
                        conference.date.isoformat(),
                        conference.family.name,
                        now,
                        json.dumps(document, ensure_ascii=False),
                        conference.id,
                    ),
                )
            connection.executemany(
                "INSERT INTO audit (at, conference_id, action, field, before, after) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        now,
                        conference.id,
                        a,
                        f,
                        json.dumps(b, ensure_ascii=False),
                        json.dumps(c, ensure_ascii=False),
                    )
                    for a, f, b, c in entries
                ],
            )
            connection.execute(
                "INSERT INTO settings (key, value) VALUES ('last_conference', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (conference.id,),
            )
        return conference.id

    def save_draft(self, conference_id: str, key: str, text: str) -> None:
        """Keep what is being typed into ``key`` (an editor of the console); an empty text removes it."""
        with self._connection as connection:
            if text:
                connection.execute(
                    "INSERT INTO drafts (conference_id, key, text, updated_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(conference_id, key) DO UPDATE SET text = excluded.text, "
                    "updated_at = excluded.updated_at",
                    (conference_id, key, text, _now()),
                )
            else:
                connection.execute("DELETE FROM drafts WHERE conference_id = ? AND key = ?", (conference_id, key))

    def drafts(self, conference_id: str) -> dict[str, str]:
        """The drafts kept for a conference, by editor."""
        rows = self._connection.execute("SELECT key, text FROM drafts WHERE conference_id = ?", (conference_id,))
        return dict(rows.fetchall())

    def last_conference_id(self) -> str | None:
        """The conference last saved, which the app reopens."""
        row = self._connection.execute("SELECT value FROM settings WHERE key = 'last_conference'").fetchone()
        return row[0] if row and self.exists(row[0]) else None

    def audit(self, conference_id: str | None = None) -> list[AuditEntry]:
        """The audit log, oldest first; of one conference when ``conference_id`` is given."""
        where, args = ("WHERE conference_id = ?", (conference_id,)) if conference_id else ("", ())
        rows = self._connection.execute(
            f"SELECT at, conference_id, action, field, before, after FROM audit {where} ORDER BY id", args
        )
        return [AuditEntry(a, c, act, f, json.loads(b), json.loads(af)) for a, c, act, f, b, af in rows]

    def last_change(self, conference_id: str) -> str | None:
        """When the conference was last changed (ISO date and time), from the audit log."""
        row = self._connection.execute(
            "SELECT at FROM audit WHERE conference_id = ? ORDER BY id DESC LIMIT 1", (conference_id,)
        ).fetchone()
        return row[0] if row else None
