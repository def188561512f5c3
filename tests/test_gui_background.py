"""The one helper for slow work started from a window (chairdesk.gui.background.Background) keeps the busy state:
what is running, in the words the status line shows, set while the work runs and cleared when its result (or its
failure) is back; two pieces of work at once; and the slow work moved onto it (the export at the close of a
conference, opening an attachment, producing the documents) really runs off the GUI thread while the window
stays responsive (a QTimer fires while it runs)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton
from test_attachments import make_png

from chairdesk import attachments, closing
from chairdesk.errors import ChairDeskError
from chairdesk.gui.app import App
from chairdesk.gui.background import Background, Failure, Patience
from chairdesk.gui.opening import OPENING_ATTACHMENT
from chairdesk.gui.outputs import PRODUCING
from chairdesk.gui.participation_tab import ParticipationTab
from chairdesk.gui.record_editor import EXPORTING

UNEXPECTED = "Something unexpected went wrong; press the button again."


class Held:
    """A piece of work that runs until the test lets it finish, saying on which thread it ran."""

    def __init__(self, result: object = "done", error: Exception | None = None) -> None:
        self.result, self.error = result, error
        self.go = threading.Event()
        self.started = threading.Event()
        self.thread: int | None = None

    def __call__(self) -> object:
        self.thread = threading.get_ident()
        self.started.set()
        self.go.wait()
        if self.error is not None:
            raise self.error
        return self.result


class Watched(Background):
    """A Background whose busy_changed is listened to: what it said, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.said: list[str] = []
        self.busy_changed.connect(self.said.append)


@pytest.fixture
def work(qtbot: Any) -> Iterator[Watched]:
    helper = Watched()
    yield helper
    helper.close()


def button(qtbot: Any, text: str) -> QPushButton:
    pressed = QPushButton(text)
    qtbot.addWidget(pressed)
    return pressed


def test_busy_is_set_while_the_work_runs_and_cleared_when_its_result_is_back(work: Watched, qtbot: Any) -> None:
    record = button(qtbot, "Record")
    held = Held("the recorder")
    came_back: list[tuple[object, bool, str]] = []
    assert not work.busy and work.doing == ""

    assert work.run(
        "open", held, lambda r: came_back.append((r, work.busy, work.doing)), UNEXPECTED, (record,), "Opening…"
    )
    assert work.busy and work.doing == "Opening…" and work.said == ["Opening…"]
    assert not record.isEnabled()
    held.started.wait()
    qtbot.wait(50)  # the GUI thread runs on: still busy, the sentence unchanged
    assert work.busy and work.doing == "Opening…" and came_back == []

    held.go.set()
    qtbot.waitUntil(lambda: came_back != [])
    # Cleared when the result came back, before it was handed over (the status line then says the outcome).
    assert came_back == [("the recorder", False, "")]
    assert work.said == ["Opening…", ""]
    assert record.isEnabled() and not work.busy and work.doing == ""


@pytest.mark.parametrize(
    ("error", "sentence"),
    [
        (ChairDeskError("The microphone is in use by another program. Close it and press Record again."), None),
        (RuntimeError("PortAudio said -9996"), UNEXPECTED),
    ],
    ids=["foreseen", "unexpected"],
)
def test_busy_is_cleared_when_a_failure_comes_back_as_a_sentence(
    work: Watched, qtbot: Any, error: Exception, sentence: str | None
) -> None:
    record = button(qtbot, "Record")
    came_back: list[tuple[object, bool, str]] = []
    held = Held(error=error)
    work.run("open", held, lambda r: came_back.append((r, work.busy, work.doing)), UNEXPECTED, (record,), "Opening…")
    assert work.doing == "Opening…"
    held.go.set()
    qtbot.waitUntil(lambda: came_back != [])
    assert came_back == [(Failure(sentence or str(error)), False, "")]
    assert work.said == ["Opening…", ""] and record.isEnabled()


