"""A new conference in one short form a chair can fill in during a phone call (issue 10, "A new conference").

:func:`ask_new_conference` opens it modal and returns the conference made (not yet stored), or None. Only what
the type needs is asked; the due date shows as the dates are typed; Enter in a child's or an invitee's row adds
it to the list; a date that does not exist is said beside its box; nothing is made until all of it is right
(chairdesk.preparation.new_conference checks the whole conference).

Built in code rather than a Qt Designer form: its lists of children and invitees grow as the chair types, and
the fields are the ones the preparation window uses too (gui.preparation_fields).
"""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chairdesk import conference_file
from chairdesk.errors import InvalidConference
from chairdesk.gui.kept_form import Field, KeptForm, KeptInFile
from chairdesk.gui.preparation_fields import PROBLEM_STYLE, ChildFields, DetailsFields, InviteeFields
from chairdesk.model import Child, Conference, Participant
from chairdesk.preparation import new_conference, new_id
from chairdesk.timescales import long_date

DATA = Qt.ItemDataRole.UserRole


def child_dates(child: Child) -> str:
    if child.date_of_birth:
        return f"born {child.date_of_birth:%d/%m/%Y}"
    if child.expected_delivery_date:
        return f"unborn: expected {child.expected_delivery_date:%d/%m/%Y}"
    return "no date yet"


def button(text: str, tip: str = "") -> QPushButton:
    """A button Enter in a box never presses: in this form Enter adds a row."""
    made = QPushButton(text)
    made.setAutoDefault(False)
    made.setDefault(False)
    made.setToolTip(tip)
    return made


class RowsTable(QTableWidget):
    """A list of rows the keyboard works on: Enter on a row is ``activated`` (Qt's own), Delete is ``delete``."""

    delete = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentRow() >= 0:
            self.delete.emit()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers():
            event.ignore()  # Ctrl+Enter is the window's (make the conference), not the row's
            return
        super().keyPressEvent(event)


def table(headings: list[str], name: str) -> RowsTable:
    made = RowsTable(0, len(headings))
    made.setHorizontalHeaderLabels(headings)
    made.setAccessibleName(name)
    made.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    made.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    made.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    made.verticalHeader().hide()
    made.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    made.horizontalHeader().setStretchLastSection(True)
    made.setTabKeyNavigation(False)  # Tab leaves the list for the next field, as the chair expects
    return made


