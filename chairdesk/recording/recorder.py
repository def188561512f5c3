"""The recorder: start, pause, resume, stop, bookmarks, elapsed time, levels and warnings, for one recording.

Three kinds of thread touch a recorder, each doing one thing:

- PortAudio's audio thread runs :meth:`Recorder._callback`, which only copies the block into a queue.
- The recorder's writer thread takes blocks off the queue and streams them to disk in parts of about a minute,
  fsyncs the open part every second, measures levels, and watches for silence, clipping, a full disk and a
  microphone that has gone. It is the only thread that writes the recording's files.
  When the microphone has gone it also looks for it again, every ``reconnect_seconds``, and carries on recording
  on it (the gap marked) as soon as it is back.
- The caller (the window's thread, or the command line) calls start/pause/resume/bookmark/stop and polls
  :meth:`Recorder.status`, :meth:`Recorder.levels` and :meth:`Recorder.warnings`, which never block.

:meth:`Recorder.status` is the one answer to "what is the recorder doing": its state, the sentence for it and the
notices still true, made together under the lock (see :mod:`chairdesk.recording.status`).

Nothing here imports Qt. ``on_warning``, if given, is called from a recorder thread: a window should pass a
function that emits a Qt signal, so the warning is shown on the GUI thread.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import errno
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sounddevice as sd

from chairdesk.errors import ChairDeskError
from chairdesk.model import Bookmark
from chairdesk.recording import files
from chairdesk.recording.devices import (
    DEVICE_TIMEOUT,
    InputDevice,
    NoInputDevice,
    Source,
    check_samplerate,
    close_input_stream,
    find_input_device,
    list_input_devices,
    open_input_stream,
    pick_samplerate,
    recording_source,
)
from chairdesk.recording.files import megabytes
from chairdesk.recording.monitor import (
    SILENCE_SECONDS,
    ClippingDetector,
    DigitalSilenceDetector,
    DiskWatcher,
    Level,
    RecorderWarning,
    ShortfallDetector,
    SilenceDetector,
    WarningKind,
    WriteRate,
    is_flat,
    length_check_words,
    measure,
    message,
)
from chairdesk.recording.parts import PartWriter
from chairdesk.recording.status import (
    CAUSES,
    RecorderStatus,
    State,
    describe,
    ended_notice,
    for_the_log,
    is_notice,
    notice_group,
)

log = logging.getLogger(__name__)

_AUDIO, _CONTROL, _STOP = 0, 1, 2

# The parts of the recording's clock besides the sound captured: gap marked, gap pending (before a pause), when the
# gap still open began, whether a microphone reopened is not heard yet, when Stop was pressed.
_ClockParts = tuple[float, float, "float | None", bool, "float | None"]


class _StateLock:
    """The recorder's lock (re-entrant). Each time the thread that holds it lets it go, it calls ``let_go`` (the
    recorder copies the parts of its clock), so a reader without the lock (the window, asking the time for what the
    chair types) sees them as one thread left them, never half changed."""

    def __init__(self, let_go: Callable[[], object]) -> None:
        self._lock = threading.RLock()
        self._let_go = let_go
        self._owner: int | None = None
        self._depth = 0

    def __enter__(self) -> _StateLock:
        self._lock.acquire()
        self._owner = threading.get_ident()
        self._depth += 1
        return self

    def __exit__(self, *_exc: object) -> None:
        try:
            if self._depth == 1:
                self._let_go()
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._owner = None
            self._lock.release()

    def held_here(self) -> bool:
        return self._owner == threading.get_ident()


# A stream just opened may take a moment to deliver its first block (PortAudio, the sound server waking up): until
# it has, it is given this long before it counts as gone.
FIRST_BLOCK_TIMEOUT = 3.0
STALLED = 1.0  # seconds without a block after which closing does not wait for the last one
SYNC_SECONDS = 1.0  # how often the open part is fsynced: at most this much is lost in a power cut
RESERVE_BYTES = 50 * 1024 * 1024  # recording stops (and will not start) with less than this free on the disk


class RecorderError(ChairDeskError):
    """The recorder cannot do what was asked; the sentence says why."""


@dataclass(frozen=True)
class LengthCheck:
    """After stop: the recording's length as read back from its file and the time recorded by the clock (start to
    stop, pauses left out), in seconds; ``sentence`` says how they differ ("" when they agree)."""

    length: float
    recorded: float
    sentence: str

    @property
    def missing(self) -> float:
        return max(0.0, self.recorded - self.length)


class Recorder:
    """Records one take of a conference into ``folder`` (see :mod:`chairdesk.recording.files` for the layout).

    ``device`` is a microphone's name (None: the system's default). The recording is 16-bit mono FLAC at
    ``samplerate`` (or the device's own rate when it cannot do that). ``free_space`` says how many bytes are free
    on the disk holding a folder (None when it cannot tell); ``reconnect_seconds`` is how often a lost microphone
    is looked for again (None: never; the caller resumes); ``source_check_seconds`` how often the sound server is
    asked which microphone the stream reads now (None: never), so a stream that follows the computer's default
    microphone to another one is said at once and marked in the recording (where the server can be asked).
    """

    def __init__(
        self,
        folder: str | Path,
        device: str | None = None,
        *,
        conference_id: str | None = None,
        samplerate: int = 48000,
        part_seconds: float = 60.0,
        silence_seconds: float = SILENCE_SECONDS,
        disk_reserve_bytes: int = RESERVE_BYTES,
        disk_check_seconds: float = 5.0,
        free_space: Callable[[Path], int | None] = files.free_bytes,
        reconnect_seconds: float | None = 2.0,
        on_warning: Callable[[RecorderWarning], None] | None = None,
        second_folder: Path | None = None,
        source_check_seconds: float | None = 2.0,
    ) -> None:
        self.folder = Path(folder)
        self.conference_id = conference_id
        self._wanted_device = device
        self._wanted_rate = samplerate
        self._part_seconds = part_seconds
        self._silence_seconds = silence_seconds
        self._disk_reserve = disk_reserve_bytes
        self._disk_check_seconds = disk_check_seconds
        self._free_space = free_space
        self._reconnect_seconds = reconnect_seconds
        self._on_warning = on_warning
        self._second_folder = second_folder  # a second copy is written there as it goes (writer.py)
        self._source_check_seconds = source_check_seconds  # how often to ask which microphone the stream reads
        # The sound server's microphone the stream reads (None: not known). Kept across a loss and a reopen: a stream
        # back on another microphone (moved there with a hiccup, or the one before gone) is said like any change.
        self._source: Source | None = None
        self._source_found: Source | None = None  # the sound server's answer, from the asking thread
        self._asking: threading.Thread | None = None

        # State, stream, status and control messages change together, under this lock; the clock's parts are copied
        # each time it is let go, for elapsed to read (see _StateLock).
        self._lock = _StateLock(self._clock_parts)
        self._state = State.IDLE
        self._cause: RecorderWarning | None = None  # why it is without a microphone, or stopped by itself
        self._notices: dict[str, RecorderWarning] = {}
        self._minutes_left: float | None = None
        self._status = describe(State.IDLE)
        self._device: InputDevice | None = None
        self._rate = samplerate
        self._stream: sd.InputStream | None = None
        self._stream_finished = threading.Event()
        self._capturing = False
        self._captured_frames = 0
        self._gap_seconds = 0.0
        self._pending_gap = 0.0
        self._gap_open_since: float | None = None
        self._back_pending = False  # a microphone reopened after a loss, not yet heard
        self._clock: _ClockParts = (0.0, 0.0, None, False, None)  # the copy elapsed reads (see _StateLock)
        self._next_reconnect = 0.0
        self._arriving = threading.Event()
        self._last_audio = 0.0  # when the writer last had a block, or the stream started (for DEVICE_TIMEOUT)
        self._last_block = 0.0  # when the writer last had a block from the stream now open
        self._arrived_at = 0.0  # when PortAudio last handed over a block from the stream now open (0: not yet)
        self._first_sound_at: float | None = None  # when the first block captured began (the clock's start)
        self._paused_total = 0.0  # seconds paused, left out of the time recorded
        self._paused_since: float | None = None
        self._stopped_at: float | None = None
        # Sound heard without a pause or a loss between is one run: each block is handed over with its run, so sound
        # missing is measured within a run, never across a pause (see ShortfallDetector).
        self._run_number = 0
        # Each stream opened has its number, handed over with its blocks: only the sound of the stream open now can
        # say a microphone reopened after a loss is back (not a block of one replaced since, still queued).
        self._stream_number = 0
        self.length_check: LengthCheck | None = None  # after finish()
        self._folder_lock = files.FolderLock(self.folder)
        self._queue: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self._levels: collections.deque[Level] = collections.deque(maxlen=512)
        self._warnings: queue.SimpleQueue[RecorderWarning] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self.overflows = 0

        # Used by the writer thread only, once it runs.
        self._writer = self._part_writer(samplerate)
        self._silence = SilenceDetector(silence_seconds)
        self._zeros = DigitalSilenceDetector()
        self._zeros_from: float | None = None  # where the digital silence being said began
        self._dropped = ShortfallDetector()
        self._dropped_run = 0  # the run of sound the detector is measuring (see _run_number)
        self._run_heard = 0.0  # seconds of sound heard in that run
        self._clipping = ClippingDetector()
        self._write_rate = WriteRate()
        self._halted = False
        self._unsaved_end = False  # stopped by itself, and its manifest could not be saved then (the disk full)
        self._last_overflow_warning: float | None = None

    def _part_writer(self, rate: int) -> PartWriter:
        def copy_failed(reason: str) -> None:
            self._warn(WarningKind.COPY_FAILED, self.elapsed, folder=self._second_folder, reason=reason)

        second = self._second_folder
        return PartWriter(self.folder, rate, self._part_seconds, self.conference_id, None, second, copy_failed)

    @classmethod
    def for_conference(cls, conference_id: str, device: str | None = None, **options: Any) -> Recorder:
        """A recorder for a new take of the conference, in its folder under the user's data folder."""
        return cls(files.new_take_folder(conference_id), device, conference_id=conference_id, **options)

    # -- what the window reads ----------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    def status(self) -> RecorderStatus:
        """What the recorder is doing now: its state, the one sentence for it, the notices still true and the
        minutes of recording left on the disk. Never blocks (a snapshot made whenever any of these changes)."""
        return self._status

    @property
    def device_name(self) -> str | None:
        """The microphone in use (remember it by this name)."""
        return self._device.name if self._device else None

    @property
    def samplerate(self) -> int:
        return self._rate

    @property
    def elapsed(self) -> float:
        """Seconds into the recording: sound captured plus marked gaps (a pause does not count). Read from the
        clock's parts as they were when the lock was last let go (as they are, on the thread that holds it), so a
        gap being moved from open to marked is never counted twice or not at all."""
        parts = self._clock_parts() if self._lock.held_here() else self._clock
        marked, pending, since, back_pending, stopped_at = parts
        gap = marked + pending
        if since is not None:  # (stopped: the gap still open is the writer's to close, and ends at Stop)
            end = stopped_at or time.monotonic()
            if back_pending:  # a microphone just back: its sound still queued is counted once, as sound
                end -= self._heard_not_written()
            gap += max(0.0, end - since)
        return self._captured_frames / self._rate + gap

    def _clock_parts(self) -> _ClockParts:
        """What :attr:`elapsed` counts besides the sound captured; copied by the lock each time it is let go."""
        self._clock = (self._gap_seconds, self._pending_gap, self._gap_open_since, self._back_pending, self._stopped_at)
        return self._clock

    @property
    def recorded_seconds(self) -> float:
        """Seconds recorded by the clock: from the first sound captured to stop (or now), pauses left out. Compared
        after stop with the recording's length read back from its file."""
        if self._first_sound_at is None:
            return 0.0
        end = self._stopped_at if self._stopped_at is not None else time.monotonic()
        paused = self._paused_total
        if self._paused_since is not None:
            paused += end - self._paused_since
        return max(0.0, end - self._first_sound_at - paused)

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

        Raises :class:`~chairdesk.recording.devices.NoInputDevice` when there is no microphone, and
        :class:`RecorderError` when the disk has too little room or the folder cannot be written, each with a
        sentence saying what to do; leaves no files behind when the recording cannot start.
        """
        with self._lock:
            if self._state is not State.IDLE:
                raise RecorderError("This recording has already been started; start a new one instead.")
            device = find_input_device(self._wanted_device)
            self._check_room()
            try:
                if self.folder.is_dir() and any(self.folder.iterdir()):
                    raise RecorderError(f"{self.folder} already holds a recording; choose a new folder.")
            except OSError as error:
                raise self._cannot_write(error) from None
            created = not self.folder.exists()
            try:
                files.make_private_folder(self.folder)
                if not self._folder_lock.acquire():
                    raise RecorderError(f"{self.folder} is being recorded into by another ChairDesk window.")
                self._rate = pick_samplerate(device, self._wanted_rate)
                self._writer = self._part_writer(self._rate)
                self._writer.save()
                self._open_stream(device)
                self._device = device
                self._capturing = True
                self._start_stream()  # blocks wait in the queue until the writer thread starts
            except BaseException as error:
                self._undo_start(created)
                if isinstance(error, OSError):
                    raise self._cannot_write(error) from None
                raise
            self._set_state(State.RECORDING)
            self._thread = threading.Thread(target=self._run, name="chairdesk-recording-writer", daemon=True)
            self._thread.start()

    def _check_room(self) -> None:
        """Refuse to start with less free space than recording keeps free, saying how much more is needed."""
        free = self._free_bytes()
        if free is not None and free < self._disk_reserve:
            raise RecorderError(
                f"Recording cannot start: only {megabytes(free)} is free on the disk, and ChairDesk keeps "
                f"{megabytes(self._disk_reserve)} free so that a recording can be saved. Free at least "
                f"{megabytes(self._disk_reserve - free, round_up=True)} more (delete or move files you do not "
                "need), then press Record again."
            )

    def _cannot_write(self, error: OSError) -> RecorderError:
        log.warning("the recording's folder cannot be written: %s", for_the_log(error))
        reason, remedy = files.why_not_written(error, self.folder)
        return RecorderError(
            f"Recording cannot start: the recording's folder {self.folder} could not be written ({reason}). "
            f"{remedy}, then press Record again."
        )

    def _undo_start(self, created: bool) -> None:
        """Leave nothing behind after a start that failed (and never let tidying up hide why it failed)."""
        self._capturing = False
        with contextlib.suppress(Exception):
            self._close_stream()
        self._folder_lock.release()
        with contextlib.suppress(OSError):
            for path in [self.folder / files.MANIFEST, self.folder / files.LOCK, *self.folder.glob(".recording.*")]:
                path.unlink(missing_ok=True)
            if created:
                self.folder.rmdir()

    def pause(self) -> None:
        """Stop recording for now; :meth:`resume` carries on in the same recording. The meter keeps working."""
        with self._lock:
            if self._state is State.PAUSED:
                return
            if self._state not in (State.RECORDING, State.DEVICE_LOST):
                raise RecorderError("Nothing is being recorded, so there is nothing to pause.")
            self._capturing = False
            self._run_number += 1
            if self._gap_open_since is not None:  # the time without a microphone so far is a gap; a pause is not
                # (up to where the sound of a microphone just back began, when some is still queued: _mark_gap)
                self._pending_gap += max(0.0, time.monotonic() - self._heard_not_written() - self._gap_open_since)
                self._gap_open_since = None
            self._set_state(State.PAUSED)
            self._control("event", what="paused", offset=self.elapsed, state=files.PAUSED)

    def resume(self, device: str | None = None) -> None:
        """Carry on recording after a pause, or after the microphone was lost: then on ``device`` (a name; None:
        the one in use before if it is back, else the default), with the time without a microphone marked as a gap
        once sound is arriving again.
        """
        with self._lock:
            if self._state is State.PAUSED and self._stream is not None:
                if device is not None and self._device and device != self._device.name:
                    raise RecorderError("Stop or lose the microphone before changing it; pausing keeps the same one.")
                self._run_number += 1
                self._capturing = True
                # A microphone reopened after a loss and not heard yet: still without one until its sound arrives
                # (sound heard before the pause and not yet written is heard: the writer marks the gap there).
                waiting = self._back_pending and self._heard_not_written() == 0
                if waiting and self._gap_open_since is None:
                    self._gap_open_since = time.monotonic()
                self._set_state(State.DEVICE_LOST if waiting else State.RECORDING)
                self._control("event", what="resumed", offset=self.elapsed, state=files.RECORDING_STATE)
                return
            if self._state not in (State.DEVICE_LOST, State.PAUSED):
                raise RecorderError("The recording is not paused, so there is nothing to resume.")
            self._reopen(self._find_again(device))

    def bookmark(self, label: str) -> Bookmark:
        """Mark this moment. Returns the bookmark to add to ``conference.bookmarks`` (it is also kept with the
        recording, so it survives a crash before the conference is saved)."""
        with self._lock:
            if self._state in (State.IDLE, State.STOPPED):
                raise RecorderError("Nothing is being recorded, so there is nothing to bookmark.")
            entered_at = dt.datetime.now().replace(microsecond=0)
            mark = Bookmark(
                label=label, offset=round(self.elapsed, 2), recording=self.folder.name, entered_at=entered_at
            )
            self._control("bookmark", label=mark.label, offset=mark.offset, entered_at=entered_at.isoformat())
        return mark

    def stop(self) -> Path:
        """Stop recording and close the files; returns the folder. Quick: the parts are joined into one file by
        :func:`chairdesk.recording.assemble.assemble` (or :meth:`finish`), which a window runs off its GUI thread.
        """
        with self._lock:
            if self._state is State.IDLE:
                raise RecorderError("The recording was never started.")
            if self._state is not State.STOPPED:
                pressed = time.monotonic()  # the recording ends now, however long the microphone takes to close
                self._capturing = False
                try:
                    self._close_stream()  # waits (briefly) for the last callback: every captured block is now queued
                finally:
                    self._stopped_at = pressed
                    if not self._back_pending:
                        self._keep_last_gap(pressed)
                    # Else a microphone reopened after a loss, not heard yet here: the writer marks the gap, at its
                    # first sound still queued (ending where that sound began, counted back from Stop), or when it
                    # stops (running to Stop). Kept here, the gap would run to Stop over that sound, and the sound
                    # would be written after it as well: counted twice, out of order.
                    self._cause = None  # stopped by the chair: the microphone lost before is no longer the news
                    self._set_state(State.STOPPED)
                    self._queue.put((_STOP,))
        if self._thread is not None:
            self._thread.join()
        with self._lock:  # stop() may be called from two threads at once (a window closing while a worker stops)
            self._folder_lock.release()
            if self._unsaved_end:  # stopped by itself, and the disk refused to note why then: note it now
                self._save_end()
        return self.folder

    def _save_end(self) -> None:
        """Keep how a take that stopped by itself ended (stopped, and why) in its manifest, once the disk takes it
        (it may have been too full when it stopped): else the record would say ChairDesk closed unexpectedly."""
        try:
            self._writer.manifest["state"] = files.STOPPED
            self._writer.save()
            self._unsaved_end = False
        except Exception as error:
            log.error("noting why the recording stopped, again: %s", for_the_log(error))

    def finish(self) -> Any:
        """Stop, then join the parts into one playable file; returns the
        :class:`~chairdesk.recording.assemble.AssembledRecording`. Takes about 8 s per hour of recording
        (measured: 24 s for three hours, reading the joined file back included). Then the file's length, read back,
        is compared with the time recorded: :attr:`length_check` (also kept in the manifest for the record)."""
        from chairdesk.recording.assemble import assemble

        made = assemble(self.stop())
        self.length_check = self._check_length(made)
        return made

    def _keep_last_gap(self, stopped_at: float) -> None:
        """Stopping (under the lock) at ``stopped_at`` (monotonic): while the microphone is lost, the time without it
        is kept as a gap at the end, so the recording is as long as the time recorded and every moment typed meanwhile
        is inside it."""
        lost = self._pending_gap
        if self._gap_open_since is not None:
            lost += max(0.0, stopped_at - self._gap_open_since)
        self._pending_gap, self._gap_open_since = 0.0, None
        self._stopped_at = stopped_at
        if lost > 0.05 and not self._halted:
            at = self._captured_frames / self._rate + self._gap_seconds
            self._gap_seconds += lost
            self._control("gap", seconds=lost, offset=at, device=self.device_name or "the microphone")

    def _check_length(self, made: Any) -> LengthCheck:
        """Read the joined file back (through the recording's own reader) and compare its length with the clock."""
        from chairdesk.recording.assemble import read_part

        frames = sum(len(block) for block in read_part(made.path)) if made.duration else 0
        length = frames / self._rate
        check = LengthCheck(length, self.recorded_seconds, length_check_words(length, self.recorded_seconds))
        if check.sentence:
            log.warning("the recording is %.1f s long but %.1f s were recorded", check.length, check.recorded)
        try:
            manifest = files.read_manifest(made.folder) or {}
            manifest["length_check"] = {
                "length": round(check.length, 2),
                "recorded": round(check.recorded, 2),
                "sentence": check.sentence,
            }
            files.write_manifest(made.folder, manifest)
        except (ChairDeskError, OSError) as error:  # the recording is saved; only the note of its length is not
            log.warning("the length check could not be kept with the recording: %s", for_the_log(error))
        return check

    # -- the state, as the window sees it ------------------------------------------------------------------

    def _set_state(self, state: State, cause: RecorderWarning | None = None) -> None:
        """Change the state (and, when given, why) and publish the status that goes with it (under the lock)."""
        with self._lock:
            if state in (State.DEVICE_LOST, State.STOPPED):
                self._notices.clear()  # what was true while recording is not the news now
            if cause is not None:
                self._cause = cause
            # (stopped: the time recorded ends when Stop was pressed, however long the microphone took to close)
            now = self._stopped_at if state is State.STOPPED and self._stopped_at is not None else time.monotonic()
            if state is State.PAUSED and self._paused_since is None:
                self._paused_since = now
            elif state is not State.PAUSED and self._paused_since is not None:
                self._paused_total += now - self._paused_since
                self._paused_since = None
            self._state = state
            self._publish()

    def _publish(self) -> None:
        with self._lock:
            cause = self._cause if self._state is not State.RECORDING else None
            self._status = describe(self._state, cause, self._notices, self._minutes_left)

    # -- the microphone -----------------------------------------------------------------------------------

    def _find_again(self, name: str | None) -> InputDevice:
        if name is None and self._device is not None:
            try:
                return find_input_device(self._device.name, refresh=True)
            except ChairDeskError:
                name = None
        return find_input_device(name, refresh=True)

    def _reopen(self, new: InputDevice) -> None:
        """Record on ``new`` after the microphone was lost (under the lock). The state stays DEVICE_LOST, and the
        gap open, until sound arrives: then the writer marks the gap, says the microphone is back and the state is
        RECORDING again (a stream that opens but never sends is no microphone back)."""
        check_samplerate(new, self._rate)
        if self._stream is not None:  # one reopened before and not heard yet: this one replaces it
            self._close_stream(drain=False)
            self._back_pending = False
        before, open_since = self._device, self._gap_open_since
        self._open_stream(new)
        self._device = new
        if self._gap_open_since is None:
            self._gap_open_since = time.monotonic()
        self._back_pending = True
        self._run_number += 1
        self._capturing = True
        try:
            self._start_stream()
        except BaseException:  # still no microphone: nothing has changed
            self._capturing = False
            self._back_pending = False
            self._device, self._gap_open_since = before, open_since
            with contextlib.suppress(Exception):
                self._close_stream()
            raise
        self._set_state(State.DEVICE_LOST)

    def _reconnect(self) -> None:
        """The writer thread, while the microphone is gone: carry on if the same microphone is back."""
        with self._lock:
            if self._state is not State.DEVICE_LOST or self._device is None or self._back_pending:
                return  # recording, or a stream reopened already and waited for (_device_gone ends the wait)
            name = self._device.name
            try:
                found = next((d for d in list_input_devices(refresh=True) if d.name == name), None)
                if found is None:
                    raise NoInputDevice(f"“{name}” is not connected")
                self._reopen(found)
            except ChairDeskError as error:
                log.debug("the microphone is not back yet: %s", type(error).__name__)
            except Exception as error:  # a failed attempt is not a failed recording: try again later
                log.warning("looking for the microphone again failed: %s", for_the_log(error))

    def _open_stream(self, device: InputDevice) -> None:
        self._stream_finished.clear()
        self._stream_number += 1
        self._last_block = 0.0
        self._arrived_at = 0.0
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

    def _close_stream(self, drain: bool = True) -> None:
        """Close the microphone; wait for its last block only if it is still delivering (a stalled device never
        would, and the lock is held meanwhile)."""
        stream, self._stream = self._stream, None
        if stream is not None:
            close_input_stream(stream, drain=drain and time.monotonic() - self._last_block < STALLED)

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: sd.CallbackFlags) -> None:
        # PortAudio's thread: copy and queue, nothing else.
        capturing = self._capturing
        self._arrived_at = now = time.monotonic()
        if capturing:
            if self._first_sound_at is None:
                self._first_sound_at = now - frames / self._rate
            self._captured_frames += frames
        self._queue.put(
            (_AUDIO, indata.copy(), capturing, status.input_overflow, now, self._run_number, self._stream_number)
        )

    def _control(self, method: str, **details: Any) -> None:
        """Queue a change to the manifest (a :class:`PartWriter` method and its arguments) behind the audio."""
        self._queue.put((_CONTROL, method, details))

    def _warn(self, kind: WarningKind, offset: float, **details: Any) -> RecorderWarning:
        """Say ``kind``: as a notice beside the state, or as the cause of the state the caller then sets."""
        warning = RecorderWarning(kind, message(kind, offset, **details), offset)
        log.info("recording warning: %s at %.1f s", kind, offset)
        if is_notice(kind):
            with self._lock:
                self._notices[notice_group(kind)] = warning
                self._publish()
        elif ended_notice(kind):
            with self._lock:
                self._notices.pop(ended_notice(kind) or "", None)
                self._publish()
        elif kind in CAUSES:
            self._cause = warning
        self._warnings.put(warning)
        if self._on_warning is not None:
            try:
                self._on_warning(warning)
            except Exception as error:  # the window's problem must not stop the recording
                log.error("on_warning failed: %s", for_the_log(error))
        return warning

    # -- the writer thread --------------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._write_loop()
        except Exception as error:  # anything unforeseen: stop cleanly and say so, never die silently
            log.error("the recording's writer failed: %s", for_the_log(error))
            try:
                self._halt(WarningKind.WRITE_FAILED, reason="an unexpected error; the details are in the log")
            except Exception as again:
                log.error("stopping after the failure failed too: %s", for_the_log(again))

    def _write_loop(self) -> None:
        disk = DiskWatcher(self._disk_reserve)
        next_sync = next_disk = next_source = time.monotonic()
        while not self._halted:
            try:
                item = self._queue.get(timeout=0.25)
            except queue.Empty:
                item = None
            if item is not None and item[0] == _STOP:
                self._mark_gap()  # a microphone reopened after a loss and never heard: the gap runs to Stop
                self._end_digital_silence(self.elapsed, all_clear=False)
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
            if self._source_check_seconds and now >= next_source:
                next_source = now + self._source_check_seconds
                self._check_source()
            if self._source_found is not None:
                self._apply_source()
            if self._device_gone(now):
                self._lose_device()
            if self._reconnect_seconds and self._state is State.DEVICE_LOST and now >= self._next_reconnect:
                self._next_reconnect = now + self._reconnect_seconds
                self._reconnect()

    def _process(self, item: tuple[Any, ...]) -> None:
        if item[0] == _CONTROL:
            _, what, details = item
            self._guard(lambda: getattr(self._writer, what)(**details))
            return
        _, block, capturing, overflow, arrived, run, stream = item
        self._last_audio = self._last_block = time.monotonic()
        if capturing and self._back_pending and stream == self._stream_number:  # (not a stream replaced since)
            self._mark_gap()
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
        self._find_dropped(arrived, run, len(block))
        zeros = self._zeros.feed(block, offset, len(block) / self._rate)
        if zeros is WarningKind.DIGITAL_SILENCE:
            since = self._zeros_from = self._zeros.since if self._zeros.since is not None else offset
            if self._guard(lambda: self._writer.begin_stretch("digital-silence", since)):  # in the record at once
                self._warn(zeros, since, device=self.device_name)
        elif zeros is WarningKind.DIGITAL_SILENCE_END:
            self._end_digital_silence(offset)
        # Exact zeros are not a quiet room: they are the digital silence's to say, so they never count towards the
        # quiet-room warning (which would otherwise race the digital silence when either starts mid-take).
        said = self._silence.feed(rms, len(block) / self._rate) if not is_flat(block) else None
        if said:
            self._warn(said, offset, seconds=self._silence_seconds)
        if self._clipping.feed(block, offset):
            self._warn(WarningKind.CLIPPING, offset)

    def _find_dropped(self, arrived: float, run: int, frames: int) -> None:
        """The writer thread, for each block written: sound that never arrived though the microphone carried on
        (shorter than a loss, see ShortfallDetector) is marked as a gap where it was found, and said."""
        if run != self._dropped_run:
            self._dropped_run, self._run_heard = run, 0.0
            self._dropped.restart()
        self._run_heard += frames / self._rate
        found = self._dropped.feed(arrived, self._run_heard, frames / self._rate)
        if found is None:
            return
        began, seconds = found
        with self._lock:
            # The silence goes after what is written (the sound since, up to a second, comes before it: each moment
            # typed meanwhile was stamped by that sound, so stays with it); the chair is told where it went missing.
            offset = self._writer.frames_written / self._rate + self._gap_seconds
            missing_at = offset - (self._run_heard - began)
            self._gap_seconds += seconds
            device = self.device_name or "the microphone"
            log.info("sound did not arrive for %.2f s at %.1f s", seconds, missing_at)
            cut = round(offset - missing_at, 3)
            if self._guard(lambda: self._writer.gap(seconds, offset, device, files.GAP_DROPPED, cut)):
                self._warn(WarningKind.SOUND_DROPPED, missing_at, seconds=seconds)

    def _end_digital_silence(self, offset: float, all_clear: bool = True) -> None:
        """The writer thread: the digital silence said has ended at ``offset`` (sound is back, or the microphone is
        gone, or the recording stops). Keep the stretch in the manifest, so the timeline and the record label it,
        and give the all-clear."""
        start, self._zeros_from = self._zeros_from, None
        self._zeros.reset()
        if start is None:
            return
        seconds = max(0.0, offset - start)
        self._guard(lambda: self._writer.end_stretch("digital-silence", start, round(seconds, 3)))
        if all_clear and not self._halted:
            self._warn(WarningKind.DIGITAL_SILENCE_END, offset, device=self.device_name)

    def _guard(self, action: Callable[[], object]) -> bool:
        """Run a disk operation; on failure stop cleanly with a warning that says why. False when it failed, or when
        the recording has stopped by itself (its files are closed and its folder released: nothing more is written)."""
        if self._halted:
            return False
        try:
            action()
            return True
        except (OSError, RuntimeError) as error:
            log.error("writing the recording failed: %s", for_the_log(error))
            free = self._free_bytes()
            if getattr(error, "errno", None) == errno.ENOSPC or (free is not None and free < 1024 * 1024):
                self._halt(WarningKind.DISK_FULL)
            else:
                self._halt(WarningKind.WRITE_FAILED, reason=getattr(error, "strerror", None))
            return False

    def _free_bytes(self) -> int | None:
        try:
            return self._free_space(self.folder)
        except Exception as error:  # a disk that cannot be asked is not a full one
            log.warning("the free space cannot be measured: %s", for_the_log(error))
            return None

    def _check_disk(self, disk: DiskWatcher) -> None:
        """Stop at the reserve; otherwise keep the minutes left (at this take's measured rate) up to date."""
        self._write_rate.add(self._writer.frames_written / self._rate, self._writer.bytes_written)
        free = self._free_bytes()
        if free is None:
            return
        kind, minutes = disk.check(free, self._write_rate.bytes_per_second)
        if kind is WarningKind.DISK_FULL:
            self._halt(WarningKind.DISK_FULL, reserve=self._disk_reserve)
            return
        with self._lock:
            self._minutes_left = minutes
            low = self._notices.get("disk")
            if kind is WarningKind.DISK_LOW:
                self._warn(kind, self.elapsed, minutes=minutes, reserve=self._disk_reserve)
            elif low is not None and minutes is not None:  # the notice keeps saying how long is left now
                if minutes > max(DiskWatcher.THRESHOLDS):
                    del self._notices["disk"]  # space was freed
                else:
                    text = message(WarningKind.DISK_LOW, low.offset, minutes=minutes, reserve=self._disk_reserve)
                    self._notices["disk"] = RecorderWarning(low.kind, text, low.offset, low.at)
            self._publish()

    def _halt(self, kind: WarningKind, **details: Any) -> None:
        """Stop by itself (the disk is full, a write failed), keeping everything written so far: the files closed
        and the folder released as after :meth:`stop`, so the take can be joined (:meth:`finish`) straight away."""
        with self._lock:
            self._capturing = False
            try:
                self._close_stream()
            finally:
                self._pending_gap, self._gap_open_since = 0.0, None
                self._back_pending = False
            if self._halted:
                self._set_state(State.STOPPED)
                return
            self._halted = True
            offset = self._writer.frames_written / self._rate + self._gap_seconds
            if self._stopped_at is None:  # (stopped by itself; after Stop, the time recorded ends at Stop)
                self._stopped_at = time.monotonic()
            try:
                if self._zeros_from is not None:
                    seconds = round(max(0.0, offset - self._zeros_from), 3)
                    self._writer.end_stretch("digital-silence", self._zeros_from, seconds)
                    self._zeros_from = None
                self._writer.event("stopped-by-itself", offset, cause=str(kind))  # the record says why it ended
            except Exception as error:  # a full disk may refuse even this; stopping matters more
                log.error("noting why the recording stopped: %s", for_the_log(error))
                self._unsaved_end = True
            try:
                self._writer.finish()
            except Exception as error:  # the disk may refuse even this; the open part is recoverable block by block
                log.error("closing the recording after a failure: %s", for_the_log(error))
                self._unsaved_end = True
            # Nothing more is written to this take: its folder is released now, as a chair's Stop releases it, so it
            # can be joined at once (finish(), the window, recovery) without waiting for stop() or a restart.
            self._folder_lock.release()
            self._set_state(State.STOPPED, self._warn(kind, offset, **details))

    # -- the microphone going away and coming back --------------------------------------------------------

    def _device_gone(self, now: float) -> bool:
        """No block for DEVICE_TIMEOUT (FIRST_BLOCK_TIMEOUT for a stream that has not delivered one yet), counted
        from when PortAudio last handed one over, so a writer busy with the disk never mistakes itself for a dead
        microphone."""
        waited_for = self._state is State.DEVICE_LOST and self._back_pending  # reopened, not heard yet
        if self._stream is None or not (self._state in (State.RECORDING, State.PAUSED) or waited_for):
            return False
        arrived = self._arrived_at
        timeout = DEVICE_TIMEOUT if arrived else FIRST_BLOCK_TIMEOUT
        return self._stream_finished.is_set() or now - max(self._last_audio, arrived) > timeout

    def _lose_device(self) -> None:
        with self._lock:  # resume() waits until everything heard before the loss is on disk
            if not self._device_gone(time.monotonic()):
                return
            self._close_stream(drain=False)
            while not self._halted:  # the blocks still queued were heard before the loss
                try:
                    self._process(self._queue.get_nowait())
                except queue.Empty:
                    break
            if self._halted:
                return
            self._next_reconnect = time.monotonic() + (self._reconnect_seconds or 0)
            self._run_number += 1
            if self._back_pending:  # reopened, but never heard: it is still the same loss, already told
                self._back_pending = False
                self._capturing = False
                if self._state is State.RECORDING:  # (resume and reopen leave it DEVICE_LOST until heard)
                    self._set_state(State.DEVICE_LOST)
                return
            offset = self.elapsed
            was_recording = self._state is State.RECORDING
            self._end_digital_silence(offset, all_clear=False)
            if was_recording:
                self._capturing = False
                # The gap began when the last block arrived, not when the silence since was noticed.
                self._gap_open_since = self._arrived_at or self._last_audio
            self._guard(self._writer.close_part)
            self._guard(lambda: self._writer.event("device-lost", offset, files.DEVICE_LOST, device=self.device_name))
            if self._halted:
                return
            warning = self._warn(WarningKind.DEVICE_LOST, offset, device=self.device_name, paused=not was_recording)
            if was_recording:
                self._set_state(State.DEVICE_LOST, warning)
            else:  # paused when it went: it stays paused, and Resume looks for a microphone
                self._cause = warning
                self._publish()

    def _check_source(self) -> None:
        """The writer thread, every few seconds: ask the sound server (on a thread of its own: it runs ``pactl``,
        and the writer must never wait for a process while sound piles up in its queue) which microphone the
        stream reads now; :meth:`_apply_source` takes the answer on the writer thread."""
        if self._state not in (State.RECORDING, State.PAUSED) or self._stream is None or self._back_pending:
            return
        if self._asking is not None and self._asking.is_alive():
            return
        source = self._source

        def ask() -> None:
            try:
                self._source_found = recording_source(source)
            except Exception as error:  # asking is a help, never a reason to stop recording
                log.warning("asking which microphone is recorded failed: %s", for_the_log(error))

        self._asking = threading.Thread(target=ask, name="chairdesk-microphone-source", daemon=True)
        self._asking.start()

    def _apply_source(self) -> None:
        """The writer thread: when the microphone the stream reads is another one than before (the computer's
        default changed and the stream followed it, or the server moved it), say so at once and mark it in the
        manifest, so the timeline and the record show it. A microphone gone without the stream following it is the
        device-lost path (:meth:`_lose_device`)."""
        found, self._source_found = self._source_found, None
        with self._lock:
            if found is None or self._state not in (State.RECORDING, State.PAUSED) or self._back_pending:
                return
            before, self._source = self._source, found
            # The same microphone (by the server's name: unplugged and back, it is numbered afresh) is no change.
            if before is None or before.index == found.index or before.name == found.name:
                return
            why = "gone" if before.index not in found.known else "default" if found.default else "moved"
            offset = self.elapsed
            at = f"{dt.datetime.now():%H:%M}"
            details = {"device": found.words, "before": before.words, "why": why, "at": at}
            log.info("recording now from another microphone (%s) at %.1f s", why, offset)
            self._run_number += 1  # sound missing is measured afresh on the new microphone (its own delays)
            if self._guard(lambda: self._writer.event("microphone-changed", offset, **details)):
                self._warn(WarningKind.DEVICE_CHANGED, offset, **details)

    def _heard_not_written(self) -> float:
        """Seconds of sound captured and not yet written (queued for the writer)."""
        return max(0.0, (self._captured_frames - self._writer.frames_written) / self._rate)

    def _mark_gap(self) -> None:
        """The writer thread, at the first block heard after a loss: mark the gap, then say the microphone is back.

        The gap ends where the sound now arriving began (the blocks captured since, not yet written, are counted
        back from now), so the recording's clock runs on without a jump.
        """
        with self._lock:
            if not self._back_pending:
                return
            self._back_pending = False
            stopped = self._state is State.STOPPED
            now = self._stopped_at if stopped and self._stopped_at is not None else time.monotonic()
            at = self._writer.frames_written / self._rate + self._gap_seconds
            heard_since = self._heard_not_written()
            gap = self._pending_gap
            if self._gap_open_since is not None:
                gap += max(0.0, now - heard_since - self._gap_open_since)
            self._pending_gap, self._gap_open_since = 0.0, None
            self._gap_seconds += gap
            device = self.device_name or "the microphone"
            if not self._guard(lambda: self._writer.gap(seconds=gap, offset=at, device=device)):
                return
            if stopped:
                return  # the sound heard just before Stop: the gap is kept, and there is nothing to tell the chair
            self._cause = None
            if self._state is State.DEVICE_LOST:
                self._set_state(State.RECORDING)  # only now, with its sound arriving, is the microphone back
            self._warn(WarningKind.DEVICE_BACK, at, device=device, gap=gap)
