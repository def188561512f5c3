"""Playing a take back in the app, from any moment: play, pause, back ten seconds, and speeds from 1× to 2×.

Nothing here imports Qt: the record editor (:mod:`chairdesk.gui.record_editor`) is a client of :class:`Player`, as
a test is. Three threads touch a player, each doing one thing:

- PortAudio's audio thread runs :meth:`Player._callback`, which only copies from the prepared buffer to the
  device (silence when nothing is prepared or the player is paused) and counts what it handed over.
- The player's reader thread keeps about a second prepared ahead: it reads the take's ``recording.flac`` with
  ``soundfile`` from where playing has got to and, above 1×, resamples it (see below) into blocks for the callback.
- The caller (the window's thread) calls :meth:`Player.play`, :meth:`Player.pause`, :meth:`Player.back`,
  :meth:`Player.seek`, :meth:`Player.set_speed` and :meth:`Player.stop`, and reads :attr:`Player.position`;
  none of them waits for the device.

Speed is by resampling: above 1× the samples are played faster (linear interpolation with numpy), so voices are
higher as well as quicker, as on a tape played fast. Time-stretching (the same pitch, quicker) needs a library
this project does not carry (pedalboard's Rubber Band would do it); resampling costs next to nothing and needs
no new dependency. At 1× the samples are played exactly as recorded.

:attr:`Player.position` is the moment of the recording (seconds into the take) next to be handed to the device:
it moves on by ``speed`` seconds of the recording per second played.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sounddevice as sd
import soundfile as sf

from chairdesk.errors import ChairDeskError
from chairdesk.recording import devices, files

log = logging.getLogger(__name__)

SPEEDS = (1.0, 1.25, 1.5, 1.75, 2.0)  # what the editor offers
SLOWEST, FASTEST = 1.0, 2.0
BACK_SECONDS = 10.0
BLOCK = 2048  # output frames prepared at a time
AHEAD_SECONDS = 1.0  # how much is kept prepared for the callback

STOPPED, PLAYING, PAUSED = "stopped", "playing", "paused"


class PlayerError(ChairDeskError):
    """The recording cannot be played: a plain sentence for the chair (what happened, what to do)."""


@dataclass
class _Prepared:
    """Output samples ready for the device: ``start`` seconds into the take, ``speed`` seconds of the take per
    second played; ``used`` of them already handed over. ``last``: the take ends with it."""

    generation: int
    start: float
    speed: float
    samples: np.ndarray
    used: int = 0
    last: bool = False


def take_file(conference_id: str, take: str) -> Path:
    """Where a take of a conference's recording is, as one file."""
    return files.conference_folder(conference_id) / take / files.RECORDING


