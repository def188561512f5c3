"""The preparation window: the open conference's details, children and invitees before the day, with the
problems the core's checks find in them at the top (issue 10, "Preparation").

Non-modal, for the conference the console has open; every change goes through chairdesk.preparation on the
controller's meeting, so Ctrl+Z in the console undoes it, the writer saves it and the console redraws. Other
parts add their tabs with :meth:`PreparationWindow.add_tab`. It is a window of the laptop: it opens over the
console, never on the projector.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chairdesk.changes import EVERYTHING, Change, Part
from chairdesk.errors import InvalidConference
from chairdesk.gui.conference_form import DATA, button, child_dates, table
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.kept_form import NEW_ROW, KeptForm, in_conference, stored_drafts
from chairdesk.gui.page_tools import choose_again
from chairdesk.gui.participation_tab import ParticipationTab
from chairdesk.gui.preparation_fields import PROBLEM_STYLE, ChildFields, DetailsFields, InviteeFields
from chairdesk.gui.requests_tab import RequestsTab
from chairdesk.gui.text_guard import TextBox
from chairdesk.gui.widgets import show_saved_text, when_text_settles
from chairdesk.preparation import Preparation
from chairdesk.timescales import due_dates

LATE_REASONS_BOX = "late_reasons"

# The problems that are about the meeting itself, not its preparation: the rest are shown here (so the checks
# added for preparation appear without this window knowing their codes).
MEETING_CODES = {
    "inquorate",
    "inquorate-reason-missing",
    "category-missing",
    "view-missing",
    "exclusion-ground-missing",
    "category-not-applicable",
    "outcome-wrong-type",
    "lead-social-worker-missing",
    "first-core-group-late",
    "review-late",
}


class _Tab(QWidget):
    """A tab that changes the conference: a sentence line for what was done or refused."""

    def __init__(self, controller: MeetingController) -> None:
        super().__init__()
        self.controller = controller
        self.preparation = Preparation(controller.meeting)
        self.message = QLabel(wordWrap=True, accessibleName="What happened")
        self.message.setStyleSheet(PROBLEM_STYLE)

    def attempt(self, change: Callable[[], object], done: str) -> bool:
        """Do ``change``; say ``done``, or the refusal in words. True when it was done."""
        try:
            change()
        except InvalidConference as error:
            self.message.setStyleSheet(PROBLEM_STYLE)
            self.message.setText(" ".join(error.problems))
            return False
        self.message.setStyleSheet("")
        self.message.setText(done)
        return True


class ConferenceTab(_Tab):
    """The details (one undo step for all of them) and the reasons the conference is late."""

    def __init__(self, controller: MeetingController) -> None:
        super().__init__(controller)
        self.details = DetailsFields(children=lambda: self.controller.conference.children)
        self.save = button("S&ave the details", "Change the conference's details (Ctrl+Z in the console undoes it)")
        self.late_reasons = TextBox()
        self.late_reasons.setAccessibleName("Reasons the conference is late")
        self.late_reasons.setPlaceholderText(
            "Why the conference is later than its due date (the procedure requires the reasons; they go in the record)."
        )
        self.late_label = QLabel("Reasons the conference is lat&e")
        self.late_label.setBuddy(self.late_reasons)
        column = QVBoxLayout(self)
        column.addWidget(self.details)
        row = QHBoxLayout()
        row.addWidget(self.save)
        row.addWidget(self.message, 1)
        column.addLayout(row)
        column.addWidget(self.late_label)
        column.addWidget(self.late_reasons, 1)
        self.save.clicked.connect(self.save_details)
        self._settle = when_text_settles(self.late_reasons, self._save_reasons, controller.meeting, LATE_REASONS_BOX)
        d = self.details
        self.form = KeptForm(
            self,
            "details",
            "The conference's details",
            {
                "type": d.type,
                "date": d.date,
                "time": d.time,
                "place": d.place,
                "region": d.region,
                "trigger": d.trigger,
                "previous_type": d.previous_type,
                "previous_date": d.previous_date,
                "family": d.family,
            },
            in_conference(controller),
            self.save_details,
            self.message.text,
        )
        self.refresh(EVERYTHING)

    def save_details(self) -> bool:
        c = self.controller.conference
        previous = c.previous_conference.id if c.previous_conference else None
        try:
            values = self.details.values(previous)
        except InvalidConference as error:
            self.message.setText(" ".join(error.problems))
            return False
        if not self.attempt(lambda: self.preparation.set_details(**values), "The details are changed."):
            return False
        self.form.done()
        return True

    def take_back(self, drafts: dict[str, str]) -> bool:
        return self.form.take_back(drafts, lambda _row: None)

    def _save_reasons(self, text: str) -> None:
        if text != self.controller.conference.late_reasons:
            self.attempt(lambda: self.preparation.set_late_reasons(text), "")

    def refresh(self, change: Change) -> None:
        c = self.controller.conference
        typing_here = self.details.isAncestorOf(self.focusWidget()) and not change.undo_or_redo  # an undo shows it
        if change.touches(Part.PREPARATION) and not typing_here and not self.form.dirty():  # typing stays
            self.form.load("conference", lambda: self.details.show_conference(c))
        show_saved_text(self.late_reasons, c.late_reasons, self._settle, change.undo_or_redo)
        due = due_dates(c)["conference_due"].date
        late = bool(due and c.date > due) or bool(c.late_reasons.strip())
        self.late_label.setText("Reasons the conference is lat&e" + ("" if late else " (it is not late)"))


class _ListTab(_Tab):
    """A list of the conference's children or invitees and a form for one, whose unsaved typing is kept
    (gui.kept_form): the moves both tabs share. A tab gives ``list``, ``form`` and ``show_one(ident)``."""

    list: QTableWidget
    form: KeptForm

    def show_one(self, ident: str | None) -> None:
        """Put the child or invitee ``ident`` (None: a new one) in the form."""
        raise NotImplementedError

    def _wire(self, save: Callable[[], object], add: Callable[[], object], remove: Callable[[], object]) -> None:
        """The list's choices through the kept form; Save (and Enter in the fields), Add, Remove (and Delete)."""
        self.list.currentCellChanged.connect(lambda row, _column, before, _c: self._go(row, before))
        self.save.clicked.connect(save)
        self.fields.submitted.connect(save)
        self.add.clicked.connect(add)
        self.remove.clicked.connect(remove)
        self.list.delete.connect(remove)
        self.refresh(EVERYTHING)

    def chosen(self) -> str | None:
        row = self.list.currentRow()
        return self.list.item(row, 0).data(DATA) if row >= 0 else None

    def _go(self, row: int, before: int) -> None:
        """Another row chosen: the form's unsaved typing is saved or the chair is asked (gui.kept_form)."""
        if row != before and not self.form.leave():
            choose_again(self.list, before)
            return
        self._chosen()

    def _chosen(self) -> None:
        ident = self.chosen()
        self.form.load(ident, lambda: self.show_one(ident))

    def take_back(self, drafts: dict[str, str]) -> bool:
        return self.form.take_back(drafts, self._show_row)

    def _show_row(self, ident: str | None) -> None:
        choose_again(self.list, -1)
        self.select(ident)  # when it is there
        self._chosen()

    def select(self, ident: str | None) -> None:
        for row in range(self.list.rowCount()):
            if self.list.item(row, 0).data(DATA) == ident:
                self.list.setCurrentCell(row, 0)


