"""Controls that cannot misfire in front of a family (issue 8, and what a chair's walk-through found after it):
the mouse wheel never changes a value, the toolbar keeps its buttons, moving to a stage puts the cursor where the
chair can see it, a hint is never cut, a refusal is a sentence. Through the real console (offscreen)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QScrollArea,
    QToolButton,
    QWidget,
)

from chairdesk import conference_file
from chairdesk.gui.app import App
from chairdesk.gui.text_guard import EntryBox

ALT = Qt.KeyboardModifier.AltModifier


def wheel(widget: QWidget, clicks: int) -> None:
    """Turn the mouse wheel ``clicks`` notches over the middle of ``widget`` (negative: towards the chair)."""
    middle = QPointF(widget.rect().center())
    for _ in range(abs(clicks)):
        event = QWheelEvent(
            middle,
            QPointF(widget.mapToGlobal(middle.toPoint())),
            QPoint(0, 0),
            QPoint(0, -120 if clicks < 0 else 120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, event)


def test_the_mouse_wheel_over_a_decision_a_score_or_a_date_scrolls_the_page_and_changes_nothing(
    app: App, qtbot: Any
) -> None:
    before = conference_file.to_json(app.controller.conference)
    undo = app.controller.meeting.undo_text
    turned = 0
    for number, stage in ((6, "scaling"), (7, "plan"), (8, "decision")):
        qtbot.keyClick(app.console, getattr(Qt.Key, f"Key_{number}"), ALT)
        page = app.console.page_of[stage]
        for control in page.findChildren(QWidget):
            if not isinstance(control, QComboBox | QAbstractSpinBox) or not control.isVisible():
                continue
            shown = control.currentText() if isinstance(control, QComboBox) else control.text()
            wheel(control, -10)
            wheel(control, 3)
            now = control.currentText() if isinstance(control, QComboBox) else control.text()
            assert now == shown, f"the wheel changed {control.accessibleName() or type(control).__name__}"
            turned += 1
    assert turned >= 15  # four decisions and categories, the plan's choices and dates, the score and who
    assert conference_file.to_json(app.controller.conference) == before
    assert app.controller.meeting.undo_text == undo


def test_the_wheel_over_a_choice_still_scrolls_the_page_it_is_on(app: App, qtbot: Any) -> None:
    qtbot.keyClick(app.console, Qt.Key.Key_8, ALT)
    page = app.console.page_of["decision"]
    area = page.decisions[0].outcome.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    assert area is not None and area.verticalScrollBar().maximum() > 0  # four children: the page scrolls
    bar = area.verticalScrollBar()
    bar.setValue(0)
    wheel(page.decisions[0].outcome, -3)
    assert bar.value() > 0


def test_the_toolbar_keeps_produce_outputs_in_view_whatever_undo_says(app: App, qtbot: Any) -> None:
    qtbot.keyClick(app.console, Qt.Key.Key_8, ALT)
    row = app.console.page_of["decision"].decisions[-1]
    row.outcome.setCurrentIndex(row.outcome.count() - 1)
    row.outcome.activated.emit(row.outcome.currentIndex())  # a decision recorded: "Undo record a decision"
    assert app.controller.meeting.undo_text == "record a decision"
    tools = app.console.findChild(QWidget, "meetingToolbar")
    buttons = {b.text(): b for b in tools.findChildren(QToolButton) if b.isVisible()}
    for words in ("Blank the board (F8)", "Undo", "Redo", "Produce outputs"):
        assert words in buttons, sorted(buttons)
    assert "record a decision" in app.console.undo_action.toolTip()


def test_a_stage_key_puts_the_cursor_in_its_entry_in_view_even_at_the_stage_the_meeting_is_at(
    app: App, qtbot: Any
) -> None:
    qtbot.keyClick(app.console, Qt.Key.Key_8, ALT)
    entry = QApplication.focusWidget()
    assert entry is app.console.page_of["decision"].decisions[0].reason  # the first child's reason, not the dissent
    assert not entry.visibleRegion().isEmpty()  # scrolled into view on a page that scrolls
    app.console.register.table.setFocus()
    qtbot.keyClick(app.console, Qt.Key.Key_8, ALT)  # the stage it is already at: back to its entry
    assert QApplication.focusWidget() is entry


def test_an_empty_entry_box_shows_the_whole_of_its_hint(app: App, qtbot: Any) -> None:
    qtbot.keyClick(app.console, Qt.Key.Key_3, ALT)
    app.console.resize(1366, 728)
    qtbot.wait(50)
    for box in app.console.page_of["views"].findChildren(EntryBox):
        lines = box.fontMetrics().boundingRect(
            0, 0, box.viewport().width() - 8, 10_000, int(Qt.TextFlag.TextWordWrap), box.placeholderText()
        )
        assert box.viewport().height() >= lines.height(), box.accessibleName()


def test_adding_an_action_without_who_says_what_to_do_in_words(app: App, qtbot: Any) -> None:
    qtbot.keyClick(app.console, Qt.Key.Key_7, ALT)
    plan = app.console.page_of["plan"]
    qtbot.keyClicks(plan.what, "Book the next core group")
    plan.action_child.setFocus()
    qtbot.keyClick(plan.action_child, Qt.Key.Key_Return)
    said = app.console.statusBar().currentMessage()
    assert said == "Choose or type who will do it first."
    assert plan.what.text() == "Book the next core group"  # kept, to add once who is said


def test_no_two_alt_keys_in_view_at_any_stage_are_the_same(app: App, qtbot: Any) -> None:
    """Two controls with the same Alt+letter make Qt move the focus between them instead of acting."""
    for number in range(1, 9):
        qtbot.keyClick(app.console, getattr(Qt.Key, f"Key_{number}"), ALT)
        seen: dict[str, list[str]] = {}
        texts = [action.text() for action in app.console.menuBar().actions()]
        for widget in app.console.findChildren(QWidget):
            if widget.isVisible() and isinstance(widget, QAbstractButton | QLabel | QGroupBox):
                texts.append(widget.title() if isinstance(widget, QGroupBox) else widget.text())
        for text in texts:
            found = re.search(r"&([^&\s])", text or "")
            if found:
                seen.setdefault(found.group(1).upper(), []).append(text)
        assert {k: v for k, v in seen.items() if len(v) > 1} == {}, app.controller.meeting.stage.key
