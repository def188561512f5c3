"""Closing a conference: its recording(s) and its current documents copied to a folder for the child's record on
the case-management system, the copy checked, and only then, when the chair confirms, the laptop's copy of the
recording removed.

:func:`export_for_the_record` copies and checks every file (its size and its SHA-256, read back from the copy);
a recording, sealed on the laptop, is exported as a plain FLAC file (made on purpose, the chair's to handle), checked
by reading it back: the same samples as the sealed recording, then its SHA-256 kept for the check before removal;
:func:`remove_recordings` checks the copies again and removes the takes' folders from the laptop. Nothing is ever
removed when a copy is missing or differs, or when a take is still being recorded. No Qt here: the record
editor asks the chair and calls these.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from chairdesk.errors import ChairDeskError
from chairdesk.model import Conference
from chairdesk.paths import LongWrite, name_part, write_atomically
from chairdesk.recording import files, sealed
from chairdesk.recording.timeline import Take, takes
from chairdesk.sending import TrackedDocument, current, outstanding, short_date

CHUNK = 1024 * 1024
PieceDone = Callable[[], object]  # called after each piece of a copy or a check (see export_for_the_record)


@dataclass(frozen=True)
class Copied:
    """One file copied: where from and to, its size and its SHA-256 (the same in both, checked)."""

    source: Path
    copy: Path
    size: int
    sha256: str


@dataclass(frozen=True)
class Export:
    folder: Path  # the folder made for this conference in the place the chair chose
    recordings: tuple[Copied, ...]
    documents: tuple[Copied, ...]
    takes: tuple[Take, ...]

    @property
    def sentence(self) -> str:
        size = sum(c.size for c in self.recordings + self.documents)
        count = sum(1 for c in self.recordings if c.copy.suffix == ".flac")
        said = "no recording" if not count else ("the recording" if count == 1 else f"{count} recordings")
        docs = len(self.documents)
        return (
            f"Copied {said} and {docs} document{'s' * (docs != 1)} ({files.megabytes(size, round_up=True)}) to "
            f"{self.folder}, and checked every copy (its size and a hash)."
        )


def _hash(path: Path, piece_done: PieceDone | None = None) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as stream:  # noqa: PTH123
        while block := stream.read(CHUNK):
            digest.update(block)
            size += len(block)
            if piece_done is not None:
                piece_done()
    return size, digest.hexdigest()


def _pour(source: BinaryIO, into: BinaryIO, piece_done: PieceDone | None) -> None:
    going = LongWrite(into, piece_done)
    while block := source.read(CHUNK):
        into.write(block)
        going.wrote(len(block))


def current_documents(tracked: Iterable[TrackedDocument]) -> list[Path]:
    """The conference's current documents (chairdesk.sending: those of no superseded set, as the outputs window
    offers them), that are still on disk."""
    return [path for d in current(tracked) if (path := d.folder / d.filename).is_file()]


def not_sent_words(tracked: Iterable[TrackedDocument]) -> str:
    """What of the current documents is not marked sent, as the chair is told before closing ("" when all are):
    one line each, "Decision letter for Kerry Harper (due Wed 25 Nov 2026)"."""
    left = outstanding(tracked)
    if not left:
        return ""
    lines = [f"{d.title} for {d.reader}" + (f" (due {short_date(d.due)})" if d.due else "") for d in left]
    return f"{len(left)} of the current documents are not marked sent:\n" + "\n".join(lines)


def _copy(source: Path, target: Path, piece_done: PieceDone | None = None) -> Copied:
    size, digest = _hash(source, piece_done)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(source, "rb") as original:  # noqa: PTH123
            # whole or not there, and on the disk before it is checked
            write_atomically(target, lambda into: _pour(original, into, piece_done))
    except OSError as error:
        raise ChairDeskError(
            f"{source.name} could not be copied to {target.parent} ({error.strerror or 'the disk refused it'}). "
            "Nothing has been removed from this laptop; choose another folder or free some space, and try again."
        ) from None
    copied = Copied(source, target, size, digest)
    _check(copied, piece_done)
    return copied


def _export_recording(source: Path, target: Path, piece_done: PieceDone | None = None) -> Copied:
    """Write the take's recording as a plain FLAC file at ``target`` (the chair's copy for the child's record), check
    that it reads back as the same samples, and keep its SHA-256 (checked again before the laptop's copy goes)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        sealed.export_flac(source, target, piece_done=piece_done)
    except OSError as error:
        target.unlink(missing_ok=True)
        raise ChairDeskError(
            f"{source.parent.name} could not be copied to {target.parent} ({error.strerror or 'the disk refused it'}). "
            "Nothing has been removed from this laptop; choose another folder or free some space, and try again."
        ) from None
    except ChairDeskError as error:
        raise ChairDeskError(f"{error} Nothing has been removed from this laptop.") from None
    size, digest = _hash(target, piece_done)
    return Copied(source, target, size, digest)


def _check(copied: Copied, piece_done: PieceDone | None = None) -> None:
    """The copy is there, the same size and the same SHA-256 as the file it was copied from."""
    try:
        size, digest = _hash(copied.copy, piece_done)
    except OSError:
        size, digest = -1, ""
    if (size, digest) != (copied.size, copied.sha256):
        raise ChairDeskError(
            f"The copy of {copied.source.name} in {copied.copy.parent} is not the same as the original (it is "
            f"{'missing' if size < 0 else 'different'}). Nothing has been removed from this laptop; export again."
        )


def export_for_the_record(
    conference: Conference,
    destination: Path,
    documents: list[Path] | None = None,
    root: Path | None = None,
    piece_done: PieceDone | None = None,
) -> Export:
    """Copy the conference's takes (each joined recording, with its list of parts and bookmarks) and its current
    documents into a new folder in ``destination``, and check every copy. ``root``: the recordings folder (tests).
    ``piece_done`` is called after each megabyte or block written or read back (a window's sign that the export to
    a slow share is still going on)."""
    if not destination.is_dir():
        raise ChairDeskError(f"{destination} is not a folder that can be written to; choose another.")
    known = takes(conference.id or "", root)
    unjoined = [t for t in known if not t.joined and t.duration != 0]
    if any(files.is_being_recorded(t.folder) for t in known):
        raise ChairDeskError("The conference is still being recorded. Stop the recording, then export.")
    if unjoined:
        raise ChairDeskError(
            f"The recording {unjoined[0].name} has not been put together as one file yet (ChairDesk does this when "
            "it starts after a crash). Open the conference again, then export."
        )
    name = name_part(f"{conference.family.name} family conference {conference.date:%Y-%m-%d}", "conference")
    folder, n = destination / name, 1
    while folder.exists():
        n += 1
        folder = destination / f"{name} ({n})"
    recordings = []
    for number, take in enumerate([t for t in known if t.joined], start=1):
        stem = f"recording {number} ({take.name})" if len(known) > 1 else f"recording ({take.name})"
        recordings.append(_export_recording(take.path, folder / "recording" / f"{stem}.flac", piece_done))
        if (take.folder / files.MANIFEST).exists():
            recordings.append(_copy(take.folder / files.MANIFEST, folder / "recording" / f"{stem}.json", piece_done))
    copied = [_copy(doc, folder / "documents" / doc.name, piece_done) for doc in documents or []]
    return Export(folder, tuple(recordings), tuple(copied), tuple(known))


def remove_recordings(exported: Export, confirmed: bool, piece_done: PieceDone | None = None) -> list[Path]:
    """Remove the laptop's copy of each exported take (its whole folder: the joined file, the parts, the list),
    only when the chair ``confirmed`` and after checking each copy again (``piece_done`` after each megabyte read).
    Returns the folders removed."""
    if not confirmed:
        return []
    for copied in exported.recordings:
        _check(copied, piece_done)
    removed = []
    for take in exported.takes:
        if not any(c.source == take.path for c in exported.recordings):
            continue
        if files.is_being_recorded(take.folder):
            raise ChairDeskError(f"The recording {take.name} is being recorded again; it has not been removed.")
        if piece_done is not None:
            piece_done()  # the last word before a removal: a window that gave up the work stops it here
        shutil.rmtree(take.folder)
        removed.append(take.folder)
    return removed
