"""Small pieces shared by the console's panels."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

# Long enough not to make an undo step per keystroke, short enough that what is typed is on disk within a second.
SETTLE_MS = 600


def when_text_settles(editor: QPlainTextEdit | QLineEdit, save: Callable[[str], None]) -> QTimer:
    """Call ``save(text)`` at most ``SETTLE_MS`` after a change, even while typing goes on: the first change
    starts the clock and later ones do not restart it, so a chair who never pauses still has it saved."""
    timer = QTimer(editor, singleShot=True, interval=SETTLE_MS)
    text = editor.toPlainText if isinstance(editor, QPlainTextEdit) else editor.text
    timer.timeout.connect(lambda: save(text()))
    signal = editor.textChanged if isinstance(editor, QPlainTextEdit) else editor.textEdited
    signal.connect(lambda *_: timer.isActive() or timer.start())
    return timer
