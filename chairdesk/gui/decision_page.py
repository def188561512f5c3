"""The decision (RULES.md §4, step 8): each professional's view on significant harm for each child, then the
chair's decision per child (outcome, category, reason; at a review the category before, or why the plan ends and
what follows), the conference's recommendations (one a line, Enter adds), and any dissent.

On the grid: the arrow keys choose a cell, Alt+Y or Alt+N gives the view and opens its reason (Enter keeps it),
F2 edits the reason, Delete makes it "not given" again. No bare letter gives a view: a sentence typed with the grid
in focus must change nothing (issue 8). The tally per child and the problems the checks find
(a missing view, a plan with no category) sit under the grid.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
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
    Index,
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
)
from chairdesk.gui.widgets import show_saved_text, when_text_settles
from chairdesk.meeting import DISSENT_BOX, RECOMMENDATIONS, decision_box
from chairdesk.model import AFTER_PLAN_ENDS, PLAN_END_REASONS, Child, Participant, View
from chairdesk.presenters.decision import (
    ChildDecisionPresenter,
    ChildShown,
    Choice,
    DecisionPresenter,
)
from chairdesk.words import AFTER_PLAN_TITLES, CATEGORY_NAMES, child_name

ViewRole = Qt.ItemDataRole.UserRole + 1  # True (at risk), False (not), None (not given)


class ViewsModel(QAbstractTableModel):
    """Attending professionals (rows) × subject children (columns): their view on significant harm (the rules in
    chairdesk.presenters.decision)."""

    def __init__(self, controller: MeetingController, presenter: DecisionPresenter) -> None:
        super().__init__()
        self.controller = controller
        self.presenter = presenter
        follow(self, controller, Part.VIEWS | Part.ATTENDANCE)

    def children(self) -> list[Child]:
        return self.presenter.children()

    def people(self) -> list[Participant]:
        return self.presenter.people()

    def view(self, row: int, column: int) -> View | None:
        return self.presenter.view_of(self.people()[row].id, self.children()[column].id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.people())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.children())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return child_name(self.children()[section]) if section < len(self.children()) else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return short_name(self.children()[section]) if section < len(self.children()) else None
        return person_label(self.people()[section]) if section < len(self.people()) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.people()) or index.column() >= len(self.children()):
            return None
        view = self.view(index.row(), index.column())
        if role == ViewRole:
            return view.significant_harm if view else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if view is None:
                return "not given"
            answer = "Yes" if view.significant_harm else "No"
            return marked(
                self.controller.conference, view, view.reason, f"{answer}: {view.reason}" if view.reason else answer
            )
        if role == Qt.ItemDataRole.EditRole:
            return view.reason if view else ""
        if role == Qt.ItemDataRole.BackgroundRole and view is None:
            return QBrush(QColor("#fff1c2"))
        if role == Qt.ItemDataRole.BackgroundRole and mark_notes(self.controller.conference, view, view.reason):
            return MARKED_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            person, child = self.people()[index.row()], self.children()[index.column()]
            question = f"Is {child_name(child)} at risk of significant harm, in the view of {person.name}?"
            notes = "".join(
                f"\n{note}" for note in (mark_notes(self.controller.conference, view, view.reason) if view else [])
            )
            keys = "Alt+Y yes · Alt+N no · F2 the reason · Ctrl+H confidential…"
            return f"{question}\n{view.reason if view else 'Not given yet.'}{notes}\n{keys}"
        return None

    def ref(self, index: QModelIndex) -> str | None:
        """The view in a cell as the rule names it (``views[2]``), or None when it is not given."""
        view = self.view(index.row(), index.column())
        found = [i for i, v in enumerate(self.controller.conference.views) if v is view]
        return f"views[{found[0]}]" if found else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        person, child = self.people()[index.row()], self.children()[index.column()]
        # As the model's own edit (its initiator): its cells repaint rather than reset under the editor.
        return self.presenter.give_reason(person.id, child.id, str(value), initiator=self)

    def give(self, index: QModelIndex, significant_harm: bool | None) -> None:
        """Record the view in a cell (None: not given), keeping any reason already given."""
        person, child = self.people()[index.row()], self.children()[index.column()]
        self.presenter.give(person.id, child.id, significant_harm)


class ChildDecision:
    """One subject child's decision, in three rows of a grid: the outcome and the category; at a review, the category
    before (a plan that continues) or why the plan ends and what follows; and the reason.

    Every choice is a combo box the keyboard changes (Tab to it, the arrow keys choose). A plan is recorded once it
    has its category (the meeting refuses one without): until then the outcome the chair chose waits on the page
    (``pending``) and the status bar says what to choose. A plan that continues keeps the category the last conference
    decided (carried forward) unless the chair changes it; with nothing carried, the chair may say what it was before.
    A plan that ends is recorded at once; why it ends and what follows are chosen after, and the outputs wait for
    them. The rules are the presenter's (chairdesk.presenters.decision.ChildDecisionPresenter); the row draws."""

    def __init__(self, controller: MeetingController, child: Child, grid: QGridLayout, row: int) -> None:
        self.controller, self.child = controller, child
        self.presenter = ChildDecisionPresenter(controller.meeting, child, self)  # the rules; this row draws
        name = child_name(child)
        self.outcome = compact(QComboBox(), 22)
        self.outcome.setAccessibleName(f"Decision for {name}")
        self.outcome.setToolTip(f"The chair's decision for {name}")
        self.category = compact(QComboBox(), 14)
        self.category.setAccessibleName(f"Category for {name}")
        self.category.setToolTip("The category of a child protection plan")
        fill_combo(self.category, [("Choose the category", None)] + [(w, c) for c, w in CATEGORY_NAMES.items()])
        short = short_name(child)
        self.previous = compact(QComboBox(), 14)
        self.previous.setAccessibleName(f"Category before, for {name}")
        fill_combo(
            self.previous, [("Before: not known", None)] + [(f"Before: {w}", c) for c, w in CATEGORY_NAMES.items()]
        )
        self.end_reason = compact(QComboBox(), 48)  # the procedure's reasons are long: each is read whole
        self.end_reason.setAccessibleName(f"Why the plan for {name} ends")
        self.end_reason.setToolTip("Why the child protection plan ends (the procedure's reasons)")
        fill_combo(
            self.end_reason,
            [("Why does the plan end? Choose", None)]
            + [(f"{short} {why}", key) for key, why in PLAN_END_REASONS.items()],
        )
        self.then = compact(QComboBox(), 30)
        self.then.setAccessibleName(f"What follows for {name}")
        self.then.setToolTip("What follows when the plan ends")
        fill_combo(
            self.then,
            [("What follows? Choose", None)] + [(f"Then {AFTER_PLAN_TITLES[key]}", key) for key in AFTER_PLAN_ENDS],
        )
        self.reason, self.kept_reason = entry_line(
            controller,
            decision_box(child.id),
            "The reason for the decision",
            f"Reason for the decision for {name}",
            saved=self._saved_reason,
        )
        label = QLabel(f"<b>{short}</b>", wordWrap=True)
        label.setToolTip(name)
        label.setMaximumWidth(150)
        label.setBuddy(self.outcome)
        grid.addWidget(label, 3 * row, 0)
        grid.addWidget(self.outcome, 3 * row, 1)
        grid.addWidget(self.category, 3 * row, 2)
        detail = QHBoxLayout()
        for widget in (self.previous, self.end_reason, self.then):
            detail.addWidget(widget)
            widget.setVisible(False)
        detail.addStretch(1)
        grid.addLayout(detail, 3 * row + 1, 1, 1, 2)
        # The reason with its confidential mark beside it, and under it what would give an address away in it.
        self.mark = MarkButton(
            controller,
            self._ref,
            f"The reason for the decision for {name}",
            f"Choose the decision for {short_name(child)} and give its reason first; then it can be marked.",
        )
        self.flags = TypingFlags(controller, self.reason)
        beside = QHBoxLayout()
        beside.addWidget(self.reason, 1)
        beside.addWidget(self.mark)
        reason = QVBoxLayout()
        reason.addLayout(beside)
        reason.addWidget(self.flags)
        grid.addLayout(reason, 3 * row + 2, 1, 1, 2)
        for combo in (self.outcome, self.category, self.previous, self.end_reason, self.then):
            combo.activated.connect(lambda _i: self.save())
        self.settle = when_text_settles(
            self.reason, lambda _text: self.save(quiet=True), controller.meeting, decision_box(child.id)
        )

    def _ref(self) -> str | None:
        """The reason for this child's decision as the rule names it (``decisions[1]``), once there is one."""
        found = [i for i, d in enumerate(self.controller.conference.decisions) if d.child == self.child.id]
        return f"decisions[{found[0]}]" if found else None

    def _saved_reason(self) -> str:
        decision = self.presenter.decision()
        return decision.reason if decision else ""

    @property
    def pending(self) -> str | None:
        """An outcome chosen that is not recorded yet: a plan waiting for its category."""
        return self.presenter.pending

    def refresh(self, change: Change) -> None:
        self.presenter.refresh(change.undo_or_redo)

    def show(self, shown: ChildShown) -> None:
        """Draw what the presenter says the row shows."""
        fill_combo(self.outcome, shown.outcomes)
        choose(self.outcome, shown.outcome)
        choose(self.category, shown.category)
        self.category.setEnabled(shown.category_allowed)
        if shown.previous_decided:
            choose(self.previous, shown.previous)
        self.previous.setEnabled(shown.previous_allowed)
        self.previous.setToolTip(shown.previous_tip)
        choose(self.end_reason, shown.end_reason)
        choose(self.then, shown.then)
        self.end_reason.setToolTip(f"Why the plan ends: {self.end_reason.currentText()}")
        self.previous.setVisible(shown.shows_previous)
        self.end_reason.setVisible(shown.shows_ending)
        self.then.setVisible(shown.shows_ending)
        wanted = self.reason.text() if shown.reason is None else shown.reason
        show_saved_text(self.reason, wanted, self.settle, shown.undo_or_redo)
        self.reason.setToolTip(wanted or "The reason for the decision")

    def tell(self, sentence: str) -> None:
        tell(self.reason, sentence)

    def save(self, quiet: bool = False) -> None:
        self.presenter.choose(
            Choice(
                self.outcome.currentData(),
                self.category.currentData(),
                self.previous.currentData(),
                self.end_reason.currentData(),
                self.then.currentData(),
                self.reason.text(),
            ),
            quiet=quiet,
        )


