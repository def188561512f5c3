"""The recording panel: microphone, start/pause/stop, elapsed time, a level meter, bookmarks and warnings.

The recorder (core) does the work on its own threads; this panel only polls it on a timer (levels, warnings,
the clock) and starts the slow steps (opening the microphone, joining the parts) on worker threads, whose
results come back as signals. The meeting never waits for the recording, and a recording problem never stops
the chair typing.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from chairdesk.errors import ChairDeskError
from chairdesk.gui.controller import MeetingController
from chairdesk.storage import Store

POLL_MS = 100


def clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


class LevelMeter(QWidget):
    """How loud the microphone is: a bar, green, amber near the top, red when clipping."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = 0.0
        self.setMinimumHeight(14)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Microphone level")

    def set_level(self, peak: float) -> None:
        peak = min(max(peak, 0.0), 1.0)
        if abs(peak - self.level) > 0.005:
            self.level = peak
            self.setAccessibleDescription(f"{round(peak * 100)} percent")
            self.update()

    def paintEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#dddddd"))
        colour = "#2e7d32" if self.level < 0.7 else "#c77700" if self.level < 0.98 else "#b3261e"
        painter.fillRect(0, 0, int(self.width() * self.level), self.height(), QColor(colour))
        painter.end()


class _Results(QObject):
    """Signals that carry a worker thread's result back to the GUI thread."""

    devices = Signal(list, object, str)  # the microphones found, the remembered one's name, an error sentence
    started = Signal(object)  # the recorder, or an error sentence
    resumed = Signal(str)  # "" or an error sentence
    finished = Signal(str)  # a sentence for the chair
    recovered = Signal(list)  # sentences, one per recovered recording


