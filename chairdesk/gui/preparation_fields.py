"""The fields a chair fills in to prepare a conference, shared by the new-conference form and the preparation
window: the conference's details with its due date shown live, one child, one invitee.

Dates are typed as the chair types them (chairdesk.preparation.parse_date); a date that does not exist is said
in a sentence beside its field as soon as the chair leaves it, never a traceback. Each ``values``/``child``/
``invitee`` method gives what is filled in, or raises :class:`InvalidConference` with every problem in words.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from chairdesk.errors import InvalidConference
from chairdesk.model import (
    CONFERENCE_TYPES,
    REGIONS,
    ROLE_NAMES,
    ROLES,
    Child,
    Conference,
    Family,
    Participant,
    PreviousConference,
    Report,
)
from chairdesk.preparation import (
    REGION_NAMES,
    TRIGGER_NAMES,
    TYPE_NAMES,
    child_nhs_number_problem,
    parse_date,
    parse_time,
)
from chairdesk.timescales import due_dates, long_date

DATE_HINT = "dd/mm/yyyy"
# A placeholder is a hint, never something that could pass for a value typed in (grey "10:00" looks filled in).
TIME_HINT = "e.g. 10:00"
NHS_HINT = "e.g. 943 476 5919"
PROBLEM_STYLE = "color: #b00020;"


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class DateField(QWidget):
    """A date box with its sentence beside it: ``03/02/2027`` or ``2027-02-03``, empty for none."""

    changed = Signal()

    def __init__(self, what: str, accessible: str) -> None:
        super().__init__()
        self.what = what
        self.box = QLineEdit(placeholderText=DATE_HINT)
        self.box.setAccessibleName(accessible)
        self.box.setMaximumWidth(150)
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet(PROBLEM_STYLE)
        self.message.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box)
        row.addWidget(self.message, 1)
        row.addStretch(0)  # the box stays at the left, beside its label, when there is nothing to say
        self.box.textChanged.connect(self._typed)
        self.box.editingFinished.connect(self.judge)

    def _typed(self) -> None:
        if self.message.isVisible():
            self.judge()  # the sentence goes as soon as the date is right
        self.changed.emit()

    def judge(self) -> bool:
        """Say beside the box what is wrong with the date; True when it is a date or empty."""
        try:
            parse_date(self.box.text(), self.what)
        except InvalidConference as error:
            self.message.setText(str(error))
            self.message.show()
            return False
        self.message.hide()
        return True

    def date(self) -> dt.date | None:
        """The date typed, None when empty; :class:`InvalidConference` when it is not a date."""
        return parse_date(self.box.text(), self.what)

    def quiet_date(self) -> dt.date | None:
        try:
            return self.date()
        except InvalidConference:
            return None

    def set_date(self, day: dt.date | None) -> None:
        self.box.setText(day.strftime("%d/%m/%Y") if day else "")
        self.message.hide()


def _tab_order(*widgets: QWidget) -> None:
    """Tab goes from each to the next, as the chair fills the form in."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)


def _collect(*getters: Callable[[], object]) -> tuple[list[object], list[str]]:
    """Each getter's value, and every problem raised, in order."""
    values, problems = [], []
    for get in getters:
        try:
            values.append(get())
        except InvalidConference as error:
            values.append(None)
            problems += error.problems
    return values, problems


