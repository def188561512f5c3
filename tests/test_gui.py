"""The console and the board in real Qt windows (offscreen), driven from the keyboard."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from console_app import DEMO_ID, editor, go_to_views
from docx_reading import all_text
from PySide6.QtCore import QEvent, Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTimeEdit,
    QToolBar,
)
from small_disk import fill_up, mount_small_disk, unmount
from two_screens import run_on_screens, screens

from chairdesk import conference_file
from chairdesk.gui.app import App
from chairdesk.gui.attendance import AddPersonDialog
from chairdesk.gui.items import HiddenRole
from chairdesk.gui.marking import ConfidentialDialog
from chairdesk.gui.text_guard import EntryBox
from chairdesk.storage import Store

ROOT = Path(__file__).resolve().parent.parent


def test_typing_reaches_the_board_as_it_is_typed_and_enter_adds_it(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    assert "What's working well" in app.board.stage.text()
    qtbot.keyClicks(worries.entry, "Mia hides when")
    assert "Mia hides when" in app.board.visible_text()
    qtbot.keyClicks(worries.entry, " her dad shouts.")
    qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
    assert app.controller.conference.worries[-1].text == "Mia hides when her dad shouts."
    assert app.controller.conference.worries[-1].entered_at is not None
    assert worries.entry.text() == ""
    assert "Mia hides when her dad shouts." in app.board.columns["worried"].text()


def test_confidential_text_never_reaches_the_board(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    worries.confidential.setChecked(True)
    qtbot.keyClicks(worries.entry, "SECRET police intelligence")
    assert "SECRET" not in app.board.visible_text()
    qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
    item = app.controller.conference.worries[-1]
    assert item.text == "SECRET police intelligence" and item.confidential
    assert "SECRET" not in app.board.visible_text()
    # The console says plainly that the room cannot see it.
    last = worries.model.index(worries.model.rowCount() - 1)
    assert last.data(HiddenRole) is True
    assert last.data().startswith("[Hidden from the room: confidential (no reason given yet)]")
    # The demo's own confidential worry and private note are not on the board either.
    assert "open investigation" not in app.board.visible_text()
    assert "under investigation" not in app.board.visible_text()


def test_nothing_typed_while_a_parent_is_out_of_the_room_reaches_the_board(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    app.controller.meeting.exclude("father", 6, "Mother asked to speak alone")
    assert app.console.hidden_banner.isVisible()
    assert "Dean Harper is out of the room" in app.console.hidden_banner.text()
    qtbot.keyClicks(worries.entry, "EXCLUDED-PERIOD disclosure")
    assert "EXCLUDED-PERIOD" not in app.board.visible_text()
    qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
    assert app.controller.conference.worries[-1].text == "EXCLUDED-PERIOD disclosure"
    assert "EXCLUDED-PERIOD" not in app.board.visible_text()
    last = worries.model.index(worries.model.rowCount() - 1)
    assert "typed while Dean Harper was out of the room" in last.data()


def test_one_key_blanks_the_board(app: App, qtbot: Any) -> None:
    assert "Harper" in app.board.visible_text()
    qtbot.keyClick(app.console, Qt.Key.Key_F8)
    assert app.controller.blank
    assert app.board.visible_text() == "Child protection conference"
    assert app.console.blank_banner.isVisible()
    qtbot.keyClick(app.console, Qt.Key.Key_F8)
    assert "Harper" in app.board.visible_text()
    assert not app.console.blank_banner.isVisible()
    # The same from the visible button on the toolbar.
    toolbar = app.console.findChild(QToolBar, "meetingToolbar")
    button = toolbar.widgetForAction(app.console.blank_action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert app.board.visible_text() == "Child protection conference"
    assert button.isChecked()


def test_undo_and_redo_from_the_keyboard_follow_on_the_board(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    qtbot.keyClicks(worries.entry, "Undo me")
    qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
    assert "Undo me" in app.board.visible_text()
    qtbot.keyClick(app.console, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Undo me" not in app.board.visible_text()
    assert all(i.text != "Undo me" for i in app.controller.conference.worries)
    qtbot.keyClick(app.console, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert "Undo me" in app.board.visible_text()


def test_items_are_edited_moved_hidden_and_deleted_from_the_keyboard(app: App, qtbot: Any) -> None:
    go_to_views(app, qtbot)
    working = editor(app, "working_well")
    view = working.view
    view.setFocus()
    view.setCurrentIndex(working.model.index(0))
    first = app.controller.conference.working_well[0].text
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert app.controller.conference.working_well[1].text == first
    assert view.currentIndex().row() == 1
    qtbot.keyClick(view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)  # asks why: a number and Enter
    dialog = app.console.findChild(ConfidentialDialog)
    qtbot.keyClick(dialog.reasons, Qt.Key.Key_3)
    qtbot.keyClick(dialog.reasons, Qt.Key.Key_Return)
    assert app.controller.conference.working_well[1].confidential
    assert app.controller.conference.working_well[1].confidential_reason == "legal-advice"
    assert first not in app.board.visible_text()
    count = len(app.controller.conference.working_well)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(app.controller.conference.working_well) == count - 1
    view.setCurrentIndex(working.model.index(0))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    line = QApplication.focusWidget()
    assert isinstance(line, EntryBox)  # the item being corrected wraps as it is typed
    line.selectAll()
    qtbot.keyClicks(line, "Kerry keeps Mia's school routine going.")
    qtbot.keyClick(line, Qt.Key.Key_Return)  # the view commits its editor's text once the key press is over
    qtbot.waitUntil(lambda: app.controller.conference.working_well[0].text == "Kerry keeps Mia's school routine going.")
    assert "Kerry keeps Mia's school routine going." in app.board.visible_text()


def test_stages_are_stepped_from_the_keyboard(app: App, qtbot: Any) -> None:
    assert app.controller.meeting.stage.key == "introductions"
    qtbot.keyClick(app.console, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert app.controller.meeting.stage.key == "danger"
    assert app.board.stage.text().startswith("Why we are here")
    assert app.console.stages.currentRow() == 1
    qtbot.keyClick(app.console, Qt.Key.Key_8, Qt.KeyboardModifier.AltModifier)
    assert app.board.stage.text() == "The decision"


def test_the_register_marks_arrivals_and_adds_someone_at_the_door(app: App, qtbot: Any) -> None:
    register = app.console.register
    ids = [p.id for p in app.controller.conference.participants]
    register.table.setFocus()
    register.table.selectRow(ids.index("gp"))
    qtbot.keyClick(register.table, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # the Arrived button's key
    qtbot.waitUntil(lambda: app.controller.conference.participant("gp").attended)
    gp = app.controller.conference.participant("gp")
    assert gp is not None and gp.attended and gp.arrived is not None and not gp.apologies
    row = ids.index("gp")
    assert register.model.index(row, 3).data().startswith("Here since")

    def fill_in() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible())
        dialog.findChild(QLineEdit, "name").setText("Pat Doyle")
        combo = dialog.findChild(QComboBox, "role")
        combo.setCurrentIndex(combo.findData("housing"))
        dialog.findChild(QLineEdit, "agency").setText("Housing Options")
        dialog.accept()

    QTimer.singleShot(50, fill_in)
    ident = AddPersonDialog(app.controller, app.console).run()
    person = app.controller.conference.participant(ident)
    assert person is not None and (person.name, person.role, person.agency) == (
        "Pat Doyle",
        "housing",
        "Housing Options",
    )
    assert person.attended and person.arrived is not None


def test_quorum_lights_and_problems_follow_the_register(app: App, qtbot: Any) -> None:
    lights = app.console.register.quorum.lights
    app.controller.meeting.mark_arrived("police")  # the demo's officer left at 11:30; the lights count who is here
    assert lights["baby"].text() == "Baby: quorate"
    app.controller.meeting.set_apologies("midwife", True)
    assert lights["baby"].text() == "Baby: quorate"  # the police and the health visitor are still here
    app.controller.meeting.set_apologies("hv", True)
    assert lights["baby"].text() == "Baby: NOT quorate"
    assert lights["ruby"].text() == "Ruby: NOT quorate" and lights["mia"].text() == "Mia: quorate"
    assert lights["baby"].property("quorate") == "false"
    problems = [app.console.problems.item(i).text() for i in range(app.console.problems.count())]
    assert any("not quorate for Baby" in p for p in problems)


def test_produce_outputs_writes_the_documents_without_the_confidential_parts(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    worries.confidential.setChecked(True)
    qtbot.keyClicks(worries.entry, "CONFIDENTIAL-FROM-CONSOLE")
    qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
    with qtbot.waitSignal(app.console.producer.finished, timeout=60_000) as made:
        qtbot.keyClick(
            app.console, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        app.console.review.produce_button.click()  # the chair's review comes first (tests/test_gui_review.py)
    files = [Path(f) for f in made.args[0]]
    assert files and all(f.exists() for f in files)
    kinds = " ".join(f.name for f in files)
    for word in ("summary", "letter", "record", "parents"):
        assert word in kinds
    for f in files:
        text = all_text(f)
        if "record" in f.name and "parents" not in f.name:
            assert "CONFIDENTIAL-FROM-CONSOLE" in text
        else:
            assert "CONFIDENTIAL-FROM-CONSOLE" not in text, f.name
    assert "documents written in" in app.console.statusBar().currentMessage()


PLACEMENT = textwrap.dedent(
    """
    import sys
    from PySide6.QtWidgets import QApplication
    from chairdesk.gui.app import App
    qt = QApplication([])
    app = App(sys.argv[1])
    app.show()
    qt.processEvents()
    board = app.board
    print("|".join(str(x) for x in (board.screen().name(), board.geometry().x(), board.geometry().width(),
          board.geometry().height(), board.isFullScreen(), app.console.screen().name())))
    app.controller.close()
    """
)


@pytest.mark.parametrize("two_screens", [True, False])
def test_the_board_goes_full_screen_on_the_projector_when_there_is_one(
    two_screens: bool, tmp_path: Path, db_path: Path, demo_data: dict[str, Any]
) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data))
    layout = screens((1920, 1080)) if two_screens else None
    placed = run_on_screens(PLACEMENT, tmp_path, str(db_path), layout=layout)
    screen, x, width, height, full, console_screen = placed.split("|")
    if two_screens:
        assert (screen, x, width, height, full) == ("PROJECTOR", "1366", "1920", "1080", "True")
        assert console_screen == "LAPTOP"
    else:
        assert full == "False"
        assert screen == console_screen


@pytest.fixture
def xvfb_two_monitors(tmp_path: Path) -> Iterator[str]:
    """A real X display (Xvfb) with a 1366x768 laptop screen and a 1920x1080 projector monitor beside it."""
    display = f":{200 + os.getpid() % 300}"
    started = subprocess.run(
        ["bash", str(ROOT / "scripts" / "xvfb_two_screens.sh"), display], capture_output=True, text=True, timeout=60
    )
    assert started.returncode == 0, started.stderr
    try:
        yield display
    finally:
        subprocess.run(["pkill", "-f", f"Xvfb {display} "], check=False)


def test_on_a_real_x_display_with_a_projector_the_board_fills_the_projector(
    xvfb_two_monitors: str, db_path: Path, demo_data: dict[str, Any]
) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data))
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=xvfb_two_monitors, QT_QPA_PLATFORM="xcb")
    result = subprocess.run(
        [sys.executable, "-c", PLACEMENT, str(db_path)], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    screen, x, width, height, full, console_screen = result.stdout.strip().split("|")
    assert (screen, x, width, height, full) == ("PROJECTOR", "1366", "1920", "1080", "True")
    assert console_screen != "PROJECTOR"


CRASHER = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from chairdesk.gui.app import App
    from chairdesk.gui.items import ItemListEditor
    qt = QApplication([])
    app = App(sys.argv[1])
    app.show()
    app.controller.meeting.go_to_stage("views")
    worries = next(e for e in app.console.findChildren(ItemListEditor) if e.list_name == "worries")
    QTest.keyClicks(worries.entry, "Added before the crash")
    QTest.keyClick(worries.entry, Qt.Key.Key_Return)
    QTest.keyClicks(worries.entry, "Half a sentence when the power went")
    assert app.controller.writer.flush()
    print("typed", flush=True)
    qt.exec()
    """
)


