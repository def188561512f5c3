"""The recording's files as the writer thread keeps them: FLAC parts of about a minute and the manifest.

Used by one thread only (the recorder's writer thread, after the caller has made the first manifest). Errors are
not caught here: the recorder decides what a failure means for the chair.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from chairdesk.recording import files

log = logging.getLogger(__name__)


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


class PartWriter:
    """Streams 16-bit mono audio into ``folder`` as parts of ``part_seconds``, keeping the manifest up to date.

    A part is listed in the manifest before it is created, so recovery always knows it; it is fsynced and marked
    closed (with its length) when it is full. :meth:`sync` fsyncs the open part.
    """

    def __init__(self, folder: Path, rate: int, part_seconds: float, conference_id: str | None) -> None:
        self.folder = folder
        self.rate = rate
        self.part_frames_limit = max(1, round(part_seconds * rate))
        self.manifest: dict[str, Any] = {
            "format": files.FORMAT,
            "conference_id": conference_id,
            "started_at": _now(),
            "samplerate": rate,
            "channels": 1,
            "state": files.RECORDING_STATE,
            "parts": [],
            "bookmarks": [],
            "events": [],
        }
        self.frames_written = 0
        self._part: sf.SoundFile | None = None
        self._part_path: Path | None = None
        self._part_number = 0
        self._part_frames = 0
        self._closed_bytes = 0
        self._can_sync = True

    # -- audio ---------------------------------------------------------------------------------------------

    def write(self, block: np.ndarray, device: str | None) -> None:
        if self._part is None:
            self._open_part(device)
        assert self._part is not None
        self._part.write(block)
        self._part_frames += len(block)
        self.frames_written += len(block)
        if self._part_frames >= self.part_frames_limit:
            self.close_part()

    def _open_part(self, device: str | None) -> None:
        self._part_number += 1
        name = files.part_name(self._part_number)
        entry = {"file": name, "device": device, "started_at": _now(), "frames": None, "closed": False}
        self.manifest["parts"].append(entry)
        self.save()
        self._part_path = self.folder / name
        files.create_private_file(self._part_path)
        self._part = sf.SoundFile(self._part_path, "w", self.rate, 1, "PCM_16", format="FLAC")
        self._part_frames = 0

    def sync(self) -> None:
        """Put the open part's data on the disk (at most a second's worth is at risk in a power cut)."""
        if self._part is None or self._part_path is None or not self._can_sync:
            return
        try:
            files.fsync_path(self._part_path)
        except PermissionError:
            # Windows may refuse a second handle on the open part. A crash still loses nothing (the data is with
            # the system); only a power cut could cost more than a second, so record on rather than stop.
            log.warning("the open part cannot be synced to disk; relying on the system to write it")
            self._can_sync = False

    def close_part(self) -> None:
        part, self._part = self._part, None
        if part is None or self._part_path is None:
            return
        part.close()
        files.fsync_path(self._part_path)
        self._closed_bytes += self._part_path.stat().st_size
        entry = self.manifest["parts"][-1]
        entry["frames"], entry["closed"] = self._part_frames, True
        self.save()

    @property
    def bytes_written(self) -> int:
        """Bytes on disk so far, the open part included."""
        total = self._closed_bytes
        if self._part is not None and self._part_path is not None:
            with contextlib.suppress(OSError):
                total += self._part_path.stat().st_size
        return total

    # -- the manifest --------------------------------------------------------------------------------------

    def save(self) -> None:
        files.write_manifest(self.folder, self.manifest)

    def finish(self, state: str = files.STOPPED) -> None:
        """Close the open part and mark the recording stopped (ready to be joined)."""
        self.close_part()
        self.manifest["state"] = state
        self.save()

    def event(self, what: str, offset: float, state: str | None = None, **details: Any) -> None:
        self.manifest["events"].append({"what": what, "offset": round(offset, 3), "at": _now(), **details})
        if state is not None:
            self.manifest["state"] = state
        self.save()

    def bookmark(self, label: str, offset: float, entered_at: str) -> None:
        self.manifest["bookmarks"].append({"label": label, "offset": offset, "entered_at": entered_at})
        self.save()

    def gap(self, seconds: float, offset: float, device: str) -> None:
        """The microphone was lost for ``seconds`` at ``offset``; recording goes on with ``device``."""
        if seconds > 0:
            self.manifest["parts"].append({"gap": round(seconds, 3), "offset": round(offset, 3), "at": _now()})
        self.event("device-changed", offset, files.RECORDING_STATE, device=device)
