"""The console's "From the last conference" in a real window: the chair puts a carried line on the board and marks
progress from the keyboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from console_app import open_console
from PySide6.QtCore import Qt
from test_carry_forward import REVIEW_DAY, run_initial

from chairdesk import carry_forward as cf
from chairdesk import conference_file
from chairdesk.storage import Store


def test_the_panel_puts_a_line_on_the_board_with_the_keyboard(qtbot: Any, db_path: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "earlier.sqlite") as earlier:
        initial = run_initial(earlier)
    review = conference_file.to_json(cf.start_review(initial, REVIEW_DAY))
    running = open_console(qtbot, db_path, review)
    try:
        controller, console = running.controller, running.console
        controller.set_blank(False)
        panel = console.carried
        assert panel is not None
        console.docks["From the last conference"].raise_()
        goal = initial.safety_goals[0].text
        assert goal not in controller.board().all_text()  # nothing carried is on the board before
        panel.lines.setFocus()
        qtbot.keyClick(panel.lines, Qt.Key.Key_Home)
        for _ in range(2):  # past the two danger statements to the first safety goal
            qtbot.keyClick(panel.lines, Qt.Key.Key_Down)
        assert panel.lines.currentItem().text().startswith("Safety goals: Amy has an adult")
        qtbot.keyClick(panel.lines, Qt.Key.Key_Return)
        assert [i.text for i in controller.conference.safety_goals] == [goal]  # exactly its words
        assert goal in controller.board().all_text()
        assert panel.lines.item(2).text().endswith("(on the board)")
        # The confidential danger statement stays off it, with a sentence in the status bar.
        qtbot.keyClick(panel.lines, Qt.Key.Key_Up)
        qtbot.keyClick(panel.lines, Qt.Key.Key_Return)
        assert "cannot go on the board" in console.statusBar().currentMessage()
        assert not controller.conference.danger_statements
        # Progress from the keyboard: 1 done on the first row (the outcome), 2 in progress on the next (an action).
        panel.plan.setFocus()
        qtbot.keyClick(panel.plan, Qt.Key.Key_1)
        qtbot.keyClick(panel.plan, Qt.Key.Key_Down)
        qtbot.keyClick(panel.plan, Qt.Key.Key_2)
        carried = controller.conference.carried_forward
        assert carried.outcomes[0].progress == "done" and carried.actions[0].progress == "in-progress"
        assert panel.plan.item(1, 2).text() == "in progress"
        assert panel.chart.pixmap() is not None and not panel.chart.pixmap().isNull()
        assert dt.date(2027, 1, 7) == controller.conference.previous_conference.date
    finally:
        controller.close()


def test_a_review_opens_with_the_last_conference_in_front_and_room_to_read_it(
    qtbot: Any, db_path: Path, tmp_path: Path
) -> None:
    """On a laptop the tabs under the stage page are a few lines high: too short for what was carried. A review's
    console opens with it in front and taller; the other tabs bring the short place back."""
    with Store(tmp_path / "earlier.sqlite") as earlier:
        initial = run_initial(earlier)
    running = open_console(qtbot, db_path, conference_file.to_json(cf.start_review(initial, REVIEW_DAY)))
    try:
        console = running.console
        carried, problems = console.docks["From the last conference"], console.docks["Problems"]
        qtbot.waitUntil(lambda: carried.height() >= console.height() * 0.4)
        assert not carried.visibleRegion().isEmpty() and problems.visibleRegion().isEmpty()  # it is the tab in front
        problems.raise_()
        qtbot.waitUntil(lambda: problems.height() < console.height() * 0.3)
        assert console.pages.height() > console.height() * 0.5  # the stage page has its height back
    finally:
        running.controller.close()
