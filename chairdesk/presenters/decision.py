"""The decision page's rules (RULES.md §4, step 8), without a window: each professional's view on significant harm
(a reason only once the view is given), the chair's decision per child (a plan waits on the page for its category;
a plan that continues keeps the category carried forward; why a plan ends and what follows are chosen after), the
tally and the problems under the grid, and the recommendations and dissent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from chairdesk import outcomes
from chairdesk.checks import CheckResult, check
from chairdesk.errors import InvalidConference
from chairdesk.meeting import Meeting
from chairdesk.model import OUTCOMES_NEEDING_CATEGORY, Child, Decision, Participant, View
from chairdesk.model import is_professional as professional
from chairdesk.presenters import initiated
from chairdesk.words import OUTCOME_TITLES, capitalise, child_short

DECISION_PROBLEMS = ("view-missing", "category-missing", "category-not-applicable", "outcome-wrong-type")
NOT_DECIDED = "Not decided yet"
VIEW_FIRST = "Press Alt+Y or Alt+N for the view first, then give the reason."
DECISION_FIRST = "Choose the decision first; the reason is kept until you do."


def tally(views: list[bool | None]) -> str:
    """``2 yes · 1 no · 3 not given``."""
    yes, no = views.count(True), views.count(False)
    return f"{yes} yes · {no} no · {len(views) - yes - no} not given"


def category_first(child: Child) -> str:
    """What the page says while a plan waits for its category."""
    name = capitalise(child_short(child))
    return f"Choose the category of {name}'s plan: the decision is recorded once it has one."


class DecisionView(Protocol):
    """What the decision page shows: the tally and the problems under the views grid, and a sentence for the chair
    (the status bar)."""

    def show_tally(self, tallies: list[tuple[Child, str]]) -> None: ...

    def show_problems(self, problems: list[str]) -> None: ...

    def tell(self, sentence: str) -> None: ...


class ChildDecisionView(Protocol):
    """What one child's decision shows: its choices (:class:`ChildShown`), and a sentence for the chair."""

    def show(self, shown: ChildShown) -> None: ...

    def tell(self, sentence: str) -> None: ...


@dataclass(frozen=True)
class Choice:
    """What the chair has chosen on the page for one child (None: nothing chosen)."""

    outcome: str | None
    category: str | None = None
    previous: str | None = None  # the category before, for a plan that continues
    end_reason: str | None = None
    then: str | None = None
    reason: str = ""  # as typed in the reason box


@dataclass(frozen=True)
class ChildShown:
    """What one child's decision shows."""

    outcomes: list[tuple[str, str | None]]  # the decisions offered, in words, "Not decided yet" first
    outcome: str | None  # the one chosen: recorded, or waiting for its category
    category: str | None
    category_allowed: bool  # only a plan has a category
    previous: str | None
    previous_decided: bool  # False: the category before stays as the chair chose it on the page
    previous_allowed: bool  # only when nothing was carried forward: otherwise it is the last conference's
    previous_tip: str
    end_reason: str | None
    then: str | None
    shows_previous: bool  # a plan that continues
    shows_ending: bool  # a plan that ends: why, and what follows
    reason: str | None  # None: what the chair typed waits in the box (the decision is not chosen yet)
    undo_or_redo: bool = False  # shown after an undo or a redo: the reason box shows it even while the chair is in it


class ChildDecisionPresenter:
    """One subject child's decision. A plan is recorded once it has its category (the meeting refuses one
    without): until then the outcome the chair chose waits on the page (``pending``) and the chair is told what to
    choose. A plan that continues keeps the category the last conference decided (carried forward) unless the chair
    changes it; with nothing carried, the chair may say what it was before. A plan that ends is recorded at once; why
    it ends and what follows are chosen after."""

    def __init__(self, meeting: Meeting, child: Child, view: ChildDecisionView) -> None:
        self.meeting, self.child, self.view = meeting, child, view
        self.pending: str | None = None  # an outcome chosen that is not recorded yet: a plan waiting for its category

    def decision(self) -> Decision | None:
        return next((d for d in self.meeting.conference.decisions if d.child == self.child.id), None)

    def shown(self, undo_or_redo: bool = False) -> ChildShown:
        """What the row shows now (after an undo or a redo: what the conference holds, nothing waiting)."""
        c = self.meeting.conference
        if undo_or_redo:
            self.pending = None
        decision = self.decision()
        choices = list(outcomes.offered(c))
        if decision and decision.outcome not in choices:
            choices.append(decision.outcome)  # shown, so the chair sees it; the problems say it is wrong
        outcome = self.pending or (decision.outcome if decision else None)
        carried = outcomes.carried_category(c, self.child.id)
        previous, previous_decided = None, True
        if decision is not None and decision.outcome == "plan-continues" and not self.pending:
            previous = decision.previous_category
        elif carried is not None or outcome != "plan-continues":
            previous = carried
        else:
            previous_decided = False
        ends = decision if decision is not None and decision.outcome == "plan-ends" else None
        return ChildShown(
            outcomes=[(NOT_DECIDED, None)] + [(OUTCOME_TITLES.get(o, o), o) for o in choices],
            outcome=outcome,
            category=None if self.pending or decision is None else decision.category,
            category_allowed=outcome in OUTCOMES_NEEDING_CATEGORY,
            previous=previous,
            previous_decided=previous_decided,
            previous_allowed=carried is None,
            previous_tip=(
                "The category before, as the last conference decided it (carried forward)"
                if carried
                else "What the category was before, when it changes (nothing was carried forward)"
            ),
            end_reason=ends.end_reason if ends else None,
            then=ends.then if ends else None,
            shows_previous=outcome == "plan-continues",
            shows_ending=outcome == "plan-ends",
            # A reason typed before the decision is chosen waits in the box, unless an undo takes everything back.
            reason=decision.reason if decision else ("" if undo_or_redo else None),
            undo_or_redo=undo_or_redo,
        )

    def refresh(self, undo_or_redo: bool = False) -> None:
        self.view.show(self.shown(undo_or_redo))

    def choose(self, choice: Choice, quiet: bool = False) -> None:
        """The chair chose something in the row, or typed its reason (``quiet``: the reason box saving itself)."""
        meeting, outcome, decision = self.meeting, choice.outcome, self.decision()
        try:
            if outcome is None:
                self.pending = None
                if decision is not None:
                    meeting.delete_decision(self.child.id)
                elif quiet and choice.reason.strip():
                    self.view.tell(DECISION_FIRST)
                return
            category = choice.category if outcome in OUTCOMES_NEEDING_CATEGORY else None
            if outcome == "plan-continues" and category is None:
                category = outcomes.carried_category(meeting.conference, self.child.id)  # kept, unless changed
            if outcome in OUTCOMES_NEEDING_CATEGORY and category is None:
                self.pending = outcome
                self.refresh()
                self.view.tell(category_first(self.child))
                return
            previous = choice.previous if outcome == "plan-continues" else None
            ends = outcome == "plan-ends" and decision is not None and decision.outcome == "plan-ends"
            end_reason = choice.end_reason if ends else None
            then = choice.then if ends else None
            reason = choice.reason if choice.reason.strip() else ""
            wanted = (outcome, category, previous, end_reason, then, reason)
            self.pending = None
            if decision and wanted == (
                decision.outcome,
                decision.category,
                decision.previous_category,
                decision.end_reason,
                decision.then,
                decision.reason,
            ):
                return
            meeting.set_decision(
                self.child.id, outcome, category, reason, previous_category=previous, end_reason=end_reason, then=then
            )
        except InvalidConference as error:
            self.view.tell(str(error))


