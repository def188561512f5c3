"""The console's "From the last conference" (a review): what the previous conference carried forward, for the chair
only. Nothing here is on the board: the chair puts a danger statement or safety goal there (Enter, or the button),
marks how far each outcome and action has got (1 done, 2 in progress, 3 not done, 0 not said), carries an action
or the core group on into this review's plan, and sees the scaling across conferences as a chart."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chairdesk import carry_forward as cf
from chairdesk import words
from chairdesk.changes import EVERYTHING, Change, Part
from chairdesk.documents.chart import history_chart
from chairdesk.errors import InvalidConference
from chairdesk.gui.controller import MeetingController
from chairdesk.meeting import LIST_TITLES
from chairdesk.model import PROGRESS

# The keys that mark progress in the plan's table.
PROGRESS_KEYS = {Qt.Key.Key_1: "done", Qt.Key.Key_2: "in-progress", Qt.Key.Key_3: "not-done", Qt.Key.Key_0: None}
LINE_ROLE = Qt.ItemDataRole.UserRole


class CarriedLines(QListWidget):
    """The carried danger statements and safety goals; Enter puts the chosen one on the board."""

    def __init__(self, panel: CarriedPanel) -> None:
        super().__init__()
        self.panel = panel
        self.setWordWrap(True)
        self.setAccessibleName("Danger statements and safety goals from the last conference")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.panel.put_on_board()
            return
        super().keyPressEvent(event)


class PlanProgress(QTableWidget):
    """The last plan's outcomes and actions with their progress; 1, 2, 3 (and 0) mark the chosen row."""

    def __init__(self, panel: CarriedPanel) -> None:
        super().__init__(0, 3)
        self.panel = panel
        self.setHorizontalHeaderLabels(["From the last plan", "Who", "Progress (1, 2, 3)"])
        self.horizontalHeaderItem(2).setToolTip("1 done, 2 in progress, 3 not done, 0 not said yet")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setAccessibleName("The last plan's outcomes and actions, and how far each has got")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        key = Qt.Key(event.key())
        if key in PROGRESS_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.panel.mark_progress(PROGRESS_KEYS[key])
            return
        super().keyPressEvent(event)


