"""The Word outputs (issue 3): what each document contains, read back from the produced .docx files."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from builders import minimal_conference
from docx import Document
from docx_reading import (
    PROFESSIONAL_ENDINGS,
    all_text,
    alt_texts,
    footer_xml,
    header_footer_lines,
    header_rows_repeat,
    styles_used,
)

from chairdesk import conference_file
from chairdesk.audience import pieces
from chairdesk.documents import DocumentSettings, produce_outputs
from chairdesk.documents.produce import produce
from chairdesk.meeting import Meeting

CONFIDENTIAL_WORRY = "The police told the conference about an open investigation"
CONFIDENTIAL_NOTE = "under investigation for an assault on a former partner"
EXCLUDED_KEY_POINT = "While Dean was out of the room the police gave an update"
KERRY_ADDRESS_PARTS = ("Willow Court", "NN1 0XX", "Flat 2, 9 Willow")
DEAN_ADDRESS = "22 Mill Lane"
SETTINGS = DocumentSettings(letter_date=dt.date(2026, 11, 25))


def kinds(paths: list[Path]) -> dict[str, list[Path]]:
    """The documents by kind: "letter" is the family's letters, "professional" the professionals' letters."""
    found: dict[str, list[Path]] = {"summary": [], "letter": [], "record": [], "parents": [], "professional": []}
    for path in paths:
        if "-letter-to-" in path.name and path.name.endswith(PROFESSIONAL_ENDINGS):
            found["professional"].append(path)
            continue
        for kind in found:
            if kind in path.name:
                found[kind].append(path)
    return found


@pytest.fixture
def demo_outputs(demo_data: dict[str, Any], tmp_path: Path) -> dict[str, list[Path]]:
    paths = produce_outputs(conference_file.from_json(demo_data), tmp_path / "out", SETTINGS)
    return kinds(paths)


def letter_to(letters: list[Path], name: str) -> Path:
    matches = [p for p in letters if name.lower().replace(" ", "-") in p.name]
    assert len(matches) == 1, [p.name for p in letters]
    return matches[0]


def family_documents(outputs: dict[str, list[Path]]) -> list[Path]:
    return outputs["summary"] + outputs["letter"] + outputs["parents"]


# ---------------------------------------------------------------------------------------------------------
# The set of documents


def test_the_demo_gives_one_of_each_document_and_a_letter_per_parent(demo_outputs: dict[str, list[Path]]) -> None:
    assert len(demo_outputs["summary"]) == 1
    assert len(demo_outputs["record"]) == 1
    # A parents' copy, and a letter, for each household. Kerry's address is withheld, so she and Dean each get
    # their own.
    assert sorted(p.name for p in demo_outputs["parents"]) == [
        "2026-11-24-harper-parents-copy-for-dean-harper.docx",
        "2026-11-24-harper-parents-copy-for-kerry-harper.docx",
    ]
    assert sorted(p.name for p in demo_outputs["letter"]) == [
        "2026-11-24-harper-letter-to-dean-harper.docx",
        "2026-11-24-harper-letter-to-kerry-harper.docx",
    ]
    for paths in demo_outputs.values():
        for path in paths:
            assert Document(str(path)).paragraphs  # opens as a Word document


# ---------------------------------------------------------------------------------------------------------
# Confidentiality (RULES.md §5)


def test_confidential_items_and_notes_never_reach_the_family(demo_outputs: dict[str, list[Path]]) -> None:
    for path in family_documents(demo_outputs):
        text = all_text(path)
        assert CONFIDENTIAL_WORRY not in text, path.name
        assert CONFIDENTIAL_NOTE not in text, path.name
        assert "CONFIDENTIAL" not in text, path.name


def test_the_record_has_everything_confidential_clearly_marked(demo_outputs: dict[str, list[Path]]) -> None:
    record = demo_outputs["record"][0]
    doc = Document(str(record))
    paragraphs = [p.text for p in doc.paragraphs]
    worry = [p for p in paragraphs if CONFIDENTIAL_WORRY in p]
    assert worry and all(p.startswith("CONFIDENTIAL (a criminal investigation), not for the family: ") for p in worry)
    # The chair's private notes are the chair's alone: not even in the record the professionals receive.
    assert CONFIDENTIAL_NOTE not in all_text(record)
    assert "Confidential notes: not for the family" not in paragraphs
    # The marker is a real style a council can restyle.
    marked = [r for p in doc.paragraphs for r in p.runs if r.text.startswith("CONFIDENTIAL")]
    assert marked and all(r.style.name == "Confidential" for r in marked)
    assert EXCLUDED_KEY_POINT in all_text(record)


def test_items_typed_during_an_exclusion_are_left_out_unless_the_chair_includes_them(
    demo_data: dict[str, Any], tmp_path: Path
) -> None:
    conference = conference_file.from_json(demo_data)
    left_out = kinds(produce_outputs(conference, tmp_path / "a", SETTINGS))
    deans = next(p for p in left_out["parents"] if "dean" in p.name)
    kerrys = next(p for p in left_out["parents"] if "kerry" in p.name)
    for path in [deans, *left_out["summary"]]:  # Dean was out; the summary goes to everyone
        assert EXCLUDED_KEY_POINT not in all_text(path), path.name
    # Kerry was in the room while Dean was out: her copy has the part she attended, which is all of it.
    assert EXCLUDED_KEY_POINT in all_text(kerrys)
    assert "Typed while" not in all_text(kerrys)  # who was out, item by item, is for the record
    assert CONFIDENTIAL_WORRY not in all_text(kerrys)
    record = all_text(left_out["record"][0])
    assert EXCLUDED_KEY_POINT in record
    assert "Typed while Dean Harper was out of the room." in record

    # The chair releases it to Dean, with a reason: it is in his copy and the summary, and the reason in the record.
    meeting = Meeting(conference)
    ref = next(p.ref for p in pieces(conference) if EXCLUDED_KEY_POINT in p.text)
    meeting.release(ref, "father", True, "Dean already knows: the police told him")
    included = kinds(produce_outputs(meeting.conference, tmp_path / "b", SETTINGS))
    parents = all_text(next(p for p in included["parents"] if "dean" in p.name))
    assert EXCLUDED_KEY_POINT in parents and EXCLUDED_KEY_POINT in all_text(included["summary"][0])
    assert CONFIDENTIAL_WORRY not in parents  # only what the chair released
    assert "Released to Dean Harper by the chair: Dean already knows: the police told him." in all_text(
        included["record"][0]
    )


def test_scores_and_views_typed_during_an_exclusion_follow_the_same_rule(tmp_path: Path) -> None:
    data = minimal_conference(
        start_time="10:00",
        scaling=[
            {
                "participant": "hv",
                "child": None,
                "score": 2,
                "reason": "Said while Mel was out",
                "entered_at": "2027-01-07T10:20:00",
            },
            {
                "participant": "sw",
                "child": None,
                "score": 5,
                "reason": "Said with Mel there",
                "entered_at": "2027-01-07T10:40:00",
            },
        ],
    )
    data["participants"][3]["exclusions"] = [{"from": "10:15", "to": "10:30", "ground": 5, "reason": "legal advice"}]
    out = kinds(produce_outputs(conference_file.from_json(data), tmp_path, SETTINGS))
    parents, record = all_text(out["parents"][0]), all_text(out["record"][0])
    assert "Said with Mel there" in parents
    assert "Said while Mel was out" not in parents
    assert "Said while Mel was out" in record
    assert "legal advice" in record and "legal advice" not in parents  # the chair's free-text reason


def test_a_withheld_address_reaches_no_one_else(demo_outputs: dict[str, list[Path]]) -> None:
    kerry = letter_to(demo_outputs["letter"], "Kerry Harper")
    everyone_else = [p for paths in demo_outputs.values() for p in paths if p != kerry]
    # the summary, the record, Dean's letter, both parents' copies and the eight professionals' letters
    assert len(everyone_else) == 13
    for path in everyone_else:
        text = all_text(path)
        for part in KERRY_ADDRESS_PARTS:
            assert part not in text, (path.name, part)
    kerry_text = all_text(kerry)
    assert "9 Willow Court" in kerry_text and "Northampton NN1 0XX" in kerry_text
    assert DEAN_ADDRESS not in kerry_text
    assert DEAN_ADDRESS in all_text(letter_to(demo_outputs["letter"], "Dean Harper"))


def test_a_withheld_address_typed_into_the_plan_holds_back_only_what_it_would_reach(
    demo_data: dict[str, Any], tmp_path: Path
) -> None:
    data = copy.deepcopy(demo_data)
    data["plan"]["actions"][0]["what"] = "Visit Kerry at 9 Willow Court every week."
    out = produce(conference_file.from_json(data), tmp_path, SETTINGS)
    # Kerry's own letter and copy go (the letters are due within a day); what anyone else reads waits for the chair
    # to change the words, and the chair is told which item, not only which document.
    assert sorted(p.name for p in out.files) == [
        "2026-11-24-harper-letter-to-kerry-harper.docx",
        "2026-11-24-harper-parents-copy-for-kerry-harper.docx",
    ]
    assert len(out.not_made) == 12  # the summary, Dean's letter and copy, the record, the professionals' letters
    for sentence in out.not_made:
        assert 'the plan: who will do what ("Visit Kerry at 9 Willow Court every week.' in sentence
        assert "it would give away where Kerry Harper lives. Change those words" in sentence
        assert "Release it" not in sentence


# ---------------------------------------------------------------------------------------------------------
# Letters


def _family(**extra: Any) -> dict[str, Any]:
    data = minimal_conference(
        decisions=[{"child": "c1", "outcome": "cp-plan", "category": "neglect", "reason": "Amy was often hungry."}]
    )
    data["participants"] += [
        {
            "id": "dad",
            "name": "Tom Test",
            "role": "parent",
            "agency": "",
            "attended": False,
            "address": "4 Oak Road, Leeds LS1 1AA",
        },
        {
            "id": "gran",
            "name": "Gwen Test",
            "role": "family-member",
            "agency": "",
            "attended": True,
            "address": "7 Elm Street, Leeds LS2 2BB",
        },
        {
            "id": "lawyer",
            "name": "Lee Law",
            "role": "solicitor",
            "agency": "",
            "attended": True,
            "address": "Law House, 1 High Street, Leeds LS3 3CC",
        },
        {
            "id": "police",
            "name": "PC Pat",
            "role": "police",
            "agency": "Police",
            "attended": True,
            "address": "Police Station, 9 Station Road, Leeds LS4 4DD",
            "letter": True,
        },
    ]
    data["participants"][3]["address"] = "4 Oak Road, Leeds LS1 1AA"  # Mel lives with Tom
    data.update(extra)
    return data


def addressees(path: Path) -> str:
    doc = Document(str(path))
    return next(p.text for p in doc.paragraphs if p.text.startswith("Dear "))


def test_parents_at_one_address_share_a_letter_and_each_professional_gets_their_own(tmp_path: Path) -> None:
    found = kinds(produce_outputs(conference_file.from_json(_family()), tmp_path, SETTINGS))
    assert [addressees(p) for p in found["letter"]] == ["Dear Mel and Tom Test,"]
    # RULES.md §5: the decision letter goes to everyone who attended or was invited (the chair signs it).
    assert sorted(addressees(p) for p in found["professional"]) == [
        "Dear Hana,",
        "Dear Nia,",
        "Dear PC Pat,",
        "Dear Sara,",
    ]


def test_letter_recipients(tmp_path: Path) -> None:
    data = _family()
    letters = kinds(produce_outputs(conference_file.from_json(data), tmp_path, SETTINGS))["letter"]
    assert [addressees(p) for p in letters] == ["Dear Mel and Tom Test,"]
    text = all_text(letters[0])
    for not_there in ("PC Pat", "Station Road", "Lee Law", "High Street", "Gwen Test", "Elm Street"):
        assert not_there not in text


def test_a_chair_can_send_a_letter_to_another_family_member_or_not_to_a_professional(tmp_path: Path) -> None:
    data = _family()
    data["participants"][5]["letter"] = True  # Gwen, a family member
    data["participants"][3]["letter"] = False  # Mel does not want one
    data["participants"][1]["letter"] = False  # nor Hana
    found = kinds(produce_outputs(conference_file.from_json(data), tmp_path, SETTINGS))
    assert sorted(addressees(p) for p in found["letter"]) == ["Dear Gwen Test,", "Dear Tom Test,"]
    assert sorted(addressees(p) for p in found["professional"]) == ["Dear Nia,", "Dear PC Pat,", "Dear Sara,"]


def test_a_parent_whose_address_is_withheld_gets_a_letter_of_their_own(tmp_path: Path) -> None:
    data = _family()
    data["participants"][3]["address_withheld"] = True
    data["participants"][3]["address"] = "4 Oak Road, Leeds LS1 1AA, Flat 9"
    letters = kinds(produce_outputs(conference_file.from_json(data), tmp_path, SETTINGS))["letter"]
    assert sorted(addressees(p) for p in letters) == ["Dear Mel,", "Dear Tom Test,"]


def test_every_letter_is_plain_english_with_the_decision_the_social_worker_and_the_right_to_complain(
    demo_outputs: dict[str, list[Path]],
) -> None:
    for path in demo_outputs["letter"]:
        text = all_text(path)
        assert "Mia will have a child protection plan." in text
        assert "The unborn baby (due 8 March 2027) will have a child protection plan." in text
        assert "under the category of emotional abuse" in text
        assert "Your social worker is Priya Shah" in text
        assert "The first core group meeting: Friday 4 December 2026." in text
        assert "The next conference: Tuesday 23 February 2027." in text
        assert "You have the right to complain." in text
        assert "Please write to the chair, Alex Morgan" in text
        assert "stays in place while your complaint is looked at" in text
        assert "Wednesday 25 November 2026" in text  # the letter's date
        assert "The outline plan" in text and "Write a birth plan that includes the safety plan." in text
        initials = re.findall(r"\b(SW|ICPC|RCPC|CP|CPP|CIN|EDD|DOB|LSCB|LA|FGC|s47|S47|GP)\b", text)
        assert initials == [], (path.name, initials)


def test_the_letter_explains_other_outcomes(tmp_path: Path) -> None:
    data = minimal_conference(
        type="review",
        previous_conference={"type": "initial", "date": "2026-10-07"},
        children=[
            {"id": "c1", "name": "Amy", "date_of_birth": "2020-05-01", "expected_delivery_date": None, "subject": True},
            {"id": "c2", "name": "Ben", "date_of_birth": "2022-02-02", "expected_delivery_date": None, "subject": True},
        ],
        decisions=[
            {
                "child": "c1",
                "outcome": "plan-ends",
                "end_reason": "no-longer-at-risk",
                "then": "cin-plan",
                "reason": "Things are much better.",
            },
            {"child": "c2", "outcome": "plan-continues", "category": "neglect", "reason": "Still worried."},
        ],
    )
    data.pop("trigger_date")
    text = all_text(kinds(produce_outputs(conference_file.from_json(data), tmp_path, SETTINGS))["letter"][0])
    assert "The child protection plan for Amy will end." in text
    assert "The child protection plan for Ben will continue." in text
    assert "The plan continues under the category of neglect." in text
    assert text.index("Amy") < text.index("Ben")  # children in the order of the conference file


# ---------------------------------------------------------------------------------------------------------
# What makes them real Word documents


def test_every_page_has_the_marking_the_family_and_the_date_and_page_x_of_y(
    demo_data: dict[str, Any], tmp_path: Path
) -> None:
    settings = DocumentSettings(marking="OFFICIAL-SENSITIVE PERSONAL", letter_date=dt.date(2026, 11, 25))
    paths = produce_outputs(conference_file.from_json(demo_data), tmp_path, settings)
    for path in paths:
        doc = Document(str(path))
        for section in doc.sections:
            header = [p.text for p in section.header.paragraphs]
            footer = [p.text for p in section.footer.paragraphs]
            assert "OFFICIAL-SENSITIVE PERSONAL" in header, path.name
            assert "OFFICIAL-SENSITIVE PERSONAL" in footer, path.name
            assert any("Harper family" in line and "Tuesday 24 November 2026" in line for line in header)
        xml = footer_xml(path)
        assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml)
        assert re.search(r"<w:instrText[^>]*> NUMPAGES </w:instrText>", xml)
        assert any(line.startswith("Page ") and " of " in line for line in header_footer_lines(doc))


def test_real_headings_repeating_table_headers_and_a_chart_with_alt_text(demo_outputs: dict[str, list[Path]]) -> None:
    for path in demo_outputs["summary"] + demo_outputs["record"] + demo_outputs["parents"]:
        styles = styles_used(path)
        assert {"Title", "Heading 1", "Heading 2"} <= styles, path.name
        repeats = header_rows_repeat(path)
        assert len(repeats) >= 4 and all(repeats[1:]), path.name  # the details table has no heading row
        alts = alt_texts(path)
        assert len(alts) == 1, path.name
        assert alts[0].startswith("Bar chart of the scaling scores for all the children")
        assert "Dean Harper (parent): 7" in alts[0]
    assert "Heading 2" in styles_used(demo_outputs["letter"][0])


def test_uk_dates_and_the_unborn_baby(demo_outputs: dict[str, list[Path]]) -> None:
    summary = all_text(demo_outputs["summary"][0])
    assert "Tuesday 24 November 2026, starting at 10:00" in summary
    assert "Mia, born 19 June 2014 (12 years old)" in summary
    assert "Unborn baby (due 8 March 2027)" in summary
    assert "2026-11-24" not in summary
    assert summary.index("Mia, born") < summary.index("Unborn baby (due")


def test_the_summary_has_every_part_of_the_meeting(demo_outputs: dict[str, list[Path]]) -> None:
    text = all_text(demo_outputs["summary"][0])
    for expected in (
        "Who was invited",
        "Apologies: Dr Helen Price (family doctor, Parkside Surgery).",
        "Received 19 November 2026; not shared with the family",
        "Dean Harper was out of the room from 10:40 to 11:05.",
        "Danger statement",
        "Kerry has been to every midwife appointment.",
        "Mia told her teacher she is scared when her dad shouts.",
        "Every adult who looks after Mia and the baby knows the safety plan and sticks to it.",
        "Mia would like to write to the chair before the next conference.",
        "There have been three call-outs this year.",
        "Domestic abuse often gets worse in pregnancy.",
        "Child protection plan under the category of emotional abuse.",
        "Disagreement with the decision (dissent)",
        "Lead social worker: Priya Shah (social worker, Children's Trust)",
        "Refer Dean to a programme about domestic abuse",
        "8 December 2026",
        "If there is another incident of violence",
        "First core group meeting: Friday 4 December 2026",
        "Next conference (review): Tuesday 23 February 2027",
    ):
        assert expected in text, expected
    # The exclusion's reason names the police investigation: the full record only.
    assert "open investigation" not in text


def test_the_record_has_the_quorum_and_the_reasons_for_going_ahead_without_one(tmp_path: Path) -> None:
    data = minimal_conference(inquorate_reason="Only the health visitor knows Amy; delay would harm her.")
    data["participants"][2]["attended"] = False
    record = all_text(kinds(produce_outputs(conference_file.from_json(data), tmp_path, SETTINGS))["record"][0])
    assert "Quorum" in record
    assert "Reasons for going ahead without a quorum" in record
    assert "Only the health visitor knows Amy; delay would harm her." in record


def test_text_is_printed_as_typed(tmp_path: Path) -> None:
    data = minimal_conference(family={"name": "Léa <& Co>"}, worries=[{"text": 'Mum said "I\'m <not> ok" & left'}])
    paths = produce_outputs(conference_file.from_json(data), tmp_path, SETTINGS)
    for path in paths:
        text = all_text(path)
        assert "Léa <& Co> family" in text
        assert "&amp;" not in text and "&lt;" not in text
    assert 'Mum said "I\'m <not> ok" & left' in all_text(kinds(paths)["summary"][0])


def test_warnings_for_what_the_chair_should_know(tmp_path: Path) -> None:
    data = minimal_conference()
    outputs = produce(conference_file.from_json(data), tmp_path, SETTINGS)
    assert "No decision is recorded for Amy; the documents say so." in outputs.warnings
    assert "There is no address for Mel: their letter has no address on it." in outputs.warnings
    assert len(outputs.files) == 7  # the summary, Mel's letter, the record, her copy, three professionals' letters


def test_the_chairs_record_of_the_discussion_goes_where_it_may(demo_data: dict[str, Any], tmp_path: Path) -> None:
    demo_data["discussion"] = [
        {"text": "DISCUSSION-OPEN: Kerry described the morning routine.", "entered_at": "2026-11-24T10:25:00"},
        {
            "text": "DISCUSSION-SECRET: legal advice was taken.",
            "confidential": True,
            "entered_at": "2026-11-24T11:00:00",
        },
        {"text": "DISCUSSION-DURING: the police update in detail.", "entered_at": "2026-11-24T10:55:00"},
        {"text": "DISCUSSION-UNTIMED: the chair's note written afterwards."},
    ]
    found = kinds(produce_outputs(conference_file.from_json(demo_data), tmp_path, SETTINGS))
    record = all_text(found["record"][0])
    for marker in ("DISCUSSION-OPEN", "DISCUSSION-SECRET", "DISCUSSION-DURING", "DISCUSSION-UNTIMED"):
        assert marker in record
    parents = all_text(next(p for p in found["parents"] if "dean" in p.name))
    assert "DISCUSSION-OPEN" in parents and "DISCUSSION-UNTIMED" in parents
    assert "DISCUSSION-SECRET" not in parents  # confidential
    assert "DISCUSSION-DURING" not in parents  # typed while Dean was out of the room (10:40 to 11:05)
    for document in found["summary"] + found["letter"]:
        assert "DISCUSSION-SECRET" not in all_text(document)


def test_proposed_dates_alone_are_not_a_plan(tmp_path: Path) -> None:
    # The console proposes the plan's dates before the decision; no further action means no plan to print.
    data = minimal_conference(
        decisions=[{"child": "c1", "outcome": "no-further-action", "category": None}],
        plan={"first_core_group": "2027-01-21", "next_review": "2027-04-07"},
    )
    summary = kinds(produce_outputs(conference_file.from_json(data), tmp_path, SETTINGS))["summary"][0]
    assert "Thursday 21 January 2027" not in all_text(summary)
    data["plan"]["actions"] = [{"what": "Refer Amy to the nursery's speech group", "who": "hv", "by": None}]
    summary = kinds(produce_outputs(conference_file.from_json(data), tmp_path / "again", SETTINGS))["summary"][0]
    assert "Refer Amy to the nursery's speech group" in all_text(summary)


def test_each_parents_copy_says_whom_it_is_for(demo_outputs: dict[str, list[Path]]) -> None:
    for path in demo_outputs["parents"]:
        name = "Dean Harper" if "dean" in path.name else "Kerry Harper"
        assert f"This copy is for {name}." in all_text(path)


def test_legal_advice_on_a_refused_request_to_record_is_in_the_record_only(
    demo_data: dict[str, Any], tmp_path: Path
) -> None:
    meeting = Meeting(conference_file.from_json(demo_data))
    meeting.decide_recording_request(
        "mother", "refused", "Mia would find it distressing", legal_advice="LEGAL-ADVICE council solicitor by phone"
    )
    out = kinds(produce_outputs(meeting.conference, tmp_path, SETTINGS))
    assert "LEGAL-ADVICE council solicitor by phone" in all_text(out["record"][0])
    for path in family_documents(out):
        text = all_text(path)
        assert "LEGAL-ADVICE" not in text, path.name
        if "parents-copy" in path.name:
            assert "The chair refused, after taking legal advice. Reasons: Mia would find it distressing" in text


def test_the_chair_is_warned_of_words_that_could_lead_to_a_withheld_address(
    demo_data: dict[str, Any], tmp_path: Path
) -> None:
    meeting = Meeting(conference_file.from_json(demo_data))
    meeting.add_item("key_points", "Kerry has moved Mia to a school in Northampton")
    outputs = produce(meeting.conference, tmp_path, SETTINGS)
    (warning,) = [w for w in outputs.warnings if "Northampton" in w]
    assert warning == (
        'Key points ("Kerry has moved Mia to a school in Northampton") names the town (Northampton) with a school: '
        "check it cannot tell anyone where Kerry Harper lives."
    )
