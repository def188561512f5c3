"""Amendments to the record (RULES.md §5): noted, decided, and the record reissued as a new set "Amended on" with the
amendments applied listed in the professionals' record only; one received more than a week after the record was
sent is accepted and said late."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from docx_reading import all_text
from PySide6.QtCore import QDate, Qt
from test_gui_outputs_window import open_window, produce

from chairdesk import amendments, audience, conference_file, sending
from chairdesk.gui.app import App
from chairdesk.meeting import Meeting
from chairdesk.storage import Store

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo_conference.json"
ASKED = "Nadia saw Ruby at the clinic on 2 November, not at home."


def alt(qtbot: Any, widget: Any, key: Qt.Key) -> None:
    """A button's key (Alt and its underlined letter); its click comes a moment after."""
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(300)


def test_an_amendment_is_noted_applied_and_the_record_reissued(app: App, qtbot: Any, db_path: Path) -> None:
    first = produce(app, qtbot)
    conference_id = app.controller.conference.id
    with Store(db_path) as store:  # the record went out a week after the conference
        for document in store.tracked_documents(conference_id):
            if document.kind in sending.RECORD_KINDS:
                store.mark_sent(document.id, dt.datetime.now().replace(microsecond=0), "everyone", "secure-email")
    window = open_window(app, qtbot)
    alt(qtbot, window.table, Qt.Key.Key_A)  # the Amendments tab
    assert window.tabs.currentIndex() == 1
    window.by.setCurrentIndex(window.by.findData("hv"))
    today = dt.date.today()
    window.received.setDate(QDate(today.year, today.month, today.day))
    window.what.setFocus()
    qtbot.keyClicks(window.what, ASKED)
    alt(qtbot, window.what, Qt.Key.Key_N)  # Note the amendment
    conference = app.controller.conference
    assert [(a.by, a.received, a.text, a.applied) for a in conference.amendments] == [("hv", today, ASKED, None)]
    assert window.amendments_table.item(0, 3).text() == "To decide"
    assert not window.reissue_button.isEnabled()  # nothing applied yet

    # The chair changes the record's words where they are (ChairDesk never rewrites them), then marks it applied.
    worry = conference.worries[0].text
    app.controller.meeting.edit_item("worries", 0, worry + " (seen at the clinic on 2 November)")
    window.decision_note.setFocus()
    qtbot.keyClicks(window.decision_note, "the visit's place and date corrected")
    alt(qtbot, window.decision_note, Qt.Key.Key_P)  # Applied
    amendment = app.controller.conference.amendments[0]
    assert amendment.applied is True and amendment.note == "the visit's place and date corrected"
    assert window.amendments_table.item(0, 3).text().startswith("Applied on")

    with qtbot.waitSignal(app.console.producer.finished, timeout=60_000) as made:
        alt(qtbot, window.amendments_table, Qt.Key.Key_I)  # Reissue the record
    reissued = [Path(f) for f in made.args[0]]
    app.controller.writer.flush()
    assert {p.name for p in reissued} == {p.name for p in first if "record" in p.name or "parents-copy" in p.name}
    assert reissued[0].parent != first[0].parent
    on = sending.short_date(today)
    for path in reissued:
        text = all_text(path)
        assert "Amended on" in text and "(seen at the clinic on 2 November)" in text, path.name
        if "parents-copy" in path.name:
            assert "This copy replaces the one you were sent before." in text
            assert ASKED not in text  # the amendment itself: the professionals' record only
        else:
            assert "the amendments applied are listed below" in text
            assert f"Nadia Malik (health visitor), received {today:%A} {today.day} {today:%B %Y}: {ASKED}" in text
            assert "(the chair: the visit's place and date corrected)" in text
    assert on  # (the short date exists for the window's words)
    with Store(db_path) as store:
        documents = store.tracked_documents(conference_id)
    current = sending.current(documents)
    assert {d.path for d in current if d.kind in sending.RECORD_KINDS} == set(reissued)
    assert {d.set_kind for d in current if d.kind in ("summary", "letter")} == {sending.PRODUCED}
    assert all(not d.sent for d in current if d.kind in sending.RECORD_KINDS)  # the reissue is still to send


def test_an_amendment_more_than_a_week_after_the_record_was_sent_is_accepted_and_said_late(
    app: App, qtbot: Any, db_path: Path
) -> None:
    produce(app, qtbot)
    sent = dt.datetime.now().replace(microsecond=0)
    with Store(db_path) as store:
        record = next(d for d in store.tracked_documents(app.controller.conference.id) if d.kind == "record")
        store.mark_sent(record.id, sent, "everyone", "secure-email")
    window = open_window(app, qtbot)
    later = sent.date() + dt.timedelta(days=9)
    window.today = lambda: later
    window.by.setCurrentIndex(window.by.findData("school"))
    window.received.setDate(QDate(later.year, later.month, later.day))
    window.what.setPlainText("Mia's attendance is 82%, not 72%.")
    window.note_amendment()
    assert len(app.controller.conference.amendments) == 1  # accepted
    assert window.amendments_table.item(0, 3).text().startswith("LATE (received 9 days after the record was sent")
    assert "said late" in window.statusBar().currentMessage()


def meeting() -> Meeting:
    return Meeting(conference_file.read(DEMO))


def test_an_amendment_that_cannot_be_noted_is_refused_in_words_and_nothing_changes() -> None:
    m = meeting()
    day = m.conference.date
    today = lambda: day + dt.timedelta(days=10)  # noqa: E731
    for by, received, text, words in (
        ("nobody", day, "x", "Choose who sent the amendment"),
        ("chair", day, "x", "Choose who sent the amendment"),
        ("hv", day - dt.timedelta(days=1), "x", "before the conference"),
        ("hv", day + dt.timedelta(days=11), "x", "after today"),
        ("hv", day, "  ", "Say what they ask to change"),
    ):
        with pytest.raises(ValueError, match=words):
            amendments.note(m, by, received, text, today)
    assert m.conference.amendments == []


def test_deciding_an_amendment_is_undoable_and_not_applying_it_needs_a_reason() -> None:
    m = meeting()
    amendments.note(m, "hv", m.conference.date, ASKED, lambda: m.conference.date)
    with pytest.raises(ValueError, match="why"):
        amendments.decide(m, 0, False, " ")
    amendments.decide(m, 0, False, "the record says what was said at the meeting", lambda: dt.datetime(2026, 12, 1))
    assert m.conference.amendments[0].applied is False
    assert m.conference.amendments[0].decided_at == dt.datetime(2026, 12, 1)
    m.undo()
    assert m.conference.amendments[0].applied is None
    back = conference_file.from_json(conference_file.to_json(m.conference))
    assert back.amendments[0].text == ASKED


def test_amendments_are_read_by_the_professionals_record_only() -> None:
    m = meeting()
    amendments.note(m, "mother", m.conference.date, ASKED, lambda: m.conference.date)
    conference = m.conference
    record = audience.version_for(conference, audience.the_record())
    assert [a.text for a in record.conference.amendments] == [ASKED]
    for reader in (
        audience.the_room(),
        audience.the_family(conference),
        audience.a_household(conference, ("mother",)),
    ):
        version = audience.version_for(conference, reader)
        assert version.conference.amendments == [], reader.kind
        assert any(h.piece.part == "amendments" for h in version.held_back)
        assert not any(h.needs_decision for h in version.held_back if h.piece.part == "amendments")
