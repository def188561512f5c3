"""The checks a chair needs before, during and after the meeting (RULES.md §2–4; CONFERENCE_FILE.md).

Each problem has a stable ``code`` (tests and other tools rely on them) and a plain sentence. The codes
``inquorate``, ``conference-late``, ``category-missing`` and ``view-missing`` are fixed by the format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from chairdesk.model import (
    EXCLUSION_GROUNDS,
    INITIAL_OUTCOMES,
    OUTCOMES_NEEDING_CATEGORY,
    REVIEW_OUTCOMES,
    Child,
    Conference,
    Participant,
    clock_times,
    is_family_side,
    is_professional,
)
from chairdesk.recording import requests as recording_requests
from chairdesk.timescales import DueDate, due_dates, long_date, working_days

SOCIAL_CARE_ATTENDEE_ROLES = ("social-worker", "social-work-manager")

# Every code a problem can have, with what it is about. The first four are fixed by the format.
PROBLEM_CODES = {
    "inquorate": "a subject child without children's social care and two other agencies in contact",
    "conference-late": "the conference is held after its due date",
    "category-missing": "a child protection plan without a category",
    "view-missing": "an attending professional with no view on significant harm for a subject child",
    "inquorate-reason-missing": "inquorate without the chair's recorded reasons",
    "report-late": "a report reached the chair after its deadline",
    "report-shared-late": "a report was shared with the family after its deadline",
    "offer-participation": "a subject child aged 12 or over, not yet invited, who should be offered a part",
    "exclusion-ground-missing": "an exclusion with no ground",
    "category-not-applicable": "a category on an outcome that takes none",
    "outcome-wrong-type": "an outcome for the other kind of conference",
    "lead-social-worker-missing": "a plan with no lead social worker",
    "first-core-group-late": "the first core group is set after its due date",
    "review-late": "the next review is set after its due date",
    "child-dates-missing": "a child with neither a date of birth nor an expected delivery date",
    "recording-request": "a family member's request to record the meeting that is undecided or incomplete",
}


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    child: str | None = None
    participant: str | None = None


@dataclass
class ChildQuorum:
    """Quorum for one subject child: children's social care there, and the other agencies that count.

    ``at`` is the time it was judged at (the child's decision), None when judged on who is in the room now."""

    social_care: bool
    agencies: list[str]
    at: dt.time | None = None

    @property
    def quorate(self) -> bool:
        return self.social_care and len(self.agencies) >= 2


@dataclass
class CheckResult:
    children: dict[str, ChildQuorum]
    problems: list[Problem] = field(default_factory=list)

    @property
    def quorate(self) -> bool:
        return all(q.quorate for q in self.children.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "quorate": self.quorate,
            "children": {
                ident: {"quorate": q.quorate, "social_care": q.social_care, "agencies": q.agencies}
                for ident, q in self.children.items()
            },
            "problems": [{k: v for k, v in asdict(p).items() if v is not None} for p in self.problems],
        }


def _agency_key(agency: str) -> str:
    return agency.strip().casefold()


def child_quorum(
    conference: Conference, child: Child, at: dt.time | None = None, *, everyone_who_came: bool = False
) -> ChildQuorum:
    """Quorum for ``child`` as CONFERENCE_FILE.md defines it, from who was in the room at ``at`` (None: who is in
    the room now, so someone who has left no longer counts). ``everyone_who_came``: from everyone marked as having
    attended, for a decision whose time is not known."""
    if everyone_who_came:
        attending = [p for p in conference.participants if p.attended]
    else:
        attending = [p for p in conference.participants if p.in_the_room(at)]
    social_care = [p for p in attending if p.role in SOCIAL_CARE_ATTENDEE_ROLES]
    social_care_agencies = {_agency_key(p.agency) for p in social_care if p.agency.strip()}
    agencies: dict[str, str] = {}
    for person in attending:
        if not is_professional(person.role) or person.role in SOCIAL_CARE_ATTENDEE_ROLES:
            continue
        key = _agency_key(person.agency)
        if not key or key in social_care_agencies or child.id not in person.contact_with:
            continue
        agencies.setdefault(key, person.agency.strip())
    return ChildQuorum(social_care=bool(social_care), agencies=list(agencies.values()), at=at)


def decided_at(conference: Conference, child: Child) -> dt.time | None:
    """The time of day the child's decision was made, or None (no decision yet, or a decision with no time)."""
    decision = next((d for d in conference.decisions if d.child == child.id), None)
    if decision is None or decision.entered_at is None:
        return None
    return decision.entered_at.time().replace(tzinfo=None, microsecond=0)


def quorum_for_decision(conference: Conference, child: Child) -> ChildQuorum:
    """Quorum for ``child`` as the record gives it (RULES.md §3): judged at the time of the child's decision, from
    who was in the room then; before the decision, from who is in the room now. A decision from elsewhere that has
    no time is judged on everyone who came, as the conference file defines quorum."""
    decided = any(d.child == child.id for d in conference.decisions)
    at = decided_at(conference, child)
    if decided and at is None:
        return child_quorum(conference, child, everyone_who_came=True)
    return child_quorum(conference, child, at)


def invited_child(conference: Conference, child: Child) -> Participant | None:
    """The child among the people invited (role ``child``): offered the chance to take part, whether they came,
    sent apologies (a wish not to attend, which is respected) or are still expected. Known by the children they
    are marked as (``contact_with``) or, with none marked, by name ("Mia" or "Mia Harper" for Mia)."""
    name = child.name.strip().casefold()
    for person in conference.participants:
        if person.role != "child":
            continue
        if person.contact_with:
            if child.id in person.contact_with:
                return person
            continue
        called = person.name.strip().casefold()
        if called == name or called.startswith(f"{name} ") or name.startswith(f"{called} "):
            return person
    return None


def _quorum_problem(child: Child, quorum: ChildQuorum) -> Problem:
    missing = []
    where = "is here" if quorum.at is None else "was there"
    if not quorum.social_care:
        missing.append(f"no one from children's social care {where}")
    if not quorum.agencies:
        missing.append(f"no other agency that has had direct contact with {child.name} {where}")
    elif len(quorum.agencies) < 2:
        missing.append(f"only one other agency that has had direct contact {where} ({quorum.agencies[0]})")
    when = "" if quorum.at is None else f" when the decision was made at {clock_times(quorum.at)[0]}"
    return Problem(
        "inquorate",
        f"The conference {'is' if quorum.at is None else 'was'} not quorate for {child.name}{when}: "
        f"{'; '.join(missing)}. It needs children's social care and two other agencies that have had direct "
        "contact with the child.",
        child=child.id,
    )


def _report_problems(conference: Conference, dates: dict[str, DueDate]) -> list[Problem]:
    problems = []
    for person in conference.participants:
        report = person.report
        if report is None or not is_professional(person.role):
            continue
        if person.role == "social-worker":
            to_chair, to_family = dates["sw_report_to_chair_by"], dates["sw_report_to_family_by"]
        else:
            to_chair, to_family = dates["agency_reports_by"], None
        for day, due, code, what in (
            (report.received, to_chair, "report-late", "reached the chair"),
            (report.shared_with_family, to_family, "report-shared-late", "was shared with the family"),
        ):
            if day is None or due is None or due.date is None or day <= due.date:
                continue
            problems.append(
                Problem(
                    code,
                    f"The report of {person.name} ({person.role_name}) {what} on {long_date(day)}, after the "
                    f"deadline of {long_date(due.date)} ({due.rule}).",
                    participant=person.id,
                )
            )
    return problems


def _decision_problems(conference: Conference) -> list[Problem]:
    problems = []
    allowed = INITIAL_OUTCOMES if conference.is_initial_type else REVIEW_OUTCOMES
    for decision in conference.decisions:
        child = conference.child(decision.child)
        name = child.name if child else decision.child
        if decision.outcome not in allowed:
            kind = "an initial" if conference.is_initial_type else "a review"
            problems.append(
                Problem(
                    "outcome-wrong-type",
                    f"The decision for {name} is '{decision.outcome}', which is not an outcome of {kind} "
                    f"conference (use one of: {', '.join(allowed)}).",
                    child=decision.child,
                )
            )
        if decision.outcome in OUTCOMES_NEEDING_CATEGORY and not decision.category:
            problems.append(
                Problem(
                    "category-missing",
                    f"The decision for {name} is a child protection plan, but no category is recorded "
                    "(neglect, physical abuse, emotional abuse or sexual abuse).",
                    child=decision.child,
                )
            )
        if decision.outcome not in OUTCOMES_NEEDING_CATEGORY and decision.category:
            problems.append(
                Problem(
                    "category-not-applicable",
                    f"The decision for {name} is '{decision.outcome}', which takes no category, but "
                    f"'{decision.category}' is recorded.",
                    child=decision.child,
                )
            )
    return problems


def _view_problems(conference: Conference) -> list[Problem]:
    """Once a decision is made, a view from every professional in the room for each subject child: at the time of
    that child's decision, or now before it. Someone who left before it cannot give one, so is not asked for one."""
    if not conference.decisions:
        return []
    given = {(v.participant, v.child) for v in conference.views}
    problems = []
    for person in conference.participants:
        if not (person.attended and is_professional(person.role)):
            continue
        for child in conference.subject_children:
            decided = any(d.child == child.id for d in conference.decisions)
            at = decided_at(conference, child)
            present = person.attended if decided and at is None else person.in_the_room(at)
            if present and (person.id, child.id) not in given:
                problems.append(
                    Problem(
                        "view-missing",
                        f"{person.name} ({person.role_name}) has not given a view on whether {child.name} is "
                        "at risk of significant harm. Every professional present must give one.",
                        child=child.id,
                        participant=person.id,
                    )
                )
    return problems


def _exclusion_problems(person: Participant) -> list[Problem]:
    return [
        Problem(
            "exclusion-ground-missing",
            f"{person.name} was excluded from {exclusion.from_:%H:%M} without a recorded ground (one of the six "
            "grounds for excluding a family member).",
            participant=person.id,
        )
        for exclusion in person.exclusions
        if exclusion.ground not in EXCLUSION_GROUNDS
    ]


def _plan_problems(conference: Conference, dates: dict[str, DueDate]) -> list[Problem]:
    problems = []
    plan = conference.plan
    needs_plan = any(d.outcome in OUTCOMES_NEEDING_CATEGORY for d in conference.decisions)
    if needs_plan and (plan is None or not plan.lead_social_worker):
        problems.append(
            Problem(
                "lead-social-worker-missing",
                "A child protection plan is decided, but no lead social worker is named.",
            )
        )
    if plan is None:
        return problems
    for planned, key, code, what in (
        (plan.first_core_group, "first_core_group_due", "first-core-group-late", "The first core group"),
        (plan.next_review, "next_review_due", "review-late", "The next review conference"),
    ):
        due = dates[key].date
        if planned and due and planned > due:
            problems.append(
                Problem(
                    code,
                    f"{what} is set for {long_date(planned)}, after it is due by {long_date(due)} ({dates[key].rule}).",
                )
            )
    return problems


def check(conference: Conference) -> CheckResult:
    """Every check of RULES.md §2–4 on ``conference``: quorum per subject child, and the problems found."""
    dates = due_dates(conference)
    result = CheckResult(children={c.id: quorum_for_decision(conference, c) for c in conference.subject_children})
    problems = result.problems
    for child in conference.subject_children:
        if not result.children[child.id].quorate:
            problems.append(_quorum_problem(child, result.children[child.id]))
    if not result.quorate and not (conference.inquorate_reason or "").strip():
        problems.append(
            Problem(
                "inquorate-reason-missing",
                "The conference is not quorate and the chair's reasons for going ahead, with the interim "
                "safeguarding arrangements, are not recorded.",
            )
        )
    due = dates["conference_due"]
    if due.date and conference.date > due.date:
        late_by = working_days(conference.region).between(due.date, conference.date)
        problems.append(
            Problem(
                "conference-late",
                f"The conference on {long_date(conference.date)} is {late_by} working day"
                f"{'s' if late_by != 1 else ''} late: it was due by {long_date(due.date)} ({due.rule}). "
                "The delay must be reported to the children's social care manager with the reasons.",
            )
        )
    problems.extend(_report_problems(conference, dates))
    for child in conference.subject_children:
        age = child.age_on(conference.date)
        if age is not None and age >= 12 and not invited_child(conference, child):
            problems.append(
                Problem(
                    "offer-participation",
                    f"{child.name} is {age} on the day of the conference and should be offered the chance to "
                    "take part (in person for all or part, or through a letter, an advocate or the chair). Add "
                    f"{child.name} to the people invited once the offer is made.",
                    child=child.id,
                )
            )
    for child in conference.children:
        if child.date_of_birth is None and child.expected_delivery_date is None:
            problems.append(
                Problem(
                    "child-dates-missing",
                    f"{child.name} has neither a date of birth nor an expected delivery date: add one, so that "
                    "the child's age and the conference's dates are right.",
                    child=child.id,
                )
            )
    for person in conference.participants:
        if is_family_side(person.role):
            problems.extend(_exclusion_problems(person))
    problems.extend(Problem("recording-request", sentence) for sentence in recording_requests.problems(conference))
    problems.extend(_decision_problems(conference))
    problems.extend(_view_problems(conference))
    problems.extend(_plan_problems(conference, dates))
    return result
