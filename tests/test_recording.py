"""Recording for real: sound played into the virtual microphone, captured through PortAudio, checked on disk.

Nothing here mocks sounddevice. Each test waits for the recorder to say sound is arriving before it plays.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from virtual_mic import VirtualMic

from chairdesk.errors import ChairDeskError
from chairdesk.recording import files, sealed
from chairdesk.recording.assemble import assemble
from chairdesk.recording.monitor import WarningKind
from chairdesk.recording.recorder import Recorder, State

CHAIRDESK = [sys.executable, "-m", "chairdesk"]
SPEECH = "The social worker reads the danger statement and explains why the conference is needed."


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 20.0) -> None:
    """Poll until ``condition`` holds; fail (rather than hang) if it never does."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def dominant_hertz(samples: np.ndarray, rate: int) -> tuple[float, float]:
    """The strongest frequency in ``samples`` and the share of all the power within 10 Hz of it."""
    power = np.abs(np.fft.rfft(samples * np.hanning(len(samples)))) ** 2
    hertz = np.fft.rfftfreq(len(samples), 1 / rate)
    peak = float(hertz[int(np.argmax(power))])
    near = power[np.abs(hertz - peak) <= 10].sum()
    return peak, float(near / (power.sum() + 1e-20))


def tone_windows(samples: np.ndarray, rate: int, hertz: float) -> list[float]:
    """Start times (s) of the half-second windows holding a pure tone of ``hertz`` (within 2 Hz)."""
    step = rate // 2
    found = []
    for start in range(0, len(samples) - step, step):
        window = samples[start : start + step]
        if np.sqrt(np.mean(window**2)) > 0.02:
            peak, purity = dominant_hertz(window, rate)
            if abs(peak - hertz) <= 2 and purity > 0.5:
                found.append(start / rate)
    return found


def best_match(recording: np.ndarray, source: np.ndarray) -> tuple[float, int]:
    """Normalised cross-correlation of ``source`` within ``recording``: (best score, at which sample)."""
    n = len(recording) + len(source)
    correlation = np.fft.irfft(np.fft.rfft(recording, n) * np.conj(np.fft.rfft(source, n)), n)[: len(recording)]
    lag = int(np.argmax(correlation))
    segment = recording[lag : lag + len(source)]
    score = correlation[lag] / (np.linalg.norm(source[: len(segment)]) * np.linalg.norm(segment) + 1e-12)
    return float(score), lag


def start_recording(mic: VirtualMic, out: Path, *extra: str, **popen: object) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [*CHAIRDESK, "record", "--out", str(out), *extra],
        env=mic.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,  # type: ignore[call-overload]
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first == "recording\n", first + process.stderr.read()  # type: ignore[union-attr]
    return process


