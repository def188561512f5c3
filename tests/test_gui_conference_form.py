"""The new-conference form through its real widgets, from the keyboard as a chair fills it in during a phone call:
each type of conference made, dates that do not exist refused in words beside their box, a review pre-filled
from the last conference, and what is made saved to a real SQLite file and read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QWidget

from chairdesk import conference_file
from chairdesk.carry_forward import start_review
from chairdesk.gui.conference_form import ConferenceForm, ask_new_conference
from chairdesk.storage import Store

D = dt.date
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def form(qtbot: Any) -> ConferenceForm:
    made = ConferenceForm()
    made.ask_before_closing = False  # closed by the test's teardown without a question
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    made.activateWindow()
    return made


def typed(qtbot: Any, box: QWidget, text: str) -> None:
    box.setFocus()
    qtbot.keyClicks(box, text)


def tab(qtbot: Any) -> QWidget | None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    return QApplication.focusWidget()


def choose(qtbot: Any, combo: QComboBox, start: str) -> None:
    """Choose in a list by typing the start of its words, as from the keyboard."""
    combo.setFocus()
    qtbot.keyClicks(combo, start)


def enter(qtbot: Any, where: QWidget | None = None) -> None:
    qtbot.keyClick(where or QApplication.focusWidget(), Qt.Key.Key_Return)


def create(qtbot: Any, form: ConferenceForm) -> None:
    qtbot.keyClick(QApplication.focusWidget() or form, Qt.Key.Key_Return, CTRL)


def add_child(qtbot: Any, form: ConferenceForm, name: str, born: str = "", expected: str = "", nhs: str = "") -> None:
    fields = form.children_rows.fields
    typed(qtbot, fields.name, name)
    for box, text in ((fields.born.box, born), (fields.expected.box, expected), (fields.nhs, nhs)):
        assert tab(qtbot) is box  # Tab goes through the row in order
        qtbot.keyClicks(box, text)
    enter(qtbot)  # Enter adds the row


def invite(qtbot: Any, form: ConferenceForm, name: str, role: str, agency: str, email: str, knows: int = 0) -> None:
    fields = form.invitees.fields
    typed(qtbot, fields.name, name)
    assert tab(qtbot) is fields.role
    qtbot.keyClicks(fields.role, role)  # "" keeps the first choice, social worker
    for box, text in ((fields.agency, agency), (fields.email, email), (fields.phone, "")):
        if box.isEnabled():
            assert tab(qtbot) is box
            qtbot.keyClicks(box, text)
    for _ in range(knows):
        knows_box = tab(qtbot)
        qtbot.keyClick(knows_box, Qt.Key.Key_Space)
    enter(qtbot)


def test_an_initial_conference_from_the_keyboard(qtbot: Any, form: ConferenceForm, tmp_path: Path) -> None:
    details = form.details
    assert QApplication.focusWidget() is details.type  # the first thing asked
    assert details.trigger.isVisible() and not details.previous_row.isVisible()
    assert tab(qtbot) is details.date.box
    qtbot.keyClicks(details.date.box, "07/01/2027")
    assert tab(qtbot) is details.time
    qtbot.keyClicks(details.time, "10:00")
    assert tab(qtbot) is details.place
    qtbot.keyClicks(details.place, "The Guildhall, Northampton")
    assert tab(qtbot) is details.family
    qtbot.keyClicks(details.family, "Okafor")
    assert tab(qtbot) is details.trigger.box
    qtbot.keyClicks(details.trigger.box, "14/12/2026")
    # The due date, live, with its rule: 15 working days over Christmas and New Year.
    assert "Due by Thursday 7 January 2027" in details.due.text()
    assert "15 working days after the strategy discussion" in details.due.text()

    add_child(qtbot, form, "Tolu", born="01/06/2015", nhs="943 476 5919")
    assert form.children_rows.list.rowCount() == 1
    assert QApplication.focusWidget() is form.children_rows.fields.name  # ready for the next child
    assert form.children_rows.fields.name.text() == ""
    add_child(qtbot, form, "Ada", born="2022-02-03")
    invite(qtbot, form, "Sara Jones", "", "Children's Services", "sara@example.org", knows=2)
    invite(qtbot, form, "PC Webb", "pol", "Northamptonshire Police", "", knows=1)
    assert form.invitees.list.rowCount() == 2
    assert form.invitees.list.item(0, 5).text() == "Tolu, Ada"

    create(qtbot, form)
    assert form.result() == QDialog.DialogCode.Accepted
    made = form.conference
    assert made is not None and made.id is None
    assert (made.type, made.date, made.start_time, made.family.name) == (
        "initial",
        D(2027, 1, 7),
        dt.time(10),
        "Okafor",
    )
    assert made.trigger_date == D(2026, 12, 14) and made.location == "The Guildhall, Northampton"
    assert [(c.name, c.date_of_birth, c.nhs_number) for c in made.children] == [
        ("Tolu", D(2015, 6, 1), "943 476 5919"),
        ("Ada", D(2022, 2, 3), ""),
    ]
    sara, webb = made.participants
    assert (sara.role, sara.agency, sara.email) == ("social-worker", "Children's Services", "sara@example.org")
    assert sara.contact_with == [c.id for c in made.children] and webb.contact_with == [made.children[0].id]
    assert webb.role == "police" and not sara.attended

    # Stored in a real SQLite file, as the home window does with it, and read back the same.
    with Store(tmp_path / "chairdesk.sqlite") as store:
        ident = store.save(made, action="create")
    with Store(tmp_path / "chairdesk.sqlite") as store:
        back = store.load(ident)
    assert conference_file.to_json(back) == conference_file.to_json(made)


def test_dates_that_do_not_exist_are_said_beside_their_box_and_nothing_is_made(
    qtbot: Any, form: ConferenceForm
) -> None:
    details = form.details
    typed(qtbot, details.date.box, "31/02/2027")
    tab(qtbot)  # leaving the box
    assert details.date.message.isVisible()
    assert "31/02/2027 does not exist: February 2027 has 28 days" in details.date.message.text()
    typed(qtbot, details.family, "Okafor")
    typed(qtbot, details.trigger.box, "14/13/2026")
    add_child(qtbot, form, "Tolu", born="30/02/2015")
    assert form.children_rows.list.rowCount() == 0  # not added: the date of birth is not a date
    assert "February 2015 has 28 days" in form.children_rows.message.text()
    assert form.children_rows.fields.name.text() == "Tolu"  # what was typed stays, to be put right

    create(qtbot, form)
    assert form.result() != QDialog.DialogCode.Accepted and form.conference is None
    words = form.problems.text()
    assert "Not made yet" in words and "February 2027 has 28 days" in words and "no month 13" in words
    assert "Traceback" not in words
    assert details.trigger.message.isVisible()

    for field, text in ((details.date, "07/02/2027"), (details.trigger, "18/01/2027")):
        field.box.clear()
        typed(qtbot, field.box, text)
    assert not details.date.message.isVisible()  # the sentence goes once the date is right
    form.children_rows.fields.born.box.clear()
    typed(qtbot, form.children_rows.fields.born.box, "28/02/2015")
    create(qtbot, form)  # the child still being typed is added as the form is made
    assert form.result() == QDialog.DialogCode.Accepted
    assert form.conference is not None and [c.name for c in form.conference.children] == ["Tolu"]


def test_a_pre_birth_conference_with_an_unborn_child(qtbot: Any, form: ConferenceForm) -> None:
    details = form.details
    choose(qtbot, details.type, "Pre")
    assert details.kind() == "pre-birth"
    assert not details.trigger.isVisible() and not details.previous_row.isVisible()  # only what the type needs
    assert "unborn baby" in form.hint.text()
    typed(qtbot, details.date.box, "14/01/2027")
    typed(qtbot, details.family, "Harper")
    add_child(qtbot, form, "Leo", born="02/09/2019")
    create(qtbot, form)
    assert form.conference is None and "unborn child" in form.problems.text()

    add_child(qtbot, form, "Baby Harper", expected="08/05/2027", nhs="943 476 5919")  # the mother's NHS number
    assert "10 weeks before the expected delivery date, Saturday 8 May 2027" in details.due.text()
    create(qtbot, form)
    made = form.conference
    assert made is not None and made.type == "pre-birth" and made.trigger_date is None
    baby = made.children[1]
    assert baby.unborn and baby.expected_delivery_date == D(2027, 5, 8) and baby.subject


def test_a_transfer_in_conference_asks_for_the_notification(qtbot: Any, form: ConferenceForm) -> None:
    details = form.details
    choose(qtbot, details.type, "Tr")
    assert details.kind() == "transfer-in" and details.trigger_label.text() == "Notified of the mo&ve on"
    typed(qtbot, details.date.box, "3 Feb 2027")
    typed(qtbot, details.family, "Nowak")
    add_child(qtbot, form, "Kasia", born="11/11/2016")
    create(qtbot, form)
    assert form.conference is None and "notification of the move" in form.problems.text()
    typed(qtbot, details.trigger.box, "20/01/2027")
    assert "Due by Wednesday 10 February 2027" in details.due.text()
    invite(qtbot, form, "Ruth Adams", "oth", "Leeds City Council", "ruth@example.org", knows=1)
    create(qtbot, form)
    made = form.conference
    assert made is not None and made.type == "transfer-in" and made.trigger_date == D(2027, 1, 20)
    assert made.participants[0].role == "other-local-authority"


def test_a_review_pre_filled_from_the_last_conference(qtbot: Any, demo_data: dict[str, Any]) -> None:
    previous = conference_file.from_json(demo_data)
    start = start_review(previous, D(2027, 2, 18))
    form = ConferenceForm(None, start)
    form.ask_before_closing = False  # closed by the test's teardown without a question
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    details = form.details
    assert details.kind() == "review" and details.previous_row.isVisible() and not details.trigger.isVisible()
    assert details.previous_date.box.text() == "24/11/2026" and details.family.text() == "Harper"
    assert "3 months after the initial conference on Tuesday 24 November 2026" in details.due.text()
    assert form.children_rows.list.rowCount() == 4 and form.invitees.list.rowCount() == 13

    # Change the health visitor (the last invitee): Enter on the row puts her back in the boxes.
    invitees = form.invitees
    invitees.list.setFocus()
    invitees.list.setCurrentCell(12, 0)
    qtbot.keyClick(invitees.list, Qt.Key.Key_Return)
    assert invitees.fields.name.text() == "Nadia Malik" and invitees.list.rowCount() == 13  # changed in place
    invitees.fields.email.clear()
    typed(qtbot, invitees.fields.email, "nadia.malik@example.nhs.uk")
    enter(qtbot, invitees.fields.email)
    # Remove the solicitor, who is not coming to the review.
    invitees.list.setFocus()
    invitees.list.setCurrentCell(next(r for r in range(13) if invitees.list.item(r, 0).text() == "Mark Ellis"), 0)
    qtbot.keyClick(invitees.list, Qt.Key.Key_Delete)
    qtbot.keyClick(invitees.list, Qt.Key.Key_Return, CTRL)
    made = form.conference
    assert made is not None and made.type == "review", (form.problems.text(), invitees.fields.name.text())
    assert made.previous_conference is not None and made.previous_conference.id == previous.id
    assert made.carried_forward is not None and made.carried_forward.safety_goals  # what the form does not show
    names = [p.name for p in made.participants]
    assert "Mark Ellis" not in names and len(names) == 12
    nadia = next(p for p in made.participants if p.name == "Nadia Malik")
    assert nadia.id == "hv" and nadia.email == "nadia.malik@example.nhs.uk" and nadia.contact_with == ["ruby", "baby"]


def review_form(qtbot: Any, demo_data: dict[str, Any]) -> ConferenceForm:
    start = start_review(conference_file.from_json(demo_data), D(2027, 2, 18))
    form = ConferenceForm(None, start)
    form.ask_before_closing = False  # closed by the test's teardown without a question
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    return form


def names(rows: Any) -> list[str]:
    return [rows.list.item(row, 0).text() for row in range(rows.list.rowCount())]


def test_change_edits_a_child_or_an_invitee_in_its_place(qtbot: Any, demo_data: dict[str, Any]) -> None:
    """The eldest child stays first (on the board, in the letters and the record); an invitee keeps their place."""
    form = review_form(qtbot, demo_data)
    children, invitees = form.children_rows, form.invitees
    assert names(children) == ["Mia", "Leo", "Ruby", "Baby"]
    children.list.setFocus()
    children.list.setCurrentCell(0, 0)
    qtbot.keyClick(children.list, Qt.Key.Key_Return)  # Change
    assert children.fields.name.text() == "Mia" and names(children) == ["Mia", "Leo", "Ruby", "Baby"]
    typed(qtbot, children.fields.identifier, "CI-MIA-1")
    enter(qtbot, children.fields.identifier)
    assert names(children) == ["Mia", "Leo", "Ruby", "Baby"] and children.list.item(0, 3).text() == "CI-MIA-1"
    assert children.fields.name.text() == ""  # ready for another child

    qtbot.mouseClick(invitees.change, Qt.MouseButton.LeftButton)  # nothing chosen: nothing happens
    invitees.list.setCurrentCell(1, 0)
    qtbot.mouseClick(invitees.change, Qt.MouseButton.LeftButton)
    typed(qtbot, invitees.fields.phone, "01604 000000")
    # Change on another row while one is being changed: the first goes back in its place first.
    invitees.list.setCurrentCell(2, 0)
    qtbot.mouseClick(invitees.change, Qt.MouseButton.LeftButton)
    assert invitees.fields.name.text() == "Tom Reid"
    assert names(invitees)[:3] == ["Alex Morgan", "Priya Shah", "Tom Reid"] and invitees.list.rowCount() == 13
    assert invitees.list.item(1, 4).text() == "01604 000000"
    invitees.fields.name.clear()
    typed(qtbot, invitees.fields.name, "Tom Reid-Jones")
    enter(qtbot, invitees.fields.name)

    # Changing the baby while the form is closed and opened again (a crash): it comes back in its place, once.
    children.list.setCurrentCell(3, 0)
    qtbot.mouseClick(children.change, Qt.MouseButton.LeftButton)
    typed(qtbot, children.fields.name, " Harper")
    qtbot.waitUntil(lambda: "Baby Harper" in str(form.kept.read()))  # the file, sealed, read back
    form.hide()
    again = review_form(qtbot, demo_data)
    assert again.came_back.isVisibleTo(again) and again.children_rows.fields.name.text() == "Baby Harper"
    assert names(again.children_rows) == ["Mia", "Leo", "Ruby", "Baby"]
    again.accept()
    made = again.conference
    assert made is not None, again.problems.text()
    assert [c.name for c in made.children] == ["Mia", "Leo", "Ruby", "Baby Harper"]
    assert [c.child_identifier for c in made.children][0] == "CI-MIA-1"
    assert [p.name for p in made.participants][:3] == ["Alex Morgan", "Priya Shah", "Tom Reid-Jones"]
    assert made.participants[1].phone == "01604 000000" and len(made.participants) == 13


def test_an_invalid_nhs_number_is_refused_as_the_child_is_added(qtbot: Any, form: ConferenceForm) -> None:
    rows, fields = form.children_rows, form.children_rows.fields
    typed(qtbot, fields.name, "Tolu")
    typed(qtbot, fields.born.box, "01/06/2015")
    typed(qtbot, fields.nhs, "123 456 7890")
    tab(qtbot)  # leaving the box: said beside it at once
    assert fields.nhs_message.isVisible()
    assert "Tolu's NHS number 123 456 7890 is not a valid NHS number (its check digit is wrong)" in (
        fields.nhs_message.text()
    )
    enter(qtbot, fields.nhs)
    assert rows.list.rowCount() == 0 and "check digit" in rows.message.text()  # not added; the typing stays
    assert fields.nhs.text() == "123 456 7890"
    fields.nhs.clear()
    typed(qtbot, fields.nhs, "943 476 5919")
    assert not fields.nhs_message.isVisible()  # the sentence goes once it is right
    enter(qtbot, fields.nhs)
    assert names(rows) == ["Tolu"]

    # Changed to a wrong number: refused too, and the row keeps its right one.
    rows.list.setCurrentCell(0, 0)
    qtbot.mouseClick(rows.change, Qt.MouseButton.LeftButton)
    fields.nhs.clear()
    typed(qtbot, fields.nhs, "12345")
    enter(qtbot, fields.nhs)
    assert "is not 10 digits" in fields.nhs_message.text() and rows.list.item(0, 2).text() == "943 476 5919"

    # An unborn child's NHS number is the mother's: the label and the hint say so, and the sentence.
    fields.show_child(None)
    assert fields.nhs_label.text() == "NHS n&umber"
    typed(qtbot, fields.name, "Baby Harper")
    typed(qtbot, fields.expected.box, "08/05/2027")
    assert fields.nhs_label.text() == "Mother's NHS n&umber" and "mother's" in fields.nhs.placeholderText()
    assert "mother" in fields.nhs.accessibleName()
    typed(qtbot, fields.nhs, "943 476 5918")
    enter(qtbot, fields.nhs)
    assert "Baby Harper's mother's NHS number 943 476 5918 is not a valid NHS number" in fields.nhs_message.text()


def test_no_placeholder_looks_like_a_value(qtbot: Any, demo_data: dict[str, Any]) -> None:
    """The review's Time box was grey "10:00", which looks filled in; it is empty, and says so."""
    from PySide6.QtWidgets import QLineEdit
    from test_gui_preparation import looks_like_a_value

    form = review_form(qtbot, demo_data)
    assert form.details.time.text() == "" and form.details.time.placeholderText() == "e.g. 10:00"
    hints = [box.placeholderText() for box in form.findChildren(QLineEdit) if box.placeholderText()]
    assert len(hints) >= 5 and [hint for hint in hints if looks_like_a_value(hint)] == []


