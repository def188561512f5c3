"""Reading produced Word documents back with python-docx, independently of the code that wrote them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.oxml.ns import qn
from docx.table import Table

from chairdesk.model import ROLE_NAMES, ROLES, is_professional

# A professional's decision letter is named "...-letter-to-<name>-<role>.docx" (chairdesk.documents.produce).
PROFESSIONAL_ENDINGS = tuple(
    "-" + re.sub(r"[^\w]+", "-", ROLE_NAMES.get(role, role).casefold()).strip("-") + ".docx"
    for role in ROLES
    if is_professional(role)
)


def for_the_family(name: str) -> bool:
    """Whether a produced document (by its file name) is read by the family: the summary, a parent's letter, a
    parents' copy, a child's letter or copy; not the full record, not a professional's letter."""
    if name.endswith(PROFESSIONAL_ENDINGS) or name.endswith("-record.docx"):
        return False
    return any(part in name for part in ("summary", "parents-copy", "letter", "record-copy-for"))


def _table_lines(table: Table) -> Iterator[str]:
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                yield paragraph.text
            for inner in cell.tables:
                yield from _table_lines(inner)


def body_lines(doc: DocumentType) -> list[str]:
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        lines.extend(_table_lines(table))
    return lines


def header_footer_lines(doc: DocumentType) -> list[str]:
    lines = []
    for section in doc.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if part.is_linked_to_previous:
                continue
            lines.extend(p.text for p in part.paragraphs)
            for table in part.tables:
                lines.extend(_table_lines(table))
    return lines


def all_text(path: Path) -> str:
    """Paragraphs, tables (nested too), headers and footers, and the document's title property."""
    doc = Document(str(path))
    return "\n".join([doc.core_properties.title or "", *body_lines(doc), *header_footer_lines(doc)])


def alt_texts(path: Path) -> list[str]:
    doc = Document(str(path))
    return [shape._inline.docPr.get("descr", "") for shape in doc.inline_shapes]


def footer_xml(path: Path) -> str:
    doc = Document(str(path))
    return "".join(section.footer._element.xml for section in doc.sections)


def header_rows_repeat(path: Path) -> list[bool]:
    """For each table in the body, whether its first row repeats as a header on every page."""
    doc = Document(str(path))
    result = []
    for table in doc.tables:
        tr_pr = table.rows[0]._tr.trPr
        result.append(tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None)
    return result


def styles_used(path: Path) -> set[str]:
    return {p.style.name for p in Document(str(path)).paragraphs}
