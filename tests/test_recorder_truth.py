"""A recorder that cannot fool the chair (issue 12): a dead device told from a quiet room, digital silence from
quiet speech, the three-second microphone check, the length check after stop and every lost stretch labelled.

All through the virtual microphone (tests/virtual_mic.py): with nothing played, its null sink sends exact zeros
(digital silence, as a muted or taken device does); suspending the sink makes samples stop arriving (a dead
device); a faint noise file played under everything is a quiet room.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from virtual_mic import VirtualMic

from chairdesk.recording import files, timeline
from chairdesk.recording.check import NO_OUTPUT, Verdict, check_microphone, judge, play_back
from chairdesk.recording.monitor import (
    DIGITAL_SILENCE_SECONDS,
    DigitalSilenceDetector,
    WarningKind,
    length_check_words,
)
from chairdesk.recording.recorder import Recorder, State

SPEECH = "The social worker reads the danger statement and explains why the conference is needed."


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 30.0) -> None:
    """Poll until ``condition`` holds; fail (rather than hang) if it never does."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.02)


class Heard:
    """Every warning a recorder gave, collected as the test goes."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self.seen: list = []

    def of(self, kind: WarningKind) -> list:
        self.seen.extend(self.recorder.warnings())
        return [w for w in self.seen if w.kind is kind]


def quiet_room(mic: VirtualMic, seconds: float = 40.0) -> subprocess.Popen[bytes]:
    """A faint hiss (about -75 dBFS, never exact zeros) under everything, as a real microphone in a quiet room."""
    return mic.play(mic.noise(seconds, "quiet-room", volume=0.0003))


def speech_at(mic: VirtualMic, dbfs_peak: float, name: str) -> Path:
    """The test speech with its peak at ``dbfs_peak``."""
    loud = mic.speech(SPEECH, f"{name}-full")
    path = mic.sounds / f"{name}.wav"
    subprocess.run(["sox", str(loud), str(path), "norm", str(dbfs_peak)], check=True, capture_output=True)
    return path


# -- digital silence and a dead device, as arrays --------------------------------------------------------------


def test_digital_silence_is_exact_zeros_for_a_moment_and_never_quiet_sound() -> None:
    detector = DigitalSilenceDetector()
    block = 0.05
    zeros = np.zeros(2400, dtype=np.int16)
    said = [detector.feed(zeros, i * block, block) for i in range(40)]
    first = said.index(WarningKind.DIGITAL_SILENCE)
    assert (first + 1) * block == pytest.approx(DIGITAL_SILENCE_SECONDS)  # said as soon as it has lasted that long
    assert said.count(WarningKind.DIGITAL_SILENCE) == 1 and detector.since == 0.0
    faint = np.zeros(2400, dtype=np.int16)
    faint[::97] = 1  # one least step now and then: the quietest sound there is, and still sound
    assert detector.feed(faint, 2.0, block) is WarningKind.DIGITAL_SILENCE_END
    assert all(detector.feed(faint, 2.0 + i * block, block) is None for i in range(100))


# -- digital silence, for real -----------------------------------------------------------------------------------


def test_exact_zeros_are_said_at_once_as_digital_silence_then_cleared_and_labelled(
    mic: VirtualMic, tmp_path: Path, recorders: Callable[..., Recorder]
) -> None:
    """Nothing played: the virtual microphone sends exact zeros, as a muted or taken device does. It is said
    within about a second (not after the half minute a quiet room is given), says what to check, goes when sound
    comes back, and the stretch is in the recording's timeline."""
    recorder = recorders(tmp_path / "conf" / "take")
    recorder.start()
    assert recorder.wait_until_recording(10)
    heard = Heard(recorder)
    wait_for(lambda: heard.of(WarningKind.DIGITAL_SILENCE), "the digital silence warning")
    assert recorder.elapsed < 3.0  # in the recording's own time: said at once, not after 30 s of quiet
    warning = heard.of(WarningKind.DIGITAL_SILENCE)[0]
    assert "digital silence" in warning.message and "muted or another program has taken it" in warning.message
    assert "mute switch" in warning.message and "sound settings" in warning.message
    assert recorder.status().state is State.RECORDING  # recording goes on
    assert [n.kind for n in recorder.status().notices] == [WarningKind.DIGITAL_SILENCE]
    assert not heard.of(WarningKind.SILENCE) and not heard.of(WarningKind.DEVICE_LOST)

    time.sleep(1.0)
    mic.play_and_wait(mic.tone(440, 1.0, "sound-comes-back", volume=0.3))
    wait_for(lambda: heard.of(WarningKind.DIGITAL_SILENCE_END), "the all-clear")
    assert heard.of(WarningKind.DIGITAL_SILENCE_END)[0].clears
    wait_for(lambda: not recorder.status().notices, "the notice to go")
    recorder.finish()

    manifest = files.read_manifest(recorder.folder)
    stretches = [e for e in manifest["events"] if e["what"] == "digital-silence"]
    assert stretches and stretches[0]["seconds"] >= 1.5
    (take,) = timeline.takes("conf", tmp_path)  # the take's folder under tmp_path, as under a conference's folder
    said = [lost.words for lost in take.lost if lost.cause == timeline.DIGITAL_SILENCE]
    assert said and " lost: the microphone sent only digital silence" in said[0]
    assert said[0][:5].count(":") == 1 and "–" in said[0]  # "12:04–12:05, 2 s lost: …"