class DetailsFields(QWidget):
    """Type, date, time, place, region, the trigger or the previous conference, the family's name, and the due
    date with its rule, worked out as the dates are typed (chairdesk.timescales)."""

    changed = Signal()

    def __init__(self, children: Callable[[], list[Child]] = list) -> None:
        super().__init__()
        self.children = children
        self.type = QComboBox(accessibleName="Type of conference")
        for kind in CONFERENCE_TYPES:
            self.type.addItem(TYPE_NAMES[kind].capitalize(), kind)
        self.date = DateField("The conference date", "Date of the conference")
        self.time = QLineEdit(placeholderText=TIME_HINT, accessibleName="Start time")
        self.time.setMaximumWidth(100)
        self.place = QLineEdit(accessibleName="Place", maxLength=300)
        self.region = QComboBox(accessibleName="Region's bank holidays")
        for region in REGIONS:
            self.region.addItem(REGION_NAMES[region], region)
        self.trigger = DateField("The date of the strategy discussion", "Date of the strategy discussion")
        self.previous_type = QComboBox(accessibleName="Type of the previous conference")
        for kind in CONFERENCE_TYPES:
            self.previous_type.addItem(TYPE_NAMES[kind].capitalize(), kind)
        self.previous_date = DateField("The previous conference's date", "Date of the previous conference")
        self.family = QLineEdit(accessibleName="Family name", maxLength=200)
        self.language = QLineEdit(accessibleName="Language of the conference", maxLength=100, placeholderText="English")
        self.language.setToolTip(
            "The language the conference is held and recorded in. The summary and the record use your council's "
            "templates for it, if it has them (each letter is in its reader's language)."
        )
        self.due = QLabel(wordWrap=True, accessibleName="When the conference is due")
        self.due.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QGridLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.trigger_label = _label("&Strategy discussion on", self.trigger.box)
        self.previous_label = _label("Pre&vious conference", self.previous_type)
        when = QHBoxLayout()
        when.addWidget(self.date, 1)
        when.addWidget(_label("Ti&me", self.time))
        when.addWidget(self.time)
        previous = QHBoxLayout()
        previous.addWidget(self.previous_type)
        previous.addWidget(_label("on", self.previous_date.box))
        previous.addWidget(self.previous_date, 1)
        self.previous_row = QWidget()
        self.previous_row.setLayout(previous)
        previous.setContentsMargins(0, 0, 0, 0)
        rows = [
            (_label("&Type", self.type), self.type, _label("&Family name", self.family), self.family),
            (_label("&Date", self.date.box), when, _label("P&lace", self.place), self.place),
            (self.trigger_label, self.trigger, _label("Region's ban&k holidays", self.region), self.region),
            (self.previous_label, self.previous_row, _label("Held and &written in", self.language), self.language),
        ]
        for row, cells in enumerate(rows):
            for column, cell in enumerate(cells):
                if isinstance(cell, QWidget):
                    form.addWidget(cell, row, column)
                elif cell is not None:
                    form.addLayout(cell, row, column)
        form.addWidget(self.due, len(rows), 0, 1, 4)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)

        self.type.currentIndexChanged.connect(self._type_chosen)
        for field in (self.date, self.trigger, self.previous_date):
            field.changed.connect(self.refresh_due)
        for combo in (self.type, self.region, self.previous_type):
            combo.currentIndexChanged.connect(self.refresh_due)
        for box in (self.time, self.place, self.family, self.language):
            box.textChanged.connect(self.changed)
        self._type_chosen()

    def set_tab_order(self) -> None:
        """Tab in the order a chair fills the details in (once the fields are in their window)."""
        _tab_order(
            self.type,
            self.date.box,
            self.time,
            self.place,
            self.family,
            self.trigger.box,
            self.previous_type,
            self.previous_date.box,
            self.region,
            self.language,
        )

    def kind(self) -> str:
        return str(self.type.currentData())

    def _type_chosen(self) -> None:
        """Only what the type needs: the trigger's date for an initial or transfer-in, the previous conference for
        a review."""
        kind = self.kind()
        trigger = TRIGGER_NAMES[kind]
        self.trigger.setVisible(trigger is not None)
        self.trigger_label.setVisible(trigger is not None)
        if trigger:
            words = "&Strategy discussion on" if kind == "initial" else "Notified of the mo&ve on"
            self.trigger_label.setText(words)
            self.trigger.what = f"The date of {trigger}"
            self.trigger.box.setAccessibleName(f"Date of {trigger}")
        self.previous_label.setVisible(kind == "review")
        self.previous_row.setVisible(kind == "review")
        self.refresh_due()

    def show_conference(self, c: Conference) -> None:
        self.type.setCurrentIndex(max(self.type.findData(c.type), 0))
        self.date.set_date(c.date)
        self.time.setText(c.start_time.strftime("%H:%M") if c.start_time else "")
        self.place.setText(c.location)
        self.region.setCurrentIndex(max(self.region.findData(c.region), 0))
        self.trigger.set_date(c.trigger_date)
        previous = c.previous_conference
        self.previous_type.setCurrentIndex(max(self.previous_type.findData(previous.type if previous else ""), 0))
        self.previous_date.set_date(previous.date if previous else None)
        self.family.setText(c.family.name)
        self.language.setText(c.language)
        self._type_chosen()

    def values(self, previous_id: str | None = None) -> dict[str, object]:
        """The details as :func:`chairdesk.preparation.new_conference` takes them; every problem raised at once."""
        kind = self.kind()
        (day, start, trigger, previous_day), problems = _collect(
            self.date.date,
            lambda: parse_time(self.time.text()),
            self.trigger.date,
            self.previous_date.date,
        )
        if day is None and not problems[:1]:
            problems.insert(0, "Type the date of the conference.")
        if problems:
            raise InvalidConference(problems)
        previous = None
        if kind == "review" and previous_day is not None:
            previous = PreviousConference(str(self.previous_type.currentData()), previous_day, previous_id)
        return {
            "type": kind,
            "date": day,
            "start_time": start,
            "location": self.place.text(),
            "region": str(self.region.currentData()),
            "trigger_date": trigger,
            "previous": previous,
            "family_name": self.family.text(),
            "language": self.language.text(),
        }

    def refresh_due(self) -> None:
        """The conference's due date and its rule, from what is typed so far."""
        kind = self.kind()
        day = self.date.quiet_date()
        previous_day = self.previous_date.quiet_date()
        trial = Conference(
            kind,
            day or dt.date.today(),
            Family(self.family.text() or "-"),
            self.children(),
            [],
            region=str(self.region.currentData()),
            trigger_date=self.trigger.quiet_date(),
            previous_conference=PreviousConference(str(self.previous_type.currentData()), previous_day)
            if kind == "review" and previous_day
            else None,
        )
        due = due_dates(trial)["conference_due"]
        if due.date is None:
            needs = {
                "initial": "the strategy discussion's date",
                "transfer-in": "the date the move was notified",
                "pre-birth": "an unborn child with an expected delivery date",
                "review": "the previous conference's date",
            }[kind]
            text = f"Due date: give {needs} to see when this conference is due."
        else:
            text = f"<b>Due by {long_date(due.date)}</b> — {due.rule}."
            if day is not None and day > due.date:
                text += " <b>This date is after it: the conference would be late; record the reasons.</b>"
        self.due.setText(text)
        self.changed.emit()


