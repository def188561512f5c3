"""Issue 14's recording faults, found by a fault drill on the real app, tested with the real virtual microphone.

- A Record press that fails (a take folder that cannot be made or written) leaves Record working, with a sentence;
  so does any other worker of the panel that fails (stopping before any sound, recovering a damaged recording).
- A microphone that goes and comes back: the meter shows no input meanwhile, the recording carries on by itself
  with the gap marked, and the panel says so, wrapped in a narrow dock.
- Free space: one state and one sentence, the reserve said the same way everywhere, and minutes left from the
  rate this take really writes to disk.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel
from test_recording import tone_windows, wait_for
from virtual_mic import VirtualMic

from chairdesk.gui.app import App
from chairdesk.gui.recording_panel import RecordingPanel
from chairdesk.recording import files, sealed
from chairdesk.recording.assemble import assemble
from chairdesk.recording.monitor import WarningKind
from chairdesk.recording.recorder import Recorder, RecorderError, State

SHOTS = Path("/tmp/rec_shots")  # pictures to look at, never in the repository
MB = 1024 * 1024


def mount_tmpfs(folder: Path, *options: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(folder)], capture_output=True)
    return made.returncode == 0


@pytest.fixture
def mounts() -> Iterator[list[Path]]:
    """Folders a test mounted a tmpfs on; unmounted at the end."""
    mounted: list[Path] = []
    yield mounted
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], check=False)


class SmallDisk:
    """A disk of ``capacity`` bytes holding only ``folder``'s recordings: what the recorder's ``free_space`` asks."""

    def __init__(self, folder: Path, capacity: int) -> None:
        self.folder, self.capacity = folder, capacity

    def used(self) -> int:
        return sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file()) if self.folder.exists() else 0

    def free(self, _folder: Path) -> int:
        return self.capacity - self.used()


# -- 4. a Record press that fails leaves Record working ----------------------------------------------------------


def block_with_a_file(root: Path, mounts: list[Path]) -> Callable[[], None]:
    blocker = root / "conference"
    blocker.parent.mkdir(parents=True)
    blocker.write_text("a file where the conference's folder should be")
    return blocker.unlink


def block_with_a_read_only_disk(root: Path, mounts: list[Path]) -> Callable[[], None]:
    if not mount_tmpfs(root, "ro", "size=8m"):
        pytest.skip("a tmpfs cannot be mounted here (needs root)")
    mounts.append(root)
    return lambda: subprocess.run(["mount", "-o", "remount,rw", str(root)], check=True)


def block_with_a_full_disk(root: Path, mounts: list[Path]) -> Callable[[], None]:
    if not mount_tmpfs(root, "size=2m"):
        pytest.skip("a tmpfs cannot be mounted here (needs root)")
    mounts.append(root)
    filler = root / "filler"
    with open(filler, "wb") as out:  # noqa: PTH123 (written until the disk refuses)
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    return filler.unlink


@pytest.mark.parametrize(
    ("block", "reason", "remedy"),
    [
        (block_with_a_file, "a file is in the way at {root}/conference, where a folder should be", "Move or rename"),
        (block_with_a_read_only_disk, "the disk is read-only", "Use a disk that can be written to"),
        (block_with_a_full_disk, "the disk is full", "Free some space on the disk"),
    ],
    ids=["file-in-the-way", "read-only-disk", "full-disk"],
)
def test_a_take_folder_that_cannot_be_written_is_refused_plainly_then_records(
    mic: VirtualMic, tmp_path: Path, mounts: list[Path], block: Callable[..., Any], reason: str, remedy: str
) -> None:
    root = tmp_path / "recordings"
    unblock = block(root, mounts)
    take = root / "conference" / "take"
    recorder = Recorder(take, disk_reserve_bytes=0, silence_seconds=600)  # the disk's own refusal, not the reserve
    with pytest.raises(RecorderError) as refused:
        recorder.start()
    sentence = str(refused.value)
    assert sentence.startswith(f"Recording cannot start: the recording's folder {take} could not be written (")
    assert reason.format(root=root) in sentence
    assert remedy in sentence and sentence.endswith("then press Record again.")
    assert "Errno" not in sentence and "Traceback" not in sentence
    assert recorder.state is State.IDLE and not take.exists()  # nothing half-made is left

    unblock()
    again = Recorder(take, disk_reserve_bytes=0, silence_seconds=600)
    again.start()
    try:
        assert again.wait_until_recording(10)
        mic.play_and_wait(mic.tone(440, 1.5, "after-unblocking"))
        time.sleep(0.3)
    finally:
        result = again.finish()
    audio, rate = sealed.read_all(result.path)
    assert len(tone_windows(audio, rate, 440)) >= 2


def record_from_the_console(app: App, qtbot: Any) -> None:
    """Ctrl+R, as the chair presses it (the console's Record action)."""
    qtbot.keyClick(app.console, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)


def text(label: QLabel) -> str:
    """What a label says (the panel lets long paths wrap with zero-width spaces, shown only)."""
    return label.text().replace("\u200b", "")


def settled(panel: RecordingPanel) -> bool:
    """No worker is busy for the chair ("Opening the microphone…", "Stopping…") and Record can be pressed."""
    return panel.start_button.isEnabled() and "…" not in text(panel.status)


def take_open(panel: RecordingPanel) -> bool:
    """A take is under way: recording, paused or waiting for its microphone."""
    return panel.recorder is not None and str(panel.recorder.state) in ("recording", "paused", "device-lost")


def hearing(panel: RecordingPanel) -> bool:
    return take_open(panel) and panel.recorder.wait_until_recording(0)


def test_a_blocked_take_folder_leaves_record_working_and_a_later_press_records(
    make_app: Callable[[], App], qtbot: Any, mic: VirtualMic
) -> None:
    app = make_app()
    panel = app.console.recording
    blocker = files.conference_folder(app.controller.conference.id)
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the conference's recordings folder should be")

    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)  # the chair presses Record
    qtbot.waitUntil(lambda: settled(panel) and panel.warning.isVisible(), timeout=20_000)
    said = text(panel.warning)
    assert said.startswith("Recording cannot start: the recording's folder")
    assert f"a file is in the way at {blocker}, where a folder should be" in said
    assert said.endswith("Move or rename that file, then press Record again.")
    assert text(panel.status) == "Not recording."
    assert not panel.stop_button.isEnabled() and panel.offset() is None

    blocker.unlink()  # the chair moves the file away and presses Record again
    record_from_the_console(app, qtbot)
    qtbot.waitUntil(lambda: hearing(panel), timeout=20_000)
    assert panel.warning.isHidden() and text(panel.status) == "Recording."
    mic.play_and_wait(mic.tone(440, 1.5, "after-the-file-moved"))
    qtbot.waitUntil(lambda: panel.recorder.elapsed > 2.0, timeout=10_000)
    recorder = panel.recorder
    panel.stop()
    qtbot.waitUntil(lambda: "saved" in text(panel.status), timeout=30_000)
    audio, rate = sealed.read_all(recorder.folder / files.RECORDING)
    assert len(tone_windows(audio, rate, 440)) >= 2
    assert panel.start_button.isEnabled()


