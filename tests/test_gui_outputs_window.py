"""The outputs window through the real console, by keyboard: only the current set is offered, a document is marked
sent (to whom, how, when) and that is read back from the real database file after reopening; the home says what is
not sent and overdue on a given day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from chairdesk import sending
from chairdesk.changes import Part
from chairdesk.gui.app import App
from chairdesk.gui.home_window import HomeWindow
from chairdesk.gui.outputs import SUPERSEDED_NOTE, outputs_folder
from chairdesk.gui.outputs_window import OutputsWindow, SentDialog
from chairdesk.storage import Store

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def produce(app: App, qtbot: Any) -> list[Path]:
    """As the chair does: Ctrl+Shift+P, then Produce in the review; the files of the new set."""
    app.console.activateWindow()
    with qtbot.waitSignal(app.console.producer.finished, timeout=60_000) as made:
        qtbot.keyClick(app.console, Qt.Key.Key_P, CTRL_SHIFT)
        app.console.review.produce_button.click()
    app.controller.writer.flush()
    return [Path(f) for f in made.args[0]]


def open_window(app: App, qtbot: Any) -> OutputsWindow:
    app.console.activateWindow()
    qtbot.keyClick(app.console, Qt.Key.Key_O, CTRL_SHIFT)
    window = app.console.outputs_window
    assert isinstance(window, OutputsWindow) and window.isVisible()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def rows(window: OutputsWindow) -> list[tuple[str, ...]]:
    table = window.table
    return [tuple(table.item(r, c).text() for c in range(table.columnCount())) for r in range(table.rowCount())]


def test_producing_again_offers_only_the_new_set_without_the_letter_turned_off(app: App, qtbot: Any) -> None:
    first = produce(app, qtbot)
    assert any("letter-to-dean" in f.name for f in first)

    def no_letter(conference: Any) -> None:
        conference.participant("father").letter = False

    app.controller.meeting.edit(Part.DISTRIBUTION, "no letter for Dean", no_letter)
    second = produce(app, qtbot)
    # A set of its own: nothing of the first run beside the second's documents.
    folder = second[0].parent
    assert folder != first[0].parent and folder.parent == outputs_folder(app.controller.conference)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f.name for f in second)
    assert not any("letter-to-dean" in f.name for f in second)
    assert (first[0].parent / SUPERSEDED_NOTE).is_file() and all(f.exists() for f in first)

    window = open_window(app, qtbot)
    letters = [r[1] for r in rows(window) if r[0] == "Decision letter"]
    assert "Kerry Harper" in letters and "Priya Shah" in letters  # a parent's, and a professional's, by name
    assert "Dean Harper" not in letters  # Dean's letter, turned off, is not offered (he keeps his parents' copy)
    assert {d.path for d in window.shown} == set(second)
    assert "superseded" in window.older_label.text() and str(folder) in window.set_label.text()


def test_a_document_is_marked_sent_by_keyboard_and_read_back_after_reopening(
    app: App, qtbot: Any, db_path: Path
) -> None:
    produce(app, qtbot)
    window = open_window(app, qtbot)
    sent = dt.datetime.now().replace(second=0, microsecond=0)  # after the documents were made
    window.now = lambda: sent
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.table)
    letter = next(i for i, r in enumerate(rows(window)) if r[0] == "Decision letter" and r[1] == "Kerry Harper")
    for _ in range(letter):
        qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert window.selected_document() is not None and window.selected_document().reader == "Kerry Harper"
    seen: list[SentDialog] = []
    polls: list[Any] = []

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SentDialog) or seen:
            return  # not open yet (the button's click comes a moment after its key)
        focus = QApplication.focusWidget()
        polls.append(focus)
        if focus is not dialog.to:  # the name first, chosen: typing replaces it
            if len(polls) > 100:
                dialog.reject()  # never in the name box: the test fails below rather than waiting for ever
            return
        seen.append(dialog)
        qtbot.keyClicks(focus, "Kerry Harper, at the family centre")
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # by post → by secure e-mail
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # → by hand
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    timer = QTimer(interval=50, timeout=fill_in)
    timer.start()
    qtbot.keyClick(window.table, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(seen) and not seen[0].isVisible())
    timer.stop()
    row = rows(window)[letter]
    assert row[3] == f"Sent {sending.short_date(sent.date())} by hand to Kerry Harper, at the family centre"
    app.controller.close()
    with Store(db_path) as store:  # a new connection to the real file
        (document,) = [
            d for d in store.tracked_documents() if d.current and d.reader == "Kerry Harper" and d.kind == "letter"
        ]
    assert document.sent_at == sent
    assert document.sent_how == "by-hand" and document.sent_to == "Kerry Harper, at the family centre"


def test_mark_as_sent_refuses_no_name_and_a_time_after_now(app: App, qtbot: Any) -> None:
    produce(app, qtbot)
    window = open_window(app, qtbot)
    document = window.selected_document()
    assert document is not None
    dialog = SentDialog(document, dt.datetime(2026, 11, 25, 9, 30), window)
    dialog.to.clear()
    dialog.accept()
    assert dialog.isVisible() or dialog.result() != dialog.DialogCode.Accepted
    assert "to whom" in dialog.error.text()
    dialog.to.setText("Kerry")
    dialog.when.setDateTime(dialog.when.dateTime().addDays(2))
    dialog.accept()
    assert "after now" in dialog.error.text()
    dialog.reject()


def test_the_home_shows_what_is_not_sent_and_overdue_on_a_given_day(app: App, qtbot: Any, db_path: Path) -> None:
    produce(app, qtbot)
    conference_id = app.controller.conference.id
    with Store(db_path) as store:
        for document in store.tracked_documents(conference_id):
            if document.kind == "summary":
                store.mark_sent(document.id, dt.datetime(2026, 11, 25, 9, 0), "the family", "post")
    home = HomeWindow(db_path, today=lambda: dt.date(2026, 12, 1))
    qtbot.addWidget(home)
    home.refresh()
    model = home.model
    (row,) = [r for r in range(model.rowCount()) if model.rows[r].conference_id == conference_id]
    due = model.data(model.index(row, 5))
    assert "Decision letter to the parents due (Wed 25 Nov 2026): not sent" in due
    assert "Decision letters to everyone else due (Wed 25 Nov 2026): not sent" in due
    assert "Written summary" not in due  # sent
    assert model.data(model.index(row, 6)).startswith("OVERDUE since Wed 25 Nov 2026")
    colour = model.data(model.index(row, 5), Qt.ItemDataRole.ForegroundRole).color().name()
    assert colour == "#b00020"
    # The letters sent too: after the record's day, the record is what is overdue, said "not sent".
    with Store(db_path) as store:
        for document in store.tracked_documents(conference_id):
            if "letter" in document.kind:  # the parents' and the professionals'
                store.mark_sent(document.id, dt.datetime(2026, 11, 25, 9, 0), document.reader, "post")
    home.today = lambda: dt.date(2026, 12, 23)
    home.refresh()
    due = model.data(model.index(row, 5))
    assert "Decision letter" not in due
    assert "Conference record due (Tue 22 Dec 2026): not sent" in due


def test_after_a_reissue_the_window_names_every_folder_of_the_current_documents_and_opens_them_all(
    app: App, qtbot: Any, monkeypatch: Any
) -> None:
    first = produce(app, qtbot)
    with qtbot.waitSignal(app.console.producer.finished, timeout=60_000) as made:  # the record reissued
        assert app.console.producer.start(app.controller.conference, sending.AMENDED)
    app.controller.writer.flush()
    reissued = [Path(f) for f in made.args[0]]
    window = open_window(app, qtbot)
    folders = {first[0].parent, reissued[0].parent}
    assert {d.path.parent for d in window.shown} == folders  # the letters stay current in the first set
    said = window.set_label.text()
    assert all(str(f) in said for f in folders) and "2 folders" in said
    opened: list[str] = []
    monkeypatch.setattr(
        "chairdesk.gui.outputs_window.QDesktopServices.openUrl", lambda url: opened.append(url.toLocalFile())
    )
    window.folder_button.click()
    assert {Path(p) for p in opened} == folders


def test_a_childs_documents_are_listed_by_the_childs_name(app: App, qtbot: Any) -> None:
    def mia_gets_both(conference: Any) -> None:
        mia = next(c for c in conference.children if c.name.startswith("Mia"))
        mia.letter, mia.record_copy = True, True

    app.controller.meeting.edit(Part.DISTRIBUTION, "Mia's own letter and copy", mia_gets_both)
    produce(app, qtbot)
    window = open_window(app, qtbot)
    mia = next(c for c in app.controller.conference.children if c.name.startswith("Mia"))
    for_mia = [r for r in rows(window) if r[0] != "Summary and plan" and mia.name in r[1]]
    assert len(for_mia) == 2  # her letter and her copy of the record, by her name
    assert not any(r[1] == mia.id for r in rows(window))
    with Store(app.controller.db_path) as store:  # recorded by name, as the command line lists it too
        recorded = [d.reader for d in store.tracked_documents(app.controller.conference.id) if d.reader_kind == "child"]
    assert recorded == [mia.name, mia.name]


def test_the_record_marked_sent_offers_to_close_the_conference_and_no_leaves_it_open(app: App, qtbot: Any) -> None:
    """RULES.md §5 / issue 11: once the record is sent, the chair is offered the export for the child's record and
    the closing of the conference; never done unasked, and No (the default) leaves everything as it was."""
    produce(app, qtbot)
    window = open_window(app, qtbot)
    window.now = lambda: dt.datetime.now().replace(microsecond=0)
    asked: list[str] = []
    defaults: list[Any] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SentDialog) and dialog.isVisible():
            dialog.to.setText("Everyone invited")
            dialog.accept()
        elif isinstance(dialog, QMessageBox):
            asked.append(dialog.text())
            defaults.append(dialog.defaultButton() is dialog.button(QMessageBox.StandardButton.No))
            dialog.button(QMessageBox.StandardButton.No).click()

    timer = QTimer(interval=50, timeout=answer)
    timer.start()
    for title in ("Decision letter", "Conference record"):
        row = next(i for i, r in enumerate(rows(window)) if r[0] == title)
        window.table.selectRow(row)
        window.mark_sent()  # the dialogs are answered while it waits for them
        assert rows(window)[row][3].startswith("Sent"), rows(window)[row]
        if title == "Decision letter":
            assert asked == []  # a letter sent closes nothing
    timer.stop()
    assert len(asked) == 1 and "record is sent" in asked[0] and "close the conference" in asked[0]
    assert defaults == [True]
    assert app.console.isVisible() and getattr(app.console, "record_editor", None) is None  # nothing exported
