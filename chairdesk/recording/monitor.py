"""What the recorder tells the window: level readings, and warnings in plain sentences.

The detectors here are plain objects fed one block at a time by the recorder's writer thread; they know nothing
of audio devices or files, so they are tested with arrays.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

FULL_SCALE = 32768.0  # int16 samples


class WarningKind(StrEnum):
    NO_DEVICE = "no-device"
    DEVICE_LOST = "device-lost"
    DEVICE_BACK = "device-back"
    SILENCE = "silence"
    SOUND_BACK = "sound-back"
    CLIPPING = "clipping"
    OVERFLOW = "overflow"
    DISK_LOW = "disk-low"
    DISK_FULL = "disk-full"
    WRITE_FAILED = "write-failed"


@dataclass(frozen=True)
class RecorderWarning:
    """Something the chair should know, as one plain sentence. ``offset``: seconds into the recording."""

    kind: WarningKind
    message: str
    offset: float
    at: dt.datetime = field(default_factory=dt.datetime.now)

    @property
    def clears(self) -> bool:
        """True for the all-clear that ends an earlier warning (sound is back, the microphone is back)."""
        return self.kind in (WarningKind.SOUND_BACK, WarningKind.DEVICE_BACK)


@dataclass(frozen=True)
class Level:
    """One block's level, 0.0 to 1.0 of full scale, for the level meter. ``offset``: seconds into the recording."""

    offset: float
    peak: float
    rms: float

    @property
    def peak_dbfs(self) -> float:
        return dbfs(self.peak)

    @property
    def rms_dbfs(self) -> float:
        return dbfs(self.rms)


def dbfs(value: float) -> float:
    """A level as decibels below full scale; -120 for digital silence."""
    return 20 * math.log10(value) if value > 1e-6 else -120.0


def measure(block: np.ndarray) -> tuple[float, float]:
    """Peak and RMS of an int16 block, as fractions of full scale."""
    if block.size == 0:
        return 0.0, 0.0
    samples = block.astype(np.float32) / FULL_SCALE
    return float(np.abs(samples).max()), float(np.sqrt(np.mean(samples * samples)))


def clock(seconds: float) -> str:
    """0:41:12 — a position in the recording, as the window shows it."""
    whole = max(0, int(seconds))
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def duration_words(seconds: float) -> str:
    """1 hour 2 minutes, 45 seconds, less than a second — a length in words."""
    whole = int(round(seconds))
    if whole < 1:
        return "less than a second"
    hours, minutes, secs = whole // 3600, whole // 60 % 60, whole % 60
    parts = []
    for amount, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second")):
        if amount:
            parts.append(f"{amount} {unit}{'' if amount == 1 else 's'}")
    if hours:
        parts = parts[:2]  # "2 hours 5 minutes": the seconds no longer matter
    return " ".join(parts)


class SilenceDetector:
    """Says when the input has been silent (a muted or dead microphone) for ``seconds``, and when sound is back."""

    def __init__(self, seconds: float, threshold_dbfs: float = -60.0) -> None:
        self.seconds = seconds
        self.threshold = 10 ** (threshold_dbfs / 20)
        self._silent_for = 0.0
        self._warned = False

    def feed(self, rms: float, block_seconds: float) -> WarningKind | None:
        if rms < self.threshold:
            self._silent_for += block_seconds
            if not self._warned and self._silent_for >= self.seconds:
                self._warned = True
                return WarningKind.SILENCE
            return None
        self._silent_for = 0.0
        if self._warned:
            self._warned = False
            return WarningKind.SOUND_BACK
        return None


class ClippingDetector:
    """Says when the input is clipping: several blocks within ``window`` seconds each with samples at full scale.

    One loud knock clips a block; speech too close to the microphone clips many. At most one warning per
    ``quiet`` seconds, so the window is not flooded.
    """

    def __init__(self, blocks: int = 3, window: float = 2.0, quiet: float = 30.0, samples: int = 3) -> None:
        self.blocks, self.window, self.quiet, self.samples = blocks, window, quiet, samples
        self._clipped_at: list[float] = []
        self._last_warning: float | None = None

    def feed(self, block: np.ndarray, offset: float) -> WarningKind | None:
        clipped = int(np.count_nonzero((block >= 32767) | (block <= -32768)))
        if clipped < self.samples:
            return None
        self._clipped_at = [t for t in self._clipped_at if offset - t <= self.window] + [offset]
        if len(self._clipped_at) < self.blocks:
            return None
        if self._last_warning is not None and offset - self._last_warning < self.quiet:
            return None
        self._last_warning = offset
        self._clipped_at = []
        return WarningKind.CLIPPING


