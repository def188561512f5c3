"""The chair's week before the meeting, end to end through the real app (issue 10): ChairDesk started on its home
over an empty data folder, each conference made in the real new-conference form from the keyboard, prepared in
the preparation window, run briefly in the console, and its review started from the home. A real SQLite file,
real documents read back; each test is one piece of the journey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from console_app import type_as_a_chair
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QApplication
from test_gui_conference_form import add_child, choose, tab
from test_gui_conference_form import invite as invite_quickly
from test_gui_preparation import prepare  # File > Prepare this conference…, the window in front

from chairdesk.gui.app import App
from chairdesk.gui.conference_form import ConferenceForm
from chairdesk.gui.home_window import OVERDUE_RED, SOON_BACKGROUND
from chairdesk.storage import Store

CTRL = Qt.KeyboardModifier.ControlModifier
TODAY = dt.date(2026, 12, 31)  # a Thursday: New Year's Day, then a weekend, before the next working day


@pytest.fixture
def home(qtbot: Any, db_path: Path) -> Iterator[App]:
    """ChairDesk started on its home over an empty data folder, with a fixed "today"."""
    assert not db_path.exists()
    running = App(db_path, home=True)
    running.home.today = lambda: TODAY
    qtbot.addWidget(running.home)
    running.show()
    qtbot.waitExposed(running.home)
    running.home.activateWindow()
    yield running
    if running.is_open:
        running.console.recording.shut_down()
        running.controller.close()


def through_the_form(app: App, qtbot: Any, fill: Callable[[ConferenceForm], None], press: Callable[[], None]) -> None:
    """``press`` opens the real form (modal, as the chair meets it); ``fill`` types in it and the chair makes the
    conference with Ctrl+Enter. The form never stays open: a failure inside it is raised here."""
    failures: list[BaseException] = []
    done: list[bool] = []

    def run() -> None:
        form = QApplication.activeModalWidget()
        if not isinstance(form, ConferenceForm):  # a button pressed from the keyboard is pressed as it is seen
            QTimer.singleShot(20, run)
            return
        try:
            form.activateWindow()
            qtbot.waitUntil(form.isActiveWindow)
            fill(form)
            qtbot.keyClick(QApplication.focusWidget() or form, Qt.Key.Key_Return, CTRL)
            assert not form.isVisible(), form.problems.text()
        except BaseException as error:  # noqa: BLE001 (given back to the test below)
            failures.append(error)
        finally:
            if form.isVisible():
                form.ask_before_closing = False
                form.reject()
            done.append(True)

    QTimer.singleShot(0, run)
    press()
    qtbot.waitUntil(lambda: bool(done))
    if failures:
        raise failures[0]
    if app.is_open:
        qtbot.addWidget(app.console)
        qtbot.addWidget(app.board)
        app.console.open_outputs_folder = False


def new_conference(app: App, qtbot: Any, fill: Callable[[ConferenceForm], None]) -> None:
    """From the home: Ctrl+N, the form filled in, Ctrl+Enter."""
    if app.is_open and not app.home.isVisible():
        go_home(app, qtbot)
    through_the_form(app, qtbot, fill, lambda: qtbot.keyClick(app.home, Qt.Key.Key_N, CTRL))


def go_home(app: App, qtbot: Any) -> None:
    """From the console, File > Home (Ctrl+O): the home in front, the conference still open behind it."""
    app.console.activateWindow()
    qtbot.waitUntil(app.console.isActiveWindow)
    qtbot.keyClick(app.console, Qt.Key.Key_O, CTRL)
    assert app.home.isVisible()
    app.home.activateWindow()
    qtbot.waitUntil(app.home.isActiveWindow)


def details(
    qtbot: Any, form: ConferenceForm, kind: str, date: str, family: str, trigger: str = "", time: str = "10:00"
) -> None:
    """The conference's details, in the order Tab takes the chair through them."""
    d = form.details
    assert QApplication.focusWidget() is d.type  # the first thing the form asks
    if kind != "Initial":
        choose(qtbot, d.type, kind)
    assert tab(qtbot) is d.date.box
    qtbot.keyClicks(d.date.box, date)
    assert tab(qtbot) is d.time
    qtbot.keyClicks(d.time, time)
    assert tab(qtbot) is d.place
    qtbot.keyClicks(d.place, "Guildhall, Northampton")
    assert tab(qtbot) is d.family
    qtbot.keyClicks(d.family, family)
    if trigger:
        assert tab(qtbot) is d.trigger.box
        qtbot.keyClicks(d.trigger.box, trigger)


