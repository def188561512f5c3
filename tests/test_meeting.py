"""The meeting's edits: checked input, stamps, exclusions, undo and redo, and what reaches the board."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from builders import Clock
from docx_reading import all_text

from chairdesk import conference_file
from chairdesk.board import Draft, board_content
from chairdesk.changes import Part
from chairdesk.checks import check
from chairdesk.documents import DocumentSettings, produce_outputs
from chairdesk.errors import InvalidConference
from chairdesk.meeting import STAGE_KEYS, Meeting


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.date(2026, 11, 24))


@pytest.fixture
def meeting(demo_data: dict[str, Any], clock: Clock) -> Meeting:
    demo_data["participants"][9]["exclusions"] = []  # the father is in the room at the start
    return Meeting(conference_file.from_json(demo_data), clock=clock, recording_offset=lambda: 125.5)


def test_an_item_is_stamped_with_the_time_and_the_recording_offset(meeting: Meeting, clock: Clock) -> None:
    clock.at("10:15:42")
    meeting.add_item("worries", "  Mia is not sleeping.  ")
    item = meeting.conference.worries[-1]
    assert item.text == "  Mia is not sleeping.  "  # exactly as typed, spaces and all (promise 1)
    assert item.entered_at == dt.datetime(2026, 11, 24, 10, 15, 42)
    assert item.recording_offset == 125.5


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda m: m.set_score("sw", 11), "11 is not a score: a score is a whole number from 0 to 10"),
        (lambda m: m.set_score("sw", -1), "-1 is not a score: a score is a whole number from 0 to 10"),
        (lambda m: m.set_score("nobody", 5), "'nobody' is not in this conference"),
        (lambda m: m.add_item("worries", "   "), "Type the words first; an item cannot be empty."),
        (lambda m: m.add_item("worries", "x" * 5_000_000), "is 5,000,000 characters long"),
        (lambda m: m.add_item("gossip", "x"), "'gossip' is not one of"),
        (lambda m: m.set_view("sw", "zoe", True), "'zoe' is not in this conference"),
        (lambda m: m.set_decision("mia", "adoption"), "'adoption' is not one of"),
        (lambda m: m.exclude("sw", 1, "x"), "is not a family member"),
        (lambda m: m.exclude("father", 9, "x"), "not one of the six grounds"),
        (lambda m: m.readmit("father"), "is not out of the room"),
        (lambda m: m.edit_item("worries", 40, "x"), "worries[40]: there is no such entry"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(meeting: Meeting, edit: Any, message: str) -> None:
    before = conference_file.dumps(meeting.conference)
    with pytest.raises(InvalidConference, match=message.replace("(", r"\(").replace("[", r"\[")):
        edit(meeting)
    assert conference_file.dumps(meeting.conference) == before
    assert not meeting.can_undo


def test_undo_and_redo_every_kind_of_edit(meeting: Meeting) -> None:
    original = conference_file.dumps(meeting.conference)
    meeting.add_item("key_points", "Mia will stay with her grandmother at weekends.")
    meeting.edit_item("key_points", 0, "Changed text")
    meeting.move_item("key_points", 0, 2)
    meeting.set_item_confidential("key_points", 2, True)
    meeting.delete_item("key_points", 1)
    meeting.set_score("mother", 8, "Things are better")
    meeting.set_view("nurse", "mia", True, "Changed my mind")
    meeting.set_decision("mia", "cin-plan", "neglect", "Enough help without a plan")
    meeting.add_participant("Jo Bloggs", "housing", "Housing Options", ["mia"])
    meeting.set_plan_fields(contingency="New contingency")
    after = conference_file.dumps(meeting.conference)
    steps = 10
    for _ in range(steps):
        assert meeting.can_undo
        meeting.undo()
    assert not meeting.can_undo
    assert conference_file.dumps(meeting.conference) == original
    for _ in range(steps):
        meeting.redo()
    assert conference_file.dumps(meeting.conference) == after
    assert not meeting.can_redo
    assert meeting.conference.decisions[0].category is None  # a child in need plan takes no category


def test_a_new_edit_clears_redo(meeting: Meeting) -> None:
    meeting.add_item("worries", "one")
    meeting.undo()
    assert meeting.can_redo
    meeting.add_item("worries", "two")
    assert not meeting.can_redo


def test_scores_and_views_replace_the_same_persons_earlier_one(meeting: Meeting) -> None:
    meeting.set_score("sw", 5, "Better")
    assert [(s.score, s.reason) for s in meeting.conference.scaling if s.participant == "sw"] == [(5, "Better")]
    meeting.set_view("police", "baby", False, "No")
    views = [v for v in meeting.conference.views if (v.participant, v.child) == ("police", "baby")]
    assert len(views) == 1 and views[0].significant_harm is False


def test_excluding_and_readmitting_a_parent_hides_what_was_typed_meanwhile(meeting: Meeting, clock: Clock) -> None:
    clock.at("10:39:30")
    meeting.add_item("key_points", "Before: on the board.")
    clock.at("10:40:20")
    meeting.exclude("father", 6, "Domestic abuse: mother asked to speak alone")
    assert [p.id for p in meeting.conference.excluded_now()] == ["father"]
    clock.at("10:45:00")
    meeting.add_item("key_points", "During: police update.")
    clock.at("11:05:10")
    meeting.add_item("key_points", "Also during: in the last minute.")
    clock.at("11:05:40")
    meeting.readmit("father")
    exclusion = meeting.conference.participant("father").exclusions[0]
    assert (exclusion.from_, exclusion.to, exclusion.ground) == (dt.time(10, 40, 20), dt.time(11, 5, 40), 6)
    clock.at("11:06:30")
    meeting.add_item("key_points", "After: on the board again.")
    board = board_content(meeting.conference, "key-points")
    texts = [line.text for line in board.key_points]
    assert "Before: on the board." in texts and "After: on the board again." in texts
    assert "During: police update." not in board.all_text()
    assert "Also during: in the last minute." not in board.all_text()


def test_the_board_never_shows_confidential_things(meeting: Meeting, clock: Clock) -> None:
    meeting.add_item("worries", "SECRET-ITEM about the investigation", confidential=True)
    meeting.add_chair_note("SECRET-NOTE only for the chair")
    board = board_content(meeting.conference, "views")
    text = board.all_text()
    assert "SECRET-ITEM" not in text and "SECRET-NOTE" not in text
    assert "open investigation" not in text  # the demo's own confidential worry
    assert "Willow Court" not in text and "Mill Lane" not in text  # no addresses, ever
    assert "Mia is not sleeping" not in text
    meeting.add_item("worries", "Mia is not sleeping.")
    assert "Mia is not sleeping." in board_content(meeting.conference, "views").all_text()


def test_a_draft_shows_as_typed_unless_confidential_or_a_parent_is_out(meeting: Meeting, clock: Clock) -> None:
    typing = Draft("worries", "Dad shouts at")
    board = board_content(meeting.conference, "views", draft=typing)
    assert [line.text for line in board.worried if line.being_typed] == ["Dad shouts at"]
    hidden = Draft("worries", "Dad shouts at", confidential=True)
    assert "Dad shouts at" not in board_content(meeting.conference, "views", draft=hidden).all_text()
    meeting.exclude("father", 2, "Shouting")
    clock.at("10:01:00")
    assert "Dad shouts at" not in board_content(meeting.conference, "views", draft=typing).all_text()


def test_a_blank_board_shows_no_names(meeting: Meeting) -> None:
    board = board_content(meeting.conference, "views", blank=True)
    assert board.blank
    assert "Harper" not in board.all_text() and "Mia" not in board.all_text()
    assert board.title == "Child protection conference"


def test_the_board_names_children_and_shows_the_stage(meeting: Meeting) -> None:
    board = board_content(meeting.conference, "scaling")
    assert board.children == ("Mia", "Leo", "Ruby", "unborn baby (due 8 March 2027)")
    assert board.stage.startswith("Scaling")
    assert sorted(s.score for s in board.scores) == [2, 3, 3, 3, 4, 5, 6, 7]
    assert any(d.text == "Mia: a child protection plan (emotional abuse)" for d in board.decisions)
    names = board_content(meeting.conference, "scaling", show_names=False)
    assert all(s.name is None for s in names.scores)


def test_stages_follow_the_order_of_business(meeting: Meeting) -> None:
    assert meeting.stage.key == "introductions"
    meeting.step_stage(+1)
    assert meeting.stage.key == "danger"
    for _ in range(20):
        meeting.step_stage(+1)
    assert meeting.stage.key == STAGE_KEYS[-1] == "decision"
    meeting.go_to_stage("scaling")
    assert "meeting_stage" not in meeting.conference.extra  # where the meeting is, is not part of the record
    assert not meeting.can_undo  # moving between stages is not an edit of the record
    meeting.add_item("worries", "Mia is not sleeping.")
    meeting.go_to_stage("plan")
    meeting.undo()
    assert meeting.stage.key == "plan"  # undo takes back the item, never moves the meeting back a stage
    assert meeting.conference.worries[-1].text != "Mia is not sleeping."


def test_every_text_is_kept_exactly_as_typed_and_only_spaces_is_empty(meeting: Meeting) -> None:
    typed = "  The plan   needs Kerry's agreement.  Kacper is "
    child = meeting.conference.subject_children[0].id
    meeting.set_decision(child, "cp-plan", "emotional-abuse", typed)
    meeting.add_dissent("police", typed, child)
    meeting.set_score("police", 4, typed)
    meeting.set_view("police", child, True, typed)
    meeting.set_plan_fields(contingency=typed)
    meeting.add_action(typed, "sw")
    meeting.add_outcome(child, typed)
    meeting.set_inquorate_reason(typed)
    meeting.add_item("key_points", typed)
    c = meeting.conference
    kept = [
        c.decisions[0].reason,
        c.dissent[-1].text,
        next(s for s in c.scaling if (s.participant, s.child) == ("police", None)).reason,
        next(v for v in c.views if (v.participant, v.child) == ("police", child)).reason,
        c.plan.contingency,
        c.plan.actions[-1].what,
        c.plan.outcomes[-1].text,
        c.inquorate_reason,
        c.key_points[-1].text,
    ]
    assert kept == [typed] * len(kept)
    meeting.set_score("police", 4, "   ")
    police = next(s for s in meeting.conference.scaling if (s.participant, s.child) == ("police", None))
    assert police.reason == ""  # only spaces: nothing was said
    with pytest.raises(InvalidConference):
        meeting.add_item("key_points", " \u00a0 ")


def test_an_edit_that_would_leave_the_conference_unsavable_is_refused(meeting: Meeting, clock: Clock) -> None:
    clock.at("08:24:00")  # before Dean arrived at 10:05 (the demo's times)
    before = conference_file.dumps(meeting.conference)
    with pytest.raises(InvalidConference, match="arrived at 10:05, so cannot have left at 08:24"):
        meeting.mark_left("father")
    assert conference_file.dumps(meeting.conference) == before and not meeting.can_undo
    # Whatever the path, the Meeting never keeps an edit the file format would refuse.
    with pytest.raises(InvalidConference, match=r"participants\[9\]\.left"):
        meeting._edit(Part.ATTENDANCE, "force", lambda c: setattr(c.participant("father"), "left", dt.time(8, 0)))
    assert conference_file.dumps(meeting.conference) == before


def test_a_parents_request_to_record_and_the_chairs_decision(meeting: Meeting, tmp_path: Any) -> None:
    meeting.decide_recording_request("mother", None)
    assert [p.code for p in check(meeting.conference).problems].count("recording-request") == 1
    with pytest.raises(InvalidConference, match="take legal advice"):
        meeting.decide_recording_request("mother", "refused", "It would upset Mia")
    with pytest.raises(InvalidConference, match="only a parent or family member"):
        meeting.decide_recording_request("police", None)
    meeting.decide_recording_request("mother", "agreed", "Kerry wants to remember the plan", limits_accepted=True)
    (request,) = meeting.conference.recording_requests
    assert request.decision == "agreed" and request.limits_on_use.startswith("The recording is for the family")
    assert "recording-request" not in [p.code for p in check(meeting.conference).problems]
    files = produce_outputs(meeting.conference, tmp_path, DocumentSettings(letter_date=dt.date(2026, 11, 25)))
    record = next(f for f in files if f.name.endswith("-record.docx"))
    assert "Kerry Harper asked to record the meeting. The chair agreed." in all_text(record)
    meeting.undo()
    assert meeting.conference.recording_requests[0].decision is None


def test_a_decision_keeps_the_time_it_was_made_while_its_reason_is_typed(meeting: Meeting, clock: Any) -> None:
    clock.at("11:40:00")
    meeting.set_decision("mia", "cp-plan", "emotional-abuse", "Mia is frightened")
    clock.at("11:42:30")
    meeting.set_decision("mia", "cp-plan", "emotional-abuse", "Mia is frightened at home")  # the reason, saved
    decision = next(d for d in meeting.conference.decisions if d.child == "mia")
    assert decision.entered_at == dt.datetime(2026, 11, 24, 11, 40)
    assert decision.reason == "Mia is frightened at home"
    clock.at("11:45:00")
    meeting.set_decision("mia", "cin-plan", None, "Mia is frightened at home")  # a different decision: made now
    assert next(d for d in meeting.conference.decisions if d.child == "mia").entered_at == dt.datetime(
        2026, 11, 24, 11, 45
    )


def test_a_view_or_a_score_given_again_keeps_its_place(demo_data: dict[str, Any]) -> None:
    """Correcting one view's reason must not move it to the end of its child's table in every document (nor
    rewrite every row after it in the audit)."""
    meeting = Meeting(conference_file.from_json(demo_data))
    views = [(v.participant, v.child) for v in meeting.conference.views]
    first = meeting.conference.views[0]
    meeting.set_view(first.participant, first.child, first.significant_harm, "A corrected reason")
    assert [(v.participant, v.child) for v in meeting.conference.views] == views
    assert meeting.conference.views[0].reason == "A corrected reason"
    scores = [(s.participant, s.child) for s in meeting.conference.scaling]
    score = meeting.conference.scaling[0]
    meeting.set_score(score.participant, 3, "Corrected", score.child)
    assert [(s.participant, s.child) for s in meeting.conference.scaling] == scores
