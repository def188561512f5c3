"""Playing a take back from an item's moment: a real recording made in the test through the virtual microphone,
with items typed during it, played through PortAudio into the virtual sink and heard back from its monitor."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from virtual_mic import RATE, SINK, VirtualMic

from chairdesk import conference_file
from chairdesk.meeting import Meeting
from chairdesk.model import Item
from chairdesk.recording import files, sealed
from chairdesk.recording.playback import PAUSED, PLAYING, STOPPED, Player, PlayerError
from chairdesk.recording.recorder import Recorder

TAKE = "20261124-100000"


@dataclass
class Take:
    folder: Path
    meeting: Meeting
    path: Path

    def item(self, text: str) -> Item:
        return next(
            i for name in ("working_well", "worries") for i in getattr(self.meeting.conference, name) if i.text == text
        )


def record_a_take(mic: VirtualMic, folder: Path, data: dict[str, Any], says: list[tuple[str, str]]) -> Take:
    """Record ``says`` (an item typed, then a sentence spoken after it) through the virtual microphone, each item
    stamped by the meeting as the console stamps it, then stop and join the take."""
    recorder = Recorder(folder, conference_id=data["id"])
    meeting = Meeting(
        conference_file.from_json(data),
        recording_offset=lambda: (folder.name, round(recorder.elapsed, 2)) if recorder.state == "recording" else None,
    )
    sounds = [mic.speech(words, f"{folder.name}-{n}") for n, (_item, words) in enumerate(says)]
    recorder.start()
    assert recorder.wait_until_recording()
    mic.play_and_wait(mic.tone(330, 1.0, f"{folder.name}-lead-in", volume=0.4))
    for (item, _words), sound in zip(says, sounds, strict=True):
        meeting.add_item("worries", item)
        mic.play_and_wait(sound)
    while recorder.elapsed < sum(sf.info(str(s)).duration for s in sounds) + 1.5:
        time.sleep(0.05)
    recorder.finish()
    return Take(folder, meeting, folder / files.RECORDING)


@pytest.fixture(scope="module")
def playback_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One data folder for the module, and so one recordings key: the take is recorded once and sealed with it."""
    folder = tmp_path_factory.mktemp("data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CHAIRDESK_DATA", str(folder))
        patch.setenv("CHAIRDESK_DB", str(folder / "chairdesk.sqlite"))
        yield folder


@pytest.fixture(autouse=True)
def _private_data_folder(playback_data: Path) -> None:
    """Instead of conftest's folder per test: the module's own (never the real user's)."""


@pytest.fixture(scope="module")
def take(virtual_mic: VirtualMic, tmp_path_factory: pytest.TempPathFactory, playback_data: Path) -> Take:
    virtual_mic.restore_sink()
    data = conference_file.to_json(conference_file.from_json(_demo()))
    folder = tmp_path_factory.mktemp("recordings") / data["id"] / TAKE
    return record_a_take(
        virtual_mic,
        folder,
        data,
        [
            ("Mia is often late for school.", "Mia has been late for school nine times this term."),
            ("Dad has not visited.", "Her father has not come to any of the contact sessions since September."),
            ("The school is worried.", "The school says Mia is tired in the mornings and falls asleep in class."),
        ],
    )


def _demo() -> dict[str, Any]:
    import json

    from conftest import DEMO_PATH

    return json.loads(DEMO_PATH.read_text(encoding="utf-8"))


