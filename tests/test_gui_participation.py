"""The Participation tab in a real window, driven from the keyboard: Mia's participation recorded for the demo
conference, her drawing attached, opened and removed."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from test_attachments import make_png, slow_copies

from chairdesk import attachments
from chairdesk.gui.app import App
from chairdesk.gui.participation_tab import OFFER, ParticipationTab
from chairdesk.storage import Store


def open_tab(app: App, qtbot: Any) -> ParticipationTab:
    tab = ParticipationTab(app.controller)
    qtbot.addWidget(tab)
    tab.resize(1300, 680)  # what a 1366×768 laptop's preparation window leaves a tab
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()  # as the window manager does for the preparation window: it has the keyboard
    qtbot.waitUntil(tab.isActiveWindow)
    return tab


def offered(app: App) -> list[str | None]:
    """The children the console's problems list says should be offered a part."""
    return [p.child for p in app.controller.check().problems if p.code == "offer-participation"]


def test_mia_is_first_and_her_participation_is_recorded(app: App, qtbot: Any, db_path: Path) -> None:
    assert offered(app) == ["mia"]
    tab = open_tab(app, qtbot)
    first = tab.children_list.item(0)
    assert first.text() == f"Mia\n{OFFER}" and first.font().bold()
    assert [tab.children_list.item(i).text() for i in range(1, 3)] == ["Leo", "Ruby"]  # the baby is not born
    mia = tab.show_child("mia")
    assert OFFER in mia.heading.text() and "12 on the day" in mia.heading.text()
    assert OFFER not in tab.sections["leo"].heading.text()

    mia.answers["understanding"].setFocus()
    qtbot.keyClicks(mia.answers["understanding"], "Yes, she knows why we meet.")
    qtbot.keyClick(mia.answers["understanding"], Qt.Key.Key_Tab)
    qtbot.keyClicks(mia.answers["wish"], "She wants to come  for the first part.")
    qtbot.waitUntil(lambda: (app.controller.conference.child("mia").participation or mia.participation()).wish != "")
    for way in ("attend-part", "without-parent"):
        mia.ways[way].setFocus()
        qtbot.keyClick(mia.ways[way], Qt.Key.Key_Space)

    held = app.controller.conference.child("mia").participation
    assert held.understanding == "Yes, she knows why we meet."
    assert held.wish == "She wants to come  for the first part."  # as typed, two spaces and all
    assert held.ways == ["attend-part", "without-parent"] and held.decided
    assert "Recorded on" in mia.recorded.text()
    assert offered(app) == []  # the console's problem clears once a way is recorded
    assert not any(
        "Mia" in app.console.problems.item(i).text() and "take part" in app.console.problems.item(i).text()
        for i in range(app.console.problems.count())
    )

    # A contradiction is refused in words and the box unticked again.
    mia.ways["declined"].setFocus()
    qtbot.keyClick(mia.ways["declined"], Qt.Key.Key_Space)
    assert not mia.ways["declined"].isChecked()
    assert mia.problem.text().startswith("Mia is recorded as not wanting to take part, and also as taking part")
    assert app.controller.conference.child("mia").participation.ways == ["attend-part", "without-parent"]

    # The writer saved it to the database file.
    qtbot.waitUntil(lambda: _stored_ways(db_path) == ["attend-part", "without-parent"])

    # Ctrl+Z in the console takes the last step back, and the tab shows it.
    app.controller.meeting.undo()
    assert not mia.ways["without-parent"].isChecked() and mia.ways["attend-part"].isChecked()


def _stored_ways(db_path: Path) -> list[str] | None:
    with Store(db_path) as store:
        child = store.load("demo-harper-2026-11-24").child("mia")
    return child.participation.ways if child.participation else None


def test_her_drawing_is_attached_opened_and_removed(app: App, qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    drawing = make_png(tmp_path / "three houses.png")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(drawing), ""))
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    tab = open_tab(app, qtbot)
    mia = tab.show_child("mia")

    mia.title.setFocus()
    qtbot.keyClicks(mia.title, "Mia's three houses")
    qtbot.keyClick(mia.attach_button, Qt.Key.Key_Space)  # the button has the keyboard after Tab; Space presses it
    qtbot.waitUntil(lambda: not mia.work.busy)  # copied off the GUI thread

    held = app.controller.conference.child("mia").participation.own_words
    assert [a.title for a in held] == ["Mia's three houses"]
    stored = attachments.path_of(app.controller.conference.id, held[0])
    assert stored.is_file()
    assert attachments.read(app.controller.conference.id, held[0]) == drawing.read_bytes()
    assert mia.attached.item(0).text().startswith("Mia's three houses (a PNG picture, added ")
    assert mia.title.text() == ""

    mia.attached.setFocus()
    qtbot.keyClick(mia.attached, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(opened))  # its plain copy is made off the GUI thread
    # The viewer gets a plain copy in ChairDesk's own cache, never beside the kept copies (sealed), with the drawing
    # in it and no name a viewer would show.
    (shown,) = opened
    assert Path(shown).read_bytes() == drawing.read_bytes() and Path(shown).name == "attachment.png"
    where = Path(shown).parents
    assert attachments.opened_root() in where and attachments.attachments_root() not in where

    qtbot.keyClick(mia.attached, Qt.Key.Key_Delete)
    assert app.controller.conference.child("mia").participation.own_words == []
    assert mia.attached.count() == 0 and not mia.remove_button.isEnabled()
    app.controller.meeting.undo()
    assert mia.attached.count() == 1

    # A file that is not what its name says is refused under the section; nothing is attached.
    fake = tmp_path / "photo.jpg"
    fake.write_text("not a picture")
    mia.attach(str(fake))
    qtbot.waitUntil(lambda: not mia.work.busy)
    assert mia.problem.text().startswith("“photo.jpg” does not look like a JPEG picture")
    assert mia.attached.count() == 1


