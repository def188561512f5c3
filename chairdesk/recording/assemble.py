"""Joining a recording's parts into one playable file, after a normal stop or after a crash.

The same code serves both: a stopped recording and an interrupted one differ only in whether the last part was
closed. Every part is read a sealed second at a time (:mod:`chairdesk.recording.sealed`), so a part that was still
open when the laptop died gives up every whole second it holds instead of failing as a whole (an earlier version's
plain FLAC part, block by block). Gaps where the microphone was lost become silence of the same length, so offsets
(bookmarks, items typed) still point at the right moment. The joined file is sealed too, in records of a second.

The joined file is written, fsynced, renamed into place and read back in full (every second under its seal) with
exactly the expected number of samples; the parts stay beside it. A part sealed with another key, or changed since
it was written, stops the joining with a sentence saying so, and nothing is changed.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from chairdesk import keys, paths
from chairdesk.errors import ChairDeskError
from chairdesk.model import Bookmark
from chairdesk.recording import files, sealed
from chairdesk.recording.monitor import duration_words

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Gap:
    """Sound missing from the recording (silence in the joined file): ``offset`` seconds into it, ``seconds``
    long; ``why`` files.GAP_GONE (the microphone was lost) or files.GAP_DROPPED (its sound did not arrive for a
    moment)."""

    offset: float
    seconds: float
    why: str = files.GAP_GONE
    cut: float = 0.0  # GAP_DROPPED: how long before ``offset`` (in the recording's sound) the sound was cut

    @classmethod
    def from_manifest(cls, entry: dict[str, Any]) -> Gap:
        """A gap as the manifest keeps it, joined (``seconds``) or not yet (``gap``, in the list of parts)."""
        seconds = entry["seconds"] if "seconds" in entry else entry["gap"]
        why, cut = str(entry.get("why") or files.GAP_GONE), float(entry.get("cut") or 0.0)
        return cls(float(entry.get("offset", 0.0)), float(seconds), why, cut)


def gaps_words(gaps: tuple[Gap, ...] | list[Gap], length: Callable[[float], str]) -> str:
    """``a gap of 12 seconds where the microphone was lost and 3 moments (1 second in all) when its sound did not
    arrive``: what the gaps were, each length said by ``length``; "" when there are none."""
    said = []
    gone = [g for g in gaps if g.why != files.GAP_DROPPED]
    dropped = [g for g in gaps if g.why == files.GAP_DROPPED]
    if gone:
        count = "a gap" if len(gone) == 1 else f"{len(gone)} gaps"
        said.append(f"{count} of {length(sum(g.seconds for g in gone))} where the microphone was lost")
    if dropped:
        total = length(sum(g.seconds for g in dropped))
        said.append(
            f"a moment ({total}) when sound did not arrive from the microphone"
            if len(dropped) == 1
            else f"{len(dropped)} moments ({total} in all) when sound did not arrive from the microphone"
        )
    return " and ".join(said)


@dataclass(frozen=True)
class AssembledRecording:
    folder: Path
    path: Path
    duration: float  # seconds of the playable file, gaps included
    sound_seconds: float  # seconds of sound actually recorded
    gaps: tuple[Gap, ...]
    bookmarks: tuple[Bookmark, ...]
    interrupted: bool  # True when the recording had not been stopped (a crash, a power cut)
    problems: tuple[str, ...]
    started_at: str | None
    ended_at: str | None = None  # when the last sound was written (the last part's time on the disk)
    device: str | None = None  # the microphone the last part was recorded on

    @property
    def message(self) -> str:
        """One or two plain sentences for the chair."""
        started = ""
        if self.started_at:
            when = dt.datetime.fromisoformat(self.started_at)
            started = f" started at {when:%H:%M} on {when:%A} {when.day} {when:%B %Y}"
        sound = duration_words(self.sound_seconds)
        if not self.duration:
            return "Nothing was recorded: no sound had arrived from the microphone when the recording stopped."
        if self.interrupted:
            text = f"The recording{started} was interrupted. ChairDesk recovered {sound} of it"
        else:
            text = f"The recording{started} is saved: {sound}"
        if self.gaps:
            text += f", with {gaps_words(self.gaps, duration_words)}"
        text += "."
        for problem in self.problems:
            text += f" {problem}"
        return text


def read_part(path: Path, key: bytes | None = None) -> Iterator[np.ndarray]:
    """The samples of one part (int16 blocks), sealed or an earlier version's plain FLAC, stopping quietly at a torn
    end (a part being written when the process died: a sealed part loses at most the second being gathered, a
    plain one the last tenth of a second or so). A part that cannot be opened at all gives nothing (it is logged);
    one sealed with another key, or changed since it was written, raises
    :class:`~chairdesk.recording.sealed.RecordingUnreadable` in words."""
    try:
        part = sealed.open_recording(path, key)
    except sealed.RecordingUnreadable:
        if path.exists() and sealed.is_sealed(path):
            raise
        log.warning("a part cannot be opened: %s", path.name)
        return
    with part:
        yield from part.blocks()


def _manifest_or_scan(folder: Path) -> dict[str, Any]:
    manifest = files.read_manifest(folder)
    parts_on_disk = [p.name for p in files.part_files(folder)]
    if manifest is None:
        if not parts_on_disk:
            if files.joined_file(folder).exists():
                raise ChairDeskError(
                    f"{folder}: the recording there is already one file, {files.joined_file(folder).name}"
                )
            raise ChairDeskError(f"{folder}: there is no recording in this folder")
        rate = _rate_of(folder, parts_on_disk)
        manifest = {"format": files.FORMAT, "samplerate": rate, "state": files.RECORDING_STATE, "parts": []}
    listed = {p.get("file") for p in manifest["parts"]}
    for name in parts_on_disk:  # a part the manifest does not know of is never left out
        if name not in listed:
            manifest["parts"].append({"file": name, "frames": None, "closed": False})
    return manifest


def _rate_of(folder: Path, names: list[str]) -> int:
    """The sample rate of the first part that can be opened (a recording found without its manifest)."""
    for name in names:
        try:
            with sealed.open_recording(folder / name) as part:
                if part.samplerate:
                    return part.samplerate
        except sealed.RecordingUnreadable:
            continue
    raise ChairDeskError(f"{folder}: none of the recording's parts can be read")


def _result(folder: Path, manifest: dict[str, Any]) -> AssembledRecording:
    rate = manifest["samplerate"]
    return AssembledRecording(
        folder=folder,
        path=folder / manifest.get("file", files.RECORDING),
        duration=manifest["frames"] / rate,
        sound_seconds=manifest["sound_frames"] / rate,
        gaps=tuple(Gap.from_manifest(g) for g in manifest.get("gaps", [])),
        bookmarks=tuple(
            Bookmark(
                label=b["label"],
                offset=b["offset"],
                recording=folder.name,
                entered_at=dt.datetime.fromisoformat(b["entered_at"]) if b.get("entered_at") else None,
            )
            for b in manifest.get("bookmarks", [])
        ),
        interrupted=manifest.get("interrupted", False),
        problems=tuple(manifest.get("problems", [])),
        started_at=manifest.get("started_at"),
        ended_at=manifest.get("ended_at"),
        device=next((p["device"] for p in reversed(manifest["parts"]) if p.get("device")), None),
    )


def assemble(folder: str | Path) -> AssembledRecording:
    """Join the recording in ``folder`` into ``recording.sealed`` and describe it. Safe to run again at any point:
    a folder already joined is described as it is; one joined halfway is joined again from its parts.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ChairDeskError(f"{folder}: there is no such folder")
    lock = files.FolderLock(folder)
    if not lock.acquire():
        raise ChairDeskError(f"{folder} is still being recorded; stop that recording first")
    try:
        manifest = _manifest_or_scan(folder)
        joined = folder / manifest.get("file", files.RECORDING)
        if manifest.get("state") == files.COMPLETE and (joined.exists() or not manifest["frames"]):
            return _result(folder, manifest)
        return _join(folder, manifest)
    finally:
        lock.release()


