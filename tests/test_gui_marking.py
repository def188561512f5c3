"""Marking anything the chair typed confidential, with a reason, through the console's own widgets and keys; and
a withheld address (or what could lead to it) flagged beside the words as they are typed (issue 9).

Real windows offscreen, real keys, real documents read back with python-docx.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from console_app import editor, go_to_views
from docx_reading import all_text, for_the_family
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from chairdesk import audience
from chairdesk.documents.produce import produce
from chairdesk.gui.app import App
from chairdesk.gui.decision_page import DecisionPage
from chairdesk.gui.items import ItemListEditor
from chairdesk.gui.marking import ConfidentialDialog, MarkButton, TypingFlags
from chairdesk.gui.plan_page import PlanPage
from chairdesk.gui.scaling_page import ParticipantRole, ScalingPage
from chairdesk.meeting import LIST_TITLES
from chairdesk.model import CONFIDENTIAL_REASONS, WHOLE_FAMILY
from chairdesk.words import child_name

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
ADDRESS = "Kerry now lives at 9 Willow Court"
ADDRESS_FLAG = (
    "This gives away where Kerry Harper lives: it will be kept off the board and out of everyone else's copies. "
    "Change the words to keep it in."
)
REFUGE = "she has moved her children to a school in Northampton"
REFUGE_FLAG = "This names Northampton with a school: could it tell someone where Kerry lives?"


# -- driving the console ----------------------------------------------------------------------------------------


def go_to(app: App, qtbot: Any, stage: str) -> QWidget:
    app.controller.meeting.go_to_stage(stage)
    page = app.console.page_of[stage]
    qtbot.waitUntil(page.isVisible)
    return page


def open_dialog(app: App, qtbot: Any) -> ConfidentialDialog:
    """The "Why is it confidential?" dialog now in front of the console."""
    found: list[ConfidentialDialog] = []

    def shown() -> bool:
        found[:] = [d for d in app.console.findChildren(ConfidentialDialog) if d.isVisible()]
        return len(found) == 1 and QApplication.activeWindow() is found[0]

    qtbot.waitUntil(shown)
    return found[0]


def closed(dialog: ConfidentialDialog) -> bool:
    """Gone: closed, and (as it deletes itself on closing) perhaps deleted already."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def press(qtbot: Any, dialog: ConfidentialDialog, key: Key, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    """A key where the chair's focus is in the dialog."""
    qtbot.keyClick(dialog.focusWidget() or dialog, key, modifier)


def ask_on(qtbot: Any, view: QAbstractItemView, index: QModelIndex) -> None:
    """Choose a row (a cell) of a list or table and press Ctrl+H on it, as the chair does."""
    focus(qtbot, view)
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Key.Key_H, CTRL)


def focus(qtbot: Any, widget: QWidget) -> None:
    """The chair clicks into ``widget`` (again, if a page that has just come up put the focus elsewhere)."""
    qtbot.waitUntil(lambda: widget.hasFocus() or widget.setFocus() or False)


def answer(app: App, qtbot: Any, number: int, words: str = "") -> ConfidentialDialog:
    """In the dialog: the reason's number, then (Tab) the chair's words, then Enter."""
    dialog = open_dialog(app, qtbot)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.reasons)
    qtbot.keyClicks(dialog.reasons, str(number))
    if words:
        press(qtbot, dialog, Key.Key_Tab)
        assert dialog.focusWidget() is dialog.words
        qtbot.keyClicks(dialog.words, words)
    press(qtbot, dialog, Key.Key_Return)
    return dialog


def row_of(scaling: ScalingPage, person: str) -> int:
    return next(r for r in range(scaling.model.rowCount()) if scaling.model.index(r, 0).data(ParticipantRole) == person)


def reason_words(key: str, words: str = "") -> str:
    return words if key == "other" else CONFIDENTIAL_REASONS[key]


def marks(app: App, ref: str) -> tuple[bool, str | None, str]:
    found = audience.marks_at(app.controller.conference, ref)
    return found.confidential, found.confidential_reason, found.confidential_words


def first_shown_row(items: ItemListEditor) -> int:
    from chairdesk.gui.items import HiddenRole

    return next(r for r in range(items.model.rowCount()) if not items.model.index(r).data(HiddenRole))


# -- a board list: asked why, shown, undone, unmarked -----------------------------------------------------------


