"""The preparation window's Requests tab: requests to exclude a family member, a parent's written views, a
request to record the meeting, and the reasons the conference is late (shown only when it is) (RULES.md §2–3).

Each part is a table of what is recorded and a form beneath it: choose a row to change it, "New" to start a new
one, Save (Ctrl+S) keeps it through the meeting (one undo step, checked first: a plain sentence under the form
when something is wrong, nothing changed). The request to record reuses the console's dialog
(gui/recording_request.py) with the date the parent asked. Keyboard first: Alt+letters, Tab, Delete removes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chairdesk import attachments
from chairdesk.before_the_day import BeforeTheDay
from chairdesk.changes import Part
from chairdesk.errors import InvalidConference
from chairdesk.gui.background import Background, Failure
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.kept_form import KeptForm, in_conference, stored_drafts
from chairdesk.gui.opening import keep_a_copy, open_attachment
from chairdesk.gui.page_tools import choose_again, on_keys
from chairdesk.gui.recording_request import RecordingRequestDialog
from chairdesk.gui.text_guard import TextBox
from chairdesk.model import EXCLUSION_GROUNDS, Attachment, Conference, is_family_side
from chairdesk.preparation import parse_date
from chairdesk.words import capitalise, exclusion_ground

DATE_HINT = "dd/mm/yyyy"

# The grounds in a few words, for the requests' table (the full words are in its tooltip and the ground's list).
GROUND_WORDS = {
    1: "the child's welfare",
    2: "would interfere seriously",
    3: "the child asks",
    4: "violence or intimidation",
    5: "confidential information",
    6: "family conflict",
}


def _day(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _name(conference: Conference, participant_id: str) -> str:
    person = conference.participant(participant_id)
    return person.name if person else participant_id


def _table(columns: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setMaximumHeight(130)
    return table


def _ground_cell(ground: int | None) -> tuple[str, str]:
    """The ground in a few words, and in full for its tooltip."""
    if ground is None:
        return "", ""
    words = exclusion_ground(ground)  # "ground 6: conflict between family members who cannot attend together"
    full = capitalise(words)
    short = GROUND_WORDS.get(ground)
    return (f"{ground}. {capitalise(short)}" if short else full), full


def _fill(table: QTableWidget, rows: list[list[str | tuple[str, str]]]) -> None:
    """The rows' cells: a text, or a text and its tooltip (else the tooltip is the text, for a narrow column)."""
    current = table.currentRow()
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            text, tip = cell if isinstance(cell, tuple) else (cell, cell)
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            table.setItem(r, c, item)
    if current >= len(rows):
        table.clearSelection()


def _family_combo(conference: Conference, name: str) -> QComboBox:
    combo = QComboBox(accessibleName=name)
    for person in conference.participants:
        if is_family_side(person.role):
            combo.addItem(f"{person.name} ({person.role_name})", person.id)
    return combo


def _problem_label() -> QLabel:
    label = QLabel(wordWrap=True)
    label.setStyleSheet("color: #b00020")
    return label


