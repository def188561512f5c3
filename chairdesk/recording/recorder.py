"""The recorder: start, pause, resume, stop, bookmarks, elapsed time, levels and warnings, for one recording.

Three kinds of thread touch a recorder, each doing one thing:

- PortAudio's audio thread runs :meth:`Recorder._callback`, which only copies the block into a queue.
- The recorder's writer thread takes blocks off the queue and streams them to disk in parts of about a minute,
  fsyncs the open part every second, measures levels, and watches for silence, clipping, a full disk and a
  microphone that has gone. It is the only thread that writes the recording's files.
- The caller (the window's thread, or the command line) calls start/pause/resume/bookmark/stop and polls
  :meth:`Recorder.levels` and :meth:`Recorder.warnings`, which never block.

Nothing here imports Qt. ``on_warning``, if given, is called from a recorder thread: a window should pass a
function that emits a Qt signal, so the warning is shown on the GUI thread.
"""

from __future__ import annotations

import collections
import datetime as dt
import errno
import logging
import queue
import shutil
import threading
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import sounddevice as sd

from chairdesk.errors import ChairDeskError
from chairdesk.model import Bookmark
from chairdesk.recording import files
from chairdesk.recording.devices import (
    InputDevice,
    check_samplerate,
    close_input_stream,
    find_input_device,
    open_input_stream,
    pick_samplerate,
)
from chairdesk.recording.monitor import (
    ClippingDetector,
    DiskWatcher,
    Level,
    RecorderWarning,
    SilenceDetector,
    WarningKind,
    measure,
    message,
)
from chairdesk.recording.writer import PartWriter

log = logging.getLogger(__name__)

_AUDIO, _CONTROL, _STOP = 0, 1, 2
DEVICE_TIMEOUT = 3.0  # seconds without a block before the microphone counts as gone
SYNC_SECONDS = 1.0  # how often the open part is fsynced: at most this much is lost in a power cut


class State(StrEnum):
    IDLE = "idle"
    RECORDING = "recording"
    PAUSED = "paused"
    DEVICE_LOST = "device-lost"
    STOPPED = "stopped"


class RecorderError(ChairDeskError):
    """The recorder cannot do what was asked; the sentence says why."""


