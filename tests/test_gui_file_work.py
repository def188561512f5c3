"""A conference file or an export written to a slow place (a network folder, a USB stick) never stops the meeting.

The chair exports from the console (File > Export conference file…, Ctrl+Shift+E; File > Export for the case record…)
or from the home (Import…, Export the selected one…). The file is made at once from the conference as it is then, and
read or written on a worker: the console takes the chair's typing meanwhile, the menu item (and its key) is off until
the file is done, so it is never written twice, and what comes back is said in the status line or, if it failed, in a
plain message. Slowness is real where it can be (a named pipe, which holds a reader until something writes into it);
a slow network folder cannot exist on a test machine, so there the atomic write is held until the test lets it go.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import minimal_conference
from console_app import go_to_views, running_home, type_as_a_chair
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from chairdesk import conference_file, paths
from chairdesk.gui.app import App

Held = tuple[threading.Event, list[Path]]


@pytest.fixture
def held_writes(monkeypatch: pytest.MonkeyPatch) -> Iterator[Held]:
    """Every atomic write waits until the event is set (a slow network folder); the list is what was asked."""
    release, asked = threading.Event(), []
    real = paths.write_atomically

    def slow(path: Any, data: bytes) -> None:
        asked.append(Path(path))
        release.wait(30)
        real(path, data)

    monkeypatch.setattr(paths, "write_atomically", slow)
    monkeypatch.setattr(conference_file, "write_atomically", slow)
    yield release, asked
    release.set()  # a failing test never leaves a worker waiting


def warnings_said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, sentence, *_: said.append(sentence))
    return said


def test_the_chair_types_on_while_the_conference_file_is_written_and_it_is_written_once(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held_writes: Held
) -> None:
    release, asked = held_writes
    worries = go_to_views(app, qtbot)
    target = tmp_path / "share" / "harper.json"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kwargs: (str(target), ""))
    console = app.console
    console.activateWindow()  # the chair's window in front: its keys are its own
    qtbot.waitUntil(lambda: QApplication.activeWindow() is console)

    qtbot.keyClick(console, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bool(asked))
    assert not console.export_file_action.isEnabled()
    assert console.statusBar().currentMessage() == "Writing harper.json…"
    qtbot.keyClick(console, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    worries.entry.setFocus()
    type_as_a_chair(qtbot, worries.entry, "Mum is frightened")  # the console takes the keys while the file waits
    assert worries.entry.text() == "Mum is frightened"
    qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
    assert app.controller.conference.worries[-1].text == "Mum is frightened"
    assert not target.exists()

    release.set()
    qtbot.waitUntil(lambda: not console.file_work.busy)
    assert len(asked) == 1  # the second Ctrl+Shift+E found the item off: written once
    assert console.export_file_action.isEnabled()
    assert console.statusBar().currentMessage() == f"Exported to {target}"
    written = json.loads(target.read_text(encoding="utf-8"))
    # The conference as it was when the chair exported it: what was typed while it was written is not in it.
    assert written["family"]["name"] == "Harper"
    assert "Mum is frightened" not in [worry["text"] for worry in written["worries"]]
    assert sorted(p.name for p in target.parent.iterdir()) == ["harper.json"]  # nothing half-written beside it


def test_a_conference_file_that_cannot_be_written_is_said_plainly_and_the_item_comes_back(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = warnings_said(monkeypatch)
    target = tmp_path / "unplugged-stick" / "harper.json"  # the folder has gone
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kwargs: (str(target), ""))
    app.console.export_file_action.trigger()
    qtbot.waitUntil(lambda: not app.console.file_work.busy)
    assert said == [f"{target}: cannot be written (No such file or directory)"]
    assert app.console.export_file_action.isEnabled()
    assert not target.parent.exists()


def test_the_export_for_the_case_record_is_written_off_the_console_and_a_bad_folder_is_said(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held_writes: Held
) -> None:
    release, asked = held_writes
    folder = tmp_path / "case-record"
    app.console.ask_case_record_folder = lambda: str(folder)
    app.console.export_case_record_action.trigger()
    qtbot.waitUntil(lambda: bool(asked))
    assert not app.console.export_case_record_action.isEnabled()
    assert app.console.statusBar().currentMessage() == "Writing the export for the case record…"
    release.set()
    qtbot.waitUntil(lambda: not app.console.file_work.busy)
    assert sorted(p.suffix for p in folder.iterdir()) == [".csv", ".json"]
    assert app.console.statusBar().currentMessage().startswith("Exported for the case record: ")
    assert app.console.export_case_record_action.isEnabled()

    said = warnings_said(monkeypatch)
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("")
    app.console.ask_case_record_folder = lambda: str(a_file)
    app.console.export_case_record_action.trigger()
    qtbot.waitUntil(lambda: not app.console.file_work.busy)
    assert said == [f"{a_file}: the export cannot be written there (File exists)"]


def _writer(fifo: Path, text: str) -> Callable[[], None]:
    def write() -> None:
        with open(fifo, "w", encoding="utf-8") as pipe:  # waits until the reader has opened the pipe
            pipe.write(text)

    return write


def test_the_home_imports_a_file_that_is_slow_to_come_without_freezing(
    qtbot: Any, db_path: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "on-the-share.json"
    os.mkfifo(fifo)
    with running_home(qtbot, db_path) as app:
        home = app.home
        home.ask_file_to_import = lambda: str(fifo)
        home.activateWindow()  # the chair's window in front: its keys are its own
        qtbot.waitUntil(lambda: QApplication.activeWindow() is home)
        qtbot.keyClick(home, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: home.work.busy)
        assert not home.import_button.isEnabled() and not home.import_shortcut.isEnabled()
        assert home.statusBar().currentMessage() == "Reading on-the-share.json…"
        home.filter.setFocus()
        qtbot.keyClicks(home.filter, "Fair")  # the home answers while the file has not come
        assert home.filter.text() == "Fair"

        data = minimal_conference(id="from-the-share", family={"name": "Fairweather"})
        threading.Thread(target=_writer(fifo, json.dumps(data)), daemon=True).start()
        qtbot.waitUntil(lambda: app.is_open, timeout=20_000)
        qtbot.addWidget(app.console)
        qtbot.addWidget(app.board)
        assert app.controller.conference.id == "from-the-share"
        assert home.import_button.isEnabled() and home.import_shortcut.isEnabled()


def test_the_home_export_of_a_conference_to_a_missing_folder_is_said_and_nothing_is_written(
    qtbot: Any, db_path: Path, tmp_path: Path
) -> None:
    from chairdesk.storage import Store

    with Store(db_path) as store:
        store.save(conference_file.from_json(minimal_conference(id="dunmore", family={"name": "Dunmore"})))
    with running_home(qtbot, db_path) as app:
        home = app.home
        said: list[str] = []
        home.warn = lambda _title, sentence: said.append(sentence)
        target = tmp_path / "gone" / "dunmore.json"
        home.ask_file_to_export = lambda _name: str(target)
        home.select("dunmore")
        home.export_button.click()
        qtbot.waitUntil(lambda: not home.work.busy)
        assert said == [f"{target}: cannot be written (No such file or directory)"]
        assert home.export_button.isEnabled()
        target.parent.mkdir()
        home.export_button.click()
        qtbot.waitUntil(lambda: not home.work.busy)
        assert conference_file.read(target).family.name == "Dunmore"
        assert home.statusBar().currentMessage() == f"Exported the Dunmore family conference to {target}"


def answer_when_asked(button: str | None, asked: list[str], before: Callable[[], object] = lambda: None) -> None:
    """When ChairDesk next asks (a modal question), press the button called ``button`` (None: press nothing),
    ``before`` done first; what it said goes in ``asked``."""
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(50, lambda: answer_when_asked(button, asked, before))
        return
    asked.append(box.text())
    before()
    if button is not None:
        next(b for b in box.buttons() if b.text() == button).click()


def exporting_to(target: Path, app: App, qtbot: Any, monkeypatch: pytest.MonkeyPatch, held: Held) -> None:
    """The console's conference file being exported to ``target`` and held at its write (``held``), with closing
    waiting only 0.3 s for it before it asks."""
    from chairdesk.gui import console_window

    monkeypatch.setattr(console_window, "FILE_WAIT", 0.3)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kwargs: (str(target), ""))
    app.console.export_file_action.trigger()
    qtbot.waitUntil(lambda: bool(held[1]))


def test_closing_the_console_says_what_became_of_a_file_still_being_written(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held_writes: Held
) -> None:
    release, _asked = held_writes
    said = warnings_said(monkeypatch)
    target = tmp_path / "gone" / "harper.json"  # a folder that has gone: the write fails once it is let go
    exporting_to(target, app, qtbot, monkeypatch, held_writes)
    asked_to_wait: list[str] = []
    answer_when_asked("Wait", asked_to_wait, before=release.set)  # the chair waits; then the share answers
    app.console.close()  # Ctrl+W: the file is still being written
    assert asked_to_wait == [
        "ChairDesk has not finished writing harper.json: the folder it goes to is slow or not answering. Wait for "
        "it, or close anyway: then the file may not be there."
    ]
    assert said == [f"{target}: cannot be written (No such file or directory)"]  # told before the window went
    assert not app.console.isVisible()


def test_closing_anyway_leaves_the_file_to_finish_alone(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held_writes: Held
) -> None:
    release, _asked = held_writes
    target = tmp_path / "harper.json"
    exporting_to(target, app, qtbot, monkeypatch, held_writes)

    answer_when_asked("Close anyway", [])
    app.console.close()
    assert not app.console.isVisible()
    release.set()
    qtbot.waitUntil(target.exists)  # written whole once the share answers, with nobody left to tell
    assert json.loads(target.read_text(encoding="utf-8"))["family"]["name"] == "Harper"


def test_a_slow_import_that_comes_when_the_chair_is_back_in_the_console_is_kept_not_opened_over_it(
    qtbot: Any, db_path: Path, tmp_path: Path
) -> None:
    from chairdesk.storage import Store

    with Store(db_path) as store:
        store.save(conference_file.from_json(minimal_conference(id="dunmore", family={"name": "Dunmore"})))
    fifo = tmp_path / "on-the-share.json"
    os.mkfifo(fifo)
    with running_home(qtbot, db_path) as app:
        home = app.home
        home.select("dunmore")
        home.open_selected()
        qtbot.waitUntil(lambda: app.is_open)
        qtbot.addWidget(app.console)
        qtbot.addWidget(app.board)
        app.show_home()
        home.ask_file_to_import = lambda: str(fifo)
        home.import_button.click()
        qtbot.waitUntil(lambda: home.work.busy)
        home.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is home)
        qtbot.keyClick(home, Qt.Key.Key_Escape)  # back to the meeting while the file has not come
        qtbot.waitUntil(lambda: not home.isVisible())

        data = minimal_conference(id="from-the-share", family={"name": "Fairweather"})
        threading.Thread(target=_writer(fifo, json.dumps(data)), daemon=True).start()
        qtbot.waitUntil(lambda: not home.work.busy, timeout=20_000)
        assert app.controller.conference.id == "dunmore"  # the meeting the chair is in stays open, in front
        assert app.console.isVisible() and not home.isVisible()
        with Store(db_path) as store:
            assert store.exists("from-the-share")  # kept
        assert home.statusBar().currentMessage() == (
            "Imported the Fairweather family conference from on-the-share.json: it is selected in the list, to "
            "open when you are ready."
        )
        assert home.selected_row() is not None and home.selected_row().conference_id == "from-the-share"


SENTENCE_END = "(a network drive that is down, or a USB stick taken out)."


@contextlib.contextmanager
def _answers_in_the_end(share: threading.Thread) -> Iterator[None]:
    """The share answers when the test ends, pass or fail, if it has not yet: no reader is left held."""
    try:
        yield
    finally:
        if not share.is_alive() and share.ident is None:
            share.start()


def test_an_import_from_a_folder_that_never_answers_is_given_up_and_import_comes_back(
    qtbot: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The share stops answering while the file is read: after its silence the chair is told, Import (and Ctrl+I)
    comes back, and the file that comes long after is not imported behind the chair's back."""
    from chairdesk.gui import background
    from chairdesk.storage import Store

    monkeypatch.setattr(background, "SILENCE_SECONDS", 2.0)
    fifo = tmp_path / "on-the-share.json"
    os.mkfifo(fifo)  # read, it holds the reader until something writes: a share that does not answer
    late = minimal_conference(id="from-the-share", family={"name": "Fairweather"})
    answered = threading.Thread(target=_writer(fifo, json.dumps(late)), daemon=True)
    with running_home(qtbot, db_path) as app, _answers_in_the_end(answered):
        home = app.home
        warned: list[tuple[str, str]] = []
        home.warn = lambda title, sentence: warned.append((title, sentence))
        home.ask_file_to_import = lambda: str(fifo)
        home.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is home)
        qtbot.keyClick(home, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: home.work.busy)
        assert not home.import_button.isEnabled()

        qtbot.waitUntil(lambda: warned != [], timeout=10_000)
        assert warned == [
            (
                "Not imported",
                f"ChairDesk could not read on-the-share.json: the folder it is in has not answered for 2 seconds "
                f"{SENTENCE_END} Nothing was imported. Try again when the folder answers, or copy the file to this "
                "computer and import the copy.",
            )
        ]
        assert home.import_button.isEnabled() and home.import_shortcut.isEnabled()
        assert home.statusBar().currentMessage() != "Reading on-the-share.json…"

        reader = next(t for t in threading.enumerate() if t.name == "import a conference file")
        assert reader.is_alive()  # still held by the share
        answered.start()  # the share answers at last
        reader.join(10)
        assert not reader.is_alive()
        qtbot.wait(200)
        with Store(db_path) as store:
            assert not store.exists("from-the-share")
        assert not app.is_open and len(warned) == 1

        copied = tmp_path / "copied.json"  # the chair copies it to the laptop and imports the copy
        copied.write_text(json.dumps(late), encoding="utf-8")
        home.ask_file_to_import = lambda: str(copied)
        qtbot.keyClick(home, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: app.is_open, timeout=10_000)
        qtbot.addWidget(app.console)
        qtbot.addWidget(app.board)
        assert app.controller.conference.id == "from-the-share"


