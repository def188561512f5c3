"""Turning a template and a context into a Word document, with docxtpl (Jinja2 inside .docx) over python-docx.

Templates are rendered with ``autoescape=True`` (so ``Léa <& Co>`` comes out as typed) and strict names (so a
misspelt ``{{ famly_name }}`` in a council's template is an error, not a silent blank).

A council's templates folder may hold a folder per language (``cy/`` or ``Welsh/``, by ISO 639 code or name,
:mod:`chairdesk.languages`): a reader whose language it is gets the templates in it (the others from the folder
itself, then ChairDesk's own, which are English). After rendering, a paragraph whose text starts in a
right-to-left script (Arabic, Hebrew, Urdu...) is set right to left (:func:`mark_right_to_left`).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import jinja2
from docx import Document as docx_document
from docx.document import Document as DocumentType
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from chairdesk.errors import ChairDeskError
from chairdesk.languages import same_language
from chairdesk.paths import resource

TEMPLATE_NAMES = ("summary", "letter", "record", "child_letter")
CHART_WIDTH = Mm(160)


class _Environment(jinja2.Environment):
    """Jinja2 as ChairDesk fills templates: each part of a template is compiled once and kept, as the same
    templates fill every document of every conference (compiling is most of the time a document takes)."""

    @functools.lru_cache(maxsize=64)  # noqa: B019 (one environment for the life of the program)
    def _compiled(self, source: str) -> jinja2.Template:
        return super().from_string(source)

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> jinja2.Template:  # noqa: A002
        if globals is None and template_class is None and isinstance(source, str):
            return self._compiled(source)
        return super().from_string(source, globals, template_class)


@cache
def _environment() -> jinja2.Environment:
    return _Environment(autoescape=True, undefined=jinja2.StrictUndefined)


@functools.lru_cache(maxsize=64)
def _patched(source: str) -> str:
    """docxtpl's cleaning of a template part's XML for Jinja2 (a pure function of the XML, and most of the time a
    document took): done once for each part of each template, not for every document made from it."""
    return DocxTemplate.patch_xml(None, source)  # type: ignore[arg-type]  # uses nothing of the template


@functools.lru_cache(maxsize=16)
def _parsed_template(template: bytes) -> DocumentType:
    """The template opened (its zip read and every part parsed) once; each document starts from a copy."""
    return docx_document(io.BytesIO(template))


class _Template(DocxTemplate):
    """docxtpl's template, opened once (:func:`_parsed_template`) with each part's cleaned XML kept (:func:`_patched`),
    and the tabs, line breaks and page breaks in the filled text looked for only when there are any."""

    docx: Any  # docxtpl's attributes, declared for the type checker (docxtpl has no type information)
    is_rendered: bool

    def __init__(self, template: bytes) -> None:
        super().__init__(io.BytesIO(template))
        self._template = template

    def init_docx(self, reload: bool = True) -> None:
        if not self.docx or (self.is_rendered and reload):
            self.docx = copy.deepcopy(_parsed_template(self._template))  # a copy of the parts, not a second parse
            self.is_rendered = False

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)

    def resolve_listing(self, xml: str) -> str:
        if not any(mark in xml for mark in "\t\a\n\f"):
            return xml  # nothing for docxtpl to turn into a tab, a line break or a new paragraph
        return super().resolve_listing(xml)


def shipped_templates() -> Traversable:
    """The folder of ChairDesk's own templates, ``resources/templates``."""
    return resource("templates")


def default_template(name: str) -> bytes:
    """ChairDesk's own template ``name``; a :class:`ChairDeskError` naming the file and what to do if it
    cannot be read (a copy of ChairDesk with files missing)."""
    shipped = shipped_templates().joinpath(f"{name}.docx")
    try:
        return shipped.read_bytes()
    except OSError as error:
        why = "it is missing" if isinstance(error, FileNotFoundError) else error.strerror or type(error).__name__
        raise ChairDeskError(
            f"ChairDesk's own {name} template cannot be read ({shipped}: {why}), so this copy of ChairDesk is "
            "incomplete. Install ChairDesk again, or give a folder with your council's own summary.docx, "
            "letter.docx and record.docx (--templates)"
        ) from None


def language_folder(templates_dir: Path | None, language: str) -> Path | None:
    """The sub-folder of ``templates_dir`` for ``language`` (named by its ISO 639 code or its name: ``cy``,
    ``cym``, ``Welsh``, ``Cymraeg``), or None."""
    if templates_dir is None or not language.strip() or not Path(templates_dir).is_dir():
        return None
    folders = sorted(f for f in Path(templates_dir).iterdir() if f.is_dir())
    return next((f for f in folders if same_language(f.name, language)), None)