class ChildrenTab(_ListTab):
    def __init__(self, controller: MeetingController) -> None:
        super().__init__(controller)
        self.list = table(["Name", "Born or expected", "NHS number", "Identifier", "Subject"], "Children")
        self.fields = ChildFields(compact=False)
        self.save = button("&Save changes", "Change the chosen child's details")
        self.add = button("Add as a ne&w child", "Add a child of the household with these details")
        self.remove = button("Re&move", "Remove the chosen child (only one added by mistake)")
        buttons = QHBoxLayout()
        for b in (self.save, self.add, self.remove):
            buttons.addWidget(b)
        editor = QWidget()
        column = QVBoxLayout(editor)
        column.addWidget(self.fields)
        column.addLayout(buttons)
        column.addWidget(self.message)
        column.addStretch(1)
        split = QHBoxLayout(self)
        split.addWidget(self.list, 3)
        split.addWidget(editor, 2)
        f = self.fields
        self.form = KeptForm(
            self,
            "child",
            "The child's details",
            {
                "name": f.name,
                "born": f.born,
                "expected": f.expected,
                "nhs": f.nhs,
                "id": f.identifier,
                "subject": f.subject,
            },
            in_conference(controller),
            self.save_child,
            self.message.text,
        )
        self._wire(self.save_child, self.add_child, self.remove_child)

    def show_one(self, ident: str | None) -> None:
        self.fields.show_child(self.controller.conference.child(ident))

    def save_child(self) -> bool:
        ident = None if self.form.row == NEW_ROW else self.form.row  # the child in the form
        if ident is None or self.controller.conference.child(ident) is None:
            return self.add_child()
        try:
            child = self.fields.child(self.controller.conference.child(ident))
        except InvalidConference as error:
            self.message.setText(" ".join(error.problems))
            return False
        fields = {k: getattr(child, k) for k in ("name", "date_of_birth", "expected_delivery_date", "subject")}
        fields.update(nhs_number=child.nhs_number, child_identifier=child.child_identifier)
        if not self.attempt(
            lambda: self.preparation.edit_child(ident, **fields), f"{child.name}'s details are changed."
        ):
            return False
        self.form.done()
        return True

    def add_child(self) -> bool:
        try:
            child = self.fields.child()
        except InvalidConference as error:
            self.message.setText(" ".join(error.problems))
            return False
        new: list[str] = []
        made = self.attempt(
            lambda: new.append(
                self.preparation.add_child(
                    child.name,
                    child.date_of_birth,
                    child.expected_delivery_date,
                    child.subject,
                    child.nhs_number,
                    child.child_identifier,
                )
            ),
            f"{child.name} is added.",
        )
        if made:
            self.form.done()
            self.select(new[0])
        return made

    def remove_child(self) -> None:
        ident = self.chosen()
        child = self.controller.conference.child(ident)
        removing = f"{child.name} is removed." if child is not None else ""
        if (
            ident is not None
            and child is not None
            and self.attempt(lambda: self.preparation.remove_child(ident), removing)
        ):
            self.form.done()  # the chair's choice: what was typed for the child goes with them
            self._chosen()

    def refresh(self, change: Change) -> None:
        chosen = self.chosen()
        children = self.controller.conference.children
        self.list.blockSignals(True)
        self.list.setRowCount(len(children))
        for row, child in enumerate(children):
            cells = [child.name, child_dates(child), child.nhs_number, child.child_identifier]
            for column, text in enumerate([*cells, "yes" if child.subject else "no"]):
                self.list.setItem(row, column, _cell(text))
            self.list.item(row, 0).setData(DATA, child.id)
        self.list.blockSignals(False)
        self.select(chosen)
        if change.undo_or_redo and not self.form.dirty():  # an undo or redo: the boxes show the child as it now is
            self._chosen()


