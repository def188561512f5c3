"""The idle lock (gui.lock) in the real app: left idle, the board blanks first and a lock screen naming no family
covers the console until the chair's passphrase is typed; the passphrase is chosen the first time ChairDesk opens.
The idle time is the lock's setting, made 1 second here (a setting, not a time limit)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import keyring
import shiboken6
from conftest import ROOT, TEST_PASSPHRASE
from console_app import go_to_views, open_console, running_home
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel
from virtual_mic import VirtualMic

from chairdesk import passphrase
from chairdesk.board import NEUTRAL_TITLE
from chairdesk.gui.app import App
from chairdesk.gui.lock import LOCKED_TITLE, WRONG, PassphraseDialog
from chairdesk.storage import Store

IDLE_MS = 1000


def type_and_enter(qtbot: Any, box: Any, text: str) -> None:
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def unlock_with(app: App, qtbot: Any, text: str) -> None:
    """Type ``text`` in the lock screen's box and Enter, and wait for its check (made off the GUI thread)."""
    type_and_enter(qtbot, app.lock.cover.passphrase, text)
    qtbot.waitUntil(lambda: not app.lock.work.busy, timeout=20_000)


def wait_until_locked(app: App, qtbot: Any) -> None:
    app.lock.set_idle_ms(IDLE_MS)
    qtbot.waitUntil(lambda: app.lock.is_locked, timeout=20_000)