class DiskWatcher:
    """Estimates the minutes of recording left on the disk and says when it is nearly full or full.

    ``bytes_per_second`` is what the recording has really taken so far, but never less than ``floor`` (a quarter
    of the uncompressed rate; speech in FLAC takes about 40%): silence compresses to almost nothing and would
    promise hours that speech would not give.
    """

    THRESHOLDS = (30.0, 10.0, 5.0)  # minutes left at which to warn, once each

    def __init__(self, reserve_bytes: int, floor_bytes_per_second: float) -> None:
        self.reserve = reserve_bytes
        self.floor = floor_bytes_per_second
        self._warned: set[float] = set()

    def minutes_left(self, free_bytes: int, bytes_per_second: float) -> float:
        rate = max(bytes_per_second, self.floor)
        return max(0.0, (free_bytes - self.reserve) / rate / 60)

    def check(self, free_bytes: int, bytes_per_second: float) -> tuple[WarningKind | None, float]:
        """(DISK_FULL, 0) when recording must stop, (DISK_LOW, minutes) once per threshold, else (None, minutes)."""
        if free_bytes <= self.reserve:
            return WarningKind.DISK_FULL, 0.0
        minutes = self.minutes_left(free_bytes, bytes_per_second)
        crossed = [t for t in self.THRESHOLDS if minutes <= t and t not in self._warned]
        if crossed:
            self._warned.update(t for t in self.THRESHOLDS if t >= min(crossed))
            return WarningKind.DISK_LOW, minutes
        return None, minutes


def message(kind: WarningKind, offset: float, **details: object) -> str:
    """The plain sentence for a warning."""
    at = clock(offset)
    device = details.get("device") or "the microphone"
    if kind is WarningKind.NO_DEVICE:
        return "No microphone was found. Plug one in or switch it on, then try again."
    if kind is WarningKind.DEVICE_LOST:
        return (
            f"The microphone ({device}) stopped working at {at}. Everything recorded up to then is saved. "
            "Choose a microphone and press Resume to carry on; the gap will be marked in the recording."
        )
    if kind is WarningKind.DEVICE_BACK:
        gap = float(details.get("gap", 0.0))  # type: ignore[arg-type]
        return f"Recording again on {device}. A gap of {duration_words(gap)} is marked at {at}."
    if kind is WarningKind.SILENCE:
        seconds = float(details.get("seconds", 0.0))  # type: ignore[arg-type]
        return (
            f"The microphone has picked up nothing for {duration_words(seconds)}. "
            "Check that it is switched on, plugged in and not muted."
        )
    if kind is WarningKind.SOUND_BACK:
        return "The microphone is picking up sound again."
    if kind is WarningKind.CLIPPING:
        return "The sound is too loud and is distorting. Move the microphone further away or turn its level down."
    if kind is WarningKind.OVERFLOW:
        return "The computer was too busy and a moment of sound was lost. Closing other programs may help."
    if kind is WarningKind.DISK_LOW:
        minutes = float(details.get("minutes", 0.0))  # type: ignore[arg-type]
        left = "less than a minute" if minutes < 1 else duration_words(int(minutes) * 60)
        return f"The disk is nearly full: about {left} of recording left. Free some space so the recording can go on."
    if kind is WarningKind.DISK_FULL:
        return f"The disk is full, so the recording stopped at {at}. Everything recorded up to then is saved."
    if kind is WarningKind.WRITE_FAILED:
        reason = details.get("reason") or "the disk refused it"
        return (
            f"The recording could not be written ({reason}), so it stopped at {at}. "
            "Everything recorded up to then is saved."
        )
    raise ValueError(kind)