def test_two_pieces_of_work_at_once_each_held_and_said_until_its_own_result_is_back(work: Watched, qtbot: Any) -> None:
    look, check = button(qtbot, "Look again"), button(qtbot, "Check the microphone")
    first, second = Held("microphones"), Held("checked")
    came_back: list[object] = []
    assert work.run("look", first, came_back.append, UNEXPECTED, (look,), "Looking for microphones…")
    assert work.run("check", second, came_back.append, UNEXPECTED, (check,), "Listening for 3 seconds…")
    assert work.busy and work.running("look") and work.running("check")
    assert work.doing == "Listening for 3 seconds…"  # the latest started is what the status line says
    assert not look.isEnabled() and not check.isEnabled()
    # Neither can be started again while it runs (its control is held), whatever presses it.
    assert not work.run("look", Held(), came_back.append, UNEXPECTED, (look,), "Looking again…")
    assert work.doing == "Listening for 3 seconds…"

    second.go.set()  # the latest finishes first: the earlier one's sentence is said again
    qtbot.waitUntil(lambda: came_back == ["checked"])
    assert work.busy and work.doing == "Looking for microphones…"
    assert check.isEnabled() and not look.isEnabled()

    first.go.set()
    qtbot.waitUntil(lambda: came_back == ["checked", "microphones"])
    assert not work.busy and work.doing == "" and look.isEnabled()
    said = ["Looking for microphones…", "Listening for 3 seconds…", "Looking for microphones…", ""]
    assert work.said == said


def test_the_earlier_work_finishing_first_leaves_the_latest_sentence(work: Watched, qtbot: Any) -> None:
    first, second = Held(1), Held(2)
    came_back: list[object] = []
    work.run("first", first, came_back.append, UNEXPECTED, saying="First…")
    work.run("quiet", second, came_back.append, UNEXPECTED)  # work with no words: busy, but says nothing
    assert work.busy and work.doing == "First…"
    first.go.set()
    qtbot.waitUntil(lambda: came_back == [1])
    assert work.busy and work.doing == ""  # what still runs has no words for the status line
    second.go.set()
    qtbot.waitUntil(lambda: came_back == [1, 2])
    assert not work.busy
    assert work.said == ["First…", ""]


def test_what_a_worker_shows_meanwhile_is_shown_on_the_gui_thread_and_nothing_after_close(
    work: Watched, qtbot: Any
) -> None:
    gui = threading.get_ident()
    shown: list[tuple[str, int]] = []
    let_go = threading.Event()

    def step() -> str:
        work.to_gui(lambda level: shown.append((level, threading.get_ident())), "half way")
        let_go.wait()
        work.to_gui(lambda level: shown.append((level, threading.get_ident())), "after close")
        return "done"

    came_back: list[object] = []
    work.run("check", step, came_back.append, UNEXPECTED, saying="Checking…")
    qtbot.waitUntil(lambda: shown != [])
    assert shown == [("half way", gui)]
    work.close()
    said_before = list(work.said)
    let_go.set()
    assert work.wait(60)  # the worker has finished (what it sent is queued for the GUI thread)
    qtbot.wait(100)
    assert shown == [("half way", gui)] and came_back == []  # nothing delivered after close
    assert work.said == said_before
    assert not work.run("again", Held(), came_back.append, UNEXPECTED)


PATIENCE = Patience(0.3, "harper.json did not come: the folder is not answering. Nothing was imported.")