def invite(qtbot: Any, form: ConferenceForm, name: str, role: str, agency: str, email: str, knows: int = 0) -> None:
    """An invitee as in the form's own tests, the role chosen by typing its first letters at a person's pace: a
    list finds by what was typed within a moment, so a second role typed at once would be sought as "parpol"."""
    qtbot.wait(QApplication.keyboardInputInterval() + 100)
    invite_quickly(qtbot, form, name, role, agency, email, knows)


def row_of(app: App, conference_id: str) -> int:
    return [r.conference_id for r in app.home.model.rows].index(conference_id)


def cell(app: App, conference_id: str, column: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
    model = app.home.model
    return model.data(model.index(row_of(app, conference_id), column), role)


def board_starts_blank_and_shows_only(app: App, family: str, others: list[str]) -> str:
    """The board of the conference just opened: blank first; once the chair shows it, this family only."""
    assert app.controller.blank and app.board.stack.currentWidget() is app.board.blank_page
    assert family not in app.board.visible_text() and not any(o in app.board.visible_text() for o in others)
    app.controller.set_blank(False)  # F8, as the chair does once the room is ready
    shown = app.board.visible_text()
    assert f"the {family} family" in shown
    for other in others:
        assert other not in shown, (other, shown)
    return shown


# -- 1. every type of conference made from the home ---------------------------------------------------------


def test_each_type_of_conference_is_made_from_the_home_in_the_real_form(home: App, qtbot: Any, db_path: Path) -> None:
    app = home
    assert "No conference yet" in app.home.summary.text()

    def initial(form: ConferenceForm) -> None:
        details(qtbot, form, "Initial", "07/01/2027", "Okafor", trigger="14/12/2026")
        assert "Due by Thursday 7 January 2027" in form.details.due.text()
        add_child(qtbot, form, "Tolu", born="01/06/2015", nhs="943 476 5919")
        invite(qtbot, form, "Sara Jones", "", "Children's Services", "sara@example.org", knows=1)

    def pre_birth(form: ConferenceForm) -> None:
        details(qtbot, form, "Pre", "14/01/2027", "Lindqvist")
        add_child(qtbot, form, "Baby Lindqvist", expected="08/05/2027")
        invite(qtbot, form, "Grace Obi", "mid", "Northampton General Hospital", "", knows=1)

    def transfer_in(form: ConferenceForm) -> None:
        details(qtbot, form, "Tr", "12/01/2027", "Nowak", trigger="17/12/2026")
        add_child(qtbot, form, "Kasia", born="11/11/2016")
        invite(qtbot, form, "Ruth Adams", "oth", "Leeds City Council", "ruth@example.org", knows=1)

    def review(form: ConferenceForm) -> None:
        details(qtbot, form, "Rev", "05/02/2027", "Achebe")
        d = form.details
        assert d.previous_row.isVisible() and not d.trigger.isVisible()  # the previous conference, typed in
        d.previous_type.setFocus()
        qtbot.keyClicks(d.previous_type, "Init")
        assert tab(qtbot) is d.previous_date.box
        qtbot.keyClicks(d.previous_date.box, "05/11/2026")
        assert "3 months after the initial conference on Thursday 5 November 2026" in d.due.text()
        add_child(qtbot, form, "Chidi", born="02/03/2019")
        invite(qtbot, form, "Sara Jones", "", "Children's Services", "", knows=1)

    made: dict[str, str] = {}
    families = {"initial": "Okafor", "pre-birth": "Lindqvist", "transfer-in": "Nowak", "review": "Achebe"}
    for kind, fill in (
        ("initial", initial),
        ("pre-birth", pre_birth),
        ("transfer-in", transfer_in),
        ("review", review),
    ):
        new_conference(app, qtbot, fill)
        # Stored, and opened: its console in front, the home behind it.
        assert app.is_open and app.console.isVisible() and not app.home.isVisible()
        conference = app.controller.conference
        assert conference.type == kind and conference.family.name == families[kind]
        made[kind] = conference.id or ""
        with Store(db_path) as store:
            assert store.load(made[kind]).family.name == families[kind]
        others = [f for k, f in families.items() if k != kind]
        board_starts_blank_and_shows_only(app, families[kind], others)

    with Store(db_path) as store:
        stored = {c.type: c for c in (store.load(i) for i in made.values())}
    assert stored["initial"].trigger_date == dt.date(2026, 12, 14)
    assert stored["pre-birth"].children[0].unborn
    assert stored["pre-birth"].children[0].expected_delivery_date == dt.date(2027, 5, 8)
    assert stored["transfer-in"].trigger_date == dt.date(2026, 12, 17)
    previous = stored["review"].previous_conference
    assert previous is not None and (previous.type, previous.date, previous.id) == (
        "initial",
        dt.date(2026, 11, 5),
        None,
    )

    # Listed on the home with what is due next and when.
    go_home(app, qtbot)
    assert sorted(r.family for r in app.home.model.rows) == sorted(families.values())
    # The first thing due for each is the social worker's report to the family, 3 working days before the day.
    report = "Social worker's report to the family by"
    # Everything due that same day is said (issue 11: the home never hides a second thing due the same day).
    assert cell(app, made["initial"], 5) == (
        f"{report} Mon 4 Jan 2027; Requests to exclude a family member by Mon 4 Jan 2027"
    )
    assert cell(app, made["initial"], 6) == "DUE MONDAY (NEXT WORKING DAY)"  # New Year's Day and a weekend between
    assert cell(app, made["initial"], 6, Qt.ItemDataRole.BackgroundRole).color() == QColor(SOON_BACKGROUND)
    for kind, day in (("pre-birth", "Mon 11 Jan 2027"), ("transfer-in", "Thu 7 Jan 2027")):
        said = cell(app, made[kind], 5)
        assert said.startswith(f"{report} {day}") and all(part.endswith(day) for part in said.split("; ")), said
    assert cell(app, made["review"], 5) == f"{report} Fri 29 Jan 2027"
    for kind in ("pre-birth", "transfer-in", "review"):
        assert cell(app, made[kind], 6).startswith("due ")
        assert cell(app, made[kind], 6, Qt.ItemDataRole.BackgroundRole) is None
    assert [cell(app, made[k], 2) for k in families] == ["Initial", "Pre-birth", "Transfer-in", "Review"]
    assert cell(app, made["initial"], 3) == "Thu 7 Jan 2027, 10:00" and cell(app, made["initial"], 1) == "Tolu"


# -- 2. an initial conference prepared in the preparation window ---------------------------------------------

ALT = Qt.KeyboardModifier.AltModifier


def make_the_harpers(app: App, qtbot: Any) -> None:
    """An initial conference for the Harpers: Mia (12 on the day), Leo (7), Ruby (3) and a baby not born yet; the
    social worker, the mother and the police invited in the form."""

    def fill(form: ConferenceForm) -> None:
        details(qtbot, form, "Initial", "07/01/2027", "Harper", trigger="14/12/2026")
        add_child(qtbot, form, "Mia", born="10/03/2014", nhs="943 476 5919")
        add_child(qtbot, form, "Leo", born="02/09/2019")
        add_child(qtbot, form, "Ruby", born="15/06/2023")
        add_child(qtbot, form, "Baby Harper", expected="20/04/2027")
        invite(qtbot, form, "Priya Shah", "", "Children's Services", "priya.shah@example.gov.uk", knows=4)
        invite(qtbot, form, "Kerry Harper", "par", "", "", knows=4)
        invite(qtbot, form, "PC Dan Webb", "pol", "County Police", "", knows=4)

    new_conference(app, qtbot, fill)


def invite_in_the_window(qtbot: Any, window: Any, name: str, role: str, agency: str, knows: list[str]) -> None:
    """In the Invitees tab: the boxes filled from the keyboard, then Alt+W (Add as a new invitee)."""
    fields = window.invitees_tab.fields
    window.invitees_tab.list.setCurrentCell(-1, -1)
    fields.show_invitee(None)
    fields.name.setFocus()
    qtbot.keyClicks(fields.name, name)
    assert tab(qtbot) is fields.role
    qtbot.wait(QApplication.keyboardInputInterval() + 100)  # a pause, as a person makes, between two roles typed
    qtbot.keyClicks(fields.role, role)
    assert tab(qtbot) is fields.agency
    qtbot.keyClicks(fields.agency, agency)
    names = {child.id: child.name for child in window.controller.conference.children}
    for ident, box in fields.knows.items():
        if names[ident] in knows:
            box.setFocus()
            qtbot.keyClick(box, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_W, ALT)  # Qt presses the button as it is seen: a moment later
    qtbot.waitUntil(lambda: window.invitees_tab.message.text() == f"{name} is invited.")


def lights(app: App) -> dict[str, str]:
    return {
        child.name: app.console.register.quorum.lights[child.id].text() for child in app.controller.conference.children
    }


def listed(window: Any) -> list[str]:
    return [window.problems.item(i).text() for i in range(window.problems.count())]


def test_an_initial_conference_is_prepared_with_the_quorum_before_anyone_arrives(
    home: App, qtbot: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog, QPushButton
    from test_attachments import make_png

    app = home
    make_the_harpers(app, qtbot)
    c = app.controller.conference
    ids = {child.name: child.id for child in c.children}
    assert [child.name for child in c.children] == ["Mia", "Leo", "Ruby", "Baby Harper"]
    assert c.children[3].unborn and [p.role for p in c.participants] == ["social-worker", "parent", "police"]

    # The register, before anyone arrives: the quorum the invitation list would give, per child.
    quorum = app.console.register.quorum
    assert quorum.source.isVisible() and "from the invitation list" in quorum.source.text()
    assert set(lights(app).values()) == {f"{n}: NOT quorate" for n in ("Mia", "Leo", "Ruby", "Baby Harper")}

    # The preparation window: who is usually invited is suggested, and Mia should be offered a part.
    window = prepare(app, qtbot)
    problems = listed(window)
    assert any("No health visitor is invited, and Ruby is under 5" in p for p in problems), problems
    assert any("No school nurse is invited, and Mia and Leo are of school age" in p for p in problems), problems
    assert any("No midwife is invited, and Baby Harper is not born yet" in p for p in problems), problems
    assert not any("No one from the police is invited" in p for p in problems)  # invited in the form
    assert any(p.code == "offer-participation" and p.child == ids["Mia"] for p in app.controller.check().problems)

    window.tabs.setCurrentWidget(window.invitees_tab)
    invite_in_the_window(qtbot, window, "Nadia Malik", "hea", "Northampton Healthcare", ["Ruby", "Baby Harper"])
    invite_in_the_window(qtbot, window, "Joy Patel", "sch", "Northampton Healthcare", ["Mia", "Leo"])
    invite_in_the_window(qtbot, window, "Grace Obi", "mid", "Northampton General Hospital", ["Baby Harper"])
    roles = [p.role for p in app.controller.conference.participants][3:]
    assert roles == ["health-visitor", "school-nurse", "midwife"]
    assert not any("is invited, and" in p for p in listed(window))  # the suggestions are met
    # Three agencies know each child now: the register says so before anyone has come.
    assert lights(app) == {n: f"{n}: quorate" for n in ("Mia", "Leo", "Ruby", "Baby Harper")}
    assert quorum.source.isVisible()

    # Kerry's new address is kept from the children's father: recorded and withheld.
    invitees = window.invitees_tab
    invitees.list.setFocus()
    invitees.list.setCurrentCell(
        next(r for r in range(invitees.list.rowCount()) if invitees.list.item(r, 0).text() == "Kerry Harper"), 0
    )
    fields = invitees.fields
    fields.address.setFocus()
    qtbot.keyClicks(fields.address, "Flat 2, 9 Willow Court, Northampton NN1 0XX")
    assert tab(qtbot) is fields.address_withheld
    qtbot.keyClick(fields.address_withheld, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_S, ALT)  # Save changes
    qtbot.waitUntil(lambda: invitees.message.text() == "Kerry Harper's details are changed.")
    kerry = next(p for p in app.controller.conference.participants if p.name == "Kerry Harper")
    assert kerry.address == "Flat 2, 9 Willow Court, Northampton NN1 0XX" and kerry.address_withheld

    # Someone invited by mistake is removed; the social worker, once marked as arrived, is not.
    invite_in_the_window(qtbot, window, "Sam Lee", "hou", "Northampton Housing", [])
    qtbot.keyClick(invitees.list, Qt.Key.Key_Delete)
    assert invitees.message.text() == "Sam Lee is removed."
    assert "Sam Lee" not in [p.name for p in app.controller.conference.participants]
    register = app.console.register
    register.table.selectRow([p.name for p in app.controller.conference.participants].index("Priya Shah"))
    arrived = next(b for b in register.findChildren(QPushButton) if b.text() == "&Arrived")
    qtbot.mouseClick(arrived, Qt.MouseButton.LeftButton)
    # From now the lights count who is in the room, and say so in the same place (the rows do not move).
    assert quorum.source.isVisible() and quorum.source.text() == "Quorum in the room now:"
    invitees.list.setFocus()
    invitees.list.setCurrentCell(0, 0)
    qtbot.keyClick(invitees.list, Qt.Key.Key_Delete)
    assert "Priya Shah cannot be removed" in invitees.message.text()
    assert "Priya Shah" in [p.name for p in app.controller.conference.participants]

    # Mia's participation, with her drawing: the problem goes.
    drawing = make_png(tmp_path / "three houses.png")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(drawing), ""))
    window.tabs.setCurrentWidget(window.participation_tab)
    mia = window.participation_tab.show_child(ids["Mia"])
    mia.answers["understanding"].setFocus()
    qtbot.keyClicks(mia.answers["understanding"], "Yes, she knows why we meet.")
    for way in ("attend-part", "drawing"):
        mia.ways[way].setFocus()
        qtbot.keyClick(mia.ways[way], Qt.Key.Key_Space)
    mia.title.setFocus()
    qtbot.keyClicks(mia.title, "Mia's three houses")
    qtbot.keyClick(mia.attach_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not mia.work.busy)  # copied off the GUI thread
    held = app.controller.conference.child(ids["Mia"]).participation
    assert held is not None and held.ways == ["attend-part", "drawing"]
    assert [a.title for a in held.own_words] == ["Mia's three houses"]
    assert not any(p.code == "offer-participation" for p in app.controller.check().problems)
    assert not any("Mia" in p and "take part" in p for p in listed(window))

    # All of it in the real SQLite file.
    assert app.controller.writer.flush()
    with Store(db_path) as store:
        back = store.load(c.id or "")
    assert [p.name for p in back.participants] == [
        "Priya Shah",
        "Kerry Harper",
        "PC Dan Webb",
        "Nadia Malik",
        "Joy Patel",
        "Grace Obi",
    ]
    assert back.participant(kerry.id).address_withheld
    assert back.child(ids["Mia"]).participation.own_words[0].title == "Mia's three houses"