class Recorder:
    """Records one take of a conference into ``folder`` (see :mod:`chairdesk.recording.files` for the layout).

    ``device`` is a microphone's name (None: the system's default). The recording is 16-bit mono FLAC at
    ``samplerate`` (or the device's own rate when it cannot do that).
    """

    def __init__(
        self,
        folder: str | Path,
        device: str | None = None,
        *,
        conference_id: str | None = None,
        samplerate: int = 48000,
        part_seconds: float = 60.0,
        silence_seconds: float = 30.0,
        disk_reserve_bytes: int = 50 * 1024 * 1024,
        disk_check_seconds: float = 5.0,
        on_warning: Callable[[RecorderWarning], None] | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.conference_id = conference_id
        self._wanted_device = device
        self._wanted_rate = samplerate
        self._part_seconds = part_seconds
        self._silence_seconds = silence_seconds
        self._disk_reserve = disk_reserve_bytes
        self._disk_check_seconds = disk_check_seconds
        self._on_warning = on_warning

        self._lock = threading.RLock()  # state, stream and control messages change together
        self._state = State.IDLE
        self._device: InputDevice | None = None
        self._rate = samplerate
        self._stream: sd.InputStream | None = None
        self._stream_finished = threading.Event()
        self._capturing = False
        self._captured_frames = 0
        self._gap_seconds = 0.0
        self._pending_gap = 0.0
        self._gap_open_since: float | None = None
        self._arriving = threading.Event()
        self._last_audio = 0.0
        self._folder_lock = files.FolderLock(self.folder)
        self._queue: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self._levels: collections.deque[Level] = collections.deque(maxlen=512)
        self._warnings: queue.SimpleQueue[RecorderWarning] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self.overflows = 0

        # Used by the writer thread only, once it runs.
        self._writer = PartWriter(self.folder, samplerate, part_seconds, conference_id)
        self._silence = SilenceDetector(silence_seconds)
        self._clipping = ClippingDetector()
        self._halted = False
        self._last_overflow_warning: float | None = None

    @classmethod
    def for_conference(cls, conference_id: str, device: str | None = None, **options: Any) -> Recorder:
        """A recorder for a new take of the conference, in its folder under the user's data folder."""
        return cls(files.new_take_folder(conference_id), device, conference_id=conference_id, **options)

    # -- what the window reads ----------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def device_name(self) -> str | None:
        """The microphone in use (remember it by this name)."""
        return self._device.name if self._device else None

    @property
    def samplerate(self) -> int:
        return self._rate

    @property
    def elapsed(self) -> float:
        """Seconds into the recording: sound captured plus marked gaps (a pause does not count)."""
        gap = self._gap_seconds + self._pending_gap
        since = self._gap_open_since
        if since is not None:
            gap += time.monotonic() - since
        return self._captured_frames / self._rate + gap

    def levels(self) -> list[Level]:
        """The level readings (one per block, about 20 a second) since the last call; never blocks."""
        readings = []
        while True:
            try:
                readings.append(self._levels.popleft())
            except IndexError:
                return readings

    def warnings(self) -> list[RecorderWarning]:
        """The warnings since the last call, oldest first; never blocks."""
        found = []
        while True:
            try:
                found.append(self._warnings.get_nowait())
            except queue.Empty:
                return found

    def wait_until_recording(self, timeout: float | None = None) -> bool:
        """Wait until sound is arriving and being written; False if it has not within ``timeout`` seconds."""
        return self._arriving.wait(timeout)

    # -- what the window does -----------------------------------------------------------------------------

    def start(self) -> None:
        """Open the microphone and start recording. Takes about a second (PortAudio opening the device).

        Raises :class:`~chairdesk.recording.devices.NoInputDevice` when there is no microphone, and leaves no
        files behind when the recording cannot start.
        """
        with self._lock:
            if self._state is not State.IDLE:
                raise RecorderError("This recording has already been started; start a new one instead.")
            device = find_input_device(self._wanted_device)
            if self.folder.exists() and any(self.folder.iterdir()):
                raise RecorderError(f"{self.folder} already holds a recording; choose a new folder.")
            created = not self.folder.exists()
            files.make_private_folder(self.folder)
            if not self._folder_lock.acquire():
                raise RecorderError(f"{self.folder} is being recorded into by another ChairDesk window.")
            try:
                self._rate = pick_samplerate(device, self._wanted_rate)
                self._writer = PartWriter(self.folder, self._rate, self._part_seconds, self.conference_id)
                self._writer.save()
                self._open_stream(device)
                self._device = device
                self._capturing = True
                self._start_stream()  # blocks wait in the queue until the writer thread starts
            except BaseException:
                self._capturing = False
                self._close_stream()
                self._folder_lock.release()
                for name in (files.MANIFEST, files.LOCK):
                    (self.folder / name).unlink(missing_ok=True)
                if created:
                    self.folder.rmdir()
                raise
            self._state = State.RECORDING
            self._thread = threading.Thread(target=self._run, name="chairdesk-recording-writer", daemon=True)
            self._thread.start()

    def pause(self) -> None:
        """Stop recording for now; :meth:`resume` carries on in the same recording. The meter keeps working."""
        with self._lock:
            if self._state is State.RECORDING:
                self._capturing = False
            elif self._state is State.DEVICE_LOST:
                self._pending_gap += time.monotonic() - (self._gap_open_since or time.monotonic())
                self._gap_open_since = None
            elif self._state is State.PAUSED:
                return
            else:
                raise RecorderError("Nothing is being recorded, so there is nothing to pause.")
            self._state = State.PAUSED
            self._control("event", what="paused", offset=self.elapsed, state=files.PAUSED)

    def resume(self, device: str | None = None) -> None:
        """Carry on recording after a pause, or after the microphone was lost: then on ``device`` (a name; None:
        the one in use before if it is back, else the default), with the time without a microphone marked as a gap.
        """
        with self._lock:
            if self._state is State.PAUSED and self._stream is not None:
                if device is not None and self._device and device != self._device.name:
                    raise RecorderError("Stop or lose the microphone before changing it; pausing keeps the same one.")
                self._capturing = True
                self._state = State.RECORDING
                self._control("event", what="resumed", offset=self.elapsed, state=files.RECORDING_STATE)
                return
            if self._state not in (State.DEVICE_LOST, State.PAUSED):
                raise RecorderError("The recording is not paused, so there is nothing to resume.")
            new = self._find_again(device)
            check_samplerate(new, self._rate)
            self._open_stream(new)
            gap = self._pending_gap
            if self._gap_open_since is not None:
                gap += time.monotonic() - self._gap_open_since
            at = self.elapsed - gap
            self._pending_gap, self._gap_open_since = 0.0, None
            self._gap_seconds += gap
            self._device = new
            self._control("gap", seconds=gap, offset=at, device=new.name)
            self._state = State.RECORDING
            self._capturing = True
            try:
                self._start_stream()
            except ChairDeskError:  # still no microphone: the gap goes on from here
                self._capturing = False
                self._close_stream()
                self._state = State.DEVICE_LOST
                self._gap_open_since = time.monotonic()
                raise
        self._warn(WarningKind.DEVICE_BACK, at, device=new.name, gap=gap)

    def bookmark(self, label: str) -> Bookmark:
        """Mark this moment. Returns the bookmark to add to ``conference.bookmarks`` (it is also kept with the
        recording, so it survives a crash before the conference is saved)."""
        with self._lock:
            if self._state in (State.IDLE, State.STOPPED):
                raise RecorderError("Nothing is being recorded, so there is nothing to bookmark.")
            mark = Bookmark(
                label=label,
                offset=round(self.elapsed, 2),
                recording=self.folder.name,
                entered_at=dt.datetime.now().replace(microsecond=0),
            )
            self._control("bookmark", label=mark.label, offset=mark.offset, entered_at=mark.entered_at.isoformat())
        return mark

    def stop(self) -> Path:
        """Stop recording and close the files; returns the folder. Quick: the parts are joined into one file by
        :func:`chairdesk.recording.assemble.assemble` (or :meth:`finish`), which a window runs off its GUI thread.
        """
        with self._lock:
            if self._state is State.IDLE:
                raise RecorderError("The recording was never started.")
            if self._state is not State.STOPPED:
                self._capturing = False
                self._close_stream()  # waits for the last callback: every captured block is now queued
                self._state = State.STOPPED
                self._pending_gap, self._gap_open_since = 0.0, None  # a gap at the very end is not kept
                self._queue.put((_STOP,))
        if self._thread is not None:
            self._thread.join()
        self._folder_lock.release()
        return self.folder

    def finish(self) -> Any:
        """Stop, then join the parts into one playable file; returns the
        :class:`~chairdesk.recording.assemble.AssembledRecording`. Takes about 8 s per hour of recording
        (measured: 24 s for three hours, reading the joined file back included)."""
        from chairdesk.recording.assemble import assemble

        return assemble(self.stop())

    # -- the microphone -----------------------------------------------------------------------------------

    def _find_again(self, name: str | None) -> InputDevice:
        if name is None and self._device is not None:
            try:
                return find_input_device(self._device.name, refresh=True)
            except ChairDeskError:
                name = None
        return find_input_device(name, refresh=True)

    def _open_stream(self, device: InputDevice) -> None:
        self._stream_finished.clear()
        self._stream = open_input_stream(device, self._rate, self._callback, self._stream_finished.set)

    def _start_stream(self) -> None:
        assert self._stream is not None
        self._last_audio = time.monotonic()
        try:
            self._stream.start()
        except sd.PortAudioError as error:
            raise RecorderError(
                f"The microphone “{self.device_name}” could not be started ({error}). It may be in use by another "
                "program."
            ) from None

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            close_input_stream(stream)

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: sd.CallbackFlags) -> None:
        # PortAudio's thread: copy and queue, nothing else.
        capturing = self._capturing
        if capturing:
            self._captured_frames += frames
        self._queue.put((_AUDIO, indata.copy(), capturing, status.input_overflow))

    def _control(self, method: str, **details: Any) -> None:
        """Queue a change to the manifest (a :class:`PartWriter` method and its arguments) behind the audio."""
        self._queue.put((_CONTROL, method, details))

    def _warn(self, kind: WarningKind, offset: float, **details: Any) -> None:
        warning = RecorderWarning(kind, message(kind, offset, **details), offset)
        log.info("recording warning: %s", warning.message)
        self._warnings.put(warning)
        if self._on_warning is not None:
            try:
                self._on_warning(warning)
            except Exception:  # the window's problem must not stop the recording
                log.exception("on_warning failed")

    # -- the writer thread --------------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._write_loop()
        except Exception as error:  # anything unforeseen: stop cleanly and say so, never die silently
            log.exception("the recording's writer failed")
            self._halt(WarningKind.WRITE_FAILED, reason=str(error) or type(error).__name__)

    def _write_loop(self) -> None:
        disk = DiskWatcher(self._disk_reserve, floor_bytes_per_second=self._rate / 2)  # a quarter of 16-bit
        next_sync = next_disk = time.monotonic()
        while not self._halted:
            try:
                item = self._queue.get(timeout=0.25)
            except queue.Empty:
                item = None
            if item is not None and item[0] == _STOP:
                self._guard(self._writer.finish)
                return
            if item is not None:
                self._process(item)
            now = time.monotonic()
            if now >= next_sync:
                next_sync = now + SYNC_SECONDS
                self._guard(self._writer.sync)
            if now >= next_disk:
                next_disk = now + self._disk_check_seconds
                self._check_disk(disk)
            if self._device_gone(now):
                self._lose_device()

    def _process(self, item: tuple[Any, ...]) -> None:
        if item[0] == _CONTROL:
            _, what, details = item
            self._guard(lambda: getattr(self._writer, what)(**details))
            return
        _, block, capturing, overflow = item
        self._last_audio = time.monotonic()
        offset = self.elapsed
        peak, rms = measure(block)
        self._levels.append(Level(offset, peak, rms))
        if overflow:
            self.overflows += 1
            if self._last_overflow_warning is None or offset - self._last_overflow_warning > 60:
                self._last_overflow_warning = offset
                self._warn(WarningKind.OVERFLOW, offset)
        if not capturing or self._halted:
            return
        if not self._guard(lambda: self._writer.write(block, self.device_name)):
            return
        self._arriving.set()
        said = self._silence.feed(rms, len(block) / self._rate)
        if said:
            self._warn(said, offset, seconds=self._silence_seconds)
        if self._clipping.feed(block, offset):
            self._warn(WarningKind.CLIPPING, offset)

    def _guard(self, action: Callable[[], object]) -> bool:
        """Run a disk operation; on failure stop cleanly with a warning that says why. False when it failed."""
        try:
            action()
            return True
        except (OSError, RuntimeError) as error:
            log.exception("writing the recording failed")
            if getattr(error, "errno", None) == errno.ENOSPC or self._free_bytes() < 1024 * 1024:
                self._halt(WarningKind.DISK_FULL)
            else:
                self._halt(WarningKind.WRITE_FAILED, reason=getattr(error, "strerror", None))
            return False

    def _free_bytes(self) -> int:
        try:
            return shutil.disk_usage(self.folder).free
        except OSError:
            return 0

    def _check_disk(self, disk: DiskWatcher) -> None:
        seconds = self._writer.frames_written / self._rate
        rate = self._writer.bytes_written / seconds if seconds >= 10 else 0.0
        kind, minutes = disk.check(self._free_bytes(), rate)
        if kind is WarningKind.DISK_FULL:
            self._halt(WarningKind.DISK_FULL)
        elif kind is WarningKind.DISK_LOW:
            self._warn(kind, self.elapsed, minutes=minutes)

    def _halt(self, kind: WarningKind, **details: Any) -> None:
        """Stop by itself (the disk is full, a write failed), keeping everything written so far."""
        with self._lock:
            self._capturing = False
            self._close_stream()
            self._state = State.STOPPED
            self._pending_gap, self._gap_open_since = 0.0, None
        if self._halted:
            return
        self._halted = True
        offset = self._writer.frames_written / self._rate + self._gap_seconds
        try:
            self._writer.finish()
        except Exception:  # the disk may refuse even this; the open part is still recoverable block by block
            log.exception("closing the recording after a failure")
        self._warn(kind, offset, **details)

    # -- the microphone going away ------------------------------------------------------------------------

    def _device_gone(self, now: float) -> bool:
        if self._state not in (State.RECORDING, State.PAUSED) or self._stream is None:
            return False
        return self._stream_finished.is_set() or now - self._last_audio > DEVICE_TIMEOUT

    def _lose_device(self) -> None:
        with self._lock:  # resume() waits until everything heard before the loss is on disk
            if not self._device_gone(time.monotonic()):
                return
            self._close_stream()
            while not self._halted:  # the blocks still queued were heard before the loss
                try:
                    self._process(self._queue.get_nowait())
                except queue.Empty:
                    break
            offset = self.elapsed
            if self._state is State.RECORDING:
                self._state = State.DEVICE_LOST
                self._capturing = False
                self._gap_open_since = time.monotonic()
            self._guard(self._writer.close_part)
            self._guard(lambda: self._writer.event("device-lost", offset, files.DEVICE_LOST, device=self.device_name))
        if not self._halted:
            self._warn(WarningKind.DEVICE_LOST, offset, device=self.device_name)
