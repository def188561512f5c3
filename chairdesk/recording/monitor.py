"""What the recorder tells the window: level readings, and warnings in plain sentences.

The detectors here are plain objects fed one block at a time by the recorder's writer thread; they know nothing
of audio devices or files, so they are tested with arrays.
"""

from __future__ import annotations

import collections
import datetime as dt
import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from chairdesk.recording.files import megabytes

if TYPE_CHECKING:  # numpy is imported with the first block measured, not with the console (chairdesk.gui.app)
    import numpy as np

FULL_SCALE = 32768.0  # int16 samples


class WarningKind(StrEnum):
    NO_DEVICE = "no-device"
    DEVICE_LOST = "device-lost"
    DEVICE_BACK = "device-back"
    DEVICE_CHANGED = "device-changed"  # the stream now reads another microphone (the default changed, say)
    SILENCE = "silence"
    SOUND_BACK = "sound-back"
    DIGITAL_SILENCE = "digital-silence"
    DIGITAL_SILENCE_END = "digital-silence-end"
    CLIPPING = "clipping"
    OVERFLOW = "overflow"
    SOUND_DROPPED = "sound-dropped"  # sound did not arrive for a moment, though the microphone carried on
    DISK_LOW = "disk-low"
    DISK_FULL = "disk-full"
    WRITE_FAILED = "write-failed"
    COPY_FAILED = "copy-failed"  # the second copy (writer.py) stopped; the recording goes on


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
        return self.kind in (WarningKind.SOUND_BACK, WarningKind.DEVICE_BACK, WarningKind.DIGITAL_SILENCE_END)


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
    import numpy as np

    samples = block.astype(np.float32) / FULL_SCALE
    return float(np.abs(samples).max()), float(np.sqrt(np.mean(samples * samples)))


def short_duration(seconds: float) -> str:
    """1 h 12 min, 12 min, 45 s — a length as a clock-watcher says it, for one short sentence."""
    whole = int(round(seconds))
    hours, minutes = whole // 3600, whole // 60 % 60
    if whole < 60:
        return f"{whole} s"
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def clock(seconds: float) -> str:
    """0:41:12 — a position in the recording, as the window shows it."""
    whole = max(0, int(seconds))
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def minutes_and_seconds(seconds: float) -> str:
    """4 min 10 s, 50 s, 1 h 2 min 5 s — a length exact to the second, short."""
    whole = int(round(seconds))
    hours, minutes, secs = whole // 3600, whole // 60 % 60, whole % 60
    parts = [f"{hours} h"] * bool(hours) + [f"{minutes} min"] * bool(minutes) + [f"{secs} s"] * bool(secs)
    return " ".join(parts) or "0 s"


# The recording's length and the time recorded may differ by the odd block (a block is a twentieth of a second)
# without anything having gone wrong; more than this is sound that never reached the file.
LENGTH_TOLERANCE = 1.5


def length_check_words(length: float, recorded: float) -> str:
    """What the chair is told when the recording's length (``length`` seconds read back from the file) is not the
    time recorded (``recorded``: start to stop by the clock, pauses left out); "" when they agree."""
    if abs(length - recorded) <= LENGTH_TOLERANCE:
        return ""
    if length < recorded:
        # Every gap (the microphone lost, a moment of sound that did not arrive) is silence of its own length in the
        # file, so what is missing here was never marked: moments too short to find one by one.
        missing = minutes_and_seconds(recorded - length)
        return (
            f"The recording is {minutes_and_seconds(length)} but {minutes_and_seconds(recorded)} were recorded: "
            f"{missing} of sound never arrived from the microphone, in moments too short to mark, so the times of "
            f"what was typed may be up to {missing} out near the end. Check the microphone's cable or connection "
            "before the next recording."
        )
    return (
        f"The recording is {minutes_and_seconds(length)} but only {minutes_and_seconds(recorded)} were recorded by "
        "the clock: check it before relying on the moments marked in it."
    )


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


# How long the input must stay quiet before the chair is told the microphone has picked up nothing. Ordinary pauses
# in a conference (someone thinking, turning a page, the chair typing, a report read in silence for a moment) last
# a few seconds and rarely more than 15; half a minute is twice that, so talk with pauses never brings the warning,
# while a muted, switched-off or dead microphone is still noticed before more than a sentence or two is lost.
SILENCE_SECONDS = 30.0
# Sound is really there (a silence ends, the all-clear is given) when the blocks above the threshold add up to this
# much within the last second: a syllable of speech does it, a single click (a loose cable, a knock) does not.
SOUND_SECONDS = 0.2
SOUND_WINDOW = 1.0