class _TableAndForm(QWidget):
    """A table of what was recorded before the day and a form for one of them, whose unsaved typing is kept
    (gui.kept_form): the moves the exclusion requests and the written views share. A part gives ``recorded`` (the
    list in the conference), ``show_row`` and ``_empty``."""

    table: QTableWidget
    form: KeptForm
    index: int | None

    def recorded(self) -> list[Any]:
        raise NotImplementedError

    def show_row(self, row: int) -> None:
        raise NotImplementedError

    def _empty(self) -> None:
        raise NotImplementedError

    def save(self) -> bool:
        raise NotImplementedError

    def remove(self) -> None:
        raise NotImplementedError

    def _buttons_under(self, layout: QVBoxLayout, new_words: str, save_words: str) -> None:
        """New, Save (Ctrl+S too) and Remove under the form, then the line that says what was refused."""
        buttons = QHBoxLayout()
        self.new_button = QPushButton(new_words)
        self.save_button = QPushButton(save_words)
        self.save_button.setToolTip("Save it (Ctrl+S)")
        self.remove_button = QPushButton("Re&move")
        for button, slot in (
            (self.new_button, self.new),
            (self.save_button, self.save),
            (self.remove_button, self.remove),
        ):
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        QShortcut(
            QKeySequence.StandardKey.Save,
            self,
            activated=self.save,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.problem = _problem_label()
        layout.addWidget(self.problem)
        layout.addStretch(1)

    def _forget_if_gone(self) -> None:
        if self.index is not None and self.index >= len(self.recorded()):
            self.index = None  # gone (an undo): what is typed in the form stays, to be saved as a new one
            if not self.form.dirty():
                self._blank()

    def _go(self, row: int, before: int) -> None:
        """Another row chosen: the form's unsaved typing is saved or the chair is asked (gui.kept_form)."""
        if row != before and not self.form.leave():
            choose_again(self.table, before)
            return
        choose_again(self.table, row)  # a save may have chosen the row it saved
        self.show_row(row)

    def take_back(self, drafts: dict[str, str]) -> bool:
        def show_row(row: str | None) -> None:
            place = int(row) if row and row.isdigit() else -1
            if 0 <= place < len(self.recorded()):
                choose_again(self.table, place)
                self.show_row(place)
            else:
                choose_again(self.table, -1)
                self._blank()

        return self.form.take_back(drafts, show_row)

    def new(self) -> None:
        """An empty form for a new one (what is typed in the form is saved first, or the chair asked)."""
        if self.form.leave():
            choose_again(self.table, -1)
            self._blank()

    def _blank(self) -> None:
        self.form.load(None, self._empty)


class ExclusionRequests(_TableAndForm):
    """Requests to exclude a family member: who, who asked, the ground, the evidence, the date received, the
    chair's decision, which part of the meeting and how the parent will be heard."""

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.commands = BeforeTheDay(controller.meeting)
        self.index: int | None = None  # the request in the form; None: a new one
        layout = QVBoxLayout(self)
        self.table = _table(("About", "Asked by", "Ground", "Received", "Decision"), "Exclusion requests")
        self.table.currentCellChanged.connect(lambda row, _column, before, _c: self._go(row, before))
        on_keys(self.table, [(QKeySequence.StandardKey.Delete, self.remove)])
        layout.addWidget(self.table)
        form = QFormLayout()
        self.about = _family_combo(controller.conference, "Who the request is about")
        self.requested_by = QComboBox(editable=True, accessibleName="Who asked")
        for person in controller.conference.participants:
            self.requested_by.addItem(f"{person.name} ({person.role_name})")
        self.requested_by.setCurrentIndex(-1)
        self.ground = QComboBox(accessibleName="The ground")
        self.ground.addItem("Not chosen yet", None)
        for number, words in EXCLUSION_GROUNDS.items():
            self.ground.addItem(f"{number}. {capitalise(words)}", number)
        self.evidence = TextBox(accessibleName="The evidence", tabChangesFocus=True)
        self.evidence.setMaximumHeight(52)
        self.received = QLineEdit(accessibleName="Date received", placeholderText=DATE_HINT)
        self.decision = QComboBox(accessibleName="The chair's decision")
        for text, value in (("Not decided yet", None), ("Agreed", "agreed"), ("Refused", "refused")):
            self.decision.addItem(text, value)
        self.decided_on = QLineEdit(accessibleName="Date decided", placeholderText=f"{DATE_HINT} (today if empty)")
        self.which_part = QLineEdit(accessibleName="Which part of the meeting, and for how long")
        self.which_part.setPlaceholderText("The minimum necessary: e.g. the first half, while the police speak")
        self.how_heard = TextBox(accessibleName="How the parent's views will be heard", tabChangesFocus=True)
        self.how_heard.setMaximumHeight(44)
        dates = QHBoxLayout()
        dates.addWidget(self.received)
        decision_label = QLabel("Decisi&on")
        decision_label.setBuddy(self.decision)
        dates.addWidget(decision_label)
        dates.addWidget(self.decision)
        dates.addWidget(QLabel("on"))
        dates.addWidget(self.decided_on)
        form.addRow("A&bout", self.about)
        form.addRow("Asked b&y", self.requested_by)
        form.addRow("&Ground", self.ground)
        form.addRow("&Evidence", self.evidence)
        received_label = QLabel("Da&te received")
        received_label.setBuddy(self.received)
        form.addRow(received_label, dates)
        form.addRow("Which p&art", self.which_part)
        form.addRow("&How heard", self.how_heard)
        layout.addLayout(form)
        self._buttons_under(layout, "&New request", "&Save request")
        self.form = KeptForm(
            self,
            "exclusion-request",
            "The exclusion request",
            {
                **{"about": self.about, "requested_by": self.requested_by, "ground": self.ground},
                **{"evidence": self.evidence, "received": self.received, "decision": self.decision},
                **{"decided_on": self.decided_on, "which_part": self.which_part, "how_heard": self.how_heard},
            },
            in_conference(controller),
            self.save,
            self.problem.text,
        )
        controller.changed.connect(lambda change: change.touches(Part.ATTENDANCE) and self.refresh())
        self.refresh()
        self._blank()

    def refresh(self) -> None:
        conference = self.controller.conference
        _fill(
            self.table,
            [
                [
                    _name(conference, r.about),
                    r.requested_by,
                    _ground_cell(r.ground),
                    _day(r.received),
                    f"{r.decision} {_day(r.decided_on)}".strip() if r.decision else "not decided",
                ]
                for r in conference.exclusion_requests
            ],
        )
        self._forget_if_gone()

    def recorded(self) -> list[Any]:
        return self.controller.conference.exclusion_requests

    def show_row(self, row: int) -> None:
        self.show_request(row)

    def _empty(self) -> None:
        self.index = None
        self.table.clearSelection()
        self.requested_by.setCurrentText("")
        self.ground.setCurrentIndex(0)
        self.evidence.setPlainText("")
        self.received.clear()
        self.decision.setCurrentIndex(0)
        self.decided_on.clear()
        self.which_part.clear()
        self.how_heard.setPlainText("")
        self.problem.clear()

    def show_request(self, row: int) -> None:
        requests = self.controller.conference.exclusion_requests
        if not 0 <= row < len(requests):
            return
        self.form.load(str(row), lambda: self._show(row))

    def _show(self, row: int) -> None:
        r = self.controller.conference.exclusion_requests[row]
        self.index = row
        self.about.setCurrentIndex(max(self.about.findData(r.about), 0))
        self.requested_by.setCurrentText(r.requested_by)
        self.ground.setCurrentIndex(max(self.ground.findData(r.ground), 0))
        self.evidence.setPlainText(r.evidence)
        self.received.setText(_day(r.received))
        self.decision.setCurrentIndex(max(self.decision.findData(r.decision), 0))
        self.decided_on.setText(_day(r.decided_on))
        self.which_part.setText(r.which_part)
        self.how_heard.setPlainText(r.how_heard)
        self.problem.clear()

    def save(self) -> bool:
        try:
            place = self.commands.save_exclusion_request(
                self.index,
                self.about.currentData(),
                requested_by=self.requested_by.currentText(),
                ground=self.ground.currentData(),
                evidence=self.evidence.toPlainText(),
                received=parse_date(self.received.text(), "The date received"),
                decision=self.decision.currentData(),
                decided_on=parse_date(self.decided_on.text(), "The date decided"),
                which_part=self.which_part.text(),
                how_heard=self.how_heard.toPlainText(),
            )
        except InvalidConference as error:
            self.problem.setText(capitalise(str(error)))
            return False
        self.form.done()
        choose_again(self.table, place)
        self.show_request(place)
        return True

    def remove(self) -> None:
        if self.index is None:
            return
        try:
            self.commands.remove_exclusion_request(self.index)
        except InvalidConference as error:
            self.problem.setText(capitalise(str(error)))
            return
        self.form.done()  # the chair's choice: what was typed for it goes with it
        self._blank()


LETTER_COPY = "chairdesk-copy-letter"  # the Background work copying a chosen letter
LETTER_WAIT = 10.0  # seconds a save waits for the letter still being copied


class WrittenViewsPart(_TableAndForm):
    """A parent's own written views: who, when received, their words typed in and/or their letter attached."""

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.commands = BeforeTheDay(controller.meeting)
        self.index: int | None = None
        self.chosen_file: str | None = None
        # The chosen letter copied off the GUI thread as soon as it is chosen (a letter on a slow share), and
        # recorded when the views are saved: the file it was copied from, and the copy. Deleted if never saved.
        self.letter_copy: tuple[str, Attachment] | None = None
        layout = QVBoxLayout(self)
        self.table = _table(("From", "Received", "Views", "Attached"), "Written views")
        self.table.currentCellChanged.connect(lambda row, _column, before, _c: self._go(row, before))
        on_keys(self.table, [(QKeySequence.StandardKey.Delete, self.remove)])
        layout.addWidget(self.table)
        form = QFormLayout()
        self.by = _family_combo(controller.conference, "Whose views")
        self.received = QLineEdit(accessibleName="Date received", placeholderText=DATE_HINT)
        self.text = TextBox(accessibleName="Their views, as they wrote them", tabChangesFocus=True)
        self.text.setMaximumHeight(90)
        attach_row = QHBoxLayout()
        self.attach_button = QPushButton("&Attach their letter…")
        self.attach_button.clicked.connect(lambda: self.choose())
        self.attached = QLabel("No letter attached")
        self.open_button = QPushButton("&Open")
        self.open_button.clicked.connect(self.open_attachment)
        self.work = Background(self)  # copying the letter chosen, and opening it (unsealed), off the GUI thread
        self.work.busy_changed.connect(lambda _doing: self._show_attached())
        attach_row.addWidget(self.attach_button)
        attach_row.addWidget(self.attached, 1)
        attach_row.addWidget(self.open_button)
        form.addRow("&From", self.by)
        form.addRow("Rec&eived", self.received)
        form.addRow("T&heir words", self.text)
        form.addRow("", attach_row)
        layout.addLayout(form)
        self._buttons_under(layout, "&New", "&Save views")
        self.form = KeptForm(
            self,
            "written-views",
            "The written views",
            {
                "by": self.by,
                "received": self.received,
                "text": self.text,
                "file": (lambda: self.chosen_file, self._put_back_file),
            },
            in_conference(controller),
            self.save,
            self.problem.text,
        )
        controller.changed.connect(lambda change: change.touches(Part.PREPARATION) and self.refresh())
        self.refresh()
        self._blank()

    def refresh(self) -> None:
        conference = self.controller.conference
        rows = []
        for views in conference.written_views:
            first = views.text.strip().splitlines()[0] if views.text.strip() else ""
            attached = views.attachment.title or views.attachment.original_name if views.attachment else ""
            rows.append([_name(conference, views.by), _day(views.received), first[:60], attached])
        _fill(self.table, rows)
        self._forget_if_gone()

    def recorded(self) -> list[Any]:
        return self.controller.conference.written_views

    def show_row(self, row: int) -> None:
        self.show_views(row)

    def _empty(self) -> None:
        self.index = None
        self._choose_file(None)
        self.table.clearSelection()
        self.received.clear()
        self.text.setPlainText("")
        self._show_attached()
        self.problem.clear()

    def _show_attached(self) -> None:
        held = self.controller.conference.written_views[self.index].attachment if self.index is not None else None
        if self.chosen_file and self.work.running(LETTER_COPY):
            self.attached.setText(f"Copying {Path(self.chosen_file).name}… (to attach when saved)")
        elif self.chosen_file:
            self.attached.setText(f"To attach when saved: {Path(self.chosen_file).name}")
        elif held is not None:
            self.attached.setText(f"Attached: {held.title or held.original_name} ({attachments.kind_words(held)})")
        else:
            self.attached.setText("No letter attached")
        self.work.allow(self.open_button, held is not None)  # and off while the letter is being opened

    def show_views(self, row: int) -> None:
        held = self.controller.conference.written_views
        if not 0 <= row < len(held):
            return
        self.form.load(str(row), lambda: self._show(row))

    def _show(self, row: int) -> None:
        views = self.controller.conference.written_views[row]
        self.index = row
        self._choose_file(None)
        self.by.setCurrentIndex(max(self.by.findData(views.by), 0))
        self.received.setText(_day(views.received))
        self.text.setPlainText(views.text)
        self._show_attached()
        self.problem.clear()

    def choose_file(self) -> str:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Attach the parent's letter", str(Path.home()), attachments.file_dialog_filter()
        )
        return chosen

    def choose(self, path: str | None = None) -> None:
        """Choose the file to attach: it is copied at once, off the GUI thread, and recorded when the views are
        saved."""
        chosen = path if path is not None else self.choose_file()
        if not chosen:
            return
        self._copy_letter(chosen)
        self.form.typed()

    def _put_back_file(self, chosen: object) -> None:
        """The letter a kept draft had chosen, put back: copied again now, off the GUI thread, as when chosen."""
        if chosen and str(chosen) != self.chosen_file:
            self._copy_letter(str(chosen))
        else:
            self._choose_file(chosen)

    def _copy_letter(self, chosen: str) -> None:
        before = self.chosen_file
        self._choose_file(chosen)
        try:
            to_keep = self.commands.letter_to_keep(chosen)
        except InvalidConference as error:
            self.problem.setText(capitalise(str(error)))
            return

        def copied(result: object) -> None:
            if isinstance(result, Failure):
                if self.chosen_file == chosen:  # not chosen again meanwhile
                    self._choose_file(None)
                    self.problem.setText(capitalise(result.sentence))
                return
            assert isinstance(result, Attachment)
            if self.chosen_file != chosen:  # another file chosen, or the form moved on, meanwhile
                attachments.discard(to_keep.conference_id, result)
                return
            self._discard_letter_copy()
            self.letter_copy = (chosen, result)

        self.problem.clear()
        started = keep_a_copy(
            self.work,
            LETTER_COPY,
            to_keep,
            copied,
            (self.attach_button,),
            f"Copying {Path(chosen).name}…",
            f"{Path(chosen).name} could not be copied because of an unexpected problem (the details are in the "
            "log). Choose it again.",
            "Nothing was copied. Choose it again when the folder answers, or copy the file to this computer and "
            "choose the copy.",
        )
        if not started:  # the letter chosen before is still being copied (Attach is off meanwhile): it stays chosen
            self._choose_file(before)

    def _choose_file(self, chosen: object) -> None:
        """The letter chosen (a kept form's field: a draft puts it back); a copy made of another is deleted."""
        self.chosen_file = str(chosen) if chosen else None
        if self.letter_copy is not None and self.letter_copy[0] != self.chosen_file:
            self._discard_letter_copy()
        self._show_attached()

    def _discard_letter_copy(self) -> None:
        if self.letter_copy is not None:
            attachments.discard(self.controller.conference.id or "", self.letter_copy[1])
            self.letter_copy = None

    def save(self) -> bool:
        chosen = self.chosen_file
        if chosen and self.work.running(LETTER_COPY):
            # Saved while the letter is still being copied (Ctrl+S, or leaving the form): wait for it a little.
            self.work.wait(LETTER_WAIT, (LETTER_COPY,))
            self.work.deliver_finished()
            if self.work.running(LETTER_COPY):
                self.problem.setText(
                    f"{Path(chosen).name} is still being copied: the folder it is in is slow or not answering. Save "
                    "again in a moment."
                )
                return False
            chosen = self.chosen_file  # None if the copy failed: said on the form
            if not chosen:
                return False
        copied = self.letter_copy[1] if self.letter_copy and self.letter_copy[0] == chosen else None
        if chosen and copied is None:  # its copy was refused: said on the form; never read here, on the GUI thread
            self.problem.setText(self.problem.text() or f"{Path(chosen).name} is not copied yet: choose it again.")
            return False
        try:
            place = self.commands.save_written_views(
                self.index,
                self.by.currentData(),
                received=parse_date(self.received.text(), "The date received"),
                text=self.text.toPlainText(),
                copied=copied,
            )
        except InvalidConference as error:
            self.problem.setText(capitalise(str(error)))
            return False
        if copied is not None:
            self.letter_copy = None  # the conference holds it now
        self.form.done()
        choose_again(self.table, place)
        self.show_views(place)
        return True

    def open_attachment(self) -> bool:
        """Open the letter in the computer's viewer (its plain copy made off the GUI thread); False when nothing
        was started."""
        if self.index is None:
            return False
        held = self.controller.conference.written_views[self.index].attachment
        if held is None:
            return False
        # The kept copy is sealed: the viewer gets a plain copy, removed when ChairDesk closes.
        return open_attachment(
            self.work,
            self.controller.conference.id or "",
            held,
            (self.open_button,),
            lambda sentence: QMessageBox.warning(self, "Cannot open the attachment", sentence),
        )

    def remove(self) -> None:
        if self.index is None:
            return
        try:
            self.commands.remove_written_views(self.index)
        except InvalidConference as error:
            self.problem.setText(capitalise(str(error)))
            return
        self.form.done()  # the chair's choice: what was typed for them goes with them
        self._blank()


