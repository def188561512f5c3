"""Who gets which output, and why: the distribution list the chair sees and changes before producing (RULES.md §5).

One row per reader: each person invited (their decision letter, and a parents' copy of the record or the full
record), and each subject child who has been born (their own letter, and a copy of the record, each only when the
chair chooses). What the chair changes is an ordinary edit of the meeting (:meth:`chairdesk.meeting.Meeting.edit`):
saved at once, in the audit, undone with Undo. The documents themselves are planned from the same rules
(:func:`chairdesk.documents.produce.planned_documents`), so the list and the folder always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from chairdesk.audience import household_children
from chairdesk.changes import Part
from chairdesk.documents.letters import (
    default_letter,
    is_adult,
    never_a_letter,
    own_summaries,
    receives_letter,
    receives_parents_copy,
)
from chairdesk.meeting import Meeting
from chairdesk.model import Child, Conference, Participant, is_family_side
from chairdesk.words import capitalise, children_in_sentence

LETTER = "letter"
RECORD_COPY = "record_copy"


@dataclass(frozen=True)
class Row:
    """One reader on the list. ``key``: ``participant:<id>`` or ``child:<id>``; ``gets``: what they will be sent,
    in words; ``why``: the rule or the chair's choice behind it; ``choices``: what the chair can change for them
    (:data:`LETTER`, :data:`RECORD_COPY`) with whether it is on now."""

    key: str
    name: str
    gets: str
    why: str
    choices: tuple[tuple[str, bool], ...] = ()

    def chosen(self, choice: str) -> bool | None:
        return dict(self.choices).get(choice)


def _person_row(conference: Conference, person: Participant, scoped: dict[str, str] | None = None) -> Row:
    """``scoped``: the children (in words) each family member reads about, when that is some of them only."""
    name = f"{person.name} ({person.role_name})"
    key = f"participant:{person.id}"
    if never_a_letter(person):
        why = (
            "The chair signs the letters."
            if person.role == "chair"
            else f"An {person.role_name} takes no part in the decisions: no letter."
            if person.role_name[:1] in "aeiou"
            else f"A {person.role_name} takes no part in the decisions: no letter."
        )
        return Row(key, name, "Nothing", why)
    letter = receives_letter(person)
    gets = []
    if letter:
        gets.append("the decision letter with the outline plan")
    if is_family_side(person.role):
        if receives_parents_copy(person):
            gets.append("a copy of the record (the parents' copy)")
        about = (scoped or {}).get(person.id)
        gets.append(f"their own summary, about {about}" if about else "the summary")
    else:
        gets += ["the summary", "the full record"]
        if letter:
            gets[0] = "the decision letter with the outline plan and their own actions"
    if person.letter is None:
        why = (
            "Parents get a letter."
            if person.role == "parent"
            else "Everyone who attended or was invited gets a letter."
            if not is_family_side(person.role)
            else "Another family member gets a letter only when the chair says so."
        )
    else:
        why = "The chair chose to send a letter." if person.letter else "The chair chose not to send a letter."
    if letter and is_family_side(person.role) and not person.address.strip():
        why += " There is no address for them."
    about = (scoped or {}).get(person.id)
    if about:
        why += (
            f" They are connected to {about} only, so what they are sent tells about {about} only, and the "
            "family's summary (about every child) is not sent to them."
        )
    return Row(key, name, capitalise(_and(gets)), why, ((LETTER, letter),))


def _child_row(conference: Conference, child: Child) -> Row:
    gets = []
    adult = is_adult(conference, child)
    if child.letter and not adult:
        gets.append("a letter of their own, in words for their age")
    if child.record_copy:
        gets.append("a copy of the record")
    why = "A child gets a letter, and a copy of the record, only when the chair chooses."
    if adult:
        why += (
            f" {child.name} has turned 18: an adult gets no child's letter. To send them the decision letter, add "
            "them to the people invited and choose a letter for them."
        )
    return Row(
        f"child:{child.id}",
        f"{child.name} (child)",
        capitalise(_and(gets)) if gets else "Nothing",
        why,
        ((LETTER, child.letter), (RECORD_COPY, child.record_copy)),
    )


def _and(things: list[str]) -> str:
    return things[0] if len(things) == 1 else ", ".join(things[:-1]) + " and " + things[-1]


def distribution(conference: Conference) -> list[Row]:
    """The distribution list: everyone invited in the order of the register, then each subject child who has been
    born (an unborn child gets no letter)."""
    scoped: dict[str, str] = {}
    for household in own_summaries(conference):
        about = household_children(conference, household.ids)
        named = children_in_sentence(c for c in conference.children if c.id in about)
        scoped.update({pid: named for pid in household.ids})
    rows = [_person_row(conference, p, scoped) for p in conference.participants]
    rows += [_child_row(conference, c) for c in conference.subject_children if not c.unborn]
    return rows


def set_choice(meeting: Meeting, key: str, choice: str, on: bool) -> None:
    """The chair's choice for one reader (``key`` of a :class:`Row`): a letter, or (for a child) a copy of the
    record. One undoable edit of the meeting. A person's letter that is back to the default is stored as the
    default (``None``), so a later change of role follows the rule."""
    kind, _, ident = key.partition(":")
    conference = meeting.conference
    if kind == "participant":
        person = conference.participant(ident)
        if person is None or choice != LETTER or never_a_letter(person):
            raise ValueError(f"no letter can be chosen for {key}")
        value: bool | None = None if on == default_letter(person) else on
        what = "a decision letter" if on else "no decision letter"

        def put(c: Conference) -> None:
            found = c.participant(ident)
            assert found is not None
            found.letter = value

        meeting.edit(Part.DISTRIBUTION, f"{what} for {person.name}", put)
        return
    child = conference.child(ident)
    if kind != "child" or child is None or choice not in (LETTER, RECORD_COPY):
        raise ValueError(f"nothing can be chosen for {key}")
    if choice == LETTER:
        what = "a letter of their own" if on else "no letter of their own"
    else:
        what = "a copy of the record" if on else "no copy of the record"

    def put_child(c: Conference) -> None:
        found = c.child(ident)
        assert found is not None
        setattr(found, choice, on)

    meeting.edit(Part.DISTRIBUTION, f"{what} for {child.name}", put_child)
