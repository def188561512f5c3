"""The plan (RULES.md §4, "When a plan is made"): the lead social worker, the core group, the outcomes for each
child, the actions (what, who, by when), the contingency plan, and the first core group and review dates.

The two dates are proposed from the rules the first time the chair reaches this stage (one undo step), with
the rule beside each; the chair can change them or leave them not set. Actions and outcomes edit in place (F2)
and Delete removes the chosen one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chairdesk.changes import EVERYTHING, Change, Part
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.kept_text import chosen
from chairdesk.gui.marking import MARKED_BRUSH, MarkButton, TypingFlags, attach_marking, mark_notes, marked
from chairdesk.gui.page_tools import (
    ALL_CHILDREN,
    ChoiceDelegate,
    ColumnsModel,
    Index,
    OptionalDateEdit,
    WordsDelegate,
    child_choices,
    choose,
    compact,
    deletable_list,
    enter_adds,
    entry_line,
    fill_combo,
    follow,
    on_keys,
    person_label,
    selected_row,
    short_name,
    tell,
    who_label,
)
from chairdesk.gui.text_guard import TextBox
from chairdesk.gui.widgets import show_saved_text, when_text_settles
from chairdesk.meeting import ACTION_BOX, CONTINGENCY_BOX, OUTCOME_BOX
from chairdesk.model import Participant, Plan, PlanAction
from chairdesk.presenters.plan import PlanPresenter
from chairdesk.presenters.plan import parse_day as parse_day  # where the tests have always found it
from chairdesk.timescales import long_date

PLAN_CHANGES = Part.PLAN | Part.ATTENDANCE


class ActionsModel(ColumnsModel):
    """The plan's actions: what, who, by when, for which child (the rules: chairdesk.presenters.plan)."""

    COLUMNS = ("What", "Who", "By", "For")

    def __init__(self, controller: MeetingController, presenter: PlanPresenter) -> None:
        super().__init__()
        self.controller = controller
        self.presenter = presenter
        follow(self, controller, PLAN_CHANGES)

    def actions(self) -> list[PlanAction]:
        return self.presenter.actions()

    rows = actions

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        actions = self.actions()
        if not index.isValid() or index.row() >= len(actions):
            return None
        action, column = actions[index.row()], self.COLUMNS[index.column()]
        c = self.controller.conference
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == "What":
                return marked(c, action, action.what)
            if column == "Who":
                return who_label(c, action.who)
            if column == "By":
                return f"{action.by:%d/%m/%Y}" if action.by else "—"
            child = c.child(action.child)
            return short_name(child) if child else ALL_CHILDREN
        if role == Qt.ItemDataRole.EditRole:
            return {
                "What": action.what,
                "Who": action.who,
                "By": f"{action.by:%d/%m/%Y}" if action.by else "",
                "For": action.child,
            }[column]
        if role == Qt.ItemDataRole.BackgroundRole and mark_notes(c, action, action.what):
            return MARKED_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "By" and action.by:
                return long_date(action.by)
            return "\n".join([action.what, *mark_notes(c, action, action.what), "Ctrl+H: confidential…"])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        # As the model's own edit (its initiator): its cells repaint rather than reset under the editor.
        return self.presenter.edit_action(index.row(), self.COLUMNS[index.column()], value, initiator=self)


