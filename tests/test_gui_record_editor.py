"""The record editor on a real recording: two takes made in the test through the virtual microphone (the first
cut off as by a crash), items typed during each, every moment shown with its take and offset, played from there,
the record of the discussion written under a stage, and the conference closed with the export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox
from virtual_mic import VirtualMic

from chairdesk.changes import Part
from chairdesk.gui.app import App
from chairdesk.gui.items import ItemListEditor
from chairdesk.gui.record_editor import RecordEditor
from chairdesk.recording import files
from chairdesk.recording.playback import PAUSED, PLAYING
from chairdesk.storage import Store

CTRL = Qt.KeyboardModifier.ControlModifier


def type_item(app: App, qtbot: Any, text: str) -> None:
    app.controller.meeting.go_to_stage("views")
    worries = next(e for e in app.console.findChildren(ItemListEditor) if e.list_name == "worries")
    qtbot.keyClicks(worries.entry, text)
    qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
    assert app.controller.conference.worries[-1].text == text


def start_recording(app: App, qtbot: Any) -> Any:
    panel = app.console.recording
    qtbot.keyClick(app.console, Qt.Key.Key_R, CTRL)
    qtbot.waitUntil(lambda: panel.recorder is not None and panel.recorder.state == "recording", timeout=20_000)
    return panel.recorder


def row_for(editor: RecordEditor, text: str) -> Any:
    return next(r for r in editor.rows() if text in r.text(2))


def export(editor: RecordEditor, qtbot: Any, target: Path) -> Any:
    """The editor's export, once its copies (made off the GUI thread) are back: what it exported, or None when it
    did not start (the chair went back)."""
    before = editor.last_export
    if not editor.export(target):
        return None
    qtbot.waitUntil(lambda: not editor.work.busy, timeout=60_000)
    return editor.last_export if editor.last_export is not before else None


def press(editor: RecordEditor, qtbot: Any, button: QMessageBox.StandardButton) -> None:
    """Press ``button`` in the editor's question, and wait for what it started off the GUI thread to come back."""
    editor.question.button(button).click()
    qtbot.waitUntil(lambda: not editor.work.busy, timeout=60_000)


