"""Start-up: the console is drawn first and what is not on screen is made when it is wanted (issue 12), without
giving up the check of the conference or the blank board."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from console_app import DEMO_ID, open_console
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from chairdesk import conference_file, storage
from chairdesk.command import opens_a_window
from chairdesk.errors import ChairDeskError, StorageError
from chairdesk.gui.app import App
from chairdesk.meeting import STAGES
from chairdesk.storage import Store

ROOT = Path(__file__).resolve().parent.parent


def test_the_console_opens_with_the_page_of_its_stage_and_builds_another_when_it_is_wanted(
    qtbot: Any, db_path: Path, demo_data: dict[str, Any]
) -> None:
    running = open_console(qtbot, db_path, demo_data)
    try:
        console, meeting = running.console, running.controller.meeting
        built = [s.key for s in STAGES if console.page_of.is_built(s.key)]
        assert built == [meeting.stage.key]
        # Changed while its page is not built: the page, built when the meeting goes there, shows it.
        meeting.add_item("worries", "Added before the page was made")
        assert not console.page_of.is_built("views")
        meeting.go_to_stage("views")
        assert console.page_of.is_built("views")
        assert console.pages.currentWidget() is console.page_of["views"]
        worries = console.list_editor("worries")
        shown = [worries.model.data(worries.model.index(row)) for row in range(worries.model.rowCount())]
        assert "Added before the page was made" in shown
        assert console.stage_entry() in console.page_of["views"].findChildren(QWidget)
    finally:
        running.controller.close()


def test_typing_kept_in_a_box_on_a_page_not_built_comes_back(
    qtbot: Any, db_path: Path, demo_data: dict[str, Any]
) -> None:
    first = open_console(qtbot, db_path, demo_data)
    first.controller.meeting.go_to_stage("views")
    qtbot.keyClicks(first.console.list_editor("worries").entry, "Half a worry")
    first.controller.meeting.go_to_stage("introductions")  # reopened there: the views page is not built at first
    assert first.console.close()
    again = App(db_path)
    qtbot.addWidget(again.console)
    try:
        assert again.controller.meeting.stage.key == "introductions"
        assert again.console.list_editor("worries").entry.text() == "Half a worry"
        assert "Half a worry" not in json.dumps(conference_file.to_json(again.controller.conference))
    finally:
        again.controller.close()


class _FirstBoardFrame(QObject):
    """Remembers what the board showed when it was first painted."""

    def __init__(self) -> None:
        super().__init__()
        self.blank: bool | None = None
        self.text = ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if self.blank is None and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            board = watched.window()
            if board.objectName() == "board":
                self.blank = board.stack.currentWidget() is board.blank_page
                self.text = board.visible_text()
        return False


def test_the_first_frame_the_board_shows_is_blank(qtbot: Any, db_path: Path, demo_data: dict[str, Any]) -> None:
    first = _FirstBoardFrame()
    QApplication.instance().installEventFilter(first)
    try:
        running = open_console(qtbot, db_path, demo_data)
        qtbot.waitUntil(lambda: first.blank is not None)
    finally:
        QApplication.instance().removeEventFilter(first)
    try:
        assert first.blank is True
        assert "Harper" not in first.text and "Mia" not in first.text
    finally:
        running.controller.close()


def _stored_but_invalid(db_path: Path, demo_data: dict[str, Any]) -> None:
    """The demo stored, then changed in the file so that it reads back but fails the conference format."""
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data), action="import")
    broken = json.loads(json.dumps(demo_data))
    broken["participants"][1]["id"] = broken["participants"][0]["id"]  # one id used twice
    connection = storage.connect(db_path)  # the database is encrypted: opened with its key, as ChairDesk does
    with connection:
        connection.execute("UPDATE conferences SET document = ?", (json.dumps(broken),))
    connection.close()


def test_a_conference_that_fails_its_check_is_refused_in_words_once_its_console_is_drawn(
    qtbot: Any, db_path: Path, demo_data: dict[str, Any]
) -> None:
    _stored_but_invalid(db_path, demo_data)
    before = db_path.read_bytes()
    try:
        App(db_path)  # checked before any console, as the tests' and the command line's opening does
        raise AssertionError("the invalid conference was opened")
    except StorageError as error:
        said_first = str(error)
    refused: list[ChairDeskError] = []
    running = App(db_path, check_later=True)
    running.on_refused = refused.append
    qtbot.addWidget(running.console)
    qtbot.addWidget(running.board)
    running.show()
    qtbot.waitUntil(lambda: bool(refused), timeout=30_000)
    (error,) = refused
    assert isinstance(error, StorageError) and error.kind == "conference-unreadable"
    assert str(error) == said_first and "is used twice" not in str(error)  # the same words, none of its content
    assert not running.is_open and not running.console.isVisible() and not running.board.isVisible()
    assert db_path.read_bytes() == before  # nothing saved into it, no backup taken of it
    assert not (db_path.parent / "backups").exists() or not list((db_path.parent / "backups").iterdir())


def test_a_good_conference_opened_to_be_checked_later_is_checked_and_backed_up(
    qtbot: Any, db_path: Path, demo_data: dict[str, Any]
) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data), action="import")
    refused: list[ChairDeskError] = []
    running = App(db_path, DEMO_ID, check_later=True)
    running.on_refused = refused.append
    qtbot.addWidget(running.console)
    qtbot.addWidget(running.board)
    running.show()
    qtbot.waitUntil(lambda: any((db_path.parent / "backups").glob("*")), timeout=30_000)
    assert running.controller.writer.flush()
    assert refused == [] and running.is_open


def load_demo(db_path: Path) -> None:
    """The demo conference in ``db_path``, loaded by the command as a chair would load it."""
    subprocess.run(
        [sys.executable, "-m", "chairdesk", "--db", str(db_path), "demo", "--no-window"],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )


def test_the_console_is_drawn_before_the_libraries_it_does_not_show_are_imported(db_path: Path, tmp_path: Path) -> None:
    """Documents, the conference format's checker and the recording's libraries wait until they are wanted."""
    load_demo(db_path)
    code = textwrap.dedent(
        """
        import sys
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QApplication, QWidget
        app = QApplication([])
        from chairdesk.gui.app import App
        running = App(sys.argv[1], check_later=True)
        seen = []
        class Painted(QObject):
            def eventFilter(self, watched, event):
                if not seen and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
                    if watched.window() is running.console:
                        seen.append(sorted(m for m in sys.modules if "." not in m))
                return False
        painted = Painted()
        app.installEventFilter(painted)
        running.show()
        while not seen:
            app.processEvents()
        print(" ".join(seen[0]))
        running.controller.close()
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(db_path)], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    loaded = set(out.split("\n")[-2].split()) if out.strip() else set()
    assert "chairdesk" in loaded
    # numpy, sounddevice and sqlite_utils are not here: the recording panel looks for microphones on a worker
    # thread it starts with the console (chairdesk.gui.recording_panel), which imports them as the console is drawn.
    waiting = {"docx", "docxtpl", "jinja2", "soundfile", "jsonschema", "PIL", "holidays", "jsonpatch"}
    assert loaded & waiting == set()


