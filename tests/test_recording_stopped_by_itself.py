"""A recording that stops by itself (the disk full, a write failed) ends as a chair's Stop ends one: its folder
released at once (never "still being recorded" until ChairDesk starts again) and its take joined and playable.

Found by the fault drill "disk fills up while typing and recording" (drills/drill_devices.py). Real parts: the
virtual microphone, a real small disk that really fills up (tests/small_disk.py), the real console (offscreen).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from small_disk import fill_up, mount_small_disk, unmount
from test_recording import wait_for
from virtual_mic import VirtualMic

from chairdesk.gui.app import App
from chairdesk.recording import files, sealed
from chairdesk.recording.files import find_unfinished
from chairdesk.recording.monitor import WarningKind
from chairdesk.recording.recorder import Recorder, State

MB = 1024 * 1024


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    mount_small_disk(disk, "8m")
    yield disk
    unmount(disk)


def text(label: Any) -> str:
    return label.text().replace("\u200b", "")


@pytest.mark.parametrize(
    ("reserve", "check_every"),
    [(1 * MB, 0.2), (0, 3600.0)],  # stopped at the reserve as it checks; stopped by the write the full disk refused
    ids=["stopped-at-the-reserve", "write-refused-by-the-full-disk"],
)
def test_a_recorder_that_stopped_by_itself_releases_its_take_at_once(
    mic: VirtualMic, small_disk: Path, reserve: int, check_every: float
) -> None:
    recorder = Recorder(
        small_disk / "take", silence_seconds=600, disk_reserve_bytes=reserve, disk_check_seconds=check_every
    )
    sound = mic.play(mic.noise(60, "noise-until-full"))
    try:
        recorder.start()
        assert recorder.wait_until_recording(10)
        wait_for(lambda: recorder.elapsed > 2, "two seconds recorded")
        filler = fill_up(small_disk)
        wait_for(lambda: recorder.state is State.STOPPED, "the recorder to stop by itself", 60)
    finally:
        sound.terminate()
        sound.wait()
    folder = recorder.folder
    assert [w.kind for w in recorder.warnings() if w.kind is WarningKind.DISK_FULL] == [WarningKind.DISK_FULL]
    # Nobody has pressed Stop yet: the take is released all the same, and found as one to join.
    assert not files.is_being_recorded(folder)
    assert folder in find_unfinished(small_disk)

    filler.unlink()  # space comes back
    made = recorder.finish()  # the chair's Stop after it stopped by itself: joins it, as after any Stop
    assert not files.is_being_recorded(folder)
    assert (folder / files.RECORDING).exists() and made.duration > 1
    # It says why it ended, not that ChairDesk closed unexpectedly, though the full disk refused to note it then.
    assert not made.interrupted
    # The second the full disk refused is lost to the fault, said as such: never "could not be read" (damage).
    assert not any("could not be read" in problem for problem in made.problems), made.problems
    manifest = files.read_manifest(folder) or {}
    assert [e["cause"] for e in manifest["events"] if e["what"] == "stopped-by-itself"] == ["disk-full"]
    audio, _ = sealed.read_all(made.path)
    assert len(audio) / recorder.samplerate == pytest.approx(made.duration, abs=0.05)
    assert np.sqrt(np.mean(audio**2)) > 0.05  # the noise is in it
    assert folder not in find_unfinished(small_disk)
    assert recorder.stop() == folder  # Stop again (closing the window) is harmless


def test_the_console_joins_a_take_stopped_by_a_full_disk_once_space_comes_back(
    make_app: Callable[[], App], qtbot: Any, mic: VirtualMic, tmp_path: Path
) -> None:
    recordings = files.recordings_root()
    mount_small_disk(recordings, "8m")
    try:
        app = make_app()
        panel = app.console.recording
        panel.recorder_options.update(disk_reserve_bytes=1 * MB, disk_check_seconds=0.5, silence_seconds=600)
        sound = mic.play(mic.noise(60, "noise-in-the-console"))
        try:
            qtbot.keyClick(app.console, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
            hearing = lambda: panel.recorder is not None and panel.recorder.wait_until_recording(0)  # noqa: E731
            qtbot.waitUntil(hearing, timeout=60_000)
            qtbot.wait(1500)
            filler = fill_up(recordings)  # filled to the last byte: not even the join fits now
            qtbot.waitUntil(lambda: str(panel.recorder.state) == "stopped", timeout=60_000)
        finally:
            sound.terminate()
            sound.wait()
        recorder = panel.recorder
        folder = recorder.folder
        assert not files.is_being_recorded(folder)  # released though the chair has pressed nothing
        qtbot.waitUntil(lambda: "Not put together as one file yet" in text(panel.warning), timeout=30_000)
        not_yet = text(panel.warning)
        assert "there is not enough free space on the disk" in not_yet and "tries again by itself" in not_yet
        assert text(panel.status).startswith("Recording stopped at 0:00:0")  # the cause stays the status line
        assert "because the disk is full" in text(panel.status) or "is free on the disk" in text(panel.status)
        assert not (folder / files.RECORDING).exists()
        app.console.grab().save("/tmp/fixrec-not-joined-yet.png")

        filler.unlink()  # space comes back: the console joins it by itself
        joined_now = lambda: (folder / files.RECORDING).exists() and "is saved" in text(panel.warning)  # noqa: E731
        qtbot.waitUntil(joined_now, timeout=60_000)
        joined = text(panel.warning)
        assert joined.startswith("The recording started at ") and f"It is in {folder}." in joined
        assert "bold" in panel.warning.styleSheet()  # good news
        app.console.grab().save("/tmp/fixrec-joined-after-full-disk.png")
        assert text(panel.status).startswith("Recording stopped at")
        assert folder not in find_unfinished()
        audio, _ = sealed.read_all(folder / files.RECORDING)
        assert len(audio) / recorder.samplerate > 0.3 and np.sqrt(np.mean(audio**2)) > 0.05  # the noise recorded
        qtbot.waitUntil(lambda: panel.start_button.isEnabled(), timeout=10_000)  # Record works for a new take
        panel.shut_down()
        assert not files.is_being_recorded(folder)
    finally:
        subprocess.run(["umount", "-l", str(recordings)], check=False)
