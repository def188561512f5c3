"""Building blocks for scripts/build_templates.py: styles, header and footer, loop tables, docxtpl tags.

Only the template builder uses this; the app reads the committed templates in resources/templates/.
"""

from __future__ import annotations

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

FONT = "Arial"
NAVY = RGBColor(0x1F, 0x3A, 0x5F)
GREY = RGBColor(0x59, 0x59, 0x59)
RED = RGBColor(0xA8, 0x00, 0x00)
HEADER_FILL = "DCE6F1"
BORDER = "A6A6A6"


def _fonts(style, name: str = FONT) -> None:
    """Set every script's font to ``name`` and drop theme fonts, which would otherwise win."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for kind in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(kind), name)


def _language(style, language: str = "en-GB") -> None:
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)


def _remove_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _paragraph_style(doc: DocumentType, name: str, size: float, bold: bool = False, color=None, base: str = "Normal"):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != base:
        style.base_style = styles[base]
    _fonts(style)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    if color is not None:
        style.font.color.rgb = color
    return style


def set_up_styles(doc: DocumentType) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    _fonts(normal)
    _language(normal)
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1

    title = _paragraph_style(doc, "Title", 22, bold=True, color=NAVY)
    _remove_border(title)
    title.paragraph_format.space_after = Pt(2)
    subtitle = _paragraph_style(doc, "Subtitle", 13, color=GREY)
    subtitle.paragraph_format.space_after = Pt(14)
    for level, size, before in ((1, 15, 18), (2, 12.5, 12), (3, 11, 10)):
        heading = _paragraph_style(doc, f"Heading {level}", size, bold=True, color=NAVY)
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(4)
        heading.paragraph_format.keep_with_next = True
    for name in ("List Bullet", "List Number"):
        _fonts(styles[name])
        styles[name].paragraph_format.space_after = Pt(3)
    _paragraph_style(doc, "Table Text", 10).paragraph_format.space_after = Pt(0)
    _paragraph_style(doc, "Table Heading", 10, bold=True).paragraph_format.space_after = Pt(0)
    marking = _paragraph_style(doc, "Protective Marking", 10, bold=True)
    marking.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    marking.paragraph_format.space_after = Pt(0)
    detail = _paragraph_style(doc, "Page Detail", 8.5, color=GREY)
    detail.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    detail.paragraph_format.space_after = Pt(0)
    _paragraph_style(doc, "Letterhead", 10, color=GREY).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _paragraph_style(doc, "Address", 11).paragraph_format.space_after = Pt(0)
    sign = _paragraph_style(doc, "Signature", 11)
    sign.paragraph_format.space_before = Pt(30)
    sign.paragraph_format.space_after = Pt(0)
    sign.paragraph_format.keep_with_next = True

    confidential = styles.add_style("Confidential", WD_STYLE_TYPE.CHARACTER)
    confidential.font.bold = True
    confidential.font.color.rgb = RED
    note = styles.add_style("Note", WD_STYLE_TYPE.CHARACTER)
    note.font.italic = True
    note.font.color.rgb = GREY
    strong = styles.add_style("Strong Text", WD_STYLE_TYPE.CHARACTER)
    strong.font.bold = True


def add_field(paragraph: Paragraph, code: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) that Word and LibreOffice fill in."""

    def char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        return run

    char("begin")
    instruction = paragraph.add_run()._r
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {code} "
    instruction.append(text)
    char("separate")
    paragraph.add_run("1")
    char("end")


def new_document(detail: str) -> DocumentType:
    """An A4 document with the council's styles, and the marking, ``detail`` and page numbers on every page."""
    doc = Document()
    set_up_styles(doc)
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
        section.header_distance = section.footer_distance = Cm(1)
        header = section.header
        first = header.paragraphs[0]
        first.text = "{{ marking }}"
        first.style = doc.styles["Protective Marking"]
        line = header.add_paragraph(detail, style="Page Detail")
        line.paragraph_format.space_after = Pt(6)
        footer = section.footer
        pages = footer.paragraphs[0]
        pages.style = doc.styles["Page Detail"]
        pages.add_run("Page ")
        add_field(pages, "PAGE")
        pages.add_run(" of ")
        add_field(pages, "NUMPAGES")
        footer.add_paragraph("{{ marking }}", style="Protective Marking")
    return doc


