"""The decisions told as they were made (issue 11): every outcome of the procedure recorded by the meeting as an
undoable edit, told in plain words on the board and in the documents; a plan without a category and a decision for
a child who is not a subject refused; the recommendations; no plan, core group or review where no child has a plan;
the parents' decision letter due within 24 hours."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from builders import Clock, minimal_conference
from docx_reading import all_text

from chairdesk import agenda, conference_file, words
from chairdesk.audience import the_family, the_record, version_for
from chairdesk.board import board_content
from chairdesk.changes import Part
from chairdesk.documents.context import recommendations
from chairdesk.documents.produce import DocumentSettings, produce
from chairdesk.errors import InvalidConference
from chairdesk.meeting import Change, Meeting
from chairdesk.model import (
    AFTER_PLAN_ENDS,
    INITIAL_OUTCOMES,
    PLAN_END_REASONS,
    CarriedForward,
    Child,
    Conference,
    Decision,
)
from chairdesk.timescales import due_dates

D = dt.date
SETTINGS = DocumentSettings(letter_date=D(2027, 1, 8))


def two_subjects(**overrides: Any) -> dict[str, Any]:
    """Amy and Ben, subjects; Cal, in the household and not a subject."""
    children = [
        {"id": "c1", "name": "Amy", "date_of_birth": "2020-05-01", "expected_delivery_date": None, "subject": True},
        {"id": "c2", "name": "Ben", "date_of_birth": "2022-02-02", "expected_delivery_date": None, "subject": True},
        {"id": "c3", "name": "Cal", "date_of_birth": "2010-02-02", "expected_delivery_date": None, "subject": False},
    ]
    return minimal_conference(children=children, **overrides)


def review(carried: dict[str, str] | None = None, **overrides: Any) -> Conference:
    """A review of Amy and Ben; ``carried``: the categories the last conference decided, by child id."""
    data = two_subjects(type="review", previous_conference={"type": "initial", "date": "2026-10-07"}, **overrides)
    data.pop("trigger_date")
    conference = conference_file.from_json(data)
    if carried is not None:
        conference.carried_forward = CarriedForward(
            decisions=[Decision(child, "cp-plan", category) for child, category in carried.items()]
        )
    return conference


def meeting_of(conference: Conference) -> tuple[Meeting, list[Change]]:
    meeting = Meeting(conference, clock=Clock(conference.date))
    changes: list[Change] = []
    meeting.subscribe(changes.append)
    return meeting, changes


# -- the meeting: what it records, and what it refuses ----------------------------------------------------------


@pytest.mark.parametrize("kind", ["initial", "review"])
def test_a_plan_without_a_category_is_refused_in_words_and_nothing_changes(kind: str) -> None:
    conference = conference_file.from_json(two_subjects()) if kind == "initial" else review()
    meeting, changes = meeting_of(conference)
    outcome = "cp-plan" if kind == "initial" else "plan-continues"
    with pytest.raises(InvalidConference) as refused:
        meeting.set_decision("c1", outcome, None, "Amy is likely to suffer significant harm.")
    assert "Choose the category of Amy's child protection plan" in str(refused.value)
    assert meeting.conference.decisions == [] and changes == [] and not meeting.can_undo


def test_a_decision_for_a_child_who_is_not_a_subject_is_refused_in_words() -> None:
    meeting, changes = meeting_of(conference_file.from_json(two_subjects()))
    for outcome, category in (("cp-plan", "neglect"), ("no-further-action", None)):
        with pytest.raises(InvalidConference) as refused:
            meeting.set_decision("c3", outcome, category)
        assert str(refused.value).startswith("Cal is not a subject of this conference")
        assert "Traceback" not in str(refused.value)
    assert meeting.conference.decisions == [] and changes == []


def test_an_outcome_of_the_other_kind_of_conference_is_refused() -> None:
    meeting, _ = meeting_of(conference_file.from_json(two_subjects()))
    with pytest.raises(InvalidConference, match="not a decision an initial conference makes"):
        meeting.set_decision("c1", "plan-continues", "neglect")
    meeting, _ = meeting_of(review())
    with pytest.raises(InvalidConference, match="not a decision a review conference makes"):
        meeting.set_decision("c1", "family-group-conference")


@pytest.mark.parametrize("outcome", INITIAL_OUTCOMES)
def test_every_initial_outcome_is_an_undoable_edit(outcome: str) -> None:
    meeting, changes = meeting_of(conference_file.from_json(two_subjects()))
    category = "neglect" if outcome == "cp-plan" else "neglect"  # a category given with another outcome is dropped
    meeting.set_decision("c1", outcome, category, "Because.")
    (decision,) = meeting.conference.decisions
    assert (decision.outcome, decision.category) == (outcome, "neglect" if outcome == "cp-plan" else None)
    assert changes[-1].parts == Part.DECISION
    meeting.undo()
    assert meeting.conference.decisions == []
    meeting.redo()
    assert meeting.conference.decisions[0].outcome == outcome


def test_a_plan_that_continues_keeps_the_category_carried_forward_as_the_one_before() -> None:
    meeting, _ = meeting_of(review(carried={"c1": "neglect", "c2": "neglect"}))
    meeting.set_decision("c1", "plan-continues", "neglect")
    meeting.set_decision("c2", "plan-continues", "emotional-abuse")
    amy, ben = meeting.conference.decisions
    assert (amy.category, amy.previous_category) == ("neglect", "neglect")
    assert (ben.category, ben.previous_category) == ("emotional-abuse", "neglect")
    with pytest.raises(InvalidConference, match="under the category of neglect \\(carried forward\\)"):
        meeting.set_decision("c2", "plan-continues", "emotional-abuse", previous_category="sexual-abuse")
    assert meeting.conference.decisions[1].previous_category == "neglect"


@pytest.mark.parametrize(
    "before", ["cin-plan", "step-down", "family-group-conference", "no-further-action", "plan-ends"]
)
@pytest.mark.parametrize(
    ("outcome", "category", "extra"),
    [
        ("plan-continues", "neglect", {}),
        ("plan-ends", None, {"end_reason": "no-longer-at-risk", "then": "cin-plan"}),
        ("plan-ends", None, {}),
    ],
)
def test_a_review_refuses_to_continue_or_end_a_plan_a_child_never_had(
    before: str, outcome: str, category: str | None, extra: dict[str, str]
) -> None:
    """Ben came out of the last conference with no plan; the chair made him a subject of the review again."""
    conference = review(carried={"c1": "neglect"})
    assert conference.carried_forward is not None
    conference.carried_forward.decisions.append(Decision("c2", before))
    meeting, changes = meeting_of(conference)
    with pytest.raises(InvalidConference) as refused:
        meeting.set_decision("c2", outcome, category, "Because.", **extra)
    message = str(refused.value)
    assert message.startswith("Ben has no child protection plan: the last conference decided ")
    assert "Mark Ben as not a subject of this review in preparation" in message and "initial conference" in message
    assert meeting.conference.decisions == [] and changes == []
    meeting.set_decision("c1", "plan-continues", "neglect")  # Amy had a plan: hers is decided
    assert [d.child for d in meeting.conference.decisions] == ["c1"]


def test_the_chair_says_the_category_before_when_nothing_was_carried() -> None:
    meeting, _ = meeting_of(review())
    meeting.set_decision("c1", "plan-continues", "sexual-abuse", previous_category="physical-abuse")
    assert meeting.conference.decisions[0].previous_category == "physical-abuse"
    meeting.set_decision("c1", "plan-continues", "sexual-abuse")  # not known after all
    assert meeting.conference.decisions[0].previous_category is None
    meeting.undo()
    assert meeting.conference.decisions[0].previous_category == "physical-abuse"


def test_a_plan_that_ends_records_why_and_what_follows_and_nothing_else_keeps_them() -> None:
    meeting, _ = meeting_of(review(carried={"c1": "neglect"}))
    meeting.set_decision("c1", "plan-ends")  # why and what follows are chosen after
    assert (meeting.conference.decisions[0].end_reason, meeting.conference.decisions[0].then) == (None, None)
    meeting.set_decision("c1", "plan-ends", end_reason="turned-18", then="step-down")
    decision = meeting.conference.decisions[0]
    assert (decision.end_reason, decision.then, decision.category, decision.previous_category) == (
        "turned-18",
        "step-down",
        None,
        None,
    )
    for wrong in ({"end_reason": "bored"}, {"then": "cp-plan"}):
        with pytest.raises(InvalidConference):
            meeting.set_decision("c1", "plan-ends", **wrong)
    meeting.set_decision("c1", "plan-continues", "neglect", end_reason="turned-18", then="step-down")
    decision = meeting.conference.decisions[0]
    assert (decision.end_reason, decision.then) == (None, None)


def test_only_the_reason_changed_keeps_when_the_decision_was_made() -> None:
    clock = Clock(D(2027, 1, 7), "10:00")
    meeting = Meeting(review(), clock=clock)
    meeting.set_decision("c1", "plan-ends", end_reason="no-longer-at-risk", then="cin-plan")
    clock.at("10:05:00")
    meeting.set_decision("c1", "plan-ends", reason="Much better.", end_reason="no-longer-at-risk", then="cin-plan")
    assert meeting.conference.decisions[0].entered_at.time() == dt.time(10, 0)
    clock.at("10:06:00")
    meeting.set_decision("c1", "plan-ends", reason="Much better.", end_reason="no-longer-at-risk", then="step-down")
    assert meeting.conference.decisions[0].entered_at.time() == dt.time(10, 6)  # what follows changed: decided again


def test_recommendations_are_undoable_meeting_edits_of_the_decision() -> None:
    meeting, changes = meeting_of(conference_file.from_json(two_subjects()))
    meeting.add_recommendation("Mel is offered a parenting course.")
    meeting.add_recommendation("  Amy's school keeps a daily check-in.  ")
    assert [i.text for i in meeting.conference.recommendations] == [
        "Mel is offered a parenting course.",
        "  Amy's school keeps a daily check-in.  ",  # the chair's words, as typed
    ]
    assert meeting.conference.recommendations[0].entered_at is not None
    meeting.edit_recommendation(0, "Mel is offered the Freedom Programme.")
    meeting.move_recommendation(1, 0)
    assert [i.text.strip() for i in meeting.conference.recommendations] == [
        "Amy's school keeps a daily check-in.",
        "Mel is offered the Freedom Programme.",
    ]
    meeting.delete_recommendation(0)
    assert {c.parts for c in changes} == {Part.DECISION}
    with pytest.raises(InvalidConference, match="Type the words first"):
        meeting.add_recommendation("   ")
    meeting.undo()
    meeting.undo()
    meeting.undo()
    assert [i.text for i in meeting.conference.recommendations] == [
        "Mel is offered a parenting course.",
        "  Amy's school keeps a daily check-in.  ",
    ]


# -- plain words ---------------------------------------------------------------------------------------------------


AMY = Child("c1", "Amy", D(2020, 5, 1))


def test_each_initial_outcome_in_words() -> None:
    said = {o: " ".join(words.decision_sentences(AMY, Decision("c1", o, "neglect"))) for o in INITIAL_OUTCOMES}
    assert "Amy will have a child protection plan." in said["cp-plan"]
    assert "under the category of neglect" in said["cp-plan"]
    assert "child in need plan" in said["cin-plan"]
    assert "early help" in said["step-down"]
    assert "Family Group Conference" in said["family-group-conference"]
    assert "no further action" in said["no-further-action"]
    for outcome in ("cin-plan", "step-down", "family-group-conference", "no-further-action"):
        assert said[outcome].startswith("Amy will not have a child protection plan.")
    assert len(set(said.values())) == len(said)  # each told in its own words
    titles = {o: words.outcome_title(Decision("c1", o, "neglect"), AMY) for o in INITIAL_OUTCOMES}
    assert titles["family-group-conference"] == "No child protection plan: a Family Group Conference"
    assert len(set(titles.values())) == len(titles)


def test_a_plan_without_a_category_is_never_told_as_the_category_of_nothing() -> None:
    for outcome in ("cp-plan", "plan-continues"):
        decision = Decision("c1", outcome, None)
        told = " ".join([words.outcome_title(decision, AMY), *words.decision_sentences(AMY, decision)])
        assert "category of ." not in told and "category of " not in told


def test_a_plan_that_continues_says_the_category_kept_or_the_one_it_replaces() -> None:
    kept = Decision("c1", "plan-continues", "neglect", previous_category="neglect")
    changed = Decision("c1", "plan-continues", "emotional-abuse", previous_category="neglect")
    unknown = Decision("c1", "plan-continues", "neglect")
    assert words.outcome_title(kept) == "The child protection plan continues under the category of neglect, as before"
    assert words.outcome_title(changed) == (
        "The child protection plan continues under the category of emotional abuse, changed from neglect"
    )
    assert words.outcome_title(unknown) == "The child protection plan continues under the category of neglect"
    assert "The plan stays under the category of neglect." in words.decision_sentences(AMY, kept)
    assert (
        "The plan is now under the category of emotional abuse. Before, it was under the category of neglect."
        in words.decision_sentences(AMY, changed)
    )


@pytest.mark.parametrize("reason", PLAN_END_REASONS)
@pytest.mark.parametrize("then", AFTER_PLAN_ENDS)
def test_a_plan_that_ends_says_why_and_what_follows(reason: str, then: str) -> None:
    decision = Decision("c1", "plan-ends", end_reason=reason, then=then)
    title = words.outcome_title(decision, AMY)
    follows = "" if reason == "died" else f"; then {words.AFTER_PLAN_TITLES[then]}"  # no help offered after a death
    assert title == f"The child protection plan ends because Amy {PLAN_END_REASONS[reason]}{follows}"
    said = words.decision_sentences(AMY, decision)
    assert said[0] == "The child protection plan for Amy will end."
    assert PLAN_END_REASONS[reason].split(" (")[0] in " ".join(said)
    instead = words.decision_sentences(AMY, Decision("c1", then))[1:]  # what the same help says at an initial
    assert said[2:] == ([] if reason == "died" else instead)


def test_the_board_tells_each_decision_in_plain_words() -> None:
    conference = review(carried={"c1": "neglect"})
    meeting, _ = meeting_of(conference)
    meeting.set_decision("c1", "plan-continues", "emotional-abuse")
    meeting.set_decision("c2", "plan-ends", end_reason="no-longer-at-risk", then="step-down")
    lines = [line.text for line in board_content(meeting.conference, "decision").decisions]
    assert lines == [
        "Amy: the child protection plan continues (emotional abuse, was neglect)",
        "Ben: the child protection plan ends: no longer likely to suffer significant harm; then help from early "
        "help services",
    ]
    initial, _ = meeting_of(conference_file.from_json(two_subjects()))
    initial.set_decision("c1", "family-group-conference")
    initial.set_decision("c2", "step-down")
    lines = [line.text for line in board_content(initial.conference, "decision").decisions]
    assert lines == [
        "Amy: no child protection plan; a Family Group Conference",
        "Ben: no child protection plan; help from early help services instead",
    ]


def test_recommendations_on_the_board_under_the_decisions_only_if_the_room_may_see_them() -> None:
    clock = Clock(D(2027, 1, 7), "10:00")
    meeting = Meeting(conference_file.from_json(two_subjects()), clock=clock)
    meeting.set_decision("c1", "cp-plan", "neglect")
    meeting.add_recommendation("Mel is offered a parenting course.")
    meeting.add_item("recommendations", "Police share the bail conditions.", confidential=True, reason="third-party")
    board = board_content(meeting.conference, "decision")
    assert [(line.kind, line.text) for line in board.decisions] == [
        ("decision", "Amy: a child protection plan (neglect)"),
        ("recommendation", "Recommended: Mel is offered a parenting course."),
    ]
    assert "bail" not in board.all_text()
    # In the record both are told; in the family's documents only what they may read.
    assert [r["text"] for r in recommendations(version_for(meeting.conference, the_record()))] == [
        "Mel is offered a parenting course.",
        "Police share the bail conditions.",
    ]
    family = version_for(meeting.conference, the_family(meeting.conference))
    assert [r["text"] for r in recommendations(family)] == ["Mel is offered a parenting course."]


# -- the documents ------------------------------------------------------------------------------------------------


def decided(conference: Conference, *decisions: Decision) -> Conference:
    conference.decisions = list(decisions)
    return conference


@pytest.mark.parametrize(
    ("decision", "what"),
    [
        (Decision("c1", "cp-plan", None), "Choose the category of Amy's child protection plan."),
        (Decision("c1", "plan-ends", then="cin-plan"), "Choose why the child protection plan for Amy ends."),
        (
            Decision("c1", "plan-ends", end_reason="left-uk"),
            "Choose what follows the end of the child protection plan for Amy.",
        ),
    ],
)
def test_no_document_is_made_with_half_a_decision(decision: Decision, what: str, tmp_path: Path) -> None:
    conference = review() if decision.outcome == "plan-ends" else conference_file.from_json(two_subjects())
    outputs = produce(decided(conference, decision), tmp_path / "out", SETTINGS)
    assert outputs.documents == [] and outputs.files == []
    assert outputs.not_made == [
        f"No document was made: the decision for Amy is not complete. {what} Do it on the decision page, then "
        "produce the outputs again."
    ]
    assert not any((tmp_path / "out").glob("*.docx"))


def documents(conference: Conference, folder: Path) -> dict[str, str]:
    outputs = produce(conference, folder, SETTINGS)
    assert outputs.not_made == []
    found = {}
    for path in outputs.files:
        for kind in ("summary", "record", "letter", "parents-copy"):
            if kind in path.name and kind not in found:
                found[kind] = all_text(path)
    return found


def test_no_plan_core_group_or_review_when_no_child_has_or_keeps_a_plan(tmp_path: Path) -> None:
    conference = decided(
        conference_file.from_json(two_subjects()),
        Decision("c1", "cin-plan", reason="Help is needed."),
        Decision("c2", "family-group-conference"),
    )
    meeting, _ = meeting_of(conference)
    assert meeting.propose_plan_dates()  # the console proposes the dates at the plan stage
    texts = documents(meeting.conference, tmp_path / "no-plan")
    for kind in ("summary", "record"):
        text = texts[kind]
        for never in ("First core group", "Next core group", "Next conference (review)", "The plan", "core group"):
            assert never not in text, (kind, never)
        assert "No child protection plan: a child in need plan instead" in text
    # What was agreed all the same is told, without a core group or a review.
    meeting.add_action("Refer Mel to the family support service.", "sw")
    text = documents(meeting.conference, tmp_path / "agreed")["summary"]
    assert "What the conference agreed" in text and "Refer Mel to the family support service." in text
    assert "No child has a child protection plan" in text
    assert "First core group" not in text and "Next conference (review)" not in text


def test_at_a_review_the_next_core_group(tmp_path: Path) -> None:
    conference = review(carried={"c1": "neglect", "c2": "neglect"})
    meeting, _ = meeting_of(conference)
    meeting.set_decision("c1", "plan-continues", "neglect")
    meeting.set_decision("c2", "plan-ends", end_reason="no-longer-at-risk", then="cin-plan")
    meeting.set_plan_fields(first_core_group=D(2027, 1, 21), lead_social_worker="sw")
    texts = documents(meeting.conference, tmp_path)
    for kind in ("summary", "record"):
        assert "Next core group meeting: Thursday 21 January 2027" in texts[kind]
        assert "First core group" not in texts[kind]
        assert "The child protection plan continues under the category of neglect, as before." in texts[kind]
        assert (
            "The child protection plan ends because Ben is no longer likely to suffer significant harm; then a child "
            "in need plan." in texts[kind]
        )
    initial = decided(conference_file.from_json(two_subjects()), Decision("c1", "cp-plan", "neglect"))
    initial.plan = None
    meeting, _ = meeting_of(initial)
    meeting.set_plan_fields(first_core_group=D(2027, 1, 21))
    assert (
        "First core group meeting: Thursday 21 January 2027" in documents(meeting.conference, tmp_path / "i")["summary"]
    )


def test_recommendations_in_the_summary_and_the_record(tmp_path: Path) -> None:
    meeting, _ = meeting_of(conference_file.from_json(two_subjects()))
    meeting.set_decision("c1", "cin-plan")
    meeting.set_decision("c2", "cin-plan")
    meeting.add_recommendation("Mel is offered a parenting course.")
    meeting.add_item("recommendations", "Police share the bail conditions.", confidential=True, reason="third-party")
    # A recommendation is something a parent must know: kept from them only when the chair decides (audience).
    assert produce(meeting.conference, tmp_path / "undecided", SETTINGS).not_made
    meeting.release("recommendations[1]", "family", False, "It is the police's information.")
    texts = documents(meeting.conference, tmp_path)
    assert "Recommendations" in texts["summary"] and "Mel is offered a parenting course." in texts["summary"]
    assert "bail" not in texts["summary"] and "bail" not in texts["parents-copy"]
    assert (
        "CONFIDENTIAL (information from a third party who could be identified), not for the family: Police share"
        in (texts["record"])
    )
    assert texts["summary"].index("The decision") < texts["summary"].index("Mel is offered a parenting course.")


def test_everyone_scored_only_when_more_than_one_person_scored(tmp_path: Path) -> None:
    meeting, _ = meeting_of(conference_file.from_json(two_subjects()))
    meeting.set_decision("c1", "cin-plan")
    meeting.set_decision("c2", "cin-plan")
    meeting.set_score("sw", 7)
    text = documents(meeting.conference, tmp_path / "one")["summary"]
    assert "Everyone scored" not in text
    assert "Only Sara gave a score: 7." in text
    meeting.set_score("hv", 7)
    assert "Everyone scored 7." in documents(meeting.conference, tmp_path / "two")["summary"]


# -- when the decision letter is due -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("held", "parents", "everyone_else"),
    [
        (D(2027, 1, 7), D(2027, 1, 8), D(2027, 1, 8)),  # a Thursday: the next day either way
        (D(2027, 1, 8), D(2027, 1, 9), D(2027, 1, 11)),  # a Friday: Saturday for the parents, Monday for the rest
        (D(2027, 5, 28), D(2027, 5, 29), D(2027, 6, 1)),  # the Friday before the spring bank holiday (31 May)
        (D(2027, 3, 25), D(2027, 3, 26), D(2027, 3, 30)),  # Maundy Thursday: Good Friday and Easter Monday between
    ],
)
def test_the_parents_letter_is_due_within_24_hours_the_others_in_one_working_day(
    held: dt.date, parents: dt.date, everyone_else: dt.date
) -> None:
    conference = conference_file.from_json(minimal_conference(date=held.isoformat(), start_time="10:00"))
    dates = due_dates(conference)
    assert dates["decision_letter_to_parents_due"].date == parents
    assert dates["decision_letter_due"].date == everyone_else  # the format's key, as the spec has it
    assert "within 24 hours" in dates["decision_letter_to_parents_due"].rule
    assert "by 10:00 the next day" in dates["decision_letter_to_parents_due"].rule


def test_the_home_says_the_parents_letter_is_due_next() -> None:
    # Held on the Friday before the spring bank holiday; nothing produced yet.
    conference = conference_file.from_json(minimal_conference(date="2027-05-28", trigger_date="2027-05-07"))
    conference.decisions = [Decision("c1", "cp-plan", "neglect")]
    on_the_day = agenda.things_due(conference, None, False, D(2027, 5, 28))
    first = on_the_day[0]
    assert (first.key, first.date, first.state) == ("decision_letter_to_parents_due", D(2027, 5, 29), agenda.TOMORROW)
    after_the_weekend = agenda.things_due(conference, None, False, D(2027, 5, 31))
    overdue = [d.key for d in after_the_weekend if d.state == agenda.OVERDUE]
    assert overdue == ["decision_letter_to_parents_due"]  # the rest are due on Tuesday 1 June
    assert agenda.things_due(conference, "2027-05-28T15:00:00", False, D(2027, 5, 31))[0].key != (
        "decision_letter_to_parents_due"
    )


def test_a_carried_decision_names_its_child_wherever_it_is_told() -> None:
    """The last conference's ending, told in the record's 'From the last conference' and the record editor's
    timeline, says whose plan it was, never "because the child"."""
    from chairdesk.documents.context import carried
    from chairdesk.recording.timeline import moments

    conference = review()
    ended = Decision("c1", "plan-ends", end_reason="turned-18", then="no-further-action")
    conference.carried_forward = CarriedForward(decisions=[ended])
    told = carried(version_for(conference, the_record()), lambda data, alt: None)["carried"]["decisions"]
    assert [d["outcome"] for d in told] == [
        "The child protection plan ends because Amy has turned 18; then no further action"
    ]
    conference.carried_forward = None
    conference.decisions = [
        Decision("c1", "plan-ends", end_reason="turned-18", entered_at=dt.datetime(2026, 11, 24, 11))
    ]
    texts = [m.text for m in moments(conference, []) if m.kind == "decision"]
    assert texts and "because Amy has turned 18" in texts[0] and "the child" not in texts[0]
