"""The checks a chair needs before, during and after the meeting (RULES.md §2–4; CONFERENCE_FILE.md).

Each problem has a stable ``code`` (tests and other tools rely on them) and a plain sentence. The codes
``inquorate``, ``conference-late``, ``category-missing`` and ``view-missing`` are fixed by the format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from chairdesk import outcomes
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

# Children's social care for quorum (RULES.md §3): the social worker, the lead child protection practitioner
# (Families First, 2025: a social worker) and the social work manager. The chair is independent and never counts.
SOCIAL_CARE_ATTENDEE_ROLES = ("social-worker", "lead-practitioner", "social-work-manager")
# Whose report is "the social worker's report" (RULES.md §2): its own deadlines, to the family and to the chair.
SOCIAL_WORKER_REPORT_ROLES = ("social-worker", "lead-practitioner")
# The family themselves (RULES.md §3: "a family member must not act as interpreter"); a supporter is a family member
# or friend. The other family-side roles (a solicitor, an advocate, an observer...) are not family.
FAMILY_MEMBER_ROLES = ("parent", "family-member", "child", "supporter")
# A school-age child, for suggesting a school nurse: ChairDesk's choice, 5 to 16 inclusive on the day of the
# conference (compulsory school age runs from the term after the 5th birthday to the June of the year they turn 16).
SCHOOL_AGE = range(5, 17)
# Agency reports before a review go to the core group that meets before it (RULES.md §2); ChairDesk does not know
# that meeting's date, so it checks them against 3 working days before the review itself.

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
    # Before the day (issue 10).
    "invitation-inquorate": "before anyone arrives: the people invited (less apologies) would not make a subject "
    "child's conference quorate",
    "invite-suggested": "someone usually invited is not on the invitation list (police, health visitor, school "
    "nurse, midwifery, the originating council)",
    "report-missing": "an expected report has not reached the chair and its deadline has passed",
    "report-not-shared": "an expected report has not been shared with the family and its deadline has passed",
    "interpreter-missing": "someone who needs an interpreter, with no interpreter for their language invited",
    "interpreter-family-member": "an interpreter who is, or may be, a family member (a family member must not act "
    "as interpreter)",
    "translation-needed": "someone who needs the documents translated",
    "exclusion-request-late": "a request to exclude a family member received under 3 working days before the "
    "conference",
    "exclusion-request-undecided": "a request to exclude a family member that the chair has not decided",
    "exclusion-request-incomplete": "an agreed exclusion request without the ground, which part of the meeting, or "
    "how the parent will be heard",
    "written-views-late": "a parent's written views received after the date asked for (noted, not a fault)",
    "late-reasons-missing": "a late conference without the reasons for the delay recorded",
    "nhs-number-missing": "a subject child of an initial or pre-birth conference without an NHS number (for an "
    "unborn child, the mother's)",
    "observer-consent": "an observer invited without the consent of the chair and the family recorded",
    "no-plan-to-review": "a subject child of a review who came out of the last conference with no child protection "
    "plan (there is no plan to continue or end)",
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

    ``at`` is the time it was judged at (the child's decision), None when judged on who is in the room now.
    ``planned``: judged before anyone arrives, on the people invited who have not sent apologies
    (:func:`planned_quorum`); ``apologies`` then names the agencies in contact with the child that sent them."""

    social_care: bool
    agencies: list[str]
    at: dt.time | None = None
    planned: bool = False
    apologies: list[str] = field(default_factory=list)

    @property
    def quorate(self) -> bool:
        return self.social_care and len(self.agencies) >= 2


