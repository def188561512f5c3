"""'Produce outputs': the documents of the meeting, made off the GUI thread, then the folder opened."""

from __future__ import annotations

import copy
import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from chairdesk import paths
from chairdesk.gui.background import Background, Control, Failure
from chairdesk.model import Conference

log = logging.getLogger(__name__)


def outputs_folder(conference: Conference) -> Path:
    """Where a conference's documents go: inside the user's ChairDesk data folder, which only they can read."""
    return paths.data_dir() / "outputs" / (conference.id or "conference")


class OutputsProducer(QObject):
    """Makes the documents on a worker thread (through the one mechanism for slow work, gui.background, which keeps
    the control that started it off until it is done); reports back through signals on the GUI thread."""

    finished = Signal(list, float, list)  # the files, the seconds it took, warnings for the chair
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = Background(self)
        self.holds: list[Control] = []  # the controls that start it (the menu item, the toolbar's button)

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
            return produce(conference, folder, DocumentSettings())
        except OSError as error:
            return Failure(f"The documents could not be written to {folder} ({error.strerror}).")

    def _done(self, result: object, seconds: float) -> None:
        if isinstance(result, Failure):
            self.failed.emit(result.sentence)
            return
        # What was not made comes first: the chair must act on it before the documents can all go.
        self.finished.emit([str(p) for p in result.files], seconds, [*result.not_made, *result.warnings])

    def close(self) -> None:
        self.work.close()


def open_folder(folder: Path) -> None:
    """Show the folder in the system's file manager (on the GUI thread)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