def test_work_that_shows_no_sign_for_its_patience_is_given_up_and_its_late_result_undone(
    work: Watched, qtbot: Any
) -> None:
    """A share that stops answering: the control comes back with the patience's sentence, and the result that comes
    long after is neither delivered nor left behind (undone, off the GUI thread)."""
    read = button(qtbot, "Import")
    held = Held("the copy made")
    came_back: list[object] = []
    undone: list[tuple[object, int]] = []
    assert work.run(
        "import",
        held,
        came_back.append,
        UNEXPECTED,
        (read,),
        "Reading harper.json…",
        patience=PATIENCE,
        undo=lambda made: undone.append((made, threading.get_ident())),
    )
    qtbot.waitUntil(lambda: came_back != [], timeout=5000)
    assert came_back == [Failure(PATIENCE.sentence, given_up=True)]
    assert read.isEnabled() and not work.busy and work.doing == "" and work.said == ["Reading harper.json…", ""]
    assert work.run("import", Held(), came_back.append, UNEXPECTED, (read,))  # the chair can try again

    held.go.set()  # the share answers at last
    qtbot.waitUntil(lambda: undone != [], timeout=5000)
    assert undone == [("the copy made", undone[0][1])] and undone[0][1] != threading.get_ident()
    qtbot.wait(100)
    assert len(came_back) == 1  # never delivered


def test_work_that_goes_on_is_not_given_up_however_long_it_takes(work: Watched, qtbot: Any) -> None:
    """A big file copied a piece at a time from a slow share: each piece starts the patience again."""
    came_back: list[object] = []
    undone: list[object] = []

    def copy() -> str:
        for _piece in range(8):  # 0.8 s in all, more than twice the patience, never silent for long
            time.sleep(0.1)
            work.still_going()
        return "copied"

    work.run("copy", copy, came_back.append, UNEXPECTED, patience=PATIENCE, undo=undone.append)
    qtbot.waitUntil(lambda: came_back != [], timeout=5000)
    assert came_back == ["copied"] and undone == []


def test_work_given_up_on_stops_at_its_next_sign_of_going_on(work: Watched, qtbot: Any) -> None:
    """The share answers after the chair was told the copy was given up: the copy goes no further, so nothing is
    made (or removed) behind what the chair was told, and there is nothing to undo."""
    came_back: list[object] = []
    undone: list[object] = []
    steps: list[str] = []
    share = threading.Event()

    def copy() -> str:
        share.wait(10)  # the share stops answering mid-copy
        steps.append("a piece came")
        work.still_going()
        steps.append("the copy went on")
        return "copied"

    work.run("copy", copy, came_back.append, UNEXPECTED, patience=PATIENCE, undo=undone.append)
    qtbot.waitUntil(lambda: came_back != [], timeout=5000)
    assert came_back == [Failure(PATIENCE.sentence, given_up=True)]
    share.set()
    qtbot.waitUntil(lambda: steps != [], timeout=5000)
    worker = next((t for t in threading.enumerate() if t.name == "copy"), None)
    if worker is not None:
        worker.join(5)
    qtbot.wait(50)
    assert steps == ["a piece came"] and undone == [] and len(came_back) == 1


def test_work_that_finishes_just_before_its_patience_runs_out_is_delivered_not_given_up(
    work: Watched, qtbot: Any
) -> None:
    """The result back on its way when the patience runs out: delivered, never both given up and delivered."""
    came_back: list[object] = []
    undone: list[object] = []
    held = Held("written")
    work.run("write", held, came_back.append, UNEXPECTED, patience=PATIENCE, undo=undone.append)
    held.go.set()
    assert work.wait(5)  # finished, its delivery queued; the patience's timer is due too once the loop runs again,
    time.sleep(0.4)  # whichever the GUI thread takes first
    qtbot.waitUntil(lambda: came_back != [], timeout=5000)
    qtbot.wait(50)
    assert came_back == ["written"] and undone == []


def test_a_result_that_will_never_be_delivered_is_undone_when_the_window_closes(work: Watched, qtbot: Any) -> None:
    """The window closes while one copy is still coming and another is back but not yet delivered: both undone."""
    came_back: list[object] = []
    undone: list[object] = []
    coming, back = Held("still coming"), Held("back already")
    work.run("one", coming, came_back.append, UNEXPECTED, undo=undone.append)
    work.run("two", back, came_back.append, UNEXPECTED, undo=undone.append)
    back.go.set()
    assert work.wait(5, ["two"])
    work.close()  # before the GUI thread has had the result
    assert undone == ["back already"]
    coming.go.set()
    assert work.wait(5)
    qtbot.wait(50)
    assert undone == ["back already", "still coming"] and came_back == []


