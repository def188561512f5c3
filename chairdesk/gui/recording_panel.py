"""The recording panel: microphone, start/pause/stop, elapsed time, a level meter, bookmarks and warnings.

The recorder (core) does the work on its own threads; this panel only polls it on a timer (its status, levels,
the clock) and starts the slow steps (opening the microphone, joining the parts, looking for microphones or for
interrupted recordings) on worker threads through one :class:`~chairdesk.gui.background.Background`: while a
step runs, every control that could start it again or act on the take meanwhile (its button and its menu action,
so its shortcut too) is disabled, so pressing Ctrl+R twice, or Record and Ctrl+R, opens one microphone. A worker
that fails, however it fails, comes back as a plain sentence and leaves the panel where Record works. The meeting
never waits for the recording, and a recording problem never stops the chair typing.

Closing the window (:meth:`RecordingPanel.shut_down`) stops everything the panel started: every recorder it made
(one still being opened included), its timer and its question; no stream stays open and no file grows.

After a crash the panel says in one sentence what recording came back (:attr:`RecordingPanel.recovered_sentence`,
also sent as :attr:`RecordingPanel.recording_recovered`) and asks the chair whether to start recording again.

What the panel says about the recording comes from one place, :meth:`Recorder.status`: the status line is the
state's sentence and the box under it the notices still true, so the two can never disagree.

Before the meeting, "Check the microphone" records three seconds into memory only (never to disk), shows the level
reached as a bar and in words, and plays it back (:mod:`chairdesk.recording.check`). After Stop, the recording's
length read back from its file is compared with the time recorded; a difference is said with the outcome.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from chairdesk.errors import ChairDeskError
from chairdesk.gui.background import Background, Failure
from chairdesk.gui.controller import MeetingController
from chairdesk.recording.status import for_the_log
from chairdesk.words import capitalise

log = logging.getLogger(__name__)

POLL_MS = 100
NO_INPUT_SECONDS = 0.5  # no level reading for this long: the meter says there is no input, never a frozen level

ALARM_STYLE = "background: #fbe3e0; color: #5c1410; padding: 4px; font-weight: bold;"
WARNING_STYLE = "background: #fff1c2; color: #4a3b00; padding: 4px;"
GOOD_NEWS_STYLE = "background: #dcefdc; color: #1d4a1f; padding: 4px; font-weight: bold;"

# What a worker is doing for the chair, as the status line says it meanwhile.
OPENING = "Opening the microphone…"
REOPENING = "Opening the microphone again…"
STOPPING = "Stopping and putting the recording together as one file…"
CHECKING = "Listening for 3 seconds: speak as you would in the meeting…"
PLAYING_BACK = "Playing it back now…"
JOINING = "Putting what was recorded together as one file…"
JOIN_AGAIN_SECONDS = 5.0  # a take that stopped by itself and could not be joined yet (no room) is tried again so often
CLOSING_WAIT = 10.0  # seconds closing waits for a microphone being opened, so that it can be closed again
AGAIN = "Start recording again now?"


def clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def breakable(text: str) -> str:
    """``text`` with a break allowed after each / and \\ so a long path wraps in a narrow panel (for showing only:
    the zero-width spaces are never stored)."""
    return re.sub(r"([/\\])", "\\1\u200b", text)


__all__ = ["Failure", "LevelMeter", "RecordingPanel"]


class LevelMeter(QWidget):
    """How loud the microphone is: a bar, green, amber near the top, red when clipping; "No input" when nothing
    is arriving (the microphone gone, or not recording), never a level frozen at its last value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = 0.0
        self.no_input = True
        self.setMinimumHeight(14)
        self.setMinimumWidth(40)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Microphone level")
        self.setAccessibleDescription("no input")

    def set_level(self, peak: float) -> None:
        peak = min(max(peak, 0.0), 1.0)
        if self.no_input or abs(peak - self.level) > 0.005:
            self.level = peak
            self.no_input = False
            self.setAccessibleDescription(f"{round(peak * 100)} percent")
            self.update()

    def set_no_input(self) -> None:
        if not self.no_input or self.level:
            self.level = 0.0
            self.no_input = True
            self.setAccessibleDescription("no input")
            self.update()

    def paintEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#dddddd"))
        if self.no_input:
            painter.setPen(QColor("#555555"))
            font = painter.font()
            font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
            painter.setFont(font)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No input")
        else:
            colour = "#2e7d32" if self.level < 0.7 else "#c77700" if self.level < 0.98 else "#b3261e"
            painter.fillRect(0, 0, int(self.width() * self.level), self.height(), QColor(colour))
        painter.end()