def load_templates(templates_dir: Path | None, language: str = "") -> dict[str, tuple[str, bytes]]:
    """Each template's name for messages and its bytes: from the folder for ``language`` inside ``templates_dir``
    (:func:`language_folder`), else from ``templates_dir``, else the default. Every template is opened once here,
    so a broken one stops everything before anything is written.
    Each way a template cannot be opened (a missing folder, a file that cannot be read, one that is not a
    Word document) is a :class:`ChairDeskError` that names the folder or file and says what to do."""
    folder = Path(templates_dir) if templates_dir is not None else None
    if folder is not None and not folder.exists():
        raise ChairDeskError(
            f"{folder}: the templates folder does not exist. Give the folder that holds your council's "
            "summary.docx, letter.docx and record.docx, or leave out --templates to use ChairDesk's own"
        )
    if folder is not None and not folder.is_dir():
        raise ChairDeskError(
            f"{folder}: is a file, not a folder of templates. Give the folder that holds your council's "
            "summary.docx, letter.docx and record.docx"
        )
    found: dict[str, tuple[str, bytes]] = {}
    in_language = language_folder(folder, language)
    for name in TEMPLATE_NAMES:
        own = folder / f"{name}.docx" if folder is not None else None
        if in_language is not None and (in_language / f"{name}.docx").exists():
            own = in_language / f"{name}.docx"
        if own is not None and own.exists():
            label = str(own)
            try:
                data = own.read_bytes()
            except OSError as error:
                raise ChairDeskError(
                    f"{own}: the template cannot be read ({error.strerror}). Check it is a file you may open "
                    f"(close it in Word if it is open there), or take it out of the folder to use ChairDesk's "
                    f"own {name} template"
                ) from None
        else:
            label = f"ChairDesk's own {name} template ({shipped_templates().joinpath(f'{name}.docx')})"
            data = default_template(name)
        check_template(label, data)
        found[name] = (label, data)
    return found


def check_template(label: str, data: bytes) -> None:
    """A :class:`ChairDeskError` naming ``label`` and what to do if ``data`` is not a Word document that opens. The
    template opened here is the one each document is then copied from (:func:`_parsed_template`)."""
    what_to_do = (
        "Save it again from Word as a Word Document (.docx, not .doc or .dotx)"
        if not label.startswith("ChairDesk's own")
        else "This copy of ChairDesk is damaged: install it again"
    )
    try:
        _parsed_template(data)
    except Exception as error:  # python-docx raises several kinds for a damaged package
        raise ChairDeskError(
            f"{label}: is not a Word document that can be opened ({type(error).__name__}: {error}). {what_to_do}"
        ) from None


Picture = Callable[[bytes, str], Any]


def render(label: str, template: bytes, build_context: Callable[[Picture], dict[str, Any]]) -> DocumentType:
    """Render ``template`` with the context ``build_context(picture)`` returns; ``picture(png, alt)`` puts a
    picture in with its alt text."""
    document = _Template(template)
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


_RIGHT_TO_LEFT = ("R", "AL")
# Every letter whose bidi class is R or AL lies in these blocks (tests/test_documents_speed.py checks each one), so
# text with none of them has nothing to set right to left and is not walked run by run.
RIGHT_TO_LEFT_BLOCKS = re.compile(
    "[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def starts_right_to_left(text: str) -> bool:
    """Whether ``text`` is right to left by the Unicode bidi rule P2: its first strong letter (a left-to-right or a
    right-to-left one, digits and punctuation skipped) is right to left (Arabic, Hebrew, Urdu...). "Dear عمر حداد,"
    is left to right (it starts in English); "عمر حداد قال: OK" is right to left; text with no strong letter is not."""
    for letter in text:
        kind = unicodedata.bidirectional(letter)
        if kind in _RIGHT_TO_LEFT:
            return True
        if kind == "L":
            return False
    return False


# What comes after w:bidi in a paragraph's properties, and after w:rtl in a run's (the order of CT_PPr and CT_RPr,
# which Word holds to).
_AFTER_BIDI = [
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
_AFTER_RTL = ["cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"]


def _put(properties: Any, tag: str, later: list[str]) -> None:
    """Add the empty element ``tag`` to ``properties`` (if missing), before the first of ``later`` there."""
    if properties.find(qn(tag)) is not None:
        return
    element = properties.makeelement(qn(tag), {})
    names = {qn(f"w:{name}") for name in later}
    follower = next((child for child in properties if child.tag in names), None)
    if follower is not None:
        follower.addprevious(element)
    else:
        properties.append(element)


def mark_right_to_left(docx: DocumentType) -> int:
    """Set right to left (body, tables, headers, footers) every paragraph whose text starts right to left (its first
    strong letter, :func:`starts_right_to_left`: the Unicode bidi rule P2), with ``w:bidi``; and mark ``w:rtl`` only
    on the runs whose own text starts right to left, in any paragraph. A run mixing scripts is left to Word's bidi
    algorithm, so "Dear عمر حداد," stays a left-to-right sentence with the name in it. Returns how many paragraphs
    were set right to left."""
    count = 0
    for part in _text_parts(docx):
        if not RIGHT_TO_LEFT_BLOCKS.search("".join(t.text or "" for t in part.element.iter(qn("w:t")))):
            continue
        for paragraph in part.element.iter(qn("w:p")):
            text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
            for run in paragraph.iter(qn("w:r")):
                if starts_right_to_left("".join(t.text or "" for t in run.iter(qn("w:t")))):
                    _put(run.get_or_add_rPr(), "w:rtl", _AFTER_RTL)
            if starts_right_to_left(text):
                _put(paragraph.get_or_add_pPr(), "w:bidi", _AFTER_BIDI)
                count += 1
    return count


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