def test_ctrl_h_on_a_board_item_asks_why_and_the_list_and_the_board_follow(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    row = first_shown_row(worries)
    text = app.controller.conference.worries[row].text
    assert text in app.board.visible_text()

    ask_on(qtbot, worries.view, worries.model.index(row))
    dialog = open_dialog(app, qtbot)
    assert dialog.reasons.count() == 6 and not dialog.unmark_button.isEnabled()
    press(qtbot, dialog, Key.Key_Return)  # nothing chosen for the chair: Enter says so, in words
    assert dialog.isVisible() and "Choose why it is confidential" in dialog.refusal.text()
    assert not app.controller.conference.worries[row].confidential
    press(qtbot, dialog, Key.Key_Down)  # the arrow keys choose: information from a third party...
    press(qtbot, dialog, Key.Key_Down)  # ...a criminal investigation
    press(qtbot, dialog, Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))

    assert marks(app, f"worries[{row}]") == (True, "criminal-investigation", "")
    shown = worries.model.index(row).data()
    assert shown.startswith("[Hidden from the room: confidential (a criminal investigation)]")
    assert "Not on the board: confidential (a criminal investigation)" in worries.model.index(row).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert text not in app.board.visible_text() and text not in app.controller.board().all_text()
    qtbot.waitUntil(worries.view.hasFocus)  # back where the chair was
    assert worries.view.currentIndex().row() == row

    # Ctrl+Z takes the mark back (one undo step); it is on the board again.
    qtbot.keyClick(worries.view, Key.Key_Z, CTRL)
    assert marks(app, f"worries[{row}]") == (False, None, "")
    assert text in app.board.visible_text()

    # Escape leaves it as it was.
    ask_on(qtbot, worries.view, worries.model.index(row))
    dialog = open_dialog(app, qtbot)
    qtbot.keyClicks(dialog.reasons, "3")
    press(qtbot, dialog, Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(dialog))
    assert marks(app, f"worries[{row}]") == (False, None, "")

    # Marked again (legal advice), then "Not confidential" (Alt+N) takes the mark off.
    ask_on(qtbot, worries.view, worries.model.index(row))
    answer(app, qtbot, 3)
    assert marks(app, f"worries[{row}]") == (True, "legal-advice", "")
    ask_on(qtbot, worries.view, worries.model.index(row))
    dialog = open_dialog(app, qtbot)
    assert dialog.unmark_button.isEnabled() and dialog.reason() == "legal-advice"  # it starts from its reason
    press(qtbot, dialog, Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: closed(dialog))
    assert marks(app, f"worries[{row}]") == (False, None, "")
    assert not worries.model.index(row).data().startswith("[")
    assert text in app.board.visible_text()


