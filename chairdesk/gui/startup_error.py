"""When ChairDesk cannot open: a window that says why in plain words and what to do, before any console.

A chair who starts ChairDesk from an icon never sees standard error, so a database that is damaged, empty,
read-only, another program's or from a newer version, or a conference that cannot be read, is said here, with
the database's path. Where a backup that opens cleanly exists, it is offered: restoring it moves the file that
was there aside (never deleted) and puts the backup in its place.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from chairdesk import backups
from chairdesk.errors import ChairDeskError, StorageError

# The kinds of trouble a backup can mend. A read-only folder, a missing permission or a newer database is not
# mended by putting an older copy in place. When the key does not open the database, a backup that opens with it
# shows the file itself was damaged (only a backup that opens cleanly is ever offered).
MENDED_BY_A_BACKUP = {"damaged", "empty", "not-chairdesk", "conference-unreadable", "key"}


def backup_helps(error: ChairDeskError) -> bool:
    return isinstance(error, StorageError) and error.kind in MENDED_BY_A_BACKUP


class StartupErrorDialog(QMessageBox):
    """What went wrong, the database, what to do; and "Restore the backup" when a good one exists."""

    def __init__(
        self, error: ChairDeskError, db_path: Path, backup: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("ChairDesk cannot open")
        self.setText(str(error))
        details = [f"Database: {db_path}"]
        self.restore_button: QPushButton | None = None
        if backup is not None:
            aside = Path(db_path).with_name(f"{Path(db_path).stem}.damaged-(date){Path(db_path).suffix}")
            details.append(
                f"A backup taken on {backups.taken_at(backup)} opens cleanly ({backup}). Restore it to carry on "
                f"from then: the database there now is kept beside it as {aside.name}, never deleted. Anything "
                "done after the backup was taken is not in it."
            )
            self.restore_button = self.addButton(
                f"Restore the backup of {backups.taken_at(backup)}", QMessageBox.ButtonRole.AcceptRole
            )
        self.setInformativeText("\n\n".join(details))
        self.quit_button = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.quit_button)
        self.setEscapeButton(self.quit_button)

    def restore_chosen(self) -> bool:
        return self.restore_button is not None and self.clickedButton() is self.restore_button


def ask(error: ChairDeskError, db_path: Path, backup: Path | None) -> bool:
    """Show the dialog and wait; True if the chair chose to restore ``backup``."""
    dialog = StartupErrorDialog(error, db_path, backup)
    dialog.exec()
    return dialog.restore_chosen()


def tell(title: str, sentence: str) -> None:
    """A plain warning before any console (another copy that does not answer, for instance)."""
    QMessageBox.warning(None, title, sentence)
