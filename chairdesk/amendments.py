"""Amendments to the record (RULES.md §5): someone who attended or was invited sends back, within a week of getting
the record, what they think is wrong in it. The chair notes each one (who, when it was received, what they ask),
decides it (applied, or not, with a note), and reissues the record (chairdesk.gui.outputs, a set of kind
sending.AMENDED) saying "Amended on" with the amendments applied listed in the professionals' record.

Applying an amendment never rewrites the chair's words: the chair changes the record's words themselves, where they
are, in the console; here the decision is recorded. An amendment received more than a week after the record was
sent is accepted, and said late (:func:`chairdesk.sending.amendment_late`). Each step is one undoable edit of the
meeting (saved by the one writer as every edit is).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from chairdesk.changes import Part
from chairdesk.meeting import Meeting
from chairdesk.model import Amendment, Conference


def who_may_amend(conference: Conference) -> list[tuple[str, str]]:
    """Everyone who attended or was invited (but the chair, whose record it is), as (id, "Name (role)")."""
    return [(p.id, f"{p.name} ({p.role_name})") for p in conference.participants if p.role != "chair"]


def problems(conference: Conference, by: str, received: dt.date | None, text: str, today: dt.date) -> list[str]:
    """What is wrong with an amendment about to be noted, each in a plain sentence (none when it can be noted)."""
    found = []
    if conference.participant(by) is None or by not in dict(who_may_amend(conference)):
        found.append("Choose who sent the amendment: someone who attended or was invited.")
    if received is None:
        found.append("Give the day the amendment was received.")
    elif received < conference.date:
        found.append(
            f"The amendment cannot have been received before the conference ({conference.date:%d/%m/%Y}): check "
            "the day."
        )
    elif received > today:
        found.append("The amendment cannot have been received after today: check the day.")
    if not text.strip():
        found.append("Say what they ask to change in the record.")
    return found


def note(meeting: Meeting, by: str, received: dt.date, text: str, today: Callable[[], dt.date] = dt.date.today) -> int:
    """Note an amendment received (one undoable edit); its index. Raises ValueError with the sentences of
    :func:`problems` when it cannot be noted (nothing changes)."""
    found = problems(meeting.conference, by, received, text, today())
    if found:
        raise ValueError(" ".join(found))
    who = meeting.conference.participant(by)
    name = who.name if who else by

    def put(conference: Conference) -> None:
        conference.amendments.append(Amendment(by=by, received=received, text=text))

    meeting.edit(Part.AMENDMENTS, f"note {name}'s amendment", put)
    return len(meeting.conference.amendments) - 1


def decide(
    meeting: Meeting,
    index: int,
    applied: bool | None,
    note_text: str = "",
    clock: Callable[[], dt.datetime] = dt.datetime.now,
) -> None:
    """The chair's decision on the amendment at ``index``: applied (True), not applied (False, the note says why),
    or undecided again (None); one undoable edit."""
    if not 0 <= index < len(meeting.conference.amendments):
        raise IndexError(index)
    if applied is False and not note_text.strip():
        raise ValueError("Say, in the note, why the amendment is not applied: the record keeps the reason.")
    when = clock().replace(microsecond=0) if applied is not None else None

    def put(conference: Conference) -> None:
        amendment = conference.amendments[index]
        amendment.applied, amendment.note, amendment.decided_at = applied, note_text, when

    words = {True: "apply", False: "not apply", None: "undecide"}[applied]
    meeting.edit(Part.AMENDMENTS, f"{words} an amendment", put)


def applied(conference: Conference) -> list[Amendment]:
    return [a for a in conference.amendments if a.applied]


def undecided(conference: Conference) -> list[Amendment]:
    return [a for a in conference.amendments if a.applied is None]
