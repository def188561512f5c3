"""Help > About ChairDesk (F1) in the home and the console: the name, the version, what ChairDesk is for, where
its data lives, its licence, and the licences of everything bundled with it (chairdesk.licences), each with its
full text in a scrollable view.

It opens over the window it was asked from, on the laptop, never on the board.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontDatabase, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chairdesk import paths

CREDENTIAL_STORE = (
    "The key that unlocks the database and the recordings is in this computer's credential store (Windows "
    "Credential Manager, the macOS Keychain, or the Secret Service on Linux), under your login only."
)
COLUMNS = ("Part", "Version", "Licence", "What it is")


def where_data_lives(database: Path | None = None) -> list[tuple[str, str]]:
    """What is kept where, in the words the About box uses."""
    return [
        ("Data folder (conferences, recordings, documents)", str(paths.data_dir())),
        ("Database", str(database or paths.default_database())),
        ("Log", str(paths.log_dir())),
    ]


class AboutDialog(QDialog):
    """What ChairDesk is, where its data is, and every licence, read with the keyboard alone."""

    def __init__(self, parent: QWidget | None = None, database: Path | None = None) -> None:
        from chairdesk import licences  # read when the box opens: the metadata is no cost to start-up

        super().__init__(parent)
        self.setObjectName("about")
        self.setWindowTitle("About ChairDesk")
        itself = licences.chairdesk_itself()
        self.parts = [itself, *licences.bundled()]
        self.version = itself.version

        places = "".join(
            f"<tr><td>{html.escape(what)}:&nbsp;</td><td><code>{html.escape(where)}</code></td></tr>"
            for what, where in where_data_lives(database)
        )
        self.heading = QLabel(
            f"<h2>ChairDesk {html.escape(itself.version)}</h2>"
            f"<p>{html.escape(licences.description())}</p>"
            f"<p>ChairDesk is licensed under the {html.escape(itself.licence)} licence. It is made with the parts "
            "listed below, each under its own licence: choose one to read its licence in full.</p>"
            f"<table>{places}</table><p>{html.escape(CREDENTIAL_STORE)}</p>",
            objectName="aboutHeading",
        )
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(len(self.parts), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("ChairDesk and the parts it bundles, with their licences")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        for row, part in enumerate(self.parts):
            for column, value in enumerate((part.name, part.version, part.licence, part.kind or "This program")):
                self.table.setItem(row, column, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        self.text = QPlainTextEdit(readOnly=True, objectName="licenceText")
        self.text.setAccessibleName("The licence in full")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.table.currentCellChanged.connect(lambda row, *_: self.show_licence(row))

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.text)
        split.setSizes([260, 300])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(split, 1)
        column.addWidget(buttons)
        self.resize(900, 700)
        self.table.setCurrentCell(0, 0)
        self.show_licence(0)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.table.setFocus()  # the list first: arrows choose a part, Tab goes to its licence, Escape closes

    def show_licence(self, row: int) -> None:
        """The chosen part's licence in full, after what it asks of us (Qt's source) when it asks something."""
        if not 0 <= row < len(self.parts):
            return
        part = self.parts[row]
        heading = f"{part.name} {part.version}".strip() + f": {part.licence}"
        said = [heading, *([part.note] if part.note else []), "", part.text or "(no licence text was found)"]
        self.text.setPlainText("\n".join(said))
        self.text.moveCursor(self.text.textCursor().MoveOperation.Start)


def add_help_menu(window: QMainWindow, database: Path | None = None) -> QAction:
    """A Help menu with About ChairDesk (F1) on ``window``'s menu bar; the dialog opens over ``window``."""
    menu = window.menuBar().addMenu("&Help")
    about = QAction("&About ChairDesk", window)
    about.setShortcut(QKeySequence("F1"))
    about.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # the home's and the console's F1 never clash
    about.setStatusTip("ChairDesk's version, where its data is, and the licences of everything it bundles")

    def open_about() -> AboutDialog:
        dialog = AboutDialog(window, database)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        window.about_dialog = dialog  # type: ignore[attr-defined]  # for the tests, and so it is not collected
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    about.triggered.connect(open_about)
    menu.addAction(about)
    window.addAction(about)
    return about
