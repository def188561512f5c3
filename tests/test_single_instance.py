"""One ChairDesk per database: a second start brings the first to the front, a killed first never blocks the
next, and a command that writes while the app is open never erases the app's work or its own in silence."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import minimal_conference, write_json
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from chairdesk import conference_file, instance, storage
from chairdesk.cli import main
from chairdesk.gui.app import App, open_app
from chairdesk.gui.single import SingleInstance
from chairdesk.storage import Store

DEMO_ID = "demo-harper-2026-11-24"


def start_command(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "chairdesk.cli", "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )


@pytest.fixture
def first(qtbot: Any, db_path: Path, demo_data: dict[str, Any]) -> Iterator[tuple[App, SingleInstance]]:
    """ChairDesk running in this process on the demo, holding its database as run() does."""
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data), action="import")
    guard = SingleInstance(db_path)
    assert guard.claim()
    guard.listen()
    app, problem = open_app(db_path, ask=None)
    assert app is not None, problem
    guard.attach(app.console)
    qtbot.addWidget(app.console)
    qtbot.addWidget(app.board)
    app.console.open_outputs_folder = False
    app.show()
    yield app, guard
    app.controller.close()
    guard.release()


def test_the_lock_is_one_per_database_and_goes_with_its_holder(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    with instance.DatabaseLock(db) as held:
        assert held.acquire()
        assert not instance.DatabaseLock(db).acquire()  # even from this process: one per database
        assert instance.DatabaseLock(tmp_path / "b.sqlite").acquire()  # another database is another matter
        assert instance.is_open(db)
    assert not instance.is_open(db)
    assert instance.DatabaseLock(db).acquire()
    (tmp_path / "link.sqlite").symlink_to(db)
    with instance.DatabaseLock(tmp_path / "link.sqlite") as through_a_link:
        assert through_a_link.acquire()
        assert instance.is_open(db)  # the same database by another name is the same database


def test_a_second_start_brings_the_first_to_the_front_and_ends(
    first: tuple[App, SingleInstance], qtbot: Any, db_path: Path
) -> None:
    app, guard = first
    with Store(db_path) as store:
        audit_before = store.audit()
    with qtbot.waitSignal(guard.raise_requested, timeout=120_000):
        second = start_command(db_path, "open")
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=120_000)
    out, err = second.communicate()
    assert second.returncode == 0, err
    assert out.strip() == f"ChairDesk is already open on {db_path}: brought it to the front."
    assert app.console.isVisible()
    with Store(db_path) as store:
        assert store.audit() == audit_before  # the second start changed nothing


def test_a_first_copy_killed_with_kill_9_does_not_block_the_next_start(
    tmp_path: Path, db_path: Path, demo_data: dict[str, Any]
) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data), action="import")
    killed = start_command(db_path, "open")
    try:
        # Up and answering (from here, as a second start would ask) before it is killed.
        answered = False
        deadline = time.monotonic() + 120
        while not answered and killed.poll() is None and time.monotonic() < deadline:
            answered = SingleInstance(db_path).ask_first_to_raise(wait_ms=2000)
        assert answered, killed.stderr.read() if killed.poll() is not None and killed.stderr else "no answer"
    finally:
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
    assert instance.lock_path(db_path).exists()  # the lock file stays; the lock went with the process
    assert not instance.is_open(db_path)
    pictures = tmp_path / "pictures"
    again = start_command(db_path, "open", "--screenshot", str(pictures))
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert "already open" not in out and f"Pictures of the console and the board are in {pictures}" in out
    assert (pictures / "console.png").exists()


def test_an_import_that_replaces_the_open_conference_is_said_by_both_and_erases_nothing(
    first: tuple[App, SingleInstance],
    qtbot: Any,
    db_path: Path,
    tmp_path: Path,
    demo_data: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
) -> None:
    app, _guard = first
    imported = write_json(tmp_path / "replacement.json", dict(demo_data, location="Imported room"))
    assert main(["--db", str(db_path), "import", str(imported), "--replace"]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == DEMO_ID
    assert err.startswith("warning: ChairDesk is open on this database")
    app.controller.meeting.conference.location = "Room typed in the window"
    with qtbot.waitSignal(app.controller.save_failed, timeout=60_000) as failed:
        app.controller.writer.save(app.controller.conference)
    assert failed.args == [storage.CONFLICT]
    qtbot.waitUntil(lambda: app.console.save_error.isVisible())
    assert "changed by another copy of ChairDesk or another program" in app.console.save_error.text()
    assert app.controller.writer.failing == storage.CONFLICT
    with Store(db_path) as store:
        assert store.load(DEMO_ID).location == "Imported room"  # the import is not erased by the window
    assert app.controller.conference.location == "Room typed in the window"  # nor the window's change lost
    close_losing_changes(app)


def close_losing_changes(app: App) -> None:
    """Close the console as a chair would who was told the change is not saved and chose to close anyway."""
    asked: list[str] = []

    def answer() -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if not boxes:
            QTimer.singleShot(20, answer)
            return
        asked.append(boxes[0].text())
        close = boxes[0].button(QMessageBox.StandardButton.Close)
        (close or boxes[0].buttons()[0]).click()

    QTimer.singleShot(0, answer)
    app.console.close()
    assert asked  # the console asked before losing the change


def test_an_import_of_a_new_conference_goes_through_while_the_app_is_open(
    first: tuple[App, SingleInstance], db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app, _guard = first
    new = write_json(tmp_path / "new.json", minimal_conference(id="another-family"))
    assert main(["--db", str(db_path), "import", str(new)]) == 0
    assert capsys.readouterr().err == ""
    app.controller.meeting.conference.location = "Room 3"
    app.controller.writer.save(app.controller.conference)
    assert app.controller.writer.flush()
    with Store(db_path) as store:
        assert {s.id for s in store.list_conferences()} == {DEMO_ID, "another-family"}
        assert store.load(DEMO_ID).location == "Room 3"


def test_a_second_start_made_while_the_first_is_still_starting_waits_for_it(
    qtbot: Any, db_path: Path, demo_data: dict[str, Any]
) -> None:
    """The first holds the database's lock from its start but answers only a second later (Qt's network module
    loads then): a second start in between waits for it, is answered, and opens nothing."""
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data), action="import")
    guard = SingleInstance(db_path)
    assert guard.claim()
    try:
        second = start_command(db_path, "open")
        time.sleep(3)  # the second has found the lock held, and looks for the first's answer
        raised: list[bool] = []
        guard.raise_requested.connect(lambda: raised.append(True))
        guard.listen()
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=120_000)
        out, err = second.communicate()
        assert second.returncode == 0, err
        assert out.strip() == f"ChairDesk is already open on {db_path}: brought it to the front."
        qtbot.waitUntil(lambda: bool(raised))
    finally:
        if second.poll() is None:  # (a failing run: it would wait for ever on a message nobody answers)
            second.kill()
            second.wait()
        guard.release()


def test_a_second_start_reaches_a_first_that_is_saying_why_it_cannot_open(tmp_path: Path, db_path: Path) -> None:
    """The first start found a damaged database and is showing why (its console never drawn): a second start is
    still answered, and brings that window to the front, rather than saying the first did not answer."""
    db_path.write_bytes(os.urandom(64 * 1024))
    first = start_command(db_path, "open")
    try:
        deadline = time.monotonic() + 120
        while not instance.is_open(db_path) and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert first.poll() is None and instance.is_open(db_path), first.communicate()
        assert SingleInstance(db_path).ask_first_to_raise(wait_ms=60_000)
    finally:
        first.kill()
        first.wait()


def test_the_first_window_is_drawn_before_the_network_module_loads(tmp_path: Path, db_path: Path) -> None:
    """What a start loads before the chair sees a window is what the window needs; answering a second start (Qt's
    network module) waits until the first window is drawn, and is then done."""
    with Store(db_path) as store:
        store.save(conference_file.from_json(minimal_conference(id="one-family")), action="import")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QTimer\n"
        "from chairdesk.gui import app as gui_app\n"
        "seen = {}\n"
        "def shown(running):\n"
        "    seen['before'] = 'PySide6.QtNetwork' in sys.modules\n"
        "    def later():\n"
        "        seen['after'] = 'PySide6.QtNetwork' in sys.modules\n"
        "        running.console.quitting = True\n"
        "        running.console.close()\n"
        "        gui_app.QApplication.instance().quit()\n"
        "    QTimer.singleShot(3000, later)\n"
        "gui_app.run(Path(sys.argv[1]), 'one-family', shown=shown)\n"
        "print(seen)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(db_path)],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "{'before': False, 'after': True}"


def test_a_second_start_made_while_the_first_is_closing_opens_once_it_has_closed(
    tmp_path: Path, db_path: Path, demo_data: dict[str, Any]
) -> None:
    """The first still held the database when the second started, then closed without answering it: the second
    does not say the first "did not answer" (nothing is open any more); it opens the conference itself."""
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data), action="import")
    guard = SingleInstance(db_path)
    assert guard.claim()  # (never listens: a first on its way out)
    pictures = tmp_path / "pictures"
    second = start_command(db_path, "open", "--screenshot", str(pictures))
    try:
        time.sleep(3)  # the second has found the lock held, and waits for the first's answer
        assert second.poll() is None, second.communicate()
        guard.release()
        out, err = second.communicate(timeout=300)
    finally:
        guard.release()
        if second.poll() is None:
            second.kill()
            second.wait()
    assert second.returncode == 0, err
    assert "did not answer" not in err and f"Pictures of the console and the board are in {pictures}" in out
