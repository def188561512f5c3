"""The decision (RULES.md §4): per subject child, the outcome (with its category, and at a review whether a plan
continues or ends, why and what follows), its reason; an agency's dissent; and the conference's recommendations."""

from __future__ import annotations

from chairdesk import outcomes
from chairdesk.changes import Part
from chairdesk.errors import InvalidConference
from chairdesk.meeting.core import keep_marks
from chairdesk.meeting.items import RECOMMENDATIONS, ItemCommands
from chairdesk.model import (
    AFTER_PLAN_ENDS,
    CATEGORIES,
    OUTCOMES,
    OUTCOMES_NEEDING_CATEGORY,
    PLAN_END_REASONS,
    Child,
    Conference,
    Decision,
    Dissent,
)
from chairdesk.words import CATEGORY_NAMES, OUTCOME_TITLES, child_short

DISSENT_BOX = "dissent"


def decision_box(child_id: str) -> str:
    """The box for the reason of a child's decision."""
    return f"decisions.{child_id}.reason"


def _same_decision(before: Decision, after: Decision) -> bool:
    """The same decision, whatever its reason: outcome, category, the category before, why a plan ends and what
    follows."""
    fields = ("outcome", "category", "previous_category", "end_reason", "then")
    return all(getattr(before, name) == getattr(after, name) for name in fields)


class DecisionCommands(ItemCommands):
    """Decisions, recommendations (a list of items: hence :class:`ItemCommands` under it) and dissent."""

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
            keep_marks(old, decision)
            earlier = (typed_while_out or []) + self.typed_while_out_in(box)
            decision.typed_while_out = self._out(decision.typed_while_out + earlier)
            if old and _same_decision(old[0], decision) and old[0].entered_at is not None:
                # Only its reason changed: the decision was made when it was made (the quorum is judged then), and
                # its reason now (an exclusion recorded late from before now holds it back from the person).
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
