"""'Produce outputs': the documents of the meeting, made off the GUI thread, then the folder opened; the audit
says, for each document made, what was held back from its reader (RULES.md §5: every withholding is in the audit).

Each production is a set of its own (chairdesk.sending): a new folder ``outputs/<conference id>/<YYYY-MM-DD
HHMMSS>/``, written all or none, recorded in the database with each document's reader and deadline. The set it
replaces stays, as the record of what was made and sent, marked superseded (in the database, and by a file in its
folder saying so), and is never offered for sending again. Reissuing the record after amendments makes a set of the
record and the parents' copies only.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from chairdesk import audience, paths, sending
from chairdesk.gui.background import Background, Control, Failure
from chairdesk.model import Conference
from chairdesk.storage import ConferenceStore
from chairdesk.writer import ConferenceWriter

if TYPE_CHECKING:
    from chairdesk.documents.produce import RenderedDocument

log = logging.getLogger(__name__)


SUPERSEDED_NOTE = "SUPERSEDED - not to be sent.txt"
EARLIER = "earlier documents (superseded)"  # where documents written before sets existed are moved
PRODUCING = "Producing the documents…"  # the status line while they are made


def outputs_folder(conference: Conference) -> Path:
    """Where a conference's sets of documents go: inside the user's ChairDesk data folder, which only they can
    read (each set in a dated folder of its own)."""
    return paths.data_dir() / "outputs" / paths.conference_folder_name(conference.id or "conference")


def set_aside_loose_documents(folder: Path) -> None:
    """Documents written straight into the conference's folder (before each production was a set of its own) are
    stale beside the sets: moved into a folder of their own, marked superseded."""
    loose = [p for p in folder.glob("*.docx") if p.is_file()] if folder.is_dir() else []
    if not loose:
        return
    earlier = folder / EARLIER
    earlier.mkdir(exist_ok=True)
    for path in loose:
        os.replace(path, earlier / path.name)
    mark_superseded(earlier)


def mark_superseded(folder: Path) -> None:
    """Say, in the folder itself, that its documents are superseded (for whoever opens it in the file manager)."""
    note = folder / SUPERSEDED_NOTE
    if folder.is_dir() and not note.exists():
        try:
            paths.write_atomically(
                note,
                b"These documents were superseded when the outputs were produced again: do not send them. The "
                b"current documents are in the newest folder beside this one (ChairDesk: File, Outputs and "
                b"sending).\n",
            )
        except OSError:
            log.warning("could not mark a superseded set of documents")


def record_set_job(
    conference_id: str, folder: Path, documents: list[sending.NewDocument], kind: str, made: dt.datetime
) -> object:
    """The writer's job recording a new set (and marking, in their folders, the sets it superseded)."""

    def job(store: ConferenceStore) -> None:
        store.record_set(conference_id, folder, documents, kind, made)
        for old in store.output_sets(conference_id):
            if not old.current:
                mark_superseded(old.folder)

    return job


