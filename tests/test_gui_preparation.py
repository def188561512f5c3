"""The preparation window on the demo conference in the real console (offscreen), driven from the keyboard: opened
from the console's menu, invitees edited, added and removed (removal refused once they took part, in words),
children edited, the details changed, each change undone from the console and saved to the real SQLite file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from chairdesk.gui.app import App
from chairdesk.gui.preparation_window import MEETING_CODES, PreparationWindow, open_preparation
from chairdesk.storage import Store

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def prepare(app: App, qtbot: Any) -> PreparationWindow:
    """File > Prepare this conference… in the console's menu bar."""
    action = next(
        a for a in app.console.findChildren(type(app.console.blank_action)) if a.text() == "P&repare this conference…"
    )
    action.trigger()
    window = app.console.preparation_window
    assert isinstance(window, PreparationWindow) and window.isVisible()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the keys go to it, as to a window the chair has just opened
    return window


def typed(qtbot: Any, box: QWidget, text: str) -> None:
    box.setFocus()
    box.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(box, text)


def row_of(window_list: Any, name: str) -> int:
    return next(r for r in range(window_list.rowCount()) if window_list.item(r, 0).text() == name)


def stored(app: App) -> Any:
    assert app.controller.writer.flush()
    with Store(app.controller.db_path) as store:
        return store.load(app.controller.conference.id or "")


def test_the_window_opens_from_the_menu_over_the_console_with_the_problems_before_the_day(app: App, qtbot: Any) -> None:
    window = prepare(app, qtbot)
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "&Conference",
        "Child&ren",
        "&Invitees",
        "Taking part",
        "Re&quests and views",
    ]
    assert open_preparation(app.console) is window  # one window per conference: brought to the front
    assert window.screen() is app.console.screen()  # the laptop's screen, never the projector's
    codes = [window.problems.item(i).toolTip() for i in range(window.problems.count())]
    assert not set(codes) & MEETING_CODES  # the meeting's own problems stay in the console
    all_codes = {p.code for p in app.controller.check().problems}
    assert set(codes) == all_codes - MEETING_CODES
    other = QLabel("Participation goes here")
    assert window.add_tab("Another part", other) == 5 and window.tabs.widget(5) is other


def test_invitees_are_added_edited_and_removed_with_the_keyboard(app: App, qtbot: Any) -> None:
    window = prepare(app, qtbot)
    tab = window.invitees_tab
    fields = tab.fields
    qtbot.keyClick(window, Qt.Key.Key_I, ALT)  # the Invitees tab
    assert window.tabs.currentWidget() is tab
    tab.list.setCurrentCell(-1, -1)
    fields.show_invitee(None)
    typed(qtbot, fields.name, "Ola Nowak")
    fields.role.setFocus()
    qtbot.keyClicks(fields.role, "inte")  # interpreter
    typed(qtbot, fields.language, "Polish")
    fields.knows["mia"].setChecked(True)
    qtbot.keyClick(window, Qt.Key.Key_W, ALT)  # Add as a new invitee (Qt presses the button as it is seen)
    qtbot.waitUntil(lambda: "Ola Nowak" in [p.name for p in app.controller.conference.participants])
    ola = next(p for p in app.controller.conference.participants if p.name == "Ola Nowak")
    assert (ola.role, ola.language, ola.contact_with, ola.attended) == ("interpreter", "Polish", ["mia"], False)
    assert tab.list.item(tab.list.currentRow(), 0).text() == "Ola Nowak"  # chosen, to go on changing

    typed(qtbot, fields.email, "ola@example.org")
    fields.interpreter.setChecked(False)
    fields.report.setChecked(True)
    typed(qtbot, fields.received.box, "30/02/2026")
    qtbot.keyClick(fields.email, Qt.Key.Key_Return)  # Enter saves the changes
    assert "February 2026 has 28 days" in tab.message.text()
    assert app.controller.conference.participant(ola.id).email == ""  # type: ignore[union-attr]  # nothing changed
    typed(qtbot, fields.received.box, "20/11/2026")
    qtbot.keyClick(fields.email, Qt.Key.Key_Return)
    changed = app.controller.conference.participant(ola.id)
    assert changed is not None and changed.email == "ola@example.org"
    assert changed.report is not None and changed.report.received == dt.date(2026, 11, 20)
    assert stored(app).participant(ola.id).email == "ola@example.org"  # saved by the writer

    qtbot.keyClick(app.console, Qt.Key.Key_Z, CTRL)  # undo in the console takes the change back
    assert app.controller.conference.participant(ola.id).email == ""  # type: ignore[union-attr]
    assert fields.email.text() == ""  # the window redraws

    tab.list.setFocus()
    tab.list.setCurrentCell(row_of(tab.list, "Ola Nowak"), 0)
    qtbot.keyClick(tab.list, Qt.Key.Key_Delete)
    assert app.controller.conference.participant(ola.id) is None
    assert "Ola Nowak" not in [tab.list.item(r, 0).text() for r in range(tab.list.rowCount())]
    assert stored(app).participant(ola.id) is None


