"""The virtual microphone is test equipment: it must not be the thing that fails a run.

A CI run once lost its sound server part-way, and every recording test after it failed at set-up. These check that the
server is not run realtime (where the kernel may kill it without a word) and that a server that has gone is replaced,
saying what it said last, so the recording tests after it still record real sound.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from test_recording import tone_windows
from virtual_mic import VirtualMic, ensure_server

from chairdesk.recording import sealed
from chairdesk.recording.recorder import Recorder


def _policies(pid: int) -> dict[str, int]:
    """Each thread of ``pid``: its scheduling policy (0 is the ordinary one; 1 and 2 are realtime)."""
    found = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        name = (task / "comm").read_text().strip()
        fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        found[f"{name} {task.name}"] = int(fields[38])  # stat field 41, counted after the name's closing bracket
    return found


def test_the_sound_server_is_not_realtime(mic: VirtualMic) -> None:
    assert mic.server_pid is not None
    policies = _policies(mic.server_pid)
    assert any(name.startswith("null-sink") for name in policies)  # the sink's own thread is there to look at
    assert set(policies.values()) == {0}, policies


def test_a_server_that_has_gone_is_replaced_and_the_microphone_still_records(
    mic: VirtualMic, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, recorders: Callable[..., Recorder]
) -> None:
    assert not ensure_server(mic, tmp_path_factory)  # a running server is left alone
    gone = mic.server_pid
    assert gone is not None
    os.kill(gone, signal.SIGKILL)
    for _ in range(50):
        if not mic.server_alive():
            break
        time.sleep(0.1)
    assert not mic.server_alive()

    with pytest.warns(UserWarning, match=rf"(?s)sound server \(PID {gone}\) has gone.*A new one was started") as said:
        assert ensure_server(mic, tmp_path_factory)
    assert "Its last messages:" in str(said[0].message)
    assert mic.server_alive() and mic.server_pid != gone

    recorder = recorders(tmp_path / "take")
    recorder.start()
    assert recorder.wait_until_recording(10)
    mic.play_and_wait(mic.tone(440, 1.5, "after-restart"))
    time.sleep(0.3)
    result = recorder.finish()
    audio, rate = sealed.read_all(result.path)
    assert len(tone_windows(audio, rate, 440)) >= 2  # real sound through the new server
