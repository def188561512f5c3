"""Small pieces shared by the console's panels."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

# Long enough not to make an undo step per keystroke, short enough that what is typed is on disk within a second.
SETTLE_MS = 600


def when_text_settles(editor: QPlainTextEdit | QLineEdit, save: Callable[[str], None]) -> QTimer:
    """Call ``save(text)`` once typing in ``editor`` pauses, and when it loses focus."""
    timer = QTimer(editor, singleShot=True, interval=SETTLE_MS)
    text = editor.toPlainText if isinstance(editor, QPlainTextEdit) else editor.text
    timer.timeout.connect(lambda: save(text()))
    signal = editor.textChanged if isinstance(editor, QPlainTextEdit) else editor.textEdited
    signal.connect(timer.start)
    return timer