def test_another_reason_needs_the_chairs_words_and_is_refused_in_words_without_them(app: App, qtbot: Any) -> None:
    discussion = app.console.discussion  # the record of the discussion: never on the board, marked the same way
    discussion.entry.setFocus()
    qtbot.keyClicks(discussion.entry, "Kerry's solicitor spoke about the family court hearing")
    qtbot.keyClick(discussion.entry, Key.Key_Return)
    row = discussion.model.rowCount() - 1
    ref = f"discussion[{row}]"

    ask_on(qtbot, discussion.view, discussion.model.index(row))
    dialog = answer(app, qtbot, 6)  # another reason, no words
    assert dialog.isVisible()
    assert dialog.refusal.isVisible() and dialog.refusal.text() == "Say in a few words why it is confidential."
    assert dialog.focusWidget() is dialog.words  # where the words go
    assert marks(app, ref) == (False, None, "")
    qtbot.keyClicks(dialog.words, "the family court asked for it to stay private")
    press(qtbot, dialog, Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    assert marks(app, ref) == (True, "other", "the family court asked for it to stay private")
    assert "confidential (the family court asked for it to stay private)" in discussion.model.index(row).data()


# -- the entry box of a board list: the tick, and the reason beside it -------------------------------------------


def test_what_is_being_typed_is_marked_with_its_reason_in_two_keystrokes(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    assert not worries.reason.isVisible()
    qtbot.keyClick(worries.entry, Key.Key_H, CTRL)  # ticks "Confidential" and goes to the reason
    assert worries.confidential.isChecked() and worries.reason.isVisible()
    qtbot.waitUntil(worries.reason.hasFocus)
    qtbot.keyClick(worries.reason, Key.Key_2)  # its number: a criminal investigation; back to the words
    assert worries.reason.currentData() == "criminal-investigation"
    qtbot.waitUntil(worries.entry.hasFocus)
    qtbot.keyClicks(worries.entry, "POLICE-OPERATION details")
    assert "POLICE-OPERATION" not in app.board.visible_text()
    qtbot.keyClick(worries.entry, Key.Key_Return)
    item = app.controller.conference.worries[-1]
    assert (item.text, item.confidential, item.confidential_reason) == (
        "POLICE-OPERATION details",
        True,
        "criminal-investigation",
    )
    assert not worries.confidential.isChecked() and not worries.reason.isVisible()
    assert worries.reason.currentData() is None  # the next one starts with no reason

    # Ticked with no reason chosen: it goes in, and the record will say "no reason given yet".
    worries.confidential.setChecked(True)
    qtbot.keyClicks(worries.entry, "NO-REASON-YET")
    qtbot.keyClick(worries.entry, Key.Key_Return)
    item = app.controller.conference.worries[-1]
    assert item.confidential and item.confidential_reason is None
    last = worries.model.index(worries.model.rowCount() - 1)
    assert last.data().startswith("[Hidden from the room: confidential (no reason given yet)]")

    # "Another reason": the item goes in and the chair is asked for the words at once.
    qtbot.keyClick(worries.entry, Key.Key_H, CTRL)
    qtbot.waitUntil(worries.reason.hasFocus)
    qtbot.keyClick(worries.reason, Key.Key_6)
    qtbot.keyClicks(worries.entry, "OTHER-REASON item")
    qtbot.keyClick(worries.entry, Key.Key_Return)
    dialog = open_dialog(app, qtbot)
    assert dialog.reason() == "other" and dialog.focusWidget() is dialog.words
    qtbot.keyClicks(dialog.words, "a neighbour who could be harmed")
    press(qtbot, dialog, Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    item = app.controller.conference.worries[-1]
    assert (item.text, item.confidential_reason, item.confidential_words) == (
        "OTHER-REASON item",
        "other",
        "a neighbour who could be harmed",
    )
    board = app.controller.board().all_text()
    assert not any(word in board for word in ("POLICE-OPERATION", "NO-REASON-YET", "OTHER-REASON"))


# -- every other kind of typed thing, through its own widget, and the documents ----------------------------------


def test_every_kind_of_typed_thing_is_marked_through_its_widget_and_the_documents_follow(
    app: App, qtbot: Any, tmp_path: Path
) -> None:
    meeting = app.controller.meeting
    meeting.set_view("police", "mia", True, "VIEWMARK the police hold intelligence")
    meeting.set_score("police", 2, "SCOREMARK from the investigation")
    meeting.add_dissent("police", "DISSENTMARK the police disagree")
    meeting.set_decision("mia", "cp-plan", "emotional-abuse", "DECISIONMARK as the council's lawyer advised")
    meeting.add_action("ACTIONMARK see the GP about Kerry's health", "sw")
    meeting.add_outcome("mia", "OUTCOMEMARK Mia's new home stays private")
    c = app.controller.conference
    refs = {
        # A view or a score given again keeps its place: found by whose and which child's it is.
        "VIEWMARK": f"views[{[(v.participant, v.child) for v in c.views].index(('police', 'mia'))}]",
        "SCOREMARK": f"scaling[{[(x.participant, x.child) for x in c.scaling].index(('police', None))}]",
        "DISSENTMARK": f"dissent[{len(c.dissent) - 1}]",
        "DECISIONMARK": "decisions[0]",
        "ACTIONMARK": f"plan.actions[{len(c.plan.actions) - 1}]",
        "OUTCOMEMARK": f"plan.outcomes[{len(c.plan.outcomes) - 1}]",
        "CONTINGENCYMARK": "plan.contingency",
        "INQUORATEMARK": "inquorate_reason",
    }
    chosen = {  # the reason for each, by its number in the list, and the chair's words
        "VIEWMARK": ("third-party", ""),
        "SCOREMARK": ("criminal-investigation", ""),
        "DISSENTMARK": ("legal-advice", "the council's lawyer"),
        "DECISIONMARK": ("other", "the family court asked"),
        "ACTIONMARK": ("health", ""),
        "OUTCOMEMARK": ("address", ""),
        "CONTINGENCYMARK": ("legal-advice", ""),
        "INQUORATEMARK": ("third-party", ""),
    }
    numbers = {key: n for n, key in enumerate(CONFIDENTIAL_REASONS, 1)}

    def mark(marker: str) -> None:
        key, words = chosen[marker]
        answer(app, qtbot, numbers[key], words)
        qtbot.waitUntil(lambda: marks(app, refs[marker]) == (True, key, words))

    # Scaling: the score's row in the table.
    scaling = go_to(app, qtbot, "scaling")
    assert isinstance(scaling, ScalingPage)
    row = row_of(scaling, "police")
    ask_on(qtbot, scaling.table, scaling.model.index(row, 2))
    mark("SCOREMARK")
    assert scaling.model.index(row, 2).data().startswith("[Confidential: a criminal investigation]  SCOREMARK")

    # The decision page: the view's cell, the dissent, the reason for Mia's decision ("other" needs words).
    decision = go_to(app, qtbot, "decision")
    assert isinstance(decision, DecisionPage)
    people = [p.id for p in decision.model.people()]
    cell = decision.model.index(people.index("police"), [ch.id for ch in decision.model.children()].index("mia"))
    ask_on(qtbot, decision.grid, cell)
    mark("VIEWMARK")
    assert (
        decision.model.index(cell.row(), cell.column())
        .data()
        .startswith("[Confidential: information from a third party who could be identified]  Yes: VIEWMARK")
    )
    ask_on(qtbot, decision.dissent, decision.dissent.model().index(int(refs["DISSENTMARK"][8:-1]), 0))
    mark("DISSENTMARK")
    assert (
        decision.dissent.item(decision.dissent.count() - 1)
        .text()
        .startswith("[Confidential: legal advice: the council's lawyer]")
    )
    mia = decision.decisions[0]
    qtbot.mouseClick(mia.mark.button, Qt.MouseButton.LeftButton)
    dialog = answer(app, qtbot, 6)  # "another reason" without words: refused in words, nothing marked
    assert dialog.isVisible() and dialog.refusal.text() == "Say in a few words why it is confidential."
    assert marks(app, "decisions[0]") == (False, None, "")
    press(qtbot, dialog, Key.Key_Escape)
    qtbot.mouseClick(mia.mark.button, Qt.MouseButton.LeftButton)
    mark("DECISIONMARK")
    assert mia.mark.mark.text() == "Confidential: the family court asked"

    # The plan: the action's row, the outcome, and the contingency typed and marked at once (its save waits).
    plan = go_to(app, qtbot, "plan")
    assert isinstance(plan, PlanPage)
    ask_on(qtbot, plan.actions, plan.actions_model.index(int(refs["ACTIONMARK"][13:-1]), 0))
    mark("ACTIONMARK")
    assert (
        plan.actions_model.index(int(refs["ACTIONMARK"][13:-1]), 0)
        .data()
        .startswith("[Confidential: someone else's health information]  ACTIONMARK")
    )
    ask_on(qtbot, plan.outcomes, plan.outcomes.model().index(int(refs["OUTCOMEMARK"][14:-1]), 0))
    mark("OUTCOMEMARK")
    assert plan.outcomes.item(plan.outcomes.count() - 1).text().startswith("[Confidential: where someone lives]")
    focus(qtbot, plan.contingency)
    plan.contingency.selectAll()
    qtbot.keyClicks(plan.contingency, "CONTINGENCYMARK care proceedings if the police charge Dean")
    qtbot.mouseClick(plan.contingency_mark.button, Qt.MouseButton.LeftButton)
    mark("CONTINGENCYMARK")
    assert app.controller.conference.plan.contingency.startswith("CONTINGENCYMARK")
    assert plan.contingency_mark.mark.text() == "Confidential: legal advice"

    # The register: the reasons for going ahead inquorate (the box shows while a child's conference is not quorate).
    meeting.set_apologies("hv", True)
    register = app.console.register
    qtbot.waitUntil(register.inquorate_reason.isVisible)
    assert register.inquorate_mark.isVisible()
    focus(qtbot, register.inquorate_reason)
    qtbot.keyClicks(register.inquorate_reason, "INQUORATEMARK the health visitor was called to a child")
    qtbot.mouseClick(register.inquorate_mark.button, Qt.MouseButton.LeftButton)
    mark("INQUORATEMARK")
    assert register.inquorate_mark.mark.text() == "Confidential"  # in a narrow place: the reason in its tooltip
    assert register.inquorate_mark.mark.toolTip().startswith("Confidential: information from a third party")

    # Every mark is in the core, with its reason.
    for marker, ref in refs.items():
        key, words = chosen[marker]
        assert marks(app, ref) == (True, key, words), marker
    # Nothing marked is on the board.
    board = app.controller.board().all_text()
    assert not any(marker in board for marker in refs)

    # What a parent must know (the reason for a decision, the plan) waits for the chair's review before the family's
    # documents are made: kept back here as the review would (another part of the console).
    for ref in refs.values():
        if audience.piece_at(app.controller.conference, ref).must_know:
            meeting.release(ref, WHOLE_FAMILY, False, "the police asked")
    outputs = produce(app.controller.conference, tmp_path / "out")
    assert outputs.not_made == []
    texts = {f.name: all_text(f) for f in outputs.files}
    record = next(t for name, t in texts.items() if name.endswith("-record.docx"))
    family = {name: t for name, t in texts.items() if for_the_family(name)}
    assert any("summary" in name for name in family) and sum("parents-copy" in name for name in family) == 2
    for marker in refs:
        for name, text in family.items():
            assert marker not in text, (marker, name)
        key, words = chosen[marker]
        lines = [line for line in record.splitlines() if marker in line]
        assert lines, marker
        assert all(f"CONFIDENTIAL ({reason_words(key, words)}" in line for line in lines), (marker, lines)


def test_ctrl_z_takes_a_mark_on_a_table_row_back_and_not_confidential_unmarks_it(app: App, qtbot: Any) -> None:
    app.controller.meeting.add_action("UNDO-ACTION refer to the police", "sw")
    plan = go_to(app, qtbot, "plan")
    assert isinstance(plan, PlanPage)
    row = len(app.controller.conference.plan.actions) - 1
    ref = f"plan.actions[{row}]"
    ask_on(qtbot, plan.actions, plan.actions_model.index(row, 0))
    answer(app, qtbot, 2)
    qtbot.waitUntil(lambda: marks(app, ref)[0])
    assert plan.actions_model.index(row, 0).data().startswith("[Confidential: a criminal investigation]")
    focus(qtbot, plan.actions)
    qtbot.keyClick(plan.actions, Key.Key_Z, CTRL)
    assert marks(app, ref) == (False, None, "")
    assert plan.actions_model.index(row, 0).data() == "UNDO-ACTION refer to the police"
    qtbot.keyClick(plan.actions, Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # and redo brings it back
    assert marks(app, ref) == (True, "criminal-investigation", "")
    ask_on(qtbot, plan.actions, plan.actions_model.index(row, 0))
    dialog = open_dialog(app, qtbot)
    qtbot.mouseClick(dialog.unmark_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog))
    assert marks(app, ref) == (False, None, "")

    # Ctrl+H on a row that holds nothing yet says so, and opens nothing.
    scaling = go_to(app, qtbot, "scaling")
    assert isinstance(scaling, ScalingPage)
    unscored = next(r for r in range(scaling.model.rowCount()) if scaling.model.index(r, 1).data() == "—")
    ask_on(qtbot, scaling.table, scaling.model.index(unscored, 2))
    assert app.console.statusBar().currentMessage() == "Give the score first; then it can be marked."
    assert not [d for d in app.console.findChildren(ConfidentialDialog) if d.isVisible()]


# -- a withheld address, as it is typed ---------------------------------------------------------------------------


def test_a_withheld_address_is_flagged_as_it_is_typed_and_never_reaches_the_board(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    assert not worries.flags.isVisible()
    for character in ADDRESS:
        qtbot.keyClicks(worries.entry, character)
        board = app.controller.board().all_text()
        assert "Willow" not in board and "Willow" not in app.board.visible_text()
    assert worries.flags.isVisible() and worries.flags.address.isVisible()
    assert worries.flags.address.text() == ADDRESS_FLAG
    assert not worries.flags.refuge.isVisible()
    qtbot.keyClick(worries.entry, Key.Key_Return)
    assert app.controller.conference.worries[-1].text == ADDRESS
    assert not worries.flags.isVisible()  # the box is empty again
    assert "Willow" not in app.controller.board().all_text() and "Willow" not in app.board.visible_text()
    last = worries.model.index(worries.model.rowCount() - 1)
    assert last.data() == f"[Hidden from the room: gives away where Kerry Harper lives]  {ADDRESS}"

    # Changing the words takes the flag away.
    qtbot.keyClicks(worries.entry, "Kerry has moved somewhere safe")
    assert not worries.flags.isVisible()
    assert "Kerry has moved somewhere safe" in app.board.visible_text()


def test_every_box_that_reaches_a_reader_flags_an_address_and_a_refuge(app: App, qtbot: Any) -> None:
    console = app.console
    console.build_every_page()  # (each is built when first wanted)
    flags = console.findChildren(TypingFlags)
    boxes = {f.box.accessibleName() for f in flags}
    expected = {
        *(f"New item for {title.lower()}" for title in LIST_TITLES.values()),
        "Their reasoning",
        "The dissent",
        "New action: what",
        "New outcome",
        "Contingency plan",
        "Reasons for going ahead inquorate",
        *(f"Reason for the decision for {child_name(c)}" for c in app.controller.conference.subject_children),
    }
    assert expected <= boxes, expected - boxes
    assert len(flags) >= len(expected)
    for flag in flags:
        box = flag.box
        box.setPlainText(ADDRESS)
        assert flag.address.text() == ADDRESS_FLAG, box.accessibleName()
        assert not flag.refuge.text()
        box.setPlainText(REFUGE)
        assert flag.refuge.text() == REFUGE_FLAG, box.accessibleName()
        assert not flag.address.text()
        box.setPlainText("Kerry is doing well")
        assert not flag.text()


def test_a_refuge_hint_shows_beside_the_words(app: App, qtbot: Any) -> None:
    key_points = editor(app, "key_points")
    app.controller.meeting.go_to_stage("key-points")
    qtbot.waitUntil(key_points.isVisible)
    key_points.entry.setFocus()
    qtbot.keyClicks(key_points.entry, REFUGE)
    assert key_points.flags.isVisible() and key_points.flags.refuge.isVisible()
    assert key_points.flags.refuge.text() == REFUGE_FLAG
    assert not key_points.flags.address.isVisible()


def test_rows_that_give_an_address_away_are_marked_in_every_list(app: App, qtbot: Any) -> None:
    meeting = app.controller.meeting
    meeting.add_action("Visit Kerry at 9 Willow Court every week", "sw")
    meeting.add_outcome("mia", "Mia settles at 9 Willow Court")
    meeting.add_dissent("police", "Dean must not learn of Willow Court")
    meeting.set_score("police", 3, "Kerry is safer at 9 Willow Court")
    plan = app.console.page_of["plan"]
    decision = app.console.page_of["decision"]
    scaling = app.console.page_of["scaling"]
    assert isinstance(plan, PlanPage) and isinstance(decision, DecisionPage) and isinstance(scaling, ScalingPage)
    note = "Gives away where Kerry Harper lives"
    assert plan.actions_model.index(len(app.controller.conference.plan.actions) - 1, 0).data().startswith(f"[{note}]")
    assert plan.outcomes.item(plan.outcomes.count() - 1).text().startswith(f"[{note}]")
    assert decision.dissent.item(decision.dissent.count() - 1).text().startswith(f"[{note}]")
    row = row_of(scaling, "police")
    assert scaling.model.index(row, 2).data().startswith(f"[{note}]")
    assert "Willow" not in app.controller.board().all_text()


def test_a_box_with_nothing_in_it_yet_cannot_be_marked_and_says_so(app: App, qtbot: Any) -> None:
    plan = go_to(app, qtbot, "plan")
    assert isinstance(plan, PlanPage)
    assert isinstance(plan.contingency_mark, MarkButton)
    app.controller.meeting.set_plan_fields(contingency="")
    plan.contingency.setPlainText("")
    qtbot.mouseClick(plan.contingency_mark.button, Qt.MouseButton.LeftButton)
    assert app.console.statusBar().currentMessage() == "Type the contingency plan first; then it can be marked."
    assert not [d for d in app.console.findChildren(ConfidentialDialog) if d.isVisible()]
    assert QApplication.activeModalWidget() is None