class _Rows(QGroupBox):
    """Rows added from fields (Enter adds), changed (Enter on a row puts it in the fields; Enter there puts the
    change back in its place, so the eldest child stays first) or removed (Delete). Each row keeps the object it
    came from, so what the form does not show is kept."""

    rows_changed = Signal()

    def __init__(
        self, title: str, fields: ChildFields | InviteeFields, headings: list[str], what: str, add: str
    ) -> None:
        super().__init__(title)
        self.fields, self.what = fields, what
        self.list = table(headings, title.replace("&", ""))
        self.editing: object | None = None  # the row's object while it is being changed in the fields
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet(PROBLEM_STYLE)
        self.message.hide()
        self.add = button(add, f"Add the {what} typed above to the list")
        self.change = button("Change", f"Put the chosen {what} back in the boxes above to change")
        self.remove = button("Remove", f"Take the chosen {what} off the list (Delete)")
        buttons = QHBoxLayout()
        for b in (self.add, self.change, self.remove):
            buttons.addWidget(b)
        buttons.addWidget(self.message, 1)
        buttons.addStretch(0)  # the buttons keep their size when there is nothing to say
        column = QVBoxLayout(self)
        column.addWidget(fields)
        column.addLayout(buttons)
        column.addWidget(self.list, 1)
        self.list.setMinimumHeight(5 * self.list.verticalHeader().defaultSectionSize())  # four rows in view
        self.add.clicked.connect(self.add_row)
        self.change.clicked.connect(self.change_row)
        self.remove.clicked.connect(self.remove_row)
        fields.submitted.connect(self.add_row)
        self.list.delete.connect(self.remove_row)
        self.list.activated.connect(lambda _index: self.change_row())

    def made(self) -> object:
        raise NotImplementedError

    def cells(self, thing: object) -> list[str]:
        raise NotImplementedError

    def say(self, sentence: str) -> None:
        self.message.setText(sentence)
        self.message.setVisible(bool(sentence))

    def add_row(self) -> bool:
        """What is in the fields, added to the list; False (and why, beside the buttons) when it cannot be."""
        try:
            thing = self.made()
        except InvalidConference as error:
            self.say(" ".join(error.problems))
            return False
        row = self.editing_row()
        if row is None:
            self.put_row(thing)
        else:
            self.put_row(thing, row)  # changed in its place: the order of the list is the chair's
        self.editing = None
        self.say("")
        self.clear_fields()
        self.fields.focus_first()
        return True

    def editing_row(self) -> int | None:
        """The row being changed in the fields (None: the fields hold a new one)."""
        if self.editing is None:
            return None
        things = self.things()
        for same in (lambda a, b: a is b, lambda a, b: a == b):  # the same row; after a restart, an equal one
            for row, thing in enumerate(things):
                if same(thing, self.editing):
                    return row
        return None

    def put_row(self, thing: object, row: int | None = None) -> None:
        """``thing`` in a new row at the end, or in place of ``row``."""
        if row is None:
            row = self.list.rowCount()
            self.list.insertRow(row)
        for column, text in enumerate(self.cells(thing)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.list.setItem(row, column, item)
        self.list.item(row, 0).setData(DATA, thing)
        self.rows_changed.emit()

    def things(self) -> list[object]:
        return [self.list.item(row, 0).data(DATA) for row in range(self.list.rowCount())]

    def change_row(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        if self.fields.has_typing() and not self.add_row():
            return  # what is in the boxes stays there until it can be added: never lost
        row = self.list.currentRow()
        thing = self.list.item(row, 0).data(DATA)
        self.editing = thing  # the row stays where it is until the change is put back in it
        self.show_thing(thing)
        self.rows_changed.emit()
        self.fields.focus_first()

    def remove_row(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            if row == self.editing_row():
                self.editing = None  # what is in the boxes stays, to be added as a new row if the chair wants
            self.list.removeRow(row)
            self.rows_changed.emit()

    def clear_fields(self) -> None:
        self.show_thing(None)

    def show_thing(self, thing: object | None) -> None:
        raise NotImplementedError


class ChildrenRows(_Rows):
    def __init__(self) -> None:
        super().__init__(
            "Children in the household",
            ChildFields(),
            ["Name", "Born or expected", "NHS number", "Identifier", "Subject"],
            "child",
            "&Add child (Enter)",
        )
        self.fields: ChildFields

    def made(self) -> Child:
        return self.fields.child(self.editing if isinstance(self.editing, Child) else None)

    def cells(self, thing: object) -> list[str]:
        assert isinstance(thing, Child)
        return [
            thing.name,
            child_dates(thing),
            thing.nhs_number,
            thing.child_identifier,
            "yes" if thing.subject else "no",
        ]

    def show_thing(self, thing: object | None) -> None:
        self.fields.show_child(thing if isinstance(thing, Child) else None)

    def put_row(self, thing: object, row: int | None = None) -> None:
        assert isinstance(thing, Child)
        if not thing.id:
            thing.id = new_id("c")  # so an invitee can be said to know the child before the conference is made
        super().put_row(thing, row)


class InviteeRows(_Rows):
    def __init__(self, children: ChildrenRows) -> None:
        super().__init__(
            "Invitees",
            InviteeFields(),
            ["Name", "Role", "Agency", "E-mail", "Phone", "Knows"],
            "invitee",
            "Add &invitee (Enter)",
        )
        self.fields: InviteeFields
        self.children = children

    def made(self) -> Participant:
        return self.fields.invitee(self.editing if isinstance(self.editing, Participant) else None)

    def cells(self, thing: object) -> list[str]:
        assert isinstance(thing, Participant)
        names = {c.id: c.name for c in self.children.things() if isinstance(c, Child)}
        knows = ", ".join(names.get(i, "") for i in thing.contact_with if i in names)
        return [thing.name, thing.role_name, thing.agency, thing.email, thing.phone, knows]

    def show_thing(self, thing: object | None) -> None:
        self.fields.show_invitee(thing if isinstance(thing, Participant) else None)


class ConferenceForm(QDialog):
    """The new-conference form. ``start`` pre-fills it (e.g. a review from chairdesk.carry_forward.start_review);
    what it holds that the form does not show is kept in the conference made."""

    def __init__(self, parent: QWidget | None = None, start: Conference | None = None) -> None:
        super().__init__(parent)
        self.start = copy.deepcopy(start) if start is not None else None
        self.conference: Conference | None = None
        self.ask_before_closing = True  # closing a form with typing in it asks first (tests turn it off)
        self.setWindowTitle("A new conference")
        self.children_rows = ChildrenRows()
        self.details = DetailsFields(children=self._children)
        self.invitees = InviteeRows(self.children_rows)
        self.hint = QLabel(wordWrap=True)
        self.problems = QLabel(wordWrap=True, accessibleName="What is still needed")
        self.problems.setStyleSheet(PROBLEM_STYLE)
        self.problems.hide()
        self.create = button("&Create conference (Ctrl+Enter)", "Make the conference once everything is right")
        self.cancel = button("Cancel")

        body = QWidget()
        column = QVBoxLayout(body)
        details = QGroupBox("The conference")
        QVBoxLayout(details).addWidget(self.details)
        column.addWidget(details)
        column.addWidget(self.hint)
        column.addWidget(self.children_rows, 1)
        column.addWidget(self.invitees, 2)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.problems, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.create)
        buttons.addWidget(self.cancel)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)

        self.create.clicked.connect(self.accept)
        self.cancel.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        self.details.type.currentIndexChanged.connect(self._type_chosen)
        self.children_rows.rows_changed.connect(self._children_changed)
        self._fit_the_screen()
        if self.start is not None:
            self._fill(self.start)
        self._type_chosen()
        for part in (self.details, self.children_rows.fields, self.invitees.fields):
            part.set_tab_order()  # now that every field is in this window
        self.details.type.setFocus()
        self.kept = KeptInFile(self)
        self.form = KeptForm(self, self._draft_name(), "A new conference", self._fields(), self.kept, self._make)
        self.came_back = QLabel("What you typed in this form before, not made yet, is back.", wordWrap=True)
        outer.insertWidget(0, self.came_back)
        self.came_back.setVisible(self.form.take_back(self.kept.drafts, lambda _row: None))

    def _draft_name(self) -> str:
        """A form of its own for a new conference, and for each review of an earlier one."""
        previous = self.start.previous_conference if self.start is not None else None
        return f"review-after-{previous.id or previous.date}" if previous is not None else "new-conference"

    def _fields(self) -> dict[str, QWidget | Field]:
        """Everything the form holds, for its draft: the details, the rows and what is being typed for a row."""
        d, children, invitees = self.details, self.children_rows, self.invitees
        fields: dict[str, QWidget | Field] = {
            **{"type": d.type, "date": d.date, "time": d.time, "place": d.place, "region": d.region},
            **{"trigger": d.trigger, "previous_type": d.previous_type, "previous_date": d.previous_date},
            "family": d.family,
        }
        for name, rows, kind in (("children", children, Child), ("invitees", invitees, Participant)):
            fields[name] = _rows_field(rows, kind)
            fields[f"{name}.editing"] = (
                lambda rows=rows: conference_file._encode(rows.editing) if rows.editing is not None else None,
                lambda value, rows=rows, kind=kind: setattr(
                    rows, "editing", conference_file._decode_object(kind, value) if value else None
                ),
            )
            rows.rows_changed.connect(lambda: self.form.typed())
        c = children.fields
        fields |= {"child.name": c.name, "child.born": c.born, "child.expected": c.expected, "child.nhs": c.nhs}
        fields |= {"child.id": c.identifier, "child.subject": c.subject}
        i = invitees.fields
        fields |= {"invitee.name": i.name, "invitee.role": i.role, "invitee.agency": i.agency}
        fields |= {"invitee.email": i.email, "invitee.phone": i.phone}
        fields["invitee.knows"] = (
            lambda: sorted(k for k, box in i.knows.items() if box.isChecked()),
            lambda ids: [box.setChecked(k in ids) for k, box in i.knows.items()],
        )
        i.knows_changed.connect(lambda: self.form.typed())
        return fields

    def _fit_the_screen(self) -> None:
        """As big as a 1366×768 laptop allows, never bigger than the screen it opens on."""
        screen = (self.parentWidget().screen() if self.parentWidget() else None) or self.screen()
        room = screen.availableGeometry() if screen else None
        width, height = 1200, 720
        if room is not None:
            width, height = min(width, room.width() - 20), min(height, room.height() - 40)
        self.resize(width, height)

    def _fill(self, start: Conference) -> None:
        self.details.show_conference(start)
        for child in start.children:
            self.children_rows.put_row(copy.deepcopy(child))
        for person in start.participants:
            self.invitees.put_row(copy.deepcopy(person))
        if start.type == "review" and start.previous_conference:
            self.setWindowTitle(
                f"A new review conference for the {start.family.name} family (after the "
                f"{long_date(start.previous_conference.date)} conference)"
            )

    def _children(self) -> list[Child]:
        rows = self.children_rows
        children = [c for c in rows.things() if isinstance(c, Child)]
        try:
            if rows.fields.has_typing():
                typing = rows.made()  # the baby being typed counts for the due date
                row = rows.editing_row()
                if row is None:
                    children.append(typing)
                else:
                    children[row] = typing  # as it is being changed, not twice
        except InvalidConference:
            pass
        return children

    def _children_changed(self) -> None:
        self.invitees.fields.set_children([c for c in self.children_rows.things() if isinstance(c, Child)])
        self.details.refresh_due()

    def _type_chosen(self) -> None:
        kind = self.details.kind()
        self.hint.setText(
            {
                "initial": "Add every child in the household, and the people invited. Police are always invited to "
                "an initial conference.",
                "pre-birth": "Add the unborn baby with the expected delivery date (date of birth empty), and any "
                "other children in the household. Invite midwifery.",
                "transfer-in": "Add every child in the household. Invite the council the family moved from.",
                "review": "The children and invitees of the last conference are here to check and change.",
            }[kind]
        )

    def _take_in_typing(self) -> list[str]:
        """A child or invitee typed and not yet added goes in now, so nothing typed is lost; what cannot be added
        is named."""
        problems = []
        for rows in (self.children_rows, self.invitees):
            if rows.fields.has_typing() and not rows.add_row():
                problems.append(f"The {rows.what} being typed: {rows.message.text()}")
        return problems

    def build(self) -> Conference:
        """The conference the form holds, checked whole; :class:`InvalidConference` with every problem."""
        problems = self._take_in_typing()
        try:
            details = self.details.values(self.start.previous_conference.id if self._review_start() else None)
        except InvalidConference as error:
            raise InvalidConference(problems + error.problems) from None
        if problems:
            raise InvalidConference(problems)
        children = [c for c in self.children_rows.things() if isinstance(c, Child)]
        invitees = [copy.deepcopy(p) for p in self.invitees.things() if isinstance(p, Participant)]
        known = {c.id for c in children}
        for person in invitees:  # a child taken off the list is no longer known to anyone
            person.contact_with = [ident for ident in person.contact_with if ident in known]
        return new_conference(
            details.pop("type"),  # type: ignore[arg-type]
            details.pop("date"),  # type: ignore[arg-type]
            details.pop("family_name"),  # type: ignore[arg-type]
            children,
            invitees,
            start=self.start,
            **details,  # type: ignore[arg-type]
        )

    def _review_start(self) -> bool:
        return bool(self.start and self.start.previous_conference and self.details.kind() == "review")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and control:
            self.accept()  # Ctrl+Enter makes the conference from wherever the cursor is
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # plain Enter adds a row where there is one, and never closes the form
            return
        super().keyPressEvent(event)

    def _make(self) -> bool:
        """The conference made from the form (its draft goes); False, and what is missing said, when not yet."""
        try:
            self.conference = self.build()
        except InvalidConference as error:
            self.problems.setText("Not made yet: " + " ".join(error.problems))
            self.problems.show()
            for field in (self.details.date, self.details.trigger, self.details.previous_date):
                field.judge()
            return False
        self.form.done()
        self.kept.write()
        return True

    def accept(self) -> None:
        if self._make():
            super().accept()

    def reject(self) -> None:
        """Cancel, Escape or the window closed: what is typed is made, kept typing, or dropped by the chair's
        choice (gui.kept_form); it is kept on disk until then, and comes back when the form is opened again."""
        if self.isVisible() and self.ask_before_closing:
            if not self.form.leave(ask_first=True, save_words="&Create the conference"):
                return
            if self.conference is not None:
                super().accept()
                return
        self.kept.write()
        super().reject()


def _rows_field(rows: _Rows, kind: type) -> Field:
    """A list of children or invitees as a field of the form's draft (each row as the conference file has it)."""

    def put_back(value: object) -> None:
        rows.list.setRowCount(0)
        for data in value if isinstance(value, list) else []:
            rows.put_row(conference_file._decode_object(kind, data))
        rows.rows_changed.emit()

    return lambda: [conference_file._encode(thing) for thing in rows.things()], put_back


def ask_new_conference(parent: QWidget | None, start: Conference | None = None) -> Conference | None:
    """Open the new-conference form (modal) over ``parent``, pre-filled from ``start``; the conference made (not
    yet stored: give it to the store), or None when the chair closed the form."""
    form = ConferenceForm(parent, start)
    try:
        return form.conference if form.exec() == QDialog.DialogCode.Accepted else None
    finally:
        form.deleteLater()
