"""The Requests tab in a real window: an exclusion request added and agreed before the day is carried into the
meeting (the register says so, the exclude dialog starts from it); written views; a request to record."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from test_attachments import make_pdf, slow_copies
from test_gui_register import _message_box, open_exclusion, parts, when_shown

from chairdesk import attachments
from chairdesk.gui.app import App
from chairdesk.gui.attendance import AGREED_BEFORE, AttendanceModel
from chairdesk.gui.requests_tab import RequestsTab

EVIDENCE = "Threats to the social worker on 12 November, reported to the police."


def open_tab(app: App, qtbot: Any) -> RequestsTab:
    tab = RequestsTab(app.controller)
    qtbot.addWidget(tab)
    tab.resize(1300, 680)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    return tab


def to_the_console(app: App, qtbot: Any) -> None:
    """The chair goes back to the console for the meeting."""
    app.console.activateWindow()
    qtbot.waitUntil(app.console.isActiveWindow)


def where_column(app: App, ident: str) -> str:
    register = app.console.register
    row = [p.id for p in app.controller.conference.participants].index(ident)
    return register.model.index(row, AttendanceModel.COLUMNS.index("Where")).data()


def test_an_agreed_request_fills_in_the_exclude_dialog(app: App, qtbot: Any) -> None:
    tab = open_tab(app, qtbot)
    form = tab.exclusions
    form.about.setCurrentIndex(form.about.findData("father"))
    form.requested_by.setFocus()
    qtbot.keyClicks(form.requested_by, "Priya Shah (social worker)")
    form.ground.setCurrentIndex(form.ground.findData(2))
    form.evidence.setFocus()
    qtbot.keyClicks(form.evidence, EVIDENCE)
    form.received.setFocus()
    qtbot.keyClicks(form.received, "31/11/2026")  # there is no 31 November
    qtbot.keyClick(form.received, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.problem.text() == "The date received: 31/11/2026 does not exist: November 2026 has 30 days."
    assert app.controller.conference.exclusion_requests == []

    form.received.clear()
    qtbot.keyClicks(form.received, "16/11/2026")
    qtbot.keyClick(form.received, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.table.rowCount() == 1 and form.table.item(0, 0).text() == "Dean Harper"
    assert form.table.item(0, 4).text() == "not decided"
    assert AGREED_BEFORE not in where_column(app, "father")

    form.decision.setCurrentIndex(form.decision.findData("agreed"))
    form.decided_on.setFocus()
    qtbot.keyClicks(form.decided_on, "2026-11-18")
    form.which_part.setFocus()
    qtbot.keyClicks(form.which_part, "The whole meeting")
    form.how_heard.setFocus()
    qtbot.keyClicks(form.how_heard, "Dean meets the chair at 9:00; his views are read out.")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    (request,) = app.controller.conference.exclusion_requests
    assert (request.about, request.ground, request.decision) == ("father", 2, "agreed")
    assert (request.received, request.decided_on) == (dt.date(2026, 11, 16), dt.date(2026, 11, 18))
    assert request.requested_by == "Priya Shah (social worker)" and request.evidence == EVIDENCE
    assert where_column(app, "father").endswith(f"; {AGREED_BEFORE}")
    assert AGREED_BEFORE not in where_column(app, "mother")

    # In the meeting: the chair excludes Dean and the dialog starts from what was agreed.
    seen: dict[str, Any] = {}

    def check_and_accept(dialog: Any) -> None:
        ground, reason, _earlier, _since, ok, _problem = parts(dialog)
        who = dialog.findChild(QLabel, "who").text()
        seen.update(ground=ground.currentData(), reason=reason.toPlainText(), ok=ok.isEnabled(), who=who)
        ok.click()

    to_the_console(app, qtbot)
    open_exclusion(app, qtbot, "father", check_and_accept)
    assert seen["ground"] == 2 and seen["reason"] == EVIDENCE and seen["ok"]
    assert "Exclusion agreed before the day (18 Nov 2026)" in seen["who"] and "The whole meeting" in seen["who"]
    (exclusion,) = app.controller.conference.participant("father").exclusions
    assert (exclusion.ground, exclusion.reason) == (2, EVIDENCE)
    assert where_column(app, "father").startswith("Out since")


def test_the_chair_can_change_what_the_dialog_starts_from(app: App, qtbot: Any) -> None:
    tab = open_tab(app, qtbot)
    tab.exclusions.commands.save_exclusion_request(
        None, "mother", ground=6, evidence="Domestic abuse: Kerry and Dean cannot attend together.", decision="agreed"
    )

    def change(dialog: Any) -> None:
        ground, reason, _earlier, _since, ok, _problem = parts(dialog)
        assert ground.currentData() == 6
        ground.setCurrentIndex(ground.findData(1))
        reason.selectAll()
        reason.insertPlainText("Kerry became very distressed; her presence would harm Mia.")
        ok.click()

    to_the_console(app, qtbot)
    open_exclusion(app, qtbot, "mother", change)
    (exclusion,) = app.controller.conference.participant("mother").exclusions
    assert (exclusion.ground, exclusion.reason) == (1, "Kerry became very distressed; her presence would harm Mia.")


def test_written_views_and_a_request_to_record(app: App, qtbot: Any, tmp_path: Path) -> None:
    tab = open_tab(app, qtbot)

    qtbot.keyClick(tab.parts, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # "&Written views"
    views = tab.written_views
    assert tab.parts.currentWidget() is views
    views.by.setCurrentIndex(views.by.findData("mother"))
    views.received.setFocus()
    qtbot.keyClicks(views.received, "19/11/2026")
    views.text.setFocus()
    qtbot.keyClicks(views.text, "I want the children home.")
    letter = make_pdf(tmp_path / "Kerry's letter.pdf")
    views.choose(str(letter))
    qtbot.waitUntil(lambda: not views.work.busy)  # copied off the GUI thread as soon as it is chosen
    assert views.attached.text() == "To attach when saved: Kerry's letter.pdf"
    qtbot.keyClick(views.text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    (saved,) = app.controller.conference.written_views
    assert (saved.by, saved.received, saved.text) == ("mother", dt.date(2026, 11, 19), "I want the children home.")
    assert attachments.read(app.controller.conference.id, saved.attachment) == letter.read_bytes()
    assert views.table.item(0, 3).text() == "Kerry Harper's written views"

    dialog = tab.recording.dialog()
    qtbot.addWidget(dialog)
    dialog.who.setCurrentIndex(dialog.who.findData("father"))
    dialog.requested_on.setText("17/11/2026")
    dialog.decision.setCurrentIndex(dialog.decision.findData("refused"))
    dialog.reasons.setPlainText("Mia asked that nothing she says is recorded.")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    dialog.show()
    said: list[str] = []
    when_shown(_message_box, lambda box: (said.append(box.text()), box.accept()))
    dialog.save()  # refused without the legal advice: the dialog says so and stays open
    assert said == ["Before refusing a request to record, take legal advice and note it here."]
    assert dialog.isVisible()
    assert app.controller.conference.recording_requests == []
    dialog.legal_advice.setText("Council solicitor, 18 November")
    ok.click()
    (request,) = app.controller.conference.recording_requests
    assert (request.requested_by, request.requested_on, request.decision) == (
        "father",
        dt.date(2026, 11, 17),
        "refused",
    )
    assert request.legal_advice == "Council solicitor, 18 November"
    assert tab.recording.table.item(0, 0).text() == "Dean Harper"


def test_the_requests_table_shows_each_ground_in_words(app: App, qtbot: Any) -> None:
    """Not a bare "6": a few words in the table, the ground in full in its tooltip."""
    from chairdesk.model import EXCLUSION_GROUNDS

    tab = open_tab(app, qtbot)
    form = tab.exclusions
    for ground in EXCLUSION_GROUNDS:
        form.commands.save_exclusion_request(None, "mother", ground=ground, evidence=f"Evidence {ground}.")
    form.commands.save_exclusion_request(None, "father", ground=None, evidence="Not decided which ground yet.")
    form.refresh()
    cells = [form.table.item(row, 2) for row in range(form.table.rowCount())]
    assert cells[5].text() == "6. Family conflict"
    assert cells[5].toolTip() == "Ground 6: conflict between family members who cannot attend together"
    for ground, cell in zip(EXCLUSION_GROUNDS, cells, strict=False):
        assert cell.text().startswith(f"{ground}. ") and len(cell.text()) > 12
        assert cell.toolTip() == f"Ground {ground}: {EXCLUSION_GROUNDS[ground]}"
    assert cells[6].text() == ""  # no ground chosen yet: nothing, not "None"


def test_a_letter_on_a_slow_share_is_copied_when_chosen_and_recorded_when_saved(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The letter is copied off the GUI thread the moment it is chosen: the chair types the views meanwhile; a save
    while it is still being copied waits a little, then says so and saves nothing; a letter chosen instead of it has
    its copy deleted; the copy the chair saved is the one recorded."""
    from chairdesk.gui import requests_tab

    release, copied_on = slow_copies(monkeypatch)
    monkeypatch.setattr(requests_tab, "LETTER_WAIT", 0.3)
    tab = open_tab(app, qtbot)
    views = tab.written_views
    tab.parts.setCurrentWidget(views)
    views.by.setCurrentIndex(views.by.findData("mother"))
    first = make_pdf(tmp_path / "first draft.pdf")
    letter = make_pdf(tmp_path / "Kerry's letter.pdf")
    try:
        views.choose(str(first))
        qtbot.waitUntil(lambda: bool(copied_on))
        assert views.attached.text() == "Copying first draft.pdf… (to attach when saved)"
        assert not views.attach_button.isEnabled()
        views.text.setFocus()
        qtbot.keyClicks(views.text, "I want the children home.", delay=150)  # the chair's speed, meanwhile
        assert views.text.toPlainText() == "I want the children home."
        assert not views.save()  # the share has not answered: said, nothing saved
        assert views.problem.text() == (
            "first draft.pdf is still being copied: the folder it is in is slow or not answering. Save again in a "
            "moment."
        )
        assert app.controller.conference.written_views == []
    finally:
        release.set()
    qtbot.waitUntil(lambda: not views.work.busy)
    assert copied_on[0] != threading.get_ident()
    assert views.attached.text() == "To attach when saved: first draft.pdf"
    (first_copy,) = list(attachments.conference_folder(app.controller.conference.id).iterdir())

    views.choose(str(letter))  # the chair chooses the right letter instead: the first one's copy goes
    qtbot.waitUntil(lambda: not views.work.busy)
    assert not first_copy.exists()
    views.received.setText("19/11/2026")
    views.text.setFocus()
    qtbot.keyClick(views.text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    (saved,) = app.controller.conference.written_views
    assert saved.text == "I want the children home." and saved.received == dt.date(2026, 11, 19)
    assert saved.attachment.title == "Kerry Harper's written views" and saved.attachment.received == saved.received
    assert attachments.read(app.controller.conference.id, saved.attachment) == letter.read_bytes()
    assert [p.name for p in attachments.conference_folder(app.controller.conference.id).iterdir()] == [
        saved.attachment.file
    ]
    assert views.letter_copy is None  # the conference holds it now


def test_a_letter_on_a_share_that_stops_answering_is_given_up_and_its_late_copy_deleted(
    app: App, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from chairdesk.gui import background, requests_tab

    monkeypatch.setattr(background, "SILENCE_SECONDS", 2.0)
    release, copied_on = slow_copies(monkeypatch)
    tab = open_tab(app, qtbot)
    views = tab.written_views
    tab.parts.setCurrentWidget(views)
    views.by.setCurrentIndex(views.by.findData("mother"))
    letter = make_pdf(tmp_path / "Kerry's letter.pdf")
    folder = attachments.conference_folder(app.controller.conference.id)
    try:
        views.choose(str(letter))
        qtbot.waitUntil(lambda: bool(copied_on))
        copier = next(t for t in threading.enumerate() if t.name == requests_tab.LETTER_COPY)
        qtbot.waitUntil(views.attach_button.isEnabled, timeout=10_000)
        assert views.problem.text() == (
            "ChairDesk could not read Kerry's letter.pdf: the folder it is in has not answered for 2 seconds (a "
            "network drive that is down, or a USB stick taken out). Nothing was copied. Choose it again when the "
            "folder answers, or copy the file to this computer and choose the copy."
        )
        assert views.chosen_file is None and views.letter_copy is None and copier.is_alive()
        assert "Copying" not in views.attached.text()
    finally:
        release.set()
    copier.join(10)
    assert not copier.is_alive()
    assert not folder.exists() or not any(folder.iterdir())
    assert views.letter_copy is None
