"""The recording panel: microphone, start/pause/stop, elapsed time, a level meter, bookmarks and warnings.

The recorder (core) does the work on its own threads; this panel only polls it on a timer (its status, levels,
the clock) and starts the slow steps (opening the microphone, joining the parts, looking for microphones or for
interrupted recordings) on worker threads through :func:`run_in_background`, whose results come back as signals.
A worker that fails, however it fails, comes back as a plain sentence and leaves the panel where Record works.
The meeting never waits for the recording, and a recording problem never stops the chair typing.

What the panel says about the recording comes from one place, :meth:`Recorder.status`: the status line is the
state's sentence and the box under it the notices still true, so the two can never disagree.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from chairdesk.errors import ChairDeskError
from chairdesk.gui.controller import MeetingController
from chairdesk.recording.status import for_the_log
from chairdesk.storage import Store

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


def clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def breakable(text: str) -> str:
    """``text`` with a break allowed after each / and \\ so a long path wraps in a narrow panel (for showing only:
    the zero-width spaces are never stored)."""
    return re.sub(r"([/\\])", "\\1\u200b", text)


@dataclass(frozen=True)
class Failure:
    """What a worker thread sends back instead of its result when it failed: the sentence for the chair."""

    sentence: str


def run_in_background(name: str, work: Callable[[], object], done: SignalInstance, unexpected: str) -> None:
    """Run ``work`` on a worker thread and emit its result on ``done`` (delivered on the GUI thread).

    No worker dies silently: a :class:`ChairDeskError` comes back as a :class:`Failure` with its own sentence, any
    other exception as a :class:`Failure` saying ``unexpected`` (what happened and what to do), with the detail in
    the log.
    """

    def run() -> None:
        try:
            result = work()
        except ChairDeskError as error:
            result = Failure(str(error))
        except Exception as error:
            log.error("%s failed: %s", name, for_the_log(error))
            result = Failure(unexpected)
        with contextlib.suppress(RuntimeError):  # the window closed while the worker ran
            done.emit(result)

    threading.Thread(target=run, name=name, daemon=True).start()


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
    recovered = Signal(object)  # sentences, one per recovered recording


class RecordingPanel(QWidget):
    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.recorder: Any = None  # chairdesk.recording.Recorder of the latest take
        self.recorder_options: dict[str, Any] = {}  # passed to each new Recorder (a test's disk of a given size)
        self._busy = ""  # what a worker is doing for the chair now, as the status line says it
        self._problem = ""  # the answer to the chair's last action when it failed, while the state it answered lasts
        self._problem_for: tuple[int, str] = (0, "")
        self._outcome = "Not recording."  # the status line when no take is open
        self._heard_at = 0.0
        self.shown_status: Any = None  # the recorder's status the panel shows now (None: no recorder yet)
        self.results = _Results(self)
        self.results.devices.connect(self._show_devices)
        self.results.started.connect(self._started)
        self.results.resumed.connect(self._resumed)
        self.results.finished.connect(self._finished)
        self.results.recovered.connect(self._recovered)

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
        layout.addWidget(self.request_button, 5, 0, 1, 3)
        layout.setColumnStretch(1, 1)
        layout.setRowStretch(6, 1)

        self.refresh_button.clicked.connect(lambda: self.load_devices(refresh=True))
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.pause_or_resume)
        self.stop_button.clicked.connect(self.stop)
        self.bookmark_button.clicked.connect(self.bookmark)
        self.timer = QTimer(self, interval=POLL_MS, timeout=self.poll)
        controller.recording_offset_source = self.offset
        self.load_devices()
        self._show()

    # -- microphones -------------------------------------------------------------------------------------

    def load_devices(self, refresh: bool = False) -> None:
        """Look for microphones on a worker thread (starting PortAudio takes a moment); the list fills when done."""
        db_path = self.controller.db_path

        def look() -> tuple[list[Any], str | None, str]:
            from chairdesk.recording import list_input_devices, remembered_device

            found = list_input_devices(refresh=refresh)
            try:
                with Store(db_path) as store:
                    remembered = remembered_device(store)
            except ChairDeskError:
                remembered = None
            return found, remembered, ""

        self.refresh_button.setEnabled(False)
        run_in_background(
            "chairdesk-microphones",
            look,
            self.results.devices,
            "ChairDesk could not look for microphones because of an unexpected problem (the details are in the log). "
            "Press Look again to try again.",
        )

    def _show_devices(self, result: object) -> None:
        self.refresh_button.setEnabled(True)
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

    def start(self) -> None:
        """Record (Ctrl+R): open the microphone on a worker thread; the panel says what came of it."""
        if self._busy or self._is_open():
            return
        name = self.devices.currentData()
        conference_id = self.controller.conference.id or ""
        options = dict(self.recorder_options)

        def open_microphone() -> object:
            from chairdesk.recording import Recorder

            recorder = Recorder.for_conference(conference_id, name, **options)
            recorder.start()
            return recorder

        self._problem = ""
        self._busy = OPENING
        self._show()
        run_in_background(
            "chairdesk-open-microphone",
            open_microphone,
            self.results.started,
            "The recording could not start because of an unexpected problem (the details are in the log). "
            "Press Record to try again.",
        )

    def _started(self, result: object) -> None:
        self._busy = ""
        if isinstance(result, Failure):
            self._say(result.sentence)
        else:
            self.recorder = result
            self._heard_at = time.monotonic()
            device = self.recorder.device_name
            if device:
                from chairdesk.recording import remember_device

                self.controller.writer.call(lambda store: remember_device(store, device))
            self.timer.start()
        self._show()

    def pause_or_resume(self) -> None:
        """Pause, or Resume (Ctrl+Shift+R). Resuming after a pause is at once (the microphone stayed open);
        resuming after the microphone was lost opens one again, which takes a moment, so on a worker thread."""
        if self.recorder is None or self._busy or not self._is_open():
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

        self._busy = REOPENING
        self._show()
        run_in_background(
            "chairdesk-resume",
            resume,
            self.results.resumed,
            "The recording could not carry on because of an unexpected problem (the details are in the log). "
            "Press Resume to try again, or Stop to keep what is recorded.",
        )

    def _resumed(self, result: object) -> None:
        if self._busy != REOPENING:  # the chair pressed Stop meanwhile: that is the news now
            return
        self._busy = ""
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
        """Stop: close the recording and join its parts into one file, on a worker thread (also while a lost
        microphone is being opened again: the recorder does one after the other)."""
        if self._busy not in ("", REOPENING) or not self._is_open():
            return
        recorder = self.recorder

        def finish() -> str:
            made = recorder.finish()
            return f"{made.message} It is in {made.path.parent}." if made.duration else made.message

        self._problem = ""
        self._busy = STOPPING
        self._show()
        run_in_background(
            "chairdesk-finish-recording",
            finish,
            self.results.finished,
            "It could not be put together as one file because of an unexpected problem (the details are in the "
            "log). It is safe in its parts, and ChairDesk puts it together the next time it starts. Press Record to "
            "make a new recording.",
        )

    def _finished(self, result: object) -> None:
        self._busy = ""
        self.timer.stop()
        if isinstance(result, Failure):
            said = result.sentence.rstrip(".")
            self._outcome = f"The recording stopped. {said[:1].upper()}{said[1:]}."
        else:
            self._outcome = str(result)
        if self._is_open():  # it could not even be stopped: let it go, so Record works again
            log.error("a recording could not be stopped; a new one may be started")
            self.recorder = None
        self.meter.set_no_input()
        self._show()

    def recording_request(self) -> None:
        from chairdesk.gui.recording_request import RecordingRequestDialog

        RecordingRequestDialog(self.controller, self).exec()

    # -- start-up recovery -------------------------------------------------------------------------------

    def recover_interrupted(self) -> None:
        """Find recordings a crash interrupted and join what is there, off the GUI thread; report each."""

        def recover() -> list[str]:
            from chairdesk.recording import find_unfinished
            from chairdesk.recording.assemble import assemble

            sentences = []
            for folder in find_unfinished():
                try:
                    sentences.append(assemble(folder).message)
                except ChairDeskError as error:
                    sentences.append(str(error))
                except Exception as error:  # one damaged recording must not keep the others from being recovered
                    log.error("recovering a recording failed: %s", for_the_log(error))
                    sentences.append(
                        f"The interrupted recording in {folder} could not be put together because "
                        "it is damaged (the details are in the log). Its files have been left as they are."
                    )
            return sentences

        run_in_background(
            "chairdesk-recover",
            recover,
            self.results.recovered,
            "ChairDesk could not look for interrupted recordings because of an unexpected problem (the details are "
            "in the log). Nothing has been deleted; it looks again the next time it starts.",
        )

    def _recovered(self, result: object) -> None:
        sentences = [result.sentence] if isinstance(result, Failure) else list(result)  # type: ignore[call-overload]
        if sentences:
            if not self._is_open() and not self._busy:
                self._outcome = " ".join(sentences)
            self._tell(sentences[0], 20000)
        self._show()

    # -- what the window shows ---------------------------------------------------------------------------

    def _is_open(self) -> bool:
        return self.recorder is not None and self.recorder.status().is_open

    def offset(self) -> float | None:
        """Seconds into the recording now, for stamping what is typed; None when nothing is recording."""
        if not self._is_open():
            return None
        return round(self.recorder.elapsed, 2)

    def poll(self) -> None:
        recorder = self.recorder
        if recorder is None:
            return
        state = str(recorder.status().state)
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
        if self._problem and not self._busy and self._state_key() != self._problem_for:
            self._problem = ""  # it answered a state that has passed (the microphone came back by itself, say)
        is_open = status is not None and status.is_open
        if self._busy:
            line, alarm = self._busy, False
        elif status is not None and (is_open or status.cause is not None):
            line, alarm = status.sentence, status.alarm
        else:
            line, alarm = self._outcome, False
        notices = status.current_notices() if status is not None and is_open and not self._busy else ()
        said = ([self._problem] if self._problem else []) + [notice.message for notice in notices]
        good_news = not self._problem and bool(notices) and all(notice.clears for notice in notices)

        changed = _set_text(self.status, breakable(line))
        changed |= _set_style(self.status, ALARM_STYLE if alarm else "")
        changed |= _set_text(self.warning, breakable("\n".join(said)))
        changed |= _set_style(self.warning, GOOD_NEWS_STYLE if good_news else WARNING_STYLE)
        if self.warning.isHidden() == bool(said):
            self.warning.setVisible(bool(said))
            changed = True
        if changed:
            self._fit_height()

        state = "busy" if self._busy else str(status.state) if status is not None else "idle"
        self.start_button.setEnabled(not self._busy and not is_open)
        self.pause_button.setEnabled(not self._busy and is_open)
        self.pause_button.setText("Resume" if state in ("paused", "device-lost") else "Pause")
        self.stop_button.setEnabled(self._busy in ("", REOPENING) and is_open)
        self.bookmark_button.setEnabled(not self._busy and is_open)
        self.devices.setEnabled(not self._busy and state != "recording")
        if not is_open:
            self.meter.set_no_input()

    def _tell(self, sentence: str, milliseconds: int) -> None:
        """Put ``sentence`` in the console's status bar (the panel may be in a floating dock)."""
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QMainWindow):
            widget = widget.parentWidget()
        if widget is not None:
            widget.statusBar().showMessage(sentence, milliseconds)

    def _fit_height(self) -> None:
        """Ask the dock for the height the wrapped texts need at this width: a dock does not do it for a label
        that wraps, and the warning would be cut off."""
        layout = self.layout()
        if layout is None:
            return
        needed = max(layout.totalHeightForWidth(max(self.width(), 1)), layout.totalMinimumSize().height())
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_height()

    def shut_down(self) -> None:
        """Stop a recording still running when the window closes (everything so far is on disk already)."""
        self.timer.stop()
        if self._is_open():
            try:
                self.recorder.stop()
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
