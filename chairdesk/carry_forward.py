"""A review starts from the previous conference (PRODUCT.md "Prepare"; RULES.md §1, §4).

:func:`start_review` makes the review conference from the previous one: the same family, children and
invitees (none of them marked as come), and what is carried forward (:class:`model.CarriedForward`): the danger
statements, safety goals, the plan's outcomes and actions, the decisions and their categories, the lead social
worker, core group and contingency, and the scaling history. None of it is on the board: the chair puts a line
there in the meeting.
"""

from __future__ import annotations

import copy
import datetime as dt

from chairdesk.model import (
    CarriedForward,
    Conference,
    Family,
    Participant,
    PastScores,
    PreviousConference,
)


def _invitee(person: Participant) -> Participant:
    """The same person invited again: what they did at the last meeting is not carried."""
    again = copy.deepcopy(person)
    again.attended = False
    again.arrived = again.left = None
    again.apologies = False
    again.exclusions = []
    again.report = None
    return again


def _plain(things: list, keep: set[str]) -> list:
    """Typed things carried forward with their confidential marks; the releases and who was out concern the
    last meeting's documents, so they are not carried (a family member out then is kept from it only when still
    invited: ``keep``)."""
    carried = []
    for thing in things:
        again = copy.deepcopy(thing)
        again.releases = []
        again.typed_while_out = [ident for ident in again.typed_while_out if ident in keep]
        carried.append(again)
    return carried


def carry_forward(previous: Conference) -> CarriedForward:
    """What the review carries from ``previous``."""
    keep = {p.id for p in previous.participants}
    plan = previous.plan
    names = {p.id: p.name for p in previous.participants}
    history = [copy.deepcopy(h) for h in previous.carried_forward.scaling_history] if previous.carried_forward else []
    if previous.scaling:
        history.append(
            PastScores(
                date=previous.date,
                type=previous.type,
                scores=_plain(previous.scaling, keep),
                names={p.id: f"{p.name} ({p.role_name})" for p in previous.participants},
            )
        )
    return CarriedForward(
        danger_statements=_plain(previous.danger_statements, keep),
        safety_goals=_plain(previous.safety_goals, keep),
        outcomes=_plain(plan.outcomes, keep) if plan else [],
        actions=_plain(plan.actions, keep) if plan else [],
        decisions=_plain(previous.decisions, keep),
        lead_social_worker=names.get(plan.lead_social_worker or "", "") if plan else "",
        core_group=[names[i] for i in plan.core_group if i in names] if plan else [],
        contingency=plan.contingency if plan else "",
        scaling_history=history,
    )


def start_review(previous: Conference, date: dt.date) -> Conference:
    """A new review conference on ``date`` following ``previous`` (not yet stored: it has no id)."""
    return Conference(
        type="review",
        date=date,
        family=Family(previous.family.name, extra=copy.deepcopy(previous.family.extra)),
        children=copy.deepcopy(previous.children),
        participants=[_invitee(p) for p in previous.participants],
        location=previous.location,
        region=previous.region,
        previous_conference=PreviousConference(type=previous.type, date=previous.date, id=previous.id),
        carried_forward=carry_forward(previous),
    )
