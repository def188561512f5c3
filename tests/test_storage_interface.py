"""Storage behind one interface (storage.ConferenceStore), made in one place (storage.open_store): a conference
read with its version, and a save given that version refused in words when it was saved elsewhere since."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import minimal_conference

from chairdesk import conference_file, storage
from chairdesk.errors import ConflictError, StorageError
from chairdesk.storage import ConferenceStore, Loaded, open_store


def key_point(text: str) -> object:
    return conference_file.from_json(minimal_conference(key_points=[{"text": text}])).key_points[0]


def test_the_store_open_store_makes_is_the_interface(db_path: Path) -> None:
    with open_store(db_path) as store:
        assert isinstance(store, ConferenceStore)
        assert isinstance(store, storage.Store)  # the embedded one: one SQLite file
        store.save(conference_file.from_json(minimal_conference()), action="import")
        loaded = store.read("test-1")
    assert isinstance(loaded, Loaded)
    conference, version = loaded
    assert (conference.id, version) == ("test-1", 1)


def test_a_save_given_the_version_read_is_refused_when_saved_elsewhere_since(db_path: Path) -> None:
    with open_store(db_path) as setup:
        setup.save(conference_file.from_json(minimal_conference()), action="import")
    first, second = open_store(db_path), open_store(db_path)  # two windows, two copies, later two chairs
    try:
        mine, theirs = first.read("test-1"), second.read("test-1")
        assert mine.version == theirs.version == 1
        mine.conference.key_points.append(key_point("Added in the first window"))
        first.save(mine.conference, expected_version=mine.version)
        # The second store reads the conference again for something else (the home's list, an export): what it
        # read there is not what its window holds, and must not make the window's old copy saveable.
        assert second.read("test-1").version == 2
        theirs.conference.key_points.append(key_point("Added in the second window"))
        with pytest.raises(ConflictError) as refused:
            second.save(theirs.conference, expected_version=theirs.version)
        error = refused.value
        assert isinstance(error, StorageError) and error.kind == "conflict"
        assert str(error).startswith("This conference was saved elsewhere since you opened it")
        assert "your change is kept in this window but not saved" in str(error)
        assert "Traceback" not in str(error)
        # Nothing of the refused save was written, not even to the audit.
        assert second.stored_version("test-1") == 2
        assert [k.text for k in second.load("test-1").key_points] == ["Added in the first window"]
        assert [e.field for e in second.audit("test-1")] == ["", "key_points[0]"]
        # Given the version now stored (read again, the first window's change in it), it saves.
        again = second.read("test-1")
        again.conference.key_points.append(key_point("Added in the second window"))
        second.save(again.conference, expected_version=again.version)
        assert second.stored_version("test-1") == 3
    finally:
        first.close()
        second.close()
    with open_store(db_path) as store:
        assert [k.text for k in store.load("test-1").key_points] == [
            "Added in the first window",
            "Added in the second window",
        ]


def test_open_store_refuses_what_cannot_be_used_in_words(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    with pytest.raises(StorageError, match="is empty") as refused:
        open_store(str(empty))
    assert refused.value.kind == "empty"
