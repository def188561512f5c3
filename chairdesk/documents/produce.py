"""Producing the outputs: every document built in memory, checked, then written into a folder all at once.

Each document is made from the version of the conference its readers may see (:mod:`chairdesk.audience`), then its
finished text is checked once more for a withheld address. A document that cannot go yet (the chair has not decided
about part of the plan held back from its readers, or a withheld address is in it) is not made, and the chair is
told which item to decide on or change; the others are made. They are written to temporary names and renamed: if
writing fails, none of the new set is left in the folder and any document it would have replaced is put back.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chairdesk import paths
from chairdesk.addresses import refuge_hint, withheld_address_in
from chairdesk.audience import Reader, Version, a_child, a_household, pieces, the_family, the_record, version_for
from chairdesk.documents import context as ctx
from chairdesk.documents.letters import (
    Household,
    child_letter_context,
    copies_for_children,
    household_language,
    households,
    letter_context,
    letters_for_children,
    own_summaries,
    parents_language,
    professional_letters,
)
from chairdesk.documents.render import Picture, document_text, load_templates, mark_right_to_left, render, to_bytes
from chairdesk.documents.settings import DocumentSettings
from chairdesk.errors import ChairDeskError
from chairdesk.model import Conference
from chairdesk.outcomes import not_ready as decisions_not_ready
from chairdesk.recording.requests import describe as describe_request
from chairdesk.timescales import long_date
from chairdesk.words import CONFERENCE_TYPE_NAMES

# The kinds of document.
SUMMARY = "summary"
LETTER = "letter"
PROFESSIONAL_LETTER = "professional-letter"
RECORD = "record"
PARENTS_COPY = "parents-copy"
CHILD_LETTER = "child-letter"
CHILD_COPY = "child-copy"

TITLES = {
    SUMMARY: "Summary and plan",
    LETTER: "Decision letter",
    PROFESSIONAL_LETTER: "Decision letter",
    RECORD: "Conference record",
    PARENTS_COPY: "Conference record: parents' copy",
    CHILD_LETTER: "A letter for you",
    CHILD_COPY: "Conference record: a copy for the child",
}


@dataclass(frozen=True)
class RenderedDocument:
    """One document, made but not yet written. ``recipients``: the participant ids a letter is addressed to."""

    kind: str
    filename: str
    title: str
    data: bytes
    recipients: tuple[str, ...] = ()
    reader: Reader | None = None


@dataclass(frozen=True)
class PlannedDocument:
    """One document to make: of what kind, from which template, under what name, for which reader; ``language``:
    the readers' language, which chooses the template (a council's ``templates/<language>/`` folder); ``child``:
    the child a child's letter or copy is for."""

    kind: str
    template: str
    filename: str
    reader: Reader
    recipients: tuple[str, ...] = ()
    language: str = ""
    child: str = ""

    @property
    def title(self) -> str:
        return TITLES[self.kind]


@dataclass
class Outputs:
    """The documents made; ``not_made``: a sentence for each document that was not, naming what to do."""

    documents: list[RenderedDocument]
    warnings: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    not_made: list[str] = field(default_factory=list)


def _slug(text: str) -> str:
    return paths.name_part(text, "family")


def _base_context(conference: Conference, settings: DocumentSettings, kind: str, version: Version, picture: Picture):
    context = ctx.common(conference, settings.marking, TITLES[kind])
    context.update(ctx.attendance(version))
    context.update(ctx.board(version))
    context["scaling"] = ctx.scaling(version, picture)
    context["views"] = ctx.views(version)
    context["decisions"] = ctx.decisions(version)
    context["dissent"] = ctx.dissent(version)
    context["recommendations"] = ctx.recommendations(version)
    context.update(ctx.plan(version))
    context.update(ctx.held_back(version))
    return context


