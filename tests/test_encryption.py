"""The database encrypted at rest (SQLCipher, the key in the credential store): nothing readable in the file or its
backups, every kind of unusable database still told apart (now with 'the key does not open it'), and a database
of an earlier ChairDesk encrypted once, in place, with its plain backups."""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path
from typing import Any

import pytest
from builders import minimal_conference
from test_storage import decrypt, old_database

from chairdesk import backups, conference_file, keys, storage
from chairdesk.errors import StorageError
from chairdesk.storage import Store

NAME = "Quillonbury"  # a child's name: it must be nowhere in the files in clear


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def holds_in_clear(path: Path, text: str) -> bool:
    data = path.read_bytes()
    return text.encode("utf-8") in data or text.encode("utf-16-le") in data


def a_database(db_path: Path) -> None:
    data = minimal_conference()
    data["children"][0]["name"] = NAME
    with Store(db_path) as store:
        store.save(conference_file.from_json(data))
        store.save_draft("test-1", "worries", f"{NAME} said she was frightened")
        store.keep_backup()


def every_file(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_the_database_its_wal_and_its_backups_hold_no_name_in_clear(db_path: Path) -> None:
    a_database(db_path)
    store = Store(db_path)  # left open: the WAL is there too
    store.save_draft("test-1", "key_points", f"{NAME} again")
    files = every_file(db_path.parent)
    assert any(p.name.endswith("-wal") for p in files) and any(p.parent.name == "backups" for p in files)
    for path in files:
        assert not holds_in_clear(path, NAME), path
        assert not path.read_bytes().startswith(storage.PLAIN_HEADER), path
    store.close()
    (backup,) = backups.rolling(db_path)
    assert backups.opens_cleanly(backup)  # with the key, the backup is a good one


def test_another_key_does_not_open_it_and_says_so_in_words(db_path: Path) -> None:
    a_database(db_path)
    before = digest(db_path)
    keys.put_data_key(secrets.token_bytes(keys.KEY_BYTES))  # the store's key replaced (or the file came from afar)
    with pytest.raises(StorageError) as refused:
        Store(db_path)
    assert refused.value.kind == "key"
    sentence = str(refused.value)
    assert "cannot be opened with the key kept for ChairDesk in this computer's credential store" in sentence
    assert "It has not been changed." in sentence and "chairdesk key recover" in sentence
    assert digest(db_path) == before
    assert not backups.opens_cleanly(backups.rolling(db_path)[0])  # so no backup is offered in its place


def test_no_key_in_the_store_says_so_in_words(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a_database(db_path)
    before = digest(db_path)
    monkeypatch.setenv("CHAIRDESK_DATA", str(tmp_path / "another data folder"))  # whose key the store has not
    keys.forget()
    with pytest.raises(StorageError) as refused:
        Store(db_path)
    assert refused.value.kind == "key" and "holds no key for ChairDesk's data" in str(refused.value)
    assert "It has not been changed." in str(refused.value)
    assert digest(db_path) == before


DAMAGE = {  # name: how, and the kind it must be called
    "a page in the middle overwritten": (lambda data: data[:8192] + os.urandom(4096) + data[12288:], "damaged"),
    "cut short": (lambda data: data[: len(data) // 2 + 100], "damaged"),
    "a text file saved over it": (lambda data: b"Dear Sir,\n" * 900, "damaged"),
    "zeros": (lambda data: bytes(len(data)), "damaged"),
    "noise (what a database of another key looks like)": (lambda data: os.urandom(len(data)), "key"),
}


@pytest.mark.parametrize("name", list(DAMAGE))
def test_a_damaged_encrypted_database_is_told_from_a_key_that_does_not_open_it(name: str, db_path: Path) -> None:
    data = minimal_conference()
    with Store(db_path) as store:
        for n in range(30):  # several pages
            store.save(conference_file.from_json(dict(data, id=f"c{n}", location=NAME * 40)))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage, kind = DAMAGE[name]
    db_path.write_bytes(damage(db_path.read_bytes()))
    before = digest(db_path)
    with pytest.raises(StorageError) as refused, Store(db_path) as store:
        for n in range(30):
            store.load(f"c{n}")
    assert refused.value.kind in ({kind, "conference-unreadable"} if kind == "damaged" else {kind}), refused.value
    assert digest(db_path) == before


def test_a_database_of_an_earlier_chairdesk_is_encrypted_once_in_place_with_its_backups(
    db_path: Path, demo_data: dict[str, Any]
) -> None:
    old_database(db_path, storage.SCHEMA_VERSION, demo_data)
    with Store(db_path) as store:  # as the earlier ChairDesk kept its rolling backups: plain copies
        pass
    assert not storage.is_plain(db_path)  # (the Store above already encrypted it: make it old again)
    decrypt(db_path)
    backups.folder(db_path).mkdir()
    plain_backup = backups.folder(db_path) / f"{db_path.stem}-20261101-100000-000000{db_path.suffix}"
    plain_backup.write_bytes(db_path.read_bytes())
    damaged_plain_backup = backups.folder(db_path) / f"{db_path.stem}-20261101-090000-000000{db_path.suffix}"
    damaged_plain_backup.write_bytes(db_path.read_bytes()[:5000])
    migration_backup = db_path.with_name(f"{db_path.stem}.v4-backup-20261101-080000{db_path.suffix}")
    migration_backup.write_bytes(db_path.read_bytes())
    assert holds_in_clear(db_path, "Harper") and holds_in_clear(plain_backup, "Harper")

    with Store(db_path) as store:
        assert store.load("demo-harper-2026-11-24") == conference_file.from_json(demo_data)
        store.save_draft("demo-harper-2026-11-24", "worries", "typed after")
    with Store(db_path) as store:  # and it opens again, encrypted, with what was typed
        assert store.drafts("demo-harper-2026-11-24") == {"worries": "typed after"}

    for path in every_file(db_path.parent):
        assert not holds_in_clear(path, "Harper"), path
        assert not storage.is_plain(path), path
    assert not damaged_plain_backup.exists()  # it could not be encrypted: overwritten and removed
    assert backups.opens_cleanly(plain_backup) and backups.opens_cleanly(migration_backup)
    assert not [p for p in db_path.parent.iterdir() if p.name.endswith(".encrypting")]


def test_sqlite_utils_works_over_the_encrypted_connection(db_path: Path, demo_data: dict[str, Any]) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data))
        assert "conferences" in store.db.table_names()
        assert store.db["conferences"].count == 1
        assert store.db.execute("PRAGMA cipher_version").fetchone()[0]  # SQLCipher, not plain SQLite
