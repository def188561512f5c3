"""The attendance register: who is here, who left, who sent apologies and a report, who is out of the room.

Attendance changes only by a deliberate act that typing cannot make: the buttons under the register, their
Alt+letter keys (Alt+A arrived, Alt+L left, Alt+P apologies, Alt+T report in, Alt+X exclude, Alt+K back in the
room; Ctrl+N someone at the door, wherever the focus is), or the register's right-click menu. A bare letter
typed with the register in focus only moves to the person whose name begins with it ("Lily is" marked another
child as left when letters were keys).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from chairdesk.before_the_day import agreed_exclusion
from chairdesk.changes import Part
from chairdesk.checks import before_the_meeting, quorum_for_decision, shown_quorum
from chairdesk.errors import InvalidConference
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.forms import load_form
from chairdesk.gui.marking import MarkButton, TypingFlags
from chairdesk.gui.page_tools import ColumnsModel, Index, follow
from chairdesk.gui.text_guard import TextBox
from chairdesk.gui.widgets import show_saved_text, when_text_settles
from chairdesk.meeting import INQUORATE_BOX, Meeting
from chairdesk.model import EXCLUSION_GROUNDS, ROLE_NAMES, ROLES, ExclusionRequest, Participant, clock_times
from chairdesk.presenters.register import Exclusion, ExclusionPresenter, RegisterPresenter
from chairdesk.words import capitalise

ParticipantRole = Qt.ItemDataRole.UserRole + 1  # the participant's id
# Beside a family member whose exclusion was agreed beforehand: short, as the register's Where column must leave the
# agency room on a 1366x768 laptop (the tooltip says it in full).
AGREED_BEFORE = "exclusion agreed"


def status_of(person: Participant, now: dt.time) -> str:
    """Where someone is, in words: ``Here since 09:52``, ``Out since 10:40`` (out of the room), ``Apologies``.
    Short: on a laptop the register's Where column must leave the agency room (its tooltip says it in full)."""
    exclusion = person.excluded_at(now)
    if exclusion is not None:
        return f"Out since {exclusion.from_:%H:%M}"
    if person.left:
        return f"Left at {person.left:%H:%M}"
    if person.attended:
        return f"Here since {person.arrived:%H:%M}" if person.arrived else "Here"
    if person.apologies:
        return "Apologies"
    return "Invited"


# The roles the register answers besides ParticipantRole (data() below).
_ROLES_SHOWN = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
    }
)


class AttendanceModel(ColumnsModel):
    COLUMNS = ("Name", "Role", "Agency", "Where", "Report")

    def __init__(self, controller: MeetingController, clock: Any = dt.datetime.now) -> None:
        super().__init__()
        self.controller = controller
        self.clock = clock
        follow(self, controller, Part.ATTENDANCE)

    def people(self) -> list[Participant]:
        return self.controller.conference.participants

    rows = people

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.people()):
            return None
        person = self.people()[index.row()]
        if role == ParticipantRole:
            return person.id
        if role not in _ROLES_SHOWN:
            return None  # the view asks for a dozen roles a cell; where someone is was worked out for each
        where = status_of(person, self.clock().time())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            column = self.COLUMNS[index.column()]
            if column == "Name":
                return person.name
            if column == "Role":
                return ROLE_NAMES.get(person.role, person.role)
            if column == "Agency":
                return person.agency
            if column == "Where":
                agreed = not where.startswith("Out") and agreed_exclusion(self.controller.conference, person.id)
                return f"{where}; {AGREED_BEFORE}" if agreed else where
            received = person.report.received if person.report else None
            return f"{received:%d %b}" if received else ""
        if role == Qt.ItemDataRole.ToolTipRole and self.COLUMNS[index.column()] == "Agency":
            return person.agency  # whole, where a laptop's register cuts it short
        if role == Qt.ItemDataRole.ToolTipRole and self.COLUMNS[index.column()] == "Where":
            if where.startswith("Out since"):
                return f"Out of the room since {where.removeprefix('Out since ')}"
            agreed = agreed_exclusion(self.controller.conference, person.id)
            if agreed is not None and agreed.ground is not None:
                return f"Exclusion agreed before the day, on ground {agreed.ground}: {EXCLUSION_GROUNDS[agreed.ground]}"
        if role == Qt.ItemDataRole.BackgroundRole and where.startswith("Out since"):
            return QBrush(QColor("#fff1c2"))
        if role == Qt.ItemDataRole.ForegroundRole and (where in ("Apologies", "Invited") or where.startswith("Left")):
            return QBrush(QColor("#666666"))
        return None