def test_someone_who_took_part_is_not_removed_and_apologies_are_offered(app: App, qtbot: Any) -> None:
    window = prepare(app, qtbot)
    tab = window.invitees_tab
    window.tabs.setCurrentWidget(tab)
    count = len(app.controller.conference.participants)
    tab.list.setFocus()
    tab.list.setCurrentCell(row_of(tab.list, "Priya Shah"), 0)
    qtbot.keyClick(tab.list, Qt.Key.Key_Delete)
    assert len(app.controller.conference.participants) == count
    words = tab.message.text()
    assert "Priya Shah cannot be removed" in words and "marked as arrived" in words
    assert "mark their apologies instead" in words
    tab.list.setCurrentCell(row_of(tab.list, "Dr Helen Price"), 0)
    qtbot.keyClick(tab.list, Qt.Key.Key_A, ALT)  # Mark apologies
    qtbot.waitUntil(lambda: app.controller.conference.participant("gp").apologies)  # type: ignore[union-attr]


def test_children_and_details_are_edited(app: App, qtbot: Any) -> None:
    window = prepare(app, qtbot)
    tab = window.children_tab
    qtbot.keyClick(window, Qt.Key.Key_R, ALT)  # the Children tab
    assert window.tabs.currentWidget() is tab
    tab.list.setCurrentCell(row_of(tab.list, "Leo"), 0)
    assert tab.fields.name.text() == "Leo" and tab.fields.born.box.text() == "02/09/2019"
    typed(qtbot, tab.fields.nhs, "943 476 5918")
    qtbot.keyClick(tab.fields.nhs, Qt.Key.Key_Return)
    assert "Leo's NHS number 943 476 5918 is not a valid NHS number" in tab.message.text()
    assert app.controller.conference.child("leo").nhs_number == ""  # type: ignore[union-attr]
    typed(qtbot, tab.fields.nhs, "943 476 5919")
    typed(qtbot, tab.fields.identifier, "CI-LEO-1")
    qtbot.keyClick(tab.fields.nhs, Qt.Key.Key_Return)
    leo = app.controller.conference.child("leo")
    assert leo is not None and (leo.nhs_number, leo.child_identifier) == ("943 476 5919", "CI-LEO-1")
    assert stored(app).child("leo").nhs_number == "943 476 5919"
    tab.list.setFocus()
    tab.list.setCurrentCell(row_of(tab.list, "Mia"), 0)
    qtbot.keyClick(tab.list, Qt.Key.Key_Delete)
    assert "Mia cannot be removed" in tab.message.text() and app.controller.conference.child("mia") is not None

    details = window.conference_tab
    qtbot.keyClick(window, Qt.Key.Key_C, ALT)
    typed(qtbot, details.details.place, "Room 4, One Angel Square")
    typed(qtbot, details.details.language, "Cymraeg")  # held and recorded in Welsh
    typed(qtbot, details.details.date.box, "31/11/2026")
    qtbot.keyClick(window, Qt.Key.Key_A, ALT)  # Save the details
    qtbot.waitUntil(lambda: "November 2026 has 30 days" in details.message.text())
    assert app.controller.conference.location != "Room 4, One Angel Square"
    typed(qtbot, details.details.date.box, "26/11/2026")
    qtbot.keyClick(window, Qt.Key.Key_A, ALT)
    qtbot.waitUntil(lambda: app.controller.conference.date == dt.date(2026, 11, 26))
    c = app.controller.conference
    assert (c.location, c.date, c.language) == ("Room 4, One Angel Square", dt.date(2026, 11, 26), "Cymraeg")
    assert "Thursday 26 November 2026" in app.console.page_of["introductions"].summary.text()  # the console redraws
    assert stored(app).location == "Room 4, One Angel Square" and stored(app).language == "Cymraeg"


