"""The board holds four children, every score and every decision, whole and legible, on a 1024×768 and a
1920×1080 projector, at every stage; when space runs out the danger statements and the safety goals stay in view.

Real Qt windows (offscreen); geometry is checked where each line, dot and decision is drawn, and the dots in the
pixels of the board as grabbed."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from board_conferences import STAGE_KEYS, demo_with_four_children, heavy_conference
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QTextDocument
from PySide6.QtWidgets import QWidget

from chairdesk import conference_file
from chairdesk.gui.board_window import DOT_COLOUR, BoardWindow, smallest_type
from chairdesk.gui.controller import MeetingController

SIZES = [(1024, 768), (1920, 1080)]
# The lists that are each stage's business (the plan's actions at the plan stage).
STAGE_LISTS = {"views": ("worries", "working_well"), "key-points": ("key_points",), "plan": ("actions",)}
CONFERENCES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "demo": demo_with_four_children,
    "heavy": heavy_conference,
}


@pytest.fixture
def board_for(qtbot: Any, tmp_path: Path, demo_data: dict[str, Any]) -> Iterator[Callable[..., BoardWindow]]:
    controllers: list[MeetingController] = []

    def make(name: str, width: int, height: int) -> BoardWindow:
        conference = conference_file.from_json(CONFERENCES[name](demo_data))
        controller = MeetingController(conference, tmp_path / f"{name}.sqlite")
        controllers.append(controller)
        board = BoardWindow(controller)
        qtbot.addWidget(board)
        board.resize(width, height)
        board.show()
        qtbot.waitExposed(board)
        controller.set_blank(False)
        return board

    yield make
    for controller in controllers:
        controller.close()


def _in_window(board: BoardWindow, widget: QWidget, rect: QRect) -> QRect:
    """``rect`` (in ``widget``'s coordinates) in the board's, checked to lie inside the board's window."""
    moved = QRect(widget.mapTo(board, rect.topLeft()), rect.size())
    assert board.rect().contains(moved), f"{moved} is outside the board's window {board.rect()}"
    return moved


def _parts(board: BoardWindow) -> list[QRect]:
    page = board.page
    shown = [*page.columns.values(), page.key_points, page.scaling, page.decisions]
    return [_in_window(board, w, w.rect()) for w in shown if w.isVisible()]


@pytest.mark.parametrize("name", CONFERENCES)
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_pinned_line_score_and_decision_is_whole_and_in_view_at_every_stage(
    board_for: Callable[..., BoardWindow], name: str, width: int, height: int, qtbot: Any
) -> None:
    board = board_for(name, width, height)
    conference = board.controller.conference
    assert len(conference.children) == 4
    for stage in STAGE_KEYS:
        board.controller.meeting.go_to_stage(stage)
        qtbot.wait(1)
        page = board.page
        where = f"{name} at {width}x{height}, stage {stage}"

        # The key points stay on the board at every stage, at the least saying how many are not shown; one type
        # size for the three columns and the key points, never below the floor.
        assert page.key_points.isVisible() == bool(conference.key_points), f"{where}: the key points are not shown"
        sizes = {c.body.document().defaultFont().pixelSize() for c in (*page.columns.values(), page.key_points)}
        assert len(sizes) == 1, where
        (size,) = sizes
        assert size >= smallest_type(height) >= (18 if height == 768 else 25), where

        # The parts of the board do not overlap one another.
        parts = _parts(board)
        for n, one in enumerate(parts):
            for other in parts[n + 1 :]:
                assert not one.intersects(other), f"{where}: {one} overlaps {other}"

        # Every line shown is whole, inside its column; the danger statements and safety goals are among them.
        for column in (*page.columns.values(), page.key_points):
            if not column.isVisible():
                continue
            area = column.visible_area()
            for text, rect in column.line_rects():
                assert area.contains(rect), f"{where}: {text!r} is cut off in {column.key}"
                _in_window(board, column, rect)
        shown = {column.key: column.text() for column in page.columns.values()}
        for item in conference.danger_statements:
            assert item.text in shown["worried"], f"{where}: a danger statement is not in view"
        for item in conference.safety_goals:
            assert item.text in shown["needs_to_happen"], f"{where}: a safety goal is not in view"
        # A list with lines that are not shown tells the room so.
        content = board.controller.board()
        shown["key_points"] = page.key_points.text()
        lists = {"worries": ("worried", content.worried), "working_well": ("working_well", content.working_well)}
        lists |= {
            "actions": ("needs_to_happen", content.needs_to_happen),
            "key_points": ("key_points", content.key_points),
        }
        for list_name, (column, lines) in lists.items():
            texts = [line.text for line in lines if line.kind in (list_name, "action")]
            if any(text not in shown[column] for text in texts):
                assert "not shown here" in shown[column], f"{where}: {list_name} are left out without a word"

        # The current stage wins: the newest line of each of its lists is in view, whole (but for the worries on
        # the heavy board at 1024x768, where two long danger statements fill the column).
        for list_name in STAGE_LISTS.get(stage, ()):
            column, lines = lists[list_name]
            newest = [line.text for line in lines if line.kind in (list_name, "action")][-1]
            if (name, height, list_name) != ("heavy", 768, "worries"):
                assert newest in shown[column], f"{where}: the newest of the {list_name} is not in view at its stage"

        # Every score has its own dot, inside the board, not covered, drawn in the dot's colour.
        dots = page.scaling.dot_rects()
        assert len(dots) == len(conference.scaling) >= 9, where
        picture = board.grab().toImage()
        placed = []
        for _score, rect in dots:
            moved = _in_window(board, page.scaling, rect)
            assert all(not moved.intersects(other) for other in placed), f"{where}: two dots overlap"
            placed.append(moved)
            assert picture.pixelColor(moved.center()).name() == QColor(DOT_COLOUR).name(), where

        # Every decision is whole and in view, one box each.
        decided = page.decisions.rects()
        assert len(decided) == len(conference.decisions) == 4, where
        for text, rect in decided:
            label = next(label for label in page.decisions.labels if label.text() == text)
            assert label.heightForWidth(rect.width()) <= rect.height(), f"{where}: {text!r} is cut off"
            _in_window(board, page.decisions, rect)

        # At the key points stage the newest key point is in view, whole.
        if stage == "key-points":
            assert conference.key_points[-1].text in page.key_points.text(), where
            assert conference.key_points[-1].text in [text for text, _rect in page.key_points.line_rects()], where


def test_people_are_named_by_first_name_and_role_never_initials(
    board_for: Callable[..., BoardWindow], qtbot: Any
) -> None:
    board = board_for("heavy", 1920, 1080)
    board.controller.meeting.go_to_stage("scaling")
    text = board.visible_text()
    assert "Sarah (police)" in text and "Joan (independent reviewing officer)" in text
    assert "DC" not in text.split() and "DC " not in text and "Ms " not in text
    assert "(family doctor)" in text and "Dr " not in text


def test_a_child_stepping_down_to_a_child_in_need_plan_says_so_at_the_decision(
    board_for: Callable[..., BoardWindow], qtbot: Any
) -> None:
    board = board_for("heavy", 1024, 768)
    board.controller.meeting.go_to_stage("decision")
    (ruby,) = [text for text, _rect in board.page.decisions.rects() if text.startswith("Ruby")]
    assert ruby == "Ruby: steps down to a child in need plan"
    assert "Leo: the child protection plan continues (neglect)" in board.visible_text()


def test_the_columns_share_one_type_size_while_one_column_is_long(
    board_for: Callable[..., BoardWindow], qtbot: Any
) -> None:
    board = board_for("demo", 1024, 768)
    board.controller.meeting.go_to_stage("views")
    for n in range(12):
        board.controller.meeting.add_item("worries", f"Another worry, number {n}, that the room agreed on")
    qtbot.wait(1)
    sizes = {c.body.document().defaultFont().pixelSize() for c in board.page.columns.values()}
    assert len(sizes) == 1 and min(sizes) >= 18
    worried = board.page.columns["worried"].text()
    assert "number 11, that the room agreed on" in worried  # the newest stays in view
    assert "earlier lines are not shown here" in worried  # and the room is told there is more


def test_a_line_of_scorers_names_never_starts_with_a_dot_or_leaves_a_number_without_a_name(
    board_for: Callable[..., BoardWindow], qtbot: Any
) -> None:
    board = board_for("heavy", 1024, 768)
    board.controller.meeting.go_to_stage("scaling")
    names = board.page.scaling.names
    names.setFixedWidth(300)  # narrow, so the names wrap on many lines
    document = QTextDocument()
    document.setDefaultFont(names.font())
    document.setHtml(names.text())
    document.setTextWidth(300)
    document.documentLayout()  # lay it out
    layout = document.begin().layout()
    lines = [
        document.begin().text()[line.textStart() : line.textStart() + line.textLength()]
        for line in (layout.lineAt(n) for n in range(layout.lineCount()))
    ]
    assert len(lines) > 2, lines
    for line in lines:
        assert not line.lstrip("\xa0 ").startswith("·"), lines
        assert not re.search(r"\d+:[\s\xa0]*$", line), lines


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_line_typed_into_a_full_column_stays_whole_as_it_grows(
    board_for: Callable[..., BoardWindow], width: int, height: int, qtbot: Any
) -> None:
    """A keystroke keeps the layout it had when it can (one frame per key); when the line being typed takes another
    line, the oldest lines of its column give way, and it is never cut."""
    board = board_for("demo", width, height)
    controller = board.controller
    controller.meeting.go_to_stage("views")
    page = board.page
    sentence = "Kerry says the children are frightened when Dean shouts on the stairs at night and Leo hides " * 3
    for count in range(1, len(sentence) + 1, 7):
        controller.set_draft("worries", sentence[:count], False)
        typed = sentence[:count].strip()
        column = page.columns["worried"]
        area = column.visible_area()
        rects = [rect for text, rect in column.line_rects() if text.endswith(typed[-20:]) or typed in text]
        assert rects, f"the line being typed is not on the board after {count} characters"
        assert area.contains(rects[-1]), f"the line being typed is cut off after {count} characters"
        for danger in controller.conference.danger_statements:
            assert danger.text in column.text()  # pinned: still in view
        if "not shown here" not in column.text():  # nothing the room may see is left out without a word
            assert all(line.text in column.text() for line in controller.board().worried if not line.being_typed)
