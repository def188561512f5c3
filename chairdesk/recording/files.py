"""Where a recording lives on disk, and how its files are written so that a crash or power cut loses little.

One recording (a *take*) is one folder, ``data_dir()/recordings/<conference id>/<YYYYmmdd-HHMMSS>/``::

    recording.json      the manifest: sample rate, the parts and gaps in order, bookmarks; replaced atomically
                        (it holds no names: not the conference's id, only times, devices and stage titles)
    part-0001.sealed    about a minute of audio each, sealed (encrypted) a second at a time: see sealed.py
    part-0002.sealed    the open part: each second sealed, written and fsynced as it is complete
    recording.sealed    the whole recording as one sealed file, made from the parts when recording stops (or on
                        recovery)
    .lock               held while a recorder writes, so recovery never touches a recording still being made

An earlier version wrote plain ``part-0001.flac`` parts and ``recording.flac``: they are still read (sealed.py), and
a recording joined from them is sealed. The conference's folder is named by a keyed hash of its id
(:func:`conference_folder`), so a folder name gives nothing away either; an earlier version's folder named by the
id is still found.

Folders are made owner-only (0700) and files owner-only (0600) from the moment they exist.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import hmac
import json
import logging
import math
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from chairdesk.errors import ChairDeskError
from chairdesk.paths import data_dir, short_name, write_atomically

log = logging.getLogger(__name__)

MANIFEST = "recording.json"
RECORDING = "recording.sealed"
LEGACY_RECORDING = "recording.flac"  # an earlier version's joined file, plain FLAC
LOCK = ".lock"
FORMAT = "chairdesk.recording/1"
PART_GLOB = "part-*.sealed"
LEGACY_PART_GLOB = "part-*.flac"

# The states a manifest can be in. Every state but COMPLETE still needs its parts joined (see assemble.py).
RECORDING_STATE = "recording"
PAUSED = "paused"
DEVICE_LOST = "device-lost"
STOPPED = "stopped"
COMPLETE = "complete"

# Why a gap (silence of its own length in the joined file) is in a recording: the microphone was gone (no sound for
# a second or more, until it was back), or sound did not arrive for a moment though the microphone carried on.
GAP_GONE = "gone"
GAP_DROPPED = "dropped"


def part_name(number: int) -> str:
    return f"part-{number:04d}.sealed"


def part_files(folder: Path) -> list[Path]:
    """The parts in ``folder``, sealed and an earlier version's plain FLAC ones, by name."""
    return sorted([*folder.glob(PART_GLOB), *folder.glob(LEGACY_PART_GLOB)], key=lambda p: p.name)


def joined_file(folder: Path) -> Path:
    """The take's recording as one file: the sealed one, or an earlier version's plain FLAC one when only that is
    there (the sealed name when there is neither yet)."""
    sealed = folder / RECORDING
    if not sealed.exists() and (folder / LEGACY_RECORDING).exists():
        return folder / LEGACY_RECORDING
    return sealed


def recordings_root() -> Path:
    """The folder holding every conference's recordings, in the user's data folder."""
    return data_dir() / "recordings"


def _safe(name: str) -> str:
    """A conference id as a folder name: no separators, nothing hidden, not too long."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".")
    return short_name(cleaned) if cleaned else "conference"


def folder_name(conference_id: str) -> str:
    """The name of a conference's recordings folder: a keyed hash of its id (an id may hold a family's name, as
    the demo's does), the same on every run with this data folder's key."""
    from chairdesk import keys

    digest = hmac.new(keys.derived_key("recording folders"), conference_id.encode("utf-8"), hashlib.sha256)
    return "c-" + digest.hexdigest()[:24]


def conference_folder(conference_id: str, root: Path | None = None) -> Path:
    """The folder of one conference's recordings, where its new takes go (under ``root``, by default
    :func:`recordings_root`)."""
    return (root if root is not None else recordings_root()) / folder_name(conference_id)


def conference_folders(conference_id: str, root: Path | None = None) -> list[Path]:
    """Every folder that may hold the conference's takes: its own, and the one an earlier version named by the id
    itself (its takes are still found there until :func:`rename_earlier_folder` has moved them)."""
    root = root if root is not None else recordings_root()
    return [root / name for name in folder_names(conference_id)]


def rename_earlier_folder(conference_id: str, root: Path | None = None) -> None:
    """Move the takes of the folder an earlier version named after the conference's id (and so, maybe, the
    family) into the conference's own folder. Only on the worker that looks for interrupted recordings, one look at
    a time (chairdesk.recording.recovery.ONE_LOOK), so no take is moved while it is being joined. One that cannot be
    moved now (open, or of the same name) stays, and is still found."""
    own, earlier = conference_folders(conference_id, root)
    if earlier != own and earlier.is_dir():
        _move_takes(earlier, own)


def folder_names(conference_id: str) -> tuple[str, str]:
    """The names of the conference's recordings folders: its own (keyed), and the one an earlier version used."""
    return folder_name(conference_id), _safe(conference_id)


def _move_takes(earlier: Path, own: Path) -> None:
    try:
        if not own.exists():
            os.replace(earlier, own)
            return
        for take in list(earlier.iterdir()):
            if take.is_dir() and not (own / take.name).exists() and not is_being_recorded(take):
                os.replace(take, own / take.name)
        earlier.rmdir()  # only once empty
    except OSError as error:
        log.warning("an earlier recordings folder could not be renamed now: %s", type(error).__name__)