def test_a_quiet_stretch_that_ends_in_exact_zeros_is_said_as_digital_silence_not_a_quiet_room(
    mic: VirtualMic, tmp_path: Path, recorders: Callable[..., Recorder]
) -> None:
    """A faint hiss for a moment, then the microphone sends exact zeros (muted). With the quiet-room time at one
    second, the hiss and the zeros together pass it before the zeros alone pass the digital silence's 0.8 s: only
    the digital silence is said, whichever comes first (it raced, and a quiet room was said, in a CI run)."""
    recorder = recorders(tmp_path / "take", silence_seconds=1.0)
    hiss = mic.noise(0.6, "short-hiss", volume=0.0003)
    recorder.start()
    assert recorder.wait_until_recording(10)
    mic.play_and_wait(hiss)
    heard = Heard(recorder)
    wait_for(lambda: heard.of(WarningKind.DIGITAL_SILENCE), "the digital silence warning")
    time.sleep(1.5)  # long past the quiet room's second
    recorder.finish()
    assert not heard.of(WarningKind.SILENCE)
    assert min(level.rms for level in recorder.levels() if level.rms > 0) < 10 ** (-60 / 20)  # the hiss was heard


def test_quiet_speech_and_a_quiet_room_are_never_called_digital_silence(
    mic: VirtualMic, tmp_path: Path, recorders: Callable[..., Recorder]
) -> None:
    """Speech at -50 dBFS over a faint hiss: sound, however quiet. The quiet room is said as a quiet room, in
    other words than a dead or muted microphone."""
    room = quiet_room(mic)
    try:
        time.sleep(0.5)
        recorder = recorders(tmp_path / "conf" / "take", silence_seconds=2.0)
        recorder.start()
        assert recorder.wait_until_recording(10)
        heard = Heard(recorder)
        mic.play_and_wait(speech_at(mic, -50.0, "quiet-speech"))
        wait_for(lambda: heard.of(WarningKind.SILENCE), "the quiet-room warning")  # the hiss alone, 2 s
        recorder.stop()
    finally:
        room.terminate()
        room.wait()
    assert not heard.of(WarningKind.DIGITAL_SILENCE)
    assert not heard.of(WarningKind.DEVICE_LOST)
    quiet = heard.of(WarningKind.SILENCE)[0].message
    assert quiet.startswith("The room has been very quiet for 2 seconds: the microphone is sending sound")
    assert "stopped sending sound" not in quiet and "digital silence" not in quiet


# -- a dead device ---------------------------------------------------------------------------------------------


