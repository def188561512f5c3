"""What the chair records before the day (chairdesk.before_the_day), without Qt: each command one undoable edit,
each refusal a sentence that changes nothing."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from test_attachments import make_pdf, make_png, make_wav

from chairdesk import attachments, conference_file
from chairdesk.before_the_day import BeforeTheDay, agreed_exclusion, lateness, should_be_offered
from chairdesk.changes import Part
from chairdesk.errors import InvalidConference
from chairdesk.meeting import Meeting
from chairdesk.preparation import Preparation
from chairdesk.recording.requests import DEFAULT_LIMITS
from chairdesk.storage import Store

TODAY = dt.datetime(2026, 11, 20, 15, 30)  # four days before the demo conference of 24 November 2026


@pytest.fixture
def meeting(demo_data: dict[str, Any]) -> Meeting:
    return Meeting(conference_file.from_json(demo_data), clock=lambda: TODAY)


@pytest.fixture
def prep(meeting: Meeting) -> BeforeTheDay:
    return BeforeTheDay(meeting)


def refused(meeting: Meeting, command: Any, *args: Any, **kwargs: Any) -> str:
    """Run a command that must be refused: the sentence, and nothing changed (no undo step either)."""
    before = conference_file.to_json(meeting.conference)
    undo = meeting.undo_text
    with pytest.raises(InvalidConference) as raised:
        command(*args, **kwargs)
    assert conference_file.to_json(meeting.conference) == before
    assert meeting.undo_text == undo
    return str(raised.value)


# -- the child's participation -------------------------------------------------------------------------------


def test_participation_is_recorded_as_typed_and_undone_in_one_step(meeting: Meeting, prep: BeforeTheDay) -> None:
    mia = meeting.conference.child("mia")
    assert should_be_offered(meeting.conference, mia) and mia.participation is None
    changes: list[Part] = []
    meeting.subscribe(lambda change: changes.append(change.parts))

    prep.set_participation(
        "mia",
        understanding="Yes  she understands why we meet, and  what a plan is ",
        wish="She wants to come for the first part only.",
        parents_views="Kerry agrees; Dean has not said.",
        benefit="Yes.",
        ways=["with-parent", "attend-part"],
        notes="   ",
    )

    mia = meeting.conference.child("mia")
    assert mia.participation.understanding == "Yes  she understands why we meet, and  what a plan is "
    assert mia.participation.ways == ["attend-part", "with-parent"]  # in the order the ways are listed
    assert mia.participation.notes == ""
    assert mia.participation.recorded_on == TODAY.date()
    assert mia.participation.decided
    assert changes == [Part.PREPARATION]

    prep.set_participation("mia", notes="Meets the chair at 9:30.")  # what is not given stays
    assert meeting.conference.child("mia").participation.wish == "She wants to come for the first part only."
    meeting.undo()
    meeting.undo()
    assert meeting.conference.child("mia").participation is None


def test_a_child_who_declined_is_recorded_and_respected(meeting: Meeting, prep: BeforeTheDay) -> None:
    prep.set_participation("mia", ways=["declined"], wish="Mia does not want to take part.")
    assert meeting.conference.child("mia").participation.decided


def test_participation_refusals_say_what_is_wrong(meeting: Meeting, prep: BeforeTheDay) -> None:
    assert "“float” is not one of the ways" in refused(meeting, prep.set_participation, "mia", ways=["float"])
    sentence = refused(meeting, prep.set_participation, "mia", ways=["declined", "letter"])
    assert sentence.startswith("Mia is recorded as not wanting to take part, and also as taking part (a letter")
    sentence = refused(meeting, prep.set_participation, "mia", ways=["attend-all", "attend-part"])
    assert sentence == "Mia can come to all of the meeting or come to part of the meeting, not both: choose one."
    assert "Baby is not born yet" in refused(meeting, prep.set_participation, "baby", ways=["letter"])
    assert "no child with the id “zoe”" in refused(meeting, prep.set_participation, "zoe", ways=["letter"])
    sentence = refused(meeting, prep.set_participation, "mia", benefit="x" * 20_001)
    assert sentence.startswith("The answer to “Would taking part be of benefit to the child?” is 20,001 characters")
    sentence = refused(meeting, prep.set_participation, "mia", wish="Yes", recorded_on=dt.date(2026, 11, 21))
    assert sentence.startswith(
        "The day the participation was recorded is Saturday 21 November 2026, which is after today"
    )


def test_the_child_own_words_are_attached_and_removed(meeting: Meeting, prep: BeforeTheDay, tmp_path: Path) -> None:
    drawing = prep.attach_own_words("mia", make_png(tmp_path / "three houses.png"), "Mia's three houses")
    clip = prep.attach_own_words("mia", make_wav(tmp_path / "statement.wav"), "What Mia recorded")

    held = meeting.conference.child("mia").participation.own_words
    assert [a.title for a in held] == ["Mia's three houses", "What Mia recorded"]
    assert held[0].original_name == "three houses.png" and held[0].added_at == TODAY
    stored = attachments.path_of(meeting.conference.id, drawing)
    assert stored.is_file()
    assert attachments.read(meeting.conference.id, drawing) == (tmp_path / "three houses.png").read_bytes()
    assert not meeting.conference.child("mia").participation.decided  # a file is not a way chosen

    prep.remove_own_words("mia", 0)
    assert [a.file for a in meeting.conference.child("mia").participation.own_words] == [clip.file]
    assert stored.is_file()  # the copy stays, so the removal can be undone
    meeting.undo()
    assert [a.file for a in meeting.conference.child("mia").participation.own_words] == [drawing.file, clip.file]
    assert "Mia has no attachment number 3" in refused(meeting, prep.remove_own_words, "mia", 2)


def test_an_attachment_that_cannot_be_kept_changes_nothing(
    meeting: Meeting, prep: BeforeTheDay, tmp_path: Path
) -> None:
    (tmp_path / "drawing.png").write_text("a photo that never downloaded")
    sentence = refused(meeting, prep.attach_own_words, "mia", tmp_path / "drawing.png")
    assert sentence.startswith("“drawing.png” does not look like a PNG picture")
    assert not attachments.conference_folder(meeting.conference.id).exists()
    sentence = refused(meeting, prep.attach_own_words, "mia", make_pdf(tmp_path / "letter.pdf"), "x" * 501)
    assert "The title is 501 characters long" in sentence
    meeting.conference.id = None
    assert "Save the conference before attaching" in refused(
        meeting, prep.attach_own_words, "mia", tmp_path / "letter.pdf"
    )


def test_a_copy_made_off_the_window_is_recorded_or_deleted(
    meeting: Meeting, prep: BeforeTheDay, tmp_path: Path
) -> None:
    """The two halves a window uses to copy off the GUI thread: what to keep is checked first, nothing copied;
    the copy is recorded in one undo step, or deleted when the child has gone from the conference meanwhile."""
    to_keep = prep.own_words_to_keep("mia", make_png(tmp_path / "three houses.png"), "Mia's three houses")
    assert not attachments.conference_folder(meeting.conference.id).exists()  # checked, not copied yet
    assert "is not born yet" in refused(meeting, prep.own_words_to_keep, "baby", tmp_path / "three houses.png")
    made = to_keep.copy()
    stored = attachments.path_of(meeting.conference.id, made)
    prep.keep_own_words("mia", made)
    assert meeting.conference.child("mia").participation.own_words == [made]
    meeting.undo()
    assert meeting.conference.child("mia").participation is None  # as before it was attached

    second = to_keep.copy()
    meeting.conference.children = [c for c in meeting.conference.children if c.id != "mia"]  # gone meanwhile
    assert "There is no child with the id “mia”" in refused(meeting, prep.keep_own_words, "mia", second)
    assert not attachments.path_of(meeting.conference.id, second).exists() and stored.is_file()


# -- requests to exclude a family member ---------------------------------------------------------------------


def test_an_exclusion_request_is_added_decided_and_carried_into_the_meeting(
    meeting: Meeting, prep: BeforeTheDay
) -> None:
    place = prep.save_exclusion_request(
        None,
        "father",
        requested_by="Priya Shah (social worker)",
        ground=2,
        evidence="Threats to the social worker on 12 November, reported to the police.",
        received=dt.date(2026, 11, 16),
    )
    assert place == 0
    request = meeting.conference.exclusion_requests[0]
    assert (request.about, request.ground, request.decision, request.decided_on) == ("father", 2, None, None)
    assert agreed_exclusion(meeting.conference, "father") is None

    prep.decide_exclusion_request(
        0, "agreed", which_part="The whole meeting", how_heard="Dean meets the chair at 9:00 and his views are read."
    )
    request = meeting.conference.exclusion_requests[0]
    assert request.decision == "agreed" and request.decided_on == TODAY.date()
    assert request.evidence == "Threats to the social worker on 12 November, reported to the police."
    assert agreed_exclusion(meeting.conference, "father") == request
    assert agreed_exclusion(meeting.conference, "mother") is None

    prep.decide_exclusion_request(0, "refused")
    assert agreed_exclusion(meeting.conference, "father") is None
    meeting.undo()
    assert agreed_exclusion(meeting.conference, "father") is not None
    prep.remove_exclusion_request(0)
    assert meeting.conference.exclusion_requests == []
    meeting.undo()
    assert len(meeting.conference.exclusion_requests) == 1


def test_exclusion_request_refusals(meeting: Meeting, prep: BeforeTheDay) -> None:
    save = prep.save_exclusion_request
    sentence = refused(meeting, save, None, "police", ground=2, evidence="x")
    assert sentence == "Chris Webb is the police; only a family member can be asked to stay out of the meeting."
    assert "one of the six grounds, 1 to 6, not 7" in refused(meeting, save, None, "father", ground=7)
    sentence = refused(meeting, save, None, "father", decision="agreed")
    assert sentence.startswith("To agree that Dean Harper stays out, choose the ground and type the evidence")
    sentence = refused(meeting, save, None, "father", ground=6, decision="agreed", evidence=" ")
    assert sentence.startswith("To agree that Dean Harper stays out, type the evidence")
    sentence = refused(meeting, save, None, "father", received=dt.date(2026, 11, 25))
    assert "after today" in sentence
    meeting.clock = lambda: dt.datetime(2026, 11, 30, 9, 0)
    sentence = refused(meeting, save, None, "father", received=dt.date(2026, 11, 25))
    assert "after the conference on Tuesday 24 November 2026" in sentence
    sentence = refused(
        meeting,
        save,
        None,
        "father",
        ground=2,
        evidence="x",
        received=dt.date(2026, 11, 20),
        decision="refused",
        decided_on=dt.date(2026, 11, 19),
    )
    assert "before the request was received on Friday 20 November 2026" in sentence
    assert "There is no exclusion request number 1" in refused(meeting, prep.decide_exclusion_request, 0, "agreed")
    assert "There is no exclusion request number 1" in refused(meeting, prep.remove_exclusion_request, 0)


def test_an_edited_request_keeps_the_chairs_confidential_mark(meeting: Meeting, prep: BeforeTheDay) -> None:
    prep.save_exclusion_request(None, "father", ground=5, evidence="A police investigation is under way.")
    meeting.conference.exclusion_requests[0].confidential = True
    meeting.conference.exclusion_requests[0].confidential_reason = "criminal-investigation"
    prep.save_exclusion_request(0, "father", ground=5, evidence="A police investigation is under way (Op. Birch).")
    kept = meeting.conference.exclusion_requests[0]
    assert kept.confidential and kept.confidential_reason == "criminal-investigation"


# -- a parent's written views, a request to record, late reasons ------------------------------------------------


def test_written_views_typed_or_attached(meeting: Meeting, prep: BeforeTheDay, tmp_path: Path) -> None:
    prep.save_written_views(None, "mother", received=dt.date(2026, 11, 19), text="I want the children home.\n")
    letter = make_pdf(tmp_path / "Kerry's letter.pdf")
    prep.save_written_views(
        0, "mother", received=dt.date(2026, 11, 19), text="I want the children home.\n", source=letter
    )
    views = meeting.conference.written_views[0]
    assert views.text == "I want the children home.\n" and views.received == dt.date(2026, 11, 19)
    assert views.attachment.title == "Kerry Harper's written views"
    assert attachments.read(meeting.conference.id, views.attachment) == letter.read_bytes()
    prep.save_written_views(0, "mother", received=dt.date(2026, 11, 19), text="")  # the letter stays attached
    assert meeting.conference.written_views[0].attachment == views.attachment

    sentence = refused(meeting, prep.save_written_views, None, "father", text="  ")
    assert sentence == "Type Dean Harper's views, or attach their letter, before saving."
    sentence = refused(meeting, prep.save_written_views, None, "gp", text="My view")
    assert sentence.startswith("Dr Helen Price is the family doctor; written views here are a parent's")
    prep.remove_written_views(0)
    assert meeting.conference.written_views == []


def test_a_request_to_record_before_the_day_reuses_the_recording_rules(meeting: Meeting, prep: BeforeTheDay) -> None:
    prep.save_recording_request("mother", requested_on=dt.date(2026, 11, 17))
    request = meeting.conference.recording_requests[0]
    assert (request.requested_on, request.decision) == (dt.date(2026, 11, 17), None)

    sentence = refused(
        meeting,
        prep.save_recording_request,
        "mother",
        requested_on=dt.date(2026, 11, 17),
        decision="refused",
        reasons="The children's safety.",
    )
    assert sentence == "Before refusing a request to record, take legal advice and note it here."
    assert "only a parent or family member's request" in refused(meeting, prep.save_recording_request, "gp")

    prep.save_recording_request(
        "mother",
        requested_on=dt.date(2026, 11, 17),
        decision="agreed",
        reasons="To help Kerry remember.",
        decided_on=dt.date(2026, 11, 18),
    )
    request = meeting.conference.recording_requests[0]
    assert (request.decision, request.decided_on, request.limits_on_use) == (
        "agreed",
        dt.date(2026, 11, 18),
        DEFAULT_LIMITS,
    )
    assert len(meeting.conference.recording_requests) == 1  # one per person: saving again changes it
    prep.remove_recording_request("mother")
    assert meeting.conference.recording_requests == []


def test_late_reasons_and_when_a_conference_is_late(demo_data: dict[str, Any], prep: BeforeTheDay) -> None:
    assert lateness(prep.conference) is None  # the demo is on time
    late = copy.deepcopy(demo_data)
    late["trigger_date"] = "2026-10-01"
    late_meeting = Meeting(conference_file.from_json(late), clock=lambda: TODAY)
    assert "working days late" in lateness(late_meeting.conference)
    Preparation(late_meeting).set_late_reasons("The family asked for a later date;  the interpreter was ill.")
    assert late_meeting.conference.late_reasons == "The family asked for a later date;  the interpreter was ill."
    late_meeting.undo()
    assert late_meeting.conference.late_reasons == ""


def test_everything_recorded_before_the_day_is_saved_and_read_back(
    meeting: Meeting, prep: BeforeTheDay, tmp_path: Path
) -> None:
    prep.set_participation("mia", wish="Yes", ways=["letter"])
    prep.attach_own_words("mia", make_pdf(tmp_path / "letter.pdf"), "Mia's letter")
    prep.save_exclusion_request(None, "father", ground=6, evidence="Domestic abuse.", received=dt.date(2026, 11, 16))
    prep.save_written_views(None, "mother", text="My views.")
    prep.save_recording_request("mother", requested_on=dt.date(2026, 11, 17))
    with Store(tmp_path / "conferences.sqlite") as store:
        store.save(meeting.conference)
        back = store.load(meeting.conference.id)
    assert conference_file.to_json(back) == conference_file.to_json(meeting.conference)
