"""The one writer thread: saves reach the database, the newest copy wins, and failures are reported."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from small_disk import fill_up, mount_small_disk, unmount

from chairdesk import conference_file, storage
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


def test_a_stale_copy_in_a_second_window_is_refused_in_words_and_nothing_is_lost(
    db_path: Path, demo_data: dict[str, Any]
) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data), action="import")
        first_copy, second_copy = store.load("demo-harper-2026-11-24"), store.load("demo-harper-2026-11-24")
        version = store.known_version("demo-harper-2026-11-24") or 0
    first_errors: list[str] = []
    second_errors: list[str] = []
    first = ConferenceWriter(db_path, on_error=first_errors.append)
    second = ConferenceWriter(db_path, on_error=second_errors.append)
    first.expect_version("demo-harper-2026-11-24", version)
    second.expect_version("demo-harper-2026-11-24", version)

    first_copy.location = "Room A"
    first.save(first_copy)
    assert first.flush()
    second_copy.location = "Room B"  # "All changes saved" in the second window would be a lie: it is refused
    second.save(second_copy)
    assert not second.flush()
    assert second_errors == [storage.CONFLICT]
    assert second.failing == storage.CONFLICT
    first_copy.location = "Room A, again"
    first.save(first_copy)  # the first window goes on saving: the version it last wrote is the stored one
    assert first.flush() and first.failing is None and first_errors == []
    # Not tried again behind the chair's back: a draft handed over later is saved, the refused copy is not.
    second.save_draft("demo-harper-2026-11-24", "worries", "Typed in the second window")
    assert not second.flush()
    assert second_errors == [storage.CONFLICT]
    assert not second.close(timeout=60)
    assert first.close()
    with Store(db_path) as store:
        assert store.load("demo-harper-2026-11-24").location == "Room A, again"
        assert store.drafts("demo-harper-2026-11-24") == {"worries": "Typed in the second window"}


def test_closing_while_saves_fail_returns_at_once_and_says_so(db_path: Path, demo_data: dict[str, Any]) -> None:
    conference = conference_file.from_json(demo_data)
    errors: list[str] = []
    writer = ConferenceWriter(db_path, on_error=errors.append)
    conference.children[0].id = ""  # a save that fails each time it is tried
    writer.save(conference)
    # Both return as soon as the save has failed (nothing new was handed over, so waiting cannot help), far
    # sooner than their timeout; the console then asks the chair.
    started = time.monotonic()
    assert not writer.flush(timeout=30)
    assert writer.failing and "children" in writer.failing
    assert not writer.close(timeout=30)
    assert time.monotonic() - started < 15
    assert errors and "children" in errors[0]


def test_saving_that_recovers_clears_the_failure(db_path: Path, demo_data: dict[str, Any]) -> None:
    conference = conference_file.from_json(demo_data)
    writer = ConferenceWriter(db_path)
    conference.children[0].id = ""
    writer.save(conference)
    assert not writer.flush(timeout=30) and writer.failing
    conference.children[0].id = "mia"
    writer.save(conference)  # something new was handed over: flush waits for it
    assert writer.flush(timeout=30)
    assert writer.failing is None
    assert writer.close()


def test_a_save_that_failed_for_a_full_disk_is_saved_when_space_comes_back(
    tmp_path: Path, demo_data: dict[str, Any]
) -> None:
    """Not taken for another copy's change: the retry expects the version that was read, as the first try did."""
    disk = tmp_path / "small-disk"
    mount_small_disk(disk)
    try:
        db = disk / "chairdesk.sqlite"
        with Store(db) as store:
            store.save(conference_file.from_json(demo_data), action="import")
            conference = store.load(demo_data["id"])
            version = store.known_version(demo_data["id"])
        assert version is not None
        writer = ConferenceWriter(db)
        writer.expect_version(demo_data["id"], version)
        filler = fill_up(disk)
        conference.location = "Saved once there is room"
        writer.save(conference)
        assert not writer.flush(timeout=30)
        assert "disk is full" in (writer.failing or "")
        time.sleep(2.5)  # at least one more try on the full disk, as when the chair carries on
        filler.unlink()
        deadline = time.monotonic() + 30
        while writer.failing is not None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert writer.failing is None  # saved on a later try, not refused as a conflict
        assert writer.close()
        with Store(db) as store:
            assert store.load(demo_data["id"]).location == "Saved once there is room"
    finally:
        unmount(disk)
