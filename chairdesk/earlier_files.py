"""What an earlier ChairDesk left in the clear beside the database, sealed as this version seals it.

Before recordings and attachments were sealed, ChairDesk kept them plain: FLAC recordings (``part-*.flac``,
``recording.flac``) and copies of the files the chair attached. The database is encrypted in place the first time
this version opens it (:func:`chairdesk.storage.encrypt_in_place`); :func:`seal_earlier_files` does the same for
these, once, on a worker after the console is drawn: each plain file is sealed beside it, read back and compared,
put in its place (the manifest first pointing at the sealed part), and only then is the plain file overwritten with
zeros and removed. So a crash, a full disk or a file that cannot be read leaves the plain file as it was (it is
tried again at the next start), never half of one. The folders an earlier version named after a conference's id
are renamed to their keyed names when the conference is next opened (it is the id that gives the name:
:func:`chairdesk.recording.files.rename_earlier_folder`, :func:`chairdesk.attachments.conference_folder`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from chairdesk import at_rest, keys, paths
from chairdesk.errors import ChairDeskError

log = logging.getLogger(__name__)


def bring_up_to_date(conference_id: str = "") -> int:
    """On the worker that looks for interrupted recordings (under recovery.ONE_LOOK): seal what an earlier version
    left plain, and give the open conference's folders named after its id their keyed names. Never raises (what
    fails is logged by its kind, and tried again at the next start): the look for interrupted recordings comes next.
    The number of files sealed."""
    from chairdesk import attachments, instance
    from chairdesk.recording import files

    sealed = 0
    try:
        # One ChairDesk at a time seals (two on two databases may share a data folder); the other leaves it.
        with instance.DatabaseLock(paths.data_dir() / "sealing-earlier-files") as held:
            if held.acquire():
                sealed = seal_earlier_files()
        if conference_id:
            files.rename_earlier_folder(conference_id)
            attachments.conference_folder(conference_id)  # (renames the earlier one when it is asked for)
    except Exception as error:  # never in the way of the look for interrupted recordings
        log.warning("what an earlier version left could not be brought up to date now: %s", type(error).__name__)
    return sealed


def seal_earlier_files() -> int:
    """Seal every plain recording and attachment an earlier version left in the data folder; the number of files
    sealed. One that cannot be sealed now is left as it is, and logged by its kind only."""
    from chairdesk import attachments
    from chairdesk.recording import files

    sealed = 0
    for take in sorted({m.parent for m in files.recordings_root().glob(f"*/*/{files.MANIFEST}")}):
        sealed += _guarded(_seal_take, take)
    root = attachments.attachments_root()
    for stored in sorted(root.glob("*/*")) if root.is_dir() else []:
        if stored.is_file() and not stored.name.startswith(".") and not at_rest.is_sealed_stream(stored):
            sealed += _guarded(_seal_attachment, stored)
    if sealed:
        log.info("sealed %d plain files an earlier version left", sealed)
    return sealed


def _guarded(seal: Callable[[Path], int], path: Path) -> int:
    """``seal(path)``, or 0 when anything goes wrong (logged by its kind): one file never stops the others."""
    try:
        return seal(path)
    except Exception as error:
        log.warning("a file an earlier version left could not be sealed now: %s", type(error).__name__)
        return 0


def _seal_take(take: Path) -> int:
    """Seal an earlier version's plain FLAC parts and joined file of one recording (not one being recorded)."""
    from chairdesk.recording import files

    lock = files.FolderLock(take)  # as joining a take holds it: never sealed while another ChairDesk joins it
    if not lock.acquire():
        return 0
    try:
        return _seal_held_take(take)
    finally:
        lock.release()


# An earlier version joined a take into this plain file and renamed it only when whole: one a crash left is a plain
# copy of part of the meeting that nothing reads any more.
EARLIER_JOINING = ".recording.flac.partial"