def test_what_waits_for_the_first_paint_runs_off_the_gui_thread_so_the_first_key_is_not_kept_waiting(
    db_path: Path,
) -> None:
    """Once the console is drawn, interrupted recordings are looked for: that module (and the joining's numpy, a
    fifth of a second) was imported on the GUI thread, so the chair's first key waited for it. Now the look and its
    imports are the worker's: the GUI thread imports none of them, from the start until a key has been typed."""
    load_demo(db_path)
    code = textwrap.dedent(
        """
        import json, sys, threading
        WATCHED = {"numpy", "chairdesk.recording.recovery", "chairdesk.recording.assemble"}
        imported = []
        class Watch:
            def find_spec(self, name, path=None, target=None):
                if name in WATCHED:
                    imported.append((name, threading.current_thread() is threading.main_thread()))
                return None
        sys.meta_path.insert(0, Watch())
        from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
        from PySide6.QtGui import QKeyEvent
        from PySide6.QtWidgets import QApplication, QWidget
        app = QApplication([])
        from chairdesk.gui.app import App
        running = App(sys.argv[1], check_later=True)
        seen = {"painted": False, "key": False}
        class Seen(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
                    seen["painted"] = seen["painted"] or watched.window() is running.console
                elif event.type() == QEvent.Type.KeyPress:
                    seen["key"] = True
                return False
        watcher = Seen()
        app.installEventFilter(watcher)
        running.show()
        while not seen["painted"]:
            app.processEvents()
        focus = app.focusWidget() or running.console
        key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_X, Qt.KeyboardModifier.NoModifier, "x")
        QCoreApplication.postEvent(focus, key)
        while not seen["key"] or running.console.recording.work.running("chairdesk-recover"):
            app.processEvents()
        on_gui = sorted(n for n, gui in imported if gui)
        print(json.dumps({"gui": on_gui, "workers": sorted(n for n, gui in imported if not gui)}))
        running.controller.close()
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(db_path)], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    imported = json.loads(out.strip().splitlines()[-1])
    assert imported["gui"] == [], f"imported on the GUI thread before the first key: {imported['gui']}"
    assert "chairdesk.recording.recovery" in imported["workers"]  # the look for interrupted recordings did run


def test_the_command_line_that_opens_the_console_loads_no_library_the_console_does_not_show() -> None:
    """'chairdesk open' starts in chairdesk.cli: reading its options loaded Word's libraries (a third of a second
    before the window could begin). The command line alone loads neither those nor Qt."""
    code = "import sys, chairdesk.cli\nprint(' '.join(sorted(m for m in sys.modules if '.' not in m)))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT).stdout
    loaded = set(out.split())
    assert "chairdesk" in loaded
    waiting = {"docx", "docxtpl", "jinja2", "lxml", "PIL", "soundfile", "jsonschema", "holidays", "PySide6"}
    assert loaded & waiting == set()


def test_the_windows_ask_pyside6_to_make_qts_classes_when_it_is_imported() -> None:
    """PySide6 6.11 can crash making a class lazily inside an application-wide event filter (chairdesk/gui/__init__.py):
    importing the windows asks for every class to be made at import, unless the environment says otherwise."""
    code = "import os, chairdesk.gui.app, PySide6; print(os.environ.get('PYSIDE6_OPTION_LAZY'))"
    env = {k: v for k, v in os.environ.items() if k != "PYSIDE6_OPTION_LAZY"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert out.stdout.split()[-1] == "0"


@pytest.mark.parametrize(
    ("argv", "window"),
    [
        ([], True),
        (["--db", "open.sqlite"], True),
        (["--db", "x.sqlite", "open", "c-1"], True),
        (["home", "--screenshot", "shots"], True),
        (["demo"], True),
        (["--db", "home", "import", "open.json"], False),
        (["dates", "conference.json"], False),
        (["open", "--help"], False),
        (["--version"], False),
    ],
)
def test_the_command_reads_the_key_ahead_only_when_it_may_open_a_window(argv: list[str], window: bool) -> None:
    assert opens_a_window(argv) is window


def test_every_way_in_starts_at_the_same_entry() -> None:
    """The ``chairdesk`` command, ``python -m chairdesk`` and the packaged app all start at chairdesk.command."""
    assert 'chairdesk = "chairdesk.command:main"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for path in (ROOT / "chairdesk" / "__main__.py", ROOT / "packaging" / "launch.py"):
        assert "from chairdesk.command import main" in path.read_text(encoding="utf-8"), path