class AddPersonDialog:
    """Someone at the door, in a few keystrokes: name, role, agency, which children they know."""

    def __init__(self, controller: MeetingController, parent: QWidget) -> None:
        self.dialog: QDialog = load_form("add_person.ui", parent)  # type: ignore[assignment]
        self.controller = controller
        self.name: QLineEdit = self.dialog.findChild(QLineEdit, "name")
        self.role: QComboBox = self.dialog.findChild(QComboBox, "role")
        self.agency: QLineEdit = self.dialog.findChild(QLineEdit, "agency")
        for role in ROLES:
            self.role.addItem(ROLE_NAMES[role], role)
        contact = self.dialog.findChild(QWidget, "contact")
        row = QHBoxLayout(contact)
        row.setContentsMargins(0, 0, 0, 0)
        self.children = {}
        for child in controller.conference.children:
            box = QCheckBox(child.name)
            row.addWidget(box)
            self.children[child.id] = box
        buttons: QDialogButtonBox = self.dialog.findChild(QDialogButtonBox, "buttons")
        buttons.accepted.connect(self.dialog.accept)
        buttons.rejected.connect(self.dialog.reject)

    def run(self) -> str | None:
        if self.dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        contact = [ident for ident, box in self.children.items() if box.isChecked()]
        return self.controller.meeting.add_participant(
            self.name.text(), self.role.currentData(), self.agency.text(), contact
        )


