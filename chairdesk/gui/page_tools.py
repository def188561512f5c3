"""Small pieces the scaling, plan and decision pages share: telling the chair what went wrong, choosing a person
or a child, and a date that may be "not set"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QWidget,
)

from chairdesk.changes import Change, Part
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.kept_text import Context, KeptText
from chairdesk.gui.text_guard import EntryBox
from chairdesk.meeting import CELL_BOX, Meeting
from chairdesk.model import Child, Conference, Participant
from chairdesk.words import capitalise, child_short

Index = QModelIndex | QPersistentModelIndex
ALL_CHILDREN = "All the children"


def follow(model: QAbstractItemModel, controller: MeetingController, changes: Part) -> None:
    """Redraw ``model`` from the conference on each change to any of ``changes``. When it has the same rows and
    columns as before, or when the change is the model's own (it saved what its editor typed: the change's
    initiator, see :func:`editing`), only its cells and headings repaint: a reset would close a cell the chair is
    typing in and lose what they typed (another box saving itself a moment later, or the register, changes the
    conference under it). Only someone else's change in the number of rows or columns resets it."""

    def shape() -> tuple[int, int]:
        rows = model.rowCount(QModelIndex())
        return rows, 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())

    known = [shape()]

    def changed(change: Change) -> None:
        if not change.touches(changes):
            return
        rows, columns = now = shape()
        if change.initiator is model or now == known[0]:
            if rows and columns:
                model.dataChanged.emit(model.index(0, 0), model.index(rows - 1, columns - 1))
                model.headerDataChanged.emit(Qt.Orientation.Vertical, 0, rows - 1)
                model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
        else:
            model.beginResetModel()
            model.endResetModel()
        known[0] = now

    controller.changed.connect(changed)


