"""``kill -9`` at random moments (seeded, the seed printed) while the chair types at a person's speed through the
real widgets and a recording runs; after each, the app is started again and what it kept is read back through
ChairDesk's own functions (Store, the recording's assemble)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import results
from virtual_mic import VirtualMic

from chairdesk import conference_file, passphrase
from chairdesk.gui.kept_text import decode_draft
from chairdesk.recording import files
from chairdesk.recording.assemble import assemble
from chairdesk.storage import Store

ROOT = Path(__file__).resolve().parent.parent
PROCESS = Path(__file__).resolve().parent / "app_process.py"
DEMO_ID = "demo-harper-2026-11-24"
SENT_BEFORE = 1.0  # what was sent this long before the kill must be on disk after it


def app_env(mic: VirtualMic, data: Path) -> dict[str, str]:
    return {
        **mic.env,
        "CHAIRDESK_DATA": str(data),
        "CHAIRDESK_DB": str(data / "chairdesk.sqlite"),
        "PYTHONPATH": str(ROOT),  # this worktree's chairdesk, whatever the venv points at
        "QT_QPA_PLATFORM": "offscreen",
    }


class Lines:
    """The JSON lines a process writes, read as they come (a thread)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[dict[str, Any]] = []
        self.thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self.thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("{"):
                self.lines.append(json.loads(line))

    def first(self, event: str, seconds: float) -> dict[str, Any] | None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = next((line for line in self.lines if line.get("event") == event), None)
            if found:
                return found
            time.sleep(0.02)
        return None


def common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def one_kill(
    mic: VirtualMic, data: Path, demo: dict[str, Any], seed: int, wait: float, passphrase_hash: str
) -> dict[str, Any]:
    data.mkdir(parents=True)
    passphrase.keep(passphrase_hash, data)  # the chair's lock passphrase, so the console opens on the meeting
    db = data / "chairdesk.sqlite"
    os.environ["CHAIRDESK_DATA"], os.environ["CHAIRDESK_DB"] = str(data), str(db)  # for this process's readers
    with Store(db) as store:
        store.save(conference_file.from_json(demo), action="import")
        before = len(store.load(DEMO_ID).worries)
    env = app_env(mic, data)
    typist = subprocess.Popen(
        [sys.executable, str(PROCESS), "typist", str(db), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    lines = Lines(typist)
    started = lines.first("recording", 120)
    if started is None:
        typist.kill()
        typist.wait()
        return {"error": "the typist never said it was recording"}
    time.sleep(max(0.0, started["at"] + wait - time.monotonic()))
    os.kill(typist.pid, signal.SIGKILL)
    killed_at = time.monotonic()
    typist.wait()
    lines.thread.join(5)
    keys = [line for line in lines.lines if line.get("event") == "key"]
    sent = "".join(k["key"] for k in keys)
    due = "".join(k["key"] for k in keys if k["at"] < killed_at - SENT_BEFORE)
    recorded_for = killed_at - started["at"] if started["event"] == "recording" else 0.0

    again = subprocess.run(
        [sys.executable, str(PROCESS), "restart", str(db)], capture_output=True, text=True, env=env, timeout=300
    )
    saw = json.loads(next((x for x in again.stdout.splitlines() if x.startswith("{")), "{}") or "{}")
    with Store(db) as store:
        items = [item.text for item in store.load(DEMO_ID).worries[before:]]
        drafts = {key: decode_draft(text)["text"] for key, text in store.drafts(DEMO_ID).items() if "worries" in key}
    draft = next(iter(drafts.values()), "")
    held = "\n".join(items) + "\n" + draft if items else draft
    takes = sorted(p for p in files.conference_folder(DEMO_ID).glob("*") if p.is_dir())
    recovered = assemble(takes[-1]).duration if takes else 0.0
    return {
        "seed": seed,
        "wait": wait,
        "keys": len(keys),
        "edits_lost": len(due) - common_prefix(due, held),
        "invented": not sent.startswith(held.rstrip("\n")),  # on disk but never typed (or typed otherwise)
        "entry_shows_draft": saw.get("entry", "") == draft,
        "recorded_for": recorded_for,
        "recovered": recovered,
        "audio_lost": max(0.0, recorded_for - recovered),
        "saw": saw,
        "restart_error": again.returncode != 0 and again.stderr[-2000:],
    }


def test_kill_9_while_typing_and_recording(
    virtual_mic: VirtualMic, tmp_path: Path, demo_data: dict[str, Any], quick: bool, seed: int, passphrase_hash: str
) -> None:
    runs = 2 if quick else 20
    pick, hash_ = random.Random(seed), passphrase_hash
    moments = [round(pick.uniform(3.0, 6.0 if quick else 12.0), 2) for _ in range(runs)]
    virtual_mic.restore_sink()
    found = [
        one_kill(virtual_mic, tmp_path / f"run-{n:02d}", demo_data, pick.randrange(1 << 16), moments[n], hash_)
        for n in range(runs)
    ]
    errors = [f["error"] for f in found if "error" in f] + [f["restart_error"] for f in found if f.get("restart_error")]
    good = [f for f in found if "error" not in f]
    detail = [f"kill -9 drill: seed {seed} (rerun with --seed {seed}); {runs} kills, so many s after recording began:"]
    for f in good:
        detail.append(
            f"  after {f['wait']:5.2f} s: {f['keys']:3d} keys sent, {f['edits_lost']} lost; recorded "
            f"{f['recorded_for']:.2f} s, recovered {f['recovered']:.2f} s, lost {f['audio_lost']:.2f} s"
        )
    results.note("\n".join(detail))
    saw = good[0]["saw"] if good else {}
    said = " / ".join(f"“{s}”" for s in (saw.get("welcome", ""), saw.get("recovered", "")) if s)
    row = results.add(
        results.Row(
            "kill -9 while typing and recording",
            runs,
            runs,
            sum(f["edits_lost"] for f in good) if good else None,
            max((f["audio_lost"] for f in good), default=None),
            said or "(nothing)",
        )
    )
    problems = list(errors)
    for n, f in enumerate(good):
        if f["invented"]:
            problems.append(f"run {n}: text on disk that was never typed")
        if not f["entry_shows_draft"]:
            problems.append(f"run {n}: the entry does not show the kept draft")
        if not f["saw"].get("recovered"):
            problems.append(f"run {n}: the restarted app did not say what was recovered")
    if problems:
        row.passed, row.note = False, problems[0][:120]
    assert not problems, problems
    assert row.meets_goal(), detail