class DecisionPage(QWidget):
    """The views grid with its tally and problems; the decision per child; the dissent."""

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # Four children's views, decisions and the dissent are taller than a laptop's page: the page scrolls
        # up and down (never sideways), each part keeping the height it needs to be read and typed in.
        self.scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll)
        body = QWidget()
        self.scroll.setWidget(body)
        layout = QVBoxLayout(body)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter)

        views_box = QGroupBox("Is the child at risk of significant harm? Each professional's view")
        views_layout = QVBoxLayout(views_box)
        self.presenter = DecisionPresenter(controller.meeting, self, controller.check)
        self.model = ViewsModel(controller, self.presenter)
        self.grid = QTableView()
        self.grid.setModel(self.model)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.setWordWrap(True)
        self.grid.setItemDelegate(WordsDelegate(self.grid, controller.meeting))  # a reason wraps as it is typed
        self.grid.setAccessibleName("Views on significant harm: professionals by children")
        self.grid.setToolTip("Alt+Y yes · Alt+N no · F2 the reason · Delete not given")
        views_layout.addWidget(self.grid, 1)
        on_keys(
            self.grid,
            [
                ("Alt+Y", lambda: self.give(True)),
                ("Alt+N", lambda: self.give(False)),
                ("Delete", lambda: self.give(None)),
            ],
        )
        attach_marking(
            self.grid, controller, self.model.ref, "Give the view first (Alt+Y or Alt+N); then it can be marked."
        )
        self.tally = QLabel(objectName="viewsTally", wordWrap=True)
        self.tally.setAccessibleName("Tally of views")
        self.problems = QLabel(objectName="decisionProblems", wordWrap=True)
        self.problems.setStyleSheet("color: #6b1410;")
        self.problems.setAccessibleName("Problems with the views and decisions")
        views_layout.addWidget(self.tally)
        views_layout.addWidget(self.problems)
        splitter.addWidget(views_box)

        decisions_box = QGroupBox("The chair's decision for each child")
        grid = QGridLayout(decisions_box)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 1)
        children = controller.conference.subject_children
        self.decisions = [ChildDecision(controller, child, grid, row) for row, child in enumerate(children)]
        # Where the chair starts at this stage: the first child's reason (the views grid takes Alt+Y and Alt+N).
        self.stage_entry = self.decisions[0].reason if self.decisions else None
        splitter.addWidget(decisions_box)
        splitter.addWidget(self._build_recommendations())

        dissent_box = QGroupBox("Dissent: an agency that disagrees has it recorded")
        dissent_layout = QVBoxLayout(dissent_box)
        self.dissent = deletable_list("Dissent recorded", "dissent", self.delete_dissent)
        dissent_layout.addWidget(self.dissent, 1)
        entry = QHBoxLayout()
        self.dissenter = compact(QComboBox(), 14)
        self.dissenter.setAccessibleName("Who disagrees")
        self.dissent_child = compact(QComboBox(), 10)
        self.dissent_child.setAccessibleName("About which child")
        attach_marking(self.dissent, controller, lambda index: f"dissent[{index.row()}]", "Choose a dissent first.")
        self.dissent_text, self.kept_dissent = entry_line(
            controller,
            DISSENT_BOX,
            "What they disagree with and why, then Enter",
            "The dissent",
            context={"who": chosen(self.dissenter), "child": chosen(self.dissent_child)},
        )
        self.kept_dissent.watch(self.dissenter.currentIndexChanged, self.dissent_child.currentIndexChanged)
        add = QPushButton("Record &dissent")
        add.setToolTip("Record this dissent (Enter)")
        who = QLabel("&Who:")
        who.setBuddy(self.dissenter)
        for widget in (who, self.dissenter, self.dissent_child):
            entry.addWidget(widget)
        entry.addWidget(add)
        dissent_layout.addLayout(entry)
        dissent_layout.addWidget(self.dissent_text)
        self.dissent_flags = TypingFlags(controller, self.dissent_text)
        dissent_layout.addWidget(self.dissent_flags)
        splitter.addWidget(dissent_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(3, 1)

        self.dissent_text.returnPressed.connect(self.add_dissent)
        enter_adds(self.add_dissent, self.dissenter, self.dissent_child)
        add.clicked.connect(self.add_dissent)
        controller.changed.connect(self._on_changed)
        self._on_changed(EVERYTHING)

    def _build_recommendations(self) -> QGroupBox:
        """The conference's recommendations, one a line: Enter adds the one typed, Delete removes the chosen one,
        Ctrl+H marks it confidential. They go under the decisions on the board (when the room may see them), and in
        the summary, the record and the letter."""
        box = QGroupBox("Recommendations: type one, then Enter")
        column = QVBoxLayout(box)
        self.recommendations = deletable_list("Recommendations", "recommendation", self.delete_recommendation)
        self.recommendations.setMinimumHeight(60)
        attach_marking(
            self.recommendations,
            self.controller,
            lambda index: f"recommendations[{index.row()}]",
            "Choose a recommendation first.",
        )
        column.addWidget(self.recommendations, 1)
        self.recommendation_text, self.kept_recommendation = entry_line(
            self.controller,
            RECOMMENDATIONS,
            "A recommendation of the conference, then Enter",
            "New item for recommendations",
        )
        self.recommendation_text.returnPressed.connect(self.add_recommendation)
        column.addWidget(self.recommendation_text)
        self.recommendation_flags = TypingFlags(self.controller, self.recommendation_text)
        column.addWidget(self.recommendation_flags)
        return box

    def add_recommendation(self) -> None:
        if self.presenter.add_recommendation(self.recommendation_text.text()):
            self.recommendation_text.setText("")
            self.recommendations.scrollToBottom()

    def delete_recommendation(self) -> None:
        self.presenter.delete_recommendation(selected_row(self.recommendations))

    # -- what the presenter tells the page (chairdesk.presenters.decision.DecisionView) ---------------------

    def show_tally(self, tallies: list[tuple[Child, str]]) -> None:
        self.tally.setText("Tally:  " + "   ".join(f"<b>{short_name(ch)}</b> {words}" for ch, words in tallies))

    def show_problems(self, problems: list[str]) -> None:
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))

    def tell(self, sentence: str) -> None:
        tell(self, sentence)

    def _on_changed(self, change: Change) -> None:
        if not change.touches(Part.VIEWS | Part.DECISION | Part.ATTENDANCE):
            return
        c = self.controller.conference
        self.presenter.refresh()
        for row in self.decisions:
            row.refresh(change)
        self._fit_grid()
        people = [(person_label(p), p.id) for p in c.participants if p.attended and p.role != "chair"]
        fill_combo(self.dissenter, people)
        fill_combo(self.dissent_child, child_choices(c))
        names = {p.id: person_label(p) for p in c.participants}
        self.dissent.clear()
        for dissent in c.dissent:
            child = c.child(dissent.child)
            about = f"about {short_name(child)}" if child else ALL_CHILDREN.lower()
            who = names.get(dissent.participant, dissent.participant)
            item = QListWidgetItem(marked(c, dissent, dissent.text, f"{who}, {about}: {dissent.text}"))
            notes = mark_notes(c, dissent, dissent.text)
            if notes:
                item.setBackground(MARKED_BRUSH)
            item.setToolTip("\n".join([*notes, "Ctrl+H: confidential… · Delete removes it"]))
            self.dissent.addItem(item)
        self.recommendations.clear()
        for recommendation in c.recommendations:
            item = QListWidgetItem(marked(c, recommendation, recommendation.text))
            notes = mark_notes(c, recommendation, recommendation.text)
            if notes:
                item.setBackground(MARKED_BRUSH)
            item.setToolTip("\n".join([*notes, "Ctrl+H: confidential… · Delete removes it"]))
            self.recommendations.addItem(item)

    def _fit_grid(self) -> None:
        """The views grid tall enough for every professional (up to a dozen) without scrolling inside it: the page
        scrolls instead, so the grid is never squeezed to a row or two by the decisions under it."""
        rows = min(self.model.rowCount(), 12)
        frame = 2 * self.grid.frameWidth()
        header = self.grid.horizontalHeader().sizeHint().height()
        scroll = self.grid.horizontalScrollBar().sizeHint().height()  # in case the columns ever need it
        self.grid.setMinimumHeight(header + rows * self.grid.verticalHeader().defaultSectionSize() + frame + scroll)

    def give(self, significant_harm: bool | None) -> None:
        index = self.grid.currentIndex()
        if not index.isValid():
            return
        self.model.give(index, significant_harm)
        self.grid.setCurrentIndex(self.model.index(index.row(), index.column()))
        if significant_harm is not None:
            self.grid.edit(self.grid.currentIndex())

    def add_dissent(self) -> None:
        if self.presenter.add_dissent(
            self.dissenter.currentData(), self.dissent_text.text(), self.dissent_child.currentData()
        ):
            self.dissent_text.setText("")
            self.dissent_child.setCurrentIndex(0)  # the next dissent is about all the children until the chair says

    def delete_dissent(self) -> None:
        self.presenter.delete_dissent(selected_row(self.dissent))
