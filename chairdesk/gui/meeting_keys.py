"""The meeting's keys, wherever the focus is: F8 blanks the board even while a dialog is open, and Ctrl+Z is the
meeting's undo unless the box with the focus holds typing that is not yet in the meeting.

Qt lets a box that has its own undo claim Ctrl+Z before any shortcut sees it, so after Enter added an item the
entry box's own undo put the sentence back in the box — and on the board, as being typed — while the item
stayed. And a modal dialog (Exclude…, Someone at the door…, a message) blocks every shortcut of the console, the
blank key with them. One filter on the application settles both before Qt does:

- Undo and redo reach a box only while it holds unsaved typing: an entry box with text not yet added, a box that
  saves as it is typed whose save is still waiting, or a table cell being edited. Otherwise they are the meeting's.
- The blank key is taken wherever a press arrives that no shortcut took, which is exactly when a dialog or a menu
  is in front of the console.

And the mouse wheel never changes a value: scrolling a page with the pointer passing over a decision, a category,
a score, a date or a choice of who scrolled that choice instead and changed a child's decision without a word.
Over such a control the wheel scrolls the page it is on; a value is changed by choosing, typing or the arrow keys.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from chairdesk.gui.widgets import SETTLE_TIMER, ApplicationFilter

# Widgets that may claim Ctrl+Z for an undo of their own.
TEXT_EDITORS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox)
# Controls holding a value the wheel would change (a decision, a category, a score, a date, who, which child).
VALUE_CONTROLS = (QComboBox, QAbstractSpinBox)


def _scrolling_ancestor(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def holds_unsaved_typing(editor: QWidget) -> bool:
    """Whether ``editor`` holds typing that has not reached the meeting yet (its own undo is then the chair's)."""
    parent = editor.parentWidget()
    if isinstance(editor, QAbstractSpinBox) or isinstance(parent, QAbstractSpinBox):
        return False  # a score, a date or a time holds a value, not typing
    if isinstance(editor, QComboBox):
        line = editor.lineEdit()  # a choice with room to type (who does a plan action)
        return line is not None and bool(line.text())
    if parent is not None and isinstance(parent.parentWidget(), QAbstractItemView):
        return True  # a table cell or list item being edited: nothing is saved until it is committed
    timer = editor.findChild(QTimer, SETTLE_TIMER, Qt.FindChildOption.FindDirectChildrenOnly)
    if timer is not None:
        return timer.isActive()  # a box saved as it is typed: unsaved only until its save comes
    text = editor.toPlainText() if isinstance(editor, (QPlainTextEdit, QTextEdit)) else editor.text()
    return bool(text)  # an entry box: its text is not in the meeting until it is added


def _matches(event: QKeyEvent, sequences: list[QKeySequence]) -> bool:
    pressed = QKeySequence(event.keyCombination())
    return any(pressed.matches(s) == QKeySequence.SequenceMatch.ExactMatch for s in sequences)


class MeetingKeys(ApplicationFilter):
    """Installed on the application by the console (see the module's description)."""

    def __init__(self, console: QMainWindow) -> None:
        super().__init__(console)
        self.console = console

    def _in_console(self, widget: QObject) -> bool:
        """Part of the console itself (a dock floating on its own included), not a dialog in front of it."""
        while isinstance(widget, QWidget):
            if isinstance(widget, QDialog):
                return False
            if widget is self.console:
                return True
            widget = widget.parentWidget()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.Wheel and isinstance(watched, VALUE_CONTROLS):
            if isinstance(watched, QComboBox) and watched.view().isVisible():
                return False  # its list is open: the wheel moves through the list, choosing nothing
            area = _scrolling_ancestor(watched)
            if area is not None:
                QApplication.sendEvent(area.verticalScrollBar(), event)
            return True
        if kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            blank = self.console.blank_action  # type: ignore[attr-defined]
            if not event.isAutoRepeat() and self.console.isVisible() and _matches(event, blank.shortcuts()):
                self.console.toggle_blank()  # type: ignore[attr-defined]
                return True
        elif kind == QEvent.Type.ShortcutOverride and isinstance(watched, TEXT_EDITORS):
            assert isinstance(event, QKeyEvent)
            undo = self.console.undo_action.shortcuts() + self.console.redo_action.shortcuts()  # type: ignore
            if _matches(event, undo) and self._in_console(watched) and not holds_unsaved_typing(watched):
                return True  # the box does not claim the key, so the meeting's undo or redo has it
        return False