def _record_context(
    conference: Conference, settings: DocumentSettings, kind: str, version: Version, picture: Picture
) -> dict[str, Any]:
    context = _base_context(conference, settings, kind, version, picture)
    seen = version.conference
    context.update(ctx.quorum(conference))
    context["inquorate_reason"] = seen.inquorate_reason or ""
    context["inquorate_reason_flag"] = ctx.flag(version, seen.inquorate_reason_marks) if seen.inquorate_reason else ""
    context["inquorate_reason_note"] = ctx.note(version, seen.inquorate_reason_marks) if seen.inquorate_reason else ""
    # A parent's request to record the meeting, and the chair's decision with its limits (RULES.md §3, §5); the
    # legal advice on a refusal is in the full record only (the version has it nowhere else).
    context["recording_requests"] = [describe_request(seen, r) for r in seen.recording_requests]
    context["timeliness"] = ctx.timeliness(conference)
    context.update(ctx.carried(version, picture))  # a review: "From the last conference"
    # Before the day: identifiers, language needs, the child's view, requests to exclude, the parents' written views.
    context.update(ctx.before_the_day(version, picture))
    context["discussion"] = ctx.discussion(version)
    context["notes"] = ctx.discussion_notes(version)
    context["recording_timeline"] = ctx.recording_timeline(version)
    context["parents_copy"] = kind in (PARENTS_COPY, CHILD_COPY)
    copy_for = version.reader.name if kind == PARENTS_COPY else ""
    child = conference.child(version.reader.name) if kind == CHILD_COPY else None
    context["copy_for"] = child.name if child is not None else copy_for
    context["confidential_notes"] = []  # the chair's private notes are the chair's alone: in no document
    context.update(ctx.amendments(version, settings.amended_on))  # "Amended on", and the amendments applied
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
    # What could lead someone to a withheld address without giving it (the town with a school, a GP, a refuge).
    for person in conference.participants:
        if not person.address_withheld or not person.address.strip():
            continue
        for piece in pieces(conference):
            hint = refuge_hint(piece.text, person.address)
            if hint:
                found.append(
                    f'{piece.section} ("{_excerpt(piece.text)}") {hint}: check it cannot tell anyone where '
                    f"{person.name} lives."
                )
    return found


def _numbered(name: str, used: set[str]) -> str:
    filename, n = f"{name}.docx", 2
    while filename in used:
        filename, n = f"{name}-{n}.docx", n + 1
    used.add(filename)
    return filename


def planned_documents(conference: Conference) -> list[PlannedDocument]:
    """Every document the outputs hold, each with its reader (RULES.md §5; :mod:`chairdesk.distribution` lists
    them for the chair): the summary (the family); for a household that reads about some of the children only, a
    summary of their own made from their version (the family's tells about every child); a decision letter for
    each household, scoped to its children, and for each professional, from the full record's version; a child's
    own letter for each child who is to have one; the full record (the professionals); a parents' copy of the
    record for each household that gets one; a copy of the record for each child the chair chose."""
    prefix = f"{conference.date.isoformat()}-{_slug(conference.family.name)}"
    # The summary and the full record are in the conference's language (Welsh practice records in it); each
    # letter and copy in its readers'.
    held_in = conference.language
    summary = f"{prefix}-summary-and-plan.docx"
    own = own_summaries(conference)
    family = the_family(conference, [h.names for h in own])
    planned = [PlannedDocument(SUMMARY, "summary", summary, family, (), held_in)]
    summaries: set[str] = {summary}
    for household in own:
        name = _numbered(f"{prefix}-summary-and-plan-for-{_slug(household.names)}", summaries)
        reader = a_household(conference, household.ids)
        planned.append(PlannedDocument(SUMMARY, "summary", name, reader, household.ids, held_in))
    used: set[str] = set()
    for household in households(conference):
        name = _numbered(f"{prefix}-letter-to-{_slug(household.names)}", used)
        reader = a_household(conference, household.ids)
        language = household_language(household.members)
        planned.append(PlannedDocument(LETTER, "letter", name, reader, household.ids, language))
    for letter in professional_letters(conference):
        person = letter.members[0]
        name = _numbered(f"{prefix}-letter-to-{_slug(person.name)}-{_slug(person.role_name)}", used)
        language = person.language.strip()
        planned.append(PlannedDocument(PROFESSIONAL_LETTER, "letter", name, the_record(), letter.ids, language))
    for child in letters_for_children(conference):
        name = _numbered(f"{prefix}-letter-for-{_slug(child.name)}", used)
        reader = a_child(conference, child.id)
        language = parents_language(conference)
        planned.append(PlannedDocument(CHILD_LETTER, "child_letter", name, reader, (), language, child.id))
    planned.append(PlannedDocument(RECORD, "record", f"{prefix}-record.docx", the_record(), (), held_in))
    copies: set[str] = set()
    for household in households(conference, copies=True):
        name = _numbered(f"{prefix}-parents-copy-for-{_slug(household.names)}", copies)
        reader = a_household(conference, household.ids)
        language = household_language(household.members)
        planned.append(PlannedDocument(PARENTS_COPY, "record", name, reader, household.ids, language))
    for child in copies_for_children(conference):
        name = _numbered(f"{prefix}-record-copy-for-{_slug(child.name)}", copies)
        reader = a_child(conference, child.id)
        planned.append(PlannedDocument(CHILD_COPY, "record", name, reader, (), parents_language(conference), child.id))
    return planned


