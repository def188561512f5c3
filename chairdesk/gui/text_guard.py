"""Every box the chair types in takes a paste the same way: cleaned of invisible control characters, and refused
in words when it would make the text too long, keeping what was in the box (chairdesk.typed_text says what and
why).

One-line boxes (``QLineEdit``) are guarded wherever they come from — the console's entry boxes, a dialog's form, an
editor Qt makes for a table cell — by :class:`TextGuard`, which gives every one a :class:`PasteValidator` as it is
first shown. A validator sees every change a line edit is asked to take (typing, Ctrl+V, the context menu's Paste,
a drop, a middle-click), and a change it refuses leaves the box as it was. Boxes with lines are
:class:`TextBox`, whose one way in for pasted or dropped text is ``insertFromMimeData``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QObject, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QTextCursor, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QSizePolicy,
    QToolTip,
    QWidget,
)

from chairdesk.typed_text import TEXT_LIMIT, clean_pasted, too_long

REFUSAL = "refusal"  # the property holding the last sentence a box refused a paste with


def refuse(editor: QWidget, sentence: str) -> None:
    """Tell the chair, beside the box and in the status bar, that what they pasted was not taken."""
    editor.setProperty(REFUSAL, sentence)
    window = editor.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(sentence, 20000)
    if editor.isVisible():
        QToolTip.showText(editor.mapToGlobal(editor.rect().bottomLeft()), sentence, editor, editor.rect(), 20000)


class PasteValidator(QValidator):
    """Cleans a one-line box's text as it arrives, and refuses a change that would make it too long."""

    refused = Signal(str)

    def __init__(self, parent: QLineEdit, limit: int = TEXT_LIMIT) -> None:
        super().__init__(parent)
        self.limit = limit

    def validate(self, text: str, position: int) -> object:  # Qt's (state, text, cursor position)
        cleaned = clean_pasted(text, multiline=False)
        if len(cleaned) > self.limit:
            self.refused.emit(too_long(self.limit))
            return QValidator.State.Invalid, text, position
        if cleaned != text:
            # The cursor stays after what was pasted: count what was removed before it.
            position = len(clean_pasted(text[:position], multiline=False))
        return QValidator.State.Acceptable, cleaned, position


def guard_line(editor: QLineEdit, limit: int = TEXT_LIMIT) -> None:
    """Give ``editor`` the paste validator (one more than ``limit`` as Qt's own cut-off, so a paste that is too
    long reaches the validator, which refuses it whole, instead of being cut short without a word)."""
    validator = PasteValidator(editor, limit)
    validator.refused.connect(lambda sentence: refuse(editor, sentence))
    editor.setMaxLength(limit + 1)
    editor.setValidator(validator)


class TextGuard(QObject):
    """Guards every one-line box of the application as it is first shown (see the module's description)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            event.type() == QEvent.Type.Polish
            and isinstance(watched, QLineEdit)
            and watched.validator() is None
            and not watched.isReadOnly()
            and not isinstance(watched.parent(), QAbstractSpinBox)  # dates and times check their own text
        ):
            guard_line(watched)
        return False


def install_text_guard(app: QApplication) -> None:
    """Guard every one-line box of ``app`` (once, however often it is called)."""
    # Its own children only: a search of every object under the application took a twentieth of a second of start-up.
    if app.findChild(TextGuard, "", Qt.FindChildOption.FindDirectChildrenOnly) is None:
        guard = TextGuard(app)
        app.installEventFilter(guard)


class TextBox(QPlainTextEdit):
    """A box with lines for the chair's typing: pasted and dropped text is cleaned, and refused in words when the
    box would then be too long (what was there is kept)."""

    multiline = True  # line breaks pasted in are kept (an EntryBox, one entry, turns them into spaces)

    def __init__(self, *args: object, limit: int = TEXT_LIMIT, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.limit = limit

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 (Qt's name)
        return source.hasText()

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt's name)
        if not source.hasText():
            return  # pictures and files are not text
        pasted = clean_pasted(source.text(), multiline=self.multiline)
        cursor = self.textCursor()
        length = len(self.toPlainText()) - len(cursor.selectedText()) + len(pasted)
        if length > self.limit:
            refuse(self, too_long(self.limit))
            return
        cursor.insertText(pasted)  # one undo step, as a paste is
        self.ensureCursorVisible()


class EntryBox(TextBox):
    """A box for one entry the chair types (an item for the board, a reason, a dissent, an action): the words wrap
    and the box grows with them, up to ``MAX_LINES`` lines, so the chair sees the whole of what they wrote, not
    only its end. Enter adds the entry (``returnPressed``); an entry has no line breaks of its own, so a pasted
    one becomes a space. Tab moves on. ``text()`` and ``setText()`` as a one-line box has them."""

    returnPressed = Signal()  # noqa: N815 (the name QLineEdit gives it)
    grew = Signal()  # its height changed with its words (a cell editor is placed again)
    MAX_LINES = 6

    multiline = False

    def __init__(self, placeholder: str = "", accessible: str = "", limit: int = TEXT_LIMIT) -> None:
        super().__init__(limit=limit)
        self.setPlaceholderText(placeholder)
        self.setAccessibleName(accessible)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit())
        self._fit()

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 (the name QLineEdit gives it)
        """Put ``text`` in the box with the cursor at its end (its own undo starts again: what was there before
        is not the chair's typing any more)."""
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.End)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        ):
            event.accept()
            self.returnPressed.emit()
            return
        super().keyPressEvent(event)

    def _lines(self) -> int:
        if not self.toPlainText() and self.placeholderText():
            # Empty: tall enough for the whole of its hint (what to type, and that Enter adds it), never cut.
            width = max(1, self.viewport().width() - 2 * int(self.document().documentMargin()))
            bounds = QRect(0, 0, width, 100_000)
            flags = int(Qt.TextFlag.TextWordWrap)
            height = self.fontMetrics().boundingRect(bounds, flags, self.placeholderText()).height()
            return max(1, -(-height // self.fontMetrics().lineSpacing()))
        return max(1, int(self.document().documentLayout().documentSize().height()))

    def _fit(self) -> None:
        """As tall as its lines (one at least, ``MAX_LINES`` at most; then it scrolls)."""
        lines = min(self._lines(), self.MAX_LINES)
        margins = self.contentsMargins()
        frame = 2 * int(self.document().documentMargin()) + margins.top() + margins.bottom()
        height = lines * self.fontMetrics().lineSpacing() + frame + 2
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)
            self.grew.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()
