"""Preparing a conference without Qt: the new-conference builder, every command of chairdesk.preparation and its
refusals in words, dates as a chair types them, and a prepared conference saved to a real SQLite file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from builders import Clock

from chairdesk import conference_file
from chairdesk.carry_forward import start_review
from chairdesk.changes import Part
from chairdesk.errors import InvalidConference
from chairdesk.meeting import Change, Meeting
from chairdesk.model import Child, Participant, PreviousConference, Report
from chairdesk.preparation import (
    Preparation,
    new_conference,
    nhs_number_problem,
    parse_date,
    parse_time,
)
from chairdesk.storage import Store
from chairdesk.writer import ConferenceWriter

D = dt.date
VALID_NHS = "943 476 5919"  # the NHS's own example of a valid number


def kids(*children: Child) -> list[Child]:
    return list(children) or [Child("", "Amy", date_of_birth=D(2020, 5, 1))]


def refused(call: Any, *words: str) -> str:
    with pytest.raises(InvalidConference) as caught:
        call()
    sentence = " ".join(caught.value.problems)
    for word in words:
        assert word in sentence, sentence
    assert "Traceback" not in sentence
    return sentence


# -- dates as a chair types them -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["03/02/2027", "3/2/2027", "3.2.27", "03-02-2027", "2027-02-03", "3 Feb 2027", "Wednesday 3rd February 2027"],
)
def test_a_date_is_read_as_a_uk_chair_types_it(typed: str) -> None:
    assert parse_date(typed) == D(2027, 2, 3)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("31/02/2027", "does not exist: February 2027 has 28 days"),
        ("29/02/2027", "February 2027 has 28 days"),
        ("31/04/2027", "April 2027 has 30 days"),
        ("13/13/2027", "no month 13"),
        ("next Tuesday", "not a date ChairDesk can read"),
    ],
)
def test_a_date_that_does_not_exist_is_refused_in_words(typed: str, words: str) -> None:
    refused(lambda: parse_date(typed, "The conference date"), "The conference date", words)


def test_a_leap_day_and_empty_text() -> None:
    assert parse_date("29/02/2028") == D(2028, 2, 29)
    assert parse_date("  ") is None


@pytest.mark.parametrize(
    ("typed", "time"), [("10:00", (10, 0)), ("9.30", (9, 30)), ("2pm", (14, 0)), ("1430", (14, 30))]
)
def test_a_time_as_typed(typed: str, time: tuple[int, int]) -> None:
    assert parse_time(typed) == dt.time(*time)


def test_a_time_that_is_not_one_is_refused() -> None:
    refused(lambda: parse_time("25:00"), "not a time of day")


def test_nhs_numbers_are_checked_with_their_check_digit() -> None:
    assert nhs_number_problem(VALID_NHS, "Amy's") is None
    assert "check digit" in (nhs_number_problem("943 476 5918", "Amy's") or "")
    assert "10 digits" in (nhs_number_problem("12345", "Amy's") or "")
    assert nhs_number_problem("", "Amy's") is None


# -- a new conference ---------------------------------------------------------------------------------------


def test_an_initial_conference_is_made_with_ids_and_passes_the_format() -> None:
    sw = Participant("", "Sara Jones", "social-worker", agency="Children's Services")
    made = new_conference(
        "initial",
        D(2027, 1, 7),
        " Test ",
        kids(),
        [sw],
        trigger_date=D(2026, 12, 14),
        start_time=dt.time(10),
        location="Guildhall",
    )
    assert made.id is None and made.family.name == "Test"
    assert made.children[0].id and made.participants[0].id
    assert conference_file.validate(conference_file.to_json(made)) == []


@pytest.mark.parametrize(
    ("kind", "extra", "words"),
    [
        ("initial", {}, "strategy discussion"),
        ("transfer-in", {}, "notification of the move"),
        ("review", {}, "previous conference"),
        ("initial", {"trigger_date": D(2027, 2, 1)}, "is after the conference"),
        ("review", {"previous": PreviousConference("initial", D(2027, 2, 1))}, "is not before this review"),
    ],
)
def test_what_the_type_needs_is_asked_for(kind: str, extra: dict[str, Any], words: str) -> None:
    refused(lambda: new_conference(kind, D(2027, 1, 7), "Test", kids(), **extra), words)


def test_a_pre_birth_conference_needs_an_unborn_child_with_its_expected_delivery_date() -> None:
    refused(lambda: new_conference("pre-birth", D(2027, 1, 7), "Test", kids()), "unborn child")
    no_date = Child("", "Baby Test")
    refused(lambda: new_conference("pre-birth", D(2027, 1, 7), "Test", [no_date]), "for an unborn child the expected")
    baby = Child("", "Baby Test", expected_delivery_date=D(2027, 4, 30), nhs_number=VALID_NHS)
    made = new_conference("pre-birth", D(2027, 1, 7), "Test", [baby])
    assert made.children[0].unborn


def test_a_child_with_both_dates_and_other_faults_are_all_said_at_once() -> None:
    both = Child("", "Amy", date_of_birth=D(2020, 5, 1), expected_delivery_date=D(2027, 3, 1))
    later = Child("", "Ben", date_of_birth=D(2027, 6, 1))
    wrong = Child("", "Cat", date_of_birth=D(2021, 1, 1), nhs_number="943 476 5918")
    sentence = refused(
        lambda: new_conference("initial", D(2027, 1, 7), "", [both, later, wrong], trigger_date=D(2026, 12, 14)),
        "family's name",
        "Amy has both a date of birth and an expected delivery date",
        "Ben's date of birth",
        "Cat's NHS number",
    )
    assert sentence.count(".") >= 4


def test_an_unborn_childs_nhs_number_is_the_mothers() -> None:
    baby = Child("", "Baby", expected_delivery_date=D(2027, 4, 30), nhs_number="123")
    refused(lambda: new_conference("pre-birth", D(2027, 1, 7), "Test", [baby]), "Baby's mother's NHS number")


def test_a_review_keeps_what_the_form_does_not_show(demo_data: dict[str, Any]) -> None:
    previous = conference_file.from_json(demo_data)
    start = start_review(previous, D(2027, 2, 18))
    made = new_conference(
        "review",
        D(2027, 2, 18),
        start.family.name,
        start.children,
        start.participants[:-1],
        previous=start.previous_conference,
        start=start,
    )
    assert made.carried_forward is not None and made.carried_forward.danger_statements
    assert made.previous_conference == start.previous_conference
    assert [p.id for p in made.participants] == [p.id for p in start.participants[:-1]]


def test_an_invitee_who_knows_a_child_not_in_the_conference_is_refused() -> None:
    person = Participant("", "Hana", "health-visitor", agency="NHS", contact_with=["nobody"])
    refused(
        lambda: new_conference("initial", D(2027, 1, 7), "T", kids(), [person], trigger_date=D(2026, 12, 14)),
        "Hana is said to know a child",
    )


# -- the commands over a meeting ----------------------------------------------------------------------------


@pytest.fixture
def meeting(demo_data: dict[str, Any]) -> Meeting:
    demo_data["participants"][9]["exclusions"] = []
    return Meeting(conference_file.from_json(demo_data), clock=Clock(D(2026, 11, 20)))


@pytest.fixture
def prep(meeting: Meeting) -> Preparation:
    return Preparation(meeting)


def unchanged(meeting: Meeting, call: Any, *words: str) -> str:
    """The call is refused in words and changes nothing."""
    before = conference_file.to_json(meeting.conference)
    steps = meeting.can_undo, meeting.undo_text
    sentence = refused(call, *words)
    assert conference_file.to_json(meeting.conference) == before
    assert (meeting.can_undo, meeting.undo_text) == steps
    return sentence


def test_details_change_in_one_undo_step_and_tell_the_console(meeting: Meeting, prep: Preparation) -> None:
    heard: list[Change] = []
    meeting.subscribe(heard.append)
    prep.set_details(date=D(2026, 11, 26), start_time=dt.time(14), location="Room 4", family_name="Harper-Jones")
    c = meeting.conference
    assert (c.date, c.start_time, c.location, c.family.name) == (D(2026, 11, 26), dt.time(14), "Room 4", "Harper-Jones")
    assert [h.parts for h in heard] == [Part.PREPARATION]
    meeting.undo()
    assert meeting.conference.date == D(2026, 11, 24) and meeting.conference.family.name == "Harper"


def test_details_that_break_the_type_are_refused(meeting: Meeting, prep: Preparation) -> None:
    unchanged(meeting, lambda: prep.set_details(type="review"), "previous conference")
    unchanged(meeting, lambda: prep.set_details(trigger_date=D(2026, 12, 1)), "after the conference")
    unchanged(meeting, lambda: prep.set_details(family_name="  "), "family's name")
    prep.set_details(type="review", previous=PreviousConference("initial", D(2026, 8, 20)))
    assert meeting.conference.trigger_date is None  # a review's clock starts at the previous conference


def test_late_reasons_are_kept_as_typed(meeting: Meeting, prep: Preparation) -> None:
    prep.set_late_reasons("  The family asked for a new date.\n")
    assert meeting.conference.late_reasons == "  The family asked for a new date.\n"
    unchanged(meeting, lambda: prep.set_late_reasons("x" * 20_001), "the most is")


def test_children_are_added_edited_and_removed(meeting: Meeting, prep: Preparation) -> None:
    ident = prep.add_child(" Zoe ", date_of_birth=D(2024, 3, 2), nhs_number=VALID_NHS, child_identifier="CI-77")
    zoe = meeting.conference.child(ident)
    assert zoe is not None and zoe.name == "Zoe" and zoe.nhs_number == VALID_NHS
    prep.edit_child(ident, name="Zoë", subject=False)
    assert (zoe := meeting.conference.child(ident)) and zoe.name == "Zoë" and not zoe.subject
    prep.edit_invitee("hv", contact_with=["ruby", ident])
    prep.remove_child(ident)
    assert meeting.conference.child(ident) is None
    assert ident not in meeting.conference.participant("hv").contact_with  # type: ignore[union-attr]
    meeting.undo()
    assert meeting.conference.child(ident) is not None


def test_a_childs_bad_details_are_refused_by_name(meeting: Meeting, prep: Preparation) -> None:
    unchanged(meeting, lambda: prep.add_child("", date_of_birth=D(2020, 1, 1)), "child's name")
    unchanged(
        meeting,
        lambda: prep.add_child("Zoe", date_of_birth=D(2020, 1, 1), expected_delivery_date=D(2027, 1, 1)),
        "Zoe has both",
    )
    unchanged(meeting, lambda: prep.edit_child("leo", nhs_number="943 476 5918"), "Leo's NHS number")
    unchanged(meeting, lambda: prep.edit_child("baby", expected_delivery_date=None), "Give Baby's date of birth")
    unchanged(meeting, lambda: prep.edit_child("leo", colour="red"), "no colour")


@pytest.mark.parametrize(
    ("child", "words"),
    [
        ("mia", ["Mia cannot be removed", "a view on significant harm", "a decision", "an outcome of the plan"]),
        ("leo", ["Leo cannot be removed"]),
    ],
)
def test_a_child_something_is_typed_about_cannot_be_removed(
    meeting: Meeting, prep: Preparation, child: str, words: list[str]
) -> None:
    sentence = unchanged(meeting, lambda: prep.remove_child(child), *words)
    assert "not a subject" in sentence


def test_a_child_with_only_a_score_or_participation_cannot_be_removed(meeting: Meeting, prep: Preparation) -> None:
    ident = prep.add_child("Zoe", date_of_birth=D(2024, 3, 2))
    meeting.set_score("sw", 5, "reason", child_id=ident)
    unchanged(meeting, lambda: prep.remove_child(ident), "Zoe cannot be removed", "a scaling score")


def test_invitees_are_added_edited_and_removed(meeting: Meeting, prep: Preparation) -> None:
    ident = prep.add_invitee(
        " Ola Nowak ",
        "interpreter",
        "Language Line",
        email="ola@example.org",
        phone="01604 000000",
        language="Polish",
        report_expected=False,
    )
    ola = meeting.conference.participant(ident)
    # An interpreter is on no side of the room: their agency is kept (a family member's is not asked).
    assert ola is not None and ola.name == "Ola Nowak" and ola.agency == "Language Line" and not ola.attended
    prep.edit_invitee(ident, needs_interpreter=True, language="Polish", role="communication-facilitator")
    assert meeting.conference.participant(ident).role == "communication-facilitator"  # type: ignore[union-attr]
    lead = prep.add_invitee("Jo Bell", "lead-practitioner", "Children's Services", contact_with=["mia"])
    prep.edit_invitee(lead, agency="North Children's Services", email="jo@example.org", contact_with=["mia", "leo"])
    jo = meeting.conference.participant(lead)
    assert jo is not None and jo.contact_with == ["mia", "leo"] and jo.agency == "North Children's Services"
    prep.remove_invitee(ident)
    assert meeting.conference.participant(ident) is None
    meeting.undo()
    assert meeting.conference.participant(ident) is not None


def test_an_invitees_bad_details_are_refused(meeting: Meeting, prep: Preparation) -> None:
    unchanged(meeting, lambda: prep.add_invitee("  ", "police"), "person's name")
    unchanged(meeting, lambda: prep.add_invitee("Ann", "wizard"), "Ann: choose their role")
    unchanged(meeting, lambda: prep.edit_invitee("hv", email="nadia at nhs"), "Nadia Malik's e-mail")
    unchanged(meeting, lambda: prep.edit_invitee("hv", contact_with=["ghost"]), "Nadia Malik is said to know")
    unchanged(meeting, lambda: prep.edit_invitee("nobody", name="X"), "not invited")


@pytest.mark.parametrize(
    ("person", "words"),
    [
        ("sw", ["Priya Shah cannot be removed", "marked as arrived", "scaling score", "in the plan"]),
        ("hv", ["Nadia Malik cannot be removed"]),
        ("father", ["Dean Harper cannot be removed"]),
    ],
)
def test_someone_who_has_taken_part_cannot_be_removed(
    meeting: Meeting, prep: Preparation, person: str, words: list[str]
) -> None:
    sentence = unchanged(meeting, lambda: prep.remove_invitee(person), *words)
    assert "mark their apologies instead" in sentence


def test_each_way_of_taking_part_keeps_an_invitee(meeting: Meeting, prep: Preparation) -> None:
    """Each kind of part taken, alone, refuses the removal with its own words."""
    c = meeting.conference
    ways = {
        "they gave a view": lambda i: meeting.set_view(i, "mia", True, "worried"),
        "their dissent is recorded": lambda i: meeting.add_dissent(i, "disagree", child_id="mia"),
        "they are in the plan": lambda i: meeting.add_action("Visit weekly", i, child_id="mia"),
        "they are marked as arrived": lambda i: meeting.mark_arrived(i),
    }
    for words, act in ways.items():
        ident = prep.add_invitee(f"Someone {len(c.participants)}", "police", "Police", contact_with=["mia"])
        act(ident)
        unchanged(meeting, lambda ident=ident: prep.remove_invitee(ident), words.split(" ", 1)[1])


def test_someone_something_is_kept_from_cannot_be_removed(meeting: Meeting, prep: Preparation) -> None:
    """Removing them would lose what keeps a typed thing from them (promise 2)."""
    ident = prep.add_invitee("Uncle Ray", "family-member")
    meeting.conference.worries[0].typed_while_out.append(ident)
    unchanged(meeting, lambda: prep.remove_invitee(ident), "kept from them")


def test_a_family_member_who_took_part_cannot_become_a_professional(meeting: Meeting, prep: Preparation) -> None:
    unchanged(meeting, lambda: prep.edit_invitee("father", role="police"), "Dean Harper has taken part")


def test_reports_expected_received_and_shared(meeting: Meeting, prep: Preparation) -> None:
    prep.set_report("police", True)
    assert meeting.conference.participant("police").report == Report()  # type: ignore[union-attr]
    prep.set_report("police", True, received=D(2026, 11, 18), shared_with_family=D(2026, 11, 19))
    report = meeting.conference.participant("police").report  # type: ignore[union-attr]
    assert report is not None and (report.received, report.shared_with_family) == (D(2026, 11, 18), D(2026, 11, 19))
    unchanged(meeting, lambda: prep.set_report("police", False, received=D(2026, 11, 18)), "clear the dates")
    unchanged(meeting, lambda: prep.set_report("police", True, received=D(2026, 12, 1)), "still to come")
    prep.set_report("police", False)
    assert meeting.conference.participant("police").report is None  # type: ignore[union-attr]


def test_a_prepared_conference_is_saved_by_the_writer_and_read_back(tmp_path: Path, demo_data: dict[str, Any]) -> None:
    db = tmp_path / "chairdesk.sqlite"
    made = new_conference(
        "transfer-in",
        D(2027, 1, 14),
        "Okafor",
        [Child("", "Tolu", date_of_birth=D(2015, 6, 1), nhs_number=VALID_NHS, child_identifier="CI-1")],
        [Participant("", "Ruth", "other-local-authority", agency="Leeds City Council")],
        trigger_date=D(2026, 12, 18),
    )
    with Store(db) as store:
        ident = store.save(made, action="create")
    with Store(db) as store:
        conference = store.load(ident)
        version = store.known_version(ident) or 0
    meeting = Meeting(conference, clock=Clock(D(2027, 1, 4)))
    writer = ConferenceWriter(db, on_saved=lambda _i: None, on_error=lambda _s: None)
    writer.expect_version(ident, version)
    meeting.subscribe(lambda _change: writer.save(meeting.conference))
    prep = Preparation(meeting)
    prep.add_invitee("Sam", "lead-practitioner", "Children's Services", contact_with=[conference.children[0].id])
    prep.set_late_reasons("Waiting for the interpreter.")
    assert writer.close()
    with Store(db) as store:
        back = store.load(ident)
    assert back.type == "transfer-in" and back.trigger_date == D(2026, 12, 18)
    assert back.children[0].nhs_number == VALID_NHS and back.children[0].child_identifier == "CI-1"
    assert [p.name for p in back.participants] == ["Ruth", "Sam"]
    assert back.late_reasons == "Waiting for the interpreter."