def _seal_held_take(take: Path) -> int:
    from chairdesk.recording import files

    if (take / EARLIER_JOINING).is_file():
        paths.remove_plain(take / EARLIER_JOINING)
    try:
        manifest = files.read_manifest(take)
    except ChairDeskError:
        return 0
    if not manifest or not any(take.glob("*.flac")):
        return 0
    rate, key, count = int(manifest["samplerate"]), keys.recordings_key(), 0
    for part in manifest.get("parts", []):
        plain = take / str(part.get("file", ""))
        if plain.suffix == ".sealed" and plain.with_suffix(".flac").is_file():
            # Sealed, and the manifest names it, but the plain part was not removed then (a crash while it was
            # being zeroed): removed now.
            paths.remove_plain(plain.with_suffix(".flac"))
        elif (
            plain.suffix == ".flac"
            and plain.is_file()
            and _sealed(plain, plain.with_suffix(".sealed"), rate, key, part.get("frames"))
        ):
            part["file"] = plain.with_suffix(".sealed").name
            files.write_manifest(take, manifest)  # pointing at the sealed part before the plain one goes
            paths.remove_plain(plain)
            count += 1
    joined = take / files.LEGACY_RECORDING
    if joined.is_file() and _sealed(joined, take / files.RECORDING, rate, key, manifest.get("frames")):
        if manifest.get("file") == files.LEGACY_RECORDING:
            manifest["file"] = files.RECORDING
            files.write_manifest(take, manifest)
        paths.remove_plain(joined)
        count += 1
    return count


def _sealed(plain: Path, target: Path, rate: int, key: bytes, frames: int | None) -> bool:
    """:func:`_seal_sound`, or False (logged by its kind) when this one file cannot be sealed now: it is left
    plain and tried again at the next start, and the take's other files are still sealed."""
    try:
        _seal_sound(plain, target, rate, key, frames)
        return True
    except Exception as error:  # (an odd FLAC may raise anything: one file never stops the others)
        log.warning("a recording an earlier version left could not be sealed now: %s", type(error).__name__)
        return False


# A plain part read back this much short of the frames its manifest gives (more than a FLAC frame or two: not the
# torn tail a crash leaves) is damaged: it is left as it is, for whoever can read more of it, never replaced.
SHORT_BY = 8192


def _seal_sound(plain: Path, target: Path, rate: int, key: bytes, frames: int | None) -> None:
    """Write ``plain`` (FLAC) sealed as ``target``, whole or not at all, and check it reads back the same sound.
    ``frames``: how many the manifest says it holds (None: not known, a part a crash left open)."""
    from chairdesk.recording import sealed
    from chairdesk.recording.assemble import read_part

    heard, count = hashlib.sha256(), 0

    def write(into: BinaryIO) -> None:
        nonlocal count
        out = sealed.SealedWriter(Path(into.name), rate, key, sync_each=False)
        try:
            for block in read_part(plain, key):
                heard.update(block.tobytes())
                count += len(block)
                out.gather(block)
        finally:
            out.close()
        if (count == 0 and plain.stat().st_size > 0) or (frames is not None and count < frames - SHORT_BY):
            raise ChairDeskError("the plain recording cannot be read whole")

    paths.write_atomically(target, write)
    again = hashlib.sha256()
    for block in read_part(target, key):
        again.update(block.tobytes())
    if again.digest() != heard.digest():
        target.unlink(missing_ok=True)
        raise ChairDeskError("the sealed recording does not read back as the plain one")


class _Digest:
    """A file-like sink that only hashes what is written to it."""

    def __init__(self) -> None:
        self.hash = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        return len(data)


def _seal_attachment(stored: Path) -> int:
    """Seal an earlier version's plain copy of an attachment under the same name (the record names it): the sealed
    copy is read back and compared before it takes the plain one's place, whose bytes are then zeroed."""
    from chairdesk.attachments import SEALED_FOR

    try:
        with open(stored, "r+b") as old:
            if old.read(len(at_rest.STREAM_MAGIC)) == at_rest.STREAM_MAGIC:
                return 0  # sealed since it was listed
            old.seek(0)
            plain = _Digest()
            for piece in iter(lambda: old.read(1024 * 1024), b""):
                plain.write(piece)
            old.seek(0)

            def seal_and_check(out: BinaryIO) -> None:
                at_rest.seal_stream(old, out, SEALED_FOR)
                out.flush()
                back = _Digest()
                with open(out.name, "rb") as sealed_copy:
                    at_rest.unseal_stream(sealed_copy, back, SEALED_FOR)  # type: ignore[arg-type]
                if back.hash.digest() != plain.hash.digest():
                    raise ChairDeskError("the sealed copy does not read back as the plain one")

            paths.write_atomically(stored, seal_and_check)  # in the plain one's place only once checked
            paths.zero_file(old)  # the plain copy, no longer in the folder: its bytes do not stay on the disk
        return 1
    except (OSError, ChairDeskError) as error:  # left plain; tried again next start
        log.warning("an earlier attachment could not be sealed now: %s", type(error).__name__)
        return 0