def test_stop_before_any_sound_arrived_says_so_and_record_works_again(
    make_app: Callable[[], App], qtbot: Any, mic: VirtualMic
) -> None:
    app = make_app()
    panel = app.console.recording
    mic.stall()  # the microphone is there but sends nothing yet
    try:
        record_from_the_console(app, qtbot)
        qtbot.waitUntil(lambda: take_open(panel), timeout=20_000)
        panel.stop()
        qtbot.waitUntil(lambda: settled(panel), timeout=30_000)
    finally:
        mic.restore_sink()
    assert text(panel.status) == (
        "Nothing was recorded: no sound had arrived from the microphone when the recording stopped."
    )
    record_from_the_console(app, qtbot)
    qtbot.waitUntil(lambda: hearing(panel), timeout=20_000)


def test_a_damaged_interrupted_recording_is_reported_and_the_others_recovered(
    make_app: Callable[[], App], qtbot: Any, demo_data: dict[str, Any]
) -> None:
    conference = files.conference_folder(demo_data["id"])
    damaged, healthy = conference / "20261124-100000", conference / "20261124-110000"
    files.make_private_folder(damaged)
    files.write_manifest(damaged, {"format": files.FORMAT, "state": "recording", "parts": []})  # no sample rate
    files.make_private_folder(healthy)
    # a plain FLAC part, as an earlier version wrote it
    with sf.SoundFile(healthy / "part-0001.flac", "w", 48000, 1, "PCM_16", format="FLAC") as part:
        part.write((np.sin(np.arange(96000) * 2 * np.pi * 440 / 48000) * 8000).astype(np.int16))
    manifest = {"format": files.FORMAT, "samplerate": 48000, "state": "recording", "parts": []}
    files.write_manifest(healthy, {**manifest, "parts": [{"file": "part-0001.flac", "frames": None}]})

    app = make_app()  # looks for interrupted recordings as it opens
    panel = app.console.recording
    qtbot.waitUntil(lambda: "damaged" in text(panel.status), timeout=30_000)
    said = text(panel.status)
    assert "The interrupted recording in" in said and "Its files have been left as they are." in said
    kept = r"The recording up to \d\d:\d\d \(2 s\) was kept; it stopped when ChairDesk closed unexpectedly\."
    assert re.search(kept, said), said
    assert (healthy / files.RECORDING).exists() and (damaged / files.MANIFEST).exists()
    assert settled(panel)