class _NoSound(Exception):
    """The parts hold no sound at all: no joined file is made."""


def _join(folder: Path, manifest: dict[str, Any]) -> AssembledRecording:
    rate = int(manifest["samplerate"])
    needed = sum(
        (folder / p["file"]).stat().st_size for p in manifest["parts"] if (folder / p.get("file", "")).is_file()
    )
    free = shutil.disk_usage(folder).free
    if free < needed + 1024 * 1024:
        more = (needed + 1024 * 1024 - free) / 1e6
        raise ChairDeskError(
            f"there is not enough free space on the disk to put the recording together as one file (about "
            f"{more:.0f} MB more is needed). It is safe in its parts in {folder}; free some space and try again"
        )
    interrupted = manifest.get("state") != files.STOPPED
    key = keys.recordings_key()
    ended_at = _last_written(folder, manifest)
    frames = sound = 0
    gaps: list[dict[str, float]] = []
    problems: list[str] = []

    def join(into: BinaryIO) -> None:
        """Write the parts and gaps, sealed, into the file write_atomically gives (by its name)."""
        nonlocal frames, sound
        out = sealed.SealedWriter(Path(into.name), rate, key, sync_each=False)
        try:
            for part in manifest["parts"]:
                if "gap" in part:
                    seconds = float(part["gap"])
                    gap = {"offset": round(frames / rate, 3), "seconds": seconds}
                    gaps.append({**gap, "why": part["why"], "cut": part.get("cut", 0.0)} if "why" in part else gap)
                    frames += _write_silence(out, round(seconds * rate), rate)
                    continue
                got = 0
                for block in read_part(folder / part["file"], key):
                    out.gather(block)
                    got += len(block)
                frames += got
                sound += got
                missing = ((part.get("frames") or got) - got) / rate
                if part.get("closed") and missing >= 0.5:  # a damaged part, not the torn tail of a failed write
                    problems.append(f"The last {missing:.1f} seconds of {part['file']} could not be read.")
        finally:
            out.close()  # seals the last second and fsyncs
        if not frames:
            raise _NoSound  # no sound at all: no joined file is made

    try:
        paths.write_atomically(folder / files.RECORDING, join)
    except _NoSound:
        pass
    except (OSError, RuntimeError) as error:
        reason = getattr(error, "strerror", None) or "the disk refused it"
        raise ChairDeskError(
            f"the recording could not be put together as one file ({reason}). It is safe in its parts in {folder}; "
            "free some space and try again"
        ) from None
    if frames:
        _check_joined(folder / files.RECORDING, frames, key)
    manifest.update(
        state=files.COMPLETE,
        file=files.RECORDING,
        frames=frames,
        sound_frames=sound,
        gaps=gaps,
        interrupted=interrupted,
        problems=problems,
        assembled_at=dt.datetime.now().isoformat(timespec="seconds"),
    )
    if ended_at and not manifest.get("ended_at"):
        manifest["ended_at"] = ended_at
    manifest.setdefault("bookmarks", [])
    files.write_manifest(folder, manifest)
    # The one-minute parts stay beside the joined file: nothing of a recording is deleted unless the chair asks.
    return _result(folder, manifest)


