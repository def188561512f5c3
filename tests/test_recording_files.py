"""The recording's files, recovery, detectors, device choice and the parents' request: no microphone needed.

Torn parts are made the way a crash made them in an earlier version: a process writes a plain FLAC part and dies
without closing it (such parts must still recover). Sealed parts have their own tests in test_sealed.py.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from builders import minimal_conference

from chairdesk import conference_file
from chairdesk.errors import ChairDeskError
from chairdesk.model import Bookmark
from chairdesk.recording import files, requests, sealed
from chairdesk.recording.assemble import assemble, recover_all
from chairdesk.recording.devices import InputDevice, NoInputDevice, choose, remember_device, remembered_device
from chairdesk.recording.files import find_unfinished
from chairdesk.recording.monitor import (
    SILENCE_SECONDS,
    ClippingDetector,
    DiskWatcher,
    SilenceDetector,
    WarningKind,
    WriteRate,
    clock,
    duration_words,
    measure,
)
from chairdesk.settings import Settings
from chairdesk.storage import Store

RATE = 48000  # as recorded: how much a torn FLAC part loses is counted in samples (one 4096-sample frame or so)


def tone(hertz: float, seconds: float, rate: int = RATE) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (np.sin(2 * np.pi * hertz * t) * 10000).astype(np.int16)


def legacy_part_name(number: int) -> str:
    """A part's name as an earlier version wrote it: plain FLAC."""
    return f"part-{number:04d}.flac"


def closed_part(folder: Path, number: int, samples: np.ndarray, rate: int = RATE) -> dict[str, Any]:
    """A closed plain FLAC part, as an earlier version wrote it."""
    name = legacy_part_name(number)
    with sf.SoundFile(folder / name, "w", rate, 1, "PCM_16", format="FLAC") as out:
        out.write(samples)
    return {"file": name, "frames": len(samples), "closed": True}


def torn_part(folder: Path, number: int, hertz: float, seconds: float) -> dict[str, Any]:
    """A plain FLAC part as a crash left it in an earlier version: written block by block, never closed (the process
    dies with os._exit)."""
    name = legacy_part_name(number)
    code = (
        "import os, sys, numpy as np, soundfile as sf\n"
        f"t = np.arange(round({seconds} * {RATE})) / {RATE}\n"
        f"x = (np.sin(2 * np.pi * {hertz} * t) * 10000).astype(np.int16)\n"
        f"f = sf.SoundFile(sys.argv[1], 'w', {RATE}, 1, 'PCM_16', format='FLAC')\n"
        "for i in range(0, len(x), 400): f.write(x[i:i + 400])\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(folder / name)], check=True)
    return {"file": name, "frames": None, "closed": False}


def manifest(parts: list[dict[str, Any]], state: str = files.RECORDING_STATE, **more: Any) -> dict[str, Any]:
    return {"format": files.FORMAT, "samplerate": RATE, "channels": 1, "state": state, "parts": parts, **more}


def hertz_of(samples: np.ndarray, rate: int = RATE) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[int(np.argmax(spectrum))])


