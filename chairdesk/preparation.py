"""Preparing a conference before the day (PRODUCT.md "Prepare"; RULES.md §1–3, §7): a new conference in one go
(:func:`new_conference`), and every later change of its details, children, invitees and their reports
(:class:`Preparation`), each one undoable edit of the meeting (:meth:`Meeting.edit`).

Each command checks its input first and says what is wrong in a plain sentence that names the child or person
(:class:`InvalidConference`); when it is wrong nothing changes. Dates are read as a chair types them
(:func:`parse_date`). No Qt here: the new-conference form and the preparation window call these.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from chairdesk.changes import Part
from chairdesk.errors import InvalidConference
from chairdesk.meeting import Meeting
from chairdesk.model import (
    CONFERENCE_TYPES,
    REGIONS,
    ROLE_NAMES,
    ROLES,
    Child,
    Conference,
    Decision,
    Family,
    Outcome,
    Participant,
    PlanAction,
    PreviousConference,
    Report,
    is_family_side,
)
from chairdesk.timescales import long_date
from chairdesk.typed_text import TEXT_LIMIT

TYPE_NAMES = {
    "initial": "initial conference",
    "pre-birth": "pre-birth conference",
    "transfer-in": "transfer-in conference",
    "review": "review conference",
}
REGION_NAMES = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
# What starts the clock of each type (RULES.md §1): its words, or None where the previous conference does.
TRIGGER_NAMES = {
    "initial": "the strategy discussion",
    "pre-birth": None,
    "transfer-in": "the notification of the move",
    "review": None,
}

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_NUMERIC_UK = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(?:[a-z]+,? )?(\d{1,2})(?:st|nd|rd|th)? ([a-z]+),? (\d{4})$")


def _month_name(month: int) -> str:
    return dt.date(2000, month, 1).strftime("%B")


def parse_date(text: str, what: str = "The date") -> dt.date | None:
    """A date as a chair in the UK types it (``03/02/2027``, ``3.2.27``, ``2027-02-03``, ``3 Feb 2027``): the day
    first. Empty text is None. A date that does not exist, or text that is not a date, is refused in a sentence
    beginning with ``what``."""
    typed = " ".join(text.strip().lower().split())
    if not typed:
        return None
    if match := _ISO.match(typed):
        year, month, day = (int(g) for g in match.groups())
    elif match := _NUMERIC_UK.match(typed):
        day, month, year = (int(g) for g in match.groups())
        year += 2000 if year < 100 else 0
    elif (match := _WORDS.match(typed)) and match.group(2) in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3))
    else:
        raise InvalidConference(
            [f"{what}: “{text.strip()}” is not a date ChairDesk can read; type it as day/month/year, e.g. 03/02/2027."]
        )
    if not 1 <= month <= 12:
        raise InvalidConference([f"{what}: “{text.strip()}” has no month {month}; a year has 12 months."])
    try:
        return dt.date(year, month, day)
    except ValueError:
        days = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        raise InvalidConference(
            [f"{what}: {text.strip()} does not exist: {_month_name(month)} {year} has {days} days."]
        ) from None


def parse_time(text: str, what: str = "The start time") -> dt.time | None:
    """A time as typed: ``10:00``, ``10.00``, ``1000``, ``2pm``, ``2.30 pm``. Empty text is None."""
    typed = text.strip().lower().replace(" ", "")
    if not typed:
        return None
    match = re.match(r"^(\d{1,2})(?:[:.]?(\d{2}))?(am|pm)?$", typed)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if match.group(3) == "pm" and hour < 12:
            hour += 12
        elif match.group(3) == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60 and (match.group(3) is None or 1 <= int(match.group(1)) <= 12):
            return dt.time(hour, minute)
    raise InvalidConference([f"{what}: “{text.strip()}” is not a time of day; type it as 10:00 or 2pm."])


def nhs_number_problem(number: str, whose: str) -> str | None:
    """A sentence when ``number`` is not an NHS number (10 digits, spaces allowed, the last a Modulus 11 check
    digit); None when it is one or is empty."""
    digits = re.sub(r"[\s-]", "", number)
    if not digits:
        return None
    if not digits.isdigit() or len(digits) != 10:
        return f"{whose} NHS number “{number.strip()}” is not 10 digits; check it against the letter or record."
    check = 11 - sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        return f"{whose} NHS number {number.strip()} is not a valid NHS number (its check digit is wrong): check it."
    return None


def child_nhs_number_problem(child: Child) -> str | None:
    """A sentence when the child's NHS number is not one; for an unborn child it is the mother's (the NHS child
    protection information sharing service needs the mother's until the baby is born)."""
    name = child.name.strip()
    if child.unborn:
        whose = f"{name}'s mother's" if name else "The mother's"
    else:
        whose = f"{name}'s" if name else "The child's"
    return nhs_number_problem(child.nhs_number, whose)


def new_id(prefix: str) -> str:
    """A new id for a child (``c``) or a participant (``p``)."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _name(text: str, what: str) -> str:
    """A name as given, without stray spaces at its ends (a name, not the chair's words)."""
    name = text.strip()
    if not name:
        raise InvalidConference([f"Type {what} first."])
    if len(name) > 200:
        raise InvalidConference([f"{what.capitalize()} is {len(name)} characters long; the most it can hold is 200."])
    return name


# -- checks of a whole conference --------------------------------------------------------------------------


def child_problems(child: Child, conference_date: dt.date | None = None) -> list[str]:
    """What is wrong with one child's details, each in a sentence naming the child."""
    problems = []
    name = child.name.strip() or "A child"
    if not child.name.strip():
        problems.append("Type each child's name (for an unborn child, e.g. “Baby Harper”).")
    if child.name.strip() and not child.date_of_birth and not child.expected_delivery_date:
        problems.append(
            f"Give {name}'s date of birth, or for an unborn child the expected delivery date: the child's age and "
            "the conference's dates depend on it."
        )
    if child.date_of_birth and child.expected_delivery_date:
        problems.append(
            f"{name} has both a date of birth and an expected delivery date: give the date of birth once the "
            "child is born, or only the expected delivery date for an unborn child."
        )
    if child.date_of_birth and conference_date and child.date_of_birth > conference_date:
        problems.append(
            f"{name}'s date of birth, {long_date(child.date_of_birth)}, is after the conference; for a child not "
            "yet born give the expected delivery date instead."
        )
    if problem := child_nhs_number_problem(child):
        problems.append(problem)
    if len(child.child_identifier) > 100:
        problems.append(f"{name}'s child identifier is longer than 100 characters.")
    return problems


def invitee_problems(person: Participant, children: Iterable[Child]) -> list[str]:
    """What is wrong with one invitee's details, each in a sentence naming them."""
    problems = []
    name = person.name.strip() or "An invitee"
    if not person.name.strip():
        problems.append("Type each invitee's name.")
    if person.role not in ROLES:
        problems.append(f"{name}: choose their role from the list.")
    if person.email.strip() and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", person.email.strip()):
        problems.append(f"{name}'s e-mail address “{person.email.strip()}” is not an e-mail address.")
    known = {c.id for c in children}
    if any(ident not in known for ident in person.contact_with):
        problems.append(f"{name} is said to know a child who is not in this conference.")
    return problems


def conference_problems(c: Conference) -> list[str]:
    """Everything that stops ``c`` being a conference ChairDesk can prepare, in sentences: the type's trigger or
    previous conference, its dates, the family, every child and every invitee."""
    problems = []
    if c.type not in CONFERENCE_TYPES:
        problems.append("Choose the type of conference: initial, pre-birth, transfer-in or review.")
    if c.region not in REGIONS:
        problems.append("Choose the region whose bank holidays count: England and Wales, Scotland or Northern Ireland.")
    if not c.family.name.strip():
        problems.append("Type the family's name.")
    trigger = TRIGGER_NAMES.get(c.type)
    if trigger and c.trigger_date is None:
        problems.append(f"An {TYPE_NAMES[c.type]} needs the date of {trigger}: its 15 working days start there.")
    if trigger and c.trigger_date and c.trigger_date > c.date:
        problems.append(f"The date of {trigger}, {long_date(c.trigger_date)}, is after the conference.")
    if c.type == "review":
        previous = c.previous_conference
        if previous is None:
            problems.append("A review needs the previous conference: its type and date.")
        elif previous.date >= c.date:
            problems.append(f"The previous conference, {long_date(previous.date)}, is not before this review.")
        elif previous.type not in CONFERENCE_TYPES:
            problems.append("Choose the type of the previous conference.")
    if not c.children:
        problems.append("Add every child in the household (for an unborn child, the expected delivery date).")
    elif not c.subject_children:
        problems.append("Mark at least one child as a subject of the conference.")
    if c.type == "pre-birth" and not any(child.unborn for child in c.subject_children):
        problems.append(
            "A pre-birth conference is about an unborn child: add the baby with the expected delivery date, "
            "marked as a subject."
        )
    for child in c.children:
        problems += child_problems(child, c.date)
    for person in c.participants:
        problems += invitee_problems(person, c.children)
    return problems


def _language(text: str) -> str:
    """The conference's language as the chair typed it; "" for English (said or left empty)."""
    from chairdesk.languages import is_english

    text = " ".join(text.split())
    return "" if not text or is_english(text) else text


def new_conference(
    type: str,  # noqa: A002 (the conference file's word)
    date: dt.date,
    family_name: str,
    children: list[Child],
    invitees: list[Participant] | None = None,
    *,
    start_time: dt.time | None = None,
    location: str = "",
    region: str = "england-and-wales",
    trigger_date: dt.date | None = None,
    previous: PreviousConference | None = None,
    language: str = "",
    start: Conference | None = None,
) -> Conference:
    """A new conference (not yet stored: no id), checked whole: every problem is raised at once in
    :class:`InvalidConference`, and nothing is made. ``start`` (e.g. from :func:`carry_forward.start_review`)
    gives what the form does not show (what is carried forward, fields from elsewhere); its lists are replaced
    by ``children`` and ``invitees``. Children and invitees without an id are given one."""
    from chairdesk import conference_file

    conference = copy.deepcopy(start) if start is not None else Conference(type, date, Family(""), [], [])
    conference.id = None
    conference.type, conference.date = type, date
    conference.family = Family(family_name.strip(), extra=conference.family.extra)
    conference.start_time, conference.location, conference.region = start_time, location.strip(), region
    conference.trigger_date = trigger_date if TRIGGER_NAMES.get(type) else None
    conference.previous_conference = previous if type == "review" else None
    conference.language = _language(language)
    conference.children = [copy.deepcopy(child) for child in children]
    conference.participants = [copy.deepcopy(person) for person in invitees or []]
    for child in conference.children:
        child.id = child.id or new_id("c")
        child.name = child.name.strip()
    for person in conference.participants:
        person.id = person.id or new_id("p")
        person.name = person.name.strip()
        person.agency = "" if is_family_side(person.role) else person.agency.strip()
    problems = conference_problems(conference)
    if not problems:
        problems = conference_file.validate(conference_file.to_json(conference))
    if problems:
        raise InvalidConference(problems)
    return conference


# -- what may not be removed ---------------------------------------------------------------------------------


def _typed_about_child(c: Conference, child_id: str) -> list[str]:
    found = []
    if any(s.child == child_id for s in c.scaling):
        found.append("a scaling score")
    if any(v.child == child_id for v in c.views):
        found.append("a view on significant harm")
    if any(d.child == child_id for d in c.decisions):
        found.append("a decision")
    if any(d.child == child_id for d in c.dissent):
        found.append("a dissent")
    if c.plan and any(o.child == child_id for o in c.plan.outcomes):
        found.append("an outcome of the plan")
    if c.plan and any(a.child == child_id for a in c.plan.actions):
        found.append("an action of the plan")
    child = c.child(child_id)
    if child and child.participation is not None:
        found.append("their participation")
    carried = c.carried_forward
    carried_items: list[Outcome | Decision | PlanAction] = (
        [*carried.outcomes, *carried.decisions, *carried.actions] if carried else []
    )
    if any(x.child == child_id for x in carried_items):
        found.append("what is carried forward from the last conference")
    return found


def _part_taken(c: Conference, person_id: str) -> list[str]:
    """What ``person_id`` has done in the meeting, or what is typed that names them, in words."""
    person = c.participant(person_id)
    found = []
    if person and (person.attended or person.arrived):
        found.append("they are marked as arrived")
    if person and person.exclusions:
        found.append("they were excluded from part of the meeting")
    if any(s.participant == person_id for s in c.scaling):
        found.append("they gave a scaling score")
    if any(v.participant == person_id for v in c.views):
        found.append("they gave a view on significant harm")
    if any(d.participant == person_id for d in c.dissent):
        found.append("their dissent is recorded")
    plan = c.plan
    if plan and (
        plan.lead_social_worker == person_id
        or person_id in plan.core_group
        or any(a.who == person_id for a in plan.actions)
    ):
        found.append("they are in the plan")
    if any(r.about == person_id for r in c.exclusion_requests):
        found.append("a request to exclude them is recorded")
    if any(w.by == person_id for w in c.written_views):
        found.append("their written views are recorded")
    if any(r.requested_by == person_id for r in c.recording_requests):
        found.append("their request to record the meeting is recorded")
    if _marks_name(c, person_id):
        found.append("something typed is kept from them or released to them")
    return found


def _marks_name(value: Any, person_id: str) -> bool:
    """True when a typed thing's marks (who was out of the room, the chair's releases) name ``person_id``: removing
    them would lose what holds it back from them (promise 2)."""
    if isinstance(value, list):
        return any(_marks_name(v, person_id) for v in value)
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is None:
        return False
    if person_id in (getattr(value, "typed_while_out", None) or []):
        return True
    if any(r.to == person_id for r in getattr(value, "releases", None) or []):
        return True
    return any(
        _marks_name(getattr(value, name), person_id)
        for name in fields
        if name not in ("participants", "children", "extra")
    )


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


# -- the commands --------------------------------------------------------------------------------------------

_UNSET: Any = object()


class Preparation:
    """The chair's changes before the day to the conference the meeting holds: each an undo step that the
    writer saves and the windows redraw for. Every refusal is an :class:`InvalidConference` with one sentence."""

    def __init__(self, meeting: Meeting) -> None:
        self.meeting = meeting

    @property
    def conference(self) -> Conference:
        return self.meeting.conference

    def _apply(
        self, what: Part, description: str, change: Callable[[Conference], None], merge: str | None = None
    ) -> None:
        """One undoable edit, refused whole (nothing changed) when the conference it would make has a problem it
        did not have before: tried first on a copy, as :meth:`Meeting.edit` checks only the file's format."""
        trial = copy.deepcopy(self.conference)
        before = set(conference_problems(trial))
        change(trial)
        new = [problem for problem in conference_problems(trial) if problem not in before]
        if new:
            raise InvalidConference(new)
        self.meeting.edit(what, description, change, merge=merge)

    def _child(self, child_id: str) -> Child:
        child = self.conference.child(child_id)
        if child is None:
            raise InvalidConference([f"That child ({child_id}) is not in this conference any more."])
        return child

    def _person(self, person_id: str) -> Participant:
        person = self.conference.participant(person_id)
        if person is None:
            raise InvalidConference([f"That person ({person_id}) is not invited to this conference any more."])
        return person

    # -- the conference's details --------------------------------------------------------------------------

    def set_details(
        self,
        *,
        type: str = _UNSET,  # noqa: A002 (the conference file's word)
        date: dt.date = _UNSET,
        start_time: dt.time | None = _UNSET,
        location: str = _UNSET,
        region: str = _UNSET,
        trigger_date: dt.date | None = _UNSET,
        previous: PreviousConference | None = _UNSET,
        family_name: str = _UNSET,
        language: str = _UNSET,
    ) -> None:
        """Change any of the conference's details at once (one undo step); those not given stay as they are."""
        given = {k: v for k, v in locals().items() if k != "self" and v is not _UNSET}
        if not given:
            return
        if "family_name" in given:
            given["family_name"] = _name(given["family_name"], "the family's name")
        if "location" in given:
            given["location"] = given["location"].strip()
        if "language" in given:
            given["language"] = _language(given["language"])

        def put(c: Conference) -> None:
            for key, value in given.items():
                if key == "family_name":
                    c.family.name = value
                elif key == "previous":
                    c.previous_conference = copy.deepcopy(value)
                else:
                    setattr(c, key, value)
            if not TRIGGER_NAMES.get(c.type):
                c.trigger_date = None
            if c.type != "review":
                c.previous_conference = None

        self._apply(Part.PREPARATION, "change the conference's details", put)

    def set_late_reasons(self, text: str) -> None:
        """The reasons the conference is late, as the chair typed them (the procedure requires them)."""
        if len(text) > TEXT_LIMIT:
            raise InvalidConference([f"The reasons are {len(text):,} characters long; the most is {TEXT_LIMIT:,}."])
        kept = text if text.strip() else ""
        self._apply(
            Part.PREPARATION,
            "reasons the conference is late",
            lambda c: setattr(c, "late_reasons", kept),
            merge="late_reasons",  # typed as it goes: its saves are one undo step
        )

    # -- children ------------------------------------------------------------------------------------------

    def add_child(
        self,
        name: str,
        date_of_birth: dt.date | None = None,
        expected_delivery_date: dt.date | None = None,
        subject: bool = True,
        nhs_number: str = "",
        child_identifier: str = "",
    ) -> str:
        """A child of the household; returns the child's new id."""
        child = Child(
            new_id("c"),
            _name(name, "the child's name"),
            date_of_birth,
            expected_delivery_date,
            subject,
            nhs_number.strip(),
            child_identifier.strip(),
        )
        self._apply(Part.ATTENDANCE, f"add {child.name}", lambda c: c.children.append(child))
        return child.id

    def edit_child(self, child_id: str, **fields: Any) -> None:
        """Change any of ``name``, ``date_of_birth``, ``expected_delivery_date``, ``subject``, ``nhs_number``,
        ``child_identifier`` of a child."""
        child = self._child(child_id)
        allowed = {"name", "date_of_birth", "expected_delivery_date", "subject", "nhs_number", "child_identifier"}
        if unknown := set(fields) - allowed:
            raise InvalidConference([f"A child has no {', '.join(sorted(unknown))} to change."])
        if "name" in fields:
            fields["name"] = _name(fields["name"], "the child's name")
        for key in ("nhs_number", "child_identifier"):
            if key in fields:
                fields[key] = fields[key].strip()

        def put(c: Conference) -> None:
            target = c.child(child_id)
            assert target is not None
            for key, value in fields.items():
                setattr(target, key, value)

        self._apply(Part.ATTENDANCE, f"change {child.name}'s details", put)

    def remove_child(self, child_id: str) -> None:
        """Remove a child added by mistake: refused once anything typed in the meeting is about them."""
        child = self._child(child_id)
        typed = _typed_about_child(self.conference, child_id)
        if typed:
            raise InvalidConference(
                [
                    f"{child.name} cannot be removed: {_and(typed)} about {child.name} "
                    f"{'is' if len(typed) == 1 else 'are'} recorded. Mark {child.name} as not a subject of the "
                    "conference instead, if that is what changed."
                ]
            )

        def drop(c: Conference) -> None:
            c.children = [x for x in c.children if x.id != child_id]
            for person in c.participants:
                person.contact_with = [x for x in person.contact_with if x != child_id]

        self._apply(Part.ATTENDANCE, f"remove {child.name}", drop)

    # -- invitees ------------------------------------------------------------------------------------------

    def add_invitee(
        self,
        name: str,
        role: str,
        agency: str = "",
        *,
        email: str = "",
        phone: str = "",
        contact_with: list[str] | None = None,
        language: str = "",
        needs_interpreter: bool = False,
        needs_translation: bool = False,
        consent: bool = False,
        report_expected: bool = False,
        address: str = "",
        address_withheld: bool = False,
        report: Report | None = None,
    ) -> str:
        """Someone invited (not yet come); returns their new id. ``report``, when given, is their report with its
        dates (received, shared with the family), expected whatever ``report_expected`` says."""
        person = Participant(
            new_id("p"),
            _name(name, "the person's name"),
            role,
            agency="" if is_family_side(role) else agency.strip(),
            contact_with=list(contact_with or []),
            email=email.strip(),
            phone=phone.strip(),
            language=language.strip(),
            needs_interpreter=needs_interpreter,
            needs_translation=needs_translation,
            consent=consent,
            report=copy.deepcopy(report) if report is not None else Report() if report_expected else None,
            address=address.strip(),
            address_withheld=address_withheld,
        )
        self._check_report(person, person.report)
        self._apply(Part.ATTENDANCE, f"invite {person.name}", lambda c: c.participants.append(person))
        return person.id

    def edit_invitee(self, person_id: str, **fields: Any) -> None:
        """Change any of ``name``, ``role``, ``agency``, ``email``, ``phone``, ``contact_with``, ``language``,
        ``needs_interpreter``, ``needs_translation``, ``consent``, ``address``, ``address_withheld``, ``report``
        (a :class:`Report` when one is expected, None when not) of an invitee: one undo step."""
        person = self._person(person_id)
        allowed = {
            "name",
            "role",
            "agency",
            "email",
            "phone",
            "contact_with",
            "language",
            "needs_interpreter",
            "needs_translation",
            "consent",
            "address",
            "address_withheld",
            "report",
        }
        if unknown := set(fields) - allowed:
            raise InvalidConference([f"An invitee has no {', '.join(sorted(unknown))} to change."])
        if "name" in fields:
            fields["name"] = _name(fields["name"], "the person's name")
        for key in ("agency", "email", "phone", "language"):
            if key in fields:
                fields[key] = fields[key].strip()
        role = fields.get("role", person.role)
        if (
            role != person.role
            and is_family_side(role) != is_family_side(person.role)
            and _part_taken(self.conference, person_id)
        ):
            raise InvalidConference(
                [
                    f"{person.name} has taken part as {ROLE_NAMES.get(person.role, person.role)}: their role cannot "
                    f"become {ROLE_NAMES.get(role, role)} now, as who may read what they said depends on it."
                ]
            )
        if is_family_side(role):
            fields["agency"] = ""
        if "report" in fields:
            self._check_report(person, fields["report"])
            if person.report is not None and fields["report"] is not None:
                kept = copy.deepcopy(person.report)  # what the form does not show is kept
                kept.received, kept.shared_with_family = fields["report"].received, fields["report"].shared_with_family
                fields["report"] = kept

        def put(c: Conference) -> None:
            target = c.participant(person_id)
            assert target is not None
            for key, value in fields.items():
                setattr(target, key, list(value) if key == "contact_with" else copy.deepcopy(value))

        self._apply(Part.ATTENDANCE, f"change {person.name}'s details", put)

    def remove_invitee(self, person_id: str) -> None:
        """Remove someone invited by mistake: refused once they have taken part, or anything typed names them."""
        person = self._person(person_id)
        taken = _part_taken(self.conference, person_id)
        if taken:
            raise InvalidConference(
                [
                    f"{person.name} cannot be removed: {_and(taken)}. If they are not coming, mark their apologies "
                    "instead."
                ]
            )
        self._apply(
            Part.ATTENDANCE,
            f"remove {person.name}",
            lambda c: setattr(c, "participants", [p for p in c.participants if p.id != person_id]),
        )

    # -- reports -------------------------------------------------------------------------------------------

    def _check_report(self, person: Participant, report: Report | None) -> None:
        """Refuse, in words, report dates still to come."""
        today = self.meeting.clock().date()
        received, shared = (report.received, report.shared_with_family) if report else (None, None)
        for when, words in ((received, "received"), (shared, "shared with the family")):
            if when is not None and when > today:
                raise InvalidConference(
                    [f"{person.name}'s report cannot have been {words} on {long_date(when)}: that is still to come."]
                )

    def set_report(
        self,
        person_id: str,
        expected: bool,
        received: dt.date | None = None,
        shared_with_family: dt.date | None = None,
    ) -> None:
        """Whether a report is expected from an invitee, and the dates it reached the chair and was shared with
        the family (RULES.md §2)."""
        person = self._person(person_id)
        if not expected and (received or shared_with_family):
            raise InvalidConference(
                [
                    f"{person.name}'s report has dates (received or shared): mark it as expected, or clear the "
                    "dates first."
                ]
            )
        self.edit_invitee(person_id, report=Report(received, shared_with_family) if expected else None)
