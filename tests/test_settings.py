"""This computer's settings (chairdesk.settings): declared once with their types and defaults, kept in a small
owner-only file in the data folder, a damaged file never in the way, and what an earlier ChairDesk kept in the
database carried over."""

from __future__ import annotations

import json
import logging
import os
import stat
import sys
from pathlib import Path

import pytest
from builders import minimal_conference

from chairdesk import conference_file, settings, storage
from chairdesk.recording.devices import remember_device, remembered_device
from chairdesk.recording.second_copy import second_folder, set_second_folder
from chairdesk.settings import MICROPHONE, OPTIONS, SECOND_FOLDER, Settings


def test_every_setting_is_its_default_until_chosen_and_reading_writes_nothing() -> None:
    assert settings.settings_file() == Path(os.environ["CHAIRDESK_DATA"]) / "settings.json"
    assert settings.get(MICROPHONE) is None
    assert settings.get(SECOND_FOLDER) is None
    assert [settings.get(o) for o in OPTIONS.values()] == [o.default for o in OPTIONS.values()]
    assert not settings.settings_file().exists()


def test_a_chosen_value_comes_back_as_its_type_from_an_owner_only_file(tmp_path: Path) -> None:
    stick = tmp_path / "USB stick" / "copies"
    set_second_folder(stick)
    remember_device("Jabra SPEAK 510")
    again = Settings()  # another reader of the same file: another window, the command line
    assert again.get(SECOND_FOLDER) == stick and isinstance(again.get(SECOND_FOLDER), Path)
    assert remembered_device(again) == "Jabra SPEAK 510"
    stored = json.loads(settings.settings_file().read_text(encoding="utf-8"))
    assert stored == {"recording.input_device": "Jabra SPEAK 510", "recording.second_folder": str(stick)}
    if sys.platform != "win32":
        assert stat.S_IMODE(settings.settings_file().stat().st_mode) == 0o600
    set_second_folder(None)  # no second copy: back to the default, the other setting kept
    assert second_folder() is None
    assert json.loads(settings.settings_file().read_text(encoding="utf-8")) == {
        "recording.input_device": "Jabra SPEAK 510"
    }


def test_a_value_of_another_type_is_refused_and_nothing_is_written() -> None:
    settings.put(MICROPHONE, "Jabra SPEAK 510")
    before = settings.settings_file().read_bytes()
    with pytest.raises(TypeError, match="recording.second_folder takes a Path"):
        settings.put(SECOND_FOLDER, "/media/stick")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="recording.input_device takes a str"):
        settings.put(MICROPHONE, 3)  # type: ignore[arg-type]
    assert settings.settings_file().read_bytes() == before


def test_every_declared_setting_round_trips_its_default_and_a_key_is_declared_once() -> None:
    for declared in OPTIONS.values():
        assert declared.parse(declared.dump(declared.default)) == declared.default
        assert declared.about
    with pytest.raises(ValueError, match="declared twice"):
        settings.option(MICROPHONE.key, str, None, "again")


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00 not text", b'["a", "list"]', b""],
    ids=["not-json", "not-text", "not-an-object", "empty"],
)
def test_a_damaged_settings_file_gives_the_defaults_and_a_plain_warning(
    content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    file = settings.settings_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="chairdesk.settings"):
        assert remembered_device() is None
        assert second_folder() is None
    (warning, *_) = caplog.records
    assert warning.exc_info is None and "Traceback" not in caplog.text
    assert warning.getMessage().startswith(f"The settings file {file} is not used: ")
    assert "ChairDesk uses its defaults" in warning.getMessage()
    # Choosing again writes a good file; the damaged one is kept aside, not lost.
    remember_device("Jabra SPEAK 510")
    assert remembered_device() == "Jabra SPEAK 510"
    (aside,) = file.parent.glob("settings.json.unreadable-*")
    assert aside.read_bytes() == content


