"""The audit keeps one entry per operation of the chair's (issue 13): what they did in words, the change as a JSON
Patch (its values as fingerprints, so deleted or undone words do not linger), where, when in UTC and by whom. The
meeting's edits reach the real writer and the real encrypted database as their changes, not as copies."""

from __future__ import annotations

import copy
import datetime as dt
import getpass
from pathlib import Path
from typing import Any

from builders import Clock

from chairdesk import conference_file, storage
from chairdesk.meeting import Meeting
from chairdesk.storage import Store
from chairdesk.writer import ConferenceWriter

DEMO_ID = "demo-harper-2026-11-24"


def with_worries(data: dict[str, Any], count: int) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["worries"] = [{"text": f"Worry number {n}", "confidential": False} for n in range(count)]
    return data


def stored(db_path: Path, data: dict[str, Any]) -> int:
    with Store(db_path) as store:
        store.save(conference_file.from_json(data), action="import")
        return store.known_version(data["id"]) or 0


def meeting_saved_by_the_writer(db_path: Path, data: dict[str, Any]) -> tuple[Meeting, ConferenceWriter]:
    """As the console runs it: the meeting's changes handed to the writer, which started from the stored copy."""
    version = stored(db_path, data)
    meeting = Meeting(conference_file.from_json(data), clock=Clock(dt.date(2026, 11, 24), "10:30"))
    errors: list[str] = []
    writer = ConferenceWriter(db_path, on_error=errors.append)
    writer.expect_version(data["id"], version)
    writer.follow(meeting.conference)
    meeting.subscribe(lambda change: change.operation is not None and writer.save_change(change.operation))
    return meeting, writer


def after_the_import(db_path: Path) -> list[storage.AuditEntry]:
    with Store(db_path) as store:
        entries = store.audit(DEMO_ID)
    assert entries[0].action == "import"
    return entries[1:]


def test_deleting_the_first_of_53_items_is_one_entry_whose_patch_removes_it(
    db_path: Path, demo_data: dict[str, Any]
) -> None:
    data = with_worries(demo_data, 53)
    meeting, writer = meeting_saved_by_the_writer(db_path, data)
    meeting.delete_item("worries", 0)
    assert writer.close()
    (entry,) = after_the_import(db_path)
    assert (entry.action, entry.field, entry.description) == ("change", "worries[0]", "delete an item")
    assert entry.patch == [{"op": "remove", "path": "/worries/0"}]
    worries = conference_file.to_json(conference_file.from_json(data))["worries"]
    assert (entry.before, entry.after) == (storage.fingerprint(worries[0]), storage.fingerprint(worries[1]))
    assert entry.by == getpass.getuser()
    assert dt.datetime.fromisoformat(entry.at_utc or "").utcoffset() == dt.timedelta(0)
    with Store(db_path) as store:
        assert [w.text for w in store.load(DEMO_ID).worries][:2] == ["Worry number 1", "Worry number 2"]


def test_a_save_of_the_whole_conference_is_one_entry_too(db_path: Path, demo_data: dict[str, Any]) -> None:
    data = with_worries(demo_data, 53)
    stored(db_path, data)
    with Store(db_path) as store:
        conference = store.load(DEMO_ID)
        del conference.worries[0]
        store.save(conference)  # as chairdesk import or a command does it: no operation, the save is one
    (entry,) = after_the_import(db_path)
    assert (entry.field, entry.patch) == ("worries[0]", [{"op": "remove", "path": "/worries/0"}])


def test_excluding_a_parent_is_one_entry_that_says_so_and_the_words_stay_fingerprints(
    db_path: Path, demo_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(demo_data)
    data["participants"][9]["exclusions"] = []  # Dean is in the room
    meeting, writer = meeting_saved_by_the_writer(db_path, data)
    meeting.add_item("worries", "Zebracrossing said something private")
    meeting.exclude("father", 2, "Threats to staff", since=dt.time(10, 20))
    meeting.undo()
    assert writer.close()
    added, excluded, undone = after_the_import(db_path)
    assert added.description == "add to what we are worried about"
    assert excluded.description == "exclude Dean Harper"
    assert undone.description == "Undo exclude Dean Harper"
    # What the exclusion did, in one patch: Dean out from 10:20, and what was typed since kept from him.
    paths = [op["path"] for op in excluded.patch or []]
    assert "/participants/9/exclusions/0" in paths
    assert f"/worries/{len(data['worries'])}/typed_while_out/0" in paths
    assert excluded.field == ""  # it changed more than one part of the conference
    assert [op["op"] for op in undone.patch or []] == ["remove"] * len(paths)
    for entry in (added, excluded, undone):
        assert entry.by == getpass.getuser()
        for op in entry.patch or []:
            assert "value" not in op or str(op["value"]).startswith("sha256:")
    assert "Zebracrossing" not in str(added.patch)


def test_including_what_was_said_while_a_parent_was_out_is_one_entry_that_says_for_whom(
    db_path: Path, demo_data: dict[str, Any]
) -> None:
    """The chair's choice in the review, to include for a parent what was said while he was out (or keep it back),
    is an operation of its own in the audit: in words, whom it was for and what it was."""
    data = copy.deepcopy(demo_data)
    data["participants"][9]["exclusions"] = []  # Dean is in the room
    meeting, writer = meeting_saved_by_the_writer(db_path, data)
    meeting.exclude("father", 2, "Threats to staff", since=dt.time(10, 20))
    meeting.add_item("worries", "Said while Dean was out")
    ref = f"worries[{len(data['worries'])}]"
    meeting.release(ref, "father", True, "He has heard it from his solicitor")
    meeting.release(ref, "family", False, "Not for the children's copy")
    assert writer.close()
    *_, released, kept_back = after_the_import(db_path)
    assert released.description == "release to Dean Harper: what we are worried about"
    assert kept_back.description == "keep back from the family: what we are worried about"
    (op,) = released.patch or []
    assert op["path"].startswith(f"/worries/{len(data['worries'])}/releases")  # the one item's releases, no more


def test_the_audit_of_an_earlier_database_is_kept_and_read(db_path: Path, demo_data: dict[str, Any]) -> None:
    from test_storage import old_database

    old_database(db_path, 5, demo_data, audit=[("location", "Room 1", "Room 2")])
    with Store(db_path) as store:
        (entry,) = store.audit(DEMO_ID)
        assert (entry.field, entry.description, entry.patch, entry.by, entry.at_utc) == ("location", "", None, "", None)
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == storage.SCHEMA_VERSION
        assert store.last_change(DEMO_ID) == "2026-11-01T10:00:00"
