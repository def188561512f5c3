"""A review starts from the previous conference: carried from one made in ChairDesk (run as a meeting, stored in a
real SQLite database) or from its conference file; the review's commands; the scaling history chart; the record."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from builders import minimal_conference
from docx import Document
from docx_reading import all_text, alt_texts
from PIL import Image

from chairdesk import audience, cli, conference_file
from chairdesk import carry_forward as cf
from chairdesk.board import board_content
from chairdesk.documents import chart
from chairdesk.documents.produce import produce
from chairdesk.errors import ChairDeskError, InvalidConference
from chairdesk.meeting import Meeting
from chairdesk.model import Conference
from chairdesk.storage import Store

DAY = dt.date(2027, 1, 7)
REVIEW_DAY = dt.date(2027, 4, 1)


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=30)
        return self.now


def _initial_data() -> dict[str, Any]:
    data = minimal_conference()
    data["children"].append(
        {"id": "c2", "name": "Łucja", "date_of_birth": None, "expected_delivery_date": "2027-03-01", "subject": True}
    )
    data["participants"][0]["name"] = "Siân Prys"
    data["participants"][1]["report"] = {"received": "2027-01-04", "shared_with_family": "2027-01-04"}
    data["participants"].append({"id": "dad", "name": "ليلى حسن", "role": "parent", "agency": "", "attended": True})
    for person in data["participants"]:
        if person["role"] != "parent":
            person["contact_with"] = ["c1", "c2"]
    return data


def run_initial(store: Store) -> Conference:
    """An initial conference made in the app: run as a meeting over it, then stored."""
    meeting = Meeting(conference_file.from_json(_initial_data()), clock=Clock(dt.datetime(2027, 1, 7, 10, 0)))
    meeting.add_item("danger_statements", "  Social workers are worried Amy is left alone at night.  ")
    meeting.add_item(
        "danger_statements", "Police are investigating an assault.", confidential=True, reason="criminal-investigation"
    )
    meeting.add_item("safety_goals", "Amy has an adult with her every night — ŵyr, ąę, مرحبا")
    meeting.exclude("dad", 2, "shouting")
    meeting.add_item("safety_goals", "Typed while the father was out.")
    meeting.readmit("dad")
    meeting.set_score("sw", 3, "Not safe yet", "c1")
    meeting.set_score("hv", 5, "Some progress", "c1")
    meeting.set_score("nur", 4, child_id="c1")
    meeting.set_score("sw", 2, child_id="c2")
    meeting.set_decision("c1", "cp-plan", "neglect", "Left alone at night")
    meeting.set_decision("c2", "cp-plan", "neglect", "Born into the same home")
    meeting.set_plan_fields(lead_social_worker="sw", core_group=["sw", "hv", "mum"], contingency="Legal advice.")
    meeting.add_outcome("c1", "Amy is never alone at night")
    meeting.add_action("Find a babysitter", "mum", dt.date(2027, 2, 1), "c1")
    meeting.add_action("Visit every 10 working days", "sw")
    conference = meeting.conference
    store.save(conference, action="create")
    return conference


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "chairdesk.sqlite") as opened:
        yield opened


@pytest.fixture
def review(store: Store) -> Meeting:
    initial = run_initial(store)
    conference = cf.start_review(cf.previous_from(initial.id or "", store), REVIEW_DAY)
    store.save(conference, action="create")
    return Meeting(store.load(conference.id or ""), clock=Clock(dt.datetime(2027, 4, 1, 10, 0)))


def test_a_review_carries_forward_from_an_initial_conference_made_in_the_app(store: Store) -> None:
    initial = run_initial(store)
    review = cf.start_review(cf.previous_from(initial.id or "", store), REVIEW_DAY)
    review_id = store.save(review, action="create")
    review = store.load(review_id)  # as stored and read back
    assert review.type == "review" and review.date == REVIEW_DAY
    assert review.previous_conference is not None
    assert (review.previous_conference.id, review.previous_conference.type) == (initial.id, "initial")
    assert [c.id for c in review.children] == ["c1", "c2"]  # matched by id; the unborn child keeps its id
    assert not any(p.attended or p.exclusions for p in review.participants)
    assert review.participant("hv").report is not None and review.participant("hv").report.received is None
    carried = review.carried_forward
    assert carried is not None
    # Exactly the chair's words, spaces and all.
    assert [i.text for i in carried.danger_statements] == [i.text for i in initial.danger_statements]
    assert carried.danger_statements[0].text.startswith("  Social")
    assert carried.danger_statements[1].confidential  # confidential marks carried
    assert carried.safety_goals[1].typed_while_out == ["dad"]  # kept from the father then, so kept now
    assert [d.category for d in carried.decisions] == ["neglect", "neglect"]
    assert [o.text for o in carried.outcomes] == ["Amy is never alone at night"]
    assert [a.what for a in carried.actions] == ["Find a babysitter", "Visit every 10 working days"]
    assert all(t.progress is None for t in [*carried.outcomes, *carried.actions])
    assert carried.lead_social_worker == "Siân Prys"
    assert carried.core_group == ["Siân Prys", "Hana", "Mel"]
    assert carried.contingency == "Legal advice."
    [round_] = carried.scaling_history
    assert (round_.date, round_.type) == (DAY, "initial")
    assert sorted((s.participant, s.child, s.score) for s in round_.scores) == [
        ("hv", "c1", 5),
        ("nur", "c1", 4),
        ("sw", "c1", 3),
        ("sw", "c2", 2),
    ]
    # Nothing carried is in the review's own lists, the plan or the scaling.
    assert not review.danger_statements and not review.safety_goals and not review.scaling and review.plan is None


def test_releases_are_not_carried_and_an_exclusion_read_by_its_times_is(store: Store) -> None:
    initial = run_initial(store)
    meeting = Meeting(initial)
    meeting.release("safety_goals[1]", "dad", True, "He knows already")
    carried = cf.carry_forward(meeting.conference)
    assert carried.safety_goals[1].releases == [] and carried.safety_goals[1].typed_while_out == ["dad"]
    # A conference from elsewhere: no marks, but stamped inside the father's exclusion on its day.
    data = conference_file.to_json(initial)
    for item in data["safety_goals"]:
        item["typed_while_out"] = []
    assert cf.carry_forward(conference_file.from_json(data)).safety_goals[1].typed_while_out == ["dad"]


def test_a_review_starts_from_a_conference_file_and_carries_the_whole_scaling_history(
    store: Store, tmp_path: Path
) -> None:
    initial = run_initial(store)
    path = tmp_path / "initial.json"
    conference_file.write(initial, path)
    first = cf.start_review(cf.previous_from(str(path)), REVIEW_DAY)
    meeting = Meeting(first, clock=Clock(dt.datetime(2027, 4, 1, 10, 0)))
    meeting.set_score("sw", 6, child_id="c1")
    second = cf.start_review(meeting.conference, dt.date(2027, 10, 1))
    history = second.carried_forward.scaling_history
    assert [(h.date, h.type) for h in history] == [(DAY, "initial"), (REVIEW_DAY, "review")]
    assert history[1].names["sw"] == "Siân Prys (social worker)"
    assert first.previous_conference.id == initial.id and second.previous_conference.type == "review"


def test_bad_starts_are_plain_sentences(store: Store, tmp_path: Path) -> None:
    initial = run_initial(store)
    with pytest.raises(ChairDeskError, match="must come after"):
        cf.start_review(initial, DAY)
    with pytest.raises(ChairDeskError, match="no conference with the id"):
        cf.previous_from("nobody", store)


def test_the_review_command_line_starts_a_review(store: Store, tmp_path: Path, capsys: Any) -> None:
    initial = run_initial(store)
    assert cli.main(["--db", str(store.path), "review", initial.id or "", "--date", "2027-04-01"]) == 0
    new_id = capsys.readouterr().out.strip()
    with Store(store.path) as again:
        assert again.load(new_id).carried_forward.danger_statements[0].text.startswith("  Social")
    assert cli.main(["--db", str(store.path), "review", initial.id or "", "--date", "1 April"]) == 2
    assert capsys.readouterr().err.startswith("error: '1 April' is not a date")


def test_progress_is_marked_and_undone(review: Meeting) -> None:
    cf.set_progress(review, "outcomes", 0, "in-progress")
    cf.set_progress(review, "actions", 1, "done")
    carried = review.conference.carried_forward
    assert carried.outcomes[0].progress == "in-progress" and carried.actions[1].progress == "done"
    assert conference_file.from_json(conference_file.to_json(review.conference)).carried_forward.actions[1].progress
    review.undo()
    assert review.conference.carried_forward.actions[1].progress is None
    with pytest.raises(InvalidConference, match="not one of"):
        cf.set_progress(review, "actions", 0, "nearly")
    with pytest.raises(InvalidConference, match="no carried action number 9"):
        cf.set_progress(review, "actions", 8, "done")


def test_nothing_carried_is_on_the_board_until_the_chair_puts_it_there(review: Meeting) -> None:
    carried = review.conference.carried_forward
    before = board_content(review.conference, "danger").all_text()
    for line in [*carried.danger_statements, *carried.safety_goals]:
        assert line.text.strip() not in before
    cf.put_on_board(review, "safety_goals", 0)
    goal = carried.safety_goals[0].text
    assert [i.text for i in review.conference.safety_goals] == [goal]  # exactly its words
    new = review.conference.safety_goals[0]
    assert new is not carried.safety_goals[0] and new.entered_at == dt.datetime(2027, 4, 1, 10, 0, 30)
    assert goal in board_content(review.conference, "safety-goals").all_text()
    cf.put_on_board(review, "danger_statements", 0)
    assert review.conference.danger_statements[0].text == "  Social workers are worried Amy is left alone at night.  "
    with pytest.raises(InvalidConference, match="already in the review's safety goals"):
        cf.put_on_board(review, "safety_goals", 0)
    # What the room could not read at the last conference cannot go on the board.
    with pytest.raises(InvalidConference, match="confidential"):
        cf.put_on_board(review, "danger_statements", 1)
    with pytest.raises(InvalidConference, match="out"):
        cf.put_on_board(review, "safety_goals", 1)
    review.undo()
    assert len(review.conference.danger_statements) == 0


def test_a_line_put_on_the_board_while_a_parent_is_out_stays_off_it(review: Meeting) -> None:
    review.mark_arrived("dad")
    review.exclude("dad", 1, "The child asked")
    cf.put_on_board(review, "safety_goals", 0)
    assert review.conference.safety_goals[0].typed_while_out == ["dad"]
    assert review.conference.carried_forward.safety_goals[0].text not in board_content(review.conference).all_text()


def test_an_action_and_the_core_group_are_carried_on_by_the_chair(review: Meeting) -> None:
    cf.carry_action_on(review, 0)
    [action] = review.conference.plan.actions
    assert (action.what, action.who, action.child) == ("Find a babysitter", "mum", "c1")
    with pytest.raises(InvalidConference, match="already"):
        cf.carry_action_on(review, 0)
    assert cf.use_core_group(review) == []
    assert review.conference.plan.lead_social_worker == "sw"
    assert review.conference.plan.core_group == ["sw", "hv", "mum"]


def test_the_history_chart_draws_every_round_and_every_name(review: Meeting) -> None:
    review.set_score("sw", 7, child_id="c1")
    groups = cf.scaling_groups(review.conference)
    assert [about for about, _rounds in groups][0] == "Amy" and len(groups) == 2
    about, rounds = groups[0]
    assert [(r.date, r.kind) for r in rounds] == [(DAY, "initial conference"), (REVIEW_DAY, "this conference")]
    assert rounds[0].median == 4
    png, alt = chart.history_chart(rounds, "Siân, Łucja and ليلى")
    image = Image.open(io.BytesIO(png))
    assert image.size == (chart.WIDTH, chart.HISTORY_HEIGHT)
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 20  # drawn on, not blank
    assert image.convert("RGB").getpixel((10, 10)) == chart.BACKGROUND
    assert chart.MEDIAN in {c for _n, c in colours}
    assert "Siân Prys (social worker): 3" in alt and "middle score 4" in alt and "this conference" in alt
    # Every name is drawn in a font that has its letters (Welsh, Polish, Arabic), not as boxes.
    for name in ("Siân", "Gwŷn", "Łucja", "ليلى"):
        assert chart.covers(chart.font_for(name, 40), name), name


def test_a_family_reader_is_not_given_a_carried_score_they_could_not_read(review: Meeting) -> None:
    carried = review.conference.carried_forward
    carried.scaling_history[0].scores[0].confidential = True
    everyone = cf.scaling_groups(review.conference)
    family_version = audience.version_for(review.conference, audience.the_family(review.conference))
    family = cf.scaling_groups(family_version.conference)  # the chart is drawn from the reader's version
    assert len(everyone[0][1][0].scores) == len(family[0][1][0].scores) + 1
    assert family_version.held_back_in("carried.scaling")


def test_the_record_has_the_last_conference_and_the_scaling_history_chart(review: Meeting, tmp_path: Path) -> None:
    review.set_score("sw", 7, child_id="c1")
    cf.set_progress(review, "actions", 0, "done")
    cf.set_progress(review, "outcomes", 0, "in-progress")
    review.conference.carried_forward.actions[1].confidential = True
    review.conference.carried_forward.actions[1].confidential_reason = "health"
    outputs = produce(review.conference, tmp_path / "out")
    record = next(f for f in outputs.files if f.name.endswith("-record.docx"))
    text = all_text(record)
    assert "From the last conference" in text
    assert "This review follows the initial child protection conference on Thursday 7 January 2027." in text
    assert "Find a babysitter" in text and "Done" in text and "In progress" in text
    assert "Amy: A child protection plan under the category of neglect." in text or "category of neglect" in text
    assert "CONFIDENTIAL (someone else's health information)" in text and "Visit every 10 working days" in text
    assert any(alt.startswith("Chart of the scaling scores for Amy at each conference") for alt in alt_texts(record))
    pictures = Document(str(record)).inline_shapes
    assert len(pictures) >= 3  # this conference's two scaling charts and at least one across conferences
    # The parents' copy: the section, without what the family could not read at the last conference.
    copy = next(f for f in outputs.files if "parents-copy" in f.name)
    family_text = all_text(copy)
    assert "From the last conference" in family_text and "Find a babysitter" in family_text
    assert "Visit every 10 working days" not in family_text
    assert "Some of what was carried from the last conference is not in your copy." in family_text


# -- who the review is about, and what is decided afresh (issue 11 walk) -----------------------------------------

NO_PLAN = ("cin-plan", "step-down", "family-group-conference", "no-further-action")


def _decided(previous_type: str, outcome: str) -> Conference:
    """A conference of ``previous_type`` that decided a plan for Amy (c1) and ``outcome`` for Łucja (c2)."""
    data = _initial_data()
    data["type"] = previous_type
    if previous_type == "review":
        data.pop("trigger_date", None)
        data["previous_conference"] = {"type": "initial", "date": "2026-10-01"}
    conference = conference_file.from_json(data)
    meeting = Meeting(conference, clock=Clock(dt.datetime(2027, 1, 7, 10, 0)))
    plan = "cp-plan" if previous_type != "review" else "plan-continues"
    meeting.set_decision("c1", plan, "neglect", "Left alone at night")
    extra = {"end_reason": "no-longer-at-risk", "then": "cin-plan"} if outcome == "plan-ends" else {}
    meeting.set_decision("c2", outcome, "neglect" if outcome == plan else None, "", **extra)
    return meeting.conference


@pytest.mark.parametrize(
    ("previous_type", "outcome"),
    [*(("initial", o) for o in NO_PLAN), ("pre-birth", "family-group-conference"), ("review", "plan-ends")],
)
def test_a_review_is_about_the_children_who_have_a_plan(previous_type: str, outcome: str) -> None:
    review = cf.start_review(_decided(previous_type, outcome), REVIEW_DAY)
    assert [(c.id, c.subject) for c in review.children] == [("c1", True), ("c2", False)]
    # Both are carried (the chair may make one a subject again in preparation), with what was decided for each.
    assert [(c.id, c.name) for c in review.children] == [("c1", "Amy"), ("c2", "Łucja")]
    assert [d.outcome for d in review.carried_forward.decisions][1] == outcome


def test_a_child_whose_last_decision_is_not_known_stays_a_subject() -> None:
    previous = conference_file.from_json(_initial_data())  # a conference file with no decisions
    previous.children[1].subject = False
    review = cf.start_review(previous, REVIEW_DAY)
    assert [(c.id, c.subject) for c in review.children] == [("c1", True), ("c2", False)]


def test_the_letters_and_the_copy_of_the_record_are_decided_afresh() -> None:
    previous = _decided("initial", "cp-plan")
    for child in previous.children:
        child.letter = child.record_copy = True
    previous.participant("mum").letter = False  # the chair sent the mother no letter last time
    previous.participant("hv").letter = True
    review = cf.start_review(previous, REVIEW_DAY)
    assert not any(c.letter or c.record_copy for c in review.children)
    assert [p.letter for p in review.participants] == [None] * len(review.participants)