def test_an_interrupted_recording_is_recovered_whole_with_its_gap(tmp_path: Path) -> None:
    folder = tmp_path / "take"
    files.make_private_folder(folder)
    parts = [
        closed_part(folder, 1, tone(440, 2.0)),
        {"gap": 0.5, "offset": 2.0},
        torn_part(folder, 2, 660, 1.5),
    ]
    with pytest.raises((RuntimeError, ValueError)):
        sf.read(folder / parts[2]["file"])  # the torn part cannot be read the ordinary way
    bookmarks = [{"label": "Scaling", "offset": 2.7, "entered_at": "2027-01-07T10:42:00"}]
    files.write_manifest(folder, manifest(parts, started_at="2027-01-07T10:02:00", bookmarks=bookmarks))
    assert find_unfinished(tmp_path) == [folder]

    result = assemble(folder)
    assert result.interrupted
    assert 3.8 <= result.duration <= 4.0  # 2 + 0.5 + all but the last FLAC frames (0.1-0.2 s) of 1.5
    assert result.sound_seconds == pytest.approx(result.duration - 0.5)
    assert [(g.offset, g.seconds) for g in result.gaps] == [(2.0, 0.5)]
    assert result.bookmarks == (Bookmark("Scaling", 2.7, "take", dt.datetime(2027, 1, 7, 10, 42)),)
    assert result.message.startswith("The recording started at 10:02 on Thursday 7 January 2027 was interrupted.")
    assert "ChairDesk recovered 3 seconds of it, with a gap of less than a second" in result.message
    assert sealed.is_sealed(result.path)  # joined from plain parts, the recording is sealed
    audio, rate = sealed.read_all(result.path, dtype="int16")
    assert rate == RATE and len(audio) == round(result.duration * RATE)
    assert hertz_of(audio[: 2 * RATE]) == pytest.approx(440, abs=1)
    assert not audio[2 * RATE : int(2.5 * RATE)].any()
    assert hertz_of(audio[int(2.5 * RATE) :]) == pytest.approx(660, abs=1)
    assert len(files.part_files(folder)) == 2  # kept: nothing is deleted unless the chair asks
    assert files.read_manifest(folder)["state"] == files.COMPLETE  # type: ignore[index]
    assert find_unfinished(tmp_path) == []
    assert assemble(folder) == result  # running it again changes nothing


def test_parts_without_a_manifest_are_still_recovered(tmp_path: Path) -> None:
    folder = tmp_path / "take"
    folder.mkdir()
    closed_part(folder, 1, tone(440, 1.0))
    torn_part(folder, 2, 440, 1.0)
    result = assemble(folder)
    assert 1.85 <= result.duration <= 2.0 and result.interrupted


