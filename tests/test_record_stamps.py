"""Where in which recording every typed thing was made: one stamp (Meeting.stamp) for every kind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from builders import Clock
from test_carry_forward import REVIEW_DAY, run_initial

from chairdesk import carry_forward as cf
from chairdesk import conference_file
from chairdesk.meeting import Meeting
from chairdesk.storage import Store


class Recording:
    """Where a recording source says the recording is now: a take and seconds into it, or nothing."""

    def __init__(self) -> None:
        self.place: tuple[str, float] | None = ("20261124-100000", 12.5)

    def __call__(self) -> tuple[str, float] | None:
        return self.place


def every_kind(meeting: Meeting) -> list[Any]:
    """One of each kind the record editor lists, made through the meeting as the console makes them."""
    meeting.add_item("worries", "Mia is not sleeping.")
    meeting.add_item("discussion", "The school said attendance is better.")
    meeting.set_score("sw", 4, "Some progress", "mia")
    meeting.set_view("police", "leo", True, "Two call-outs")
    meeting.set_decision("mia", "cp-plan", "neglect", "Left alone at night")
    meeting.add_dissent("mother", "She does not agree.", "mia")
    meeting.add_action("Find a babysitter", "sw", None, "mia")
    meeting.add_outcome("mia", "Mia sleeps at home every night.")
    c = meeting.conference
    decision = next(d for d in c.decisions if d.child == "mia")
    score = next(s for s in c.scaling if (s.participant, s.child) == ("sw", "mia"))
    view = next(v for v in c.views if (v.participant, v.child) == ("police", "leo"))
    return [c.worries[-1], c.discussion[-1], score, view, decision, c.dissent[-1]] + [
        c.plan.actions[-1],
        c.plan.outcomes[-1],
    ]


def test_every_kind_is_stamped_with_its_take_and_offset(demo_data: dict[str, Any]) -> None:
    demo_data["participants"][9]["exclusions"] = []
    recording = Recording()
    meeting = Meeting(conference_file.from_json(demo_data), Clock(dt.date(2026, 11, 24)), recording)
    made = every_kind(meeting)
    for thing in made:
        assert (type(thing).__name__, thing.recording, thing.recording_offset) == (
            type(thing).__name__,
            "20261124-100000",
            12.5,
        )
        assert thing.entered_at is not None
    # Saved and read back: the take and the offset are in the file for every kind.
    again = conference_file.from_json(conference_file.to_json(meeting.conference))
    assert next(d for d in again.decisions if d.child == "mia").recording == "20261124-100000"
    assert again.dissent[-1].recording_offset == 12.5
    assert again.plan.actions[-1].recording == "20261124-100000"


def test_a_second_take_after_a_crash_is_told_apart_and_nothing_recording_stamps_nothing(
    demo_data: dict[str, Any],
) -> None:
    recording = Recording()
    meeting = Meeting(conference_file.from_json(demo_data), Clock(dt.date(2026, 11, 24)), recording)
    meeting.add_item("worries", "In the first take.")
    recording.place = ("20261124-103000", 3.0)  # ChairDesk came back after a crash: a new take, from 0 again
    meeting.add_item("worries", "In the second take.")
    recording.place = None
    meeting.add_item("worries", "While nothing was recorded.")
    first, second, none = meeting.conference.worries[-3:]
    assert (first.recording, first.recording_offset) == ("20261124-100000", 12.5)
    assert (second.recording, second.recording_offset) == ("20261124-103000", 3.0)
    assert (none.recording, none.recording_offset) == (None, None)


def test_a_decision_whose_reason_changes_keeps_the_moment_it_was_made(demo_data: dict[str, Any]) -> None:
    recording = Recording()
    meeting = Meeting(conference_file.from_json(demo_data), Clock(dt.date(2026, 11, 24)), recording)
    meeting.set_decision("leo", "cp-plan", "neglect", "First words")
    recording.place = ("20261124-100000", 99.0)
    meeting.set_decision("leo", "cp-plan", "neglect", "Better words")
    decision = next(d for d in meeting.conference.decisions if d.child == "leo")
    assert decision.reason == "Better words" and decision.recording_offset == 12.5


def test_what_the_chair_carries_from_the_last_conference_is_stamped_too(tmp_path: Path) -> None:
    with Store(tmp_path / "chairdesk.sqlite") as store:
        initial = run_initial(store)
        conference = cf.start_review(cf.previous_from(initial.id or "", store), REVIEW_DAY)
        store.save(conference, action="create")
        review = Meeting(store.load(conference.id or ""), Clock(dt.datetime(2027, 4, 1, 10, 0)), Recording())
    cf.put_on_board(review, "safety_goals", 0)
    cf.carry_action_on(review, 0)
    for thing in (review.conference.safety_goals[0], review.conference.plan.actions[0]):
        assert (thing.recording, thing.recording_offset) == ("20261124-100000", 12.5)


@pytest.mark.parametrize("offset", [0.0, 3600.25])
def test_a_bare_offset_from_an_older_source_still_stamps_the_offset(demo_data: dict[str, Any], offset: float) -> None:
    meeting = Meeting(conference_file.from_json(demo_data), Clock(dt.date(2026, 11, 24)), lambda: offset)
    meeting.add_dissent("father", "Not agreed.")
    assert (meeting.conference.dissent[-1].recording, meeting.conference.dissent[-1].recording_offset) == (None, offset)
