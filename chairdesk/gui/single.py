"""One ChairDesk per database, and a second start that brings the first to the front.

Who is first is decided by the operating system's lock on a file beside the database (chairdesk.instance), so a
first copy that was killed never blocks the next. The first also listens on a local socket named from the
database from a second after it started (Qt's network module is loaded then, after the chair's window is drawn
and the work that follows it is under way; whatever window it shows, a start-up error or the console, drawn or
minimised, answers); a second start sends it "raise" and ends, and the first brings its console (or
the window in front of it) to the front. A second start made while the first is still starting waits for it to
listen. Two copies on one database would each save over the other's changes.
"""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from chairdesk.instance import DatabaseLock, is_open

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

REQUEST = b"raise\n"
REPLY = b"raised\n"
LISTEN_AFTER_MS = 1000  # from the start (see the module's description)
LOOK_AGAIN = 0.1  # seconds between a second start's looks for a first that holds the lock but is not listening yet


def server_name(db_path: Path) -> str:
    """The local socket's name for ``db_path``: the same for every way of writing the same file, and per user."""
    key = f"{Path.home()}\n{Path(db_path).resolve()}"
    return "chairdesk-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


class SingleInstance(QObject):
    """The first ChairDesk on a database holds its lock and answers later starts.

    ``raise_requested`` is emitted (on the GUI thread) each time a later start asked for the window.
    """

    raise_requested = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.name = server_name(self.db_path)
        self.window: QWidget | None = None
        self._lock = DatabaseLock(self.db_path)
        self._server: QLocalServer | None = None
        self._claimed = False

    def claim(self) -> bool:
        """Become the ChairDesk for this database; False if another already is. Later starts are answered once
        :meth:`listen` is called.

        When the lock file cannot be made (a folder that cannot be written) this goes ahead without it: the
        database cannot be opened either, and opening it says why in words."""
        try:
            if not self._lock.acquire():
                return False
        except OSError:
            return True
        self._claimed = True
        return True

    def listen(self) -> None:
        """Answer later starts on this database (once claimed; once only)."""
        if not self._claimed or self._server is not None:
            return
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        # The lock is ours, so a socket left by a first copy that was killed is stale: clear it.
        QLocalServer.removeServer(self.name)
        if not server.listen(self.name):
            log.warning("a second start cannot reach this one: %s", server.errorString())
            return
        server.newConnection.connect(self._answer)
        self._server = server

    def ask_first_to_raise(self, wait_ms: int = 10_000) -> bool:
        """Ask the ChairDesk that holds this database to come to the front; True when it said it did. A first that
        is still starting (not listening yet) is looked for again until ``wait_ms`` have passed; one that has closed
        meanwhile (its lock gone) is not waited for: False at once, and this start may :meth:`claim` it."""
        from PySide6.QtNetwork import QLocalSocket

        deadline = time.monotonic() + wait_ms / 1000

        def left() -> int:  # every wait comes out of the one wait_ms
            return max(1, int((deadline - time.monotonic()) * 1000))

        socket = QLocalSocket()
        while True:
            socket.connectToServer(self.name)
            if socket.waitForConnected(left()):
                break
            if time.monotonic() >= deadline or not is_open(self.db_path):
                return False
            time.sleep(LOOK_AGAIN)
        socket.write(REQUEST)
        socket.waitForBytesWritten(left())
        reply = b""
        while REPLY not in reply and time.monotonic() < deadline and socket.waitForReadyRead(left()):
            reply += bytes(socket.readAll().data())
        socket.disconnectFromServer()
        return REPLY in reply

    def attach(self, window: QWidget) -> None:
        """The window to bring to the front when asked (the console)."""
        self.window = window

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._claimed = False
        self._lock.release()

    def _answer(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            received = bytearray()

            def read(socket: QLocalSocket = socket, received: bytearray = received) -> None:
                received.extend(bytes(socket.readAll().data()))
                if REQUEST in received:
                    received.clear()
                    self.bring_to_front()
                    socket.write(REPLY)
                    socket.flush()

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                read()

    def bring_to_front(self) -> None:
        window = QApplication.activeModalWidget() or self.window  # a dialog in front of the console stays so
        if window is not None:
            if window.isMinimized():
                window.showNormal()
            window.show()
            window.raise_()
            window.activateWindow()
        self.raise_requested.emit()