class InviteesTab(_ListTab):
    def __init__(self, controller: MeetingController) -> None:
        super().__init__(controller)
        self.list = table(["Name", "Role", "Agency", "Knows", "Language", "Report", "Came"], "Invitees")
        self.fields = InviteeFields(full=True)
        self.save = button("&Save changes", "Change the chosen person's details")
        self.add = button("Add as a ne&w invitee", "Invite someone with these details")
        self.remove = button("Re&move", "Remove the chosen person (only one invited by mistake)")
        self.apologies = button("Mark &apologies", "They are not coming (their report may still be expected)")
        buttons = QHBoxLayout()
        for b in (self.save, self.add, self.remove, self.apologies):
            buttons.addWidget(b)
        editor = QWidget()
        column = QVBoxLayout(editor)
        column.addWidget(self.fields)
        column.addLayout(buttons)
        column.addWidget(self.message)
        column.addStretch(1)
        self.split = split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(editor)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        QHBoxLayout(self).addWidget(split)
        f = self.fields
        self.form = KeptForm(
            self,
            "invitee",
            "The invitee's details",
            {
                **{"name": f.name, "role": f.role, "agency": f.agency, "email": f.email, "phone": f.phone},
                "knows": (
                    lambda: sorted(i for i, box in self.fields.knows.items() if box.isChecked()),
                    lambda ids: [box.setChecked(i in ids) for i, box in self.fields.knows.items()],
                ),
                **{"language": f.language, "interpreter": f.interpreter, "translation": f.translation},
                **{"consent": f.consent, "report": f.report, "received": f.received, "shared": f.shared},
            },
            in_conference(controller),
            self.save_invitee,
            self.message.text,
        )
        f.knows_changed.connect(self.form.typed)
        self.apologies.clicked.connect(self.mark_apologies)
        self._wire(self.save_invitee, self.add_invitee, self.remove_invitee)

    def show_one(self, ident: str | None) -> None:
        self.fields.show_invitee(self.controller.conference.participant(ident))

    def save_invitee(self) -> bool:
        ident = None if self.form.row == NEW_ROW else self.form.row  # the person in the form
        if ident is None or self.controller.conference.participant(ident) is None:
            return self.add_invitee()
        try:
            person = self.fields.invitee(self.controller.conference.participant(ident))
        except InvalidConference as error:
            self.message.setText(" ".join(error.problems))
            return False
        keys = ("name", "role", "agency", "email", "phone", "contact_with", "language")
        fields = {k: getattr(person, k) for k in keys}
        fields.update(
            needs_interpreter=person.needs_interpreter,
            needs_translation=person.needs_translation,
            consent=person.consent,
            address=person.address,
            address_withheld=person.address_withheld,
        )
        fields["report"] = person.report

        def change() -> None:
            self.preparation.edit_invitee(ident, **fields)

        if not self.attempt(change, f"{person.name}'s details are changed."):
            return False
        self.form.done()
        return True

    def add_invitee(self) -> bool:
        try:
            person = self.fields.invitee()
        except InvalidConference as error:
            self.message.setText(" ".join(error.problems))
            return False
        new: list[str] = []

        def add() -> None:
            new.append(
                self.preparation.add_invitee(
                    person.name,
                    person.role,
                    person.agency,
                    email=person.email,
                    phone=person.phone,
                    contact_with=person.contact_with,
                    language=person.language,
                    needs_interpreter=person.needs_interpreter,
                    needs_translation=person.needs_translation,
                    consent=person.consent,
                    report=person.report,  # with its dates: never dropped
                    address=person.address,
                    address_withheld=person.address_withheld,
                )
            )

        if not self.attempt(add, f"{person.name} is invited."):
            return False
        self.form.done()
        self.select(new[0])
        return True

    def remove_invitee(self) -> None:
        ident = self.chosen()
        person = self.controller.conference.participant(ident)
        removing = f"{person.name} is removed." if person is not None else ""
        if (
            ident is not None
            and person is not None
            and self.attempt(lambda: self.preparation.remove_invitee(ident), removing)
        ):
            self.form.done()  # the chair's choice: what was typed for them goes with them
            self._chosen()

    def mark_apologies(self) -> None:
        ident = self.chosen()
        person = self.controller.conference.participant(ident)
        if ident is not None and person is not None:
            self.attempt(lambda: self.controller.meeting.set_apologies(ident, True), f"{person.name} sent apologies.")

    def refresh(self, change: Change) -> None:
        c = self.controller.conference
        chosen = self.chosen()
        self.fields.set_children(c.children)
        names = {child.id: child.name for child in c.children}
        self.list.blockSignals(True)
        self.list.setRowCount(len(c.participants))
        for row, person in enumerate(c.participants):
            knows = ", ".join(names[i] for i in person.contact_with if i in names)
            language = person.language + (" (interpreter)" if person.needs_interpreter else "")
            report = "" if person.report is None else ("received" if person.report.received else "expected")
            came = "apologies" if person.apologies else ("yes" if person.attended else "")
            cells = [person.name, person.role_name, person.agency, knows, language, report, came]
            for column, text in enumerate(cells):
                self.list.setItem(row, column, _cell(text))
            self.list.item(row, 0).setData(DATA, person.id)
        self.list.blockSignals(False)
        self.select(chosen)
        if change.undo_or_redo and not self.form.dirty():  # an undo or redo: the boxes show the person as they now are
            self._chosen()


