"""Where things live: the files shipped in ``resources/`` and the user's own data, logs and recordings."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, BinaryIO

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "ChairDesk"


def resource(name: str) -> Traversable:
    """The shipped file ``name``, a path relative to ``resources/``."""
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if (checkout / "conference.schema.json").is_file():
        return checkout.joinpath(name)  # running from a checkout (or an editable install)
    return resources.files("chairdesk.resources").joinpath(name)  # an installed wheel


def ui_form(name: str) -> Traversable:
    """The Qt Designer form ``name`` in ``ui/``."""
    checkout = Path(__file__).resolve().parent.parent / "ui"
    if (checkout / name).is_file():
        return checkout.joinpath(name)
    return resources.files("chairdesk.ui").joinpath(name)


@cache
def conference_schema() -> dict[str, Any]:
    """The JSON Schema of the conference file, ``resources/conference.schema.json``."""
    return json.loads(resource("conference.schema.json").read_text(encoding="utf-8"))


# Every file and folder ChairDesk writes is its user's alone: a child's name in any of them is as private as the
# database (issue 12). The umask makes it so from the cause; the folder helpers make sure of it whatever the umask.
OWNER_ONLY_UMASK = 0o077
FOLDER_MODE = 0o700


def owner_only() -> None:
    """Make every file and folder this process creates from now on owner-only (``umask 077``), and let it leave no
    crash dump (:func:`no_crash_dumps`): called first thing by every way ChairDesk starts (``chairdesk``,
    ``python -m chairdesk``, the app)."""
    os.umask(OWNER_ONLY_UMASK)
    no_crash_dumps()


def no_crash_dumps() -> None:
    """A crash must not write this process's memory to the disk: it holds the data key and every name read. On
    Linux and macOS the core file's size limit is made 0, which the kernel and systemd-coredump follow; on Windows
    the packaged app is left out of Windows Error Reporting for this user. (Marking the process not dumpable would
    also stop the desktop's file-chooser portal from serving it, so it is not done.) Nothing here stops ChairDesk
    when it cannot be done (it is logged)."""
    try:
        if sys.platform == "win32":
            _no_windows_error_reports()
            return
        import resource

        # The limit that counts (the soft one) is 0; the hard one is left, so a program ChairDesk starts may still
        # have its own (a viewer, a test's child).
        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    except (OSError, ValueError, AttributeError) as error:
        log.warning("crash dumps could not be turned off: %s", type(error).__name__)


def _no_windows_error_reports() -> None:
    """Leave the packaged app (chairdesk.exe) out of Windows Error Reporting's dumps, for this user."""
    if not getattr(sys, "frozen", False):
        return  # python.exe is not ChairDesk's alone to exclude
    import ctypes

    wer = ctypes.WinDLL("wer.dll")  # type: ignore[attr-defined]
    if wer.WerAddExcludedApplication(Path(sys.executable).name, False) != 0:  # an HRESULT: 0 is S_OK
        raise OSError("Windows Error Reporting did not take the exclusion")


def private_folder(folder: str | os.PathLike[str]) -> Path:
    """Make ``folder`` (and any folder above it that is made with it) and make it owner-only (0700), whatever
    the umask; a folder that is there already is tightened. Returns it. Raises ``OSError`` as ``mkdir`` does."""
    folder = Path(folder)
    missing = []
    for each in (folder, *folder.parents):
        if each.exists():
            break
        missing.append(each)
    for each in reversed(missing):
        each.mkdir(mode=FOLDER_MODE, exist_ok=True)
        _chmod(each, FOLDER_MODE)
    if not missing:
        _chmod(folder)
    return folder


def _chmod(path: Path, mode: int = 0) -> None:
    """Take away group's and others' access to ``path`` (and set ``mode`` when given: a folder just made). The
    owner's own access is never widened: a read-only folder stays read-only."""
    if sys.platform == "win32":
        return  # Windows keeps a user's profile folders to the user (their ACLs); chmod only sets read-only
    try:
        info = path.lstat()
        now = stat.S_IMODE(info.st_mode)
        wanted = mode or now & ~0o077
        if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid() or now == wanted:
            return
        path.chmod(wanted)
    except OSError:
        pass  # not ours to change (a folder on a USB stick, a file system without modes): left as it is


def tighten(folder: str | os.PathLike[str]) -> None:
    """Take away everyone else's access to ``folder`` and everything in it: the folders and files an earlier
    ChairDesk made 0755 and 0644 are made owner-only on start. Symbolic links are not followed."""
    folder = Path(folder)
    if not folder.is_dir() or folder.is_symlink():
        return
    _chmod(folder)
    for root, folders, files in os.walk(folder):
        for name in folders + files:
            _chmod(Path(root) / name)


def tighten_all(database: str | os.PathLike[str] | None = None) -> None:
    """On start: the data, cache and log folders owner-only through and through, and the database with the files
    SQLite keeps beside it and its backups (which may be outside the data folder: ``--db``)."""
    for folder in {data_dir(), cache_dir(), log_dir()}:
        tighten(folder)
    if database is not None:
        database = Path(database)
        for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            if path.is_file():
                _chmod(path)
        tighten(database.parent / "backups")


def data_dir() -> Path:
    """The user's ChairDesk data folder (per platform), or ``CHAIRDESK_DATA`` when set."""
    override = os.environ.get("CHAIRDESK_DATA")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    """The database used when neither ``--db`` nor ``CHAIRDESK_DB`` names one."""
    override = os.environ.get("CHAIRDESK_DB")
    if override:
        return Path(override)
    return data_dir() / "chairdesk.sqlite"


def opened_root() -> Path:
    """Where the plain copies of attachments opened in the computer's viewer are (chairdesk.attachments), a folder
    per running ChairDesk, in the cache."""
    return cache_dir() / "opened"


def cache_dir() -> Path:
    """Where ChairDesk keeps what it can make again (inside ``CHAIRDESK_DATA`` when that is set)."""
    override = os.environ.get("CHAIRDESK_DATA")
    if override:
        return Path(override) / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


# The most bytes (UTF-8) of a file or folder name ChairDesk makes from a name or an id: a family's, a household's
# or a conference's, however long, still gives a whole name (with the date and what the document is) well under the
# 255 bytes a disk allows for one name, and a path well under Windows' 260 characters in a usual data folder.
NAME_PART_BYTES = 60


def short_name(text: str, limit: int = NAME_PART_BYTES) -> str:
    """``text`` (already fit for a file name) cut to at most ``limit`` bytes of UTF-8, between two characters.
    When it is cut, its end is a short fingerprint of the whole, so that two long names sharing a beginning still
    give two names. The one place every file and folder name made from a name or an id is cut."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    mark = hashlib.sha256(encoded).hexdigest()[:8]
    kept = encoded[: max(limit - len(mark) - 1, 1)].decode("utf-8", errors="ignore").rstrip("-_. ")
    return f"{kept}-{mark}" if kept else mark


def name_part(text: str, fallback: str) -> str:
    """A name (a family's, a household's) as part of a file or folder name: lower case, the letters and digits of
    any alphabet kept, everything else one hyphen, cut to a safe length (:func:`short_name`); ``fallback`` when
    nothing is left."""
    slug = re.sub(r"[^\w]+", "-", text.casefold()).strip("-_")
    return short_name(slug) if slug else fallback


def conference_folder_name(conference_id: str) -> str:
    """The name of a conference's folders in the data folder (its recordings, attachments, sets of documents):
    ``c-`` and 20 hex digits of an HMAC of its id under a key made from the data key. A conference's id may carry
    the family's name ('demo-harper-2026-11-24'), and a folder's name is read without opening anything: so the
    name says nothing of the family, and cannot be checked against a guessed id without the key. The same id gives
    the same name on every start (and after the council's recovery of the key)."""
    import hmac

    from chairdesk import keys

    digest = hmac.new(keys.derived_key("folder names"), conference_id.encode("utf-8"), hashlib.sha256)
    return f"c-{digest.hexdigest()[:20]}"


def conference_folder(root: str | os.PathLike[str], conference_id: str, earlier_name: str | None = None) -> Path:
    """The folder of ``conference_id`` in ``root`` (named by :func:`conference_folder_name`). One an earlier
    version named after the id (``earlier_name``) is renamed to it the first time it is asked for, so what it
    holds is still found and its name no longer carries the family's."""
    folder = Path(root) / conference_folder_name(conference_id)
    if earlier_name and earlier_name != folder.name:
        earlier = Path(root) / earlier_name
        if earlier.is_dir() and not folder.exists():
            try:
                os.replace(earlier, folder)
            except OSError:
                return earlier  # not renamed this time (a file in it is open): still found where it is
    return folder


def zero_file(file: BinaryIO) -> None:
    """Overwrite the open file ``file`` with zeros to its end and put it on the disk: what it held in the clear (a
    plain database, an earlier version's recording) does not stay readable in its blocks. (On a flash disk the old
    blocks may survive elsewhere until reused: the disk's own encryption is the council's to turn on.)"""
    size = os.fstat(file.fileno()).st_size
    file.seek(0)
    while file.tell() < size:
        file.write(bytes(min(1024 * 1024, size - file.tell())))
    file.flush()
    os.fsync(file.fileno())


def remove_plain(path: str | os.PathLike[str]) -> None:
    """Overwrite the plain file at ``path`` with zeros, then remove it."""
    path = Path(path)
    try:
        with open(path, "r+b") as file:
            zero_file(file)
    except OSError:
        pass
    path.unlink(missing_ok=True)


def write_atomically(path: str | os.PathLike[str], data: bytes | BinaryIO | Callable[[BinaryIO], object]) -> None:
    """Write ``data`` to ``path`` so that it is either all there or not there at all: the one way ChairDesk writes
    a whole file. ``data`` is bytes; an open file, read to its end in pieces (a copy too large to hold in memory);
    or a function that writes to the open file it is given, as sealing does. A library that writes only by name
    (SQLite's backup, libsndfile) writes to the file's ``name``, the temporary file's path.

    A temporary file beside ``path`` (owner-only), put on the disk (fsync), renamed over ``path``, and the folder
    put on the disk too, so the rename survives a power cut. If anything fails (the function raises), the
    temporary file is removed and ``path`` is as it was."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        # mkstemp's descriptor (owner-only), in a file object whose ``name`` is the temporary file's path
        with open(temporary, "wb", opener=lambda _path, _flags: handle) as out:  # noqa: PTH123
            if isinstance(data, bytes):
                out.write(data)
            elif callable(data):
                data(out)
            else:
                shutil.copyfileobj(data, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())  # the file's data, whichever descriptor wrote it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


SYNC_EVERY = 8 * 1024 * 1024  # a long write that reports its progress is put on the disk this often (LongWrite)


class LongWrite:
    """A long write (a copy of a recording, an attachment) to a folder that may be a network share, saying as it goes
    that it is still going on: :meth:`wrote` after each piece calls ``piece_done``, and every :data:`SYNC_EVERY`
    bytes first puts what ``out`` holds on the disk. Without that, a share's cache could take the whole file at once
    and the final fsync take minutes with no sign of life. With no ``piece_done``, it does nothing."""

    def __init__(self, out: BinaryIO, piece_done: Callable[[], object] | None) -> None:
        self.out, self.piece_done, self._unsynced = out, piece_done, 0

    def wrote(self, size: int) -> None:
        if self.piece_done is None:
            return
        self._unsynced += size
        if self._unsynced >= SYNC_EVERY:
            self.out.flush()
            with contextlib.suppress(OSError, ValueError):  # no descriptor (in memory): nothing to put on a disk
                os.fsync(self.out.fileno())  # the file's data, whichever descriptor wrote it (libsndfile: by name)
            self._unsynced = 0
        self.piece_done()


def sync_folder(folder: str | os.PathLike[str]) -> None:
    """Make a rename or a new file in ``folder`` survive a power cut (POSIX; Windows has no folder fsync). A file
    system that cannot sync a folder (some USB sticks' drivers say so) is left as it is: there is nothing more to do."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    finally:
        os.close(fd)


def log_dir() -> Path:
    """Where ChairDesk writes its log (inside ``CHAIRDESK_DATA`` when that is set, like the cache)."""
    override = os.environ.get("CHAIRDESK_DATA")
    if override:
        return Path(override) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
