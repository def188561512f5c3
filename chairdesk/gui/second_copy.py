"""Recording > Second copy to a folder…: the chair chooses (or stops) a second folder for each recording.

A small dialog of Qt's own; the choice is kept in this computer's settings (chairdesk.settings), and the next
recording is also written there as it goes (chairdesk.recording.parts). A recording already under way keeps what
it had.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from chairdesk.recording.second_copy import second_folder, set_second_folder

TITLE = "A second copy of each recording"


def choose_second_folder(parent: QWidget, controller: Any, folder: Path | None = None, stop: bool = False) -> str:
    """Ask the chair for the second folder (``folder``/``stop`` answer for the chair in a test) and keep the
    choice; returns the sentence that says what was chosen ("" when the chair cancelled)."""
    current = second_folder()
    if folder is None and not stop:
        if current is not None:
            box = QMessageBox(
                QMessageBox.Icon.Question, TITLE, f"Each recording is also written to {current}.", parent=parent
            )
            box.setInformativeText("Choose another folder, or stop writing a second copy?")
            another = box.addButton("Choose another folder…", QMessageBox.ButtonRole.AcceptRole)
            stopping = box.addButton("Stop the second copy", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            stop = box.clickedButton() is stopping
            if box.clickedButton() not in (another, stopping):
                return ""
        if not stop:
            chosen = QFileDialog.getExistingDirectory(parent, TITLE, str(current or Path.home()))
            if not chosen:
                return ""
            folder = Path(chosen)
    keep = None if stop else folder
    try:
        set_second_folder(keep)  # at once, here: a choice that cannot be kept is said now, not after a recording
    except OSError as error:
        return (
            f"Your choice of a second folder could not be kept ({error.strerror}), so the next recording's second "
            "copy stays as it was. Check there is space on the disk and that you can write to ChairDesk's data "
            "folder, then choose again."
        )
    if keep is None:
        return "No second copy will be written from the next recording on."
    return f"From the next recording on, a second copy is written to {keep} as it goes."
