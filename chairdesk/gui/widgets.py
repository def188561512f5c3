"""Small pieces shared by the console's panels."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from chairdesk.meeting import Meeting

# Long enough not to make an undo step per keystroke, short enough that what is typed is on disk within a second.
SETTLE_MS = 600
SETTLE_TIMER = "settleTimer"  # the name each such timer carries, so a window can find its own
_SHOWING_SAVED = "showingSaved"  # set on a box's timer while show_saved_text puts the meeting's text in the box


def when_text_settles(
    editor: QPlainTextEdit | QLineEdit, save: Callable[[str], None], meeting: Meeting, box: str
) -> QTimer:
    """Call ``save(text)`` at most ``SETTLE_MS`` after a change, even while typing goes on: the first change
    starts the clock and later ones do not restart it, so a chair who never pauses still has it saved. Each change
    reaches the meeting at once as typing in ``box`` (see ``Meeting.typing``), so what is typed while a family
    member is out is held back from them even when its save lands after they come back."""
    timer = QTimer(editor, singleShot=True, interval=SETTLE_MS, objectName=SETTLE_TIMER)
    text = editor.toPlainText if isinstance(editor, QPlainTextEdit) else editor.text
    timer.timeout.connect(lambda: save(text()))
    signal = editor.textChanged if isinstance(editor, QPlainTextEdit) else editor.textEdited

    def changed(*_args: object) -> None:
        if timer.property(_SHOWING_SAVED):
            meeting.typing(box, "")  # what the meeting holds, with its marks: nothing in the box is waiting
            return
        meeting.typing(box, text())
        if not timer.isActive():
            timer.start()

    signal.connect(changed)
    return timer


def show_saved_text(editor: QPlainTextEdit | QLineEdit, text: str, settle: QTimer, undo_or_redo: bool) -> None:
    """Put in a box saved as it is typed what the meeting now holds for it, never rewriting the chair's typing:
    not while its save is waiting, not when it differs only by the spaces a save trims, and, unless an undo or a
    redo changed it, not while the chair is in the box. Putting it there starts no save of its own."""
    plain = isinstance(editor, QPlainTextEdit)
    current = editor.toPlainText() if plain else editor.text()
    if settle.isActive() or current.strip() == text.strip() or (editor.hasFocus() and not undo_or_redo):
        return
    settle.setProperty(_SHOWING_SAVED, True)  # what the meeting holds is not new typing
    try:
        if plain:
            editor.setPlainText(text)
            editor.moveCursor(QTextCursor.MoveOperation.End)
        else:
            editor.setText(text)
            editor.setCursorPosition(len(text) if editor.hasFocus() else 0)  # not in it: the start is what shows
    finally:
        settle.setProperty(_SHOWING_SAVED, False)
    settle.stop()


def save_pending_text(window: QWidget) -> None:
    """Save at once what is still waiting in ``window`` (when the window closes, before documents are made): a
    cell being edited is kept, as leaving it would keep it, and a box's text waiting for its timer is saved."""
    focused = QApplication.focusWidget()
    viewport = focused.parentWidget() if focused is not None else None
    view = viewport.parentWidget() if viewport is not None else None
    if isinstance(view, QAbstractItemView) and window.isAncestorOf(view) and view.state() == view.State.EditingState:
        delegate = view.itemDelegateForIndex(view.currentIndex())
        delegate.commitData.emit(focused)
        delegate.closeEditor.emit(focused, QAbstractItemDelegate.EndEditHint.NoHint)
    for timer in window.findChildren(QTimer, SETTLE_TIMER):
        if timer.isActive():
            timer.stop()
            timer.timeout.emit()


class ApplicationFilter(QObject):
    """An event filter on the whole application, for as long as the window that owns it (``owner``) is open:
    installed when made, taken off by :meth:`remove` when the window closes."""

    def __init__(self, owner: QObject) -> None:
        super().__init__(owner)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.installed = True

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.installed = False
