"""The recording panel telling the chair the truth (issue 12): the microphone check, the dead device and digital
silence said in the console, the length check after stop. Real app, real microphone (tests/virtual_mic.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from virtual_mic import VirtualMic

from chairdesk.gui.app import App
from chairdesk.recording import files

SPEECH = "The social worker reads the danger statement and explains why the conference is needed."


def said(label: Any) -> str:
    return label.text().replace("\u200b", "") if label.isVisible() else ""


def test_the_microphone_check_in_the_panel_says_the_level_and_plays_it_back(
    make_app: Callable[[], App], qtbot: Any, mic: VirtualMic, tmp_path: Path
) -> None:
    app = make_app()
    panel = app.console.recording
    assert panel.check_button.isEnabled() and panel.check_result.isHidden()
    player = mic.play(mic.speech(SPEECH, "panel-check"))
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    assert not panel.check_button.isEnabled() and not panel.start_button.isEnabled()  # one thing at a time
    assert said(panel.check_result).startswith("Listening for 3 seconds")
    qtbot.waitUntil(lambda: "Good level" in said(panel.check_result), timeout=20_000)
    player.wait()
    assert panel.check_meter.isVisible() and panel.check_meter.level > 0.1
    qtbot.waitUntil(lambda: "played back" in said(panel.check_result), timeout=20_000)
    assert panel.check_button.isEnabled() and panel.start_button.isEnabled()
    panel.resize(300, panel.height())
    qtbot.wait(50)
    app.console.resize(1366, 768)
    app.console.grab().save(str(tmp_path / "panel-check-good.png"))

    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)  # nothing played: exact zeros
    qtbot.waitUntil(lambda: said(panel.check_result).startswith("No sound at all:"), timeout=20_000)
    assert panel.check_meter.no_input
    qtbot.waitUntil(panel.check_button.isEnabled, timeout=20_000)
    app.console.grab().save(str(tmp_path / "panel-check-none.png"))


def test_the_console_says_digital_silence_and_a_dead_microphone_at_once_and_the_length_after_stop(
    make_app: Callable[[], App], qtbot: Any, mic: VirtualMic, tmp_path: Path
) -> None:
    app = make_app()
    panel = app.console.recording
    qtbot.keyClick(app.console, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.recorder is not None and panel.recorder.wait_until_recording(0), timeout=20_000)
    qtbot.waitUntil(lambda: "digital silence" in said(panel.warning), timeout=10_000)  # nothing played: zeros
    assert panel.recorder.elapsed < 3.0  # at once, in the recording's own time
    assert "mute switch" in said(panel.warning)
    app.console.resize(1366, 768)
    app.console.grab().save(str(tmp_path / "panel-digital-silence.png"))
    player = mic.play(mic.tone(440, 6.0, "panel-sound", volume=0.3))
    try:
        qtbot.waitUntil(lambda: said(panel.warning) == "", timeout=10_000)  # cleared when sound comes back
        qtbot.wait(1000)
        mic.stall()
        stalled_at = time.monotonic()
        qtbot.waitUntil(lambda: "stopped sending sound" in said(panel.status), timeout=10_000)
        print(f"dead device said after {time.monotonic() - stalled_at:.2f} s")  # measured, never a time limit
        assert "lid" in said(panel.status) and "silence" not in said(panel.status)
        app.console.grab().save(str(tmp_path / "panel-dead-device.png"))
    finally:
        mic.restore_sink()
        player.terminate()
        player.wait()
    qtbot.waitUntil(lambda: str(panel.recorder.state) == "recording", timeout=20_000)  # back by itself
    recorder = panel.recorder
    panel.stop()
    qtbot.waitUntil(lambda: "saved" in said(panel.status), timeout=30_000)
    assert recorder.length_check is not None and recorder.length_check.sentence == ""  # the gap is marked
    manifest = files.read_manifest(recorder.folder)
    assert manifest["length_check"]["recorded"] > 0
