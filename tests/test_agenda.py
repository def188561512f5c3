"""The chair's agenda (chairdesk.agenda): what is due next for every conference on a fixed "today", across bank
holidays, with what is already done, read from a real database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from builders import minimal_conference

from chairdesk import agenda, conference_file, storage
from chairdesk.agenda import OVERDUE, TODAY, TOMORROW, AgendaRow
from chairdesk.storage import Store
from chairdesk.timescales import due_dates

D = dt.date.fromisoformat
CHRISTMAS = {"date": "2027-01-05", "trigger_date": "2026-12-15"}  # reports due over Christmas and New Year


def stored(db: Path, *conferences: dict[str, Any]) -> Store:
    store = Store(db)
    for data in conferences:
        store.save(conference_file.from_json(data), action="import")
    return store


def row_of(rows: list[AgendaRow], ident: str) -> AgendaRow:
    return next(r for r in rows if r.conference_id == ident)


def keys(dues: Any) -> list[str]:
    return [d.key for d in dues]


def test_an_initial_conference_after_new_year_in_england_counts_around_the_bank_holidays(db_path: Path) -> None:
    # Friday 1 January 2027 is New Year's Day; 3 working days before Tuesday 5 January is Wednesday 30 December.
    with stored(db_path, minimal_conference(**CHRISTMAS)) as store:
        before = row_of(agenda.agenda(store, D("2026-12-29")), "test-1")
        on_the_31st = row_of(agenda.agenda(store, D("2026-12-31")), "test-1")
    assert before.next is not None and before.next.key == "sw_report_to_family_by"
    assert (before.next.date, before.next.state, before.next.words) == (D("2026-12-30"), TOMORROW, "due tomorrow")
    assert before.overdue == ()
    assert "3 working days before the conference on Tuesday 5 January 2027" in before.next.rule
    # On the 31st the report to the family is overdue and the one to the chair due today; the deadline for
    # exclusion requests (the 30th) has passed: it is not the chair's work, so it is not counted overdue.
    assert keys(on_the_31st.overdue) == ["sw_report_to_family_by"]
    assert on_the_31st.state == OVERDUE and on_the_31st.next.words == "overdue: it was due Wednesday 30 December 2026"
    assert on_the_31st.coming is not None and on_the_31st.coming.key == "sw_report_to_chair_by"
    assert on_the_31st.coming.state == TODAY
    assert "exclusion_request_by" not in keys(
        agenda.things_due(read(minimal_conference(**CHRISTMAS)), None, False, D("2026-12-31"))
    )


def read(data: dict[str, Any]) -> Any:
    return conference_file.from_json(data)


def test_in_scotland_the_second_of_january_moves_every_deadline_a_day_earlier(db_path: Path) -> None:
    # 2 January is a bank holiday in Scotland only (on a Saturday in 2027, so Monday 4 January instead).
    scottish = minimal_conference(id="scot", region="scotland", **CHRISTMAS)
    english = minimal_conference(id="eng", **CHRISTMAS)
    with stored(db_path, scottish, english) as store:
        rows = agenda.agenda(store, D("2026-12-31"))
    scot, eng = row_of(rows, "scot"), row_of(rows, "eng")
    assert [(d.key, d.date) for d in scot.overdue] == [
        ("sw_report_to_family_by", D("2026-12-29")),
        ("sw_report_to_chair_by", D("2026-12-30")),
    ]  # everything overdue, not only the first
    assert [(d.key, d.date) for d in eng.overdue] == [("sw_report_to_family_by", D("2026-12-30"))]
    assert rows[0] is scot  # the longest overdue first


def test_on_the_last_working_day_before_a_holiday_the_next_working_day_is_due_tomorrow() -> None:
    # Thursday 31 December 2026: the next working day is Monday 4 January (New Year's Day and the weekend).
    monday = read(minimal_conference(date="2027-01-04", trigger_date="2026-12-15"))
    (row,) = agenda.rows([monday], {}, D("2026-12-31"))
    conference = next(d for d in agenda.things_due(monday, None, False, D("2026-12-31")) if d.key == "conference")
    assert conference.state == TOMORROW
    assert conference.words == "due Monday 4 January (the next working day)"
    (later,) = agenda.rows([monday], {}, D("2026-12-23"))
    assert later.coming is not None and later.coming.state == "later"
    assert row.state == OVERDUE  # the social worker's report to the family (Tuesday 29 December)


def test_what_is_done_is_not_due(db_path: Path) -> None:
    data = minimal_conference(**CHRISTMAS)
    data["participants"][0]["report"] = {"received": "2026-12-30", "shared_with_family": "2026-12-29"}
    data["participants"][1]["report"] = {}  # the health visitor's report is expected and not in
    with stored(db_path, data) as store:
        row = row_of(agenda.agenda(store, D("2026-12-31")), "test-1")
    assert keys(row.overdue) == ["agency_reports_by"]
    data["participants"][1]["report"] = {"received": "2026-12-30"}
    (row,) = agenda.rows([read(data)], {}, D("2026-12-31"))
    # Not yet shared with the family (2 working days before a first conference: Thursday 31 December).
    assert "agency_reports_to_family_by" in keys(agenda.things_due(read(data), None, False, D("2026-12-31")))
    data["participants"][1]["report"] = {"received": "2026-12-30", "shared_with_family": "2026-12-30"}
    data["written_views"] = [{"by": "mum", "received": "2026-12-30", "text": ""}]
    (row,) = agenda.rows([read(data)], {}, D("2026-12-31"))
    assert row.overdue == () and row.next is not None and row.next.key == "conference"
    assert "parents_views_by" in keys(
        agenda.things_due(read(minimal_conference(**CHRISTMAS)), None, False, D("2026-12-31"))
    )


def test_after_the_conference_the_outputs_then_the_core_group_and_the_review(db_path: Path) -> None:
    held = minimal_conference(id="held", date="2026-11-10", trigger_date="2026-10-20")
    held["decisions"] = [{"child": "c1", "outcome": "cp-plan", "category": "neglect"}]
    with stored(db_path, held) as store:
        today = D("2027-03-01")
        row = row_of(agenda.agenda(store, today), "held")
        assert keys(row.overdue) == [
            "summary_due",
            "decision_letter_due",
            "decision_letter_to_parents_due",
            "first_core_group_due",
            "record_due",
            "next_review_due",
        ]
        assert row.type_name == "Initial" and row.past(today)
        store.record_outputs("held", ["summary-and-plan"])  # the outputs were produced (the real clock: after it)
        row = row_of(agenda.agenda(store, today), "held")
        assert keys(row.overdue) == ["first_core_group_due", "next_review_due"]
        review = minimal_conference(
            id="review",
            type="review",
            date="2027-02-09",
            previous_conference={"type": "initial", "date": "2026-11-10", "id": "held"},
        )
        del review["trigger_date"]
        store.save(conference_file.from_json(review), action="import")
        rows = agenda.agenda(store, today)
    assert row_of(rows, "held").next is None and row_of(rows, "held").state == agenda.NOTHING_DUE
    assert rows[-1].conference_id == "held"  # nothing due: after every conference with something due
    assert row_of(rows, "review").next is not None


def test_outputs_produced_before_the_conference_day_do_not_count(db_path: Path) -> None:
    later = minimal_conference(date="2027-01-07")
    with stored(db_path, later) as store:
        store.record_outputs("test-1", ["a draft"])  # today, before the conference
        row = row_of(agenda.agenda(store, D("2027-02-20")), "test-1")
    assert "summary_due" in keys(row.overdue)


@pytest.mark.parametrize("outcome", ["no-further-action", "cin-plan", "step-down", "plan-ends"])
def test_no_core_group_or_review_is_due_when_no_plan_was_made(outcome: str) -> None:
    data = minimal_conference(date="2026-11-10", trigger_date="2026-10-20")
    data["decisions"] = [{"child": "c1", "outcome": outcome}]
    (row,) = agenda.rows([read(data)], {"test-1": "2026-11-11T10:00:00"}, D("2027-06-01"))
    assert row.next is None


def test_the_rows_come_with_what_needs_the_chair_first_and_the_filter_finds_a_child() -> None:
    today = D("2026-12-29")
    conferences = [
        minimal_conference(id="later", date="2027-03-02", trigger_date="2027-02-10", family={"name": "Later"}),
        minimal_conference(id="overdue", **CHRISTMAS, family={"name": "Overdue"}),
        minimal_conference(id="today", date="2026-12-29", trigger_date="2026-12-10", family={"name": "Today"}),
        minimal_conference(id="tomorrow", date="2026-12-30", trigger_date="2026-12-10", family={"name": "Tomorrow"}),
    ]
    conferences[1]["date"] = "2027-01-04"  # the report to the family was due on Tuesday 29 December... today
    conferences[1]["type"] = "review"
    conferences[1]["previous_conference"] = {"type": "review", "date": "2026-07-06"}
    conferences[2]["participants"][0]["report"] = {"received": "2026-12-20", "shared_with_family": "2026-12-20"}
    conferences[3]["participants"][0]["report"] = {"received": "2026-12-20", "shared_with_family": "2026-12-20"}
    conferences[3]["children"][0]["name"] = "Zebedee"
    rows = agenda.rows([read(c) for c in conferences], {}, today)
    assert [r.conference_id for r in rows] == ["overdue", "today", "tomorrow", "later"]
    assert [r.state for r in rows] == [OVERDUE, TODAY, TOMORROW, "later"]
    assert [r.conference_id for r in rows if r.matches("zeb")] == ["tomorrow"]
    assert [r.conference_id for r in rows if r.matches("TOD")] == ["today"]
    assert [r.conference_id for r in rows if r.matches("amy over")] == ["overdue"]


def test_the_agenda_reads_the_same_dates_as_opening_the_conference(demo_data: dict[str, Any]) -> None:
    previous = {"type": "pre-birth", "date": "2026-06-01", "id": "x"}
    unborn = {"id": "c1", "name": "Baby", "expected_delivery_date": "2026-09-01", "subject": True}
    for data in (
        demo_data,
        minimal_conference(**CHRISTMAS, region="northern-ireland"),
        minimal_conference(type="review", previous_conference=previous, children=[unborn], start_time="09:30"),
        minimal_conference(type="pre-birth", children=[unborn]),
    ):
        assert due_dates(agenda.read_for_agenda(json.loads(json.dumps(data)))) == due_dates(read(data))
    row = agenda.rows([agenda.read_for_agenda(demo_data)], {}, D("2026-11-01"))[0]
    assert row.children[:3] == ("Mia", "Leo", "Ruby") and len(row.children) == 4
    assert row.start_time == dt.time(10, 0) and "Riverside House" in row.location


def test_a_stored_conference_that_cannot_be_read_is_listed_with_a_sentence_and_the_others_still_are(
    db_path: Path,
) -> None:
    with stored(db_path, minimal_conference(id="good"), minimal_conference(id="bad", family={"name": "Broken"})):
        pass
    with storage.connect(db_path) as connection:
        (document,) = connection.execute("SELECT document FROM conferences WHERE id = 'bad'").fetchone()
        connection.execute("UPDATE conferences SET document = ? WHERE id = 'bad'", (document[: len(document) // 2],))
    connection.close()
    with Store(db_path) as store:
        rows = agenda.agenda(store, D("2026-12-01"))
    assert [r.conference_id for r in rows] == ["good", "bad"]
    assert "cannot be read" in rows[1].problem and rows[1].next is None


def test_on_the_day_a_meeting_that_has_happened_is_held() -> None:
    """On the conference day, once a decision is recorded (or the outputs were produced), the home no longer asks
    for the reports before it and offers its review; before that, it is the conference due today."""
    data = minimal_conference(**CHRISTMAS)
    data["participants"][1]["report"] = {}  # an agency report expected and never received
    day = D(CHRISTMAS["date"])
    (before,) = agenda.rows([read(data)], {}, day)
    assert not before.past(day) and "conference" in keys(before.coming and [before.coming])
    assert "agency_reports_by" in keys(before.overdue)
    data["decisions"] = [{"child": "c1", "outcome": "cp-plan", "category": "neglect"}]
    (held,) = agenda.rows([read(data)], {}, day)
    assert held.past(day) and held.held
    assert "agency_reports_by" not in keys(held.overdue) and "conference" not in keys([held.next] if held.next else [])
    assert "summary_due" in keys(agenda.things_due(read(data), None, False, day))  # now the outputs are due
    (produced,) = agenda.rows([read(minimal_conference(**CHRISTMAS))], {"test-1": f"{CHRISTMAS['date']}T15:00:00"}, day)
    assert produced.held
