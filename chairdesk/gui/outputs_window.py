"""The outputs window (File, Outputs and sending…; and from the home): the current set of documents, each with its
reader, its deadline and whether it was sent; Mark as sent… (to whom, how, when), Open, Open folder; and the
amendments to the record (RULES.md §5): note one, decide it, reissue the record.

Only the current documents are offered (chairdesk.sending): an older set is named, as the record of what was made
and sent, and never offered for sending or opened from here. What was sent is written by the conference's one
writer (chairdesk.writer) into the database (chairdesk.storage); the amendments are edits of the meeting (undoable,
saved as every edit is).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chairdesk import amendments, sending
from chairdesk.changes import Change, Part
from chairdesk.documents.produce import RECORD
from chairdesk.errors import ChairDeskError
from chairdesk.sending import HOW, OutputSet, TrackedDocument, short_date
from chairdesk.storage import ConferenceStore, open_store
from chairdesk.words import capitalise

OVERDUE_RED = "#b00020"
DOCUMENT_COLUMNS = ("Document", "For", "Due", "Sent")
AMENDMENT_COLUMNS = ("Received", "From", "What they ask to change", "Decision")


def default_recipient(document: TrackedDocument) -> str:
    """Whom a document goes to, as the chair would write it first."""
    if document.reader_kind == "record":
        return "everyone who attended or was invited"
    if document.reader_kind == "family":
        return "the family and everyone invited"
    return document.reader


def made_words(one: OutputSet) -> str:
    """When a set was made, and whether it is a reissue: "Tue 24 Nov 2026 at 15:00 (the record reissued after
    amendments)"."""
    reissued = " (the record reissued after amendments)" if one.kind == sending.AMENDED else ""
    return f"{short_date(one.made_at.date())} at {one.made_at:%H:%M}{reissued}"


def document_kinds(documents: list[TrackedDocument]) -> str:
    """The titles of ``documents``, each once, in their order: "Summary and plan, Decision letter"."""
    return ", ".join(dict.fromkeys(d.title for d in documents))


