"""The board draws every name: an emoji, a Welsh, Polish or Arabic letter is drawn in the board's own font or the
fonts ChairDesk ships (resources/fonts, added when the app starts), never the missing-glyph box."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from chairdesk.gui.app import App

NOWHERE = "\U0010fffd"  # a private-use letter no font has: what the box looks like


def _drawn(text: str, font: QFont) -> QImage:
    image = QImage(96, 96, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(QRect(0, 0, 96, 96), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


@pytest.mark.parametrize("letter", ["🌈", "ŵ", "ł", "ع"])
def test_the_boards_font_draws_the_letter_not_the_missing_glyph_box(app: App, qtbot: Any, letter: str) -> None:
    font = QFont(app.board.font())
    font.setPixelSize(48)
    box = _drawn(NOWHERE, font)
    drawn = _drawn(letter, font)
    assert drawn != _drawn(" ", font), f"{letter!r} draws nothing"
    assert drawn != box, f"{letter!r} is drawn as the missing-glyph box"
