"""The meeting's keys wherever the focus is: Ctrl+Z takes back what the meeting did (a box's own undo only while it
holds typing not yet in the meeting, and never onto the board), and F8 blanks the board even with a dialog open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from console_app import editor, go_to_views, type_as_a_chair
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from chairdesk.gui.app import App
from chairdesk.gui.attendance import AddPersonDialog
from chairdesk.gui.recording_request import RecordingRequestDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def undo(qtbot: Any, box: QWidget) -> None:
    qtbot.keyClick(box, Qt.Key.Key_Z, CTRL)


def redo(qtbot: Any, box: QWidget) -> None:
    qtbot.keyClick(box, Qt.Key.Key_Z, CTRL | SHIFT)


def test_ctrl_z_straight_after_enter_takes_the_item_back_and_never_reprojects_it(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    before = [i.text for i in app.controller.conference.worries]
    type_as_a_chair(qtbot, worries.entry, "Dad shouts at night")
    assert "Dad shouts at night" in app.board.visible_text()  # shown as it is typed
    qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
    assert worries.entry.hasFocus()  # the focus is still in the entry box, as it is for a chair
    assert [i.text for i in app.controller.conference.worries] == [*before, "Dad shouts at night"]

    undo(qtbot, worries.entry)
    assert [i.text for i in app.controller.conference.worries] == before  # the meeting's undo took it back
    assert worries.entry.text() == ""  # not put back in the box...
    assert "Dad shouts at night" not in app.board.visible_text()  # ...nor on the board as being typed
    assert app.controller.draft is None

    redo(qtbot, worries.entry)
    assert [i.text for i in app.controller.conference.worries] == [*before, "Dad shouts at night"]
    assert worries.entry.text() == ""
    assert app.board.visible_text().count("Dad shouts at night") == 1


def test_ctrl_z_while_typing_is_the_boxs_own_undo(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    count = len(app.controller.conference.worries)
    qtbot.keyClicks(worries.entry, "Typed but not added")
    undo(qtbot, worries.entry)
    assert worries.entry.text() != "Typed but not added"  # the box's own undo took back some typing
    assert len(app.controller.conference.worries) == count  # and the meeting is as it was


def _add_score(app: App, qtbot: Any) -> Callable[[], object]:
    qtbot.keyClick(app.console, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    page = app.console.page_of["scaling"]
    page.score.setFocus()
    qtbot.keyClicks(page.score, "6")
    qtbot.keyClick(page.score, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.reason, "Kerry is working with the plan")
    qtbot.keyClick(page.reason, Qt.Key.Key_Return)
    assert page.score.hasFocus()  # the next person's score: a spin box, holding a value, not typing
    return lambda: [s.reason for s in app.controller.conference.scaling]


def _add_action(app: App, qtbot: Any) -> Callable[[], object]:
    qtbot.keyClick(app.console, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)
    plan = app.console.page_of["plan"]
    plan.what.setFocus()
    qtbot.keyClicks(plan.what, "Book the nursery place")
    plan.who.setEditText("Housing team")
    qtbot.keyClick(plan.what, Qt.Key.Key_Return)
    return lambda: [a.what for a in (app.controller.conference.plan.actions if app.controller.conference.plan else [])]


def _add_key_point(app: App, qtbot: Any) -> Callable[[], object]:
    qtbot.keyClick(app.console, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    points = editor(app, "key_points")
    points.entry.setFocus()
    qtbot.keyClicks(points.entry, "Kerry has kept every appointment")
    qtbot.keyClick(points.entry, Qt.Key.Key_Return)
    return lambda: [i.text for i in app.controller.conference.key_points]


def _type_contingency(app: App, qtbot: Any) -> Callable[[], object]:
    qtbot.keyClick(app.console, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)
    plan = app.console.page_of["plan"]
    plan.contingency.setFocus()
    qtbot.keyClicks(plan.contingency, "If the drinking starts again, legal advice")
    qtbot.waitUntil(lambda: not plan.contingency_settle.isActive())  # its save has come: nothing is unsaved
    return lambda: app.controller.conference.plan.contingency if app.controller.conference.plan else ""


@pytest.mark.parametrize("add", [_add_key_point, _add_score, _add_action, _type_contingency])
def test_ctrl_z_in_any_box_takes_back_what_the_meeting_just_took(
    app: App, qtbot: Any, add: Callable[[App, Any], Callable[[], object]]
) -> None:
    """The class: whichever box has the focus after an edit reached the meeting, Ctrl+Z is the meeting's undo."""
    before_steps = len(app.controller.meeting._undo)
    read = add(app, qtbot)
    after = read()
    assert len(app.controller.meeting._undo) > before_steps  # the edit reached the meeting
    focused = QApplication.focusWidget()
    assert focused is not None
    undo(qtbot, focused)
    assert read() != after  # taken back in the meeting
    redo(qtbot, QApplication.focusWidget() or app.console)
    assert read() == after


def _open_and_press_f8(app: App, qtbot: Any, open_dialog: Callable[[], object]) -> list[bool]:
    """Open a dialog as the chair would; while it is open press F8 twice in it; return the blank states seen."""
    seen: list[bool] = []

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.isVisible()
        target = dialog.focusWidget() or dialog
        qtbot.keyClick(target, Qt.Key.Key_F8)
        seen.append(app.controller.blank)
        seen.append(app.board.visible_text() == "Child protection conference")
        qtbot.keyClick(target, Qt.Key.Key_F8)
        seen.append(app.controller.blank)
        dialog.close() if not isinstance(dialog, QDialog) else dialog.reject()

    QTimer.singleShot(100, in_the_dialog)
    open_dialog()
    return seen


def test_f8_blanks_the_board_while_a_dialog_is_open(app: App, qtbot: Any) -> None:
    register = app.console.register
    ids = [p.id for p in app.controller.conference.participants]
    register.table.setFocus()
    register.table.selectRow(ids.index("father"))
    dialogs: dict[str, Callable[[], object]] = {
        "exclude": lambda: qtbot.mouseClick(register.buttons["exclude"], Qt.MouseButton.LeftButton),
        "someone at the door": lambda: AddPersonDialog(app.controller, app.console).run(),
        "request to record": lambda: RecordingRequestDialog(app.controller, app.console).exec(),
        "a message": lambda: QMessageBox.warning(app.console, "ChairDesk", "A message in front of the console"),
    }
    for name, open_dialog in dialogs.items():
        assert not app.controller.blank
        seen = _open_and_press_f8(app, qtbot, open_dialog)
        assert seen == [True, True, False], name  # blanked at once, shown again by the second press
    assert app.controller.conference.participant("father").exclusions == []  # nothing else happened


def test_f8_in_the_console_still_blanks_once_per_press(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    qtbot.keyClick(worries.entry, Qt.Key.Key_F8)
    assert app.controller.blank  # not toggled twice (by the shortcut and again by the filter)
    qtbot.keyClick(worries.entry, Qt.Key.Key_F8)
    assert not app.controller.blank
