"""Working days and every due date of a conference (RULES.md §1, §2, §5; CONFERENCE_FILE.md "Dates").

A working day is Monday to Friday and not a bank holiday of the conference's region, from the maintained
``holidays`` calendar. Each due date comes with the sentence of the rule that produced it, so the chair can
see why a date is what it is.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dateutil.relativedelta import relativedelta

from chairdesk import log_privacy, paths
from chairdesk.model import Conference

log = logging.getLogger(__name__)

# holidays' subdivisions of the United Kingdom. England and Wales share their bank holidays.
_SUBDIVISIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}

DATE_KEYS = (
    "conference_due",
    "sw_report_to_family_by",
    "sw_report_to_chair_by",
    "agency_reports_by",
    "parents_views_by",
    "exclusion_request_by",
    "summary_due",
    "decision_letter_due",
    "record_due",
    "first_core_group_due",
    "next_review_due",
)
# Due dates ChairDesk adds to the conference file's (CONFERENCE_FILE.md "Dates" fixes DATE_KEYS, which `chairdesk
# dates --json` prints): other agencies' reports before a review, each agency's report shared with the family, and
# the decision letter to the parents, due within 24 hours (the procedure's figure, P §13: `decision_letter_due`, one
# working day, is for everyone else).
EXTRA_DATE_KEYS = ("review_agency_reports_by", "agency_reports_to_family_by", "decision_letter_to_parents_due")

DATE_LABELS = {
    "conference_due": "Conference due by",
    "sw_report_to_family_by": "Social worker's report to the family by",
    "sw_report_to_chair_by": "Social worker's report to the chair by",
    "agency_reports_by": "Other agencies' reports by",
    "review_agency_reports_by": "Other agencies' reports (before the review's core group) by",
    "agency_reports_to_family_by": "Other agencies' reports shared with the family by",
    "parents_views_by": "Parents' written views by",
    "exclusion_request_by": "Requests to exclude a family member by",
    "summary_due": "Written summary and plan due",
    "decision_letter_due": "Decision letters to everyone else due",
    "decision_letter_to_parents_due": "Decision letter to the parents due",
    "record_due": "Conference record due",
    "first_core_group_due": "First core group meeting by",
    "next_review_due": "Next review conference by",
}

_TYPE_NAMES = {
    "initial": "initial conference",
    "pre-birth": "pre-birth conference",
    "transfer-in": "transfer-in conference",
    "review": "review conference",
}


def long_date(day: dt.date) -> str:
    """A date as people write it in the UK: ``Thursday 7 January 2027``."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _working_days(count: int) -> str:
    return "1 working day" if count == 1 else f"{count} working days"


# Other agencies' reports before a review (see _Rules.agency_reports_by).
REVIEW_AGENCY_REPORT_DAYS = 3

# The years kept ready from the calendar; a date outside them asks the holidays library itself.
CACHED_YEARS = range(2000, 2071)


def _holidays_version() -> str:
    """The installed ``holidays`` library's version, read from its ``.dist-info`` folder's name beside the package:
    ``importlib.metadata.version`` scans every installed distribution, which took a twentieth of a second of the
    console's start-up. Falls back to it where the folder is not found (a zipped or unusual install)."""
    spec = importlib.util.find_spec("holidays")
    folders = (spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        found = sorted(Path(folder).parent.glob("holidays-*.dist-info"))
        if len(found) == 1:
            return found[0].name.removeprefix("holidays-").removesuffix(".dist-info")
    from importlib.metadata import version

    return version("holidays")


class BankHolidays:
    """The bank holidays of one region, from the maintained ``holidays`` calendar.

    Loading that library takes a noticeable part of a second (it reads every country's calendar), so the
    region's holidays for ``CACHED_YEARS`` are kept in a small file in the user's cache folder, made from the
    library and remade whenever its version changes. Dates outside those years go to the library directly.
    """

    def __init__(self, region: str) -> None:
        self.region = region
        self._library_version = _holidays_version()
        self._live = None
        self._cached = self._load()

    def _live_calendar(self):  # noqa: ANN202 (a holidays.HolidayBase)
        if self._live is None:
            import holidays

            self._live = holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[self.region])
        return self._live

    def _cache_file(self):  # noqa: ANN202 (a Path)
        return paths.cache_dir() / f"bank-holidays-{self.region}-holidays-{self._library_version}.json"

    def _load(self) -> dict[dt.date, str]:
        file = self._cache_file()
        try:
            return {dt.date.fromisoformat(d): name for d, name in json.loads(file.read_text("utf-8")).items()}
        except (OSError, ValueError):
            pass
        calendar = self._live_calendar()
        table = dict(calendar.__class__(subdiv=_SUBDIVISIONS[self.region], years=CACHED_YEARS).items())
        try:
            paths.private_folder(file.parent)
            paths.write_atomically(file, json.dumps({d.isoformat(): n for d, n in sorted(table.items())}).encode())
        except OSError as error:  # only slower next time; the dates themselves are right either way
            log.warning("could not keep the bank holidays in the cache: %s", log_privacy.kind_of(error))
        return table

    def get(self, day: dt.date) -> str | None:
        if day.year in CACHED_YEARS:
            return self._cached.get(day)
        return self._live_calendar().get(day)

    def __contains__(self, day: dt.date) -> bool:
        return self.get(day) is not None


