"""Scaling (RULES.md §4, step 6): each person's score from 0 to 10 and their reasoning, in a few keystrokes.

Going round the room: type the score, Tab, the reason, Enter; the next person without a score comes up. The
scores are for all the children unless one child is chosen above. The table edits in place (F2), Delete takes
a score back, and the line at the top shows the spread so the chair sees agreement at a glance.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFocusEvent, QFont, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chairdesk.changes import EVERYTHING, Change, Part
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.kept_text import chosen
from chairdesk.gui.marking import MARKED_BRUSH, TypingFlags, attach_marking, mark_notes, marked
from chairdesk.gui.page_tools import (
    ColumnsModel,
    Index,
    WordsDelegate,
    child_choices,
    compact,
    enter_adds,
    entry_line,
    fill_combo,
    follow,
    on_keys,
    person_label,
    selected_row,
    tell,
)
from chairdesk.meeting import SCORE_BOX
from chairdesk.model import Participant, ScalingScore
from chairdesk.presenters.scaling import ScalingPresenter, spread

ParticipantRole = Qt.ItemDataRole.UserRole + 1  # the person's id
ScoreRole = Qt.ItemDataRole.UserRole + 2  # their score (int), or None when they have given none


class ScalingModel(ColumnsModel):
    """Everyone who came (but the chair), and their score for the chosen child (None: all the children); the rules
    are the presenter's (chairdesk.presenters.scaling)."""

    COLUMNS = ("Person", "Score", "Reason")

    def __init__(self, controller: MeetingController, presenter: ScalingPresenter) -> None:
        super().__init__()
        self.controller = controller
        self.presenter = presenter
        follow(self, controller, Part.SCALING | Part.ATTENDANCE)

    @property
    def child_id(self) -> str | None:
        return self.presenter.child_id

    def reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def set_child(self, child_id: str | None) -> None:
        self.presenter.child_id = child_id
        self.reset()

    def scores(self) -> dict[str, ScalingScore]:
        return self.presenter.scores()

    def people(self) -> list[Participant]:
        return self.presenter.people()

    rows = people

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        people = self.people()
        if not index.isValid() or index.row() >= len(people):
            return None
        person = people[index.row()]
        score = self.scores().get(person.id)
        column = self.COLUMNS[index.column()]
        if role == ParticipantRole:
            return person.id
        if role == ScoreRole:
            return score.score if score else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == "Person":
                return person_label(person)
            if column == "Score":
                return str(score.score) if score else "—"
            return marked(self.controller.conference, score, score.reason) if score else ""
        if role == Qt.ItemDataRole.EditRole:
            if column == "Score":
                return score.score if score else 5
            return score.reason if score else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "Score":
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.BackgroundRole and score:
            return MARKED_BRUSH if mark_notes(self.controller.conference, score, score.reason) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if score is None:
                return "No score yet: choose the person below, or press F2 here"
            notes = mark_notes(self.controller.conference, score, score.reason)
            return "\n".join([score.reason or "No reason given yet (F2 to add one)", *notes, "Ctrl+H: confidential…"])
        return None

    def ref(self, index: QModelIndex) -> str | None:
        """The score in a row as the rule names it (``scaling[3]``), or None when the person has given none."""
        score = self.scores().get(index.data(ParticipantRole))
        found = [i for i, s in enumerate(self.controller.conference.scaling) if s is score]
        return f"scaling[{found[0]}]" if found else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.COLUMNS[index.column()] != "Person":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        person_id = index.data(ParticipantRole)
        # As the model's own edit (its initiator): its cells repaint rather than reset under the editor.
        if self.COLUMNS[index.column()] == "Score":
            return self.presenter.change_score(person_id, int(value), initiator=self)
        return self.presenter.change_reason(person_id, str(value), initiator=self)