def new_take_folder(conference_id: str, now: dt.datetime | None = None) -> Path:
    """A new, not yet existing folder for a recording of the conference, named by when it starts."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = conference_folder(conference_id) / stamp
    n = 1
    while folder.exists():
        n += 1
        folder = conference_folder(conference_id) / f"{stamp}-{n}"
    return folder


def existing_part_of(path: Path) -> Path:
    """``path`` itself if it exists, else its nearest ancestor that does (what the disk can be asked about)."""
    for candidate in [path, *path.parents]:
        if candidate.exists():
            return candidate
    return Path(path.anchor or ".")


def free_bytes(path: Path) -> int | None:
    """Bytes free for this user on the disk that holds (or will hold) ``path``; None when the disk cannot be asked.

    The one place the recorder learns how full the disk is: a :class:`~chairdesk.recording.recorder.Recorder`
    takes another such function (``free_space``) where a test needs a disk of a given size.
    """
    try:
        return shutil.disk_usage(existing_part_of(path)).free
    except OSError:
        return None


def megabytes(size: float, round_up: bool = False) -> str:
    """A size as the chair's computer shows it: "50 MB" (MB of 1024 × 1024 bytes, as Windows and ``df -h``).

    Space that is free is rounded down and space that is needed rounded up, so the chair is never told enough is
    free when it is not.
    """
    amount = max(0.0, size / (1024 * 1024))
    step = 10 if amount < 10 else 1  # tenths below 10 MB
    amount = (math.ceil(amount * step) if round_up else math.floor(amount * step)) / step
    return f"{amount:g} MB"


def blocking_file(folder: Path) -> Path | None:
    """The file standing where ``folder`` or one of its parents should be a folder, if there is one."""
    for candidate in [folder, *folder.parents]:
        if candidate.exists() or candidate.is_symlink():
            return None if candidate.is_dir() else candidate
    return None


def why_not_written(error: OSError, folder: Path) -> tuple[str, str]:
    """Why ``folder`` (or a file in it) could not be written, and what the chair can do: two plain phrases."""
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full", "Free some space on the disk"
    if code == errno.EROFS:
        return "the disk is read-only", "Use a disk that can be written to, or make this one writable"
    if code in (errno.EEXIST, errno.ENOTDIR) or blocking_file(folder) is not None:
        blocker = blocking_file(folder)
        where = f" at {blocker}" if blocker is not None else ""
        return f"a file is in the way{where}, where a folder should be", "Move or rename that file"
    if code in (errno.EACCES, errno.EPERM):
        return (
            f"ChairDesk is not allowed to write in {existing_part_of(folder)}",
            "Check that the folder can be written (it may be read-only or locked by another program)",
        )
    return error.strerror or "the disk refused it", "Check the disk and the folder"


def make_private_folder(folder: Path) -> None:
    """Make ``folder`` (and missing parents) readable by its owner only (0700 where the system has modes).

    The recordings root and the conference's folder are tightened too, so the audio is never exposed by a
    looser folder above it. On Windows the user's data folder is already private to the user by its ACL.
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        root = recordings_root()
        for path in [folder, *folder.parents]:
            os.chmod(path, 0o700)
            if path == root or root not in path.parents:
                break


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with owner-only permissions (0600) before anything else opens it.

    libsndfile keeps the mode of a file it truncates, so the audio is never readable by others, not even briefly.
    """
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    if os.name == "posix":
        os.chmod(path, 0o600)


def fsync_path(path: Path) -> None:
    """Ask the system to put ``path``'s data on the disk (it may be open elsewhere, e.g. by libsndfile)."""
    flags = os.O_RDWR if sys.platform == "win32" else os.O_RDONLY  # Windows needs write access to flush
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Replace the manifest atomically (:func:`chairdesk.paths.write_atomically`: owner-only, fsync, rename, the
    folder fsynced)."""
    write_atomically(folder / MANIFEST, (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The folder's manifest, or None when it has none. A damaged manifest is a :class:`ChairDeskError`."""
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ChairDeskError(f"the recording's list of parts in {folder} cannot be read ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ChairDeskError(f"{path} is not a ChairDesk recording")
    return data


class FolderLock:
    """An exclusive lock on a recording folder while a recorder writes to it.

    The operating system drops the lock when the process ends, even on ``kill -9``, so a lock that can be taken
    means nobody is recording there now.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another recorder holds it."""
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None


def is_being_recorded(folder: Path) -> bool:
    """True when a recorder (in this or another process) is writing to ``folder`` now."""
    if not (folder / LOCK).exists():
        return False
    lock = FolderLock(folder)
    if lock.acquire():
        lock.release()
        return False
    return True


def find_unfinished(root: Path | None = None) -> list[Path]:
    """Recordings under ``root`` (default: every conference's recordings) that were interrupted or never joined,
    and that no recorder is writing to now: what ChairDesk offers to join (:func:`chairdesk.recording.assemble.
    assemble`) when it opens. Only the manifests are read, so looking costs nothing when there is nothing."""
    root = root or recordings_root()
    found = []
    for manifest in sorted(root.glob(f"*/*/{MANIFEST}")) + sorted(root.glob(f"*/{MANIFEST}")):
        folder = manifest.parent
        try:
            data = read_manifest(folder)
        except ChairDeskError:
            # The take's name (when it began), never its path: an earlier version named the folder above it after
            # the conference, and so the family.
            log.warning("a recording's manifest cannot be read (take %s)", folder.name)
            continue
        if data and data.get("state") != COMPLETE and not is_being_recorded(folder):
            found.append(folder)
    return found
