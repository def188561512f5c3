"""Nothing typed in a form with a Save button is ever lost (gui.kept_form): in the preparation window's forms
(details, a child, an invitee, an exclusion request, written views), the request to record and the new-conference
form, what is typed is kept as a draft in the real SQLite file (or the data folder) as it is typed; moving away
(another row, New, closing the window, opening another conference) saves it when it is valid or asks, and a new
ChairDesk on the same database after a crash puts it back and says so."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from test_gui_preparation import prepare, row_of, stored
from test_typing_marks import crash_and_reopen

from chairdesk.gui.app import App
from chairdesk.gui.conference_form import ConferenceForm
from chairdesk.gui.kept_form import FORM_DRAFT
from chairdesk.storage import Store

DEMO_ID = "demo-harper-2026-11-24"
Button = QMessageBox.StandardButton


def typed(qtbot: Any, box: QWidget, text: str) -> None:
    """Typed over what the box holds, as a chair does (all selected, then the keys)."""
    box.setFocus()
    box.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(box, text)


def answering(button: Button, asked: list[str]) -> None:
    """When ChairDesk next asks (a modal question), answer ``button``; what it said goes in ``asked``. An earlier
    answer still waiting (its question never came) is withdrawn first: it would answer this one wrongly."""
    stop_answering()
    timer = QTimer(interval=20)

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            timer.stop()
            asked.append(box.text())
            box.button(button).click()

    timer.timeout.connect(answer)
    timer.start()
    _answerers.append(timer)  # kept alive until it has answered


_answerers: list[QTimer] = []


def stop_answering() -> None:
    for waiting in _answerers:
        waiting.stop()
    _answerers.clear()


@pytest.fixture(autouse=True)
def _no_answer_left_waiting() -> Iterator[None]:
    """An answer a test set up and no question took must not answer the next test's question."""
    yield
    stop_answering()


def form_drafts(app: App) -> dict[str, dict[str, Any]]:
    """The forms' drafts on disk."""
    assert app.controller.writer.flush()
    with Store(app.controller.db_path) as store:
        drafts = store.drafts(DEMO_ID)
    return {k: json.loads(v) for k, v in drafts.items() if k.startswith(FORM_DRAFT) and v}


def crash(app: App, db_path: Path, qtbot: Any) -> App:
    """As after a crash (test_typing_marks.crash_and_reopen), the preparation window gone with it: nothing of it
    runs any more (it is not asked when the old console's window is closed after the test)."""
    window = app.console.preparation_window
    app.console.removeEventFilter(window)
    window.hide()
    return crash_and_reopen(app, db_path, qtbot)


def go_to_row(qtbot: Any, table: Any, row: int) -> None:
    """Choose a row of a list with the keyboard (Up/Down from where it is)."""
    table.setFocus()
    while table.currentRow() != row:
        key = Qt.Key.Key_Down if table.currentRow() < row else Qt.Key.Key_Up
        before = table.currentRow()
        qtbot.keyClick(table, key)
        if table.currentRow() == before:  # ChairDesk kept the row (the chair chose to keep editing)
            return


# -- the children and invitees: another row, closing the window, a crash ------------------------------------------


def test_a_childs_details_typed_and_not_saved_are_saved_when_the_chair_chooses_another_child(
    app: App, qtbot: Any
) -> None:
    window = prepare(app, qtbot)
    tab = window.children_tab
    window.tabs.setCurrentWidget(tab)
    go_to_row(qtbot, tab.list, row_of(tab.list, "Leo"))
    typed(qtbot, tab.fields.identifier, "CI-LEO-7")
    assert form_drafts(app)["@form.child.leo"]["fields"]["id"] == "CI-LEO-7"  # on disk as it is typed
    go_to_row(qtbot, tab.list, row_of(tab.list, "Mia"))
    assert app.controller.conference.child("leo").child_identifier == "CI-LEO-7"  # type: ignore[union-attr]
    assert stored(app).child("leo").child_identifier == "CI-LEO-7"
    assert tab.fields.name.text() == "Mia" and form_drafts(app) == {}


