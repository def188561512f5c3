"""Finishing the record with the recording: every moment of the meeting beside its place in the recording.

The list holds, under each stage of the meeting, what was typed there (board items, views, scores, decisions,
dissent, outcomes and actions) in the order of the meeting, with the bookmarks, pauses and gaps of each take, and
for each its time and its moment in which recording. Enter (or a click) on one plays the recording from there, in
the app: Space plays or pauses, Ctrl+Left goes back ten seconds, and the speed goes from 1× to 2×. The player is
:class:`chairdesk.recording.playback.Player`; this window only asks it and shows where it is.

Under the list, a box for the record of the discussion at the chosen stage: the chair writes it while listening,
and it is saved as it is typed (``when_text_settles``: a meeting edit at most 0.6 s after a change) as a discussion
item tied to its stage (``extra["stage"]``; chairdesk.recording.timeline.DISCUSSION_STAGE).

File > Export for the child's record… copies the recording(s) and the current documents to a folder the chair
chooses, checks every copy, and only then offers to remove the laptop's copy of the recording
(:mod:`chairdesk.closing`). Copying (and removing) a recording takes a while: it runs on a worker thread through
:class:`~chairdesk.gui.background.Background`, the export's menu item off and the status bar saying what is being
done until it is back, so the window stays responsive.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chairdesk import closing
from chairdesk.changes import Change, Part
from chairdesk.errors import ChairDeskError, InvalidConference
from chairdesk.gui.background import Background, Failure, folder_not_answering
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.text_guard import TextBox
from chairdesk.gui.widgets import show_saved_text, when_text_settles
from chairdesk.meeting import STAGES
from chairdesk.model import Item, clock_times
from chairdesk.recording import playback, timeline
from chairdesk.storage import open_store

log = logging.getLogger(__name__)

MOMENT = Qt.ItemDataRole.UserRole  # a list row's Moment
EXPORTING = "Copying the recording and the documents, and checking the copies…"
EXPORT_JOB, REMOVE_JOB = "chairdesk-export", "chairdesk-remove-recordings"  # the work at the close, by its names
EXPORT_JOBS = (EXPORT_JOB, REMOVE_JOB)
REMOVING = "Checking the copies again, then removing the laptop's copy of the recording…"
KIND_WORDS = {
    "item": "",
    "discussion": "Discussion",
    "score": "Score",
    "view": "View",
    "decision": "Decision",
    "dissent": "Dissent",
    "outcome": "Outcome",
    "action": "Action",
    "bookmark": "Bookmark",
    "pause": "Pause",
    "gap": "Gap",
    "take": "Recording",
}


def discussion_box(stage: str) -> str:
    """The meeting's name for the box of a stage's record of the discussion."""
    return f"discussion.{stage}"


def take_keys(window: QWidget) -> list[QAction | QShortcut]:
    """Make ``window`` the one owner of its own keys while it is the active window: every other window's action or
    shortcut that answers the same key from anywhere in the application (``ApplicationShortcut``, as the console's
    do) is narrowed to its own window, so Qt never sees two owners ("Ambiguous shortcut overload") and the key does
    what this window's menu says. Returns what was narrowed, for :func:`give_keys_back`."""
    own = {
        sequence.toString()
        for action in window.findChildren(QAction)
        for sequence in action.shortcuts()
        if not sequence.isEmpty()
    }
    own |= {s.key().toString() for s in window.findChildren(QShortcut) if not s.key().isEmpty()}
    taken: list[QAction | QShortcut] = []
    for top in QApplication.topLevelWidgets():
        if top is window or window.isAncestorOf(top):
            continue
        for other in [*top.findChildren(QAction), *top.findChildren(QShortcut)]:
            keys = other.shortcuts() if isinstance(other, QAction) else [other.key()]
            context = other.shortcutContext() if isinstance(other, QAction) else other.context()
            if context == Qt.ShortcutContext.ApplicationShortcut and any(k.toString() in own for k in keys):
                if isinstance(other, QAction):
                    other.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                else:
                    other.setContext(Qt.ShortcutContext.WindowShortcut)
                taken.append(other)
    return taken


def give_keys_back(taken: list[QAction | QShortcut]) -> None:
    """Undo :func:`take_keys`: the narrowed actions and shortcuts answer from anywhere again."""
    for other in taken:
        try:
            if isinstance(other, QAction):
                other.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            else:
                other.setContext(Qt.ShortcutContext.ApplicationShortcut)
        except RuntimeError:  # its window is gone
            continue
    taken.clear()


