"""Whatever is typed or changed while a family member is out of the room stays off the board and out of the
family's copies, whichever kind of thing it is and whatever day the meeting is held (RULES.md §3, §5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from builders import Clock
from docx_reading import all_text, for_the_family

from chairdesk import conference_file
from chairdesk.audience import HELD_BACK_SENTENCE, pieces
from chairdesk.board import Draft, board_content
from chairdesk.checks import check
from chairdesk.documents import DocumentSettings, produce_outputs
from chairdesk.documents.produce import produce
from chairdesk.meeting import CELL_BOX, Meeting

SECRETS = {
    "edit": "EDITED-WHILE-OUT police say Dean assaulted a former partner",
    "action": "ACTION-WHILE-OUT tell the police when Dean calls",
    "outcome": "OUTCOME-WHILE-OUT Kerry is safe from Dean",
    "contingency": "CONTINGENCY-WHILE-OUT apply for a court order",
    "dissent": "DISSENT-WHILE-OUT the police disagree because of the investigation",
    "reason": "REASON-WHILE-OUT the investigation found more",
}


# The meeting on its own date, and on a day that is not the conference's date (rescheduled, or mistyped).
@pytest.fixture(params=[dt.date(2026, 11, 24), dt.date(2026, 11, 22)], ids=["on-the-day", "another-day"])
def meeting(request: pytest.FixtureRequest, demo_data: dict[str, Any]) -> tuple[Meeting, Clock]:
    demo_data["participants"][9]["exclusions"] = []
    clock = Clock(request.param)
    return Meeting(conference_file.from_json(demo_data), clock=clock), clock


def run_an_exclusion(meeting: Meeting, clock: Clock) -> None:
    clock.at("10:00")
    meeting.add_item("worries", "BEFORE: Mia is scared of shouting")
    meeting.set_score("police", 2, "Three call-outs")
    clock.at("10:40")
    meeting.exclude("father", 5, "The police must share details of an investigation")
    clock.at("10:45")
    index = len(meeting.conference.worries) - 1
    meeting.edit_item("worries", index, SECRETS["edit"])
    meeting.set_score("police", 0, "The investigation found more")
    meeting.add_action(SECRETS["action"], "sw")
    meeting.add_outcome("mia", SECRETS["outcome"])
    meeting.set_plan_fields(contingency=SECRETS["contingency"])
    meeting.add_dissent("police", SECRETS["dissent"], "mia")
    meeting.set_decision("mia", "cp-plan", "emotional-abuse", SECRETS["reason"])
    clock.at("11:00")
    meeting.readmit("father")
    clock.at("11:05")
    meeting.add_item("key_points", "AFTER: Dean is back in the room")


def test_nothing_changed_during_the_exclusion_reaches_the_board(meeting: tuple[Meeting, Clock]) -> None:
    m, clock = meeting
    run_an_exclusion(m, clock)
    board = board_content(m.conference, "plan")
    text = board.all_text()
    for secret in SECRETS.values():
        assert secret not in text
    assert "AFTER: Dean is back in the room" in text
    police_scores = [s for s in m.conference.scaling if s.participant == "police"]
    assert [s.score for s in police_scores] == [0] and police_scores[0].typed_while_out == ["father"]
    assert 0 not in [s.score for s in board.scores]  # the score given while Dean was out is not on the board
    # The decision itself is never held back: it is on the board once made; its reason typed while Dean was out is not.
    assert [d.text for d in board.decisions if d.text.startswith("Mia")] == [
        "Mia: a child protection plan (emotional abuse)"
    ]


def test_nothing_changed_during_the_exclusion_reaches_the_familys_documents(
    meeting: tuple[Meeting, Clock], tmp_path: Path
) -> None:
    m, clock = meeting
    run_an_exclusion(m, clock)
    settings = DocumentSettings(letter_date=dt.date(2026, 11, 25))
    # Part of the plan and the decision's reason were typed while Dean was out: what he reads is not made until the
    # chair decides about them, and the chair is told what to decide on. What Kerry reads goes now.
    outputs = produce(m.conference, tmp_path / "first", settings)
    made = [f.name for f in outputs.files]
    assert not [n for n in made if "summary" in n or "dean" in n]
    assert [n for n in made if "letter-to-kerry" in n] and [n for n in made if "parents-copy-for-kerry" in n]
    assert len(outputs.not_made) == 3 and all("the chair has not decided" in s for s in outputs.not_made)
    assert all("the plan: the contingency plan" in s and "apply for a court order" in s for s in outputs.not_made)
    for piece in pieces(m.conference):
        if piece.must_know and "father" in piece.marks.typed_while_out:
            m.release(piece.ref, "father", False, "Police information about the investigation")
    files = produce_outputs(m.conference, tmp_path, settings)
    record = next(f for f in files if "record" in f.name and "parents" not in f.name)
    assert all(secret in all_text(record) for secret in SECRETS.values())
    assert "Kept back from Dean Harper by the chair: Police information about the investigation." in all_text(record)
    # Everything Dean (who was out) or everyone receives: the summary, his letter, and his parents' copy.
    # Kerry's letter and copy are the part she attended, which includes what was said while only Dean was out.
    kerrys = [f for f in files if "kerry" in f.name]
    family = [f for f in files if f not in (record, *kerrys) and for_the_family(f.name)]
    assert len(family) == 3 and len(kerrys) == 2
    assert SECRETS["edit"] in all_text(next(f for f in kerrys if "copy" in f.name))
    assert all(SECRETS[k] in all_text(next(f for f in kerrys if "letter" in f.name)) for k in ("action", "contingency"))
    for document in family:
        text = all_text(document)
        for secret in SECRETS.values():
            assert secret not in text, (secret, document.name)
        assert HELD_BACK_SENTENCE in text  # said plainly, never a silent "Nothing recorded"
        assert "No contingency plan was recorded" not in text
        if "letter" in document.name:
            assert "child protection plan" in text.lower()  # the decision itself is always told


def test_what_is_typed_while_out_stays_off_the_board_after_they_come_back(demo_data: dict[str, Any]) -> None:
    demo_data["participants"][9]["exclusions"] = [{"from": "10:40", "to": None, "ground": 5, "reason": "police"}]
    conference = conference_file.from_json(demo_data)
    typing = Draft("worries", "DRAFT-WHILE-OUT")
    assert "DRAFT-WHILE-OUT" not in board_content(conference, "views", draft=typing).all_text()
    conference.participant("father").exclusions[0].to = dt.time(11, 0)  # back in the room
    assert "DRAFT-WHILE-OUT" in board_content(conference, "views", draft=typing).all_text()
    began_while_out = Draft("worries", "DRAFT-WHILE-OUT", typed_while_out=True)  # the editor marks what began while out
    assert "DRAFT-WHILE-OUT" not in board_content(conference, "views", draft=began_while_out).all_text()


@pytest.mark.parametrize(
    "typed",
    [
        "Kerry now lives at 9 Willow Court",
        "Kerry lives at nine Willow Court",
        "her postcode is NN10XX",
        "her postcode is N N 1 0 X X",
        "letters go to Flat 2, 9 Willow Court, Northampton NN1 0XX",
    ],
)
def test_a_withheld_address_never_reaches_the_board_however_it_is_written(
    typed: str, demo_data: dict[str, Any], tmp_path: Path
) -> None:
    conference = conference_file.from_json(demo_data)
    conference.key_points[-1].text = typed
    text = board_content(conference, "key-points", draft=Draft("worries", typed)).all_text()
    assert typed not in text
    assert "Willow Court" not in text and "NN1" not in text.replace(" ", "")
    assert_only_kerry_reads(conference, typed, tmp_path)


def assert_only_kerry_reads(conference: Any, typed: str, folder: Path) -> None:
    """The item is held back from everyone but Kerry (whose address it is): every document is made, and only hers
    hold it; the others say something was held back."""
    outputs = produce(conference, folder, DocumentSettings(letter_date=dt.date(2026, 11, 25)))
    assert not outputs.not_made
    for path in outputs.files:
        text = all_text(path)
        if "parents-copy-for-kerry" in path.name:
            assert typed in text, path.name
        elif "kerry" in path.name:
            continue  # her letter does not hold the key points
        else:
            assert typed not in text, path.name
            assert "not in" in text and "copy" in text, path.name


def test_a_flat_number_alone_is_not_taken_for_a_withheld_address(demo_data: dict[str, Any], tmp_path: Path) -> None:
    conference = conference_file.from_json(demo_data)
    conference.key_points[-1].text = "The family centre is in flat 2 of the old library"
    assert "flat 2" in board_content(conference, "key-points").all_text()
    assert produce_outputs(conference, tmp_path, DocumentSettings(letter_date=dt.date(2026, 11, 25)))


@pytest.mark.parametrize(
    ("address", "typed"),
    [
        ("Rose Cottage, Mill Lane, Little Snoring NR21 0AA", "Kerry is staying at Rose Cottage"),
        ("Flat 4, Orchard House, Station Road, Kettering", "Kerry lives at Orchard House now"),
        ("Flat 4, Orchard House, Station Road, Kettering", "near Station Road"),
    ],
)
def test_a_withheld_address_without_a_house_number_is_protected_too(
    address: str, typed: str, demo_data: dict[str, Any], tmp_path: Path
) -> None:
    demo_data["participants"][8]["address"] = address
    conference = conference_file.from_json(demo_data)
    conference.key_points[-1].text = typed
    assert typed not in board_content(conference, "key-points").all_text()
    assert_only_kerry_reads(conference, typed, tmp_path)
    conference.key_points[-1].text = "Kettering is where the family centre is"  # the town alone tells nothing
    assert "Kettering" in board_content(conference, "key-points").all_text()


def test_a_later_change_does_not_release_what_was_given_while_out(meeting: tuple[Meeting, Clock]) -> None:
    m, clock = meeting
    clock.at("10:40")
    m.exclude("father", 5, "Police information")
    clock.at("10:45")
    m.set_score("police", 1, "REASON-WHILE-OUT")
    m.set_view("police", "mia", True, "VIEW-WHILE-OUT")
    m.set_decision("mia", "cp-plan", "neglect", "DECISION-WHILE-OUT")
    clock.at("11:00")
    m.readmit("father")
    clock.at("11:05")
    # The pages carry the reason over when only the score, the yes/no or the category changes.
    m.set_score("police", 2, "REASON-WHILE-OUT")
    m.set_view("police", "mia", False, "VIEW-WHILE-OUT")
    m.set_decision("mia", "cp-plan", "emotional-abuse", "DECISION-WHILE-OUT")
    score = next(s for s in m.conference.scaling if (s.participant, s.child) == ("police", None))
    view = next(v for v in m.conference.views if (v.participant, v.child) == ("police", "mia"))
    assert score.typed_while_out == ["father"] and view.typed_while_out == ["father"]
    assert next(d for d in m.conference.decisions if d.child == "mia").typed_while_out == ["father"]
    board = board_content(m.conference, "decision")
    assert 2 not in [s.score for s in board.scores if s.name == "Chris"]
    assert "DECISION-WHILE-OUT" not in board.all_text()  # the decision is on the board; its reason is not


def test_an_exclusion_recorded_late_covers_what_was_typed_since_it_began(meeting: tuple[Meeting, Clock]) -> None:
    m, clock = meeting
    clock.at("10:30")
    m.add_item("worries", "BEFORE-HE-LEFT")
    clock.at("10:41")
    m.add_item("worries", "TYPED-BEFORE-THE-CHAIR-PRESSED-EXCLUDE")
    m.set_score("police", 1, "SCORE-BEFORE-THE-CHAIR-PRESSED-EXCLUDE")
    clock.at("10:44")
    m.exclude("father", 5, "The chair noticed late", since=dt.time(10, 40))
    assert m.conference.participant("father").exclusions[-1].from_ == dt.time(10, 40)
    text = board_content(m.conference, "views").all_text()
    assert "BEFORE-HE-LEFT" in text
    assert "TYPED-BEFORE-THE-CHAIR-PRESSED-EXCLUDE" not in text
    assert 1 not in [s.score for s in board_content(m.conference, "views").scores if s.name == "Chris"]
    with pytest.raises(Exception, match="cannot be out of the room from 11:30: it is only 10:44 now"):
        m.readmit("father")
        m.exclude("father", 5, "x", since=dt.time(11, 30))


def test_a_late_exclusion_covers_the_contingency_and_overlaps_are_refused(meeting: tuple[Meeting, Clock]) -> None:
    m, clock = meeting
    clock.at("10:07")  # Dean arrived at 10:05
    m.set_plan_fields(contingency="CONTINGENCY-1007 apply to court")
    clock.at("10:10")
    m.exclude("father", 5, "Noted late", since=dt.time(10, 6))
    assert m.conference.plan.contingency_marks.typed_while_out == ["father"]
    clock.at("10:20")
    m.readmit("father")
    with pytest.raises(Exception, match="came back into the room at 10:20, so this time out cannot begin at 10:08"):
        m.exclude("father", 5, "Overlapping", since=dt.time(10, 8))


def test_the_inquorate_reason_and_a_recording_request_typed_while_out(
    meeting: tuple[Meeting, Clock], tmp_path: Path
) -> None:
    m, clock = meeting
    clock.at("10:35")
    m.set_apologies("midwife", True)
    m.set_apologies("hv", True)  # now inquorate for the baby (and Ruby), so the reasons are in the record
    assert not check(m.conference).quorate
    clock.at("10:40")
    m.exclude("father", 5, "Police information")
    m.set_inquorate_reason("INQUORATE-WHILE-OUT the police could not stay")
    m.decide_recording_request("mother", "agreed", "REQUEST-WHILE-OUT Kerry wants to remember")
    clock.at("11:00")
    m.readmit("father")
    files = produce_outputs(m.conference, tmp_path, DocumentSettings(letter_date=dt.date(2026, 11, 25)))
    deans = all_text(next(f for f in files if "parents-copy-for-dean" in f.name))
    kerrys = all_text(next(f for f in files if "parents-copy-for-kerry" in f.name))
    record = all_text(next(f for f in files if f.name.endswith("-record.docx")))
    for marker in ("INQUORATE-WHILE-OUT", "REQUEST-WHILE-OUT"):
        assert marker not in deans and marker in record
    assert "REQUEST-WHILE-OUT" in kerrys


def test_a_parent_who_gets_no_letter_still_gets_the_part_they_attended(
    demo_data: dict[str, Any], tmp_path: Path
) -> None:
    demo_data["participants"][9]["letter"] = False  # Dean, who was out 10:40 to 11:05
    conference = conference_file.from_json(demo_data)
    files = produce_outputs(conference, tmp_path, DocumentSettings(letter_date=dt.date(2026, 11, 25)))
    assert not [f for f in files if "letter-to-dean" in f.name]
    deans = next(f for f in files if "parents-copy-for-dean" in f.name)
    assert "While Dean was out of the room the police gave an update" not in all_text(deans)


def test_new_words_are_decided_again(meeting: tuple[Meeting, Clock]) -> None:
    """The chair released words to a parent, or kept them back: when the words change, the choice goes with
    them (the new words were never reviewed)."""
    m, clock = meeting
    clock.at("10:40")
    m.exclude("father", 5, "Police information")
    clock.at("10:45")
    m.add_item("worries", "WORDS-ONE while he was out")
    m.add_action("ACTION-ONE tell the police when Dean calls", "sw")
    m.set_score("police", 1, "SCORE-ONE")
    clock.at("11:00")
    m.readmit("father")
    c = m.conference
    worry, action = len(c.worries) - 1, len(c.plan.actions) - 1

    def score() -> Any:
        return next(s for s in m.conference.scaling if s.participant == "police" and s.child is None)

    def score_ref() -> str:
        return f"scaling[{m.conference.scaling.index(score())}]"

    for ref in (f"worries[{worry}]", f"plan.actions[{action}]", score_ref()):
        m.release(ref, "father", True, "He knows already")
    m.edit_item("worries", worry, "WORDS-TWO rewritten")
    m.edit_action(action, "ACTION-TWO rewritten", "sw")
    m.set_score("police", 1, "SCORE-TWO")
    assert [m.conference.worries[worry].releases, m.conference.plan.actions[action].releases, score().releases] == [
        [],
        [],
        [],
    ]
    m.set_score("police", 2, "SCORE-TWO")
    m.release(score_ref(), "father", True, "He knows already")
    m.set_score("police", 3, "SCORE-TWO")  # the same words, another score: the chair's choice stands
    assert len(score().releases) == 1


def test_a_view_or_an_action_corrected_in_a_cell_while_out_is_kept_from_them(meeting: tuple[Meeting, Clock]) -> None:
    m, clock = meeting
    m.add_action("Visit weekly", "sw")
    for hour, save in (
        (10, lambda: m.set_view("police", "mia", True, "VIEW-TYPED-WHILE-OUT")),
        (11, lambda: m.edit_action(0, "ACTION-TYPED-WHILE-OUT", "sw")),
    ):
        clock.at(f"{hour}:40")
        m.exclude("father", 5, "Police information")
        m.typing(CELL_BOX, "the cell as it is being typed")
        clock.at(f"{hour}:41")
        m.readmit("father")
        clock.at(f"{hour}:42")
        save()  # the cell is kept (Enter) after he is back
    view = next(v for v in m.conference.views if (v.participant, v.child) == ("police", "mia"))
    assert view.typed_while_out == ["father"] and m.conference.plan.actions[0].typed_while_out == ["father"]
    assert m.typed_while_out_in(CELL_BOX) == []
