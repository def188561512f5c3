"""Every reader gets the right letter (issue 11; RULES.md §5): each produced letter read back from the real .docx,
for a parent, a separated father of one child, a professional, a child under 11 and one over, a Polish parent
with an interpreter, and a Welsh template supplied; right-to-left paragraphs and the chart's letters."""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from chairdesk import conference_file
from chairdesk.audience import a_household, version_for
from chairdesk.documents import DocumentSettings, render_documents
from chairdesk.documents.chart import ScoreBar, font_for, scaling_chart
from chairdesk.documents.chart import covers as font_covers
from chairdesk.documents.letters import receives_letter
from chairdesk.documents.render import shipped_templates
from chairdesk.languages import name_of, same_language
from chairdesk.model import Participant

SETTINGS = DocumentSettings(letter_date=dt.date(2026, 11, 25))
MIA_REASON = "Mia has been frightened by domestic abuse"
LEO_REASON = "Leo has seen violence at home"


def made(data: dict[str, Any], settings: DocumentSettings = SETTINGS) -> dict[str, str]:
    """Every document made, by file name, as text read back from the Word document."""
    outputs = render_documents(conference_file.from_json(data), settings)
    assert not outputs.not_made, outputs.not_made
    texts = {}
    for document in outputs.documents:
        doc = Document(io.BytesIO(document.data))
        lines = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            lines += [cell.text for row in table.rows for cell in row.cells]
        texts[document.filename] = "\n".join(lines)
    return texts


def one(texts: dict[str, str], part: str) -> str:
    found = [name for name in texts if part in name]
    assert len(found) == 1, (part, sorted(texts))
    return texts[found[0]]


def person(data: dict[str, Any], pid: str) -> dict[str, Any]:
    return next(p for p in data["participants"] if p["id"] == pid)


# -- who gets a letter ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "letter", "gets"),
    [
        ("parent", None, True),
        ("parent", False, False),
        ("social-worker", None, True),
        ("police", None, True),
        ("gp", False, False),
        ("supporter", None, False),
        ("supporter", True, True),
        ("interpreter", None, False),
        ("interpreter", True, False),
        ("observer", True, False),
        ("minute-taker", None, False),
        ("chair", True, False),
    ],
)
def test_who_gets_a_letter(role: str, letter: bool | None, gets: bool) -> None:
    assert receives_letter(Participant("x", "X", role, letter=letter)) is gets


def test_every_professional_invited_gets_their_letter_with_their_own_actions(demo_data: dict[str, Any]) -> None:
    texts = made(demo_data)
    letters = [name for name in texts if "-letter-to-" in name]
    # Both parents, and the eight professionals who attended or were invited (the GP sent apologies); not the
    # chair, not the supporter or the solicitor (the chair has not chosen to send them one).
    assert len(letters) == 10
    assert not any(word in name for name in letters for word in ("alex-morgan", "linda", "mark-ellis"))
    priya = one(texts, "letter-to-priya-shah-social-worker")
    assert "Dear Priya Shah," in priya
    assert "Priya Shah, Social worker, Children's Trust" in priya
    assert "Mia will have a child protection plan." in priya and MIA_REASON in priya
    assert "What you agreed to do" in priya
    assert "Refer Dean to a programme about domestic abuse" in priya  # her action, picked out
    assert "You are the lead social worker for the plan." in priya
    assert "The outline plan" in priya
    # Never the withheld address, never the chair's private notes, no complaints procedure meant for the family.
    for never in ("Willow Court", "NN1 0XX", "under investigation for an assault", "You have the right to complain"):
        assert never not in priya, never
    gp = one(texts, "letter-to-dr-helen-price")
    assert "You were invited to" in gp and "What you agreed to do" not in gp


