"""Editing a board list (danger statements, working well, worries, safety goals, key points) from the keyboard.

Type and press Enter to add; what is typed shows on the board as it is typed unless "Confidential" is ticked
or a family member is out of the room. F2 edits the selected item, Delete removes it, Ctrl+Up/Down moves it,
Ctrl+H (or the right-click menu) marks it confidential with the reason, or not. The list shows plainly which items
the room cannot see and why; under the entry box a sentence says at once when the words would give a withheld
address away. Ctrl+H in the entry box ticks "Confidential" and goes to the reason: its number chooses it.

The rules (what is added, what the board is given as it is typed, why an item is hidden, which item is chosen
after a delete or a move) are the presenter's, chairdesk.presenters.items; the widgets forward the chair's actions
to it and draw what it says.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from chairdesk.board import Draft
from chairdesk.changes import Part
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.kept_text import KeptText
from chairdesk.gui.marking import (
    CONFIDENTIAL_KEY,
    MARKED_BRUSH,
    ReasonChoice,
    TypingFlags,
    ask_confidential,
    attach_marking,
)
from chairdesk.gui.page_tools import Index, WordsDelegate, compact, follow, tell
from chairdesk.gui.text_guard import EntryBox
from chairdesk.model import Item
from chairdesk.presenters.items import ItemListPresenter

HiddenRole = Qt.ItemDataRole.UserRole + 1  # True when the room cannot see the item
WhyHiddenRole = Qt.ItemDataRole.UserRole + 2  # the reason, in words


class BoardItemsModel(QAbstractListModel):
    """The items of one board list, with whether (and why) each is hidden from the room: the presenter's words
    (chairdesk.presenters.items)."""

    def __init__(self, controller: MeetingController, presenter: ItemListPresenter) -> None:
        super().__init__()
        self.controller = controller
        self.presenter = presenter
        self.list_name = presenter.list_name
        follow(self, controller, Part.BOARD | Part.DISCUSSION | Part.ATTENDANCE)

    def items(self) -> list[Item]:
        return self.presenter.items()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's name and default)
        return 0 if parent.isValid() else len(self.items())

    def why_hidden(self, item: Item) -> str:
        return self.presenter.why_hidden(item)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.items()):
            return None
        shown = self.presenter.shown(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return shown.text
        if role == Qt.ItemDataRole.EditRole:
            return shown.words
        if role == HiddenRole:
            return shown.hidden
        if role == WhyHiddenRole:
            return shown.why_hidden
        if role == Qt.ItemDataRole.ToolTipRole:
            return shown.tip
        if role == Qt.ItemDataRole.BackgroundRole and shown.hidden:
            return MARKED_BRUSH if shown.confidential else QBrush(QColor("#fff1c2"))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return shown.description
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        # As the list's own edit: its rows repaint rather than rebuild under the editor still committing.
        return self.presenter.correct(index.row(), str(value), initiator=self)


class ItemListEditor(QWidget):
    """One board list: the items, and a line to type the next one."""

    def __init__(self, controller: MeetingController, list_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.list_name = list_name
        self.presenter = ItemListPresenter(controller.meeting, list_name, self)
        title = self.presenter.title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(f"<b>{title}</b>")
        layout.addWidget(heading)
        self.model = BoardItemsModel(controller, self.presenter)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
        )
        # An item being corrected wraps as it is typed, and who was out while it was typed is kept with it.
        self.view.setItemDelegate(WordsDelegate(self.view, self.controller.meeting))
        self.view.setAccessibleName(f"{title}: items")
        layout.addWidget(self.view, 1)

        entry = QVBoxLayout()
        self.on_board = self.presenter.on_board  # the record of the discussion is never projected
        # It wraps and grows as it is typed; a paste is cleaned, and one too long is refused in words.
        self.entry = EntryBox(self.presenter.placeholder(), f"New item for {title.lower()}")
        self.confidential = QCheckBox("Confidential (not on the board)")
        self.confidential.setToolTip(
            "Ticked: what you type is kept from the board and the parents' copy (Ctrl+H in the box ticks it)."
        )
        # Why, beside the tick: it may wait ("no reason given yet" in the record); its number chooses it.
        self.reason = compact(ReasonChoice(), 18)
        self.reason.setAccessibleName(f"Why the new item for {title.lower()} is confidential")
        self.reason.setToolTip("Why it is confidential: type its number. It can be left for now.")
        self.reason.hide()
        marking = QHBoxLayout()
        marking.addWidget(self.confidential)
        marking.addWidget(self.reason, 1)
        # Said as it is typed: the words would give away a withheld address, or could lead someone to it.
        self.flags = TypingFlags(controller, self.entry)
        entry.addWidget(self.entry)
        entry.addWidget(self.flags)
        entry.addLayout(marking)
        layout.addLayout(entry)
        heading.setBuddy(self.entry)

        # Kept on disk as it is typed, with its marks; connected first, so the marks are current for _typed.
        self.kept = KeptText(controller, self.entry, list_name, self.confidential)
        self.kept.marks_changed.connect(self._typed)
        self.entry.textChanged.connect(self._typed)
        self.confidential.toggled.connect(self._typed)
        self.entry.returnPressed.connect(self.add)
        self.confidential.toggled.connect(self._show_reason)
        self.reason.activated.connect(lambda _i: self.entry.setFocus())
        QShortcut(
            QKeySequence(CONFIDENTIAL_KEY),
            self.entry,
            activated=self._tick_confidential,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        for keys, slot in (
            (QKeySequence.StandardKey.Delete, self.delete_selected),
            ("Ctrl+Up", lambda: self.move_selected(-1)),
            ("Ctrl+Down", lambda: self.move_selected(+1)),
        ):
            QShortcut(QKeySequence(keys), self.view, activated=slot, context=Qt.ShortcutContext.WidgetShortcut)
        attach_marking(self.view, controller, lambda index: self.presenter.ref(index.row()), "Choose an item first.")

    def _typed(self) -> None:
        # Every keystroke: the board is given it (the presenter says how) and the writer keeps it (KeptText).
        self.presenter.typed(self.entry.text(), self.confidential.isChecked())

    def _show_reason(self, ticked: bool) -> None:
        self.reason.setVisible(ticked)
        if not ticked:
            self.reason.setCurrentIndex(0)

    def _tick_confidential(self) -> None:
        """Ctrl+H in the entry box: tick "Confidential" and go to its reason (a number picks one and comes back
        to the box), or untick it."""
        self.confidential.setChecked(not self.confidential.isChecked())
        if self.confidential.isChecked():
            self.reason.setFocus()

    def add(self) -> None:
        confidential = self.confidential.isChecked()
        if not self.presenter.add(self.entry.text(), confidential, self.reason.currentData()):
            return
        self.entry.setText("")  # not clear(): the box's own undo must not bring back what is now an item
        self.confidential.setChecked(False)
        self.view.scrollToBottom()

    def _selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def delete_selected(self) -> None:
        self.presenter.delete(self._selected_row())

    def move_selected(self, step: int) -> None:
        self.presenter.move(self._selected_row(), step)

    # -- what the presenter tells the editor (chairdesk.presenters.items.ItemListView) ---------------------

    def tell(self, sentence: str) -> None:
        tell(self, sentence)

    def show_draft(self, draft: Draft) -> None:
        self.controller.set_draft(draft.list_name, draft.text, draft.confidential, draft.typed_while_out)

    def ask_reason_words(self, ref: str) -> None:
        # Once the Enter that added it is over (the box still has the key): the words for "another reason".
        QTimer.singleShot(0, self, lambda: ask_confidential(self.entry, self.controller, ref, "", preset="other"))

    def select(self, row: int) -> None:
        """Keep the moved or changed item selected now the list has been rebuilt."""
        self.view.setCurrentIndex(self.model.index(row))
