"""Every outcome of the procedure chosen on the real decision page with the keyboard, then read back from the real
summary and record (.docx) and from the board: an initial conference's five, a review's plan that continues (the
category kept, changed from the one carried forward, or changed from the one the chair says), and a plan that ends
for each of the procedure's reasons with each thing that may follow; and the recommendations typed one a line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx_reading import all_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMainWindow, QWidget
from test_gui_pages import shown

from chairdesk import conference_file
from chairdesk.board import BoardLine
from chairdesk.documents.produce import DocumentSettings, produce
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.decision_page import ChildDecision, DecisionPage
from chairdesk.model import AFTER_PLAN_ENDS, PLAN_END_REASONS, CarriedForward, Decision

Key = Qt.Key


@pytest.fixture
def fresh_data(demo_data: dict[str, Any]) -> dict[str, Any]:
    """The demo (Mia, Leo, Ruby and the baby, all subjects) before the decision."""
    for name in ("scaling", "views", "decisions", "dissent"):
        demo_data[name] = []
    return demo_data


def review_data(data: dict[str, Any]) -> dict[str, Any]:
    data.update(type="review", previous_conference={"type": "initial", "date": "2026-08-25"})
    data.pop("trigger_date")
    return data


@pytest.fixture
def open_page(qtbot: Any, db_path: Path) -> Iterator[Any]:
    made: list[MeetingController] = []
    windows: list[QMainWindow] = []  # kept: a window owns its page

    def open_(data: dict[str, Any], carried: dict[str, str] | None = None) -> tuple[MeetingController, DecisionPage]:
        conference = conference_file.from_json(data)
        if carried:
            conference.carried_forward = CarriedForward(
                decisions=[Decision(child, "cp-plan", category) for child, category in carried.items()]
            )
        controller = MeetingController(conference, db_path)
        made.append(controller)
        page = DecisionPage(controller)
        windows.append(shown(qtbot, page))
        return controller, page

    yield open_
    for controller in made:
        controller.close()


def focus(qtbot: Any, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def pick(qtbot: Any, combo: QComboBox, data: Any) -> None:
    """Choose ``data`` in ``combo`` as a chair does: focus it, Home, then Down until it is chosen."""
    focus(qtbot, combo)
    if combo.currentIndex() != 0:
        qtbot.keyClick(combo, Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Key.Key_Down)
    assert combo.currentData() == data, f"{data!r} is not offered in {combo.accessibleName()}"


def row(page: DecisionPage, child_id: str) -> ChildDecision:
    return next(r for r in page.decisions if r.child.id == child_id)


def board_lines(controller: MeetingController) -> tuple[BoardLine, ...]:
    """What the projector shows under the columns, once the chair shows the conference (F8)."""
    controller.set_blank(False)
    return controller.board().decisions


def no_plan_dates(text: str) -> bool:
    """No outline plan's core group, core group meeting or next review in ``text``."""
    never = ("First core group meeting", "Next core group meeting", "The core group (", "Next conference (review)")
    return not any(words in text for words in never) and "What the conference agreed" in text


def documents(controller: MeetingController, folder: Path) -> tuple[str, str]:
    """The summary and the full record, made and read back."""
    outputs = produce(controller.conference, folder, DocumentSettings())
    assert outputs.not_made == []
    summary = next(p for p in outputs.files if p.name.endswith("summary-and-plan.docx"))
    record = next(p for p in outputs.files if p.name.endswith("-record.docx"))
    return all_text(summary), all_text(record)


