"""The conferences' storage: one interface (:class:`ConferenceStore`), made in one place (:func:`open_store`), and
its embedded implementation (:class:`Store`): one SQLite file, in WAL mode, every change its own committed
transaction.

Everything ChairDesk keeps about its conferences (the conference, its version, the chair's drafts, the audit, the
sets of documents produced and what was sent) is reached through :class:`ConferenceStore`; the windows, the command
line and the writer thread get one from :func:`open_store` and never name the SQLite file's class, so a shared
server's store (docs/STORAGE.md) would change that one function. What belongs to the computer rather than the
conferences (the microphone, the second folder) is not here: see chairdesk.settings.

A conference is stored as its conference file (the same JSON that moves it between laptops) with the columns
needed to list and find it, and a version that goes up by one with every save. Each save writes the conference
and the audit entries that say what changed in a single transaction, so a ``kill -9`` at any moment leaves
either the old or the new conference, never half; and a save never overwrites a version it did not read
(another copy of ChairDesk, or ``chairdesk import --replace``, may have changed it since): it is refused with a
:class:`ConflictError` instead, so neither change is lost without a word.

The database is never overwritten when it cannot be trusted: a damaged or empty file, one that is not
ChairDesk's, one from a newer version, or one in a folder ChairDesk cannot write to gives a
:class:`StorageError` that says which, and is left exactly as it was. Only a missing file is new; it is made
under a temporary name and put in place when complete, so ChairDesk itself never leaves an empty database.
Before a migration a copy is taken with the backup API (a copy of the file could miss the WAL).

The database is encrypted with SQLCipher (AES-256 and an HMAC on every page), with the raw 256-bit key
:func:`chairdesk.keys.database_key` keeps in the operating system's credential store, never on disk. Every
connection to it, the store's, a backup's and a check's, is made by :func:`connect`, and every error it raises is
an :data:`Error`. A database made by an earlier ChairDesk (plain SQLite) is encrypted once, in place: exported into
an encrypted file beside it, checked row for row, renamed over it, and the plain file's bytes overwritten; its plain
backups are encrypted or removed the same way (:func:`encrypt_in_place`).

What the chair deletes does not linger in the file (``PRAGMA secure_delete``), and the audit log keeps one entry
per operation of the chair's: what they did in words, the change as a JSON Patch, where in the conference, when (UTC
too) and by whom, keeping SHA-256 fingerprints of the values rather than the words themselves.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, runtime_checkable

from sqlcipher3 import dbapi2 as _sqlcipher

from chairdesk import changes, conference_file, keys, paths, sending
from chairdesk.changes import Operation
from chairdesk.errors import ConflictError, InvalidConference, StorageError
from chairdesk.migrations import MIGRATIONS, REDACTING_VERSION, SCHEMA_VERSION, fingerprint, move_settings_out
from chairdesk.model import Conference
from chairdesk.sending import NewDocument, OutputSet, TrackedDocument

if TYPE_CHECKING:
    import sqlite_utils

Connection = _sqlcipher.Connection
Error = _sqlcipher.Error
"""Every error a connection to the database raises (SQLCipher's, the same classes as the ``sqlite3`` module's)."""
DatabaseError = _sqlcipher.DatabaseError

# The first 16 bytes of a plain SQLite file; an encrypted one begins with its random salt instead.
PLAIN_HEADER = b"SQLite format 3\x00"


def is_plain(path: str | Path) -> bool:
    """True if ``path`` is a plain (unencrypted) SQLite file: a database of an earlier ChairDesk, or another
    program's."""
    try:
        with open(path, "rb") as file:
            return file.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except OSError:
        return False


def _key_pragma(key: bytes) -> str:
    # A raw key: SQLCipher uses it as it is, with no PBKDF2 on every open (the key is already random).
    return f"\"x'{key.hex()}'\""


