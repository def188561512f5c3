"""Promise 1 in the console: what the chair types is kept exactly as typed, never rewritten under the cursor, and
comes back after a crash with everything it belongs to (who, which child). Typed through the real widgets at a
person's speed, with the pauses falling on the saves."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from console_app import DEMO_ID
from docx_reading import all_text
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QMessageBox, QPlainTextEdit, QWidget

from chairdesk import conference_file
from chairdesk.gui.app import App
from chairdesk.gui.text_guard import EntryBox
from chairdesk.gui.widgets import SETTLE_MS
from chairdesk.model import Conference
from chairdesk.storage import Store

# Spaces fall where the box saves: a save that trimmed them, or wrote the shorter text back and moved the cursor,
# would leave "...needs the plan.Kacper is" in the record.
SENTENCE = "Kerry  needs the plan. "


def type_with_saves_on_spaces(qtbot: Any, box: QWidget, text: str, stored: Callable[[], str]) -> list[str]:
    """Type ``text`` one key at a time (150–250 ms a key); after each space wait for the save, and note any moment
    the stored text or the box was not exactly what had been typed so far."""
    pace = random.Random(8)
    wrong = []
    for count, character in enumerate(text, start=1):
        qtbot.keyClicks(box, character)
        qtbot.wait(pace.randint(150, 250))
        if character == " ":
            qtbot.wait(SETTLE_MS + 150)  # the save comes while the chair pauses after a space
            typed = text[:count]
            shown = box.toPlainText() if isinstance(box, QPlainTextEdit) else box.text()
            if shown != typed or stored() != typed:
                wrong.append(f"after {typed!r}: box {shown!r}, stored {stored()!r}")
            if box.textCursor().position() != len(shown):
                wrong.append(f"after {typed!r}: the cursor moved to {box.textCursor().position()}")
    return wrong


def saved_conference(app: App, db_path: Path) -> Conference:
    assert app.controller.writer.flush()
    with Store(db_path) as store:
        return store.load(DEMO_ID)


def _decision_reason(app: App, child: int) -> tuple[QWidget, Callable[[], str]]:
    app.console.controller.meeting.go_to_stage("decision")
    row = app.console.page_of["decision"].decisions[child]
    ident = row.child.id
    return row.reason, lambda: next(d.reason for d in app.controller.conference.decisions if d.child == ident)


def _contingency(app: App) -> tuple[QWidget, Callable[[], str]]:
    app.console.controller.meeting.go_to_stage("plan")
    return app.console.page_of["plan"].contingency, lambda: app.controller.conference.plan.contingency


def _notes(app: App) -> tuple[QWidget, Callable[[], str]]:
    app.console.docks["Private notes"].raise_()
    return app.console.notes, lambda: "\n".join(app.controller.conference.confidential_notes)


def _inquorate(app: App) -> tuple[QWidget, Callable[[], str]]:
    return app.console.register.inquorate_reason, lambda: app.controller.conference.inquorate_reason or ""


BOXES_SAVED_AS_TYPED = {
    "the last child's decision reason": lambda app: _decision_reason(app, -1),
    "the contingency plan": _contingency,
    "the private notes": _notes,
    "the reasons for going ahead inquorate": _inquorate,
}


def test_every_box_saved_as_it_is_typed_keeps_every_character_and_the_cursor(
    app: App, qtbot: Any, db_path: Path
) -> None:
    kept_on_disk = {
        "the last child's decision reason": lambda saved: saved.decisions[-1].reason,
        "the contingency plan": lambda saved: saved.plan.contingency,
        "the private notes": lambda saved: "\n".join(saved.confidential_notes),
        "the reasons for going ahead inquorate": lambda saved: saved.inquorate_reason,
    }
    assert set(kept_on_disk) == set(BOXES_SAVED_AS_TYPED)
    for which, open_box in BOXES_SAVED_AS_TYPED.items():
        box, stored = open_box(app)
        box.setFocus()
        box.selectAll()
        qtbot.keyClick(box, Qt.Key.Key_Delete)
        qtbot.wait(SETTLE_MS + 150)
        assert stored() == "", which
        assert type_with_saves_on_spaces(qtbot, box, SENTENCE, stored) == [], which
        # On disk, in the real database, character for character (the trailing space included).
        assert kept_on_disk[which](saved_conference(app, db_path)) == SENTENCE, which


def test_words_are_typed_in_boxes_that_wrap_and_grow_so_the_chair_sees_them_all(app: App, qtbot: Any) -> None:
    app.controller.meeting.go_to_stage("decision")
    page = app.console.page_of["decision"]
    app.console.build_every_page()  # (each is built when first wanted)
    names = {box.accessibleName() for box in app.console.findChildren(EntryBox)}
    for needed in ("The dissent", "Their reasoning", "New action: what", "New outcome"):
        assert needed in names
    assert any(name.startswith("Reason for the decision for") for name in names)
    assert any(name.startswith("New item for") for name in names)
    box = page.dissent_text
    box.setFocus()
    one_line = box.height()
    qtbot.keyClicks(box, "The police do not agree with the plan because the investigation is still open " * 3)
    assert box.height() > one_line  # it grew: the whole of the dissent is in view, not only its end
    assert box.verticalScrollBar().maximum() == 0
    assert box.text().endswith("still open ")
    # A view's reason is corrected in a cell that wraps too.
    grid = page.grid
    grid.setFocus()
    grid.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    assert isinstance(QApplication.focusWidget(), EntryBox)


def _restart(app: App, db_path: Path) -> App:
    """As after a crash: what reached the disk is all there is; a new ChairDesk opens on it."""
    assert app.controller.writer.flush()
    app.console.keys.remove()
    for window in (app.console, app.board):
        window.hide()
    return App(db_path)


def _choose(combo: QComboBox, text: str) -> None:
    found = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert found >= 0, text
    combo.setCurrentIndex(found)


def test_after_a_crash_each_draft_comes_back_with_who_and_which_child(app: App, qtbot: Any, db_path: Path) -> None:
    console = app.console
    decision, plan, scaling = console.page_of["decision"], console.page_of["plan"], console.page_of["scaling"]
    _choose(decision.dissenter, "Chris Webb")
    _choose(decision.dissent_child, "Ruby")
    qtbot.keyClicks(decision.dissent_text, "The police think Ruby")
    _choose(plan.who, "Nadia Malik")
    _choose(plan.action_child, "Leo")
    qtbot.keyClicks(plan.what, "Check Leo's sleep")
    _choose(plan.outcome_child, "Ruby")
    qtbot.keyClicks(plan.outcome_text, "Ruby goes to nursery")
    _choose(scaling.child, "Leo")
    scaling._child_chosen()
    _choose(scaling.person, "Janet Okoro")
    scaling.score.setValue(4)
    qtbot.keyClicks(scaling.reason, "Leo is tired on Mondays")

    back = _restart(app, db_path)
    try:
        d, p, s = (back.console.page_of[k] for k in ("decision", "plan", "scaling"))
        assert (d.dissent_text.text(), d.dissenter.currentText(), d.dissent_child.currentText()) == (
            "The police think Ruby",
            d.dissenter.itemText(d.dissenter.findText("Chris Webb", Qt.MatchFlag.MatchStartsWith)),
            "Ruby",
        )
        assert (p.what.text(), p.who.currentData(), p.action_child.currentText()) == ("Check Leo's sleep", "hv", "Leo")
        assert (p.outcome_text.text(), p.outcome_child.currentText()) == ("Ruby goes to nursery", "Ruby")
        assert (s.reason.text(), s.child.currentText(), s.person.currentData(), s.score.value()) == (
            "Leo is tired on Mondays",
            "Leo",
            "school",
            4,
        )
        # Added now, each goes to the person and the child it was typed for.
        qtbot.keyClick(d.dissent_text, Qt.Key.Key_Return)
        dissent = back.controller.conference.dissent[-1]
        assert (dissent.participant, dissent.child, dissent.text) == ("police", "ruby", "The police think Ruby")
        qtbot.keyClick(s.reason, Qt.Key.Key_Return)
        score = next(x for x in back.controller.conference.scaling if x.reason == "Leo is tired on Mondays")
        assert (score.participant, score.child, score.score) == ("school", "leo", 4)
    finally:
        back.controller.close()


def test_produce_outputs_and_export_take_in_the_last_moment_of_typing(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.controller.meeting.go_to_stage("plan")
    contingency = app.console.page_of["plan"].contingency
    contingency.setFocus()
    contingency.selectAll()
    qtbot.keyClicks(contingency, "If Dean comes to the house the police are called at once.")
    target = tmp_path / "exported.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kwargs: (str(target), ""))
    app.console.export_file()  # at once: well inside the box's wait before it saves
    qtbot.waitUntil(lambda: not app.console.file_work.busy)  # the file is written on a worker
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert exported["plan"]["contingency"] == "If Dean comes to the house the police are called at once."

    qtbot.keyClicks(contingency, " Kerry has the number.")
    with qtbot.waitSignal(app.console.producer.finished, timeout=60_000) as made:
        app.console.produce_outputs()
        app.console.review.produce_button.click()  # the chair's review comes first (tests/test_gui_review.py)
    summary = next(Path(f) for f in made.args[0] if "summary" in Path(f).name)
    assert "police are called at once. Kerry has the number." in all_text(summary)


def test_typing_not_yet_added_is_named_before_documents_are_made(app: App, qtbot: Any) -> None:
    plan = app.console.page_of["plan"]
    qtbot.keyClicks(plan.what, "Refer Dean to the programme")
    asked: list[str] = []

    def go_back() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "Go back").click()

    started: list[object] = []
    app.console.producer.finished.connect(lambda *args: started.append(args))
    QTimer.singleShot(200, go_back)
    app.console.produce_outputs()
    assert asked and "• New action: what" in asked[0]
    qtbot.wait(300)
    assert started == []  # no documents: the chair went back to add the action
    assert plan.what.text() == "Refer Dean to the programme"  # still in its box


def test_moving_to_a_stage_puts_the_chair_in_its_entry_box(app: App, qtbot: Any) -> None:
    app.console.activateWindow()
    for number in range(2, 9):
        qtbot.keyClick(app.console, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.AltModifier)
        focus = QApplication.focusWidget()
        stage = app.controller.meeting.stage.key
        assert focus is app.console.stage_entry(), stage
        assert isinstance(focus, EntryBox) or stage == "scaling", stage
    # Typing straight away lands in the box, never on the register or a choice.
    before = conference_file.to_json(app.controller.conference)
    qtbot.keyClicks(QApplication.focusWidget(), "Lily is ")
    assert conference_file.to_json(app.controller.conference)["participants"] == before["participants"]
    assert [d.outcome for d in app.controller.conference.decisions] == [d["outcome"] for d in before["decisions"]]


def test_a_new_plan_action_starts_afresh_and_enter_anywhere_in_its_row_adds_it(app: App, qtbot: Any) -> None:
    app.controller.meeting.go_to_stage("plan")
    plan = app.console.page_of["plan"]
    count = len(app.controller.conference.plan.actions)
    qtbot.keyClicks(plan.what, "Take Ruby to her health check")
    _choose(plan.who, "Nadia Malik")
    _choose(plan.action_child, "Ruby")
    plan.action_child.setFocus()
    qtbot.keyClick(plan.action_child, Qt.Key.Key_Return)  # Enter in "For" adds it, as in "What"
    actions = app.controller.conference.plan.actions
    assert len(actions) == count + 1
    assert (actions[-1].what, actions[-1].who, actions[-1].child) == ("Take Ruby to her health check", "hv", "ruby")
    assert plan.action_child.currentData() is None  # the next one is for all the children until the chair says
    assert plan.what.text() == ""
    qtbot.keyClicks(plan.what, "Book the next core group")
    _choose(plan.who, "Priya Shah")
    plan.by.set_box.setFocus()
    qtbot.keyClick(plan.by.set_box, Qt.Key.Key_Return)
    assert app.controller.conference.plan.actions[-1].child is None
    assert len(app.controller.conference.plan.actions) == count + 2


def test_produce_outputs_is_off_with_its_key_until_the_documents_are_made(app: App, qtbot: Any) -> None:
    made: list[list[str]] = []
    app.console.producer.finished.connect(lambda files, _seconds, _warnings: made.append(files))
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(app.console, Qt.Key.Key_P, keys)
    app.console.review.produce_button.click()  # the chair's review comes first (tests/test_gui_review.py)
    assert not app.console.produce_action.isEnabled()  # the menu item, the toolbar button and Ctrl+Shift+P
    qtbot.keyClick(app.console, Qt.Key.Key_P, keys)
    app.console.produce_outputs()  # from code too: refused while the first run is making them
    qtbot.waitUntil(lambda: bool(made), timeout=60_000)
    qtbot.wait(500)
    assert len(made) == 1
    assert app.console.produce_action.isEnabled()


def test_a_cell_being_edited_when_chairdesk_closes_is_kept(app: App, qtbot: Any, db_path: Path) -> None:
    app.controller.meeting.go_to_stage("views")
    worries = next(
        e for e in app.console.page_of["views"].findChildren(QWidget) if getattr(e, "list_name", "") == "worries"
    )
    worries.view.setFocus()
    worries.view.setCurrentIndex(worries.model.index(0))
    qtbot.keyClick(worries.view, Qt.Key.Key_F2)
    cell = QApplication.focusWidget()
    cell.selectAll()
    qtbot.keyClicks(cell, "Mia is frightened at night")
    app.console.close()  # Ctrl+Q with the cell still open
    with Store(db_path) as store:
        assert store.load(DEMO_ID).worries[0].text == "Mia is frightened at night"
