"""The meeting's shared core: what every part of the procedure's commands stands on.

:class:`MeetingCore` holds the conference being run, the clock and the place in the recording (both injected, so
tests can set them), the listeners, and the one way a conference changes: :meth:`MeetingCore._edit`, which checks
the edit where it changed the conference (a plain-English :class:`InvalidConference` if it is wrong, and nothing
changes), keeps its undo step (the change as a JSON Patch and its inverse, never a copy of the conference), and
tells the listeners what changed (:class:`chairdesk.changes.Change`: the parts, the words, the initiator). Undo and
redo, the order of business (:data:`STAGES`; where the meeting is is not part of undo), the typing marks (who in
the family was out of the room while a box was typed, :meth:`MeetingCore.typing`) and the checks and stamps every
edit shares live here too. The commands themselves live in the module of their part of the procedure (see
:mod:`chairdesk.meeting`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from chairdesk import audience, conference_file
from chairdesk.changes import WHOLE, Change, Operation, Part, Patch, Path, Snapshot, apply_to_model, chair_login, fold
from chairdesk.changes import json_at as _json_at
from chairdesk.changes import utc_now as _utc_now
from chairdesk.errors import InvalidConference
from chairdesk.model import Conference, Participant
from chairdesk.typed_text import TEXT_LIMIT


@dataclass(frozen=True)
class Stage:
    key: str
    title: str  # as the room reads it on the board
    lists: tuple[str, ...] = ()  # the board lists the chair edits at this stage


# The order of business (RULES.md §4, as the parents' leaflet describes it).
STAGES = (
    Stage("introductions", "Introductions"),
    Stage("danger", "Why we are here: the danger statement", ("danger_statements",)),
    Stage("views", "What's working well, and what we are worried about", ("working_well", "worries")),
    Stage("key-points", "Key points", ("key_points",)),
    Stage("safety-goals", "Safety goals", ("safety_goals",)),
    Stage("scaling", "Scaling: how safe are the children?"),
    Stage("plan", "The plan"),
    Stage("decision", "The decision"),
)
STAGE_KEYS = tuple(s.key for s in STAGES)

UNDO_LIMIT = 1000

# The boxes the chair types into, by the names the meeting keeps their typing under (see MeetingCore.typing): a
# board list's box is the list's name; each part's module names its own boxes (attendance.INQUORATE_BOX,
# plan.ACTION_BOX...); the one the parts share is this.
CELL_BOX = "cell"  # the cell being edited in a list or table (an item, a view's or a score's reason, an action)


Listener = Callable[[Change], None]
Scope = Sequence[Path]  # where an edit may change the conference (chairdesk.changes.Snapshot)
WHOLE_CONFERENCE: Scope = (WHOLE,)


@dataclass
class UndoStep:
    """One step of undo: the change and its inverse, in words, and the parts it changed. ``merge``: the box whose
    next save folds into this step (None: no box's)."""

    description: str
    parts: Part
    forward: Patch
    inverse: Patch
    merge: str | None = None


def to_the_second(moment: dt.datetime) -> dt.time:
    """The time of day of ``moment`` to the second: what the register and the exclusions record (a minute's
    rounding hid lines typed after a parent came back, and put people in the room before they arrived)."""
    return moment.time().replace(microsecond=0)


# What the chair is asked to give first when they try to add something with nothing in it, by the field's name.
_FIRST_SAY = {
    "name": "Type the person's name first.",
    "reason": "Type the reason first.",
    "dissent": "Type what they disagree with, and why, first.",
    "confidential_notes": "Type the note first.",
    "plan.actions.what": "Type what needs to happen first.",
    "plan.actions.who": "Choose or type who will do it first.",
    "plan.outcomes.text": "Type the outcome for the child first.",
    "release_reason": "Give the reason first: it goes in the record.",
    "text": "Type the words first; an item cannot be empty.",
}
_WORDS = {
    "name": "The name",
    "reason": "The reason",
    "reasons": "The reasons",
    "dissent": "The dissent",
    "confidential_notes": "A private note",
    "inquorate_reason": "The reasons for going ahead inquorate",
    "plan.contingency": "The contingency plan",
    "plan.actions.what": "What needs to happen",
    "plan.actions.who": "Who will do it",
    "plan.outcomes.text": "The outcome",
    "bookmark": "The bookmark's words",
    "confidential_words": "Why it is confidential",
    "release_reason": "The reason",
}


def _field(where: str) -> str:
    """``plan.actions[2].what`` as ``plan.actions.what``; ``worries[3].text`` as ``text``."""
    field = re.sub(r"\[\d+\]", "", where)
    return "text" if field.endswith(".text") and field.count(".") == 1 or field in audience.ITEM_LISTS else field


def _first_say(where: str) -> str:
    return _FIRST_SAY.get(_field(where), f"{where}: is empty")


def _words_for(where: str) -> str:
    field = _field(where)
    if field == "text":
        return "The item"
    return _WORDS.get(field, where)


def keep_marks(old: list[Any], new: Any) -> None:
    """A score, view or decision given again keeps what was marked on the one it replaces: who was out while it
    was typed, whether it is confidential and why, and, while its words are the same, the chair's releases (the
    chair released those words, not new ones)."""
    for before in old:
        new.typed_while_out = sorted({*new.typed_while_out, *before.typed_while_out})
        if before.confidential and not new.confidential:
            new.confidential = True
            new.confidential_reason, new.confidential_words = before.confidential_reason, before.confidential_words
        if before.reason == new.reason:
            new.releases = [*before.releases, *new.releases]


# Where in the recording something is typed: the take (its folder's name) and seconds into it; a bare number is an
# offset into a take not named (a source that knows of one recording only).
RecordingPlace = tuple[str | None, float]


class MeetingCore:
    """A conference being run, without its commands (each part of the procedure adds its own: see
    :class:`chairdesk.meeting.Meeting`). ``clock`` and ``recording_offset`` are injected so tests can set them:
    ``recording_offset`` gives where the recording is now, as ``(take, seconds)`` (:data:`RecordingPlace`), as
    seconds alone, or None when nothing is being recorded."""

    # Every edit checked against what the whole file says too, and its patch and inverse against the conference
    # (the tests set it: a scope that misses what an edit changes, or a check that misses a problem, fails them).
    verify: ClassVar[bool] = False

    def __init__(
        self,
        conference: Conference,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        recording_offset: Callable[[], RecordingPlace | float | None] = lambda: None,
    ) -> None:
        self.conference = conference
        self.clock = clock
        self.recording_offset = recording_offset
        # Where the meeting is, is not part of the record nor of undo: an older file kept it in the conference.
        key = conference.extra.pop("meeting_stage", STAGE_KEYS[0])
        self._stage_key = key if key in STAGE_KEYS else STAGE_KEYS[0]
        self._undo: list[UndoStep] = []
        self._redo: list[UndoStep] = []
        self._merging: str | None = None  # the box whose next save folds into the last undo step
        self._initiator: object | None = None
        self._listeners: list[Listener] = []
        # What is being typed, by box: who in the family was out of the room at any moment of the typing.
        self._typing: dict[str, set[str]] = {}

    # -- listening, undo and redo ------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    @contextlib.contextmanager
    def initiated_by(self, initiator: object) -> Iterator[None]:
        """Edits made inside this are ``initiator``'s (a page, a model): its listeners know the change is their own
        and need not redraw what they already show (as Anki's operations carry their initiator)."""
        previous, self._initiator = self._initiator, initiator
        try:
            yield
        finally:
            self._initiator = previous

    def edit(
        self,
        parts: Part,
        description: str,
        apply: Callable[[Conference], object],
        undoable: bool = True,
        *,
        scope: Scope = WHOLE_CONFERENCE,
        merge: str | None = None,
    ) -> None:
        """One edit of another part of the procedure (chairdesk.preparation, chairdesk.carry_forward): see _edit."""
        self._edit(parts, description, apply, undoable, scope=scope, merge=merge)

    def _edit(
        self,
        parts: Part,
        description: str,
        apply: Callable[[Conference], object],
        undoable: bool = True,
        *,
        scope: Scope = WHOLE_CONFERENCE,
        merge: str | None = None,
    ) -> None:
        """Apply one edit as an undo step (``undoable=False``: a proposal ChairDesk makes, not something the chair
        did, so Ctrl+Z never takes it back in place of the chair's last act). ``parts``: what it changes, for the
        windows. ``scope``: where it may change the conference (only there is it turned into JSON, to find the
        patch; the whole conference when not said). ``merge``: the box it saves as it is typed, so that successive
        saves of that box, with no other edit between, are one undo step. The conference must still be a valid
        conference file afterwards, checked where it changed (so the writer can always save it); if not, nothing
        changes and the problem is raised."""
        if not isinstance(parts, Part):
            raise TypeError(f"an edit says what it changes as chairdesk.changes.Part, not {parts!r}")
        snapshot = Snapshot(self.conference, scope)
        before = conference_file.to_json(self.conference) if self.verify else None
        try:
            apply(self.conference)
        except BaseException:
            apply_to_model(self.conference, snapshot.patches(self.conference)[1])  # nothing half done stays
            raise
        forward, inverse = snapshot.patches(self.conference)
        if before is not None:
            self._verify(before, forward, inverse)
        problems = self._problems(forward)
        if problems:
            apply_to_model(self.conference, inverse)
            raise InvalidConference(problems)
        if undoable:
            top = self._undo[-1] if self._undo else None
            if merge is not None and top is not None and self._merging == merge and top.merge == merge:
                top.forward, top.inverse = fold(top.forward, forward), fold(inverse, top.inverse)
            else:
                self._undo.append(UndoStep(description, parts, forward, inverse, merge))
                del self._undo[:-UNDO_LIMIT]
            self._redo.clear()
        self._merging = merge if undoable else None
        self._notify(Change(parts, description, self._initiator, self._operation(description, forward)))

    def _problems(self, patch: Patch) -> list[str]:
        """What is wrong with the conference the edit ``patch`` made: checked where it changed, or whole where only
        the whole file can tell (the ids everything refers to, the type of conference)."""
        conference = self.conference
        problems = conference_file.check_change(patch, lambda parts: _json_at(conference, parts), self._ids)
        if problems is None:
            problems = conference_file.validate(conference_file.to_json(conference))
        elif self.verify:
            whole = conference_file.validate(conference_file.to_json(conference))
            assert sorted(problems) == sorted(whole), f"the edit's check found {problems}, the whole file {whole}"
        return problems

    def _ids(self) -> dict[str, Any]:
        """What the rest of the conference refers to, for :func:`conference_file.check_change`."""
        c = self.conference
        return {
            "date": c.date.isoformat(),
            "children": [{"id": child.id, "subject": child.subject} for child in c.children],
            "participants": [{"id": person.id, "role": person.role} for person in c.participants],
        }

    def _verify(self, before: dict[str, Any], forward: Patch, inverse: Patch) -> None:
        import jsonpatch

        after = conference_file.to_json(self.conference)
        made = jsonpatch.apply_patch(before, forward)
        assert made == after, f"the patch {forward} does not make the change: {jsonpatch.make_patch(made, after)}"
        assert jsonpatch.apply_patch(after, inverse) == before, f"the inverse {inverse} does not undo the change"

    @staticmethod
    def _operation(description: str, patch: Patch) -> Operation:
        return Operation(description, patch, _utc_now(), chair_login())

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_text(self) -> str:
        return self._undo[-1].description if self._undo else ""

    @property
    def redo_text(self) -> str:
        return self._redo[-1].description if self._redo else ""

    def undo(self) -> None:
        if not self._undo:
            return
        step = self._undo.pop()
        self._put_back(step.inverse)
        self._redo.append(step)
        self._merging = None
        description = f"Undo {step.description}"
        operation = self._operation(description, step.inverse)
        self._notify(Change(step.parts, description, self._initiator, operation, undo_or_redo=True))

    def redo(self) -> None:
        if not self._redo:
            return
        step = self._redo.pop()
        self._put_back(step.forward)
        self._undo.append(step)
        self._merging = None
        description = f"Redo {step.description}"
        operation = self._operation(description, step.forward)
        self._notify(Change(step.parts, description, self._initiator, operation, undo_or_redo=True))

    def _put_back(self, patch: Patch) -> None:
        before = conference_file.to_json(self.conference) if self.verify else None
        apply_to_model(self.conference, patch)
        if before is not None:
            import jsonpatch

            assert jsonpatch.apply_patch(before, patch) == conference_file.to_json(self.conference)

    # -- the order of business ---------------------------------------------------------------------------

    @property
    def stage(self) -> Stage:
        """Where the meeting is. Kept by the meeting, not in the conference: moving on is not an edit of the
        record, and undo never moves the meeting back a stage."""
        return STAGES[STAGE_KEYS.index(self._stage_key)]

    def go_to_stage(self, key: str) -> None:
        """Move to a stage (not an undo step: it changes nothing the record holds)."""
        if key not in STAGE_KEYS:
            raise InvalidConference([f"stage: {key!r} is not one of {', '.join(STAGE_KEYS)}"])
        if key == self._stage_key:
            return
        self._stage_key = key
        self._notify(Change(Part.STAGE, f"Go to {key}", self._initiator))

    def step_stage(self, step: int) -> None:
        index = min(max(STAGE_KEYS.index(self.stage.key) + step, 0), len(STAGES) - 1)
        self.go_to_stage(STAGE_KEYS[index])

    # -- checks shared by the edits ----------------------------------------------------------------------

    def _person(self, participant_id: str) -> Participant:
        person = self.conference.participant(participant_id)
        if person is None:
            raise InvalidConference([f"participant: {participant_id!r} is not in this conference"])
        return person

    def _child_id(self, child_id: str | None, nullable: bool = True) -> str | None:
        if child_id is None and nullable:
            return None
        if self.conference.child(child_id) is None:
            raise InvalidConference([f"child: {child_id!r} is not in this conference"])
        return child_id

    def _index(self, items: list[Any], index: int, where: str) -> int:
        if not 0 <= index < len(items):
            raise InvalidConference([f"{where}[{index}]: there is no such entry"])
        return index

    @staticmethod
    def _text(text: str, where: str, limit: int = TEXT_LIMIT, required: bool = True) -> str:
        """The chair's words as they typed them, spaces and all (promise 1: never altered). Text that is only
        spaces is empty: refused where something must be said, kept as "" where it need not be."""
        if not text.strip():
            if required:
                raise InvalidConference([_first_say(where)])
            return ""
        if len(text) > limit:
            raise InvalidConference(
                [f"{_words_for(where)} is {len(text):,} characters long; the most it can hold is {limit:,}."]
            )
        return text

    def _now(self) -> dt.datetime:
        return self.clock().replace(microsecond=0)

    def _out(self, also: list[str] | None = None) -> list[str]:
        """Who in the family is out of the room now (with ``also``: others out while the text was being typed)."""
        return sorted({p.id for p in self.conference.excluded_now()} | set(also or []))

    def stamp(self) -> dict[str, Any]:
        """When, and where in which recording, something typed now was made: ``entered_at``, ``recording`` (the
        take) and ``recording_offset`` (seconds into it). The one place every typed thing is stamped (an item, a
        score, a view, a decision, a dissent, an outcome, an action; chairdesk.carry_forward's copies too)."""
        place = self.recording_offset()
        take, offset = place if isinstance(place, tuple) else (None, place)
        return {
            "entered_at": self._now(),
            "recording": take if offset is not None else None,
            "recording_offset": offset,
        }

    def _stamp(self) -> dict[str, Any]:
        return {**self.stamp(), "typed_while_out": self._out()}

    def _marked(self, thing: Any, box: str | None = None, reworded: bool = True) -> None:
        """Changed now: if a family member is out of the room, or was while it was typed in ``box``, it is held back
        from them from now on. New words (``reworded``) undo the chair's releases and keep-backs: the chair decided
        about the words they read, so the new ones are decided again."""
        thing.typed_while_out = self._out(thing.typed_while_out + self.typed_while_out_in(box))
        if reworded:
            thing.releases = []

    # -- what is being typed ----------------------------------------------------------------------------

    def typing(self, box: str, text: str, typed_while_out: list[str] | None = None) -> None:
        """The chair is typing: ``text`` is in ``box`` now (a board list's name, or one of the ``*_BOX`` names).
        Whoever in the family is out of the room now is remembered with the box, and put on what the box gives
        when it is added or saved, even if they have come back by then (a save that lands just after they
        return). ``typed_while_out``: people remembered from before (typing put back after a restart). An empty
        box forgets its typing."""
        if not text:
            self._typing.pop(box, None)
            return
        out = {p.id for p in self.conference.excluded_now()} | set(typed_while_out or [])
        self._typing.setdefault(box, set()).update(out)

    def typed_while_out_in(self, box: str | None) -> list[str]:
        """The family members out of the room at any moment while what is in ``box`` now was typed."""
        return sorted(self._typing.get(box or "", ()))

    def _typed(self, box: str) -> None:
        """What was in ``box`` is now in the conference, with its marks: later typing starts afresh (a box saved as
        it is typed still shows what it saved, but none of it is waiting: an exclusion after the save is not put
        on its next change, as nothing in it was typed while they were out)."""
        self._typing.pop(box, None)