def output_readers(conference: Conference) -> list[Reader]:
    """The readers the outputs go to, each once, in the order of :func:`planned_documents`."""
    found: dict[str, Reader] = {}
    for planned in planned_documents(conference):
        found.setdefault(planned.reader.key, planned.reader)
    return list(found.values())


def _undecided_sentence(planned: PlannedDocument, version: Version) -> str:
    """Why a document was not made, naming each typed thing to decide on or change, and how."""
    what = []
    for held in version.undecided:
        item = f'{held.piece.section.lower()} ("{_excerpt(held.piece.text)}")'
        if held.address_of:
            what.append(f"{item}: {'; '.join(held.why)}. Change those words")
        else:
            what.append(
                f"{item}: {'; '.join(held.why)}. Release it to them, or keep it back, with a reason, in the review "
                "before the outputs"
            )
    return (
        f"The {planned.title.lower()} for {version.reader.name} was not made: part of the decision or the plan "
        f"would be held back from them, and the chair has not decided about it. {'. '.join(what)}."
    )


def _excerpt(text: str, length: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def render_documents(
    conference: Conference, settings: DocumentSettings | None = None, kinds: Collection[str] | None = None
) -> Outputs:
    """Every document for ``conference`` that may go now, made in memory and checked, with warnings for the chair,
    and a sentence for each that may not (``not_made``). ``kinds``: only documents of these kinds (the record and
    the parents' copies, reissued after amendments).

    Raises :class:`ChairDeskError` (nothing made) for a template that cannot be used.
    """
    settings = settings or DocumentSettings()
    by_language = {"": load_templates(settings.templates_dir)}
    unfinished = decisions_not_ready(conference)  # every document tells the decisions: none is made with half of one
    if unfinished:
        return Outputs([], warnings_for(conference), not_made=unfinished)
    # Letters are dated the day they are made, and never before the conference.
    when = settings.letter_date or max(dt.date.today(), conference.date)
    letters = {h.ids: h for h in [*households(conference), *professional_letters(conference)]}
    made: list[RenderedDocument] = []
    not_made: list[str] = []
    for planned in planned_documents(conference):
        if kinds is not None and planned.kind not in kinds:
            continue
        version = version_for(conference, planned.reader)
        if version.undecided:
            not_made.append(_undecided_sentence(planned, version))
            continue
        build = _builder(conference, settings, planned, version, letters.get(planned.recipients), when)
        if planned.language not in by_language:  # each reader's language chooses the template
            by_language[planned.language] = load_templates(settings.templates_dir, planned.language)
        label, data = by_language[planned.language][planned.template]
        docx = render(label, data, build)
        mark_right_to_left(docx)
        properties = docx.core_properties
        title = f"{planned.title}: the {conference.family.name} family, {long_date(conference.date)}"
        properties.title = title if len(title) <= 255 else f"{title[:254]}…"  # Word's limit for a title
        properties.subject = CONFERENCE_TYPE_NAMES.get(conference.type, "child protection conference")
        properties.keywords = settings.marking
        properties.author = "ChairDesk"
        document = RenderedDocument(
            planned.kind, planned.filename, planned.title, to_bytes(docx), planned.recipients, planned.reader
        )
        leak = address_leak(conference, document, document_text(docx))
        if leak:
            not_made.append(leak)
            continue
        made.append(document)
    return Outputs(made, warnings_for(conference), not_made=not_made)


def _builder(
    conference: Conference,
    settings: DocumentSettings,
    planned: PlannedDocument,
    version: Version,
    household: Household | None,
    when: dt.date,
) -> Any:
    if planned.kind == SUMMARY:
        return lambda p: _base_context(conference, settings, SUMMARY, version, p)
    if planned.kind in (LETTER, PROFESSIONAL_LETTER):
        assert household is not None
        return lambda p: letter_context(household, version, settings.marking, when)
    if planned.kind == CHILD_LETTER:
        child = conference.child(planned.child)
        assert child is not None
        return lambda p: child_letter_context(child, version, settings.marking, when, child.record_copy)
    return lambda p: _record_context(conference, settings, planned.kind, version, p)


def address_leak(conference: Conference, document: RenderedDocument, text: str) -> str | None:
    """The last check, over the finished text of a document: a withheld address appears only in what its own
    household reads. A sentence naming the document and the typed thing to change, or None."""
    own = " ".join(p.address for p in conference.participants if p.id in document.recipients)
    for person in conference.participants:
        if not person.address_withheld or not person.address.strip():
            continue
        if document.recipients == (person.id,):
            continue
        found = withheld_address_in(text, person.address)
        # A line a letter's reader shares with the withheld address (their own street) tells them nothing.
        if found is None or withheld_address_in(own, found) is not None:
            continue
        where = [p for p in pieces(conference) if withheld_address_in(p.text, person.address)]
        item = (
            f'{where[0].section.lower()}: "{_excerpt(where[0].text)}"'
            if where
            else "a name, a place or another detail of the conference"
        )
        return (
            f"The {document.title.lower()} ({document.filename}) was not made: it would give away where "
            f"{person.name} lives ('{found}', in {item}). Change those words, then produce the outputs again."
        )
    return None


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


SET_FOLDER_FORMAT = "%Y-%m-%d %H%M%S"  # one production's folder: "2026-11-24 153012"


def write_set(documents: list[RenderedDocument], parent: Path, made: dt.datetime | None = None) -> list[Path]:
    """Write ``documents`` as a set of their own: a new sub-folder of ``parent`` named by when they were made
    (:data:`SET_FOLDER_FORMAT`, with ``-2``... when that name is taken), never beside an older set's documents.
    The folder is filled under a temporary name and renamed when complete: all or none."""
    parent = Path(parent)
    made = made or dt.datetime.now()
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=".set-", suffix=".part", dir=parent))  # only the user can read it
    except OSError as error:
        raise ChairDeskError(f"{parent}: the folder cannot be made ({error.strerror or error})") from None
    try:
        write_all(documents, temporary)
        name, n = made.strftime(SET_FOLDER_FORMAT), 2
        while (parent / name).exists():
            name, n = f"{made.strftime(SET_FOLDER_FORMAT)}-{n}", n + 1
        os.rename(temporary, parent / name)
    except ChairDeskError:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    except OSError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        raise ChairDeskError(
            f"{parent}: the documents cannot be written there ({error.strerror or error}); nothing was written"
        ) from None
    return [parent / name / d.filename for d in documents]


def produce(
    conference: Conference, out_dir: str | os.PathLike[str], settings: DocumentSettings | None = None
) -> Outputs:
    """Make every document for ``conference`` that may go now and write them into ``out_dir`` (made if missing),
    all or none; ``not_made`` says what was held back and what to do."""
    outputs = render_documents(conference, settings)
    outputs.files = write_all(outputs.documents, Path(out_dir))
    return outputs


def produce_outputs(
    conference: Conference, out_dir: str | os.PathLike[str], settings: DocumentSettings | None = None
) -> list[Path]:
    """The app's "produce outputs" action: the files written, in the order summary, letters, record, parents'
    copy. Raises :class:`ChairDeskError` with one sentence for the chair; then nothing new is in ``out_dir``."""
    return produce(conference, out_dir, settings).files
