"""The chair's agenda: for every conference, what is due next and when (PRODUCT.md journey step 0, "Home").

From the core's due dates (:func:`timescales.due_dates`) and what is already done, on a given day (``today``):

- before the conference, while it is still to come: the social worker's report to the family (done once shared)
  and to the chair (done once received), the other agencies' reports (an initial conference; done once every
  expected report is in), and the deadlines for the parents' written views and for requests to exclude a family
  member. Those two are the family's and the agencies' deadlines, not work the chair owes: they are shown while
  they are ahead (the views until a family member's written views are in) and never counted overdue;
- the conference itself, on its day (held once its day is past);
- after it, the written summary and plan, the decision letters and the record (20 working days): done once every
  current document of that deadline is marked sent (chairdesk.sending: a production supersedes the one before, so
  a new set must be sent again); until then it stays, said "not sent" ("2 of 3 not sent"), overdue after its day.
  A conference whose outputs were produced before sending was tracked counts them done once produced (the audit's
  ``produce`` entries on or after the conference's day);
- the first core group (an initial conference) and the next review: done when a review in ChairDesk follows the
  conference (its ``previous_conference.id``), and not due at all when every decision ended the plan or made
  none.

Each thing due has a state: ``overdue`` (its day is past), ``today``, ``tomorrow`` — due after today and no
later than the next working day of the conference's region, so on a Friday what is due on Monday is "due
Monday (the next working day)" — or ``later``. Everything overdue is listed, not only the first.

The home lists hundreds of conferences, so each stored document is read once, for the few things the agenda
needs, without checking it against the format (opening the conference does that, and says what is wrong).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from chairdesk.model import (
    PLAN_OUTCOMES,
    SOCIAL_CARE_ROLES,
    Child,
    Conference,
    Decision,
    Family,
    Participant,
    Plan,
    PreviousConference,
    Report,
    WrittenViews,
    is_family_side,
    is_professional,
)
from chairdesk.sending import TrackedDocument, deadlines, not_sent_words
from chairdesk.storage import ConferenceStore
from chairdesk.timescales import DATE_LABELS, due_dates, long_date, working_days

OVERDUE, TODAY, TOMORROW, LATER = "overdue", "today", "tomorrow", "later"
STATES = (OVERDUE, TODAY, TOMORROW, LATER)  # what needs the chair first, first
NOTHING_DUE = "nothing due"

CONFERENCE = "conference"  # the key of the conference itself among the things due
SOCIAL_WORKERS = ("social-worker", "lead-practitioner")  # whose report is "the social worker's report"
TYPE_NAMES = {
    "initial": "Initial",
    "pre-birth": "Pre-birth",
    "transfer-in": "Transfer-in",
    "review": "Review",
}


@dataclass(frozen=True)
class Due:
    """One thing due for a conference: what (``key``, a key of timescales.DATE_KEYS or ``conference``), its
    words, its day, the rule that gave the day, and its state on the agenda's day."""

    key: str
    label: str
    date: dt.date
    rule: str
    state: str
    words: str  # the state in words: "overdue since ...", "due today", "due tomorrow", "due ..."
    note: str = ""  # of documents to send: what is left ("not sent", "2 of 3 not sent")


@dataclass(frozen=True)
class AgendaRow:
    """One conference on the home: who, when and where, and what is due next."""

    conference_id: str
    family: str
    children: tuple[str, ...]
    type: str
    date: dt.date | None
    start_time: dt.time | None = None
    location: str = ""
    next: Due | None = None  # the first thing not done (overdue ones first, as the earliest)
    overdue: tuple[Due, ...] = ()
    coming: Due | None = None  # the first thing not done that is not overdue
    coming_with: tuple[Due, ...] = ()  # every thing not done and not overdue due on the same day as ``coming``
    everything: tuple[Due, ...] = ()  # every thing not done, soonest first
    review_due: dt.date | None = None  # the day a review would be due (the plan's, else the rules')
    held: bool = False  # the meeting has happened (see has_been_held)
    problem: str = ""  # why the stored conference could not be read; open it to see the store's sentence

    @property
    def state(self) -> str:
        return self.next.state if self.next else NOTHING_DUE

    def past(self, today: dt.date) -> bool:
        """Held: its day has gone, or it is today and the meeting has happened (see :func:`has_been_held`)."""
        return self.held or (self.date is not None and self.date < today)

    def matches(self, text: str) -> bool:
        """Whether ``text`` is in the family's name or a child's name (any case; every word must be)."""
        names = " ".join((self.family, *self.children)).casefold()
        return all(word in names for word in text.casefold().split())

    @property
    def type_name(self) -> str:
        return TYPE_NAMES.get(self.type, self.type)


