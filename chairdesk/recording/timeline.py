"""The record beside its recording: each take of a conference, and every moment of the meeting in it.

:func:`takes` reads a conference's takes from their folders (each manifest: when it started, how long it is,
whether a crash interrupted it, its pauses and its gaps where the microphone was lost). :func:`moments` puts
everything typed during the meeting (board items, scores, views, decisions, dissent, outcomes, actions, the
record of the discussion), the bookmarks and the takes' pauses and gaps in the order of the meeting, each with
its stage, its take and its moment in it. The record editor lists them; the record's "Recording" section tells
the takes, pauses, gaps and bookmarks. Nothing here imports Qt, and nothing here decides who may read what: the
editor is the chair's, and a document is given the version of the conference its readers may see.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chairdesk import audience, log_privacy, words
from chairdesk.errors import ChairDeskError
from chairdesk.model import Conference
from chairdesk.recording import files
from chairdesk.recording.assemble import Gap
from chairdesk.recording.monitor import changed_words, minutes_and_seconds

log = logging.getLogger(__name__)

# The stage each kind of typed thing belongs to (chairdesk.meeting.STAGES; kept here so the core needs no meeting).
STAGE_OF_LIST = {
    "danger_statements": "danger",
    "working_well": "views",
    "worries": "views",
    "key_points": "key-points",
    "safety_goals": "safety-goals",
    "recommendations": "decision",
}
STAGE_OF_KIND = {"score": "scaling", "view": "decision", "decision": "decision", "dissent": "decision"}
STAGE_OF_KIND |= {"outcome": "plan", "action": "plan"}
DISCUSSION_STAGE = "stage"  # the key, in a discussion item's ``extra``, of the stage it records


# Why a stretch of the meeting is missing from its recording, in the words the chair reads in the record.
MICROPHONE_GONE = "the microphone stopped sending sound (silence in the recording)"
SOUND_DROPPED = (
    "sound did not arrive from the microphone for a moment (silence in the recording, placed up to a second after "
    "where the sound went missing)"
)
DIGITAL_SILENCE = "the microphone sent only digital silence: it was muted, or another program had taken it"
CRASHED = "ChairDesk closed unexpectedly"
GONE_THEN_CRASHED = "the microphone had stopped sending sound, and then ChairDesk closed unexpectedly"
STOPPED_BY_ITSELF = {
    "disk-full": "the recording stopped because the disk was full",
    "write-failed": "the recording stopped because it could not be written to the disk",
}


@dataclass(frozen=True)
class Lost:
    """A stretch of the meeting lost to a fault: ``offset`` seconds into its take, ``seconds`` long (None when
    nothing was recorded after it, so its length is not known), from ``start`` to ``end`` by the clock, and why."""

    offset: float
    seconds: float | None
    cause: str
    start: dt.datetime | None = None
    end: dt.datetime | None = None

    @property
    def words(self) -> str:
        """``12:04–12:05, 40 s lost: the microphone stopped sending sound.``"""
        if self.seconds is None:
            when = f"From {self.start:%H:%M}" if self.start else "From then"
            return f"{when} nothing more was recorded: {self.cause}."
        span = f"{self.start:%H:%M}–{self.end:%H:%M}, " if self.start and self.end else ""
        return f"{span}{minutes_and_seconds(self.seconds)} lost: {self.cause}."


@dataclass(frozen=True)
class Take:
    """One recording of the conference (a folder under its recordings folder)."""

    name: str  # the folder's name, as things typed during it name it (``recording``)
    folder: Path
    started_at: dt.datetime | None
    duration: float | None  # seconds of the joined file; None while it is not joined yet
    interrupted: bool
    gaps: tuple[Gap, ...]
    pauses: tuple[tuple[float, dt.datetime | None], ...]  # (offset, when) of each pause
    joined: bool  # the joined recording is there to be played
    lost: tuple[Lost, ...] = ()  # stretches lost to a fault, in order
    length_check: str = ""  # after stop: how the recording's length differs from the time recorded ("": it does not)
    paused_for: tuple[tuple[float, float], ...] = ()  # (offset, seconds) of each pause that was resumed
    # (offset, when, words) each time the recording went on from another microphone (the default changed, say)
    microphones: tuple[tuple[float, dt.datetime | None, str], ...] = ()

    @property
    def path(self) -> Path:
        return files.joined_file(self.folder)


@dataclass(frozen=True)
class Moment:
    """A moment of the meeting: what happened (``kind`` and ``text``, under ``heading``), when, and where in which
    take. ``ref`` names a typed thing as chairdesk.audience does (``worries[2]``), "" for the recording's own."""

    kind: str  # item, score, view, decision, dissent, outcome, action, discussion, bookmark, pause, gap, take,
    # microphone (the recording went on from another microphone)
    heading: str
    text: str
    stage: str
    entered_at: dt.datetime | None
    take: str | None
    offset: float | None
    ref: str = ""
    confidential: bool = False

    @property
    def playable(self) -> bool:
        return self.take is not None and self.offset is not None