def test_three_hours_play_back_as_one_file(tmp_path: Path) -> None:
    """180 one-minute parts (at 8 kHz, to keep the test quick) become one file of exactly three hours, each
    minute's marker where it belongs. The benchmark times the same at 48 kHz."""
    folder, rate = tmp_path / "take", 8000
    folder.mkdir()
    minute = np.zeros(60 * rate, dtype=np.int16)
    minute[: rate // 10] = tone(1000, 0.1, rate)
    parts = [closed_part(folder, n, minute, rate) for n in range(1, 181)]
    files.write_manifest(folder, {**manifest(parts, files.STOPPED), "samplerate": rate})
    result = assemble(folder)
    assert result.duration == 3 * 3600 and not result.interrupted and not result.problems
    with sealed.open_recording(result.path) as joined:
        assert joined.frames == 3 * 3600 * rate
        for n in (0, 90, 179):
            assert hertz_of(joined.read(n * 60 * rate, rate // 10), rate) == pytest.approx(1000, abs=10)


def test_a_recording_being_made_is_never_touched(tmp_path: Path) -> None:
    busy, idle = tmp_path / "conf" / "busy", tmp_path / "conf" / "idle"
    for folder in (busy, idle):
        files.make_private_folder(folder)
        parts = [closed_part(folder, 1, tone(440, 0.5))]
        files.write_manifest(folder, manifest(parts))
    lock = files.FolderLock(busy)
    assert lock.acquire()
    try:
        assert files.is_being_recorded(busy) and not files.is_being_recorded(idle)
        assert find_unfinished(tmp_path) == [idle]
        with pytest.raises(ChairDeskError, match="still being recorded"):
            assemble(busy)
        assert [r.folder for r in recover_all(tmp_path)] == [idle]
    finally:
        lock.release()
    assert (busy / legacy_part_name(1)).exists()


def test_a_recording_stopped_before_any_sound_is_said_plainly_and_not_recovered_again(tmp_path: Path) -> None:
    folder = tmp_path / "recordings" / "conference" / "take"
    files.make_private_folder(folder)
    files.write_manifest(folder, manifest([], files.STOPPED))  # stopped before the microphone sent a block
    result = assemble(folder)
    assert (
        result.message == "Nothing was recorded: no sound had arrived from the microphone when the recording stopped."
    )
    assert result.duration == 0 and not (folder / files.RECORDING).exists()
    assert find_unfinished(tmp_path / "recordings") == []  # done with: not offered again at every start
    assert assemble(folder).message == result.message


def test_nothing_to_recover_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(ChairDeskError, match="there is no recording in this folder"):
        assemble(tmp_path)
    with pytest.raises(ChairDeskError, match="there is no such folder"):
        assemble(tmp_path / "missing")


def test_recover_command_on_a_torn_recording(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from chairdesk.cli import main

    folder = tmp_path / "take"
    folder.mkdir()
    files.write_manifest(folder, manifest([torn_part(folder, 1, 440, 2.0)]))
    assert main(["recover", str(folder)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == str(folder / files.RECORDING)
    assert lines[1].startswith("duration 0:00:01 (1.9 seconds)")
    assert "was interrupted" in lines[2]
    assert main(["recover", str(tmp_path / "nothing")]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'nothing'}: there is no such folder\n"


def test_recordings_are_private_to_their_owner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAIRDESK_DATA", str(tmp_path / "data"))
    take = files.new_take_folder("conf/../1", dt.datetime(2027, 1, 7, 10, 2))
    assert take == tmp_path / "data" / "recordings" / files.folder_name("conf/../1") / "20270107-100200"
    files.make_private_folder(take)
    files.create_private_file(take / "part-0001.flac")
    files.write_manifest(take, manifest([]))
    for path in (take, take.parent, files.recordings_root()):
        assert path.stat().st_mode & 0o777 == 0o700
    for path in (take / "part-0001.flac", take / files.MANIFEST):
        assert path.stat().st_mode & 0o777 == 0o600
    assert files.new_take_folder("conf/../1", dt.datetime(2027, 1, 7, 10, 2)).name == "20270107-100200-2"


def test_a_damaged_manifest_is_a_plain_error(tmp_path: Path) -> None:
    (tmp_path / files.MANIFEST).write_text("{not json")
    with pytest.raises(ChairDeskError, match="cannot be read"):
        files.read_manifest(tmp_path)
    (tmp_path / files.MANIFEST).write_text(json.dumps({"format": "something else"}))
    with pytest.raises(ChairDeskError, match="is not a ChairDesk recording"):
        files.read_manifest(tmp_path)


# -- what the window is told -----------------------------------------------------------------------------------


def test_silence_is_reported_once_then_cleared() -> None:
    detector = SilenceDetector(seconds=1.0)
    said = [detector.feed(0.0, 0.05) for _ in range(30)]
    assert said.count(WarningKind.SILENCE) == 1 and said.index(WarningKind.SILENCE) == 19
    assert detector.feed(0.0009, 0.05) is None  # quiet room noise below -60 dBFS is still silence
    # A click (one block of sound: a loose cable, a knock) is not the sound coming back: the warning stays on,
    # and does not go off and on again a moment later.
    assert [detector.feed(0.01, 0.05)] + [detector.feed(0.0, 0.05) for _ in range(60)] == [None] * 61
    # Sound that lasts (a syllable of speech: a fifth of a second) clears it at once, and only once.
    assert [detector.feed(0.01, 0.05) for _ in range(6)] == [None, None, None, WarningKind.SOUND_BACK, None, None]


def blocks_of(seconds: float, rms: float) -> list[float]:
    return [rms] * round(seconds / 0.05)


def test_the_silence_warning_never_flaps_through_pauses_in_speech() -> None:
    """Talk with ordinary pauses (2-4 s, the odd click in them) never warns; a dead microphone warns once, after
    half a minute, and the warning stays on until sound is back."""
    detector = SilenceDetector()
    detector = SilenceDetector()
    assert detector.seconds == SILENCE_SECONDS == 30.0
    talk: list[float] = []
    for pause in [2.0, 3.0, 4.0, 2.5, 3.5] * 12:  # five minutes of talk
        talk += blocks_of(1.5, 0.05) + blocks_of(pause / 2, 0.0) + [0.02] + blocks_of(pause / 2, 0.0)
    assert [detector.feed(rms, 0.05) for rms in talk] == [None] * len(talk)
    dead = blocks_of(29.5, 0.0) + [0.02] + blocks_of(60, 0.0) + ([0.02] + blocks_of(0.95, 0.0)) * 20
    detector = SilenceDetector()  # the microphone dies as the recording starts
    said = [detector.feed(rms, 0.05) for rms in dead]
    assert [kind for kind in said if kind] == [WarningKind.SILENCE]  # on once, never off through the clicks
    assert 29.99 < (said.index(WarningKind.SILENCE) + 1) * 0.05 < 30.1  # a click does not start the half minute again
    back = [detector.feed(rms, 0.05) for rms in blocks_of(1.0, 0.05)]
    assert [kind for kind in back if kind] == [WarningKind.SOUND_BACK] and back.index(WarningKind.SOUND_BACK) <= 4


def test_clipping_needs_several_clipped_blocks_and_is_not_repeated_at_once() -> None:
    detector = ClippingDetector()
    loud = np.full(2400, 32767, dtype=np.int16)
    knock = np.zeros(2400, dtype=np.int16)
    knock[:2] = 32767
    assert detector.feed(knock, 0.0) is None  # two clipped samples are not distortion
    assert [detector.feed(loud, t) for t in (0.0, 0.05)] == [None, None]
    assert detector.feed(loud, 0.1) is WarningKind.CLIPPING
    assert all(detector.feed(loud, t / 20) is None for t in range(3, 200))  # quiet for 30 s after a warning
    assert [detector.feed(loud, t) for t in (40.0, 40.05, 40.1)][-1] is WarningKind.CLIPPING


def test_disk_watcher_estimates_minutes_and_warns_at_each_threshold() -> None:
    watcher = DiskWatcher(reserve_bytes=50_000_000)
    hour_of_flac = 143_000_000
    assert watcher.check(50_000_000 + 2 * hour_of_flac, hour_of_flac / 3600) == (None, pytest.approx(120))
    kind, minutes = watcher.check(50_000_000 + hour_of_flac // 3, hour_of_flac / 3600)
    assert kind is WarningKind.DISK_LOW and minutes == pytest.approx(20)
    assert watcher.check(50_000_000 + hour_of_flac // 4, hour_of_flac / 3600)[0] is None  # 15 min: said already
    assert watcher.check(50_000_000 + hour_of_flac // 8, hour_of_flac / 3600)[0] is WarningKind.DISK_LOW
    assert watcher.check(50_000_000 + 10**9, None) == (None, None)  # no rate measured yet: no estimate, none assumed
    assert watcher.check(50_000_000, 40_000.0) == (WarningKind.DISK_LOW, 0.0)  # the reserve left: not below it yet
    assert watcher.check(49_999_999, 40_000.0) == (WarningKind.DISK_FULL, 0.0)


def test_the_write_rate_is_measured_not_assumed() -> None:
    rate = WriteRate(window=60.0, least_seconds=3.0)
    assert rate.bytes_per_second is None
    rate.add(2.0, 100_000)
    assert rate.bytes_per_second is None  # too little measured to say
    rate.add(4.0, 200_000)
    assert rate.bytes_per_second == pytest.approx(50_000)
    # A quiet start (silence compresses to almost nothing), then talking: the recent rate counts, not the average.
    quiet = WriteRate(window=60.0, least_seconds=3.0)
    for second in range(0, 301, 5):
        quiet.add(float(second), second * 1_000)
    for second in range(305, 421, 5):
        quiet.add(float(second), 300_000 + (second - 300) * 48_000)
    assert quiet.bytes_per_second == pytest.approx(48_000, rel=0.01)
    quiet.add(420.0, 10**9)  # no new sound (paused): nothing changes
    assert quiet.bytes_per_second == pytest.approx(48_000, rel=0.01)


def test_sizes_and_reasons_are_said_plainly(tmp_path: Path) -> None:
    assert files.megabytes(50 * 1024 * 1024) == "50 MB"
    assert files.megabytes(20.7 * 1024 * 1024) == "20 MB"  # free space is never rounded up
    assert files.megabytes(29.2 * 1024 * 1024, round_up=True) == "30 MB"  # space needed is never rounded down
    in_the_way = tmp_path / "recordings"
    in_the_way.write_text("not a folder")
    take = in_the_way / "conference" / "take"
    assert files.blocking_file(take) == in_the_way
    with pytest.raises(OSError) as raised:
        files.make_private_folder(take)
    reason, remedy = files.why_not_written(raised.value, take)
    assert reason == f"a file is in the way at {in_the_way}, where a folder should be"
    assert remedy == "Move or rename that file"
    assert files.free_bytes(take) == files.free_bytes(tmp_path)  # asked of the nearest folder that exists


def test_levels_and_times_in_words() -> None:
    assert measure(np.array([16384, -16384], dtype=np.int16)) == (0.5, 0.5)
    assert measure(np.zeros(0, dtype=np.int16)) == (0.0, 0.0)
    assert clock(3725.9) == "1:02:05"
    assert duration_words(3725) == "1 hour 2 minutes"
    assert duration_words(61) == "1 minute 1 second"
    assert duration_words(0.2) == "less than a second"


# -- microphones, chosen by name ---------------------------------------------------------------------------------


def device(name: str, hostapi: str = "MME", default: bool = False, index: int = 0) -> InputDevice:
    return InputDevice(name, hostapi, 2, 48000.0, default, index)


def test_a_microphone_is_found_by_its_name_not_its_number() -> None:
    found = [
        device("Microphone (Realtek Audio)", "MME", True, 1),
        device("Jabra SPEAK 510", "MME", index=2),
        device("Jabra SPEAK 510", "Windows WASAPI", index=7),
    ]
    assert choose(found, None).index == 1
    assert choose(found, "Jabra SPEAK 510").index == 2  # the default's host API when names repeat
    assert choose(found, "jabra speak 510").index == 2
    assert choose(found, "Jabra").index == 2  # part of one device's name
    with pytest.raises(NoInputDevice) as missing:
        choose(found, "Blue Yeti")
    assert str(missing.value) == (
        "The microphone “Blue Yeti” is not connected. The microphones found are: Jabra SPEAK 510, "
        "Microphone (Realtek Audio)."
    )
    with pytest.raises(NoInputDevice, match="^No microphone was found"):
        choose([], None)


def test_the_chosen_microphone_is_remembered_by_name() -> None:
    assert remembered_device() is None
    remember_device("Jabra SPEAK 510")
    assert remembered_device(Settings()) == "Jabra SPEAK 510"  # read again: this computer's settings file


# -- stored with the conference ------------------------------------------------------------------------------------


def family_conference() -> Any:
    return conference_file.from_json(minimal_conference())  # "mum" is Mel, a parent


def test_a_parents_request_to_record_and_the_chairs_decision_are_kept(db_path: Path) -> None:
    conference = family_conference()
    request = requests.request_recording(conference, "mum", on=dt.date(2027, 1, 5))
    assert requests.problems(conference) == ["Mel asked to record the meeting and there is no decision yet."]
    with pytest.raises(ChairDeskError, match="legal advice"):
        requests.decide(request, "refused", "It would stop the children's father speaking freely.")
    with pytest.raises(ChairDeskError, match="reasons"):
        requests.decide(request, "agreed", "  ")
    requests.decide(request, "agreed", "Mel finds it hard to follow long meetings.", limits_accepted=True)
    assert request.limits_on_use == requests.DEFAULT_LIMITS and request.decided_on == dt.date.today()
    assert requests.problems(conference) == []
    assert requests.describe(conference, request).startswith(
        "Mel asked to record the meeting. The chair agreed. Reasons: Mel finds it hard"
    )
    conference.bookmarks.append(Bookmark("Danger statement", 125.5, "20270107-100200", dt.datetime(2027, 1, 7, 10, 4)))

    with Store(db_path) as store:
        conference_id = store.save(conference)
        again = store.load(conference_id)
    assert again.recording_requests == [request]
    assert again.bookmarks == conference.bookmarks
    data = conference_file.to_json(again)
    assert data["recording_requests"][0]["decision"] == "agreed"
    assert data["bookmarks"][0] == {
        "label": "Danger statement",
        "offset": 125.5,
        "recording": "20270107-100200",
        "entered_at": "2027-01-07T10:04:00",
    }


def test_only_the_family_asks_and_a_bad_decision_is_refused_by_the_file() -> None:
    conference = family_conference()
    with pytest.raises(ChairDeskError, match="social worker"):
        requests.request_recording(conference, "sw")
    data = minimal_conference(
        recording_requests=[{"requested_by": "sw", "decision": "maybe"}], bookmarks=[{"label": "x", "offset": -1}]
    )
    assert conference_file.validate(data) == [
        "bookmarks[0].offset: -1 must be at least 0",
        'recording_requests[0].decision: "maybe" is not one of agreed, refused, None',
    ]
    assert conference_file.validate(minimal_conference()) == []  # older files, without these fields, still load


def test_what_was_kept_after_a_crash_is_one_plain_sentence(tmp_path: Path) -> None:
    from chairdesk.recording.assemble import AssembledRecording, Gap
    from chairdesk.recording.recovery import kept_sentence

    def kept(duration: float, ended_at: str, **more: Any) -> AssembledRecording:
        details: dict[str, Any] = {"gaps": (), "problems": (), "interrupted": True, **more}
        return AssembledRecording(
            tmp_path,
            tmp_path / files.RECORDING,
            duration,
            duration,
            bookmarks=(),
            started_at=None,
            ended_at=ended_at,
            **details,
        )

    today = dt.date(2026, 11, 24)
    assert kept_sentence(kept(4320.4, "2026-11-24T11:42:10"), today) == (
        "The recording up to 11:42 (1 h 12 min) was kept; it stopped when ChairDesk closed unexpectedly."
    )
    assert kept_sentence(kept(45, "2026-11-23T09:05:00"), today) == (
        "The recording up to 09:05 on Monday 23 November (45 s) was kept; it stopped when ChairDesk closed "
        "unexpectedly."
    )
    gap = kept(3600, "2026-11-24T12:00:00", gaps=(Gap(600, 120),))
    assert kept_sentence(gap, today).endswith("It has a gap of 2 min where the microphone was lost.")


def test_a_damaged_manifest_is_logged_without_the_folder_that_names_the_family(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An earlier version named a conference's recordings folder after its id (and so the family): a manifest
    that cannot be read is logged by its take alone (a review found the family's name in the log this way, while
    another family's conference was open, so the log's safety net did not know it)."""
    take = tmp_path / "demo-harper-2026-11-24" / "20261124-110000"
    files.make_private_folder(take)
    (take / files.MANIFEST).write_text("{ not json")
    with caplog.at_level("WARNING", logger="chairdesk.recording.files"):
        assert find_unfinished(tmp_path) == []
    assert "20261124-110000" in caplog.text and "harper" not in caplog.text.lower()
