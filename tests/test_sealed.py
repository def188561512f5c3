"""Recordings sealed as they are written (chairdesk/recording/sealed.py): nothing on the disk a thief could play, a
torn last second left out, a changed or swapped second refused in words, another key refused in words, the second
copy identical and its loss said, and an earlier version's plain FLAC recordings still read.
"""

from __future__ import annotations

import collections
import contextlib
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from test_recording import best_match, start_recording, wait_for
from virtual_mic import VirtualMic

from chairdesk.errors import ChairDeskError
from chairdesk.recording import files, sealed
from chairdesk.recording.assemble import assemble
from chairdesk.recording.monitor import WarningKind
from chairdesk.recording.parts import PartWriter
from chairdesk.recording.playback import Player, PlayerError
from chairdesk.recording.recorder import Recorder

RATE = 48000
SPEECH = "Mia said she feels safe at her nan's house, and the health visitor agreed to call every week."


def tone(hertz: float, seconds: float, rate: int = RATE) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (np.sin(2 * np.pi * hertz * t) * 10000).astype(np.int16)


def entropy(data: bytes) -> float:
    """Bits per byte: about 8 for sealed (random-looking) bytes, far less for sound or text."""
    counts = collections.Counter(data)
    return -sum(c / len(data) * math.log2(c / len(data)) for c in counts.values())


def write_take(folder: Path, samples: np.ndarray, part_seconds: float = 2.0, **options: object) -> PartWriter:
    """A take written as the recorder's writer thread writes it, 20 ms at a time, then finished."""
    files.make_private_folder(folder)
    writer = PartWriter(folder, RATE, part_seconds, "demo-harper-2026-11-24", **options)  # type: ignore[arg-type]
    writer.save()
    for start in range(0, len(samples), 960):
        writer.write(samples[start : start + 960].reshape(-1, 1), "Desk microphone")
    writer.finish()
    return writer


def record_offsets(path: Path) -> list[tuple[int, int]]:
    """(offset, length in bytes) of each record of a sealed file, read from its record headers."""
    data, found, at = path.read_bytes(), [], sealed.HEADER_SIZE
    while at < len(data):
        length = int.from_bytes(data[at : at + 4], "little")
        found.append((at, sealed.RECORD_HEADER_SIZE + length))
        at += sealed.RECORD_HEADER_SIZE + length
    return found


# -- what is on the disk ---------------------------------------------------------------------------------------


def test_recorded_speech_is_sealed_on_disk_and_decrypts_back_to_the_words(
    mic: VirtualMic, tmp_path: Path, recorders: Callable[..., Recorder]
) -> None:
    speech = mic.speech(SPEECH, "sealed-speech")
    recorder = recorders(tmp_path / "take", part_seconds=3.0)
    recorder.start()
    assert recorder.wait_until_recording(20)
    mic.play_and_wait(speech)
    wait_for(lambda: recorder.elapsed > sf.info(str(speech)).duration + 1.5, "the speech recorded")
    result = recorder.finish()

    source, _ = sf.read(speech, dtype="float32")
    audio, rate = sealed.read_all(result.path)
    score, _lag = best_match(audio, source)
    assert rate == RATE and score > 0.95  # the words came back through the seal

    written = [*files.part_files(result.folder), result.path]
    assert len(written) >= 3
    plain = (source * 32767).astype("<i2").tobytes()
    sealed_bytes = b""
    for path in written:
        data = path.read_bytes()
        assert data.startswith(sealed.MAGIC)
        assert b"fLaC" not in data and b"RIFF" not in data and b"WAVE" not in data  # no playable stream in it
        assert plain[48000:48064] not in data  # not a stretch of the sound itself
        sealed_bytes += b"".join(data[at + sealed.RECORD_HEADER_SIZE : at + n] for at, n in record_offsets(path))
    assert len(sealed_bytes) > 100_000
    assert entropy(sealed_bytes) > 7.99  # sealed bytes look random
    flac = tmp_path / "plain.flac"
    sf.write(str(flac), audio, rate, "PCM_16", format="FLAC")
    assert entropy(flac.read_bytes()) < 7.99  # as the same sound stored as plain FLAC does not
    manifest = (result.folder / files.MANIFEST).read_text(encoding="utf-8")
    assert "harper" not in manifest.lower() and "conference_id" not in manifest


