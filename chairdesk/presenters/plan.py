"""The plan page's rules (RULES.md §4, "When a plan is made"), without a window: the first core group and review
dates proposed from the rules (chairdesk.timescales) the first time the chair reaches the plan, with the rule beside
each; who may lead it and who may be in the core group; a date, the contingency plan and an action saved only when
they changed; an action's "who" as a person when it is one of their names; the words when an edit is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Protocol

from chairdesk.errors import InvalidConference
from chairdesk.meeting import Meeting
from chairdesk.model import Participant, Plan, PlanAction
from chairdesk.presenters import initiated
from chairdesk.timescales import due_dates, long_date

PLAN_DATES = (("first_core_group", "first_core_group_due"), ("next_review", "next_review_due"))
ACTION_FIELDS = {"What": "what", "Who": "who", "By": "by", "For": "child_id"}  # the table's columns


def parse_day(text: str) -> dt.date | None:
    """``4/12/2026``, ``04/12/26`` or ``2026-12-04`` as a date; ``""`` as None. ValueError when it is not one."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        return dt.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})", text)
    if not match:
        raise ValueError(f"{text!r} is not a date: type it as day/month/year")
    day, month, year = (int(part) for part in match.groups())
    return dt.date(year + 2000 if year < 100 else year, month, day)


class PlanView(Protocol):
    """What the plan page shows besides the conference: a sentence for the chair."""

    def tell(self, sentence: str) -> None: ...


@dataclass(frozen=True)
class PlanDate:
    """One of the plan's dates as the page shows it."""

    key: str  # "first_core_group" or "next_review"
    value: dt.date | None  # as the plan holds it (None: not set)
    fallback: dt.date  # where the date box opens when it is set: the due date, or the conference's day
    rule: str  # the rule beside it: ``Due by Tuesday 8 December 2026: within 15 working days.``


class PlanPresenter:
    def __init__(self, meeting: Meeting, view: PlanView) -> None:
        self.meeting, self.view = meeting, view

    @property
    def plan(self) -> Plan:
        return self.meeting.conference.plan or Plan()

    # -- what the page shows -------------------------------------------------------------------------------

    def reached(self, stage: str) -> None:
        """The meeting moved to ``stage``: at the plan, its dates are proposed (once: Meeting.propose_plan_dates)."""
        if stage == "plan":
            self.meeting.propose_plan_dates()

    def dates(self) -> list[PlanDate]:
        c = self.meeting.conference
        due = due_dates(c)
        shown = []
        for key, due_key in PLAN_DATES:
            rule = due[due_key]
            words = f"Due by {long_date(rule.date)}: {rule.rule}." if rule.date else f"No due date: {rule.rule}."
            shown.append(PlanDate(key, getattr(self.plan, key), rule.date or c.date, words))
        return shown

    def social_workers(self) -> list[Participant]:
        """Who may lead the plan: a qualified social worker."""
        return [p for p in self.meeting.conference.participants if p.role == "social-worker"]

    def invited(self) -> list[Participant]:
        """Who may be in the core group, or do an action: everyone but the chair."""
        return [p for p in self.meeting.conference.participants if p.role != "chair"]

    def actions(self) -> list[PlanAction]:
        return self.plan.actions

    # -- edits ---------------------------------------------------------------------------------------------

    def save_fields(self, initiator: object | None = None, **fields: Any) -> bool:
        try:
            with initiated(self.meeting, initiator):
                self.meeting.set_plan_fields(**fields)
        except InvalidConference as error:
            self.view.tell(str(error))
            return False
        return True

    def choose_lead(self, person_id: str | None) -> None:
        self.save_fields(lead_social_worker=person_id)

    def save_date(self, key: str, day: dt.date | None) -> None:
        """A date as the chair left it: saved only when it changed."""
        if getattr(self.plan, key) != day:
            self.save_fields(**{key: day})

    def save_contingency(self, text: str) -> None:
        """The contingency plan as typed: saved when it changed, and never starting a plan with nothing in it."""
        plan = self.meeting.conference.plan
        if text != (plan.contingency if plan else "") and (text.strip() or plan):
            self.save_fields(contingency=text)

    def tick(self, person_id: str, ticked: bool, initiator: object | None = None) -> bool:
        """Put someone in the core group or take them out; the group kept in the order of the invitation list."""
        members = set(self.plan.core_group) - {person_id} | ({person_id} if ticked else set())
        order = [p.id for p in self.meeting.conference.participants]
        group = sorted(members, key=lambda i: order.index(i) if i in order else len(order))
        return self.save_fields(initiator, core_group=group)

    def who(self, typed: str) -> str:
        """An action's "who" as typed: a person's id when it is one of their names (in any case), else the words."""
        typed = typed.strip()
        found = next((p for p in self.invited() if p.name.lower() == typed.lower()), None)
        return found.id if found else typed

    def add_action(self, what: str, who: str, by: dt.date | None, child_id: str | None) -> bool:
        """Add an action; False (and the chair told why) when it is refused, so the boxes keep what was typed."""
        try:
            self.meeting.add_action(what, self.who(who), by, child_id)
        except InvalidConference as error:
            self.view.tell(str(error))
            return False
        return True

    def edit_action(self, row: int, column: str, value: Any, initiator: object | None = None) -> bool:
        """A cell of the actions table (``column``: What, Who, By or For) changed: saved when it differs; a date
        typed as day/month/year."""
        action = self.actions()[row]
        fields: dict[str, Any] = {"what": action.what, "who": action.who, "by": action.by, "child_id": action.child}
        try:
            fields[ACTION_FIELDS[column]] = parse_day(str(value or "")) if column == "By" else value
            if (fields["what"], fields["who"], fields["by"], fields["child_id"]) == (
                action.what,
                action.who,
                action.by,
                action.child,
            ):
                return True
            with initiated(self.meeting, initiator):
                self.meeting.edit_action(row, **fields)
        except (InvalidConference, ValueError) as error:
            self.view.tell(str(error))
            return False
        return True

    def delete_action(self, row: int | None) -> None:
        if row is not None and row < len(self.actions()):
            self.meeting.delete_action(row)

    def add_outcome(self, child_id: str | None, text: str) -> bool:
        """Add an outcome for a child; False (and the chair told why) when it is refused, so the box keeps it."""
        try:
            self.meeting.add_outcome(child_id or "", text)
        except InvalidConference as error:
            self.view.tell(str(error))
            return False
        return True

    def delete_outcome(self, row: int | None) -> None:
        if row is not None:
            self.meeting.delete_outcome(row)
