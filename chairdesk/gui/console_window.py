"""The chair's console: the order of business, the editor for the current stage, the register, the problems,
the recording and the private notes. Everything is reachable from the keyboard."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from chairdesk import audience, conference_file, paths, ssd_export
from chairdesk.changes import EVERYTHING, Change, Part
from chairdesk.errors import ChairDeskError, InvalidConference
from chairdesk.gui.attendance import AttendancePanel
from chairdesk.gui.background import (
    COULD_NOT_WRITE,
    EXPORT_NOT_FINISHED,
    Background,
    Failure,
    folder_not_answering,
    let_files_finish,
)
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.items import ItemListEditor
from chairdesk.gui.meeting_keys import MeetingKeys
from chairdesk.gui.outputs import OutputsProducer, open_folder, outputs_folder
from chairdesk.gui.recording_panel import RecordingPanel
from chairdesk.gui.style import stylesheet
from chairdesk.gui.text_guard import TextBox, install_text_guard
from chairdesk.gui.widgets import ApplicationFilter, save_pending_text, show_saved_text, when_text_settles
from chairdesk.meeting import CHAIR_NOTES_BOX, STAGES
from chairdesk.presenters.console import ConsolePresenter, UndoWords
from chairdesk.timescales import due_dates, long_date

if TYPE_CHECKING:  # what the console opens on demand is imported then, not before its first paint
    from chairdesk.gui.carried_panel import CarriedPanel
    from chairdesk.gui.distribution_dialog import DistributionDialog
    from chairdesk.gui.record_editor import RecordEditor
    from chairdesk.gui.review import OutputsReview

TABS_HEIGHT = 120  # the problems, the private notes and the discussion, under the stage page
CARRIED_SHARE = 45  # per cent of the window's height for "From the last conference" while it is in front
STAGES_WIDTH = 190  # the order of business: each stage's title wraps onto two lines at most
REGISTER_WIDTH = 500  # the register's five columns (the agency gives way) and its buttons in two rows
FILE_WAIT = 10.0  # seconds: how long closing waits for a conference file or case-record export still being written
EXPORT_FILE, EXPORT_CASE_RECORD = "export the conference file", "export for the case record"  # the work's names


class DueDatesPage(QWidget):
    """Introductions: the conference at a glance, with every due date and the rule behind it."""

    def __init__(self, controller: MeetingController) -> None:
        super().__init__()
        self.controller = controller
        layout = QVBoxLayout(self)
        self.summary = QLabel(wordWrap=True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Due", "Date", "Rule"])
        # On a laptop the three columns share the page's width: the rule wraps in what is left, and each row is
        # as tall as its words need, so nothing is cut and nothing needs scrolling sideways.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("Due dates")
        layout.addWidget(self.table, 1)
        controller.changed.connect(lambda change: change.touches(Part.ATTENDANCE | Part.PREPARATION) and self.refresh())
        self.refresh()

    def refresh(self) -> None:
        c = self.controller.conference
        children = ", ".join(ch.name for ch in c.children)
        self.summary.setText(
            f"<h2>The {c.family.name} family</h2><p>{c.type.replace('-', ' ').capitalize()} conference on "
            f"{long_date(c.date)}{' at ' + c.start_time.strftime('%H:%M') if c.start_time else ''}"
            f"{', ' + c.location if c.location else ''}. Children: {children}.</p>"
            "<p>Ask each person to say their name and how they are involved, and mark them in the register.</p>"
        )
        dates = list(due_dates(c).values())
        self.table.setRowCount(len(dates))
        for row, due in enumerate(dates):
            for column, text in enumerate((due.label, long_date(due.date) if due.date else "—", due.rule)):
                self.table.setItem(row, column, QTableWidgetItem(text))
                self.table.item(row, column).setToolTip(text)
        self._share_width()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._share_width()

    def _share_width(self) -> None:
        """The due column as wide as its words up to a third of the table (it wraps beyond); the rule gets the rest."""
        widest = self.table.sizeHintForColumn(0) if self.table.rowCount() else 80
        self.table.setColumnWidth(0, min(widest, max(self.table.viewport().width() // 3, 120)))
        self.table.resizeRowsToContents()


class ProblemsPanel(QListWidget):
    """The core's checks, live."""

    def __init__(self, controller: MeetingController) -> None:
        super().__init__()
        self.controller = controller
        self.setWordWrap(True)
        self.setAccessibleName("Problems to look at")
        controller.changed.connect(lambda _change: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        problems = self.controller.check().problems
        if not problems:
            self.addItem("No problems found.")
        for problem in problems:
            self.addItem(problem.message)
            self.item(self.count() - 1).setToolTip(problem.code)


class NotesPanel(TextBox):
    """The chair's private notes: never on the board, never in the parents' copy or a letter."""

    def __init__(self, controller: MeetingController) -> None:
        super().__init__()
        self.controller = controller
        self.setPlaceholderText("Private notes: never shown on the board or sent to the family. One note a line.")
        self.setAccessibleName("Private notes, never shown to the room")
        self.setPlainText("\n".join(controller.conference.confidential_notes))
        self._settle = when_text_settles(self, self._save, controller.meeting, CHAIR_NOTES_BOX)
        controller.changed.connect(lambda change: change.undo_or_redo and change.touches(Part.NOTES) and self._reload())

    def _save(self, text: str) -> None:
        notes = [line for line in text.splitlines() if line.strip()]
        if notes != self.controller.conference.confidential_notes:
            try:
                self.controller.meeting.set_chair_notes(notes)
            except InvalidConference as error:
                self.window().statusBar().showMessage(f"Private notes not saved: {error}", 15000)

    def _reload(self) -> None:
        show_saved_text(self, "\n".join(self.controller.conference.confidential_notes), self._settle, True)


def _stage_pages(controller: MeetingController) -> dict[str, Callable[[], QWidget]]:
    """How to build the editor for each stage of the order of business."""

    def lists(*names: str) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        for name in names:
            row.addWidget(ItemListEditor(controller, name, page))
        return page

    pages: dict[str, Callable[[], QWidget]] = {"introductions": lambda: DueDatesPage(controller)}
    for stage in STAGES:
        if stage.lists:
            pages[stage.key] = lambda names=stage.lists: lists(*names)
    pages.update(extra_pages(controller))
    return pages


def extra_pages(controller: MeetingController) -> dict[str, Callable[[], QWidget]]:
    """How to build the scaling, plan and decision pages (their modules are imported when one is first built)."""

    def build(name: str) -> QWidget:
        from chairdesk.gui import pages

        return getattr(pages, f"{name}_page")(controller)

    return {name: lambda name=name: build(name) for name in ("scaling", "plan", "decision")}


class StagePages(Mapping[str, QWidget]):
    """The stage pages by stage, each built the first time it is wanted: shown (the stack holds a placeholder till
    then) or asked for (``page_of[key]``). The console opens with only the page of the stage the meeting is at, so
    it is drawn sooner; a page built later reads the meeting as it is then, so it misses nothing."""

    def __init__(self, builders: dict[str, Callable[[], QWidget]], stack: QStackedWidget, built: Callable) -> None:
        self._builders = builders
        self._stack = stack
        self._built: dict[str, QWidget] = {}
        self._on_built = built
        self._placeholders = {key: QWidget() for key in builders}
        self._building: set[str] = set()
        for stage in STAGES:
            stack.addWidget(self._placeholders[stage.key])

    def __getitem__(self, key: str) -> QWidget:
        page = self._built.get(key)
        if page is None:
            if key in self._building:
                # Asked for again while it is being built (building it made an edit, and the console showed the
                # meeting's change): its placeholder stands in until the page is there.
                return self._placeholders[key]
            self._building.add(key)
            try:
                page = self._built[key] = self._builders[key]()  # a KeyError for a stage there is not, as a dict
            finally:
                self._building.discard(key)
            placeholder = self._placeholders.pop(key)
            index = self._stack.indexOf(placeholder)
            shown = self._stack.currentIndex() == index
            self._stack.insertWidget(index, page)
            self._stack.removeWidget(placeholder)
            placeholder.deleteLater()
            if shown:
                self._stack.setCurrentWidget(page)
            self._on_built(page)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)

    def is_built(self, key: str) -> bool:
        return key in self._built


