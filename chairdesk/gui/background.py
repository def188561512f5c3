"""Slow work off the GUI thread, started by controls that cannot start it twice; the one keeper of busy state.

One mechanism for every action that starts slow or blocking work from a window (opening the microphone, Resume
after it was lost, Stop and join, looking for microphones, the microphone check, recovering recordings, producing
the documents, exporting at the close of a conference, opening an attachment): :meth:`Background.run` starts the
work on a worker thread (Picard's ``run_task``) and disables the controls it is given (buttons and menu actions
alike, so their shortcuts too) until the result has come back to the GUI thread, where ``done`` is called (Picard's
``to_main``). A second press while the work runs finds the control disabled, and a call from code finds
:meth:`Background.run` refusing, so the work never runs twice. A worker never touches a widget: what it has to
show meanwhile goes through :meth:`Background.to_gui`.

Busy state is kept here and nowhere else: :attr:`Background.busy` is true while any work runs, and
:attr:`Background.doing` is what the latest work still running is doing for the chair, in the words the status
line shows ("Opening the microphone…"; given to :meth:`Background.run` as ``saying``; "" when nothing with words
runs). :attr:`Background.busy_changed` is emitted with that sentence whenever it changes: set when the work
starts, cleared when its result (or its failure) has come back, before ``done`` is called.

A control's own condition ("Stop only while a take is open") is given with :meth:`Background.allow`; the control
is enabled only when it is allowed and no running work holds it. Nothing else should call ``setEnabled`` on a
control this object manages.

A worker that fails, however it fails, comes back as a :class:`Failure` with a plain sentence (the detail, never
its message, in the log). After :meth:`Background.close` (the window closing) no result is delivered any more.

Work on a file the chair chose may never end: a thread blocked reading a share that stopped answering cannot be
stopped. Such work is given a :class:`Patience`: when it has shown no sign of going on for that many seconds (from
its start, or since it last called :meth:`Background.still_going`, as a long copy does after each piece), it is
given up on. Its controls come back, and ``done`` gets a :class:`Failure` with the patience's sentence, so the
chair can try again. Work given up on stops at its next :meth:`Background.still_going`, which raises
:class:`GivenUp`: a copy is not finished, and a recording is not removed, after the chair was told it was not. (Work
whose window closes is not stopped: an export at the close of a conference finishes alone.) A result that comes
all the same is not delivered.

A result that is never delivered (its work given up on, or its window closed first) is given to the work's
``undo``, when it has one, so that nothing it made is left behind (a copy kept in the data folder that no
conference will ever list). ``undo`` runs on the worker's thread, or on the GUI thread from :meth:`close` for a
result that had come back but was not yet delivered; it touches files, never widgets.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from chairdesk.errors import ChairDeskError, for_the_log

log = logging.getLogger(__name__)


class Control(Protocol):
    """A button or a menu action: anything the chair presses that can be switched off."""

    def setEnabled(self, enabled: bool) -> None: ...  # noqa: N802 (Qt's name)

    def isEnabled(self) -> bool: ...  # noqa: N802 (Qt's name)


# The sentences for a file that could not be read or written for a reason ChairDesk did not foresee (``unexpected``).
COULD_NOT_READ = "ChairDesk could not read it, for a reason it did not expect (the log has the details)"
COULD_NOT_WRITE = "ChairDesk could not write it, for a reason it did not expect (the log has the details)"
# What is said of an export to a folder that stopped answering (:func:`folder_not_answering`).
EXPORT_NOT_FINISHED = (
    "The export may not be there, or may come later. Export again, to another folder if this one still does not answer."
)


@dataclass(frozen=True)
class Failure:
    """What a worker sends back instead of its result when it failed: the sentence for the chair. ``given_up``: the
    work was given up on (its :class:`Patience` ran out), not refused by what it read or wrote."""

    sentence: str
    given_up: bool = False


class GivenUp(Exception):  # noqa: N818 (what happened, not an error of the work's)
    """Raised in a worker by :meth:`Background.still_going` once its work has been given up on: it stops there."""


@dataclass(frozen=True)
class Patience:
    """How long work on a file the chair chose may take before it is given up on, and what the chair is told then
    (what did not happen, why it may be, and what to do)."""

    seconds: float
    sentence: str


SILENCE_SECONDS = 30.0  # how long a folder the chair chose may give no sign before the work on it is given up


def folder_not_answering(what: str, outcome: str, writing: bool = False) -> Patience:
    """The patience for work reading (or ``writing``) ``what`` (a file's name, or "the export for the case record")
    in a folder the chair chose, with the sentence said when that folder stops answering: then ``outcome``, what
    did not happen and what to do."""
    verb = "finish writing" if writing else "read"
    return Patience(
        SILENCE_SECONDS,
        f"ChairDesk could not {verb} {what}: the folder it is in has not answered for {SILENCE_SECONDS:g} seconds "
        f"(a network drive that is down, or a USB stick taken out). {outcome}",
    )


@dataclass
class _Job:
    name: str
    done: Callable[[object], None]
    holds: tuple[Any, ...]
    saying: str = ""
    undo: Callable[[object], None] | None = None
    thread: threading.Thread | None = None
    finished: threading.Event = field(default_factory=threading.Event)
    result: object = None  # set before ``finished``
    going_at: float = field(default_factory=time.monotonic)  # its start, or its last sign of going on
    given_up: bool = False  # its patience ran out: it stops at its next sign of going on, and its result is undone
    orphaned: bool = False  # its window closed before it finished: it finishes alone, and its result is undone
    undone: bool = False  # its result has gone to ``undo`` (once only)


class Background(QObject):
    """Runs a window's slow work on worker threads; see the module's description."""

    _came_back = Signal(int, object)  # the job's number, its result (emitted on a worker thread)
    _to_gui = Signal(object)  # a call a worker asks the GUI thread to make (emitted on a worker thread)
    busy_changed = Signal(str)  # what the work running is doing for the chair now, in words ("": nothing said)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: dict[int, _Job] = {}
        self._allowed: dict[int, tuple[Control, bool]] = {}  # id(control) -> the control, its own condition
        self._numbers = itertools.count(1)
        self._closed = False
        self._state = threading.Lock()  # a job's ``finished``, ``going_at`` and the flags are decided under it
        self._worker = threading.local()  # on a worker's thread: its job (``job``)
        self._came_back.connect(self._deliver)
        self._to_gui.connect(self._call)

    # -- what the window asks ----------------------------------------------------------------------------

    def run(
        self,
        name: str,
        work: Callable[[], object],
        done: Callable[[object], None],
        unexpected: str,
        holds: Iterable[Control] = (),
        saying: str = "",
        patience: Patience | None = None,
        undo: Callable[[object], None] | None = None,
    ) -> bool:
        """Run ``work`` on a worker thread; ``done(result)`` is called on the GUI thread when it comes back.

        The controls in ``holds`` are disabled until then. Returns False (and runs nothing) when one of them is
        already held by work still running, or the window has closed. ``unexpected`` is the sentence for a failure
        ChairDesk did not foresee (what happened and what to do); a :class:`ChairDeskError` brings its own.
        ``saying`` is what the work is doing for the chair, as the status line says it meanwhile (:attr:`doing`).
        ``patience``: give the work up after that long (see the module's description). ``undo(result)``: for a
        result that will never be delivered.
        """
        held = tuple(holds)
        if self._closed or any(self.is_held(control) for control in held):
            return False
        number = next(self._numbers)
        job = _Job(name, done, held, saying, undo)
        before = self.doing
        self._jobs[number] = job
        for control in held:
            control.setEnabled(False)
        self._said_if_changed(before)

        def run() -> None:
            self._worker.job = job
            try:
                result = work()
            except GivenUp:
                log.info("%s stopped: it had been given up on", name)
                result = Failure("")  # delivered to nobody
            except ChairDeskError as error:
                result = Failure(str(error))
            except Exception as error:
                log.error("%s failed: %s", name, for_the_log(error))
                result = Failure(unexpected)
            with self._state:
                job.result = result
                job.finished.set()
                unwanted = job.given_up or job.orphaned
            if unwanted:
                self._undo(job, result)  # then its delivery finds the job gone, or the window closed
            try:
                self._came_back.emit(number, result)
            except RuntimeError:  # the window has been deleted while the work ran: it will never be delivered
                self._undo(job, result)

        job.thread = threading.Thread(target=run, name=name, daemon=True)
        job.thread.start()
        if patience is not None:
            QTimer.singleShot(round(patience.seconds * 1000), self, lambda: self._give_up(number, patience))
        return True

    def still_going(self) -> None:
        """From a worker: say the work is going on (a piece more copied), so its :class:`Patience` starts again.
        Raises :class:`GivenUp` when the work has been given up on: the work stops there. (Work whose window has
        closed goes on.)"""
        job = getattr(self._worker, "job", None)
        if job is None:
            return
        with self._state:  # decided against _give_up: either this sign counts, or the work stops here
            if job.given_up:
                raise GivenUp
            job.going_at = time.monotonic()

    def allow(self, control: Control, allowed: bool) -> None:
        """Say whether ``control`` may be used now; it is enabled when allowed and no running work holds it."""
        self._allowed[id(control)] = (control, allowed)
        enabled = allowed and not self._closed and not self.is_held(control)
        if control.isEnabled() != enabled:
            control.setEnabled(enabled)

    def is_held(self, control: Control) -> bool:
        """True while work that ``control`` started (or that holds it) is running."""
        return any(any(c is control for c in job.holds) for job in self._jobs.values())

    def running(self, name: str | None = None) -> bool:
        """True while any work (or the work called ``name``) has not come back."""
        return any(name is None or job.name == name for job in self._jobs.values())

    @property
    def busy(self) -> bool:
        """True while any work started here has not come back."""
        return bool(self._jobs)

    @property
    def doing(self) -> str:
        """What the latest work still running is doing for the chair, in the status line's words ("" when no
        work with words is running)."""
        return next((job.saying for job in reversed(self._jobs.values()) if job.saying), "")

    def to_gui(self, call: Callable[..., object], *args: object) -> None:
        """From a worker: have ``call(*args)`` made on the GUI thread (what a worker has to show before its work is
        done, such as the level the microphone check heard). Nothing is called after :meth:`close`."""
        with contextlib.suppress(RuntimeError):  # the window has been deleted while the work ran
            self._to_gui.emit((call, args))

    def wait(self, seconds: float, names: Iterable[str] | None = None) -> bool:
        """Wait (the GUI thread blocked) up to ``seconds`` for every worker (or those called one of ``names``) to
        finish; False if one has not."""
        deadline = time.monotonic() + seconds
        wanted = None if names is None else set(names)
        for job in list(self._jobs.values()):
            if wanted is not None and job.name not in wanted:
                continue
            if not job.finished.wait(max(0.0, deadline - time.monotonic())):
                return False
        return True

    def deliver_finished(self) -> None:
        """Deliver now, on the GUI thread, the results of work that has finished but whose result has not come back
        yet (a window about to close, after :meth:`wait`, says what became of its work before it goes)."""
        for number, job in list(self._jobs.items()):
            if job.finished.is_set():
                self._deliver(number, job.result)  # the queued delivery then finds the job gone and does nothing

    def close(self) -> None:
        """The window is closing: start nothing more and deliver nothing more (what is running finishes alone, and
        its result is undone); every control given to :meth:`allow` or held is switched off."""
        self._closed = True
        for control, _allowed in self._allowed.values():
            control.setEnabled(False)
        for job in self._jobs.values():
            for control in job.holds:
                control.setEnabled(False)
            with self._state:
                job.orphaned = not job.finished.is_set()
            if not job.orphaned:  # back, but not delivered: it never will be
                self._undo(job, job.result)

    @property
    def closed(self) -> bool:
        return self._closed

    # -- the GUI thread ----------------------------------------------------------------------------------

    def _give_up(self, number: int, patience: Patience) -> None:
        """The work has shown no sign of going on for longer than its patience: unless it has finished meanwhile
        (then its result is on its way), its controls come back and the chair is told; its result, if it ever comes,
        is undone."""
        job = self._jobs.get(number)
        if job is None or self._closed:
            return
        with self._state:  # against the worker's still_going and its finishing
            if job.finished.is_set():
                return
            waited = time.monotonic() - job.going_at
            if waited >= patience.seconds:
                job.given_up = True
        if not job.given_up:  # it has gone on since: wait as long again from then
            later = round((patience.seconds - waited) * 1000) + 1
            QTimer.singleShot(later, self, lambda: self._give_up(number, patience))
            return
        log.warning("%s given up after %s s", job.name, patience.seconds)
        self._deliver(number, Failure(patience.sentence, given_up=True))

    def _undo(self, job: _Job, result: object) -> None:
        if job.undo is None or isinstance(result, Failure):
            return
        with self._state:
            if job.undone:
                return
            job.undone = True
        try:
            job.undo(result)
        except Exception as error:  # what was made stays; nothing the chair can do about it
            log.error("undoing %s failed: %s", job.name, for_the_log(error))

    @Slot(int, object)
    def _deliver(self, number: int, result: object) -> None:
        before = self.doing
        job = self._jobs.pop(number, None)
        if job is None:
            return
        if self._closed:
            return
        for control in job.holds:
            if not self.is_held(control):
                control.setEnabled(self._allowed.get(id(control), (control, True))[1])
        self._said_if_changed(before)
        job.done(result)

    @Slot(object)
    def _call(self, asked: tuple[Callable[..., object], tuple[object, ...]]) -> None:
        if not self._closed:
            call, args = asked
            call(*args)

    def _said_if_changed(self, before: str) -> None:
        if self.doing != before:
            self.busy_changed.emit(self.doing)


def let_files_finish(
    parent: object,
    work: Background,
    names: Iterable[str],
    seconds: float,
    unfinished: str = "",
    then: str = "then the file may not be there",
) -> None:
    """Before ``parent`` (a window) closes: wait up to ``seconds`` for the files ``work`` is still writing (its work
    called one of ``names``), then say what became of each (its result delivered: "Exported to …", or the plain
    message if it failed). If one is still not written, the chair chooses: wait again, or close anyway, knowing
    ``then``. ``unfinished``: what is not finished, in words ("writing harper.json", from the status line's
    "Writing harper.json…", when not given)."""
    from PySide6.QtWidgets import QMessageBox

    names = tuple(names)
    while not work.wait(seconds, names):
        work.deliver_finished()
        box = QMessageBox(parent)  # type: ignore[arg-type]  # a QWidget
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Still writing a file")
        what = unfinished or f"writing {work.doing.removeprefix('Writing ').rstrip('…') or 'a file'}"
        box.setText(
            f"ChairDesk has not finished {what}: the folder it goes to is slow or not answering. Wait for it, or "
            f"close anyway: {then}."
        )
        wait = box.addButton("Wait", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Close anyway", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(wait)
        # The question goes by itself once nothing it asks about is running (written, failed or given up meanwhile:
        # what became of it has been said), so the chair is never asked to wait for what is already done.
        done = QTimer(box, interval=100)
        done.timeout.connect(lambda asked=box: any(work.running(name) for name in names) or asked.done(0))
        done.start()
        box.exec()
        done.stop()
        if box.clickedButton() is not wait and any(work.running(name) for name in names):
            return
    work.deliver_finished()
