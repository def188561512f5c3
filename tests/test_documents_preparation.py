"""What is prepared before the day, and what a review carries, in the documents (issue 10): who may read each part,
read back from the produced .docx files with python-docx, and from the board.

The demo conference (Mia 12, Leo, Ruby, an unborn baby; Kerry and Dean, the parents) is given, as a conference
file, the child's participation and own words (a drawing, a PDF, an audio clip), requests to exclude Dean, the
parents' written views, the reasons the conference is late, NHS numbers and identifiers, the invitees' contact
details and language needs, and what a review carries from the last conference.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx_reading import PROFESSIONAL_ENDINGS, all_text, alt_texts
from PIL import Image

from chairdesk import conference_file
from chairdesk.audience import (
    CHILDS_WORDS_WHY,
    HELD_BACK_SENTENCE,
    RECORD_ONLY,
    a_household,
    marks_at,
    pieces,
    the_family,
    the_record,
    the_room,
    version_for,
)
from chairdesk.board import board_content
from chairdesk.documents import DocumentSettings, produce_outputs
from chairdesk.documents.context import attachment_path
from chairdesk.meeting import Meeting
from chairdesk.model import CarriedForward, Decision, Item, Marks, Outcome, PastScores, PlanAction, ScalingScore

SETTINGS = DocumentSettings(letter_date=dt.date(2026, 11, 25))
CONFERENCE_ID = "demo-harper-2026-11-24"

UNDERSTANDING = "Mia understands why the conference is meeting UND0001"
NOTES = "Mia told the social worker she is scared when dad shouts NOTE0001"
DRAWING = "Mia's three houses drawing TTL0001"
STATEMENT = "Mia's Mind of My Own statement TTL0002"
AUDIO = "Mia's voice message TTL0003"
SECRET_PDF = "Mia's letter about the incident TTL0004"
EVIDENCE = "The police report of the incident on 2 November EVI0001"
HOW_HEARD = "Dean's views will be read out by his advocate HOW0001"
KERRY_VIEWS = "I want the children to stay with me and I am going to every class KVW0001"
DEAN_VIEWS = "What I have to say about Kerry's new partner DVW0001"
DEAN_ATTACHED = "Dean's letter to the chair TTL0005"
LATE = "The police report arrived after the date set LATE0001"
NHS = {"mia": "943 476 5919", "leo": "943 476 5870", "ruby": "943 476 5862", "baby": "943 476 5838"}
IDENTIFIER = "CWSA-2026-MIA-0001"
EMAIL = "priya.shah@example.org"
PHONE = "07700 900123"


def png(width: int = 400, height: int = 300) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def prepared(demo_data: dict[str, Any]) -> dict[str, Any]:
    """The demo, with everything prepared before the day, as a conference file would bring it."""
    data = dict(demo_data)
    children = [dict(c) for c in data["children"]]
    for child in children:
        child["nhs_number"] = NHS[child["id"]]
    children[0]["child_identifier"] = IDENTIFIER
    children[0]["participation"] = {
        "understanding": UNDERSTANDING,
        "wish": "She wants the chair to read her statement",
        "parents_views": "Kerry agrees; Dean was not asked",
        "benefit": "Yes, if she need not be in the room with Dean",
        "ways": ["drawing", "letter", "meet-chair"],
        "notes": NOTES,
        "recorded_on": "2026-11-18",
        "own_words": [
            {"file": "drawing.png", "title": DRAWING, "received": "2026-11-16"},
            {"file": "statement.pdf", "title": STATEMENT, "received": "2026-11-17"},
            {"file": "voice.m4a", "title": AUDIO, "added_at": "2026-11-18T15:20:00"},
            {
                "file": "letter.pdf",
                "title": SECRET_PDF,
                "received": "2026-11-17",
                "confidential": True,
                "confidential_reason": "criminal-investigation",
            },
        ],
    }
    data["children"] = children
    participants = [dict(p) for p in data["participants"]]
    for person in participants:
        if person["id"] == "sw":
            person.update(email=EMAIL, phone=PHONE)
        if person["id"] == "father":
            person.update(language="Polish", needs_interpreter=True, needs_translation=True, phone=PHONE)
    data["participants"] = participants
    data["exclusion_requests"] = [
        {
            "about": "father",
            "requested_by": "police",
            "ground": 5,
            "evidence": EVIDENCE,
            "received": "2026-11-18",
            "decision": "agreed",
            "decided_on": "2026-11-19",
            "which_part": "the police update",
            "how_heard": HOW_HEARD,
        }
    ]
    data["written_views"] = [
        {"by": "mother", "received": "2026-11-20", "text": KERRY_VIEWS},
        {
            "by": "father",
            "received": "2026-11-21",
            "text": DEAN_VIEWS,
            "attachment": {"file": "dean.pdf", "title": DEAN_ATTACHED},
            "confidential": True,
            "confidential_reason": "third-party",
        },
    ]
    data["late_reasons"] = LATE
    return data


@pytest.fixture
def attachments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The conference's attachments folder in a data folder of the test's own, with Mia's drawing in it."""
    monkeypatch.setenv("CHAIRDESK_DATA", str(tmp_path / "data"))
    folder = tmp_path / "data" / "attachments" / CONFERENCE_ID
    folder.mkdir(parents=True)
    (folder / "drawing.png").write_bytes(png())
    return folder


