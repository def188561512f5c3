"""The console's recording panel with a real microphone (the suite's PulseAudio virtual microphone)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from virtual_mic import VirtualMic

from chairdesk.gui.app import App
from chairdesk.gui.items import ItemListEditor
from chairdesk.recording import files, sealed


@pytest.fixture
def app(recording_app: App) -> App:
    return recording_app


def test_record_stamp_bookmark_and_stop_from_the_console(app: App, qtbot: Any, mic: VirtualMic) -> None:
    panel = app.console.recording
    assert panel.devices.count() >= 1 and panel.devices.currentData()
    qtbot.keyClick(app.console, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.recorder is not None and panel.recorder.state == "recording", timeout=20_000)
    assert panel.stop_button.isEnabled() and not panel.start_button.isEnabled()
    player = mic.play(mic.tone(440, 2.0, "panel-tone", volume=0.5))
    qtbot.waitUntil(lambda: panel.meter.level > 0.2, timeout=10_000)  # the meter moved with the sound
    player.wait()
    qtbot.waitUntil(lambda: panel.recorder.elapsed > 2.5, timeout=10_000)

    pause = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(app.console, Qt.Key.Key_R, pause)
    assert panel.recorder.state == "paused" and panel.pause_button.text() == "Resume"
    qtbot.keyClick(app.console, Qt.Key.Key_R, pause)  # resumes on a worker thread
    qtbot.waitUntil(lambda: panel.recorder.state == "recording" and panel.pause_button.text() == "Pause")

    app.controller.meeting.go_to_stage("views")
    worries = next(e for e in app.console.findChildren(ItemListEditor) if e.list_name == "worries")
    qtbot.keyClicks(worries.entry, "Typed while recording")
    qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
    item = app.controller.conference.worries[-1]
    assert item.text == "Typed while recording"
    assert item.recording_offset is not None and 2.5 <= item.recording_offset <= panel.recorder.elapsed

    qtbot.keyClick(app.console, Qt.Key.Key_F9)
    mark = app.controller.conference.bookmarks[-1]
    assert mark.label.startswith("What's working well") and mark.offset >= 2.5
    assert panel.elapsed.text().startswith("0:00:0")

    recorder = panel.recorder
    panel.stop()
    qtbot.waitUntil(lambda: "saved" in panel.status.text(), timeout=30_000)
    joined = recorder.folder / files.RECORDING
    assert joined.exists()
    with sealed.open_recording(joined) as recording:
        assert recording.duration >= 2.5
    assert panel.start_button.isEnabled() and not panel.stop_button.isEnabled()
    # The chair's choice of microphone is remembered by its name, in this computer's settings.
    assert app.controller.writer.flush()
    from chairdesk.recording import remembered_device

    assert remembered_device() == recorder.device_name


def test_no_microphone_is_said_plainly_and_the_meeting_goes_on(app: App, qtbot: Any, mic: VirtualMic) -> None:
    panel = app.console.recording
    mic.remove_sink()
    try:
        with qtbot.waitSignal(panel.results.devices, timeout=20_000):
            panel.load_devices(refresh=True)
        panel.start()
        qtbot.waitUntil(lambda: panel.warning.isVisible(), timeout=20_000)
        assert "microphone" in panel.warning.text().lower()
        assert panel.recorder is None or panel.recorder.state != "recording"
        # The meeting carries on: typing still works and is stamped with no recording offset.
        app.controller.meeting.add_item("key_points", "Carry on without a recording")
        assert app.controller.conference.key_points[-1].recording_offset is None
    finally:
        mic.restore_sink()
        with qtbot.waitSignal(panel.results.devices, timeout=20_000):
            panel.load_devices(refresh=True)