class Player:
    """Plays one take (``path``, its ``recording.flac``) on the default output (or ``device``, a PortAudio device
    name or number). Nothing is opened until :meth:`play`. Every method may be called from the window's thread at
    any time; a problem is a :class:`PlayerError` in words."""

    def __init__(self, path: str | Path, device: str | int | None = None) -> None:
        self.path = Path(path)
        try:
            info = sf.info(str(self.path))
        except (sf.LibsndfileError, RuntimeError, OSError):
            if not self.path.exists():
                raise PlayerError(
                    f"The recording {self.path.parent.name} is not on this computer any more (it may have been "
                    "exported and removed when the conference was closed)."
                ) from None
            raise PlayerError(f"The recording {self.path.parent.name} cannot be read; it may be damaged.") from None
        self.rate = int(info.samplerate)
        self.frames = int(info.frames)
        self.duration = self.frames / self.rate
        self.device = device
        self._lock = threading.Lock()
        self._wanted = threading.Event()  # the reader has room to prepare more, or something changed
        self._prepared: collections.deque[_Prepared] = collections.deque()
        self._generation = 0  # bumped by every seek and change of speed: what was prepared before is dropped
        self._read_at = 0.0  # frames into the take where the reader goes on (a fraction above 1×)
        self._position = 0.0
        self._speed = SLOWEST
        self._state = STOPPED
        self._ended = False
        self._closed = False
        self._stream: Any = None
        self._reader: threading.Thread | None = None
        self.frames_played = 0  # output frames of the take handed to the device since the player was made
        self.took_seconds = 0.0  # seconds of the take those frames held (at whatever speeds)
        self.callbacks = 0  # how often the device asked for samples (a test can wait for it to ask again)

    # -- what the window reads --------------------------------------------------------------------------

    @property
    def position(self) -> float:
        """Seconds into the take next to be played."""
        with self._lock:
            return self._position

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def state(self) -> str:
        """ "playing", "paused" (also at the end of the take) or "stopped" (the device closed)."""
        with self._lock:
            return self._state

    @property
    def ended(self) -> bool:
        """Played to the end of the take."""
        with self._lock:
            return self._ended

    # -- what the window does ---------------------------------------------------------------------------

    def play(self, at: float | None = None) -> None:
        """Play from ``at`` seconds into the take (None: from where it is; from the start after the end)."""
        if self._closed:
            raise PlayerError("This player has been closed; open the recording again.")
        if at is not None:
            self.seek(at)
        elif self.ended:
            self.seek(0.0)
        self._open()
        with self._lock:
            self._state = PLAYING
        self._wanted.set()

    def pause(self) -> None:
        """Stop playing for now; :meth:`play` goes on from here (the device stays open, playing silence)."""
        with self._lock:
            if self._state == PLAYING:
                self._state = PAUSED

    def toggle(self) -> None:
        """Play or pause (the Space key)."""
        if self.state == PLAYING:
            self.pause()
        else:
            self.play()

    def seek(self, at: float) -> None:
        """Go to ``at`` seconds into the take (kept within it); playing or paused, it stays so."""
        at = min(max(float(at), 0.0), self.duration)
        with self._lock:
            self._generation += 1
            self._prepared.clear()
            self._read_at = at * self.rate
            self._position = at
            self._ended = at >= self.duration
        self._wanted.set()

    def back(self, seconds: float = BACK_SECONDS) -> None:
        """Go back ``seconds`` (ten by default; to the start when it is nearer)."""
        self.seek(self.position - seconds)

    def set_speed(self, speed: float) -> None:
        """Play at ``speed`` (1× to 2×), from the moment playing has reached."""
        if not SLOWEST <= speed <= FASTEST:
            raise PlayerError(f"The speed can be from {SLOWEST:g}× to {FASTEST:g}×, not {speed:g}×.")
        with self._lock:
            self._speed = float(speed)
        self.seek(self.position)

    def stop(self) -> None:
        """Stop playing and close the device; the position is kept, so :meth:`play` goes on from here."""
        with self._lock:
            self._state = STOPPED
            stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.abort()
                stream.close()
            except sd.PortAudioError as error:
                log.warning("closing the output stream: %s", error)
            finally:
                devices.stream_closed()

    def close(self) -> None:
        """Stop, and end the reader thread: the player is done with."""
        self.stop()
        self._closed = True
        self._wanted.set()
        if self._reader is not None:
            self._reader.join()
            self._reader = None

    # -- the device and the reader ------------------------------------------------------------------------

    def _open(self) -> None:
        if self._reader is None:
            self._reader = threading.Thread(target=self._read_loop, name="chairdesk-playback", daemon=True)
            self._reader.start()
        if self._stream is not None:
            return
        with devices._portaudio_lock:
            try:
                stream = sd.OutputStream(
                    device=self.device,
                    samplerate=self.rate,
                    channels=1,
                    dtype="float32",
                    blocksize=self.rate // 50,
                    callback=self._callback,
                )
                stream.start()
            except (sd.PortAudioError, ValueError) as error:
                log.warning("no output for playback: %s", error)
                raise PlayerError(
                    "The recording cannot be played: no loudspeaker or headphones were found (or they are in use "
                    "by another program). Plug some in, then press Play again."
                ) from None
            devices.stream_opened()
        with self._lock:
            self._stream = stream

    def _callback(self, outdata: np.ndarray, frames: int, _time: Any, _status: sd.CallbackFlags) -> None:
        """PortAudio's thread: copy what is prepared to the device; silence where nothing is."""
        filled = 0
        with self._lock:
            self.callbacks += 1
            if self._state == PLAYING:
                prepared = self._prepared
                while filled < frames and prepared and prepared[0].generation == self._generation:
                    block = prepared[0]
                    n = min(frames - filled, len(block.samples) - block.used)
                    outdata[filled : filled + n, 0] = block.samples[block.used : block.used + n]
                    block.used += n
                    filled += n
                    self._position = min(self.duration, block.start + block.used * block.speed / self.rate)
                    self.took_seconds += n * block.speed / self.rate
                    if block.used == len(block.samples):
                        prepared.popleft()
                        if block.last:
                            self._ended, self._state = True, PAUSED
                            self._position = self.duration
                            break
                self.frames_played += filled
        outdata[filled:] = 0
        self._wanted.set()

    def _ahead(self) -> int:
        return sum(len(b.samples) - b.used for b in self._prepared)

    def _read_loop(self) -> None:
        """The reader thread: keep about a second prepared from where playing has got to."""
        try:
            with sf.SoundFile(str(self.path)) as take:
                while not self._closed:
                    self._wanted.wait(0.25)
                    self._wanted.clear()
                    while not self._closed:
                        with self._lock:
                            if self._ended or self._ahead() >= AHEAD_SECONDS * self.rate:
                                break
                            generation, at, speed = self._generation, self._read_at, self._speed
                            if self._prepared and self._prepared[-1].last:
                                break
                        block = self._prepare(take, at, speed, generation)
                        with self._lock:
                            if generation != self._generation:
                                continue  # a seek or a new speed came meanwhile: what was read is dropped
                            self._prepared.append(block)
                            self._read_at = at + len(block.samples) * speed
        except (sf.LibsndfileError, RuntimeError, OSError) as error:
            log.error("the recording %s could not be read for playing: %s", self.path, error)
            with self._lock:
                self._ended, self._state = True, PAUSED

    def _prepare(self, take: sf.SoundFile, at: float, speed: float, generation: int) -> _Prepared:
        """``BLOCK`` output samples from ``at`` frames into the take, played ``speed`` times as fast."""
        first = math.floor(at)
        need = math.ceil(at + BLOCK * speed) - first + 1
        take.seek(min(first, self.frames))
        source = take.read(need, dtype="float32", always_2d=True)[:, 0]
        if speed == 1.0 and at == first:
            samples = source[:BLOCK].copy()
        else:
            wanted = at - first + np.arange(BLOCK) * speed
            wanted = wanted[wanted <= len(source) - 1]
            samples = np.interp(wanted, np.arange(len(source)), source).astype(np.float32)
        last = at + len(samples) * speed > self.frames - 1  # the next block would start past the last sample
        return _Prepared(generation, at / self.rate, speed, samples, last=last)


def closing(player: Player | None) -> None:
    """Close ``player`` if there is one, whatever state it is in (a window closing)."""
    if player is not None:
        with contextlib.suppress(Exception):
            player.close()