def produced(data: dict[str, Any], out: Path) -> dict[str, Any]:
    paths = produce_outputs(conference_file.from_json(data), out, SETTINGS)
    found: dict[str, Any] = {"letters": [], "copies": []}
    for path in paths:
        if path.name.endswith("-record.docx"):
            found["record"] = path
        elif "summary" in path.name:
            found["summary"] = path
        elif "-letter-to-" in path.name and not path.name.endswith(PROFESSIONAL_ENDINGS):
            found["letters"].append(path)  # the family's letters (a professional's is from the full record)
        elif "parents-copy" in path.name:
            found["copies"].append(path)
    assert found["letters"] and found["copies"] and "record" in found and "summary" in found
    return found


def family_texts(docs: dict[str, Any]) -> dict[str, str]:
    return {p.name: all_text(p) for p in [docs["summary"], *docs["letters"], *docs["copies"]]}


@pytest.fixture
def docs(demo_data: dict[str, Any], attachments: Path, tmp_path: Path) -> dict[str, Any]:
    return produced(prepared(demo_data), tmp_path / "out")


def board_text(data: dict[str, Any]) -> str:
    conference = conference_file.from_json(data)
    return "\n".join(board_content(conference, stage).all_text() for stage in ("views", "plan", "decision"))


# -- 1. The child's participation and own words -------------------------------------------------------------------


def test_the_record_has_the_childs_view_under_its_own_heading(docs: dict[str, Any]) -> None:
    record = Document(str(docs["record"]))
    headings = [p.text for p in record.paragraphs if p.style.name.startswith("Heading")]
    assert "The child's view" in headings and "What Mia told us" in headings
    text = all_text(docs["record"])
    assert UNDERSTANDING in text and NOTES in text
    assert "How Mia took part: A drawing; a letter, e-mail or text; meet the chair before the meeting" in text
    # Files listed by title, kind and date; the drawing shown as a picture, with its alt text.
    assert f"{STATEMENT} (PDF document, received 17 November 2026)" in text
    assert f"{AUDIO} (audio recording, added 18 November 2026)" in text
    assert f"{DRAWING} (picture, received 16 November 2026)" in text
    assert f"{DRAWING}: a picture from Mia" in alt_texts(docs["record"])
    # The confidential one is in the record, marked, with its reason.
    assert f"CONFIDENTIAL (a criminal investigation), not for the family: {SECRET_PDF}" in text


