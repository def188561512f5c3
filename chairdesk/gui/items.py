"""Editing a board list (danger statements, working well, worries, safety goals, key points) from the keyboard.

Type and press Enter to add; what is typed shows on the board as it is typed unless "Confidential" is ticked
or a family member is out of the room. F2 edits the selected item, Delete removes it, Ctrl+Up/Down moves it,
Ctrl+H (or the right-click menu) marks it confidential with the reason, or not. The list shows plainly which items
the room cannot see and why; under the entry box a sentence says at once when the words would give a withheld
address away. Ctrl+H in the entry box ticks "Confidential" and goes to the reason: its number chooses it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, QTimer, Signal
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

from chairdesk.audience import confidential_words
from chairdesk.changes import Part
from chairdesk.errors import InvalidConference
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.kept_text import KeptText
from chairdesk.gui.marking import (
    CONFIDENTIAL_KEY,
    MARKED_BRUSH,
    ReasonChoice,
    TypingFlags,
    ask_confidential,
    attach_marking,
    gives_away_words,
)
from chairdesk.gui.page_tools import Index, WordsDelegate, compact, editing, follow, tell
from chairdesk.gui.text_guard import EntryBox
from chairdesk.meeting import LIST_TITLES
from chairdesk.model import Item

HiddenRole = Qt.ItemDataRole.UserRole + 1  # True when the room cannot see the item
WhyHiddenRole = Qt.ItemDataRole.UserRole + 2  # the reason, in words


class BoardItemsModel(QAbstractListModel):
    """The items of one board list, with whether (and why) each is hidden from the room."""

    refused = Signal(str)  # an edit the meeting would not take, as a sentence

    def __init__(self, controller: MeetingController, list_name: str) -> None:
        super().__init__()
        self.controller = controller
        self.list_name = list_name
        follow(self, controller, Part.BOARD | Part.DISCUSSION | Part.ATTENDANCE)

    def items(self) -> list[Item]:
        return getattr(self.controller.conference, self.list_name)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's name and default)
        return 0 if parent.isValid() else len(self.items())

    def why_hidden(self, item: Item) -> str:
        conference = self.controller.conference
        why = []
        if item.confidential:
            why.append(f"confidential ({confidential_words(item)})")
        out = conference.excluded_people_when_typed(item)
        if out:
            names = " and ".join(p.name for p in out)
            why.append(f"typed while {names} {'was' if len(out) == 1 else 'were'} out of the room")
        address = gives_away_words(conference, item.text)
        if address:
            why.append(address[:1].lower() + address[1:])
        return "; ".join(why)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.items()):
            return None
        item = self.items()[index.row()]
        why = self.why_hidden(item)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"[Hidden from the room: {why}]  {item.text}" if why else item.text
        if role == Qt.ItemDataRole.EditRole:
            return item.text
        if role == HiddenRole:
            return bool(why)
        if role == WhyHiddenRole:
            return why
        if role == Qt.ItemDataRole.ToolTipRole:
            stamp = f"Typed at {item.entered_at:%H:%M:%S}" if item.entered_at else ""
            if item.recording_offset is not None:
                minutes, seconds = divmod(int(item.recording_offset), 60)
                stamp += f", {minutes}:{seconds:02d} into the recording"
            return "\n".join(x for x in (stamp, f"Not on the board: {why}" if why else "On the board") if x)
        if role == Qt.ItemDataRole.BackgroundRole and why:
            return MARKED_BRUSH if item.confidential else QBrush(QColor("#fff1c2"))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return f"Hidden from the room: {why}" if why else "Shown on the board"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        try:
            # As the list's own edit: its rows repaint rather than rebuild under the editor still committing.
            editing(
                self,
                self.controller.meeting,
                lambda: self.controller.meeting.edit_item(self.list_name, index.row(), str(value)),
            )
        except InvalidConference as error:
            self.refused.emit(str(error))
            return False
        return True


class ItemListEditor(QWidget):
    """One board list: the items, and a line to type the next one."""

    def __init__(self, controller: MeetingController, list_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.list_name = list_name
        title = LIST_TITLES[list_name]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(f"<b>{title}</b>")
        layout.addWidget(heading)
        self.model = BoardItemsModel(controller, list_name)
        self.model.refused.connect(lambda sentence: tell(self, sentence))
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
        self.on_board = list_name != "discussion"  # the record of the discussion is never projected
        where = "the board" if self.on_board else "the record (not the board)"
        # It wraps and grows as it is typed; a paste is cleaned, and one too long is refused in words.
        self.entry = EntryBox(f"Type for {where}, Enter to add to {title.lower()}", f"New item for {title.lower()}")
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
        attach_marking(self.view, controller, lambda index: f"{list_name}[{index.row()}]", "Choose an item first.")

    def _typed(self) -> None:
        # Every keystroke: the board shows it (unless hidden) and the writer keeps it, so a crash loses nothing.
        # Anyone out of the room while any of this was typed: it stays off the board after they come back.
        if not self.on_board:
            return
        self.controller.set_draft(
            self.list_name,
            self.entry.text(),
            self.confidential.isChecked(),
            typed_while_out=bool(self.controller.meeting.typed_while_out_in(self.list_name)),
        )

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
        text = self.entry.text()
        if not text.strip():
            return
        confidential = self.confidential.isChecked()
        reason = self.reason.currentData() if confidential else None
        try:
            self.controller.meeting.add_item(
                self.list_name,
                text,
                confidential=confidential,
                # "Another reason" needs the chair's words: asked for as soon as the item is in.
                reason=None if reason == "other" else reason,
            )
        except InvalidConference as error:
            self.window().statusBar().showMessage(str(error), 8000)
            return
        self.entry.setText("")  # not clear(): the box's own undo must not bring back what is now an item
        self.confidential.setChecked(False)
        self.view.scrollToBottom()
        if reason == "other":
            ref = f"{self.list_name}[{self.model.rowCount() - 1}]"
            # Once the Enter that added it is over (the box still has the key): the words for "another reason".
            QTimer.singleShot(0, self, lambda: ask_confidential(self.entry, self.controller, ref, "", preset="other"))

    def _selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def delete_selected(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.controller.meeting.delete_item(self.list_name, row)
            self._select(min(row, self.model.rowCount() - 1))

    def move_selected(self, step: int) -> None:
        row = self._selected_row()
        if row is None:
            return
        self.controller.meeting.move_item(self.list_name, row, row + step)
        self._select(min(max(row + step, 0), self.model.rowCount() - 1))

    def _select(self, row: int) -> None:
        """Keep the moved or changed item selected now the list has been rebuilt."""
        self.view.setCurrentIndex(self.model.index(row))
