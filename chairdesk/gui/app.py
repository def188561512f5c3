"""Starting the windows: the exception hook and log first, then the conference, the console and the board.

Before any console: one ChairDesk per database (a second start brings the first to the front, gui.single), and
a database or conference that cannot be used is said in a window with what to do, offering the last good
backup (gui.startup_error). Once the conference has opened well, a backup of the database is taken on the
writer thread. The log holds what happened and where, never a conference's words.

The console first (``run``): what the chair sees is drawn before anything that can wait. The conference is read
without its check against the conference format; the console is built with the page of the stage the meeting is
at (the others when first shown) and drawn; the board is made blank. Then, once the console has been painted, the
writer thread checks the conference as opening always did (``Store.load``): one that fails is refused in the same
window and words, its console closed, before the chair can have typed into it (a human needs longer than the
check), and nothing of it is saved meanwhile: the meeting refuses any edit that would leave it invalid. The home
is made when first shown.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import logging.handlers
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from chairdesk import backups, log_privacy, paths, storage
from chairdesk.errors import ChairDeskError, for_the_log
from chairdesk.gui import startup_error
from chairdesk.gui.board_window import BoardWindow, KeepDialogsOffTheProjector
from chairdesk.gui.console_window import ConsoleWindow
from chairdesk.gui.controller import STAGE_DRAFT, MeetingController
from chairdesk.gui.kept_form import FORM_DRAFT
from chairdesk.gui.kept_text import box_of_draft
from chairdesk.gui.lock import IdleLock
from chairdesk.gui.single import LISTEN_AFTER_MS, SingleInstance
from chairdesk.storage import ConferenceStore, open_store

if TYPE_CHECKING:
    from chairdesk.gui.home_window import HomeWindow

log = logging.getLogger("chairdesk")


def _start_log() -> Path | None:
    """Log to a rotating file in the platform's log folder; None if that folder cannot be written."""
    folder = paths.log_dir()
    try:
        paths.private_folder(folder)
        handler = logging.handlers.RotatingFileHandler(folder / "chairdesk.log", maxBytes=2_000_000, backupCount=3)
        paths.tighten(folder)  # the log (and its older files) the user's alone, whatever the umask was
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(log_privacy.keep_names_out)  # the safety net: no name of the open conference in the log
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    return folder / "chairdesk.log"


_running: App | None = None  # the app run() opened, for the exception hook's sentence


def what_happened(error: BaseException, app: App | None) -> str:
    """The exception hook's sentence: what went wrong, and only what is true about the chair's work."""
    sentence = str(error) if isinstance(error, ChairDeskError) else "Something went wrong in ChairDesk."
    if app is None or not app.is_open:
        return f"{sentence} No conference was open, so nothing was changed."
    writer = app.controller.writer
    if writer.failing is None and writer.flush(timeout=2.0):
        return f"{sentence} Your work so far is saved."
    failing = writer.failing
    why = f" ({failing})" if failing else ""
    return f"{sentence} Your latest changes are NOT saved yet{why}; do not close ChairDesk until they are."


def _install_exception_hook(log_file: Path | None) -> None:
    """An unexpected error is logged (what and where, never its words) and shown as one plain sentence; the
    meeting carries on."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.error("unexpected error: %s", for_the_log(error.with_traceback(trace)))
        if QApplication.instance() is None:
            return
        where = f" The details are in {log_file}." if log_file else ""
        # Over the console, never on the projector: a message with no window of its own opens where Qt likes.
        QMessageBox.warning(_console_or_none(), "ChairDesk", f"{what_happened(error, _running)}{where}")

    sys.excepthook = hook


def _console_or_none() -> QWidget | None:
    if _running is None:
        return None
    return _running.console if _running.is_open else _running.home


class _Refusal(QObject):
    """Brings the writer thread's refusal of the conference to the GUI thread."""

    said = Signal(object)  # the ChairDeskError