def connect(
    path: str | Path,
    *,
    read_only: bool = False,
    plain: bool = False,
    create_key: bool = False,
    timeout: float = 10.0,
) -> Connection:
    """The one way to open a connection to a ChairDesk database (or a backup of one): SQLCipher, keyed with
    :func:`keys.database_key`. ``read_only`` opens it unchanged (``immutable``: no -wal or -shm made);
    ``plain`` opens a plain SQLite file with no key (only to check or encrypt a database of an earlier
    ChairDesk); ``create_key`` makes the data key if the credential store has none yet (a new database). Raises
    :data:`Error`, or :class:`keys.KeyUnavailable` when the key cannot be had."""
    key = None if plain else keys.database_key(create=create_key)
    if read_only:
        connection = _sqlcipher.connect(
            f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
    else:
        connection = _sqlcipher.connect(str(path), timeout=timeout, check_same_thread=False)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")  # SQLCipher would write its errors to stderr
        if key is not None:
            connection.execute(f"PRAGMA key = {_key_pragma(key)}")
    except BaseException:
        connection.close()
        raise
    return connection


def _contents(connection: Connection, schema: str = "main") -> str:
    """A fingerprint of every row of every table and the versions: the same for a database and its copy."""
    digest = hashlib.sha256()
    for pragma in ("application_id", "user_version"):
        digest.update(repr(connection.execute(f"PRAGMA {schema}.{pragma}").fetchone()).encode())
    tables = connection.execute(
        f"SELECT name, sql FROM {schema}.sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall()
    for name, sql in tables:
        digest.update(f"{name}\n{sql}\n".encode())
        for row in connection.execute(f'SELECT * FROM {schema}."{name}" ORDER BY rowid'):
            digest.update(repr(row).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _looks_encrypted(path: Path) -> bool:
    """True if the file could be an encrypted database: whole pages, and a first page as varied as random bytes
    (a text file, a cut-off copy or a page of zeros is damaged, not locked with another key)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as file:
            first = file.read(4096)
    except OSError:
        return False
    return size >= 1024 and size % 512 == 0 and len(set(first)) > 200


def encrypt_in_place(path: str | Path) -> None:
    """Encrypt the plain SQLite file at ``path`` in place: ``sqlcipher_export`` into an encrypted file beside it,
    that file checked (it opens with the key, passes ``quick_check``, and holds every row the plain one held), put
    in the plain file's place by a rename, and the plain file's bytes overwritten with zeros. A ``kill -9`` at any
    moment leaves the plain or the encrypted database, whole. Raises :data:`Error` or ``OSError`` (nothing changed).
    The caller has checked the file is ChairDesk's."""
    path = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".encrypting", dir=path.parent)
    os.close(handle)  # mkstemp made it owner-only
    encrypted = Path(name)
    try:
        plain = connect(path, plain=True)
        try:
            if plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            expected = _contents(plain)
            (application,) = plain.execute("PRAGMA application_id").fetchone()
            (version,) = plain.execute("PRAGMA user_version").fetchone()
            key = keys.database_key(create=True)
            plain.execute(f"ATTACH DATABASE ? AS encrypted KEY {_key_pragma(key)}", (str(encrypted),))
            plain.execute("SELECT sqlcipher_export('encrypted')")
            plain.execute(f"PRAGMA encrypted.application_id = {int(application)}")
            plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
            plain.execute("DETACH DATABASE encrypted")
        finally:
            plain.close()
        if Path(f"{path}-wal").exists() and Path(f"{path}-wal").stat().st_size > 0:
            raise _sqlcipher.OperationalError("database is locked")  # another program is writing to it still
        check = connect(encrypted)
        try:
            ok = check.execute("PRAGMA quick_check").fetchone()[0] == "ok" and _contents(check) == expected
        finally:
            check.close()
        if not ok:
            raise _sqlcipher.DatabaseError("the encrypted copy does not match the database")
        with open(encrypted, "rb") as file:
            os.fsync(file.fileno())
        with open(path, "r+b") as old:
            os.replace(encrypted, path)
            paths.zero_file(old)  # the plain file, no longer in the folder: its words do not stay on the disk's blocks
        for extra in ("-wal", "-shm"):  # the plain file's, empty now; they must not be read into the new one
            Path(f"{path}{extra}").unlink(missing_ok=True)
    finally:
        encrypted.unlink(missing_ok=True)


# "CHDK" as a 32-bit number: marks a database as ChairDesk's (PRAGMA application_id).
APPLICATION_ID = 0x4348444B

CONFLICT = (
    "This conference was saved elsewhere since you opened it (changed by another copy of ChairDesk or another "
    "program); your change is kept in this window but not saved. Export it now (File, Export conference file) so "
    "nothing is lost, then close ChairDesk and open it again to see the stored conference."
)


@dataclass(frozen=True)
class ConferenceSummary:
    id: str
    type: str
    date: dt.date
    family_name: str
    updated_at: str


@dataclass(frozen=True)
class AuditEntry:
    """One operation: when (local time), to which conference, what kind, where in it (the deepest field its change
    is under; "" for the whole), and fingerprints of the value there before and after (see :func:`fingerprint`; None
    where there was no value). Since version 6 also what the chair did in words, the change as a JSON Patch whose
    values are fingerprints, when in UTC and by whom (the login name)."""

    at: str
    conference_id: str
    action: str
    field: str
    before: str | None
    after: str | None
    description: str = ""
    patch: list[dict[str, Any]] | None = None
    by: str = ""
    at_utc: str | None = None


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _fingerprinted(patch: changes.Patch) -> list[dict[str, Any]]:
    """The patch as the audit keeps it: where and how, with each value's fingerprint rather than its words (what
    the chair deleted or undid must not linger in the log)."""
    return [{**op, "value": fingerprint(op["value"])} if "value" in op else dict(op) for op in patch]


def _value_at(document: Any, pointer: str) -> Any:
    value = document
    for part in changes.parts_of(pointer):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return None
    return value


_ENTRY = (
    'INSERT INTO audit (at, conference_id, action, field, before, after, description, patch, "by", at_utc) '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


# An audit entry as written (after when and which conference): action, field, before, after, description, patch, by,
# and when in UTC.
Entry = tuple[str, str, str | None, str | None, str, str | None, str, str | None]


def _entries(old: Any, document: dict[str, Any], action: str, operations: Sequence[Operation]) -> list[Entry]:
    """The audit's entries for a save that made ``old`` into ``document``: one per operation (its patch applied in
    turn to find the value before and after where it changed), and one for whatever else changed (a save with no
    operations, or a change made outside them)."""
    import jsonpatch

    found: list[Entry] = []
    current = old
    for operation in operations:
        if not operation.patch:
            continue
        where = changes.common_pointer(operation.patch)
        try:
            following = jsonpatch.apply_patch(current, operation.patch) if current is not None else None
        except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException):
            following = None  # the stored copy was not what the window changed: the rest is said below
        found.append(
            (
                action,
                changes.field_path(where),
                fingerprint(_value_at(current, where)),
                fingerprint(_value_at(following, where)),
                operation.description,
                json.dumps(_fingerprinted(operation.patch), ensure_ascii=False),
                operation.by,
                operation.at,
            )
        )
        current = following
    rest = changes.diff(current, document) if current is not None else [{"op": "replace", "path": "", "value": 0}]
    if rest:
        where = changes.common_pointer(rest) if current is not None else ""
        found.append(
            (
                action,
                changes.field_path(where),
                fingerprint(_value_at(current, where)),
                fingerprint(_value_at(document, where)),
                "",
                json.dumps(_fingerprinted(rest), ensure_ascii=False) if current is not None else None,
                changes.chair_login(),
                changes.utc_now(),
            )
        )
    return found


def _writable_folder(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


class Loaded(NamedTuple):
    """A conference as read from the store, with the version it was read at."""

    conference: Conference
    version: int


@runtime_checkable
class ConferenceStore(Protocol):
    """Where ChairDesk keeps its conferences: what the windows, the command line and the writer thread may ask of
    storage, whatever is behind it. :class:`Store` (one SQLite file on the laptop) is the embedded one; a store is
    made by :func:`open_store` and used from one thread at a time.

    Every conference has a version that goes up by one with each save. :meth:`read` gives the version it read;
    :meth:`save` given that version refuses, with a :class:`ConflictError` saying so in words and writing nothing,
    when the conference was saved elsewhere since (another window, another copy of ChairDesk, later another chair
    on a shared server). Errors are :class:`StorageError`s, each one plain sentence.
    """

    # -- conferences
    def list_conferences(self) -> list[ConferenceSummary]:
        """Every conference, the most recently changed first."""
        ...

    def exists(self, conference_id: str) -> bool: ...

    def read(self, conference_id: str, check: bool = True) -> Loaded:
        """The conference and the version it was read at; ``check=False`` leaves the format check to the caller."""
        ...

    def load(self, conference_id: str, check: bool = True) -> Conference:
        """``read(conference_id).conference``, its version remembered by this store for :meth:`save`."""
        ...

    def known_version(self, conference_id: str) -> int | None:
        """The version of the conference this store last read or wrote (None: neither)."""
        ...

    def stored_version(self, conference_id: str) -> int | None:
        """The version stored now (None: no such conference)."""
        ...

    def save(
        self,
        conference: Conference | dict[str, Any],
        action: str = "change",
        expected_version: int | None = None,
        replace: bool = False,
        operations: Sequence[Operation] = (),
    ) -> str:
        """Store the conference (or its conference file's data) with its audit, one entry per operation in
        ``operations``, in one step, if the stored one is still ``expected_version`` (by default the version this
        store last read or wrote); else :class:`ConflictError`. Returns its id."""
        ...

    def documents(self) -> list[tuple[str, str]]:
        """Every conference's id and conference-file JSON, unchecked (for reading many at once)."""
        ...

    def last_conference_id(self) -> str | None:
        """The conference saved last (the app reopens it)."""
        ...

    # -- the chair's drafts (conference data: what was typed and not yet added)
    def save_draft(self, conference_id: str, key: str, text: str) -> None: ...

    def drafts(self, conference_id: str) -> dict[str, str]: ...

    # -- the audit (written by save, record_outputs and mark_sent; read here)
    def audit(self, conference_id: str | None = None) -> list[AuditEntry]: ...

    def last_change(self, conference_id: str) -> str | None: ...

    def record_outputs(self, conference_id: str, documents: list[str]) -> None: ...

    def outputs_produced(self) -> dict[str, str]: ...

    # -- the sets of documents produced, and what was sent
    def record_set(
        self,
        conference_id: str,
        folder: str | Path,
        documents: list[NewDocument],
        kind: str = sending.PRODUCED,
        made_at: dt.datetime | None = None,
    ) -> int: ...

    def output_sets(self, conference_id: str) -> list[OutputSet]: ...

    def tracked_documents(self, conference_id: str | None = None) -> list[TrackedDocument]: ...

    def mark_sent(self, document_id: int, sent_at: dt.datetime | None, sent_to: str = "", how: str = "") -> None: ...

    # -- keeping it safe, and letting go
    def keep_backup(self) -> Path | None:
        """Take a rolling backup now, if this store keeps its own (a server's are the server's to keep)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> ConferenceStore: ...

    def __exit__(self, *exc: object) -> None: ...


def open_store(location: str | os.PathLike[str]) -> ConferenceStore:
    """The one place a store is made: every window, command and the writer thread gets its store here. Today
    ``location`` is the database file (``--db``, ``CHAIRDESK_DB``, or the data folder's), opened as the embedded
    :class:`Store`; a shared server's store would be chosen here (docs/STORAGE.md). Raises :class:`StorageError`
    (in words) when it cannot be used."""
    return Store(Path(location))


class Store:
    """The conferences in one database file. Use from one thread at a time (the writer thread).

    The store remembers the version of each conference it has read or written; :meth:`save` refuses to
    overwrite any other version.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._versions: dict[str, int] = {}
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

    def _refuse(self, why: str, kind: str, what_to_do: str = "") -> StorageError:
        then = f" {what_to_do}" if what_to_do else ""
        return StorageError(f"The database {self.path} {why}. It has not been changed.{then}", kind, self.path)

    def _read_only_folder(self) -> StorageError:
        return self._refuse(
            f"is in a folder ChairDesk cannot write to ({self.path.parent}): the folder is read-only or belongs "
            "to someone else, and ChairDesk must write beside its database to save anything",
            "read-only-folder",
            "Ask whoever looks after this computer to let you write to that folder, or copy the database to a "
            "folder of your own and open it from there.",
        )

    def _open(self) -> Connection:
        if self.path.is_dir():
            raise self._refuse("is a folder, not a database file", "other", "Give the database file itself.")
        try:
            size: int | None = self.path.stat().st_size
        except FileNotFoundError:
            size = None
        except PermissionError:
            raise self._no_permission() from None
        if size is None:
            self._create()  # only a missing file is a new database
        elif size == 0:
            raise self._refuse(
                "is empty (0 bytes). A ChairDesk database is never empty once it has been made, so something "
                "has emptied or replaced it",
                "empty",
                "Restore the last good backup, or, if this is a new computer, move the empty file away and "
                "ChairDesk will make a new database.",
            )
        else:
            self._check_access()
            if is_plain(self.path):
                self._encrypt_plain()
            elif not _looks_encrypted(self.path):
                raise self._damaged("neither a database nor an encrypted one: cut short, or not one at all")
        try:
            connection = connect(self.path, timeout=10)
        except keys.NoKey:
            raise self._refuse(
                "cannot be opened: the credential store on this computer holds no key for ChairDesk's data (the "
                "database was encrypted under another login or on another computer, or the key was removed)",
                "key",
                self._what_to_do_about_the_key(),
            ) from None
        except Error as error:
            raise self._why_it_cannot_be_used(error) from None
        try:
            try:
                connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except DatabaseError as error:
                raise self._key_does_not_open(error) from None
            self._vet(connection)
            connection.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit survives a power cut, not only a crash of the app.
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute("PRAGMA foreign_keys=ON")
            # What is deleted (a draft, an item's old words) is overwritten in the file, not left in free space.
            connection.execute("PRAGMA secure_delete=ON")
            self._migrate(connection)
            with contextlib.suppress(Error):  # busy with another writer just now: they move at the next open
                move_settings_out(connection)  # an earlier ChairDesk's microphone and second folder: this computer's
        except StorageError:
            connection.close()
            raise
        except DatabaseError as error:
            connection.close()
            raise self._why_it_cannot_be_used(error) from None
        return connection

    def _encrypt_plain(self) -> None:
        """A plain SQLite file: a database of an earlier ChairDesk is encrypted in place (and its plain backups
        with it) once it has passed the same checks as any database; anything else is refused unchanged."""
        try:
            plain = connect(self.path, plain=True)
        except Error as error:
            raise self._why_it_cannot_be_used(error) from None
        try:
            self._vet(plain)
        except DatabaseError as error:
            raise self._why_it_cannot_be_used(error) from None
        finally:
            plain.close()
        try:
            encrypt_in_place(self.path)
        except (OSError, Error) as error:
            raise self._refuse(
                f"was made by an earlier ChairDesk without encryption, and could not be encrypted now "
                f"({type(error).__name__}: {error})",
                "other",
                "Check there is space on the disk and that no other copy of ChairDesk is open, then start "
                "ChairDesk again.",
            ) from None
        from chairdesk import backups

        backups.encrypt_plain_backups(self.path)

    def _key_does_not_open(self, error: Exception) -> StorageError:
        """SQLCipher cannot read the first page: the key is not this database's, or the file is not a database."""
        if "not a database" not in str(error).lower() or not _looks_encrypted(self.path):
            return self._why_it_cannot_be_used(error)
        return self._refuse(
            "cannot be opened with the key kept for ChairDesk in this computer's credential store: it was "
            "encrypted with another key (it comes from another computer or another login, or the key in the "
            "store was replaced), or its first page is damaged",
            "key",
            self._what_to_do_about_the_key(),
        )

    @staticmethod
    def _what_to_do_about_the_key() -> str:
        return (
            "If the key was lost or replaced, ask your council's ChairDesk administrator to put it back (chairdesk "
            "key recover; see 'What is protected' in the README). If the database came from elsewhere, move the "
            "conferences with their conference files instead (File, Export conference file). If ChairDesk offers "
            "a backup that opens, the file itself is damaged: restore that backup."
        )

    def _damaged(self, why: str) -> StorageError:
        return self._refuse(
            f"cannot be read: it is damaged or is not a database ({why})",
            "damaged",
            "Restore the last good backup (ChairDesk offers it when it starts), and keep the damaged file for "
            "whoever supports ChairDesk.",
        )

    def _no_permission(self) -> StorageError:
        return self._refuse(
            "cannot be opened: you do not have permission to read it",
            "no-permission",
            "Ask whoever looks after this computer to give you access to it.",
        )

    def _check_access(self) -> None:
        """Say plainly when the file or its folder cannot be written (SQLite alone would call it damaged)."""
        if not os.access(self.path, os.R_OK):
            raise self._no_permission()
        if not os.access(self.path, os.W_OK):
            raise self._refuse(
                "is read-only, so ChairDesk could not save anything to it",
                "read-only-file",
                "Make the file writable (in its Properties, untick Read-only), or ask whoever looks after this "
                "computer to give you permission to change it.",
            )
        if not _writable_folder(self.path.parent):
            raise self._read_only_folder()

    def _why_it_cannot_be_used(self, error: Exception) -> StorageError:
        text = str(error).lower()
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            try:
                self._check_access()  # the file or its folder: say which, in words
            except StorageError as problem:
                return problem
            if "unable to open" in text:
                return self._refuse(
                    f"cannot be opened ({error})",
                    "other",
                    "Check that the file and its folder can be reached, then start ChairDesk again.",
                )
            return self._read_only_folder()  # the files SQLite keeps beside it (-wal, -shm) cannot be written
        return self._damaged(str(error))

    def _create(self) -> None:
        """Make a new database: built beside the real name and put there complete, never left empty."""
        folder = self.path.parent
        try:
            paths.private_folder(folder)
        except OSError as error:
            raise StorageError(
                f"The folder for the database {self.path} cannot be made ({error.strerror}). Nothing has been "
                "changed. Choose a folder you can write to (--db PATH, or CHAIRDESK_DB), or ask whoever looks "
                "after this computer.",
                "read-only-folder",
                self.path,
            ) from None
        if not _writable_folder(folder):
            raise StorageError(
                f"ChairDesk cannot make its database {self.path}: the folder {folder} is read-only or belongs to "
                "someone else. Nothing has been changed. Choose a folder you can write to (--db PATH, or "
                "CHAIRDESK_DB), or ask whoever looks after this computer to let you write to that one.",
                "read-only-folder",
                self.path,
            )
        handle, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".new", dir=folder)
        os.close(handle)
        temporary = Path(name)
        try:
            connection = connect(temporary, create_key=True)
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA secure_delete=ON")
                self._migrate(connection)
            finally:
                connection.close()
            self._set_aside_leftovers()
            try:
                os.link(temporary, self.path)  # never replaces a database that appeared in the meantime
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links
                if not self.path.exists():
                    os.replace(temporary, self.path)
        except (OSError, Error) as error:
            raise StorageError(
                f"ChairDesk cannot make its database {self.path} ({error}). Nothing has been changed. Check there "
                "is space on the disk and that you can write to the folder.",
                "read-only-folder",
                self.path,
            ) from None
        finally:
            for leftover in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
                leftover.unlink(missing_ok=True)

    def _set_aside_leftovers(self) -> None:
        """A -wal file left by a database that was moved or deleted would be read into the new one and spoil
        it: move it (and its -shm) aside, never deleting it."""
        if self.path.exists():
            return
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        for extra in ("-wal", "-shm"):
            leftover = Path(f"{self.path}{extra}")
            if leftover.exists():
                os.replace(leftover, leftover.with_name(f"{leftover.name}.left-{stamp}"))

    def _vet(self, connection: Connection) -> None:
        """Refuse a database that is damaged, someone else's, or newer than this version understands."""
        (result,) = connection.execute("PRAGMA quick_check").fetchone()
        if result != "ok":
            raise self._refuse(
                f"is damaged ({result})",
                "damaged",
                "Restore the last good backup (ChairDesk offers it when it starts), and keep the damaged file for "
                "whoever supports ChairDesk.",
            )
        (application,) = connection.execute("PRAGMA application_id").fetchone()
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if application != APPLICATION_ID and tables:
            raise self._refuse(
                "is not a ChairDesk database (it belongs to another program)",
                "not-chairdesk",
                "Check the database given with --db or CHAIRDESK_DB is ChairDesk's; if ChairDesk's own database "
                "was replaced, restore the last good backup.",
            )
        if version > SCHEMA_VERSION:
            raise self._refuse(
                f"was made by a newer version of ChairDesk (database version {version}; this version "
                f"understands up to {SCHEMA_VERSION}). Update ChairDesk to open it",
                "newer",
            )

    def _migrate(self, connection: Connection) -> None:
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        if version == SCHEMA_VERSION:
            return
        if version > 0:
            self.backup(self._backup_path(version), connection)
        import sqlite_utils

        db = sqlite_utils.Database(connection)
        for step in range(version, SCHEMA_VERSION):
            with connection:
                connection.execute("BEGIN IMMEDIATE")
                (now,) = connection.execute("PRAGMA user_version").fetchone()
                if now > step:
                    continue  # another program took it this far while this one waited
                MIGRATIONS[step](db)
                connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
                connection.execute(f"PRAGMA user_version={step + 1}")
        if 0 < version < REDACTING_VERSION:
            connection.execute("VACUUM")  # the words the migration replaced leave the file's free pages too

    def _backup_path(self, version: int) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        return self.path.with_name(f"{self.path.stem}.v{version}-backup-{stamp}{self.path.suffix}")

    def backup(self, target: str | Path, connection: Connection | None = None) -> Path:
        """A consistent copy of the live database (WAL included) at ``target``: one self-contained file,
        encrypted with the same key."""
        target = Path(target)
        copy = connect(target)
        try:
            with copy:
                (connection or self._connection).backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
        return target

    def keep_backup(self) -> Path:
        """Add a copy of the database as it is now to its rolling backups (``backups/`` beside it), keeping the
        newest few. Call it once the database has opened well, so each backup is a good one."""
        from chairdesk import backups

        return backups.keep(self)

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
        summaries = []
        for ident, kind, date, family, updated in rows:
            try:
                summaries.append(ConferenceSummary(ident, kind, dt.date.fromisoformat(date), family, updated))
            except (TypeError, ValueError):
                raise self._unreadable(ident, "its date") from None
        return summaries

    def exists(self, conference_id: str) -> bool:
        row = self._connection.execute("SELECT 1 FROM conferences WHERE id = ?", (conference_id,)).fetchone()
        return row is not None

    def _unreadable(self, conference_id: str, where: str) -> StorageError:
        return StorageError(
            f"The conference {conference_id!r} in the database {self.path} cannot be read: its stored copy is "
            f"damaged ({where}). It has not been changed. Restore the last good backup (ChairDesk offers it when "
            "it starts), or open another conference.",
            "conference-unreadable",
            self.path,
        )

    def load(self, conference_id: str, check: bool = True) -> Conference:
        """The stored conference; its version is remembered for :meth:`save` (see :meth:`known_version`).
        ``check=False`` leaves out the check against the conference format, for a caller that makes it soon
        after (chairdesk.gui.app draws the console first); a copy that cannot be turned back is refused all the same."""
        row = self._connection.execute(
            "SELECT document, version FROM conferences WHERE id = ?", (conference_id,)
        ).fetchone()
        if row is None:
            raise StorageError(
                f"There is no conference with the id {conference_id!r} in {self.path}.", "no-conference", self.path
            )
        try:
            conference = conference_file.from_json(json.loads(row[0]), check=check)
        except InvalidConference as error:
            # Only the field is named: the problem's words may quote the conference.
            fields = sorted({problem.split(":")[0] for problem in error.problems})
            raise self._unreadable(conference_id, f"it does not fit the format at {', '.join(fields[:3])}") from None
        except (ValueError, TypeError):
            raise self._unreadable(conference_id, "it is not a conference file") from None
        except Exception as error:  # a stored copy that passes the schema and still cannot be turned back
            raise self._unreadable(conference_id, type(error).__name__) from None
        self._versions[conference_id] = row[1]
        return conference

    def read(self, conference_id: str, check: bool = True) -> Loaded:
        """The stored conference and the version it was read at (give that version back to :meth:`save`)."""
        conference = self.load(conference_id, check)
        return Loaded(conference, self._versions[conference_id])

    def known_version(self, conference_id: str) -> int | None:
        """The version of the conference this store last read or wrote; None if it has not."""
        return self._versions.get(conference_id)

    def stored_version(self, conference_id: str) -> int | None:
        """The version of the conference in the database now; None if it is not there."""
        row = self._connection.execute("SELECT version FROM conferences WHERE id = ?", (conference_id,)).fetchone()
        return row[0] if row else None

    def save(
        self,
        conference: Conference | dict[str, Any],
        action: str = "change",
        expected_version: int | None = None,
        replace: bool = False,
        operations: Sequence[Operation] = (),
    ) -> str:
        """Store ``conference`` (giving it an id if it has none) with its audit entries; returns the id.
        ``conference`` may be given as its conference file's data (the writer keeps it so).

        One transaction: when this returns, the change is on disk. The stored conference must still be
        ``expected_version`` (by default the version this store last read or wrote; a conference it has not
        read must be new), or a :class:`ConflictError` says so and nothing is written. ``replace`` overwrites
        whatever is stored (``chairdesk import --replace``, a reset of the demo). ``operations``: what the chair
        did since the stored version, each its own audit entry (without them, the save is one).
        """
        if isinstance(conference, dict):
            document = conference
            if not document.get("id"):
                document["id"] = str(uuid.uuid4())
            checked = conference_file.from_json(document)  # the whole file, checked here on the writer's thread
        else:
            if not conference.id:
                conference.id = str(uuid.uuid4())
            document = conference_file.to_json(conference)
            checked = conference_file.from_json(document)  # never store what could not be read back
        conference = checked
        conference.id = document["id"]
        expected = expected_version if expected_version is not None else self._versions.get(conference.id, 0)
        now = _now()
        with self._connection as connection:
            connection.execute("BEGIN IMMEDIATE")  # the version read and the write are one step
            row = connection.execute(
                "SELECT document, version FROM conferences WHERE id = ?", (conference.id,)
            ).fetchone()
            stored = row[1] if row else 0
            if stored != expected and not replace:
                raise ConflictError(CONFLICT, self.path)
            if row is None:
                made = action if action != "change" else "create"
                words = "; ".join(o.description for o in operations) or made
                entries: list[Entry] = [(made, "", None, None, words, None, changes.chair_login(), changes.utc_now())]
                version = 1
                connection.execute(
                    "INSERT INTO conferences (id, type, date, family_name, created_at, updated_at, document, "
                    "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        conference.id,
                        conference.type,
                        conference.date.isoformat(),
                        conference.family.name,
                        now,
                        now,
                        json.dumps(document, ensure_ascii=False),
                        version,
                    ),
                )
            else:
                try:
                    old = json.loads(row[0])
                except (TypeError, ValueError):
                    old = None  # a damaged stored copy, replaced on purpose: the whole conference changed
                entries = _entries(old, document, action, operations)
                if not entries:
                    self._versions[conference.id] = stored
                    return conference.id
                version = stored + 1 if old != document else stored  # operations that came to nothing: audit only
                if version != stored:
                    connection.execute(
                        "UPDATE conferences SET type = ?, date = ?, family_name = ?, updated_at = ?, document = ?, "
                        "version = ? WHERE id = ?",
                        (
                            conference.type,
                            conference.date.isoformat(),
                            conference.family.name,
                            now,
                            json.dumps(document, ensure_ascii=False),
                            version,
                            conference.id,
                        ),
                    )
            connection.executemany(_ENTRY, [(now, conference.id, *entry) for entry in entries])
            connection.execute(
                "INSERT INTO settings (key, value) VALUES ('last_conference', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (conference.id,),
            )
        self._versions[conference.id] = version
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

    def record_outputs(self, conference_id: str, documents: list[str]) -> None:
        """Add to the audit one entry per document produced (action ``produce``): its ``field`` says what was held
        back from its reader, by the item's place and the reason's key, never a name or the chair's words (the
        caller, gui.outputs.held_back_entries, makes it so)."""
        now = _now()
        with self._connection as connection:
            connection.executemany(
                _ENTRY,
                [
                    (
                        now,
                        conference_id,
                        "produce",
                        entry,
                        None,
                        None,
                        "",
                        None,
                        changes.chair_login(),
                        changes.utc_now(),
                    )
                    for entry in documents
                ],
            )

    def audit(self, conference_id: str | None = None) -> list[AuditEntry]:
        """The audit log, oldest first; of one conference when ``conference_id`` is given."""
        where, args = ("WHERE conference_id = ?", (conference_id,)) if conference_id else ("", ())
        rows = self._connection.execute(
            f'SELECT at, conference_id, action, field, before, after, description, patch, "by", at_utc FROM audit '
            f"{where} ORDER BY id",
            args,
        )
        return [
            AuditEntry(at, ident, action, field, before, after, words, json.loads(patch) if patch else None, by, utc)
            for at, ident, action, field, before, after, words, patch, by, utc in rows
        ]

    def documents(self) -> list[tuple[str, str]]:
        """Every stored conference as its id and its conference file's JSON text, unchecked: for reading many at
        once (the home's agenda reads a few dates of each). :meth:`load` checks one against the format."""
        return self._connection.execute("SELECT id, document FROM conferences ORDER BY date, id").fetchall()

    def outputs_produced(self) -> dict[str, str]:
        """When each conference's documents were last produced (its latest ``produce`` entry), by conference id."""
        rows = self._connection.execute(
            "SELECT conference_id, MAX(at) FROM audit WHERE action = 'produce' GROUP BY conference_id"
        )
        return dict(rows.fetchall())

    def last_change(self, conference_id: str) -> str | None:
        """When the conference was last changed (ISO date and time), from the audit log."""
        row = self._connection.execute(
            "SELECT at FROM audit WHERE conference_id = ? ORDER BY id DESC LIMIT 1", (conference_id,)
        ).fetchone()
        return row[0] if row else None

    # -- the sets of documents produced, and what was sent (chairdesk.sending) ----------------------------------

    def record_set(
        self,
        conference_id: str,
        folder: str | Path,
        documents: list[NewDocument],
        kind: str = sending.PRODUCED,
        made_at: dt.datetime | None = None,
    ) -> int:
        """Record a set of documents just written into ``folder`` and, in the same transaction, mark superseded
        what it replaces (:func:`sending.supersedes`); returns the set's id."""
        if kind not in sending.SET_KINDS:
            raise ValueError(f"not a kind of set: {kind!r}")
        made = (made_at or dt.datetime.now()).isoformat(timespec="seconds")
        kinds = {d.kind for d in documents}
        with self._connection as connection:
            connection.execute("BEGIN IMMEDIATE")
            earlier = self._tracked(
                connection, "WHERE d.conference_id = ? AND d.superseded_at IS NULL", (conference_id,)
            )
            replaced = [d.id for d in earlier if sending.supersedes(kind, kinds, d)]
            connection.executemany(
                "UPDATE output_documents SET superseded_at = ? WHERE id = ?", [(made, ident) for ident in replaced]
            )
            cursor = connection.execute(
                "INSERT INTO output_sets (conference_id, folder, kind, made_at) VALUES (?, ?, ?, ?)",
                (conference_id, str(folder), kind, made),
            )
            set_id = int(cursor.lastrowid or 0)
            connection.executemany(
                "INSERT INTO output_documents (set_id, conference_id, kind, filename, title, reader, reader_key, "
                "reader_kind, recipients, due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        set_id,
                        conference_id,
                        d.kind,
                        d.filename,
                        d.title,
                        d.reader,
                        d.reader_key,
                        d.reader_kind,
                        json.dumps(list(d.recipients)),
                        d.due.isoformat() if d.due else None,
                    )
                    for d in documents
                ],
            )
            # A set none of whose documents is current any more is superseded (the record of what was sent).
            connection.execute(
                "UPDATE output_sets SET superseded_at = ? WHERE conference_id = ? AND superseded_at IS NULL "
                "AND id != ? "
                "AND NOT EXISTS (SELECT 1 FROM output_documents d WHERE d.set_id = output_sets.id "
                "AND d.superseded_at IS NULL)",
                (made, conference_id, set_id),
            )
        return set_id

    def output_sets(self, conference_id: str) -> list[OutputSet]:
        """Every set of documents produced for the conference, the oldest first."""
        rows = self._connection.execute(
            "SELECT id, conference_id, folder, kind, made_at, superseded_at FROM output_sets WHERE conference_id = ? "
            "ORDER BY id",
            (conference_id,),
        )
        return [
            OutputSet(i, c, Path(f), k, dt.datetime.fromisoformat(m), dt.datetime.fromisoformat(s) if s else None)
            for i, c, f, k, m, s in rows
        ]

    def tracked_documents(self, conference_id: str | None = None) -> list[TrackedDocument]:
        """The documents of every set (of one conference when ``conference_id`` is given), in the order made."""
        where, args = ("WHERE d.conference_id = ?", (conference_id,)) if conference_id else ("", ())
        return self._tracked(self._connection, where, args)

    @staticmethod
    def _tracked(connection: Connection, where: str, args: tuple[Any, ...]) -> list[TrackedDocument]:
        rows = connection.execute(
            "SELECT d.id, d.set_id, d.conference_id, d.kind, d.filename, d.title, d.reader, d.reader_key, "
            "d.reader_kind, d.recipients, d.due, s.folder, s.made_at, s.kind, d.superseded_at, d.sent_at, d.sent_to, "
            f"d.sent_how FROM output_documents d JOIN output_sets s ON s.id = d.set_id {where} ORDER BY d.id",
            args,
        )
        found = []
        for row in rows:
            (ident, set_id, conference, kind, filename, title, reader, key, reader_kind, recipients, due, folder) = row[
                :12
            ]
            made, set_kind, superseded, sent, sent_to, how = row[12:]
            found.append(
                TrackedDocument(
                    ident,
                    set_id,
                    conference,
                    kind,
                    filename,
                    title,
                    reader,
                    key,
                    reader_kind,
                    tuple(json.loads(recipients)),
                    dt.date.fromisoformat(due) if due else None,
                    Path(folder),
                    dt.datetime.fromisoformat(made),
                    set_kind,
                    dt.datetime.fromisoformat(superseded) if superseded else None,
                    dt.datetime.fromisoformat(sent) if sent else None,
                    sent_to,
                    how,
                )
            )
        return found

    def mark_sent(self, document_id: int, sent_at: dt.datetime | None, sent_to: str = "", how: str = "") -> None:
        """Record that a document was sent (when, to whom, how: a key of :data:`sending.HOW`), or with no
        ``sent_at`` that it was not after all; the audit says so by the document's number and kind, never a name.
        A document of a superseded set is never marked sent: a :class:`StorageError` says so."""
        if sent_at is not None and how not in sending.HOW:
            raise ValueError(f"not a way of sending: {how!r}")
        with self._connection as connection:
            connection.execute("BEGIN IMMEDIATE")
            row = connection.execute(
                "SELECT conference_id, kind, superseded_at FROM output_documents WHERE id = ?", (document_id,)
            ).fetchone()
            if row is None:
                raise StorageError(f"There is no document {document_id} in {self.path}.", "no-document", self.path)
            conference_id, kind, superseded = row
            if superseded is not None and sent_at is not None:
                raise StorageError(
                    "That document is from an older set of the outputs, superseded when they were produced again: "
                    "it is not to be sent. Send the current set's instead.",
                    "superseded",
                    self.path,
                )
            when = sent_at.isoformat(timespec="minutes") if sent_at else None
            connection.execute(
                "UPDATE output_documents SET sent_at = ?, sent_to = ?, sent_how = ? WHERE id = ?",
                (when, sent_to if sent_at else "", how if sent_at else "", document_id),
            )
            what = f"{kind} (document {document_id}) " + (f"sent {how}" if sent_at else "marked not sent")
            connection.execute(
                _ENTRY,
                (
                    _now(),
                    conference_id,
                    "send",
                    what,
                    None,
                    fingerprint(when),
                    "",
                    None,
                    changes.chair_login(),
                    changes.utc_now(),
                ),
            )
