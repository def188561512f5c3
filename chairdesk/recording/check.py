"""The microphone check before the meeting: three seconds recorded into memory, the level reached said in words,
and played back so the chair hears what the recording will sound like.

Nothing of the check is ever written to disk: the samples live in the :class:`MicrophoneCheck` and go with it.
Nothing here imports Qt; the recording panel runs :func:`check_microphone` and :func:`play_back` on a worker
thread (each takes about three seconds). A problem is a :class:`MicrophoneCheckError` (or
:class:`~chairdesk.recording.devices.NoInputDevice`) with a sentence saying what to do.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import sounddevice as sd

from chairdesk.errors import ChairDeskError
from chairdesk.recording.devices import (
    DEVICE_TIMEOUT,
    _portaudio_lock,
    close_input_stream,
    find_input_device,
    open_input_stream,
    pick_samplerate,
    stream_closed,
    stream_opened,
)
from chairdesk.recording.monitor import FULL_SCALE, dbfs, is_flat

CHECK_SECONDS = 3.0
ARRIVAL_GRACE = 5.0  # seconds beyond the check's length to wait for sound before saying none arrived
# A check is judged only on the whole of it: a microphone that stopped part-way is said, not passed on what it sent
# before (the odd block short of the whole is no fault).
WHOLE_CHECK = 0.95
WINDOW_SECONDS = 0.1  # the level of speech is the loudest tenth of a second's
QUIET_DBFS = -40.0  # speech whose loudest tenth of a second is below this is too quiet to follow in a recording
CLIPPED = 32767  # a sample at full scale


class MicrophoneCheckError(ChairDeskError):
    """The check could not be made (or played back); the sentence says why and what to do."""


class Verdict(StrEnum):
    GOOD = "good"
    QUIET = "quiet"
    LOUD = "loud"
    NONE = "none"


VERDICT_WORDS = {
    Verdict.GOOD: "Good level: the microphone hears the room clearly.",
    Verdict.QUIET: (
        "Very quiet: move the microphone nearer the people speaking (or turn its level up in the computer's sound "
        "settings), then check again."
    ),
    Verdict.LOUD: "Too loud: the sound is distorting. Move the microphone further away or turn its level down.",
    Verdict.NONE: (
        "No sound at all: the microphone sent nothing but digital silence, so it is muted, switched off or taken "
        "by another program. Check its mute switch or key and the computer's sound settings, then check again."
    ),
}


@dataclass(frozen=True)
class MicrophoneCheck:
    """Three seconds from ``device`` at ``rate`` (16-bit samples, in memory only), the level reached and what it
    means: ``peak`` 0.0 to 1.0 of full scale (for a bar), ``speech_dbfs`` the loudest tenth of a second."""

    device: str
    rate: int
    samples: np.ndarray
    peak: float
    speech_dbfs: float
    verdict: Verdict

    @property
    def sentence(self) -> str:
        return VERDICT_WORDS[self.verdict]

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate if self.rate else 0.0


def judge(samples: np.ndarray, rate: int) -> tuple[float, float, Verdict]:
    """The peak (fraction of full scale), the loudest tenth of a second (dBFS) and the verdict for ``samples``."""
    if samples.size == 0 or is_flat(samples):  # exact zeros, or one value throughout: no sound at all
        return 0.0, -120.0, Verdict.NONE
    values = samples.astype(np.float32).ravel() / FULL_SCALE
    peak = float(np.abs(values).max())
    window = max(1, int(rate * WINDOW_SECONDS))
    whole = len(values) // window * window or len(values)
    rms = np.sqrt(np.mean(values[:whole].reshape(-1, min(window, whole)) ** 2, axis=1))
    loudest = dbfs(float(rms.max()))
    clipped = int(np.count_nonzero(np.abs(samples.astype(np.int32)) >= CLIPPED))
    if clipped >= 3:
        verdict = Verdict.LOUD
    elif loudest < QUIET_DBFS:
        verdict = Verdict.QUIET
    else:
        verdict = Verdict.GOOD
    return peak, loudest, verdict


def check_microphone(device: str | None = None, seconds: float = CHECK_SECONDS) -> MicrophoneCheck:
    """Record ``seconds`` from ``device`` (a name; None: the system's default) into memory and judge the level.

    Raises :class:`~chairdesk.recording.devices.NoInputDevice` when there is no microphone, and
    :class:`MicrophoneCheckError` when it sends no sound at all (not even silence) within a few seconds, or stops
    sending part-way (said once no block has come for as long as a recording waits before saying its microphone has
    gone).
    """
    found = find_input_device(device)
    rate = pick_samplerate(found, 48000)
    wanted = max(1, round(seconds * rate))
    blocks: list[np.ndarray] = []
    got = 0
    last_block = 0.0  # when the last block came (0: none yet)
    enough = threading.Event()

    def callback(indata: np.ndarray, frames: int, time_info: Any, status: sd.CallbackFlags) -> None:
        nonlocal got, last_block
        last_block = time.monotonic()
        if got < wanted:
            blocks.append(indata.copy())
            got += frames
        if got >= wanted:
            enough.set()

    def stopped_sending() -> bool:
        return bool(last_block) and time.monotonic() - last_block > DEVICE_TIMEOUT

    stream = open_input_stream(found, rate, callback, enough.set)
    try:
        try:
            stream.start()
        except sd.PortAudioError as error:
            raise MicrophoneCheckError(
                f"The microphone “{found.name}” could not be started ({error}). It may be in use by another program."
            ) from None
        give_up = time.monotonic() + seconds + ARRIVAL_GRACE
        while not enough.wait(0.1) and not stopped_sending() and time.monotonic() < give_up:
            pass
    finally:
        # A microphone that stopped sending part-way may hang if it is waited for: closed without waiting.
        close_input_stream(stream, drain=got >= wanted)
    samples = np.concatenate(blocks).ravel()[:wanted] if blocks else np.zeros(0, dtype=np.int16)
    if len(samples) < wanted * WHOLE_CHECK:
        heard = len(samples) / rate
        if not len(samples):
            raise MicrophoneCheckError(
                f"The microphone “{found.name}” sent no sound during the check: the laptop's lid may be closed, or "
                "another program may have taken it. Open the lid or close the other program, then check again."
            )
        raise MicrophoneCheckError(
            f"The microphone “{found.name}” stopped sending sound {heard:.1f} seconds into the check: the laptop's "
            "lid may have been closed, the microphone unplugged, or another program may have taken it. Open the "
            "lid, plug it in or close the other program, then check again."
        )
    peak, loudest, verdict = judge(samples, rate)
    return MicrophoneCheck(found.name, rate, samples, peak, loudest, verdict)


def has_output_device() -> bool:
    """True when PortAudio has a default output (loudspeakers or headphones) to play on."""
    with _portaudio_lock:
        try:
            sd.query_devices(kind="output")
            return True
        except (sd.PortAudioError, ValueError):
            return False


NO_OUTPUT = (
    "There are no loudspeakers or headphones to play the check back on (the computer has no sound output). The "
    "level above still says whether the microphone hears the room."
)


def play_back(check: MicrophoneCheck) -> None:
    """Play the check through the default output and wait until it has been heard; a plain sentence when there
    is no output or it cannot be played."""
    if not has_output_device():
        raise MicrophoneCheckError(NO_OUTPUT)
    done = threading.Event()
    position = 0
    samples = check.samples.reshape(-1, 1)

    def callback(outdata: np.ndarray, frames: int, time_info: Any, status: sd.CallbackFlags) -> None:
        nonlocal position
        chunk = samples[position : position + frames]
        outdata[: len(chunk)] = chunk
        outdata[len(chunk) :] = 0
        position += len(chunk)
        if len(chunk) < frames:
            raise sd.CallbackStop

    try:
        with _portaudio_lock:
            stream = sd.OutputStream(
                samplerate=check.rate, channels=1, dtype="int16", callback=callback, finished_callback=done.set
            )
            stream_opened()
    except (sd.PortAudioError, ValueError) as error:
        raise MicrophoneCheckError(
            f"The check could not be played back ({error}): the loudspeakers may be in use by another program. "
            "The level above still says whether the microphone hears the room."
        ) from None
    try:
        stream.start()
        done.wait(check.seconds + ARRIVAL_GRACE)
    finally:
        with contextlib.suppress(sd.PortAudioError):
            stream.stop()
            stream.close()
        stream_closed()
