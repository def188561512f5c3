"""The plan (RULES.md §4): the outcomes for each child, the actions (who does what by when), the contingency plan,
the lead social worker, the core group, and the dates of the first core group and the review conference, proposed
from the dates they are due by."""

from __future__ import annotations

import datetime as dt
from typing import Any

from chairdesk.changes import Part
from chairdesk.errors import InvalidConference
from chairdesk.meeting.core import CELL_BOX, MeetingCore, Scope
from chairdesk.model import Conference, Outcome, Plan, PlanAction
from chairdesk.timescales import due_dates

CONTINGENCY_BOX = "plan.contingency"
ACTION_BOX = "plan.actions.what"
OUTCOME_BOX = "plan.outcomes.text"


class PlanCommands(MeetingCore):
    """The plan's fields, actions and outcomes."""

    def _plan(self, c: Conference) -> Plan:
        if c.plan is None:
            c.plan = Plan()
        return c.plan

    def _plan_scope(self, name: str) -> Scope:
        """Where adding to or taking from the plan's ``name`` (actions, outcomes) changes the conference: that list,
        or the plan when there is none yet."""
        return [("plan",)] if self.conference.plan is None else [("plan", name)]

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
