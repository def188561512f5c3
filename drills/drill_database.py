"""The database and its folder in every state a laptop can leave them: damaged in several ways, a zero-byte file,
read-only, the folder not writable, a stale lock, and two copies of the app at once. ChairDesk is started as its
command starts it (a process of its own, bound by file permissions even as root); each must be refused or handled
in plain words, and the database file must be unchanged (its hash before and after)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import results
from unprivileged import run_bound_by_permissions

from chairdesk import conference_file, instance
from chairdesk.storage import Store

ROOT = Path(__file__).resolve().parent.parent
PROCESS = Path(__file__).resolve().parent / "app_process.py"
DEMO_ID = "demo-harper-2026-11-24"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "(no file)"


def demo_database(db: Path, demo: dict[str, Any]) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    with Store(db) as store:
        store.save(conference_file.from_json(demo), action="import")


def scribble(db: Path, offset: int, length: int) -> None:
    with open(db, "r+b") as file:
        file.seek(offset)
        file.write(os.urandom(length))


def zero_bytes(db: Path, demo: dict[str, Any]) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"")


def random_bytes(db: Path, demo: dict[str, Any]) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(os.urandom(64 * 1024))


def cut_in_half(db: Path, demo: dict[str, Any]) -> None:
    demo_database(db, demo)
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])


def header_scribbled(db: Path, demo: dict[str, Any]) -> None:
    demo_database(db, demo)
    scribble(db, 0, 100)


def page_scribbled(db: Path, demo: dict[str, Any]) -> None:
    demo_database(db, demo)
    size = db.stat().st_size
    scribble(db, (size // 2) // 4096 * 4096, 4096)


def someone_elses_file(db: Path, demo: dict[str, Any]) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_text("name,date of birth\nsomeone,2001-01-01\n", encoding="utf-8")


def read_only_file(db: Path, demo: dict[str, Any]) -> None:
    demo_database(db, demo)
    db.chmod(0o444)


def folder_not_writable(db: Path, demo: dict[str, Any]) -> None:
    demo_database(db, demo)
    db.parent.chmod(0o555)


def stale_lock(db: Path, demo: dict[str, Any]) -> None:
    """The lock file a killed ChairDesk left behind, naming a process that is long gone."""
    demo_database(db, demo)
    instance.lock_path(db).write_text("999999\n", encoding="utf-8")


# name: (make it, True when the app must open it (handled), False when it must refuse it)
CASES: dict[str, tuple[Callable[[Path, dict[str, Any]], None], bool]] = {
    "a zero-byte file": (zero_bytes, False),
    "damaged: random bytes": (random_bytes, False),
    "damaged: cut in half": (cut_in_half, False),
    "damaged: header overwritten": (header_scribbled, False),
    "damaged: a page overwritten": (page_scribbled, False),
    "damaged: another program's file": (someone_elses_file, False),
    "read-only file": (read_only_file, False),
    "data folder not writable": (folder_not_writable, False),
    "a stale lock": (stale_lock, True),
}


def env_for(data: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CHAIRDESK_DATA": str(data),
        "CHAIRDESK_DB": str(data / "chairdesk.sqlite"),
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
    }


def said(stdout: str) -> dict[str, Any]:
    line = next((x for x in reversed(stdout.splitlines()) if x.startswith("{")), "")
    return json.loads(line) if line else {"code": None, "seen": []}


def short(sentence: str, words: int = 30) -> str:
    cut = sentence.split()
    return " ".join(cut[:words]) + (" …" if len(cut) > words else "")


# --quick: one damaged database stands for the five kinds of damage (every other kind of fault still runs).
QUICK_DAMAGE = "damaged: a page overwritten"


@pytest.mark.parametrize("case", list(CASES))
def test_a_database_that_cannot_be_used(
    case: str, tmp_path: Path, demo_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch, quick: bool
) -> None:
    if quick and case.startswith("damaged:") and case != QUICK_DAMAGE:
        pytest.skip(f"--quick: “{QUICK_DAMAGE}” stands for the damaged databases")
    make, opens = CASES[case]
    data = tmp_path / "case" / "data"
    monkeypatch.setenv("CHAIRDESK_DATA", str(data))
    monkeypatch.setenv("CHAIRDESK_DB", str(data / "chairdesk.sqlite"))
    db = data / "chairdesk.sqlite"
    make(db, demo_data)
    before = digest(db)
    try:
        ran = run_bound_by_permissions([str(PROCESS), "open", str(db)], env=env_for(data))
    finally:
        for path in [data, *data.rglob("*")]:
            path.chmod(0o700 if path.is_dir() else 0o600)
    after = digest(db)
    seen = said(ran.stdout)
    words = (" / ".join(seen["seen"]) or ran.stderr.strip()[-300:]).replace(str(data), "…/data")
    problems = []
    if "Traceback" in ran.stderr or "Traceback" in words:
        problems.append("a traceback")
    if opens:
        if not any(s.startswith("opened") for s in seen["seen"]):
            problems.append("it did not open")
        else:
            with Store(db) as store:
                if store.load(DEMO_ID).family.name != demo_data["family"]["name"]:
                    problems.append("the conference changed")
    else:
        if any(s.startswith("opened") for s in seen["seen"]) or seen["code"] != 2:
            problems.append(f"it was not refused (exit code {seen['code']})")
        if not seen["seen"]:
            problems.append("no window said why")
        if after != before:
            problems.append("the file was changed")
    row = results.add(
        results.Row(
            f"database: {case}",
            1,
            1,
            None,
            None,
            f"“{short(words)}”" + ("" if opens else f"; file {'unchanged' if after == before else 'CHANGED'}"),
        )
    )
    if problems:
        row.passed, row.note = False, "; ".join(problems)
    assert not problems, (problems, ran.stdout, ran.stderr[-3000:])


def test_two_copies_of_the_app_at_once(tmp_path: Path, demo_data: dict[str, Any]) -> None:
    data = Path(os.environ["CHAIRDESK_DATA"])
    db = data / "chairdesk.sqlite"
    demo_database(db, demo_data)
    env = env_for(data)
    first = subprocess.Popen(
        [sys.executable, "-m", "chairdesk.cli", "--db", str(db), "open"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not instance.is_open(db) and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # the first has shown its windows and saved what opening saves
        before = digest(db)
        second = subprocess.run(
            [sys.executable, str(PROCESS), "open", str(db)], env=env, capture_output=True, text=True, timeout=300
        )
        time.sleep(1)
        after = digest(db)
        first_alive = first.poll() is None
    finally:
        first.terminate()
        try:
            first.wait(30)
        except subprocess.TimeoutExpired:
            first.kill()
            first.wait()
    words = second.stdout.splitlines()[0] if second.stdout else second.stderr.strip()[-300:]
    words = words.replace(str(data), "…/data")
    seen = said(second.stdout)
    problems = []
    if seen["code"] != 0 or "already open" not in words:
        problems.append(f"the second copy did not say the first is open (exit code {seen['code']})")
    if any(s.startswith("opened") for s in seen["seen"]):
        problems.append("a second copy opened the same database")
    if not first_alive:
        problems.append("the first copy ended")
    if after != before:
        problems.append("the file was changed")
    row = results.add(
        results.Row(
            "two copies of the app at once",
            1,
            1,
            None,
            None,
            f"“{short(words)}”; file {'unchanged' if after == before else 'CHANGED'}",
        )
    )
    if problems:
        row.passed, row.note = False, "; ".join(problems)
    assert not problems, (problems, second.stdout, second.stderr[-3000:])