class OnlyFromTheConsole(QObject):
    """The console's keys act on its conference except while the chair is in a window that is about other
    conferences (the home, given in ``elsewhere``): from the home, Ctrl+Z must not undo the open meeting's last edit
    unseen, nor Ctrl+Shift+P produce its documents. Everywhere else (the console, its docks and dialogs, the
    preparation window, the board) they work as ever. The blank key is not filtered at all."""

    def __init__(self, console: QMainWindow) -> None:
        super().__init__(console)
        self.console = console
        self.elsewhere: list[QWidget] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Shortcut:
            active = QApplication.activeWindow()
            return active is not None and any(active is window for window in self.elsewhere)  # swallowed there
        return False


class ConsoleWindow(QMainWindow):
    home_requested = Signal()  # File > Home / open another conference (Ctrl+O)
    closed = Signal()  # the console closed (its changes saved, its board closed)

    def __init__(
        self, controller: MeetingController, board: QWidget | None = None, look_for_microphones: bool = True
    ) -> None:
        super().__init__()
        self.quitting = False  # closed by Quit: ChairDesk ends, rather than going back to the home
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        install_text_guard(app)  # every box takes a paste the same way, so before any box is made
        self.controller = controller
        self.presenter = ConsolePresenter(controller.meeting, self)  # the order of business's rules; this draws
        self.board = board
        self.setWindowTitle(f"ChairDesk: the {controller.conference.family.name} family conference")
        self.setStyleSheet(stylesheet("console.qss"))

        self.stages = QListWidget(objectName="stages")
        self.stages.setAccessibleName("Order of business")
        for number, stage in enumerate(STAGES, start=1):
            self.stages.addItem(f"{number}. {stage.title}")
        self.stages.setWordWrap(True)
        self.stages.setMinimumWidth(150)  # narrow on a laptop: the stage page and the register need the width
        self.stages.setMaximumWidth(240)
        self.stages.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the titles wrap instead
        self.stages.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.pages = QStackedWidget()
        self.page_of = StagePages(_stage_pages(controller), self.pages, self._page_built)

        self.blank_banner = QLabel(
            "The board is blank: the room sees only a neutral screen. F8 shows it again.", objectName="blankBanner"
        )
        self.hidden_banner = QLabel(objectName="hiddenBanner", wordWrap=True)
        self.save_error = QLabel(objectName="saveError", wordWrap=True)
        centre = QWidget()
        column = QVBoxLayout(centre)
        for banner in (self.blank_banner, self.hidden_banner, self.save_error):
            banner.hide()
            column.addWidget(banner)
        splitter = QSplitter()
        splitter.addWidget(self.stages)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([STAGES_WIDTH, 10 * STAGES_WIDTH])  # the page takes what the stages leave
        column.addWidget(splitter, 1)
        self.setCentralWidget(centre)

        self.register = AttendancePanel(controller)
        self.problems = ProblemsPanel(controller)
        self.notes = NotesPanel(controller)
        self.recording = RecordingPanel(controller, look_now=look_for_microphones)
        self.discussion = ItemListEditor(controller, "discussion")
        self.discussion.confidential.setText("Confidential (not in the parents' copy)")
        self.docks: dict[str, QDockWidget] = {}
        docks = (
            ("Register", self.register),
            ("Recording", self.recording),
            ("Problems", self.problems),
            ("Private notes", self.notes),
            ("Record of the discussion", self.discussion),
        )
        # On a 1366×768 laptop: the register (every person, every quorum light) and the recording down the right
        # the whole height; the problems, the private notes and the discussion share a short place under the stage
        # page, as tabs.
        lines = self.fontMetrics().lineSpacing()
        for tab in (self.problems, self.notes, self.discussion.view):  # short, so the stage page keeps the height
            tab.setMinimumHeight(3 * lines)
        self.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        for title, widget in docks:
            self.add_dock(title, widget, bottom if widget in (self.problems, self.notes, self.discussion) else None)
        self.tabifyDockWidget(self.docks["Problems"], self.docks["Private notes"])
        self.tabifyDockWidget(self.docks["Private notes"], self.docks["Record of the discussion"])
        self.carried: CarriedPanel | None = None
        if controller.conference.carried_forward is not None:
            # A review: what the last conference carried forward, a tab beside the others (the chair's only).
            from chairdesk.gui.carried_panel import CarriedPanel

            self.carried = CarriedPanel(controller)
            self.add_dock("From the last conference", self.carried, bottom)
            self.tabifyDockWidget(self.docks["Record of the discussion"], self.docks["From the last conference"])
            # Too much to read in the short place the other tabs have: while it is the tab in front, the tabs take
            # the lower part of the window (the stage page keeps the upper part); the others bring the short place back.
            self.docks["From the last conference"].visibilityChanged.connect(self._carried_in_front)
        self.docks["Problems"].raise_()
        self._docks_sized = False

        self.producer = OutputsProducer(self, controller.writer)
        # The conference file and the export for the case record, written off the GUI thread (a network folder or a
        # USB stick can take seconds, and the meeting goes on); each menu item is off until its file is written.
        self.file_work = Background(self)
        self.file_work.busy_changed.connect(lambda doing: doing and self.statusBar().showMessage(doing))
        self.distribution: DistributionDialog | None = None  # who gets the outputs, while open
        self.review: OutputsReview | None = None  # the chair's review before the documents are made, while open
        self.producer.finished.connect(self._outputs_made)
        self.producer.failed.connect(self._outputs_failed)
        self.open_outputs_folder = True
        self.last_outputs: list[Path] = []
        self.saved_label = QLabel("Saving…")
        # The writer saves on its own thread; the label shows its latest save once a second.
        self._saved_timer = QTimer(self, interval=1000, timeout=self._show_saved)
        self._saved_timer.start()
        self.statusBar().addPermanentWidget(self.saved_label)
        self._build_menus()
        self.keys = MeetingKeys(self)  # F8 and the meeting's undo, wherever the focus is
        self._own_keys = OnlyFromTheConsole(self)
        self._page_built(self)

        self.stages.currentRowChanged.connect(self._stage_chosen)
        controller.changed.connect(self._on_changed)
        controller.saved.connect(self._on_saved)
        controller.save_failed.connect(self._on_save_failed)
        controller.blank_changed.connect(self.blank_banner.setVisible)
        controller.blank_changed.connect(self.blank_action.setChecked)
        self.blank_action.setChecked(controller.blank)  # the board starts blank: the chair shows it with F8
        self.blank_banner.setVisible(controller.blank)
        self._on_changed(EVERYTHING)

    def _page_built(self, part: QWidget) -> None:
        """The keys of ``part`` (the console, or a stage page built since) act only from the console."""
        own_keys = getattr(self, "_own_keys", None)
        if own_keys is None:
            return  # a page built before the console's keys: they are given it with the console's own
        for act in part.findChildren(QAction):
            if act is not self.blank_action:  # the blank key works from anywhere (MeetingKeys)
                act.installEventFilter(own_keys)

    def list_editor(self, list_name: str) -> ItemListEditor:
        """The editor of the list ``list_name``, its stage's page built if it was not yet."""
        for stage in STAGES:
            if list_name in stage.lists:
                self.page_of[stage.key]
        return next(e for e in self.findChildren(ItemListEditor) if e.list_name == list_name)

    def build_every_page(self) -> None:
        """Build the pages not built yet (to put back what was being typed in any box, wherever it is)."""
        for key in self.page_of:
            self.page_of[key]

    def keys_elsewhere(self, window: QWidget) -> None:
        """``window`` is about other conferences (the home): the console's keys do nothing from it."""
        self._own_keys.elsewhere.append(window)

    def add_dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea | None = None) -> QDockWidget:
        area = area or Qt.DockWidgetArea.RightDockWidgetArea
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        self.docks[title] = dock
        return dock

    def _carried_in_front(self, visible: bool) -> None:
        if not self._docks_sized:
            return
        height = max(TABS_HEIGHT, self.height() * CARRIED_SHARE // 100) if visible else TABS_HEIGHT
        self.resizeDocks([self.docks["Problems"]], [height], Qt.Orientation.Vertical)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._docks_sized:  # once the window has its size: before that the docks cannot be given theirs
            self._docks_sized = True
            self.resizeDocks([self.docks["Problems"]], [TABS_HEIGHT], Qt.Orientation.Vertical)
            self.resizeDocks([self.docks["Register"]], [REGISTER_WIDTH], Qt.Orientation.Horizontal)
            # The recording as short as its controls allow; the register takes the rest of the height.
            self.resizeDocks([self.docks["Register"], self.docks["Recording"]], [10_000, 1], Qt.Orientation.Vertical)
            if self.carried is not None:  # a review opens with what the last conference carried in front
                self.docks["From the last conference"].raise_()
                QTimer.singleShot(0, lambda: self._carried_in_front(True))

    # -- menus -------------------------------------------------------------------------------------------

    def action(
        self,
        menu_name: str,
        text: str,
        slot: Callable[[], object],
        keys: list[str] | None = None,
        tip: str = "",
        checkable: bool = False,
    ) -> QAction:
        menus = getattr(self, "_menus", {})
        self._menus = menus
        if menu_name not in menus:
            menus[menu_name] = self.menuBar().addMenu(menu_name)
        act = QAction(text, self)
        if keys:
            act.setShortcuts([QKeySequence(k) for k in keys])
        act.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        act.setStatusTip(tip or text.replace("&", ""))
        act.setToolTip(tip or text.replace("&", ""))
        act.setCheckable(checkable)
        act.triggered.connect(slot)
        menus[menu_name].addAction(act)
        return act

    def open_record_editor(self) -> RecordEditor:
        """The record editor (File > Finish the record…), one per console."""
        editor = getattr(self, "record_editor", None)
        if editor is None:
            from chairdesk.gui.record_editor import RecordEditor

            editor = self.record_editor = RecordEditor(self.controller)
            editor.close_conference.connect(self.close)  # after the export, as File > Close this conference
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def _build_menus(self) -> None:
        self.produce_action = self.action(
            "&File",
            "&Produce outputs",
            self.produce_outputs,
            ["Ctrl+Shift+P"],
            "Write the summary and plan, the decision letters, the record and the parents' copy now",
        )
        self.producer.holds = [self.produce_action]  # off, with its key, until the documents are made
        self.action(
            "&File",
            "&Who gets the outputs…",
            self.open_distribution,
            [],
            "The distribution list: who gets a decision letter, a copy of the record, and why; change it here",
        )
        self.action(
            "&File",
            "Ou&tputs and sending…",
            self.open_outputs,
            ["Ctrl+Shift+O"],
            "The current documents: open them, mark each sent (to whom, how, when), and the amendments to the record",
        )
        self.home_action = self.action(
            "&File",
            "&Home / open another conference…",
            self.home_requested.emit,
            ["Ctrl+O"],
            "Your conferences: open another (this one is saved and closed, and its board with it), or start one",
        )
        self.action(
            "&File",
            "P&repare this conference…",
            self.open_preparation,
            ["Ctrl+Shift+D"],
            "The conference's details, children and invitees, and what is missing before the day",
        )
        self.action(
            "&File",
            "&Finish the record…",
            self.open_record_editor,
            tip="Each moment of the meeting beside the recording: hear it, and write the record of the discussion",
        )
        self.action(
            "&File",
            "Export for the child's record and c&lose the conference…",
            lambda: self.open_record_editor().export(),
            tip="Copy the recording and the documents to a folder, check the copies, then remove the laptop's copy",
        )
        self.export_file_action = self.action("&File", "&Export conference file…", self.export_file, ["Ctrl+Shift+E"])
        self.export_case_record_action = self.action(
            "&File",
            "Export for the case rec&ord…",
            self.export_case_record,
            [],
            "Each child's decision, category, dates, quorum and participation for the case-management system "
            "(CSV and JSON, Standard Safeguarding Dataset field names)",
        )
        self.action("&File", "&Close this conference", self.close, ["Ctrl+W"], "Save and close it, back to the home")
        self.action("&File", "&Quit", self.quit_chairdesk, ["Ctrl+Q"])
        self.undo_action = self.action("&Edit", "&Undo", self.controller.meeting.undo, ["Ctrl+Z"])
        self.redo_action = self.action("&Edit", "&Redo", self.controller.meeting.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
        # The toolbar's buttons keep short words (what would be undone is in the menu and the tooltip), so they
        # never grow and push Produce outputs out of sight.
        self.undo_action.setIconText("Undo")
        self.redo_action.setIconText("Redo")
        self.action(
            "&Meeting", "&Next stage", lambda: self.controller.meeting.step_stage(+1), ["Ctrl+PgDown", "Alt+Down"]
        )
        self.action(
            "&Meeting", "&Previous stage", lambda: self.controller.meeting.step_stage(-1), ["Ctrl+PgUp", "Alt+Up"]
        )
        for number, stage in enumerate(STAGES, start=1):
            self.action(
                "&Meeting",
                f"{number}. {stage.title}",
                lambda _checked=False, key=stage.key: self.go_to_stage(key),
                [f"Alt+{number}"],
            )
        self.blank_action = self.action(
            "&Board",
            "&Blank the board",
            self.toggle_blank,
            ["F8", "Ctrl+B"],
            "Blank the board at once (the room sees a neutral screen)",
            checkable=True,
        )
        self.names_action = self.action(
            "&Board",
            "Show &names with scores",
            self.toggle_names,
            [],
            "Show each person's name beside their score on the board",
            checkable=True,
        )
        self.names_action.setChecked(True)
        self.action("&Board", "&Move the board to the next screen", self.move_board, ["Ctrl+Shift+M"])
        self.action(
            "&Board",
            "&Identify screens",
            self.identify_screens,
            [],
            "Show a large number on each screen for a few seconds (Escape closes them)",
        )
        # The recording panel's own actions: each is off, with its button, while a slow step it started runs.
        self._menus["&Recording"] = self.menuBar().addMenu("&Recording")
        self._menus["&Recording"].addActions(list(self.recording.menu_actions))
        # The actions the chair reaches for mid-meeting, as visible buttons too.
        # In the menu bar's free space, not a row of its own: on a laptop the register needs that height.
        tools = QToolBar("Meeting", self)
        tools.setObjectName("meetingToolbar")
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.menuBar().setCornerWidget(tools, Qt.Corner.TopRightCorner)
        self.blank_action.setText("Blank the board (F8)")
        for act in (self.blank_action, self.undo_action, self.redo_action, self.produce_action):
            tools.addAction(act)
        from chairdesk.gui.about import add_help_menu

        self.about_action = add_help_menu(self, self.controller.db_path)  # Help > About ChairDesk (F1)

    def open_preparation(self) -> QWidget:
        """The preparation window for this conference (chairdesk.gui.preparation_window), over the console."""
        from chairdesk.gui.preparation_window import open_preparation

        return open_preparation(self)

    # -- reactions ---------------------------------------------------------------------------------------

    def _stage_chosen(self, row: int) -> None:
        self.presenter.choose_stage(row)

    def stage_entry(self) -> QWidget | None:
        """Where the chair types at the current stage: the entry box its page names, or its first list's."""
        page = self.page_of[self.controller.meeting.stage.key]
        entry = getattr(page, "stage_entry", None)
        if isinstance(entry, QWidget):
            return entry
        lists = page.findChildren(ItemListEditor)
        return lists[0].entry if lists else None

    def go_to_stage(self, key: str) -> None:
        """The chair moves the meeting to a stage (or asks for the one it is at): the cursor goes to its entry."""
        self.presenter.go_to_stage(key)

    def focus_stage_entry(self) -> None:
        """Put the cursor in the current stage's entry box, scrolled into view, so what the chair types next goes
        there and never acts on the register or a choice."""
        entry = self.stage_entry()
        if entry is None:
            return
        entry.setFocus(Qt.FocusReason.OtherFocusReason)
        area = entry.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:
            area.ensureWidgetVisible(entry)

    def _on_changed(self, change: Change) -> None:
        self.presenter.changed(change)  # the rules: chairdesk.presenters.console

    # -- what the presenter tells the console (chairdesk.presenters.console.ConsoleView) -------------------

    def show_stage(self, index: int) -> None:
        if self.stages.currentRow() != index:
            self.stages.setCurrentRow(index)
        self.pages.setCurrentWidget(self.page_of[STAGES[index].key])  # built now if it is its first time

    def show_undo(self, undo: UndoWords, redo: UndoWords) -> None:
        for action, words in ((self.undo_action, undo), (self.redo_action, redo)):
            action.setEnabled(words.allowed)
            action.setText(words.text)
            action.setToolTip(words.tip)

    def show_out_of_room(self, sentence: str) -> None:
        if sentence:
            self.hidden_banner.setText(sentence)
        self.hidden_banner.setVisible(bool(sentence))

    def _on_saved(self, when: str) -> None:
        self._show_saved()
        self.save_error.hide()

    def _show_saved(self) -> None:
        if self.save_error.isVisible():
            return
        when = self.controller.last_saved
        self.saved_label.setText(f"All changes saved at {when}" if when else "Saving…")

    def _on_save_failed(self, sentence: str) -> None:
        self.save_error.setText(sentence)
        self.save_error.show()
        self.saved_label.setText("NOT SAVED")

    def take_in_typing(self, making: str) -> bool:
        """Before a document or an export is made from the conference: what is still waiting to be saved from a
        box saved as it is typed goes in now, and typing in an entry box that was never added is named, with the
        choice to add it first. False when the chair chooses to go back to it."""
        save_pending_text(self)
        waiting = [
            kept.editor.accessibleName() or key
            for key, kept in self.controller.kept_texts.items()
            if kept.text().strip() and kept.unsaved()
        ]
        if not waiting:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Typing not added yet",
            f"Some typing has not been added to the conference, so it would not be in {making}:\n\n"
            + "\n".join(f"• {name}" for name in waiting)
            + "\n\nGo back to add it (Enter in its box), or go on without it (it stays in its box).",
            parent=self,
        )
        back = box.addButton("Go back", QMessageBox.ButtonRole.RejectRole)
        box.addButton("Go on without it", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(back)
        box.exec()
        return box.clickedButton() is not back

    def produce_outputs(self) -> None:
        """First the chair's review (what each reader is not given, and what the chair must decide); its Produce
        makes the documents, its Cancel makes none."""
        if self.producer.busy:
            return
        if self.review is not None and self.review.isVisible():
            self.review.raise_()
            self.review.activateWindow()
            return
        if not self.take_in_typing("the documents"):
            return
        if self.review is not None:
            self.review.deleteLater()  # the last one, closed: each review reads the meeting afresh
        from chairdesk.gui.distribution_dialog import add_to_review
        from chairdesk.gui.review import OutputsReview

        self.review = OutputsReview(self.controller, self)
        self.review.who_gets = add_to_review(self.review, self.open_distribution)  # the distribution list
        self.review.accepted.connect(self._produce_now)
        self.review.go_to_item.connect(self._go_to_item)
        self.review.finished.connect(self._review_closed)
        self.review.open()
        self.statusBar().showMessage("Review what each reader is not given, then produce the documents.")

    def open_distribution(self) -> None:
        """Who gets the outputs: the list the chair sees and changes before producing (gui.distribution_dialog)."""
        from chairdesk.gui.distribution_dialog import DistributionDialog

        parent = self.review if self.review is not None and self.review.isVisible() else self
        self.distribution = DistributionDialog(self.controller, parent)
        self.distribution.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.review is not None and self.review.isVisible():
            self.distribution.finished.connect(self.review.refresh)  # the readers as now chosen
        self.distribution.open()

    def _review_closed(self) -> None:
        self.statusBar().clearMessage()
        self.activateWindow()  # the keyboard back in the console

    def _produce_now(self) -> None:
        if self.producer.start(self.controller.conference):
            self.statusBar().showMessage(self.producer.work.doing)  # what its Background says it is doing

    def _go_to_item(self, ref: str) -> None:
        """The chair chose, in the review, to change the words of an item: to its stage, the item itself chosen
        (or its box in view, with the cursor in it), and the status bar naming it."""
        from chairdesk.gui.review import stage_of

        stage = stage_of(ref)
        if stage is not None:
            self.go_to_stage(stage)
        conference = self.controller.conference
        try:
            piece = audience.piece_at(conference, ref)
        except KeyError:
            piece = None
        target = self._widget_of(ref)
        if target is not None:
            scroll = target.parentWidget()
            while scroll is not None and not isinstance(scroll, QScrollArea):
                scroll = scroll.parentWidget()
            if scroll is not None:
                scroll.ensureWidgetVisible(target)
            target.setFocus()
        what = f"{piece.section}: “{' '.join(piece.text.split())[:60]}”" if piece else "the item"
        self.statusBar().showMessage(
            f"Change the words of {what}: they give away where someone lives. Then produce the outputs again."
        )

    def _widget_of(self, ref: str) -> QWidget | None:
        """The box or list where the typed thing at ``ref`` is changed, with the thing chosen in it."""
        part, _, rest = ref.partition("[")
        index = int(rest.rstrip("]")) if rest.rstrip("]").isdigit() else None
        plan, decision = self.page_of["plan"], self.page_of["decision"]
        if part == "plan.contingency":
            return plan.contingency
        if part == "inquorate_reason":
            return self.register.inquorate_reason
        if part == "plan.actions" and index is not None:
            plan.actions.setCurrentIndex(plan.actions.model().index(index, 0))
            return plan.actions
        if part == "plan.outcomes" and index is not None:
            plan.outcomes.setCurrentRow(index)
            return plan.outcomes
        if part == "decisions" and index is not None and index < len(self.controller.conference.decisions):
            child = self.controller.conference.decisions[index].child
            return next((d.reason for d in decision.decisions if d.child.id == child), None)
        for stage in STAGES:
            if part in stage.lists:
                self.page_of[stage.key]  # built, if it was not yet, so its list is there to choose in
        lists = {e.list_name: e for e in self.findChildren(ItemListEditor)}
        if part in lists and index is not None:
            lists[part].view.setCurrentIndex(lists[part].model.index(index))
            return lists[part].view
        return None

    def open_outputs(self) -> QWidget:
        """The outputs window (chairdesk.gui.outputs_window) of this conference, over the console."""
        from chairdesk.gui.outputs_window import open_outputs

        return open_outputs(self)

    def _outputs_made(self, files: list[str], seconds: float, warnings: list[str]) -> None:
        # Each production is a set in a folder of its own (chairdesk.gui.outputs).
        folder = Path(files[0]).parent if files else outputs_folder(self.controller.conference)
        window = getattr(self, "outputs_window", None)
        if window is not None:
            window.reload()  # the new set, once the writer has recorded it
        not_made = self.producer.not_made
        checks = [w for w in warnings if w not in not_made]
        note = f" Not made: {' '.join(not_made)}" if not_made else ""
        note += f" Check: {' '.join(checks)}" if checks else ""
        self.statusBar().showMessage(
            f"{len(files)} documents written in {seconds:.1f} seconds to {folder}.{note}", 30000
        )
        self.last_outputs = [Path(f) for f in files]
        if not_made:
            # What waits for the chair's decision, or for words to change, is named: the chair must know.
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Some documents were not made",
                "\n\n".join(not_made),
                parent=self,
            )
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        if self.open_outputs_folder:
            open_folder(folder)

    def _outputs_failed(self, sentence: str) -> None:
        self.statusBar().showMessage(f"No documents were written: {sentence}", 30000)
        QMessageBox.warning(self, "No documents were written", sentence)

    def export_file(self) -> None:
        if not self.take_in_typing("the exported file"):
            return
        conference = self.controller.conference
        name = f"{paths.name_part(conference.family.name, 'conference')}-{conference.date.isoformat()}.json"
        target, _ = QFileDialog.getSaveFileName(self, "Export the conference file", name, "Conference files (*.json)")
        if not target:
            return
        # The file is the conference as it is now, made here; it is written on a worker while the chair goes on.
        self.file_work.run(
            EXPORT_FILE,
            functools.partial(conference_file.write_text, conference_file.dumps(conference), target),
            lambda written: self._exported(written, f"Exported to {target}", 10000),
            COULD_NOT_WRITE,
            holds=(self.export_file_action,),
            saying=f"Writing {Path(target).name}…",
            patience=folder_not_answering(Path(target).name, EXPORT_NOT_FINISHED, writing=True),
        )

    def _exported(self, written: object, said: str, for_ms: int) -> None:
        if isinstance(written, Failure):
            self.statusBar().showMessage(f"Not exported: {written.sentence}", 30000)  # not "Writing …" still
            QMessageBox.warning(self, "Not exported", written.sentence)
            return
        self.statusBar().showMessage(said, for_ms)

    def ask_case_record_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, "Export for the case record: choose the folder")

    def export_case_record(self) -> None:
        """File > Export for the case record…: :mod:`chairdesk.ssd_export` into a folder the chair chooses."""
        if not self.take_in_typing("the export for the case record"):
            return
        folder = self.ask_case_record_folder()
        if not folder:
            return
        try:
            files = ssd_export.made(self.controller.conference)  # made here, from the conference as it is now
        except ChairDeskError as error:
            QMessageBox.warning(self, "Not exported", str(error))
            return
        names = " and ".join(files)
        self.file_work.run(
            EXPORT_CASE_RECORD,
            functools.partial(ssd_export.write, files, folder),
            lambda written: self._exported(written, f"Exported for the case record: {names}, in {folder}", 15000),
            COULD_NOT_WRITE,
            holds=(self.export_case_record_action,),
            saying="Writing the export for the case record…",
            patience=folder_not_answering("the export for the case record", EXPORT_NOT_FINISHED, writing=True),
        )

    def toggle_blank(self) -> None:
        self.controller.set_blank(not self.controller.blank)
        self.blank_action.setChecked(self.controller.blank)

    def toggle_names(self) -> None:
        self.controller.set_show_names(self.names_action.isChecked())

    def identify_screens(self) -> None:
        from chairdesk.gui.board_window import BoardWindow, IdentifyScreens

        if getattr(self, "_identify", None) is None:
            self._identify = IdentifyScreens(self.board if isinstance(self.board, BoardWindow) else None, self)
        self._identify.show()

    def move_board(self) -> None:
        if self.board is None:
            return
        screens = self.screen().virtualSiblings() if self.screen() else []
        if not screens:
            return
        current = self.board.screen()
        following = screens[(screens.index(current) + 1) % len(screens)] if current in screens else screens[0]
        self.board.showNormal()
        self.board.setScreen(following)
        self.board.setGeometry(following.geometry())
        self.board.showFullScreen()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if getattr(self, "record_editor", None) is not None:
            self.record_editor.close()  # its player stops, and its last typing goes to the meeting
        save_pending_text(self)  # what was typed in the last moments goes to the meeting before the writer is flushed
        self.statusBar().showMessage("Saving before closing…")
        if not self.controller.writer.flush():  # at once when saving is failing: waiting would not help
            why = self.controller.writer.failing or "ChairDesk could not save your latest changes."
            answer = QMessageBox.warning(
                self,
                "Not everything is saved",
                f"{why}\n\nIf you close now, your latest changes are lost. Choose Cancel to keep ChairDesk open "
                "(it keeps trying to save), or Close to close anyway and lose them.",
                QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Close:
                event.ignore()
                return
        self.recording.shut_down()
        self.producer.close()
        # A file being written is given time to finish, and the chair is told what became of it, before the window goes.
        let_files_finish(self, self.file_work, [EXPORT_FILE, EXPORT_CASE_RECORD], FILE_WAIT)
        self.file_work.close()
        if getattr(self, "record_editor", None) is not None:  # the export at the close too, if the chair closes now
            from chairdesk.gui.record_editor import EXPORT_JOBS

            let_files_finish(
                self,
                self.record_editor.work,
                EXPORT_JOBS,
                FILE_WAIT,
                "the export for the child's record",
                "then the folder you chose may hold only part of it",
            )
            self.record_editor.work.close()  # what is still running finishes alone; nothing comes back to ask
        for application_filter in self.findChildren(ApplicationFilter):
            application_filter.remove()  # the keys, and keeping dialogs off the projector, go with the window
        self.controller.close()
        if self.board is not None:
            self.board.close()
        event.accept()
        self.closed.emit()

    def quit_chairdesk(self) -> None:
        """Quit: close this conference and ChairDesk (closing the console alone returns to the home)."""
        self.quitting = True
        if not self.close():
            self.quitting = False
