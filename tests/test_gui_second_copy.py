"""Recording > Second copy to a folder…: the chair's choice is kept, and the next recording is copied there as it
goes (the console with the suite's virtual microphone)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from virtual_mic import VirtualMic

from chairdesk.gui.app import App
from chairdesk.recording import files
from chairdesk.recording.parts import COPY_FOLDER
from chairdesk.recording.second_copy import second_folder


@pytest.fixture
def app(recording_app: App) -> App:
    return recording_app


def test_the_chosen_second_folder_gets_a_copy_of_the_next_recording(
    app: App, qtbot: Any, mic: VirtualMic, tmp_path: Path
) -> None:
    panel = app.console.recording
    recording_menu = next(a.menu() for a in app.console.menuBar().actions() if a.text() == "&Recording")
    assert panel.second_copy_action in recording_menu.actions()
    stick = tmp_path / "stick"
    stick.mkdir()
    panel.choose_second_folder(folder=stick)
    assert app.controller.writer.flush()
    assert second_folder() == stick
    assert f"a second copy is written to {stick} as it goes" in app.console.statusBar().currentMessage()

    qtbot.keyClick(app.console, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.recorder is not None and panel.recorder.state == "recording", timeout=20_000)
    player = mic.play(mic.tone(440, 2.0, "copy-tone", volume=0.5))
    player.wait()
    qtbot.waitUntil(lambda: panel.recorder.elapsed > 2.5, timeout=10_000)
    recorder = panel.recorder
    panel.stop()
    qtbot.waitUntil(lambda: "saved" in panel.status.text(), timeout=30_000)
    copy = stick / COPY_FOLDER / recorder.folder.parent.name / recorder.folder.name
    parts = files.part_files(recorder.folder)
    assert parts and [p.name for p in files.part_files(copy)] == [p.name for p in parts]
    assert all((copy / p.name).read_bytes() == p.read_bytes() for p in parts)

    panel.choose_second_folder(stop=True)
    assert app.controller.writer.flush()
    assert second_folder() is None