def test_the_childs_words_are_not_in_the_familys_documents_until_the_chair_releases_them(
    demo_data: dict[str, Any], attachments: Path, tmp_path: Path
) -> None:
    data = prepared(demo_data)
    docs = produced(data, tmp_path / "before")
    for name, text in family_texts(docs).items():
        for words in (UNDERSTANDING, NOTES, DRAWING, STATEMENT, AUDIO, SECRET_PDF, "What Mia told us"):
            assert words not in text, (name, words)
        assert HELD_BACK_SENTENCE in text, name
    for copy in docs["copies"]:
        assert "The child's view" in all_text(copy)  # the heading stays, saying something was held back
        assert alt_texts(copy) == [a for a in alt_texts(copy) if DRAWING not in a]

    # The chair releases the statement and the drawing to the whole family; the confidential letter stays back.
    conference = conference_file.from_json(data)
    meeting = Meeting(conference)
    refs = {p.text: p.ref for p in pieces(conference)}
    meeting.release(refs[STATEMENT], "family", True, "Mia asked for her parents to read it")
    meeting.release(refs[DRAWING], "family", True, "Mia wants them to see it")
    paths = produce_outputs(meeting.conference, tmp_path / "after", SETTINGS)
    for path in [p for p in paths if "parents-copy" in p.name]:
        text = all_text(path)
        assert "What Mia told us" in text and STATEMENT in text and DRAWING in text, path.name
        assert f"{DRAWING}: a picture from Mia" in alt_texts(path)
        for words in (SECRET_PDF, AUDIO, UNDERSTANDING, NOTES, "Mia asked for her parents"):
            assert words not in text, (path.name, words)
    record = all_text(next(p for p in paths if p.name.endswith("-record.docx")))
    assert "Released to every family member by the chair: Mia asked for her parents to read it." in record


def test_the_reason_the_childs_words_are_held_back_says_why(demo_data: dict[str, Any]) -> None:
    conference = conference_file.from_json(prepared(demo_data))
    held = {h.piece.text: h for h in version_for(conference, a_household(conference, ["mother"])).held_back}
    assert CHILDS_WORDS_WHY in held[STATEMENT].why and held[STATEMENT].releasable
    assert held[SECRET_PDF].why[0] == "it is confidential (a criminal investigation)"
    participation = next(h for h in held.values() if h.piece.part == "participation")
    assert participation.why == (RECORD_ONLY["participation"],) and not participation.releasable
    # Words with no marks of their own cannot be marked or released (they would be lost): the rule refuses them.
    with pytest.raises(KeyError):
        marks_at(conference, participation.piece.ref)


def test_a_missing_picture_or_a_name_outside_the_folder_is_listed_not_shown(
    demo_data: dict[str, Any], attachments: Path, tmp_path: Path
) -> None:
    (attachments / "drawing.png").unlink()
    secret = tmp_path / "data" / "attachments" / "secret.png"
    secret.write_bytes(png())
    data = prepared(demo_data)
    data["children"][0]["participation"]["own_words"].append({"file": "../secret.png", "title": "Outside TTL0009"})
    docs = produced(data, tmp_path / "out")
    text = all_text(docs["record"])
    assert f"{DRAWING} (picture, received 16 November 2026)" in text
    assert "The picture could not be shown here: its file is missing" in text
    assert "Outside TTL0009 (picture)" in text
    assert "The picture is kept with the conference; it cannot be shown in this document." in text
    assert not [a for a in alt_texts(docs["record"]) if "TTL" in a]
    conference = conference_file.from_json(data)
    assert attachment_path(conference.id, conference.children[0].participation.own_words[-1]) is None


def test_a_tall_photo_of_a_drawing_is_made_to_fit(demo_data: dict[str, Any], attachments: Path, tmp_path: Path) -> None:
    (attachments / "drawing.png").write_bytes(png(1000, 4000))
    docs = produced(prepared(demo_data), tmp_path / "out")
    record = Document(str(docs["record"]))
    drawing = [s for s in record.inline_shapes if DRAWING in s._inline.docPr.get("descr", "")]
    assert len(drawing) == 1 and drawing[0].height <= drawing[0].width * 1.26


# -- 2. Requests to exclude a family member before the day --------------------------------------------------------


def test_an_exclusion_request_is_in_the_record_only(demo_data: dict[str, Any], docs: dict[str, Any]) -> None:
    text = all_text(docs["record"])
    assert "Requests before the day to exclude a family member" in text
    assert "Dean Harper (parent): asked by " in text and "received 18 November 2026" in text
    assert "Ground 5: members need to share confidential information." in text
    assert f"Evidence: {EVIDENCE}" in text
    assert "The chair's decision: Agreed on 19 November 2026 (the part of the meeting: the police update)." in text
    assert f"How their views will be heard: {HOW_HEARD}" in text
    for name, family_text in family_texts(docs).items():
        for words in (EVIDENCE, HOW_HEARD, "Requests before the day"):
            assert words not in family_text, (name, words)
    assert EVIDENCE not in board_text(prepared(demo_data))