class SilenceDetector:
    """Says when the input has really gone quiet for ``seconds`` (a muted or dead microphone), and when sound is
    back.

    Quiet is below ``threshold_dbfs``; sound is at least ``sound_seconds`` above it within the last second. The
    same rule ends a silence and clears the warning, so a click neither clears the warning nor starts the count
    again, and the warning goes on once and off once: never on and off through a pause or a crackle.
    """

    def __init__(
        self, seconds: float = SILENCE_SECONDS, threshold_dbfs: float = -60.0, sound_seconds: float = SOUND_SECONDS
    ) -> None:
        self.seconds = seconds
        self.threshold = 10 ** (threshold_dbfs / 20)
        self.sound_seconds = sound_seconds
        self._recent: collections.deque[tuple[float, bool]] = collections.deque()  # (seconds, above) of the last second
        self._recent_seconds = 0.0
        self._silent_for = 0.0
        self._warned = False

    def feed(self, rms: float, block_seconds: float) -> WarningKind | None:
        self._recent.append((block_seconds, rms >= self.threshold))
        self._recent_seconds += block_seconds
        while self._recent_seconds - self._recent[0][0] >= SOUND_WINDOW - 1e-9:
            self._recent_seconds -= self._recent.popleft()[0]
        heard = sum(seconds for seconds, above in self._recent if above)
        if heard < self.sound_seconds - 1e-9:
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


# A muted microphone, or one another program has taken, sends blocks of exact zeros ("digital silence"), or of one
# value that never changes (some mute the sound to a constant offset); a real microphone in the quietest room still
# sends its own faint noise, never a run of one value this long. So that is said at once, not after the half minute
# a quiet room is given.
DIGITAL_SILENCE_SECONDS = 0.8


def is_flat(block: np.ndarray) -> bool:
    """True for a block with no sound in it at all: every sample the same (exact zeros, or a constant offset)."""
    return bool(block.size) and int(block.min()) == int(block.max())


class DigitalSilenceDetector:
    """Says when the input has been nothing but one value (exact zeros, :func:`is_flat`) for ``seconds`` (a muted or
    taken device), and when sound arrives again. Quiet sound, however quiet, is never digital silence.

    :meth:`feed` takes a block and its offset (seconds into the recording) and answers the warning to give, if
    any; :attr:`since` is where the zeros began (None while sound is arriving).
    """

    def __init__(self, seconds: float = DIGITAL_SILENCE_SECONDS) -> None:
        self.seconds = seconds
        self.since: float | None = None  # where the run of zeros began
        self.said = False

    def feed(self, block: np.ndarray, offset: float, block_seconds: float) -> WarningKind | None:
        if is_flat(block):
            if self.since is None:
                self.since = offset
            if not self.said and offset + block_seconds - self.since >= self.seconds - 1e-9:
                self.said = True
                return WarningKind.DIGITAL_SILENCE
            return None
        self.since = None
        if self.said:
            self.said = False
            return WarningKind.DIGITAL_SILENCE_END
        return None

    def reset(self) -> None:
        self.since, self.said = None, False


# Sound that never arrived though the microphone carried on: a hiccup shorter than the second after which it counts
# as gone (a loose connection, a driver or the sound server stalling), or the computer too busy to take it. Found by
# comparing the sound heard with the time gone by. The two clocks (the sound card's and the computer's) drift apart
# by far less than a second an hour, and blocks may come late and then several at once; so a shortfall counts only
# when it appears within a few seconds and stays.
DROPPED_LEAST = 0.25  # seconds missing at once that are marked (less is the odd late block)
DROPPED_SETTLE = 1.0  # how long a shortfall must stay (later blocks did not make it up) before it counts
DROPPED_SPAN = 4.0  # seconds of blocks a shortfall is measured against
DROPPED_WARM_UP = 2.0  # a run's first seconds are not measured (a stream just opened or moved settles its delays)


class ShortfallDetector:
    """Finds stretches of sound that never arrived from a microphone that carried on sending.

    :meth:`feed` takes, for each block captured, when it was handed over (``arrived``, a monotonic time) and the
    seconds of sound heard in this run up to the end of it (``heard``); it answers ``(at, seconds)`` for a stretch
    found missing: ``seconds`` long, just before the block that began ``at`` seconds into the run's sound. A run is
    sound heard without a pause or a loss between (:meth:`restart` begins another).
    """

    def __init__(
        self,
        least: float = DROPPED_LEAST,
        settle: float = DROPPED_SETTLE,
        span: float = DROPPED_SPAN,
        warm_up: float = DROPPED_WARM_UP,
    ) -> None:
        self.least, self.settle, self.span, self.warm_up = least, settle, span, warm_up
        self._blocks: collections.deque[tuple[float, float, float]] = collections.deque()  # arrived, behind, began

    def restart(self) -> None:
        self._blocks.clear()

    def feed(self, arrived: float, heard: float, block_seconds: float) -> tuple[float, float] | None:
        if heard - block_seconds < self.warm_up:
            return None
        blocks = self._blocks
        blocks.append((arrived, arrived - heard, heard - block_seconds))  # behind: the clock's lead on the sound
        while arrived - blocks[0][0] > self.span:
            blocks.popleft()
        before = [behind for when, behind, _ in blocks if arrived - when > self.settle]
        if not before:
            return None
        base = min(before)  # how far behind the sound was, a few seconds ago, at its least
        now = min(behind for when, behind, _ in blocks if arrived - when <= self.settle)
        missing = now - base
        if missing < self.least:
            return None
        # It went missing just before the first block of the run of blocks since that stayed that far behind.
        began = blocks[-1][2]
        for _when, behind, start in reversed(blocks):
            if behind < base + missing / 2:
                break
            began = start
        blocks.clear()  # counted: measured afresh from here
        return began, missing


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
        import numpy as np

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


