"""The meeting as the chair runs it: the order of business, and every edit, with undo and redo.

:class:`Meeting` is the one place a conference changes during the meeting. Each edit checks its input (a
plain-English :class:`InvalidConference` if it is wrong, and nothing changes), stamps what was typed with the
time and the recording offset, keeps an undo step, and tells its listeners what changed. It knows nothing of
Qt or of the database: the window listens and redraws, the writer listens and saves.

An edit says which parts of the conference it changed (:class:`chairdesk.changes.Part`), who asked for it (the
initiator, see :meth:`Meeting.initiated_by`), and what it changed as a JSON Patch: an undo step is that patch and
its inverse, never a copy of the conference. An edit is checked where it changed the conference
(:func:`chairdesk.conference_file.check_change`); the whole file is checked when it is saved, off the GUI thread.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from chairdesk import audience, conference_file, outcomes
from chairdesk.changes import WHOLE, Change, Operation, Part, Patch, Path, Snapshot, apply_to_model, chair_login, fold
from chairdesk.changes import json_at as _json_at
from chairdesk.changes import utc_now as _utc_now
from chairdesk.errors import ChairDeskError, InvalidConference
from chairdesk.model import (
    AFTER_PLAN_ENDS,
    CATEGORIES,
    CONFIDENTIAL_REASONS,
    EXCLUSION_GROUNDS,
    OUTCOMES,
    OUTCOMES_NEEDING_CATEGORY,
    PLAN_END_REASONS,
    ROLES,
    Bookmark,
    Child,
    Conference,
    Decision,
    Dissent,
    Exclusion,
    Item,
    Outcome,
    Participant,
    Plan,
    PlanAction,
    Release,
    Report,
    ScalingScore,
    View,
    clock_times,
    is_family_side,
)
from chairdesk.recording import requests
from chairdesk.timescales import due_dates
from chairdesk.typed_text import TEXT_LIMIT
from chairdesk.words import CATEGORY_NAMES, OUTCOME_TITLES, child_short


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

# The lists of typed items (the board's five, and the chair's record of the discussion) and their headings: the
# same as the confidentiality rule reads them.
ITEM_LISTS = audience.ITEM_LISTS
LIST_TITLES = {name: audience.SECTIONS[name] for name in ITEM_LISTS}

UNDO_LIMIT = 1000

# The boxes the chair types into, by the names the meeting keeps their typing under (see Meeting.typing): a board
# list's box is the list's name; the others are these.
SCORE_BOX = "scaling.reason"
CELL_BOX = "cell"  # the cell being edited in a list or table (an item, a view's or a score's reason, an action)
DISSENT_BOX = "dissent"
INQUORATE_BOX = "inquorate_reason"
CONTINGENCY_BOX = "plan.contingency"
ACTION_BOX = "plan.actions.what"
OUTCOME_BOX = "plan.outcomes.text"
NOTES_BOX = "confidential_notes"  # the chair's private notes: in no document, so no marks matter
RECOMMENDATIONS = "recommendations"  # the list of the conference's recommendations, and the box they are typed in


def decision_box(child_id: str) -> str:
    """The box for the reason of a child's decision."""
    return f"decisions.{child_id}.reason"


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


def _to_the_second(moment: dt.datetime) -> dt.time:
    """The time of day of ``moment`` to the second: what the register and the exclusions record (a minute's
    rounding hid lines typed after a parent came back, and put people in the room before they arrived)."""
    return moment.time().replace(microsecond=0)


def _typed_since(c: Conference, began: dt.datetime) -> list[Any]:
    """What was typed or changed at ``began`` or later: what an exclusion from then keeps from the person."""
    return [
        thing
        for thing in _typed_things(c)
        if any((m := getattr(thing, name, None)) is not None and m >= began for name in ("entered_at", "edited_at"))
    ]


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
    return "text" if field.endswith(".text") and field.count(".") == 1 or field in ITEM_LISTS else field


def _first_say(where: str) -> str:
    return _FIRST_SAY.get(_field(where), f"{where}: is empty")


def _words_for(where: str) -> str:
    field = _field(where)
    if field == "text":
        return "The item"
    return _WORDS.get(field, where)


# Which listeners' part of the conference a typed thing belongs to (Change.parts), by its part (audience.SECTIONS).
_CHANGE_OF_PART = {
    "discussion": Part.DISCUSSION,
    "recommendations": Part.DECISION,
    "scaling": Part.SCALING,
    "views": Part.VIEWS,
    "decisions": Part.DECISION,
    "dissent": Part.DECISION,
    "plan.outcomes": Part.PLAN,
    "plan.actions": Part.PLAN,
    "plan.contingency": Part.PLAN,
    "inquorate_reason": Part.ATTENDANCE,
    "recording_requests": Part.RECORDING,
}


def _list_change(list_name: str) -> Part:
    """Which part of the conference an edit of a list of items changes (Change.parts): the decision page follows
    the recommendations, the record's editor the discussion, the board the rest."""
    return {"discussion": Part.DISCUSSION, RECOMMENDATIONS: Part.DECISION}.get(list_name, Part.BOARD)