def test_each_alt_letter_does_one_thing_on_every_tab(app: App, qtbot: Any) -> None:
    from test_gui_conference_form import mnemonics

    window = prepare(app, qtbot)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        tab_letters = []
        for tabs in window.findChildren(QTabWidget):  # the window's tabs, and the tabs within a tab
            if tabs.isVisibleTo(window):
                titles = [tabs.tabText(i).replace("&&", "") for i in range(tabs.count())]
                tab_letters += [title[title.index("&") + 1].lower() for title in titles if "&" in title]
        letters = mnemonics(window) + tab_letters
        assert sorted(letters) == sorted(set(letters)), window.tabs.tabText(index)


# -- what a chair's walk through the forms found (issue 10 follow-up) -----------------------------------------


def test_a_report_date_typed_is_never_dropped(app: App, qtbot: Any) -> None:
    """A received or shared date ticks "Report expected" (a report received was surely expected); unticked with a
    date still there, Save is refused in words; a new invitee's report keeps its dates too."""
    window = prepare(app, qtbot)
    tab = window.invitees_tab
    qtbot.keyClick(window, Qt.Key.Key_I, ALT)
    for name, ident, box in (("Tom Reid", "swm", tab.fields.received.box), ("Linda Harper", "grandmother", None)):
        tab.list.setCurrentCell(row_of(tab.list, name), 0)
        assert not tab.fields.report.isChecked()
        typed(qtbot, box or tab.fields.shared.box, "20/11/2026")
        assert tab.fields.report.isChecked()
        qtbot.keyClick(box or tab.fields.shared.box, Qt.Key.Key_Return)
        report = app.controller.conference.participant(ident).report  # type: ignore[union-attr]
        assert report is not None and dt.date(2026, 11, 20) in (report.received, report.shared_with_family)
        assert tab.message.text() == f"{name}'s details are changed."

    tab.list.setCurrentCell(row_of(tab.list, "Tom Reid"), 0)
    qtbot.keyClick(tab.fields.report, Qt.Key.Key_Space)  # the chair unticks it, the date still there
    assert not tab.fields.report.isChecked() and tab.fields.received.box.text() == "20/11/2026"
    qtbot.keyClick(tab.fields.received.box, Qt.Key.Key_Return)
    assert "“Report expected” is not ticked: tick it, or clear the dates" in tab.message.text()
    assert app.controller.conference.participant("swm").report.received == dt.date(2026, 11, 20)  # type: ignore[union-attr]

    qtbot.keyClick(tab.fields.report, Qt.Key.Key_Space)
    typed(qtbot, tab.fields.name, "Dr Ann Cole")
    typed(qtbot, tab.fields.received.box, "19/11/2026")
    qtbot.mouseClick(tab.add, Qt.MouseButton.LeftButton)  # Add as a new invitee
    ann = next(p for p in app.controller.conference.participants if p.name == "Dr Ann Cole")
    assert ann.report is not None and ann.report.received == dt.date(2026, 11, 19)
    assert stored(app).participant(ann.id).report.received == dt.date(2026, 11, 19)