def agenda(store: ConferenceStore, today: dt.date) -> list[AgendaRow]:
    """Every conference in ``store`` with what is due next on ``today``, what needs the chair first first."""
    produced = store.outputs_produced()
    tracked: dict[str, list[TrackedDocument]] = {}
    for sent in store.tracked_documents():
        tracked.setdefault(sent.conference_id, []).append(sent)
    conferences: list[Conference] = []
    unreadable: list[AgendaRow] = []
    for ident, document in store.documents():
        try:
            conferences.append(read_for_agenda(json.loads(document), ident))
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            unreadable.append(_unreadable(ident, document, error))
    return rows(conferences, produced, today, tracked) + unreadable


def rows(
    conferences: Iterable[Conference],
    produced: dict[str, str],
    today: dt.date,
    tracked: dict[str, list[TrackedDocument]] | None = None,
) -> list[AgendaRow]:
    """The agenda of ``conferences``, sorted: overdue (the longest overdue first), due today, due tomorrow, later
    (soonest first), then the conferences with nothing due (the most recent first). ``produced``: when each
    conference's outputs were last produced (Store.outputs_produced); ``tracked``: each conference's documents
    and whether they were sent (Store.tracked_documents)."""
    conferences = list(conferences)
    tracked = tracked or {}
    followed = {c.previous_conference.id for c in conferences if c.previous_conference and c.previous_conference.id}
    made = [
        _row(c, produced.get(c.id or ""), c.id in followed, today, tracked.get(c.id or "", [])) for c in conferences
    ]
    return sorted(made, key=_order)


def _order(row: AgendaRow) -> tuple[Any, ...]:
    if row.next is None:
        return (len(STATES), -(row.date or dt.date.min).toordinal(), row.family)
    return (STATES.index(row.next.state), row.next.date, row.family)


def has_been_held(conference: Conference, today: dt.date, produced_at: str | None) -> bool:
    """Whether the meeting has happened: its day has gone, or it is today and a decision is recorded or the
    outputs were produced (on the day the home must not still ask for the reports, nor refuse to start its
    review)."""
    if conference.date < today:
        return True
    made = produced_at is not None and produced_at[:10] >= conference.date.isoformat()
    return conference.date == today and (bool(conference.decisions) or made)


def _row(
    conference: Conference,
    produced_at: str | None,
    followed: bool,
    today: dt.date,
    tracked: list[TrackedDocument] | None = None,
) -> AgendaRow:
    dues = sorted(things_due(conference, produced_at, followed, today, tracked), key=lambda d: d.date)
    overdue = tuple(d for d in dues if d.state == OVERDUE)
    coming = next((d for d in dues if d.state != OVERDUE), None)
    plan = conference.plan
    review = plan.next_review if plan and plan.next_review else due_dates(conference)["next_review_due"].date
    return AgendaRow(
        conference_id=conference.id or "",
        family=conference.family.name,
        children=tuple(c.name for c in conference.children),
        type=conference.type,
        date=conference.date,
        start_time=conference.start_time,
        location=conference.location,
        next=dues[0] if dues else None,
        overdue=overdue,
        coming=coming,
        coming_with=tuple(d for d in dues if coming and d.state != OVERDUE and d.date == coming.date),
        everything=tuple(dues),
        review_due=review,
        held=has_been_held(conference, today, produced_at),
    )