def _scope_of_ref(ref: str) -> Scope:
    """Where marking the typed thing at ``ref`` (``worries[2]``, ``plan.actions[0]``) changes the conference: the
    thing itself when it is an entry of a list, else anywhere."""
    found = re.fullmatch(r"([a-z_]+)(?:\.([a-z_]+))?\[(\d+)\]", ref)
    if found is None:
        return WHOLE_CONFERENCE
    first, second, index = found.groups()
    return ((first, *([second] if second else []), int(index)),)


def _same_decision(before: Decision, after: Decision) -> bool:
    """The same decision, whatever its reason: outcome, category, the category before, why a plan ends and what
    follows."""
    fields = ("outcome", "category", "previous_category", "end_reason", "then")
    return all(getattr(before, name) == getattr(after, name) for name in fields)


def _in_place(things: list[Any], same: Callable[[Any], bool], new: Any) -> list[Any]:
    """``things`` with the one ``same`` picks replaced by ``new`` where it was (a view given again stays in its
    row in the documents), or ``new`` added at the end."""
    where = next((i for i, thing in enumerate(things) if same(thing)), None)
    kept = [thing for thing in things if not same(thing)]
    kept.insert(len(kept) if where is None else where, new)
    return kept


def _keep_marks(old: list[Any], new: Any) -> None:
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


def _texts_changed_since(c: Conference, began: dt.datetime) -> list[Any]:
    """The marks of the contingency plan and the inquorate reason, when they have words changed at ``began`` or
    later."""
    found = []
    plan = c.plan
    if (
        plan is not None
        and plan.contingency.strip()
        and plan.contingency_edited_at
        and plan.contingency_edited_at >= began
    ):
        found.append(plan.contingency_marks)
    edited = c.inquorate_reason_edited_at
    if (c.inquorate_reason or "").strip() and edited is not None and edited >= began:
        found.append(c.inquorate_reason_marks)
    return found


def _typed_things(c: Conference) -> list[Any]:
    """Everything in the conference that was typed and can carry a 'typed while out' mark."""
    things: list[Any] = [i for name in ITEM_LISTS for i in getattr(c, name)]
    things += [*c.scaling, *c.views, *c.decisions, *c.dissent]
    if c.plan is not None:
        things += [*c.plan.outcomes, *c.plan.actions]
    return things


# Where in the recording something is typed: the take (its folder's name) and seconds into it; a bare number is an
# offset into a take not named (a source that knows of one recording only).
RecordingPlace = tuple[str | None, float]


