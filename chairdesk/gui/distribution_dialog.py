"""'Who gets the outputs': the distribution list the chair sees and changes before producing (RULES.md §5).

Reached from the chair's review that Produce outputs opens (its "Who gets the outputs…" button) and from the File
menu. One row per reader (:func:`chairdesk.distribution.distribution`): who they are, what they will get and why,
and a tick for each choice the chair can make (a letter; for a child, a copy of the record too). Each tick is an
ordinary edit of the meeting (undone with Ctrl+Z in the console). Keyboard: arrows move between rows and ticks,
Space ticks or unticks, Escape or Enter closes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chairdesk.distribution import LETTER, RECORD_COPY, Row, distribution, set_choice
from chairdesk.errors import InvalidConference
from chairdesk.gui.controller import MeetingController

COLUMNS = ("Reader", "What they get", "Letter", "Copy of the record", "Why")
CHOICE_COLUMNS = {2: LETTER, 3: RECORD_COPY}


class DistributionDialog(QDialog):
    """The list, read afresh from the meeting after every change."""

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Who gets the outputs")
        self.rows: list[Row] = []
        intro = QLabel(
            "The decision letter with the outline plan goes to everyone who attended or was invited. Tick or untick "
            "a letter with Space; a child gets their own letter, and a copy of the record, only when you choose.",
            wordWrap=True,
        )
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Who gets the outputs")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        # Every row one height, set once from the font (two lines; the whole text is in each cell's tooltip): rows
        # measured to their text would be measured before the dialog has its width (tall rows at first, shrinking
        # at the first tick), and a tick would move the rows under the mouse.
        rows_header = self.table.verticalHeader()
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows_header.setDefaultSectionSize(2 * self.table.fontMetrics().lineSpacing() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel(wordWrap=True, accessibleName="What happened")
        buttons = QDialogButtonBox(self)
        self.done_button = QPushButton("&Done")
        self.done_button.setAutoDefault(True)
        buttons.addButton(self.done_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.table.itemChanged.connect(self._changed)
        self.refresh()
        self.table.setCurrentCell(0, 2)
        self.table.setFocus()
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(1150, screen.width() - 40), min(620, screen.height() - 60))

    def refresh(self) -> None:
        """Read the list again from the meeting (after a change, or an undo in the console)."""
        self.rows = distribution(self.controller.conference)
        current = (self.table.currentRow(), self.table.currentColumn())
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for column, text in ((0, row.name), (1, row.gets), (4, row.why)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(text)
                self.table.setItem(r, column, item)
            for column, choice in CHOICE_COLUMNS.items():
                on = row.chosen(choice)
                item = QTableWidgetItem()
                if on is None:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    item.setText("—" if choice == LETTER else "")
                    item.setToolTip("The chair cannot choose this for them.")
                else:
                    item.setFlags(
                        Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                    )
                    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                    item.setText("Yes" if on else "No")
                    item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{COLUMNS[column]}: {'yes' if on else 'no'}")
                self.table.setItem(r, column, item)
        self.table.blockSignals(False)
        if current[0] >= 0:
            self.table.setCurrentCell(min(current[0], len(self.rows) - 1), current[1])

    def _changed(self, item: QTableWidgetItem) -> None:
        choice = CHOICE_COLUMNS.get(item.column())
        if choice is None or item.row() >= len(self.rows):
            return
        row = self.rows[item.row()]
        on = item.checkState() == Qt.CheckState.Checked
        try:
            set_choice(self.controller.meeting, row.key, choice, on)
        except (InvalidConference, ValueError) as error:
            self.note.setText(f"That could not be changed: {error}.")
        else:
            self.note.setText(f"{row.name}: {'yes' if on else 'no'} to {COLUMNS[item.column()].lower()}. Undo: Ctrl+Z.")
        self.refresh()

    def toggle(self, row: int, column: int) -> None:
        """Tick or untick one cell, as Space does (for the console's code and the tests)."""
        item = self.table.item(row, column)
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)


def add_to_review(review: QDialog, open_list: object) -> QPushButton:
    """Put a "Who gets the outputs…" button in the chair's review, beside Produce (the small hook the console
    makes when Produce outputs opens the review); ``open_list`` opens the list."""
    button = QPushButton("&Who gets the outputs…", review)
    button.setAutoDefault(True)
    button.clicked.connect(open_list)  # type: ignore[arg-type]
    layout = review.layout()
    bottom = layout.itemAt(layout.count() - 1).layout() if layout is not None else None
    if bottom is not None:
        bottom.insertWidget(1, button)
    return button
