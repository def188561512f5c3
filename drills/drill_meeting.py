"""A three-hour meeting compressed: 3,000 edits at speed while a real 10-minute recording runs (``--quick``: 150
edits and half a minute), the memory the app holds (RSS) and the time from a keystroke to the board painting it
sampled through it and printed as a curve. Goal: memory flat; nothing typed lost; the recording as long as the
time recorded."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import results
from console_app import DEMO_ID, editor
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication
from virtual_mic import VirtualMic

from chairdesk.gui.app import App
from chairdesk.gui.kept_text import decode_draft
from chairdesk.recording.assemble import assemble
from chairdesk.storage import Store

FLAT_MB = 25.0  # "memory flat": the last tenth holds at most this much more than the first
ROWS = 10
WORDS = "the family worked with the plan and the school saw a change "


class Paints(QObject):
    count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def test_a_three_hour_meeting_compressed(
    make_app: Callable[[], App], qtbot: Any, mic: VirtualMic, db_path: Path, quick: bool
) -> None:
    edits, seconds = (150, 30.0) if quick else (3000, 600.0)
    app = make_app()
    app.controller.set_blank(False)
    app.board.resize(1920, 1080)
    panel = app.console.recording
    with Store(db_path) as store:
        before = len(store.load(DEMO_ID).worries)
    qtbot.keyClick(app.console, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    entry = editor(app, "worries").entry
    entry.setFocus()
    painted = Paints()
    app.board.page.columns["worried"].body.viewport().installEventFilter(painted)
    qtbot.keyClick(app.console, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.recorder is not None and panel.recorder.wait_until_recording(0), timeout=60_000)
    started = time.monotonic()
    sound = mic.play(mic.tone(330, seconds + 5, "meeting", volume=0.3))
    items: list[str] = []
    line = ""
    samples: list[tuple[float, int, float, float]] = []  # (s into the meeting, edits, RSS MB, ms to the board)
    unpainted = 0
    try:
        for n in range(edits):
            due = started + (n + 1) * seconds / edits
            if line and len(line) >= 40 and line.endswith(" "):
                qtbot.keyClick(entry, Qt.Key.Key_Return)
                items.append(line)
                line = ""
            else:
                character = WORDS[n % len(WORDS)]
                if not line and character == " ":
                    character = "x"
                count = painted.count
                pressed = time.perf_counter()
                qtbot.keyClicks(entry, character)
                QApplication.processEvents()
                latency = (time.perf_counter() - pressed) * 1000
                unpainted += painted.count == count
                line += character
                samples.append((time.monotonic() - started, n + 1, rss_mb(), latency))
            qtbot.wait(max(1, round((due - time.monotonic()) * 1000)))
        recorded_for = time.monotonic() - started
        recorder = panel.recorder
        panel.stop()
        qtbot.waitUntil(lambda: "saved" in panel.status.text(), timeout=120_000)
        stopped_at = time.monotonic()
    finally:
        sound.terminate()
        sound.wait()
    assert app.controller.writer.flush()
    qtbot.wait(1500)
    duration = assemble(recorder.folder).duration
    audio_lost = max(0.0, recorded_for - duration)
    with Store(db_path) as store:
        kept = [w.text for w in store.load(DEMO_ID).worries[before:]]
        draft = next((decode_draft(t)["text"] for k, t in store.drafts(DEMO_ID).items() if "worries" in k), "")
    lost_items = sum(1 for a, b in zip(items, kept + [""] * len(items), strict=False) if a != b)
    edits_lost = lost_items + (0 if draft == line else 1)

    curve = [
        "Three-hour meeting, compressed: memory and keystroke-to-board, goal “memory flat” "
        f"(the last tenth <= {FLAT_MB:g} MB above the first)",
        "  s into it |  edits | RSS MB | ms to board: median   p95",
    ]
    slices = [samples[i * len(samples) // ROWS : (i + 1) * len(samples) // ROWS] for i in range(ROWS)]
    for part in slices:
        ms = sorted(s[3] for s in part)
        p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
        curve.append(
            f"  {part[-1][0]:9.0f} | {part[-1][1]:6d} | {statistics.median(s[2] for s in part):6.1f} | "
            f"{statistics.median(ms):19.2f} {p95:5.2f}"
        )
    growth = statistics.median(s[2] for s in slices[-1]) - statistics.median(s[2] for s in slices[0])
    curve.append(
        f"  memory grew {growth:+.1f} MB; recording {recorded_for:.1f} s, kept {duration:.1f} s; "
        f"stopping took {stopped_at - started - recorded_for:.1f} s"
    )
    results.note("\n".join(curve))
    row = results.add(
        results.Row(
            f"three-hour meeting compressed ({edits} edits, {seconds / 60:g} min recorded)",
            1,
            0,
            edits_lost,
            audio_lost,
            f"memory {growth:+.1f} MB over the run (goal <= {FLAT_MB:g}); board p95 "
            f"{sorted(s[3] for s in samples)[int(len(samples) * 0.95) - 1]:.1f} ms",
        )
    )
    problems = []
    if growth > FLAT_MB:
        problems.append(f"memory grew {growth:.1f} MB")
    mismatch = next(((a, b) for a, b in zip(items, kept + [""] * len(items), strict=False) if a != b), None)
    if mismatch or edits_lost:
        problems.append(f"typed {mismatch[0]!r}, kept {mismatch[1]!r}" if mismatch else f"draft {draft!r} for {line!r}")
    if unpainted:
        problems.append(f"{unpainted} keystrokes the board did not paint")
    if problems:
        row.passed, row.note = False, "; ".join(problems)
    assert not problems and row.meets_goal(), (problems, curve)