class SentDialog(QDialog):
    """Mark as sent: to whom, how, when (each reached with Tab; Enter marks it sent, Escape does not)."""

    def __init__(self, document: TrackedDocument, now: dt.datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle(f"Mark as sent: {document.title}")
        self.to = QLineEdit(document.sent_to or default_recipient(document))
        self.to.setAccessibleName("Sent to")
        self.how = QComboBox()
        self.how.setAccessibleName("How it was sent")
        for key, words in HOW.items():
            self.how.addItem(capitalise(words), key)
        if document.sent_how in HOW:
            self.how.setCurrentIndex(list(HOW).index(document.sent_how))
        when = document.sent_at or now
        self.when = QDateTimeEdit(
            QDateTime(QDate(when.year, when.month, when.day), QTime(when.hour, when.minute)), calendarPopup=True
        )
        self.when.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.when.setAccessibleName("When it was sent")
        self.now = now
        self.error = QLabel(wordWrap=True, objectName="sentError")
        self.error.setStyleSheet(f"color: {OVERDUE_RED}")
        self.error.hide()
        form = QFormLayout()
        form.addRow(QLabel(f"<b>{document.title}</b> for {document.reader}"))
        form.addRow("Sent &to:", self.to)
        form.addRow("&How:", self.how)
        form.addRow("&When:", self.when)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton("Mark as &sent", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(buttons)
        self.to.setFocus()
        self.to.selectAll()

    @property
    def sent_at(self) -> dt.datetime:
        value = self.when.dateTime()
        day, moment = value.date(), value.time()
        return dt.datetime(day.year(), day.month(), day.day(), moment.hour(), moment.minute())

    def problem(self) -> str:
        if not self.to.text().strip():
            return "Say to whom it was sent (a name, or 'everyone who attended or was invited')."
        if self.sent_at > self.now + dt.timedelta(minutes=1):
            return "It cannot have been sent after now: check the day and time."
        if self.sent_at < self.document.made_at.replace(second=0, microsecond=0):
            return f"It cannot have been sent before it was made ({self.document.made_at:%d/%m/%Y %H:%M})."
        return ""

    def accept(self) -> None:
        why = self.problem()
        if why:
            self.error.setText(why)
            self.error.show()
            return
        super().accept()


class OutputsWindow(QMainWindow):
    """The outputs of the console's conference: the current documents and the amendments to the record."""

    def __init__(self, console: Any, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(console, Qt.WindowType.Window)
        self.console = console
        self.controller = console.controller
        self.today = today
        self.now: Callable[[], dt.datetime] = dt.datetime.now
        self.documents: list[TrackedDocument] = []  # every set's
        self.sets: list[OutputSet] = []
        self.shown: list[TrackedDocument] = []  # the current ones, as the table lists them
        self.setObjectName("outputsWindow")
        family = self.controller.conference.family.name
        self.setWindowTitle(f"ChairDesk: outputs and sending, the {family} family conference")

        self.tabs = QTabWidget()
        self.tabs.addTab(self._documents_tab(), "&Documents")
        self.tabs.addTab(self._amendments_tab(), "&Amendments")
        self.setCentralWidget(self.tabs)
        self.controller.changed.connect(self._meeting_changed)
        day = today()
        self.received.setDate(QDate(day.year, day.month, day.day))
        self.resize(1000, 620)
        self.reload()

    # -- the documents -----------------------------------------------------------------------------------------

    def _documents_tab(self) -> QWidget:
        self.set_label = QLabel(wordWrap=True, objectName="currentSet")
        self.table = QTableWidget(0, len(DOCUMENT_COLUMNS))
        self.table.setHorizontalHeaderLabels(DOCUMENT_COLUMNS)
        self.table.setAccessibleName("The current documents: for whom, when due, whether sent")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self.open_document())  # Enter or a double-click
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())
        self.older_label = QLabel(wordWrap=True, objectName="olderSets")
        self.mark_button = QPushButton("&Mark as sent…")
        self.unmark_button = QPushButton("&Not sent after all")
        self.open_button = QPushButton("&Open")
        self.folder_button = QPushButton("Open &folder")
        for button, slot in (
            (self.mark_button, self.mark_sent),
            (self.unmark_button, self.mark_not_sent),
            (self.open_button, self.open_document),
            (self.folder_button, self.open_folder),
        ):
            button.clicked.connect(slot)
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        for button in (self.mark_button, self.unmark_button, self.open_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self.set_label)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        column.addWidget(self.older_label)
        return page

    def reload(self) -> None:
        """Read the sets and what was sent again (after the writer has written what it was given)."""
        self.controller.writer.flush()
        conference_id = self.controller.conference.id or ""
        try:
            with open_store(self.controller.db_path) as store:
                conference = self.controller.conference
                self.documents = [  # each reader by name (a child's documents recorded by the child's id too)
                    replace(d, reader=sending.shown_reader(conference, d))
                    for d in store.tracked_documents(conference_id)
                ]
                self.sets = store.output_sets(conference_id)
        except ChairDeskError as error:
            self.set_label.setText(f"The documents cannot be listed: {error}")
            return
        self._fill_documents()
        self._fill_amendments()

    def _fill_documents(self) -> None:
        today = self.today()
        selected = self.selected_document()
        self.shown = sending.current(self.documents)
        if not self.sets:
            self.set_label.setText(
                "No documents have been produced yet. Produce them from the console (File, Produce outputs, "
                "Ctrl+Shift+P); each production is a set of its own, and only the newest is offered here."
            )
        else:
            left = sending.outstanding(self.documents)
            late = sending.overdue(self.documents, today)
            said = f"{len(left)} not sent" + (f", {len(late)} of them OVERDUE" if late else "")
            held = self.current_folders()
            if not held:
                latest = self.sets[-1]
                where = f"The newest documents, made {made_words(latest)}, in {latest.folder}, are all superseded."
            elif len(held) == 1:
                where = f"The current documents, made {made_words(held[0][0])}, in {held[0][0].folder}."
            else:  # a reissue after amendments leaves the letters and the summary in their own set's folder
                where = (
                    f"The current documents are in {len(held)} folders: "
                    + "; ".join(
                        f"{len(documents)} ({document_kinds(documents)}) made {made_words(one)}, in {one.folder}"
                        for one, documents in held
                    )
                    + "."
                )
            self.set_label.setText(f"{where} {said}.")
        self.table.setRowCount(len(self.shown))
        for row, document in enumerate(self.shown):
            state = document.state(today)
            due = short_date(document.due) if document.due else ""
            cells = (document.title, document.reader, due, document.words(today))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(document.path))
                if state == sending.OVERDUE and column in (2, 3):
                    cell.setForeground(Qt.GlobalColor.red)
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.table.setItem(row, column, cell)
        older = [s for s in self.sets if not s.current]
        if older:
            lines = []
            for old in older:
                documents = [d for d in self.documents if d.set_id == old.id]
                sent = sum(1 for d in documents if d.sent)
                lines.append(
                    f"{short_date(old.made_at.date())} {old.made_at:%H:%M}: {len(documents)} documents, {sent} sent"
                )
            self.older_label.setText(
                "Older sets, superseded (kept as the record of what was made and sent; not to be sent): "
                + "; ".join(lines)
                + "."
            )
        else:
            self.older_label.setText("")
        ids = [d.id for d in self.shown]
        row = ids.index(selected.id) if selected is not None and selected.id in ids else 0
        if ids:
            self.table.setCurrentCell(row, 0)
        self._update_buttons()

    def selected_document(self) -> TrackedDocument | None:
        row = self.table.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def _update_buttons(self) -> None:
        document = self.selected_document()
        self.mark_button.setEnabled(document is not None)
        self.open_button.setEnabled(document is not None)
        self.unmark_button.setEnabled(document is not None and document.sent)
        self.folder_button.setEnabled(bool(sending.current(self.documents)))

    def _write(self, job: Callable[[ConferenceStore], object]) -> str:
        """Run ``job`` on the conference's one writer and wait for it; the sentence saying why it failed, or ""."""
        failed: list[str] = []

        def run(store: ConferenceStore) -> None:
            try:
                job(store)
            except (ChairDeskError, ValueError) as error:  # said here; never retried by the writer
                failed.append(str(error))

        self.controller.writer.call(run)
        if not self.controller.writer.flush():
            return self.controller.writer.failing or "ChairDesk could not save it."
        return failed[0] if failed else ""

    def mark_sent(self) -> None:
        document = self.selected_document()
        if document is None:
            return
        dialog = SentDialog(document, self.now(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        to, how, when = dialog.to.text().strip(), dialog.how.currentData(), dialog.sent_at
        problem = self._write(lambda store: store.mark_sent(document.id, when, to, how))
        if problem:
            QMessageBox.warning(self, "Not marked as sent", problem)
        self.reload()
        self.statusBar().showMessage(f"{document.title} for {document.reader}: sent {HOW[how]} to {to}.", 15000)
        self.table.setFocus()
        if not problem and document.kind == RECORD:
            self.offer_to_close()

    def offer_to_close(self) -> None:
        """The record is sent: the conference can be closed (RULES.md §5: the recording is held on the child's
        record). Asked, never done unasked; No is the default."""
        answer = QMessageBox.question(
            self,
            "The record is sent",
            "The conference record is sent. Export the recording and the documents for the child's record now, "
            "and then close the conference? (You can do it later from File > Export for the child's record and "
            "close the conference.)",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.close()
            self.console.open_record_editor().export()

    def mark_not_sent(self) -> None:
        document = self.selected_document()
        if document is None or not document.sent:
            return
        problem = self._write(lambda store: store.mark_sent(document.id, None))
        if problem:
            QMessageBox.warning(self, "Not changed", problem)
        self.reload()

    def open_document(self) -> None:
        document = self.selected_document()
        if document is None:
            return
        if not document.path.is_file():
            QMessageBox.warning(
                self,
                "Not there",
                f"{document.path} is no longer there (moved or deleted). Produce the outputs again to make a new set.",
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(document.path)))

    def current_folders(self) -> list[tuple[OutputSet, list[TrackedDocument]]]:
        """Each set holding current documents (oldest first), with those documents: after a reissue, the record's
        copies are in the new set's folder and the letters and the summary still in the earlier one."""
        by_set = {s.id: s for s in self.sets}
        held: dict[int, list[TrackedDocument]] = {}
        for document in sending.current(self.documents):
            held.setdefault(document.set_id, []).append(document)
        return [(by_set[i], held[i]) for i in sorted(held, key=lambda i: by_set[i].made_at) if i in by_set]

    def open_folder(self) -> None:
        """Open every folder holding a current document (one, or after a reissue two), never a superseded one."""
        folders = [one.folder for one, _documents in self.current_folders()]
        for folder in folders:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        self.opened_folders = folders

    # -- the amendments ----------------------------------------------------------------------------------------

    def _amendments_tab(self) -> QWidget:
        self.amendments_label = QLabel(wordWrap=True, objectName="amendmentsLabel")
        self.amendments_table = QTableWidget(0, len(AMENDMENT_COLUMNS))
        self.amendments_table.setHorizontalHeaderLabels(AMENDMENT_COLUMNS)
        self.amendments_table.setAccessibleName("The amendments received, and the chair's decision on each")
        self.amendments_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.amendments_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.amendments_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.amendments_table.setTabKeyNavigation(False)
        self.amendments_table.setWordWrap(True)
        self.amendments_table.verticalHeader().hide()
        header = self.amendments_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.amendments_table.currentCellChanged.connect(lambda *_: self._update_amendment_buttons())

        self.by = QComboBox()
        self.by.setAccessibleName("Who sent the amendment")
        self.received = QDateEdit(calendarPopup=True)
        self.received.setDisplayFormat("dd/MM/yyyy")
        self.received.setAccessibleName("The day it was received")
        self.what = QPlainTextEdit()
        self.what.setTabChangesFocus(True)
        self.what.setAccessibleName("What they ask to change in the record")
        self.what.setPlaceholderText("What they ask to change in the record, in their words")
        self.what.setMaximumHeight(5 * self.fontMetrics().lineSpacing())
        self.note_button = QPushButton("&Note the amendment")
        self.note_button.clicked.connect(self.note_amendment)
        self.note_button.setAutoDefault(False)
        self.amendment_error = QLabel(wordWrap=True, objectName="amendmentError")
        self.amendment_error.setStyleSheet(f"color: {OVERDUE_RED}")
        self.amendment_error.hide()
        form = QFormLayout()
        form.addRow("&From:", self.by)
        form.addRow("&Received on:", self.received)
        form.addRow("&What:", self.what)
        form.addRow("", self.note_button)

        self.decision_note = QLineEdit()
        self.decision_note.setAccessibleName("The chair's note on the decision")
        self.decision_note.setPlaceholderText("Your note (needed when it is not applied: why)")
        self.apply_button = QPushButton("A&pplied")
        self.reject_button = QPushButton("Not app&lied")
        self.reissue_button = QPushButton("Re&issue the record…")
        self.reissue_button.setToolTip(
            "A new set holding the record and the parents' copies, 'Amended on' today, with the amendments applied"
        )
        for button, slot in (
            (self.apply_button, lambda: self.decide(True)),
            (self.reject_button, lambda: self.decide(False)),
            (self.reissue_button, self.reissue),
        ):
            button.clicked.connect(slot)
            button.setAutoDefault(False)
        decide = QHBoxLayout()
        decide.addWidget(QLabel("&Chair's note:", buddy=self.decision_note))
        decide.addWidget(self.decision_note, 1)
        decide.addWidget(self.apply_button)
        decide.addWidget(self.reject_button)
        decide.addWidget(self.reissue_button)
        hint = QLabel(
            "Applying an amendment does not change the record's words for you: change them where they are in the "
            "console (the board's lists, the decisions, the plan), mark it applied here, then reissue the record.",
            wordWrap=True,
        )
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self.amendments_label)
        column.addWidget(self.amendments_table, 1)
        column.addWidget(hint)
        column.addLayout(decide)
        column.addWidget(QLabel("<b>Note an amendment received</b>"))
        column.addLayout(form)
        column.addWidget(self.amendment_error)
        return page

    def _fill_amendments(self) -> None:
        conference = self.controller.conference
        chosen = self.by.currentData()
        self.by.clear()
        for ident, label in amendments.who_may_amend(conference):
            self.by.addItem(label, ident)
        if chosen is not None and self.by.findData(chosen) >= 0:
            self.by.setCurrentIndex(self.by.findData(chosen))
        row = self.amendments_table.currentRow()
        names = {p.id: p.name for p in conference.participants}
        self.amendments_table.setRowCount(len(conference.amendments))
        for i, amendment in enumerate(conference.amendments):
            state = sending.amendment_words(amendment, self.documents)
            if amendment.note:
                state += f": {amendment.note}"
            cells = (short_date(amendment.received), names.get(amendment.by, amendment.by), amendment.text, state)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 3 and sending.amendment_late(amendment, self.documents):
                    cell.setForeground(Qt.GlobalColor.red)
                self.amendments_table.setItem(i, column, cell)
        if conference.amendments:
            self.amendments_table.setCurrentCell(min(max(row, 0), len(conference.amendments) - 1), 0)
        sent = sending.record_sent_on(self.documents)
        waiting = len(amendments.undecided(conference))
        self.amendments_label.setText(
            (
                f"The record was first sent on {sent:%A %d %B %Y}: amendments are due back within a week. "
                if sent
                else "The record is not marked as sent yet. "
            )
            + f"{len(conference.amendments)} amendment(s) received, {waiting} to decide."
        )
        self._update_amendment_buttons()

    def selected_amendment(self) -> int | None:
        row = self.amendments_table.currentRow()
        return row if 0 <= row < len(self.controller.conference.amendments) else None

    def _update_amendment_buttons(self) -> None:
        chosen = self.selected_amendment() is not None
        self.apply_button.setEnabled(chosen)
        self.reject_button.setEnabled(chosen)
        self.reissue_button.setEnabled(bool(amendments.applied(self.controller.conference)))

    def _meeting_changed(self, change: Change) -> None:
        if change.touches(Part.AMENDMENTS):
            self._fill_amendments()

    def _say(self, sentence: str) -> None:
        self.amendment_error.setText(sentence)
        self.amendment_error.setVisible(bool(sentence))

    def note_amendment(self) -> None:
        day = self.received.date()
        received = dt.date(day.year(), day.month(), day.day())
        try:
            index = amendments.note(
                self.controller.meeting, self.by.currentData() or "", received, self.what.toPlainText(), self.today
            )
        except ValueError as error:
            self._say(str(error))
            return
        self._say("")
        self.what.clear()
        self._fill_amendments()
        self.amendments_table.setCurrentCell(index, 0)
        amendment = self.controller.conference.amendments[index]
        late = (
            " It came more than a week after the record was sent: it is accepted, and said late."
            if (sending.amendment_late(amendment, self.documents))
            else ""
        )
        self.statusBar().showMessage(f"Amendment noted.{late}", 15000)

    def decide(self, applied: bool) -> None:
        index = self.selected_amendment()
        if index is None:
            return
        try:
            amendments.decide(self.controller.meeting, index, applied, self.decision_note.text().strip())
        except ValueError as error:
            self._say(str(error))
            return
        self._say("")
        self.decision_note.clear()
        self._fill_amendments()
        self.amendments_table.setCurrentCell(index, 0)

    def reissue(self) -> bool:
        """A new set: the record and the parents' copies, 'Amended on' today, with the amendments applied."""
        if not amendments.applied(self.controller.conference):
            return False
        if not self.console.take_in_typing("the reissued record"):
            return False
        started = self.console.producer.start(self.controller.conference, sending.AMENDED)
        if started:
            self.statusBar().showMessage("Reissuing the record and the parents' copies…")
        return started

    # -- opening ----------------------------------------------------------------------------------------------------

    def place_over(self, window: QWidget) -> None:
        screen = window.screen()
        if screen is not None:
            area = screen.availableGeometry()
            self.resize(min(self.width(), area.width()), min(self.height(), area.height()))
            self.move(area.center() - self.rect().center())


def open_outputs(console: Any) -> OutputsWindow:
    """The outputs window of ``console``'s conference, over it (brought to the front when it is open already)."""
    window = getattr(console, "outputs_window", None)
    if not isinstance(window, OutputsWindow):
        window = OutputsWindow(console)
        console.outputs_window = window
        window.place_over(console)
    else:
        window.reload()
    window.show()
    window.raise_()
    window.activateWindow()
    window.table.setFocus()
    return window