def stage_discussion(conference: object, stage: str) -> tuple[int, Item] | None:
    """The discussion item that records ``stage``, with its place in the list."""
    for index, item in enumerate(conference.discussion):  # type: ignore[attr-defined]
        if item.extra.get(timeline.DISCUSSION_STAGE) == stage:
            return index, item
    return None


class RecordEditor(QMainWindow):
    """The record editor for the open conference (File > Finish the record… in the console)."""

    close_conference = Signal()  # the chair confirmed closing the conference after the export (the console closes)

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(f"Finish the record: the {controller.conference.family.name} family")
        self.player: playback.Player | None = None
        self.playing_take: str | None = None
        self.takes: list[timeline.Take] = []
        self.last_export: closing.Export | None = None
        self.taken_keys: list[QAction | QShortcut] = []
        self.work = Background(self)  # the export and the removal, off the GUI thread
        self.work.busy_changed.connect(self.statusBar().showMessage)  # what it is doing, or nothing once it is back

        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Time", "In the recording", "What"])
        self.tree.setAccessibleName("The meeting's moments, by stage")
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.itemActivated.connect(lambda row, _col: self.play_row(row))
        self.tree.itemClicked.connect(lambda row, _col: self.play_row(row))
        self.tree.currentItemChanged.connect(lambda row, _old: self._show_stage_box(row))
        self.tree.installEventFilter(self)

        self.play_button = QPushButton("Play (Space)")
        self.play_button.clicked.connect(self.toggle)
        self.back_button = QPushButton("Back 10 s (Ctrl+Left)")
        self.back_button.clicked.connect(self.back)
        self.speed = QComboBox()
        self.speed.setAccessibleName("Speed")
        for value in playback.SPEEDS:
            self.speed.addItem(f"{value:g}×", value)
        self.speed.currentIndexChanged.connect(lambda _i: self.set_speed(self.speed.currentData()))
        self.where = QLabel("Choose a moment and press Enter to hear it.")
        self.where.setAccessibleName("Where the recording is")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Playing problem")
        self.problem.hide()

        self.boxes = QStackedWidget()
        self.box_label = QLabel()
        self.stage_boxes: dict[str, TextBox] = {}
        self._settles: dict[str, QTimer] = {}
        for stage in STAGES:
            box = TextBox()
            box.setAccessibleName(f"Record of the discussion: {stage.title}")
            box.setPlaceholderText("The record of the discussion at this stage, written while listening.")
            found = stage_discussion(controller.conference, stage.key)
            box.setPlainText(found[1].text if found else "")
            self._settles[stage.key] = when_text_settles(
                box,
                lambda text, key=stage.key: self.save_discussion(key, text),
                controller.meeting,
                discussion_box(stage.key),
            )
            self.stage_boxes[stage.key] = box
            self.boxes.addWidget(box)

        controls = QHBoxLayout()
        for widget in (self.play_button, self.back_button, QLabel("Speed:"), self.speed):
            controls.addWidget(widget)
        controls.addWidget(self.where, 1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.box_label)
        lower_layout.addWidget(self.boxes)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(controls)
        layout.addWidget(self.problem)
        layout.addWidget(split, 1)
        self.setCentralWidget(central)

        menu = self.menuBar().addMenu("&File")
        self.export_action = QAction("&Export for the child's record and close the conference…", self)
        self.export_action.triggered.connect(lambda _checked=False: self.export())
        menu.addAction(self.export_action)
        close = QAction("&Close the record editor", self, shortcut=QKeySequence("Ctrl+W"))
        close.triggered.connect(self.close)
        menu.addAction(close)
        play_menu = self.menuBar().addMenu("&Play")
        for text, slot, keys in (
            ("&Play or pause", self.toggle, "Ctrl+Space"),
            ("&Back 10 seconds", self.back, "Ctrl+Left"),
            ("&Faster", lambda: self._step_speed(1), "Ctrl+Up"),
            ("&Slower", lambda: self._step_speed(-1), "Ctrl+Down"),
        ):
            act = QAction(text, self, shortcut=QKeySequence(keys))
            act.triggered.connect(lambda _checked=False, slot=slot: slot())
            play_menu.addAction(act)

        self.timer = QTimer(self, interval=100, timeout=self._show_position)  # runs while the editor is open
        controller.changed.connect(self._changed)
        self.reload()
        self.resize(1100, 700)

    # -- the list ----------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the takes and the moments again and fill the list, keeping the chosen row where it can."""
        chosen = self.current_moment()
        self.takes = timeline.takes(self.controller.conference.id or "")
        moments = timeline.moments(self.controller.conference, self.takes)
        self.tree.clear()
        stages = {}
        for stage in STAGES:
            row = QTreeWidgetItem([stage.title])
            row.setFirstColumnSpanned(True)
            row.setData(0, MOMENT, None)
            row.setData(1, MOMENT, stage.key)
            self.tree.addTopLevelItem(row)
            stages[stage.key] = row
        shown = [m for m in moments if not (m.kind == "discussion" and m.ref and self._is_stage_box(m))]
        # 10:40, or 10:40:25 when another moment falls in the same minute (model.clock_times, as the record says).
        times = clock_times(*(m.entered_at.time() if m.entered_at else None for m in shown))
        for moment, when in zip(shown, times, strict=True):
            where = ""
            if moment.offset is not None:
                where = f"{timeline.clock(moment.offset)} in {timeline.take_label(moment.take, self.takes)}"
            kind = KIND_WORDS.get(moment.kind, "")
            heading = moment.heading if moment.kind == "item" else kind
            text = f"{heading}: {moment.text}" if heading else moment.text
            if moment.confidential:
                text = f"CONFIDENTIAL: {text}"
            row = QTreeWidgetItem([when, where, text])
            row.setData(0, MOMENT, moment)
            row.setToolTip(2, text)
            stages.get(moment.stage, stages[STAGES[0].key]).addChild(row)
            if chosen is not None and moment == chosen:
                self.tree.setCurrentItem(row)
        self.tree.expandAll()
        for column in (0, 1):
            self.tree.resizeColumnToContents(column)
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def _is_stage_box(self, moment: timeline.Moment) -> bool:
        index = int(moment.ref.split("[")[1].rstrip("]"))
        items = self.controller.conference.discussion
        return index < len(items) and bool(items[index].extra.get(timeline.DISCUSSION_STAGE))

    def rows(self) -> list[QTreeWidgetItem]:
        """Every moment's row, in the order shown."""
        found = []
        for i in range(self.tree.topLevelItemCount()):
            stage = self.tree.topLevelItem(i)
            found += [stage.child(j) for j in range(stage.childCount())]
        return found

    def current_moment(self) -> timeline.Moment | None:
        row = self.tree.currentItem() if hasattr(self, "tree") else None
        return row.data(0, MOMENT) if row is not None else None

    def _changed(self, change: Change) -> None:
        if change.parts in (Part.STAGE, Part.NOTES):
            return
        self.reload()
        for key, box in self.stage_boxes.items():
            found = stage_discussion(self.controller.conference, key)
            show_saved_text(box, found[1].text if found else "", self._settles[key], change.undo_or_redo)

    def _stage_of(self, row: QTreeWidgetItem | None) -> str:
        if row is None:
            return STAGES[0].key
        if row.parent() is not None:
            row = row.parent()
        return row.data(1, MOMENT) or STAGES[0].key

    def _show_stage_box(self, row: QTreeWidgetItem | None) -> None:
        key = self._stage_of(row)
        stage = next(s for s in STAGES if s.key == key)
        self.box_label.setText(f"Record of the discussion: {stage.title}")
        self.boxes.setCurrentWidget(self.stage_boxes[key])

    # -- the record of the discussion ----------------------------------------------------------------------

    def save_discussion(self, stage: str, text: str) -> None:
        """Keep what is in a stage's box as the discussion item recording that stage (made, changed or, when the
        box is emptied, taken out): a meeting edit, so it is saved and undone as every other."""
        meeting = self.controller.meeting
        found = stage_discussion(meeting.conference, stage)
        title = next(s.title for s in STAGES if s.key == stage)
        try:
            if found is None:
                if not text.strip():
                    return
                item = Item(text, extra={timeline.DISCUSSION_STAGE: stage}, **meeting.stamp())
                item.typed_while_out = meeting.typed_while_out_in(discussion_box(stage))
                meeting.edit(
                    Part.DISCUSSION,
                    f"record of the discussion: {title}",
                    lambda c: c.discussion.append(item),
                    scope=[("discussion",)],
                    merge=discussion_box(stage),
                )
            elif not text.strip():
                meeting.delete_item("discussion", found[0])
            elif found[1].text != text:
                index, when = found[0], meeting.stamp()["entered_at"]

                def put(c: object) -> None:
                    item = c.discussion[index]  # type: ignore[attr-defined]
                    item.text, item.edited_at = text, when

                meeting.edit(
                    Part.DISCUSSION,
                    f"record of the discussion: {title}",
                    put,
                    scope=[("discussion", index)],
                    merge=discussion_box(stage),  # typed as it goes: the saves of one box are one undo step
                )
        except InvalidConference as error:
            self.statusBar().showMessage(f"The record of the discussion was not saved: {error}", 15000)
            return
        meeting.typing(discussion_box(stage), "")

    # -- playing ------------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.tree and event.type() == QEvent.Type.KeyPress:
            key = QKeyEvent(event).key() if not isinstance(event, QKeyEvent) else event.key()
            if key == Qt.Key.Key_Space:
                self.toggle()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.play_row(self.tree.currentItem())
                return True
        return super().eventFilter(watched, event)

    def play_row(self, row: QTreeWidgetItem | None) -> None:
        """Hear the recording from the row's moment."""
        moment = row.data(0, MOMENT) if row is not None else None
        if moment is None:
            return
        if not moment.playable:
            self._say(
                "This was typed while nothing was being recorded."
                if moment.offset is None
                else "Which recording this was typed in is not known (there is more than one)."
            )
            return
        self.play(moment.take, moment.offset)

    def play(self, take: str, offset: float) -> None:
        """Play ``take`` from ``offset`` seconds."""
        try:
            if self.player is None or self.playing_take != take:
                playback.closing(self.player)
                self.player, self.playing_take = None, None
                self.player = playback.Player(playback.take_file(self.controller.conference.id or "", take))
                self.playing_take = take
                self.player.set_speed(self.speed.currentData())
            self.player.play(offset)
        except ChairDeskError as error:
            self._say(str(error))
            return
        self._say("")

    def toggle(self) -> None:
        if self.player is None:
            self.play_row(self.tree.currentItem())
            return
        try:
            self.player.toggle()
        except ChairDeskError as error:
            self._say(str(error))

    def back(self) -> None:
        if self.player is not None:
            self.player.back()

    def set_speed(self, speed: float) -> None:
        if self.player is not None:
            self.player.set_speed(speed)

    def _step_speed(self, step: int) -> None:
        self.speed.setCurrentIndex(min(max(self.speed.currentIndex() + step, 0), self.speed.count() - 1))

    def _say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))

    def _show_position(self) -> None:
        player = self.player
        if player is None:
            return
        state = player.state
        self.play_button.setText("Pause (Space)" if state == playback.PLAYING else "Play (Space)")
        label = timeline.take_label(self.playing_take, self.takes)
        done = " (the end)" if player.ended else ""
        self.where.setText(
            f"{timeline.clock(player.position)} of {timeline.clock(player.duration)} in {label}, "
            f"at {player.speed:g}×{done}"
        )

    # -- closing the conference ---------------------------------------------------------------------------

    def export(self, destination: Path | None = None) -> bool:
        """Copy the recording(s) and the current documents to a folder the chair picks, check the copies (on a
        worker thread), then ask whether to remove the laptop's copy of the recording (No is the default). False
        when nothing was started (no folder chosen, the chair went back, or an export is running already)."""
        if self.work.is_held(self.export_action):
            return False
        if destination is None:
            chosen = QFileDialog.getExistingDirectory(self, "Where to put the recording and the documents")
            if not chosen:
                return False
            destination = Path(chosen)
        self.stop_playing()
        conference = self.controller.conference
        try:
            self.controller.writer.flush()
            with open_store(self.controller.db_path) as store:
                tracked = store.tracked_documents(conference.id or "")
            unsent = closing.not_sent_words(tracked)
            if unsent and not self.confirm(
                "Documents not sent",
                f"{unsent}\n\nExport and close the conference anyway? Mark them sent in Outputs and sending first "
                "if they were sent.",
            ):
                return False
        except ChairDeskError as error:
            QMessageBox.warning(self, "Not exported", str(error))
            return False
        snapshot, documents = copy.deepcopy(conference), closing.current_documents(tracked)
        return self.work.run(
            EXPORT_JOB,
            lambda: closing.export_for_the_record(snapshot, destination, documents, piece_done=self.work.still_going),
            self._exported,
            "The export could not be finished because of an unexpected problem (the details are in the log). "
            "Nothing has been removed from this laptop; export again.",
            holds=(self.export_action,),
            saying=EXPORTING,
            patience=folder_not_answering(
                "the export",
                "Nothing has been removed from this laptop. The folder may hold part of the export: export again, to "
                "another folder if this one still does not answer.",
                writing=True,
            ),
        )

    def _exported(self, exported: object) -> None:
        if isinstance(exported, Failure):
            QMessageBox.warning(self, "Not exported", exported.sentence)
            return
        assert isinstance(exported, closing.Export)
        self.last_export = exported
        self.statusBar().showMessage(exported.sentence, 30000)
        if not self.isVisible():  # finished as the conference closed: said once; nothing more is asked of the chair
            kept = " The laptop's copy of the recording is kept." if exported.recordings else ""
            QMessageBox.information(self, "Exported", exported.sentence + kept)
            return
        if not any(c.copy.suffix == ".flac" for c in exported.recordings):
            self.offer_to_close(exported.sentence)
            return
        self.ask_to_remove(exported)

    def confirm(self, title: str, text: str) -> bool:
        """Ask before going on (No is the default)."""
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def offer_to_close(self, said: str) -> None:
        """After the export: close the conference (back to the home, as File > Close this conference does) once the
        chair confirms; No keeps it open."""
        box = QMessageBox(self)
        box.setObjectName("closeConference")
        box.setWindowTitle("Close the conference?")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(said)
        box.setInformativeText("Close the conference now and go back to the home? It is saved; you can open it again.")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered(answer: int) -> None:
            if answer == QMessageBox.StandardButton.Yes:
                self.close()
                self.close_conference.emit()

        box.finished.connect(answered)
        self.question = box
        box.open()

    def ask_to_remove(self, exported: closing.Export) -> None:
        box = QMessageBox(self)
        box.setObjectName("removeRecording")
        box.setWindowTitle("Remove the recording from this laptop?")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(exported.sentence)
        box.setInformativeText(
            "Remove the laptop's copy of the recording now? The copy in the folder you chose is kept. This cannot "
            "be undone."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered(answer: int) -> None:
            if answer != QMessageBox.StandardButton.Yes:
                self._removed(exported, [])
                return
            self.work.run(  # each copy is read again before anything goes
                REMOVE_JOB,
                lambda: closing.remove_recordings(exported, True, piece_done=self.work.still_going),
                lambda removed: self._removed(exported, removed),
                "The recording could not be removed because of an unexpected problem (the details are in the log). "
                "The copy in the folder you chose is kept; nothing else has changed.",
                holds=(self.export_action,),
                saying=REMOVING,
                patience=folder_not_answering(
                    "the exported recording again",
                    "Nothing has been removed from this laptop; the recording is still here. Export again when the "
                    "folder answers.",
                ),
            )

        box.finished.connect(answered)
        self.question = box
        box.open()

    def _removed(self, exported: closing.Export, removed: object) -> None:
        """What came of removing the laptop's copy of the recording (or of not removing it)."""
        if isinstance(removed, Failure):
            QMessageBox.warning(self, "The recording was not removed", removed.sentence)
            return
        said = exported.sentence
        if isinstance(removed, list) and removed:
            said += f" The laptop's copy of the recording is removed ({len(removed)} take(s)); the export is kept."
            self.statusBar().showMessage(said, 30000)
        self.reload()
        self.offer_to_close(said)

    def stop_playing(self) -> None:
        """Close the player (its sound stream with it) and say so: nothing is left playing or shown as playing."""
        playback.closing(self.player)
        self.player, self.playing_take = None, None
        self.play_button.setText("Play (Space)")
        self.where.setText("Choose a moment and press Enter to hear it.")

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate and not self.taken_keys:
            self.taken_keys = take_keys(self)
        elif event.type() == QEvent.Type.WindowDeactivate:
            give_keys_back(self.taken_keys)
        return super().event(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        # Opened again after being closed (the console keeps one editor): what closing stopped starts again.
        if not self.timer.isActive():
            self.timer.start()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        for key, timer in self._settles.items():
            if timer.isActive():
                timer.stop()
                self.save_discussion(key, self.stage_boxes[key].toPlainText())
        self.stop_playing()
        self.timer.stop()
        give_keys_back(self.taken_keys)
        super().closeEvent(event)