class RequestToRecordDialog(RecordingRequestDialog):
    """The console's dialog for a request to record, with the date the parent asked (before the day)."""

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.commands = BeforeTheDay(controller.meeting)
        self.requested_on = QLineEdit(accessibleName="Date they asked", placeholderText=f"{DATE_HINT} (today if empty)")
        form = self.layout()
        assert isinstance(form, QFormLayout)
        form.insertRow(2, "As&ked on", self.requested_on)
        self._show_existing()
        self.form = KeptForm(
            self,
            "request-to-record",
            "The request to record",
            {
                **{"who": self.who, "requested_on": self.requested_on, "decision": self.decision},
                **{"reasons": self.reasons, "limits": self.limits, "legal_advice": self.legal_advice},
                "accepted_limits": self.accepted_limits,
            },
            in_conference(controller),
            self._record,
            self._problem,
        )
        self.problem = ""
        if self.form.take_back(stored_drafts(controller), lambda _row: None):
            form.insertRow(0, QLabel("What you typed here before and had not recorded is back.", wordWrap=True))

    def _show_existing(self) -> None:
        super()._show_existing()
        if not hasattr(self, "requested_on"):
            return  # the first call, from the dialog's own set-up: the date's box comes next
        request = next(
            (r for r in self.controller.conference.recording_requests if r.requested_by == self.who.currentData()),
            None,
        )
        self.requested_on.setText(_day(request.requested_on) if request else "")

    def save(self) -> None:
        if self._record():
            self.accept()
        else:
            QMessageBox.information(self, "Not recorded yet", self.problem)

    def _problem(self) -> str:
        return self.problem

    def reject(self) -> None:
        """Cancel, Escape or the window closed: what is typed and not recorded is recorded or dropped only by the
        chair's choice (gui.kept_form)."""
        if self.isVisible() and not self.form.leave(ask_first=True, save_words="&Record it"):
            return
        super().reject()

    def _record(self) -> bool:
        try:
            self.commands.save_recording_request(
                self.who.currentData(),
                requested_on=parse_date(self.requested_on.text(), "The date they asked"),
                decision=self.decision.currentData(),
                reasons=self.reasons.toPlainText(),
                limits_on_use=self.limits.toPlainText(),
                legal_advice=self.legal_advice.text(),
                limits_accepted=self.accepted_limits.isChecked(),
            )
        except InvalidConference as error:
            self.problem = capitalise(str(error))
            return False
        self.form.done()
        return True