def test_a_child_that_cannot_be_saved_asks_and_keeps_editing_or_discards_only_when_told(app: App, qtbot: Any) -> None:
    window = prepare(app, qtbot)
    tab = window.children_tab
    window.tabs.setCurrentWidget(tab)
    leo = row_of(tab.list, "Leo")
    go_to_row(qtbot, tab.list, leo)
    typed(qtbot, tab.fields.born.box, "31/02/2019")  # not a date: it cannot be saved
    asked: list[str] = []
    answering(Button.Cancel, asked)  # Keep editing
    go_to_row(qtbot, tab.list, row_of(tab.list, "Mia"))
    assert asked and "not saved yet" in asked[0] and "February" in asked[0]
    assert tab.list.currentRow() == leo and tab.fields.born.box.text() == "31/02/2019"
    assert form_drafts(app)["@form.child.leo"]["fields"]["born"] == "31/02/2019"

    answering(Button.Cancel, asked)  # closing the window asks too, and keeps the window open
    window.close()
    assert len(asked) == 2 and window.isVisible() and tab.fields.born.box.text() == "31/02/2019"

    answering(Button.Discard, asked)  # the chair's explicit choice
    go_to_row(qtbot, tab.list, row_of(tab.list, "Mia"))
    assert len(asked) == 3 and tab.fields.name.text() == "Mia" and form_drafts(app) == {}
    assert app.controller.conference.child("leo").date_of_birth.isoformat() == "2019-09-02"  # type: ignore[union-attr]


def test_an_invitee_typed_and_not_saved_is_saved_when_the_window_closes(app: App, qtbot: Any) -> None:
    window = prepare(app, qtbot)
    tab = window.invitees_tab
    window.tabs.setCurrentWidget(tab)
    go_to_row(qtbot, tab.list, row_of(tab.list, "Priya Shah"))
    typed(qtbot, tab.fields.phone, "0161 555 0199")
    window.close()
    assert not window.isVisible()
    assert stored(app).participant("sw").phone == "0161 555 0199"


def test_a_new_invitee_being_typed_comes_back_after_a_crash(app: App, qtbot: Any, db_path: Path) -> None:
    window = prepare(app, qtbot)
    tab = window.invitees_tab
    window.tabs.setCurrentWidget(tab)
    typed(qtbot, tab.fields.name, "Dr Ade Okafor")
    typed(qtbot, tab.fields.agency, "Paediatrics, North Manchester General")
    typed(qtbot, tab.fields.phone, "0161 555 0100")
    invitees = len(app.controller.conference.participants)

    again = crash(app, db_path, qtbot)
    try:
        assert "preparation" in again.welcome  # the console says there is typing to finish there
        window = again.console.open_preparation()
        tab = window.invitees_tab
        assert window.tabs.currentWidget() is tab  # the window opens where the typing is
        assert (tab.fields.name.text(), tab.fields.phone.text()) == ("Dr Ade Okafor", "0161 555 0100")
        assert tab.fields.agency.text() == "Paediatrics, North Manchester General"
        assert "back" in window.statusBar().currentMessage()
        assert len(again.controller.conference.participants) == invitees  # not saved behind the chair's back
        qtbot.keyClick(tab.fields.name, Qt.Key.Key_Return)  # now the chair adds them
        assert again.controller.conference.participants[-1].name == "Dr Ade Okafor"
        assert form_drafts(again) == {}
    finally:
        again.controller.close()


def test_the_details_typed_are_not_overwritten_by_another_change_and_are_saved_when_another_conference_opens(
    app: App, qtbot: Any, db_path: Path, demo_data: dict[str, Any]
) -> None:
    window = prepare(app, qtbot)
    details = window.conference_tab.details
    typed(qtbot, details.place, "Room 4, One Angel Square")
    children = window.children_tab
    window.tabs.setCurrentWidget(children)
    go_to_row(qtbot, children.list, row_of(children.list, "Ruby"))
    typed(qtbot, children.fields.identifier, "CI-RUBY-1")
    qtbot.keyClick(children.fields.identifier, Qt.Key.Key_Return)  # a change to the conference: the details redraw
    assert app.controller.conference.child("ruby").child_identifier == "CI-RUBY-1"  # type: ignore[union-attr]
    assert details.place.text() == "Room 4, One Angel Square"
    assert app.controller.conference.location != "Room 4, One Angel Square"

    demo_data["id"] = "other-family"
    demo_data["family"]["name"] = "Okafor"
    from chairdesk import conference_file

    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data), action="import")
    assert app.open_conference("other-family")
    qtbot.addWidget(app.console)  # closed after the test, as every console is: a console left open keeps its keys
    qtbot.addWidget(app.board)
    with Store(db_path) as store:
        assert store.load(DEMO_ID).location == "Room 4, One Angel Square"
    app.controller.close()


