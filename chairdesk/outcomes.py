"""The decisions a conference may make for a child (RULES.md §4), and what must be said before they are told.

At an initial conference (P §8): a child protection plan under a category, a child in need plan, step-down to early
help, a Family Group Conference, or no further action. At a review (P §10): the plan continues (under the same
category or a changed one, the previous one said), or it ends, for one of the procedure's reasons, with what follows.

The meeting refuses a plan without a category (:mod:`chairdesk.meeting`); a plan that ends may be recorded before the
chair has said why and what follows, but no document is made until they have (:func:`not_ready`), so no reader is
ever told half a decision.
"""

from __future__ import annotations

from chairdesk.model import (
    AFTER_PLAN_ENDS,
    INITIAL_OUTCOMES,
    PLAN_END_REASONS,
    PLAN_OUTCOMES,
    REVIEW_OUTCOMES,
    Child,
    Conference,
    Decision,
)
from chairdesk.words import AFTER_PLAN_TITLES, child_short


def offered(conference: Conference) -> tuple[str, ...]:
    """The outcomes the chair chooses from at this kind of conference."""
    return INITIAL_OUTCOMES if conference.is_initial_type else REVIEW_OUTCOMES


def keeps_a_plan(conference: Conference) -> bool:
    """True when at least one child has (or keeps) a child protection plan: only then is there an outline plan, a
    first (or next) core group and a next review to tell."""
    return any(d.outcome in PLAN_OUTCOMES for d in conference.decisions)


def carried_category(conference: Conference, child_id: str) -> str | None:
    """The category of the child's plan as the last conference decided it (what a review carries forward), or
    None when nothing was carried for the child."""
    carried = conference.carried_forward
    if carried is None:
        return None
    return next(
        (d.category for d in carried.decisions if d.child == child_id and d.outcome in PLAN_OUTCOMES and d.category),
        None,
    )


def carried_decision(conference: Conference, child_id: str) -> Decision | None:
    """The last conference's decision for the child, as a review carries it forward; None when nothing was
    carried for the child (not a review, or the last conference's decisions are not known)."""
    carried = conference.carried_forward
    if carried is None:
        return None
    return next((d for d in carried.decisions if d.child == child_id), None)


def no_plan_before(conference: Conference, child_id: str) -> Decision | None:
    """At a review, the last conference's decision for a child who came out of it with no child protection plan (a
    child in need plan, a Family Group Conference, a plan that ended...): there is no plan for this review to
    continue or end. None when the child had a plan, or when what the last conference decided is not known."""
    if conference.is_initial_type:
        return None
    decision = carried_decision(conference, child_id)
    return decision if decision is not None and decision.outcome not in PLAN_OUTCOMES else None


def _what_was_decided(decision: Decision) -> str:
    if decision.outcome == "plan-ends":
        return "to end the plan"
    return AFTER_PLAN_TITLES.get(decision.outcome, decision.outcome)


def no_plan_to_review(conference: Conference, child: Child) -> str | None:
    """A sentence, naming the child and what to do, when a review is asked to decide for a child who has no plan
    (:func:`no_plan_before`); None when the child had one or it is not known."""
    before = no_plan_before(conference, child.id)
    if before is None:
        return None
    name = child_short(child)
    return (
        f"{name} has no child protection plan: the last conference decided {_what_was_decided(before)}. A review "
        f"decides only whether a plan continues or ends, so there is nothing to decide here for {name}. Mark "
        f"{name} as not a subject of this review in preparation; if {name} may now need a plan, hold an initial "
        "conference."
    )


def initial_category(conference: Conference, child_id: str) -> str | None:
    """The category the child's plan started under, as far as this conference knows it: at an initial conference
    its own decision's; at a review the carried decision's (a plan made at the last conference), or the category
    that decision continued from (``previous_category``: the plan's category before the last review). None when
    the child has no plan or it is not known."""
    if conference.is_initial_type:
        own = next((d for d in conference.decisions if d.child == child_id), None)
        return own.category if own is not None and own.outcome == "cp-plan" else None
    before = carried_decision(conference, child_id)
    if before is None or before.outcome not in PLAN_OUTCOMES:
        return None
    if before.outcome == "plan-continues":
        return before.previous_category or before.category
    return before.category


def _name(conference: Conference, decision: Decision) -> str:
    """The child as a sentence names them: ``Mia``, ``the baby``."""
    child = conference.child(decision.child)
    return child_short(child) if child is not None else decision.child


def missing(conference: Conference, decision: Decision) -> str | None:
    """What the chair still has to say before ``decision`` can be told, in a few words for the decision page, or
    None when it is whole."""
    name = _name(conference, decision)
    if decision.outcome in PLAN_OUTCOMES and not decision.category:
        return f"Choose the category of {name}'s child protection plan."
    if decision.outcome == "plan-ends":
        if decision.end_reason not in PLAN_END_REASONS:
            return f"Choose why the child protection plan for {name} ends."
        if decision.then not in AFTER_PLAN_ENDS:
            return f"Choose what follows the end of the child protection plan for {name}."
    return None


def not_ready(conference: Conference) -> list[str]:
    """A sentence for each decision that cannot be told yet, naming the child and what to do: while there is one,
    no document is made (every document tells the decisions)."""
    found = []
    for decision in conference.decisions:
        wanted = missing(conference, decision)
        if wanted is not None:
            found.append(
                f"No document was made: the decision for {_name(conference, decision)} is not complete. {wanted} "
                "Do it on the decision page, then produce the outputs again."
            )
    return found