def test_changing_a_child_or_an_invitee_keeps_the_order(app: App, qtbot: Any) -> None:
    window = prepare(app, qtbot)
    children, invitees = window.children_tab, window.invitees_tab
    qtbot.keyClick(window, Qt.Key.Key_R, ALT)
    children.list.setCurrentCell(0, 0)
    typed(qtbot, children.fields.identifier, "CI-MIA-1")
    qtbot.keyClick(children.fields.identifier, Qt.Key.Key_Return)
    assert [c.id for c in app.controller.conference.children] == ["mia", "leo", "ruby", "baby"]
    assert children.list.item(0, 0).text() == "Mia" and children.list.item(0, 3).text() == "CI-MIA-1"
    qtbot.keyClick(window, Qt.Key.Key_I, ALT)
    invitees.list.setCurrentCell(1, 0)
    typed(qtbot, invitees.fields.phone, "01604 000000")
    qtbot.keyClick(invitees.fields.phone, Qt.Key.Key_Return)
    assert [p.id for p in app.controller.conference.participants][:3] == ["chair", "sw", "swm"]
    assert invitees.list.item(1, 0).text() == "Priya Shah"


def test_an_nhs_number_is_checked_beside_its_box_the_mothers_for_an_unborn_child(app: App, qtbot: Any) -> None:
    window = prepare(app, qtbot)
    tab = window.children_tab
    qtbot.keyClick(window, Qt.Key.Key_R, ALT)
    tab.list.setCurrentCell(row_of(tab.list, "Ruby"), 0)
    typed(qtbot, tab.fields.nhs, "123 456 7890")
    qtbot.keyClick(tab.fields.nhs, Qt.Key.Key_Tab)  # leaving the box: said at once, beside it
    assert tab.fields.nhs_message.isVisible()
    assert "Ruby's NHS number 123 456 7890 is not a valid NHS number (its check digit is wrong)" in (
        tab.fields.nhs_message.text()
    )
    qtbot.keyClick(tab.fields.nhs, Qt.Key.Key_Return)
    assert "check digit" in tab.message.text() and app.controller.conference.child("ruby").nhs_number == ""  # type: ignore[union-attr]
    typed(qtbot, tab.fields.nhs, "")  # put right: nothing left unsaved
    assert not tab.fields.nhs_message.isVisible()
    assert tab.fields.nhs_label.text() == "NHS n&umber"
    tab.list.setCurrentCell(row_of(tab.list, "Baby"), 0)
    assert tab.fields.name.text() == "Baby"
    assert tab.fields.nhs_label.text() == "Mother's NHS n&umber" and "mother" in tab.fields.nhs.placeholderText()
    typed(qtbot, tab.fields.nhs, "123 456 7890")
    qtbot.keyClick(tab.fields.nhs, Qt.Key.Key_Return)
    assert "Baby's mother's NHS number 123 456 7890 is not a valid NHS number" in tab.fields.nhs_message.text()
    assert app.controller.conference.child("baby").nhs_number == ""  # type: ignore[union-attr]
    typed(qtbot, tab.fields.nhs, "943 476 5919")
    qtbot.keyClick(tab.fields.nhs, Qt.Key.Key_Return)
    assert app.controller.conference.child("baby").nhs_number == "943 476 5919"  # type: ignore[union-attr]


def looks_like_a_value(hint: str) -> bool:
    """A placeholder that would be taken as a date, a time or an NHS number were it typed: it looks filled in."""
    from chairdesk.errors import InvalidConference
    from chairdesk.preparation import nhs_number_problem, parse_date, parse_time

    for parse in (parse_date, parse_time):
        try:
            parse(hint)
            return True
        except InvalidConference:
            pass
    return nhs_number_problem(hint, "") is None


def test_no_placeholder_in_the_preparation_window_looks_like_a_value(app: App, qtbot: Any) -> None:
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

    window = prepare(app, qtbot)
    hints = [
        box.placeholderText()
        for kind in (QLineEdit, QTextEdit, QPlainTextEdit)
        for box in window.findChildren(kind)
        if box.placeholderText()
    ]
    assert len(hints) > 5 and "e.g. 10:00" in hints
    assert [hint for hint in hints if looks_like_a_value(hint)] == []
