"""'Who gets the outputs', driven from the keyboard through the real widgets: reached from the chair's review that
Produce outputs opens, each reader with what they get and why, a tick changed with Space (an undoable edit of the
meeting), and the documents then made follow it (RULES.md §5)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from console_app import open_console
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from chairdesk.documents import DocumentSettings, render_documents
from chairdesk.gui.app import App
from chairdesk.gui.distribution_dialog import DistributionDialog
from chairdesk.gui.review import OutputsReview

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def console(qtbot: Any, db_path: Path, demo_data: dict[str, Any]) -> Iterator[App]:
    running = open_console(qtbot, db_path, demo_data)
    yield running
    running.controller.close()


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key, modifier)


def rows(dialog: DistributionDialog) -> list[str]:
    return [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]


def test_the_chair_sees_and_changes_who_gets_the_outputs_from_the_keyboard(console: App, qtbot: Any) -> None:
    app = console
    app.console.activateWindow()
    qtbot.keyClick(app.console, Qt.Key.Key_P, CTRL_SHIFT)  # Produce outputs: the chair's review first
    review = app.console.review
    assert isinstance(review, OutputsReview) and review.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is review.readers)
    # The review's "Who gets the outputs…" button, by its key.
    qtbot.keyClick(review, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(app.console.distribution, DistributionDialog))
    dialog = app.console.distribution
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isVisible() and QApplication.focusWidget() is dialog.table)
    names = rows(dialog)
    assert names[:2] == ["Alex Morgan (chair)", "Priya Shah (social worker)"]
    assert "Mia (child)" in names and not any("Baby" in n for n in names)  # an unborn child gets no letter
    priya = names.index("Priya Shah (social worker)")
    assert "decision letter" in dialog.table.item(priya, 1).text()
    assert dialog.table.item(0, 2).flags() & Qt.ItemFlag.ItemIsUserCheckable == Qt.ItemFlag.NoItemFlags  # the chair

    # Down to Priya's letter, Space: she gets none now.
    dialog.table.setCurrentCell(0, 2)
    for _ in range(priya):
        press(qtbot, Qt.Key.Key_Down)
    assert dialog.table.currentRow() == priya and dialog.table.currentColumn() == 2
    press(qtbot, Qt.Key.Key_Space)
    assert app.controller.conference.participant("sw").letter is False
    assert dialog.table.item(priya, 2).text() == "No"
    # Mia: her own letter, and (one to the right) a copy of the record.
    mia = names.index("Mia (child)")
    for _ in range(mia - priya):
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Space)
    child = app.controller.conference.child("mia")
    assert child is not None and child.letter and child.record_copy
    assert "A letter of their own" in dialog.table.item(mia, 1).text()
    assert app.controller.meeting.undo_text == "a copy of the record for Mia"

    made = {d.filename for d in render_documents(app.controller.conference, DocumentSettings()).documents}
    assert not any("priya-shah" in name for name in made)
    assert any("letter-for-mia" in name for name in made) and any("record-copy-for-mia" in name for name in made)

    # Undo takes back the last choice; the list reads the meeting afresh.
    app.controller.meeting.undo()
    dialog.refresh()
    assert app.controller.conference.child("mia").record_copy is False  # type: ignore[union-attr]
    assert dialog.table.item(mia, 3).text() == "No"
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert review.isVisible()
    # The review's readers now include Mia's letter.
    review.refresh()
    assert any("mia" in review.readers.item(i).text().casefold() for i in range(review.readers.count()))


def test_the_rows_are_sized_once_from_the_start_and_nothing_moves_under_the_mouse(console: App, qtbot: Any) -> None:
    app = console
    app.console.open_distribution()
    qtbot.waitUntil(lambda: isinstance(app.console.distribution, DistributionDialog))
    dialog = app.console.distribution
    qtbot.waitUntil(dialog.isVisible)
    table = dialog.table

    def places() -> list[tuple[int, int]]:
        return [(table.rowViewportPosition(r), table.rowHeight(r)) for r in range(table.rowCount())]

    opened = places()
    line = table.fontMetrics().lineSpacing()
    assert all(height <= 3 * line + 12 for _y, height in opened), (opened, line)  # a row is a line or two
    row = next(r for r in range(table.rowCount()) if table.item(r, 2).flags() & Qt.ItemFlag.ItemIsUserCheckable)
    dialog.toggle(row, 2)  # the first tick
    assert places() == opened  # nothing moved under the mouse
    dialog.toggle(row, 2)
    assert places() == opened
    dialog.reject()