def test_each_initial_outcome_through_the_keyboard_to_the_summary_and_the_record(
    qtbot: Any, open_page: Any, fresh_data: dict[str, Any], tmp_path: Path
) -> None:
    controller, page = open_page(fresh_data)
    assert [row(page, "mia").outcome.itemData(i) for i in range(row(page, "mia").outcome.count())] == [
        None,
        "cp-plan",
        "cin-plan",
        "step-down",
        "family-group-conference",
        "no-further-action",
    ]
    # A plan waits for its category: nothing is recorded until it has one, and the chair is told.
    mia = row(page, "mia")
    pick(qtbot, mia.outcome, "cp-plan")
    assert controller.conference.decisions == []
    assert "Choose the category of Mia's plan" in page.window().statusBar().currentMessage()
    assert mia.outcome.currentData() == "cp-plan" and mia.category.isEnabled()
    pick(qtbot, mia.category, "physical-abuse")
    pick(qtbot, row(page, "leo").outcome, "cin-plan")
    pick(qtbot, row(page, "ruby").outcome, "step-down")
    pick(qtbot, row(page, "baby").outcome, "family-group-conference")
    assert [(d.child, d.outcome, d.category) for d in controller.conference.decisions] == [
        ("mia", "cp-plan", "physical-abuse"),
        ("leo", "cin-plan", None),
        ("ruby", "step-down", None),
        ("baby", "family-group-conference", None),
    ]
    assert [line.text for line in board_lines(controller)] == [
        "Mia: a child protection plan (physical abuse)",
        "Leo: no child protection plan; a child in need plan instead",
        "Ruby: no child protection plan; help from early help services instead",
        "The baby: no child protection plan; a Family Group Conference",
    ]
    summary, record = documents(controller, tmp_path / "first")
    for text in (summary, record):
        assert "Child protection plan under the category of physical abuse." in text
        assert "No child protection plan: a child in need plan instead." in text
        assert "No child protection plan: step down to early help support." in text
        assert "No child protection plan: a Family Group Conference." in text
        assert "First core group meeting" in text  # Mia has a plan

    focus(qtbot, row(page, "mia").outcome)
    qtbot.keyClick(row(page, "mia").outcome, Key.Key_End)  # the last choice, in one keystroke: one undo step
    assert controller.conference.decisions[0].outcome == "no-further-action"
    assert not row(page, "mia").category.isEnabled()
    summary, record = documents(controller, tmp_path / "second")
    for text in (summary, record):
        assert "No child protection plan: no further action." in text
        assert "category of" not in text
        assert no_plan_dates(text)  # no child has a plan
    controller.meeting.undo()
    assert controller.conference.decisions[0].outcome == "cp-plan"
    assert row(page, "mia").outcome.currentData() == "cp-plan"
    assert row(page, "mia").category.currentData() == "physical-abuse"


def test_at_a_review_the_plan_continues_with_the_category_kept_or_changed(
    qtbot: Any, open_page: Any, fresh_data: dict[str, Any], tmp_path: Path
) -> None:
    controller, page = open_page(review_data(fresh_data), carried={"mia": "neglect", "leo": "neglect"})
    mia, leo, ruby = row(page, "mia"), row(page, "leo"), row(page, "ruby")
    assert [mia.outcome.itemData(i) for i in range(mia.outcome.count())] == [None, "plan-continues", "plan-ends"]
    # Kept: the category carried forward is the plan's until the chair changes it.
    pick(qtbot, mia.outcome, "plan-continues")
    assert (controller.conference.decisions[0].category, controller.conference.decisions[0].previous_category) == (
        "neglect",
        "neglect",
    )
    assert mia.previous.isVisible() and not mia.previous.isEnabled()  # carried: shown, not changed here
    # Changed from the one carried forward.
    pick(qtbot, leo.outcome, "plan-continues")
    pick(qtbot, leo.category, "emotional-abuse")
    # Nothing carried for Ruby: the chair says what it was.
    pick(qtbot, ruby.outcome, "plan-continues")
    assert all(d.child != "ruby" for d in controller.conference.decisions)  # waiting for its category
    assert ruby.previous.isEnabled()
    pick(qtbot, ruby.previous, "physical-abuse")
    pick(qtbot, ruby.category, "sexual-abuse")
    decisions = {d.child: (d.category, d.previous_category) for d in controller.conference.decisions}
    assert decisions == {
        "mia": ("neglect", "neglect"),
        "leo": ("emotional-abuse", "neglect"),
        "ruby": ("sexual-abuse", "physical-abuse"),
    }
    assert [line.text for line in board_lines(controller)] == [
        "Mia: the child protection plan continues (neglect)",
        "Leo: the child protection plan continues (emotional abuse, was neglect)",
        "Ruby: the child protection plan continues (sexual abuse, was physical abuse)",
    ]
    pick(qtbot, row(page, "baby").outcome, "plan-continues")
    pick(qtbot, row(page, "baby").category, "neglect")
    summary, record = documents(controller, tmp_path)
    for text in (summary, record):
        assert "The child protection plan continues under the category of neglect, as before." in text
        assert (
            "The child protection plan continues under the category of emotional abuse, changed from neglect." in text
        )
        assert (
            "The child protection plan continues under the category of sexual abuse, changed from physical abuse."
            in text
        )
        assert "Next core group meeting" in text and "First core group" not in text