def test_a_dead_device_is_said_within_a_second_and_the_recording_carries_on_when_it_is_back(
    mic: VirtualMic, tmp_path: Path, recorders: Callable[..., Recorder]
) -> None:
    """Samples stop arriving (the sink suspended: a lid closed, a device taken): said within about a second as
    the microphone having stopped sending sound, never as silence; recording reconnects by itself with the gap
    marked and labelled, and the length check finds nothing missing."""
    recorder = recorders(tmp_path / "conf" / "take", reconnect_seconds=0.5)
    recorder.start()
    assert recorder.wait_until_recording(10)
    heard = Heard(recorder)
    player = mic.play(mic.tone(440, 8.0, "before-the-stall", volume=0.3))
    try:
        wait_for(lambda: recorder.elapsed > 2.0, "two seconds recorded")
        mic.stall()
        stalled_at = time.monotonic()
        wait_for(lambda: recorder.status().state is State.DEVICE_LOST, "the microphone to count as gone")
        said_after = time.monotonic() - stalled_at
    finally:
        player.terminate()
        player.wait()
    # How soon it is said is measured, not asserted (no time limits in tests: a loaded machine delays any thread):
    # the drills print it. Here: it is said as a dead device, before the sink comes back.
    print(f"dead device said after {said_after:.2f} s")
    status = recorder.status()
    assert status.alarm and "stopped sending sound" in status.sentence and "lid" in status.sentence
    assert not heard.of(WarningKind.SILENCE) and not heard.of(WarningKind.DIGITAL_SILENCE)
    time.sleep(1.5)
    mic.restore_sink()
    wait_for(lambda: heard.of(WarningKind.DEVICE_BACK), "the microphone to be back")
    assert recorder.status().state is State.RECORDING
    mic.play_and_wait(mic.tone(660, 1.0, "after-the-stall", volume=0.3))
    made = recorder.finish()

    assert len(made.gaps) == 1 and made.gaps[0].seconds >= 2.0
    assert recorder.length_check is not None and recorder.length_check.sentence == ""
    assert abs(recorder.length_check.length - recorder.length_check.recorded) <= 1.5
    (take,) = timeline.takes("conf", tmp_path)
    gone = [lost for lost in take.lost if lost.cause == timeline.MICROPHONE_GONE]
    assert len(gone) == 1 and "lost: the microphone stopped sending sound" in gone[0].words


def test_stopping_while_the_microphone_is_gone_keeps_the_time_as_a_marked_gap(
    mic: VirtualMic, tmp_path: Path, recorders: Callable[..., Recorder]
) -> None:
    """Stopped while no sound arrives: the time without the microphone is kept as a gap at the end, so the
    recording is as long as the time recorded (before, it was dropped and the recording came out short)."""
    recorder = recorders(tmp_path / "conf" / "take", reconnect_seconds=None)
    recorder.start()
    assert recorder.wait_until_recording(10)
    wait_for(lambda: recorder.elapsed > 2.0, "two seconds recorded")
    mic.stall()
    try:
        wait_for(lambda: recorder.status().state is State.DEVICE_LOST, "the microphone to count as gone")
        time.sleep(3.0)
        made = recorder.finish()
    finally:
        mic.restore_sink()
    assert made.gaps and made.gaps[-1].seconds >= 3.0
    assert recorder.length_check is not None
    assert recorder.length_check.sentence == "", recorder.length_check
    assert made.duration == pytest.approx(recorder.length_check.recorded, abs=1.5)


# -- the length check after stop -------------------------------------------------------------------------------


def test_the_length_check_says_what_is_missing_in_words() -> None:
    assert length_check_words(250.0, 250.9) == ""
    assert length_check_words(250.0, 300.0) == (
        "The recording is 4 min 10 s but 5 min were recorded: 50 s are missing — see the gaps marked in the "
        "recording's timeline."
    )
    assert "longer" not in length_check_words(100.0, 300.0)