def test_work_whose_window_closes_finishes_alone_and_its_result_is_undone(work: Watched, qtbot: Any) -> None:
    """The console closed while the export at the close runs: the export is not stopped (it finishes alone, as the
    chair was told when closing), and a result nobody will see is undone."""
    steps: list[int] = []
    undone: list[object] = []
    came_back: list[object] = []
    go_on = threading.Event()

    def export() -> str:
        for piece in range(5):
            if piece == 2:
                go_on.wait(5)
            work.still_going()
            steps.append(piece)
        return "exported"

    work.run("export", export, came_back.append, UNEXPECTED, patience=PATIENCE, undo=undone.append)
    qtbot.waitUntil(lambda: len(steps) == 2)
    work.close()
    go_on.set()
    assert work.wait(5)
    qtbot.wait(400)  # past the patience: nothing is given up after the window closed
    assert steps == [0, 1, 2, 3, 4] and undone == ["exported"] and came_back == []


def test_a_result_whose_window_was_deleted_while_it_ran_is_undone(qtbot: Any) -> None:
    from shiboken6 import Shiboken

    gone = Background()
    undone: list[object] = []
    held = Held("an orphan copy")
    gone.run("copy", held, lambda _r: None, UNEXPECTED, undo=undone.append)
    Shiboken.delete(gone)  # as when its window is destroyed with the conference closed
    held.go.set()
    assert held.started.wait(5)
    qtbot.waitUntil(lambda: undone != [], timeout=5000)
    assert undone == ["an orphan copy"]


class Ticks(QObject):
    """A QTimer on the GUI thread, counting its ticks and noting what the window's busy state said at each."""

    def __init__(self, said: Callable[[], str]) -> None:
        super().__init__()
        self.said = said
        self.seen: list[str] = []
        self.ticked = threading.Event()
        self.timer = QTimer(self, interval=10, timeout=self.tick)
        self.timer.start()

    @Slot()
    def tick(self) -> None:
        self.seen.append(self.said())
        self.ticked.set()


def spy(monkeypatch: Any, owner: object, name: str, ticks: Ticks) -> list[int]:
    """Wrap the real ``owner.name`` to note the thread it runs on; off the GUI thread, it goes on only once the GUI
    thread's timer has ticked meanwhile (on the GUI thread it could never tick, so it goes on at once)."""
    gui = threading.get_ident()
    real = getattr(owner, name)
    ran_on: list[int] = []

    def spied(*args: Any, **kwargs: Any) -> Any:
        ran_on.append(threading.get_ident())
        if ran_on[-1] != gui:
            ticks.ticked.clear()
            ticks.ticked.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, spied)
    return ran_on