class WriteRate:
    """How many bytes a second this recording really takes on disk, measured from what it has written so far.

    Fed the seconds of sound written and the bytes on disk for the take (both running totals). The rate is the
    higher of the whole take's average and the last ``window`` seconds' average: a meeting that started in a quiet
    room and is now talking takes more than its average, and an estimate must not promise time that is not there.
    Nothing is said until ``least_seconds`` of sound have been measured (no rate is assumed).
    """

    def __init__(self, window: float = 60.0, least_seconds: float = 3.0) -> None:
        self.window = window
        self.least_seconds = least_seconds
        self._samples: list[tuple[float, int]] = []

    def add(self, seconds: float, bytes_on_disk: int) -> None:
        if self._samples and seconds <= self._samples[-1][0]:
            return  # nothing new was written (paused, or the microphone gone)
        self._samples.append((seconds, bytes_on_disk))
        while len(self._samples) > 2 and seconds - self._samples[1][0] >= self.window:
            self._samples.pop(0)

    @property
    def bytes_per_second(self) -> float | None:
        if not self._samples:
            return None
        seconds, size = self._samples[-1]
        if seconds < self.least_seconds or size <= 0:
            return None
        rate = size / seconds
        since, then = self._samples[0]
        if seconds - since >= self.least_seconds:
            rate = max(rate, (size - then) / (seconds - since))
        return rate


class DiskWatcher:
    """Says how many minutes of recording are left on the disk, warns when they run low, and says when to stop.

    Recording stops when less than ``reserve_bytes`` is free (room kept for saving the recording and the
    conference). Minutes left are counted to that point, at the rate this recording really takes
    (:class:`WriteRate`); until that is measured, no estimate is given.
    """

    THRESHOLDS = (30.0, 10.0, 5.0)  # minutes left at which to warn, once each

    def __init__(self, reserve_bytes: int) -> None:
        self.reserve = reserve_bytes
        self._warned: set[float] = set()

    def minutes_left(self, free_bytes: int, bytes_per_second: float | None) -> float | None:
        if not bytes_per_second:
            return None
        return max(0.0, (free_bytes - self.reserve) / bytes_per_second / 60)

    def check(self, free_bytes: int, bytes_per_second: float | None) -> tuple[WarningKind | None, float | None]:
        """(DISK_FULL, 0) when recording must stop, (DISK_LOW, minutes) once per threshold, else (None, minutes)."""
        if free_bytes < self.reserve:
            return WarningKind.DISK_FULL, 0.0
        minutes = self.minutes_left(free_bytes, bytes_per_second)
        if minutes is None:
            return None, None
        self._warned = {t for t in self._warned if minutes <= t * 1.5}  # space freed: warn again if it runs low
        crossed = [t for t in self.THRESHOLDS if minutes <= t and t not in self._warned]
        if crossed:
            self._warned.update(t for t in self.THRESHOLDS if t >= min(crossed))
            return WarningKind.DISK_LOW, minutes
        return None, minutes


def minutes_words(minutes: float) -> str:
    """About how long is left, in words: "less than a minute", "about 12 minutes", "about 1 hour 5 minutes"."""
    return "less than a minute" if minutes < 1 else f"about {duration_words(int(minutes) * 60)}"


def reserve_words(reserve: int) -> str:
    """The space recording always leaves free, as the chair is told it everywhere."""
    return f"ChairDesk stops recording when less than {megabytes(reserve)} is free, to keep room to save it"


def changed_words(details: dict[str, object]) -> str:
    """Why the recording is now from another microphone, for the chair and the record: ``why`` is "default" (the
    computer's default microphone changed), "gone" (the one before went, and the computer moved it) or "moved"."""
    why, when = details.get("why"), details.get("at")
    at = f" at {when}" if when else ""
    if why == "gone":
        before = details.get("before") or "the microphone"
        return f"the microphone before ({before}) went{at}, and the computer moved the recording to this one"
    if why == "default":
        return f"the computer's default microphone changed{at}"
    return f"the computer's sound settings moved the recording to it{at}"


