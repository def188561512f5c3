"""The fault drills: the real app (offscreen, or a subprocess where it must be killed) put through what goes wrong
on the worst day, each drill recording what it found in one row of the table printed at the end of the run.

Run them with ``bash scripts/drills.sh`` (``--quick`` for CI); the ordinary suite (``tests/``) never collects them.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the test suite's plumbing: the virtual microphone, the console
sys.path.insert(0, str(Path(__file__).resolve().parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import results  # noqa: E402 (after the path is set)

pytest_plugins = ["virtual_mic", "console_app"]

DEMO_PATH = ROOT / "resources" / "demo_conference.json"
STARTED = time.monotonic()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--quick",
        action="store_true",
        help="fewer kills, a shorter meeting, one damaged database for the kinds of damage (for CI, under 3 minutes)",
    )
    parser.addoption("--seed", type=int, default=None, help="the seed of the kill -9 drill's moments (else random)")


@pytest.fixture(scope="session")
def quick(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--quick"))


@pytest.fixture(scope="session")
def seed(request: pytest.FixtureRequest) -> int:
    chosen = request.config.getoption("--seed")
    return int(chosen) if chosen is not None else int.from_bytes(os.urandom(3), "big")


@pytest.fixture(autouse=True)
def _private_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A drill never touches the real user's data folder or database."""
    monkeypatch.setenv("CHAIRDESK_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("CHAIRDESK_DB", str(tmp_path / "data" / "chairdesk.sqlite"))


DRILL_PASSPHRASE = "a chair's drill passphrase"


@pytest.fixture(scope="session")
def passphrase_hash() -> str:
    from chairdesk import passphrase

    return passphrase.hashed(DRILL_PASSPHRASE)  # made once: a scrypt hash takes half a second


@pytest.fixture(autouse=True)
def _lock_passphrase(_private_data_folder: None, passphrase_hash: str) -> Iterator[None]:
    """The chair has chosen a lock passphrase for the drill's data folder, so the console opens on the meeting
    instead of asking for one (the idle lock's first question); an app the drill starts in a process of its own
    finds it too (same folder, same credential store). A drill with folders of its own keeps it there
    (``passphrase.keep(passphrase_hash, folder)``)."""
    from chairdesk import passphrase

    passphrase.keep(passphrase_hash)
    yield
    lock = sys.modules.get("chairdesk.gui.lock")
    if lock is not None:
        lock.stop_all()  # a drill's windows outlive it: their idle lock must not lock the next drill's
    passphrase.remove()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "chairdesk.sqlite"


@pytest.fixture
def demo_data() -> dict[str, Any]:
    return json.loads(DEMO_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def shots() -> Iterator[Path]:
    """Where a drill saves pictures to look at (never in the repository)."""
    folder = Path(os.environ.get("CHAIRDESK_DRILL_SHOTS", "/tmp/chairdesk-drills"))
    folder.mkdir(parents=True, exist_ok=True)
    yield folder


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if not results.ROWS and not results.NOTES:
        return
    write = terminalreporter.write_line
    terminalreporter.section("fault drills")
    for line in results.table():
        write(line)
    write("")
    write(results.GOAL)
    for note in results.NOTES:
        write("")
        for line in note.splitlines():
            write(line)
    mode = "quick" if config.getoption("--quick") else "full"
    write("")
    write(f"The {mode} run took {time.monotonic() - STARTED:.0f} s.")
