"""What a recorder is doing, as one snapshot: its state, the one sentence for that state, and the notices still true.

A window shows a :class:`RecorderStatus` and nothing else about the recorder, so its status line and its warning
can never disagree ("Recording." above "the recording stopped"): both come from the same snapshot, made under the
recorder's lock each time its state or a notice changes, and read without waiting.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass
from enum import StrEnum

from chairdesk.recording.monitor import RecorderWarning, WarningKind


class State(StrEnum):
    IDLE = "idle"
    RECORDING = "recording"
    PAUSED = "paused"
    DEVICE_LOST = "device-lost"
    STOPPED = "stopped"


OPEN_STATES = (State.RECORDING, State.PAUSED, State.DEVICE_LOST)  # a take is under way: Pause, Stop, Bookmark work

# Notices are grouped by what they are about; a newer notice in a group replaces the older one, and the groups are
# shown most important first. A notice about a moment (clipping, a lost block, the microphone back) fades after
# NOTICE_SECONDS; one about a condition (silence, the disk filling) stays while it is true, and no longer: the
# all-clear that ends a condition (sound is back) removes its notice at once instead of standing in its place, so
# the box under the status line empties the moment the cause has gone (the window says the good news briefly).
_GROUPS = {
    WarningKind.DISK_LOW: "disk",
    WarningKind.DEVICE_BACK: "microphone",
    WarningKind.DEVICE_CHANGED: "source",
    WarningKind.SILENCE: "sound",
    WarningKind.DIGITAL_SILENCE: "sound",
    WarningKind.CLIPPING: "level",
    WarningKind.OVERFLOW: "busy",
    WarningKind.SOUND_DROPPED: "busy",
    WarningKind.COPY_FAILED: "copy",
}
_ENDS = {WarningKind.SOUND_BACK: "sound", WarningKind.DIGITAL_SILENCE_END: "sound"}
_ORDER = ("disk", "source", "microphone", "sound", "level", "busy", "copy")
_FADES = (
    WarningKind.DEVICE_BACK,
    WarningKind.DEVICE_CHANGED,
    WarningKind.CLIPPING,
    WarningKind.OVERFLOW,
    WarningKind.SOUND_DROPPED,
)
NOTICE_SECONDS = 120.0

# Why a recorder stopped, or stopped hearing, by itself: the warning that said so is the state's sentence.
CAUSES = (WarningKind.DEVICE_LOST, WarningKind.DISK_FULL, WarningKind.WRITE_FAILED)


def is_notice(kind: WarningKind) -> bool:
    """True for a warning shown beside the state (while recording), not one that changes the state."""
    return kind in _GROUPS


@dataclass(frozen=True)
class RecorderStatus:
    """The recorder at one moment. ``sentence`` is the status line; ``alarm`` when the chair must know at once
    (nothing is being recorded though a take is open, or it stopped by itself); ``cause`` is the warning that put it
    in this state; ``notices`` are the other warnings still true, most important first; ``minutes_left`` is the
    recording time left on the disk at this take's measured rate (None until measured)."""

    state: State
    sentence: str
    alarm: bool = False
    cause: RecorderWarning | None = None
    notices: tuple[RecorderWarning, ...] = ()
    minutes_left: float | None = None

    @property
    def is_open(self) -> bool:
        """A take is under way (recording, paused or waiting for its microphone)."""
        return self.state in OPEN_STATES

    def current_notices(self, now: dt.datetime | None = None) -> tuple[RecorderWarning, ...]:
        """The notices not yet faded."""
        now = now or dt.datetime.now()
        return tuple(n for n in self.notices if n.kind not in _FADES or (now - n.at).total_seconds() < NOTICE_SECONDS)


def describe(
    state: State,
    cause: RecorderWarning | None = None,
    notices: dict[str, RecorderWarning] | None = None,
    minutes_left: float | None = None,
) -> RecorderStatus:
    """The snapshot for ``state``: its sentence, and the notices that still apply to it."""
    kept = tuple(notices[g] for g in _ORDER if notices and g in notices)
    if state is State.RECORDING:
        return RecorderStatus(state, "Recording.", notices=kept, minutes_left=minutes_left)
    if state is State.PAUSED:
        lost = cause is not None and cause.kind is WarningKind.DEVICE_LOST
        return RecorderStatus(
            state,
            "Paused, and the microphone has stopped sending sound: choose a microphone and press Resume to carry on."
            if lost
            else "Paused: press Resume to carry on recording.",
            alarm=lost,  # nothing can be recorded until a microphone is chosen: the chair must know at once
            cause=cause if lost else None,
            notices=tuple(n for n in kept if n.kind is WarningKind.DISK_LOW),
            minutes_left=minutes_left,
        )
    if state is State.DEVICE_LOST:
        sentence = cause.message if cause else "The microphone stopped sending sound: choose one and press Resume."
        return RecorderStatus(state, sentence, alarm=True, cause=cause)
    if state is State.STOPPED and cause is not None:
        return RecorderStatus(state, cause.message, alarm=True, cause=cause)
    if state is State.STOPPED:
        return RecorderStatus(state, "Stopped.")
    return RecorderStatus(state, "Not recording.")


def notice_group(kind: WarningKind) -> str:
    return _GROUPS[kind]


def ended_notice(kind: WarningKind) -> str | None:
    """The group of the notice that the all-clear ``kind`` ends (removes), or None."""
    return _ENDS.get(kind)


def for_the_log(error: BaseException) -> str:
    """What the log may say about ``error``: its kind and where it happened, never its message, which can hold a
    folder named after a family."""
    frames = traceback.extract_tb(error.__traceback__)
    return f"{type(error).__module__}.{type(error).__qualname__}\n{''.join(traceback.format_list(frames))}".rstrip()