def message(kind: WarningKind, offset: float, **details: object) -> str:
    """The plain sentence for a warning."""
    at = clock(offset)
    device = details.get("device") or "the microphone"
    if kind is WarningKind.NO_DEVICE:
        return "No microphone was found. Plug one in or switch it on, then try again."
    if kind is WarningKind.DEVICE_LOST and details.get("paused"):
        return (
            f"The microphone ({device}) stopped sending sound at {at}, while the recording was paused. The laptop's "
            "lid may have been closed, the microphone unplugged, or another program may have taken it. Everything "
            "recorded up to then is saved. Choose a microphone and press Resume to carry on."
        )
    if kind is WarningKind.DEVICE_LOST:
        return (
            f"The microphone ({device}) stopped sending sound at {at}: nothing is being recorded now. The laptop's "
            "lid may have been closed, the microphone unplugged, or another program may have taken it. Everything "
            "recorded up to then is saved. Recording starts again by itself when the sound comes back, with the gap "
            "marked; or choose another microphone and press Resume."
        )
    if kind is WarningKind.DEVICE_BACK:
        gap = float(details.get("gap", 0.0))  # type: ignore[arg-type]
        if gap <= 0:  # lost and back while paused: no time of the recording went without it
            return f"The microphone is back: recording again on {device}."
        return (
            f"The microphone is back: recording again on {device}. A gap of {duration_words(gap)} is marked "
            f"in the recording at {at}."
        )
    if kind is WarningKind.DEVICE_CHANGED:
        return f"Now recording from {device}: {changed_words(details)}. " + (
            "Check that it is the microphone in the room; the change is marked in the recording."
        )
    if kind is WarningKind.SILENCE:
        seconds = float(details.get("seconds", 0.0))  # type: ignore[arg-type]
        return (
            f"The room has been very quiet for {duration_words(seconds)}: the microphone is sending sound, but "
            "hardly any. If people are speaking, check the microphone is near them and its level not turned down."
        )
    if kind is WarningKind.SOUND_BACK:
        return "The microphone is picking up sound again."
    if kind is WarningKind.DIGITAL_SILENCE:
        return (
            f"The microphone ({device}) has sent nothing but digital silence since {at}: not even the faint noise "
            "of a quiet room, so it is muted or another program has taken it. Check its mute switch or key, the "
            "computer's sound settings (this microphone chosen, not muted, its level up) and close any other "
            "program using it. Recording goes on."
        )
    if kind is WarningKind.DIGITAL_SILENCE_END:
        return "Sound is arriving from the microphone again."
    if kind is WarningKind.CLIPPING:
        return "The sound is too loud and is distorting. Move the microphone further away or turn its level down."
    if kind is WarningKind.SOUND_DROPPED:
        seconds = float(details.get("seconds", 0.0))  # type: ignore[arg-type]
        return (
            f"Sound did not arrive from the microphone for {seconds:.1f} seconds at {at}, though it carried on "
            "after: that moment is missing from the recording, and marked in it. If this keeps happening, check "
            "the microphone's cable or connection and close other programs."
        )
    if kind is WarningKind.OVERFLOW:
        return "The computer was too busy and a moment of sound was lost. Closing other programs may help."
    if kind is WarningKind.DISK_LOW:
        minutes = float(details.get("minutes", 0.0))  # type: ignore[arg-type]
        reserve = int(details.get("reserve", 0))  # type: ignore[call-overload]
        return (
            f"The disk is nearly full: {minutes_words(minutes)} of recording left ({reserve_words(reserve)}). "
            "Free some space so the recording can go on."
        )
    if kind is WarningKind.DISK_FULL:
        reserve = int(details.get("reserve") or 0)  # type: ignore[call-overload]
        why = f"less than {megabytes(reserve)} is free on the disk" if reserve else "the disk is full"
        kept = " (ChairDesk keeps that much free to save the recording)" if reserve else ""
        return (
            f"Recording stopped at {at} because {why}{kept}. Everything recorded up to then is saved. "
            "Free some space, then press Record to carry on in a new recording."
        )
    if kind is WarningKind.WRITE_FAILED:
        reason = details.get("reason") or "the disk refused it"
        return (
            f"The recording could not be written ({reason}), so it stopped at {at}. "
            "Everything recorded up to then is saved. Press Record to carry on in a new recording."
        )
    if kind is WarningKind.COPY_FAILED:
        return (
            f"The second copy of the recording (in {details.get('folder') or 'the second folder'}) stopped at {at}: "
            f"{details.get('reason') or 'the folder cannot be written'}. A memory stick may have been pulled out or "
            "be full. The recording on this computer is not affected; the copy made up to then is kept in that "
            "folder."
        )
    raise ValueError(kind)