class ExcludeDialog:
    """Excluding a family member: one of the six grounds (RULES.md §3), chosen by the chair (none is chosen for
    them), and the reason; from now, or from an earlier time the chair ticks and types. OK stays off until there
    is a ground and a reason; a time before they arrived is refused in words; a time earlier than now first says
    how much typed since then it would hide from them (the core counts it) and asks. When an exclusion was agreed
    before the day, its ground and evidence are filled in (the chair can change them) and what was agreed is said.
    The rules are the presenter's (chairdesk.presenters.register.ExclusionPresenter); the dialog draws."""

    def __init__(self, person: Participant, meeting: Meeting, parent: QWidget) -> None:
        self.person = person
        self.meeting = meeting
        self.presenter = ExclusionPresenter(meeting, person, self)
        self.dialog: QDialog = load_form("exclude.ui", parent)  # type: ignore[assignment]
        name = html.escape(person.name)
        self.dialog.findChild(QLabel, "who").setText(f"<b>{name}</b> leaves the room now.")
        self.ground: QComboBox = self.dialog.findChild(QComboBox, "ground")
        for number, words in EXCLUSION_GROUNDS.items():
            self.ground.addItem(f"{number}. {capitalise(words)}", number)
        self.ground.setCurrentIndex(-1)  # no default: the chair chooses
        self.reason: TextBox = self.dialog.findChild(TextBox, "reason")
        self.earlier: QCheckBox = self.dialog.findChild(QCheckBox, "earlier")
        self.since: QTimeEdit = self.dialog.findChild(QTimeEdit, "since")
        now = meeting.clock()
        self.since.setTime(QTime(now.hour, now.minute))
        self.since.setEnabled(False)
        self.problem: QLabel = self.dialog.findChild(QLabel, "problem")
        self.buttons: QDialogButtonBox = self.dialog.findChild(QDialogButtonBox, "buttons")
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.dialog.reject)
        agreed = agreed_exclusion(meeting.conference, person.id)
        if agreed is not None:
            self._fill_from_request(agreed)
        self.ground.currentIndexChanged.connect(self._update)
        self.reason.textChanged.connect(self._update)
        self.earlier.toggled.connect(self.since.setEnabled)
        self.earlier.toggled.connect(self._update)
        self.since.timeChanged.connect(self._update)
        self._update()

    def _fill_from_request(self, agreed: ExclusionRequest) -> None:
        """Start from the exclusion agreed before the day: its ground and its evidence as the reason."""
        if agreed.ground is not None:
            self.ground.setCurrentIndex(self.ground.findData(agreed.ground))
        self.reason.setPlainText(agreed.evidence)
        said = [f"Exclusion agreed before the day{f' ({agreed.decided_on:%d %b %Y})' if agreed.decided_on else ''}."]
        if agreed.which_part.strip():
            said.append(f"Which part: {agreed.which_part.strip()}")
        if agreed.how_heard.strip():
            said.append(f"Their views are heard: {agreed.how_heard.strip()}")
        label = self.dialog.findChild(QLabel, "who")
        label.setText(label.text() + "<br>" + "<br>".join(html.escape(line) for line in said))

    def chosen_since(self) -> dt.time | None:
        """The earlier time the chair gave, or None for "now"."""
        if not self.earlier.isChecked():
            return None
        since = self.since.time()
        return dt.time(since.hour(), since.minute())

    def chosen_ground(self) -> int | None:
        return int(self.ground.currentData()) if self.ground.currentIndex() >= 0 else None

    def missing(self) -> str:
        """What the chair still has to give, in a sentence; "" when the ground and the reason are there."""
        return self.presenter.missing(self.chosen_ground(), self.reason.toPlainText())

    def _update(self) -> None:
        self.presenter.update(self.chosen_ground(), self.reason.toPlainText())

    def _accept(self) -> None:
        if self.presenter.accept(self.chosen_ground(), self.reason.toPlainText(), self.chosen_since()):
            self.dialog.accept()

    # -- what the presenter tells the dialog (chairdesk.presenters.register.ExclusionView) ------------------

    def allow_ok(self, allowed: bool) -> None:
        self.ok.setEnabled(allowed)

    def show_problem(self, sentence: str) -> None:
        self.problem.setText(sentence)

    def want_time(self) -> None:
        self.since.setFocus()

    def confirm(self, question: str, start: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Exclude from an earlier time?", question, parent=self.dialog)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)  # Enter typed in a hurry does not hide anything
        box.button(QMessageBox.StandardButton.Yes).setText(f"Exclude from {start}")
        box.button(QMessageBox.StandardButton.No).setText("Go back")
        return box.exec() == QMessageBox.StandardButton.Yes

    def run(self) -> Exclusion | None:
        if self.dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return int(self.ground.currentData()), self.reason.toPlainText(), self.chosen_since()


class QuorumLights(QWidget):
    """A light per subject child: quorate or not, from the core's rule, always visible (two to a row, so four
    children's lights fit a laptop's register whatever they say). Until the first person is marked as arrived the
    lights show the quorum the invitation list would give, said so above them; then who is in the room."""

    PER_ROW = 2

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.row = QGridLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setVerticalSpacing(2)
        # Beside the lights: what they are judged on (the invitation list before anyone arrives, then the room). Two
        # lines high whatever it says, and no line of its own: its words change at the first arrival and nothing in
        # the register moves (a line above the lights that went away moved every row under the chair's pointer, and
        # one that stayed made the register scroll on a laptop).
        self.source = QLabel(objectName="quorumSource", wordWrap=True)
        self.source.setFixedWidth(self.fontMetrics().horizontalAdvance("invitation list:") + 6)
        self.source.setMinimumHeight(2 * self.fontMetrics().lineSpacing())
        self.row.addWidget(self.source, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        for column in range(1, self.PER_ROW + 1):
            self.row.setColumnStretch(column, 1)
        self.lights: dict[str, QLabel] = {}
        controller.changed.connect(lambda _change: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        # Who is in the room now, so a professional who has left no longer counts; the problems list and the
        # record judge each child's quorum at the time of the child's decision (chairdesk.checks).
        conference = self.controller.conference
        planned = before_the_meeting(conference)
        # Always there, only its words change: hiding it at the first arrival moved every row of the register up
        # under the chair's pointer, and the next click marked the wrong person as arrived.
        self.source.setText("Quorum from the invitation list:" if planned else "Quorum in the room now:")
        self.source.setToolTip(
            "No one is marked as arrived yet: the lights show the quorum the people invited would give (apologies "
            "left out)."
            if planned
            else "The lights show the quorum from who is in the room now."
        )
        for child in conference.subject_children:
            light = self.lights.get(child.id)
            if light is None:
                light = self.lights[child.id] = QLabel()
                light.setProperty("class", "quorumLight")
                place = len(self.lights) - 1
                self.row.addWidget(light, place // self.PER_ROW, 1 + place % self.PER_ROW)
            quorum = shown_quorum(conference, child)
            light.setText(f"{child.name}: {'quorate' if quorum.quorate else 'NOT quorate'}")
            light.setProperty("quorate", "true" if quorum.quorate else "false")
            light.setProperty("planned", "true" if planned else "false")
            agencies = ", ".join(quorum.agencies) or "none"
            care = "yes" if quorum.social_care else "no"
            if planned:
                tip = (
                    "From the invitation list (no one is marked as arrived yet; apologies left out): children's "
                    f"social care invited: {care}\nOther agencies in contact invited: {agencies}"
                )
                if quorum.apologies:
                    tip += f"\nSent apologies: {', '.join(quorum.apologies)}"
            else:
                tip = f"In the room now: children's social care: {care}\nOther agencies in contact: {agencies}"
            decided = quorum_for_decision(conference, child)
            if decided.at is not None:
                (when,) = clock_times(decided.at)
                tip += f"\nAt the decision ({when}): {'quorate' if decided.quorate else 'NOT quorate'}"
            light.setToolTip(tip)
            light.setAccessibleName(f"{light.text()}, from the invitation list" if planned else light.text())
            light.style().unpolish(light)
            light.style().polish(light)


class AttendancePanel(QWidget):
    """The register, its keys and buttons, and the quorum lights."""

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.presenter = RegisterPresenter(controller.meeting, self, controller.check)  # the rules; the panel draws
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.quorum = QuorumLights(controller)
        layout.addWidget(self.quorum)
        self.model = AttendanceModel(controller)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Compact rows, so a laptop's register shows everyone (thirteen people) without scrolling; the agency is
        # the column that gives way (cut short with "…", whole in the row's tooltip).
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AttendanceModel.COLUMNS.index("Agency"), QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setMinimumSectionSize(self.table.fontMetrics().height() + 4)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName("Attendance register")
        self.table.setToolTip(
            "Mark the selected person with the buttons below, their Alt+letter keys, or a right-click. "
            "Typing a letter here only moves to a name."
        )
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        layout.addWidget(self.table, 1)
        buttons = QGridLayout()  # two rows of buttons: each wide enough for its words in a laptop's dock
        buttons.setSpacing(4)
        # No bare letter marks anyone: typing with the register in focus must change nothing (issue 8).
        actions = (
            ("&Arrived", self.arrived),
            ("&Left", self.left),
            ("A&pologies", self.apologies),
            ("Repor&t in", self.report_received),
            ("E&xclude…", self.exclude),
            ("Bac&k in room", self.readmit),
            ("New person…", self.add_person),  # Ctrl+N: Alt+N gives a "no" on the decision page's views grid
        )
        self.buttons: dict[str, QPushButton] = {}  # by what they do: "arrived", "exclude", ...
        for place, (text, slot) in enumerate(actions):
            button = self.buttons[slot.__name__] = QPushButton(text)
            key = f"Alt+{text[text.index('&') + 1].upper()}" if "&" in text else "Ctrl+N"
            button.setToolTip(f"{text.replace('&', '')} ({key})")
            button.clicked.connect(slot)
            buttons.addWidget(button, place // 4, place % 4)
            menu_item = QAction(text.replace("&", ""), self.table)
            menu_item.triggered.connect(slot)
            self.table.addAction(menu_item)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.add_person, context=Qt.ShortcutContext.WindowShortcut)
        layout.addLayout(buttons)
        self.inquorate_reason = TextBox()
        self.inquorate_reason.setPlaceholderText(
            "If going ahead inquorate: the reasons, and the interim safeguarding arrangements"
        )
        self.inquorate_reason.setAccessibleName("Reasons for going ahead inquorate")
        self.inquorate_reason.setPlainText(controller.conference.inquorate_reason or "")
        self.inquorate_reason.setMaximumHeight(52)
        self.inquorate_reason.setTabChangesFocus(True)
        # Beside the box, so the register keeps its height: "Confidential…" and the mark, and under the box a
        # sentence when the words would give a withheld address away.
        self.inquorate_mark = MarkButton(
            controller,
            lambda: "inquorate_reason",
            "The reasons for going ahead inquorate",
            "Type the reasons for going ahead inquorate first; then they can be marked.",
            compact=True,
        )
        inquorate = QHBoxLayout()
        inquorate.addWidget(self.inquorate_reason, 1)
        inquorate.addWidget(self.inquorate_mark)
        layout.addLayout(inquorate)
        self.inquorate_flags = TypingFlags(controller, self.inquorate_reason)
        layout.addWidget(self.inquorate_flags)
        # Only while a child's conference is not quorate (or reasons are written): the register needs the room.
        self._show_inquorate_reason()
        controller.changed.connect(lambda _change: self._show_inquorate_reason())
        settle = when_text_settles(
            self.inquorate_reason, self._save_inquorate_reason, controller.meeting, INQUORATE_BOX
        )
        controller.changed.connect(
            lambda change: (
                change.undo_or_redo
                and show_saved_text(self.inquorate_reason, controller.conference.inquorate_reason or "", settle, True)
            )
        )

    def _show_inquorate_reason(self) -> None:
        self.inquorate_reason.setVisible(self.presenter.asks_inquorate_reason(self.inquorate_reason.toPlainText()))
        self.inquorate_mark.setVisible(self.inquorate_reason.isVisibleTo(self))

    def selected(self) -> Participant | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.controller.conference.participant(rows[0].data(ParticipantRole))

    def _reselect(self, person: Participant) -> None:
        ids = [p.id for p in self.controller.conference.participants]
        if person.id in ids:
            self.table.selectRow(ids.index(person.id))

    def _do(self, act: Callable[[str | None], None]) -> None:
        """Act on the person chosen in the register (the presenter says when no one is), and keep them chosen."""
        person = self.selected()
        act(person.id if person else None)
        if person is not None:
            self._reselect(person)

    def arrived(self) -> None:
        self._do(self.presenter.arrived)

    def left(self) -> None:
        self._do(self.presenter.left)

    def apologies(self) -> None:
        self._do(self.presenter.apologies)

    def report_received(self) -> None:
        self._do(self.presenter.report_received)

    def readmit(self) -> None:
        self._do(self.presenter.readmit)

    def exclude(self) -> None:
        self._do(self.presenter.exclude)

    # -- what the presenter tells the register (chairdesk.presenters.register.RegisterView) -----------------

    def tell(self, sentence: str, seconds: int) -> None:
        self.window().statusBar().showMessage(sentence, seconds * 1000)

    def ask_exclusion(self, person: Participant) -> Exclusion | None:
        return ExcludeDialog(person, self.controller.meeting, self).run()

    def add_person(self) -> None:
        try:
            ident = AddPersonDialog(self.controller, self).run()
        except InvalidConference as error:
            self.window().statusBar().showMessage(str(error), 8000)
            return
        if ident:
            self.table.selectRow(len(self.controller.conference.participants) - 1)

    def _save_inquorate_reason(self, text: str) -> None:
        self.presenter.save_inquorate_reason(text)
