"""Producing the outputs: every document built in memory, checked, then written into a folder all at once.

Nothing is written until every document has been made and has passed the address-safety check; then each is
written to a temporary name and renamed. If anything fails, none of the new set is left in the folder and any
document it would have replaced is put back.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chairdesk import words
from chairdesk.addresses import withheld_address_in
from chairdesk.documents import context as ctx
from chairdesk.documents.audience import (
    LETTER,
    PARENTS_COPY,
    RECORD,
    SUMMARY,
    Audience,
    audience,
    shows_marked,
)
from chairdesk.documents.letters import households, letter_context
from chairdesk.documents.render import Picture, document_text, load_templates, render, to_bytes
from chairdesk.errors import ChairDeskError
from chairdesk.model import Conference
from chairdesk.recording.requests import describe as describe_request
from chairdesk.timescales import long_date
from chairdesk.words import CONFERENCE_TYPE_NAMES

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"

TITLES = {
    SUMMARY: "Summary and plan",
    LETTER: "Decision letter",
    RECORD: "Conference record",
    PARENTS_COPY: "Conference record: parents' copy",
}


@dataclass(frozen=True)
class DocumentSettings:
    """The chair's and the council's choices for the outputs.

    ``marking``: the protective marking in every header and footer. ``templates_dir``: a folder with the
    council's own ``summary.docx``, ``letter.docx`` and ``record.docx`` (any it lacks come from the defaults).
    ``include_excluded_items``: put what was typed while a family member was out of the room in the summary
    and the parents' copy (the chair's choice, RULES.md §5). ``letter_date``: the date on the letters (today).
    """

    marking: str = DEFAULT_MARKING
    templates_dir: Path | None = None
    include_excluded_items: bool = False
    letter_date: dt.date | None = None


@dataclass(frozen=True)
class RenderedDocument:
    """One document, made but not yet written. ``recipients``: the participant ids a letter is addressed to."""

    kind: str
    filename: str
    title: str
    data: bytes
    recipients: tuple[str, ...] = ()


@dataclass
class Outputs:
    documents: list[RenderedDocument]
    warnings: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.casefold(), flags=re.UNICODE).strip("-_") or "family"


def _base_context(conference: Conference, settings: DocumentSettings, kind: str, reader: Audience, picture: Picture):
    context = ctx.common(conference, settings.marking, TITLES[kind])
    context.update(ctx.attendance(conference, reader))
    context.update(ctx.board(conference, reader))
    context["scaling"] = ctx.scaling(conference, reader, picture)
    context["views"] = ctx.views(conference, reader)
    context["decisions"] = ctx.decisions(conference, reader)
    context["dissent"] = ctx.dissent(conference, reader)
    context.update(ctx.plan(conference, reader))
    return context


def _record_context(
    conference: Conference, settings: DocumentSettings, kind: str, reader: Audience, picture: Picture
) -> dict[str, Any]:
    context = _base_context(conference, settings, kind, reader, picture)
    context.update(ctx.quorum(conference))
    inquorate = conference.inquorate_reason or ""
    context["inquorate_reason"] = inquorate if shows_marked(reader, conference.inquorate_reason_typed_while_out) else ""
    # A parent's request to record the meeting, and the chair's decision with its limits (RULES.md §3, §5).
    context["recording_requests"] = [
        describe_request(conference, r)
        for r in conference.recording_requests
        if shows_marked(reader, r.typed_while_out)
    ]
    context["timeliness"] = ctx.timeliness(conference)
    context["discussion"] = ctx.discussion(conference, reader)
    context["notes"] = ctx.discussion_notes(conference, reader)
    context["parents_copy"] = kind == PARENTS_COPY
    context["copy_for"] = words.join_names(p.name for p in conference.participants if p.id in reader.readers)
    context["confidential_notes"] = list(conference.confidential_notes) if reader.confidential else []
    return context


def warnings_for(conference: Conference) -> list[str]:
    found = []
    decided = {d.child for d in conference.decisions}
    for child in conference.subject_children:
        if child.id not in decided:
            found.append(f"No decision is recorded for {child.name}; the documents say so.")
    letters = households(conference)
    if not letters:
        found.append("No one is recorded as a parent, so no decision letter was made.")
    for household in letters:
        if not household.address:
            found.append(f"There is no address for {household.names}: their letter has no address on it.")
    if conference.plan is None:
        found.append("No plan is recorded; the documents say so.")
    return found


def render_documents(conference: Conference, settings: DocumentSettings | None = None) -> Outputs:
    """Every document for ``conference``, made in memory and checked, with warnings for the chair.

    Raises :class:`ChairDeskError` (nothing made) for a template that cannot be used, or if a withheld address
    would reach someone else.
    """
    settings = settings or DocumentSettings()
    templates = load_templates(settings.templates_dir)
    prefix = f"{conference.date.isoformat()}-{_slug(conference.family.name)}"
    made: list[tuple[RenderedDocument, str]] = []

    def make(kind: str, template: str, filename: str, build: Any, recipients: tuple[str, ...] = ()) -> None:
        label, data = templates[template]
        docx = render(label, data, build)
        title = TITLES[kind]
        properties = docx.core_properties
        properties.title = f"{title}: the {conference.family.name} family, {long_date(conference.date)}"
        properties.subject = CONFERENCE_TYPE_NAMES.get(conference.type, "child protection conference")
        properties.keywords = settings.marking
        properties.author = "ChairDesk"
        made.append((RenderedDocument(kind, filename, title, to_bytes(docx), recipients), document_text(docx)))

    family = audience(SUMMARY, settings.include_excluded_items)
    make(
        SUMMARY,
        "summary",
        f"{prefix}-summary-and-plan.docx",
        lambda p: _base_context(conference, settings, SUMMARY, family, p),
    )
    letter_reader = audience(LETTER, settings.include_excluded_items)
    # Letters are dated the day they are made, and never before the conference.
    when = settings.letter_date or max(dt.date.today(), conference.date)
    used: set[str] = set()
    for household in households(conference):
        name = f"{prefix}-letter-to-{_slug(household.names)}"
        filename, n = f"{name}.docx", 2
        while filename in used:
            filename, n = f"{name}-{n}.docx", n + 1
        used.add(filename)
        make(
            LETTER,
            "letter",
            filename,
            lambda p, h=household: letter_context(conference, h, letter_reader, settings.marking, when),
            household.ids,
        )
    full = audience(RECORD)
    make(RECORD, "record", f"{prefix}-record.docx", lambda p: _record_context(conference, settings, RECORD, full, p))
    # A parents' copy for each household that gets a letter: each leaves out what was said while one of *its*
    # readers was out of the room (RULES.md §5), and any withheld address but their own.
    copies: set[str] = set()
    for household in households(conference, copies=True):
        name = f"{prefix}-parents-copy-for-{_slug(household.names)}"
        filename, n = f"{name}.docx", 2
        while filename in copies:
            filename, n = f"{name}-{n}.docx", n + 1
        copies.add(filename)
        reader = audience(PARENTS_COPY, settings.include_excluded_items, household.ids)
        make(
            PARENTS_COPY,
            "record",
            filename,
            lambda p, r=reader: _record_context(conference, settings, PARENTS_COPY, r, p),
            household.ids,
        )
    for document, text in made:
        check_addresses(conference, document, text)
    return Outputs([d for d, _ in made], warnings_for(conference))


def check_addresses(conference: Conference, document: RenderedDocument, text: str) -> None:
    """The address-safety check: a withheld address appears only in a letter to that person alone."""
    for person in conference.participants:
        if not person.address_withheld or not person.address.strip():
            continue
        if document.kind == LETTER and document.recipients == (person.id,):
            continue
        found = withheld_address_in(text, person.address)
        # A line a letter's reader shares with the withheld address (their own street) tells them nothing.
        own = " ".join(p.address for p in conference.participants if p.id in document.recipients)
        if found is not None and withheld_address_in(own, found) is None:
            raise ChairDeskError(
                f"{person.name}'s address is withheld, but part of it ('{found}') would appear in the "
                f"{document.title.lower()} ({document.filename}); take it out of the conference and produce the "
                "documents again (nothing was written)"
            )


def write_all(documents: list[RenderedDocument], out_dir: Path) -> list[Path]:
    """Write ``documents`` into ``out_dir``, all or none."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ChairDeskError(f"{out_dir}: the folder cannot be made ({error.strerror or error})") from None
    if not out_dir.is_dir():
        raise ChairDeskError(f"{out_dir}: is not a folder")
    temporary: list[Path] = []
    placed: list[Path] = []
    backups: list[tuple[Path, Path]] = []
    try:
        for document in documents:
            handle, name = tempfile.mkstemp(prefix=f".{document.filename}.", suffix=".part", dir=out_dir)
            temporary.append(Path(name))
            with os.fdopen(handle, "wb") as out:
                out.write(document.data)
                out.flush()
                os.fsync(out.fileno())
        for document, temp in zip(documents, temporary, strict=True):
            target = out_dir / document.filename
            if target.exists() and target.is_file():
                backup = temp.with_name(temp.name + ".old")
                os.replace(target, backup)
                backups.append((backup, target))
            os.replace(temp, target)
            placed.append(target)
    except OSError as error:
        for target in placed:
            target.unlink(missing_ok=True)
        for backup, target in backups:
            os.replace(backup, target)
        for temp in temporary:
            temp.unlink(missing_ok=True)
        raise ChairDeskError(
            f"{out_dir}: the documents cannot be written there ({error.strerror or error}); nothing was written"
        ) from None
    for backup, _ in backups:
        backup.unlink(missing_ok=True)
    return placed


def produce(
    conference: Conference, out_dir: str | os.PathLike[str], settings: DocumentSettings | None = None
) -> Outputs:
    """Make every document for ``conference`` and write them into ``out_dir`` (made if missing), all or none."""
    outputs = render_documents(conference, settings)
    outputs.files = write_all(outputs.documents, Path(out_dir))
    return outputs


def produce_outputs(
    conference: Conference, out_dir: str | os.PathLike[str], settings: DocumentSettings | None = None
) -> list[Path]:
    """The app's "produce outputs" action: the files written, in the order summary, letters, record, parents'
    copy. Raises :class:`ChairDeskError` with one sentence for the chair; then nothing new is in ``out_dir``."""
    return produce(conference, out_dir, settings).files
