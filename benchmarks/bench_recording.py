"""How much the recorder costs: CPU per minute of audio, memory over time, bytes per hour, input overflows.

    .venv/bin/python benchmarks/bench_recording.py                 # 60 s from the default microphone
    .venv/bin/python benchmarks/bench_recording.py --join-hours 3  # and time joining a 3-hour recording

On a machine without a microphone (a CI box) it starts the tests' virtual microphone (a private PulseAudio null
sink, tests/virtual_mic.py) and plays speech into it the whole time, so the compressed size is that of talk, not
of silence. Goals: under 5% of one core, flat memory, zero overflows. Prints figures; it is not a test.
The parts are sealed (encrypted a second at a time, chairdesk/recording/sealed.py), so its key is needed: run it
through scripts/with_keyring.sh on a machine without a desktop session.

Measured here (2 shared cores, virtual microphone, 60 s of speech), plain FLAC parts before sealing and after:
CPU 1.33 s a minute (80 s an hour, 2.2% of a core) before and 1.07 s a minute (64 s an hour, 1.8%) after: the
same within the noise of a shared machine (sealing a second costs about 1 ms); disk 122 MB an hour both; memory
flat in both (about 15 MB more after, the cryptography and keyring modules); joining one hour 29 s before, 23 s after.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))  # this tree's chairdesk, not an installed one

SPEECH = (
    "The social worker reads the danger statement and explains why the conference is needed. "
    "Each person says how they are involved, and what they are worried about, and what is working well."
)


def rss_mb() -> float:
    """The process's resident memory now (Linux), else its peak so far."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def talk(mic: object, stop: threading.Event) -> None:
    speech = mic.speech(SPEECH, "bench-speech")  # type: ignore[attr-defined]
    while not stop.is_set():
        mic.play_and_wait(speech)  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--device", default=None, help="a microphone's name (default: the system's default)")
    parser.add_argument("--virtual", action="store_true", help="use the virtual microphone even if there is one")
    parser.add_argument("--join-hours", type=float, default=0.0, help="also time joining this many hours of parts")
    args = parser.parse_args()

    from chairdesk.recording import files, sealed
    from chairdesk.recording.assemble import assemble
    from chairdesk.recording.devices import list_input_devices
    from chairdesk.recording.recorder import Recorder

    mic = None
    if args.virtual or not list_input_devices():
        import os

        import virtual_mic

        mic = virtual_mic._start(Path(tempfile.mkdtemp(prefix="pulse-")), Path(tempfile.mkdtemp(prefix="sounds-")))
        os.environ.update(mic.client_env)
        virtual_mic._refresh_portaudio()
        print("no microphone here: using the virtual microphone, with speech played into it")
    work = Path(tempfile.mkdtemp(prefix="bench-recording-"))
    stop_talking = threading.Event()
    talker = threading.Thread(target=talk, args=(mic, stop_talking), daemon=True) if mic else None
    try:
        recorder = Recorder(work / "take", args.device, silence_seconds=3600)
        recorder.start()
        recorder.wait_until_recording(10)
        if talker:
            talker.start()
        wall0, cpu0 = time.monotonic(), time.process_time()
        memory = [(0.0, rss_mb())]
        while recorder.elapsed < args.seconds:
            time.sleep(0.25)
            recorder.levels()  # drained as a window would
            for warning in recorder.warnings():
                print(f"  warning: {warning.message}")
            if time.monotonic() - wall0 >= len(memory) * 5:
                memory.append((time.monotonic() - wall0, rss_mb()))
        audio = recorder.elapsed
        parts = sum(p.stat().st_size for p in files.part_files(work / "take"))
        cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
        memory.append((wall, rss_mb()))
        folder = recorder.stop()
        disk = sum(p.stat().st_size for p in files.part_files(folder))
        started = time.monotonic()
        result = assemble(folder)
        joining = time.monotonic() - started

        print(
            f"recorded {audio:.1f} s of audio in {wall:.1f} s from {recorder.device_name} at {recorder.samplerate} Hz"
        )
        share = 100 * cpu / wall
        print(
            f"CPU: {cpu:.2f} s for {audio:.0f} s of audio = {60 * cpu / audio:.2f} s per minute of audio = "
            f"{share:.1f}% of one core (goal: under 5%); {3600 * cpu / audio:.0f} s of CPU per hour of audio"
        )
        after_warm_up = [mb for t, mb in memory if t >= 10] or [memory[-1][1]]
        growth = after_warm_up[-1] - after_warm_up[0]
        print("memory (RSS, MB) every 5 s: " + " ".join(f"{mb:.1f}" for _, mb in memory))
        print(f"memory growth after the first 10 s: {growth:+.1f} MB ({'flat' if abs(growth) < 2 else 'NOT flat'})")
        print(
            f"disk: {max(disk, parts) / 1e6:.2f} MB of parts for {audio:.0f} s = "
            f"{max(disk, parts) / audio * 3600 / 1e6:.0f} MB per hour (the parts: sealed half-seconds of 16-bit mono "
            "samples; the joined recording is FLAC)"
        )
        print(f"input overflows: {recorder.overflows} (goal: 0)")
        print(f"joining the parts into one file took {joining:.2f} s ({result.duration:.1f} s of audio)")

        if args.join_hours:
            long = work / "long"
            long.mkdir()
            source = result.path
            count = round(args.join_hours * 60)
            from chairdesk import keys

            with sealed.open_recording(source) as recorded:
                first_minute = recorded.read(0, min(recorded.frames, 60 * recorded.samplerate), "int16")
                rate = recorded.samplerate
            entries = []
            for n in range(1, count + 1):
                name = files.part_name(n)
                part = sealed.SealedWriter(long / name, rate, keys.recordings_key(), sync_each=False)
                part.gather(first_minute)  # each part sealed on its own, as the recorder makes them
                part.close()
                entries.append({"file": name, "frames": len(first_minute), "closed": True})

            files.write_manifest(
                long, {"format": files.FORMAT, "samplerate": rate, "state": "stopped", "parts": entries}
            )
            started = time.monotonic()
            joined = assemble(long)
            seconds = time.monotonic() - started
            print(
                f"joining {joined.duration / 3600:.1f} hours ({count} parts of recorded talk) into one file took "
                f"{seconds:.1f} s; the file is {joined.path.stat().st_size / 1e6:.0f} MB and plays "
                f"{joined.duration:.0f} s"
            )
    finally:
        stop_talking.set()
        if talker and talker.is_alive():
            talker.join()
        shutil.rmtree(work, ignore_errors=True)
        if mic is not None:
            mic.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
