"""A real microphone for the tests, on a machine with no sound card (shared/ci/VIRTUAL_MIC.md).

A private PulseAudio server with a null sink ``v`` whose monitor is the default source: whatever is played into
``v`` is what PortAudio records. The server lives in a private runtime folder, so it never meets a desktop's own
sound server, and everything started here is stopped by its PID when the test session ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from equipment import running

SINK = "v"
RATE = 48000
TOOLS = ("pulseaudio", "pactl", "pacat", "paplay", "espeak-ng", "sox")
PULSE_VARIABLES = ("PULSE_SERVER", "PULSE_RUNTIME_PATH", "XDG_RUNTIME_DIR")


@dataclass
class VirtualMic:
    runtime: Path
    client_env: dict[str, str]  # what a client needs to find this server
    server_pid: int | None = None
    silence: subprocess.Popen[bytes] | None = None
    sounds: Path = field(default_factory=Path)

    @property
    def env(self) -> dict[str, str]:
        """An environment for a subprocess that should hear the virtual microphone."""
        return {**os.environ, **self.client_env}

    def no_device_env(self) -> dict[str, str]:
        """An environment in which PortAudio finds no input device at all (no sound server to reach)."""
        empty = self.runtime / "nothing-here"
        empty.mkdir(exist_ok=True)
        return {
            **os.environ,
            "PULSE_SERVER": f"unix:{empty}/native",
            "PULSE_RUNTIME_PATH": str(empty),
            "XDG_RUNTIME_DIR": str(empty),
        }

    def pactl(self, *args: str) -> str:
        result = subprocess.run(["pactl", *args], env=self.env, capture_output=True, text=True, check=True)
        return result.stdout

    def play(self, path: Path) -> subprocess.Popen[bytes]:
        """Start playing ``path`` into the virtual microphone; wait() on the result to know it has finished."""
        return subprocess.Popen(["paplay", "-d", SINK, str(path)], env=self.env)

    def play_and_wait(self, path: Path) -> None:
        self.play(path).wait()

    def speech(self, text: str, name: str) -> Path:
        """``text`` spoken by espeak-ng, at 48 kHz mono."""
        raw, path = self.sounds / f"{name}-raw.wav", self.sounds / f"{name}.wav"
        subprocess.run(["espeak-ng", "-w", str(raw), text], check=True, capture_output=True)
        subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", str(path)], check=True, capture_output=True)
        return path

    def tone(self, hertz: float, seconds: float, name: str, volume: float = 0.5) -> Path:
        """A sine tone from sox, 48 kHz mono; ``volume`` 1.0 reaches full scale."""
        path = self.sounds / f"{name}.wav"
        command = ["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(path), "synth", str(seconds), "sine"]
        subprocess.run([*command, str(hertz), "vol", str(volume)], check=True, capture_output=True)
        return path

    def noise(self, seconds: float, name: str, volume: float = 0.3) -> Path:
        """White noise: it hardly compresses, so it fills a disk fast."""
        path = self.sounds / f"{name}.wav"
        command = ["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(path), "synth", str(seconds)]
        subprocess.run([*command, "whitenoise", "vol", str(volume)], check=True, capture_output=True)
        return path

    def remove_sink(self) -> None:
        """Take the microphone away, as when a USB microphone is pulled out."""
        self._stop_silence()
        self.pactl("unload-module", "module-null-sink")

    def stall(self) -> None:
        """The microphone stays plugged in but stops sending sound (a device that hangs): the sink is suspended."""
        self._stop_silence()
        self.pactl("suspend-sink", SINK, "1")

    def restore_sink(self) -> None:
        """Plug the microphone back in (again the default source), sending sound."""
        if SINK not in self.pactl("list", "short", "sinks").split():
            self.pactl("load-module", "module-null-sink", f"sink_name={SINK}", f"rate={RATE}", "channels=1")
        self.pactl("suspend-sink", SINK, "0")
        self.pactl("set-default-sink", SINK)
        self.pactl("set-default-source", f"{SINK}.monitor")
        if self.silence is None or self.silence.poll() is not None:
            self._start_silence()

    def _start_silence(self) -> None:
        # A silent stream keeps the null sink running at low latency; without it the first captured block
        # arrives 0.4-2 s late and short recordings come out short.
        with open(os.devnull, "wb") as sink, open("/dev/zero", "rb") as zero:
            self.silence = subprocess.Popen(
                ["pacat", "--playback", "--raw", f"--rate={RATE}", "--channels=1", "--format=s16le"]
                + ["--latency-msec=20", "-d", SINK],
                stdin=zero,
                stdout=sink,
                stderr=subprocess.DEVNULL,
                env=self.env,
            )

    def _stop_silence(self) -> None:
        if self.silence is not None and self.silence.poll() is None:
            self.silence.terminate()
            self.silence.wait()
        self.silence = None

    def start_server(self, runtime: Path) -> None:
        """Start a sound server in ``runtime`` (a new, empty folder) with the microphone plugged in."""
        runtime.chmod(0o700)
        socket = runtime / "native"
        self.runtime = runtime
        self.client_env = {
            "PULSE_SERVER": f"unix:{socket}",
            "PULSE_RUNTIME_PATH": str(runtime),
            "XDG_RUNTIME_DIR": str(runtime),
        }
        server_env = {**os.environ, **self.client_env, "HOME": str(runtime)}
        server_env.pop("PULSE_SERVER")
        # Off the session bus (the credential store's, scripts/with_keyring.sh): on it, every server but the first
        # would find the bus name org.PulseAudio1 taken and refuse to start, so two test processes could not both
        # record.
        server_env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        subprocess.run(
            ["pulseaudio", "-D", "-n", "--exit-idle-time=-1", "--use-pid-file=yes"]
            # Its messages kept (dead_server_report). Not realtime: as root PulseAudio runs its sink's thread under
            # SCHED_RR with a 200 ms RLIMIT_RTTIME, and the kernel kills the whole server, without a word, when that
            # thread runs 200 ms without blocking (the likely way a CI run lost its server, failing every recording
            # test after it). A realtime test server also takes processor time from the app it is testing.
            + [f"--log-target=file:{self.log}", "--realtime=no", "--high-priority=no"]
            + [f"--load=module-native-protocol-unix auth-anonymous=1 socket={socket}"]
            + [f"--load=module-null-sink sink_name={SINK} rate={RATE} channels=1"],
            env=server_env,
            check=True,
            capture_output=True,  # root gets a harmless warning
        )
        pid_file = runtime / "pid"
        for _ in range(50):
            if pid_file.exists() and pid_file.read_text().strip():
                try:
                    subprocess.run(["pactl", "info"], env=self.env, check=True, capture_output=True)
                    break
                except subprocess.CalledProcessError:
                    pass
            time.sleep(0.1)
        self.server_pid = int(pid_file.read_text().split()[0])
        self.silence = None
        self.restore_sink()

    @property
    def log(self) -> Path:
        return self.runtime / "log"

    def server_alive(self) -> bool:
        """Whether the sound server is still running (not gone, not a zombie)."""
        return running(self.server_pid)

    def dead_server_report(self) -> str:
        """What the sound server said before it went, for a test's report."""
        try:
            said = self.log.read_text(errors="replace").splitlines()
        except OSError:
            said = ["(it left no messages)"]
        noise = ("memfd", "Falling back to copying", "bug report about this", "cookie", "D-Bus", "run as root")
        said = [line for line in said if not any(word in line for word in noise)]
        return f"The virtual microphone's sound server (PID {self.server_pid}) has gone. Its last messages:\n" + (
            "\n".join(said[-30:]) or "(none)"
        )

    def stop(self) -> None:
        self._stop_silence()
        if self.server_pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.server_pid, signal.SIGTERM)
            for _ in range(50):
                if not Path(f"/proc/{self.server_pid}").exists():
                    break
                time.sleep(0.1)
            self.server_pid = None