# -- the requests: New, another row, closing, a crash ----------------------------------------------------------


def requests_part(app: App, qtbot: Any, name: str) -> Any:
    window = prepare(app, qtbot)
    tab = window.requests_tab
    window.tabs.setCurrentWidget(tab)
    part = getattr(tab, name)
    tab.parts.setCurrentWidget(part)
    return window, part


def test_an_exclusion_request_typed_and_not_saved_is_saved_by_new(app: App, qtbot: Any) -> None:
    _window, part = requests_part(app, qtbot, "exclusions")
    typed(qtbot, part.evidence, "Threats to the social worker on 12 November.")
    assert form_drafts(app)["@form.exclusion-request.new"]["fields"]["evidence"].startswith("Threats")
    part.new_button.click()
    (request,) = app.controller.conference.exclusion_requests
    assert request.evidence == "Threats to the social worker on 12 November."
    assert part.evidence.toPlainText() == "" and form_drafts(app) == {}

    typed(qtbot, part.how_heard, "In writing, read out by the chair.")  # a second, then the first chosen
    typed(qtbot, part.received, "12/13/2026")  # not a date
    asked: list[str] = []
    answering(Button.Cancel, asked)
    go_to_row(qtbot, part.table, 0)
    assert len(asked) == 1 and "no month 13" in asked[0]
    assert part.how_heard.toPlainText() == "In writing, read out by the chair."
    assert part.table.currentRow() == -1 and len(app.controller.conference.exclusion_requests) == 1
    answering(Button.Discard, asked)  # the chair drops it, by choice
    part.new_button.click()
    assert len(asked) == 2 and part.how_heard.toPlainText() == "" and form_drafts(app) == {}


def test_written_views_typed_and_not_saved_come_back_after_a_crash(app: App, qtbot: Any, db_path: Path) -> None:
    _window, part = requests_part(app, qtbot, "written_views")
    part.by.setCurrentIndex(part.by.findData("mother"))
    typed(qtbot, part.received, "19/11/2026")
    typed(qtbot, part.text, "I want the children home. I have done the course.")

    again = crash(app, db_path, qtbot)
    try:
        window = again.console.open_preparation()
        part = window.requests_tab.written_views
        assert window.requests_tab.parts.currentWidget() is part
        assert part.text.toPlainText() == "I want the children home. I have done the course."
        assert (part.by.currentData(), part.received.text()) == ("mother", "19/11/2026")
        window.close()  # valid: saved as the window closes
        (views,) = again.controller.conference.written_views
        assert views.text == "I want the children home. I have done the course."
        assert form_drafts(again) == {}
    finally:
        again.controller.close()