class _Results(QObject):
    """Signals that carry a worker thread's result (or its :class:`Failure`) back to the GUI thread."""

    devices = Signal(object)  # (the microphones found, the remembered one's name, an error sentence)
    started = Signal(object)  # the recorder
    resumed = Signal(object)  # None
    finished = Signal(object)  # a sentence for the chair
    recovered = Signal(object)  # chairdesk.recording.Recovered, one per recording put back
    checked = Signal(object)  # (the check, the sentence about playing it back: "" when it was played)


class RecordingPanel(QWidget):
    recording_recovered = Signal(str)  # after a crash: what recording came back, in one plain sentence

    def __init__(self, controller: MeetingController, parent: QWidget | None = None, look_now: bool = True) -> None:
        super().__init__(parent)
        self.controller = controller
        self.recorder: Any = None  # chairdesk.recording.Recorder of the latest take
        self.recorder_options: dict[str, Any] = {}  # passed to each new Recorder (a test's disk of a given size)
        self.work = Background(self)  # the slow steps, each disabling the controls that started it until it is back
        self._made: list[Any] = []  # every recorder this panel made, stopped when the window closes
        self._made_lock = threading.Lock()
        self._closed = False
        self.recovered_sentence = ""  # what came back after a crash ("" when nothing did)
        self.question: QMessageBox | None = None  # "Start recording again now?" while it is asked
        self._problem = ""  # the answer to the chair's last action when it failed, while the state it answered lasts
        self._problem_for: tuple[int, str] = (0, "")
        self._outcome = "Not recording."  # the status line when no take is open
        self._heard_at = 0.0
        # A take that stopped by itself (the disk full, a write failed) is joined at once, as Stop joins one, and
        # again every JOIN_AGAIN_SECONDS until it is (space freed); meanwhile what came of it is said under the cause.
        self._halted_take: Any = None  # the recorder whose stopping by itself the panel has seen
        self._to_join: Any = None  # that recorder while its take is not joined yet
        self._join_again_at = 0.0
        self._after_halt: tuple[str, str] = ("", "")  # what came of joining it, and the style to say it in
        self.shown_status: Any = None  # the recorder's status the panel shows now (None: no recorder yet)
        self.results = _Results(self)
        self.results.devices.connect(self._show_devices)
        self.results.started.connect(self._started)
        self.results.resumed.connect(self._resumed)
        self.results.finished.connect(self._finished)
        self.results.recovered.connect(self._recovered)
        self.results.checked.connect(self._checked)

        self.devices = QComboBox()
        self.devices.setAccessibleName("Microphone")
        self.devices.setToolTip("The microphone to record from (remembered by its name)")
        self.devices.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.devices.setMinimumContentsLength(8)  # a long microphone name never widens the dock
        self.refresh_button = QPushButton("Look again")
        self.refresh_button.setToolTip("Look again for microphones (after plugging one in)")
        self.start_button = QPushButton("● Record")
        self.pause_button = QPushButton("Pause")
        self.stop_button = QPushButton("Stop")
        self.bookmark_button = QPushButton("Bookmark (F9)")
        # The menu's actions are the panel's own, so a shortcut is switched off with its button (see Background).
        self.record_action = self._action("&Record", self.start, "Ctrl+R")
        self.pause_action = self._action("&Pause or resume", self.pause_or_resume, "Ctrl+Shift+R")
        self.stop_action = self._action("&Stop", self.stop)
        self.bookmark_action = self._action("&Bookmark this moment", self.bookmark, "F9")
        self.second_copy_action = self._action("Second &copy to a folder…", self.choose_second_folder)
        self.menu_actions = (self.record_action, self.pause_action, self.stop_action, self.bookmark_action)
        self.menu_actions += (self.second_copy_action,)
        # What a slow step holds: the whole take (Record, Pause/Resume, Stop and the microphone) while the
        # microphone is opened, reopened or closed; the list of microphones (and Record) while it is looked for.
        self.take_controls = (
            self.start_button,
            self.record_action,
            self.pause_button,
            self.pause_action,
            self.stop_button,
            self.stop_action,
        )
        self.elapsed = QLabel("0:00:00")
        self.elapsed.setAccessibleName("Time recorded")
        self.meter = LevelMeter()
        self.status = QLabel("Not recording.")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Recording status")
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setObjectName("recordingWarning")
        self.warning.setAccessibleName("Recording warning")
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.hide()
        self.check_button = QPushButton("Check the microphone (3 s)")
        self.check_button.setToolTip(
            "Records 3 seconds from the chosen microphone (kept in memory, never saved), shows how loud it was "
            "and plays it back"
        )
        self.check_meter = LevelMeter()
        self.check_meter.setAccessibleName("Microphone check level")
        self.check_meter.hide()
        self.check_result = QLabel()
        self.check_result.setWordWrap(True)
        self.check_result.setAccessibleName("Microphone check")
        self.check_result.hide()
        self.request_button = QPushButton("A request to record…")
        self.request_button.setToolTip("A parent asks to record the meeting themselves: the chair's decision")
        self.request_button.clicked.connect(self.recording_request)

        # Three columns, so the panel still fits a dock about 300 px wide; the texts wrap under the controls.
        layout = QGridLayout(self)
        layout.addWidget(self.devices, 0, 0, 1, 2)
        layout.addWidget(self.refresh_button, 0, 2)
        layout.addWidget(self.start_button, 1, 0)
        layout.addWidget(self.pause_button, 1, 1)
        layout.addWidget(self.stop_button, 1, 2)
        layout.addWidget(self.elapsed, 2, 0)
        layout.addWidget(self.meter, 2, 1)
        layout.addWidget(self.bookmark_button, 2, 2)
        layout.addWidget(self.status, 3, 0, 1, 3)
        layout.addWidget(self.warning, 4, 0, 1, 3)
        layout.addWidget(self.check_meter, 6, 0, 1, 3)
        layout.addWidget(self.check_result, 7, 0, 1, 3)
        layout.setColumnStretch(1, 1)
        layout.setRowStretch(9, 1)
        self._side_by_side: bool | None = None  # where the check and the request are (see _arrange)
        self._arrange(side_by_side=True)

        self.microphone_controls = (self.devices, self.refresh_button)
        self.refresh_button.clicked.connect(lambda: self.load_devices(refresh=True))
        self.start_button.clicked.connect(lambda: self.start())
        self.pause_button.clicked.connect(lambda: self.pause_or_resume())
        self.stop_button.clicked.connect(lambda: self.stop())
        self.bookmark_button.clicked.connect(lambda: self.bookmark())
        self.check_button.clicked.connect(lambda: self.check_microphone())
        self.timer = QTimer(self, interval=POLL_MS, timeout=self.poll)
        controller.recording_offset_source = self.place
        # Looking for microphones starts PortAudio and imports the recording's modules, which slows the console's
        # first paint: with look_now false the look waits (the controls it holds held) until drawn() is called.
        self._drawn = threading.Event()
        if look_now:
            self._drawn.set()
        self.load_devices()
        self._show()

    def _action(self, text: str, slot: Callable[[], object], keys: str = "") -> QAction:
        """A menu action of the panel's (the console puts it in its Recording menu); its shortcut works anywhere."""
        act = QAction(text, self)
        if keys:
            act.setShortcut(QKeySequence(keys))
        act.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        act.setStatusTip(text.replace("&", ""))
        act.triggered.connect(lambda _checked=False: slot())
        return act

    # -- microphones -------------------------------------------------------------------------------------

    def drawn(self) -> None:
        """The console has been drawn: the microphones are looked for now."""
        self._drawn.set()

    def load_devices(self, refresh: bool = False) -> None:
        """Look for microphones on a worker thread (starting PortAudio takes a moment); the list fills when done."""

        def look() -> tuple[list[Any], str | None, str]:
            self._drawn.wait()
            from chairdesk.recording import list_input_devices, remembered_device

            found = list_input_devices(refresh=refresh)
            return found, remembered_device(), ""

        self.work.run(
            "chairdesk-microphones",
            look,
            self.results.devices.emit,
            "ChairDesk could not look for microphones because of an unexpected problem (the details are in the log). "
            "Press Look again to try again.",
            holds=self.microphone_controls + (self.start_button, self.record_action),  # Record reads the list
        )

    def _show_devices(self, result: object) -> None:
        found, remembered, error = result if not isinstance(result, Failure) else ([], None, result.sentence)
        self.devices.clear()
        for device in found:
            self.devices.addItem(device.name + (" (default)" if device.default else ""), device.name)
        if not found:
            self.devices.addItem("No microphone found", None)
            self._say(error or "No microphone was found. Plug one in and press Look again; the meeting can go on.")
        elif not self._is_open():
            self._problem = ""
        if found:
            index = self.devices.findData(remembered) if remembered else -1
            if index < 0:
                index = next((i for i, d in enumerate(found) if d.default), 0)
            self.devices.setCurrentIndex(index)
        self._show()

    # -- controls ----------------------------------------------------------------------------------------

    def start(self, device: str | None = None) -> bool:
        """Record (Ctrl+R): open the microphone (``device``, a name; None: the one chosen in the list) on a worker
        thread; the panel says what came of it. False when it was not started: a take is open already, or a slow
        step of the take is still running (Record is switched off meanwhile)."""
        if self._is_open() or self._closed:
            return False
        name = device or self.devices.currentData()
        conference_id = self.controller.conference.id or ""
        options = dict(self.recorder_options)

        def open_microphone() -> object:
            from chairdesk.recording import Recorder, remember_device
            from chairdesk.recording.second_copy import second_folder

            options.setdefault("second_folder", second_folder())

            recorder = Recorder.for_conference(conference_id, name, **options)
            with self._made_lock:
                if self._closed:
                    return None
                self._made.append(recorder)
            recorder.start()
            with self._made_lock:
                closed = self._closed
            if closed:  # the window closed while the microphone opened: it must not record on, unseen
                recorder.stop()
            elif recorder.device_name:
                remember_device(recorder.device_name)  # this computer's settings, here off the GUI thread
            return recorder

        started = self.work.run(
            "chairdesk-open-microphone",
            open_microphone,
            self.results.started.emit,
            "The recording could not start because of an unexpected problem (the details are in the log). "
            "Press Record to try again.",
            holds=self.take_controls + self.microphone_controls,
            saying=OPENING,
        )
        if started:
            self._problem = ""
            self._show()
        return started

    def _started(self, result: object) -> None:
        if isinstance(result, Failure):
            self._say(result.sentence)
        else:
            self.recorder = result
            self._heard_at = time.monotonic()
            self.timer.start()
        self._show()

    def choose_second_folder(self, folder: Path | None = None, stop: bool = False) -> None:
        """Recording > Second copy to a folder… (chairdesk.gui.second_copy; ``folder``/``stop``: a test's answer)."""
        from chairdesk.gui.second_copy import choose_second_folder

        said = choose_second_folder(self, self.controller, folder, stop)
        if said:
            self._tell(said, 8000)

    def pause_or_resume(self) -> None:
        """Pause, or Resume (Ctrl+Shift+R). Resuming after a pause is at once (the microphone stayed open);
        resuming after the microphone was lost opens one again, which takes a moment, so on a worker thread."""
        if self.recorder is None or self.work.is_held(self.pause_action) or not self._is_open():
            return
        self._problem = ""
        status = self.recorder.status()
        if str(status.state) in ("recording", "paused") and status.cause is None:
            try:
                if str(status.state) == "recording":
                    self.recorder.pause()
                else:
                    self.recorder.resume()
            except ChairDeskError as error:
                self._say(str(error))
            self._show()
            return
        recorder, device = self.recorder, self.devices.currentData()

        def resume() -> None:
            recorder.resume(device)

        if self.work.run(
            "chairdesk-resume",
            resume,
            self.results.resumed.emit,
            "The recording could not carry on because of an unexpected problem (the details are in the log). "
            "Press Resume to try again, or Stop to keep what is recorded.",
            holds=self.take_controls + self.microphone_controls,
            saying=REOPENING,
        ):
            self._show()

    def _resumed(self, result: object) -> None:
        self._heard_at = time.monotonic()
        if isinstance(result, Failure):
            self._say(result.sentence)
        self._show()

    def bookmark(self) -> None:
        if not self._is_open():
            self._tell("Nothing is being recorded, so there is nothing to bookmark.", 5000)
            return
        try:
            mark = self.recorder.bookmark(self.controller.meeting.stage.title)
        except ChairDeskError as error:
            self._tell(str(error), 5000)
            return
        self.controller.meeting.add_bookmark(mark)
        self._tell(f"Bookmark at {clock(mark.offset)}: {mark.label}", 5000)

    def stop(self) -> None:
        """Stop: close the recording and join its parts into one file, on a worker thread."""
        if not self._is_open():
            return
        if self._join(self.recorder, STOPPING):
            self._problem = ""
            self._show()

    def _join(self, recorder: Any, saying: str = "") -> bool:
        """Stop ``recorder`` (if it has not stopped by itself) and join its parts, on a worker thread; False when
        that cannot start now (a slow step holds the take's controls). ``saying``: the status line meanwhile (none
        for a take that stopped by itself: its cause stays there)."""

        def finish() -> str:
            made = recorder.finish()
            said = f"{made.message} It is in {made.path.parent}." if made.duration else made.message
            check = getattr(recorder, "length_check", None)
            return f"{said} {check.sentence}" if check is not None and check.sentence else said

        return self.work.run(
            "chairdesk-finish-recording",
            finish,
            lambda result: self.results.finished.emit((recorder, result)),
            "It could not be put together as one file because of an unexpected problem (the details are in the "
            "log). It is safe in its parts, and ChairDesk puts it together the next time it starts. Press Record to "
            "make a new recording.",
            holds=self.take_controls,
            saying=saying,
        )

    def _join_halted(self, recorder: Any) -> None:
        """Join the take that stopped by itself (at once, then again until it is joined); said under its cause."""
        if self._join(recorder):
            if not self._after_halt[0]:
                self._after_halt = (JOINING, WARNING_STYLE)
            self._show()

    def _finished(self, came_back: object) -> None:
        recorder, result = came_back  # type: ignore[misc]
        if recorder is self._to_join:
            self._joined_halted(recorder, result)
            return
        self.timer.stop()
        if isinstance(result, Failure):
            said = result.sentence.rstrip(".")
            self._outcome = f"The recording stopped. {capitalise(said)}."
        else:
            self._outcome = str(result)
        if self._is_open():  # it could not even be stopped: let it go, so Record works again
            log.error("a recording could not be stopped; a new one may be started")
            self.recorder = None
        self.meter.set_no_input()
        self._show()

    def _joined_halted(self, recorder: Any, result: object) -> None:
        """What came of joining a take that stopped by itself: said under its cause; tried again if it failed."""
        if not isinstance(result, Failure):
            self._to_join = None
            self._after_halt = (str(result), GOOD_NEWS_STYLE)
            if recorder is self.recorder and not self.work.doing:
                self.timer.stop()
        else:
            said = result.sentence.rstrip(".")
            self._after_halt = (
                f"Not put together as one file yet: {said}. ChairDesk tries again by itself every few seconds, and "
                "when it next starts.",
                WARNING_STYLE,
            )
            self._join_again_at = time.monotonic() + JOIN_AGAIN_SECONDS
        self._show()

    # -- the microphone check ----------------------------------------------------------------------------

    def check_microphone(self) -> bool:
        """Record 3 s from the chosen microphone into memory, show the level reached and play it back, on a worker
        thread. False when it cannot start now (a take is open, or a check is running)."""
        if self._is_open() or self._closed:
            return False
        name = self.devices.currentData()

        def check() -> tuple[Any, str]:
            from chairdesk.recording.check import MicrophoneCheckError, check_microphone, play_back

            made = check_microphone(name)
            self.work.to_gui(self._check_heard, made)  # shown while it plays back
            try:
                play_back(made)
            except MicrophoneCheckError as error:
                return made, str(error)
            return made, ""

        started = self.work.run(
            "chairdesk-check-microphone",
            check,
            self.results.checked.emit,
            "The microphone could not be checked because of an unexpected problem (the details are in the log). "
            "Press Check the microphone to try again.",
            holds=(self.check_button, self.start_button, self.record_action) + self.microphone_controls,
        )
        if started:
            self.check_meter.set_no_input()
            self.check_meter.show()
            self._show_check(CHECKING, WARNING_STYLE)
        return started

    def _check_heard(self, made: Any) -> None:
        self._show_check_level(made)
        self._show_check(f"{made.sentence} {PLAYING_BACK}", self._check_style(made))

    def _checked(self, result: object) -> None:
        if isinstance(result, Failure):
            self.check_meter.hide()
            self._show_check(result.sentence, WARNING_STYLE)
            return
        made, playing = result  # type: ignore[misc]
        self._show_check_level(made)
        said = playing or "It was played back on the loudspeakers or headphones."
        self._show_check(f"{made.sentence} {said}", self._check_style(made))

    def _show_check_level(self, made: Any) -> None:
        if made.peak > 0:
            self.check_meter.set_level(made.peak)
        else:
            self.check_meter.set_no_input()
        self.check_meter.show()

    @staticmethod
    def _check_style(made: Any) -> str:
        return GOOD_NEWS_STYLE if str(made.verdict) == "good" else WARNING_STYLE

    def _show_check(self, sentence: str, style: str) -> None:
        self.check_result.setText(sentence)
        self.check_result.setStyleSheet(style)
        self.check_result.show()
        self._fit_height()

    def recording_request(self) -> None:
        from chairdesk.gui.recording_request import RecordingRequestDialog

        RecordingRequestDialog(self.controller, self).exec()

    # -- start-up recovery -------------------------------------------------------------------------------

    def recover_interrupted(self) -> None:
        """Find recordings a crash interrupted and join what is there, off the GUI thread; say what came back and,
        for this conference's recording cut off by the crash, ask whether to start recording again. Runs once the
        console is drawn; even the module is loaded on the worker, so the chair's first key is not kept waiting."""
        if self.work.running("chairdesk-recover"):  # one look at a time: two would join the same recording
            return

        conference_id = self.controller.conference.id or ""

        def recover() -> object:
            from chairdesk import earlier_files
            from chairdesk.recording.recovery import ONE_LOOK, recover_interrupted

            with ONE_LOOK:  # another console's look (a conference opened since) waits: never two on one take
                # What an earlier version left in the clear is sealed first, and this conference's folders named
                # after its id get their keyed names (the others' when each is next opened).
                earlier_files.bring_up_to_date(conference_id)
                return recover_interrupted()

        self.work.run(
            "chairdesk-recover",
            recover,
            self.results.recovered.emit,
            "ChairDesk could not look for interrupted recordings because of an unexpected problem (the details are "
            "in the log). Nothing has been deleted; it looks again the next time it starts.",
        )

    def _recovered(self, result: object) -> None:
        if isinstance(result, Failure):
            found, sentences = [], [result.sentence]
        else:
            found = list(result)  # type: ignore[call-overload]
            sentences = [recovered.sentence for recovered in found]
        if sentences:
            self.recovered_sentence = " ".join(sentences)
            if not self._is_open() and not self.work.doing:
                self._outcome = self.recovered_sentence
            self._tell(sentences[0], 20000)
            self.recording_recovered.emit(self.recovered_sentence)
        self._show()
        conference_id = self.controller.conference.id or ""
        cut_off = [r for r in found if r.interrupted and r.of_conference(conference_id)]
        if cut_off and not self._is_open() and not self.work.doing:
            self.ask_to_record_again(cut_off[-1].sentence, cut_off[-1].device)

    def ask_to_record_again(self, sentence: str, device: str | None) -> None:
        """Ask, in a box on the console, whether to start recording again on the same microphone. No (the default,
        and Escape) leaves it stopped; a key pressed while typing cannot start a recording."""
        box = QMessageBox(self._console() or self)
        box.setWindowTitle("The recording after ChairDesk closed unexpectedly")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(sentence)
        box.setInformativeText(AGAIN)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered(answer: int) -> None:
            self.question = None
            if answer == QMessageBox.StandardButton.Yes and not self._is_open():
                self._record_again_on(device)

        box.finished.connect(answered)
        self.question = box
        box.open()

    def _record_again_on(self, device: str | None) -> None:
        """Start a new take of this conference's recording on ``device`` (the microphone it was on), shown in the
        list of microphones; the default when that one is not there (the panel says which it records on)."""
        index = self.devices.findData(device) if device else -1
        if index >= 0:
            self.devices.setCurrentIndex(index)
        self.start(device if index >= 0 else None)

    # -- what the window shows ---------------------------------------------------------------------------

    def _is_open(self) -> bool:
        return self.recorder is not None and self.recorder.status().is_open

    def offset(self) -> float | None:
        """Seconds into the recording now, for stamping what is typed; None when nothing is recording."""
        if not self._is_open():
            return None
        return round(self.recorder.elapsed, 2)

    def place(self) -> tuple[str, float] | None:
        """Which take (its folder's name, as a bookmark names it) and how many seconds into it the recording is
        now, for stamping what is typed; None when nothing is recording. After a crash there are two takes, so an
        offset alone cannot say where a thing is."""
        offset = self.offset()
        return None if offset is None else (self.recorder.folder.name, offset)

    def poll(self) -> None:
        recorder = self.recorder
        if recorder is None:
            return
        status = recorder.status()
        state = str(status.state)
        if state == "stopped" and status.cause is not None and self._halted_take is not recorder:
            # It stopped by itself: its folder is released (the recorder does that); join it as Stop would.
            self._halted_take = self._to_join = recorder
            self._after_halt, self._join_again_at = ("", ""), 0.0
        if self._to_join is recorder and time.monotonic() >= self._join_again_at and not self._closed:
            self._join_again_at = time.monotonic() + JOIN_AGAIN_SECONDS  # until this attempt comes back
            self._join_halted(recorder)
        levels = recorder.levels()
        now = time.monotonic()
        if levels and state in ("recording", "paused"):
            self.meter.set_level(max(level.peak for level in levels))
            self._heard_at = now
        elif state not in ("recording", "paused") or now - self._heard_at > NO_INPUT_SECONDS:
            self.meter.set_no_input()
        for warning in recorder.warnings():  # the status shows them; the status bar keeps the good news a while
            if warning.clears:
                self._tell(warning.message, 8000)
        self.elapsed.setText(clock(recorder.elapsed))
        self._show()

    def _say(self, problem: str) -> None:
        """Answer the chair's action that failed; the answer stands until the recorder's state changes."""
        self._problem = problem
        self._problem_for = self._state_key()

    def _state_key(self) -> tuple[int, str]:
        return (id(self.recorder), str(self.recorder.status().state) if self.recorder is not None else "")

    def _show(self) -> None:
        """Show the recorder's status (or what a worker is doing for the chair) and enable what can be done."""
        status = self.recorder.status() if self.recorder is not None else None
        self.shown_status = status
        if self._problem and not self.work.doing and self._state_key() != self._problem_for:
            self._problem = ""  # it answered a state that has passed (the microphone came back by itself, say)
        is_open = status is not None and status.is_open
        if self.work.doing:
            line, alarm = self.work.doing, False
        elif status is not None and (is_open or status.cause is not None):
            line, alarm = status.sentence, status.alarm
        else:
            line, alarm = self._outcome, False
        notices = status.current_notices() if status is not None and is_open and not self.work.doing else ()
        said = ([self._problem] if self._problem else []) + [notice.message for notice in notices]
        good_news = not self._problem and bool(notices) and all(notice.clears for notice in notices)
        after, style = self._after_halt
        if after and not is_open and self.recorder is self._halted_take and not self.work.doing:
            said.append(after)  # under the cause: what came of joining the take that stopped by itself
            good_news = not self._problem and style == GOOD_NEWS_STYLE

        changed = _set_text(self.status, breakable(line))
        changed |= _set_style(self.status, ALARM_STYLE if alarm else "")
        changed |= _set_text(self.warning, breakable("\n".join(said)))
        changed |= _set_style(self.warning, GOOD_NEWS_STYLE if good_news else WARNING_STYLE)
        if self.warning.isHidden() == bool(said):
            self.warning.setVisible(bool(said))
            changed = True
        if changed:
            self._fit_height()

        # What may be pressed in this state; Background keeps off whatever a slow step still running holds.
        state = "busy" if self.work.doing else str(status.state) if status is not None else "idle"
        for control in (self.start_button, self.record_action, self.check_button):
            self.work.allow(control, not is_open and not self._closed)
        for control in (self.pause_button, self.pause_action, self.stop_button, self.stop_action):
            self.work.allow(control, is_open)
        self.pause_button.setText("Resume" if state in ("paused", "device-lost") else "Pause")
        self.work.allow(self.bookmark_button, is_open)
        self.work.allow(self.devices, state != "recording")
        self.work.allow(self.refresh_button, True)
        if not is_open:
            self.meter.set_no_input()

    def _console(self) -> QMainWindow | None:
        """The console the panel is in (found through the parents: the panel may be in a floating dock)."""
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QMainWindow):
            widget = widget.parentWidget()
        return widget

    def _tell(self, sentence: str, milliseconds: int) -> None:
        """Put ``sentence`` in the console's status bar."""
        console = self._console()
        if console is not None:
            console.statusBar().showMessage(sentence, milliseconds)

    def _fit_height(self) -> None:
        """Ask the dock for the height the wrapped texts need at this width: a dock does not do it for a label
        that wraps, and the warning would be cut off."""
        layout = self.layout()
        if layout is None:
            return
        needed = max(layout.totalHeightForWidth(max(self.width(), 1)), layout.totalMinimumSize().height())
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def _arrange(self, side_by_side: bool) -> None:
        """The check and the request side by side on one row where the panel is wide enough for both (the docked
        panel beside the register on a laptop: one row less, so the register keeps room for everyone while a
        warning takes two lines), one above the other where it is not (a floating dock about 300 px wide). Side by
        side, neither button sets the panel's least width, so the panel can still be made narrow."""
        if side_by_side == self._side_by_side:
            return
        self._side_by_side = side_by_side
        layout = self.layout()
        assert isinstance(layout, QGridLayout)
        for button in (self.check_button, self.request_button):
            layout.removeWidget(button)
            button.setMinimumWidth(1 if side_by_side else 0)
        if side_by_side:
            layout.addWidget(self.check_button, 5, 0, 1, 2)
            layout.addWidget(self.request_button, 5, 2)
        else:
            layout.addWidget(self.check_button, 5, 0, 1, 3)
            layout.addWidget(self.request_button, 8, 0, 1, 3)

    def _both_fit(self, width: int) -> bool:
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        needed = self.check_button.sizeHint().width() + self.request_button.sizeHint().width()
        return width >= needed + layout.spacing() + margins.left() + margins.right()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._arrange(self._both_fit(self.width()))
        self._fit_height()

    def shut_down(self) -> None:
        """The window is closing: stop everything the panel started. Every recorder it made is stopped (everything
        so far is on disk already; the parts are joined the next time ChairDesk starts), one whose microphone is
        still being opened included (closing waits the moment that takes); its timer and its question go, and no
        result of a worker is shown any more. Safe to call more than once."""
        with self._made_lock:
            self._closed = True
        self._drawn.set()  # a look still waiting for the first paint ends (its result is no longer shown)
        self.work.close()
        self.timer.stop()
        if self.question is not None:
            self.question.done(QMessageBox.StandardButton.No)
            self.question = None
        if not self.work.wait(CLOSING_WAIT, ("chairdesk-open-microphone", "chairdesk-resume")):
            log.error("a microphone was still being opened as the window closed; it is stopped when it opens")
        with self._made_lock:
            made = list(self._made)
        for recorder in made:  # one that stopped by itself too: its writer is waited for (its folder is released)
            if recorder.status().is_open or str(recorder.status().state) == "stopped":
                try:
                    recorder.stop()
                except Exception as error:  # closing must go on; the parts are recovered at the next start
                    log.error("stopping the recording on close failed: %s", for_the_log(error))


def _set_text(label: QLabel, text: str) -> bool:
    if label.text() == text:
        return False
    label.setText(text)
    return True


def _set_style(label: QLabel, style: str) -> bool:
    if label.styleSheet() == style:
        return False
    label.setStyleSheet(style)
    return True
