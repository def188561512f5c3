"""Confidential, and the chair's releases (RULES.md §5, §7): the chair marks a typed thing confidential, with a
reason, and in the review before the outputs leave releases to a family member, or keeps back, what was held back
from them. What each reader may read is decided in :mod:`chairdesk.audience`; these commands record the chair's
choices it reads."""

from __future__ import annotations

import re

from chairdesk import audience
from chairdesk.changes import Part
from chairdesk.errors import InvalidConference
from chairdesk.meeting.core import WHOLE_CONFERENCE, MeetingCore, Scope
from chairdesk.model import CONFIDENTIAL_REASONS, Conference, Release, is_family_side

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


def _scope_of_ref(ref: str) -> Scope:
    """Where marking the typed thing at ``ref`` (``worries[2]``, ``plan.actions[0]``) changes the conference: the
    thing itself when it is an entry of a list, else anywhere."""
    found = re.fullmatch(r"([a-z_]+)(?:\.([a-z_]+))?\[(\d+)\]", ref)
    if found is None:
        return WHOLE_CONFERENCE
    first, second, index = found.groups()
    return ((first, *([second] if second else []), int(index)),)


class ConfidentialityCommands(MeetingCore):
    """Marking a typed thing confidential, and the chair's releases and keep-backs."""

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
