"""Who attends (RULES.md §3): the register (someone at the door, arrivals, leaving, apologies, reports received), the
reasons for going ahead inquorate, and excluding a family member from the room and letting them back. An exclusion
marks what was typed while they were out, so it is held back from them (:mod:`chairdesk.audience`)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from chairdesk.changes import Part
from chairdesk.errors import InvalidConference
from chairdesk.meeting.core import MeetingCore, Scope, to_the_second
from chairdesk.meeting.items import ITEM_LISTS
from chairdesk.model import (
    EXCLUSION_GROUNDS,
    ROLES,
    Conference,
    Exclusion,
    Participant,
    Report,
    clock_times,
    is_family_side,
)

INQUORATE_BOX = "inquorate_reason"


def _typed_since(c: Conference, began: dt.datetime) -> list[Any]:
    """What was typed or changed at ``began`` or later: what an exclusion from then holds back from the person."""
    return [
        thing
        for thing in _typed_things(c)
        if any((m := getattr(thing, name, None)) is not None and m >= began for name in ("entered_at", "edited_at"))
    ]


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


class AttendanceCommands(MeetingCore):
    """The register, the inquorate reason, exclusions."""

    def _person_scope(self, participant_id: str) -> Scope:
        """Where an edit of one participant's attendance changes the conference: that participant."""
        where = next(i for i, p in enumerate(self.conference.participants) if p.id == participant_id)
        return [("participants", where)]

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
            arrived=to_the_second(self.clock()) if arrived else None,
        )
        self._edit(Part.ATTENDANCE, f"add {name}", lambda c: c.participants.append(person), scope=[("participants",)])
        return ident

    def mark_arrived(self, participant_id: str) -> None:
        person = self._person(participant_id)
        now = to_the_second(self.clock())

        def arrive(c: Conference) -> None:
            p = c.participant(person.id)
            assert p is not None
            p.attended, p.apologies, p.arrived, p.left = True, False, p.arrived or now, None

        self._edit(Part.ATTENDANCE, f"{person.name} arrived", arrive, scope=self._person_scope(person.id))

    def mark_left(self, participant_id: str) -> None:
        person = self._person(participant_id)
        now = to_the_second(self.clock())
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
        arrived. Whatever was typed today since then is marked as typed while they were out, so it is held back
        from them too (:meth:`would_hide` counts it first)."""
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
        now = to_the_second(self.clock())
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
        """How many things typed today from ``since`` on an exclusion from then would newly hold back from the person
        (off the board, out of the summary and their copy): what the chair is told before back-dating one."""
        person = self._person(participant_id)
        c = self.conference
        began = dt.datetime.combine(self.clock().date(), since.replace(microsecond=0))
        count = sum(
            1
            for thing in _typed_since(c, began)
            if not getattr(thing, "confidential", False) and person.id not in c.excluded_when_typed(thing)
        )
        count += sum(1 for marks in _texts_changed_since(c, began) if person.id not in marks.typed_while_out)
        return count

    def readmit(self, participant_id: str) -> None:
        """Back in the room from now, to the second: only what was typed while they were out stays hidden."""
        person = self._person(participant_id)
        open_exclusions = [i for i, e in enumerate(person.exclusions) if e.to is None]
        if not open_exclusions:
            raise InvalidConference([f"{person.name} is not out of the room"])
        now = to_the_second(self.clock())

        def back(c: Conference) -> None:
            exclusion = c.participant(person.id).exclusions[open_exclusions[-1]]  # type: ignore[union-attr]  # found above
            just_after = (dt.datetime.combine(dt.date.min, exclusion.from_) + dt.timedelta(seconds=1)).time()
            exclusion.to = max(now, just_after)

        self._edit(Part.ATTENDANCE, f"{person.name} came back", back, scope=self._person_scope(person.id))

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