# -- 3. The parents' written views ----------------------------------------------------------------------------------


def test_the_parents_written_views_are_in_the_record_and_the_familys_copy_unless_confidential(
    docs: dict[str, Any],
) -> None:
    text = all_text(docs["record"])
    assert "The parents' written views" in text
    assert "Kerry Harper, received 20 November 2026:" in text and KERRY_VIEWS in text
    assert "CONFIDENTIAL (information from a third party who could be identified), not for the family: " in text
    assert DEAN_VIEWS in text and f"Attached: {DEAN_ATTACHED} (PDF document)" in text
    for copy in docs["copies"]:
        copy_text = all_text(copy)
        assert "The parents' written views" in copy_text and KERRY_VIEWS in copy_text, copy.name
        assert DEAN_VIEWS not in copy_text and DEAN_ATTACHED not in copy_text, copy.name
    for name, family_text in family_texts(docs).items():
        assert DEAN_VIEWS not in family_text and DEAN_ATTACHED not in family_text, name


# -- 4. The reasons the conference is late ------------------------------------------------------------------------


def test_the_reasons_the_conference_is_late_are_in_the_full_record(
    demo_data: dict[str, Any], docs: dict[str, Any]
) -> None:
    assert f"Why the conference is late: {LATE}" in all_text(docs["record"])
    for name, text in family_texts(docs).items():
        assert LATE not in text, name
    assert LATE not in board_text(prepared(demo_data))


# -- 5. NHS numbers, identifiers, contact details, language needs -------------------------------------------------


def test_nhs_numbers_are_in_the_records_childrens_table_and_nowhere_a_family_or_the_room_reads(
    demo_data: dict[str, Any], docs: dict[str, Any]
) -> None:
    record = Document(str(docs["record"]))
    table = next(t for t in record.tables if t.rows[0].cells[1].text == "NHS number")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows[0] == ["Mia", NHS["mia"], IDENTIFIER]
    assert [r[1] for r in rows] == list(NHS.values()) and rows[1][2] == "Not recorded"
    shown = board_text(prepared(demo_data))
    for name, text in {**family_texts(docs), "the board": shown}.items():
        digits = "".join(ch for ch in text if ch.isdigit())
        for number in [*NHS.values(), IDENTIFIER]:
            assert number not in text and number.replace(" ", "") not in digits, (name, number)


def test_contact_details_are_in_no_document_and_language_needs_in_the_records_attendance(
    demo_data: dict[str, Any], docs: dict[str, Any]
) -> None:
    everything = {**family_texts(docs), "record": all_text(docs["record"]), "board": board_text(prepared(demo_data))}
    for name, text in everything.items():
        assert EMAIL not in text and PHONE not in text, name
    record = everything["record"]
    assert "Language and communication" in record
    assert (
        "Dean Harper (parent): Polish; needs an interpreter (never a family member); needs documents translated"
        in record
    )
    summary = all_text(docs["summary"])
    kerry = next(p for p in docs["copies"] if "kerry" in p.name)
    for name, text in {"summary": summary, "Kerry's copy": all_text(kerry)}.items():
        assert "Polish" not in text and "Language and communication" not in text, name


# -- 6. The one rule for every new part, every reader ------------------------------------------------------------