# -- 3. the home's deadlines over Christmas and New Year ------------------------------------------------------


def an_initial(qtbot: Any, date: str, family: str, trigger: str, child: str) -> Callable[[ConferenceForm], None]:
    def fill(form: ConferenceForm) -> None:
        details(qtbot, form, "Initial", date, family, trigger=trigger)
        add_child(qtbot, form, child, born="01/06/2015")
        invite(qtbot, form, "Priya Shah", "", "Children's Services", "", knows=1)

    return fill


def test_the_homes_deadlines_across_the_bank_holidays_for_conferences_made_in_the_form(home: App, qtbot: Any) -> None:
    app = home
    made = {}
    for family, date, trigger, child in (
        ("Ashworth", "05/01/2027", "20/11/2026", "Amy"),  # late already: its reports were due on Wednesday
        ("Brennan", "06/01/2027", "15/12/2026", "Zebedee"),  # its social worker's report is due today
        ("Carter", "07/01/2027", "14/12/2026", "Cal"),  # due on Monday, the next working day after New Year
        ("Dunmore", "14/01/2027", "21/12/2026", "Dot"),  # nothing due until the week after
        ("Ellison", "04/01/2027", "11/12/2026", "Eve"),  # its report was due on the first working day after Christmas
    ):
        new_conference(app, qtbot, an_initial(qtbot, date, family, trigger, child))
        made[family] = app.controller.conference.id or ""
    go_home(app, qtbot)

    ids = [r.conference_id for r in app.home.model.rows]
    assert ids == [
        made[f] for f in ("Ellison", "Ashworth", "Brennan", "Carter", "Dunmore")
    ]  # what needs the chair first
    red = QColor(OVERDUE_RED)
    assert cell(app, made["Ashworth"], 6) == "OVERDUE since Wed 30 Dec 2026"
    assert cell(app, made["Ashworth"], 5) == (
        "Social worker's report to the family by Wed 30 Dec 2026; then social worker's report to the chair by "
        "Thu 31 Dec 2026; parents' written views by Thu 31 Dec 2026"
    )
    assert cell(app, made["Ellison"], 6) == "OVERDUE since Tue 29 Dec 2026 (2 things)"  # both reports
    for family in ("Ashworth", "Ellison"):
        assert cell(app, made[family], 6, Qt.ItemDataRole.ForegroundRole).color() == red
    assert cell(app, made["Brennan"], 6) == "DUE TODAY"
    assert cell(app, made["Carter"], 6) == "DUE MONDAY (NEXT WORKING DAY)"  # New Year's Day and a weekend between
    for family in ("Brennan", "Carter"):
        assert cell(app, made[family], 6, Qt.ItemDataRole.BackgroundRole).color() == QColor(SOON_BACKGROUND)
        assert cell(app, made[family], 6, Qt.ItemDataRole.ForegroundRole).color() != red
    assert cell(app, made["Dunmore"], 6) == "due Mon 11 Jan 2027"
    assert cell(app, made["Dunmore"], 6, Qt.ItemDataRole.BackgroundRole) is None
    assert "2 with something overdue (in red); 2 with something due today or on the next working day" in (
        app.home.summary.text()
    )

    # Christmas Eve: Christmas Day, the weekend and the Boxing Day holiday (Monday 28th) before the next working day.
    app.home.today = lambda: dt.date(2026, 12, 24)
    app.home.refresh()
    assert cell(app, made["Ellison"], 6) == "DUE TUESDAY (NEXT WORKING DAY)"
    assert cell(app, made["Ellison"], 6, Qt.ItemDataRole.BackgroundRole).color() == QColor(SOON_BACKGROUND)
    assert cell(app, made["Ashworth"], 6) == "due Wed 30 Dec 2026"  # the day after: not highlighted yet
    assert cell(app, made["Ashworth"], 6, Qt.ItemDataRole.BackgroundRole) is None
    assert "0 with something overdue (in red); 1 with something due today or on the next working day" in (
        app.home.summary.text()
    )