def test_the_export_at_the_close_runs_off_the_gui_thread_and_the_window_stays_responsive(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    editor = app.console.open_record_editor()
    qtbot.addWidget(editor)
    ticks = Ticks(lambda: editor.statusBar().currentMessage())
    ran_on = spy(monkeypatch, closing, "export_for_the_record", ticks)
    target = tmp_path / "case-system"
    target.mkdir()

    assert editor.export(target)
    qtbot.waitUntil(lambda: editor.last_export is not None, timeout=60_000)
    assert ran_on and ran_on[0] != threading.get_ident()
    assert EXPORTING in ticks.seen  # the timer fired while it ran, the status line saying what was being done
    assert not editor.work.busy and editor.export_action.isEnabled()
    assert editor.last_export.folder.parent == target
    editor.close()


def export_to_a_held_share(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> tuple[Path, threading.Event, Any, Path]:
    """The export at the close started, with a take of 3 s, to a share that holds the recording's copy until the
    event is set (set it, pass or fail): the take's folder, the event, the record editor and the folder chosen."""
    from test_closing import make_take

    from chairdesk import paths

    take = make_take(app.controller.conference.id or "", "20261124-100000", 3.0, 440)
    release, real = threading.Event(), paths.write_atomically

    def held(path: Any, data: Any) -> None:
        release.wait(30)
        real(path, data)

    monkeypatch.setattr(paths, "write_atomically", held)
    editor = app.console.open_record_editor()
    qtbot.addWidget(editor)
    target = tmp_path / "case-system"
    target.mkdir()
    assert editor.export(target)
    return take, release, editor, target


def test_an_export_at_the_close_to_a_share_that_stops_answering_is_given_up_and_goes_no_further(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The share stops answering while the recording is written: the chair is told nothing was removed and Export
    comes back; when the share answers, the export stops at its next piece, leaving no recording there."""

    from chairdesk.gui import background
    from chairdesk.recording import files

    monkeypatch.setattr(background, "SILENCE_SECONDS", 1.0)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, sentence, *_: said.append(sentence))
    take, release, editor, target = export_to_a_held_share(app, qtbot, tmp_path, monkeypatch)
    try:
        worker = next(t for t in threading.enumerate() if t.name == "chairdesk-export")
        qtbot.waitUntil(lambda: said != [], timeout=10_000)
        assert said == [
            "ChairDesk could not finish writing the export: the folder it is in has not answered for 1 seconds (a "
            "network drive that is down, or a USB stick taken out). Nothing has been removed from this laptop. The "
            "folder may hold part of the export: export again, to another folder if this one still does not answer."
        ]
        assert editor.export_action.isEnabled() and not editor.work.busy and worker.is_alive()
    finally:
        release.set()
    worker.join(10)
    assert not worker.is_alive()
    assert not list(target.rglob("*.flac")) and not list(target.rglob("*.part"))
    assert (take / files.RECORDING).exists() and editor.last_export is None and len(said) == 1
    editor.close()


def test_closing_the_console_during_the_export_at_the_close_asks_and_lets_it_finish(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The chair closes the conference while the recording is still being copied for the child's record: ChairDesk
    asks, the chair waits, and the export finishes whole before the window goes (never cut off by Quit after)."""
    from test_gui_file_work import answer_when_asked

    from chairdesk.gui import console_window

    monkeypatch.setattr(console_window, "FILE_WAIT", 0.3)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, sentence, *_: told.append(sentence))
    _take, release, editor, target = export_to_a_held_share(app, qtbot, tmp_path, monkeypatch)
    try:
        asked: list[str] = []
        answer_when_asked("Wait", asked, before=release.set)
        app.console.close()
    finally:
        release.set()
    assert asked == [
        "ChairDesk has not finished the export for the child's record: the folder it goes to is slow or not "
        "answering. Wait for it, or close anyway: then the folder you chose may hold only part of it."
    ]
    assert not app.console.isVisible()
    assert editor.last_export is not None  # said before the window went
    assert told == [editor.last_export.sentence + " The laptop's copy of the recording is kept."]
    assert getattr(editor, "question", None) is None  # nothing left asking about a conference that has closed
    assert len(list(target.rglob("*.flac"))) == 1 and not list(target.rglob("*.part"))


def test_an_attachment_is_opened_off_the_gui_thread_and_the_window_stays_responsive(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    drawing = make_png(tmp_path / "three houses.png")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(drawing), ""))
    opened: list[tuple[str, int]] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append((url.toLocalFile(), threading.get_ident())) or True
    )
    tab = ParticipationTab(app.controller)
    qtbot.addWidget(tab)
    tab.show()
    mia = tab.show_child("mia")
    mia.attach(str(drawing))
    qtbot.waitUntil(lambda: not mia.work.busy)
    mia.attached.setCurrentRow(0)
    ticks = Ticks(lambda: mia.work.doing)
    ran_on = spy(monkeypatch, attachments, "opened_copy", ticks)

    mia.open_button.click()
    held_while_opening = not mia.open_button.isEnabled()
    mia.open_selected()  # not twice while it is being opened
    qtbot.waitUntil(lambda: opened != [], timeout=60_000)
    assert ran_on == [ran_on[0]] and ran_on[0] != threading.get_ident()
    assert OPENING_ATTACHMENT in ticks.seen
    assert held_while_opening and len(opened) == 1
    (shown, on), gui = opened[0], threading.get_ident()
    assert on == gui  # the viewer is asked from the GUI thread
    assert Path(shown).read_bytes() == drawing.read_bytes()
    assert mia.open_button.isEnabled() and not mia.work.busy