def _last_written(folder: Path, manifest: dict[str, Any]) -> str | None:
    """When the recording's last sound reached the disk: the newest part's modification time."""
    times = []
    for part in manifest["parts"]:
        try:
            times.append((folder / part["file"]).stat().st_mtime)
        except (KeyError, OSError):
            continue
    return dt.datetime.fromtimestamp(max(times)).isoformat(timespec="seconds") if times else None


def _write_silence(out: sealed.SealedWriter, frames: int, rate: int) -> int:
    zeros = np.zeros(rate * 10, dtype=np.int16)
    left = frames
    while left > 0:
        n = min(left, len(zeros))
        out.gather(zeros[:n])
        left -= n
    return frames


def _check_joined(path: Path, frames: int, key: bytes) -> None:
    """Read the joined file back in full: every sample must be there, every second whole under its seal."""
    with sealed.open_recording(path, key) as joined:
        header = joined.frames
        readable = sum(len(b) for b in joined.blocks())
    if header != frames or readable != frames:
        raise ChairDeskError(
            f"the joined recording {path} did not read back complete ({readable} of {frames} samples); the parts "
            "have been kept"
        )


def recover_all(root: Path | None = None) -> list[AssembledRecording]:
    """Find every interrupted recording and join it into a playable file; what each holds is in its message."""
    return [assemble(folder) for folder in files.find_unfinished(root)]