def test_left_idle_the_board_blanks_first_then_only_the_passphrase_unlocks_the_console(app: App, qtbot: Any) -> None:
    console, board = app.console, app.board
    worries = go_to_views(app, qtbot)
    qtbot.keyClicks(worries.entry, "Half a sentence")
    assert "Half a sentence" in board.visible_text()  # the room sees it being typed, until the lock
    blanked: list[tuple[bool, bool]] = []
    app.controller.blank_changed.connect(lambda blank: blanked.append((blank, app.lock.is_locked)))

    wait_until_locked(app, qtbot)

    assert blanked == [(True, False)]  # the board went blank before the lock screen was shown
    assert board.visible_text() == NEUTRAL_TITLE and console.blank_banner.isVisible()
    cover = app.lock.cover
    assert cover is not None and cover.isVisible()
    qtbot.waitUntil(cover.isActiveWindow)
    on_screen = console.geometry().intersected(console.screen().geometry())
    assert cover.geometry().contains(on_screen)  # all of the console that can be seen is covered
    said = " ".join(label.text() for label in cover.findChildren(QLabel)) + cover.windowTitle()
    assert "Harper" not in said and "passphrase" in said
    titles = [w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert not any("Harper" in title for title in titles) and console.windowTitle() == LOCKED_TITLE
    box = cover.passphrase
    assert box.hasFocus()

    # Nothing acts on the conference while it is locked: not F8 (which would show the board), not a shortcut.
    for key, modifier in (
        (Qt.Key.Key_F8, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier),
    ):
        for where in (box, console, board):
            qtbot.keyClick(where, key, modifier)  # once each: a key that got through would show the board
            assert app.controller.blank and board.visible_text() == NEUTRAL_TITLE, (key, where)
    qtbot.keyClick(box, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)  # Close this conference
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the meeting's undo
    qtbot.keyClicks(worries.entry, " typed at the locked console")
    assert app.controller.blank and board.visible_text() == NEUTRAL_TITLE
    assert app.is_open and app.lock.is_locked and worries.entry.text() == "Half a sentence"

    unlock_with(app, qtbot, "not the passphrase")
    assert app.lock.is_locked and cover.wrong.text() == WRONG and box.text() == ""
    assert app.controller.blank and app.is_open

    unlock_with(app, qtbot, TEST_PASSPHRASE)
    assert not app.lock.is_locked and not cover.isVisible()
    # Back where the chair was: the same stage, the same box with what was in it, the titles; the board stays blank
    # until the chair shows it.
    assert app.controller.meeting.stage.key == "views"
    qtbot.waitUntil(worries.entry.hasFocus)  # the console is made the active window again, then the box has it
    assert console.windowTitle() == "ChairDesk: the Harper family conference"
    assert app.controller.blank and board.visible_text() == NEUTRAL_TITLE
    qtbot.keyClicks(worries.entry, " and the rest")
    qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
    assert app.controller.conference.worries[-1].text == "Half a sentence and the rest"
    qtbot.keyClick(console, Qt.Key.Key_F8)
    assert "Half a sentence and the rest" in board.visible_text()


def test_keys_and_the_mouse_keep_it_unlocked_and_it_locks_again_after_unlocking(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    app.lock.set_idle_ms(IDLE_MS)
    for character in "typing on":  # a key every 0.3 s for 2.7 s: never a second without one
        qtbot.keyClicks(worries.entry, character)
        qtbot.wait(300)
        assert not app.lock.is_locked
    for step in range(9):  # the mouse moving over the console for 2.7 s
        qtbot.mouseMove(app.console, QPoint(200 + 10 * step, 200))
        qtbot.wait(300)
        assert not app.lock.is_locked
    qtbot.waitUntil(lambda: app.lock.is_locked, timeout=20_000)
    unlock_with(app, qtbot, TEST_PASSPHRASE)
    assert not app.lock.is_locked
    app.controller.set_blank(False)
    qtbot.waitUntil(lambda: app.lock.is_locked, timeout=20_000)  # idle again: locked again, the board blank
    assert app.controller.blank


def test_the_recording_and_what_was_saved_carry_on_while_locked(
    make_app: Any, qtbot: Any, db_path: Path, mic: VirtualMic
) -> None:
    app = make_app()
    panel = app.console.recording
    assert panel.start()
    qtbot.waitUntil(lambda: panel.recorder is not None and panel.recorder.state == "recording", timeout=20_000)
    worries = go_to_views(app, qtbot)
    type_and_enter(qtbot, worries.entry, "Saved before the lock")
    assert app.controller.writer.flush()

    wait_until_locked(app, qtbot)
    locked_at = panel.recorder.elapsed
    unlock_with(app, qtbot, "wrong again")  # a wrong passphrase stops nothing
    qtbot.waitUntil(lambda: panel.recorder.elapsed > locked_at + 2, timeout=20_000)
    assert app.lock.is_locked and panel.recorder.state == "recording"
    with Store(db_path) as store:
        assert store.load(app.controller.conference.id or "").worries[-1].text == "Saved before the lock"

    unlock_with(app, qtbot, TEST_PASSPHRASE)
    assert not app.lock.is_locked and panel.recorder.state == "recording" and panel.recorder.elapsed > locked_at + 2


def test_the_first_time_the_home_opens_the_chair_chooses_a_passphrase_typed_twice(
    qtbot: Any, db_path: Path, tmp_path: Path
) -> None:
    passphrase.remove()
    chosen = "Tea at four, not five"
    with running_home(qtbot, db_path) as app:
        dialog = app.lock.dialog
        assert isinstance(dialog, PassphraseDialog) and dialog.isVisible() and not app.lock.watching
        for first, second, problem in (
            ("short", "short", "at least 8 characters"),
            ("        x       ", "        x       ", "at least 8 characters"),
            (chosen, chosen.replace("five", "six"), "not the same"),
        ):
            dialog.first.clear()
            dialog.second.clear()
            qtbot.keyClicks(dialog.first, first)
            qtbot.keyClick(dialog.first, Qt.Key.Key_Return)  # on to the second box
            qtbot.waitUntil(dialog.second.hasFocus)
            type_and_enter(qtbot, dialog.second, second)
            qtbot.waitUntil(lambda: not dialog.work.busy, timeout=20_000)  # kept (or refused) off the GUI thread
            assert dialog.isVisible() and problem in dialog.problem.text()
            assert not passphrase.is_set()
        dialog.first.clear()
        qtbot.keyClicks(dialog.first, chosen)
        type_and_enter(qtbot, dialog.second, chosen)
        qtbot.waitUntil(lambda: not dialog.work.busy, timeout=20_000)
        assert not dialog.isVisible() and app.lock.dialog is None and app.lock.watching
        assert app.home.isVisible()

    kept = keyring.get_password("ChairDesk", passphrase.account())
    assert kept is not None and kept.startswith("scrypt$") and chosen not in kept
    passphrase.remove()  # forgotten in memory too: read again from the credential store
    passphrase.keep(kept)
    assert passphrase.check(chosen) and not passphrase.check(chosen.lower())
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and not any(chosen.encode("utf-8") in p.read_bytes() for p in written)  # never on disk


def test_choosing_quit_instead_of_a_passphrase_closes_chairdesk(
    qtbot: Any, db_path: Path, demo_data: dict[str, Any]
) -> None:
    passphrase.remove()
    app = open_console(qtbot, db_path, demo_data)
    closing: list[bool] = []
    app.home.closing.connect(lambda: closing.append(True))
    dialog = app.lock.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert not app.is_open and not app.console.isVisible() and not app.board.isVisible() and closing == [True]
    assert not passphrase.is_set()


def test_the_idle_time_is_a_setting_of_ten_minutes_by_default(app: App, monkeypatch: Any) -> None:
    assert app.lock.timer.interval() == 10 * 60_000 and app.lock.timer.isActive()
    for said, minutes in (("3", 3), ("2.5", 2.5), ("0", 10), ("600", 10), ("soon", 10), ("", 10)):
        monkeypatch.setenv(passphrase.IDLE_SETTING, said)
        assert passphrase.idle_minutes() == minutes


DEMO_PICTURES = """
import sys
from chairdesk import passphrase
from chairdesk.cli import main
code = main(["demo", "--screenshot", sys.argv[1]])
print(passphrase.is_set())
sys.exit(code)
"""


def test_the_demos_pictures_on_a_machine_with_no_screen_never_ask_for_a_passphrase(tmp_path: Path) -> None:
    """``bash scripts/demo.sh`` with no screen saves pictures and exits: nobody is there to answer a dialog."""
    passphrase.remove()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", DEMO_PICTURES, str(tmp_path / "pictures")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"  # never asked, so none was chosen
    assert (tmp_path / "pictures" / "console.png").stat().st_size > 0


ON_TWO_SCREENS = """
import json, sys
from PySide6.QtWidgets import QApplication
from chairdesk.gui.app import App
qt = QApplication([])
app = App(sys.argv[1])
app.show()
app.controller.set_blank(False)
qt.processEvents()
app.lock.lock()
qt.processEvents()
cover = app.lock.cover
print(json.dumps([app.board.screen().name(), app.board.visible_text(), cover.screen().name(),
                  cover.geometry().intersects(app.board.geometry()), cover.isVisible()]))
app.controller.close()
"""


def test_with_a_projector_the_lock_screen_is_on_the_laptop_and_the_board_blank(
    tmp_path: Path, db_path: Path, demo_data: dict[str, Any]
) -> None:
    from two_screens import seen_on_screens

    from chairdesk import conference_file

    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data))
    assert seen_on_screens(ON_TWO_SCREENS, tmp_path, str(db_path)) == [
        "PROJECTOR",
        NEUTRAL_TITLE,
        "LAPTOP",
        False,
        True,
    ]


