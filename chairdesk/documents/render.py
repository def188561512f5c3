"""Turning a template and a context into a Word document, with docxtpl (Jinja2 inside .docx) over python-docx.

Templates are rendered with ``autoescape=True`` (so ``Léa <& Co>`` comes out as typed) and strict names (so a
misspelt ``{{ famly_name }}`` in a council's template is an error, not a silent blank).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from docx.document import Document as DocumentType
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from chairdesk.errors import ChairDeskError
from chairdesk.paths import resource

TEMPLATE_NAMES = ("summary", "letter", "record")
CHART_WIDTH = Mm(160)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def default_template(name: str) -> bytes:
    return resource(f"templates/{name}.docx").read_bytes()


def load_templates(templates_dir: Path | None) -> dict[str, tuple[str, bytes]]:
    """Each template's name for messages and its bytes: from ``templates_dir`` where it has one, else the
    default. Every template is opened once here, so a broken one stops everything before anything is written."""
    if templates_dir is not None and not Path(templates_dir).is_dir():
        raise ChairDeskError(f"{templates_dir}: the templates folder does not exist")
    found: dict[str, tuple[str, bytes]] = {}
    for name in TEMPLATE_NAMES:
        own = Path(templates_dir) / f"{name}.docx" if templates_dir is not None else None
        try:
            if own is not None and own.exists():
                label, data = str(own), own.read_bytes()
            else:
                label, data = f"the default {name} template", default_template(name)
        except OSError as error:
            raise ChairDeskError(f"{own}: the template cannot be read ({error.strerror})") from None
        check_template(label, data)
        found[name] = (label, data)
    return found


def check_template(label: str, data: bytes) -> None:
    try:
        DocxTemplate(io.BytesIO(data)).init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise ChairDeskError(f"{label}: is not a Word document that can be opened ({error})") from None
    except Exception as error:  # python-docx raises several kinds for a damaged package
        raise ChairDeskError(f"{label}: is not a Word document that can be opened ({error})") from None


Picture = Callable[[bytes, str], Any]


def render(label: str, template: bytes, build_context: Callable[[Picture], dict[str, Any]]) -> DocumentType:
    """Render ``template`` with the context ``build_context(picture)`` returns; ``picture(png, alt)`` puts a
    picture in with its alt text."""
    document = DocxTemplate(io.BytesIO(template))
    alt_texts: dict[str, str] = {}

    def picture(png: bytes, alt: str) -> InlineImage:
        alt_texts[hashlib.sha1(png).hexdigest()] = alt
        return InlineImage(document, io.BytesIO(png), width=CHART_WIDTH)

    context = build_context(picture)
    try:
        document.render(context, jinja_env=_environment(), autoescape=True)
    except jinja2.UndefinedError as error:
        raise ChairDeskError(f"{label}: uses a name ChairDesk does not know ({error.message})") from None
    except jinja2.TemplateSyntaxError as error:
        raise ChairDeskError(f"{label}: has a mistake in a {{{{ }}}} or {{% %}} tag ({error.message})") from None
    except (jinja2.TemplateError, etree.XMLSyntaxError, ValueError, TypeError, AttributeError) as error:
        raise ChairDeskError(f"{label}: cannot be filled in ({error})") from None
    docx = document.docx
    _set_alt_texts(docx, alt_texts)
    return docx


def _set_alt_texts(docx: DocumentType, alt_texts: dict[str, str]) -> None:
    """Alt text on each chart (``wp:docPr/@descr``, what Word's "Alt Text" pane edits)."""
    part = docx.part
    for inline in part.element.body.iter(qn("wp:inline")):
        blips = inline.xpath(".//a:blip/@r:embed")
        if not blips or blips[0] not in part.related_parts:
            continue
        digest = hashlib.sha1(part.related_parts[blips[0]].blob).hexdigest()
        alt = alt_texts.get(digest)
        if alt is None:
            continue
        for element in inline.xpath("./wp:docPr") + inline.xpath(".//pic:cNvPr"):
            element.set("descr", alt)
            element.set("title", "Scaling chart")


def to_bytes(docx: DocumentType) -> bytes:
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _text_parts(docx: DocumentType) -> Iterator[XmlPart]:
    for part in docx.part.package.iter_parts():
        if isinstance(part, XmlPart) and part.partname.startswith("/word/"):
            yield part


def document_text(docx: DocumentType) -> str:
    """Every paragraph's text in the body, its tables, headers, footers and notes, one line per paragraph."""
    lines = []
    for part in _text_parts(docx):
        for paragraph in part.element.iter(qn("w:p")):
            lines.append("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    title = docx.core_properties.title or ""
    return "\n".join([title, *lines])
