"""'Produce outputs': the documents of the meeting, made off the GUI thread, then the folder opened; the audit
says, for each document made, what was held back from its reader (RULES.md §5: every withholding is in the audit).
"""

from __future__ import annotations

import copy
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from chairdesk import audience, paths
from chairdesk.gui.background import Background, Control, Failure
from chairdesk.model import Conference
from chairdesk.writer import ConferenceWriter

if TYPE_CHECKING:
    from chairdesk.documents.produce import RenderedDocument

log = logging.getLogger(__name__)


def outputs_folder(conference: Conference) -> Path:
    """Where a conference's documents go: inside the user's ChairDesk data folder, which only they can read."""
    return paths.data_dir() / "outputs" / paths.short_name(conference.id or "conference")


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
        return self.work.running("produce")

    def start(self, conference: Conference) -> bool:
        """Start making the documents from a copy of ``conference``; False if already making them."""
        snapshot = copy.deepcopy(conference)
        started = time.perf_counter()
        return self.work.run(
            "produce",
            lambda: self._make(snapshot),
            lambda result: self._done(result, time.perf_counter() - started),
            "Something went wrong while making the documents; no documents were written.",
            holds=self.holds,
        )

    @staticmethod
    def _make(conference: Conference) -> object:
        # loaded when first needed: it is not needed to start
        from chairdesk.documents import DocumentSettings, produce

        folder = outputs_folder(conference)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            folder.chmod(0o700)
            outputs = produce(conference, folder, DocumentSettings())
        except OSError as error:
            return Failure(f"The documents could not be written to {folder} ({error.strerror}).")
        return outputs, conference.id or "", held_back_entries(conference, outputs.documents)

    def _done(self, result: object, seconds: float) -> None:
        if isinstance(result, Failure):
            self.failed.emit(result.sentence)
            return
        outputs, conference_id, entries = result  # type: ignore[misc]
        if self.writer is not None and conference_id:
            self.writer.call(lambda store: store.record_outputs(conference_id, entries))
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
    out = conference.out_when_typed(marks) if held.piece.owner is marks else set(marks.typed_while_out)
    if any(p in out for p in held.from_people):
        keys.append("typed-while-out")
    if held.address_of:
        keys.append("address")
    if held.piece.must_know and held.from_people and all(audience.kept_back_from(marks, p) for p in held.from_people):
        keys.append("kept-back")
    return keys or ["held-back"]


def open_folder(folder: Path) -> None:
    """Show the folder in the system's file manager (on the GUI thread)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