def _bring_forward(widget: QWidget) -> None:
    """Show the tab (and the tab within a tab) ``widget`` is on."""
    while widget is not None:
        parent = widget.parentWidget()
        tabs = parent.parentWidget() if parent is not None else None
        if isinstance(tabs, QTabWidget):
            tabs.setCurrentWidget(widget)
        widget = parent


def _cell(text: str):  # noqa: ANN202 (a QTableWidgetItem)
    from PySide6.QtWidgets import QTableWidgetItem

    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


class PreparationWindow(QMainWindow):
    """Preparing the open conference: tabs Conference, Children, Invitees (and others' tabs), the problems of the
    core's checks that concern preparation at the top."""

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.controller = controller
        self.setWindowTitle(f"Prepare: the {controller.conference.family.name} family conference")
        self.problems = QListWidget()
        self.problems.setAccessibleName("What is missing before the day")
        self.problems.setWordWrap(True)
        self.problems.setMaximumHeight(6 * self.fontMetrics().lineSpacing())
        self.tabs = QTabWidget()
        self.conference_tab = ConferenceTab(controller)
        self.children_tab = ChildrenTab(controller)
        self.invitees_tab = InviteesTab(controller)
        self.add_tab("&Conference", self.conference_tab)
        self.add_tab("Child&ren", self.children_tab)
        self.add_tab("&Invitees", self.invitees_tab)
        self.participation_tab = ParticipationTab(controller)
        self.requests_tab = RequestsTab(controller)
        self.add_tab("Taking part", self.participation_tab)
        self.add_tab("Re&quests and views", self.requests_tab)
        centre = QWidget()
        column = QVBoxLayout(centre)
        column.addWidget(QLabel("What is missing before the day:"))
        column.addWidget(self.problems)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(centre)
        for fields in (self.conference_tab.details, self.children_tab.fields, self.invitees_tab.fields):
            fields.set_tab_order()  # now that every field is in this window
        controller.changed.connect(self.refresh)
        self._sized = False
        self.refresh(EVERYTHING)
        self.came_back = self.take_back()
        if parent is not None:
            parent.installEventFilter(self)  # the console closing (or another conference opening) asks here first

    def forms(self) -> list[KeptForm]:
        """Every form of the window with a Save button (not those of a dialog opened from it)."""
        return [form for form in self.findChildren(KeptForm) if form.owner.window() is self]

    def take_back(self) -> list[str]:
        """Put back what was typed in the forms and not saved when the window or ChairDesk last closed; the
        forms it came back in, and it is said in the window."""
        drafts = stored_drafts(self.controller)
        came_back = []
        for form in self.forms():
            owner = form.owner
            if drafts and hasattr(owner, "take_back") and owner.take_back(drafts):
                came_back.append(form.what)
        if came_back:
            words = "; ".join(came_back)
            self.statusBar().showMessage(f"What you typed and had not saved yet is back in its form ({words}).")
            _bring_forward(next(form.owner for form in self.forms() if form.what == came_back[0]))
        return came_back

    def leave_forms(self) -> bool:
        """Before the window (or the console) closes: each form's unsaved typing saved or, when it cannot be,
        the chair asked; False when they chose to keep editing."""
        for form in self.forms():
            if form.dirty():
                _bring_forward(form.owner)
                if not form.leave():
                    self.show()
                    self.raise_()
                    self.activateWindow()
                    return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.leave_forms():
            event.ignore()
            return
        super().closeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.parentWidget() and event.type() == QEvent.Type.Close and not self.leave_forms():
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._sized:  # once it has its size: the invitees' list wide enough for its columns
            self._sized = True
            split = self.invitees_tab.split
            split.setSizes([self.width() * 3 // 5, self.width() * 2 // 5])

    def add_tab(self, title: str, widget: QWidget) -> int:
        """Another part's tab (participation, requests...): the index it has."""
        return self.tabs.addTab(widget, title)

    def refresh(self, change: Change) -> None:
        if change.parts == Part.STAGE:
            return
        c = self.controller.conference
        self.setWindowTitle(f"Prepare: the {c.family.name} family conference")
        for tab in (self.conference_tab, self.children_tab, self.invitees_tab):
            tab.refresh(change)
        self.problems.clear()
        problems = [p for p in self.controller.check().problems if p.code not in MEETING_CODES]
        for problem in problems:
            self.problems.addItem(problem.message)
            self.problems.item(self.problems.count() - 1).setToolTip(problem.code)
        if not problems:
            self.problems.addItem("Nothing missing that ChairDesk can see.")

    def place_over(self, console: QWidget) -> None:
        """On the console's screen, inside it: never on the projector."""
        screen = console.screen()
        if screen is not None:
            self.setScreen(screen)
            room = screen.availableGeometry()
            width, height = min(1200, room.width()), min(720, room.height())
            self.setGeometry(
                room.x() + (room.width() - width) // 2, room.y() + (room.height() - height) // 2, width, height
            )


def open_preparation(console: QWidget) -> PreparationWindow:
    """The preparation window of ``console``'s conference (a ConsoleWindow: its ``controller``), opened over it,
    or brought to the front when it is open already."""
    window = getattr(console, "preparation_window", None)
    if not isinstance(window, PreparationWindow):
        window = PreparationWindow(console.controller, console)  # type: ignore[attr-defined]
        console.preparation_window = window  # type: ignore[attr-defined]
        window.place_over(console)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