def test_after_kill_9_the_conference_reopens_where_it_was_with_the_draft(
    qtbot: Any, db_path: Path, demo_data: dict[str, Any]
) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data))
    process = subprocess.Popen(
        [sys.executable, "-c", CRASHER, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "typed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    reopened = App(db_path)
    qtbot.addWidget(reopened.console)
    qtbot.addWidget(reopened.board)
    try:
        conference = reopened.controller.conference
        assert conference.worries[-1].text == "Added before the crash"
        assert reopened.controller.meeting.stage.key == "views"
        assert editor(reopened, "worries").entry.text() == "Half a sentence when the power went"
        assert reopened.welcome.startswith("Reopened the Harper family conference where you left it")
        assert "what you were typing is back" in reopened.welcome
        assert reopened.board.visible_text() == "Child protection conference"  # reopened: the board is blank
        reopened.controller.set_blank(False)
        reopened.board.resize(1920, 1080)
        assert "Added before the crash" in reopened.board.visible_text()
    finally:
        reopened.controller.close()


def test_a_sentence_begun_while_a_parent_was_out_stays_hidden_when_finished_after(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    app.controller.meeting.exclude("father", 5, "Police information")
    qtbot.keyClicks(worries.entry, "BEGUN-WHILE-OUT the police said")
    app.controller.meeting.readmit("father")
    assert not app.console.hidden_banner.isVisible() or app.controller.meeting.conference.excluded_now() == []
    qtbot.keyClicks(worries.entry, " more")
    assert "BEGUN-WHILE-OUT" not in app.board.visible_text()
    qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
    item = app.controller.conference.worries[-1]
    assert item.text == "BEGUN-WHILE-OUT the police said more" and item.typed_while_out == ["father"]
    assert "BEGUN-WHILE-OUT" not in app.board.visible_text()
    # The next sentence, typed with everyone in the room, shows as usual.
    qtbot.keyClicks(worries.entry, "Everyone is back")
    assert "Everyone is back" in app.board.visible_text()


def test_exclusion_from_the_register_with_the_keyboard(app: App, qtbot: Any) -> None:
    register = app.console.register
    ids = [p.id for p in app.controller.conference.participants]
    register.table.setFocus()
    register.table.selectRow(ids.index("father"))

    def choose_ground() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible())
        ground = dialog.findChild(QComboBox, "ground")
        ground.setCurrentIndex(ground.findData(6))
        dialog.findChild(QPlainTextEdit, "reason").setPlainText("Kerry asked to speak alone")
        since = dialog.findChild(QTimeEdit, "since")
        assert abs(since.time().secsTo(QTime.currentTime())) < 120  # "since now" unless the chair changes it
        dialog.accept()

    QTimer.singleShot(50, choose_ground)
    qtbot.mouseClick(register.buttons["exclude"], Qt.MouseButton.LeftButton)
    father = app.controller.conference.participant("father")
    assert father is not None and father.exclusions and father.exclusions[-1].ground == 6
    assert father.exclusions[-1].to is None
    assert app.console.hidden_banner.isVisible()
    assert register.model.index(ids.index("father"), 3).data().startswith("Out since")
    app.console.activateWindow()  # a window manager gives the window back its focus when the dialog closes
    register.table.setFocus()
    qtbot.waitUntil(register.table.hasFocus)
    qtbot.keyClick(register.table, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # Bac&k in room
    qtbot.waitUntil(lambda: app.controller.conference.participant("father").exclusions[-1].to is not None)
    father = app.controller.conference.participant("father")
    assert father is not None and father.exclusions[-1].to is not None
    assert not app.console.hidden_banner.isVisible()


def test_private_notes_reach_the_disk_within_a_second_while_the_chair_keeps_typing(app: App, qtbot: Any) -> None:
    notes = app.console.notes
    notes.setFocus()
    notes.moveCursor(notes.textCursor().MoveOperation.End)
    typed = " and more"
    for character in typed * 3:  # one key every 100 ms for about 2.7 s, never pausing
        qtbot.keyClicks(notes, character)
        qtbot.wait(100)
    assert app.controller.writer.flush()
    with Store(app.controller.db_path) as store:
        saved = store.load(DEMO_ID).confidential_notes
    # At most the last ~0.6 s of typing can still be waiting; what came before it is on disk.
    assert saved[-1].startswith("Police: Dean Harper is under investigation")
    assert saved[-1].count("and more") >= 2


def test_a_full_column_keeps_the_newest_lines_in_view_and_says_there_is_more(app: App, qtbot: Any) -> None:
    app.board.showNormal()
    app.board.resize(1024, 768)
    for n in range(25):
        app.controller.meeting.add_item("worries", f"Worry number {n} of a long list the room agreed")
    qtbot.wait(50)
    column = app.board.columns["worried"]
    text = column.text()
    assert "Worry number 24 of a long list" in text and "Worry number 0 of" not in text
    assert "earlier lines are not shown here" in text
    assert column.body.document().defaultFont().pixelSize() >= 18  # never tiny


def test_a_request_to_record_is_decided_in_the_console(app: App, qtbot: Any) -> None:
    from chairdesk.gui.recording_request import RecordingRequestDialog

    dialog = RecordingRequestDialog(app.controller, app.console)
    qtbot.addWidget(dialog)
    dialog.who.setCurrentIndex(dialog.who.findData("mother"))
    dialog.decision.setCurrentIndex(dialog.decision.findData("refused"))
    qtbot.keyClicks(dialog.reasons, "Mia would find it distressing")
    QTimer.singleShot(
        50,
        lambda: next(
            w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() == "Not recorded yet"
        ).close(),
    )
    dialog.save()  # a refusal without legal advice is not recorded: the dialog stays open and says why
    assert app.controller.conference.recording_requests == [] and dialog.result() == 0
    qtbot.keyClicks(dialog.legal_advice, "Council solicitor, by phone, 23 November")
    dialog.save()
    (request,) = app.controller.conference.recording_requests
    assert (request.requested_by, request.decision) == ("mother", "refused")
    assert request.legal_advice.startswith("Council solicitor")


def reopen(app: App, qtbot: Any) -> App:
    """Close the console as the chair would, and start ChairDesk again on the same database."""
    db = app.controller.db_path
    app.console.close()
    again = App(db)
    qtbot.addWidget(again.console)
    qtbot.addWidget(again.board)
    again.show()
    return again


def test_a_kept_draft_comes_back_with_its_marks(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    worries.confidential.setChecked(True)
    qtbot.keyClicks(worries.entry, "CONFDRAFT about the police")
    key_points = editor(app, "key_points")
    app.controller.meeting.exclude("father", 5, "Police information")
    qtbot.keyClicks(key_points.entry, "OUTDRAFT said while Dean was out")
    app.controller.meeting.readmit("father")
    again = reopen(app, qtbot)
    try:
        assert editor(again, "worries").entry.text() == "CONFDRAFT about the police"
        assert editor(again, "worries").confidential.isChecked()
        assert editor(again, "key_points").entry.text() == "OUTDRAFT said while Dean was out"
        assert "CONFDRAFT" not in again.board.visible_text() and "OUTDRAFT" not in again.board.visible_text()
        again.controller.meeting.go_to_stage("key-points")
        qtbot.keyClick(editor(again, "key_points").entry, Qt.Key.Key_Return)
        assert again.controller.conference.key_points[-1].typed_while_out == ["father"]
        assert "OUTDRAFT" not in again.board.visible_text()
    finally:
        again.controller.close()


def test_page_fields_begun_while_a_parent_was_out_stay_hidden(app: App, qtbot: Any) -> None:
    plan = app.console.page_of["plan"]
    scaling = app.console.page_of["scaling"]
    app.controller.meeting.exclude("father", 5, "Police information")
    plan.what.setText("ACTION-BEGUN-WHILE-OUT")
    scaling.reason.setText("REASON-BEGUN-WHILE-OUT")
    app.controller.meeting.readmit("father")
    plan.who.setEditText("Priya Shah")
    plan.add_action()
    action = app.controller.conference.plan.actions[-1]
    assert action.what == "ACTION-BEGUN-WHILE-OUT" and action.typed_while_out == ["father"]
    assert "ACTION-BEGUN-WHILE-OUT" not in app.board.visible_text()
    scaling.person.setCurrentIndex(scaling.person.findData("police"))
    scaling.score.setValue(3)
    scaling.record()
    score = next(s for s in app.controller.conference.scaling if s.participant == "police")
    assert score.reason == "REASON-BEGUN-WHILE-OUT" and score.typed_while_out == ["father"]


def test_what_was_typed_in_the_last_moment_is_kept_on_close(app: App, qtbot: Any) -> None:
    plan = app.console.page_of["plan"]
    plan.contingency.setFocus()
    qtbot.keyClicks(plan.contingency, " CONTINGENCY-AT-CLOSE")
    qtbot.keyClicks(app.console.notes, " NOTE-AT-CLOSE")
    again = reopen(app, qtbot)  # at once, within the 0.6 s the boxes wait before saving
    try:
        assert "CONTINGENCY-AT-CLOSE" in again.controller.conference.plan.contingency
        assert "NOTE-AT-CLOSE" in "\n".join(again.controller.conference.confidential_notes)
    finally:
        again.controller.close()


def test_typing_waiting_to_be_saved_is_not_overwritten_by_another_change(app: App, qtbot: Any) -> None:
    plan = app.console.page_of["plan"]
    qtbot.keyClicks(plan.contingency, " KEEP-ME")
    app.controller.meeting.mark_arrived("gp")  # another change arrives while the box waits to save
    assert "KEEP-ME" in plan.contingency.toPlainText()
    qtbot.waitUntil(lambda: "KEEP-ME" in app.controller.conference.plan.contingency)


def test_the_chairs_record_of_the_discussion_is_typed_in_the_console_not_shown(app: App, qtbot: Any) -> None:
    discussion = app.console.discussion
    discussion.entry.setFocus()
    qtbot.keyClicks(discussion.entry, "DISCUSSION-NOTE Kerry described the morning routine")
    assert "DISCUSSION-NOTE" not in app.board.visible_text()  # never projected, even while typed
    qtbot.keyClick(discussion.entry, Qt.Key.Key_Return)
    item = app.controller.conference.discussion[-1]
    assert item.text.startswith("DISCUSSION-NOTE") and item.entered_at is not None
    assert "DISCUSSION-NOTE" not in app.board.visible_text()
    with qtbot.waitSignal(app.console.producer.finished, timeout=60_000) as made:
        app.console.produce_outputs()
        app.console.review.produce_button.click()
    record = next(Path(f) for f in made.args[0] if f.endswith("-record.docx"))
    assert "DISCUSSION-NOTE" in all_text(record)


def test_text_waiting_in_a_box_when_someone_is_excluded_is_kept_from_them(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    qtbot.keyClicks(worries.entry, "WAITING-WHEN-EXCLUDED the mother said")
    # The demo's arrival times are of a morning and the test runs at any hour: she is here, since an unknown time.
    app.controller.conference.participant("mother").arrived = None
    app.controller.meeting.exclude("mother", 6, "Noted late", since=dt.datetime.now().time().replace(second=0))
    app.controller.meeting.readmit("mother")
    assert "WAITING-WHEN-EXCLUDED" not in app.board.visible_text()
    qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
    assert app.controller.conference.worries[-1].typed_while_out == ["mother"]
    assert "WAITING-WHEN-EXCLUDED" not in app.board.visible_text()


def test_reopening_says_what_typing_came_back_only_when_some_did(
    qtbot: Any, db_path: Path, demo_data: dict[str, Any]
) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data), action="import")

    def start() -> App:
        running = App(db_path)  # closed and deleted by stop(), below
        running.show()
        qtbot.waitUntil(running.console.isActiveWindow)
        return running

    def stop(running: App) -> None:
        running.console.close()
        for window in (running.console, running.board):  # gone, as when ChairDesk quits: its keys with it
            window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    first = start()
    qtbot.keyClick(first.console, Qt.Key.Key_8, Qt.KeyboardModifier.AltModifier)  # the decisions, with reasons
    assert first.controller.meeting.stage.key == "decision"
    stop(first)  # every box empty: nothing typed waits anywhere
    second = start()
    assert "typing is back" not in second.welcome
    worries = go_to_views(second, qtbot)
    qtbot.keyClicks(worries.entry, "Half a sentence")
    stop(second)
    third = start()
    try:
        assert third.welcome.endswith(
            "what you were typing is back in its box (New item for what we are worried about)."
        )
        assert editor(third, "worries").entry.text() == "Half a sentence"
    finally:
        stop(third)


def test_quitting_while_saves_fail_asks_at_once_with_the_reason(
    qtbot: Any, tmp_path: Path, demo_data: dict[str, Any]
) -> None:
    """A full disk: the edit cannot be saved; closing asks straight away, says why, and Cancel keeps it open."""
    folder = tmp_path / "small-disk"
    mount_small_disk(folder)
    db = folder / "chairdesk.sqlite"
    with Store(db) as store:
        store.save(conference_file.from_json(demo_data), action="import")
    running = App(db)
    qtbot.addWidget(running.console)
    qtbot.addWidget(running.board)
    try:
        running.console.open_outputs_folder = False
        running.show()
        qtbot.waitExposed(running.console)
        running.console.activateWindow()
        qtbot.waitUntil(running.console.isActiveWindow)
        fill_up(folder)  # the disk fills up, as it does during a long recording
        worries = go_to_views(running, qtbot)
        qtbot.keyClicks(worries.entry, "Said while the disk was full")
        qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
        qtbot.waitUntil(running.console.save_error.isVisible, timeout=20_000)  # the red banner says so
        assert running.controller.writer.failing is not None
        asked: list[str] = []

        def answer(button: QMessageBox.StandardButton) -> None:
            box = QApplication.activeModalWidget()
            assert isinstance(box, QMessageBox)
            asked.append(box.text())
            box.button(button).click()

        QTimer.singleShot(100, lambda: answer(QMessageBox.StandardButton.Cancel))
        running.console.close()
        assert running.console.isVisible()  # Cancel: ChairDesk stays open, the change still in the window
        assert "full" in asked[0].lower() and "lost" in asked[0]
        assert running.controller.conference.worries[-1].text.startswith("Said while the disk was full")
        QTimer.singleShot(100, lambda: answer(QMessageBox.StandardButton.Close))
        running.console.close()
        assert not running.console.isVisible() and len(asked) == 2
    finally:
        (folder / "filler").unlink(missing_ok=True)  # space again, so whatever failed above closes without asking
        if running.console.isVisible():
            qtbot.waitUntil(lambda: running.controller.writer.failing is None, timeout=20_000)
            running.console.close()
        unmount(folder)
