"""The idle lock: after a while with no key or mouse input in ChairDesk's windows, the board goes blank and the
console is covered by a lock screen that asks for the chair's passphrase (issue 12, "Data at rest").

- One filter on the application (:class:`IdleLock`) sees every key and mouse event in ChairDesk's windows and
  starts the idle clock again; when it runs out (10 minutes, :func:`chairdesk.passphrase.idle_minutes`) the board
  is blanked first, through the board's own blank state, and only then the lock screen is shown.
- The lock screen (:class:`LockScreen`) is a window of its own, full screen on the laptop's screen (where the
  console is, never the projector's) and modal over every other window, so it is in front even of a dialog the
  chair left open. It names no family, and every window's title is made neutral while it is up. While locked, no
  key or click reaches anything but the passphrase box: F8 cannot show the board again, no shortcut acts on the
  conference.
- Nothing stops while it is locked: the recording carries on, everything saved stays saved. Unlocking puts the
  chair back where they were (the window, the box, what was in it); the board stays blank until the chair shows it
  (F8), as the room may have moved on.
- A wrong passphrase is said in one plain line; there is no lock-out, and nothing else happens.
- The passphrase is chosen in :class:`PassphraseDialog` the first time the home or a console opens with none set
  (typed twice, at least 8 characters). It is kept only as a scrypt hash in the credential store
  (:mod:`chairdesk.passphrase`). Refusing to choose one closes ChairDesk: a console that cannot be locked is not
  opened.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chairdesk import passphrase
from chairdesk.gui.background import Background, Failure
from chairdesk.passphrase import PassphraseProblem

LOCKED_TITLE = "ChairDesk (locked)"
COVER = "chairdeskLockCover"  # the property every window of the lock's has (other filters leave them where they are)
WRONG = "That is not the passphrase. Type it again; nothing else has changed, and a recording carries on."
CHECKING = "Checking the passphrase…"  # under the box while it is checked (about half a second, on purpose)
KEEPING = "Keeping the passphrase…"  # in the dialog while its scrypt hash is made and kept

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)
# What is kept from every window but the lock screen while it is up.
_INPUT = _ACTIVITY | {
    QEvent.Type.KeyRelease,
    QEvent.Type.ShortcutOverride,
    QEvent.Type.Shortcut,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.ContextMenu,
    QEvent.Type.TouchEnd,
    QEvent.Type.TabletRelease,
    QEvent.Type.TabletMove,
}
_EDITING = {Qt.Key.Key_V, Qt.Key.Key_A, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Backspace, Qt.Key.Key_Delete}
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


def _for_typing_a_passphrase(event: QKeyEvent) -> bool:
    """A key the passphrase box needs (characters, moving, deleting, Enter, pasting), never a command: no function
    key (F8 blanks and shows the board), no Ctrl or Alt combination but pasting and moving in the box."""
    key = event.key()
    if Qt.Key.Key_F1 <= key <= Qt.Key.Key_F35:
        return False
    if event.modifiers() & _COMMAND_MODIFIERS:
        control_only = (event.modifiers() & _COMMAND_MODIFIERS) == Qt.KeyboardModifier.ControlModifier
        return control_only and key in _EDITING
    return True


def _alive(widget: QWidget | None) -> bool:
    """Whether ``widget`` is still there (a dialog may have closed, and gone, while ChairDesk was locked)."""
    return widget is not None and shiboken6.isValid(widget)


class LockScreen(QWidget):
    """What covers the laptop's screen while ChairDesk is locked: no family, no conference, a passphrase box."""

    unlock_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setObjectName("lockScreen")
        self.setProperty(COVER, True)
        self.setWindowTitle(LOCKED_TITLE)
        self.setAccessibleName("ChairDesk is locked")
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#lockScreen { background: #1f2933; } #lockScreen QLabel { color: #f5f7fa; font-size: 16px; } "
            "#lockScreen QLabel#lockTitle { font-size: 30px; font-weight: bold; } "
            "#lockScreen QLabel#lockWrong { color: #ffd479; font-weight: bold; } "
            "#lockScreen QLineEdit { font-size: 18px; padding: 6px; } #lockScreen QPushButton { font-size: 16px; }"
        )
        title = QLabel("ChairDesk is locked", objectName="lockTitle", alignment=Qt.AlignmentFlag.AlignCenter)
        why = QLabel(
            "Nothing was typed or clicked in ChairDesk for a while, so the board is blank and the conference is "
            "hidden. Type your passphrase to go back to it.\n\nA recording carries on while ChairDesk is locked, and "
            "everything saved stays saved.",
            wordWrap=True,
            alignment=Qt.AlignmentFlag.AlignCenter,
        )
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setPlaceholderText("Your ChairDesk passphrase")
        self.passphrase.returnPressed.connect(self._unlock)
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setAutoDefault(False)
        self.unlock_button.clicked.connect(self._unlock)
        self.wrong = QLabel(objectName="lockWrong", wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        forgotten = QLabel(
            "Forgotten it? Your council's ChairDesk administrator can reset it (see 'What is protected' in the "
            "README).",
            wordWrap=True,
            alignment=Qt.AlignmentFlag.AlignCenter,
        )
        box = QWidget()
        box.setFixedWidth(600)  # a fixed width, so the wrapped lines get the height they need
        column = QVBoxLayout(box)
        column.setSpacing(14)
        for widget in (title, why, self.passphrase, self.unlock_button, self.wrong, forgotten):
            column.addWidget(widget)
        across = QHBoxLayout()
        across.addStretch(1)
        across.addWidget(box)
        across.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(across)
        outer.addStretch(2)

    def _unlock(self) -> None:
        typed = self.passphrase.text()
        self.passphrase.clear()
        self.unlock_requested.emit(typed)

    def say(self, sentence: str) -> None:
        self.wrong.setText(sentence)
        self.passphrase.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        event.ignore()  # Alt+F4 does not unlock: only the passphrase does (IdleLock hides it)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        _stay_covering(self, event)


class ScreenCover(QWidget):
    """What covers each of the computer's other screens while ChairDesk is locked (not the board's, which is blank):
    nothing at all, so a window of ChairDesk's moved to another monitor is hidden too."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setObjectName("lockCover")
        self.setProperty(COVER, True)
        self.setWindowTitle(LOCKED_TITLE)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lockCover { background: #1f2933; }")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        event.ignore()  # only the passphrase uncovers the screens

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        _stay_covering(self, event)


def _stay_covering(cover: QWidget, event: QEvent) -> None:
    """A cover minimised while locked (the window manager's keys: Super+H, Win+D) is put back at once: it covers
    until the passphrase is typed (IdleLock hides it then)."""
    if event.type() == QEvent.Type.WindowStateChange and cover.isMinimized():
        QTimer.singleShot(0, lambda: _full_screen_again(cover))


def _full_screen_again(cover: QWidget) -> None:
    if _alive(cover) and cover.isVisible():
        cover.showFullScreen()
        cover.raise_()


class PassphraseDialog(QDialog):
    """The chair chooses the passphrase that unlocks ChairDesk: typed twice, at least 8 characters, kept only as a
    scrypt hash in the credential store. Its Quit button is the only other way out."""

    def __init__(self, parent: QWidget | None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.setWindowTitle("Choose a passphrase for ChairDesk")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        minutes = passphrase.idle_minutes()
        said = f"{minutes:g} minute{'s' if minutes != 1 else ''}"
        intro = QLabel(
            f"When ChairDesk is left for {said} with nothing typed or clicked, it blanks the board and hides the "
            "conference until this passphrase is typed, so nobody passing the laptop can read it.\n\n"
            f"Choose one of at least {passphrase.SHORTEST} characters: a few words you will remember are best. It "
            "is kept only in this computer's credential store, scrambled so it cannot be read back.",
            wordWrap=True,
        )
        self.first = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.first.setAccessibleName("Passphrase")
        self.second = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.second.setAccessibleName("The passphrase again")
        self.first.returnPressed.connect(self.second.setFocus)
        self.second.returnPressed.connect(self.accept)
        self.problem = QLabel(objectName="passphraseProblem", wordWrap=True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("&Passphrase:", self.first)
        form.addRow("&Again:", self.second)
        buttons = QDialogButtonBox()
        self.keep_button = buttons.addButton("&Keep this passphrase", QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = buttons.addButton("&Quit ChairDesk", QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.keep_button, self.quit_button):
            button.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.problem)
        column.addWidget(buttons)
        self.setMinimumWidth(520)
        # Its scrypt hash takes about half a second: made off the GUI thread, the dialog's controls held meanwhile.
        self.work = Background(self)
        self.work.busy_changed.connect(self._say_doing)

    def accept(self) -> None:
        """Keep the passphrase (on a worker thread), or say in the dialog what is wrong with it (the dialog
        stays)."""
        first, second, folder = self.first.text(), self.second.text(), self.folder
        self.work.run(
            "chairdesk-choose-passphrase",
            lambda: passphrase.choose(first, second, folder),  # a PassphraseProblem comes back as its sentence
            self._kept,
            "The passphrase could not be kept because of an unexpected problem (the details are in the log). "
            "Press Keep this passphrase again.",
            holds=(self.first, self.second, self.keep_button, self.quit_button),
            saying=KEEPING,
        )

    def reject(self) -> None:
        if not self.work.busy:  # not while the passphrase is being kept: it would be kept with nobody told
            super().reject()

    def _say_doing(self, doing: str) -> None:
        if doing:
            self.problem.setText(doing)
            self.problem.show()
        else:
            self.problem.hide()

    def _kept(self, result: object) -> None:
        if isinstance(result, Failure):
            self.problem.setText(result.sentence)
            self.problem.show()
            self.second.clear()
            (self.second if self.first.text().strip() else self.first).setFocus()
            return
        self.first.clear()
        self.second.clear()
        super().accept()


_made: weakref.WeakSet[IdleLock] = weakref.WeakSet()


def stop_all() -> None:
    """Stop every idle lock of this process (ChairDesk closing; a test's windows left open when it ends, whose
    lock must not lock the next test's)."""
    for lock in list(_made):
        if shiboken6.isValid(lock):
            lock.stop()


class IdleLock(QObject):
    """Locks ChairDesk after ``idle_ms`` with no key or mouse input (the setting, by default): see the module.

    ``front`` gives the window the chair works in (the console, or the home), ``blank_board`` blanks the board.
    Nothing happens until :meth:`begin` (the first time the home or a console is shown)."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        front: Callable[[], QWidget | None],
        blank_board: Callable[[], object],
        refused: Callable[[], object],
        idle_ms: int | None = None,
        folder: Path | None = None,
        parent: QObject | None = None,
        board_screen: Callable[[], QScreen | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.front, self.blank_board, self.refused = front, blank_board, refused
        self.board_screen = board_screen  # the projector's screen, when the board is on one (left to the blank board)
        self.folder = folder
        self.enabled = True  # False: never asks, never locks (the demo's pictures on a machine with no screen)
        self.watching = False
        self.timer = QTimer(self, singleShot=True, timeout=self.lock)
        self.timer.setInterval(idle_ms if idle_ms is not None else round(passphrase.idle_minutes() * 60_000))
        self.cover: LockScreen | None = None
        self.others: list[ScreenCover] = []  # the computer's other screens, covered while locked
        self._following_screens = False  # screens plugged in or out while locked are followed
        self.dialog: PassphraseDialog | None = None
        self._was: tuple[QWidget | None, QWidget | None] = (None, None)  # the window and the box the chair was in
        self._titles: list[tuple[QWidget, str]] = []
        # The passphrase is checked off the GUI thread (scrypt takes about half a second): the lock screen stays,
        # its box and button held, until the answer is back.
        self.work = Background(self)
        self.work.busy_changed.connect(lambda doing: self.cover.wrong.setText(doing) if doing and self.cover else None)
        _made.add(self)

    @property
    def is_locked(self) -> bool:
        return self.cover is not None and self.cover.isVisible()

    def set_idle_ms(self, milliseconds: int) -> None:
        self.timer.setInterval(milliseconds)
        if self.timer.isActive():
            self.timer.start()

    # -- the passphrase, the first time ---------------------------------------------------------------------

    def begin(self, window: QWidget) -> None:
        """``window`` (the home or a console) has just been shown: start watching for idleness, after the chair
        has chosen a passphrase if there is none yet (a dialog over ``window``; refusing closes ChairDesk)."""
        if self.watching:
            self._to_front()  # ahead of the filters the console just installed
            return
        if not self.enabled or self.dialog is not None:
            return
        try:
            chosen = passphrase.is_set(self.folder)
        except PassphraseProblem:
            chosen = False  # the dialog says that the store cannot be reached when the chair tries to keep one
        if chosen:
            self._watch()
            return
        self.dialog = PassphraseDialog(window, self.folder)
        self.dialog.finished.connect(self._chosen)
        self.dialog.show()  # modal over every window (open() would make it modal over ``window`` only)

    def _chosen(self, result: int) -> None:
        self.dialog = None
        if result == QDialog.DialogCode.Accepted:
            self._watch()
        else:
            self.refused()

    def _watch(self) -> None:
        self.watching = True
        self._to_front()
        self.timer.start()

    def _to_front(self) -> None:
        """(Re)install the filter so it sees every event before any other filter of the application (the last
        installed is asked first): no other filter acts on a key while locked, and every key counts as activity."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            app.installEventFilter(self)

    def stop(self) -> None:
        """No more watching, and no lock screen (ChairDesk is closing)."""
        self.watching = False
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if _alive(self.cover):
            self.cover.hide()
        self._uncover_other_screens()

    def _uncover_other_screens(self) -> None:
        for cover in self.others:
            if _alive(cover):
                cover.hide()
                cover.deleteLater()
        self.others = []

    # -- watching ---------------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.Show and self.is_locked and isinstance(watched, QWidget) and watched.isModal():
            if not self._is_a_cover(watched):
                # A message opened while locked (a failed export, an unexpected error) would take every key from the
                # lock screen, under which it cannot even be seen: a fresh lock screen goes over it, and the message
                # is there once unlocked.
                QTimer.singleShot(0, self._cover_again)
            return False
        if kind not in _INPUT:
            return False
        if self.is_locked:
            assert self.cover is not None
            if not (isinstance(watched, QWidget) and (watched is self.cover or self.cover.isAncestorOf(watched))):
                return True  # nothing but the lock screen takes a key or a click
            if kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride):
                assert isinstance(event, QKeyEvent)
                return not _for_typing_a_passphrase(event)
            return kind == QEvent.Type.Shortcut
        if kind in _ACTIVITY and self.watching:
            self.timer.start()
        return False

    # -- locking and unlocking ---------------------------------------------------------------------------------

    def lock(self) -> None:
        """Blank the board at once, then cover the laptop's screen with the lock screen."""
        front = self.front()
        if not self.watching or self.is_locked or front is None or not front.isVisible():
            return  # (no window of ChairDesk's is open: nothing to cover)
        self.blank_board()  # first: the room sees the neutral screen before anything else happens
        self._to_front()
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()  # an open menu would otherwise keep the keyboard
        window = QApplication.activeWindow() or front
        self._was = (window, window.focusWidget() if window is not None else None)
        self._titles = [
            (window, window.windowTitle())
            for window in QApplication.topLevelWidgets()
            if window.isVisible() and window.windowTitle() and window.windowTitle() != LOCKED_TITLE
        ]
        for window, _title in self._titles:
            window.setWindowTitle(LOCKED_TITLE)  # the taskbar names no family either
        screen = (front.screen() if front is not None else None) or QGuiApplication.primaryScreen()
        self._show_cover(self.cover or self._new_cover(), screen)
        self._cover_other_screens()
        self.locked.emit()

    def _new_cover(self) -> LockScreen:
        cover = LockScreen()
        cover.unlock_requested.connect(self.try_unlock)
        return cover

    def _show_cover(self, cover: LockScreen, screen: QScreen | None) -> None:
        self.cover = cover
        if screen is not None:
            cover.setScreen(screen)
            cover.setGeometry(screen.geometry())
        cover.wrong.clear()
        cover.showFullScreen()
        cover.raise_()
        cover.activateWindow()
        cover.passphrase.setFocus()

    def _cover_again(self) -> None:
        """A new lock screen over the old (and over a modal window shown since): the newest modal window takes the
        keys, so the passphrase can still be typed."""
        old = self.cover
        if old is None or not self.is_locked or QApplication.activeModalWidget() is old:
            return
        if self.work.running("chairdesk-passphrase"):
            return  # its answer comes back to this lock screen, which is then put over the message (_checked)
        self._show_cover(self._new_cover(), old.screen())
        old.hide()
        old.deleteLater()
        for other in self.others:
            other.raise_()
        self.cover.raise_()  # last: no other screen's cover (moved with a screen unplugged) is over the passphrase

    def _cover_other_screens(self) -> None:
        """Every screen but the laptop's (the lock screen's) and the board's (blank) is covered by nothing; and, while
        locked, a screen plugged in is covered as it comes, and a screen's cover goes with it."""
        for screen in QGuiApplication.screens():
            self.screen_added(screen)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication) and not self._following_screens:
            app.screenAdded.connect(self.screen_added)
            app.screenRemoved.connect(self.screen_removed)
            self._following_screens = True

    def screen_added(self, screen: QScreen) -> None:
        """(While locked) cover ``screen`` unless it is the lock screen's or the board's, or is covered already."""
        cover = self.cover
        if not self.is_locked or cover is None or cover.screen() is screen or screen is self.board_screen():
            return
        if any(_alive(other) and other.screen() is screen for other in self.others):
            return
        other = ScreenCover()
        other.setScreen(screen)
        other.setGeometry(screen.geometry())
        other.showFullScreen()
        self.others.append(other)

    def screen_removed(self, screen: QScreen) -> None:
        """A screen unplugged while locked: its cover goes (else the system would move it over the lock screen), and
        if it was the lock screen's, the lock screen moves with the system and the cover where it lands goes too."""
        if self.is_locked and self.cover is not None and self.cover.screen() is screen:
            QTimer.singleShot(0, self._lock_screen_moved)
        self._drop_covers_on(screen)
        if self.is_locked and self.cover is not None:
            self.cover.raise_()
            self.cover.activateWindow()

    def _drop_covers_on(self, screen: QScreen | None) -> None:
        for other in [o for o in self.others if not _alive(o) or o.screen() is screen]:
            self.others.remove(other)
            if _alive(other):
                other.hide()
                other.deleteLater()

    def _lock_screen_moved(self) -> None:
        cover = self.cover
        if not self.is_locked or cover is None:
            return
        self._drop_covers_on(cover.screen())  # (the cover of the screen it was moved to)
        cover.showFullScreen()
        cover.raise_()
        cover.activateWindow()

    def _is_a_cover(self, window: QWidget) -> bool:
        """A window of the lock's own (COVER), or one of the lock screen's (the passphrase box's menu)."""
        cover = self.cover
        return bool(window.property(COVER)) or (cover is not None and cover.isAncestorOf(window))

    def try_unlock(self, typed: str) -> bool:
        """Check ``typed`` against the chair's passphrase on a worker thread; unlock when it is the passphrase,
        otherwise say so in one line and stay locked. False when no check was started (not locked, or a check is
        running: the box and the button are held until it is back)."""
        if not self.is_locked:
            return False
        assert self.cover is not None
        folder = self.folder
        return self.work.run(
            "chairdesk-passphrase",
            lambda: passphrase.check(typed, folder),  # a PassphraseProblem comes back as its sentence
            self._checked,
            "The passphrase could not be checked because of an unexpected problem (the details are in the log). "
            "Type it again; a recording carries on.",
            holds=(self.cover.passphrase, self.cover.unlock_button),
            saying=CHECKING,
        )

    def _checked(self, right: object) -> None:
        if not self.is_locked:
            return
        assert self.cover is not None
        if isinstance(right, Failure) or not right:
            self._cover_again()  # (a message opened while it was being checked)
            self.cover.say(right.sentence if isinstance(right, Failure) else WRONG)
            return
        self.cover.hide()
        self._uncover_other_screens()
        for window, title in self._titles:
            if _alive(window) and window.windowTitle() == LOCKED_TITLE:
                window.setWindowTitle(title)
        self._titles = []
        window, box = self._was
        self._was = (None, None)
        if _alive(window) and window.isVisible():
            window.raise_()
            window.activateWindow()
        if _alive(box) and box.isVisible():
            box.setFocus(Qt.FocusReason.OtherFocusReason)
        self.timer.start()
        self.unlocked.emit()