def test_sound_that_never_arrived_is_found_by_the_length_check_and_kept_for_the_record(
    mic: VirtualMic, tmp_path: Path, recorders: Callable[..., Recorder]
) -> None:
    """Blocks that never arrive for moments too short to count as a dead device (a hiccup of half a second, four
    times): nothing is marked, so only comparing the file read back with the clock finds them."""
    recorder = recorders(tmp_path / "conf" / "take")
    recorder.start()
    assert recorder.wait_until_recording(10)
    for _ in range(4):
        time.sleep(0.6)
        mic.pactl("suspend-sink", "v", "1")
        time.sleep(0.55)
        mic.pactl("suspend-sink", "v", "0")
    time.sleep(0.6)
    made = recorder.finish()
    check = recorder.length_check
    assert check is not None
    if made.gaps:
        pytest.skip("this machine was too slow: a hiccup counted as the microphone gone (and was marked)")
    assert check.recorded - check.length >= 1.6
    assert check.sentence.startswith("The recording is ") and " are missing — see the gaps marked" in check.sentence
    manifest = files.read_manifest(recorder.folder)
    assert manifest["length_check"]["sentence"] == check.sentence
    (take,) = timeline.takes("conf", tmp_path)
    assert take.length_check == check.sentence


# -- the microphone check ----------------------------------------------------------------------------------------


def test_the_check_judges_levels_in_words() -> None:
    rate = 48000
    t = np.arange(3 * rate) / rate
    assert judge(np.zeros(3 * rate, dtype=np.int16), rate)[2] is Verdict.NONE
    speech = (np.sin(2 * np.pi * 300 * t) * 8000).astype(np.int16)
    assert judge(speech, rate)[2] is Verdict.GOOD
    assert judge((speech / 300).astype(np.int16), rate)[2] is Verdict.QUIET  # about -50 dBFS
    assert judge(np.clip(speech.astype(np.int32) * 8, -32768, 32767).astype(np.int16), rate)[2] is Verdict.LOUD


def test_the_microphone_check_hears_speech_as_good_and_plays_it_back(mic: VirtualMic, tmp_path: Path) -> None:
    speech = mic.speech(SPEECH, "check-speech")
    player = mic.play(speech)
    try:
        made = check_microphone()
    finally:
        player.wait()
    assert made.verdict is Verdict.GOOD and made.sentence.startswith("Good level")
    assert made.seconds == pytest.approx(3.0) and made.peak > 0.1

    # Played back through the default output: here, into the virtual microphone, where a second check hears it.
    heard: list = []
    import threading

    listening = threading.Thread(target=lambda: heard.append(check_microphone(seconds=4.0)))
    listening.start()
    time.sleep(0.3)
    play_back(made)
    listening.join()
    assert heard and heard[0].verdict is Verdict.GOOD


def test_the_microphone_check_says_no_sound_at_all_for_digital_silence(mic: VirtualMic) -> None:
    made = check_microphone()
    assert made.verdict is Verdict.NONE and made.peak == 0.0
    assert made.sentence.startswith("No sound at all:") and "muted" in made.sentence


def test_the_microphone_check_says_very_quiet_for_distant_speech(mic: VirtualMic) -> None:
    player = mic.play(speech_at(mic, -50.0, "distant"))
    try:
        made = check_microphone()
    finally:
        player.wait()
    assert made.verdict is Verdict.QUIET and made.sentence.startswith("Very quiet: move the microphone nearer")


def test_the_microphone_check_without_any_sound_device_is_a_plain_sentence(mic: VirtualMic) -> None:
    """No sound server: PortAudio lists no microphone and no loudspeaker; both are said plainly."""
    script = textwrap.dedent(
        """
        import numpy as np
        from chairdesk.errors import ChairDeskError
        from chairdesk.recording.check import MicrophoneCheck, Verdict, check_microphone, play_back
        try:
            check_microphone()
        except ChairDeskError as error:
            print("check:", error)
        try:
            play_back(MicrophoneCheck("x", 48000, np.zeros(4800, dtype=np.int16), 0.0, -120.0, Verdict.NONE))
        except ChairDeskError as error:
            print("play:", error)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], env=mic.no_device_env(), capture_output=True, text=True)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "check: No microphone was found. Plug one in or switch it on, then try again."
    assert lines[1] == f"play: {NO_OUTPUT}"


def test_the_check_writes_no_file(mic: VirtualMic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In memory only: run from an empty folder with the data folder pointed there, nothing appears."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHAIRDESK_DATA", str(tmp_path))
    check_microphone(seconds=1.0)
    assert not list(tmp_path.rglob("*"))