class CarriedPanel(QWidget):
    def __init__(self, controller: MeetingController) -> None:
        super().__init__()
        self.controller = controller
        self.setAccessibleName("From the last conference")
        self.heading = QLabel(wordWrap=True)
        self.lines = CarriedLines(self)
        self.board_button = QPushButton("Put on the board (Enter)")
        self.board_button.clicked.connect(self.put_on_board)
        self.plan = PlanProgress(self)
        self.action_button = QPushButton("Carry the action on into this plan")
        self.action_button.clicked.connect(self.carry_action_on)
        self.core_button = QPushButton("Start this plan with the last core group")
        self.core_button.clicked.connect(self.use_core_group)
        self.decisions = QLabel(wordWrap=True)
        self.decisions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.chart.setMinimumSize(160, 90)
        self.chart.setAccessibleName("Scaling at each conference")
        self._pixmaps: list[QPixmap] = []

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.lines, 1)
        column.addWidget(self.board_button)
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.plan, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.action_button)
        buttons.addWidget(self.core_button)
        column.addLayout(buttons)
        column.addWidget(self.decisions)
        splitter = QSplitter()
        for part in (left, middle, self.chart):
            splitter.addWidget(part)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([300, 400, 300])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(splitter)
        controller.changed.connect(self.refresh)
        self.refresh(EVERYTHING)

    # -- what it shows -------------------------------------------------------------------------------------

    def refresh(self, change: Change = EVERYTHING) -> None:
        conference = self.controller.conference
        carried, previous = conference.carried_forward, conference.previous_conference
        if carried is None or previous is None:
            return
        type_name = words.CONFERENCE_TYPE_NAMES.get(previous.type, "conference")
        self.heading.setText(
            f"This review follows the {type_name} on {words.short_date(previous.date)}. Nothing here is on the "
            "board until you put it there."
        )
        self._fill_lines()
        self._fill_plan()
        decided = [
            f"{words.capitalise(words.child_short(c)) if (c := conference.child(d.child)) else d.child}: "
            f"{words.outcome_title(d, conference.child(d.child))}"
            for d in carried.decisions
        ]
        team = ", ".join(carried.core_group) or "none named"
        lead = carried.lead_social_worker or "not named"
        self.decisions.setText(
            "Decided then: " + ("; ".join(decided) or "no decision") + f". Lead social worker: {lead}. "
            f"Core group: {team}."
        )
        if change.touches(Part.SCALING | Part.CARRIED):
            self._draw_chart()

    def _fill_lines(self) -> None:
        meeting = self.controller.meeting
        carried = self.controller.conference.carried_forward
        assert carried is not None
        row = max(self.lines.currentRow(), 0)
        self.lines.clear()
        for list_name in cf.BOARD_CARRIED:
            for index, line in enumerate(getattr(carried, list_name)):
                state = ""
                if cf.held_from_room(meeting, list_name, index):
                    state = " (not for the board)"
                elif cf.on_board(meeting, list_name, index):
                    state = " (on the board)"
                item = QListWidgetItem(f"{LIST_TITLES[list_name]}: {line.text.strip()}{state}")
                item.setData(LINE_ROLE, (list_name, index))
                self.lines.addItem(item)
        if self.lines.count():
            self.lines.setCurrentRow(min(row, self.lines.count() - 1))

    def _fill_plan(self) -> None:
        conference = self.controller.conference
        carried = conference.carried_forward
        assert carried is not None
        row = max(self.plan.currentRow(), 0)
        rows = [("outcomes", i, o.text, "") for i, o in enumerate(carried.outcomes)]
        rows += [("actions", i, a.what, words.who(conference, a.who)) for i, a in enumerate(carried.actions)]
        self.plan.setRowCount(len(rows))
        for r, (kind, index, text, who) in enumerate(rows):
            thing = getattr(carried, kind)[index]
            cells = [text.strip(), who, PROGRESS.get(thing.progress or "", "not said yet")]
            for c, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                cell.setData(LINE_ROLE, (kind, index))
                self.plan.setItem(r, c, cell)
        if rows:
            self.plan.selectRow(min(row, len(rows) - 1))

    def _draw_chart(self) -> None:
        self._pixmaps = []
        for about, rounds in cf.scaling_groups(self.controller.conference):
            png, _alt = history_chart(rounds, about)
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            self._pixmaps.append(pixmap)
        self._show_chart()

    def _show_chart(self) -> None:
        if not self._pixmaps:
            self.chart.setText("No scaling scores were carried forward.")
            return
        # The first child's (or all the children's) chart fits the space; the others are in the record.
        self.chart.setPixmap(
            self._pixmaps[0].scaled(
                self.chart.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self._pixmaps:
            self._show_chart()

    # -- the chair's commands --------------------------------------------------------------------------------

    def _say(self, sentence: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(sentence, 15000)

    def _run(self, command: object, *args: object) -> bool:
        try:
            command(self.controller.meeting, *args)  # type: ignore[operator]
        except InvalidConference as error:
            self._say(str(error))
            return False
        return True

    def put_on_board(self) -> None:
        item = self.lines.currentItem()
        if item is None:
            self._say("Choose a line from the last conference first.")
            return
        list_name, index = item.data(LINE_ROLE)
        if self._run(cf.put_on_board, list_name, index):
            self._say(f"Put on the board, in {LIST_TITLES[list_name].lower()}.")

    def _chosen(self) -> tuple[str, int] | None:
        cell = self.plan.item(self.plan.currentRow(), 0) if self.plan.currentRow() >= 0 else None
        return cell.data(LINE_ROLE) if cell is not None else None

    def mark_progress(self, progress: str | None) -> None:
        chosen = self._chosen()
        if chosen is None:
            self._say("Choose an outcome or action from the last plan first.")
            return
        self._run(cf.set_progress, chosen[0], chosen[1], progress)

    def carry_action_on(self) -> None:
        chosen = self._chosen()
        if chosen is None or chosen[0] != "actions":
            self._say("Choose an action from the last plan first.")
            return
        if self._run(cf.carry_action_on, chosen[1]):
            self._say("The action is in this review's plan.")

    def use_core_group(self) -> None:
        try:
            missing = cf.use_core_group(self.controller.meeting)
        except InvalidConference as error:
            self._say(str(error))
            return
        self._say(
            "This plan starts with the last core group."
            + (f" Not invited to this review: {', '.join(missing)}." if missing else "")
        )
