"""Shared test set-up: Qt offscreen, a fresh database file per test, and conference builders."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import minimal_conference
from equipment import running

from chairdesk import passphrase
from chairdesk.meeting import Meeting

# Before anything imports Qt: no display on a test machine; and Qt's classes made when PySide6 is imported, as the
# app asks (chairdesk/gui/__init__.py says why), even though pytest-qt may import PySide6 before chairdesk.gui.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYSIDE6_OPTION_LAZY", "0")

pytest_plugins = ["virtual_mic", "console_app", "hang_guard"]

# Every edit in every test is checked as an undo step and a check of the file should be: its patch makes the change
# and its inverse takes it back, and the check of what it changed finds what a check of the whole file finds.
Meeting.verify = True


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Any:
    """While a test's windows are closed: a form left with unsaved typing asks "Not saved yet" (gui.kept_form),
    and nobody is there to answer, so the run would wait for ever. Such a question is answered Discard (the test
    is over; what it typed is not the chair's)."""
    timer = None
    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMessageBox

        def answer() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox) and box.windowTitle() == "Not saved yet":
                box.button(QMessageBox.StandardButton.Discard).click()

        if QApplication.instance() is not None:
            timer = QTimer(interval=100, timeout=answer)
            timer.start()
    yield
    if timer is not None:
        timer.stop()


ROOT = Path(__file__).resolve().parent.parent
DEMO_PATH = ROOT / "resources" / "demo_conference.json"


def _starts_processes(request: pytest.FixtureRequest) -> bool:
    """Whether the test's module starts ChairDesk in processes of its own (they use the test's data folder, its key
    and its passphrase through the same credential store): it uses subprocess, or tests/two_screens.py."""
    return any(hasattr(request.module, name) for name in ("subprocess", "run_on_screens", "seen_on_screens"))


@pytest.fixture(autouse=True)
def _credential_store_stays() -> Iterator[None]:
    """The test process's credential store (scripts/with_keyring.sh's GNOME Keyring) is test equipment. GNOME Keyring
    42 can crash when several clients make and delete items at once; the test bus then starts it again, unlocked,
    holding what it held. A test during which that happened is warned about, so a failure of its that came from the
    crash is known for what it is (a test that needed the store at that moment fails on its own)."""
    pid = os.environ.get("CHAIRDESK_KEYRING_PID")
    yield
    if pid and not running(int(pid)):
        again = subprocess.run(
            ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus"]
            + ["org.freedesktop.DBus.GetConnectionUnixProcessID", "string:org.freedesktop.secrets"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        os.environ["CHAIRDESK_KEYRING_PID"] = again[-1] if again else ""
        warnings.warn(
            f"The test credential store (GNOME Keyring, PID {pid}) crashed during this test; it was started again"
            f" (PID {os.environ['CHAIRDESK_KEYRING_PID'] or 'not yet'}).",
            stacklevel=1,
        )


@pytest.fixture(autouse=True)
def _private_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[None]:
    """Nothing a test does may touch the real user's data folder or database. The data key the test's folder got
    in the credential store is taken out afterwards: GNOME Keyring reads and rewrites every item it holds on each
    change, so a store left with a key per test made each key 40 ms at the start of a run and 350 ms by its end."""
    monkeypatch.setenv("CHAIRDESK_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("CHAIRDESK_DB", str(tmp_path / "data" / "chairdesk.sqlite"))
    yield
    keys = sys.modules.get("chairdesk.keys")
    if keys is None:
        return
    name = keys.account()
    with keys._lock:  # noqa: SLF001 (the test's own key, known to this process or made by one it started)
        known = keys._known.pop(name, None) is not None  # noqa: SLF001
    if known or _starts_processes(request):
        with contextlib.suppress(Exception):  # none there: nothing to take out
            keys.credential_store().delete_password(keys.SERVICE, name)


TEST_PASSPHRASE = "a chair's test passphrase"


@pytest.fixture(scope="session")
def _test_passphrase_hash() -> str:
    return passphrase.hashed(TEST_PASSPHRASE)  # made once: a scrypt hash takes half a second


@pytest.fixture(autouse=True)
def _lock_passphrase(request: pytest.FixtureRequest, _private_data_folder: None) -> Iterator[None]:
    """The chair has chosen a lock passphrase (TEST_PASSPHRASE) for the test's data folder, so no window asks for
    one unless a test removes it; ChairDesk started by a test in another process finds it too (same folder, same
    credential store). Only where windows may open (qtbot, or a test module that starts processes): the credential
    store takes some 70 ms a test."""
    if "qtbot" not in request.fixturenames and not _starts_processes(request):
        yield
        return
    passphrase.keep(request.getfixturevalue("_test_passphrase_hash"))
    yield
    lock = sys.modules.get("chairdesk.gui.lock")
    if lock is not None:
        lock.stop_all()  # a test's windows outlive it: their idle lock must not lock the next test's
    passphrase.remove()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "conferences.sqlite"


@pytest.fixture
def demo_data() -> dict[str, Any]:
    return json.loads(DEMO_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def conference_data() -> dict[str, Any]:
    return minimal_conference()
