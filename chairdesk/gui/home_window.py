"""The chair's home (PRODUCT.md journey step 0): every conference, upcoming and past, with what is due next and
when, overdue in red; find one by family or child, open it, start a new one, import or export a conference
file, and start a past conference's review.

The home only asks and lists; the app (gui.app) opens a conference when the home asks it to
(``open_requested``), so one conference at most is open and its board never shows another family.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QCloseEvent, QColor, QFont, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chairdesk import agenda, conference_file, paths
from chairdesk.agenda import OVERDUE, TODAY, TOMORROW, AgendaRow
from chairdesk.errors import ChairDeskError
from chairdesk.gui.background import (
    COULD_NOT_READ,
    COULD_NOT_WRITE,
    EXPORT_NOT_FINISHED,
    Background,
    Failure,
    folder_not_answering,
    let_files_finish,
)
from chairdesk.model import Conference
from chairdesk.storage import open_store
from chairdesk.timescales import due_dates

OVERDUE_RED = QColor("#b00020")
SOON_BACKGROUND = QColor("#ffe08a")  # due today or on the next working day
SOON_TEXT = QColor("#1a1a1a")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

COLUMNS = ("Family", "Children", "Conference", "Date and time", "Place", "What is due", "When")

AskNewConference = Callable[[QWidget, "Conference | None"], "Conference | None"]


def _short(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def when_words(row: AgendaRow) -> str:
    """The state of what is due next, in words (never colour alone)."""
    due = row.next
    if row.problem:
        return "CANNOT BE READ"
    if due is None:
        return "Nothing due"
    if due.state == OVERDUE:
        more = f" ({len(row.overdue)} things)" if len(row.overdue) > 1 else ""
        return f"OVERDUE since {_short(due.date)}{more}"
    if due.state == TODAY:
        return "DUE TODAY"
    if due.state == TOMORROW:
        return "DUE TOMORROW" if due.words == "due tomorrow" else f"DUE {due.date:%A} (next working day)".upper()
    return f"due {_short(due.date)}"


def _dated(label: str, day: dt.date) -> str:
    """A thing due with its day: "Report to the family by Mon 4 Jan 2027", "Record due (Wed 11 Nov 2026)"."""
    return f"{label} {_short(day)}" if label.endswith(" by") else f"{label} ({_short(day)})"


def _due(due: agenda.Due, label: str | None = None) -> str:
    """One thing due with its day, and for documents what is left to send: "Conference record due (Fri 18 Dec
    2026): not sent"."""
    said = _dated(label if label is not None else due.label, due.date)
    return f"{said}: {due.note}" if due.note else said


def due_words(row: AgendaRow) -> str:
    """What is due next: everything overdue, then everything due on the next day something is (the parents'
    letters, the professionals' letters and the summary all due the day after the conference are all said)."""
    if row.problem:
        return row.problem
    if row.next is None:
        return "Nothing due"
    coming = row.coming_with or ((row.coming,) if row.coming else ())
    if row.overdue:
        said = "; ".join(_due(d) for d in row.overdue)
        if not coming:
            return said
        return f"{said}; then " + "; ".join(_due(d, d.label[0].lower() + d.label[1:]) for d in coming)
    return "; ".join(_due(d) for d in coming) if coming else _due(row.next)


CLOSING_WAIT = 10.0  # seconds: how long closing the home waits for a conference file still being written
EXPORT = "export a conference file"  # the work's name