def test_a_take_is_stored_under_a_folder_that_names_nobody() -> None:
    folder = files.new_take_folder("demo-harper-2026-11-24")
    assert "harper" not in str(folder.relative_to(files.recordings_root()))
    assert folder.parent == files.conference_folder("demo-harper-2026-11-24")
    assert files.folder_name("demo-harper-2026-11-24") == files.folder_name("demo-harper-2026-11-24")
    assert files.folder_name("demo-harper-2026-11-24") != files.folder_name("demo-harper-2026-11-25")


def test_each_second_is_on_the_disk_as_soon_as_it_is_complete(tmp_path: Path) -> None:
    folder = tmp_path / "take"
    files.make_private_folder(folder)
    writer = PartWriter(folder, RATE, 60.0, None)
    writer.save()
    sound = tone(440, 2.3)
    for start in range(0, len(sound), 960):
        writer.write(sound[start : start + 960].reshape(-1, 1), "mic")
    # Nothing closed, nothing synced by anyone else: every whole record (half a second each) up to two seconds can be
    # read already; the last 0.3 s is being gathered.
    assert writer.record_frames == RATE // 2
    with sealed.open_recording(folder / files.part_name(1)) as part:
        assert part.frames == 2 * RATE and not part.torn
        assert np.array_equal(part.read(0, part.frames, "int16"), sound[: 2 * RATE])
    writer._last_sealed -= 1.0  # a second has passed without a whole record (a pause): sync seals the rest
    writer.sync()
    with sealed.open_recording(folder / files.part_name(1)) as part:
        assert part.frames == len(sound)
    writer.finish()


# -- a crash, a change, another key ----------------------------------------------------------------------------