def test_the_documents_are_produced_off_the_gui_thread_with_the_status_line_saying_so(
    app: App, qtbot: Any, monkeypatch: Any
) -> None:
    import importlib

    produce = importlib.import_module("chairdesk.documents.produce")  # the module (the package names a function so)
    console = app.console
    ticks = Ticks(lambda: f"{console.producer.work.doing}|{console.statusBar().currentMessage()}")
    ran_on = spy(monkeypatch, produce, "render_documents", ticks)
    with qtbot.waitSignal(console.producer.finished, timeout=120_000):
        console._produce_now()
        assert console.producer.busy and console.producer.work.doing == PRODUCING
        assert not console.produce_action.isEnabled()
    assert ran_on and ran_on[0] != threading.get_ident()
    assert f"{PRODUCING}|{PRODUCING}" in ticks.seen  # busy, and the status line said so, while the GUI ran on
    assert not console.producer.busy and console.producer.work.doing == ""
    assert console.produce_action.isEnabled()


def test_the_passphrase_is_checked_off_the_gui_thread_while_the_lock_screen_stays(
    app: App, qtbot: Any, monkeypatch: Any
) -> None:
    from conftest import TEST_PASSPHRASE

    from chairdesk import passphrase
    from chairdesk.gui.lock import CHECKING

    app.lock.lock()
    cover = app.lock.cover
    assert cover is not None and app.lock.is_locked
    ticks = Ticks(lambda: f"{app.lock.is_locked}|{cover.wrong.text()}")
    ran_on = spy(monkeypatch, passphrase, "check", ticks)

    qtbot.keyClicks(cover.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(cover.passphrase, Qt.Key.Key_Return)
    held_while_checking = not cover.unlock_button.isEnabled() and not cover.passphrase.isEnabled()
    qtbot.waitUntil(lambda: not app.lock.is_locked, timeout=60_000)
    assert ran_on == [ran_on[0]] and ran_on[0] != threading.get_ident()
    assert f"True|{CHECKING}" in ticks.seen  # still locked, saying so, while the GUI thread ran on
    assert held_while_checking and not app.lock.work.busy


def test_the_passphrase_chosen_the_first_time_is_kept_off_the_gui_thread(
    qtbot: Any, db_path: Path, monkeypatch: Any
) -> None:
    from console_app import running_home

    from chairdesk import passphrase
    from chairdesk.gui.lock import KEEPING

    passphrase.remove()
    chosen = "Tea at four, not five"
    with running_home(qtbot, db_path) as app:
        dialog = app.lock.dialog
        assert dialog is not None and dialog.isVisible()
        ticks = Ticks(lambda: f"{dialog.isVisible()}|{dialog.problem.text()}")
        ran_on = spy(monkeypatch, passphrase, "choose", ticks)
        qtbot.keyClicks(dialog.first, chosen)
        qtbot.keyClicks(dialog.second, chosen)
        qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
        held_while_keeping = not dialog.keep_button.isEnabled() and not dialog.quit_button.isEnabled()
        dialog.reject()  # Escape while it is being kept: the dialog stays until it is
        qtbot.waitUntil(lambda: app.lock.dialog is None, timeout=60_000)
        assert ran_on == [ran_on[0]] and ran_on[0] != threading.get_ident()
        assert f"True|{KEEPING}" in ticks.seen
        assert held_while_keeping and app.lock.watching and passphrase.check(chosen)