class ColumnsModel(QAbstractTableModel):
    """A table of ``rows()`` (read from the conference each time) under the headings ``COLUMNS``."""

    COLUMNS: tuple[str, ...] = ()

    def rows(self) -> list[Any]:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's name and default)
        return 0 if parent.isValid() else len(self.rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None


def tell(widget: QWidget, message: str, ms: int = 8000) -> None:
    """Show a plain sentence in the window's status bar (the console's), where the chair looks for them."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, ms)


def person_label(person: Participant) -> str:
    """``Priya Shah (social worker)``."""
    return f"{person.name} ({person.role_name})"


def who_label(conference: Conference, who: str) -> str:
    """A plan action's ``who``: a participant's name, or the free text as typed."""
    person = conference.participant(who)
    return person.name if person else who


def short_name(child: Child) -> str:
    """The child in a narrow place: ``Mia``, ``The baby`` (the full name, with the due date, goes in tooltips)."""
    return capitalise(child_short(child))


def child_choices(conference: Conference, all_children: bool = True) -> list[tuple[str, str | None]]:
    """The subject children (and, first, "All the children" as None) for a child combo box."""
    choices: list[tuple[str, str | None]] = [(ALL_CHILDREN, None)] if all_children else []
    return choices + [(short_name(c), c.id) for c in conference.subject_children]


def fill_combo(combo: QComboBox, choices: Iterable[tuple[str, Any]], keep: bool = True) -> None:
    """Replace a combo box's choices without emitting a change, keeping the chosen value where it still exists."""
    current = combo.currentData() if keep else None
    combo.blockSignals(True)
    combo.clear()
    for text, data in choices:
        combo.addItem(text, data)
    found = combo.findData(current)
    combo.setCurrentIndex(found if found >= 0 else (0 if combo.count() else -1))
    combo.blockSignals(False)


def compact(combo: QComboBox, characters: int = 16) -> QComboBox:
    """Keep a combo box narrow (its list still shows the whole of each choice), so pages fit beside the docks."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    return combo


def choose(combo: QComboBox, data: Any) -> None:
    """Show ``data`` as chosen, without emitting a change."""
    combo.blockSignals(True)
    combo.setCurrentIndex(max(combo.findData(data), 0))
    combo.blockSignals(False)


def typing_makes(keys: QKeySequence) -> bool:
    """Whether typing could press ``keys``: a letter, digit, space or mark, or Backspace, Tab or Enter, with no
    Ctrl, Alt or Meta. Such a key must never change the conference (issue 8: "Lily is" marked a child as left)."""
    for i in range(keys.count()):
        combination = keys[i]
        held = (
            combination.keyboardModifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier
        )
        key = combination.key()
        typed = (Qt.Key.Key_Backspace, Qt.Key.Key_Tab, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if held == Qt.KeyboardModifier.NoModifier and (key in typed or 0x20 <= key.value <= 0xFF):
            return True
    return False


def on_keys(view: QWidget, bindings: Iterable[tuple[Any, Callable[[], object]]]) -> None:
    """Keys that act on the selected row of ``view`` while it has the focus: never a key typing makes."""
    for keys, slot in bindings:
        sequence = QKeySequence(keys)
        if typing_makes(sequence):
            raise ValueError(f"{sequence.toString()} is typed in sentences, so it cannot be a key that acts")
        QShortcut(sequence, view, activated=slot, context=Qt.ShortcutContext.WidgetShortcut)


def enter_adds(slot: Callable[[], object], *widgets: QWidget) -> None:
    """Enter in any part of an entry row (a choice of who or which child, a date) adds the entry, as Enter in its
    words does: the chair never has to go back to the words box to add it."""
    for widget in widgets:
        for key in ("Return", "Enter"):
            shortcut = QShortcut(
                QKeySequence(key), widget, activated=slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
            shortcut.setObjectName(ENTER_ADDS)


ENTER_ADDS = "enter-adds"  # the one key typing makes that acts: Enter, adding what was typed in its own row


def selected_row(view: QAbstractItemView) -> int | None:
    index = view.currentIndex()
    return index.row() if index.isValid() else None


class OptionalDateEdit(QWidget):
    """A date that may be "not set": tick the box to set it, then type or pick the date.

    ``edited`` is emitted when the chair ticks or unticks the box or finishes typing a date (Enter or leaving
    the field), never when :meth:`set_value` shows a date from the conference.
    """

    edited = Signal()

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.set_box = QCheckBox("Set")
        self.set_box.setToolTip(f"Ticked: {what} is set. Unticked: not set yet.")
        self.set_box.setAccessibleName(f"{what}: set")
        self.date_edit = QDateEdit(calendarPopup=True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setAccessibleName(what)
        self.date_edit.setToolTip(f"{what}: type the date as day/month/year, or press Alt+Down for a calendar")
        self.date_edit.setMinimumWidth(120)
        row.addWidget(self.set_box)
        row.addWidget(self.date_edit)
        row.addStretch(1)
        self._shown: dt.date | None = None
        self.set_box.clicked.connect(self._ticked)
        self.date_edit.editingFinished.connect(self._finished)
        self.date_edit.calendarWidget().clicked.connect(lambda _day: self._finished())

    def value(self) -> dt.date | None:
        return self.date_edit.date().toPython() if self.set_box.isChecked() else None

    def set_value(self, day: dt.date | None, fallback: dt.date | None = None) -> None:
        """Show ``day`` (or, when not set, ``fallback`` greyed out for when the box is ticked)."""
        self._shown = day
        self.set_box.setChecked(day is not None)
        shown = day or fallback
        if shown is not None:
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(QDate(shown.year, shown.month, shown.day))
            self.date_edit.blockSignals(False)
        self.date_edit.setEnabled(day is not None)

    def _ticked(self) -> None:
        self.date_edit.setEnabled(self.set_box.isChecked())
        self._finished()

    def _finished(self) -> None:
        if self.value() != self._shown:
            self._shown = self.value()
            self.edited.emit()


class WordsDelegate(QStyledItemDelegate):
    """Edits the chair's words in a cell (an item, a view's reason, a score's reason, an action) in an
    :class:`EntryBox`, which wraps and grows so the whole of it is in view: Enter keeps it, Escape leaves it as it
    was, Tab keeps it and moves on."""

    def __init__(self, parent: QWidget | None = None, meeting: Meeting | None = None) -> None:
        super().__init__(parent)
        self.meeting = meeting  # told what is typed in the cell, so who was out while it was typed is kept with it

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        box = EntryBox(accessible=str(index.data(Qt.ItemDataRole.AccessibleTextRole) or "Edit the words"))
        box.setParent(parent)
        box.setProperty("typed", False)
        box.textChanged.connect(lambda: box.property("filling") or box.setProperty("typed", True))
        if self.meeting is not None:
            meeting = self.meeting
            meeting.typing(CELL_BOX, "")  # a new cell: what was typed in another is not this one's
            box.textChanged.connect(lambda: meeting.typing(CELL_BOX, box.text()))
            box.destroyed.connect(lambda: meeting.typing(CELL_BOX, ""))  # kept or left: nothing waits in it now

        def keep() -> None:
            self.commitData.emit(box)
            self.closeEditor.emit(box, QAbstractItemDelegate.EndEditHint.NoHint)

        box.returnPressed.connect(keep)
        box.grew.connect(lambda: self._place(box))
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        if isinstance(editor, EntryBox):
            text = str(index.data(Qt.ItemDataRole.EditRole) or "")
            if editor.property("typed") or editor.text() == text:
                return  # the conference changed under the cell: what the chair is typing is never rewritten
            editor.setProperty("filling", True)
            editor.setText(text)
            editor.setProperty("filling", False)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        if isinstance(editor, EntryBox):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        """Over the cell, as wide as it and as tall as its words (at least the cell's height)."""
        if isinstance(editor, EntryBox):
            editor.setProperty("cell", option.rect)
            editor.setGeometry(option.rect)  # as wide as the cell first, so its words can wrap to their lines
            self._place(editor)
        else:
            super().updateEditorGeometry(editor, option, index)

    @staticmethod
    def _place(box: EntryBox) -> None:
        """Over its cell, as tall as its words: moved up rather than cut off at the bottom of the view, and a page
        that scrolls (the decision page on a laptop) brings it into view."""
        cell = box.property("cell")
        if not isinstance(cell, QRect):
            return
        height = max(cell.height(), box.height())
        room = box.parentWidget().height() if box.parentWidget() else height
        top = max(0, min(cell.y(), room - height))
        box.setGeometry(cell.x(), top, cell.width(), min(height, room))
        scroller = box.parentWidget()
        while scroller is not None and not isinstance(scroller, QScrollArea):
            scroller = scroller.parentWidget()
        if scroller is not None:
            scroller.ensureWidgetVisible(box, 0, 0)


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell with a combo box of ``(text, data)`` choices; ``free_text`` also takes anything typed."""

    def __init__(self, choices: Callable[[], list[tuple[str, Any]]], free_text: bool = False) -> None:
        super().__init__()
        self.choices = choices
        self.free_text = free_text

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        combo = QComboBox(parent, editable=self.free_text)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for text, data in self.choices():
            combo.addItem(text, data)
        combo.setAccessibleName(str(index.model().headerData(index.column(), Qt.Orientation.Horizontal)))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        found = editor.findData(value)
        if found >= 0:
            editor.setCurrentIndex(found)
        elif self.free_text:
            editor.setEditText(str(value or ""))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        value = editor.currentData()
        if self.free_text and editor.currentText() != editor.itemText(editor.currentIndex()):
            value = editor.currentText()
        model.setData(index, value, Qt.ItemDataRole.EditRole)


def entry_line(
    controller: MeetingController,
    key: str,
    placeholder: str,
    accessible: str,
    saved: Callable[[], str] | None = None,
    context: Context | None = None,
) -> tuple[EntryBox, KeptText]:
    """An entry box for typed content that wraps and grows so the whole of it is in view, with no silent cut-off
    (a paste too long is refused in words), its typing told to the meeting as typing in the box ``key`` (the
    meeting's name for it) and kept on disk under that name with its marks and with what it belongs to
    (``context``: who, which child). ``saved``: what the meeting holds for the box, for a box that
    saves into the meeting as it is typed (that text is not typing waiting to be kept)."""
    box = EntryBox(placeholder, accessible)
    return box, KeptText(controller, box, key, saved=saved, context=context)


def deletable_list(accessible: str, what: str, delete: Callable[[], object]) -> QListWidget:
    """A word-wrapped list whose chosen entry Delete removes (not Backspace, which typing presses)."""
    view = QListWidget()
    view.setWordWrap(True)
    view.setAccessibleName(accessible)
    view.setToolTip(f"Delete removes the chosen {what}")
    on_keys(view, [("Delete", delete)])
    return view


def choose_again(table: QTableWidget, row: int) -> None:
    """Make ``row`` the current row of ``table`` (-1: none) without it counting as a choice (a form whose unsaved
    typing kept the chair on a row, or a save that chose the row it saved)."""
    table.blockSignals(True)
    try:
        table.setCurrentCell(row, 0)
        if row < 0:
            table.clearSelection()
    finally:
        table.blockSignals(False)