def test_kill_9_of_a_recording_process_loses_at_most_two_seconds_of_sealed_sound(
    mic: VirtualMic, tmp_path: Path
) -> None:
    out = tmp_path / "take"
    process = start_recording(mic, out, "--part-seconds", "3")
    started = time.monotonic()
    player = mic.play(mic.tone(440, 7.0, "sealed-kill-tone"))
    time.sleep(4.5)
    os.kill(process.pid, signal.SIGKILL)
    recorded_for = time.monotonic() - started
    process.wait()
    player.wait()
    assert all(sealed.is_sealed(p) for p in files.part_files(out))
    result = subprocess.run(
        [sys.executable, "-m", "chairdesk", "recover", str(out), "--json"], env=mic.env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert recorded_for - report["duration"] <= 2.0
    audio, rate = sealed.read_all(report["path"])
    assert len(audio) == round(report["duration"] * rate)


def test_a_torn_last_second_is_left_out_and_every_second_before_it_read(tmp_path: Path) -> None:
    sound = tone(330, 4.0)
    writer = write_take(tmp_path / "take", sound, part_seconds=60.0)
    part = tmp_path / "take" / files.part_name(1)
    whole = part.read_bytes()
    last_at, _length = record_offsets(part)[-1]
    before_last = len(sound) - writer.record_frames  # every record but the last
    for cut in (last_at + 5, last_at + sealed.RECORD_HEADER_SIZE + 100, len(whole) - 1):
        part.write_bytes(whole[:cut])  # the process died while writing the last record
        with sealed.open_recording(part) as torn:
            assert torn.torn and torn.frames == before_last
            assert np.array_equal(torn.read(0, torn.frames, "int16"), sound[:before_last])
    part.write_bytes(whole[:last_at] + b"\0" * (len(whole) - last_at))  # a power cut: the length there, zeros
    with sealed.open_recording(part) as torn:
        assert torn.torn and torn.frames == before_last
    assert writer.frames_written == len(sound)


def test_a_changed_second_is_refused_in_words(tmp_path: Path) -> None:
    write_take(tmp_path / "take", tone(440, 5.0))
    joined = assemble(tmp_path / "take").path
    at, length = record_offsets(joined)[1]
    data = bytearray(joined.read_bytes())
    data[at + length // 2] ^= 0x01  # one bit of the second second
    joined.write_bytes(bytes(data))
    with pytest.raises(sealed.RecordingUnreadable, match=r"has been changed or damaged since it was made \(second 2"):
        sealed.read_all(joined)
    with pytest.raises(ChairDeskError, match="has been changed or damaged"):
        sealed.export_flac(joined, tmp_path / "copy.flac")
    assert not (tmp_path / "copy.flac").exists()
    # A part changed before it was joined: the joining stops in words, and nothing is changed.
    part = tmp_path / "take" / files.part_name(1)
    at, length = record_offsets(part)[0]
    data = bytearray(part.read_bytes())
    data[at + length - 1] ^= 0x80
    part.write_bytes(bytes(data))
    manifest = files.read_manifest(tmp_path / "take")
    files.write_manifest(tmp_path / "take", {**manifest, "state": files.STOPPED})  # type: ignore[dict-item]
    with pytest.raises(ChairDeskError, match="has been changed or damaged"):
        assemble(tmp_path / "take")
    assert bytes(data) == part.read_bytes()


def test_seconds_moved_within_a_file_or_swapped_from_another_are_refused(tmp_path: Path) -> None:
    write_take(tmp_path / "a", tone(440, 4.0), part_seconds=60.0)
    write_take(tmp_path / "b", tone(660, 4.0), part_seconds=60.0)
    a, b = tmp_path / "a" / files.part_name(1), tmp_path / "b" / files.part_name(1)
    data_a, data_b = a.read_bytes(), b.read_bytes()
    (first, n1), (second, n2) = record_offsets(a)[:2]
    moved = data_a[:first] + data_a[second : second + n2] + data_a[first : first + n1] + data_a[second + n2 :]
    a.write_bytes(moved)
    with pytest.raises(sealed.RecordingUnreadable, match="changed or damaged"):
        sealed.read_all(a)
    at, length = record_offsets(b)[1]
    a.write_bytes(data_a[:second] + data_b[at : at + length] + data_a[second + n2 :])
    with pytest.raises(sealed.RecordingUnreadable, match="changed or damaged"):
        sealed.read_all(a)


def test_a_recording_sealed_with_another_key_is_refused_in_words(tmp_path: Path) -> None:
    write_take(tmp_path / "take", tone(440, 3.0), key=os.urandom(32))  # made with another data folder's key
    joined_by_other = tmp_path / "take" / files.part_name(1)
    with pytest.raises(sealed.RecordingUnreadable, match="was sealed with another key.*Nothing has been changed"):
        sealed.read_all(joined_by_other)
    with pytest.raises(ChairDeskError, match="sealed with another key"):
        assemble(tmp_path / "take")
    with pytest.raises(PlayerError, match="sealed with another key"):
        Player(joined_by_other)


def test_playing_and_exporting_read_the_sealed_recording(tmp_path: Path) -> None:
    sound = np.concatenate([tone(440, 2.0), tone(880, 2.0)])
    write_take(tmp_path / "take", sound)
    joined = assemble(tmp_path / "take").path
    player = Player(joined)
    assert player.frames == len(sound) and player.rate == RATE
    with sealed.open_recording(joined) as recording:  # a seek, as playing from an item's moment does
        assert np.array_equal(recording.read(round(2.5 * RATE), 100, "int16"), sound[round(2.5 * RATE) :][:100])
    digest = sealed.export_flac(joined, tmp_path / "export.flac")
    copy, rate = sf.read(tmp_path / "export.flac", dtype="int16")  # the chair's plain copy plays anywhere
    assert rate == RATE and np.array_equal(copy, sound) and len(digest) == 64


# -- the second copy -------------------------------------------------------------------------------------------


def test_the_second_copy_is_identical_and_can_be_joined_by_itself(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    sound = tone(550, 5.0)
    writer = write_take(tmp_path / "data" / "recordings" / "c-x" / "20261124-100000", sound, second_folder=stick)
    assert writer.copy_problem is None
    copy = writer.copy_folder
    assert copy == stick / "ChairDesk recordings" / "c-x" / "20261124-100000"
    laptop = writer.folder
    assert [p.name for p in files.part_files(copy)] == [p.name for p in files.part_files(laptop)]
    for part in files.part_files(laptop):
        assert (copy / part.name).read_bytes() == part.read_bytes()
    assert json.loads((copy / files.MANIFEST).read_text()) == json.loads((laptop / files.MANIFEST).read_text())
    assert np.array_equal(sealed.read_all(assemble(copy).path, "int16")[0], sound)


def test_a_second_folder_that_is_not_there_is_said_and_never_made_on_the_laptop(tmp_path: Path) -> None:
    said: list[str] = []
    stick = tmp_path / "media" / "stick"  # not plugged in: no such folder
    writer = write_take(tmp_path / "take", tone(440, 1.0), second_folder=stick, on_copy_failed=said.append)
    assert not stick.exists() and len(said) == 1
    assert "The second copy of the recording" in (writer.copy_problem or "")
    assert assemble(tmp_path / "take").sound_seconds == pytest.approx(1.0)  # the recording itself is whole


def test_a_pulled_stick_is_said_in_words_and_the_recording_goes_on(
    mic: VirtualMic, tmp_path: Path, recorders: Callable[..., Recorder]
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    recorder = recorders(tmp_path / "recordings" / "c-x" / "take", part_seconds=2.0, second_folder=stick)
    recorder.start()
    assert recorder.wait_until_recording(20)
    sound = mic.play(mic.tone(440, 9.0, "sealed-stick-tone"))
    copy = stick / "ChairDesk recordings" / "c-x" / "take"
    wait_for(lambda: recorder.elapsed > 3.0 and len(files.part_files(copy)) >= 2, "the copy written as it goes")
    shutil.rmtree(stick / "ChairDesk recordings")  # the stick is pulled out
    wait_for(lambda: recorder.status().notices, "the copy's warning")
    pulled_at = recorder.elapsed
    wait_for(lambda: recorder.elapsed > pulled_at + 3.0, "three more seconds")
    sound.wait()
    warnings = [w for w in recorder.warnings() if w.kind is WarningKind.COPY_FAILED]
    assert len(warnings) == 1
    assert warnings[0].message.startswith(f"The second copy of the recording (in {stick}) stopped at 0:00:0")
    assert "The recording on this computer is not affected" in warnings[0].message
    assert recorder.status().sentence == "Recording."
    assert recorder.status().notices[0] == warnings[0]
    result = recorder.finish()
    assert not result.problems and result.sound_seconds > pulled_at + 2.5  # the recording went on, whole
    manifest = files.read_manifest(result.folder)
    assert any(e["what"] == "second-copy-stopped" for e in manifest["events"])  # type: ignore[index]


# -- an earlier version's recordings ---------------------------------------------------------------------------


def test_an_earlier_versions_plain_flac_recording_still_plays_exports_and_is_listed(tmp_path: Path) -> None:
    from chairdesk.recording.timeline import takes

    conference = files.recordings_root() / "demo-harper-2026-11-24"  # as an earlier version named the folder
    take = conference / "20261124-100000"
    files.make_private_folder(take)
    sound = tone(440, 3.0)
    sf.write(str(take / files.LEGACY_RECORDING), sound, RATE, "PCM_16", format="FLAC")
    manifest = {"format": files.FORMAT, "samplerate": RATE, "state": files.COMPLETE, "file": files.LEGACY_RECORDING}
    files.write_manifest(take, {**manifest, "frames": len(sound), "sound_frames": len(sound), "parts": []})
    (found,) = takes("demo-harper-2026-11-24")
    assert found.joined and found.path == take / files.LEGACY_RECORDING and found.duration == 3.0
    assert Player(found.path).frames == len(sound)
    assert assemble(take).path == take / files.LEGACY_RECORDING  # already joined: described as it is
    sealed.export_flac(found.path, tmp_path / "copy.flac")
    assert np.array_equal(sf.read(tmp_path / "copy.flac", dtype="int16")[0], sound)


def test_the_parts_written_while_recording_hold_the_samples_and_the_joined_recording_is_compressed(
    tmp_path: Path,
) -> None:
    """While recording, nothing is encoded on the writer's thread (FLAC through libsndfile's callbacks waited for
    Python's lock and put the writer seconds behind a busy console): a part's records are the samples, sealed. The
    joined recording, made after stop, is FLAC inside the seal, smaller; both read back to the same sound."""
    sound = tone(440, 3.0)
    write_take(tmp_path / "take", sound, part_seconds=60.0)
    part = tmp_path / "take" / files.part_name(1)
    with sealed.open_recording(part) as live:
        assert live.codec == sealed.CODEC_PCM16
        assert np.array_equal(live.read(0, live.frames, "int16"), sound)
    joined = assemble(tmp_path / "take").path
    with sealed.open_recording(joined) as kept:
        assert kept.codec == sealed.CODEC_FLAC
        assert np.array_equal(kept.read(0, kept.frames, "int16"), sound)
    assert joined.stat().st_size < part.stat().st_size / 2


@contextlib.contextmanager
def hanging_copy(copy_folder: Path) -> Iterator[None]:
    """The first part's copy in ``copy_folder`` hangs when opened, as on a network drive that stopped answering (a
    named pipe: opened to be written, it waits for a reader). The pipe is read at the end, pass or fail, so the copy's
    thread is let go."""
    copy_folder.mkdir(parents=True)
    pipe = copy_folder / files.part_name(1)
    os.mkfifo(pipe)
    try:
        yield
    finally:
        reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # lets the blocked open return
        time.sleep(0.2)
        os.close(reader)


def test_a_second_folder_that_hangs_never_holds_the_recording_and_is_given_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer hands the copy over and goes on: every second still reaches the laptop's disk at once while the copy
    hangs; after COPY_PATIENCE the copy is given up in words, once, and the record says so."""
    from chairdesk.recording import parts

    monkeypatch.setattr(parts, "COPY_PATIENCE", 0.5)
    stick, take = tmp_path / "stick", tmp_path / "recordings" / "c-x" / "20261124-100000"
    said: list[str] = []
    with hanging_copy(stick / parts.COPY_FOLDER / "c-x" / "20261124-100000"):
        files.make_private_folder(take)
        writer = PartWriter(take, RATE, 60.0, "c-x", second_folder=stick, on_copy_failed=said.append)
        writer.save()
        sound = tone(440, 3.0)
        written = threading.Thread(
            target=lambda: [writer.write(b.reshape(-1, 1), "Desk") for b in sound[:RATE].reshape(-1, 960)]
        )
        written.start()
        written.join(10)
        assert not written.is_alive(), "the writer waited for the second folder"
        sealed_now = files.part_files(take)[0].stat().st_size
        assert sealed_now > sealed.HEADER_SIZE + RATE  # the first second, both records, on the laptop already
        assert said == []
        time.sleep(0.6)
        writer.sync()  # once a second, as the writer thread does
        assert said == [parts.FELL_BEHIND]
        for block in sound[RATE:].reshape(-1, 960):
            writer.write(block.reshape(-1, 1), "Desk")
        writer.finish()
        assert said == [parts.FELL_BEHIND]
    assert f"has stopped ({parts.FELL_BEHIND})" in (writer.copy_problem or "")
    assert np.array_equal(sealed.read_all(assemble(take).path, "int16")[0], sound)
    events = files.read_manifest(take)["events"]  # type: ignore[index]
    assert [e["what"] for e in events].count("second-copy-stopped") == 1


def test_a_second_folder_that_hangs_is_said_in_words_while_the_recording_goes_on(
    mic: VirtualMic, tmp_path: Path, recorders: Callable[..., Recorder], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chairdesk.recording import parts

    monkeypatch.setattr(parts, "COPY_PATIENCE", 1.0)
    stick = tmp_path / "stick"
    folder = tmp_path / "recordings" / "c-x" / "take"
    with hanging_copy(stick / parts.COPY_FOLDER / "c-x" / "take"):
        recorder = recorders(folder, part_seconds=60.0, second_folder=stick)
        recorder.start()
        assert recorder.wait_until_recording(20)
        sound = mic.play(mic.tone(440, 6.0, "sealed-hanging-stick"))
        wait_for(lambda: recorder.status().notices, "the copy's warning")
        warned_at = recorder.elapsed
        on_disk = files.part_files(folder)[0].stat().st_size
        wait_for(lambda: files.part_files(folder)[0].stat().st_size > on_disk + RATE, "a second more on the laptop")
        sound.wait()
        (warning,) = [w for w in recorder.warnings() if w.kind is WarningKind.COPY_FAILED]
        assert warning.message.startswith(f"The second copy of the recording (in {stick}) stopped at 0:00:0")
        assert f": {parts.FELL_BEHIND}. A memory stick" in warning.message
        assert recorder.status().sentence == "Recording."
        result = recorder.finish()
    assert not result.problems and result.sound_seconds > warned_at + 1.0


def test_a_second_folder_too_slow_to_keep_up_is_given_up_not_left_to_fall_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each step of the copy answers, but slower than the recording: the copy is given up once it is COPY_PATIENCE
    behind, instead of holding ever more of the meeting in memory for a copy that never catches up."""
    from chairdesk.recording import parts

    monkeypatch.setattr(parts, "COPY_PATIENCE", 1.0)
    real_sync = PartWriter._sync_copy

    def slow_sync(writer: PartWriter) -> None:  # a stick that takes 0.3 s to put each second on its disk
        time.sleep(0.3)
        real_sync(writer)

    monkeypatch.setattr(PartWriter, "_sync_copy", slow_sync)
    stick, take = tmp_path / "stick", tmp_path / "recordings" / "c-x" / "20261124-100000"
    stick.mkdir()
    files.make_private_folder(take)
    said: list[str] = []
    writer = PartWriter(take, RATE, 60.0, "c-x", second_folder=stick, on_copy_failed=said.append)
    writer.save()
    sound = tone(440, 10.0)
    for second in sound.reshape(-1, RATE // 2):  # half a second at a time, a sync after each: twice as fast
        writer.write(second.reshape(-1, 1), "Desk")
        writer.sync()
        time.sleep(0.1)
    writer.finish()
    assert said == [parts.FELL_BEHIND]
    assert np.array_equal(sealed.read_all(assemble(take).path, "int16")[0], sound)
    events = files.read_manifest(take)["events"]  # type: ignore[index]
    assert [e["what"] for e in events].count("second-copy-stopped") == 1


def test_a_copy_that_keeps_up_is_waited_for_at_stop_however_its_last_steps_fall() -> None:
    """At Stop the copy is waited for as long as it stays less than COPY_PATIENCE behind: a slow write finishing just
    before the last steps are handed over does not cut the wait short (the copy was never that far behind)."""
    from chairdesk.recording import parts

    copy = parts._CopyThread()
    done: list[str] = []
    copy.put(lambda: time.sleep(0.9))  # a slow fsync on a stick that keeps up (patience 1 s)
    time.sleep(0.8)
    copy.put(lambda: (time.sleep(0.3), done.append("the manifest")))  # Stop: the copy's last steps
    assert copy.finish(1.0)
    assert done == ["the manifest"] and copy.behind() == 0.0

    stuck = parts._CopyThread()
    let_go = threading.Event()
    stuck.put(lambda: let_go.wait(10))  # a folder that hangs: given up once it is the patience behind
    assert not stuck.finish(0.5)  # returns, saying the copy did not finish
    stuck.stop()
    let_go.set()
