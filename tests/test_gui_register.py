"""The register and the exclusion dialog through the real console: typing never changes attendance, an exclusion
needs a ground and a reason and never begins before the person arrived, a back-dated one says what it would hide
and asks, and the quorum lights count only who is in the room (issue 8)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import Clock, two_children
from console_app import type_as_a_chair
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QDialog, QMessageBox, QPushButton, QWidget

from chairdesk import conference_file
from chairdesk.gui.app import App
from chairdesk.gui.attendance import AttendancePanel
from chairdesk.gui.decision_page import DecisionPage
from chairdesk.gui.page_tools import ENTER_ADDS
from chairdesk.gui.text_guard import TextBox
from chairdesk.storage import Store

ALT = Qt.KeyboardModifier.AltModifier


def attendance(app: App) -> list[tuple[Any, ...]]:
    return [
        (p.id, p.attended, p.arrived, p.left, p.apologies, p.report, [vars(e) for e in p.exclusions])
        for p in app.controller.conference.participants
    ]


def select(register: AttendancePanel, ident: str) -> None:
    ids = [p.id for p in register.controller.conference.participants]
    register.table.setFocus()
    register.table.selectRow(ids.index(ident))


# -- typing never changes attendance --------------------------------------------------------------------------


def test_a_sentence_typed_into_the_register_changes_no_attendance(app: App, qtbot: Any) -> None:
    register = app.console.register
    select(register, "chair")  # Alex Morgan, in the room since 09:50
    before = attendance(app)
    # Every letter that used to mark someone (A, L, P, R, X, B), in capitals and not, as a chair types.
    type_as_a_chair(qtbot, register.table, "Lily is back. Alex, Pat, Rob and Xavi? bpl")
    assert attendance(app) == before
    assert not app.controller.meeting.can_undo  # no step to undo: nothing happened
    # The deliberate act still works: the button's Alt+letter.
    select(register, "gp")
    qtbot.keyClick(register.table, Qt.Key.Key_A, ALT)
    qtbot.waitUntil(lambda: app.controller.conference.participant("gp").attended)
    assert app.controller.meeting.undo_text == "Dr Helen Price arrived"


def _typing_keys(keys: QKeySequence) -> bool:
    """A key a sentence is typed with: a printable character, Space, Backspace, Tab or Enter, with no Ctrl/Alt/Meta."""
    for i in range(keys.count()):
        combination = keys[i]
        held = combination.keyboardModifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
        )
        key = combination.key()
        editing = (Qt.Key.Key_Backspace, Qt.Key.Key_Tab, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if held == Qt.KeyboardModifier.NoModifier and (key in editing or 0x20 <= key.value <= 0xFF):
            return True
    return False


def test_no_key_a_chair_types_with_is_a_shortcut_anywhere_in_the_console(app: App, qtbot: Any) -> None:
    for stage in range(1, 9):  # every page built and shown once
        qtbot.keyClick(app.console, getattr(Qt.Key, f"Key_{stage}"), ALT)
    found = []
    for shortcut in app.console.findChildren(QShortcut):
        if shortcut.objectName() == ENTER_ADDS:  # Enter in an entry row adds that row's entry, as in its words box
            bound = shortcut.keys()
            assert {k.toString() for k in bound} <= {"Return", "Enter"}
            assert shortcut.context() == Qt.ShortcutContext.WidgetWithChildrenShortcut
            continue
        keys = shortcut.keys() if hasattr(shortcut, "keys") else [shortcut.key()]
        owner = shortcut.parent()
        name = owner.accessibleName() or type(owner).__name__ if isinstance(owner, QWidget) else "?"
        found += [f"{k.toString()} on {name}" for k in keys if _typing_keys(k)]
    for action in app.console.findChildren(QAction):
        found += [f"{k.toString()} for {action.text()}" for k in action.shortcuts() if _typing_keys(k)]
    assert found == []


def test_views_are_given_with_alt_y_and_alt_n_and_a_sentence_typed_on_the_grid_gives_none(app: App, qtbot: Any) -> None:
    qtbot.keyClick(app.console, Qt.Key.Key_8, ALT)
    page = app.console.findChild(DecisionPage)
    people = [p.id for p in page.model.people()]
    app.controller.meeting.delete_view("nurse", "mia")
    views = [(v.participant, v.child, v.significant_harm) for v in app.controller.conference.views]
    undo_steps = app.controller.meeting.undo_text
    page.grid.setCurrentIndex(page.model.index(people.index("nurse"), 0))
    page.grid.setFocus()
    type_as_a_chair(qtbot, page.grid, "No one says yes")
    assert [(v.participant, v.child, v.significant_harm) for v in app.controller.conference.views] == views
    assert app.controller.meeting.undo_text == undo_steps
    page.grid.setCurrentIndex(page.model.index(people.index("nurse"), 0))
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_N, ALT)
    nurse = [v for v in app.controller.conference.views if (v.participant, v.child) == ("nurse", "mia")]
    assert [v.significant_harm for v in nurse] == [False]


# -- the exclusion dialog -------------------------------------------------------------------------------------


def _dialog() -> QDialog | None:
    widget = QApplication.activeModalWidget()
    return widget if isinstance(widget, QDialog) and widget.objectName() == "ExcludeDialog" else None


def _message_box() -> QMessageBox | None:
    widget = QApplication.activeModalWidget()
    return widget if isinstance(widget, QMessageBox) else None


def when_shown(find: Callable[[], QWidget | None], act: Callable[[Any], None]) -> None:
    """Run ``act`` on the modal window ``find`` returns, as soon as it is open (a dialog blocks the test)."""
    timer = QTimer()
    timer.setInterval(20)

    def look() -> None:
        shown = find()
        if shown is not None and shown.isVisible():
            timer.stop()
            act(shown)

    timer.timeout.connect(look)
    timer.start()
    when_shown.timers.append(timer)  # kept alive until it fires


when_shown.timers = []  # type: ignore[attr-defined]


def open_exclusion(app: App, qtbot: Any, ident: str, act: Callable[[QDialog], None]) -> None:
    """Select ``ident`` and press Alt+X, as the chair does; ``act`` drives the dialog."""
    done: list[bool] = []

    def drive(dialog: QDialog) -> None:
        try:
            dialog.activateWindow()  # as the window manager does: the dialog has the keyboard
            qtbot.waitUntil(dialog.isActiveWindow)
            act(dialog)
        finally:
            done.append(True)
            if dialog.isVisible():  # whatever went wrong, the test goes on to fail rather than wait
                dialog.reject()

    when_shown(_dialog, drive)
    register = app.console.register
    select(register, ident)
    qtbot.keyClick(register.table, Qt.Key.Key_X, ALT)
    qtbot.waitUntil(lambda: bool(done) and _dialog() is None)


def parts(dialog: QDialog) -> tuple[QComboBox, TextBox, QCheckBox, Any, QPushButton, Any]:
    from PySide6.QtWidgets import QDialogButtonBox, QLabel, QTimeEdit

    ok = dialog.findChild(QDialogButtonBox, "buttons").button(QDialogButtonBox.StandardButton.Ok)
    return (
        dialog.findChild(QComboBox, "ground"),
        dialog.findChild(TextBox, "reason"),
        dialog.findChild(QCheckBox, "earlier"),
        dialog.findChild(QTimeEdit, "since"),
        ok,
        dialog.findChild(QLabel, "problem"),
    )


def test_an_exclusion_needs_a_ground_the_chair_chooses_and_a_reason(app: App, qtbot: Any) -> None:
    app.controller.meeting.clock = Clock(time="10:50:30")
    seen: dict[str, Any] = {}

    def fill_in(dialog: QDialog) -> None:
        ground, reason, _earlier, _since, ok, problem = parts(dialog)
        seen["ground at first"] = ground.currentIndex()
        seen["ok at first"] = ok.isEnabled()
        seen["said at first"] = problem.text()
        ok.click()  # does nothing while it is off
        qtbot.keyClicks(reason, "Kerry asked to speak without Dean present")
        seen["ok with a reason only"] = ok.isEnabled()
        seen["said with a reason only"] = problem.text()
        ground.setFocus()
        qtbot.keyClick(ground, Qt.Key.Key_End)  # the chair chooses the sixth ground from the keyboard
        seen["ok with both"] = ok.isEnabled()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    open_exclusion(app, qtbot, "father", fill_in)
    assert seen["ground at first"] == -1 and not seen["ok at first"]
    assert seen["said at first"] == (
        "To exclude Dean Harper, choose one of the six grounds and type the reason and the evidence."
    )
    assert not seen["ok with a reason only"]
    assert seen["said with a reason only"] == "To exclude Dean Harper, choose one of the six grounds."
    assert seen["ok with both"]
    (exclusion,) = app.controller.conference.participant("father").exclusions
    assert (exclusion.ground, exclusion.reason) == (6, "Kerry asked to speak without Dean present")
    assert exclusion.from_ == dt.time(10, 50, 30) and exclusion.to is None  # from now, to the second


def test_a_time_before_arrival_is_refused_and_an_earlier_one_asks_what_it_would_hide(app: App, qtbot: Any) -> None:
    app.controller.meeting.clock = Clock(time="10:50:30")  # Dean arrived at 10:05
    hidden = app.controller.meeting.would_hide("father", dt.time(10, 32))
    assert hidden > 0  # the demo's lines typed since 10:32
    seen: dict[str, Any] = {}

    def answer(button_text: str) -> Callable[[QMessageBox], None]:
        def press(box: QMessageBox) -> None:
            seen.setdefault("questions", []).append(box.text())
            next(b for b in box.buttons() if b.text() == button_text).click()

        return press

    def fill_in(dialog: QDialog) -> None:
        ground, reason, earlier, since, ok, problem = parts(dialog)
        ground.setCurrentIndex(ground.findData(6))
        qtbot.keyClicks(reason, "Kerry asked to speak without Dean present")
        seen["time usable before ticking"] = since.isEnabled()
        qtbot.keyClick(reason, Qt.Key.Key_E, ALT)  # "They left the room &earlier than now, at"
        qtbot.waitUntil(earlier.isChecked)  # a mnemonic clicks as a mouse would, a moment later
        seen["ticked"] = since.isEnabled()
        qtbot.keyClick(earlier, Qt.Key.Key_Tab)  # Tab then one digit, as it was done: 01:50
        qtbot.keyClicks(since, "1")
        seen["typed"] = since.text()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        seen["refused"] = problem.text()
        seen["still open after the refusal"] = dialog.isVisible()
        seen["excluded after the refusal"] = list(app.controller.conference.participant("father").exclusions)

        since.setTime(since.time().fromString("10:32", "HH:mm"))
        when_shown(_message_box, answer("Go back"))
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        seen["still open after going back"] = dialog.isVisible()
        seen["excluded after going back"] = list(app.controller.conference.participant("father").exclusions)

        when_shown(_message_box, answer("Exclude from 10:32"))
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    open_exclusion(app, qtbot, "father", fill_in)
    assert not seen["time usable before ticking"] and seen["ticked"]
    assert seen["typed"] == "1:50"
    assert seen["refused"] == (
        "Dean Harper arrived at 10:05, so cannot have been out of the room from 01:50. Choose a time from 10:05 on."
    )
    assert seen["still open after the refusal"] and seen["excluded after the refusal"] == []
    question = (
        f"This would hide {hidden} things typed since 10:32 from Dean Harper: the board, the summary and their "
        "copy of the record. Exclude from 10:32?"
    )
    assert seen["questions"] == [question, question]
    assert seen["still open after going back"] and seen["excluded after going back"] == []
    (exclusion,) = app.controller.conference.participant("father").exclusions
    assert exclusion.from_ == dt.time(10, 32)
    assert app.controller.meeting.would_hide("father", dt.time(10, 32)) == 0  # all of it now kept from him
    assert app.controller.meeting.undo_text == "exclude Dean Harper"


# -- the quorum lights count who is in the room -----------------------------------------------------------------


@pytest.fixture
def two_children_app(qtbot: Any, db_path: Path) -> Iterator[App]:
    """The console on builders.two_children: Amy known to the health visitor and the nursery, Ben to the health
    visitor and the police."""
    data = two_children(arrived=None)  # the live light counts who is here now, on the real clock
    with Store(db_path) as store:
        store.save(conference_file.from_json(data), action="import")
    running = App(db_path)
    qtbot.addWidget(running.console)
    qtbot.addWidget(running.board)
    running.show()
    qtbot.waitExposed(running.console)
    yield running
    running.controller.close()


def test_the_quorum_light_goes_out_when_the_police_leave(two_children_app: App, qtbot: Any) -> None:
    app = two_children_app
    lights = app.console.register.quorum.lights
    assert (lights["c1"].text(), lights["c2"].text()) == ("Amy: quorate", "Ben: quorate")
    select(app.console.register, "police")
    left = next(b for b in app.console.register.findChildren(QPushButton) if b.text() == "&Left")
    qtbot.mouseClick(left, Qt.MouseButton.LeftButton)
    assert app.controller.conference.participant("police").left is not None
    assert (lights["c1"].text(), lights["c2"].text()) == ("Amy: quorate", "Ben: NOT quorate")
    assert lights["c2"].property("quorate") == "false"
    problems = [app.console.problems.item(i).text() for i in range(app.console.problems.count())]
    assert any("not quorate for Ben" in p for p in problems)