class Meeting:
    """A conference being run. ``clock`` and ``recording_offset`` are injected so tests can set them:
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

    def _person_scope(self, participant_id: str) -> Scope:
        """Where an edit of one participant's attendance changes the conference: that participant."""
        where = next(i for i, p in enumerate(self.conference.participants) if p.id == participant_id)
        return [("participants", where)]

    def _plan_scope(self, name: str) -> Scope:
        """Where adding to or taking from the plan's ``name`` (actions, outcomes) changes the conference: that list,
        or the plan when there is none yet."""
        return [("plan",)] if self.conference.plan is None else [("plan", name)]

    def _items(self, list_name: str) -> list[Item]:
        if list_name not in ITEM_LISTS:
            raise InvalidConference([f"list: {list_name!r} is not one of {', '.join(ITEM_LISTS)}"])
        return getattr(self.conference, list_name)

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
        return sorted({p.id for p in self.family_out_of_room} | set(also or []))

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
        """Changed now: if a family member is out of the room, or was while it was typed in ``box``, it is kept from
        them from now on. New words (``reworded``) undo the chair's releases and keep-backs: the chair decided about
        the words they read, so the new ones are decided again."""
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
        out = {p.id for p in self.family_out_of_room} | set(typed_while_out or [])
        self._typing.setdefault(box, set()).update(out)

    def typed_while_out_in(self, box: str | None) -> list[str]:
        """The family members out of the room at any moment while what is in ``box`` now was typed."""
        return sorted(self._typing.get(box or "", ()))

    def _typed(self, box: str) -> None:
        """What was in ``box`` is now in the conference, with its marks: later typing starts afresh (a box saved as
        it is typed still shows what it saved, but none of it is waiting: an exclusion after the save is not put
        on its next change, as nothing in it was typed while they were out)."""
        self._typing.pop(box, None)

    # -- confidential, and the chair's releases -----------------------------------------------------------

    def mark_confidential(self, ref: str, confidential: bool, reason: str | None = None, words: str = "") -> None:
        """Mark the typed thing at ``ref`` (as :func:`chairdesk.audience.pieces` names it: ``worries[2]``,
        ``views[0]``, ``plan.contingency``...) confidential, with a reason from
        :data:`chairdesk.model.CONFIDENTIAL_REASONS` and the chair's words (needed for "other"), or not."""
        try:
            piece = audience.piece_at(self.conference, ref)
        except KeyError:
            raise InvalidConference([f"{ref}: there is no such entry"]) from None
        if reason is not None and reason not in CONFIDENTIAL_REASONS:
            raise InvalidConference(
                [f"confidential_reason: {reason!r} is not one of {', '.join(CONFIDENTIAL_REASONS)}"]
            )
        words = self._text(words, "confidential_words", limit=2000, required=False)
        if confidential and reason == "other" and not words.strip():
            raise InvalidConference(["Say in a few words why it is confidential."])
        target = audience.marks_at

        def put(c: Conference) -> None:
            marks = target(c, ref)
            marks.confidential = confidential
            marks.confidential_reason = reason if confidential else None
            marks.confidential_words = words if confidential else ""

        what = "mark confidential" if confidential else "mark not confidential"
        self._edit(
            _CHANGE_OF_PART.get(piece.part, Part.BOARD),
            f"{what}: {piece.section.lower()}",
            put,
            scope=_scope_of_ref(ref),
        )

    def release(self, ref: str, to: str, released: bool, reason: str) -> None:
        """The chair's choice in the review before the outputs leave: the typed thing at ``ref``, held back from
        ``to`` (a family member's id, or ``"family"``), is released to them, or (``released`` false) kept back.
        Either needs a reason, which goes in the record."""
        try:
            piece = audience.piece_at(self.conference, ref)
        except KeyError:
            raise InvalidConference([f"{ref}: there is no such entry"]) from None
        who = "the family"
        if to != audience.WHOLE_FAMILY:
            person = self._person(to)
            if not is_family_side(person.role):
                raise InvalidConference([f"{person.name} is not a family member; the record already holds it"])
            who = person.name
        if released and audience.gives_away(self.conference, piece.text):
            raise InvalidConference(
                ["It cannot be released: it would give away a withheld address. Change the words instead."]
            )
        reason = self._text(reason, "release_reason", limit=2000)
        choice = Release(to, released, reason, self._now())
        # In the audit as the chair's choice, whom it was for and what it was (issue 13: "include what was said while a
        # parent was out" is an operation of its own).
        what = f"release to {who}" if released else f"keep back from {who}"
        self._edit(
            _CHANGE_OF_PART.get(piece.part, Part.BOARD),
            f"{what}: {piece.section.lower()}",
            lambda c: audience.marks_at(c, ref).releases.append(choice),
            scope=_scope_of_ref(ref),
        )

    # -- the board ---------------------------------------------------------------------------------------

    def add_item(
        self,
        list_name: str,
        text: str,
        confidential: bool = False,
        typed_while_out: list[str] | None = None,
        reason: str | None = None,
    ) -> None:
        """Add an item. ``typed_while_out``: family members who were out of the room while it was being typed,
        if they have come back since (the editor keeps track), so it stays hidden from them. ``reason``: why it is
        confidential (a key of :data:`CONFIDENTIAL_REASONS` that needs no words of the chair's), or None for
        "no reason given yet"."""
        items = self._items(list_name)
        if confidential and reason is not None and reason not in CONFIDENTIAL_REASONS:
            raise InvalidConference(
                [f"confidential_reason: {reason!r} is not one of {', '.join(CONFIDENTIAL_REASONS)}"]
            )
        if confidential and reason == "other":
            raise InvalidConference(["Say in a few words why it is confidential (Ctrl+H on the item)."])
        item = Item(
            self._text(text, list_name),
            confidential=confidential,
            confidential_reason=reason if confidential else None,
            **self._stamp(),
        )
        item.typed_while_out = self._out((typed_while_out or []) + self.typed_while_out_in(list_name))
        what = _list_change(list_name)
        self._edit(what, f"add to {LIST_TITLES[list_name].lower()}", lambda c: items.append(item), scope=[(list_name,)])
        self._typed(list_name)

    def edit_item(self, list_name: str, index: int, text: str) -> None:
        items = self._items(list_name)
        self._index(items, index, list_name)
        text = self._text(text, f"{list_name}[{index}].text")

        def put(c: Conference) -> None:
            item = getattr(c, list_name)[index]
            self._marked(item, CELL_BOX, reworded=item.text != text)
            item.text, item.edited_at = text, self._now()

        self._edit(_list_change(list_name), "edit an item", put, scope=[(list_name, index)])
        self._typed(CELL_BOX)

    def set_item_confidential(
        self, list_name: str, index: int, confidential: bool, reason: str | None = None, words: str = ""
    ) -> None:
        items = self._items(list_name)
        self._index(items, index, list_name)
        self.mark_confidential(f"{list_name}[{index}]", confidential, reason, words)

    def move_item(self, list_name: str, index: int, new_index: int) -> None:
        items = self._items(list_name)
        self._index(items, index, list_name)
        new_index = min(max(new_index, 0), len(items) - 1)
        if new_index == index:
            return

        def move(c: Conference) -> None:
            moved = getattr(c, list_name)
            moved.insert(new_index, moved.pop(index))

        self._edit(_list_change(list_name), "move an item", move, scope=[(list_name,)])

    def delete_item(self, list_name: str, index: int) -> None:
        items = self._items(list_name)
        self._index(items, index, list_name)
        self._edit(
            _list_change(list_name), "delete an item", lambda c: getattr(c, list_name).pop(index), scope=[(list_name,)]
        )

    def add_confidential_note(self, text: str) -> None:
        text = self._text(text, "confidential_notes")
        self._edit(
            Part.NOTES,
            "add a private note",
            lambda c: c.confidential_notes.append(text),
            scope=[("confidential_notes",)],
        )

    def set_confidential_notes(self, notes: list[str]) -> None:
        notes = [self._text(n, "confidential_notes") for n in notes if n.strip()]
        self._edit(
            Part.NOTES,
            "edit private notes",
            lambda c: setattr(c, "confidential_notes", notes),
            scope=[("confidential_notes",)],
            merge=NOTES_BOX,
        )
        self._typed(NOTES_BOX)

    # -- attendance --------------------------------------------------------------------------------------

    def add_participant(
        self, name: str, role: str, agency: str = "", contact_with: list[str] | None = None, arrived: bool = True
    ) -> str:
        """Someone at the door: added, and marked arrived now. Returns their new id."""
        name = self._text(name, "name", limit=200).strip()  # a name, not the chair's words: no stray spaces
        if role not in ROLES:
            raise InvalidConference([f"role: {role!r} is not one of the roles"])
        for child in contact_with or []:
            self._child_id(child, nullable=False)
        ident = f"p-{uuid.uuid4().hex[:8]}"
        person = Participant(
            ident,
            name,
            role,
            agency="" if is_family_side(role) else agency.strip(),
            attended=arrived,
            contact_with=list(contact_with or []),
            arrived=_to_the_second(self.clock()) if arrived else None,
        )
        self._edit(Part.ATTENDANCE, f"add {name}", lambda c: c.participants.append(person), scope=[("participants",)])
        return ident

    def mark_arrived(self, participant_id: str) -> None:
        person = self._person(participant_id)
        now = _to_the_second(self.clock())

        def arrive(c: Conference) -> None:
            p = c.participant(person.id)
            assert p is not None
            p.attended, p.apologies, p.arrived, p.left = True, False, p.arrived or now, None

        self._edit(Part.ATTENDANCE, f"{person.name} arrived", arrive, scope=self._person_scope(person.id))

    def mark_left(self, participant_id: str) -> None:
        person = self._person(participant_id)
        now = _to_the_second(self.clock())
        if person.arrived and now < person.arrived:
            arrived, left = clock_times(person.arrived, now)
            raise InvalidConference([f"{person.name} arrived at {arrived}, so cannot have left at {left}"])
        self._edit(
            Part.ATTENDANCE,
            f"{person.name} left",
            lambda c: setattr(c.participant(person.id), "left", now),
            scope=self._person_scope(person.id),
        )

    def set_apologies(self, participant_id: str, apologies: bool) -> None:
        person = self._person(participant_id)

        def apologise(c: Conference) -> None:
            p = c.participant(person.id)
            assert p is not None
            p.apologies = apologies
            if apologies:
                p.attended, p.arrived, p.left = False, None, None

        self._edit(Part.ATTENDANCE, f"apologies from {person.name}", apologise, scope=self._person_scope(person.id))

    def set_report_received(self, participant_id: str, received: dt.date | None) -> None:
        person = self._person(participant_id)

        def receive(c: Conference) -> None:
            p = c.participant(person.id)
            assert p is not None
            p.report = p.report or Report()
            p.report.received = received

        self._edit(Part.ATTENDANCE, f"report from {person.name}", receive, scope=self._person_scope(person.id))

    def exclude(self, participant_id: str, ground: int, reason: str, since: dt.time | None = None) -> None:
        """A family member is out of the room, on one of the six grounds and for a reason, until :meth:`readmit`:
        from now, or ``since`` an earlier time today (when the chair records it a little late), never before they
        arrived. Whatever was typed today since then is marked as typed while they were out, so it is kept from
        them too (:meth:`would_hide` counts it first)."""
        person = self._person(participant_id)
        if not is_family_side(person.role):
            raise InvalidConference([f"{person.name} is not a family member; only family members are excluded"])
        if ground not in EXCLUSION_GROUNDS:
            raise InvalidConference([f"ground: {ground!r} is not one of the six grounds (1 to 6)"])
        if not reason.strip():
            raise InvalidConference(
                [f"Say why {person.name} is to leave the room: the reason and the evidence go in the record"]
            )
        if any(e.to is None for e in person.exclusions):
            raise InvalidConference([f"{person.name} is already out of the room"])
        now = self._now()
        start = now.time()
        if since is not None:
            start = since.replace(microsecond=0)
            self.check_exclusion_start(person.id, start)
        exclusion = Exclusion(start, None, ground, self._text(reason, "reason"))
        began = dt.datetime.combine(now.date(), start)

        def leave(c: Conference) -> None:
            c.participant(person.id).exclusions.append(exclusion)  # type: ignore[union-attr]  # found above
            for thing in _typed_since(c, began):
                if person.id not in thing.typed_while_out:
                    thing.typed_while_out = sorted({*thing.typed_while_out, person.id})
            for marks in _texts_changed_since(c, began):
                marks.typed_while_out = sorted({*marks.typed_while_out, person.id})

        self._edit(Part.everything(), f"exclude {person.name}", leave)  # marks what was typed since, anywhere
        for box in self._typing.values():
            box.add(person.id)  # what is waiting in a box may have been typed since then too

    def check_exclusion_start(self, participant_id: str, start: dt.time) -> None:
        """Refuse, in words, a back-dated exclusion that would begin later than now, before the person arrived or
        before they were last let back into the room."""
        person = self._person(participant_id)
        now = _to_the_second(self.clock())
        if start > now:
            shown_start, shown_now = clock_times(start, now)
            raise InvalidConference(
                [f"{person.name} cannot be out of the room from {shown_start}: it is only {shown_now} now"]
            )
        if person.arrived is not None and start < person.arrived:
            arrived, shown_start = clock_times(person.arrived, start)
            raise InvalidConference(
                [
                    f"{person.name} arrived at {arrived}, so cannot have been out of the room from {shown_start}. "
                    f"Choose a time from {arrived} on."
                ]
            )
        ended = [e.to for e in person.exclusions if e.to is not None]
        if ended and start < max(ended):
            back, shown_start = clock_times(max(ended), start)
            raise InvalidConference(
                [
                    f"{person.name} came back into the room at {back}, so this time out cannot begin at "
                    f"{shown_start}. Choose a time from {back} on."
                ]
            )

    def would_hide(self, participant_id: str, since: dt.time) -> int:
        """How many things typed today from ``since`` on an exclusion from then would newly keep from the person
        (off the board, out of the summary and their copy): what the chair is told before back-dating one."""
        person = self._person(participant_id)
        c = self.conference
        began = dt.datetime.combine(self.clock().date(), since.replace(microsecond=0))
        count = sum(
            1
            for thing in _typed_since(c, began)
            if not getattr(thing, "confidential", False) and person.id not in c.out_when_typed(thing)
        )
        count += sum(1 for marks in _texts_changed_since(c, began) if person.id not in marks.typed_while_out)
        return count

    def readmit(self, participant_id: str) -> None:
        """Back in the room from now, to the second: only what was typed while they were out stays hidden."""
        person = self._person(participant_id)
        open_exclusions = [i for i, e in enumerate(person.exclusions) if e.to is None]
        if not open_exclusions:
            raise InvalidConference([f"{person.name} is not out of the room"])
        now = _to_the_second(self.clock())

        def back(c: Conference) -> None:
            exclusion = c.participant(person.id).exclusions[open_exclusions[-1]]  # type: ignore[union-attr]  # found above
            just_after = (dt.datetime.combine(dt.date.min, exclusion.from_) + dt.timedelta(seconds=1)).time()
            exclusion.to = max(now, just_after)

        self._edit(Part.ATTENDANCE, f"{person.name} came back", back, scope=self._person_scope(person.id))

    @property
    def family_out_of_room(self) -> list[Participant]:
        """The family members out of the room now: those whose exclusion has begun and not ended."""
        return self.conference.family_out_now()

    # -- scaling, views, decisions, dissent ---------------------------------------------------------------

    def set_score(
        self,
        participant_id: str,
        score: int,
        reason: str = "",
        child_id: str | None = None,
        typed_while_out: list[str] | None = None,
    ) -> None:
        person = self._person(participant_id)
        self._child_id(child_id)
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
            raise InvalidConference(
                [f"{score!r} is not a score: a score is a whole number from 0 to 10 (nothing was recorded)"]
            )
        entry = ScalingScore(person.id, child_id, score, self._text(reason, "reason", required=False), **self._stamp())

        def put(c: Conference) -> None:
            old = [s for s in c.scaling if (s.participant, s.child) == (person.id, child_id)]
            _keep_marks(old, entry)
            earlier = (typed_while_out or []) + self.typed_while_out_in(SCORE_BOX) + self.typed_while_out_in(CELL_BOX)
            entry.typed_while_out = self._out(entry.typed_while_out + earlier)
            c.scaling = _in_place(c.scaling, lambda s: (s.participant, s.child) == (person.id, child_id), entry)

        self._edit(Part.SCALING, f"score from {person.name}", put, scope=[("scaling",)])
        self._typed(SCORE_BOX)
        self._typed(CELL_BOX)

    def set_view(self, participant_id: str, child_id: str, significant_harm: bool, reason: str = "") -> None:
        person = self._person(participant_id)
        self._child_id(child_id, nullable=False)
        view = View(
            person.id, child_id, significant_harm, self._text(reason, "reason", required=False), **self._stamp()
        )

        def put(c: Conference) -> None:
            old = [v for v in c.views if (v.participant, v.child) == (person.id, child_id)]
            _keep_marks(old, view)
            view.typed_while_out = self._out(view.typed_while_out + self.typed_while_out_in(CELL_BOX))
            c.views = _in_place(c.views, lambda v: (v.participant, v.child) == (person.id, child_id), view)

        self._edit(Part.VIEWS, f"view of {person.name}", put, scope=[("views",)])
        self._typed(CELL_BOX)

    def set_decision(
        self,
        child_id: str,
        outcome: str,
        category: str | None = None,
        reason: str = "",
        typed_while_out: list[str] | None = None,
        *,
        previous_category: str | None = None,
        end_reason: str | None = None,
        then: str | None = None,
    ) -> None:
        """The chair's decision for a subject child (RULES.md §4): an outcome of this kind of conference
        (:func:`chairdesk.outcomes.offered`); a plan (made or continued) needs its ``category``. At a review, a plan
        that continues keeps the category it had before (``previous_category``: what the last conference decided,
        carried forward; the chair's when nothing was carried) so a change is told with the one it replaces; a plan
        that ends says why (``end_reason``, a key of :data:`PLAN_END_REASONS`) and what follows (``then``, one of
        :data:`AFTER_PLAN_ENDS`): either may be chosen after the outcome, and the outputs wait for both. A review
        refuses both for a child who came out of the last conference with no plan (:func:`outcomes.no_plan_to_review`
        says what to do)."""
        child = self._subject(child_id)
        if outcome not in OUTCOMES:
            raise InvalidConference([f"outcome: {outcome!r} is not one of {', '.join(OUTCOMES)}"])
        allowed = outcomes.offered(self.conference)
        if outcome not in allowed:
            kind = "an initial" if self.conference.is_initial_type else "a review"
            words = ", ".join(OUTCOME_TITLES.get(o, o).lower() for o in allowed)
            raise InvalidConference([f"That is not a decision {kind} conference makes. Choose one of: {words}."])
        no_plan = outcomes.no_plan_to_review(self.conference, child)
        if no_plan is not None:
            raise InvalidConference([no_plan])
        for value, name, known in (
            (category, "category", CATEGORIES),
            (previous_category, "previous_category", CATEGORIES),
            (end_reason, "end_reason", tuple(PLAN_END_REASONS)),
            (then, "then", AFTER_PLAN_ENDS),
        ):
            if value is not None and value not in known:
                raise InvalidConference([f"{name}: {value!r} is not one of {', '.join(known)}"])
        if outcome not in OUTCOMES_NEEDING_CATEGORY:
            category = None
        elif category is None:
            raise InvalidConference(
                [
                    f"Choose the category of {child_short(child)}'s child protection plan (neglect, physical abuse, "
                    "emotional abuse or sexual abuse): a plan is not recorded without one."
                ]
            )
        if outcome == "plan-continues":
            carried = outcomes.carried_category(self.conference, child.id)
            if carried is not None and previous_category not in (None, carried):
                raise InvalidConference(
                    [
                        f"The last conference decided {child_short(child)}'s plan under the category of "
                        f"{CATEGORY_NAMES.get(carried, carried)} (carried forward), so that is the category before."
                    ]
                )
            previous_category = carried or previous_category
        else:
            previous_category = None
        if outcome != "plan-ends":
            end_reason = then = None
        decision = Decision(
            child_id,
            outcome,
            category,
            self._text(reason, "reason", required=False),
            **self.stamp(),
            previous_category=previous_category,
            end_reason=end_reason,
            then=then,
        )
        box = decision_box(child_id)

        def put(c: Conference) -> None:
            old = [d for d in c.decisions if d.child == child_id]
            _keep_marks(old, decision)
            earlier = (typed_while_out or []) + self.typed_while_out_in(box)
            decision.typed_while_out = self._out(decision.typed_while_out + earlier)
            if old and _same_decision(old[0], decision) and old[0].entered_at is not None:
                # Only its reason changed: the decision was made when it was made (the quorum is judged then), and
                # its reason now (an exclusion recorded late from before now keeps it from the person).
                decision.entered_at, decision.edited_at = old[0].entered_at, decision.entered_at
                decision.recording, decision.recording_offset = old[0].recording, old[0].recording_offset
            c.decisions = [d for d in c.decisions if d.child != child_id] + [decision]
            order = [ch.id for ch in c.children]
            c.decisions.sort(key=lambda d: order.index(d.child))

        same = [d for d in self.conference.decisions if d.child == child_id and _same_decision(d, decision)]
        # The reason typed as it goes: successive saves of it, and nothing else, are one undo step.
        self._edit(Part.DECISION, "record a decision", put, scope=[("decisions",)], merge=box if same else None)
        self._typed(box)

    def _subject(self, child_id: str) -> Child:
        """A subject child of the conference: a decision is made for no one else (a child in the household who is
        not a subject is refused in words, as reading a file refuses it)."""
        self._child_id(child_id, nullable=False)
        child = self.conference.child(child_id)
        assert child is not None
        if not child.subject:
            raise InvalidConference(
                [
                    f"{child.name} is not a subject of this conference, so the conference makes no decision for them. "
                    "Make them a subject among the conference's children first, if a decision is needed."
                ]
            )
        return child

    # -- the recommendations (RULES.md §4-5: told in the summary, the record and the decision letter) ----------

    def add_recommendation(self, text: str, typed_while_out: list[str] | None = None) -> None:
        """Add one of the conference's recommendations (typed in the box ``recommendations``)."""
        self.add_item(RECOMMENDATIONS, text, typed_while_out=typed_while_out)

    def edit_recommendation(self, index: int, text: str) -> None:
        self.edit_item(RECOMMENDATIONS, index, text)

    def move_recommendation(self, index: int, new_index: int) -> None:
        self.move_item(RECOMMENDATIONS, index, new_index)

    def delete_recommendation(self, index: int) -> None:
        self.delete_item(RECOMMENDATIONS, index)

    def add_dissent(
        self, participant_id: str, text: str, child_id: str | None = None, typed_while_out: list[str] | None = None
    ) -> None:
        person = self._person(participant_id)
        self._child_id(child_id)
        dissent = Dissent(
            person.id,
            child_id,
            self._text(text, "dissent"),
            **self.stamp(),
            typed_while_out=self._out((typed_while_out or []) + self.typed_while_out_in(DISSENT_BOX)),
        )
        self._edit(
            Part.DECISION, f"dissent of {person.name}", lambda c: c.dissent.append(dissent), scope=[("dissent",)]
        )
        self._typed(DISSENT_BOX)

    def set_inquorate_reason(self, text: str) -> None:
        reason = self._text(text, "inquorate_reason", required=False) or None

        def put(c: Conference) -> None:
            if reason != c.inquorate_reason:
                self._marked(c.inquorate_reason_marks, INQUORATE_BOX)
                c.inquorate_reason_edited_at = self._now()
            c.inquorate_reason = reason

        self._edit(
            Part.ATTENDANCE,
            "reasons for going ahead inquorate",
            put,
            scope=[("inquorate_reason",), ("inquorate_reason_marks",), ("inquorate_reason_edited_at",)],
            merge=INQUORATE_BOX,
        )
        self._typed(INQUORATE_BOX)

    # -- the plan ----------------------------------------------------------------------------------------

    def _plan(self, c: Conference) -> Plan:
        if c.plan is None:
            c.plan = Plan()
        return c.plan

    def set_plan_fields(self, **fields: Any) -> None:
        """Set any of: lead_social_worker, core_group, contingency, first_core_group, next_review."""
        allowed = {"lead_social_worker", "core_group", "contingency", "first_core_group", "next_review"}
        unknown = set(fields) - allowed
        if unknown:
            raise InvalidConference([f"plan.{sorted(unknown)[0]}: is not a field of the plan"])
        if fields.get("lead_social_worker"):
            self._person(fields["lead_social_worker"])
        for ident in fields.get("core_group", []):
            self._person(ident)
        if "contingency" in fields:
            fields["contingency"] = self._text(fields["contingency"], "plan.contingency", required=False)
        for key in ("first_core_group", "next_review"):
            if fields.get(key) is not None and not isinstance(fields[key], dt.date):
                raise InvalidConference([f"plan.{key}: must be a date"])

        def put(c: Conference) -> None:
            plan = self._plan(c)
            if "contingency" in fields and fields["contingency"] != plan.contingency:
                self._marked(plan.contingency_marks, CONTINGENCY_BOX)
                plan.contingency_edited_at = self._now()
            for key, value in fields.items():
                setattr(plan, key, value)

        typed = CONTINGENCY_BOX if set(fields) == {"contingency"} else None  # the box saved as it is typed
        self._edit(Part.PLAN, "change the plan", put, scope=[("plan",)], merge=typed)
        if "contingency" in fields:
            self._typed(CONTINGENCY_BOX)

    def add_action(
        self,
        what: str,
        who: str,
        by: dt.date | None = None,
        child_id: str | None = None,
        typed_while_out: list[str] | None = None,
    ) -> None:
        self._child_id(child_id)
        action = PlanAction(
            self._text(what, "plan.actions.what"),
            self._text(who, "plan.actions.who", limit=200).strip(),
            by,
            child_id,
            **self.stamp(),
            typed_while_out=self._out((typed_while_out or []) + self.typed_while_out_in(ACTION_BOX)),
        )
        self._edit(
            Part.PLAN,
            "add an action",
            lambda c: self._plan(c).actions.append(action),
            scope=self._plan_scope("actions"),
        )
        self._typed(ACTION_BOX)

    def delete_action(self, index: int) -> None:
        actions = self.conference.plan.actions if self.conference.plan else []
        self._index(actions, index, "plan.actions")
        self._edit(
            Part.PLAN, "delete an action", lambda c: self._plan(c).actions.pop(index), scope=self._plan_scope("actions")
        )

    def add_outcome(self, child_id: str, text: str, typed_while_out: list[str] | None = None) -> None:
        self._child_id(child_id, nullable=False)
        outcome = Outcome(
            child_id,
            self._text(text, "plan.outcomes.text"),
            **self.stamp(),
            typed_while_out=self._out((typed_while_out or []) + self.typed_while_out_in(OUTCOME_BOX)),
        )
        self._edit(
            Part.PLAN,
            "add an outcome",
            lambda c: self._plan(c).outcomes.append(outcome),
            scope=self._plan_scope("outcomes"),
        )
        self._typed(OUTCOME_BOX)

    # -- corrections the scaling, plan and decision pages need ---------------------------------------------

    def delete_score(self, participant_id: str, child_id: str | None = None) -> None:
        """Take back a person's score (for all the children when ``child_id`` is None)."""
        person = self._person(participant_id)
        self._child_id(child_id)
        if not any((s.participant, s.child) == (person.id, child_id) for s in self.conference.scaling):
            raise InvalidConference([f"{person.name} has given no score to take back"])

        def drop(c: Conference) -> None:
            c.scaling = [s for s in c.scaling if (s.participant, s.child) != (person.id, child_id)]

        self._edit(Part.SCALING, f"take back the score of {person.name}", drop, scope=[("scaling",)])

    def delete_view(self, participant_id: str, child_id: str) -> None:
        """Take back a professional's view on one child: it is "not given" again."""
        person = self._person(participant_id)
        self._child_id(child_id, nullable=False)
        if not any((v.participant, v.child) == (person.id, child_id) for v in self.conference.views):
            raise InvalidConference([f"{person.name} has given no view on this child to take back"])

        def drop(c: Conference) -> None:
            c.views = [v for v in c.views if (v.participant, v.child) != (person.id, child_id)]

        self._edit(Part.VIEWS, f"take back the view of {person.name}", drop, scope=[("views",)])

    def delete_decision(self, child_id: str) -> None:
        """The child's decision is not made after all."""
        self._child_id(child_id, nullable=False)
        if not any(d.child == child_id for d in self.conference.decisions):
            raise InvalidConference([f"child: {child_id!r} has no decision to take back"])
        self._edit(
            Part.DECISION,
            "take back a decision",
            lambda c: setattr(c, "decisions", [d for d in c.decisions if d.child != child_id]),
            scope=[("decisions",)],
        )

    def delete_dissent(self, index: int) -> None:
        self._index(self.conference.dissent, index, "dissent")
        self._edit(Part.DECISION, "delete a dissent", lambda c: c.dissent.pop(index), scope=[("dissent",)])

    def edit_action(
        self, index: int, what: str, who: str, by: dt.date | None = None, child_id: str | None = None
    ) -> None:
        """Replace a plan action's what, who, by and child (its other fields are kept)."""
        actions = self.conference.plan.actions if self.conference.plan else []
        self._index(actions, index, "plan.actions")
        self._child_id(child_id)
        if by is not None and not isinstance(by, dt.date):
            raise InvalidConference([f"plan.actions[{index}].by: must be a date"])
        what = self._text(what, f"plan.actions[{index}].what")
        who = self._text(who, f"plan.actions[{index}].who", limit=200).strip()

        def put(c: Conference) -> None:
            action = self._plan(c).actions[index]
            self._marked(action, CELL_BOX, reworded=(action.what, action.who) != (what, who))
            action.what, action.who, action.by, action.child = what, who, by, child_id
            action.edited_at = self._now()

        self._edit(Part.PLAN, "edit an action", put, scope=[("plan", "actions", index)])
        self._typed(CELL_BOX)

    def edit_outcome(self, index: int, text: str) -> None:
        outcomes = self.conference.plan.outcomes if self.conference.plan else []
        self._index(outcomes, index, "plan.outcomes")
        text = self._text(text, f"plan.outcomes[{index}].text")

        def put(c: Conference) -> None:
            outcome = self._plan(c).outcomes[index]
            self._marked(outcome, CELL_BOX, reworded=outcome.text != text)
            outcome.text, outcome.edited_at = text, self._now()

        self._edit(Part.PLAN, "edit an outcome", put, scope=[("plan", "outcomes", index)])
        self._typed(CELL_BOX)

    def delete_outcome(self, index: int) -> None:
        outcomes = self.conference.plan.outcomes if self.conference.plan else []
        self._index(outcomes, index, "plan.outcomes")
        self._edit(
            Part.PLAN,
            "delete an outcome",
            lambda c: self._plan(c).outcomes.pop(index),
            scope=self._plan_scope("outcomes"),
        )

    def propose_plan_dates(self) -> bool:
        """Start the plan with its first core group and next review dates set to the dates they are due by (not
        an undo step: reaching the plan stage is not something to undo). Only when no plan is started yet, so a
        date the chair cleared stays cleared. Returns whether the plan was started."""
        if self.conference.plan is not None:
            return False
        dates = due_dates(self.conference)
        first, review = dates["first_core_group_due"].date, dates["next_review_due"].date

        def put(c: Conference) -> None:
            plan = self._plan(c)
            plan.first_core_group, plan.next_review = first, review

        self._edit(Part.PLAN, "propose the plan dates", put, undoable=False, scope=[("plan",)])
        return True

    # -- the recording -----------------------------------------------------------------------------------

    def add_bookmark(self, bookmark: Bookmark) -> None:
        """Keep a place in the recording the chair marked (the recorder makes the bookmark)."""
        self._text(bookmark.label, "bookmark", limit=500, required=False)
        if bookmark.offset < 0:
            raise InvalidConference([f"bookmark: {bookmark.offset} is before the recording started"])
        self._edit(
            Part.RECORDING,
            f"bookmark at {int(bookmark.offset) // 60}:{int(bookmark.offset) % 60:02d}",
            lambda c: c.bookmarks.append(bookmark),
            scope=[("bookmarks",)],
        )

    def decide_recording_request(
        self,
        participant_id: str,
        decision: str | None,
        reasons: str = "",
        *,
        limits_on_use: str = "",
        legal_advice: str = "",
        limits_accepted: bool = False,
    ) -> None:
        """A family member asked to record the meeting themselves; ``decision`` is "agreed", "refused" or None
        (not decided yet). One request per person: asking again changes it (RULES.md §3, §5)."""
        work = copy.deepcopy(self.conference)
        existing = next((r for r in work.recording_requests if r.requested_by == participant_id), None)
        try:
            request = existing or requests.request_recording(work, participant_id, self._now().date())
            if decision is not None:
                requests.decide(
                    request,
                    decision,
                    self._text(reasons, "reasons", required=False),
                    limits_on_use=limits_on_use,
                    legal_advice=legal_advice,
                    limits_accepted=limits_accepted,
                    on=self._now().date(),
                )
        except ChairDeskError as error:
            raise InvalidConference([str(error)]) from None
        request.typed_while_out = self._out(request.typed_while_out)
        kept = work.recording_requests
        self._edit(
            Part.RECORDING,
            "a request to record",
            lambda c: setattr(c, "recording_requests", kept),
            scope=[("recording_requests",)],
        )