def test_a_value_of_the_wrong_type_is_its_default_and_the_others_are_read(caplog: pytest.LogCaptureFixture) -> None:
    file = settings.settings_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps({"recording.input_device": "Jabra SPEAK 510", "recording.second_folder": 7}))
    with caplog.at_level(logging.WARNING, logger="chairdesk.settings"):
        assert second_folder() is None
        assert remembered_device() == "Jabra SPEAK 510"
    assert [r.getMessage() for r in caplog.records] == [
        f"The settings file {file} is not used: the value kept for recording.second_folder is not a Path. ChairDesk "
        "uses its defaults for this computer's settings (the computer's default microphone, no second copy of "
        "recordings) and keeps the file; choosing a setting again writes a new one."
    ]


# -- carried over from the database, where an earlier ChairDesk kept them ----------------------------------------


def database_of_an_earlier_chairdesk(db_path: Path, kept: dict[str, str]) -> None:
    """A database as the ChairDesk before the settings file left it: one conference, and this computer's settings
    in its settings table."""
    with storage.open_store(db_path) as store:
        store.save(conference_file.from_json(minimal_conference()), action="import")
    connection = storage.connect(db_path)
    with connection:
        connection.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", list(kept.items()))
    connection.close()


def settings_rows(db_path: Path) -> dict[str, str]:
    connection = storage.connect(db_path)
    try:
        return dict(connection.execute("SELECT key, value FROM settings").fetchall())
    finally:
        connection.close()


def test_an_existing_databases_microphone_and_second_folder_carry_over(db_path: Path) -> None:
    database_of_an_earlier_chairdesk(
        db_path, {"recording.input_device": "Jabra SPEAK 510", "recording.second_folder": "/media/stick"}
    )
    assert remembered_device() is None  # still in the database, where this version no longer looks
    with storage.open_store(db_path) as store:
        assert store.last_conference_id() == "test-1"
    assert remembered_device() == "Jabra SPEAK 510"
    assert second_folder() == Path("/media/stick")
    # They left the database: only the database's own setting (the conference last saved) is there.
    assert settings_rows(db_path) == {"last_conference": "test-1"}


def test_a_choice_made_on_this_computer_is_never_replaced_by_a_databases_old_one(db_path: Path) -> None:
    database_of_an_earlier_chairdesk(db_path, {"recording.input_device": "Old USB microphone"})
    remember_device("Jabra SPEAK 510")  # chosen since (another database, or the database restored from a backup)
    storage.open_store(db_path).close()
    assert remembered_device() == "Jabra SPEAK 510"
    assert settings_rows(db_path) == {"last_conference": "test-1"}


def test_settings_that_cannot_be_written_stay_in_the_database_until_they_can(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    in_the_way = tmp_path / "a file where the data folder should be"
    in_the_way.write_text("")
    monkeypatch.setenv("CHAIRDESK_DATA", str(in_the_way))
    database_of_an_earlier_chairdesk(db_path, {"recording.input_device": "Jabra SPEAK 510"})
    with caplog.at_level(logging.WARNING, logger="chairdesk.migrations"), storage.open_store(db_path) as store:
        assert store.exists("test-1")  # the database opens all the same
    assert "they stay in the database and moving them is tried again" in caplog.text
    assert "Traceback" not in caplog.text
    assert settings_rows(db_path)["recording.input_device"] == "Jabra SPEAK 510"
    in_the_way.unlink()
    in_the_way.mkdir()  # the data folder can be written again: the next open moves them
    storage.open_store(db_path).close()
    assert remembered_device() == "Jabra SPEAK 510"
    assert "recording.input_device" not in settings_rows(db_path)


def test_a_database_busy_with_another_writer_opens_and_its_settings_move_at_the_next_open(db_path: Path) -> None:
    database_of_an_earlier_chairdesk(db_path, {"recording.input_device": "Jabra SPEAK 510"})
    other = storage.connect(db_path)  # another writer holding the database (the writer thread, an import)
    other.execute("BEGIN IMMEDIATE")
    try:
        with storage.open_store(db_path) as store:  # never called damaged for a lock that passes
            assert store.exists("test-1")
    finally:
        other.rollback()
        other.close()
    assert remembered_device() == "Jabra SPEAK 510"
    assert settings_rows(db_path)["recording.input_device"] == "Jabra SPEAK 510"  # not removed while busy
    storage.open_store(db_path).close()
    assert settings_rows(db_path) == {"last_conference": "test-1"}