class OutputsProducer(QObject):
    """Makes the documents on a worker thread (through the one mechanism for slow work, gui.background, which keeps
    the control that started it off until it is done); reports back through signals on the GUI thread."""

    finished = Signal(list, float, list)  # the files, the seconds it took, what was not made and the warnings
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, writer: ConferenceWriter | None = None) -> None:
        super().__init__(parent)
        self.work = Background(self)
        self.holds: list[Control] = []  # the controls that start it (the menu item, the toolbar's button)
        self.writer = writer  # where the audit entries of each production go
        self.not_made: list[str] = []  # of the last production: a sentence for each document not made
        self.warnings: list[str] = []

    @property
    def busy(self) -> bool:
        """True while the documents are being made (the busy state is its Background's)."""
        return self.work.running("produce")

    def start(self, conference: Conference, kind: str = sending.PRODUCED) -> bool:
        """Start making the documents from a copy of ``conference`` (``kind`` AMENDED: the record and the parents'
        copies only, reissued with the amendments applied); False if already making them."""
        snapshot = copy.deepcopy(conference)
        started = time.perf_counter()
        return self.work.run(
            "produce",
            lambda: self._make(snapshot, kind),
            lambda result: self._done(result, time.perf_counter() - started),
            "Something went wrong while making the documents; no documents were written.",
            holds=self.holds,
            saying=PRODUCING,
        )

    @staticmethod
    def _make(conference: Conference, kind: str = sending.PRODUCED) -> object:
        # loaded when first needed: it is not needed to start
        from chairdesk.documents import DocumentSettings
        from chairdesk.documents.produce import render_documents, write_set
        from chairdesk.errors import ChairDeskError

        folder = outputs_folder(conference)
        made = dt.datetime.now()
        amended = kind == sending.AMENDED
        settings = DocumentSettings(amended_on=made.date() if amended else None)
        try:
            paths.private_folder(folder)
            set_aside_loose_documents(folder)
            outputs = render_documents(conference, settings, sending.RECORD_KINDS if amended else None)
            outputs.files = write_set(outputs.documents, folder, made)
        except OSError as error:
            return Failure(f"The documents could not be written to {folder} ({error.strerror}).")
        except ChairDeskError as error:
            return Failure(str(error))
        set_folder = outputs.files[0].parent if outputs.files else folder
        documents = sending.new_documents(conference, outputs.documents, kind, made.date())
        job = record_set_job(conference.id or "", set_folder, documents, kind, made)
        return outputs, conference.id or "", held_back_entries(conference, outputs.documents), job

    def _done(self, result: object, seconds: float) -> None:
        if isinstance(result, Failure):
            self.failed.emit(result.sentence)
            return
        outputs, conference_id, entries, *recording = result  # type: ignore[misc]
        if self.writer is not None and conference_id:
            self.writer.call(lambda store: store.record_outputs(conference_id, entries))
            for job in recording:  # the new set, recorded (its documents and deadlines)
                self.writer.call(job)
        self.not_made, self.warnings = list(outputs.not_made), list(outputs.warnings)
        # What was not made comes first: the chair must act on it before the documents can all go.
        self.finished.emit([str(p) for p in outputs.files], seconds, [*outputs.not_made, *outputs.warnings])

    def close(self) -> None:
        self.work.close()


def held_back_entries(conference: Conference, documents: list[RenderedDocument]) -> list[str]:
    """For the audit, one line per document made: its kind, its reader and what was held back from them, by the
    item's place in the conference (``worries[3]``) and the reason's key (``confidential:criminal-investigation``,
    ``typed-while-out``, ``address``, ``kept-back``). Never a name or a word the chair typed: a household is named
    by its members' places in the register (``participants[12]``)."""
    places = {p.id: f"participants[{i}]" for i, p in enumerate(conference.participants)}
    entries = []
    for document in documents:
        reader = document.reader
        if reader is None:
            continue
        if reader.kind == audience.HOUSEHOLD:
            who = "household " + "+".join(places.get(i, "?") for i in reader.people)
        else:
            who = f"the {reader.kind}"
        held = audience.version_for(conference, reader).held_back
        listed = "; ".join(f"{h.piece.ref} ({', '.join(_reason_keys(conference, h))})" for h in held)
        entries.append(f"{document.kind} for {who}: held back {listed or 'nothing'}")
    return entries


def _reason_keys(conference: Conference, held: audience.HeldBack) -> list[str]:
    marks = held.piece.marks
    keys = []
    if marks.confidential and (held.from_people or held.reader.kind == audience.ROOM):
        keys.append(f"confidential:{marks.confidential_reason or 'no-reason'}")
    typed_while_out = conference.excluded_when_typed(marks)
    if any(p in typed_while_out for p in held.from_people):
        keys.append("typed-while-out")
    if held.address_of:
        keys.append("address")
    if (
        held.piece.must_know
        and held.from_people
        and all(audience.held_back_by_the_chair(marks, p) for p in held.from_people)
    ):
        keys.append("kept-back")
    return keys or ["held-back"]


def open_folder(folder: Path) -> None:
    """Show the folder in the system's file manager (on the GUI thread)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