class _AfterFirstPaint(QObject):
    """Calls ``then`` once, when ``window`` (or a part of it) has first been painted."""

    def __init__(self, window: QWidget, then: Callable[[], object]) -> None:
        super().__init__(window)
        self.window, self.then = window, then
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.window() is self.window:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            QTimer.singleShot(0, self.then)  # after this paint is done
        return False


def _check_conference(conference_id: str, refusal: _Refusal, store: ConferenceStore) -> None:
    """On the writer thread, once the console is drawn: the check opening a conference always made (the conference
    format, ids and times in order), before anything else the writer does. Refused: said to the GUI thread (and no
    backup taken of what cannot be read); passed: the backup is taken."""
    try:
        store.load(conference_id)
    except ChairDeskError as error:
        refusal.said.emit(error)
        return
    _keep_backup(store)


def _keep_backup(store: ConferenceStore) -> None:
    """Runs on the writer thread once the conference has opened well. A backup that cannot be made is logged,
    never shown as a failed save: the chair's work is saved either way."""
    try:
        store.keep_backup()
    except (OSError, storage.Error) as error:
        log.warning("no backup of the database was taken: %s", for_the_log(error))


_fonts_added = False


def _add_shipped_fonts() -> None:
    """The fonts in resources/fonts (Noto Emoji, DejaVu Sans) join the fonts Qt falls back on, so an emoji or a
    letter the system's fonts lack is drawn on the board and in the console, not a box: the same on every machine,
    as the documents' chart draws with them. Once per process (a few milliseconds)."""
    global _fonts_added
    if _fonts_added:
        return
    _fonts_added = True
    from PySide6.QtGui import QFontDatabase

    for name in ("NotoEmoji-Regular.ttf", "DejaVuSans.ttf"):
        font = paths.resource(f"fonts/{name}")
        if font.is_file():
            QFontDatabase.addApplicationFont(str(font))  # Qt reads it (no copy through Python)