def test_two_takes_each_moment_played_from_its_place_the_discussion_written_and_the_conference_closed(
    make_app: Callable[[], App], qtbot: Any, mic: VirtualMic, tmp_path: Path
) -> None:
    # The first take, cut off as by a crash: its files left as a killed recorder leaves them.
    app = make_app()
    first = start_recording(app, qtbot)
    mic.play_and_wait(mic.speech("The first part of the meeting, before the laptop crashed.", "take-one"))
    type_item(app, qtbot, "Typed in the first take")
    mic.play_and_wait(mic.tone(440, 1.0, "take-one-tone"))
    first.stop()
    manifest = files.read_manifest(first.folder)
    files.write_manifest(first.folder, {**manifest, "state": files.RECORDING_STATE})  # never stopped
    app.console.recording.shut_down()
    app.controller.close()
    app.console.hide()
    for action in app.console.findChildren(QAction):  # gone, as after a crash: its keys are not the new console's
        action.setEnabled(False)

    # ChairDesk again: the first take is put back together, and the chair records again.
    app = make_app()
    panel = app.console.recording
    qtbot.waitUntil(lambda: panel.question is not None, timeout=30_000)
    panel.question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: panel.recorder is not None and panel.recorder.state == "recording", timeout=20_000)
    second = panel.recorder
    assert (first.folder / files.RECORDING).exists() and second.folder != first.folder
    mic.play_and_wait(mic.tone(330, 1.0, "take-two-lead"))
    type_item(app, qtbot, "Typed in the second take")
    mic.play_and_wait(mic.speech("After the crash the conference carried on with the second recording.", "take-two"))
    panel.bookmark_action.trigger()  # F9
    panel.pause_action.trigger()  # paused, and on again
    panel.pause_action.trigger()
    qtbot.waitUntil(lambda: panel.recorder.state == "recording")
    mic.play_and_wait(mic.tone(550, 1.5, "take-two-tail"))
    panel.stop()
    qtbot.waitUntil(lambda: "saved" in panel.status.text(), timeout=30_000)

    # The editor: each item with its own take and its moment in it.
    editor = app.console.open_record_editor()
    qtbot.addWidget(editor)
    one, two = row_for(editor, "Typed in the first take"), row_for(editor, "Typed in the second take")
    moment_one, moment_two = one.data(0, Qt.ItemDataRole.UserRole), two.data(0, Qt.ItemDataRole.UserRole)
    assert (moment_one.take, moment_two.take) == (first.folder.name, second.folder.name)
    assert one.text(1).startswith("0:00:0") and "in recording 1 (started" in one.text(1)
    assert "in recording 2 (started" in two.text(1)
    assert one.parent().text(0).startswith("What's working well")  # under its stage
    kinds = [r.data(0, Qt.ItemDataRole.UserRole).kind for r in editor.rows()]
    assert {"bookmark", "pause", "take"} <= set(kinds)
    texts = [r.text(2) for r in editor.rows()]
    began = [texts.index(t) for t in texts if t.startswith("Recording: Recording")]
    assert began[0] < texts.index(one.text(2)) < began[1] < texts.index(two.text(2))  # in the order of the meeting
    assert "cut off when ChairDesk closed unexpectedly" in texts[began[0]]

    # Enter on the second item plays the second take from its moment; Space pauses; back; 1.5×.
    editor.show()
    editor.tree.setFocus()
    editor.tree.setCurrentItem(two)
    qtbot.keyClick(editor.tree, Qt.Key.Key_Return)
    player = editor.player
    assert player is not None and editor.playing_take == second.folder.name
    qtbot.waitUntil(lambda: player.position >= moment_two.offset + 1.0, timeout=20_000)
    assert player.state == PLAYING
    qtbot.keyClick(editor.tree, Qt.Key.Key_Space)
    assert player.state == PAUSED
    held = player.position
    qtbot.waitUntil(lambda: "of 0:00:" in editor.where.text() and "in recording 2" in editor.where.text())
    editor.back()
    assert abs(player.position - max(0.0, held - 10.0)) < 0.01
    editor.speed.setCurrentIndex(editor.speed.findData(1.5))
    assert player.speed == 1.5
    qtbot.keyClick(editor.tree, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.position > 1.0, timeout=20_000)
    editor.tree.setCurrentItem(one)
    qtbot.keyClick(editor.tree, Qt.Key.Key_Return)  # the other take
    assert editor.playing_take == first.folder.name and editor.player is not player
    editor.player.pause()

    # The record of the discussion under a stage, saved as it is typed, tied to its stage.
    editor.tree.setCurrentItem(one.parent())
    box = editor.stage_boxes["views"]
    assert editor.boxes.currentWidget() is box
    box.setFocus()
    qtbot.keyClicks(box, "The school and the GP agreed Mia is safer at home now.  ")
    stage_of = [i for i in app.controller.conference.discussion if i.extra.get("stage") == "views"]
    qtbot.waitUntil(lambda: any(i.extra.get("stage") == "views" for i in app.controller.conference.discussion))
    [said] = [i for i in app.controller.conference.discussion if i.extra.get("stage") == "views"]
    assert said.text == "The school and the GP agreed Mia is safer at home now.  "  # as typed
    assert app.controller.writer.flush()
    with Store(app.controller.db_path) as store:
        saved = store.load(app.controller.conference.id or "")
    assert [i.text for i in saved.discussion if i.extra.get("stage") == "views"] == [said.text]
    assert stage_of == []

    # Closing: export, checked; No keeps the laptop's copy, Yes removes it (the export stays).
    target = tmp_path / "case-system"
    target.mkdir()
    exported = export(editor, qtbot, target)
    assert exported is not None and len([c for c in exported.recordings if c.copy.suffix == ".flac"]) == 2
    press(editor, qtbot, QMessageBox.StandardButton.No)
    assert first.folder.exists() and second.folder.exists()
    again = export(editor, qtbot, target)
    press(editor, qtbot, QMessageBox.StandardButton.Yes)
    assert not first.folder.exists() and not second.folder.exists()
    assert all(c.copy.exists() for c in again.recordings)
    editor.tree.setCurrentItem(row_for(editor, "Typed in the second take"))
    qtbot.keyClick(editor.tree, Qt.Key.Key_Return)
    assert "not on this computer any more" in editor.problem.text()
    editor.close()


def made_take(app: App, name: str = "20261124-100000", seconds: float = 40.0) -> str:
    """A take of the open conference, written as a stopped and joined recording is (a quiet tone), with the first
    worry typed ten seconds into it."""
    import numpy as np

    from chairdesk import keys
    from chairdesk.recording import sealed

    folder = files.conference_folder(app.controller.conference.id or "") / name
    folder.mkdir(parents=True)
    rate = 16000
    wave = 1600 * np.sin(2 * np.pi * 220 * np.arange(int(rate * seconds)) / rate)
    joined = sealed.SealedWriter(folder / files.RECORDING, rate, keys.recordings_key())
    joined.gather(wave.astype(np.int16))
    joined.close()
    worry = app.controller.conference.worries[0]

    def said_there(c: Any) -> None:
        c.worries[0].recording, c.worries[0].recording_offset = name, 10.0

    app.controller.meeting.edit(Part.BOARD, "where it was said", said_there)
    return worry.text