def test_a_separated_father_reads_only_about_his_own_child(demo_data: dict[str, Any]) -> None:
    data = copy.deepcopy(demo_data)
    person(data, "father")["contact_with"] = ["leo"]
    texts = made(data)
    dean = one(texts, "letter-to-dean-harper")
    assert "It is about Leo." in dean
    assert LEO_REASON in dean and "Leo will have a child protection plan." in dean
    for other in (MIA_REASON, "Mia will have a child protection plan", "Ruby is too young", "The baby is likely"):
        assert other not in dean, other
    assert "Mia feels safe at home" not in dean  # another child's outcome in the outline plan
    assert "Leo sleeps well" in dean
    assert "Check in with Mia once a week" not in dean  # another child's action
    copy_for_dean = one(texts, "parents-copy-for-dean-harper")
    assert MIA_REASON not in copy_for_dean and LEO_REASON in copy_for_dean
    kerry = one(texts, "letter-to-kerry-harper")  # the mother of all four reads about all four
    assert MIA_REASON in kerry and LEO_REASON in kerry and "It is about" not in kerry
    # The chair's review shows what was kept from him, and why.
    conference = conference_file.from_json(data)
    held = version_for(conference, a_household(conference, ("father",))).held_back
    reasons = {h.piece.ref: h.why for h in held}
    assert reasons["decisions[0]"] == ("it is about a child who is not theirs (Mia)",)
    assert "decisions[1]" not in reasons
    assert all(not h.needs_decision and not h.releasable for h in held if h.not_theirs)


def test_a_parents_letter_in_plain_words_with_recommendations(demo_data: dict[str, Any]) -> None:
    data = copy.deepcopy(demo_data)
    data["recommendations"] = [{"text": "Kerry is offered a place on the Freedom Programme."}]
    kerry = one(made(data), "letter-to-kerry-harper")
    assert "What the conference recommended" in kerry
    assert "Kerry is offered a place on the Freedom Programme." in kerry
    assert "What you agreed to do" in kerry and "Make an appointment to talk to the doctor" in kerry
    assert "The first core group meeting: Friday 4 December 2026." in kerry
    assert "You have the right to complain." in kerry


def test_no_plan_no_dates_or_outline_plan_and_a_review_says_next_core_group(demo_data: dict[str, Any]) -> None:
    data = copy.deepcopy(demo_data)
    for decision in data["decisions"]:
        decision.update(outcome="cin-plan", category=None)
    kerry = one(made(data), "letter-to-kerry-harper")
    assert "will have a child in need plan" in kerry
    for absent in ("The outline plan", "The next conference", "core group meeting", "Lead social worker"):
        assert absent not in kerry, absent
    review = copy.deepcopy(demo_data)
    review.update(type="review", previous_conference={"type": "initial", "date": "2026-08-25"})
    review.pop("trigger_date", None)
    for decision in review["decisions"]:
        decision["outcome"] = "plan-continues"
    kerry = one(made(review), "letter-to-kerry-harper")
    assert "The next core group meeting:" in kerry and "first core group" not in kerry


# -- a child's own letter ---------------------------------------------------------------------------------------


def test_a_child_gets_their_own_letter_in_words_for_their_age(demo_data: dict[str, Any]) -> None:
    data = copy.deepcopy(demo_data)
    for child in data["children"]:
        if child["id"] in ("mia", "leo"):
            child["letter"] = True
    next(c for c in data["children"] if c["id"] == "mia")["record_copy"] = True
    texts = made(data)
    leo = one(texts, "letter-for-leo")  # 7: the younger child's words
    assert "Dear Leo," in leo
    assert "some grown-ups had a meeting about you" in leo
    assert "The grown-ups decided that you will have a child protection plan." in leo
    assert "Your social worker is Priya Shah." in leo and "Childline on 0800 1111" in leo
    assert "Leo sleeps well" in leo and "Mia" not in leo.replace("Mia, Leo", "")  # about him, not his sister
    assert "copy of the notes" not in leo
    mia = one(texts, "letter-for-mia")  # 12: the older child's words
    assert "there was a child protection conference about you" in mia
    assert "The conference decided that you will have a child protection plan." in mia
    assert "You will also get a copy of the notes of the meeting." in mia
    assert "grown-ups" not in mia and LEO_REASON not in mia and MIA_REASON not in mia
    mia_copy = one(texts, "record-copy-for-mia")
    assert "Leo sleeps well" not in mia_copy and "Mia feels safe at home" in mia_copy
    assert not any("letter-for-ruby" in name or "record-copy-for-leo" in name for name in texts)
    # The child's letter is in larger type than the adults'.
    documents = render_documents(conference_file.from_json(data), SETTINGS).documents
    doc = Document(io.BytesIO(next(d.data for d in documents if "letter-for-leo" in d.filename)))
    assert doc.styles["Normal"].font.size.pt >= 14