class App:
    """The running app: the home, and at most one open conference with its controller, console and board.

    ``console``, ``controller`` and ``board`` are the conference opened last (still there, closed, once its
    console has closed, until another is opened). Opening another conference closes the open one first (its
    writer flushed and closed, its console and board closed): one family's board never shows for another, and
    the new one's board starts blank. Closing the console returns to the home; closing the home quits.
    """

    def __init__(
        self, db_path: Path, conference_id: str | None = None, home: bool = False, check_later: bool = False
    ) -> None:
        """Open ``conference_id`` (by default the one last worked on), or only the home when ``home``. Raises
        ChairDeskError when the database or the conference cannot be opened. ``check_later``: the conference is
        checked against the conference format once its console has been painted, and a refusal goes to
        ``on_refused`` (see the module's description); otherwise before the console is made."""
        self.db_path = db_path
        self.check_later = check_later
        _add_shipped_fonts()
        # A conference refused by the check after its console was drawn (its console is closed first).
        self.on_refused: Callable[[ChairDeskError], object] = self._refused
        self.on_home_closing: Callable[[], object] = lambda: None  # run(): ChairDesk ends with the home
        self._refusal: _Refusal | None = None
        self.controller: MeetingController = None  # type: ignore[assignment]  (set when a conference opens)
        self.console: ConsoleWindow = None  # type: ignore[assignment]
        self.board: BoardWindow = None  # type: ignore[assignment]
        self.keep_off_projector: KeepDialogsOffTheProjector | None = None
        self.welcome = ""
        self.is_open = False  # a conference's console is open
        self.quit_when_home_closes = False  # run() sets it: closing the home ends ChairDesk
        self.on_front_changed: Callable[[QWidget], object] = lambda _window: None  # the single-instance guard's
        self._switching = False
        self._home: HomeWindow | None = None
        # Idle for a while: the board blanks and a lock screen asks for the chair's passphrase (gui.lock).
        self.lock = IdleLock(self._front, self._blank_board, self._refused_passphrase, board_screen=self._board_screen)
        if home:
            self.home.refresh()  # a database that cannot be used is said now, as opening a conference would
        else:
            self._open(conference_id)

    @property
    def home(self) -> HomeWindow:
        """The home (made the first time it is wanted: a start on a conference draws its console first)."""
        if self._home is None:
            from chairdesk.gui.home_window import HomeWindow

            home = self._home = HomeWindow(self.db_path)
            home.open_requested.connect(self.open_conference)
            home.prepare_requested.connect(self.prepare)
            home.outputs_requested.connect(self.outputs)
            home.back_requested.connect(self.back_to_console)
            home.closing.connect(self.lock.stop)
            home.closing.connect(lambda: self.on_home_closing())
            home.may_close = self._home_may_close
            home.flush_open = lambda: self.controller.writer.flush() if self.is_open else None
            if self.is_open:
                self.console.keys_elsewhere(home)  # the console's keys do nothing to this conference from the home
                home.set_open_conference(self.controller.conference.id or "", self.controller.conference.family.name)
        return self._home

    def _open(self, conference_id: str | None) -> None:
        db_path = self.db_path
        with open_store(db_path) as store:
            ident = conference_id or store.last_conference_id()
            if ident is None:
                raise ChairDeskError(
                    "there is no conference to open yet: start 'chairdesk' alone for the home, where New conference "
                    "makes one, or load the demo with 'chairdesk demo', or add one with 'chairdesk import FILE'"
                )
            conference, version = store.read(ident, check=not self.check_later)
            drafts = store.drafts(ident)
            last = store.last_change(ident)
        self.controller = MeetingController(conference, db_path)
        controller = self.controller
        log_privacy.keep_names_out.watch(lambda: controller.conference)  # the last opened, until another is
        if drafts.get(STAGE_DRAFT):
            # Where the meeting was when ChairDesk closed or stopped (a stage this version lacks: the start).
            with contextlib.suppress(ChairDeskError):
                self.controller.meeting.go_to_stage(drafts[STAGE_DRAFT])
        # Before any edit: the writer saves only over the version read here (another copy may change it).
        self.controller.writer.expect_version(ident, version)
        if not self.check_later:
            self.controller.writer.call(_keep_backup)
        self.controller.last_saved = last[11:19] if last else ""  # nothing new to save until the first edit
        self.board = BoardWindow(self.controller)  # blank until the chair shows it (the controller starts blank)
        self.console = ConsoleWindow(self.controller, self.board, look_for_microphones=False)
        console = self.console
        self.board.said.connect(lambda sentence: console.statusBar().showMessage(sentence, 30000))
        self.keep_off_projector = KeepDialogsOffTheProjector(self.board, self.console)
        console.home_requested.connect(self.show_home)
        console.closed.connect(lambda: self._console_closed(console))
        self.is_open = True
        if self._home is not None:
            console.keys_elsewhere(self._home)  # the console's keys do nothing to this conference from the home
            self._home.set_open_conference(ident, conference.family.name)
        if self.check_later:
            refusal = self._refusal = _Refusal(console)
            refusal.said.connect(lambda error: self._check_failed(console, error))
            check = functools.partial(_check_conference, ident, refusal)
            _AfterFirstPaint(console, lambda: self.controller.writer.call(check))
        restored = self._restore_drafts(drafts)
        last = last.replace("T", " at ") if last else ""
        # "Where you left it" only once the meeting has been at a stage in the console (a conference just made or
        # imported is opened, not reopened).
        opened = "Reopened" if drafts.get(STAGE_DRAFT) else "Opened"
        where = " where you left it" if drafts.get(STAGE_DRAFT) else ""
        self.welcome = (
            f"{opened} the {conference.family.name} family conference{where}"
            f"{' (last change saved ' + last + ')' if last else ''}"
            f"{'; what you were typing is back in its box (' + '; '.join(restored) + ')' if restored else ''}."
        )
        if any(key.startswith(FORM_DRAFT) and stored for key, stored in drafts.items()):
            self.welcome += " What you typed in the preparation window and had not saved is kept: Prepare to finish it."

    def _restore_drafts(self, drafts: dict[str, str]) -> list[str]:
        """Put back what was being typed in each entry box, with its marks; the boxes it was put back in (only
        those holding typing the meeting did not have)."""
        restored = []
        boxes = self.controller.kept_texts
        elsewhere = ("@", FORM_DRAFT)  # the meeting's stage, the preparation window's forms
        if any(text and box_of_draft(k) not in boxes and not k.startswith(elsewhere) for k, text in drafts.items()):
            self.console.build_every_page()  # typing kept in a box on a page not built yet: its page is built now
        for key, stored in drafts.items():
            kept = self.controller.kept_texts.get(box_of_draft(key))  # an earlier version's name: its box now
            if kept is not None and stored and kept.restore(stored, key):
                restored.append(kept.editor.accessibleName() or key)
        return restored

    def show(self) -> None:
        """Show the open conference's console and board, or the home when none is open."""
        if not self.is_open:
            self.show_home()
            return
        if self._home is not None:
            self._home.hide()
        primary = QGuiApplication.primaryScreen()
        if primary is not None:
            self.console.setGeometry(primary.availableGeometry())  # the laptop's whole screen
        self.console.show()
        self.board.place()
        self.console.raise_()
        self.console.activateWindow()
        self.console.statusBar().showMessage(self.welcome, 15000)
        # After a crash, what came back of the recording is said with what came back of the typing (the panel
        # then asks whether to start recording again).
        self.console.recording.recording_recovered.connect(
            lambda sentence: self.console.statusBar().showMessage(f"{self.welcome} {sentence}", 30000)
        )
        # The microphones and interrupted recordings are looked for (PortAudio started, the recording modules
        # imported) once the console has been drawn.
        recording = self.console.recording
        _AfterFirstPaint(self.console, lambda: (recording.drawn(), recording.recover_interrupted()))
        self.on_front_changed(self.console)
        self.lock.begin(self.console)

    # -- the home and switching ------------------------------------------------------------------------------

    def show_home(self) -> None:
        """The home on the laptop's screen, in front (never on the projector: KeepDialogsOffTheProjector)."""
        try:
            self.home.refresh()
        except ChairDeskError as error:
            self.home.statusBar().showMessage(str(error), 30000)
        primary = QGuiApplication.primaryScreen()
        if primary is not None and not self.home.isVisible():
            self.home.setScreen(primary)
            self.home.setGeometry(primary.availableGeometry())
        self.home.show()
        self.home.raise_()
        self.home.activateWindow()
        self.on_front_changed(self.home)
        self.lock.begin(self.home)

    def back_to_console(self) -> None:
        if self.is_open:
            if self._home is not None:
                self._home.hide()
            self.console.raise_()
            self.console.activateWindow()
            self.on_front_changed(self.console)

    def open_conference(self, conference_id: str) -> bool:
        """Open ``conference_id``, closing the open conference first (its changes saved, its board closed); the
        new board starts blank. False, and the home stays, when the open one could not be closed or the new one
        cannot be opened (said in words)."""
        if self.is_open:
            if self.controller.conference.id == conference_id:
                self.back_to_console()
                return True
            if not self.close_conference():
                return False
        try:
            self._open(conference_id)
        except ChairDeskError as error:
            self.show_home()
            self.home.warn("Cannot open the conference", str(error))
            return False
        self.show()
        return True

    def prepare(self, conference_id: str) -> None:
        """The preparation window of the open conference, over its console (a conference just made)."""
        if self.is_open and self.controller.conference.id == conference_id:
            from chairdesk.gui.preparation_window import open_preparation

            open_preparation(self.console)

    def outputs(self, conference_id: str) -> None:
        """The outputs and sending of ``conference_id`` (from the home): the conference is opened (closing the open
        one, as Open does) and its outputs window shown over its console."""
        if self.open_conference(conference_id) and self.is_open:
            self.console.open_outputs()

    def close_conference(self) -> bool:
        """Close the open conference's console (which saves, stops the recording and closes the board); False
        when the chair chose to keep it open."""
        if not self.is_open:
            return True
        self._switching = True
        try:
            closed = self.console.close()
        finally:
            self._switching = False
        return closed

    def _console_closed(self, console: ConsoleWindow) -> None:
        if console is not self.console:
            return
        self.is_open = False
        self.keep_off_projector = None
        if self._home is not None:
            self._home.set_open_conference(None, "")
        if self._switching:
            return
        if console.quitting:
            self.home.close()
        else:
            self.show_home()  # closing the console returns to the home

    def _home_may_close(self) -> bool:
        return self.close_conference()

    # -- the idle lock ---------------------------------------------------------------------------------------

    def _front(self) -> QWidget:
        return self.console if self.is_open and self.console.isVisible() else self.home

    def _board_screen(self) -> QScreen | None:
        """The projector's screen while the board is on one of its own (the idle lock leaves it to the blank board)."""
        if not self.is_open or not self.board.isVisible():
            return None
        screen = self.board.screen()
        return screen if screen is not None and screen is not self.console.screen() else None

    def _blank_board(self) -> None:
        if self.is_open:
            self.controller.set_blank(True)

    def _refused_passphrase(self) -> None:
        """The chair chose Quit rather than a passphrase: ChairDesk closes (a console that cannot lock is not
        left open)."""
        if self.is_open:
            self.console.quitting = True  # closing the console then closes the home, and ChairDesk
            if not self.console.close():
                self.console.quitting = False
            return
        self.home.close()

    def _check_failed(self, console: ConsoleWindow, error: ChairDeskError) -> None:
        if console is not self.console or not self.is_open:
            return  # closed already (or another conference opened since)
        log.warning("ChairDesk could not open: %s", getattr(error, "kind", type(error).__name__))
        self._switching = True  # closed for the refusal, which says what comes next
        try:
            console.close()
        finally:
            self._switching = False
        self.on_refused(error)

    def _refused(self, error: ChairDeskError) -> None:
        self.show_home()
        self.home.warn("Cannot open the conference", str(error))