# -- 5. two families the same day ---------------------------------------------------------------------------


def switch_to(app: App, qtbot: Any, name: str) -> None:
    """From the console: the home (Ctrl+O), the family found by typing its name, Enter opens it."""
    go_home(app, qtbot)
    assert app.home.filter.hasFocus()
    qtbot.keyClicks(app.home.filter, name)
    qtbot.keyClick(app.home.filter, Qt.Key.Key_Return)
    qtbot.addWidget(app.console)
    qtbot.addWidget(app.board)
    app.console.open_outputs_folder = False
    assert app.console.isVisible() and not app.home.isVisible()


def worry_typed(app: App, qtbot: Any, words: str, enter: bool = True) -> None:
    """At the chair's pace, in the views stage's worries box (Alt+3), Enter to add it."""
    from console_app import go_to_views

    app.console.activateWindow()
    qtbot.waitUntil(app.console.isActiveWindow)
    worries = go_to_views(app, qtbot)
    type_as_a_chair(qtbot, worries.entry, words)
    if enter:
        qtbot.keyClick(worries.entry, Qt.Key.Key_Return)


def test_switching_between_two_families_the_same_day_never_shows_one_familys_board_for_the_other(
    home: App, qtbot: Any, db_path: Path
) -> None:
    app = home
    new_conference(app, qtbot, an_initial(qtbot, "07/01/2027", "Harper", "14/12/2026", "Mia"))
    harper = app.controller.conference.id
    board_starts_blank_and_shows_only(app, "Harper", ["Okafor", "Tolu"])
    worry_typed(app, qtbot, "Dean shouted at Kerry")
    assert "Dean shouted at Kerry" in app.board.visible_text()
    worry_typed(app, qtbot, "Mia hides upstairs", enter=False)  # still being typed as the chair switches
    first_board = app.board

    new_conference(app, qtbot, an_initial(qtbot, "07/01/2027", "Okafor", "14/12/2026", "Tolu"))
    okafor = app.controller.conference.id
    assert not first_board.isVisible() and app.board is not first_board
    shown = board_starts_blank_and_shows_only(app, "Okafor", ["Harper", "Mia", "Dean", "Kerry"])
    assert "Tolu" in shown
    worry_typed(app, qtbot, "Tolu missed school")

    for name, ident, own, others in (
        ("harp", harper, ["Dean shouted at Kerry", "Mia"], ["Okafor", "Tolu"]),
        ("okaf", okafor, ["Tolu missed school"], ["Harper", "Mia", "Dean", "Kerry"]),
        ("mia", harper, ["Dean shouted at Kerry"], ["Okafor", "Tolu"]),  # found by the child's name
    ):
        before = app.board
        switch_to(app, qtbot, name)
        assert app.controller.conference.id == ident and app.board is not before and not before.isVisible()
        family = "Harper" if ident == harper else "Okafor"
        shown = board_starts_blank_and_shows_only(app, family, others)
        for words in own:
            assert words in shown

    # What was being typed as the chair switched away is back in its box, and saved with its family only.
    assert app.controller.conference.id == harper
    from console_app import editor

    assert editor(app, "worries").entry.toPlainText() == "Mia hides upstairs"
    with Store(db_path) as store:
        assert [w.text for w in store.load(okafor or "").worries] == ["Tolu missed school"]
        assert [w.text for w in store.load(harper or "").worries] == ["Dean shouted at Kerry"]