def _refresh_portaudio() -> None:
    """PortAudio looks for devices once, when it starts; make it look again now the environment has changed."""
    import sounddevice

    sounddevice._terminate()
    sounddevice._initialize()


def _start(runtime: Path, sounds: Path) -> VirtualMic:
    mic = VirtualMic(runtime=runtime, client_env={}, sounds=sounds)
    mic.start_server(runtime)
    return mic


def ensure_server(mic: VirtualMic, tmp_path_factory: pytest.TempPathFactory) -> bool:
    """Start a new sound server if the microphone's has gone, with a warning saying what it said last.
    Returns whether a new one was started."""
    if mic.server_alive():
        return False
    warnings.warn(mic.dead_server_report() + "\nA new one was started.", stacklevel=2)
    mic.stop()
    mic.start_server(tmp_path_factory.mktemp("pulse"))
    os.environ.update(mic.client_env)
    _refresh_portaudio()
    return True


@pytest.fixture(scope="session")
def virtual_mic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtualMic]:
    """The virtual microphone, running for the whole session; also the default input for this process."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"the virtual microphone needs {', '.join(missing)} (scripts/setup.sh --test installs them)")
    mic = _start(tmp_path_factory.mktemp("pulse"), tmp_path_factory.mktemp("sounds"))
    saved = {name: os.environ.get(name) for name in PULSE_VARIABLES}
    os.environ.update(mic.client_env)
    _refresh_portaudio()
    try:
        yield mic
    finally:
        mic.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        _refresh_portaudio()


@pytest.fixture
def mic(virtual_mic: VirtualMic, tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtualMic]:
    """The virtual microphone, plugged in and the default source at the start of each test.

    The sound server is test equipment, not ChairDesk: if it has gone (a crash, or ended by something on the machine),
    the next test gets a new one, so one server's end fails one test rather than every test after it, and the test
    during which it went fails with the server's last messages."""
    ensure_server(virtual_mic, tmp_path_factory)
    virtual_mic.restore_sink()
    yield virtual_mic
    if not virtual_mic.server_alive():
        pytest.fail(virtual_mic.dead_server_report(), pytrace=False)


@pytest.fixture
def recorders() -> Iterator[Callable[..., Any]]:
    """Makes recorders (chairdesk.recording.Recorder), and stops any a failing test left running."""
    from chairdesk.recording.recorder import Recorder
    from chairdesk.recording.status import State

    made: list[Recorder] = []

    def make(folder: Path, **options: Any) -> Recorder:
        made.append(Recorder(folder, **options))
        return made[-1]

    yield make
    for recorder in made:
        if recorder.state is not State.IDLE:
            recorder.stop()