class RecordingRequests(QWidget):
    """The family's requests to record the meeting, with the chair's decisions."""

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.commands = BeforeTheDay(controller.meeting)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "A parent may ask to record the meeting. The chair decides each request on its merits, takes legal "
                "advice before refusing, and records the limits on using the recording.",
                wordWrap=True,
            )
        )
        self.table = _table(("Who asked", "Asked on", "Decision", "Decided on"), "Requests to record")
        on_keys(self.table, [(QKeySequence.StandardKey.Delete, self.remove)])
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Record or decide a req&uest…")
        self.add_button.clicked.connect(self.open_dialog)
        self.remove_button = QPushButton("Re&move")
        self.remove_button.clicked.connect(self.remove)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.problem = _problem_label()
        layout.addWidget(self.problem)
        layout.addStretch(1)
        controller.changed.connect(lambda change: change.touches(Part.RECORDING) and self.refresh())
        self.refresh()

    def refresh(self) -> None:
        conference = self.controller.conference
        _fill(
            self.table,
            [
                [
                    _name(conference, r.requested_by),
                    _day(r.requested_on),
                    r.decision or "not decided",
                    _day(r.decided_on),
                ]
                for r in conference.recording_requests
            ],
        )

    def dialog(self) -> RequestToRecordDialog:
        made = RequestToRecordDialog(self.controller, self)
        row = self.table.currentRow()
        held = self.controller.conference.recording_requests
        if 0 <= row < len(held) and not made.form.dirty():  # typing that came back stays as it was typed
            made.form.load(None, lambda: made.who.setCurrentIndex(max(made.who.findData(held[row].requested_by), 0)))
        return made

    def open_dialog(self) -> None:
        self.dialog().exec()

    def remove(self) -> None:
        row = self.table.currentRow()
        held = self.controller.conference.recording_requests
        if not 0 <= row < len(held):
            return
        try:
            self.commands.remove_recording_request(held[row].requested_by)
        except InvalidConference as error:
            self.problem.setText(capitalise(str(error)))


class RequestsTab(QWidget):
    """Exclusion requests, written views and the request to record (the reasons a conference is late are on the
    preparation window's Conference tab)."""

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.parts = QTabWidget()
        self.exclusions = ExclusionRequests(controller)
        self.written_views = WrittenViewsPart(controller)
        self.recording = RecordingRequests(controller)
        self.parts.addTab(self.exclusions, "E&xclusion requests")
        self.parts.addTab(self.written_views, "&Written views")
        self.parts.addTab(self.recording, "Request to recor&d")
        layout.addWidget(self.parts)