class WorkingDays:
    """Working days in one UK region."""

    def __init__(self, region: str = "england-and-wales") -> None:
        if region not in _SUBDIVISIONS:
            raise ValueError(f"unknown region {region!r}")
        self.region = region
        self._bank_holidays = BankHolidays(region)

    def bank_holiday(self, day: dt.date) -> str | None:
        """The name of the bank holiday on ``day``, or None."""
        return self._bank_holidays.get(day)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self._bank_holidays

    def after(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``day``."""
        return self._step(day, count, 1)

    def before(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day before ``day``."""
        return self._step(day, count, -1)

    def _step(self, day: dt.date, count: int, direction: int) -> dt.date:
        if count < 1:
            raise ValueError("count must be at least 1")
        while count:
            day += dt.timedelta(days=direction)
            if self.is_working_day(day):
                count -= 1
        return day

    def on_or_before(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the last working day before it."""
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        """How many working days after ``start`` up to and including ``end`` (negative if end is earlier)."""
        sign, (low, high) = (1, (start, end)) if start <= end else (-1, (end, start))
        days = sum(1 for n in range(1, (high - low).days + 1) if self.is_working_day(low + dt.timedelta(n)))
        return sign * days


@cache
def working_days(region: str = "england-and-wales") -> WorkingDays:
    """The shared calendar of ``region``."""
    return WorkingDays(region)


@dataclass(frozen=True)
class DueDate:
    """A due date and the rule that produced it. ``date`` is None where the rule does not apply."""

    key: str
    date: dt.date | None
    rule: str

    @property
    def label(self) -> str:
        return DATE_LABELS[self.key]


class _Rules:
    """The rules of CONFERENCE_FILE.md "Dates", applied to one conference."""

    def __init__(self, conference: Conference) -> None:
        self.conference = conference
        self.calendar = working_days(conference.region)

    def days_after(self, key: str, start: dt.date, count: int, what: str) -> DueDate:
        return DueDate(key, self.calendar.after(start, count), f"{_working_days(count)} after {what}")

    def days_before(self, key: str, count: int) -> DueDate:
        held = self.conference.date
        what = f"before the conference on {long_date(held)}"
        return DueDate(key, self.calendar.before(held, count), f"{_working_days(count)} {what}")

    def calendar_after(self, start: dt.date, step: relativedelta, words: str, what: str) -> tuple[dt.date, str]:
        """``start`` + ``step``, moved back to a working day; with its sentence."""
        exact = start + step
        due = self.calendar.on_or_before(exact)
        sentence = f"{words} after {what}"
        if due != exact:
            sentence += f" ({long_date(exact)} is not a working day, so the working day before)"
        return due, sentence

    def sooner(self, key: str, *candidates: tuple[dt.date, str] | None) -> DueDate:
        real = [c for c in candidates if c is not None]
        due, sentence = min(real, key=lambda c: c[0])
        if len(real) > 1:
            sentence = "the sooner of " + " and ".join(s.split(" (")[0] for _, s in real) + f": {sentence}"
        return DueDate(key, due, sentence)

    def earliest_expected_delivery(self) -> dt.date | None:
        dates = [c.expected_delivery_date for c in self.conference.subject_children if c.expected_delivery_date]
        return min(dates, default=None)

    # -- the dates ---------------------------------------------------------------------------------------

    def conference_due(self) -> DueDate:
        c = self.conference
        key = "conference_due"
        if c.type in ("initial", "transfer-in"):
            if c.trigger_date is None:
                return DueDate(key, None, "needs the date of the trigger (trigger_date)")
            what = "the strategy discussion" if c.type == "initial" else "the notification of the move"
            return self.days_after(key, c.trigger_date, 15, f"{what} on {long_date(c.trigger_date)}")
        if c.type == "pre-birth":
            due_date = self.earliest_expected_delivery()
            if due_date is None:
                return DueDate(key, None, "needs an unborn subject child with an expected delivery date")
            exact = due_date - relativedelta(weeks=10)
            due = self.calendar.on_or_before(exact)
            sentence = f"10 weeks before the expected delivery date, {long_date(due_date)}"
            if due != exact:
                sentence += f" ({long_date(exact)} is not a working day, so the working day before)"
            return DueDate(key, due, sentence)
        previous = c.previous_conference
        if previous is None:
            return DueDate(key, None, "needs the previous conference (previous_conference)")
        what = f"the {_TYPE_NAMES.get(previous.type, 'conference')} on {long_date(previous.date)}"
        if previous.type in ("initial", "transfer-in"):
            return DueDate(key, *self.calendar_after(previous.date, relativedelta(months=3), "3 months", what))
        if previous.type == "pre-birth":
            return self.sooner(
                key,
                self.birth_plus_one_month(),
                self.calendar_after(previous.date, relativedelta(months=3), "3 months", what),
            )
        return DueDate(key, *self.calendar_after(previous.date, relativedelta(months=6), "6 months", what))

    def birth_plus_one_month(self) -> tuple[dt.date, str] | None:
        """1 month after the birth of the child the pre-birth conference was about: a subject child who was
        unborn then (an expected delivery date) or born since it (its date of birth on or after it)."""
        previous = self.conference.previous_conference
        births = []
        for child in self.conference.subject_children:
            born = child.date_of_birth
            if born and (child.expected_delivery_date or (previous and born >= previous.date)):
                births.append((born, f"the birth of {child.name} on {long_date(born)}"))
            elif born is None and child.expected_delivery_date:
                day = child.expected_delivery_date
                births.append((day, f"the expected delivery date, {long_date(day)}"))
        if not births:
            return None
        day, what = min(births)
        return self.calendar_after(day, relativedelta(months=1), "1 month", what)

    def next_review_due(self) -> DueDate:
        c = self.conference
        key = "next_review_due"
        this = f"this conference on {long_date(c.date)}"
        if c.type in ("initial", "transfer-in"):
            return DueDate(key, *self.calendar_after(c.date, relativedelta(months=3), "3 months", this))
        if c.type == "pre-birth":
            due_date = self.earliest_expected_delivery()
            birth = None
            if due_date is not None:
                what = f"the expected delivery date, {long_date(due_date)}"
                birth = self.calendar_after(due_date, relativedelta(months=1), "1 month", what)
            three_months = self.calendar_after(c.date, relativedelta(months=3), "3 months", this)
            return self.sooner(key, birth, three_months)
        return DueDate(key, *self.calendar_after(c.date, relativedelta(months=6), "6 months", this))

    def review_agency_reports_by(self) -> DueDate:
        """Other agencies' reports before a review (RULES.md §2) go to the core group that meets before it, whose
        date ChairDesk does not know: 3 working days before the review itself (ChairDesk's choice, said in the
        rule). The format's ``agency_reports_by`` is for an initial-type conference only."""
        key = "review_agency_reports_by"
        if self.conference.is_initial_type:
            return DueDate(key, None, "applies to a review conference only (see agency_reports_by)")
        due = self.days_before(key, REVIEW_AGENCY_REPORT_DAYS)
        why = "they go to the core group that meets before the review, whose date is not recorded here"
        return DueDate(key, due.date, f"{due.rule}: {why}")

    def agency_reports_to_family_by(self) -> DueDate:
        """Each professional shares their report with the family 2 working days before the first conference, 5
        before any other (the parents' leaflet, L §2)."""
        first = self.conference.is_initial_type
        due = self.days_before("agency_reports_to_family_by", 2 if first else 5)
        why = "a first conference" if first else "not a first conference"
        return DueDate(due.key, due.date, f"{due.rule} ({why}: the parents' leaflet's figure)")

    def decision_letter_to_parents_due(self) -> DueDate:
        """The procedure sends the parents their decision letter within 24 hours of the conference (P §13): the day
        after it, whatever day that is. Hours are hours: a weekend or a bank holiday does not move it, as it moves
        the one working day everyone else's letter has (``decision_letter_due``)."""
        c = self.conference
        at = f"{c.start_time:%H:%M}" if c.start_time else ""
        began = f", which began at {at} (so by {at} the next day)" if at else ""
        sentence = (
            f"within 24 hours of the conference on {long_date(c.date)}{began}: the procedure's figure for the "
            "parents, which weekends and bank holidays do not move"
        )
        return DueDate("decision_letter_to_parents_due", c.date + dt.timedelta(days=1), sentence)

    def all(self) -> dict[str, DueDate]:
        c = self.conference
        initial = c.is_initial_type
        not_for_review = "does not apply to a review conference"
        held = f"the conference on {long_date(c.date)}"
        dates = [
            self.conference_due(),
            self.days_before("sw_report_to_family_by", 3 if initial else 5),
            self.days_before("sw_report_to_chair_by", 2 if initial else 3),
            self.days_before("agency_reports_by", 3) if initial else DueDate("agency_reports_by", None, not_for_review),
            self.days_before("parents_views_by", 2),
            self.days_before("exclusion_request_by", 3),
            self.days_after("summary_due", c.date, 1, held),
            self.days_after("decision_letter_due", c.date, 1, held),
            self.days_after("record_due", c.date, 20, held),
            self.days_after("first_core_group_due", c.date, 10, held)
            if initial
            else DueDate("first_core_group_due", None, not_for_review),
            self.next_review_due(),
            self.review_agency_reports_by(),
            self.agency_reports_to_family_by(),
            self.decision_letter_to_parents_due(),
        ]
        return {d.key: d for d in dates}


def due_dates(conference: Conference) -> dict[str, DueDate]:
    """Every due date of ``conference``, keyed and ordered as ``DATE_KEYS`` then ``EXTRA_DATE_KEYS``."""
    return _Rules(conference).all()