def test_closed_while_playing_and_opened_again_the_player_is_stopped_and_shows_where_it_is_again(
    make_app: Callable[[], App], qtbot: Any
) -> None:
    app = make_app()
    text = made_take(app)
    editor = app.console.open_record_editor()
    qtbot.addWidget(editor)
    editor.tree.setFocus()
    editor.tree.setCurrentItem(row_for(editor, text))
    qtbot.keyClick(editor.tree, Qt.Key.Key_Return)
    player = editor.player
    assert player is not None
    qtbot.waitUntil(lambda: player.position > 10.5 and "Pause (Space)" in editor.play_button.text(), timeout=20_000)

    editor.close()  # the ×, while playing
    assert player.state != PLAYING and player._stream is None  # the sound stream is closed
    assert editor.player is None and "Play (Space)" in editor.play_button.text()  # nothing shown as playing

    again = app.console.open_record_editor()
    assert again is editor
    editor.tree.setFocus()
    editor.tree.setCurrentItem(row_for(editor, text))
    qtbot.keyClick(editor.tree, Qt.Key.Key_Return)  # Enter plays, and the window says where it is
    qtbot.waitUntil(lambda: editor.where.text().startswith("0:00:1") and "of 0:00:40" in editor.where.text())
    qtbot.waitUntil(lambda: "Pause (Space)" in editor.play_button.text())
    qtbot.keyClick(editor.tree, Qt.Key.Key_Space)  # Space pauses, and the button says so
    qtbot.waitUntil(lambda: "Play (Space)" in editor.play_button.text())
    assert editor.player.state == PAUSED
    editor.close()


def test_the_editors_keys_have_one_owner_while_it_is_active(make_app: Callable[[], App], qtbot: Any) -> None:
    app = make_app()
    editor = app.console.open_record_editor()
    qtbot.addWidget(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    own = {s.toString() for a in editor.findChildren(QAction) for s in a.shortcuts() if not s.isEmpty()}
    assert "Ctrl+W" in own
    # No other action answers one of the editor's keys from the editor (the console's are application-wide).
    for action in app.console.findChildren(QAction):
        if any(s.toString() in own for s in action.shortcuts()) and action.isEnabled():
            assert action.shortcutContext() != Qt.ShortcutContext.ApplicationShortcut, action.text()
    qtbot.keyClick(editor, Qt.Key.Key_W, CTRL)
    assert not editor.isVisible()  # the editor's Ctrl+W closed the editor
    assert app.console.isVisible()  # and not the conference
    app.console.activateWindow()
    qtbot.waitUntil(app.console.isActiveWindow)
    close = next(a for a in app.console.findChildren(QAction) if a.text() == "&Close this conference")
    assert close.shortcutContext() == Qt.ShortcutContext.ApplicationShortcut  # the console's keys are back


def test_export_says_what_is_not_sent_asks_and_then_closes_the_conference_once_confirmed(
    make_app: Callable[[], App], qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from chairdesk import sending
    from chairdesk.documents.produce import render_documents, write_set

    app = make_app()
    conference = app.controller.conference
    made = dt.datetime(2026, 11, 24, 15, 0)
    outputs = render_documents(conference, None)
    app.controller.writer.flush()
    with Store(app.controller.db_path) as store:
        written = write_set(outputs.documents, tmp_path / "out", made)
        documents = sending.new_documents(conference, outputs.documents, sending.PRODUCED, made.date())
        store.record_set(conference.id or "", written[0].parent, documents, sending.PRODUCED, made)
        summary = next(d for d in store.tracked_documents(conference.id) if d.kind == "summary")
        store.mark_sent(summary.id, dt.datetime(2026, 11, 24, 17, 0), "the family", "post")
    editor = app.console.open_record_editor()
    qtbot.addWidget(editor)
    asked: list[str] = []

    def answer(yes: bool) -> Callable[..., bool]:
        def confirm(_title: str, text: str) -> bool:
            asked.append(text)
            return yes

        return confirm

    target = tmp_path / "case-system"
    target.mkdir()
    monkeypatch.setattr(editor, "confirm", answer(False))
    assert export(editor, qtbot, target) is None  # No: nothing exported, nothing closed
    assert not list(target.iterdir()) and app.console.isVisible()
    said = asked[-1]
    assert "Decision letter for Kerry Harper" in said and "Conference record for" in said  # what is not sent
    assert "Summary and plan" not in said  # sent
    monkeypatch.setattr(editor, "confirm", answer(True))
    exported = export(editor, qtbot, target)
    assert exported is not None and exported.documents
    box = editor.question
    assert box.objectName() == "closeConference"
    box.button(QMessageBox.StandardButton.Yes).click()  # the chair confirms: back to the home
    qtbot.waitUntil(lambda: not app.console.isVisible())
    assert not editor.isVisible()