class ScoreDelegate(WordsDelegate):
    """A spin box that only takes 0 to 10 for the score; the reason in a box that wraps."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        if index.column() != ScalingModel.COLUMNS.index("Score"):
            return super().createEditor(parent, option, index)
        box = QSpinBox(parent, minimum=0, maximum=TYPED_SCORE_LIMIT)  # over 10 refused in words, never cut
        box.setAccessibleName("Score from 0 to 10")
        return box


# A score box takes what the chair types, up to three digits, and the meeting refuses anything over 10 in words:
# a box that stopped at 10 dropped the second 1 of "11" and recorded 1, nearly the opposite, without a word.
TYPED_SCORE_LIMIT = 999


class ScoreBox(QSpinBox):
    """0 to 10, or "—" before a score is typed; the first digit typed replaces whatever it shows. More than 10 is
    shown as typed and refused when it is recorded (see TYPED_SCORE_LIMIT)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, minimum=-1, maximum=TYPED_SCORE_LIMIT, specialValueText="—")
        self.setValue(-1)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        super().focusInEvent(event)
        self.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if self.value() < 0 and event.text().isdigit():
            self.selectAll()
        super().keyPressEvent(event)


class ScaleLine(QWidget):
    """The scores as dots on a 0–10 line, so agreement (or its lack) shows at a glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scores: list[int] = []
        self.setMinimumHeight(64)
        self.setAccessibleName("Spread of the scores")

    def set_scores(self, scores: list[int]) -> None:
        self.scores = scores
        self.setAccessibleDescription(spread(scores))
        self.setToolTip(spread(scores))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left, right, base = 24.0, self.width() - 24.0, self.height() - 22.0
        step = (right - left) / 10
        painter.setPen(QPen(QColor("#555555"), 2))
        painter.drawLine(QPointF(left, base), QPointF(right, base))
        painter.setFont(QFont(self.font().family(), 8))
        for mark in range(11):
            x = left + mark * step
            painter.drawLine(QPointF(x, base - 4), QPointF(x, base + 4))
            painter.drawText(QRectF(x - 10, base + 5, 20, 14), Qt.AlignmentFlag.AlignCenter, str(mark))
        painter.setPen(Qt.PenStyle.NoPen)
        if self.scores:  # the range from lowest to highest, as a band behind the line
            low, high = min(self.scores), max(self.scores)
            painter.setBrush(QColor(29, 79, 145, 50))
            painter.drawRoundedRect(QRectF(left + low * step - 8, base - 8, (high - low) * step + 16, 16), 8, 8)
        painter.setBrush(QColor("#1d4f91"))
        stacked: dict[int, int] = {}
        for score in self.scores:
            height = stacked.get(score, 0)
            stacked[score] = height + 1
            painter.drawEllipse(QPointF(left + score * step, base - 10 - height * 11), 5, 5)


class ScalingPage(QWidget):
    """The scores table, the spread, and a line to give the next score."""

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.child = compact(QComboBox(), 14)
        self.child.setAccessibleName("Scores for which child")
        self.child.setToolTip("Scores for all the children, or for one child")
        for_label = QLabel("Scores f&or:")
        for_label.setBuddy(self.child)
        top.addWidget(for_label)
        top.addWidget(self.child)
        self.spread = QLabel(objectName="scalingSpread")
        self.spread.setAccessibleName("Spread of the scores")
        top.addWidget(self.spread, 1)
        layout.addLayout(top)
        self.line = ScaleLine()
        layout.addWidget(self.line)

        self.presenter = ScalingPresenter(controller.meeting, self)
        self.model = ScalingModel(controller, self.presenter)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(ScoreDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName("Scaling scores")
        self.table.setToolTip("F2 changes the score or the reason · Delete takes the score back")
        layout.addWidget(self.table, 1)
        on_keys(self.table, [("Delete", self.delete_selected)])
        attach_marking(self.table, controller, self.model.ref, "Give the score first; then it can be marked.")

        entry = QGridLayout()
        self.person = compact(QComboBox(), 16)
        self.person.setAccessibleName("Whose score")
        self.person.setToolTip("Whose score: type the first letters of their name")
        self.score = ScoreBox()
        self.score.setAccessibleName("Score from 0 to 10")
        self.score.setToolTip("0: the children will certainly be harmed · 10: safe enough to close the case")
        self.reason, self.kept_reason = entry_line(
            controller,
            SCORE_BOX,
            "Their reasoning, then Enter",
            "Their reasoning",
            context={
                "child": (lambda: self.child.currentData(), self._put_back_child),
                "who": chosen(self.person),
                "score": (self.score.value, self.score.setValue),
            },
        )
        self.kept_reason.watch(self.person.currentIndexChanged, self.child.currentIndexChanged, self.score.valueChanged)
        add = QPushButton("Recor&d score")
        add.setToolTip("Record this score (Enter)")
        person_label_ = QLabel("&Who:")
        person_label_.setBuddy(self.person)
        score_label = QLabel("&Score:")
        score_label.setBuddy(self.score)
        # Added in the order Tab moves through them: who, score, reason, then the button.
        for column, widget in enumerate((person_label_, self.person, score_label, self.score)):
            entry.addWidget(widget, 0, column)
        entry.addWidget(self.reason, 1, 0, 1, 6)
        self.flags = TypingFlags(controller, self.reason)  # a withheld address given away, said as it is typed
        entry.addWidget(self.flags, 2, 0, 1, 6)
        entry.addWidget(add, 0, 5)
        entry.setColumnStretch(4, 1)
        layout.addLayout(entry)

        self.stage_entry = self.score  # where the chair starts at this stage: the next person's score
        self.child.activated.connect(lambda _i: self._child_chosen())
        self.reason.returnPressed.connect(self.record)
        enter_adds(self.record, self.person)
        self.score.lineEdit().returnPressed.connect(self.record)
        add.clicked.connect(self.record)
        controller.changed.connect(self._on_changed)
        self._on_changed(EVERYTHING)
        self._next_person(after_current=False)

    def _on_changed(self, change: Change) -> None:
        if not change.touches(Part.SCALING | Part.ATTENDANCE):
            return
        fill_combo(self.child, child_choices(self.controller.conference))
        if self.child.currentData() != self.model.child_id:
            self.model.set_child(self.child.currentData())
        fill_combo(self.person, [(person_label(p), p.id) for p in self.model.people()])
        self._show_spread()

    def _show_spread(self) -> None:
        scores = [s.score for s in self.model.scores().values()]
        self.spread.setText(self.presenter.spread())
        self.line.set_scores(scores)

    def _put_back_child(self, child_id: str | None) -> None:
        """The child a draft was for (after a restart), with that child's scores."""
        found = self.child.findData(child_id)
        if found >= 0 and child_id != self.model.child_id:
            self.child.setCurrentIndex(found)
            self._child_chosen()

    def _child_chosen(self) -> None:
        self.model.set_child(self.child.currentData())
        self._on_changed(Change(Part.SCALING, ""))
        self._next_person(after_current=False)

    def _next_person(self, after_current: bool = True) -> None:
        """Put the next person in the room without a score (after the one just scored) in the entry line."""
        following = self.presenter.next_person(self.person.currentData() if after_current else None)
        if following is not None:
            self.person.setCurrentIndex(self.person.findData(following))

    # -- what the presenter tells the page (chairdesk.presenters.scaling.ScalingView) -----------------------

    def tell(self, sentence: str) -> None:
        tell(self, sentence)

    def want_score(self) -> None:
        self.score.setFocus()

    def record(self) -> None:
        if not self.presenter.record(self.person.currentData(), self.score.value(), self.reason.text()):
            return
        self.reason.setText("")
        self.score.setValue(-1)
        self._next_person()
        self.score.setFocus()
        self.score.selectAll()

    def delete_selected(self) -> None:
        row = selected_row(self.table)
        if row is not None:
            self.presenter.take_back(self.model.index(row, 0).data(ParticipantRole))
