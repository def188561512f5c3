"""Audio input devices: listing them, finding the chair's choice by its name, and remembering that name (in this
computer's settings, chairdesk.settings: a microphone belongs to the laptop, not to a conference).

PortAudio numbers devices afresh each time it starts and whenever something is plugged in, so a device is
always chosen and remembered by its name, never by its number.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import sounddevice as sd

from chairdesk import log_privacy
from chairdesk.errors import ChairDeskError
from chairdesk.recording.monitor import WarningKind, message
from chairdesk.settings import MICROPHONE, Settings

log = logging.getLogger(__name__)

_streams_lock = threading.Lock()
_open_streams = 0
# PortAudio may not be restarted (to look for devices again) while another thread lists devices or opens a stream:
# the recorder looks for a lost microphone on its own thread while the window may be listing them.
_portaudio_lock = threading.RLock()


class NoInputDevice(ChairDeskError):
    """There is no microphone at all, or not the one asked for."""


@dataclass(frozen=True)
class InputDevice:
    name: str
    hostapi: str
    channels: int
    samplerate: float
    default: bool
    index: int  # PortAudio's number for now: use it to open a stream, never store it

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["index"]
        return data


def stream_opened() -> None:
    global _open_streams
    with _streams_lock:
        _open_streams += 1


def stream_closed() -> None:
    global _open_streams
    with _streams_lock:
        _open_streams = max(0, _open_streams - 1)


def _refresh() -> None:
    """Ask PortAudio to look for devices again (one plugged in since it started). Only with no stream open."""
    with _portaudio_lock, _streams_lock:
        if _open_streams:
            return
        terminate, initialize = getattr(sd, "_terminate", None), getattr(sd, "_initialize", None)
        if terminate is None or initialize is None:
            return
        try:
            terminate()
        finally:
            initialize()


def list_input_devices(refresh: bool = False) -> list[InputDevice]:
    """Every device that can record, the system's default marked. ``refresh`` looks again for new devices."""
    with _portaudio_lock:
        if refresh:
            _refresh()
        try:
            devices = sd.query_devices()
            hostapis = sd.query_hostapis()
            default_input = sd.default.device[0]
        except sd.PortAudioError:
            return []
    if default_input is None or default_input < 0:
        default_input = next((h["default_input_device"] for h in hostapis if h["default_input_device"] >= 0), -1)
    return [
        InputDevice(
            name=d["name"],
            hostapi=hostapis[d["hostapi"]]["name"],
            channels=int(d["max_input_channels"]),
            samplerate=float(d["default_samplerate"]),
            default=d["index"] == default_input,
            index=int(d["index"]),
        )
        for d in devices
        if d["max_input_channels"] > 0
    ]


def choose(devices: list[InputDevice], name: str | None) -> InputDevice:
    """The device called ``name`` (None: the default), preferring the default's host API when names repeat.

    A name that is not there exactly may be matched without regard to case, or as part of one device's name.
    """
    if not devices:
        raise NoInputDevice(message(WarningKind.NO_DEVICE, 0))
    default = next((d for d in devices if d.default), devices[0])
    if name is None or not name.strip():
        return default

    def best(matches: list[InputDevice]) -> InputDevice | None:
        if not matches:
            return None
        return next((d for d in matches if d.hostapi == default.hostapi), matches[0])

    wanted = name.strip()
    folded = wanted.casefold()
    found = best([d for d in devices if d.name == wanted]) or best([d for d in devices if d.name.casefold() == folded])
    if found:
        return found
    partial = [d for d in devices if folded in d.name.casefold()]
    if len({d.name for d in partial}) == 1:
        return best(partial)  # type: ignore[return-value]
    available = ", ".join(sorted({d.name for d in devices}))
    raise NoInputDevice(f"The microphone “{wanted}” is not connected. The microphones found are: {available}.")


def find_input_device(name: str | None = None, refresh: bool = False) -> InputDevice:
    """The input device called ``name`` (None: the system's default); :class:`NoInputDevice` if there is none."""
    devices = list_input_devices(refresh=refresh)
    if not devices and not refresh:
        devices = list_input_devices(refresh=True)
    return choose(devices, name)


def pick_samplerate(device: InputDevice, wanted: int) -> int:
    """``wanted`` if the device can record 16-bit mono at that rate, else the device's own rate."""
    with _portaudio_lock:
        try:
            sd.check_input_settings(device=device.index, channels=1, dtype="int16", samplerate=wanted)
            return wanted
        except (sd.PortAudioError, ValueError):
            return int(device.samplerate)


def check_samplerate(device: InputDevice, rate: int) -> None:
    """Refuse a device that cannot carry on a recording made at ``rate``; :class:`NoInputDevice` when the device
    cannot be used at all just now (it is listed, but unplugged or taken by another program)."""
    with _portaudio_lock:
        try:
            sd.check_input_settings(device=device.index, channels=1, dtype="int16", samplerate=rate)
            return
        except (sd.PortAudioError, ValueError):
            pass
        try:
            sd.check_input_settings(device=device.index, channels=1, dtype="int16", samplerate=device.samplerate)
        except (sd.PortAudioError, ValueError):
            raise NoInputDevice(
                f"The microphone “{device.name}” is not available. It may be unplugged or in use by another program."
            ) from None
        raise ChairDeskError(
            f"The microphone “{device.name}” cannot record at {rate} Hz like the rest of this recording; "
            "choose another one."
        ) from None