def test_a_message_opened_while_locked_never_takes_the_keys_from_the_lock_screen(app: App, qtbot: Any) -> None:
    """A modal message shown while locked (a failed export, an unexpected error) took every key from the lock
    screen, and the chair could not unlock without killing ChairDesk (a review found it). A fresh lock screen now
    goes over it: it is the window that takes the keys (Qt gives them to the newest modal window only), the message
    is still there, unanswered, once unlocked, and nothing of it shows while locked."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    wait_until_locked(app, qtbot)
    first = app.lock.cover
    answered: list[int] = []
    # Shown as QMessageBox.warning shows it (application-modal), without its own event loop, so the test goes on.
    box = QMessageBox(QMessageBox.Icon.Warning, "Not exported", "The Harper export failed.", parent=app.console)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.finished.connect(answered.append)
    QTimer.singleShot(0, box.show)
    qtbot.waitUntil(lambda: box.isVisible() and app.lock.cover is not first)
    assert QApplication.activeModalWidget() is app.lock.cover and app.lock.is_locked and not answered
    assert app.lock.cover.passphrase.hasFocus() and not (shiboken6.isValid(first) and first.isVisible())
    unlock_with(app, qtbot, TEST_PASSPHRASE)
    assert not app.lock.is_locked and box.isVisible() and not answered  # the message waits for the chair
    assert QApplication.activeModalWidget() is box
    box.accept()
    assert answered


def test_a_lock_screen_minimised_by_the_window_manager_covers_again(app: App, qtbot: Any) -> None:
    wait_until_locked(app, qtbot)
    cover = app.lock.cover
    cover.showMinimized()  # as Super+H or Win+D would
    qtbot.waitUntil(lambda: not cover.isMinimized() and cover.isVisible())
    assert app.lock.is_locked and cover.isFullScreen()


ON_THREE_SCREENS = """
import json, sys
from PySide6.QtWidgets import QApplication, QLabel
from chairdesk.gui.app import App
qt = QApplication([])
app = App(sys.argv[1])
app.show()
qt.processEvents()
monitor = next(s for s in qt.screens() if s.name() != "LAPTOP" and s is not app.board.screen())  # the other one
elsewhere = QLabel("The Harper family: Mia, Kerry and Dean")  # a window of ChairDesk's dragged to another monitor
elsewhere.setScreen(monitor)
elsewhere.setGeometry(monitor.geometry().adjusted(100, 100, -100, -100))
elsewhere.show()
qt.processEvents()
app.lock.lock()
qt.processEvents()
covers = [w for w in (app.lock.cover, *app.lock.others) if w.isVisible()]
hides = lambda w: w.screen() is not monitor or w.geometry().contains(elsewhere.geometry())
seen = {"board's" if w.screen() is app.board.screen() else w.screen().name(): hides(w) for w in covers}
# The other monitor unplugged while locked: its cover goes (the system would move it over the lock screen); plugged
# back: covered again at once.
app.lock.screen_removed(monitor)
qt.processEvents()
unplugged = [w.screen() is monitor for w in app.lock.others]
app.lock.screen_added(monitor)
qt.processEvents()
plugged = [w.screen() is monitor and w.isVisible() for w in app.lock.others]
app.lock._checked(True)  # as if the passphrase was right
qt.processEvents()
print(json.dumps([sorted(seen), all(seen.values()), monitor.name() in seen, app.board.visible_text(),
                  [w.isVisible() for w in app.lock.others], unplugged, plugged]))
app.controller.close()
"""


def test_locked_every_other_screen_is_covered_and_the_projector_left_to_the_blank_board(
    tmp_path: Path, db_path: Path, demo_data: dict[str, Any]
) -> None:
    """A window of ChairDesk's on another monitor (the preparation window, say) stayed readable while locked, as
    only the laptop's screen was covered (a review found it). Every screen but the projector's is covered now; the
    projector keeps showing the blank board (nothing new appears there for the room)."""
    from two_screens import TWO_SCREENS, seen_on_screens

    from chairdesk import conference_file

    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data))
    monitor = TWO_SCREENS["screens"][1] | {"name": "MONITOR", "x": 2390, "width": 1920, "height": 1080}
    layout = {"screens": [*TWO_SCREENS["screens"], monitor]}
    covered, hidden, other_covered, board, after, unplugged, plugged = seen_on_screens(
        ON_THREE_SCREENS, tmp_path, str(db_path), layout=layout
    )
    assert unplugged == [] and plugged == [True]  # a monitor unplugged and plugged back while locked
    assert len(covered) == 2 and "LAPTOP" in covered and "board's" not in covered  # the laptop and the other
    assert hidden and other_covered and board == NEUTRAL_TITLE
    assert after == []  # uncovered once unlocked