# -- 4. a review carried forward from an initial conference made in the app -----------------------------------


def arrive(app: App, qtbot: Any, name: str) -> None:
    """The register: the person chosen, Arrived."""
    from PySide6.QtWidgets import QPushButton

    register = app.console.register
    register.table.selectRow([p.name for p in app.controller.conference.participants].index(name))
    arrived = next(b for b in register.findChildren(QPushButton) if b.text() == "&Arrived")
    qtbot.mouseClick(arrived, Qt.MouseButton.LeftButton)


def stage(app: App, qtbot: Any, number: int) -> None:
    """Alt+number: that stage of the order of business."""
    app.console.activateWindow()
    qtbot.waitUntil(app.console.isActiveWindow)
    qtbot.keyClick(app.console, getattr(Qt.Key, f"Key_{number}"), ALT)


def added(app: App, qtbot: Any, list_name: str, words: str) -> None:
    from console_app import editor

    entry = editor(app, list_name).entry
    entry.setFocus()
    for character in words:
        if character.isascii():
            qtbot.keyClicks(entry, character)
        else:  # a key of a Welsh, Polish or Arabic keyboard: Qt's test keys know only ASCII
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(entry, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character))
    qtbot.keyClick(entry, Qt.Key.Key_Return)


DANGER = "Social workers are worried Amy is left alone at night  when Kerry works late."
GOAL = "Amy has an adult with her every night — ŵyr, ąę, مرحبا"


