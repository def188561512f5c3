"""One ChairDesk per database: a lock the running app holds on a file beside its database.

The lock is the operating system's (``flock`` on Linux and macOS, ``msvcrt.locking`` on Windows): it belongs to
the open file, so it goes when the process ends however it ends — a ``kill -9`` or a power cut never leaves a
stale lock behind to stop the next start. The file itself (``chairdesk.sqlite.lock``) may stay; only the lock
on it counts.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from pathlib import Path
from typing import IO

from chairdesk import paths


def lock_path(db_path: Path) -> Path:
    """The file beside the database that the running app locks (beside the file itself, however it is named:
    through a link or a relative path, one database has one lock)."""
    db_path = Path(db_path).resolve()
    return db_path.with_name(f"{db_path.name}.lock")


class DatabaseLock:
    """The lock on one database. :meth:`acquire` takes it if no other ChairDesk holds it."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._file: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._file is not None

    def acquire(self) -> bool:
        """Take the lock; False if another ChairDesk holds it. Raises OSError if the lock file cannot be made
        (a folder that cannot be written; the database cannot be used then either)."""
        if self._file is not None:
            return True
        paths.private_folder(self.path.parent)
        handle = open(self.path, "a+b")  # noqa: SIM115 (held open for the life of the app)
        try:
            if not _lock(handle):
                handle.close()
                return False
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n".encode())  # for whoever looks: which process has it
            handle.flush()
        except OSError:
            handle.close()
            raise
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                _unlock(self._file)
            self._file.close()
            self._file = None

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


IN_USE = "in-use"  # the file, in a folder a running ChairDesk is using, that it holds locked (``in-use.lock``)
# A folder with no lock file yet is being claimed (made, then locked): it is left this long before it counts as left.
CLAIMING_SECONDS = 60.0


def claim_folder(folder: Path) -> DatabaseLock:
    """Make ``folder`` (owner-only) and hold it as this process's for as long as it runs: the lock goes when the
    process ends however it ends, so :func:`remove_unclaimed` can tell a folder a crashed ChairDesk left."""
    paths.private_folder(folder)
    claim = DatabaseLock(folder / IN_USE)
    claim.acquire()
    return claim


def remove_unclaimed(root: Path) -> int:
    """Remove every folder under ``root`` that no running ChairDesk holds (:func:`claim_folder`): what one that
    crashed, was killed or lost its power left. The number removed; one that cannot be removed is left."""
    removed = 0
    try:
        folders = [each for each in root.iterdir() if each.is_dir()]
    except OSError:
        return 0
    for folder in folders:
        probe = DatabaseLock(folder / IN_USE)
        try:
            # No lock file yet, or an empty one (it is written once held): another ChairDesk between making it and
            # locking it, unless that was long ago.
            lock_file = probe.path.stat() if probe.path.exists() else None
            made = lock_file.st_mtime if lock_file is not None else folder.stat().st_mtime
            if (lock_file is None or lock_file.st_size == 0) and time.time() - made < CLAIMING_SECONDS:
                continue
            if not probe.acquire():
                continue  # a running ChairDesk's
        except OSError:
            continue
        probe.release()
        shutil.rmtree(folder, ignore_errors=True)
        removed += not folder.exists()
    return removed


def is_open(db_path: Path) -> bool:
    """True if a running ChairDesk has ``db_path`` open (holds its lock)."""
    if not lock_path(db_path).exists():
        return False
    probe = DatabaseLock(db_path)
    try:
        taken = probe.acquire()
    except OSError:
        return False
    probe.release()
    return not taken


if sys.platform == "win32":
    import msvcrt

    def _lock(handle: IO[bytes]) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
