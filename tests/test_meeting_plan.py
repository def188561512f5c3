"""The meeting's corrections for the scaling, decision and plan stages: each checks its input, is one undo step,
and tells the listeners what changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from builders import minimal_conference

from chairdesk import conference_file
from chairdesk.changes import Part
from chairdesk.errors import InvalidConference
from chairdesk.meeting import Change, Meeting
from chairdesk.timescales import due_dates


@pytest.fixture
def meeting(demo_data: dict[str, Any]) -> Meeting:
    return Meeting(conference_file.from_json(demo_data), clock=lambda: dt.datetime(2026, 11, 24, 11, 40))


def heard(meeting: Meeting) -> list[Change]:
    changes: list[Change] = []
    meeting.subscribe(changes.append)
    return changes


def test_a_score_is_taken_back_for_the_right_child_only(meeting: Meeting) -> None:
    meeting.set_score("sw", 2, "For Mia alone", child_id="mia")
    changes = heard(meeting)
    meeting.delete_score("sw", child_id="mia")
    scores = {(s.participant, s.child): s.score for s in meeting.conference.scaling}
    assert ("sw", "mia") not in scores
    assert scores[("sw", None)] == 3  # the score for all the children stays
    assert [c.parts for c in changes] == [Part.SCALING]
    meeting.undo()
    assert any((s.participant, s.child, s.score) == ("sw", "mia", 2) for s in meeting.conference.scaling)


def test_a_view_is_taken_back_and_is_not_given_again(meeting: Meeting) -> None:
    meeting.delete_view("nurse", "mia")
    assert ("nurse", "mia") not in {(v.participant, v.child) for v in meeting.conference.views}
    assert ("nurse", "baby") in {(v.participant, v.child) for v in meeting.conference.views}
    meeting.undo()
    view = next(v for v in meeting.conference.views if (v.participant, v.child) == ("nurse", "mia"))
    assert view.significant_harm is False


def test_a_decision_is_taken_back(meeting: Meeting) -> None:
    meeting.delete_decision("leo")
    assert [d.child for d in meeting.conference.decisions] == ["mia", "ruby", "baby"]
    meeting.undo()
    assert [d.child for d in meeting.conference.decisions] == ["mia", "leo", "ruby", "baby"]  # back in its place


def test_a_dissent_is_deleted_by_its_place(meeting: Meeting) -> None:
    meeting.add_dissent("police", "The police think the baby needs a plan now.", child_id="baby")
    meeting.delete_dissent(0)
    assert [(d.participant, d.child) for d in meeting.conference.dissent] == [("police", "baby")]


def test_an_action_is_edited_in_place_and_keeps_what_it_does_not_know(meeting: Meeting) -> None:
    plan = meeting.conference.plan
    assert plan is not None
    plan.actions[1].extra["case_system_ref"] = "A-17"
    meeting.edit_action(1, "  Refer Dean to the programme.  ", "swm", dt.date(2026, 12, 11), "mia")
    action = meeting.conference.plan.actions[1]
    assert (action.what, action.who, action.by, action.child) == (
        "  Refer Dean to the programme.  ",  # the chair's words as typed
        "swm",
        dt.date(2026, 12, 11),
        "mia",
    )
    assert action.extra == {"case_system_ref": "A-17"}
    assert len(meeting.conference.plan.actions) == 7
    meeting.undo()
    assert meeting.conference.plan.actions[1].who == "sw"


def test_an_outcome_is_edited_and_deleted(meeting: Meeting) -> None:
    meeting.edit_outcome(0, "Mia sleeps well and feels safe.")
    assert meeting.conference.plan.outcomes[0].text == "Mia sleeps well and feels safe."
    meeting.delete_outcome(0)
    assert [o.child for o in meeting.conference.plan.outcomes] == ["leo", "ruby", "baby"]
    meeting.undo()
    meeting.undo()
    assert meeting.conference.plan.outcomes[0].text.startswith("Mia feels safe at home")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda m: m.delete_score("mother", child_id="mia"), "Kerry Harper has given no score"),
        (lambda m: m.delete_score("nobody"), "'nobody' is not in this conference"),
        (lambda m: m.delete_view("mother", "mia"), "Kerry Harper has given no view"),
        (lambda m: m.delete_view("sw", None), "None is not in this conference"),
        (lambda m: m.delete_decision("zoe"), "'zoe' is not in this conference"),
        (lambda m: m.delete_dissent(3), "dissent[3]: there is no such entry"),
        (lambda m: m.edit_action(9, "x", "sw"), "plan.actions[9]: there is no such entry"),
        (lambda m: m.edit_action(0, "   ", "sw"), "Type what needs to happen first."),
        (lambda m: m.edit_action(0, "x", ""), "Choose or type who will do it first."),
        (lambda m: m.edit_action(0, "x", "sw", "2026-12-01"), "must be a date"),
        (lambda m: m.edit_action(0, "x", "sw", None, "zoe"), "'zoe' is not in this conference"),
        (lambda m: m.edit_outcome(0, ""), "Type the outcome for the child first."),
        (lambda m: m.delete_outcome(-1), "plan.outcomes[-1]: there is no such entry"),
    ],
)
def test_a_wrong_correction_says_why_and_changes_nothing(meeting: Meeting, edit: Any, message: str) -> None:
    before = conference_file.to_json(meeting.conference)
    with pytest.raises(InvalidConference, match=message.replace("[", r"\[").replace("]", r"\]")):
        edit(meeting)
    assert conference_file.to_json(meeting.conference) == before
    assert not meeting.can_undo


def test_taking_back_the_last_decision_leaves_none(meeting: Meeting) -> None:
    for child in ("mia", "leo", "ruby", "baby"):
        meeting.delete_decision(child)
    assert meeting.conference.decisions == []
    with pytest.raises(InvalidConference, match="no decision to take back"):
        meeting.delete_decision("mia")


def test_plan_dates_are_proposed_from_the_due_dates_once() -> None:
    meeting = Meeting(conference_file.from_json(minimal_conference()))
    due = due_dates(meeting.conference)
    assert meeting.propose_plan_dates() is True
    plan = meeting.conference.plan
    assert plan is not None
    assert plan.first_core_group == due["first_core_group_due"].date == dt.date(2027, 1, 21)
    assert plan.next_review == due["next_review_due"].date == dt.date(2027, 4, 7)
    assert not meeting.can_undo  # reaching the plan stage is not something the chair undoes
    meeting.set_plan_fields(first_core_group=None)
    assert meeting.propose_plan_dates() is False  # a date the chair cleared stays cleared
    assert meeting.conference.plan.first_core_group is None
    meeting.undo()
    assert meeting.conference.plan.first_core_group == dt.date(2027, 1, 21)  # the chair's clearing undone


def test_a_review_proposes_no_first_core_group() -> None:
    data = minimal_conference(
        type="review", date="2027-04-07", previous_conference={"type": "initial", "date": "2027-01-07"}
    )
    data.pop("trigger_date")
    meeting = Meeting(conference_file.from_json(data))
    meeting.propose_plan_dates()
    assert meeting.conference.plan.first_core_group is None
    assert meeting.conference.plan.next_review == due_dates(meeting.conference)["next_review_due"].date