def open_input_stream(
    device: InputDevice, rate: int, callback: Callable[..., None], finished: Callable[[], None]
) -> sd.InputStream:
    """A 16-bit mono input stream (not yet started) delivering blocks of 1/20 s to ``callback``."""
    with _portaudio_lock:
        try:
            stream = sd.InputStream(
                device=device.index,
                samplerate=rate,
                channels=1,
                dtype="int16",
                blocksize=rate // 20,
                latency="high",  # a little more delay in exchange for no lost blocks when the laptop is busy
                callback=callback,
                finished_callback=finished,
            )
        except (sd.PortAudioError, ValueError) as error:
            raise NoInputDevice(
                f"The microphone “{device.name}” could not be opened ({error}). It may be unplugged or in use by "
                "another program."
            ) from None
        stream_opened()
    return stream


# Seconds without a block before the microphone counts as gone (the lid closed, the device taken or hung). A
# microphone sends a block every twentieth of a second, so a second without one is no hiccup; it is said at once.
DEVICE_TIMEOUT = 1.0
# How long closing a stream waits for its last block. A device that hangs (a driver stuck, the sound server
# suspended) can hold PortAudio's stop until it answers again, minutes later: closing never waits longer than this.
CLOSE_PATIENCE = 0.5


def close_input_stream(stream: sd.InputStream, drain: bool = True) -> bool:
    """Stop and close. ``drain`` waits for the last callback (every captured block delivered), but for
    CLOSE_PATIENCE at most: a device that hangs while it is being stopped is left to close on a thread of its own
    when it answers (False), and the caller goes on. One known to have stalled is closed without waiting
    (``drain=False``). True when the stream is closed."""
    if not drain:
        _close(stream, drain=False)
        return True
    closing = threading.Thread(target=_close, args=(stream, True), name="chairdesk-closing-microphone", daemon=True)
    closing.start()
    closing.join(CLOSE_PATIENCE)
    if closing.is_alive():
        log.warning("the microphone did not answer when it was closed: it is left to close by itself")
        return False
    return True


def _close(stream: sd.InputStream, drain: bool) -> None:
    try:
        if drain:
            stream.stop()
        else:
            stream.abort()
        stream.close()
    except sd.PortAudioError as error:
        log.warning("closing the input stream: %s", log_privacy.kind_of(error))
        with contextlib.suppress(sd.PortAudioError):
            stream.close(ignore_errors=True)
    finally:
        stream_closed()  # only then may PortAudio be restarted to look for devices (_refresh)


@dataclass(frozen=True)
class Source:
    """The sound server's microphone a recording stream reads now (PulseAudio, or PipeWire's PulseAudio server)."""

    index: int
    name: str  # the sound server's own name for it
    words: str  # as the chair reads it: its description (with its name when another has the same description)
    default: bool  # it is the computer's default microphone now
    known: frozenset[int] = frozenset()  # the sound server's microphones at the time (to tell one that has gone)


def _pactl(*args: str, as_json: bool = True) -> Any:
    """What ``pactl`` answers (parsed JSON, or text), or None when there is no pactl or it cannot answer."""
    if shutil.which("pactl") is None:
        return None
    command = ["pactl", *(["-f", "json"] if as_json else []), *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=2, env={**os.environ, "LC_ALL": "C"})
        if done.returncode:
            return None
        return json.loads(done.stdout) if as_json else done.stdout.strip()
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


def recording_source(previous: Source | None = None) -> Source | None:
    """The microphone this process's one recording stream reads now, as the sound server says it; None when that
    cannot be told (no PulseAudio or PipeWire to ask: Windows, macOS; no stream, or more than one). ``previous``
    is returned as it is when the stream still reads it, so a check costs one question to the sound server.

    A stream opened on the "default" device follows the computer's default microphone when it changes, and the
    sound server may move it by itself: this is how the recorder knows it is recording from another microphone.
    """
    outputs = _pactl("list", "source-outputs")
    if not isinstance(outputs, list):
        return None
    pid = str(os.getpid())
    ours = [o for o in outputs if str((o.get("properties") or {}).get("application.process.id")) == pid]
    if len(ours) != 1 or not isinstance(ours[0].get("source"), int):
        return None
    index = ours[0]["source"]
    if previous is not None and previous.index == index:
        return previous
    sources = _pactl("list", "sources")
    if not isinstance(sources, list):
        return None
    found = next((s for s in sources if s.get("index") == index), None)
    if found is None:
        return None
    name = str(found.get("name") or index)
    description = str(found.get("description") or name)
    if sum(1 for s in sources if s.get("description") == description) > 1:
        description = f"{description} ({name})"
    default = _pactl("get-default-source", as_json=False) == name
    known = frozenset(s["index"] for s in sources if isinstance(s.get("index"), int))
    return Source(index, name, description, default, known)


def remembered_device(kept: Settings | None = None) -> str | None:
    """The name of the microphone the chair chose last time on this computer, if any (chairdesk.settings)."""
    return (kept or Settings()).get(MICROPHONE)


def remember_device(name: str, kept: Settings | None = None) -> None:
    """Remember the chair's microphone by its name, for next time on this computer. A settings file that cannot be
    written only means the choice is not remembered: logged in a sentence, never in the way of a recording."""
    try:
        (kept or Settings()).put(MICROPHONE, name)
    except OSError as error:
        log.warning("The microphone chosen could not be remembered for next time (%s).", error.strerror)