# -- 5. the microphone goes and comes back --------------------------------------------------------------------


def fully_shown(label: QLabel, panel: RecordingPanel) -> bool:
    """The label's wrapped text fits in it, and the label fits in the panel and in the window showing it (a
    floating dock): nothing is cut off."""
    window = label.window()
    where = QRect(label.mapTo(window, QPoint(0, 0)), label.size())
    inside = panel.rect().contains(label.geometry()) and window.rect().contains(where)
    return label.isVisible() and inside and label.height() >= label.heightForWidth(label.width())


def test_the_microphone_going_and_coming_back_in_the_window(
    make_app: Callable[[], App], qtbot: Any, mic: VirtualMic
) -> None:
    app = make_app()
    panel = app.console.recording
    record_from_the_console(app, qtbot)
    qtbot.waitUntil(lambda: hearing(panel), timeout=20_000)
    before = mic.play(mic.tone(440, 8.0, "before-the-loss", volume=0.5))
    qtbot.waitUntil(lambda: panel.meter.level > 0.2, timeout=10_000)
    qtbot.wait(1000)

    mic.remove_sink()  # pulled out mid-sound
    before.wait()
    qtbot.waitUntil(lambda: panel.recorder.state == "device-lost", timeout=20_000)
    qtbot.waitUntil(lambda: panel.meter.level == 0.0, timeout=5_000)  # no input: never the last level, frozen
    assert panel.meter.no_input and panel.meter.accessibleDescription() == "no input"
    said = text(panel.status)
    assert "stopped sending sound at 0:00:0" in said and "nothing is being recorded now" in said
    assert "Recording starts again by itself when the sound comes back" in said
    assert panel.status.styleSheet() and "bold" in panel.status.styleSheet()  # the alarm look, not plain text
    assert panel.pause_button.text() == "Resume" and panel.stop_button.isEnabled()

    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)  # Resume while it is still gone: said plainly
    qtbot.waitUntil(lambda: panel.warning.isVisible() and panel.pause_button.isEnabled(), timeout=20_000)
    assert re.fullmatch(
        r"The microphone “\S+” is not available\. It may be unplugged or in use by another program\.",
        text(panel.warning),
    ), text(panel.warning)
    assert panel.recorder.state == "device-lost" and panel.stop_button.isEnabled()

    dock = app.console.docks["Recording"]
    dock.setFloating(True)
    dock.resize(300, 200)
    qtbot.waitUntil(lambda: panel.width() <= 300 and fully_shown(panel.status, panel), timeout=5_000)
    SHOTS.mkdir(exist_ok=True)
    dock.grab().save(str(SHOTS / "microphone-gone-300px.png"))
    qtbot.wait(1500)  # the gap grows; the meter stays at no input
    assert panel.meter.level == 0.0

    mic.restore_sink()  # plugged back in: nothing is pressed
    qtbot.waitUntil(lambda: "The microphone is back" in text(panel.warning), timeout=30_000)
    assert "not available" not in text(panel.warning)  # the answer to the failed Resume has passed
    assert panel.recorder.state == "recording" and text(panel.status) == "Recording."
    gap = r"recording again on \S+\. A gap of \d+ seconds is marked in the recording at 0:00:0\d\."
    assert re.search(gap, text(panel.warning)), text(panel.warning)
    qtbot.waitUntil(lambda: fully_shown(panel.warning, panel), timeout=5_000)
    assert panel.width() <= 300
    dock.grab().save(str(SHOTS / "microphone-back-300px.png"))
    mic.play_and_wait(mic.tone(660, 1.5, "after-the-loss", volume=0.5))
    qtbot.waitUntil(lambda: panel.meter.level > 0.2, timeout=10_000)
    assert not panel.meter.no_input

    recorder = panel.recorder
    panel.stop()
    qtbot.waitUntil(lambda: "saved" in text(panel.status), timeout=30_000)
    result = assemble(recorder.folder)
    assert len(result.gaps) == 1 and result.gaps[0].seconds >= 2.0
    audio, rate = sealed.read_all(result.path)
    start = round(result.gaps[0].offset * rate)
    end = start + round(result.gaps[0].seconds * rate)
    assert not audio[start:end].any()
    assert len(tone_windows(audio[:start], rate, 440)) >= 2 and len(tone_windows(audio[end:], rate, 660)) >= 2