class RecordingPanel(QWidget):
    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.recorder: Any = None  # chairdesk.recording.Recorder while a take is open
        self.results = _Results(self)
        self.results.devices.connect(self._show_devices)
        self.results.started.connect(self._started)
        self.results.resumed.connect(self._resumed)
        self.results.finished.connect(self._finished)
        self.results.recovered.connect(self._recovered)

        layout = QGridLayout(self)
        self.devices = QComboBox()
        self.devices.setAccessibleName("Microphone")
        self.devices.setToolTip("The microphone to record from (remembered by its name)")
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
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setObjectName("recordingWarning")
        self.warning.setStyleSheet("background: #fff1c2; color: #4a3b00; padding: 4px;")
        self.warning.hide()
        self.request_button = QPushButton("A request to record…")
        self.request_button.setToolTip("A parent asks to record the meeting themselves: the chair's decision")
        self.request_button.clicked.connect(self.recording_request)
        layout.addWidget(self.request_button, 5, 0, 1, 4)
        layout.addWidget(self.devices, 0, 0, 1, 3)
        layout.addWidget(self.refresh_button, 0, 3)
        layout.addWidget(self.start_button, 1, 0)
        layout.addWidget(self.pause_button, 1, 1)
        layout.addWidget(self.stop_button, 1, 2)
        layout.addWidget(self.bookmark_button, 1, 3)
        layout.addWidget(self.elapsed, 2, 0)
        layout.addWidget(self.meter, 2, 1, 1, 3)
        layout.addWidget(self.status, 3, 0, 1, 4)
        layout.addWidget(self.warning, 4, 0, 1, 4)

        self.refresh_button.clicked.connect(lambda: self.load_devices(refresh=True))
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.pause_or_resume)
        self.stop_button.clicked.connect(self.stop)
        self.bookmark_button.clicked.connect(self.bookmark)
        self.timer = QTimer(self, interval=POLL_MS, timeout=self.poll)
        controller.recording_offset_source = self.offset
        self.load_devices()
        self._show_state()

    # -- microphones -------------------------------------------------------------------------------------

    def load_devices(self, refresh: bool = False) -> None:
        """Look for microphones on a worker thread (starting PortAudio takes a moment); the list fills when done."""
        db_path = self.controller.db_path

        def look() -> None:
            from chairdesk.recording import list_input_devices, remembered_device

            error = ""
            try:
                found = list_input_devices(refresh=refresh)
            except ChairDeskError as problem:
                found, error = [], str(problem)
            try:
                with Store(db_path) as store:
                    remembered = remembered_device(store)
            except ChairDeskError:
                remembered = None
            with contextlib.suppress(RuntimeError):  # the window closed while it looked
                self.results.devices.emit(found, remembered, error)

        self.refresh_button.setEnabled(False)
        threading.Thread(target=look, name="chairdesk-microphones", daemon=True).start()

    def _show_devices(self, found: list[Any], remembered: str | None, error: str) -> None:
        self.refresh_button.setEnabled(True)
        self.devices.clear()
        for device in found:
            self.devices.addItem(device.name + (" (default)" if device.default else ""), device.name)
        if not found:
            self.devices.addItem("No microphone found", None)
            self._warn(error or "No microphone was found. Plug one in and press Look again; the meeting can go on.")
            return
        if self.recorder is None or self.recorder.state in ("idle", "stopped"):
            self.warning.hide()
        index = self.devices.findData(remembered) if remembered else -1
        if index < 0:
            index = next((i for i, d in enumerate(found) if d.default), 0)
        self.devices.setCurrentIndex(index)

    # -- controls ----------------------------------------------------------------------------------------

    def start(self) -> None:
        if self.recorder is not None and self.recorder.state != "stopped":
            return
        name = self.devices.currentData()
        conference_id = self.controller.conference.id or ""
        self.status.setText("Opening the microphone…")
        self.start_button.setEnabled(False)

        def open_microphone() -> None:
            from chairdesk.recording import Recorder

            try:
                recorder = Recorder.for_conference(conference_id, name)
                recorder.start()
            except ChairDeskError as error:
                self.results.started.emit(str(error))
                return
            self.results.started.emit(recorder)

        threading.Thread(target=open_microphone, name="chairdesk-open-microphone", daemon=True).start()

    def _started(self, result: object) -> None:
        if isinstance(result, str):
            self._warn(result)
            self.status.setText("Not recording.")
        else:
            self.recorder = result
            device = self.recorder.device_name
            if device:
                from chairdesk.recording import remember_device

                self.controller.writer.call(lambda store: remember_device(store, device))
            self.warning.hide()
            self.timer.start()
        self._show_state()

    def pause_or_resume(self) -> None:
        if self.recorder is None:
            return
        if self.recorder.state == "recording":
            try:
                self.recorder.pause()
            except ChairDeskError as error:
                self._warn(str(error))
            self._show_state()
            return
        # Resuming may open the microphone again (about a second): not on the GUI thread.
        recorder, device = self.recorder, self.devices.currentData()
        self.pause_button.setEnabled(False)
        self.status.setText("Opening the microphone…")

        def resume() -> None:
            try:
                recorder.resume(device)
            except ChairDeskError as error:
                self.results.resumed.emit(str(error))
                return
            self.results.resumed.emit("")

        threading.Thread(target=resume, name="chairdesk-resume", daemon=True).start()

    def _resumed(self, error: str) -> None:
        if error:
            self._warn(error)
        else:
            self.warning.hide()
        self._show_state()

    def bookmark(self) -> None:
        if self.recorder is None or self.recorder.state in ("idle", "stopped"):
            self.window().statusBar().showMessage("Nothing is being recorded, so there is nothing to bookmark.", 5000)
            return
        mark = self.recorder.bookmark(self.controller.meeting.stage.title)
        self.controller.meeting.add_bookmark(mark)
        self.window().statusBar().showMessage(f"Bookmark at {clock(mark.offset)}: {mark.label}", 5000)

    def stop(self) -> None:
        if self.recorder is None or self.recorder.state == "stopped":
            return
        recorder = self.recorder
        self.status.setText("Stopping and putting the recording together as one file…")
        self.timer.stop()

        def finish() -> None:
            try:
                made = recorder.finish()
                self.results.finished.emit(f"{made.message} It is in {made.path.parent}.")
            except ChairDeskError as error:
                self.results.finished.emit(f"The recording stopped. {error}.")

        threading.Thread(target=finish, name="chairdesk-finish-recording", daemon=True).start()
        self._show_state(stopping=True)

    def _finished(self, sentence: str) -> None:
        self.status.setText(sentence)
        self._show_state()

    def recording_request(self) -> None:
        from chairdesk.gui.recording_request import RecordingRequestDialog

        RecordingRequestDialog(self.controller, self).exec()

    # -- start-up recovery -------------------------------------------------------------------------------

    def recover_interrupted(self) -> None:
        """Find recordings a crash interrupted and join what is there, off the GUI thread; report each."""

        def recover() -> None:
            from chairdesk.recording import find_unfinished
            from chairdesk.recording.assemble import assemble

            sentences = []
            for folder in find_unfinished():
                try:
                    sentences.append(assemble(folder).message)
                except ChairDeskError as error:
                    sentences.append(str(error))
            self.results.recovered.emit(sentences)

        threading.Thread(target=recover, name="chairdesk-recover", daemon=True).start()

    def _recovered(self, sentences: list[str]) -> None:
        if sentences:
            self.status.setText(" ".join(sentences))
            self.window().statusBar().showMessage(sentences[0], 20000)

    # -- what the window shows ---------------------------------------------------------------------------

    def offset(self) -> float | None:
        """Seconds into the recording now, for stamping what is typed; None when nothing is recording."""
        if self.recorder is None or self.recorder.state in ("idle", "stopped"):
            return None
        return round(self.recorder.elapsed, 2)

    def poll(self) -> None:
        recorder = self.recorder
        if recorder is None:
            return
        levels = recorder.levels()
        if levels:
            self.meter.set_level(max(level.peak for level in levels))
        for warning in recorder.warnings():
            if warning.clears:
                self.warning.hide()
                self.window().statusBar().showMessage(warning.message, 8000)
            else:
                self._warn(warning.message)
        self.elapsed.setText(clock(recorder.elapsed))
        if str(recorder.state) != self._shown_state:
            self._show_state()

    def _warn(self, sentence: str) -> None:
        self.warning.setText(sentence)
        self.warning.show()

    def _show_state(self, stopping: bool = False) -> None:
        state = "stopping" if stopping else str(self.recorder.state) if self.recorder is not None else "idle"
        self._shown_state = state
        recording = state in ("recording", "paused", "device-lost")
        self.start_button.setEnabled(state in ("idle", "stopped"))
        self.pause_button.setEnabled(recording)
        self.pause_button.setText("Resume" if state in ("paused", "device-lost") else "Pause")
        self.stop_button.setEnabled(recording)
        self.bookmark_button.setEnabled(recording)
        self.devices.setEnabled(state in ("idle", "stopped", "paused", "device-lost"))
        words = {
            "recording": "Recording.",
            "paused": "Paused: press Resume to carry on recording.",
            "device-lost": "The microphone stopped working. Choose one and press Resume; the gap will be marked.",
        }
        if state in words:
            self.status.setText(words[state])
        if not recording:
            self.meter.set_level(0.0)

    def shut_down(self) -> None:
        """Stop a recording still running when the window closes (everything so far is on disk already)."""
        if self.recorder is not None and self.recorder.state not in ("idle", "stopped"):
            self.recorder.stop()
        self.timer.stop()
