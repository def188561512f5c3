"""The register in the core: times to the second, exclusions that start only after someone arrived and hide
exactly what was typed while they were out, quorum judged at each child's decision, and warnings that clear once
their cause has gone (RULES.md §3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from builders import Clock, two_children
from docx_reading import all_text

from chairdesk import conference_file
from chairdesk.board import board_content
from chairdesk.checks import check
from chairdesk.documents import DocumentSettings, produce_outputs
from chairdesk.errors import InvalidConference
from chairdesk.meeting import Meeting
from chairdesk.model import clock_times


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.date(2026, 11, 24))


@pytest.fixture
def meeting(demo_data: dict[str, Any], clock: Clock) -> Meeting:
    demo_data["participants"][9]["exclusions"] = []  # Dean (arrived 10:05) is in the room
    return Meeting(conference_file.from_json(demo_data), clock=clock)


def worries_on_the_board(meeting: Meeting) -> str:
    return board_content(meeting.conference, "views").all_text()


# -- times to the second (issue 8: the minute after the parent came back was hidden from them for good) ------


def test_what_is_typed_after_the_parent_came_back_reaches_them_and_what_was_typed_before_does_not(
    meeting: Meeting, clock: Clock, tmp_path: Path
) -> None:
    clock.at("10:40:20")
    meeting.exclude("father", 5, "The police must share details of an investigation")
    clock.at("11:04:59")
    meeting.add_item("worries", "WHILE-OUT the police found more")
    clock.at("11:05:02")
    meeting.readmit("father")
    clock.at("11:05:10")
    meeting.add_item("worries", "BACK-IN-THE-ROOM Dean agrees to the programme")

    (exclusion,) = meeting.conference.participant("father").exclusions
    assert (exclusion.from_, exclusion.to) == (dt.time(10, 40, 20), dt.time(11, 5, 2))
    board = worries_on_the_board(meeting)
    assert "BACK-IN-THE-ROOM" in board and "WHILE-OUT" not in board

    # The same after saving and loading again (the file keeps the seconds), and in Dean's own copy.
    saved = conference_file.to_json(meeting.conference)
    assert saved["participants"][9]["exclusions"][0]["to"] == "11:05:02"
    loaded = conference_file.from_json(saved)
    assert loaded.participant("father").exclusions[0].to == dt.time(11, 5, 2)
    files = produce_outputs(loaded, tmp_path, DocumentSettings(letter_date=dt.date(2026, 11, 25)))
    deans_copy = all_text(next(f for f in files if "parents-copy-for-dean" in f.name))
    assert "BACK-IN-THE-ROOM" in deans_copy and "WHILE-OUT" not in deans_copy
    record = all_text(next(f for f in files if f.name.endswith("-record.docx")))
    assert "from 10:40 to 11:05" in record  # the chair reads minutes; the seconds are kept in the file


def test_arrivals_and_departures_are_kept_to_the_second(meeting: Meeting, clock: Clock) -> None:
    clock.at("10:12:40")
    meeting.mark_arrived("gp")
    clock.at("11:30:45")
    meeting.mark_left("police")
    ident = meeting.add_participant("Jo Bloggs", "housing", "Housing Options", ["mia"])
    c = meeting.conference
    assert (c.participant("gp").arrived, c.participant("police").left) == (dt.time(10, 12, 40), dt.time(11, 30, 45))
    assert c.participant(ident).arrived == dt.time(11, 30, 45)
    assert conference_file.to_json(c)["participants"][6]["left"] == "11:30:45"


def test_old_files_with_minutes_still_load_and_both_forms_are_checked(demo_data: dict[str, Any]) -> None:
    demo_data["participants"][9]["exclusions"] = [{"from": "10:40", "to": "11:05:30", "ground": 6, "reason": "r"}]
    conference = conference_file.from_json(demo_data)
    assert conference.participant("father").exclusions[0].from_ == dt.time(10, 40)
    again = conference_file.to_json(conference)
    assert again["participants"][9]["exclusions"][0] == {"from": "10:40", "to": "11:05:30", "ground": 6, "reason": "r"}
    assert again["participants"][9]["arrived"] == "10:05"  # written as it came: HH:MM when there are no seconds
    demo_data["participants"][9]["exclusions"][0]["to"] = "10:40:00"  # the same moment as "10:40": not after it
    assert conference_file.validate(demo_data) == ["participants[9].exclusions[0].to: 10:40:00 is not after 10:40"]
    demo_data["participants"][9]["exclusions"][0]["to"] = "11:05:60"
    assert conference_file.validate(demo_data) == [
        'participants[9].exclusions[0].to: "11:05:60" is not a time in the form HH:MM or HH:MM:SS (24-hour)'
    ]


def test_times_are_shown_in_minutes_unless_the_seconds_matter() -> None:
    assert clock_times(dt.time(10, 40, 20), dt.time(11, 5, 2)) == ["10:40", "11:05"]
    assert clock_times(dt.time(10, 40, 20), dt.time(10, 40, 50)) == ["10:40:20", "10:40:50"]
    assert clock_times(dt.time(10, 40), None) == ["10:40", ""]


# -- exclusions: never before they arrived; a back-dated one counted first -----------------------------------


def test_an_exclusion_cannot_begin_before_the_person_arrived(meeting: Meeting, clock: Clock) -> None:
    clock.at("10:50:00")
    before = conference_file.dumps(meeting.conference)
    with pytest.raises(InvalidConference, match=r"Dean Harper arrived at 10:05, so cannot have been out of the room "):
        meeting.exclude("father", 6, "Kerry asked to speak alone", since=dt.time(1, 0))
    with pytest.raises(InvalidConference, match="Say why Dean Harper is to leave the room"):
        meeting.exclude("father", 6, "   ")
    assert conference_file.dumps(meeting.conference) == before and not meeting.can_undo
    meeting.exclude("father", 6, "Kerry asked to speak alone", since=dt.time(10, 5))  # from when he arrived: fine
    assert meeting.conference.participant("father").exclusions[0].from_ == dt.time(10, 5)


def test_the_core_counts_what_a_back_dated_exclusion_would_hide(clock: Clock) -> None:
    meeting = Meeting(conference_file.from_json(two_children()), clock=clock)
    clock.at("10:31:00")
    meeting.add_item("worries", "BEFORE-1032")
    clock.at("10:32:00")
    meeting.add_item("worries", "ONE")
    meeting.add_item("key_points", "TWO")
    meeting.add_item("worries", "CONFIDENTIAL already kept from the family", confidential=True)
    meeting.set_score("police", 2, "THREE")
    meeting.set_view("police", "c2", True, "FOUR")
    meeting.add_dissent("police", "FIVE", "c2")
    meeting.add_action("SIX", "sw")
    meeting.set_plan_fields(contingency="SEVEN")
    clock.at("10:40:00")
    before = conference_file.dumps(meeting.conference)
    assert meeting.would_hide("mum", dt.time(10, 32)) == 7
    assert meeting.would_hide("mum", dt.time(10, 31)) == 8
    assert meeting.would_hide("mum", dt.time(10, 40)) == 0
    assert conference_file.dumps(meeting.conference) == before  # counting changes nothing
    meeting.exclude("mum", 6, "Her partner asked to speak alone", since=dt.time(10, 32))
    board = board_content(meeting.conference, "plan").all_text()
    assert "BEFORE-1032" in board and "ONE" not in board and "TWO" not in board
    assert meeting.would_hide("mum", dt.time(10, 32)) == 0  # hidden now: nothing more to hide


# -- quorum at the time of each child's decision -------------------------------------------------------------


def test_quorum_is_judged_at_each_childs_decision_from_who_was_in_the_room(tmp_path: Path) -> None:
    clock = Clock(dt.date(2027, 1, 7))  # the conference's day: a decision's time is the meeting's only on its day
    meeting = Meeting(conference_file.from_json(two_children()), clock=clock)
    for person in ("sw", "hv", "nur", "police"):
        for child in ("c1", "c2"):
            meeting.set_view(person, child, True, "")
    clock.at("11:20:00")
    meeting.set_decision("c1", "cp-plan", "neglect", "Amy is not fed")
    assert check(meeting.conference).quorate  # Ben: the health visitor and the police are both here
    clock.at("11:30:00")
    meeting.mark_left("police")
    clock.at("11:40:00")
    meeting.set_decision("c2", "cp-plan", "neglect", "Ben is not fed")

    result = check(meeting.conference)
    assert result.children["c1"].quorate and result.children["c1"].at == dt.time(11, 20)
    assert not result.children["c2"].quorate and result.children["c2"].agencies == ["NHS"]
    (problem,) = [p for p in result.problems if p.code == "inquorate"]
    assert problem.child == "c2" and "was not quorate for Ben when the decision was made at 11:40" in problem.message
    assert "inquorate-reason-missing" in [p.code for p in result.problems]
    # The police left before Ben's views were all needed: no view is asked of someone who had gone.
    assert not [p for p in result.problems if p.code == "view-missing"]

    meeting.set_inquorate_reason("Ben's decision could not wait; the police sent a written report")
    files = produce_outputs(meeting.conference, tmp_path, DocumentSettings(letter_date=dt.date(2027, 1, 8)))
    record = all_text(next(f for f in files if f.name.endswith("-record.docx")))
    assert "Yes (at the decision, 11:20)" in record
    assert "No (at the decision, 11:40)" in record
    assert "Ben's decision could not wait" in record  # the reasons for going ahead inquorate are printed


def test_the_live_quorum_counts_only_who_is_in_the_room_now(clock: Clock) -> None:
    meeting = Meeting(conference_file.from_json(two_children()), clock=clock)
    assert check(meeting.conference).children["c2"].quorate
    clock.at("11:30:00")
    meeting.mark_left("police")
    now = check(meeting.conference).children["c2"]
    assert not now.quorate and now.at is None
    meeting.mark_arrived("police")  # came back
    assert check(meeting.conference).children["c2"].quorate


def test_a_decision_with_no_time_is_judged_on_everyone_who_came(demo_data: dict[str, Any]) -> None:
    # The demo's decisions come from a file and have no time; the police left at 11:30, perhaps after them.
    result = check(conference_file.from_json(demo_data))
    assert result.quorate and "County Police" in result.children["baby"].agencies


# -- warnings that clear once their cause has gone -----------------------------------------------------------


@pytest.mark.parametrize(
    "child",
    [
        {"id": "ben", "name": "Ben", "role": "child", "attended": True, "contact_with": ["c2"]},
        {"id": "ben", "name": "Ben Test", "role": "child", "attended": True},
        {"id": "ben", "name": "ben", "role": "child", "attended": False, "apologies": True},  # said no: respected
    ],
    ids=["came, marked as Ben", "came, known by name", "sent apologies"],
)
def test_the_offer_to_take_part_clears_once_the_child_is_invited(child: dict[str, Any]) -> None:
    data = two_children()  # Ben is 12 on the day
    codes = [p.code for p in check(conference_file.from_json(data)).problems]
    assert codes.count("offer-participation") == 1
    data["participants"].append({"agency": "", **child})
    problems = check(conference_file.from_json(data)).problems
    assert "offer-participation" not in [p.code for p in problems]


def test_another_child_in_the_room_does_not_clear_the_offer() -> None:
    data = two_children()
    data["participants"].append({"id": "amy", "name": "Amy", "role": "child", "agency": "", "attended": True})
    assert "offer-participation" in [p.code for p in check(conference_file.from_json(data)).problems]


def test_the_offer_clears_when_the_child_arrives_in_the_meeting(clock: Clock) -> None:
    meeting = Meeting(conference_file.from_json(two_children()), clock=clock)
    meeting.add_participant("Ben", "child", "", ["c2"])
    assert "offer-participation" not in [p.code for p in check(meeting.conference).problems]
