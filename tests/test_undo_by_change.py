"""Edits that say what they changed, and undo by change (issue 13): each kind of edit tells its listeners the parts
of the conference it changed and who asked; an undo step is the change and its inverse (a JSON Patch), not a copy of
the conference, so it is as small at a thousand items as at fifteen; undo and redo give back the exact file; the
saves of one box as it is typed are one step; and an edit is checked where it changed the conference, in the same
words as a check of the whole file."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from builders import Clock

from chairdesk import conference_file
from chairdesk.before_the_day import BeforeTheDay
from chairdesk.changes import Change, Part
from chairdesk.errors import InvalidConference
from chairdesk.meeting import Meeting
from chairdesk.model import Bookmark

BOARD_LISTS = ("danger_statements", "working_well", "worries", "key_points", "safety_goals")


def meeting_of(data: dict[str, Any]) -> Meeting:
    data["participants"][9]["exclusions"] = []  # the father is in the room at the start
    clock = Clock(dt.date(2026, 11, 24), "10:15")
    return Meeting(conference_file.from_json(data), clock=clock, recording_offset=lambda: 125.5)


def larger(data: dict[str, Any], items: int) -> dict[str, Any]:
    """The demo with ``items`` items on the board, spread over its five lists."""
    data = copy.deepcopy(data)
    n = 0
    while sum(len(data[name]) for name in BOARD_LISTS) < items:
        data[BOARD_LISTS[n % 5]].append({"text": f"A line the chair typed, number {n}", "confidential": False})
        n += 1
    return data


# Every kind of edit, and the parts of the conference it changes.
EDITS: list[tuple[str, Callable[[Meeting], object], Part]] = [
    ("add an item", lambda m: m.add_item("worries", "Mia is not sleeping."), Part.BOARD),
    ("edit an item", lambda m: m.edit_item("worries", 1, "Changed words"), Part.BOARD),
    ("move an item", lambda m: m.move_item("working_well", 0, 3), Part.BOARD),
    ("delete an item", lambda m: m.delete_item("worries", 0), Part.BOARD),
    ("mark an item confidential", lambda m: m.set_item_confidential("worries", 2, True, "health"), Part.BOARD),
    ("record the discussion", lambda m: m.add_item("discussion", "We talked of school."), Part.DISCUSSION),
    ("a recommendation", lambda m: m.add_recommendation("A daily check-in at school."), Part.DECISION),
    ("a private note", lambda m: m.add_chair_note("Ask about the dog."), Part.NOTES),
    ("private notes typed", lambda m: m.set_chair_notes(["One", "Two"]), Part.NOTES),
    ("someone at the door", lambda m: m.add_participant("Jo Bloggs", "housing", "Housing", ["mia"]), Part.ATTENDANCE),
    ("arrived", lambda m: m.mark_arrived("gp"), Part.ATTENDANCE),
    ("left", lambda m: m.mark_left("police"), Part.ATTENDANCE),
    ("apologies", lambda m: m.set_apologies("midwife", True), Part.ATTENDANCE),
    ("a report", lambda m: m.set_report_received("school", dt.date(2026, 11, 20)), Part.ATTENDANCE),
    ("exclude a parent", lambda m: m.exclude("father", 2, "Threats to staff"), Part.everything()),
    ("inquorate reasons", lambda m: m.set_inquorate_reason("The police could not come."), Part.ATTENDANCE),
    ("a score", lambda m: m.set_score("mother", 8, "Things are better"), Part.SCALING),
    ("a score taken back", lambda m: m.delete_score("sw"), Part.SCALING),
    ("a view", lambda m: m.set_view("nurse", "mia", True, "Changed my mind"), Part.VIEWS),
    ("a view taken back", lambda m: m.delete_view("nurse", "mia"), Part.VIEWS),
    ("a decision", lambda m: m.set_decision("mia", "cin-plan", None, "Enough help"), Part.DECISION),
    ("a decision taken back", lambda m: m.delete_decision("mia"), Part.DECISION),
    ("a dissent", lambda m: m.add_dissent("mother", "I do not agree.", "mia"), Part.DECISION),
    ("the plan", lambda m: m.set_plan_fields(contingency="Legal advice", lead_social_worker="sw"), Part.PLAN),
    ("an action", lambda m: m.add_action("Book the nursery place", "sw", dt.date(2026, 12, 1)), Part.PLAN),
    ("an action edited", lambda m: m.edit_action(0, "Other words", "hv"), Part.PLAN),
    ("an action deleted", lambda m: m.delete_action(0), Part.PLAN),
    ("an outcome", lambda m: m.add_outcome("mia", "Mia feels safe."), Part.PLAN),
    ("an outcome edited", lambda m: m.edit_outcome(0, "Mia feels safer."), Part.PLAN),
    ("an outcome deleted", lambda m: m.delete_outcome(0), Part.PLAN),
    ("released", lambda m: m.release("worries[3]", "father", True, "He may read it."), Part.BOARD),
    ("a bookmark", lambda m: m.add_bookmark(Bookmark("Here", 61.0)), Part.RECORDING),
    ("a request to record", lambda m: m.decide_recording_request("mother", None), Part.RECORDING),
    ("before the day", lambda m: BeforeTheDay(m).set_participation("mia", wish="To come."), Part.PREPARATION),
]


def heard(meeting: Meeting) -> list[Change]:
    changes: list[Change] = []
    meeting.subscribe(changes.append)
    return changes


@pytest.mark.parametrize(("name", "edit", "parts"), EDITS, ids=[e[0] for e in EDITS])
def test_each_edit_says_what_it_changed_and_undo_and_redo_say_the_same_and_give_back_the_exact_file(
    demo_data: dict[str, Any], name: str, edit: Callable[[Meeting], object], parts: Part
) -> None:
    meeting = meeting_of(demo_data)
    before = conference_file.to_json(meeting.conference)
    changes = heard(meeting)
    page = object()  # the page that asks for the edit
    with meeting.initiated_by(page):
        edit(meeting)
    after = conference_file.to_json(meeting.conference)
    assert after != before
    ((change),) = changes
    assert (change.parts, change.initiator, change.undo_or_redo) == (parts, page, False)
    assert change.operation is not None and change.operation.description == change.description
    assert change.operation.patch  # the change as a patch, for the writer and the audit

    meeting.undo()
    assert conference_file.to_json(meeting.conference) == before
    assert changes[-1].parts == parts  # undo says exactly what the step changed, not "everything"
    assert changes[-1].undo_or_redo and changes[-1].initiator is None
    assert changes[-1].description == f"Undo {change.description}"
    meeting.redo()
    assert conference_file.to_json(meeting.conference) == after
    assert changes[-1].parts == parts and changes[-1].description == f"Redo {change.description}"


def test_every_kind_of_edit_undone_one_after_another_gives_back_the_exact_file(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    states = [conference_file.to_json(meeting.conference)]
    for _name, edit, _parts in EDITS:
        edit(meeting)
        states.append(conference_file.to_json(meeting.conference))
    for state in reversed(states[:-1]):
        meeting.undo()
        assert conference_file.to_json(meeting.conference) == state
    assert not meeting.can_undo
    for state in states[1:]:
        meeting.redo()
        assert conference_file.to_json(meeting.conference) == state


def test_the_stage_is_not_a_change_of_the_record_nor_in_undo(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    changes = heard(meeting)
    meeting.go_to_stage("plan")
    assert [(c.parts, c.operation) for c in changes] == [(Part.STAGE, None)]
    assert not meeting.can_undo


def step_size(meeting: Meeting) -> int:
    step = meeting._undo[-1]
    return len(json.dumps([step.description, step.forward, step.inverse]))


@pytest.mark.parametrize(
    "edit",
    [
        lambda m: m.add_item("worries", "Mia is not sleeping."),
        lambda m: m.edit_item("worries", 1, "Changed words"),
        lambda m: m.delete_item("worries", 0),
        lambda m: m.set_score("mother", 8, "Things are better"),
        lambda m: m.set_plan_fields(contingency="Legal advice if it happens again"),
    ],
)
def test_an_undo_step_holds_the_change_not_the_conference(
    demo_data: dict[str, Any], edit: Callable[[Meeting], object]
) -> None:
    small, large = meeting_of(copy.deepcopy(demo_data)), meeting_of(larger(demo_data, 1000))
    assert len(conference_file.dumps(large.conference)) > 20 * len(conference_file.dumps(small.conference)) // 3
    edit(small)
    edit(large)
    # The same step at fifteen items and at a thousand (a place in a longer list takes a digit or two more).
    assert abs(step_size(large) - step_size(small)) <= 8, (step_size(small), step_size(large))
    assert step_size(large) < 2_000


def test_successive_saves_of_one_box_are_one_undo_step_and_another_edit_ends_it(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    original = meeting.conference.plan.contingency
    meeting.add_item("worries", "Before the box")
    for text in ("If", "If the drinking", "If the drinking starts again, legal advice."):
        meeting.set_plan_fields(contingency=text)  # the box saving itself as the chair types
    assert meeting.undo_text == "change the plan"
    meeting.undo()  # the sentence, not its last save
    assert meeting.conference.plan.contingency == original
    assert meeting.undo_text == "add to what we are worried about"
    meeting.redo()
    assert meeting.conference.plan.contingency == "If the drinking starts again, legal advice."

    meeting.set_plan_fields(contingency="Another")
    meeting.add_item("worries", "Between")  # another edit: the box's next save is a step of its own
    meeting.set_plan_fields(contingency="Another sentence")
    meeting.undo()
    assert meeting.conference.plan.contingency == "Another"
    assert [i.text for i in meeting.conference.worries][-1] == "Between"


def test_an_edit_is_checked_where_it_changed_in_the_words_of_the_whole_file_and_refused_whole(
    demo_data: dict[str, Any],
) -> None:
    meeting = meeting_of(demo_data)
    before = conference_file.to_json(meeting.conference)

    def too_long(c: Any) -> None:
        c.worries[1].text = "x" * 20_001

    def not_family(c: Any) -> None:
        c.worries[1].typed_while_out = ["police"]

    for apply, sentence in (
        (too_long, "worries[1].text: is 20,001 characters long; the most it can hold is 20,000"),
        (not_family, 'worries[1].typed_while_out[0]: "police" is not a family member of this conference'),
    ):
        with pytest.raises(InvalidConference) as refused:
            meeting.edit(Part.BOARD, "a change", apply, scope=[("worries", 1)])
        assert refused.value.problems[0].startswith(sentence)
        data = conference_file.to_json(meeting.conference)
        assert conference_file.validate(data) == [] and data == before  # nothing changed
        assert not meeting.can_undo

    broken = copy.deepcopy(meeting.conference)
    too_long(broken)
    assert conference_file.validate(conference_file.to_json(broken))[0].startswith(
        "worries[1].text: is 20,001 characters long"
    )


BOXES: list[tuple[str, Callable[[Meeting, str], object], Callable[[Meeting], object]]] = [
    ("contingency", lambda m, t: m.set_plan_fields(contingency=t), lambda m: m.conference.plan.contingency),
    ("inquorate reason", lambda m, t: m.set_inquorate_reason(t), lambda m: m.conference.inquorate_reason),
    ("private notes", lambda m, t: m.set_chair_notes([t]), lambda m: m.conference.confidential_notes),
    (
        "a decision's reason",
        lambda m, t: m.set_decision("leo", "cp-plan", "neglect", t),
        lambda m: [(d.child, d.reason) for d in m.conference.decisions],
    ),
    (
        "a participation answer",
        lambda m, t: BeforeTheDay(m).set_participation("mia", wish=t),
        lambda m: m.conference.child("mia").participation,
    ),
    (
        "the reasons it is late",
        lambda m, t: __import__("chairdesk.preparation").preparation.Preparation(m).set_late_reasons(t),
        lambda m: m.conference.late_reasons,
    ),
]


@pytest.mark.parametrize(("name", "save", "read"), BOXES, ids=[b[0] for b in BOXES])
def test_each_box_saved_as_it_is_typed_is_one_undo_step_for_the_sentence(
    demo_data: dict[str, Any], name: str, save: Callable[[Meeting, str], object], read: Callable[[Meeting], object]
) -> None:
    meeting = meeting_of(demo_data)
    if name == "a decision's reason":
        meeting.set_decision("leo", "cp-plan", "neglect")  # chosen first: the reason is then typed
    before = copy.deepcopy(read(meeting))
    steps = len(meeting._undo)
    for text in ("The", "The police", "The police could not come today."):
        save(meeting, text)
    assert len(meeting._undo) == steps + 1
    meeting.undo()
    assert read(meeting) == before
    meeting.redo()
    save(meeting, "The police could not come today, and said so.")
    assert len(meeting._undo) == steps + 2  # after a redo the same box's next save is a step of its own


def test_the_whole_file_is_checked_when_it_is_exported(demo_data: dict[str, Any], tmp_path: Any) -> None:
    conference = conference_file.from_json(demo_data)
    conference.worries[1].typed_while_out = ["police"]  # as no edit can leave it
    with pytest.raises(InvalidConference, match=r"worries\[1\]\.typed_while_out\[0\]"):
        conference_file.write(conference, tmp_path / "out.json")
    assert not (tmp_path / "out.json").exists()