Ask = Callable[[ChairDeskError, Path, "Path | None"], bool]


def open_app(
    db_path: Path,
    conference_id: str | None = None,
    ask: Ask | None = startup_error.ask,
    home: bool = False,
    check_later: bool = False,
) -> tuple[App | None, ChairDeskError | None]:
    """Open the conference (only the home when ``home``); when it cannot be, ``ask`` (the start-up dialog; None
    for no window) says why and what to do, offering the last good backup where one would help. Returns the app,
    or None and the reason. ``check_later``: see App."""
    tried: list[Path] = []
    while True:
        try:
            return App(db_path, conference_id, home=home, check_later=check_later), None
        except ChairDeskError as error:
            problem = error
        except Exception as error:  # a fault in ChairDesk itself: said in a window all the same
            log.error("the conference could not be opened: %s", for_the_log(error))
            problem = ChairDeskError(
                f"ChairDesk could not open the conference because of an unexpected problem "
                f"({type(error).__name__}). Nothing has been changed. Start ChairDesk again; if it happens again, "
                "give the log to whoever supports ChairDesk."
            )
        log.warning("ChairDesk could not open: %s", getattr(problem, "kind", type(problem).__name__))
        if ask is None or not _restored_a_backup(problem, db_path, ask, tried):
            return None, problem


