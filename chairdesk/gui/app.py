"""Starting the windows: the exception hook and log first, then the conference, the console and the board."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from chairdesk import paths
from chairdesk.errors import ChairDeskError
from chairdesk.gui.board_window import BoardWindow
from chairdesk.gui.console_window import ConsoleWindow
from chairdesk.gui.controller import MeetingController
from chairdesk.storage import Store

log = logging.getLogger("chairdesk")


def _start_log() -> Path | None:
    """Log to a rotating file in the platform's log folder; None if that folder cannot be written."""
    folder = paths.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(folder / "chairdesk.log", maxBytes=2_000_000, backupCount=3)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    return folder / "chairdesk.log"


def _install_exception_hook(log_file: Path | None) -> None:
    """An unexpected error is logged in full and shown as one plain sentence; the meeting carries on."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, error, trace)))
        if QApplication.instance() is None:
            return
        where = f" The details are in {log_file}." if log_file else ""
        sentence = str(error) if isinstance(error, ChairDeskError) else "Something went wrong in ChairDesk."
        QMessageBox.warning(None, "ChairDesk", f"{sentence} Your work so far is saved.{where}")

    sys.excepthook = hook


class App:
    """The running app: one conference, its controller, the console and the board."""

    def __init__(self, db_path: Path, conference_id: str | None = None) -> None:
        self.db_path = db_path
        with Store(db_path) as store:
            ident = conference_id or store.last_conference_id()
            if ident is None:
                raise ChairDeskError(
                    "there is no conference to open yet: load the demo with 'chairdesk demo' or add one with "
                    "'chairdesk import FILE'"
                )
            conference = store.load(ident)
            drafts = store.drafts(ident)
            last = store.last_change(ident)
        self.controller = MeetingController(conference, db_path)
        self.controller.last_saved = last[11:19] if last else ""  # nothing new to save until the first edit
        self.board = BoardWindow(self.controller)
        self.console = ConsoleWindow(self.controller, self.board)
        restored = self._restore_drafts(drafts)
        last = last.replace("T", " at ") if last else ""
        self.welcome = (
            f"Reopened the {conference.family.name} family conference where you left it"
            f"{' (last change saved ' + last + ')' if last else ''}"
            f"{'; what you were typing is back in its box' if restored else ''}."
        )

    def _restore_drafts(self, drafts: dict[str, str]) -> bool:
        """Put back what was being typed in each entry box, with its marks; True if anything was."""
        restored = False
        for key, stored in drafts.items():
            kept = self.controller.kept_texts.get(key)
            if kept is not None and stored:
                kept.restore(stored)
                restored = True
        return restored

    def show(self) -> None:
        primary = QGuiApplication.primaryScreen()
        if primary is not None:
            self.console.setGeometry(primary.availableGeometry())  # the laptop's whole screen
        self.console.show()
        self.board.place()
        self.console.raise_()
        self.console.activateWindow()
        self.console.statusBar().showMessage(self.welcome, 15000)
        self.console.recording.recover_interrupted()


def run(db_path: Path, conference_id: str | None = None, screenshot_dir: Path | None = None) -> int:
    """Open the console and the board on a conference; returns the exit code."""
    log_file = _start_log()
    _install_exception_hook(log_file)
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName("ChairDesk")
    qt_app.setApplicationDisplayName("ChairDesk")
    app = App(db_path, conference_id)
    app.show()
    if screenshot_dir is not None:
        QTimer.singleShot(1500, lambda: _screenshots(app, screenshot_dir, qt_app))
    return qt_app.exec()


def _screenshots(app: App, folder: Path, qt_app: QApplication) -> None:
    """Save pictures of the console and the board, then close (for machines with no screen, and the README)."""
    folder.mkdir(parents=True, exist_ok=True)
    app.console.grab().save(str(folder / "console.png"))
    app.board.grab().save(str(folder / "board.png"))
    print(f"Pictures of the console and the board are in {folder}", flush=True)
    app.console.close()
    qt_app.quit()
