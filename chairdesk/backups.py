"""Rolling backups of the database, and putting one back in place of a database that cannot be used.

Once ChairDesk has opened the database and the conference well, the writer copies the database into
``backups/`` beside it (the backup API, never a copy of the file, which could miss the WAL) and keeps the newest
few. A backup is encrypted with the database's key like the database (chairdesk.storage), and owner-only. When
the database cannot be used, the newest backup that opens cleanly is offered; restoring it moves the file that was
there aside under a new name (it is never deleted: whoever supports ChairDesk may recover more from it)
and puts a copy of the backup in its place.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from chairdesk import paths
from chairdesk.errors import ChairDeskError
from chairdesk.paths import write_atomically

if TYPE_CHECKING:
    from chairdesk.storage import Store

KEEP = 5
FOLDER = "backups"


def folder(db_path: Path) -> Path:
    """Where the rolling backups of ``db_path`` are kept."""
    return Path(db_path).parent / FOLDER


def rolling(db_path: Path) -> list[Path]:
    """The rolling backups of ``db_path``, newest first (their names sort by when they were taken)."""
    db_path = Path(db_path)
    found = folder(db_path).glob(f"{db_path.stem}-*{db_path.suffix}")
    return sorted((p for p in found if p.is_file()), key=lambda p: p.name, reverse=True)


def keep(store: Store) -> Path:
    """Add a backup of ``store``'s database as it is now; the oldest beyond :data:`KEEP` are removed."""
    target_folder = folder(store.path)
    paths.private_folder(target_folder)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = target_folder / f"{store.path.stem}-{stamp}{store.path.suffix}"
    # A backup is either whole or not there: SQLite writes it by name into the temporary file write_atomically gives.
    write_atomically(target, lambda out: store.backup(out.name))
    for old in rolling(store.path)[KEEP:]:
        old.unlink(missing_ok=True)
    encrypt_plain_backups(store.path)  # any an earlier version left (an encryption cut short by a crash)
    return target


def candidates(db_path: Path) -> list[Path]:
    """Every backup of ``db_path``, newest first: the rolling ones and those taken before a migration."""
    db_path = Path(db_path)
    before_migration = db_path.parent.glob(f"{db_path.stem}.v*-backup-*{db_path.suffix}")
    found = [*rolling(db_path), *(p for p in before_migration if p.is_file())]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def opens_cleanly(path: Path) -> bool:
    """True if ``path`` is a ChairDesk database this version can open and every conference in it reads."""
    from chairdesk.keys import KeyUnavailable
    from chairdesk.storage import APPLICATION_ID, SCHEMA_VERSION, Error, connect, is_plain

    try:
        connection = connect(path, read_only=True, plain=is_plain(path))
    except (Error, KeyUnavailable):
        return False
    try:
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return False
        (application,) = connection.execute("PRAGMA application_id").fetchone()
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        if application != APPLICATION_ID or not 0 < version <= SCHEMA_VERSION:
            return False
        for (document,) in connection.execute("SELECT document FROM conferences"):
            json.loads(document)
        return True
    except (Error, TypeError, ValueError):
        return False
    finally:
        connection.close()


def last_good(db_path: Path) -> Path | None:
    """The newest backup of ``db_path`` that opens cleanly, or None."""
    return next((p for p in candidates(db_path) if opens_cleanly(p)), None)


def encrypt_plain_backups(db_path: Path) -> None:
    """Encrypt in place every backup of ``db_path`` made by an earlier ChairDesk as a plain SQLite file (each is
    checked before it replaces the plain one); one that cannot be encrypted (a damaged one) is overwritten and
    removed, so no copy of the database is left readable without the key."""
    from chairdesk.paths import remove_plain
    from chairdesk.storage import Error, encrypt_in_place, is_plain

    for backup in candidates(db_path):
        if not is_plain(backup):
            continue
        try:
            encrypt_in_place(backup)
        except (OSError, Error):
            remove_plain(backup)


def taken_at(backup: Path) -> str:
    """When ``backup`` was taken, in words: "Tuesday 24 November 2026 at 10:02"."""
    when = dt.datetime.fromtimestamp(Path(backup).stat().st_mtime)
    return f"{when:%A} {when.day} {when:%B %Y} at {when:%H:%M}"


def restore(db_path: Path, backup: Path) -> Path | None:
    """Put a copy of ``backup`` in place of the database at ``db_path``. The file that was there (with the
    ``-wal`` and ``-shm`` files SQLite keeps beside it) is moved aside, never deleted; returns where it went."""
    db_path, backup = Path(db_path), Path(backup)
    try:
        data = backup.read_bytes()  # read first: nothing is moved if the backup cannot be read
    except OSError as error:
        raise ChairDeskError(f"The backup {backup} cannot be read ({error.strerror}); nothing was changed.") from None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.stem}.damaged-{stamp}{db_path.suffix}")
    moved: Path | None = None
    try:
        if db_path.exists():
            os.replace(db_path, aside)
            moved = aside
        for extra in ("-wal", "-shm"):  # they belong to the damaged file, and would spoil the restored one
            beside = Path(f"{db_path}{extra}")
            if beside.exists():
                os.replace(beside, Path(f"{aside}{extra}"))
        write_atomically(db_path, data)
    except OSError as error:
        kept = f" The database that was there is now {moved}." if moved else ""
        raise ChairDeskError(
            f"The backup could not be put in place of {db_path} ({error.strerror}).{kept} Nothing was deleted."
        ) from None
    return moved
