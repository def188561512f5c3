"""The recording's files as the writer thread keeps them: sealed parts of about a minute and the manifest.

Used by one thread only (the recorder's writer thread, after the caller has made the first manifest). Errors in
the recording's own folder are not caught here: the recorder decides what a failure means for the chair. Errors in
the optional second copy are caught here: the recording goes on without it, and ``on_copy_failed`` says why.

The second copy is written on a thread of its own (:class:`_CopyThread`), never on the writer thread: a folder that
hangs rather than fails (a network drive that stopped answering, a failing memory stick) would otherwise hold the
writer, and with it the recording on the laptop, past the two seconds a crash may lose. A copy that has fallen
:data:`COPY_PATIENCE` seconds behind (a step handed over that long ago not yet done: the folder hangs, or is too slow
to keep up) is given up like one that failed.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import datetime as dt
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from chairdesk import keys
from chairdesk.recording import files
from chairdesk.recording.sealed import CODEC_PCM16, SealedWriter

log = logging.getLogger(__name__)

# Each sealed record: at most this much is being gathered, and lost if ChairDesk is killed. Half a second keeps a
# kill -9's loss well inside the 2 s the recorder promises, with what waits in the queue on a busy machine.
RECORD_SECONDS = 0.5
COPY_FOLDER = "ChairDesk recordings"  # made in the second folder the chair chose
COPY_PATIENCE = 5.0  # seconds the second copy may fall behind the recording before it is given up
FELL_BEHIND = "the folder is not answering, or is too slow to keep up"  # why, when it is given up so


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def copy_folder_of(folder: Path, second_folder: Path) -> Path:
    """Where the second copy of the take in ``folder`` goes, in the ``second_folder`` the chair chose (a USB
    stick): the same conference folder (a keyed hash, no name) and take folder (a time) as on the laptop."""
    return Path(second_folder) / COPY_FOLDER / folder.parent.name / folder.name


class _CopyThread:
    """The second copy's own thread: the steps given to :meth:`put` (open a part's copy, write a sealed second, put it
    on the disk, write the manifest) done in order. The writer thread asks :meth:`failed` and :meth:`behind`; after
    :meth:`stop` the steps still waiting are dropped, and the copy's file is closed once the thread is free. The
    thread starts with the first step, and again with a step given after :meth:`finish` (the manifest saved late)."""

    def __init__(self) -> None:
        self.fd: int | None = None  # the open part's copy: used and closed on this thread only
        self._steps: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._error: OSError | None = None
        self._handed: collections.deque[float] = collections.deque()  # when each step not yet done was handed over
        self._stopped = False
        self._thread: threading.Thread | None = None

    def put(self, step: Callable[[], None]) -> None:
        with self._lock:
            self._handed.append(time.monotonic())
        self._steps.put(step)
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="chairdesk-second-copy", daemon=True)
            self._thread.start()

    def failed(self) -> OSError | None:
        """Why a step failed, once one has."""
        with self._lock:
            return self._error

    def behind(self) -> float:
        """How long ago the oldest step not yet done was handed over (0 when every step is done)."""
        with self._lock:
            return time.monotonic() - self._handed[0] if self._handed else 0.0

    def stop(self) -> None:
        """Do nothing more: the steps waiting are dropped, and the thread ends once the one being done returns."""
        with self._lock:
            self._stopped = True
        if self._thread is not None and self._thread.is_alive():
            self._steps.put(None)

    def finish(self, patience: float) -> bool:
        """After the last step: wait for every step to be done, for as long as the copy stays less than ``patience``
        behind; False if it fell that far behind first."""
        if self._thread is None or not self._thread.is_alive():
            return True
        self._steps.put(None)
        while self._thread.is_alive() and self.behind() < patience:
            self._thread.join(0.05)
        return not self._thread.is_alive()

    def _run(self) -> None:
        while (step := self._steps.get()) is not None:
            with self._lock:
                skip = self._stopped or self._error is not None
            try:
                if not skip:
                    step()
            except OSError as error:
                with self._lock:
                    self._error = error
            finally:
                with self._lock:
                    if self._handed:
                        self._handed.popleft()
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None


class PartWriter:
    """Streams 16-bit mono audio into ``folder`` as sealed parts of ``part_seconds``, keeping the manifest up to date.

    The sound is sealed a record (a second) at a time: each is encrypted with ``key`` (by default the recordings key
    from the credential store), written and fsynced as its second is complete; :meth:`sync` seals what has waited
    longer than a second (a pause), so a crash never loses more than a second and a bit. A part is listed in the
    manifest before it is created, so recovery always knows it; it is marked closed (with its length) when full.

    ``second_folder``: a second copy of every part and of the manifest is written there as it goes (the same bytes,
    sealed the same way), on a thread of its own. If it fails (the stick is pulled or full) or hangs (see the
    module's description), the recording goes on without it and ``on_copy_failed`` is called once, on the writer
    thread, with why (a short phrase; :attr:`copy_problem` holds the whole sentence).
    ``conference_id`` is not written anywhere: the manifest holds no names.
    """

    def __init__(
        self,
        folder: Path,
        rate: int,
        part_seconds: float,
        conference_id: str | None,
        key: bytes | None = None,
        second_folder: Path | None = None,
        on_copy_failed: Callable[[str], None] | None = None,
    ) -> None:
        self.folder = folder
        self.rate = rate
        self.part_frames_limit = max(1, round(part_seconds * rate))
        self.record_frames = max(1, round(RECORD_SECONDS * rate))
        self._key = key if key is not None else keys.recordings_key()
        self.manifest: dict[str, Any] = {
            "format": files.FORMAT,
            "started_at": _now(),
            "samplerate": rate,
            "channels": 1,
            "state": files.RECORDING_STATE,
            "parts": [],
            "bookmarks": [],
            "events": [],
        }
        self.frames_written = 0  # frames handed to the writer (the recording's clock), sealed or being gathered
        self._part: SealedWriter | None = None
        self._part_number = 0
        self._part_frames = 0
        self._sealed_frames = 0
        self._waiting: list[np.ndarray] = []  # the second being gathered
        self._waiting_frames = 0
        self._last_sealed = time.monotonic()
        self._closed_bytes = 0
        self.copy_folder = copy_folder_of(folder, second_folder) if second_folder is not None else None
        self.copy_problem: str | None = None  # why the second copy stopped, once it has
        self._second_folder = Path(second_folder) if second_folder is not None else Path()
        self._copy_made = False  # the copy's folder has been made (known on the copy's thread only)
        self._copy = _CopyThread() if second_folder is not None else None
        self._on_copy_failed = on_copy_failed

    # -- audio ---------------------------------------------------------------------------------------------

    def write(self, block: np.ndarray, device: str | None) -> None:
        if self._part is None:
            self._open_part(device)
        samples = np.asarray(block, dtype=np.int16).reshape(len(block), -1)[:, 0]
        self._waiting.append(samples)
        self._waiting_frames += len(samples)
        self._part_frames += len(samples)
        self.frames_written += len(samples)
        while self._waiting_frames >= self.record_frames:
            self._seal(self.record_frames)
        if self._part_frames >= self.part_frames_limit:
            self.close_part()

    def _seal(self, frames: int) -> None:
        """Seal the first ``frames`` gathered as the open part's next record, and write it (and its copy)."""
        assert self._part is not None
        gathered = np.concatenate(self._waiting) if len(self._waiting) > 1 else self._waiting[0]
        record, rest = gathered[:frames], gathered[frames:]
        self._waiting = [rest] if len(rest) else []
        self._waiting_frames = len(rest)
        self._last_sealed = time.monotonic()
        sealed_record = self._part.add(record)
        self._sealed_frames += len(record)  # only once on disk: a second the full disk refused is not counted
        self._copy_step(lambda: self._copy_bytes(sealed_record))

    def _open_part(self, device: str | None) -> None:
        self._part_number += 1
        name = files.part_name(self._part_number)
        entry = {"file": name, "device": device, "started_at": _now(), "frames": None, "closed": False}
        self.manifest["parts"].append(entry)
        self.save()
        # Each record is written at once (a kill -9 cannot lose it) and fsynced by sync() once a second: an fsync
        # per record stalled the writer on a slow disk, and what waited in its queue was lost in a kill.
        # The samples themselves in each record (sealed.CODEC_PCM16): no encoding on this thread while the meeting
        # goes on; the joined recording is FLAC (assemble).
        self._part = SealedWriter(self.folder / name, self.rate, self._key, sync_each=False, codec=CODEC_PCM16)
        self._part_frames = 0
        self._sealed_frames = 0
        self._open_copy(name, self._part.header)

    def sync(self) -> None:
        """Seal what has been gathered for RECORD_SECONDS or more without filling a record (a pause, a slow
        device), then put the open part (and its second copy) on the disk: called once a second, so at most about
        a second is at risk in a power cut, and only what is being gathered in a kill."""
        if self._part is not None and self._waiting_frames and time.monotonic() - self._last_sealed >= RECORD_SECONDS:
            self._seal(self._waiting_frames)
        if self._part is not None:
            self._part.sync()
            self._copy_step(self._sync_copy)
        self._check_copy()  # once a second: a copy that hangs is given up even when nothing more is given it

    def close_part(self) -> None:
        part = self._part
        if part is None:
            return
        if self._waiting_frames:
            self._seal(self._waiting_frames)
        self._part = None
        part.close()
        self._close_copy()
        self._closed_bytes += part.size
        entry = self.manifest["parts"][-1]
        # The frames on disk, not those handed over: a second a full disk refused is lost to the fault (the record
        # says why the recording stopped), never reported later as a damaged part that "could not be read".
        entry["frames"], entry["closed"] = self._sealed_frames, True
        self.save()

    @property
    def bytes_written(self) -> int:
        """Bytes on disk so far, the open part included."""
        return self._closed_bytes + (self._part.size if self._part is not None else 0)

    # -- the second copy -----------------------------------------------------------------------------------
    # Each step runs on the copy's thread, in order; the writer thread only hands them over and checks on them.

    def _copy_step(self, step: Callable[[], None]) -> None:
        """Have the copy's thread do ``step`` after the steps before it, unless the copy has stopped."""
        if self._copy is None or self.copy_problem is not None:
            return
        self._check_copy()
        if self.copy_problem is None:
            self._copy.put(step)

    def _check_copy(self) -> None:
        """If a step of the copy failed, or the copy is COPY_PATIENCE seconds behind, give it up and say so once."""
        if self._copy is None or self.copy_problem is not None:
            return
        assert self.copy_folder is not None
        if (error := self._copy.failed()) is not None:
            self._copy_failed(files.why_not_written(error, self.copy_folder)[0])
        elif self._copy.behind() >= COPY_PATIENCE:
            self._copy_failed(FELL_BEHIND)

    def _copy_failed(self, reason: str) -> None:
        assert self._copy is not None
        self._copy.stop()
        log.warning("the second copy of the recording stopped")
        self.copy_problem = (
            f"The second copy of the recording in {self.copy_folder} has stopped ({reason}); the recording on this "
            "computer is not affected. Check the second folder (a memory stick may have been pulled out); the copy "
            "made up to now is kept there."
        )
        self.manifest["events"].append({"what": "second-copy-stopped", "at": _now()})
        try:  # the laptop's record says so at once (it would otherwise wait for the next event or part)
            files.write_manifest(self.folder, self.manifest)
        except OSError as error:  # the recording's own folder: the recorder hears of it from its next write
            log.warning("noting that the second copy stopped: %s", error.strerror)
        if self._on_copy_failed is not None:
            try:
                self._on_copy_failed(reason)
            except Exception:  # the window's problem must not stop the recording
                log.exception("on_copy_failed failed")

    def _open_copy(self, name: str, header: bytes) -> None:
        def step() -> None:
            assert self.copy_folder is not None and self._copy is not None
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
            self._copy.fd = os.open(self.copy_folder / name, flags, 0o600)
            self._copy_bytes(header)

        self._copy_step(step)

    def _copy_bytes(self, data: bytes) -> None:
        assert self._copy is not None
        if (fd := self._copy.fd) is None:
            return
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if os.fstat(fd).st_nlink == 0:  # the file (or its folder) was removed under it
            raise FileNotFoundError(2, "the copy's folder is not there any more")

    def _sync_copy(self) -> None:
        assert self._copy is not None
        if (fd := self._copy.fd) is not None:
            os.fsync(fd)

    def _close_copy(self) -> None:
        def step() -> None:
            assert self._copy is not None
            fd, self._copy.fd = self._copy.fd, None
            if fd is not None:
                os.close(fd)

        self._copy_step(step)

    def _save_copy(self) -> None:
        if self._copy is None or self.copy_problem is not None:
            return  # no copy to save to: the manifest is not copied for nothing
        manifest = copy.deepcopy(self.manifest)  # as it is now: the writer thread goes on changing it

        def step() -> None:
            assert self.copy_folder is not None
            if not self._copy_made:  # the chosen folder must be there: never make a stick's mount point on the laptop
                if not self._second_folder.is_dir():
                    raise FileNotFoundError(2, "the folder is not there", str(self._second_folder))
                self.copy_folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                self._copy_made = True
            elif not self.copy_folder.is_dir():
                raise FileNotFoundError(2, "the folder is not there any more", str(self.copy_folder))
            files.write_manifest(self.copy_folder, manifest)

        self._copy_step(step)

    def _finish_copy(self) -> None:
        """The recording has stopped: wait for the copy to be written to its end, for as long as it keeps up (Stop, on
        the writer thread, waits at worst until the copy is COPY_PATIENCE behind), then say if it was not."""
        if self._copy is None or self.copy_problem is not None:
            return
        done = self._copy.finish(COPY_PATIENCE)
        self._check_copy()
        if not done and self.copy_problem is None:
            self._copy_failed(FELL_BEHIND)
        if self.copy_problem is not None:  # again, outside _copy_failed's guard: at Stop no later write would say
            files.write_manifest(self.folder, self.manifest)  # that the laptop's own disk refused it

    # -- the manifest --------------------------------------------------------------------------------------

    def save(self) -> None:
        files.write_manifest(self.folder, self.manifest)
        self._save_copy()

    def finish(self, state: str = files.STOPPED) -> None:
        """Close the open part and mark the recording stopped (ready to be joined); the second copy is finished too."""
        self.close_part()
        self.manifest["state"] = state
        self.save()
        self._finish_copy()

    def event(self, what: str, offset: float, state: str | None = None, **details: Any) -> None:
        self.manifest["events"].append({"what": what, "offset": round(offset, 3), "at": _now(), **details})
        if state is not None:
            self.manifest["state"] = state
        self.save()

    def begin_stretch(self, what: str, offset: float, **details: Any) -> None:
        """A stretch ``what`` (digital silence) began at ``offset`` and is still going: kept at once, so a crash
        before it ends still leaves it in the record (to the end of what was recorded)."""
        self.event(what, offset, open=True, **details)

    def end_stretch(self, what: str, offset: float, seconds: float) -> None:
        """The stretch ``what`` begun at ``offset`` lasted ``seconds``: the open one is closed (or, begun before
        this was kept at its start, added)."""
        open_ = next((e for e in reversed(self.manifest["events"]) if e.get("what") == what and e.get("open")), None)
        if open_ is None:
            self.event(what, offset, seconds=seconds)
            return
        del open_["open"]
        open_["seconds"] = seconds
        self.save()

    def bookmark(self, label: str, offset: float, entered_at: str) -> None:
        self.manifest["bookmarks"].append({"label": label, "offset": offset, "entered_at": entered_at})
        self.save()

    def gap(self, seconds: float, offset: float, device: str, why: str = files.GAP_GONE, cut: float = 0.0) -> None:
        """``seconds`` of sound missing at ``offset`` (kept as silence of that length), the open part closed first.
        ``why`` GAP_GONE: the microphone was lost, and recording goes on with ``device``; GAP_DROPPED: sound did not
        arrive for a moment, and recording goes on as before; it was found ``cut`` seconds of sound after it went
        missing (the silence goes where it was found; the record names where it went)."""
        self.close_part()
        if seconds > 0:
            entry = {"gap": round(seconds, 3), "offset": round(offset, 3), "at": _now()}
            self.manifest["parts"].append(entry if why == files.GAP_GONE else {**entry, "why": why, "cut": cut})
        if why == files.GAP_GONE:
            self.event("device-changed", offset, files.RECORDING_STATE, device=device)
        else:
            self.save()
