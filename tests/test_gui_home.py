"""The home (gui.home_window) in the real app (gui.app): it lists every conference with what is due next, overdue
in red; it finds a child; it opens, switches (never showing one family's board for another), makes, imports,
exports and starts a review; and ChairDesk starts on it, even on a fresh data folder."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import minimal_conference, write_json
from console_app import running_home
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from chairdesk import cli, conference_file
from chairdesk.errors import ChairDeskError
from chairdesk.gui.app import App, open_app
from chairdesk.gui.home_window import OVERDUE_RED, SOON_BACKGROUND
from chairdesk.model import Conference
from chairdesk.storage import Store

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 31)  # Thursday; New Year's Day and a weekend before the next working day


def conferences() -> list[dict[str, Any]]:
    late = minimal_conference(id="late", family={"name": "Ashworth"}, date="2027-01-05", trigger_date="2026-12-15")
    today = minimal_conference(id="today", family={"name": "Brennan"}, date="2026-12-31", trigger_date="2026-12-10")
    today["children"][0]["name"] = "Zebedee"
    today["participants"][0]["report"] = {"received": "2026-12-20", "shared_with_family": "2026-12-20"}
    monday = minimal_conference(id="monday", family={"name": "Carter"}, date="2027-01-04", trigger_date="2026-12-10")
    monday["participants"][0]["report"] = {"received": "2026-12-20", "shared_with_family": "2026-12-20"}
    held = minimal_conference(id="held", family={"name": "Dunmore"}, date="2026-11-10", trigger_date="2026-10-20")
    held["decisions"] = [{"child": "c1", "outcome": "cp-plan", "category": "neglect"}]
    held["plan"] = {"next_review": "2027-02-08", "core_group": ["sw"]}
    held["worries"] = [{"text": "Dunmore worry only for the Dunmore board"}]
    return [late, today, monday, held]


@pytest.fixture
def home_app(qtbot: Any, db_path: Path) -> Iterator[App]:
    with Store(db_path) as store:
        for data in conferences():
            store.save(conference_file.from_json(data), action="import")
    with running_home(qtbot, db_path, lambda: TODAY) as running:
        yield running


def ids(app: App) -> list[str]:
    return [r.conference_id for r in app.home.model.rows]


def cell(app: App, conference_id: str, column: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
    model = app.home.model
    return model.data(model.index(ids(app).index(conference_id), column), role)


def open_by_keyboard(app: App, qtbot: Any, conference_id: str) -> None:
    app.home.select(conference_id)
    app.home.table.setFocus()
    qtbot.keyClick(app.home.table, Qt.Key.Key_Return)
    if app.is_open:
        qtbot.addWidget(app.console)
        qtbot.addWidget(app.board)
        app.console.open_outputs_folder = False


def test_the_home_lists_every_conference_what_needs_the_chair_first_overdue_in_red_and_in_words(
    home_app: App,
) -> None:
    app = home_app
    assert not app.is_open and app.home.isVisible()
    assert ids(app) == ["held", "late", "today", "monday"]  # the longest overdue first
    assert cell(app, "late", 6).startswith("OVERDUE since Wed 30 Dec 2026")
    assert cell(app, "late", 6, Qt.ItemDataRole.ForegroundRole).color() == QColor(OVERDUE_RED)
    assert cell(app, "today", 6) == "DUE TODAY"
    assert cell(app, "today", 6, Qt.ItemDataRole.BackgroundRole).color() == QColor(SOON_BACKGROUND)
    assert cell(app, "monday", 6) == "DUE MONDAY (NEXT WORKING DAY)"
    assert cell(app, "monday", 6, Qt.ItemDataRole.BackgroundRole).color() == QColor(SOON_BACKGROUND)
    assert cell(app, "held", 2) == "Initial (held)"
    assert cell(app, "held", 5).startswith("Written summary and plan due (Wed 11 Nov 2026)")
    assert cell(app, "held", 6, Qt.ItemDataRole.ForegroundRole).color() == QColor(OVERDUE_RED)
    assert "2 with something due today or on the next working day" in app.home.summary.text()


def test_the_filter_finds_a_child_by_name_from_the_keyboard_and_enter_opens_it(home_app: App, qtbot: Any) -> None:
    app = home_app
    assert app.home.filter.hasFocus()
    qtbot.keyClicks(app.home.filter, "zeb")
    assert ids(app) == ["today"]
    qtbot.keyClick(app.home.filter, Qt.Key.Key_Return)
    qtbot.addWidget(app.console)
    qtbot.addWidget(app.board)
    assert app.is_open and app.controller.conference.id == "today"
    assert app.console.isVisible() and not app.home.isVisible()
    assert app.controller.blank and app.board.stack.currentWidget() is app.board.blank_page


def test_switching_closes_the_first_family_and_its_board_and_the_next_board_starts_blank(
    home_app: App, qtbot: Any, db_path: Path
) -> None:
    app = home_app
    open_by_keyboard(app, qtbot, "held")
    first_console, first_board, first_controller = app.console, app.board, app.controller
    first_controller.set_blank(False)  # F8: the room sees the Dunmore board
    assert "Dunmore" in first_board.visible_text()
    first_controller.meeting.add_item("worries", "Typed just before switching")
    qtbot.keyClick(first_console, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # File > Home
    assert app.home.isVisible() and app.is_open  # the home, with the conference still open behind it
    assert app.home.back_button.isVisible()
    open_by_keyboard(app, qtbot, "late")
    assert app.controller is not first_controller and app.controller.conference.id == "late"
    assert not first_console.isVisible() and not first_board.isVisible()
    assert first_controller.writer.failing is None and not first_controller.writer._thread.is_alive()
    with Store(db_path) as store:  # what was typed before switching was saved
        assert store.load("held").worries[-1].text == "Typed just before switching"
    assert app.controller.blank and app.board.stack.currentWidget() is app.board.blank_page
    assert "Dunmore" not in app.board.visible_text()
    app.controller.set_blank(False)
    shown = app.board.visible_text()
    assert "Ashworth" in shown and "Dunmore" not in shown


def test_closing_the_console_returns_to_the_home_and_quit_closes_chairdesk(home_app: App, qtbot: Any) -> None:
    app = home_app
    open_by_keyboard(app, qtbot, "today")
    app.console.close()
    assert not app.is_open and app.home.isVisible() and not app.board.isVisible()
    assert not app.home.back_button.isVisible()
    closed: list[bool] = []
    app.home.closing.connect(lambda: closed.append(True))
    open_by_keyboard(app, qtbot, "monday")
    qtbot.keyClick(app.console, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not app.console.isVisible() and not app.home.isVisible() and closed == [True]


def made_conference(**overrides: Any) -> Conference:
    data = minimal_conference(family={"name": "Ellison"}, date="2027-01-20", trigger_date="2027-01-06", **overrides)
    del data["id"]
    return conference_file.from_json(data)


def test_a_new_conference_from_the_form_is_stored_and_opened(home_app: App, qtbot: Any, db_path: Path) -> None:
    app = home_app
    asked: list[Any] = []

    def form(parent: Any, start: Conference | None = None) -> Conference:
        asked.append((parent, start))
        return made_conference()

    app.home.ask_new_conference = form
    qtbot.keyClick(app.home, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.addWidget(app.console)
    qtbot.addWidget(app.board)
    assert asked == [(app.home, None)]
    assert app.is_open and app.controller.conference.family.name == "Ellison"
    with Store(db_path) as store:
        assert store.load(app.controller.conference.id or "").family.name == "Ellison"
    assert app.welcome.startswith("Opened the Ellison family conference")  # just made: not "reopened"
    # The chair goes on to prepare it: its preparation window opens over its console (never on the projector).
    window = app.console.preparation_window
    assert window.isVisible() and window.controller is app.controller and window.parent() is app.console
    app.home.ask_new_conference = lambda parent, start=None: None  # cancelled: nothing stored
    app.show_home()
    app.home.new_conference()
    with Store(db_path) as store:
        assert len(store.list_conferences()) == 5


def test_importing_a_file_that_is_not_a_conference_says_so_and_stores_nothing(
    home_app: App, qtbot: Any, db_path: Path, tmp_path: Path
) -> None:
    app = home_app
    said: list[str] = []
    app.home.warn = lambda title, sentence: said.append(sentence)
    for bad in (tmp_path / "letter.json", tmp_path / "half.json"):
        bad.write_text("Dear Sir or Madam" if bad.name == "letter.json" else '{"format": "chairdesk.conference/1"}')
        app.home.ask_file_to_import = lambda bad=bad: str(bad)
        app.home.import_file()
        qtbot.waitUntil(lambda: not app.home.work.busy)  # read or written on a worker
        with pytest.raises(ChairDeskError) as expected:
            conference_file.read(bad)
        # Said plainly first ("is not a ChairDesk conference file"), the reader's details after it.
        assert said[-1].startswith(f"{bad.name} is not a ChairDesk conference file, or it is damaged")
        assert said[-1].endswith(str(expected.value))
        assert "Traceback" not in said[-1]
    with Store(db_path) as store:
        assert len(store.list_conferences()) == 4
    assert not app.is_open
    good = write_json(tmp_path / "good.json", minimal_conference(id="imported", family={"name": "Fairweather"}))
    app.home.ask_file_to_import = lambda: str(good)
    app.home.import_file()
    qtbot.waitUntil(lambda: not app.home.work.busy)  # read or written on a worker
    qtbot.addWidget(app.console)
    qtbot.addWidget(app.board)
    assert app.is_open and app.controller.conference.id == "imported"
    app.show_home()
    app.home.import_file()  # the same file again: already here, nothing imported
    qtbot.waitUntil(lambda: not app.home.work.busy)  # read or written on a worker
    assert "already in ChairDesk" in said[-1]


def test_export_writes_a_conference_file_that_reads_back(home_app: App, qtbot: Any, tmp_path: Path) -> None:
    app = home_app
    target = tmp_path / "out" / "held.json"
    target.parent.mkdir()
    suggested: list[str] = []
    app.home.ask_file_to_export = lambda name: suggested.append(name) or str(target)
    app.home.select("held")
    app.home.export_selected()
    qtbot.waitUntil(lambda: not app.home.work.busy)  # read or written on a worker
    assert suggested == ["dunmore-2026-11-10.json"]
    back = conference_file.read(target)
    assert back.id == "held" and back.worries[0].text == "Dunmore worry only for the Dunmore board"


def test_start_its_review_fills_the_form_from_the_past_conference_on_the_day_its_plan_set(
    home_app: App, qtbot: Any, db_path: Path
) -> None:
    app = home_app
    app.home.select("late")
    assert not app.home.review_button.isEnabled()  # still to come: no review of it yet
    app.home.select("held")
    assert app.home.review_button.isEnabled()
    started: list[Conference] = []

    def form(parent: Any, start: Conference | None = None) -> Conference | None:
        assert start is not None
        started.append(start)
        return start

    app.home.ask_new_conference = form
    app.home.review_button.click()
    qtbot.addWidget(app.console)
    qtbot.addWidget(app.board)
    (review,) = started
    assert review.type == "review" and review.date == dt.date(2027, 2, 8)  # the plan's next review
    assert review.previous_conference is not None and review.previous_conference.id == "held"
    assert app.is_open and app.controller.conference.previous_conference.id == "held"
    app.show_home()
    with Store(db_path) as store:
        assert len(store.list_conferences()) == 5
    # The review follows it now: the core group and the review are no longer due for the held conference.
    assert "Next review" not in cell(app, "held", 5)


def test_a_fresh_data_folder_starts_on_the_home(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "fresh" / "chairdesk.sqlite"
    app, problem = open_app(db, ask=None, home=True)
    assert problem is None and app is not None
    qtbot.addWidget(app.home)
    app.show()
    assert app.home.isVisible() and not app.is_open
    assert "No conference yet" in app.home.summary.text()
    seen: list[tuple[Any, ...]] = []
    monkeypatch.setattr(cli, "open_window", lambda *args, **kwargs: seen.append((args, kwargs)) or 0)
    assert cli.main([]) == 0  # `chairdesk` alone
    assert seen[0][1] == {"home": True}


def test_chairdesk_home_on_a_fresh_data_folder_shows_the_home_not_an_error(tmp_path: Path) -> None:
    env = dict(os.environ, CHAIRDESK_DATA=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("CHAIRDESK_DB", None)
    result = subprocess.run(
        [sys.executable, "-m", "chairdesk.cli", "home", "--screenshot", str(tmp_path / "pictures")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr and "A picture of the home is in" in result.stdout
    assert (tmp_path / "pictures" / "home.png").stat().st_size > 0


def test_the_consoles_keys_do_nothing_to_the_open_conference_from_the_home(home_app: App, qtbot: Any) -> None:
    """Ctrl+Z pressed in the home would undo the open meeting's last edit unseen; from the home it does nothing,
    and in the console it is the meeting's undo again."""
    app = home_app
    open_by_keyboard(app, qtbot, "held")
    console = app.console
    app.controller.meeting.add_item("worries", "Typed before going to the home")
    console.activateWindow()
    qtbot.waitUntil(console.isActiveWindow)
    qtbot.keyClick(console, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # File > Home
    app.home.activateWindow()
    qtbot.waitUntil(app.home.isActiveWindow)
    app.home.table.setFocus()
    for key, modifiers in (
        (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),  # the meeting's undo
        (Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),  # produce
    ):
        qtbot.keyClick(app.home.table, key, modifiers)
    assert app.controller.conference.worries[-1].text == "Typed before going to the home"
    assert console.review is None and console.producer is not None and not console.last_outputs
    console.show()
    console.activateWindow()
    qtbot.waitUntil(console.isActiveWindow)
    qtbot.keyClick(console.stages, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert app.controller.conference.worries[-1].text != "Typed before going to the home"


def test_the_row_says_everything_due_on_the_same_day_and_the_tooltip_all(qtbot: Any, db_path: Path) -> None:
    from chairdesk import agenda, sending
    from chairdesk.documents.produce import render_documents, write_set
    from chairdesk.gui.home_window import HomeWindow

    conference = conference_file.read(Path(__file__).resolve().parent.parent / "resources" / "demo_conference.json")
    made = dt.datetime(2026, 11, 24, 15, 0)
    outputs = render_documents(conference, None)
    with Store(db_path) as store:
        store.save(conference, action="import")
        files = write_set(outputs.documents, db_path.parent / "out", made)
        documents = sending.new_documents(conference, outputs.documents, sending.PRODUCED, made.date())
        store.record_set(conference.id or "", files[0].parent, documents, sending.PRODUCED, made)
        tracked = store.tracked_documents(conference.id)
    day = min(d.due for d in tracked if d.due)  # the first day something is due, nothing sent
    dues = agenda.things_due(conference, made.isoformat(), False, day, tracked)
    that_day = [d.label for d in dues if d.date == day]  # the summary, the parents' letter, everyone else's
    assert len(that_day) > 1
    home = HomeWindow(db_path, today=lambda: day)
    qtbot.addWidget(home)
    home.refresh()
    model = home.model
    (row,) = [r for r in range(model.rowCount()) if model.rows[r].conference_id == conference.id]
    said = model.data(model.index(row, 5))
    for label in that_day:
        assert label in said, (label, said)
    assert all(d.label not in said for d in dues if d.date != day)  # a later day is not the row's
    tip = model.data(model.index(row, 5), Qt.ItemDataRole.ToolTipRole)
    for due in dues:  # the tooltip: every thing due, the record's later day too
        assert f"{due.label}: {due.words}" in tip, (due.label, tip)
