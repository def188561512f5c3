"""The one writer thread: saves reach the database, the newest copy wins, and failures are reported."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from chairdesk import conference_file
from chairdesk.errors import StorageError
from chairdesk.storage import Store
from chairdesk.writer import ConferenceWriter


def test_every_save_reaches_the_database(db_path: Path, demo_data: dict[str, Any]) -> None:
    conference = conference_file.from_json(demo_data)
    saved: list[str] = []
    writer = ConferenceWriter(db_path, on_saved=saved.append)
    for n in range(50):
        conference.location = f"Room {n}"
        writer.save(conference)  # copied now: later changes to the object do not leak into this save
    conference.location = "changed after the last save"
    writer.save_draft(conference.id or "", "worries", "Mum said that")
    assert writer.flush()
    assert saved and saved[-1] == conference.id
    with Store(db_path) as store:
        assert store.load(conference.id or "").location == "Room 49"
        assert store.drafts(conference.id or "") == {"worries": "Mum said that"}
    assert writer.close()


def test_the_writer_runs_on_its_own_thread(db_path: Path, demo_data: dict[str, Any]) -> None:
    threads: list[str] = []
    writer = ConferenceWriter(db_path, on_saved=lambda _id: threads.append(threading.current_thread().name))
    writer.save(conference_file.from_json(demo_data))
    writer.close()
    assert threads == ["chairdesk-writer"]


def test_a_failed_save_is_reported_and_retried(db_path: Path, demo_data: dict[str, Any]) -> None:
    conference = conference_file.from_json(demo_data)
    errors: list[str] = []
    writer = ConferenceWriter(db_path, on_error=errors.append)
    conference.children[0].id = ""  # a conference that cannot be stored
    writer.save(conference)
    assert not writer.flush(timeout=1.0)  # not saved: the writer keeps it to try again
    assert errors and "children" in errors[0]
    conference.children[0].id = "mia"  # the newer copy replaces the failing one
    writer.save(conference)
    assert writer.flush()
    assert writer.close()
    with Store(db_path) as store:
        assert store.load(conference.id or "").children[0].id == "mia"


def test_an_unusable_database_is_reported_when_the_writer_starts(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database" * 1000)
    with pytest.raises(StorageError, match="has not been changed"):
        ConferenceWriter(bad)