def _time(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def takes(conference_id: str, root: Path | None = None) -> list[Take]:
    """The conference's takes, oldest first. A folder whose manifest cannot be read is left out (and logged)."""
    found = []
    folders = files.conference_folders(conference_id, root)
    for take in sorted((p for f in folders if f.is_dir() for p in f.glob("*") if p.is_dir()), key=lambda p: p.name):
        try:
            manifest = files.read_manifest(take)
        except ChairDeskError as error:
            log.warning("a recording's manifest cannot be read: %s", log_privacy.kind_of(error))
            continue
        if manifest is None:
            if files.joined_file(take).exists():
                manifest = {}
            else:
                continue
        rate = manifest.get("samplerate") or 0
        gaps = manifest.get("gaps")
        if gaps is None:  # not joined yet: the gaps are in the list of parts
            gaps = [p for p in manifest.get("parts", []) if "gap" in p]
        events = manifest.get("events", [])
        pauses = tuple((float(e.get("offset", 0.0)), _time(e.get("at"))) for e in events if e.get("what") == "paused")
        found.append(
            Take(
                name=take.name,
                folder=take,
                started_at=_time(manifest.get("started_at")),
                duration=manifest["frames"] / rate if rate and manifest.get("frames") is not None else None,
                interrupted=bool(manifest.get("interrupted")),
                gaps=tuple(Gap.from_manifest(g) for g in gaps),
                pauses=pauses,
                joined=files.joined_file(take).exists(),
                length_check=str((manifest.get("length_check") or {}).get("sentence") or ""),
                paused_for=_paused_for(events),
                microphones=_microphones(events),
            )
        )
        found[-1] = _with_lost(found[-1], manifest)
    for index, ended in enumerate(found[:-1]):  # what was lost after a take that ended by a fault runs to the next
        found[index] = _lost_until(ended, found[index + 1].started_at)
    return found


def _microphones(events: list[dict[str, Any]]) -> tuple[tuple[float, dt.datetime | None, str], ...]:
    """Each time the recording went on from another microphone, in the words of the record."""
    return tuple(
        (
            float(e.get("offset", 0.0)),
            _time(e.get("at")),
            f"The recording went on from {e.get('device') or 'another microphone'}: {changed_words({**e, 'at': ''})}.",
        )
        for e in events
        if e.get("what") == "microphone-changed"
    )


def _paused_for(events: list[dict[str, Any]]) -> tuple[tuple[float, float], ...]:
    """Each pause that was resumed: where, and for how long by the clock."""
    found, since = [], None
    for event in events:
        if event.get("what") == "paused":
            since = event
        elif event.get("what") == "resumed" and since is not None:
            began, ended = _time(since.get("at")), _time(event.get("at"))
            if began and ended:
                found.append((float(since.get("offset", 0.0)), max(0.0, (ended - began).total_seconds())))
            since = None
    return tuple(found)


def _with_lost(take: Take, manifest: dict[str, Any]) -> Take:
    """The take with its lost stretches: gaps where the microphone was gone, digital silence, and how it ended
    when a fault ended it (its length to the next take is filled in by :func:`_lost_until`)."""
    why = {files.GAP_DROPPED: SOUND_DROPPED}
    # Each gap is labelled where its silence is (a moment of sound that did not arrive went missing ``cut`` seconds of
    # sound before it: the words say so, and the sound between stays with what was typed during it).
    lost = [Lost(g.offset, g.seconds, why.get(g.why, MICROPHONE_GONE)) for g in take.gaps]
    end = take.duration if take.duration is not None else None
    for event in manifest.get("events", []):
        if event.get("what") != "digital-silence":
            continue
        offset, seconds = float(event.get("offset", 0.0)), event.get("seconds")
        if seconds is None and event.get("open") and end is not None:  # still going when ChairDesk closed
            seconds = max(0.0, end - offset)
        if seconds:
            lost.append(Lost(offset, float(seconds), DIGITAL_SILENCE))
    stopped = next((e for e in manifest.get("events", []) if e.get("what") == "stopped-by-itself"), None)
    if stopped is not None:
        cause = STOPPED_BY_ITSELF.get(str(stopped.get("cause")), STOPPED_BY_ITSELF["write-failed"])
        lost.append(Lost(end if end is not None else float(stopped.get("offset", 0.0)), None, cause))
    elif take.interrupted:
        # Still without its microphone when ChairDesk closed (lost, and not back): that is where the sound ended.
        changes = [e for e in manifest.get("events", []) if e.get("what") in ("device-lost", "device-changed")]
        gone = changes[-1] if changes and changes[-1].get("what") == "device-lost" else None
        lost.append(Lost(end or 0.0, None, GONE_THEN_CRASHED if gone else CRASHED))
    placed = []
    for stretch in sorted(lost, key=lambda s: s.offset):
        start = _at(take, stretch.offset)
        end_at = start + dt.timedelta(seconds=stretch.seconds) if start and stretch.seconds is not None else None
        placed.append(Lost(stretch.offset, stretch.seconds, stretch.cause, start, end_at))
    return Take(**{**take.__dict__, "lost": tuple(placed)})


def _lost_until(take: Take, next_started: dt.datetime | None) -> Take:
    """A take that a fault ended: the stretch lost runs until the next take began."""
    last = take.lost[-1] if take.lost else None
    if last is None or last.seconds is not None or next_started is None or last.start is None:
        return take
    seconds = max(0.0, (next_started - last.start).total_seconds())
    return Take(
        **{**take.__dict__, "lost": (*take.lost[:-1], Lost(last.offset, seconds, last.cause, last.start, next_started))}
    )


def take_of(recording: str | None, offset: float | None, known: list[Take]) -> str | None:
    """The take a thing was typed in: the one it names, or, for a thing from before takes were named, the only
    take there is (None when that cannot be told)."""
    if offset is None:
        return None
    if recording is not None:
        return recording
    return known[0].name if len(known) == 1 else None


def take_label(name: str | None, known: list[Take]) -> str:
    """``recording 2 (started 10:31)``, as the chair reads which take."""
    names = [t.name for t in known]
    if name is None or name not in names:
        return "an unknown recording" if name is None else f"recording {name}"
    take = known[names.index(name)]
    started = f" (started {take.started_at:%H:%M})" if take.started_at else ""
    return f"recording {names.index(name) + 1}{started}" if len(known) > 1 else f"the recording{started}"


def clock(seconds: float | None) -> str:
    """``0:12:30``: a moment in a take."""
    if seconds is None:
        return ""
    whole = int(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _name(c: Conference, participant: str) -> str:
    person = c.participant(participant)
    return person.name if person else participant


def _child(c: Conference, child: str | None) -> str:
    found = c.child(child) if child else None
    return found.name if found else "all the children"


def moments(c: Conference, known: list[Take]) -> list[Moment]:
    """Everything of the meeting with a time or a place in the recording, in the order of the meeting."""
    found: list[Moment] = []

    def add(kind: str, heading: str, text: str, stage: str, thing: Any, ref: str) -> None:
        take = take_of(getattr(thing, "recording", None), getattr(thing, "recording_offset", None), known)
        offset = getattr(thing, "recording_offset", None)
        marked = bool(getattr(thing, "confidential", False))
        found.append(Moment(kind, heading, text, stage, thing.entered_at, take, offset, ref, marked))

    for name in audience.ITEM_LISTS:
        for index, item in enumerate(getattr(c, name)):
            if name == "discussion":
                stage = str(item.extra.get(DISCUSSION_STAGE) or "")
                add("discussion", audience.SECTIONS[name], item.text, stage, item, f"{name}[{index}]")
            else:
                stage = STAGE_OF_LIST.get(name, "")
                add("item", audience.SECTIONS[name], item.text, stage, item, f"{name}[{index}]")
    for index, score in enumerate(c.scaling):
        text = f"{_name(c, score.participant)} scored {score.score} for {_child(c, score.child)}"
        add(
            "score",
            "Scaling",
            f"{text}: {score.reason}" if score.reason else text,
            "scaling",
            score,
            f"scaling[{index}]",
        )
    for index, view in enumerate(c.views):
        answer = "at risk" if view.significant_harm else "not at risk"
        text = f"{_name(c, view.participant)}: {_child(c, view.child)} {answer} of significant harm"
        add(
            "view",
            "View on significant harm",
            f"{text}. {view.reason}".strip(" ."),
            "decision",
            view,
            f"views[{index}]",
        )
    for index, decision in enumerate(c.decisions):
        text = f"{_child(c, decision.child)}: {words.outcome_title(decision, c.child(decision.child))}"
        add(
            "decision",
            "Decision",
            f"{text}. {decision.reason}".strip(" ."),
            "decision",
            decision,
            f"decisions[{index}]",
        )
    for index, dissent in enumerate(c.dissent):
        text = f"{_name(c, dissent.participant)} disagreed: {dissent.text}"
        add("dissent", "Dissent", text, "decision", dissent, f"dissent[{index}]")
    if c.plan is not None:
        for index, outcome in enumerate(c.plan.outcomes):
            text = f"{_child(c, outcome.child)}: {outcome.text}"
            add("outcome", "Plan: outcome", text, "plan", outcome, f"plan.outcomes[{index}]")
        for index, action in enumerate(c.plan.actions):
            add("action", "Plan: action", f"{action.what} ({action.who})", "plan", action, f"plan.actions[{index}]")
    typed = [m for m in found if m.entered_at is not None or m.offset is not None]
    for mark in c.bookmarks:
        in_take = take_of(mark.recording, mark.offset, known)
        stage = _stage_titled(mark.label)
        typed.append(Moment("bookmark", "Bookmark", mark.label, stage, mark.entered_at, in_take, mark.offset))
    for take in known:
        typed.append(Moment("take", "Recording", _take_words(take, known), "", take.started_at, take.name, 0.0))
        for offset, when in take.pauses:
            typed.append(Moment("pause", "Recording", "The recording was paused.", "", when, take.name, offset))
        for offset, when, said in take.microphones:
            typed.append(Moment("microphone", "Recording", said, "", when, take.name, offset))
        for stretch in take.lost:
            moment = Moment("gap", "Recording", stretch.words, "", stretch.start, take.name, stretch.offset)
            typed.append(moment)
    order = {t.name: i for i, t in enumerate(known)}
    typed.sort(key=lambda m: _sort_key(m, known, order))
    _give_stages(typed)
    return typed


def _stage_titled(label: str) -> str:
    from chairdesk.meeting import STAGES  # the stage titles a bookmark is labelled with

    return next((s.key for s in STAGES if label.startswith(s.title)), "")


def _take_words(take: Take, known: list[Take]) -> str:
    said = f"{words.capitalise(take_label(take.name, known))} began"
    if take.duration is not None:
        said += f"; {words_for_seconds(take.duration)} long"
    if take.interrupted:
        said += "; it was cut off when ChairDesk closed unexpectedly"
    return said + "." + (f" {take.length_check}" if take.length_check else "")


def words_for_seconds(seconds: float) -> str:
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    if not minutes:
        return f"{rest} second{'s' * (rest != 1)}"
    return f"{minutes} minute{'s' * (minutes != 1)}" + (f" {rest} second{'s' * (rest != 1)}" if rest else "")


def _at(take: Take, offset: float) -> dt.datetime | None:
    """When a moment of a take was, by the clock: its start plus the offset, plus the pauses before it."""
    if take.started_at is None:
        return None
    paused = sum(seconds for at, seconds in take.paused_for if at < offset)
    return take.started_at + dt.timedelta(seconds=offset + paused)


def _sort_key(m: Moment, known: list[Take], order: dict[str, int]) -> tuple[Any, ...]:
    when = m.entered_at
    if when is None and m.take in order and m.offset is not None:
        when = _at(known[order[m.take]], m.offset)
    return (when is None, when or dt.datetime.min, order.get(m.take or "", -1), m.offset or 0.0)


def _give_stages(ordered: list[Moment]) -> None:
    """A moment of the recording itself has no stage of its own: a take beginning is under the stage of what was
    typed next in it; a pause, a gap or a thing with no stage is under the stage of what came before it (the next
    when nothing came before it; the first stage when nothing has one)."""
    staged = [(i, m.stage) for i, m in enumerate(ordered) if m.stage]
    for index, moment in enumerate(ordered):
        if moment.stage:
            continue
        before = [stage for i, stage in staged if i < index]
        after = [stage for i, stage in staged if i > index]
        if moment.kind == "take":
            stage = (after or before or ["introductions"])[0]
        else:
            stage = (before[-1:] or after or ["introductions"])[0]
        ordered[index] = Moment(**{**moment.__dict__, "stage": stage})