def test_a_letter_chosen_and_not_saved_is_copied_again_off_the_window_after_a_crash(
    app: App, qtbot: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft puts the chosen letter back; it is copied again at once, on a worker (a share may be slow), never
    read on the GUI thread at Save, and the copy recorded is the letter."""
    import threading

    from test_attachments import make_pdf, slow_copies

    from chairdesk import attachments

    _window, part = requests_part(app, qtbot, "written_views")
    part.by.setCurrentIndex(part.by.findData("mother"))
    letter = make_pdf(tmp_path / "Kerry's letter.pdf")
    part.choose(str(letter))
    qtbot.waitUntil(lambda: not part.work.busy)
    typed(qtbot, part.text, "I want the children home.")

    again = crash(app, db_path, qtbot)
    release, copied_on = slow_copies(monkeypatch)
    try:
        window = again.console.open_preparation()
        part = window.requests_tab.written_views
        assert part.text.toPlainText() == "I want the children home."
        qtbot.waitUntil(lambda: bool(copied_on))  # put back, and being copied again already
        assert copied_on[0] != threading.get_ident()
        assert part.attached.text() == "Copying Kerry's letter.pdf… (to attach when saved)"
    finally:
        release.set()
    try:
        qtbot.waitUntil(lambda: not part.work.busy)
        window.close()  # valid: saved as the window closes
        (views,) = again.controller.conference.written_views
        assert views.text == "I want the children home."
        assert attachments.read(again.controller.conference.id, views.attachment) == letter.read_bytes()
        assert len(copied_on) == 1  # copied once, off the window; Save read nothing
    finally:
        again.controller.close()


def test_a_request_to_record_typed_is_not_dropped_by_escape_and_comes_back_after_a_crash(
    app: App, qtbot: Any, db_path: Path
) -> None:
    _window, part = requests_part(app, qtbot, "recording")
    dialog = part.dialog()
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.who.setCurrentIndex(dialog.who.findData("father"))
    typed(qtbot, dialog.reasons, "Mia asked that nothing she says is recorded.")
    asked: list[str] = []
    answering(Button.Cancel, asked)  # Keep editing
    qtbot.keyClick(dialog.reasons, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()
    assert form_drafts(app)["@form.request-to-record.new"]["fields"]["reasons"].startswith("Mia asked")

    again = crash(app, db_path, qtbot)
    try:
        window = again.console.open_preparation()
        dialog = window.requests_tab.recording.dialog()
        assert dialog.reasons.toPlainText() == "Mia asked that nothing she says is recorded."
        assert dialog.who.currentData() == "father"
        dialog.show()
        answering(Button.Discard, asked)  # now the chair drops it, by choice
        dialog.reject()
        assert not dialog.isVisible() and form_drafts(again) == {}
    finally:
        again.controller.close()


# -- the new-conference form ---------------------------------------------------------------------------------


def test_a_new_conference_typed_during_a_call_comes_back_after_a_crash(qtbot: Any) -> None:
    form = ConferenceForm()
    form.ask_before_closing = False
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    typed(qtbot, form.details.family, "Okafor")
    typed(qtbot, form.children_rows.fields.name, "Tolu")
    typed(qtbot, form.children_rows.fields.born.box, "03/04/2015")
    qtbot.keyClick(form.children_rows.fields.born.box, Qt.Key.Key_Return)  # added to the list
    typed(qtbot, form.invitees.fields.name, "Sam Jones")  # being typed, not added
    qtbot.waitUntil(
        lambda: "Sam Jones" in str(form.kept.read())  # the file, sealed, read back
    )
    form.hide()  # the crash: nothing more happens in it

    again = ConferenceForm()
    again.ask_before_closing = False
    qtbot.addWidget(again)
    assert again.came_back.isVisibleTo(again)
    assert again.details.family.text() == "Okafor"
    assert [c.name for c in again.children_rows.things()] == ["Tolu"]  # type: ignore[attr-defined]
    assert again.invitees.fields.name.text() == "Sam Jones"
    typed(qtbot, again.details.date.box, "30/12/2026")
    typed(qtbot, again.details.trigger.box, "16/12/2026")
    again.accept()
    assert again.conference is not None and again.conference.family.name == "Okafor"
    assert [p.name for p in again.conference.participants] == ["Sam Jones"]
    assert not again.kept.path.exists()  # made: nothing left to offer back


def test_closing_the_new_conference_form_asks_and_discards_only_when_told(qtbot: Any) -> None:
    form = ConferenceForm()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()  # in front with the keyboard, as the chair has it (Escape is then the form's)
    qtbot.waitUntil(form.isActiveWindow)
    typed(qtbot, form.details.place, "Room 2")  # anything typed counts, not only a family's name
    asked: list[str] = []
    answering(Button.Cancel, asked)
    qtbot.keyClick(form.details.place, Qt.Key.Key_Escape)
    assert asked and form.isVisible()
    answering(Button.Discard, asked)
    form.reject()
    assert len(asked) == 2 and not form.isVisible() and not form.kept.path.exists()
    again = ConferenceForm()
    again.ask_before_closing = False
    qtbot.addWidget(again)
    assert again.details.place.text() == "" and not again.came_back.isVisibleTo(again)