class Capture:
    """What is played into the virtual sink, heard from its monitor (parec), as samples."""

    def __init__(self, mic: VirtualMic, path: Path) -> None:
        self.path = path
        command = ["parec", "-d", f"{SINK}.monitor", "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1"]
        self.out = open(path, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen([*command, "--latency-msec=20"], stdout=self.out, env=mic.env)
        while path.stat().st_size < RATE:  # half a second of the monitor heard: parec is listening
            time.sleep(0.02)

    def stop(self) -> np.ndarray:
        self.process.send_signal(signal.SIGINT)
        self.process.wait()
        self.out.close()
        return np.frombuffer(self.path.read_bytes(), dtype="<i2").astype(np.float64) / 32768


def best_match(heard: np.ndarray, template: np.ndarray) -> float:
    """The highest normalised correlation of ``template`` anywhere in ``heard`` (1.0: the same sound)."""
    n, size = len(template), 1 << int(np.ceil(np.log2(len(heard) + len(template))))
    products = np.fft.irfft(np.fft.rfft(heard, size) * np.conj(np.fft.rfft(template, size)), size)[: len(heard) - n]
    energy = np.cumsum(np.concatenate([[0.0], heard**2]))
    window = np.sqrt(np.maximum(energy[n : len(heard)] - energy[: len(heard) - n], 1e-12))
    return float(np.max(products / (window * np.linalg.norm(template))))


def wait_until(condition: Any) -> None:
    while not condition():
        time.sleep(0.02)


@pytest.fixture
def player(take: Take, mic: VirtualMic) -> Iterator[Player]:
    made = Player(take.path)
    yield made
    made.close()


def test_the_items_were_stamped_with_the_take_and_where_the_sentence_after_them_begins(take: Take) -> None:
    first, second = take.item("Mia is often late for school."), take.item("Dad has not visited.")
    assert first.recording == second.recording == TAKE
    with sealed.open_recording(take.path) as recording:
        assert 0.9 <= first.recording_offset < second.recording_offset < recording.duration


def test_playing_from_an_items_moment_plays_the_recording_from_there(
    take: Take, player: Player, mic: VirtualMic, tmp_path: Path
) -> None:
    at = take.item("Dad has not visited.").recording_offset
    recorded, rate = sealed.read_all(take.path, "float64")
    capture = Capture(mic, tmp_path / "heard.raw")
    player.play(at)
    assert player.state == PLAYING
    wait_until(lambda: player.position >= at + 3.0)
    player.pause()
    heard = capture.stop()
    # What was heard is the recording from the item's moment (the father's sentence), not what came before it.
    after = recorded[round(at * rate) : round((at + 2.0) * rate)]
    before = recorded[round((at - 2.5) * rate) : round((at - 0.5) * rate)]
    assert best_match(heard, after) > 0.9
    assert best_match(heard, before) < 0.5
    assert player.position >= at + 3.0 and player.state == PAUSED


def test_pause_holds_the_place_back_goes_ten_seconds_and_stop_closes_the_device(take: Take, player: Player) -> None:
    at = take.item("Mia is often late for school.").recording_offset
    player.play(at)
    wait_until(lambda: player.position >= at + 1.0)
    player.pause()
    held, played, asked = player.position, player.frames_played, player.callbacks
    wait_until(lambda: player.callbacks >= asked + 10)  # the device asked again and again: silence, no movement
    assert (player.position, player.frames_played) == (held, played)
    player.toggle()  # Space: plays on from the same place
    wait_until(lambda: player.position >= held + 0.5)
    player.pause()
    now = player.position
    player.back()
    assert player.position == pytest.approx(max(0.0, now - 10.0))
    player.seek(player.duration - 1.0)
    player.back()
    assert player.position == pytest.approx(player.duration - 11.0)
    player.stop()
    assert player.state == STOPPED and player._stream is None
    kept = player.position
    player.play()  # after a stop, from where it stopped
    wait_until(lambda: player.position > kept + 0.2)
    player.stop()


def test_at_one_and_a_half_times_the_recording_moves_on_half_as_fast_again(
    take: Take, player: Player, mic: VirtualMic, tmp_path: Path
) -> None:
    at = take.item("Mia is often late for school.").recording_offset
    recorded, rate = sealed.read_all(take.path, "float64")
    player.set_speed(1.5)
    capture = Capture(mic, tmp_path / "fast.raw")
    player.play(at)
    wait_until(lambda: player.position >= at + 3.0)
    player.pause()
    heard = capture.stop()
    moved, seconds_played = player.position - at, player.frames_played / player.rate
    assert moved == pytest.approx(1.5 * seconds_played, rel=0.02)
    # What was heard is the recording from there, one and a half times as fast.
    segment = recorded[round(at * rate) : round((at + 2.4) * rate)]
    fast = np.interp(np.arange(0, len(segment) - 1, 1.5), np.arange(len(segment)), segment)
    assert best_match(heard, fast) > 0.85
    with pytest.raises(PlayerError, match="from 1× to 2×"):
        player.set_speed(3)


def test_played_to_the_end_it_stops_there_and_plays_again_from_the_start(take: Take, player: Player) -> None:
    player.play(player.duration - 0.5)
    wait_until(lambda: player.ended)
    assert player.state == PAUSED and player.position == pytest.approx(player.duration)
    player.play()
    wait_until(lambda: 0.1 < player.position < 5)


def test_a_take_not_on_the_computer_is_said_plainly(tmp_path: Path) -> None:
    with pytest.raises(PlayerError, match="is not on this computer any more"):
        Player(tmp_path / TAKE / files.RECORDING)
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / files.RECORDING).write_bytes(b"not sound at all")
    with pytest.raises(PlayerError, match="cannot be read"):
        Player(tmp_path / "broken" / files.RECORDING)


def test_with_no_loudspeaker_play_says_so_and_nothing_is_left_open(take: Take, mic: VirtualMic) -> None:
    player = Player(take.path, device=999)
    with pytest.raises(PlayerError, match="no loudspeaker or headphones were found"):
        player.play(0.0)
    assert player._stream is None
    player.close()