def test_a_drawing_on_a_slow_share_is_copied_while_the_chair_types_on(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The copy is made off the GUI thread: the chair's typing lands meanwhile, Attach is off so the file is kept
    once, and it is listed when it is all there."""
    drawing = make_png(tmp_path / "three houses.png")
    release, copied_on = slow_copies(monkeypatch)
    tab = open_tab(app, qtbot)
    mia = tab.show_child("mia")
    qtbot.keyClicks(mia.title, "Mia's three houses")
    try:
        assert mia.attach(str(drawing))
        qtbot.waitUntil(lambda: bool(copied_on))
        assert not mia.attach_button.isEnabled()
        assert mia.doing.text() == "Keeping a copy of three houses.png…"
        assert not mia.attach(str(drawing))  # not twice

        mia.notes.setFocus()
        qtbot.keyClicks(mia.notes, "Drew it at school", delay=150)  # the chair's speed
        assert mia.notes.toPlainText() == "Drew it at school"
        assert not app.controller.conference.child("mia").participation.own_words  # nothing attached yet
    finally:
        release.set()
    qtbot.waitUntil(lambda: not mia.work.busy)
    held = app.controller.conference.child("mia").participation.own_words
    assert [a.title for a in held] == ["Mia's three houses"]
    assert copied_on == [copied_on[0]] and copied_on[0] != threading.get_ident()
    assert attachments.read(app.controller.conference.id, held[0]) == drawing.read_bytes()
    assert mia.attach_button.isEnabled() and mia.doing.text() == "" and mia.title.text() == ""
    qtbot.waitUntil(lambda: app.controller.conference.child("mia").participation.notes == "Drew it at school")


def copying_from_a_share(
    tab: ParticipationTab, drawing: Path, qtbot: Any, monkeypatch: Any
) -> tuple[Any, Path, threading.Event, threading.Thread]:
    """Mia's ``drawing`` being attached from a share that has not answered yet: her section, the conference's
    attachments folder, the event that lets the share answer (set it, pass or fail) and the thread copying."""
    release, copied_on = slow_copies(monkeypatch)
    mia = tab.show_child("mia")
    try:
        assert mia.attach(str(drawing))
        qtbot.waitUntil(lambda: bool(copied_on))
    except BaseException:
        release.set()
        raise
    copier = next(t for t in threading.enumerate() if t.name == "chairdesk-attach")
    return mia, attachments.conference_folder(tab.controller.conference.id), release, copier


def test_a_drawing_on_a_share_that_stops_answering_is_given_up_and_its_late_copy_deleted(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The share stops answering mid-copy: after its silence the chair is told and Attach comes back; the copy that
    comes long after is deleted, never left in the data folder for no conference; the next try, once the share
    answers, is kept once."""
    from chairdesk.gui import background

    monkeypatch.setattr(background, "SILENCE_SECONDS", 2.0)
    drawing = make_png(tmp_path / "three houses.png")
    tab = open_tab(app, qtbot)  # held here: the window stays while the test runs
    mia, folder, release, copier = copying_from_a_share(tab, drawing, qtbot, monkeypatch)
    try:
        qtbot.waitUntil(mia.attach_button.isEnabled, timeout=10_000)
        assert mia.problem.text() == (
            "ChairDesk could not read three houses.png: the folder it is in has not answered for 2 seconds (a "
            "network drive that is down, or a USB stick taken out). Nothing was attached. Try again when the folder "
            "answers, or copy the file to this computer and attach the copy."
        )
        assert mia.doing.text() == "" and copier.is_alive()
    finally:
        release.set()  # the share answers at last: the copy is made, then deleted
    copier.join(10)
    assert not copier.is_alive()
    assert not any(folder.iterdir())
    assert not (app.controller.conference.child("mia").participation or mia.participation()).own_words

    assert mia.attach(str(drawing))
    qtbot.waitUntil(lambda: not mia.work.busy)
    held = app.controller.conference.child("mia").participation.own_words
    assert [p.name for p in folder.iterdir()] == [held[0].file] and len(held) == 1


def test_a_drawing_still_being_copied_when_its_window_goes_is_deleted_not_left_behind(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The preparation window goes (the conference closed) while the copy is coming: the copy, made whole once the
    share answers, is deleted rather than left in the data folder for no conference."""
    from shiboken6 import Shiboken

    tab = ParticipationTab(app.controller)  # not left to qtbot: it is deleted here
    tab.show()
    _mia, folder, release, copier = copying_from_a_share(tab, make_png(tmp_path / "drawing.png"), qtbot, monkeypatch)
    try:
        Shiboken.delete(tab)
    finally:
        release.set()
    copier.join(10)
    assert not copier.is_alive()
    assert not any(folder.iterdir())
    assert not app.controller.conference.child("mia").participation