@dataclass
class CheckResult:
    """``children``: each subject child's quorum in the meeting (and for the record); ``planned``: the quorum the
    invitation list would give; ``before_meeting``: no one is marked as having come yet, so ``planned`` is the one
    to show (:meth:`shown`)."""

    children: dict[str, ChildQuorum]
    problems: list[Problem] = field(default_factory=list)
    planned: dict[str, ChildQuorum] = field(default_factory=dict)
    before_meeting: bool = False

    @property
    def quorate(self) -> bool:
        return all(q.quorate for q in self.children.values())

    def shown(self) -> dict[str, ChildQuorum]:
        """The quorum to show now: from the invitation list before anyone arrives, then the meeting's."""
        return self.planned if self.before_meeting else self.children

    def to_json(self) -> dict[str, Any]:
        def quorum(q: ChildQuorum) -> dict[str, Any]:
            return {"quorate": q.quorate, "social_care": q.social_care, "agencies": q.agencies}

        return {
            "quorate": self.quorate,
            "children": {ident: quorum(q) for ident, q in self.children.items()},
            "before_meeting": self.before_meeting,
            "planned": {ident: {**quorum(q), "apologies": q.apologies} for ident, q in self.planned.items()},
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
    social_care, agencies = _quorum_among(attending, child)
    return ChildQuorum(social_care=social_care, agencies=agencies, at=at)


def _quorum_among(people: list[Participant], child: Child) -> tuple[bool, list[str]]:
    """The one rule of quorum (RULES.md §3) over ``people``: whether children's social care is among them, and the
    other agencies among them that have had direct contact with ``child`` (each agency once, by its name)."""
    social_care = [p for p in people if p.role in SOCIAL_CARE_ATTENDEE_ROLES]
    social_care_agencies = {_agency_key(p.agency) for p in social_care if p.agency.strip()}
    agencies: dict[str, str] = {}
    for person in people:
        if not is_professional(person.role) or person.role in SOCIAL_CARE_ATTENDEE_ROLES:
            continue
        key = _agency_key(person.agency)
        if not key or key in social_care_agencies or child.id not in person.contact_with:
            continue
        agencies.setdefault(key, person.agency.strip())
    return bool(social_care), list(agencies.values())


def planned_quorum(conference: Conference, child: Child) -> ChildQuorum:
    """The quorum the invitation list would give ``child`` before anyone arrives: the same rule as
    :func:`child_quorum`, over everyone invited who has not sent apologies. The agencies in contact with the child
    that did send apologies are named, so the chair sees what the apologies cost."""
    expected = [p for p in conference.participants if not p.apologies]
    social_care, agencies = _quorum_among(expected, child)
    _, everyone_invited = _quorum_among(conference.participants, child)
    counted = {_agency_key(a) for a in agencies}
    apologies = [a for a in everyone_invited if _agency_key(a) not in counted]
    return ChildQuorum(social_care=social_care, agencies=agencies, planned=True, apologies=apologies)


def before_the_meeting(conference: Conference) -> bool:
    """True until the meeting starts: no one is marked as having come and nothing is decided. Until then the
    quorum to show is the invitation list's (:func:`planned_quorum`)."""
    return not conference.decisions and not any(p.attended for p in conference.participants)


def shown_quorum(conference: Conference, child: Child) -> ChildQuorum:
    """The quorum the register shows for ``child``: from the invitation list until the first person is marked
    as arrived, then who is in the room now."""
    if before_the_meeting(conference):
        return planned_quorum(conference, child)
    return child_quorum(conference, child)


def decided_at(conference: Conference, child: Child) -> dt.time | None:
    """The time of the meeting at which the child's decision was made, or None: no decision yet, a decision with
    no time, or one whose time cannot be a time of the meeting. The decision is stamped with the laptop's clock
    when it is entered; that is the meeting's time only on the conference's day, and between the first arrival
    and the last departure the register records (a decision typed on another day, a replayed conference, or typed
    after everyone had gone, has no time in the meeting). Quorum is then judged on everyone who came, and the
    record states no time rather than a wrong one."""
    decision = next((d for d in conference.decisions if d.child == child.id), None)
    if decision is None or decision.entered_at is None or decision.entered_at.date() != conference.date:
        return None
    at = decision.entered_at.time().replace(tzinfo=None, microsecond=0)
    came = [p for p in conference.participants if p.attended]
    arrivals = [p.arrived for p in came if p.arrived is not None]
    if arrivals and at < min(arrivals):
        return None
    departures = [p.left for p in came]
    if came and all(t is not None for t in departures) and at > max(t for t in departures if t is not None):
        return None
    return at


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


def _invitation_problem(child: Child, quorum: ChildQuorum) -> Problem:
    """Before anyone arrives: what the invitation list lacks for ``child``'s quorum, in words."""
    missing = []
    if not quorum.social_care:
        missing.append("no one from children's social care is invited")
    if not quorum.agencies:
        missing.append(f"no other agency that has had direct contact with {child.name} is invited")
    elif len(quorum.agencies) < 2:
        missing.append(f"only one other agency that has had direct contact is invited ({quorum.agencies[0]})")
    sent = ""
    if quorum.apologies:
        sent = f" Sent apologies: {', '.join(quorum.apologies)}."
    return Problem(
        "invitation-inquorate",
        f"From the invitation list, the conference would not be quorate for {child.name}: {'; '.join(missing)}."
        f"{sent} It needs children's social care and two other agencies that have had direct contact with the "
        "child: invite them, or mark which children the invited professionals know.",
        child=child.id,
    )


def _names(children: list[Child]) -> str:
    names = [c.name for c in children]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _is_invited(conference: Conference, roles: tuple[str, ...], agency_words: tuple[str, ...] = ()) -> bool:
    """Whether anyone of ``roles`` is invited, or anyone whose agency's name has one of ``agency_words``."""
    for person in conference.participants:
        agency = person.agency.casefold()
        if person.role in roles or any(word in agency for word in agency_words):
            return True
    return False


def _suggestion_problems(conference: Conference) -> list[Problem]:
    """Who is usually invited and is not on the list (RULES.md §3): the police to a child's first conference (an
    initial, pre-birth or transfer-in conference: the first in this area), a health visitor for a child under 5, a
    school nurse for a school-age child (:data:`SCHOOL_AGE`), midwifery for an unborn child, and the council the
    family moved from to a transfer-in conference. Only when no one of that role (or agency) is invited."""
    children = conference.subject_children
    ages = {c.id: c.age_on(conference.date) for c in children}
    under_five = [c for c in children if (age := ages[c.id]) is not None and age < 5]
    school_age = [c for c in children if ages[c.id] in SCHOOL_AGE]
    unborn = [c for c in children if c.unborn]
    problems = []

    def suggest(sentence: str, about: list[Child] | None = None) -> None:
        child = about[0].id if about and len(about) == 1 else None
        problems.append(Problem("invite-suggested", sentence, child=child))

    if conference.is_initial_type and not _is_invited(conference, ("police",), ("police",)):
        suggest(
            "No one from the police is invited. The police are always invited to a child's first conference: "
            "invite them (if they cannot come, they send written information)."
        )
    if under_five and not _is_invited(conference, ("health-visitor",), ("health visit",)):
        suggest(
            f"No health visitor is invited, and {_names(under_five)} {'is' if len(under_five) == 1 else 'are'} "
            "under 5: a health visitor is usually invited for a child under 5.",
            under_five,
        )
    if school_age and not _is_invited(conference, ("school-nurse",), ("school nurs",)):
        suggest(
            f"No school nurse is invited, and {_names(school_age)} {'is' if len(school_age) == 1 else 'are'} of "
            "school age (5 to 16): a school nurse is usually invited for a school-age child.",
            school_age,
        )
    if unborn and not _is_invited(conference, ("midwife",), ("midwi", "maternity")):
        suggest(
            f"No midwife is invited, and {_names(unborn)} {'is' if len(unborn) == 1 else 'are'} not born yet: "
            "midwifery is invited for an unborn child.",
            unborn,
        )
    if conference.type == "transfer-in" and not _is_invited(conference, ("other-local-authority",)):
        suggest(
            "No one from the council the family moved from is invited: the originating council is invited to a "
            "transfer-in conference and sends its reports."
        )
    return problems


def _language_problems(conference: Conference) -> list[Problem]:
    """An interpreter for everyone who needs one, never a family member (RULES.md §3), and translated documents
    noted for those who need them."""
    problems = []
    people = conference.participants
    interpreters = [p for p in people if p.role == "interpreter"]
    for person in people:
        if person.role == "interpreter":
            continue
        language = person.language.strip()
        if person.needs_interpreter and not person.apologies:  # not coming: no interpreter needed on the day
            coming = [q for q in interpreters if not q.apologies]
            if not language:
                problems.append(
                    Problem(
                        "interpreter-missing",
                        f"{person.name} needs an interpreter, but their language is not recorded: record it and "
                        "invite an interpreter for it.",
                        participant=person.id,
                    )
                )
            elif not any(q.language.strip().casefold() == language.casefold() for q in coming):
                sent = any(q.language.strip().casefold() == language.casefold() for q in interpreters)
                problems.append(
                    Problem(
                        "interpreter-missing",
                        f"{person.name} needs an interpreter for {language}, and "
                        f"{'the interpreter invited has sent apologies' if sent else 'none is invited'}: the "
                        "social worker arranges a professional interpreter (never a family member).",
                        participant=person.id,
                    )
                )
        if person.needs_translation:
            into = f"into {language}" if language else "(their language is not recorded yet)"
            problems.append(
                Problem(
                    "translation-needed",
                    f"{person.name} needs the documents translated {into}: the reports before the meeting, and the "
                    "decision letter and the record after it.",
                    participant=person.id,
                )
            )
    family = [p for p in people if p.role in FAMILY_MEMBER_ROLES]
    for interpreter in interpreters:
        name = interpreter.name.strip().casefold()
        same = next((p for p in family if p.name.strip().casefold() == name), None)
        surname = name.split()[-1] if name.split() else ""
        shares = surname and surname == conference.family.name.strip().casefold()
        if same is not None:
            sentence = (
                f"{interpreter.name}, invited as interpreter, is also invited as {same.role_name}: a family member "
                "must not act as interpreter. Ask the social worker for a professional interpreter."
            )
        elif shares:
            sentence = (
                f"{interpreter.name}, invited as interpreter, has the family's name ({conference.family.name}): a "
                "family member must not act as interpreter. Check they are a professional interpreter."
            )
        else:
            continue
        problems.append(Problem("interpreter-family-member", sentence, participant=interpreter.id))
    for person in family:
        if "interpret" in person.agency.casefold():
            problems.append(
                Problem(
                    "interpreter-family-member",
                    f"{person.name} ({person.role_name}) is marked as interpreting ({person.agency}): a family "
                    "member must not act as interpreter. Ask the social worker for a professional interpreter.",
                    participant=person.id,
                )
            )
    return problems


def _exclusion_request_problems(conference: Conference, dates: dict[str, DueDate]) -> list[Problem]:
    """Requests to exclude a family member before the day (RULES.md §2–3): received in time (3 working days before,
    where possible), decided, and, once agreed, with the ground, which part of the meeting, and how the parent
    will be heard."""
    problems = []
    due = dates["exclusion_request_by"]
    for request in conference.exclusion_requests:
        about = conference.participant(request.about)
        name = about.name if about else request.about
        by = f" by {request.requested_by}" if request.requested_by.strip() else ""
        if request.received and due.date and request.received > due.date:
            problems.append(
                Problem(
                    "exclusion-request-late",
                    f"The request{by} to exclude {name} reached the chair on {long_date(request.received)}: it "
                    f"should have come by {long_date(due.date)} ({due.rule}). The chair may still consider it.",
                    participant=request.about,
                )
            )
        if request.decision is None:
            problems.append(
                Problem(
                    "exclusion-request-undecided",
                    f"The request{by} to exclude {name} is not decided yet: decide it before the conference, so "
                    f"{name} knows whether to come and how their views will be heard.",
                    participant=request.about,
                )
            )
        elif request.decision == "agreed":
            missing = []
            if request.ground not in EXCLUSION_GROUNDS:
                missing.append("the ground (one of the six)")
            if not request.which_part.strip():
                missing.append("which part of the meeting, and for how long")
            if not request.how_heard.strip():
                missing.append(f"how {name}'s views will be heard")
            if missing:
                problems.append(
                    Problem(
                        "exclusion-request-incomplete",
                        f"The request to exclude {name} is agreed, but the record does not say {_and(missing)}.",
                        participant=request.about,
                    )
                )
    return problems


def _and(things: list[str]) -> str:
    return things[0] if len(things) == 1 else f"{', '.join(things[:-1])} or {things[-1]}"


def _written_views_problems(conference: Conference, dates: dict[str, DueDate]) -> list[Problem]:
    """Written views that came after the date asked for: noted kindly, never as the parent's fault."""
    due = dates["parents_views_by"]
    problems = []
    for views in conference.written_views:
        if views.received is None or due.date is None or views.received <= due.date:
            continue
        person = conference.participant(views.by)
        name = person.name if person else views.by
        problems.append(
            Problem(
                "written-views-late",
                f"{name}'s written views came on {long_date(views.received)}, after the date asked for "
                f"({long_date(due.date)}, {due.rule}). They are still read and heard at the conference; make "
                "sure everyone has had time to read them.",
                participant=views.by,
            )
        )
    return problems


def _nhs_number_problems(conference: Conference) -> list[Problem]:
    """RULES.md §7: the NHS number of each subject child (an unborn child's mother's) by the day of an initial or
    pre-birth conference, for the NHS child protection information sharing service."""
    if conference.type not in ("initial", "pre-birth"):
        return []
    problems = []
    for child in conference.subject_children:
        if child.nhs_number.strip():
            continue
        whose = (
            f"the mother's NHS number for {child.name} (not born yet)"
            if child.unborn
            else (f"{child.name}'s NHS number")
        )
        problems.append(
            Problem(
                "nhs-number-missing",
                f"Record {whose}: the NHS child protection information sharing service needs it by the day of the "
                "conference.",
                child=child.id,
            )
        )
    return problems


def _observer_problems(conference: Conference) -> list[Problem]:
    return [
        Problem(
            "observer-consent",
            f"{person.name} is invited as an observer, but the consent of the chair and the family is not recorded: "
            "an observer comes only with their consent, given beforehand.",
            participant=person.id,
        )
        for person in conference.participants
        if person.role == "observer" and not person.consent
    ]


def report_deadlines(conference: Conference, person: Participant, dates: dict[str, DueDate]) -> tuple[DueDate, DueDate]:
    """When ``person``'s report is due to the chair and to the family, each with its rule (RULES.md §2), from the
    conference's due dates (chairdesk.timescales): the social worker's report (the lead child protection
    practitioner's too) has its own; every other professional's the other agencies'."""
    if person.role in SOCIAL_WORKER_REPORT_ROLES:
        return dates["sw_report_to_chair_by"], dates["sw_report_to_family_by"]
    to_chair = dates["agency_reports_by"] if conference.is_initial_type else dates["review_agency_reports_by"]
    return to_chair, dates["agency_reports_to_family_by"]


def _report_problems(conference: Conference, dates: dict[str, DueDate], today: dt.date) -> list[Problem]:
    """Each expected report (``report`` not None) against its two deadlines: arrived or shared late, or not
    arrived or not shared and the deadline has passed (``today`` is after it)."""
    problems = []
    for person in conference.participants:
        report = person.report
        if report is None or not is_professional(person.role):
            continue
        who = f"{person.name} ({person.role_name})"
        to_chair, to_family = report_deadlines(conference, person, dates)
        for day, due, late, missing, what, not_yet in (
            (report.received, to_chair, "report-late", "report-missing", "reached the chair", "reached the chair"),
            (
                report.shared_with_family,
                to_family,
                "report-shared-late",
                "report-not-shared",
                "was shared with the family",
                "been shared with the family",
            ),
        ):
            if due.date is None:
                continue
            if day is None:
                if today > due.date:
                    problems.append(
                        Problem(
                            missing,
                            f"The report of {who} has not {not_yet}: it was due by {long_date(due.date)} ({due.rule}).",
                            participant=person.id,
                        )
                    )
                continue
            if day > due.date:
                problems.append(
                    Problem(
                        late,
                        f"The report of {who} {what} on {long_date(day)}, after the deadline of "
                        f"{long_date(due.date)} ({due.rule}).",
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


def check(conference: Conference, today: dt.date | None = None) -> CheckResult:
    """Every check of RULES.md §2–4 and §7 on ``conference``: quorum per subject child, and the problems found.

    ``today`` (None: the real today) is the day the checks are made on: a report not there by its deadline is
    missing only once the deadline has passed. Before the meeting (no one marked as having come) quorum is
    judged on the invitation list ("invitation-inquorate"); "inquorate" is for the meeting and the record."""
    today = dt.date.today() if today is None else today
    dates = due_dates(conference)
    children = conference.subject_children
    result = CheckResult(
        children={c.id: quorum_for_decision(conference, c) for c in children},
        planned={c.id: planned_quorum(conference, c) for c in children},
        before_meeting=before_the_meeting(conference),
    )
    problems = result.problems
    if result.before_meeting:
        problems.extend(
            _invitation_problem(c, result.planned[c.id]) for c in children if not result.planned[c.id].quorate
        )
    else:
        for child in children:
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
        if not conference.late_reasons.strip():
            problems.append(
                Problem(
                    "late-reasons-missing",
                    "The conference is late and the reasons for the delay are not recorded: the procedure requires "
                    "them (they go to the children's social care manager and into the record).",
                )
            )
    problems.extend(_suggestion_problems(conference))
    problems.extend(_report_problems(conference, dates, today))
    for child in children:
        age = child.age_on(conference.date)
        decided = child.participation is not None and child.participation.decided
        if age is not None and age >= 12 and not decided and not invited_child(conference, child):
            problems.append(
                Problem(
                    "offer-participation",
                    f"{child.name} is {age} on the day of the conference and should be offered the chance to "
                    "take part (in person for all or part, or through a letter, an advocate or the chair). Add "
                    f"{child.name} to the people invited, or record how {child.name} will take part, once the offer "
                    "is made.",
                    child=child.id,
                )
            )
    problems.extend(_nhs_number_problems(conference))
    problems.extend(_language_problems(conference))
    problems.extend(_observer_problems(conference))
    problems.extend(_exclusion_request_problems(conference, dates))
    problems.extend(_written_views_problems(conference, dates))
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
    problems.extend(
        Problem("no-plan-to-review", sentence, child=child.id)
        for child in children
        if (sentence := outcomes.no_plan_to_review(conference, child)) is not None
    )
    problems.extend(_view_problems(conference))
    problems.extend(_plan_problems(conference, dates))
    return result