class _EnterAdds(QWidget):
    """Enter in any of its boxes asks for the row to be added (``submitted``)."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        plain = not event.modifiers() & Qt.KeyboardModifier.ControlModifier  # Ctrl+Enter is the window's
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self.submitted.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ChildFields(_EnterAdds):
    """One child: name, date of birth or expected delivery date, NHS number, the consistent child identifier,
    and whether the child is a subject of the conference."""

    def __init__(self, compact: bool = True) -> None:
        super().__init__()
        self.name = QLineEdit(accessibleName="Child's name", maxLength=200)
        self.born = DateField("The date of birth", "Child's date of birth")
        self.expected = DateField("The expected delivery date", "Expected delivery date, for an unborn child")
        self.nhs = QLineEdit(maxLength=40)
        self.nhs_message = QLabel(wordWrap=True)  # what is wrong with the NHS number, beside (under) its box
        self.nhs_message.setStyleSheet(PROBLEM_STYLE)
        self.nhs_message.hide()
        self.identifier = QLineEdit(accessibleName="Consistent child identifier", maxLength=100)
        self.subject = QCheckBox("Sub&ject of the conference", checked=True)
        self.nhs_label = _label("NHS n&umber", self.nhs)
        labels = (
            _label("C&hild's name", self.name),
            _label("Date of &birth", self.born.box),
            _label("or e&xpected delivery", self.expected.box),
            self.nhs_label,
            _label("Identifier", self.identifier),
        )
        fields = (self.name, self.born, self.expected, self.nhs, self.identifier)
        layout = QGridLayout(self) if compact else QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for column, (label, field) in enumerate(zip(labels, fields, strict=True)):
            if isinstance(layout, QGridLayout):
                layout.addWidget(label, 0, column)
                layout.addWidget(field, 1, column)
            else:
                layout.addRow(label, field)
        if isinstance(layout, QGridLayout):
            layout.addWidget(self.subject, 1, len(fields))
            layout.addWidget(self.nhs_message, 2, 3, 1, len(fields) - 2)
        else:
            layout.insertRow(4, "", self.nhs_message)  # under the NHS number's row
            layout.addRow("", self.subject)
        self.identifier.setToolTip(self.identifier.accessibleName())
        self.nhs.textChanged.connect(self._nhs_typed)
        self.nhs.editingFinished.connect(self.judge_nhs)
        for field in (self.born, self.expected):
            field.changed.connect(self._whose_nhs)
        self.name.textChanged.connect(self._nhs_typed)  # the sentence names the child
        self._whose_nhs()

    def set_tab_order(self) -> None:
        _tab_order(self.name, self.born.box, self.expected.box, self.nhs, self.identifier, self.subject)

    def focus_first(self) -> None:
        self.name.setFocus()

    def has_typing(self) -> bool:
        return any(b.text().strip() for b in (self.name, self.born.box, self.expected.box, self.nhs, self.identifier))

    def _unborn(self) -> bool:
        return bool(self.expected.box.text().strip()) and not self.born.box.text().strip()

    def _whose_nhs(self) -> None:
        """For an unborn child the NHS number is the mother's (the NHS child protection information sharing
        service needs hers until the baby is born): the label and the hint say so."""
        if self._unborn():
            self.nhs_label.setText("Mother's NHS n&umber")
            self.nhs.setAccessibleName("The mother's NHS number (the child is unborn)")
            self.nhs.setPlaceholderText(f"the mother's, {NHS_HINT}")
        else:
            self.nhs_label.setText("NHS n&umber")
            self.nhs.setAccessibleName("NHS number (for an unborn child, the mother's)")
            self.nhs.setPlaceholderText(NHS_HINT)
        self.nhs.setToolTip(self.nhs.accessibleName())
        self._nhs_typed()

    def _nhs_typed(self) -> None:
        if not self.nhs_message.isHidden():
            self.judge_nhs()  # the sentence goes (or follows the change) as soon as it is typed right

    def nhs_problem(self) -> str | None:
        """What is wrong with the NHS number typed (its digits or its check digit), None when nothing is."""
        unborn = self._unborn()
        trial = Child("", self.name.text(), None, dt.date.today() if unborn else None, nhs_number=self.nhs.text())
        return child_nhs_number_problem(trial)

    def judge_nhs(self) -> bool:
        """Say beside the box what is wrong with the NHS number; True when it is one or is empty."""
        problem = self.nhs_problem()
        self.nhs_message.setText(problem or "")
        self.nhs_message.setVisible(problem is not None)
        return problem is None

    def child(self, existing: Child | None = None) -> Child:
        """The child as filled in (``existing`` kept for what is not shown: its id, participation...)."""
        (born, expected), problems = _collect(self.born.date, self.expected.date)
        if not self.name.text().strip():
            problems.insert(0, "Type the child's name first (for an unborn child, e.g. “Baby Harper”).")
        if not self.judge_nhs():
            problems.append(self.nhs_message.text())
        if problems:
            raise InvalidConference(problems)
        child = copy.deepcopy(existing) if existing else Child("", "")
        child.name, child.date_of_birth, child.expected_delivery_date = self.name.text().strip(), born, expected
        child.nhs_number, child.child_identifier = self.nhs.text().strip(), self.identifier.text().strip()
        child.subject = self.subject.isChecked()
        return child

    def show_child(self, child: Child | None) -> None:
        self.name.setText(child.name if child else "")
        self.born.set_date(child.date_of_birth if child else None)
        self.expected.set_date(child.expected_delivery_date if child else None)
        self.nhs.setText(child.nhs_number if child else "")
        self.identifier.setText(child.child_identifier if child else "")
        self.subject.setChecked(child.subject if child else True)
        self.nhs_message.hide()


def role_choices(combo: QComboBox) -> None:
    """The roles in plain words (the chair too: the record names and signs for them)."""
    for role in ROLES:
        combo.addItem(ROLE_NAMES[role], role)


class InviteeFields(_EnterAdds):
    """One invitee: name, role, agency, e-mail and phone, the children they know, and (``full``) their language
    and needs, an observer's consent, their address and whether it is withheld (kept from anyone who may not
    know it, e.g. a parent's new address from an ex-partner), and their report: expected, received, shared with
    the family."""

    knows_changed = Signal()  # a child they know ticked or not

    def __init__(self, full: bool = False) -> None:
        super().__init__()
        self.full = full
        self.name = QLineEdit(accessibleName="Invitee's name", maxLength=200)
        self.role = QComboBox(accessibleName="Role")
        role_choices(self.role)
        self.role.setCurrentIndex(self.role.findData("social-worker"))
        self.agency = QLineEdit(accessibleName="Agency")
        self.email = QLineEdit(accessibleName="E-mail", maxLength=320)
        self.phone = QLineEdit(accessibleName="Phone", maxLength=100)
        self.knows_row = QHBoxLayout()
        self.knows: dict[str, QCheckBox] = {}
        knows = QWidget()
        knows.setLayout(self.knows_row)
        self.knows_row.setContentsMargins(0, 0, 0, 0)
        self.language = QLineEdit(accessibleName="Language (empty: English)", maxLength=200)
        self.interpreter = QCheckBox("Nee&ds an interpreter")
        self.translation = QCheckBox("Needs documents &translated")
        self.consent = QCheckBox("Observer: consent given")
        self.address = QLineEdit(accessibleName="Address", maxLength=500)
        self.address_withheld = QCheckBox("Address withheld (not to be shown to those who may not know it)")
        self.address_withheld.setAccessibleName("Address withheld")
        self.report = QCheckBox("Report e&xpected")
        self.received = DateField("The date the report was received", "Report received on")
        self.shared = DateField("The date the report was shared with the family", "Report shared with the family on")
        self.role.currentIndexChanged.connect(self._role_chosen)
        for field in (self.received, self.shared):
            field.changed.connect(self._report_dated)

        if full:
            layout = QFormLayout(self)
            layout.addRow(_label("&Name", self.name), self.name)
            layout.addRow(_label("R&ole", self.role), self.role)
            layout.addRow(_label("A&gency", self.agency), self.agency)
            layout.addRow(_label("&E-mail", self.email), self.email)
            layout.addRow(_label("&Phone", self.phone), self.phone)
            layout.addRow("Knows", knows)
            layout.addRow(_label("&Language", self.language), self.language)
            layout.addRow("Needs", self.interpreter)
            layout.addRow("", self.translation)
            layout.addRow("", self.consent)
            layout.addRow(_label("&Home address", self.address), self.address)
            layout.addRow("", self.address_withheld)
            layout.addRow("", self.report)
            layout.addRow(_label("Recei&ved on", self.received.box), self.received)
            layout.addRow(_label("Shared with the &family on", self.shared.box), self.shared)
            self.language.setPlaceholderText("empty for English; e.g. Polish, Welsh, BSL")
        else:
            layout = QGridLayout(self)
            labels = ("&Name", "R&ole", "A&gency", "&E-mail", "&Phone")
            for column, (text, field) in enumerate(
                zip(labels, (self.name, self.role, self.agency, self.email, self.phone), strict=True)
            ):
                layout.addWidget(_label(text, field), 0, column)
                layout.addWidget(field, 1, column)
            layout.addWidget(QLabel("Knows"), 0, 5)
            layout.addWidget(knows, 1, 5)
        layout.setContentsMargins(0, 0, 0, 0)

    def set_tab_order(self) -> None:
        after = [self.language, self.interpreter, self.translation, self.consent] if self.full else []
        after += [self.address, self.address_withheld, self.report] if self.full else []
        after += [self.received.box, self.shared.box] if self.full else []
        _tab_order(self.name, self.role, self.agency, self.email, self.phone, *self.knows.values(), *after)

    def focus_first(self) -> None:
        self.name.setFocus()

    def _role_chosen(self) -> None:
        from chairdesk.model import is_family_side

        family = is_family_side(str(self.role.currentData()))
        self.agency.setEnabled(not family)  # the family and those with them have no agency
        self.consent.setEnabled(self.role.currentData() == "observer")

    def _report_dated(self) -> None:
        """A report received (or shared) was surely expected: a date typed for it ticks "Report expected"."""
        if self.received.box.text().strip() or self.shared.box.text().strip():
            self.report.setChecked(True)

    def set_children(self, children: list[Child]) -> None:
        """The children an invitee may know: one box each, ticked ones kept."""
        ticked = {ident for ident, box in self.knows.items() if box.isChecked()}
        for box in self.knows.values():
            self.knows_row.removeWidget(box)
            box.hide()  # out of the Tab order at once (a hidden box is skipped)
            box.deleteLater()
        self.knows = {}
        for child in children:
            box = QCheckBox(child.name or "(no name yet)", checked=child.id in ticked)
            box.setAccessibleName(f"Knows {child.name}")
            box.toggled.connect(self.knows_changed)
            self.knows[child.id] = box
            self.knows_row.addWidget(box)
            box.show()  # at once, so Tab reaches it (a layout would show it only later)
        self.set_tab_order()  # the children's boxes after the phone, before what follows it

    def has_typing(self) -> bool:
        return any(b.text().strip() for b in (self.name, self.agency, self.email, self.phone))

    def invitee(self, existing: Participant | None = None) -> Participant:
        """The invitee as filled in (``existing`` kept for what is not shown: their id, register, address...)."""
        (received, shared), problems = _collect(self.received.date, self.shared.date)
        if not self.name.text().strip():
            problems.insert(0, "Type the invitee's name first.")
        dated = self.received.box.text().strip() or self.shared.box.text().strip()
        if self.full and dated and not self.report.isChecked():  # never dropped: the chair says which is right
            problems.append(
                f"{self.name.text().strip() or 'The invitee'}'s report has a date (received or shared with the "
                "family) but “Report expected” is not ticked: tick it, or clear the dates."
            )
        if problems:
            raise InvalidConference(problems)
        person = copy.deepcopy(existing) if existing else Participant("", "", "")
        person.name, person.role = self.name.text().strip(), str(self.role.currentData())
        person.agency, person.email, person.phone = self.agency.text(), self.email.text(), self.phone.text()
        person.contact_with = [ident for ident, box in self.knows.items() if box.isChecked()]
        if self.full:
            person.language = self.language.text().strip()
            person.needs_interpreter = self.interpreter.isChecked()
            person.needs_translation = self.translation.isChecked()
            person.consent = self.consent.isChecked() and person.role == "observer"
            person.address = self.address.text().strip()
            person.address_withheld = self.address_withheld.isChecked()
            report = person.report or Report()
            report.received, report.shared_with_family = received, shared
            person.report = report if self.report.isChecked() else None
        return person

    def show_invitee(self, person: Participant | None) -> None:
        self.name.setText(person.name if person else "")
        role = person.role if person else "social-worker"
        self.role.setCurrentIndex(max(self.role.findData(role), 0))
        self.agency.setText(person.agency if person else "")
        self.email.setText(person.email if person else "")
        self.phone.setText(person.phone if person else "")
        for ident, box in self.knows.items():
            box.setChecked(bool(person) and ident in person.contact_with)
        self.language.setText(person.language if person else "")
        self.interpreter.setChecked(bool(person and person.needs_interpreter))
        self.translation.setChecked(bool(person and person.needs_translation))
        self.consent.setChecked(bool(person and person.consent))
        self.address.setText(person.address if person else "")
        self.address_withheld.setChecked(bool(person and person.address_withheld))
        report = person.report if person else None
        self.report.setChecked(report is not None)
        self.received.set_date(report.received if report else None)
        self.shared.set_date(report.shared_with_family if report else None)
        self._role_chosen()