# -- language ---------------------------------------------------------------------------------------------------


def test_a_polish_parent_is_told_of_the_interpreter_by_the_languages_name(demo_data: dict[str, Any]) -> None:
    data = copy.deepcopy(demo_data)
    person(data, "father").update(language="pl", needs_interpreter=True, needs_translation=True)
    texts = made(data)
    dean = one(texts, "letter-to-dean-harper")
    assert "Dean, we know you speak Polish." in dean
    assert "an interpreter who speaks Polish to go through this letter and the record of the conference" in dean
    assert "translated into Polish" in dean
    assert "Polish" not in one(texts, "letter-to-kerry-harper")


def test_a_welsh_template_is_used_for_a_welsh_reader(demo_data: dict[str, Any], tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "Cymraeg").mkdir(parents=True)
    letter = Document(str(shipped_templates().joinpath("letter.docx")))
    letter.paragraphs[0].insert_paragraph_before("Llythyr penderfyniad: {{ family_name }}")
    letter.save(str(templates / "Cymraeg" / "letter.docx"))
    data = copy.deepcopy(demo_data)
    person(data, "mother")["language"] = "cy"
    texts = made(data, DocumentSettings(letter_date=dt.date(2026, 11, 25), templates_dir=templates))
    assert "Llythyr penderfyniad: Harper" in one(texts, "letter-to-kerry-harper")
    assert "Llythyr penderfyniad" not in one(texts, "letter-to-dean-harper")
    assert "Llythyr penderfyniad" not in one(texts, "parents-copy-for-kerry-harper")  # the record: no Welsh one


def test_a_conference_held_in_welsh_is_recorded_in_welsh(demo_data: dict[str, Any], tmp_path: Path) -> None:
    """Welsh practice records in the conference's language: the summary and the full record use the Welsh
    templates; a letter to an English-speaking reader stays English."""
    templates = tmp_path / "templates"
    (templates / "cy").mkdir(parents=True)
    for name, words in (("record", "Cofnod y gynhadledd"), ("summary", "Crynodeb a chynllun")):
        template = Document(str(shipped_templates().joinpath(f"{name}.docx")))
        template.paragraphs[0].insert_paragraph_before(f"{words}: {{{{ family_name }}}}")
        template.save(str(templates / "cy" / f"{name}.docx"))
    data = copy.deepcopy(demo_data)
    data["language"] = "Cymraeg"
    texts = made(data, DocumentSettings(letter_date=dt.date(2026, 11, 25), templates_dir=templates))
    assert "Cofnod y gynhadledd: Harper" in one(texts, "-record.docx")
    assert "Crynodeb a chynllun: Harper" in one(texts, "summary-and-plan")
    assert "Cofnod y gynhadledd" not in one(texts, "parents-copy-for-kerry-harper")  # Kerry reads English
    data["language"] = ""
    texts = made(data, DocumentSettings(letter_date=dt.date(2026, 11, 25), templates_dir=templates))
    assert "Cofnod y gynhadledd" not in one(texts, "-record.docx")


def test_languages_match_by_name_or_code() -> None:
    assert same_language("cy", "Welsh") and same_language("cym", "Cymraeg") and same_language("pl-PL", "Polish")
    assert not same_language("Welsh", "Polish") and not same_language("", "")
    assert name_of("ar") == "Arabic" and name_of("Klingon") == "Klingon"