def test_ask_new_conference_is_modal_and_gives_the_conference(qtbot: Any) -> None:
    seen: list[bool] = []

    def fill() -> None:
        form = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ConferenceForm) and w.isVisible())
        try:
            seen.append(form.isModal())
            form.details.date.box.setText("07/01/2027")
            form.details.trigger.box.setText("14/12/2026")
            form.details.family.setText("Okafor")
            form.children_rows.fields.name.setText("Tolu")
            form.children_rows.fields.born.box.setText("01/06/2015")
            qtbot.keyClick(form.children_rows.fields.born.box, Qt.Key.Key_Return, CTRL)
        finally:
            if form.isVisible():
                form.ask_before_closing = False
                form.reject()  # never left open: the test would wait for ever

    QTimer.singleShot(0, fill)
    made = ask_new_conference(None)
    assert seen == [True]
    assert made is not None and made.family.name == "Okafor" and made.children[0].name == "Tolu"


def test_closing_a_form_with_typing_in_it_asks_first(qtbot: Any, form: ConferenceForm) -> None:
    """What the chair typed during the call is not lost to a stray Escape."""
    from PySide6.QtWidgets import QMessageBox

    typed(qtbot, form.details.family, "Okafor")
    form.ask_before_closing = True
    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, answer)
    qtbot.keyClick(form.details.family, Qt.Key.Key_Escape)
    form.ask_before_closing = False
    assert asked and "not saved yet" in asked[0]
    assert form.isVisible() and form.details.family.text() == "Okafor"


def mnemonics(window: QWidget) -> list[str]:
    """The Alt+letter of every visible label and button of ``window``."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    letters = []
    for widget in window.findChildren(QWidget):
        if isinstance(widget, (QLabel, QAbstractButton)) and widget.isVisibleTo(window):
            text = widget.text().replace("&&", "")
            if "&" in text:
                letters.append(text[text.index("&") + 1].lower())
    return letters


@pytest.mark.parametrize("kind", ["initial", "pre-birth", "transfer-in", "review"])
def test_each_alt_letter_does_one_thing(form: ConferenceForm, kind: str) -> None:
    """Two fields with the same Alt+letter would need the key twice; in every type of the form each is unique."""
    form.details.type.setCurrentIndex(form.details.type.findData(kind))
    letters = mnemonics(form)
    assert len(letters) > 15 and sorted(letters) == sorted(set(letters))