def test_a_review_starts_from_an_initial_conference_made_and_held_in_the_app(
    home: App, qtbot: Any, db_path: Path, tmp_path: Path
) -> None:
    from docx import Document
    from docx_reading import all_text, alt_texts

    from chairdesk.documents.produce import produce

    app = home

    def fill(form: ConferenceForm) -> None:
        details(qtbot, form, "Initial", "10/12/2026", "Quinn", trigger="23/11/2026")
        add_child(qtbot, form, "Amy", born="01/06/2015")
        add_child(qtbot, form, "Ben", born="01/02/2022")
        invite(qtbot, form, "Priya Shah", "", "Children's Services", "", knows=2)
        invite(qtbot, form, "Nadia Malik", "hea", "Northampton Healthcare", "", knows=2)
        invite(qtbot, form, "PC Dan Webb", "pol", "County Police", "", knows=2)
        invite(qtbot, form, "Kerry Quinn", "par", "", "", knows=2)

    new_conference(app, qtbot, fill)
    initial = app.controller.conference
    for name in ("Priya Shah", "Nadia Malik", "PC Dan Webb", "Kerry Quinn"):
        arrive(app, qtbot, name)

    # A short meeting, from the keyboard.
    stage(app, qtbot, 2)
    added(app, qtbot, "danger_statements", DANGER)
    stage(app, qtbot, 5)
    added(app, qtbot, "safety_goals", GOAL)
    stage(app, qtbot, 6)
    scaling = app.console.page_of["scaling"]
    for score in ("3", "5", "4"):
        scaling.score.setFocus()
        qtbot.keyClicks(scaling.score, score)
        qtbot.keyClick(scaling.score, Qt.Key.Key_Return)
    assert sorted(s.score for s in initial.scaling) == [3, 4, 5]
    stage(app, qtbot, 8)
    for row in app.console.page_of["decision"].decisions:
        row.outcome.setFocus()
        qtbot.keyClick(row.outcome, Qt.Key.Key_Down)  # a child protection plan
        row.category.setFocus()
        qtbot.keyClick(row.category, Qt.Key.Key_Down)  # neglect
    assert [(d.outcome, d.category) for d in initial.decisions] == [("cp-plan", "neglect")] * 2
    stage(app, qtbot, 7)
    plan = app.console.page_of["plan"]
    for what, who in (
        ("Find a babysitter for the late shifts", "kerry quinn"),
        ("Visit every 10 working days", "priya"),
    ):
        plan.what.setFocus()
        qtbot.keyClicks(plan.what, what)
        qtbot.keyClick(plan.what, Qt.Key.Key_Tab)
        qtbot.keyClicks(plan.who, who)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert [a.what for a in initial.plan.actions] == [
        "Find a babysitter for the late shifts",
        "Visit every 10 working days",
    ]

    # Closed (Ctrl+W): back on the home, where the review of the held conference is started.
    app.console.activateWindow()
    qtbot.waitUntil(app.console.isActiveWindow)
    qtbot.keyClick(app.console, Qt.Key.Key_W, CTRL)
    assert not app.is_open and app.home.isVisible()
    app.home.activateWindow()
    qtbot.waitUntil(app.home.isActiveWindow)
    app.home.select(initial.id)
    assert cell(app, initial.id or "", 2) == "Initial (held)" and app.home.review_button.isEnabled()

    def confirm(form: ConferenceForm) -> None:
        assert form.details.kind() == "review" and "Quinn" in form.windowTitle()
        assert form.details.previous_date.box.text() == "10/12/2026"
        assert form.children_rows.list.rowCount() == 2 and form.invitees.list.rowCount() == 4

    through_the_form(app, qtbot, confirm, lambda: qtbot.keyClick(app.home, Qt.Key.Key_R, ALT))
    review = app.controller.conference
    assert review.type == "review" and review.previous_conference.id == initial.id
    assert not any(p.attended for p in review.participants)

    # The review's console: From the last conference, and nothing of it on the board until the chair puts it there.
    board_starts_blank_and_shows_only(app, "Quinn", [])
    panel = app.console.carried
    assert panel is not None
    app.console.docks["From the last conference"].raise_()
    shown = app.board.visible_text()
    assert "left alone at night" not in shown and "ŵyr" not in shown
    lines = [panel.lines.item(i).text() for i in range(panel.lines.count())]
    goal_row = next(i for i, line in enumerate(lines) if line.startswith("Safety goals: Amy has an adult"))
    panel.lines.setFocus()
    panel.lines.setCurrentRow(goal_row)
    qtbot.keyClick(panel.lines, Qt.Key.Key_Return)
    assert [i.text for i in app.controller.conference.safety_goals] == [GOAL]  # exactly its words
    assert GOAL in app.board.visible_text() and "left alone at night" not in app.board.visible_text()

    # The babysitter is found: done; the visits are in progress.
    panel.plan.setFocus()
    panel.plan.setCurrentCell(0, 0)
    qtbot.keyClick(panel.plan, Qt.Key.Key_1)
    qtbot.keyClick(panel.plan, Qt.Key.Key_Down)
    qtbot.keyClick(panel.plan, Qt.Key.Key_2)
    carried = app.controller.conference.carried_forward
    assert [a.progress for a in carried.actions] == ["done", "in-progress"]
    assert panel.chart.pixmap() is not None and not panel.chart.pixmap().isNull()

    # The record: the section, and the scaling history across the two conferences as a chart.
    assert app.controller.writer.flush()
    with Store(db_path) as store:
        stored = store.load(review.id or "")
    outputs = produce(stored, tmp_path / "out")
    record = next(f for f in outputs.files if f.name.endswith("-record.docx"))
    text = all_text(record)
    assert "From the last conference" in text
    assert "This review follows the initial child protection conference on Thursday 10 December 2026." in text
    assert "Find a babysitter for the late shifts" in text and "Done" in text and "In progress" in text
    (history,) = [alt for alt in alt_texts(record) if "at each conference" in alt]
    assert history.startswith("Chart of the scaling scores for all the children at each conference")
    assert "initial conference on 10 Dec 2026: middle score 4, scores from 3 to 5" in history
    assert len(Document(str(record)).inline_shapes) == len(alt_texts(record)) >= 1