def tag(doc: DocumentType, text: str) -> None:
    """A paragraph holding only a docxtpl ``{%p ... %}`` tag; docxtpl removes the paragraph itself."""
    doc.add_paragraph(text)


def para(doc: DocumentType, *runs: str | tuple[str, str], style: str | None = None) -> Paragraph:
    """A paragraph of runs; a run is text, or (text, character style)."""
    paragraph = doc.add_paragraph(style=style)
    for run in runs:
        if isinstance(run, tuple):
            paragraph.add_run(run[0], style=run[1])
        else:
            paragraph.add_run(run)
    return paragraph


def bullets(
    doc: DocumentType,
    loop: str,
    *runs: str | tuple[str, str],
    empty: str = "Nothing recorded.",
    held: str | None = None,
) -> None:
    """``{%p for item in LIST %}`` one bullet per item, or ``empty`` when the list is empty. ``held``: the part of
    the conference (a key of ``held_back_in``) whose sentence says, instead of ``empty`` or after the list, that
    something here was held back from the readers."""
    name = loop.split(" in ", 1)[1].strip()
    tag(doc, f"{{%p if {name} %}}")
    tag(doc, f"{{%p for {loop} %}}")
    para(doc, *runs, style="List Bullet")
    tag(doc, "{%p endfor %}")
    if held:
        held_back_line(doc, held)
    tag(doc, "{%p else %}")
    para(doc, f"{{{{ held_back_in.{held} or '{empty}' }}}}" if held else empty)
    tag(doc, "{%p endif %}")


def held_back_line(doc: DocumentType, part: str) -> None:
    """The sentence saying something in ``part`` of the conference was held back from the readers, when it was."""
    tag(doc, f"{{%p if held_back_in.{part} %}}")
    para(doc, (f"{{{{ held_back_in.{part} }}}}", "Note"))
    tag(doc, "{%p endif %}")


def _cell_fill(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), BORDER)
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _row_property(row, name: str) -> None:
    element = OxmlElement(f"w:{name}")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _widths(table: Table, widths: list[float]) -> None:
    """Column widths in the grid (what LibreOffice reads) and in every cell (what Word reads)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def loop_table(
    doc: DocumentType, headers: list[str], loop: str, cells: list[list[str | tuple[str, str]]], widths: list[float]
) -> Table:
    """A table with a heading row repeated on every page and one row per item of ``loop``."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    head = table.rows[0]
    _row_property(head, "tblHeader")
    _row_property(head, "cantSplit")
    for cell, text in zip(head.cells, headers, strict=True):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = doc.styles["Table Heading"]
        _cell_fill(cell, HEADER_FILL)
    table.rows[1].cells[0].paragraphs[0].text = f"{{%tr for {loop} %}}"
    body = table.rows[2]
    _row_property(body, "cantSplit")
    for cell, runs in zip(body.cells, cells, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.style = doc.styles["Table Text"]
        for run in runs if isinstance(runs, list) else [runs]:
            if isinstance(run, tuple):
                paragraph.add_run(run[0], style=run[1])
            else:
                paragraph.add_run(run)
    table.rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"
    _widths(table, widths)
    return table


def fixed_table(doc: DocumentType, rows: list[tuple[str, str]], widths: list[float]) -> Table:
    """A two-column table of labels and values (the conference's details)."""
    table = doc.add_table(rows=len(rows), cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].paragraphs[0].text = label
        row.cells[0].paragraphs[0].style = doc.styles["Table Heading"]
        _cell_fill(row.cells[0], HEADER_FILL)
        row.cells[1].paragraphs[0].text = value
        row.cells[1].paragraphs[0].style = doc.styles["Table Text"]
    _widths(table, widths)
    return table


def spacer(doc: DocumentType) -> None:
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def larger_type(doc: DocumentType) -> None:
    """A child's letter: bigger type (14 pt, headings 18 pt), more space between the lines."""
    styles = doc.styles
    styles["Normal"].font.size = Pt(14)
    styles["Normal"].paragraph_format.line_spacing = 1.3
    styles["Normal"].paragraph_format.space_after = Pt(10)
    styles["List Bullet"].font.size = Pt(14)
    for level, size in ((1, 18), (2, 16)):
        styles[f"Heading {level}"].font.size = Pt(size)
