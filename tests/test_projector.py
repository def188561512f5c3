"""The projector shows only what the room may see: it starts blank, no frame of an earlier or hidden board reaches
it on any transition, it never follows a lost projector onto the laptop, and no dialog opens on it.

Real Qt windows: offscreen in this process, and a laptop and a projector (two offscreen screens) in a child
process where a test needs two screens."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from board_conferences import demo_with_four_children
from builders import minimal_conference
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QTextBrowser, QWidget
from two_screens import seen_on_screens

from chairdesk import conference_file
from chairdesk.gui.app import App
from chairdesk.gui.board_window import BoardWindow
from chairdesk.gui.controller import MeetingController
from chairdesk.storage import Store

ROOT = Path(__file__).resolve().parent.parent
HEADING_COLOURS = {"#f6dddb", "#dcefdc", "#dce6f5", "#eeeae0", "#1d4f91"}  # the columns' headings, the stage


class PaintedWords(QObject):
    """Every word any part of the board held when it was painted: what reached the screen, frame by frame."""

    def __init__(self, board: QWidget) -> None:
        super().__init__()
        self.board = board
        self.words: list[str] = []
        for child in [board, *board.findChildren(QWidget)]:
            child.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            if isinstance(watched, QLabel):
                self.words.append(watched.text())
            elif isinstance(watched, QTextBrowser):
                self.words.append(watched.toPlainText())
            elif watched.objectName() == "qt_scrollarea_viewport" and isinstance(watched.parent(), QTextBrowser):
                self.words.append(watched.parent().toPlainText())
        return False

    def text(self) -> str:
        return "\n".join(self.words)


def colours(picture: QImage) -> set[str]:
    step = 7
    return {
        picture.pixelColor(x, y).name()
        for x in range(0, picture.width(), step)
        for y in range(0, picture.height(), step)
    }


@pytest.fixture
def harper(tmp_path: Path, demo_data: dict[str, Any]) -> Iterator[MeetingController]:
    controller = MeetingController(conference_file.from_json(demo_with_four_children(demo_data)), tmp_path / "a.db")
    yield controller
    controller.close()


@pytest.fixture
def other_family(tmp_path: Path) -> Iterator[MeetingController]:
    data = minimal_conference(family={"name": "Okafor"})
    data["worries"] = [{"text": "Amy has missed her last two health checks.", "entered_at": "2027-01-07T10:05:00"}]
    controller = MeetingController(conference_file.from_json(data), tmp_path / "b.db")
    yield controller
    controller.close()


def reference(qtbot: Any, controller: MeetingController, size: tuple[int, int]) -> QImage:
    """A fresh board showing only ``controller``'s board as it is now: what the projector should show."""
    board = BoardWindow(controller)
    qtbot.addWidget(board)
    board.resize(*size)
    board.show()
    qtbot.waitExposed(board)
    board.refresh()
    picture = board.grab().toImage()
    board.close()
    return picture


def test_the_app_opens_with_the_board_blank_and_the_console_says_so(
    qtbot: Any, db_path: Path, demo_data: dict[str, Any]
) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data), action="import")
    app = App(db_path)
    qtbot.addWidget(app.console)
    qtbot.addWidget(app.board)
    try:
        spy = PaintedWords(app.board)
        app.show()
        qtbot.waitExposed(app.board)
        qtbot.wait(20)
        assert app.board.visible_text() == "Child protection conference"
        assert "Harper" not in spy.text() and "Mia" not in spy.text()  # not a frame of the family on the projector
        assert not colours(app.board.grab().toImage()) & HEADING_COLOURS
        assert app.console.blank_action.isChecked()
        assert app.console.blank_banner.isVisible()
        qtbot.keyClick(app.console, Qt.Key.Key_F8)  # the chair shows the conference
        assert "Harper" in app.board.visible_text()
        assert not app.console.blank_action.isChecked() and not app.console.blank_banner.isVisible()
    finally:
        app.controller.close()


def test_no_frame_of_earlier_or_hidden_content_on_any_transition(
    qtbot: Any, harper: MeetingController, other_family: MeetingController
) -> None:
    size = (1024, 768)
    board = BoardWindow(harper)
    qtbot.addWidget(board)
    board.resize(*size)
    board.show()
    qtbot.waitExposed(board)
    blank = board.grab().toImage()
    assert board.visible_text() == "Child protection conference"

    # Blank, then unblank: exactly the board of now, as a fresh window would draw it.
    harper.set_blank(False)
    qtbot.wait(1)
    assert board.grab().toImage() == reference(qtbot, harper, size)

    # While blank an item is hidden and another typed confidential: neither is ever painted after unblanking.
    harper.set_blank(True)
    spy = PaintedWords(board)
    hidden = harper.conference.worries[0].text
    harper.meeting.set_item_confidential("worries", 0, True)
    harper.set_draft("worries", "SECRET-WHILE-BLANK the police update", confidential=True)
    harper.set_blank(False)
    qtbot.wait(1)
    assert hidden not in spy.text() and "SECRET-WHILE-BLANK" not in spy.text()
    assert board.grab().toImage() == reference(qtbot, harper, size)

    # A stage change: only the new stage's board.
    harper.meeting.go_to_stage("decision")
    qtbot.wait(1)
    assert board.grab().toImage() == reference(qtbot, harper, size)

    # Another conference: blank first, and not one frame of the Harpers after the switch.
    spy = PaintedWords(board)
    board.set_controller(other_family)
    qtbot.wait(1)
    assert other_family.blank and board.grab().toImage() == blank
    other_family.set_blank(False)
    qtbot.wait(1)
    assert "Harper" not in spy.text() and "Mia" not in spy.text() and hidden not in spy.text()
    assert "Okafor" in board.visible_text() and "Harper" not in board.visible_text()
    assert board.grab().toImage() == reference(qtbot, other_family, size)