class DecisionPresenter:
    """The views grid's rules, the tally and problems under it, and the recommendations and dissent."""

    def __init__(self, meeting: Meeting, view: DecisionView, checked: Callable[[], CheckResult] | None = None) -> None:
        self.meeting, self.view = meeting, view
        self.checked = checked or (lambda: check(self.meeting.conference))

    # -- the views grid ------------------------------------------------------------------------------------

    def children(self) -> list[Child]:
        return self.meeting.conference.subject_children

    def people(self) -> list[Participant]:
        """The rows: the professionals in the room, and anyone who gave a view (who stays, once they have left)."""
        c = self.meeting.conference
        given = {v.participant for v in c.views}
        return [p for p in c.participants if (p.attended and professional(p.role)) or p.id in given]

    def view_of(self, participant_id: str, child_id: str) -> View | None:
        return next(
            (v for v in self.meeting.conference.views if (v.participant, v.child) == (participant_id, child_id)), None
        )

    def give(self, participant_id: str, child_id: str, significant_harm: bool | None) -> None:
        """Record a view (None: not given), keeping any reason already given."""
        view = self.view_of(participant_id, child_id)
        try:
            if significant_harm is None:
                if view is not None:
                    self.meeting.delete_view(participant_id, child_id)
            else:
                self.meeting.set_view(participant_id, child_id, significant_harm, view.reason if view else "")
        except InvalidConference as error:
            self.view.tell(str(error))

    def give_reason(self, participant_id: str, child_id: str, reason: str, initiator: object | None = None) -> bool:
        """The reason for a view: only once the view is given. False (and the chair told why) when refused."""
        view = self.view_of(participant_id, child_id)
        try:
            if view is None:
                raise InvalidConference([VIEW_FIRST])
            if reason != view.reason:
                with initiated(self.meeting, initiator):
                    self.meeting.set_view(view.participant, view.child, view.significant_harm, reason)
        except InvalidConference as error:
            self.view.tell(str(error))
            return False
        return True

    def tallies(self) -> list[tuple[Child, str]]:
        people = self.people()
        return [
            (child, tally([(v.significant_harm if (v := self.view_of(p.id, child.id)) else None) for p in people]))
            for child in self.children()
        ]

    def problems(self) -> list[str]:
        """The problems the page shows: a missing view, a plan with no category, a decision this kind of conference
        does not make, and a plan that ends waiting for why and what follows (the outputs wait for it)."""
        c = self.meeting.conference
        problems = [p.message for p in self.checked().problems if p.code in DECISION_PROBLEMS]
        problems += [
            f"{wanted} The outputs wait for it."
            for d in c.decisions
            if d.outcome == "plan-ends" and (wanted := outcomes.missing(c, d))
        ]
        return problems

    def refresh(self) -> None:
        self.view.show_tally(self.tallies())
        self.view.show_problems(self.problems())

    # -- recommendations and dissent -----------------------------------------------------------------------

    def add_recommendation(self, text: str) -> bool:
        """Add what was typed; False (and the chair told why) when it is refused, so the box keeps it."""
        try:
            self.meeting.add_recommendation(text)
        except InvalidConference as error:
            self.view.tell(str(error))
            return False
        return True

    def delete_recommendation(self, row: int | None) -> None:
        if row is not None and row < len(self.meeting.conference.recommendations):
            self.meeting.delete_recommendation(row)

    def add_dissent(self, participant_id: str | None, text: str, child_id: str | None) -> bool:
        """Record a dissent; False (and the chair told why) when it is refused, so the box keeps it."""
        try:
            self.meeting.add_dissent(participant_id or "", text, child_id)
        except InvalidConference as error:
            self.view.tell(str(error))
            return False
        return True

    def delete_dissent(self, row: int | None) -> None:
        if row is not None and row < len(self.meeting.conference.dissent):
            self.meeting.delete_dissent(row)
