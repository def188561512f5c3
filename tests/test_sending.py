"""Sending the outputs and keeping track (chairdesk.sending, the store's sets, the agenda): each production is a
set of its own, only the current set is offered, each document is tracked against its deadline, and the home says
what is not sent and what is overdue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from chairdesk import agenda, conference_file, sending, storage
from chairdesk.cli import main
from chairdesk.documents.produce import render_documents, write_set
from chairdesk.errors import StorageError
from chairdesk.model import Amendment, Conference
from chairdesk.storage import Store

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo_conference.json"
DAY = dt.date(2026, 11, 24)  # the demo conference's day (a Tuesday)


def demo() -> Conference:
    return conference_file.read(DEMO)


def produce_set(store: Store, conference: Conference, folder: Path, made: dt.datetime, kind: str = sending.PRODUCED):
    """As the app does: render, write a set of its own, record it (with each document's deadline)."""
    kinds = sending.RECORD_KINDS if kind == sending.AMENDED else None
    outputs = render_documents(conference, None, kinds)
    files = write_set(outputs.documents, folder, made)
    documents = sending.new_documents(conference, outputs.documents, kind, made.date())
    store.record_set(conference.id or "", files[0].parent, documents, kind, made)
    return files


def test_producing_again_supersedes_the_earlier_set_and_a_letter_turned_off_is_not_offered(tmp_path: Path) -> None:
    conference = demo()
    with Store(tmp_path / "db.sqlite") as store:
        first = produce_set(store, conference, tmp_path / "out", dt.datetime(2026, 11, 24, 15, 0))
        conference.participant("father").letter = False  # the chair spares Dean a letter of his own
        second = produce_set(store, conference, tmp_path / "out", dt.datetime(2026, 11, 24, 16, 0))
    assert first[0].parent != second[0].parent and first[0].parent.parent == second[0].parent.parent
    assert any("letter-to-dean" in p.name for p in first)
    assert not any("letter-to-dean" in p.name for p in second)
    assert not list(second[0].parent.glob("*dean*letter*")) and not list(second[0].parent.glob("*letter-to-dean*"))
    with Store(tmp_path / "db.sqlite") as store:  # read back after reopening the real file
        documents = store.tracked_documents(conference.id)
        sets = store.output_sets(conference.id or "")
    offered = sending.current(documents)
    assert {d.path for d in offered} == set(second)
    assert not any("letter-to-dean" in d.filename for d in offered)
    assert [s.current for s in sets] == [False, True]
    assert all(d.superseded_at == dt.datetime(2026, 11, 24, 16, 0) for d in documents if d.set_id == sets[0].id)
    assert all(p.exists() for p in first)  # the older set is kept: the record of what was made and sent


def test_a_superseded_document_is_never_marked_sent(tmp_path: Path) -> None:
    conference = demo()
    with Store(tmp_path / "db.sqlite") as store:
        produce_set(store, conference, tmp_path / "out", dt.datetime(2026, 11, 24, 15, 0))
        old = store.tracked_documents(conference.id)[0]
        produce_set(store, conference, tmp_path / "out", dt.datetime(2026, 11, 24, 16, 0))
        with pytest.raises(StorageError, match="older set"):
            store.mark_sent(old.id, dt.datetime(2026, 11, 25, 9, 0), "Kerry Harper", "post")
        assert store.tracked_documents(conference.id)[0].sent_at is None


def test_a_reissue_after_amendments_supersedes_only_the_record_and_the_parents_copies(tmp_path: Path) -> None:
    conference = demo()
    with Store(tmp_path / "db.sqlite") as store:
        produce_set(store, conference, tmp_path / "out", dt.datetime(2026, 11, 24, 15, 0))
        summary = next(d for d in store.tracked_documents(conference.id) if d.kind == "summary")
        store.mark_sent(summary.id, dt.datetime(2026, 11, 24, 17, 0), "the family and everyone invited", "post")
        produce_set(store, conference, tmp_path / "out", dt.datetime(2027, 1, 5, 9, 0), sending.AMENDED)
        documents = store.tracked_documents(conference.id)
        sets = store.output_sets(conference.id or "")
    current = sending.current(documents)
    assert {d.kind for d in current} == {"summary", "letter", "professional-letter", "record", "parents-copy"}
    assert {d.set_kind for d in current if d.kind in sending.RECORD_KINDS} == {sending.AMENDED}
    assert {d.set_kind for d in current if d.kind not in sending.RECORD_KINDS} == {sending.PRODUCED}
    assert next(d for d in current if d.kind == "summary").sent  # what was sent stays sent
    assert [s.current for s in sets] == [True, True]  # the first still holds current letters and the summary
    reissued = next(d for d in current if d.kind == "record")
    assert reissued.due == dt.date(2027, 1, 12)  # 5 working days after the reissue (Tue 5 Jan → Tue 12 Jan)
    assert sending.due_for(conference, "record", "record", sending.AMENDED, DAY) == dt.date(2026, 12, 22)


def test_a_reissue_supersedes_every_copy_of_the_record_the_childs_too(tmp_path: Path) -> None:
    conference = demo()
    mia = next(c for c in conference.children if c.name.startswith("Mia"))
    mia.letter, mia.record_copy = True, True  # Mia has her own letter and, the chair decided, a copy of the record
    # Every kind of document made as a copy of the record (from the record's template) is one a reissue remakes.
    from chairdesk.documents.produce import planned_documents

    planned = planned_documents(conference)
    assert {p.kind for p in planned if p.template == "record"} == set(sending.RECORD_KINDS)
    with Store(tmp_path / "db.sqlite") as store:
        produce_set(store, conference, tmp_path / "out", dt.datetime(2026, 11, 24, 15, 0))
        produce_set(store, conference, tmp_path / "out", dt.datetime(2027, 1, 5, 9, 0), sending.AMENDED)
        documents = store.tracked_documents(conference.id)
    current = sending.current(documents)
    copies = [d for d in current if d.kind == "child-copy"]
    assert copies and {d.set_kind for d in copies} == {sending.AMENDED}  # no un-amended copy left current
    assert {d.set_kind for d in current if d.kind == "child-letter"} == {sending.PRODUCED}  # her letter stays


def test_each_document_is_due_by_its_deadline() -> None:
    conference = demo()
    assert sending.due_for(conference, "summary", "family") == dt.date(2026, 11, 25)
    assert sending.due_for(conference, "letter", "household") == dt.date(2026, 11, 25)
    assert sending.due_for(conference, "record", "record") == dt.date(2026, 12, 22)  # 20 working days
    assert sending.due_for(conference, "parents-copy", "household") == dt.date(2026, 12, 22)
    # The 24-hour key for the parents' letter, when the timescales have it; one working day otherwise.
    keys = ["summary_due", "decision_letter_due", "decision_letter_to_parents_due", "record_due"]
    assert sending.deadline_key("letter", "household", keys) == "decision_letter_to_parents_due"
    assert sending.deadline_key("letter", "record", keys) == "decision_letter_due"
    assert sending.deadline_key("letter", "household", keys[:2]) == "decision_letter_due"


def test_the_sets_and_what_was_sent_survive_reopening_the_database_file(tmp_path: Path) -> None:
    conference = demo()
    db = tmp_path / "db.sqlite"
    with Store(db) as store:
        produce_set(store, conference, tmp_path / "out", dt.datetime(2026, 11, 24, 15, 0))
        record = next(d for d in store.tracked_documents(conference.id) if d.kind == "record")
        store.mark_sent(record.id, dt.datetime(2026, 12, 1, 10, 30), "everyone who attended", "secure-email")
    with storage.connect(db) as raw:  # in the file itself, in its own table
        row = raw.execute("SELECT sent_at, sent_to, sent_how FROM output_documents WHERE id = ?", (record.id,))
        assert row.fetchone() == ("2026-12-01T10:30", "everyone who attended", "secure-email")
        audit = raw.execute("SELECT field FROM audit WHERE action = 'send'").fetchall()
    assert audit == [(f"record (document {record.id}) sent secure-email",)]  # no name in the audit
    with Store(db) as store:
        again = next(d for d in store.tracked_documents(conference.id) if d.id == record.id)
        store.mark_sent(record.id, None)  # not sent after all
        assert store.tracked_documents(conference.id)[record.id - 1].sent_at is None
    assert again.sent_at == dt.datetime(2026, 12, 1, 10, 30) and again.sent_how == "secure-email"
    assert again.words(dt.date(2026, 12, 2)) == "Sent Tue 1 Dec 2026 by secure e-mail to everyone who attended"


# -- the home: what is not sent, and overdue ---------------------------------------------------------------------


def agenda_row(store: Store, today: dt.date) -> agenda.AgendaRow:
    (row,) = agenda.agenda(store, today)
    return row


def tracked(store: Store) -> list[sending.TrackedDocument]:
    return store.tracked_documents()


def test_the_agenda_says_what_is_not_sent_and_what_is_overdue(tmp_path: Path) -> None:
    conference = demo()
    with Store(tmp_path / "db.sqlite") as store:
        store.save(conference, action="import")
        produce_set(store, conference, tmp_path / "out", dt.datetime(2026, 11, 24, 15, 0))
        store.record_outputs(conference.id or "", ["produced"])
        # Produced is not sent: on the day after, the summary and the letters are due, still to send.
        row = agenda_row(store, dt.date(2026, 11, 25))
        assert row.next is not None and row.next.key == "summary_due" and row.next.state == agenda.TODAY
        assert row.next.note == "not sent"
        # A week later both are overdue, the record still to come.
        row = agenda_row(store, dt.date(2026, 12, 1))
        assert [d.key for d in row.overdue] == ["summary_due", "decision_letter_due", "decision_letter_to_parents_due"]
        dues = agenda.things_due(conference, "2026-11-24T15:00:00", False, dt.date(2026, 12, 1), tracked(store))
        record = next(d for d in dues if d.key == "record_due")
        assert record.state == agenda.LATER and record.note == "not sent"
        for document in store.tracked_documents(conference.id):
            if document.kind in ("summary", "letter", "professional-letter"):
                store.mark_sent(document.id, dt.datetime(2026, 11, 25, 9, 0), document.reader, "post")
        row = agenda_row(store, dt.date(2026, 12, 1))
        assert not row.overdue
        dues = agenda.things_due(conference, "2026-11-24T15:00:00", False, dt.date(2026, 12, 1), tracked(store))
        assert [d.key for d in dues if d.key.endswith("_due") and "review" not in d.key] == [
            "first_core_group_due",
            "record_due",
        ]
        # One parents' copy of two sent: the record is still not all sent, and overdue after its day.
        copies = [d for d in store.tracked_documents(conference.id) if d.kind in ("record", "parents-copy")]
        store.mark_sent(copies[0].id, dt.datetime(2026, 12, 10, 9, 0), "everyone", "secure-email")
        row = agenda_row(store, dt.date(2026, 12, 23))
        assert [d.key for d in row.overdue] == ["first_core_group_due", "record_due"]
        assert row.overdue[1].note == f"{len(copies) - 1} of {len(copies)} not sent"
        assert row.overdue[1].state == agenda.OVERDUE


def test_a_conference_produced_before_sending_was_tracked_counts_as_done_once_produced(tmp_path: Path) -> None:
    conference = demo()
    with Store(tmp_path / "db.sqlite") as store:
        store.save(conference, action="import")
        store.record_outputs(conference.id or "", ["produced"])  # an older version: the audit only
        row = agenda_row(store, dt.date(2026, 12, 1))
    assert not row.overdue


# -- the command ---------------------------------------------------------------------------------------------------


def run(capsys: Any, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_documents_command_never_mixes_a_new_set_with_an_older_one(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "documents", str(DEMO), "--out", str(out), "--letter-date", "2026-11-25")
    assert code == 0
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    spared = tmp_path / "spared.json"
    data = conference_file.to_json(demo())
    next(p for p in data["participants"] if p["id"] == "father")["letter"] = False
    conference_file.write(conference_file.from_json(data), spared)
    code, stdout, err = run(capsys, "documents", str(spared), "--out", str(out))
    assert code == 2 and stdout == ""
    assert "already holds documents" in err and "never mixed" in err and err.count("\n") == 1
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before  # nothing written
    code, stdout, _ = run(capsys, "documents", str(spared), "--out", str(tmp_path / "new"))
    assert code == 0 and "letter-to-dean" not in stdout


def test_the_documents_command_says_what_it_does_with_a_folder_holding_documents(capsys: Any) -> None:
    with pytest.raises(SystemExit):
        main(["documents", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "already holds documents is refused" in text


def test_an_amendment_more_than_a_week_after_the_record_was_sent_is_said_late(tmp_path: Path) -> None:
    conference = demo()
    with Store(tmp_path / "db.sqlite") as store:
        produce_set(store, conference, tmp_path / "out", dt.datetime(2026, 11, 24, 15, 0))
        record = next(d for d in store.tracked_documents(conference.id) if d.kind == "record")
        store.mark_sent(record.id, dt.datetime(2026, 12, 1, 10, 0), "everyone", "secure-email")
        documents = store.tracked_documents(conference.id)
    on_time = Amendment(by="hv", received=dt.date(2026, 12, 8), text="a date")
    late = Amendment(by="hv", received=dt.date(2026, 12, 9), text="a date")
    assert not sending.amendment_late(on_time, documents)
    assert sending.amendment_late(late, documents)
    assert sending.amendment_words(late, documents).startswith("LATE (received 8 days after the record was sent")
    assert not sending.amendment_late(late, [])  # the record not marked sent: nothing to be late against