def things_due(
    conference: Conference,
    produced_at: str | None,
    followed: bool,
    today: dt.date,
    tracked: list[TrackedDocument] | None = None,
) -> list[Due]:
    """What is not yet done for ``conference`` on ``today``, each with its state (in the order of the rules).
    ``produced_at``: when its outputs were last produced, or None; ``followed``: a review in ChairDesk follows
    it; ``tracked``: its documents, and whether each was sent (chairdesk.sending)."""
    dates = due_dates(conference)
    calendar = working_days(conference.region)
    next_working_day = calendar.after(today, 1)
    held = has_been_held(conference, today, produced_at)
    outputs_made = produced_at is not None and produced_at[:10] >= conference.date.isoformat()
    plan_made = not conference.decisions or any(d.outcome in PLAN_OUTCOMES for d in conference.decisions)
    social_workers = [p for p in conference.participants if p.role in SOCIAL_WORKERS]
    expected = [p for p in conference.participants if p.report is not None and is_professional(p.role)]
    agencies = [p for p in expected if p.role not in SOCIAL_CARE_ROLES]
    family_views = any(
        w.received and (p := conference.participant(w.by)) is not None and is_family_side(p.role)
        for w in conference.written_views
    )
    done = {
        "sw_report_to_family_by": held or any(p.report and p.report.shared_with_family for p in social_workers),
        "sw_report_to_chair_by": held or any(p.report and p.report.received for p in social_workers),
        "agency_reports_by": held or all(p.report and p.report.received for p in agencies),
        "review_agency_reports_by": held or all(p.report and p.report.received for p in agencies),
        "agency_reports_to_family_by": held or all(p.report and p.report.shared_with_family for p in agencies),
        "parents_views_by": held or family_views,
        "exclusion_request_by": held,
        "summary_due": outputs_made,
        "decision_letter_due": outputs_made,
        "decision_letter_to_parents_due": outputs_made,
        "record_due": outputs_made,
        "first_core_group_due": followed or not plan_made,
        "next_review_due": followed or not plan_made,
    }
    windows = ("parents_views_by", "exclusion_request_by")  # others' deadlines: shown while ahead, never overdue
    # Once sending is tracked, a deadline of the outputs is met when each of its current documents is sent, and the
    # day is the earliest day of a document not sent (a record reissued after amendments has its own).
    sending_left: dict[str, tuple[dt.date | None, str]] = {}
    if tracked:
        for key, documents in deadlines(tracked, dates).items():
            left = [d for d in documents if not d.sent]
            done[key] = not left
            days = [d.due for d in left if d.due is not None]
            sending_left[key] = (min(days) if days else None, not_sent_words(documents))
        letters = any("letter" in key for key in sending_left)
        for key in ("summary_due", "decision_letter_due", "record_due"):  # produced, and none of them made
            if key not in sending_left and not (letters and "letter" in key):
                done[key] = False
                sending_left[key] = (None, "not made")

    def state(day: dt.date) -> tuple[str, str]:
        if day < today:
            return OVERDUE, f"overdue: it was due {long_date(day)}"
        if day == today:
            return TODAY, "due today"
        if day <= next_working_day:
            if day == today + dt.timedelta(days=1):
                return TOMORROW, "due tomorrow"
            return TOMORROW, f"due {day:%A} {day.day} {day:%B} (the next working day)"
        return LATER, f"due {long_date(day)}"

    found = []
    for key, due in dates.items():
        if key == "conference_due" or due.date is None or done[key]:
            continue
        if key in windows and due.date < today:
            continue
        day, note = sending_left.get(key, (None, ""))
        day = day or due.date
        found.append(Due(key, DATE_LABELS[key], day, due.rule, *state(day), note=note))
    if not held:
        when = f" at {conference.start_time:%H:%M}" if conference.start_time else ""
        where = f", {conference.location}" if conference.location else ""
        label = f"The {TYPE_NAMES.get(conference.type, conference.type).lower()} conference"
        rule = f"held on {long_date(conference.date)}{when}{where}"
        found.append(Due(CONFERENCE, label, conference.date, rule, *state(conference.date)))
    order = [*dates, CONFERENCE]
    return sorted(found, key=lambda d: (d.date, order.index(d.key)))


# -- reading a stored conference for the agenda ---------------------------------------------------------------


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _report(value: Any) -> Report | None:
    if value is None:
        return None
    return Report(received=_date(value.get("received")), shared_with_family=_date(value.get("shared_with_family")))


def read_for_agenda(data: dict[str, Any], ident: str = "") -> Conference:
    """The parts of a conference file's data the agenda needs, as a Conference (everything else left empty).
    Raises ValueError, TypeError, KeyError or AttributeError on data that is not a conference."""
    previous = data.get("previous_conference")
    plan = data.get("plan")
    start = data.get("start_time")
    return Conference(
        id=data.get("id") or ident,
        type=data["type"],
        date=dt.date.fromisoformat(data["date"]),
        start_time=dt.time.fromisoformat(start) if start else None,
        location=data.get("location") or "",
        region=data.get("region") or "england-and-wales",
        trigger_date=_date(data.get("trigger_date")),
        family=Family(str(data["family"]["name"])),
        children=[
            Child(
                id=c["id"],
                name=str(c["name"]),
                date_of_birth=_date(c.get("date_of_birth")),
                expected_delivery_date=_date(c.get("expected_delivery_date")),
                subject=c.get("subject", True),
            )
            for c in data["children"]
        ],
        participants=[
            Participant(id=p["id"], name=str(p["name"]), role=p["role"], report=_report(p.get("report")))
            for p in data["participants"]
        ],
        previous_conference=PreviousConference(
            type=previous["type"], date=dt.date.fromisoformat(previous["date"]), id=previous.get("id")
        )
        if previous
        else None,
        written_views=[
            WrittenViews(by=w["by"], received=_date(w.get("received"))) for w in data.get("written_views", [])
        ],
        decisions=[Decision(child=d["child"], outcome=d["outcome"]) for d in data.get("decisions", [])],
        plan=Plan(next_review=_date(plan.get("next_review")), first_core_group=_date(plan.get("first_core_group")))
        if plan
        else None,
    )


def _unreadable(ident: str, document: str, error: Exception) -> AgendaRow:
    family = ""
    with contextlib.suppress(ValueError, TypeError, KeyError):
        family = str(json.loads(document)["family"]["name"])
    return AgendaRow(
        conference_id=ident,
        family=family or "(cannot be read)",
        children=(),
        type="",
        date=None,
        problem=(
            f"The stored copy of this conference cannot be read ({type(error).__name__}). Open it to see what is "
            "wrong and what to do."
        ),
    )
