"""What makes the documents fast keeps them right (issue 12; the speed itself is measured by
benchmarks/bench_documents.py, not here): each template is opened once and every document is a copy of its own, the
right-to-left marking skips only text with no right-to-left letter, docxtpl's line-break pass only text without one."""

from __future__ import annotations

import io
import unicodedata

import pytest
from docx import Document
from docx.oxml.ns import qn

from chairdesk.documents import render
from chairdesk.errors import ChairDeskError


def _template(*lines: str) -> bytes:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    section = doc.sections[0]
    section.footer.paragraphs[0].text = "{{ footer }}"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _filled(template: bytes, **context: str) -> Document:
    return render.render("test template", template, lambda _picture: context)


def _read_back(docx: Document) -> Document:
    """The document as saved and opened again (python-docx keeps its first look at a body, header or footer that
    docxtpl then replaces, so the filled text is read from the saved document, as a reader gets it)."""
    return Document(io.BytesIO(render.to_bytes(docx)))


def test_every_right_to_left_letter_is_in_the_blocks_looked_for() -> None:
    missed = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if unicodedata.bidirectional(chr(code)) in ("R", "AL") and not render.RIGHT_TO_LEFT_BLOCKS.match(chr(code))
    ]
    assert missed == []


def test_documents_from_one_template_are_each_their_own() -> None:
    template = _template("Dear {{ name }},", "{{ body }}")
    first = _read_back(_filled(template, name="Kerry", body="One.", footer="A"))
    second = _read_back(_filled(template, name="Dean", body="Two.", footer="B"))
    assert [p.text for p in first.paragraphs] == ["Dear Kerry,", "One."]
    assert [p.text for p in second.paragraphs] == ["Dear Dean,", "Two."]
    assert first.sections[0].footer.paragraphs[0].text == "A"
    assert second.sections[0].footer.paragraphs[0].text == "B"
    # The template opened once still has its tags: filling it changed only the copies.
    opened = render._parsed_template(template)
    assert [p.text for p in opened.paragraphs] == ["Dear {{ name }},", "{{ body }}"]
    _filled(template, name="Changed", body="after", footer="D").element.body.clear()  # a copy emptied
    third = _read_back(_filled(template, name="Mia", body="Three.", footer="C"))
    assert [p.text for p in third.paragraphs] == ["Dear Mia,", "Three."]


def test_a_broken_template_is_refused_every_time() -> None:
    for _ in range(2):
        with pytest.raises(ChairDeskError, match="is not a Word document"):
            render.check_template("council.docx", b"PK\x03\x04 not really a Word document")


def test_line_breaks_and_tabs_in_the_text_are_still_made() -> None:
    template = _template("{{ body }}")
    broken = _filled(template, body="First line\nsecond line\tafter a tab", footer="")
    paragraph = broken.paragraphs[0]._p
    assert len(paragraph.findall(".//" + qn("w:br"))) == 1 and len(paragraph.findall(".//" + qn("w:tab"))) == 1
    assert broken.paragraphs[0].text == "First line\nsecond line\tafter a tab"
    plain = _filled(template, body="One line", footer="")
    assert plain.paragraphs[0]._p.findall(".//" + qn("w:br")) == []


def test_right_to_left_marking_finds_arabic_anywhere_and_skips_text_without_it() -> None:
    template = _template("Hello {{ name }}", "{{ body }}")
    arabic_in_footer = _filled(template, name="Kerry", body="English only.", footer="محمد الأحمد")
    assert render.mark_right_to_left(arabic_in_footer) == 1
    footer = _read_back(arabic_in_footer).sections[0].footer.paragraphs[0]._p
    assert footer.pPr.find(qn("w:bidi")) is not None
    english = _filled(template, name="Kerry", body="English only.", footer="Page 1")
    assert render.mark_right_to_left(english) == 0
    hebrew = _filled(template, name="Kerry", body="שלום", footer="")
    assert render.mark_right_to_left(hebrew) == 1 and hebrew.paragraphs[1]._p.pPr.find(qn("w:bidi")) is not None