ON_TWO_SCREENS = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QPoint, QTimer, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
    from chairdesk.gui import app as app_module
    from chairdesk.gui.app import App
    from chairdesk.gui.board_window import ScreenNumber
    qt = QApplication([])
    app = App(sys.argv[1])
    app_module._running = app
    app.show()
    qt.processEvents()
    laptop, projector = QGuiApplication.screens()
    board, console = app.board, app.console
    seen = {"start": [board.screen().name(), board.isFullScreen(), board.visible_text()]}
    app.controller.set_blank(False)
    qt.processEvents()

    # The projector is unplugged: the board blanks and hides, never moves onto the laptop.
    board.screen_removed(projector)
    qt.processEvents()
    on_laptop = [w.objectName() for w in qt.topLevelWidgets() if w.isVisible() and w is not console
                 and laptop.geometry().intersects(w.frameGeometry())]
    seen["removed"] = [board.isVisible(), app.controller.blank, on_laptop, console.blank_banner.isVisible(),
                       console.statusBar().currentMessage()]
    # ...and comes back: the board is on it again, blank.
    board.screen_added(projector)
    qt.processEvents()
    seen["added"] = [board.isVisible(), board.screen().name(), board.isFullScreen(), board.visible_text(),
                     console.blank_action.isChecked()]

    # Identify screens: a large number on each screen, Escape closes them at once.
    app.controller.set_blank(False)
    console.identify_screens()
    qt.processEvents()
    numbers = [w for w in qt.topLevelWidgets() if isinstance(w, ScreenNumber) and w.isVisible()]
    where = lambda w: QGuiApplication.screenAt(w.geometry().center())
    seen["identify"] = sorted([w.number, where(w).name(), where(w).geometry().contains(w.geometry())]
                              for w in numbers)
    seen["identify_seconds"] = console._identify.timer.interval() / 1000
    QTest.keyClick(console, Qt.Key.Key_Escape)
    qt.processEvents()
    seen["identify_after_escape"] = len([w for w in qt.topLevelWidgets() if isinstance(w, ScreenNumber)
                                         and w.isVisible()])

    # A message with no parent, placed on the projector, opens over the console instead.
    stray = QMessageBox(QMessageBox.Icon.Warning, "ChairDesk", "A stray message")
    stray.move(projector.geometry().center())
    stray.show()
    qt.processEvents()
    seen["stray"] = [where(stray).name(), projector.geometry().intersects(stray.frameGeometry())]
    stray.close()

    # A window already open (the preparation window, say) dragged onto the projector is moved back over the console.
    dragged = QLabel("The Harper family")
    dragged.setGeometry(laptop.geometry().adjusted(200, 200, -600, -300))
    dragged.show()
    qt.processEvents()
    dragged.move(projector.geometry().topLeft() + QPoint(100, 100))
    qt.processEvents()
    seen["dragged"] = [where(dragged).name(), projector.geometry().intersects(dragged.frameGeometry())]
    dragged.close()
    # The console itself is the chair's to place: one whose frame reaches past the laptop's edge stays put.
    edge = console.geometry()
    console.move(laptop.geometry().right() - edge.width() + 20, edge.y())
    qt.processEvents()
    placed = console.pos()
    qt.processEvents()
    seen["console"] = [placed == console.pos(), placed.x() == laptop.geometry().right() - edge.width() + 20]

    # The exception hook's message is parented to the console and opens over it.
    def look():
        box = QApplication.activeModalWidget()
        seen["hook"] = [box.parent() is console, where(box).name(),
                        projector.geometry().intersects(box.frameGeometry())]
        box.close()
    QTimer.singleShot(200, look)
    app_module._install_exception_hook(None)
    sys.excepthook(RuntimeError, RuntimeError("boom"), None)
    print(json.dumps(seen))
    app.controller.close()
    """
)


def test_with_a_projector_the_board_blanks_when_it_goes_and_dialogs_stay_on_the_laptop(
    tmp_path: Path, db_path: Path, demo_data: dict[str, Any]
) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data))
    seen = seen_on_screens(ON_TWO_SCREENS, tmp_path, str(db_path))
    assert seen["start"] == ["PROJECTOR", True, "Child protection conference"]
    visible, blank, on_laptop, banner, message = seen["removed"]
    assert (visible, blank, on_laptop, banner) == (False, True, [], True)
    assert "projector was disconnected" in message
    assert seen["added"] == [True, "PROJECTOR", True, "Child protection conference", True]
    assert seen["identify"] == [[1, "LAPTOP", True], [2, "PROJECTOR", True]]
    assert 2 <= seen["identify_seconds"] <= 5
    assert seen["identify_after_escape"] == 0
    assert seen["stray"] == ["LAPTOP", False]
    assert seen["dragged"] == ["LAPTOP", False]
    assert seen["console"] == [True, True]
    assert seen["hook"] == [True, "LAPTOP", False]


def test_closing_the_console_takes_its_application_wide_filters_with_it(
    qtbot: Any, db_path: Path, demo_data: dict[str, Any]
) -> None:
    from chairdesk.gui.widgets import ApplicationFilter

    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data), action="import")
    running = App(db_path)
    qtbot.addWidget(running.console)
    qtbot.addWidget(running.board)
    running.show()
    filters = running.console.findChildren(ApplicationFilter)
    assert {type(f).__name__ for f in filters} == {"MeetingKeys", "KeepDialogsOffTheProjector"}
    assert all(f.installed for f in filters)
    running.console.close()
    assert not any(f.installed for f in filters)  # no event goes through a closed console's filters
