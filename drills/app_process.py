"""ChairDesk in a process of its own, for the drills that kill it or start it twice: ``typist`` opens the demo's
console, records, and types into the worries at a person's speed, saying on standard output each key it has sent
(one JSON line each); ``restart`` opens the app again after a kill and says what the chair saw.

    python drills/app_process.py typist DB SEED
    python drills/app_process.py restart DB
    python drills/app_process.py open DB     # as ``chairdesk open``: says what the chair saw, then closes
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from chairdesk.gui.app import App
from chairdesk.gui.items import ItemListEditor

# What the chair types: board items of ordinary length, Return after each.
SENTENCES = [
    "Mia said she feels safe at school",
    "Leo has missed nine days since September",
    "Kerry wants help with the rent arrears",
    "Ruby is not yet registered with a dentist",
    "The health visitor saw the baby's room",
    "Dean has not started the course",
]


def say(**what: object) -> None:
    print(json.dumps(what), flush=True)


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        QTest.qWait(50)
    return True


def worries(app: App) -> ItemListEditor:
    return next(e for e in app.console.findChildren(ItemListEditor) if e.list_name == "worries")


def typist(db: str, seed: int) -> None:
    QApplication([])
    app = App(db)
    app.console.open_outputs_folder = False
    app.show()
    app.controller.set_blank(False)
    panel = app.console.recording
    wait_until(panel.refresh_button.isEnabled, 60)
    app.controller.meeting.go_to_stage("views")
    entry = worries(app).entry
    entry.setFocus()
    QTest.keyClick(app.console, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # Record, as the chair does
    hearing = wait_until(lambda: panel.recorder is not None and panel.recorder.wait_until_recording(0), 60)
    say(event="recording" if hearing else "not-recording", at=time.monotonic())
    pace = random.Random(seed)
    stream = "\n".join(SENTENCES[(seed + n) % len(SENTENCES)] + f" {n}" for n in range(1000))
    for character in stream:
        # Said before it is typed: a kill between the key reaching the box (and the disk) and the line being said
        # would otherwise show text on disk that was "never typed".
        say(event="key", at=time.monotonic(), key=character)
        if character == "\n":
            QTest.keyClick(entry, Qt.Key.Key_Return)
        else:
            QTest.keyClicks(entry, character)
        QTest.qWait(pace.randint(150, 250) + (pace.randint(100, 400) if character == " " else 0))


def restart(db: str) -> None:
    """Open the app again; say what the chair saw: the welcome, the recording panel and any question asked."""
    QApplication([])
    asked: list[str] = []
    app = App(db)
    app.console.open_outputs_folder = False
    app.show()
    panel = app.console.recording

    def answer() -> bool:
        box = panel.question
        if isinstance(box, QMessageBox) and box.isVisible():
            asked.append(box.text())
            box.button(QMessageBox.StandardButton.No).click()
        return False

    QTest.qWait(500)
    wait_until(lambda: answer() or not panel.work.running("chairdesk-recover"), 120)
    QTest.qWait(300)
    answer()
    entry = worries(app).entry
    say(
        welcome=app.welcome,
        recovered=panel.recovered_sentence,
        asked=asked,
        status=panel.status.text().replace("\u200b", ""),
        entry=entry.text(),
    )
    panel.shut_down()
    app.controller.close()


def open_as_the_chair(db: str) -> None:
    """Start ChairDesk as its command does (chairdesk.gui.app.run: one copy per database, the start-up window when
    the database cannot be used); say each window's words, answer it Quit, and close the app once it is open."""
    from PySide6.QtCore import QTimer

    from chairdesk.gui import app as app_module
    from chairdesk.gui.startup_error import StartupErrorDialog

    qt = QApplication([])
    seen: list[str] = []

    def look() -> None:
        for window in QApplication.topLevelWidgets():
            if isinstance(window, (StartupErrorDialog, QMessageBox)) and window.isVisible():
                seen.append(f"{window.text()} {window.informativeText()}".strip())
                button = getattr(window, "quit_button", None) or window.buttons()[-1]
                button.click()
                return
        running = app_module._running
        if running is not None and running.console.isVisible():
            seen.append(f"opened: {running.welcome}")
            running.console.recording.shut_down()
            running.controller.close()
            qt.exit(0)

    timer = QTimer(interval=100, timeout=look)
    timer.start()
    code = app_module.run(Path(db))
    say(code=code, seen=seen)


if __name__ == "__main__":
    if sys.argv[1] == "typist":
        typist(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "open":
        open_as_the_chair(sys.argv[2])
    else:
        restart(sys.argv[2])