def test_devices_lists_the_virtual_microphone(mic: VirtualMic) -> None:
    result = subprocess.run([*CHAIRDESK, "devices", "--json"], env=mic.env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    devices = json.loads(result.stdout)
    assert [d["name"] for d in devices if d["default"]] == ["default"]
    assert all(d["channels"] >= 1 for d in devices)
    text = subprocess.run([*CHAIRDESK, "devices"], env=mic.env, capture_output=True, text=True)
    assert text.returncode == 0
    assert "* default" in text.stdout


def test_records_speech_and_a_tone_as_long_as_asked(mic: VirtualMic, tmp_path: Path) -> None:
    speech, tone = mic.speech(SPEECH, "speech"), mic.tone(440, 2.0, "tone440")
    out = tmp_path / "take"
    process = start_recording(mic, out, "--seconds", "9")
    started = time.monotonic()
    mic.play_and_wait(speech)
    mic.play_and_wait(tone)
    played = time.monotonic() - started
    stdout, stderr = process.communicate(timeout=120)  # a recorder that ignores the stop fails, not hangs
    assert process.returncode == 0, stderr
    path = Path(stdout.strip().splitlines()[-1])
    assert path == out / files.RECORDING

    audio, rate = sealed.read_all(path)
    assert rate == 48000
    assert abs(len(audio) / rate - 9.0) < 0.1
    assert played < len(audio) / rate  # everything played is inside the recording

    source, _ = sf.read(speech, dtype="float32")
    score, lag = best_match(audio, source)
    assert score > 0.95  # the words came through, not just "some sound"
    assert 0 <= lag / rate < 1.0
    speech_ends = (lag + len(source)) / rate
    tone_at = tone_windows(audio, rate, 440)
    assert len(tone_at) >= 3  # at least 1.5 s of the 2 s tone, at 440 Hz
    assert all(t + 0.5 > speech_ends for t in tone_at)  # each window holding the tone ends after the speech

    assert stat_mode(out) == 0o700 and stat_mode(path) == 0o600
    names = sorted(p.name for p in out.iterdir())
    assert [n for n in names if not n.startswith("part-")] == sorted([files.LOCK, files.RECORDING, files.MANIFEST])
    assert [n for n in names if n.startswith("part-")] == ["part-0001.sealed"]  # kept beside the joined file


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_kill_9_mid_recording_loses_at_most_two_seconds(mic: VirtualMic, tmp_path: Path) -> None:
    out = tmp_path / "take"
    tone = mic.tone(440, 8.0, "tone-long")
    process = start_recording(mic, out, "--part-seconds", "2")
    started = time.monotonic()
    player = mic.play(tone)
    time.sleep(5.5)
    os.kill(process.pid, signal.SIGKILL)
    recorded_for = time.monotonic() - started
    process.wait()
    player.wait()
    parts = sorted(p.name for p in out.glob(files.PART_GLOB))
    assert parts[:2] == ["part-0001.sealed", "part-0002.sealed"] and len(parts) >= 3  # closed parts and an open one
    assert not (out / files.RECORDING).exists()

    result = subprocess.run([*CHAIRDESK, "recover", str(out), "--json"], env=mic.env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["interrupted"] is True
    assert "was interrupted" in report["message"] and "recovered" in report["message"]
    missing = recorded_for - report["duration"]
    assert missing <= 2.0, f"{missing:.2f} s lost"
    assert report["duration"] <= recorded_for + 0.3

    audio, rate = sealed.read_all(report["path"])
    assert abs(len(audio) / rate - report["duration"]) < 0.01
    assert len(tone_windows(audio, rate, 440)) >= 8  # the sound itself survived, not only its length
    # Joined and checked; the parts stay until the chair deletes the recording.
    assert sorted(p.name for p in out.glob(files.PART_GLOB)) == parts

    again = subprocess.run([*CHAIRDESK, "recover", str(out)], env=mic.env, capture_output=True, text=True)
    assert again.returncode == 0
    assert again.stdout.splitlines()[0] == report["path"]
    assert f"({report['duration']:.1f} seconds)" in again.stdout


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl+C"])
def test_record_stops_cleanly_when_told(mic: VirtualMic, tmp_path: Path, stop_signal: signal.Signals) -> None:
    out = tmp_path / "take"
    process = start_recording(mic, out)
    time.sleep(1.5)
    process.send_signal(stop_signal)
    stdout, stderr = process.communicate(timeout=120)  # a recorder that ignores the stop fails, not hangs
    assert process.returncode == 0, stderr
    assert stdout.splitlines()[-1] == str(out / files.RECORDING)
    with sealed.open_recording(out / files.RECORDING) as recording:
        assert 1.3 <= recording.duration <= 2.0
    assert "Traceback" not in stderr


def test_an_unknown_microphone_is_named_with_those_there_are(mic: VirtualMic, tmp_path: Path) -> None:
    command = [*CHAIRDESK, "record", "--out", str(tmp_path / "take"), "--seconds", "1", "--device", "Blue Yeti"]
    result = subprocess.run(command, env=mic.env, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "error: The microphone “Blue Yeti” is not connected. The microphones found are: default, pulse."
    )
    assert not (tmp_path / "take").exists()


def test_no_microphone_is_a_plain_error(mic: VirtualMic, tmp_path: Path) -> None:
    out = tmp_path / "take"
    env = mic.no_device_env()
    result = subprocess.run(
        [*CHAIRDESK, "record", "--out", str(out), "--seconds", "1"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "error: No microphone was found. Plug one in or switch it on, then try again."
    )
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not out.exists()  # nothing partial
    listed = subprocess.run([*CHAIRDESK, "devices"], env=env, capture_output=True, text=True)
    assert listed.returncode == 2 and listed.stderr.startswith("error: No microphone was found")
    as_json = subprocess.run([*CHAIRDESK, "devices", "--json"], env=env, capture_output=True, text=True)
    assert as_json.returncode == 2 and as_json.stdout == ""
    assert as_json.stderr.startswith("error: No microphone was found")


def test_microphone_pulled_out_keeps_what_was_recorded_and_marks_the_gap(
    mic: VirtualMic, tmp_path: Path, recorders: Callable[..., Recorder]
) -> None:
    before, after = mic.tone(440, 1.5, "before"), mic.tone(660, 1.5, "after")
    warnings = []
    # Resumed by hand here; tests/test_recording_faults.py has the recorder carry on by itself.
    recorder = recorders(tmp_path / "take", silence_seconds=600, reconnect_seconds=None, on_warning=warnings.append)
    recorder.start()
    assert recorder.wait_until_recording(10)
    mic.play_and_wait(before)
    time.sleep(0.3)

    mic.remove_sink()
    wait_for(lambda: any(w.kind is WarningKind.DEVICE_LOST for w in warnings), "the microphone-lost warning")
    assert recorder.state is State.DEVICE_LOST
    lost = [w for w in warnings if w.kind is WarningKind.DEVICE_LOST]
    assert len(lost) == 1
    assert "stopped sending sound" in lost[0].message and "Everything recorded up to then is saved" in lost[0].message
    manifest = files.read_manifest(recorder.folder)
    assert manifest is not None and manifest["state"] == files.DEVICE_LOST
    assert all(p["closed"] for p in manifest["parts"])  # what was heard is safely closed on disk
    during = recorder.elapsed
    time.sleep(1.5)
    assert recorder.elapsed >= during + 1.4  # the meeting's clock runs on through the gap

    mic.restore_sink()
    recorder.resume()
    wait_for(lambda: any(w.kind is WarningKind.DEVICE_BACK for w in warnings), "the microphone-back notice")
    assert recorder.state is State.RECORDING  # once its sound arrives (until then it is still without one)
    back = [w for w in warnings if w.kind is WarningKind.DEVICE_BACK]
    assert len(back) == 1 and "gap of" in back[0].message and back[0].clears
    wait_for(lambda: any(level.offset > during + 1.5 for level in recorder.levels()), "sound after the gap")
    mic.play_and_wait(after)
    time.sleep(0.3)
    stopped_at = recorder.elapsed
    result = recorder.finish()

    assert len(result.gaps) == 1
    gap = result.gaps[0]
    assert gap.seconds >= 1.5
    assert abs(result.duration - stopped_at) < 0.15
    assert "a gap of" in result.message
    audio, rate = sealed.read_all(result.path)
    start, end = round(gap.offset * rate), round((gap.offset + gap.seconds) * rate)
    assert not audio[start:end].any()  # the gap is marked by silence of its own length
    assert len(tone_windows(audio[:start], rate, 440)) >= 2
    assert len(tone_windows(audio[end:], rate, 660)) >= 2
    assert not tone_windows(audio[end:], rate, 440)


def test_pause_bookmarks_levels_and_warnings(
    mic: VirtualMic, tmp_path: Path, recorders: Callable[..., Recorder]
) -> None:
    loud = mic.tone(1000, 1.0, "loud", volume=2.0)  # clipped by sox: flat tops at full scale
    recorder = recorders(tmp_path / "take", silence_seconds=1.0)
    recorder.start()
    assert recorder.wait_until_recording(10)
    seen: list = []

    def heard(kind: WarningKind) -> bool:
        seen.extend(recorder.warnings())
        return any(w.kind is kind for w in seen)

    # The null sink plays digital silence (exact zeros): said as that, not as a quiet room (test_recorder_truth.py)
    wait_for(lambda: heard(WarningKind.DIGITAL_SILENCE), "the digital silence warning")
    silence = next(w for w in seen if w.kind is WarningKind.DIGITAL_SILENCE)
    assert silence.message.startswith("The microphone (default) has sent nothing but digital silence since 0:00:0")
    mark = recorder.bookmark("Danger statement read")
    mic.play_and_wait(loud)
    wait_for(lambda: heard(WarningKind.CLIPPING), "the clipping warning")
    wait_for(lambda: heard(WarningKind.DIGITAL_SILENCE_END), "the all-clear after silence")
    assert not any(w.kind is WarningKind.SILENCE for w in seen)  # zeros are not a quiet room
    levels = recorder.levels()
    assert max(level.peak for level in levels) > 0.99
    assert max(level.rms for level in levels) > 0.6  # a full-scale sine: RMS 0.707
    assert min(level.rms_dbfs for level in levels) < -60
    assert all(a.offset <= b.offset for a, b in zip(levels, levels[1:], strict=False))

    recorder.pause()
    time.sleep(0.1)  # a callback already running when pause() was called may still count its block
    paused_at = recorder.elapsed
    mic.play_and_wait(mic.tone(440, 1.0, "while-paused"))
    # paplay returns when the server has the sound, not when the sink has played it; on a loaded machine the
    # tail can still be playing, so let it drain before resuming.
    time.sleep(1.0)
    assert recorder.elapsed == paused_at  # nothing is recorded while paused
    recorder.resume()
    time.sleep(0.5)
    second = recorder.bookmark("Scaling")
    stopped_at = recorder.elapsed
    result = recorder.finish()

    assert abs(result.duration - stopped_at) < 0.06
    assert [b.label for b in result.bookmarks] == ["Danger statement read", "Scaling"]
    assert result.bookmarks[0].offset == mark.offset and result.bookmarks[1].offset == second.offset
    assert 0 < mark.offset < second.offset <= stopped_at
    audio, rate = sealed.read_all(result.path)
    assert not tone_windows(audio, rate, 440)  # the tone played during the pause is not in the recording
    assert tone_windows(audio, rate, 1000)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs: a real disk that really fills up."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("a tmpfs cannot be mounted here (needs root); the injected write error test still runs")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize(
    ("reserve", "check_every"),
    [(200_000, 0.2), (0, 3600.0)],  # the second checks the disk only at the start: the write itself must fail
    ids=["stops-before-full", "write-fails-when-full"],
)
def test_full_disk_stops_cleanly_and_keeps_everything(
    mic: VirtualMic, small_disk: Path, reserve: int, check_every: float, recorders: Callable[..., Recorder]
) -> None:
    noise = mic.noise(30, "noise")
    recorder = recorders(
        small_disk / "take", silence_seconds=600, disk_reserve_bytes=reserve, disk_check_seconds=check_every
    )
    recorder.start()
    assert recorder.wait_until_recording(10)
    player = mic.play(noise)
    try:
        wait_for(lambda: recorder.state is State.STOPPED, "the recorder to stop on the full disk")
    finally:
        player.terminate()
        player.wait()
    warnings = recorder.warnings()
    full = [w for w in warnings if w.kind is WarningKind.DISK_FULL]
    assert len(full) == 1
    why = (
        r"less than 0\.1 MB is free on the disk \(ChairDesk keeps that much free to save the recording\)"
        if reserve
        else "the disk is full"
    )
    assert re.fullmatch(
        rf"Recording stopped at 0:00:\d\d because {why}\. Everything recorded up to then is saved\. "
        r"Free some space, then press Record to carry on in a new recording\.",
        full[0].message,
    )
    assert recorder.status().sentence == full[0].message and recorder.status().alarm  # one state, one sentence
    if reserve:  # checked as it goes: the chair was told before it stopped, with the same reserve
        low = [w for w in warnings if w.kind is WarningKind.DISK_LOW]
        assert low and "less than a minute" in low[0].message
        assert "ChairDesk stops recording when less than 0.1 MB is free" in low[0].message
    folder = recorder.stop()
    with pytest.raises(ChairDeskError, match="safe in its parts"):
        assemble(folder)  # no room to join: nothing is lost, nothing half-written is left
    assert not (folder / files.RECORDING).exists()

    subprocess.run(["mount", "-o", "remount,size=8m", str(small_disk)], check=True)  # the chair frees space
    result = assemble(folder)
    stopped_at = full[0].offset
    assert stopped_at > 1.0
    assert stopped_at - 2.0 <= result.duration <= stopped_at + 0.2
    audio, _ = sealed.read_all(result.path)
    assert np.sqrt(np.mean(audio**2)) > 0.05  # the noise is there


def test_a_write_error_stops_cleanly_and_keeps_everything(mic: VirtualMic, tmp_path: Path) -> None:
    """An injected write error: the process may not write a file larger than 200 kB (RLIMIT_FSIZE), as when a
    USB disk fails or a quota is reached. Works without root."""
    out = tmp_path / "take"

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed

    process = start_recording(mic, out, "--seconds", "30", preexec_fn=limit_file_size)
    player = mic.play(mic.noise(30, "noise-for-limit"))
    try:
        stdout, stderr = process.communicate(timeout=60)
    finally:
        player.terminate()
        player.wait()
    assert "Traceback" not in stderr
    warning = re.search(r"warning: The recording could not be written \((.*)\), so it stopped at 0:00:(\d\d)\.", stderr)
    assert warning, stderr
    assert "Everything recorded up to then is saved." in stderr
    stopped_at = int(warning.group(2))
    assert stopped_at < 10  # it stopped when the limit was reached, not after the 30 seconds asked for
    if process.returncode == 2:  # the joined file did not fit under the limit either: the parts are kept
        assert stderr.splitlines()[-1].startswith("error: the recording could not be put together as one file")
        assert not (out / files.RECORDING).exists()
    else:  # the joined file fitted: the torn tail of the failed write is not in it
        assert process.returncode == 0 and stdout.splitlines()[-1] == str(out / files.RECORDING)

    recovered = subprocess.run([*CHAIRDESK, "recover", str(out), "--json"], env=mic.env, capture_output=True, text=True)
    assert recovered.returncode == 0, recovered.stderr
    duration = json.loads(recovered.stdout)["duration"]
    assert stopped_at - 2.0 <= duration <= stopped_at + 1.0
