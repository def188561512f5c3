"""The console and the board of the demo conference in real Qt windows (offscreen), and ways to drive them as a
chair does: from the keyboard, at a person's typing speed."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from chairdesk import conference_file
from chairdesk.gui.app import App
from chairdesk.gui.items import ItemListEditor
from chairdesk.storage import Store

DEMO_ID = "demo-harper-2026-11-24"


def open_console(qtbot: Any, db_path: Path, data: dict[str, Any]) -> App:
    """Import ``data`` into the database at ``db_path`` and open ChairDesk on it, the console shown."""
    with Store(db_path) as store:
        store.save(conference_file.from_json(data), action="import")
    running = App(db_path)
    qtbot.addWidget(running.console)
    qtbot.addWidget(running.board)
    running.console.open_outputs_folder = False
    running.show()
    qtbot.waitExposed(running.console)
    return running


@contextmanager
def running_home(qtbot: Any, db_path: Path, today: Callable[[], Any] | None = None) -> Iterator[App]:
    """The real app opened on its home (as ``chairdesk`` alone opens it), shut down after."""
    running = App(db_path, home=True)
    if today is not None:
        running.home.today = today
    qtbot.addWidget(running.home)
    running.show()
    qtbot.waitExposed(running.home)
    yield running
    if running.is_open:
        running.console.recording.shut_down()
        running.controller.close()


@pytest.fixture
def recording_app(qtbot: Any, db_path: Path, demo_data: dict[str, Any], mic: Any) -> Iterator[App]:
    """The demo's console with the virtual microphone there, once its microphones have been looked for (on a worker
    thread, after the first paint: Look again comes back when the list is filled); the recording panel shut down
    after the test."""
    running = open_console(qtbot, db_path, demo_data)
    qtbot.waitUntil(running.console.recording.refresh_button.isEnabled, timeout=20_000)
    yield running
    running.console.recording.shut_down()
    running.controller.close()


@pytest.fixture
def app(qtbot: Any, db_path: Path, demo_data: dict[str, Any]) -> Iterator[App]:
    demo_data["participants"][9]["exclusions"] = []  # the father is in the room as the test starts
    running = open_console(qtbot, db_path, demo_data)
    assert running.controller.blank  # the board always opens blank (the neutral screen)
    running.controller.set_blank(False)  # as the chair does with F8, so the tests see the conference on it
    running.board.resize(1920, 1080)  # a projector's size, so the whole demo is in view (one screen offscreen)
    yield running
    running.controller.close()


@pytest.fixture
def make_app(qtbot: Any, db_path: Path, demo_data: dict[str, Any], mic: Any) -> Iterator[Callable[[], App]]:
    """Opens the demo conference's console and board (the microphones listed), as many times as a test asks."""
    made: list[App] = []
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data))

    def make() -> App:
        running = App(db_path)
        qtbot.addWidget(running.console)
        qtbot.addWidget(running.board)
        running.show()
        qtbot.waitUntil(running.console.recording.refresh_button.isEnabled, timeout=20_000)
        made.append(running)
        return running

    yield make
    for running in made:
        running.console.recording.shut_down()
        running.controller.close()


def editor(app: App, list_name: str) -> ItemListEditor:
    return app.console.list_editor(list_name)  # its page built if it was not yet (pages are built when wanted)


def go_to_views(app: App, qtbot: Any) -> ItemListEditor:
    qtbot.keyClick(app.console, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert app.controller.meeting.stage.key == "views"
    worries = editor(app, "worries")
    worries.entry.setFocus()
    return worries


def type_as_a_chair(qtbot: Any, box: QWidget, text: str, seed: int = 1) -> None:
    """Type ``text`` into ``box`` one key at a time, 150–250 ms a key and a longer pause on a space."""
    pace = random.Random(seed)
    for character in text:
        qtbot.keyClicks(box, character)
        qtbot.wait(pace.randint(150, 250) + (pace.randint(100, 400) if character == " " else 0))
