"""The core, not the widgets, keeps what is being typed in every box with who in the family was out of the room
while it was typed (Meeting.typing): the console tells it every keystroke at once. So what is typed while a parent
is out is kept from them however late its save lands, after a restart, and from a draft an earlier version kept.
Real widgets (offscreen), a real database, real documents read back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from console_app import DEMO_ID, editor, go_to_views, type_as_a_chair
from docx_reading import PROFESSIONAL_ENDINGS, all_text
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit

from chairdesk import conference_file
from chairdesk.documents.produce import produce
from chairdesk.gui.app import App
from chairdesk.gui.kept_text import encode_draft
from chairdesk.gui.widgets import SETTLE_TIMER
from chairdesk.meeting import ACTION_BOX, CELL_BOX, DISSENT_BOX, OUTCOME_BOX, SCORE_BOX, decision_box
from chairdesk.model import Conference, Marks
from chairdesk.storage import Store

DEAN = "father"  # Dean Harper, the demo's father


def dean_leaves(app: App) -> None:
    app.controller.meeting.exclude(DEAN, 5, "The police have information he may not hear")
    assert [p.id for p in app.controller.meeting.conference.excluded_now()] == [DEAN]


def dean_comes_back(app: App) -> None:
    app.controller.meeting.readmit(DEAN)
    assert app.controller.meeting.conference.excluded_now() == []


def saved_conference(app: App, db_path: Path) -> Conference:
    """The conference as it is in the database now."""
    assert app.controller.writer.flush()
    with Store(db_path) as store:
        return store.load(DEMO_ID)


def documents(conference: Conference, folder: Path) -> dict[str, str]:
    """Every document made for ``conference``, read back from the .docx, by who reads it."""
    outputs = produce(conference, folder)
    assert outputs.not_made == [], outputs.not_made
    names = {
        "summary-and-plan": "summary",
        "letter-to-dean-harper": "Dean's letter",
        "letter-to-kerry-harper": "Kerry's letter",
        "parents-copy-for-dean-harper": "Dean's copy",
        "parents-copy-for-kerry-harper": "Kerry's copy",
        "record": "record",
    }
    made = {}
    for file in outputs.files:
        if file.name.endswith(PROFESSIONAL_ENDINGS):
            continue  # a professional's letter is read as the full record is
        reader = next(name for ending, name in names.items() if file.stem.endswith(ending))
        made[reader] = all_text(file)
    assert set(made) == set(names.values())
    return made


# -- the boxes saved as they are typed ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedAsTyped:
    """A box the console saves into the meeting 0.6 s after a change, and where the meeting keeps its text."""

    open: Callable[[App], QPlainTextEdit]
    text: Callable[[Conference], str]
    marks: Callable[[Conference], Marks]
    ref: str  # as chairdesk.audience names the piece
    must_know: bool  # part of the decision or the plan: the chair decides before it is kept from a parent
    readers: tuple[str, ...]  # the documents that carry it to someone who was in the room


def _contingency(app: App) -> QPlainTextEdit:
    app.controller.meeting.go_to_stage("plan")
    return app.console.page_of["plan"].contingency


def _inquorate_reason(app: App) -> QPlainTextEdit:
    """No one from children's social care came: no child's conference is quorate, the reasons are asked for."""
    for social_care in ("sw", "swm"):
        app.controller.meeting.set_apologies(social_care, True)
    box = app.console.register.inquorate_reason
    assert box.isVisible()
    return box


def _mias_decision_reason(app: App) -> QPlainTextEdit:
    app.controller.meeting.go_to_stage("decision")
    row = app.console.page_of["decision"].decisions[0]
    assert row.child.id == "mia"
    return row.reason


def _decision(c: Conference, child: str = "mia") -> Any:
    return next(d for d in c.decisions if d.child == child)


SAVED_AS_TYPED = {
    "the contingency plan": SavedAsTyped(
        _contingency,
        lambda c: c.plan.contingency,
        lambda c: c.plan.contingency_marks,
        "plan.contingency",
        True,
        ("record", "Kerry's copy", "Kerry's letter"),
    ),
    "the reasons for going ahead inquorate": SavedAsTyped(
        _inquorate_reason,
        lambda c: c.inquorate_reason or "",
        lambda c: c.inquorate_reason_marks,
        "inquorate_reason",
        False,
        ("record", "Kerry's copy"),
    ),
    "the reason for Mia's decision": SavedAsTyped(
        _mias_decision_reason,
        lambda c: _decision(c).reason,
        _decision,
        "decisions[0]",
        True,
        ("record", "Kerry's copy", "Kerry's letter"),
    ),
}


def settle_timer(box: QPlainTextEdit) -> QTimer:
    timer = box.findChild(QTimer, SETTLE_TIMER)
    assert timer is not None
    return timer


def at_the_end(box: QPlainTextEdit) -> None:
    box.setFocus()
    box.moveCursor(QTextCursor.MoveOperation.End)


@pytest.mark.parametrize("which", SAVED_AS_TYPED)
def test_typed_while_dean_was_out_and_saved_after_he_came_back_is_kept_from_him(
    which: str, app: App, qtbot: Any, db_path: Path, tmp_path: Path
) -> None:
    """The reported fault: the save lands in the 0.6 s after he is back in the room."""
    box_of = SAVED_AS_TYPED[which]
    box = box_of.open(app)
    at_the_end(box)
    words = " POLICE-SAID-THIS"
    dean_leaves(app)
    qtbot.keyClicks(box, words)
    assert settle_timer(box).isActive(), "the save is still to come: it lands after he is back"
    assert words not in box_of.text(app.controller.conference)
    dean_comes_back(app)
    qtbot.waitUntil(lambda: box_of.text(app.controller.conference).endswith(words))

    assert box_of.marks(app.controller.conference).typed_while_out == [DEAN], which
    assert box_of.marks(saved_conference(app, db_path)).typed_while_out == [DEAN], which
    if box_of.must_know:  # the chair decides in the review: kept from Dean, with a reason for the record
        app.controller.meeting.release(box_of.ref, DEAN, False, "The police asked for this to be kept from Dean")
    made = documents(app.controller.conference, tmp_path)
    for reader in ("summary", "Dean's letter", "Dean's copy"):
        assert "POLICE-SAID-THIS" not in made[reader], f"{which} reached {reader}"
    for reader in box_of.readers:
        assert "POLICE-SAID-THIS" in made[reader], f"{which} is missing from {reader}"


@pytest.mark.parametrize("which", SAVED_AS_TYPED)
def test_an_exclusion_while_nothing_waits_in_a_box_does_not_mark_its_next_change(
    which: str, app: App, qtbot: Any
) -> None:
    """What the box shows is saved, with its marks: Dean out and back while nothing waits in it puts nothing on
    what is typed there after he is back (else the summary would wait for the chair's decision for nothing).
    First with the box as it opened (what the meeting held put in it), then after typing saved in it."""
    box_of = SAVED_AS_TYPED[which]
    box = box_of.open(app)
    at_the_end(box)
    dean_leaves(app)
    dean_comes_back(app)
    type_as_a_chair(qtbot, box, " Opened")
    qtbot.waitUntil(lambda: box_of.text(app.controller.conference).endswith("Opened"))
    assert box_of.marks(app.controller.conference).typed_while_out == [], which

    type_as_a_chair(qtbot, box, " all in", seed=2)
    qtbot.waitUntil(lambda: box_of.text(app.controller.conference).endswith("all in"))
    assert not settle_timer(box).isActive()
    qtbot.wait(1100)  # an exclusion counts from its second: what was saved in that same second is kept from him
    dean_leaves(app)
    dean_comes_back(app)
    type_as_a_chair(qtbot, box, " after", seed=3)
    qtbot.waitUntil(lambda: box_of.text(app.controller.conference).endswith(" after"))
    assert box_of.marks(app.controller.conference).typed_while_out == [], which


def test_typing_waiting_in_a_box_when_dean_leaves_is_kept_from_him(app: App, qtbot: Any) -> None:
    """Begun before he left, saved after he left: some of it may have been typed while he was out."""
    box_of = SAVED_AS_TYPED["the contingency plan"]
    box = box_of.open(app)
    at_the_end(box)
    qtbot.keyClicks(box, " Begun with Dean in the room")
    dean_leaves(app)
    assert settle_timer(box).isActive()
    qtbot.waitUntil(lambda: box_of.text(app.controller.conference).endswith("in the room"))
    dean_comes_back(app)
    assert box_of.marks(app.controller.conference).typed_while_out == [DEAN]


def test_a_box_begun_before_dean_left_and_finished_after_is_kept_from_him_one_begun_after_he_is_back_is_not(
    app: App, qtbot: Any
) -> None:
    worries = go_to_views(app, qtbot)
    type_as_a_chair(qtbot, worries.entry, "BEFORE Dean")
    dean_leaves(app)
    type_as_a_chair(qtbot, worries.entry, " shouted", seed=2)
    assert "BEFORE Dean" not in app.board.visible_text()
    dean_comes_back(app)
    type_as_a_chair(qtbot, worries.entry, " at school", seed=3)
    assert "BEFORE Dean" not in app.board.visible_text()
    qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
    item = app.controller.conference.worries[-1]
    assert (item.text, item.typed_while_out) == ("BEFORE Dean shouted at school", [DEAN])

    type_as_a_chair(qtbot, worries.entry, "AFTER back", seed=4)
    assert "AFTER back" in app.board.visible_text()  # the room may see it as it is typed
    qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
    item = app.controller.conference.worries[-1]
    assert (item.text, item.typed_while_out) == ("AFTER back", [])

    # The same in a box saved as it is typed: begun while he was out, finished after, then one begun after.
    inquorate = SAVED_AS_TYPED["the reasons for going ahead inquorate"]
    box = inquorate.open(app)
    dean_leaves(app)
    type_as_a_chair(qtbot, box, "While", seed=5)
    dean_comes_back(app)
    type_as_a_chair(qtbot, box, " out", seed=6)
    qtbot.waitUntil(lambda: inquorate.text(app.controller.conference) == "While out")
    assert inquorate.marks(app.controller.conference).typed_while_out == [DEAN]
    outcome = SAVED_AS_TYPED["the contingency plan"]
    plan = outcome.open(app)
    plan.setFocus()
    plan.selectAll()
    qtbot.keyClick(plan, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: outcome.text(app.controller.conference) == "")
    type_as_a_chair(qtbot, plan, "After back", seed=7)
    qtbot.waitUntil(lambda: outcome.text(app.controller.conference) == "After back")
    assert outcome.marks(app.controller.conference).typed_while_out == []


# -- drafts: what was typed and not yet added, after a restart ----------------------------------------------------


def _choose(combo: QComboBox, data: Any) -> None:
    found = combo.findData(data)
    assert found >= 0, data
    combo.setCurrentIndex(found)


def crash_and_reopen(app: App, db_path: Path, qtbot: Any) -> App:
    """As after a crash: what reached the disk is all there is; a new ChairDesk opens on the same database."""
    for timer in app.console.findChildren(QTimer, SETTLE_TIMER):
        timer.stop()  # it stopped with the crash
    assert app.controller.writer.flush()
    app.console.keys.remove()
    for window in (app.console, app.board):
        window.hide()
    again = App(db_path)
    qtbot.addWidget(again.console)
    qtbot.addWidget(again.board)
    again.show()
    again.controller.set_blank(False)
    again.board.resize(1920, 1080)
    return again


def test_a_draft_typed_while_dean_was_out_comes_back_marked_after_a_restart_in_every_kind_of_box(
    app: App, qtbot: Any, db_path: Path
) -> None:
    console = app.console
    decision, plan, scaling = console.page_of["decision"], console.page_of["plan"], console.page_of["scaling"]
    app.controller.meeting.delete_decision("baby")  # a reason typed before the decision waits as a draft
    _choose(decision.dissenter, "police")
    _choose(plan.who, "hv")
    _choose(scaling.person, "school")
    scaling.score.setValue(4)
    worries = go_to_views(app, qtbot)
    dean_leaves(app)
    typed = {
        "worries": (worries.entry, "WORRY-OUT Dean has a new partner"),
        decision_box("baby"): (decision.decisions[-1].reason, "REASON-OUT the baby is due in March"),
        DISSENT_BOX: (decision.dissent_text, "DISSENT-OUT the police disagree"),
        ACTION_BOX: (plan.what, "ACTION-OUT check the house"),
        OUTCOME_BOX: (plan.outcome_text, "OUTCOME-OUT Ruby goes to nursery"),
        SCORE_BOX: (scaling.reason, "SCORE-OUT the school sees bruises"),
    }
    for box, words in typed.values():
        box.selectAll()  # the deleted decision's reason is still in its box, to be typed over
        qtbot.keyClicks(box, words)
    dean_comes_back(app)

    again = crash_and_reopen(app, db_path, qtbot)
    try:
        meeting = again.controller.meeting
        console = again.console
        decision, plan, scaling = console.page_of["decision"], console.page_of["plan"], console.page_of["scaling"]
        back = {
            "worries": editor(again, "worries").entry,
            decision_box("baby"): decision.decisions[-1].reason,
            DISSENT_BOX: decision.dissent_text,
            ACTION_BOX: plan.what,
            OUTCOME_BOX: plan.outcome_text,
            SCORE_BOX: scaling.reason,
        }
        for name, (_box, words) in typed.items():
            assert back[name].text() == words, name
            assert meeting.typed_while_out_in(name) == [DEAN], name
        assert "WORRY-OUT" not in again.board.visible_text()

        # Added now, after the restart, each is kept from Dean.
        meeting.go_to_stage("views")
        qtbot.keyClick(back["worries"], Qt.Key.Key_Return)
        qtbot.keyClick(back[DISSENT_BOX], Qt.Key.Key_Return)
        qtbot.keyClick(back[ACTION_BOX], Qt.Key.Key_Return)
        qtbot.keyClick(back[OUTCOME_BOX], Qt.Key.Key_Return)
        qtbot.keyClick(back[SCORE_BOX], Qt.Key.Key_Return)
        baby = decision.decisions[-1]
        _choose(baby.outcome, "cp-plan")
        _choose(baby.category, "emotional-abuse")
        baby.save()
        c = again.controller.conference
        added = {
            "worries": c.worries[-1],
            decision_box("baby"): _decision(c, "baby"),
            DISSENT_BOX: c.dissent[-1],
            ACTION_BOX: c.plan.actions[-1],
            OUTCOME_BOX: c.plan.outcomes[-1],
            SCORE_BOX: next(s for s in c.scaling if s.reason == typed[SCORE_BOX][1]),
        }
        for name, thing in added.items():
            text = getattr(thing, "text", None) or getattr(thing, "reason", None) or getattr(thing, "what", None)
            assert (text, thing.typed_while_out) == (typed[name][1], [DEAN]), name
        assert "WORRY-OUT" not in again.board.visible_text()
    finally:
        again.controller.close()


def test_a_draft_an_earlier_version_kept_under_its_old_name_comes_back_with_its_marks(
    qtbot: Any, db_path: Path, demo_data: dict[str, Any]
) -> None:
    """Before the meeting named the boxes, drafts were kept as "decision.reason.<child>", "decision.dissent",
    "plan.action" and "plan.outcome": an upgrade loses none of them, nor their marks."""
    demo_data["decisions"] = [d for d in demo_data["decisions"] if d["child"] != "baby"]
    old = {
        "decision.reason.baby": encode_draft("OLD-REASON the baby is due in March", False, [DEAN]),
        "decision.dissent": encode_draft("OLD-DISSENT the police disagree", False, [DEAN], {"who": "police"}),
        "plan.action": encode_draft("OLD-ACTION check the house", False, [DEAN], {"who": "hv", "child": "leo"}),
        "plan.outcome": encode_draft("OLD-OUTCOME Ruby goes to nursery", False, [DEAN], {"child": "ruby"}),
        "scaling.reason": encode_draft("OLD-SCORE the school sees bruises", False, [DEAN]),  # its name then and now
    }
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data), action="import")
        for key, stored in old.items():
            store.save_draft(DEMO_ID, key, stored)
    running = App(db_path)
    qtbot.addWidget(running.console)
    qtbot.addWidget(running.board)
    running.show()
    try:
        meeting = running.controller.meeting
        decision, plan = running.console.page_of["decision"], running.console.page_of["plan"]
        scaling = running.console.page_of["scaling"]
        boxes = {
            decision_box("baby"): decision.decisions[-1].reason,
            DISSENT_BOX: decision.dissent_text,
            ACTION_BOX: plan.what,
            OUTCOME_BOX: plan.outcome_text,
            SCORE_BOX: scaling.reason,
        }
        for (key, stored), (name, box) in zip(old.items(), boxes.items(), strict=True):
            words = stored.split('"text": "')[1].split('"')[0]
            assert box.text() == words, key
            assert meeting.typed_while_out_in(name) == [DEAN], key
        assert "what you were typing is back" in running.welcome
        assert (decision.dissenter.currentData(), plan.who.currentData(), plan.action_child.currentData()) == (
            "police",
            "hv",
            "leo",
        )
        # Kept from now on under the box's own name, once: the old names are gone from the database.
        assert running.controller.writer.flush()
        with Store(db_path) as store:
            drafts = {key for key, stored in store.drafts(DEMO_ID).items() if stored}
        assert drafts >= set(boxes), drafts
        assert not drafts & {"decision.reason.baby", "decision.dissent", "plan.action", "plan.outcome"}, drafts
        qtbot.keyClick(decision.dissent_text, Qt.Key.Key_Return)
        dissent = running.controller.conference.dissent[-1]
        assert (dissent.text, dissent.participant, dissent.typed_while_out) == (
            "OLD-DISSENT the police disagree",
            "police",
            [DEAN],
        )
    finally:
        running.controller.close()


def test_every_keystroke_reaches_the_meeting_at_once_not_when_the_box_saves(app: App, qtbot: Any) -> None:
    """Each box saved as it is typed tells the meeting of each change as it is made (the save comes later)."""
    boxes = {
        "plan.contingency": SAVED_AS_TYPED["the contingency plan"].open(app),
        "inquorate_reason": SAVED_AS_TYPED["the reasons for going ahead inquorate"].open(app),
        decision_box("mia"): SAVED_AS_TYPED["the reason for Mia's decision"].open(app),
    }
    dean_leaves(app)
    for name, box in boxes.items():
        at_the_end(box)
        qtbot.keyClicks(box, "x")
        assert settle_timer(box).isActive(), name
        assert app.controller.meeting.typed_while_out_in(name) == [DEAN], name
    dean_comes_back(app)


def test_a_correction_typed_in_a_cell_while_dean_was_out_is_kept_from_him_when_kept_after_he_is_back(
    app: App, qtbot: Any
) -> None:
    """A board item corrected in its cell (F2): typed while Dean was out, kept (Enter) after he came back."""
    worries = go_to_views(app, qtbot)
    worries.view.setFocus()
    worries.view.setCurrentIndex(worries.model.index(0))
    qtbot.keyClick(worries.view, Qt.Key.Key_F2)
    cell = QApplication.focusWidget()
    cell.selectAll()
    dean_leaves(app)
    qtbot.keyClicks(cell, "CELL-WHILE-OUT Mia is frightened at night")
    dean_comes_back(app)
    qtbot.keyClick(cell, Qt.Key.Key_Return)  # the view commits its editor's text once the key press is over
    qtbot.waitUntil(lambda: app.controller.conference.worries[0].text == "CELL-WHILE-OUT Mia is frightened at night")
    item = app.controller.conference.worries[0]
    assert item.typed_while_out == [DEAN]
    assert "CELL-WHILE-OUT" not in app.controller.board().all_text()
    # A cell opened and left (Escape) while he was out puts nothing on what is corrected next.
    worries.view.setCurrentIndex(worries.model.index(1))
    qtbot.keyClick(worries.view, Qt.Key.Key_F2)
    dean_leaves(app)
    qtbot.keyClicks(QApplication.focusWidget(), " left")
    dean_comes_back(app)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: app.controller.meeting.typed_while_out_in(CELL_BOX) == [])  # once the cell is gone
    app.controller.meeting.edit_item("worries", 2, "A correction made with everyone in the room")
    assert app.controller.conference.worries[2].typed_while_out == []