def test_an_export_to_a_folder_that_stops_answering_is_given_up_and_the_item_comes_back(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held_writes: Held
) -> None:
    from chairdesk.gui import background

    monkeypatch.setattr(background, "SILENCE_SECONDS", 1.0)
    release, asked = held_writes
    said = warnings_said(monkeypatch)
    target = tmp_path / "harper.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kwargs: (str(target), ""))
    try:
        app.console.export_file_action.trigger()
        qtbot.waitUntil(lambda: bool(asked))
        qtbot.waitUntil(lambda: said != [], timeout=10_000)
        assert said == [
            f"ChairDesk could not finish writing harper.json: the folder it is in has not answered for 1 seconds "
            f"{SENTENCE_END} The export may not be there, or may come later. Export again, to another folder if "
            "this one still does not answer."
        ]
        assert app.console.export_file_action.isEnabled()
        assert app.console.statusBar().currentMessage().startswith("Not exported: ChairDesk could not finish")
    finally:
        release.set()  # before the console closes, pass or fail: nobody would answer its question
    qtbot.waitUntil(target.exists)  # came later, whole (an atomic write), as the chair was told it might
    assert json.loads(target.read_text(encoding="utf-8"))["family"]["name"] == "Harper"
    qtbot.wait(100)
    assert len(said) == 1


def test_the_question_goes_by_itself_once_the_file_is_written(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held_writes: Held
) -> None:
    """The chair closes the console while the conference file is still being written, and is asked; the share then
    answers: the question goes by itself (nothing is left to wait for), and the window closes, the file whole."""
    release, _asked = held_writes
    target = tmp_path / "harper.json"
    exporting_to(target, app, qtbot, monkeypatch, held_writes)
    shown: list[str] = []
    answer_when_asked(None, shown, before=release.set)  # the share answers while the question is open
    app.console.close()
    assert shown == [
        "ChairDesk has not finished writing harper.json: the folder it goes to is slow or not answering. Wait for "
        "it, or close anyway: then the file may not be there."
    ]
    assert not app.console.isVisible() and QApplication.activeModalWidget() is None
    assert json.loads(target.read_text(encoding="utf-8"))["family"]["name"] == "Harper"