def test_a_stalled_microphone_shows_no_input_at_once(make_app: Callable[[], App], qtbot: Any, mic: VirtualMic) -> None:
    """A microphone that hangs (no error, no sound) counts as gone only after a few seconds; the meter must not
    show its last level meanwhile."""
    app = make_app()
    panel = app.console.recording
    record_from_the_console(app, qtbot)
    qtbot.waitUntil(lambda: hearing(panel), timeout=20_000)
    player = mic.play(mic.tone(440, 6.0, "before-the-stall", volume=0.5))
    try:
        qtbot.waitUntil(lambda: panel.meter.level > 0.2, timeout=10_000)
        mic.stall()
        stalled_at = time.monotonic()
        qtbot.waitUntil(lambda: panel.meter.level == 0.0, timeout=5_000)
        assert time.monotonic() - stalled_at < 2.5  # before the recorder gives the microphone up (3 s)
        assert panel.meter.no_input
    finally:
        mic.restore_sink()
        player.terminate()
        player.wait()


# -- 9. the disk: one state, one sentence; estimates measured ----------------------------------------------------


class Disk:
    """A disk of ``size`` bytes for ``folder``: a real tmpfs where one can be mounted (as root), else a disk of that
    size given to the recorder through its ``free_space`` (the one way it asks)."""

    def __init__(self, folder: Path, size: int, mounts: list[Path]) -> None:
        self.folder, self.size = folder, size
        self.options: dict[str, Any] = {}
        self.real = mount_tmpfs(folder, f"size={size}")
        if self.real:
            mounts.append(folder)
        else:
            self.options["free_space"] = SmallDisk(folder, size).free

    def free(self) -> int:
        return shutil.disk_usage(self.folder).free if self.real else self.size - SmallDisk(self.folder, 0).used()

    def give_to(self, panel: RecordingPanel) -> None:
        if self.options:
            panel.recorder_options.update(self.options)


def test_record_is_refused_before_starting_when_less_than_the_reserve_is_free(
    make_app: Callable[[], App], qtbot: Any, mounts: list[Path]
) -> None:
    disk = Disk(files.recordings_root().parent, 20 * MB, mounts)  # the data folder, with 20 MB free
    app = make_app()
    panel = app.console.recording
    disk.give_to(panel)
    seen: list[tuple[str, str]] = []

    def shown() -> bool:
        seen.append((text(panel.status), text(panel.warning) if panel.warning.isVisible() else ""))
        return settled(panel) and panel.warning.isVisible()

    record_from_the_console(app, qtbot)
    qtbot.waitUntil(shown, timeout=20_000)
    said = text(panel.warning)
    found = re.fullmatch(
        r"Recording cannot start: only ([\d.]+) MB is free on the disk, and ChairDesk keeps 50 MB free so that a "
        r"recording can be saved\. Free at least ([\d.]+) MB more \(delete or move files you do not need\), then "
        r"press Record again\.",
        said,
    )
    assert found, said
    free, needed = float(found.group(1)), float(found.group(2))
    assert 19 <= free <= 20 and 50 <= free + needed <= 50.2  # what is free and what is needed add up to the reserve
    assert text(panel.status) == "Not recording." and panel.elapsed.text() == "0:00:00"
    assert all(line in ("Opening the microphone…", "Not recording.") for line, _ in seen)  # never "Recording."
    assert not any(files.recordings_root().glob("*/*"))  # no take was begun