class AgendaModel(QAbstractTableModel):
    """The agenda's rows, filtered by family or child name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all_rows: list[AgendaRow] = []
        self.rows: list[AgendaRow] = []
        self.filter_text = ""
        self.today = dt.date.today()

    def set_rows(self, rows: list[AgendaRow], today: dt.date) -> None:
        self.beginResetModel()
        self.all_rows, self.today = rows, today
        self.rows = [r for r in rows if r.matches(self.filter_text)]
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self.set_rows(self.all_rows, self.today)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        state = "problem" if row.problem else row.state
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole:
            if state in (OVERDUE, "problem"):
                return QBrush(OVERDUE_RED)
            if state in (TODAY, TOMORROW):
                return QBrush(SOON_TEXT)
            if row.past(self.today) and row.next is None:
                return QBrush(QColor("#555555"))
        if role == Qt.ItemDataRole.BackgroundRole and state in (TODAY, TOMORROW):
            return QBrush(SOON_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and state in (OVERDUE, TODAY, TOMORROW, "problem"):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and row.next is not None:
            everything = row.everything or (*row.overdue, *((row.coming,) if row.coming else ()))
            return "\n".join(f"{d.label}: {d.words}{f', {d.note}' if d.note else ''} ({d.rule})" for d in everything)
        return None

    def _text(self, row: AgendaRow, column: int) -> str:
        if column == 0:
            return row.family
        if column == 1:
            return ", ".join(row.children)
        if column == 2:
            return row.type_name + (" (held)" if row.past(self.today) else "")
        if column == 3:
            if row.date is None:
                return ""
            return _short(row.date) + (f", {row.start_time:%H:%M}" if row.start_time else "")
        if column == 4:
            return row.location
        if column == 5:
            return due_words(row)
        return when_words(row)


class HomeWindow(QMainWindow):
    """Every conference with what is due next. Emits ``open_requested`` with a conference's id to open it."""

    open_requested = Signal(str)
    outputs_requested = Signal(str)  # the outputs and sending of a conference: opened over its console
    prepare_requested = Signal(str)  # a conference just made here: its preparation window opens over its console
    back_requested = Signal()  # Escape: back to the open conference's console
    closing = Signal()  # the home closed: ChairDesk ends

    def __init__(self, db_path: Path, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.today = today
        self.setObjectName("home")
        self.setWindowTitle("ChairDesk: your conferences")
        self.may_close: Callable[[], bool] = lambda: True  # the app closes the open conference first
        self.flush_open: Callable[[], object] = lambda: None  # the app saves what the open conference waits to save
        self.open_conference_id: str | None = None

        self.filter = QLineEdit(placeholderText="Find a family or a child by name (↓ goes to the list)")
        self.filter.setAccessibleName("Find a family or child")
        self.filter.setClearButtonEnabled(True)
        self.filter.installEventFilter(self)
        self.filter.textChanged.connect(self._filter_changed)
        self.model = AgendaModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Conferences, what needs you first at the top")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        # Each row as tall as its words (every overdue thing in view, none cut off), as the columns settle.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(4, 15 * self.fontMetrics().averageCharWidth() * 2)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)  # Enter or a double-click
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())

        self.open_button = QPushButton("&Open")
        self.new_button = QPushButton("&New conference…")
        self.import_button = QPushButton("&Import a conference file…")
        self.export_button = QPushButton("&Export the selected one…")
        self.review_button = QPushButton("Start its &review…")
        self.outputs_button = QPushButton("Ou&tputs and sending…")
        self.outputs_button.setToolTip(
            "The selected conference's documents: what was sent, to whom and how, what is not"
        )
        self.back_button = QPushButton("&Back to the open conference")
        self.review_button.setToolTip("A review of the selected past conference, starting from what it decided")
        for button, slot in (
            (self.open_button, self.open_selected),
            (self.new_button, self.new_conference),
            (self.import_button, self.import_file),
            (self.export_button, self.export_selected),
            (self.review_button, self.start_review),
            (self.outputs_button, self.open_outputs),
            (self.back_button, self.back_requested.emit),
        ):
            button.clicked.connect(slot)
            button.setAutoDefault(False)
        shortcuts = []
        for keys, slot in (
            ("Ctrl+N", self.new_conference),
            ("Ctrl+I", self.import_file),
            ("Ctrl+E", self.export_selected),
        ):
            act = QAction(self, shortcut=QKeySequence(keys), triggered=slot)
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(act)
            shortcuts.append(act)
        self.import_shortcut, self.export_shortcut = shortcuts[1:]
        # Reading a conference file and writing one off the GUI thread (a network folder or a USB stick can take
        # seconds); the button and its key are off until it is done, so it never runs twice.
        self.work = Background(self)
        self.work.busy_changed.connect(lambda doing: self.statusBar().showMessage(doing))
        back = QAction(self, shortcut=QKeySequence("Escape"), triggered=self._escape)
        self.addAction(back)

        self.summary = QLabel(wordWrap=True, objectName="homeSummary")
        buttons = QHBoxLayout()
        for button in (
            self.open_button,
            self.new_button,
            self.import_button,
            self.export_button,
            self.review_button,
            self.outputs_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        centre = QWidget()
        column = QVBoxLayout(centre)
        column.addWidget(self.filter)
        column.addWidget(self.summary)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        self.setCentralWidget(centre)
        from chairdesk.gui.about import add_help_menu

        self.about_action = add_help_menu(self, self.db_path)  # Help > About ChairDesk (F1)
        self.set_open_conference(None, "")

    # -- what the app tells the home -----------------------------------------------------------------------

    def ask_new_conference(self, parent: QWidget, start: Conference | None = None) -> Conference | None:
        """The new-conference form (modal): a new conference not yet stored, or None if cancelled."""
        from chairdesk.gui.conference_form import ask_new_conference  # the form's own module, loaded when asked

        return ask_new_conference(parent, start=start)

    def ask_file_to_import(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, "Import a conference file", "", "Conference files (*.json)")
        return path

    def ask_file_to_export(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the conference file", suggested, "Conference files (*.json)"
        )
        return path

    def warn(self, title: str, sentence: str) -> None:
        if not self.isVisible():  # a file that came while the chair was in the console: said for when they are back
            self.statusBar().showMessage(sentence.replace("\n\n", " "))
            return
        self.statusBar().showMessage(sentence, 30000)
        QMessageBox.warning(self, title, sentence)

    def set_open_conference(self, conference_id: str | None, family: str) -> None:
        self.open_conference_id = conference_id
        self.back_button.setVisible(conference_id is not None)
        self.back_button.setText(f"&Back to the {family} family conference (Esc)" if conference_id else "")

    # -- the list --------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the agenda again (every conference, what is due next). A database that cannot be used raises
        its StorageError."""
        selected = self.selected_id()
        today = self.today()
        with open_store(self.db_path) as store:
            rows = agenda.agenda(store, today)
        self.model.set_rows(rows, today)
        overdue = sum(1 for r in rows if r.overdue)
        soon = sum(1 for r in rows if r.state in (TODAY, TOMORROW))
        if not rows:
            self.summary.setText(
                "No conference yet. Start one with New conference (Ctrl+N), or import a conference file (Ctrl+I)."
            )
        else:
            self.summary.setText(
                f"{len(rows)} conference{'s' if len(rows) != 1 else ''}. "
                f"{overdue} with something overdue (in red); {soon} with something due today or on the next "
                f"working day (highlighted). Today is {today:%A} {today.day} {today:%B %Y}."
            )
        self.select(selected)

    def select(self, conference_id: str | None) -> None:
        ids = [r.conference_id for r in self.model.rows]
        row = ids.index(conference_id) if conference_id in ids else 0
        if ids:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._update_buttons()

    def selected_row(self) -> AgendaRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.data(index, ROW_ROLE)

    def selected_id(self) -> str | None:
        row = self.selected_row()
        return row.conference_id if row else None

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.open_button.setEnabled(row is not None)
        self.work.allow(self.export_button, row is not None)
        self.outputs_button.setEnabled(row is not None and not row.problem)
        self.review_button.setEnabled(row is not None and not row.problem and row.past(self.model.today))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.filter.setFocus()
        # The last search stays in view but is chosen: coming back to switch family, the chair types the next name
        # over it (not after it, which would find no one and leave Enter doing nothing).
        self.filter.selectAll()

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.filter and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                self.table.setFocus()
                if not self.table.currentIndex().isValid():
                    self.select(None)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_selected()
                return True
        return super().eventFilter(watched, event)

    def _filter_changed(self, text: str) -> None:
        selected = self.selected_id()
        self.model.set_filter(text)
        self.select(selected)

    def _escape(self) -> None:
        if self.filter.text():
            self.filter.clear()
        elif self.open_conference_id is not None:
            self.back_requested.emit()

    # -- what the chair does -----------------------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.data(index, ROW_ROLE)
        if row is not None:
            self.open_requested.emit(row.conference_id)

    def open_selected(self) -> None:
        conference_id = self.selected_id()
        if conference_id is not None:
            self.open_requested.emit(conference_id)

    def open_outputs(self) -> None:
        """The selected conference's outputs and sending (it is opened, and its outputs window over it)."""
        row = self.selected_row()
        if row is not None and not row.problem:
            self.outputs_requested.emit(row.conference_id)

    def _store_and_open(self, conference: Conference, action: str, open_it: bool = True) -> bool:
        """Store ``conference`` and select it in the list, then open it (``open_it``); False (said) if not stored."""
        try:
            with open_store(self.db_path) as store:
                if conference.id and store.exists(conference.id):
                    family = conference.family.name
                    self.warn(
                        "Not imported",
                        f"The {family} family conference in this file is already in ChairDesk (the same id, "
                        f"{conference.id!r}). Nothing was imported: open it from the list.",
                    )
                    return False
                ident = store.save(conference, action=action)
        except ChairDeskError as error:
            self.warn("Not saved", str(error))
            return False
        self.filter.clear()
        self.refresh()
        self.select(ident)
        if not open_it:
            return True
        self.open_requested.emit(ident)
        if action == "create":  # made in the form during a phone call: the chair goes on to prepare it
            self.prepare_requested.emit(ident)
        return True

    def new_conference(self) -> None:
        conference = self.ask_new_conference(self, None)
        if conference is not None:
            self._store_and_open(conference, "create")

    def import_file(self) -> None:
        path = self.ask_file_to_import()
        if path:
            self.work.run(
                "import a conference file",
                lambda: conference_file.read(path),
                lambda read: self._imported(path, read),
                COULD_NOT_READ,
                holds=(self.import_button, self.import_shortcut),
                saying=f"Reading {Path(path).name}…",
                patience=folder_not_answering(
                    Path(path).name,
                    "Nothing was imported. Try again when the folder answers, or copy the file to this computer and "
                    "import the copy.",
                ),
            )

    def _imported(self, path: str, read: object) -> None:
        if isinstance(read, Failure) and read.given_up:
            self.warn("Not imported", read.sentence)
            return
        if isinstance(read, Failure):  # not a conference: said plainly first, the details after
            self.warn(
                "Not imported",
                f"{Path(path).name} is not a ChairDesk conference file, or it is damaged, so nothing was imported. A "
                f"conference file is one exported from ChairDesk (Export the selected one…) or from a case-management "
                f"system.\n\nThe details, for whoever supports ChairDesk: {read.sentence}",
            )
            return
        assert isinstance(read, Conference)
        # A file slow to come may come when the chair has gone back to the console or is in a form: it is then kept,
        # selected and said here for when the chair is back, never opened over what they are doing.
        away = not self.isVisible() or QApplication.activeModalWidget() is not None
        if self._store_and_open(read, "import", open_it=not away) and away:
            self.statusBar().showMessage(
                f"Imported the {read.family.name} family conference from {Path(path).name}: it is selected in the "
                "list, to open when you are ready."
            )

    def export_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if row.conference_id == self.open_conference_id:
            self.flush_open()  # what the open console still has to save goes into the file too
        try:
            with open_store(self.db_path) as store:
                conference = store.load(row.conference_id)
        except ChairDeskError as error:
            self.warn("Not exported", str(error))
            return
        name = f"{paths.name_part(conference.family.name, 'conference')}-{conference.date.isoformat()}.json"
        target = self.ask_file_to_export(name)
        if not target:
            return
        family = conference.family.name
        self.work.run(
            EXPORT,
            functools.partial(conference_file.write_text, conference_file.dumps(conference), target),
            lambda written: self._exported(family, target, written),
            COULD_NOT_WRITE,
            holds=(self.export_button, self.export_shortcut),
            saying=f"Writing {Path(target).name}…",
            patience=folder_not_answering(Path(target).name, EXPORT_NOT_FINISHED, writing=True),
        )

    def _exported(self, family: str, target: str, written: object) -> None:
        if isinstance(written, Failure):
            self.warn("Not exported", written.sentence)
            return
        self.statusBar().showMessage(f"Exported the {family} family conference to {target}", 15000)

    def start_review(self) -> None:
        """A review of the selected past conference on the day its plan set for the review (else the day the
        rules give), in the new-conference form with what the last conference carries forward."""
        from chairdesk.carry_forward import start_review

        row = self.selected_row()
        if row is None or row.problem or not row.past(self.model.today):
            return
        if row.conference_id == self.open_conference_id:
            self.flush_open()
        try:
            with open_store(self.db_path) as store:
                previous = store.load(row.conference_id)
        except ChairDeskError as error:
            self.warn("Cannot start the review", str(error))
            return
        plan = previous.plan
        day = plan.next_review if plan and plan.next_review else due_dates(previous)["next_review_due"].date
        conference = self.ask_new_conference(self, start_review(previous, day or self.today()))
        if conference is not None:
            self._store_and_open(conference, "create")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.may_close():  # the open conference could not be closed (its latest changes not saved)
            event.ignore()
            return
        # A conference file being written is given time to finish, and the chair is told what became of it.
        let_files_finish(self, self.work, [EXPORT], CLOSING_WAIT)
        event.accept()
        self.closing.emit()