@pytest.mark.parametrize("reason", list(PLAN_END_REASONS))
def test_a_plan_that_ends_for_each_reason_with_each_thing_that_follows(
    qtbot: Any, open_page: Any, fresh_data: dict[str, Any], tmp_path: Path, reason: str
) -> None:
    controller, page = open_page(review_data(fresh_data), carried={"mia": "neglect"})
    children = ["mia", "leo", "ruby", "baby"]
    for child_id in children:
        child = row(page, child_id)
        pick(qtbot, child.outcome, "plan-ends")
        assert child.end_reason.isVisible() and child.then.isVisible() and not child.category.isEnabled()
    # Recorded at once; the outputs wait for why and what follows, and the page says so.
    assert [d.outcome for d in controller.conference.decisions] == ["plan-ends"] * 4
    assert "Choose why the child protection plan for Mia ends. The outputs wait for it." in page.problems.text()
    assert produce(controller.conference, tmp_path / "not-yet", DocumentSettings()).files == []
    for child_id, then in zip(children, AFTER_PLAN_ENDS, strict=True):
        child = row(page, child_id)
        pick(qtbot, child.end_reason, reason)
        pick(qtbot, child.then, then)
    assert [(d.end_reason, d.then) for d in controller.conference.decisions] == [(reason, t) for t in AFTER_PLAN_ENDS]
    assert page.problems.isHidden() or "The outputs wait" not in page.problems.text()
    board = [line.text for line in board_lines(controller)]
    assert all(line.count("the child protection plan ends: ") == 1 for line in board)
    if reason == "died":  # nothing is said to follow for a child who has died
        assert not any("; then " in line for line in board)
    else:
        assert [line.rsplit("; then ", 1)[1] for line in board] == [
            "a child in need plan",
            "help from early help services",
            "a Family Group Conference",
            "no further action",
        ]
    summary, record = documents(controller, tmp_path / "made")
    names = {"mia": "Mia", "leo": "Leo", "ruby": "Ruby", "baby": "the baby"}
    follows = {
        "cin-plan": "a child in need plan",
        "step-down": "step-down to early help support",
        "family-group-conference": "a Family Group Conference",
        "no-further-action": "no further action",
    }
    for text in (summary, record):
        for child_id, then in zip(children, AFTER_PLAN_ENDS, strict=True):
            then_words = "" if reason == "died" else f"; then {follows[then]}"
            told = f"The child protection plan ends because {names[child_id]} {PLAN_END_REASONS[reason]}{then_words}."
            assert told in text
        assert no_plan_dates(text)  # no child keeps a plan


def test_recommendations_one_a_line_enter_adds_delete_removes(
    qtbot: Any, open_page: Any, fresh_data: dict[str, Any], tmp_path: Path
) -> None:
    controller, page = open_page(fresh_data)
    for child_id in ("mia", "leo", "ruby", "baby"):
        pick(qtbot, row(page, child_id).outcome, "cin-plan")
    box = page.recommendation_text
    focus(qtbot, box)
    for line in ("Kerry is offered the Freedom Programme.", "Dean attends a perpetrator programme.", "A typo line."):
        qtbot.keyClicks(box, line)
        qtbot.keyClick(box, Key.Key_Return)
        qtbot.waitUntil(lambda: box.text() == "")
    assert [i.text for i in controller.conference.recommendations] == [
        "Kerry is offered the Freedom Programme.",
        "Dean attends a perpetrator programme.",
        "A typo line.",
    ]
    assert page.recommendations.count() == 3
    focus(qtbot, page.recommendations)
    page.recommendations.setCurrentRow(2)
    qtbot.keyClick(page.recommendations, Key.Key_Delete)
    assert len(controller.conference.recommendations) == 2 and page.recommendations.count() == 2
    controller.meeting.undo()
    assert page.recommendations.count() == 3
    controller.meeting.redo()
    # Enter with nothing typed adds nothing, and says so.
    focus(qtbot, box)
    qtbot.keyClick(box, Key.Key_Return)
    assert len(controller.conference.recommendations) == 2
    assert "Type the words first" in page.window().statusBar().currentMessage()
    assert [line.text for line in board_lines(controller)][-2:] == [
        "Recommended: Kerry is offered the Freedom Programme.",
        "Recommended: Dean attends a perpetrator programme.",
    ]
    summary, record = documents(controller, tmp_path)
    for text in (summary, record):
        assert "Recommendations" in text
        assert text.index("Kerry is offered the Freedom Programme.") < text.index("Dean attends a perpetrator")
        assert "A typo line." not in text