def test_nothing_prepared_before_the_day_or_carried_reaches_the_room(demo_data: dict[str, Any]) -> None:
    conference = conference_file.from_json(prepared(demo_data))
    conference.carried_forward = carried()
    room = version_for(conference, the_room())
    seen = room.conference
    assert seen.carried_forward is None and not seen.exclusion_requests and not seen.written_views
    assert not seen.late_reasons and all(c.participation is None and not c.nhs_number for c in seen.children)
    assert all(not p.email and not p.phone and not p.language for p in seen.participants)
    new_parts = {h.piece.part for h in room.held_back}
    assert {"participation", "own_words", "exclusion_requests", "written_views", "late_reasons"} <= new_parts
    assert {"carried.danger_statements", "carried.outcomes", "carried.scaling"} <= new_parts
    carried_why = next(h for h in room.held_back if h.piece.part == "carried.safety_goals").why
    assert carried_why == (
        "it was carried forward from the last conference, and reaches the board only when the chair puts it there",
    )
    shown = "\n".join(board_content(conference, stage).all_text() for stage in ("views", "plan", "decision"))
    for words in ("CFW0001", "CFW0002", "CFW0003", "CFW0004", "CFW0005", KERRY_VIEWS, DRAWING):
        assert words not in shown


def carried() -> CarriedForward:
    """What a review carries: one line of each kind open, one confidential, one typed while Dean was out then."""
    secret = Marks(confidential=True, confidential_reason="criminal-investigation")
    return CarriedForward(
        danger_statements=[Item(text="CFW0001 Dean's drinking when he has the children")],
        safety_goals=[Item(text="CFW0002 the police are investigating", **vars(secret))],
        outcomes=[Outcome(child="mia", text="CFW0003 Mia goes to school every day", progress="in-progress")],
        actions=[PlanAction(what="CFW0004 a referral while Dean was out", who="sw", typed_while_out=["father"])],
        decisions=[Decision(child="mia", outcome="cp-plan", category="neglect", reason="CFW0005 the reason")],
        contingency="CFW0006 the last contingency",
        scaling_history=[
            PastScores(
                date=dt.date(2026, 8, 20),
                type="initial",
                scores=[
                    ScalingScore(participant="sw", child=None, score=3, reason="CFW0007"),
                    ScalingScore(participant="police", child=None, score=2, reason="CFW0008", **vars(secret)),
                ],
                names={"sw": "Priya Shah (social worker)", "police": "PC Chris Hall (police)"},
            )
        ],
    )


def test_carried_items_are_filtered_by_their_marks_like_the_rest(demo_data: dict[str, Any]) -> None:
    conference = conference_file.from_json(demo_data)
    conference.carried_forward = carried()
    full = version_for(conference, the_record()).conference.carried_forward
    assert full == conference.carried_forward
    kerry = version_for(conference, a_household(conference, ["mother"]))
    dean = version_for(conference, a_household(conference, ["father"]))
    family = version_for(conference, the_family(conference))
    for version, action_seen in ((kerry, True), (dean, False), (family, False)):
        seen = version.conference.carried_forward
        assert seen.danger_statements and seen.outcomes and seen.decisions[0].reason == "CFW0005 the reason"
        assert not seen.safety_goals  # confidential
        assert bool(seen.actions) == action_seen  # typed while Dean was out at the last conference
        assert [s.reason for s in seen.scaling_history[0].scores] == ["CFW0007"]
        assert seen.contingency == ""  # carried without marks: no one can say the family may read it
        held = {h.piece.ref: h for h in version.held_back}
        assert held["carried_forward.safety_goals[0]"].why == ("it is confidential (a criminal investigation)",)
        assert held["carried_forward.safety_goals[0]"].releasable
        assert "record only" in held["carried_forward.contingency"].why[0]
        assert not version.undecided  # what was agreed last time does not stop this conference's documents
    assert "it was typed while Dean Harper was out of the room" in {
        w for h in dean.held_back for w in h.why if h.piece.ref == "carried_forward.actions[0]"
    }
    assert conference.carried_forward.safety_goals  # the conference itself is not changed


def test_a_report_expected_and_never_received_says_so_in_the_record(demo_data: dict[str, Any], tmp_path: Path) -> None:
    """The police report was expected and never came: the record says so, not "No written report" (which reads as
    if none was asked for)."""
    police = next(p for p in demo_data["participants"] if p["role"] == "police")
    police["report"] = {"received": None}
    record = produced(demo_data, tmp_path / "out")["record"]
    rows = [" | ".join(c.text for c in row.cells) for t in Document(str(record)).tables for row in t.rows]
    row = next(r for r in rows if r.startswith(f"{police['name']} | Police | ") and "Yes, " in r)  # attendance
    assert "A report was expected and not received" in row and "No written report" not in row