def test_a_recording_stopped_by_a_filling_disk_says_one_thing(
    make_app: Callable[[], App], qtbot: Any, mic: VirtualMic, mounts: list[Path]
) -> None:
    disk = Disk(files.recordings_root().parent, 50 * MB + 1_000_000, mounts)  # the reserve and 1 MB: ~12 s of noise
    app = make_app()
    panel = app.console.recording
    disk.give_to(panel)
    noise = mic.play(mic.noise(60, "noise-to-fill"))
    seen: list[tuple[str, str, str]] = []

    def look() -> None:
        shown = getattr(panel, "shown_status", None)  # the status the panel shows (its texts are of one poll)
        state = str(shown.state) if shown is not None else str(getattr(panel.recorder, "state", "none"))
        seen.append((state, text(panel.status), text(panel.warning) if panel.warning.isVisible() else ""))

    try:
        record_from_the_console(app, qtbot)
        stopped = lambda: panel.recorder is not None and panel.recorder.state == "stopped"  # noqa: E731
        qtbot.waitUntil(lambda: look() or stopped(), timeout=60_000)
        # Then it is joined at once, as Stop joins a take, and that is said under the cause.
        qtbot.waitUntil(lambda: look() or (settled(panel) and "is saved" in text(panel.warning)), timeout=30_000)
        look()
    finally:
        noise.terminate()
        noise.wait()

    for state, line, warning in seen:  # at every moment the two texts told the same story as the state
        if line == "Recording.":
            assert state == "recording" and "stopped" not in warning, (line, warning)
        if state == "stopped":
            assert line != "Recording." and "minute" not in warning, (line, warning)
    low = [warning for _, _, warning in seen if warning.startswith("The disk is nearly full")]
    assert low, "the chair was warned before it stopped"
    assert "less than a minute of recording left (ChairDesk stops recording when less than 50 MB is free" in low[0]
    state, line, warning = seen[-1]
    assert state == "stopped" and settled(panel)
    stopped_at = re.fullmatch(
        r"Recording stopped at 0:00:(\d\d) because less than 50 MB is free on the disk \(ChairDesk keeps "
        r"that much free to save the recording\)\. Everything recorded up to then is saved\. Free some space, then "
        r"press Record to carry on in a new recording\.",
        line,
    )
    assert stopped_at, line
    assert 5 <= int(stopped_at.group(1)) <= 30  # it recorded until the reserve, not stopped at 0:00:00
    assert re.fullmatch(r"The recording started at .* is saved: \d+ seconds\. It is in .*\.", warning), warning
    assert "bold" in panel.status.styleSheet()
    joined = (panel.recorder.folder / files.RECORDING).stat().st_size  # made since, in the room kept free
    assert disk.free() + joined >= 50 * MB - 600_000  # stopped within one 5 s check of the reserve: room to save it


def test_minutes_left_come_from_the_rate_this_take_writes(mic: VirtualMic, tmp_path: Path, mounts: list[Path]) -> None:
    """Noise takes about 86 kB a second as FLAC, three and a half times the quarter-of-16-bit rate once assumed;
    the estimate must follow what is really written."""
    reserve = 4 * MB
    disk = Disk(tmp_path / "disk", reserve + 40 * MB, mounts)  # about 8 minutes of noise
    take = disk.folder / "take"
    warnings: list[Any] = []
    recorder = Recorder(
        take,
        disk_reserve_bytes=reserve,
        disk_check_seconds=0.5,
        silence_seconds=600,
        on_warning=warnings.append,
        **disk.options,
    )
    noise = mic.play(mic.noise(30, "noise-for-the-estimate"))
    time.sleep(0.5)
    recorder.start()
    try:
        assert recorder.wait_until_recording(10)
        wait_for(lambda: recorder.elapsed > 12, "twelve seconds of noise")
        first = next((w for w in warnings if w.kind is WarningKind.DISK_LOW), None)
        status = getattr(recorder, "status", lambda: None)()  # checked last: the first warning is the news
        free_now = disk.free()
        elapsed = recorder.elapsed
    finally:
        recorder.stop()
        noise.terminate()
        noise.wait()
    measured = sum(p.stat().st_size for p in take.glob(files.PART_GLOB)) / elapsed  # bytes a second, on disk
    expected = (free_now - reserve) / measured / 60
    assert 6 < expected < 10
    assert first is not None, "crossing ten minutes left is said"
    minutes = int(re.search(r"about (\d+) minutes", first.message).group(1))  # type: ignore[union-attr]
    assert minutes == pytest.approx(expected, abs=1.5)  # the first warning was already right, never twice too high
    assert "ChairDesk stops recording when less than 4 MB is free" in first.message
    assert status is not None and status.minutes_left == pytest.approx(expected, rel=0.1)
