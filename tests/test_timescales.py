"""Working days and due dates (RULES.md §1, §2, §5; CONFERENCE_FILE.md "Dates")."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import minimal_conference

from chairdesk import conference_file
from chairdesk.timescales import DATE_KEYS, EXTRA_DATE_KEYS, WorkingDays, due_dates, long_date

D = dt.date


def dates_of(**overrides: object) -> dict[str, dt.date | None]:
    conference = conference_file.from_json(minimal_conference(**overrides))
    return {key: due.date for key, due in due_dates(conference).items()}


def test_worked_example_across_christmas_and_new_year() -> None:
    # Christmas Day, the substitute Boxing Day on Monday 28 December and New Year's Day are not working days.
    conference = conference_file.from_json(minimal_conference(trigger_date="2026-12-14"))
    due = due_dates(conference)["conference_due"]
    assert due.date == D(2027, 1, 7)
    assert long_date(due.date) == "Thursday 7 January 2027"
    assert due.rule == "15 working days after the strategy discussion on Monday 14 December 2026"


@pytest.mark.parametrize(
    ("region", "start", "expected", "why"),
    [
        ("england-and-wales", D(2026, 12, 14), D(2027, 1, 7), "Christmas in England and Wales"),
        ("scotland", D(2026, 12, 14), D(2027, 1, 8), "Scotland also has the substitute 2 January (Mon 4 Jan)"),
        ("northern-ireland", D(2026, 12, 14), D(2027, 1, 7), "Northern Ireland's Christmas is England's"),
    ],
)
def test_fifteen_working_days_in_each_region(region: str, start: dt.date, expected: dt.date, why: str) -> None:
    assert WorkingDays(region).after(start, 15) == expected, why


@pytest.mark.parametrize(
    ("region", "start", "expected"),
    [
        # Easter 2027: Good Friday 26 March everywhere; Easter Monday 29 March not in Scotland.
        ("england-and-wales", D(2027, 3, 25), D(2027, 3, 30)),
        ("scotland", D(2027, 3, 25), D(2027, 3, 29)),
        ("northern-ireland", D(2027, 3, 25), D(2027, 3, 30)),
        # St Patrick's Day, Wednesday 17 March 2027: Northern Ireland only.
        ("england-and-wales", D(2027, 3, 16), D(2027, 3, 17)),
        ("northern-ireland", D(2027, 3, 16), D(2027, 3, 18)),
        # Battle of the Boyne, Monday 12 July 2027: Northern Ireland only.
        ("northern-ireland", D(2027, 7, 9), D(2027, 7, 13)),
        ("england-and-wales", D(2027, 7, 9), D(2027, 7, 12)),
        # Summer bank holiday: first Monday of August in Scotland, last Monday elsewhere.
        ("scotland", D(2027, 7, 30), D(2027, 8, 3)),
        ("england-and-wales", D(2027, 8, 27), D(2027, 8, 31)),
        # St Andrew's Day, Tuesday 30 November 2027: Scotland only.
        ("scotland", D(2027, 11, 29), D(2027, 12, 1)),
    ],
)
def test_regional_bank_holidays(region: str, start: dt.date, expected: dt.date) -> None:
    assert WorkingDays(region).after(start, 1) == expected


def test_working_days_before_skip_weekends_and_bank_holidays() -> None:
    calendar = WorkingDays()
    # 3 working days before Tuesday 30 March 2027: Mon 29 (Easter Monday), Fri 26 (Good Friday) are not.
    assert calendar.before(D(2027, 3, 30), 3) == D(2027, 3, 23)
    assert calendar.bank_holiday(D(2027, 3, 29)) == "Easter Monday"
    assert calendar.between(D(2026, 12, 14), D(2027, 1, 7)) == 15
    assert calendar.between(D(2027, 1, 7), D(2026, 12, 14)) == -15


def test_month_end_rule_in_a_leap_year() -> None:
    # 30 November 2027 + 3 months is 29 February 2028 (a Tuesday, a working day).
    dates = dates_of(date="2027-11-30", trigger_date="2027-11-10")
    assert dates["next_review_due"] == D(2028, 2, 29)


def test_calendar_deadline_on_a_weekend_moves_back_to_the_working_day_before() -> None:
    # 7 December 2026 + 3 months = Sunday 7 March 2027, so Friday 5 March 2027.
    conference = conference_file.from_json(minimal_conference(date="2026-12-07", trigger_date="2026-11-20"))
    due = due_dates(conference)["next_review_due"]
    assert due.date == D(2027, 3, 5)
    assert "Sunday 7 March 2027 is not a working day" in due.rule


def test_initial_conference_every_date() -> None:
    dates = dates_of(date="2027-01-07", trigger_date="2026-12-14")
    assert list(dates) == [*DATE_KEYS, *EXTRA_DATE_KEYS]
    assert dates == {
        "conference_due": D(2027, 1, 7),
        "sw_report_to_family_by": D(2027, 1, 4),  # Thu 7 Jan - 3 WD: Wed 6, Tue 5, Mon 4
        "sw_report_to_chair_by": D(2027, 1, 5),
        "agency_reports_by": D(2027, 1, 4),
        "parents_views_by": D(2027, 1, 5),
        "exclusion_request_by": D(2027, 1, 4),
        "summary_due": D(2027, 1, 8),
        "decision_letter_due": D(2027, 1, 8),
        "record_due": D(2027, 2, 4),
        "first_core_group_due": D(2027, 1, 21),
        "next_review_due": D(2027, 4, 7),
        "review_agency_reports_by": None,
        "agency_reports_to_family_by": D(2027, 1, 5),  # 2 WD before a first conference (the leaflet)
        "decision_letter_to_parents_due": D(2027, 1, 8),  # within 24 hours (the procedure, for the parents)
    }


def test_report_deadlines_before_a_conference_straddle_new_year() -> None:
    # 3 WD before Monday 4 January 2027: Thu 31 Dec, Wed 30, Tue 29 (Fri 1 Jan and Mon 28 Dec are holidays).
    dates = dates_of(date="2027-01-04", trigger_date="2026-12-10")
    assert dates["sw_report_to_family_by"] == D(2026, 12, 29)
    assert dates["sw_report_to_chair_by"] == D(2026, 12, 30)


def test_transfer_in_is_due_fifteen_working_days_after_notification() -> None:
    conference = conference_file.from_json(
        minimal_conference(type="transfer-in", trigger_date="2027-03-22", date="2027-04-12")
    )
    due = due_dates(conference)["conference_due"]
    # 22 March 2027 + 15 WD, skipping Good Friday 26 March and Easter Monday 29 March.
    assert due.date == D(2027, 4, 14)
    assert "notification of the move" in due.rule


def unborn(edd: str) -> dict[str, object]:
    return {"id": "c1", "name": "Baby", "date_of_birth": None, "expected_delivery_date": edd, "subject": True}


def test_pre_birth_conference_is_due_ten_weeks_before_the_expected_delivery_date() -> None:
    dates = dates_of(type="pre-birth", trigger_date=None, date="2027-02-01", children=[unborn("2027-05-03")])
    # 3 May 2027 - 10 weeks = Monday 22 February 2027.
    assert dates["conference_due"] == D(2027, 2, 22)
    assert dates["first_core_group_due"] == D(2027, 2, 15)
    # Sooner of 1 month after the due date (3 June) and 3 months after the conference (1 May, a Saturday → 30 April).
    assert dates["next_review_due"] == D(2027, 4, 30)


def test_pre_birth_next_review_one_month_after_birth_when_sooner() -> None:
    dates = dates_of(type="pre-birth", trigger_date=None, date="2027-02-01", children=[unborn("2027-03-10")])
    assert dates["next_review_due"] == D(2027, 4, 9)  # 10 April 2027 is a Saturday


def test_pre_birth_without_an_unborn_child_has_no_conference_due_date() -> None:
    conference = conference_file.from_json(minimal_conference(type="pre-birth", trigger_date=None))
    due = due_dates(conference)["conference_due"]
    assert due.date is None
    assert "unborn" in due.rule


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        ({"type": "initial", "date": "2027-01-07"}, D(2027, 4, 7)),
        ({"type": "transfer-in", "date": "2027-01-07"}, D(2027, 4, 7)),
        ({"type": "review", "date": "2027-01-07"}, D(2027, 7, 7)),
        # 31 August 2026 + 6 months = Sunday 28 February 2027, so Friday 26 February.
        ({"type": "review", "date": "2026-08-31"}, D(2027, 2, 26)),
        # 31 August 2027 + 6 months = 29 February 2028 (a leap year; a Tuesday).
        ({"type": "review", "date": "2027-08-31"}, D(2028, 2, 29)),
    ],
)
def test_review_conference_due_from_the_previous_conference(previous: dict[str, str], expected: dt.date) -> None:
    dates = dates_of(type="review", trigger_date=None, previous_conference=previous, date="2027-04-01")
    assert dates["conference_due"] == expected


def test_review_after_pre_birth_uses_the_birth_when_the_child_is_born() -> None:
    baby = {
        "id": "c1",
        "name": "Rosa",
        "date_of_birth": "2027-03-01",
        "expected_delivery_date": "2027-03-10",
        "subject": True,
    }
    previous = {"type": "pre-birth", "date": "2027-01-11"}
    dates = dates_of(type="review", trigger_date=None, previous_conference=previous, date="2027-03-30", children=[baby])
    # Sooner of 1 month after the birth (1 April 2027) and 3 months after the pre-birth conference (11 April).
    assert dates["conference_due"] == D(2027, 4, 1)


def test_review_dates_use_the_review_figures() -> None:
    dates = dates_of(
        type="review",
        trigger_date=None,
        previous_conference={"type": "initial", "date": "2027-01-07"},
        date="2027-04-01",
    )
    # 5 and 3 WD before Thursday 1 April 2027, skipping Easter Monday 29 and Good Friday 26 March.
    assert dates["sw_report_to_family_by"] == D(2027, 3, 23)
    assert dates["sw_report_to_chair_by"] == D(2027, 3, 25)
    # Other agencies' reports: 3 WD before the review (to the core group before it: its date is not known), and
    # shared with the family 5 WD before (the leaflet's figure for any conference but the first).
    assert dates["agency_reports_by"] is None  # the format's: an initial-type conference's only
    assert dates["review_agency_reports_by"] == D(2027, 3, 25)
    assert dates["agency_reports_to_family_by"] == D(2027, 3, 23)
    assert dates["first_core_group_due"] is None
    assert dates["next_review_due"] == D(2027, 10, 1)


@pytest.mark.parametrize("region", ["england-and-wales", "scotland", "northern-ireland"])
def test_the_kept_bank_holidays_are_the_maintained_calendar(region: str) -> None:
    import holidays

    from chairdesk.timescales import CACHED_YEARS, BankHolidays

    made = BankHolidays(region)  # makes the cache file (a fresh data folder per test)
    again = BankHolidays(region)  # reads it back
    code = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}[region]
    library = holidays.country_holidays("GB", subdiv=code, years=range(2025, 2031))
    for day in (D(2025, 1, 1) + dt.timedelta(n) for n in range(365 * 6)):
        assert made.get(day) == again.get(day) == library.get(day), day
    assert again._cached  # noqa: SLF001 (it really came from the file)
    far = D(max(CACHED_YEARS) + 5, 12, 25)
    assert again.get(far) == "Christmas Day"


def test_the_kept_bank_holidays_are_remade_for_the_installed_librarys_version() -> None:
    """The cache file is named by the library's version, read quickly from its install folder: it must be the
    version the package metadata gives, or a new calendar would be read from an old file."""
    from importlib.metadata import version

    from chairdesk.timescales import BankHolidays

    kept = BankHolidays("england-and-wales")
    assert kept._cache_file().name == f"bank-holidays-england-and-wales-holidays-{version('holidays')}.json"  # noqa: SLF001
    assert kept._cache_file().is_file()  # noqa: SLF001


def test_review_after_pre_birth_uses_a_birth_recorded_without_the_due_date() -> None:
    # The reviewer's case: the baby is recorded as a born child (a date of birth, no expected delivery date).
    baby = {"id": "c1", "name": "Rosa", "date_of_birth": "2027-02-01", "expected_delivery_date": None, "subject": True}
    sibling = {"id": "c2", "name": "Amy", "date_of_birth": "2020-05-01", "subject": True}
    previous = {"type": "pre-birth", "date": "2027-01-11"}
    dates = dates_of(
        type="review", trigger_date=None, previous_conference=previous, date="2027-02-25", children=[sibling, baby]
    )
    # 1 month after the birth (Monday 1 March 2027) is sooner than 3 months after the pre-birth conference.
    assert dates["conference_due"] == D(2027, 3, 1)
