"""Qt Designer forms from ``ui/``, loaded at run time."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from chairdesk.gui.text_guard import TextBox
from chairdesk.paths import ui_form


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """A new widget built from ``ui/<name>``."""
    data = QByteArray(ui_form(name).read_bytes())
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    loader = QUiLoader()
    loader.registerCustomWidget(TextBox)  # the forms' boxes with lines take a paste as every other box does
    widget = loader.load(buffer, parent)
    buffer.close()
    if widget is None:
        raise RuntimeError(f"the form {name} could not be loaded")
    return widget