# -- right to left, and every name on the chart -----------------------------------------------------------------

ARABIC = "قالت الأم إن الأطفال كانوا متعبين جداً"
HEBREW = "האם אמרה שהילדים היו עייפים"


def test_right_to_left_paragraphs_are_set_right_to_left(demo_data: dict[str, Any], tmp_path: Path) -> None:
    data = copy.deepcopy(demo_data)
    data["worries"] += [{"text": ARABIC}, {"text": HEBREW}]
    outputs = render_documents(conference_file.from_json(data), SETTINGS)
    summary = next(d for d in outputs.documents if d.kind == "summary")
    path = tmp_path / "summary.docx"
    path.write_bytes(summary.data)
    doc = Document(str(path))
    for words in (ARABIC, HEBREW):
        paragraph = next(p for p in doc.paragraphs if p.text == words)
        assert paragraph._p.pPr.find(qn("w:bidi")) is not None, words
        assert all(r._r.rPr.find(qn("w:rtl")) is not None for r in paragraph.runs), words
    english = next(p for p in doc.paragraphs if "Mia" in p.text)
    assert english._p.pPr is None or english._p.pPr.find(qn("w:bidi")) is None


def test_a_paragraph_takes_its_direction_from_its_first_letter_with_a_direction(
    demo_data: dict[str, Any], tmp_path: Path
) -> None:
    """The Unicode bidi rule P2: an English sentence with an Arabic name in it stays left to right (Word's own bidi
    algorithm sets the name), and a run is marked right to left only when it starts so."""
    data = copy.deepcopy(demo_data)
    mother = next(p for p in data["participants"] if p["id"] == "mother")
    mother["name"] = "عمر حداد"
    data["recommendations"] = [{"text": ARABIC + " (Mia, 12)"}, {"text": "2. " + HEBREW}]
    outputs = render_documents(conference_file.from_json(data), SETTINGS)
    letter = next(d for d in outputs.documents if d.kind == "letter" and "عمر حداد" in d.reader.name)
    path = tmp_path / "letter.docx"
    path.write_bytes(letter.data)
    doc = Document(str(path))  # the real letter, read back
    greeting = next(p for p in doc.paragraphs if p.text.startswith("Dear ") and "عمر حداد" in p.text)
    assert greeting._p.pPr is None or greeting._p.pPr.find(qn("w:bidi")) is None
    for run in greeting.runs:
        rtl = run._r.rPr is not None and run._r.rPr.find(qn("w:rtl")) is not None
        assert rtl == run.text.lstrip(" ,.").startswith("عمر"), run.text  # only a run that starts in Arabic
    for words in (ARABIC + " (Mia, 12)", "2. " + HEBREW):  # starts right to left (a number first counts for nothing)
        point = next(p for p in doc.paragraphs if p.text == words)
        assert point._p.pPr.find(qn("w:bidi")) is not None, words
    english = next(p for p in doc.paragraphs if "Mia" in p.text and "عمر" not in p.text and ARABIC not in p.text)
    assert english._p.pPr is None or english._p.pPr.find(qn("w:bidi")) is None


NAMES = ["Zoë Hughes", "Gwenllïan ap Dafydd", "Bartłomiej Żółć", "محمد الأحمد", "Siân Ŵyn", "Ngozi Ọkafọr"]


@pytest.mark.parametrize("name", NAMES)
def test_the_chart_draws_every_name(name: str) -> None:
    font = font_for(name, 40)
    assert font_covers(font, name), f"{name} would be drawn with boxes"
    png, alt = scaling_chart([ScoreBar(name, 6)], "Mia")
    assert png.startswith(b"\x89PNG") and name in alt


def test_the_coverage_check_sees_boxes() -> None:
    """The check itself can fail: Pillow's own font has no Arabic or Polish Ż letters of its own."""
    from PIL import ImageFont

    assert not font_covers(ImageFont.load_default(size=40), "محمد")
