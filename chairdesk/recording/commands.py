"""Subcommands of this feature, added to the ``chairdesk`` command by :func:`register`.

``devices``, ``record`` and ``recover``. PortAudio is loaded only when one of them runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chairdesk.errors import ChairDeskError


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def register(command: Callable[..., Any]) -> None:
    """Add this feature's subcommands with ``command(name, run, help_text, json_option=False)``."""
    command("devices", run_devices, "the microphones (audio inputs) on this computer, the default marked *", True)
    sub = command(
        "record",
        run_record,
        "record from a microphone until --seconds have passed or Ctrl+C; prints 'recording' once sound is "
        "arriving, then the path of the recording",
    )
    sub.add_argument("--out", required=True, metavar="DIR", help="a new or empty folder for the recording")
    sub.add_argument("--seconds", type=_seconds, metavar="N", help="stop after N seconds of recording")
    sub.add_argument("--device", metavar="NAME", help="the microphone's name (see 'chairdesk devices')")
    sub.add_argument("--part-seconds", type=_seconds, default=60.0, help=argparse.SUPPRESS)  # for tests
    sub = command(
        "recover",
        run_recover,
        "turn an interrupted (or stopped) recording in DIR into one playable file; prints its path and length",
        True,
    )
    sub.add_argument("dir", metavar="DIR", help="the recording's folder")


def run_devices(args: argparse.Namespace) -> int:
    from chairdesk.recording.devices import NoInputDevice, list_input_devices
    from chairdesk.recording.monitor import WarningKind, message

    devices = list_input_devices()
    if not devices:  # the same plain error with or without --json
        raise NoInputDevice(message(WarningKind.NO_DEVICE, 0))
    if args.json:
        print(json.dumps([d.to_json() for d in devices], indent=2, ensure_ascii=False))
        return 0
    for d in devices:
        mark = "*" if d.default else " "
        default = "  (default)" if d.default else ""
        print(f"{mark} {d.name}  [{d.hostapi}, {d.channels} channels, {d.samplerate:.0f} Hz]{default}")
    return 0


def run_record(args: argparse.Namespace) -> int:
    from chairdesk.recording.recorder import Recorder, State

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise ChairDeskError(f"{out}: is a file, not a folder")
    if out.is_dir() and any(out.iterdir()):
        raise ChairDeskError(
            f"{out}: the folder is not empty; choose a new folder (to rescue a recording there, "
            f"use 'chairdesk recover {out}')"
        )
    recorder = Recorder(out, args.device, part_seconds=args.part_seconds)
    stop = threading.Event()
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set()) if in_main_thread else None
    try:
        recorder.start()
        with contextlib.suppress(KeyboardInterrupt):
            _record_until_told(recorder, args, stop, State)
        result = recorder.finish()
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
        for warning in recorder.warnings():
            print(f"warning: {warning.message}", file=sys.stderr, flush=True)
    print(result.path, flush=True)
    print(result.message, file=sys.stderr)
    if recorder.length_check is not None and recorder.length_check.sentence:
        print(f"warning: {recorder.length_check.sentence}", file=sys.stderr)  # the file is shorter than the time
    return 0


def _record_until_told(recorder: Any, args: argparse.Namespace, stop: threading.Event, state: Any) -> None:
    announced = False
    next_try = 0.0
    while not stop.is_set():
        if not announced and recorder.wait_until_recording(0):
            print("recording", flush=True)
            announced = True
        for warning in recorder.warnings():
            print(f"warning: {warning.message}", file=sys.stderr, flush=True)
        if recorder.state is state.STOPPED:
            return
        if recorder.state is state.DEVICE_LOST and time.monotonic() >= next_try:
            # The recorder carries on by itself when the same microphone is back; with no one to ask which other
            # to use, the command also tries the default.
            next_try = time.monotonic() + 2.0
            with contextlib.suppress(ChairDeskError):
                recorder.resume(args.device)
        if args.seconds is not None and recorder.elapsed >= args.seconds:
            return
        stop.wait(0.02)


def run_recover(args: argparse.Namespace) -> int:
    from chairdesk.recording.assemble import assemble
    from chairdesk.recording.monitor import clock

    result = assemble(args.dir)
    if args.json:
        data = {
            "path": str(result.path),
            "duration": round(result.duration, 3),
            "sound_seconds": round(result.sound_seconds, 3),
            "interrupted": result.interrupted,
            "gaps": [{"offset": g.offset, "seconds": g.seconds, "why": g.why} for g in result.gaps],
            "bookmarks": [{"label": b.label, "offset": b.offset} for b in result.bookmarks],
            "message": result.message,
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(result.path)
    print(f"duration {clock(result.duration)} ({result.duration:.1f} seconds)")
    print(result.message)
    return 0