def _restored_a_backup(problem: ChairDeskError, db_path: Path, ask: Ask, tried: list[Path]) -> bool:
    """Say ``problem`` with ``ask``, offering the newest backup not ``tried`` that opens cleanly where one would help;
    True when the chair chose it and it is now in place (open again), False to give up."""
    backup = None
    if startup_error.backup_helps(problem):
        backup = next((b for b in backups.candidates(db_path) if b not in tried and backups.opens_cleanly(b)), None)
    if not ask(problem, db_path, backup) or backup is None:
        return False
    tried.append(backup)
    try:
        aside = backups.restore(db_path, backup)
    except ChairDeskError as error:
        ask(error, db_path, None)
        return False
    log.warning("a backup was restored; the database that was there is kept as %s", aside)
    return True


def run(
    db_path: Path,
    conference_id: str | None = None,
    screenshot_dir: Path | None = None,
    home: bool = False,
    shown: Callable[[App], object] | None = None,
) -> int:
    """Open the console and the board on a conference, or the home when ``home``; returns the exit code. Closing
    the home ends ChairDesk. ``shown`` is called once the windows have been shown, before the event loop runs (the
    start-up benchmark measures from the process's start to a key delivered after this)."""
    global _running
    paths.owner_only()  # every file and folder the app writes is the user's alone, however it was started
    log_file = _start_log()
    _install_exception_hook(log_file)
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName("ChairDesk")
    qt_app.setApplicationDisplayName("ChairDesk")
    guard = SingleInstance(db_path)
    first = guard.claim()
    if not first and guard.ask_first_to_raise():
        print(f"ChairDesk is already open on {db_path}: brought it to the front.", flush=True)
        return 0
    if not first and not guard.claim():  # (the first closed while this start waited for it: this one is first now)
        sentence = (
            f"ChairDesk is already open on {db_path} but did not answer. Look for its window; if it is not "
            "there, wait a minute and start ChairDesk again."
        )
        print(f"error: {sentence}", file=sys.stderr)
        if screenshot_dir is None:
            startup_error.tell("ChairDesk is already open", sentence)
        return 2
    # Later starts are answered from a second from now: after the first window is drawn, and whatever window it is.
    QTimer.singleShot(LISTEN_AFTER_MS, guard.listen)
    try:
        ask = None if screenshot_dir else startup_error.ask
        app, problem = open_app(db_path, conference_id, ask=ask, home=home, check_later=True)
        if app is None:
            print(f"error: {problem}", file=sys.stderr)
            return 2
        _running = app
        # The home stays while consoles come and go: ChairDesk ends when the home closes, not with the last window.
        qt_app.setQuitOnLastWindowClosed(False)
        app.on_home_closing = qt_app.quit
        app.on_front_changed = guard.attach
        # The pictures on a machine with no screen: nobody is there to choose a passphrase, nor to be away.
        app.lock.enabled = screenshot_dir is None
        tried: list[Path] = []

        def refused(error: ChairDeskError) -> None:
            """The conference failed its check once its console was drawn: the same window as before any console."""
            restored = ask is not None and _restored_a_backup(error, db_path, ask, tried)
            if restored and app.open_conference(app.controller.conference.id or ""):
                return
            print(f"error: {error}", file=sys.stderr)
            qt_app.exit(2)

        app.on_refused = refused
        app.show()
        if shown is not None:
            shown(app)
        if screenshot_dir is not None:
            QTimer.singleShot(1500, lambda: _screenshots(app, screenshot_dir, qt_app))
        return qt_app.exec()
    finally:
        guard.release()


def _screenshots(app: App, folder: Path, qt_app: QApplication) -> None:
    """Save pictures of the console and the board (of the home when no conference is open), then close (for
    machines with no screen, and the README)."""
    folder.mkdir(parents=True, exist_ok=True)
    if not app.is_open:
        app.home.grab().save(str(folder / "home.png"))
        print(f"A picture of the home is in {folder}", flush=True)
        app.home.close()
        qt_app.quit()
        return
    app.console.grab().save(str(folder / "console.png"))
    app.controller.set_blank(False)  # the board opens blank; the picture is of the conference on it
    QApplication.processEvents()
    app.board.grab().save(str(folder / "board.png"))
    print(f"Pictures of the console and the board are in {folder}", flush=True)
    app.console.quitting = True
    app.console.close()
    qt_app.quit()
