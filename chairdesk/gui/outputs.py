"""'Produce outputs': the documents of the meeting, made off the GUI thread, then the folder opened."""

from __future__ import annotations

import copy
import logging
import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from chairdesk import paths
from chairdesk.errors import ChairDeskError
from chairdesk.model import Conference

log = logging.getLogger(__name__)


def outputs_folder(conference: Conference) -> Path:
    """Where a conference's documents go: inside the user's ChairDesk data folder, which only they can read."""
    return paths.data_dir() / "outputs" / (conference.id or "conference")


class OutputsProducer(QObject):
    """Makes the documents on a worker thread; reports back through signals (queued to the GUI thread)."""

    finished = Signal(list, float, list)  # the files, the seconds it took, warnings for the chair
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.busy = False
        # The chair's choice: put what was said while a parent was out back into the family's copies.
        self.include_excluded_items = False

    def start(self, conference: Conference) -> bool:
        """Start making the documents from a copy of ``conference``; False if already making them."""
        if self.busy:
            return False
        self.busy = True
        snapshot = copy.deepcopy(conference)
        threading.Thread(target=self._make, args=(snapshot,), name="chairdesk-outputs", daemon=True).start()
        return True

    def _make(self, conference: Conference) -> None:
        # loaded when first needed: it is not needed to start
        from chairdesk.documents import DocumentSettings, produce

        started = time.perf_counter()
        folder = outputs_folder(conference)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            folder.chmod(0o700)
            outputs = produce(conference, folder, DocumentSettings(include_excluded_items=self.include_excluded_items))
        except ChairDeskError as error:
            self.busy = False
            self.failed.emit(str(error))
            return
        except OSError as error:
            self.busy = False
            self.failed.emit(f"The documents could not be written to {folder} ({error.strerror}).")
            return
        except Exception:  # never leave the chair with a button that silently does nothing
            log.exception("producing the documents failed")
            self.busy = False
            self.failed.emit("Something went wrong while making the documents; no documents were written.")
            return
        self.busy = False
        self.finished.emit([str(p) for p in outputs.files], time.perf_counter() - started, outputs.warnings)


def open_folder(folder: Path) -> None:
    """Show the folder in the system's file manager (on the GUI thread)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