class CoreGroupModel(QAbstractListModel):
    """Everyone invited, ticked when they are in the core group (Space ticks the chosen one)."""

    def __init__(self, controller: MeetingController, presenter: PlanPresenter) -> None:
        super().__init__()
        self.controller = controller
        self.presenter = presenter
        follow(self, controller, PLAN_CHANGES)

    def people(self) -> list[Participant]:
        return self.presenter.invited()

    def members(self) -> list[str]:
        return self.presenter.plan.core_group

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.people())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        people = self.people()
        if not index.isValid() or index.row() >= len(people):
            return None
        person = people[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return person_label(person)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if person.id in self.members() else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.UserRole:
            return person.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        person = self.people()[index.row()]
        return self.presenter.tick(person.id, Qt.CheckState(value) == Qt.CheckState.Checked, initiator=self)


class PlanPage(QWidget):
    """The plan, top to bottom in the order the chair settles it; the page scrolls on a small screen."""

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.presenter = PlanPresenter(controller.meeting, self)  # the rules; the page draws and forwards
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        self._build_who_and_when(layout)
        self._build_actions(layout)
        self._build_outcomes(layout)
        contingency_box = QGroupBox("Contingency plan: what happens if things do not change")
        contingency = QVBoxLayout(contingency_box)
        self.contingency = TextBox()
        self.contingency.setAccessibleName("Contingency plan")
        self.contingency.setPlaceholderText("Including when legal action would be considered")
        self.contingency.setToolTip("Saved as you type")
        self.contingency.setTabChangesFocus(True)
        self.contingency.setMinimumHeight(70)
        contingency.addWidget(self.contingency)
        self.contingency_settle = when_text_settles(
            self.contingency, self._save_contingency, controller.meeting, CONTINGENCY_BOX
        )
        self.contingency_flags = TypingFlags(controller, self.contingency)
        contingency.addWidget(self.contingency_flags)
        self.contingency_mark = MarkButton(
            controller,
            lambda: "plan.contingency",
            "The contingency plan",
            "Type the contingency plan first; then it can be marked.",
        )
        contingency.addWidget(self.contingency_mark)
        layout.addWidget(contingency_box, 1)

        self.by.set_value(None, fallback=controller.conference.date)
        self.lead.activated.connect(lambda _i: self.presenter.choose_lead(self.lead.currentData()))
        self.outcome_text.returnPressed.connect(self.add_outcome)
        self.what.returnPressed.connect(self.add_action)
        self.stage_entry = self.what  # where the chair starts at this stage: the next action
        self.who.lineEdit().returnPressed.connect(self.add_action)
        enter_adds(self.add_action, self.by, self.action_child)
        enter_adds(self.add_outcome, self.outcome_child)
        controller.changed.connect(self._on_changed)
        self._on_changed(EVERYTHING)
        self._on_changed(Change(Part.STAGE, ""))

    def _build_who_and_when(self, layout: QVBoxLayout) -> None:
        box = QGroupBox("Who leads, who is in the core group, and when they meet")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        self.lead = compact(QComboBox(), 24)
        self.lead.setAccessibleName("Lead social worker")
        self.lead.setToolTip("A qualified social worker leads the plan")
        # At a review the core group has met already: the date is of its next meeting.
        initial = self.controller.conference.is_initial_type
        self.first_core_group = OptionalDateEdit("First core group meeting" if initial else "Next core group meeting")
        self.next_review = OptionalDateEdit("Next review conference")
        self.core_model = CoreGroupModel(self.controller, self.presenter)
        self.core_group = QListView()
        self.core_group.setModel(self.core_model)
        self.core_group.setFlow(QListView.Flow.LeftToRight)
        self.core_group.setWrapping(True)
        self.core_group.setResizeMode(QListView.ResizeMode.Adjust)
        self.core_group.setSpacing(2)
        self.core_group.setMinimumHeight(84)
        self.core_group.setMaximumHeight(160)  # a dozen people in two columns without scrolling (the page scrolls)
        self.core_group.setAccessibleName("Core group: tick each member")
        self.core_group.setToolTip("The arrow keys choose a person; Space ticks or unticks them")
        self.rules: dict[str, QLabel] = {}
        rows = (
            ("Lea&d social worker:", self.lead, None),
            ("F&irst core group:" if initial else "Ne&xt core group:", self.first_core_group, "first_core_group"),
            ("&Next review:", self.next_review, "next_review"),
            ("&Core group:", self.core_group, None),
        )
        row = 0
        for text, widget, key in rows:
            title = QLabel(text)
            title.setBuddy(widget.set_box if isinstance(widget, OptionalDateEdit) else widget)
            grid.addWidget(title, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(widget, row, 1)
            row += 1
            if isinstance(widget, OptionalDateEdit) and key:
                rule = self.rules[key] = QLabel(wordWrap=True)
                rule.setStyleSheet("color: #444444;")
                grid.addWidget(rule, row, 1)
                row += 1
                widget.edited.connect(lambda key=key, editor=widget: self.presenter.save_date(key, editor.value()))
        layout.addWidget(box)

    def _build_actions(self, layout: QVBoxLayout) -> None:
        box = QGroupBox("Actions: what, who, by when")
        column = QVBoxLayout(box)
        self.actions_model = ActionsModel(self.controller, self.presenter)
        self.actions = QTableView()
        self.actions.setModel(self.actions_model)
        # What needs to happen wraps as it is corrected, and who was out while it was typed is kept with it.
        self.actions.setItemDelegate(WordsDelegate(self.actions, self.controller.meeting))
        self.actions.setItemDelegateForColumn(1, ChoiceDelegate(self._who_choices, free_text=True))
        self.actions.setItemDelegateForColumn(3, ChoiceDelegate(lambda: child_choices(self.controller.conference)))
        self.actions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.actions.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.actions.setWordWrap(True)
        self.actions.setMinimumHeight(150)
        header = self.actions.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for number in (1, 2, 3):
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.ResizeToContents)
        self.actions.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.actions.verticalHeader().hide()
        self.actions.setAccessibleName("Plan actions")
        self.actions.setToolTip("F2 edits the chosen cell · Delete removes the action")
        on_keys(self.actions, [("Delete", self.delete_action)])
        attach_marking(
            self.actions, self.controller, lambda index: f"plan.actions[{index.row()}]", "Choose an action first."
        )

        grid = QGridLayout()
        self.who = compact(QComboBox(editable=True), 14)
        self.who.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.who.setAccessibleName("New action: who")
        self.who.setToolTip("Choose a person, or type who (for example 'Housing team'), then Enter")
        self.by = OptionalDateEdit("New action: by when")
        self.action_child = compact(QComboBox(), 12)
        self.action_child.setAccessibleName("New action: for which child")
        self.action_child.setToolTip("For one child, or all the children; Enter adds the action")
        self.what, self.kept_what = entry_line(
            self.controller,
            ACTION_BOX,
            "What needs to happen, then Enter",
            "New action: what",
            context={
                "who": chosen(self.who),
                "by": (lambda: self.by.value() and self.by.value().isoformat(), self._put_back_by),
                "child": chosen(self.action_child),
            },
        )
        self.kept_what.watch(self.who.currentTextChanged, self.by.edited, self.action_child.currentIndexChanged)
        add = QPushButton("Add thi&s action")  # Alt+S: Alt+T is the register's "Report in"
        add.setToolTip("Add this action (Enter in 'What' or 'Who')")
        add.clicked.connect(self.add_action)
        labels = {}
        for text, widget in (
            ("&What:", self.what),
            ("Wh&o:", self.who),
            ("B&y:", self.by.set_box),
            ("For:", self.action_child),
        ):
            labels[text] = QLabel(text)
            labels[text].setBuddy(widget)
        # Added in the order Tab moves through them: what, who, by, for, then the button.
        grid.addWidget(labels["&What:"], 0, 0)
        grid.addWidget(self.what, 0, 1, 1, 3)
        grid.addWidget(labels["Wh&o:"], 1, 0)
        grid.addWidget(self.who, 1, 1)
        grid.addWidget(labels["B&y:"], 1, 2)
        grid.addWidget(self.by, 1, 3)
        grid.addWidget(labels["For:"], 2, 0)
        grid.addWidget(self.action_child, 2, 1)
        grid.addWidget(add, 2, 3, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(1, 1)
        column.addLayout(grid)  # the new action first, so it is in view without scrolling
        self.what_flags = TypingFlags(self.controller, self.what)
        column.addWidget(self.what_flags)
        column.addWidget(self.actions, 1)
        layout.addWidget(box, 3)

    def _build_outcomes(self, layout: QVBoxLayout) -> None:
        box = QGroupBox("Outcomes for each child")
        column = QVBoxLayout(box)
        self.outcomes = deletable_list("Outcomes for the children", "outcome", self.delete_outcome)
        self.outcomes.setMinimumHeight(60)
        column.addWidget(self.outcomes, 1)
        attach_marking(
            self.outcomes, self.controller, lambda index: f"plan.outcomes[{index.row()}]", "Choose an outcome first."
        )
        entry = QHBoxLayout()
        self.outcome_child = compact(QComboBox(), 12)
        self.outcome_child.setAccessibleName("Outcome for which child")
        self.outcome_text, self.kept_outcome = entry_line(
            self.controller,
            OUTCOME_BOX,
            "A specific outcome for the child, then Enter",
            "New outcome",
            context={"child": chosen(self.outcome_child)},
        )
        self.kept_outcome.watch(self.outcome_child.currentIndexChanged)
        entry.addWidget(self.outcome_child)
        entry.addWidget(self.outcome_text, 1)
        column.addLayout(entry)
        self.outcome_flags = TypingFlags(self.controller, self.outcome_text)
        column.addWidget(self.outcome_flags)
        layout.addWidget(box, 1)

    def _put_back_by(self, day: str | None) -> None:
        with contextlib.suppress(ValueError):  # a draft's date that is not one: the box keeps its own
            self.by.set_value(dt.date.fromisoformat(day) if day else None, fallback=self.controller.conference.date)

    # -- reading the conference ----------------------------------------------------------------------------

    def _who_choices(self) -> list[tuple[str, Any]]:
        return [(p.name, p.id) for p in self.presenter.invited()]

    def _on_changed(self, change: Change) -> None:
        if change.parts == Part.STAGE:
            self.presenter.reached(self.controller.meeting.stage.key)
            return
        if not change.touches(PLAN_CHANGES):
            return
        c = self.controller.conference
        plan = c.plan or Plan()
        fill_combo(
            self.lead, [("Not named yet", None)] + [(person_label(p), p.id) for p in self.presenter.social_workers()]
        )
        choose(self.lead, plan.lead_social_worker)
        editors = {"first_core_group": self.first_core_group, "next_review": self.next_review}
        for date in self.presenter.dates():
            editors[date.key].set_value(date.value, fallback=date.fallback)
            self.rules[date.key].setText(date.rule)
        fill_combo(self.outcome_child, child_choices(c, all_children=False))
        fill_combo(self.action_child, child_choices(c))
        typed = self.who.currentText()
        fill_combo(self.who, self._who_choices())
        self.who.setEditText(typed)
        self.outcomes.clear()
        for outcome in plan.outcomes:
            child = c.child(outcome.child)
            item = QListWidgetItem(
                marked(c, outcome, outcome.text, f"{short_name(child) if child else outcome.child}: {outcome.text}")
            )
            notes = mark_notes(c, outcome, outcome.text)
            if notes:
                item.setBackground(MARKED_BRUSH)
            item.setToolTip("\n".join([*notes, "Ctrl+H: confidential… · Delete removes it"]))
            self.outcomes.addItem(item)
        show_saved_text(self.contingency, plan.contingency, self.contingency_settle, change.undo_or_redo)

    # -- edits: the presenter's rules (chairdesk.presenters.plan) ------------------------------------------

    def tell(self, sentence: str) -> None:
        tell(self, sentence)

    def _save_contingency(self, text: str) -> None:
        self.presenter.save_contingency(text)

    def add_outcome(self) -> None:
        if self.presenter.add_outcome(self.outcome_child.currentData(), self.outcome_text.text()):
            self.outcome_text.setText("")

    def delete_outcome(self) -> None:
        self.presenter.delete_outcome(selected_row(self.outcomes))

    def add_action(self) -> None:
        typed = (self.what.text(), self.who.currentText(), self.by.value(), self.action_child.currentData())
        if not self.presenter.add_action(*typed):
            return
        # The next action starts afresh: nobody, no date, all the children (never the last action's child).
        self.what.setText("")
        self.who.setEditText("")
        self.by.set_value(None, fallback=self.controller.conference.date)
        self.action_child.setCurrentIndex(0)
        self.what.setFocus()
        self.actions.scrollToBottom()

    def delete_action(self) -> None:
        self.presenter.delete_action(selected_row(self.actions))
