"""The database: WAL, committed changes, the audit log, migrations with a backup, and refusing bad files."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from builders import minimal_conference

from chairdesk import conference_file, storage
from chairdesk.errors import ConflictError, StorageError
from chairdesk.storage import Store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_saved_conference_is_on_disk_for_another_connection(db_path: Path, demo_data: dict[str, Any]) -> None:
    conference = conference_file.from_json(demo_data)
    with Store(db_path) as store:
        store.save(conference, action="import")
        mode = store.db.execute("PRAGMA journal_mode").fetchone()[0]
        # A second, independent connection sees the committed change while the first is still open.
        other = storage.connect(db_path)
        (family,) = other.execute("SELECT family_name FROM conferences").fetchone()
        other.close()
    assert mode == "wal"
    assert family == "Harper"
    with Store(db_path) as store:
        assert store.load("demo-harper-2026-11-24") == conference
        assert store.last_conference_id() == "demo-harper-2026-11-24"


def test_a_new_conference_gets_an_id(db_path: Path) -> None:
    data = minimal_conference()
    del data["id"]
    conference = conference_file.from_json(data)
    with Store(db_path) as store:
        ident = store.save(conference)
        assert ident and conference.id == ident
        assert [s.id for s in store.list_conferences()] == [ident]


def test_the_audit_log_says_what_changed_and_cannot_be_altered(db_path: Path) -> None:
    conference = conference_file.from_json(minimal_conference())
    with Store(db_path) as store:
        store.save(conference, action="import")
        conference.key_points.append(
            conference_file.from_json(minimal_conference(key_points=[{"text": "Amy likes nursery."}])).key_points[0]
        )
        store.save(conference)
        conference.key_points[0].text = "Amy loves nursery."
        store.save(conference)
        store.save(conference)  # nothing changed: nothing logged
        entries = store.audit("test-1")
        assert [(e.action, e.field) for e in entries] == [
            ("import", ""),
            ("change", "key_points[0]"),
            ("change", "key_points[0].text"),
        ]
        # What changed and when, by field; the words themselves are kept only as fingerprints.
        assert entries[2].before == storage.fingerprint("Amy likes nursery.")
        assert entries[2].after == storage.fingerprint("Amy loves nursery.")
        assert entries[2].at and entries[2].before != entries[2].after
        with pytest.raises(storage.DatabaseError, match="audit log cannot be changed"):
            store.db.execute("UPDATE audit SET after = 'x'")
        with pytest.raises(storage.DatabaseError, match="audit log cannot be changed"):
            store.db.execute("DELETE FROM audit")


def test_an_invalid_conference_is_never_stored(db_path: Path) -> None:
    conference = conference_file.from_json(minimal_conference())
    with Store(db_path) as store:
        store.save(conference)
        conference.scaling = []
        conference.plan = None
        conference.children[0].id = ""  # breaks the format: ids may not be empty
        with pytest.raises(Exception, match="children"):
            store.save(conference)
        assert store.load("test-1").children[0].id == "c1"


WRITER = textwrap.dedent(
    """
    import sys
    from chairdesk import conference_file
    from chairdesk.storage import Store
    sys.path.insert(0, sys.argv[2])
    from builders import minimal_conference
    store = Store(sys.argv[1])
    conference = conference_file.from_json(minimal_conference())
    n = 0
    while True:
        n += 1
        conference.location = f"edit {n}"
        store.save(conference)
        print(n, flush=True)
    """
)


def test_kill_9_while_saving_loses_nothing_that_was_saved(db_path: Path) -> None:
    tests_dir = str(Path(__file__).parent)
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), tests_dir], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    last = 0
    for line in process.stdout:
        last = int(line)
        if last >= 40:
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with Store(db_path) as store:
        location = store.load("test-1").location
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Every save that reported success is there (the killed process may have committed one more).
    assert int(location.split()[1]) >= last


def test_a_damaged_file_is_refused_and_left_as_it_was(db_path: Path) -> None:
    db_path.write_bytes(b"Not a database: a letter saved over it by mistake.\n" * 200)
    before = digest(db_path)
    with pytest.raises(StorageError, match="cannot be read: it is damaged or is not a database"):
        Store(db_path)
    assert digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_a_truncated_database_is_refused(db_path: Path, demo_data: dict[str, Any]) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2] + b"\x00" * 100)
    before = digest(db_path)
    with pytest.raises(StorageError, match=r"(damaged|cannot be read)"):
        Store(db_path).load("demo-harper-2026-11-24")
    assert digest(db_path) == before


def test_a_database_from_a_newer_version_is_refused(db_path: Path) -> None:
    Store(db_path).close()
    with storage.connect(db_path) as connection:
        connection.execute("PRAGMA user_version = 99")
    connection.close()
    before = digest(db_path)
    with pytest.raises(StorageError, match="newer version of ChairDesk"):
        Store(db_path)
    assert digest(db_path) == before


def test_someone_elses_database_is_refused(db_path: Path) -> None:
    with storage.connect(db_path, plain=True) as connection:  # another program's: plain SQLite
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    connection.close()
    before = digest(db_path)
    with pytest.raises(StorageError, match="is not a ChairDesk database"):
        Store(db_path)
    assert digest(db_path) == before


def test_a_migration_is_preceded_by_a_backup(
    db_path: Path, demo_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data))

    def add_column(db: Any) -> None:
        db["conferences"].add_column("archived", int)

    monkeypatch.setattr(storage, "SCHEMA_VERSION", storage.SCHEMA_VERSION + 1)
    monkeypatch.setattr(storage, "MIGRATIONS", [*storage.MIGRATIONS, add_column])
    with Store(db_path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == storage.SCHEMA_VERSION
        assert "archived" in store.db["conferences"].columns_dict
    old_version = storage.SCHEMA_VERSION - 1
    backups = list(db_path.parent.glob(f"conferences.v{old_version}-backup-*.sqlite"))
    assert len(backups) == 1
    with storage.connect(backups[0]) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == old_version
        assert old.execute("SELECT family_name FROM conferences").fetchone()[0] == "Harper"
    old.close()


def test_loading_an_unknown_conference_says_so(db_path: Path) -> None:
    with Store(db_path) as store, pytest.raises(StorageError, match="no conference with the id 'nope'"):
        store.load("nope")


def decrypt(db_path: Path) -> None:
    """Make the database at ``db_path`` a plain SQLite file, as every ChairDesk before issue 12 left it."""
    plain = db_path.with_name("plain.sqlite")
    connection = storage.connect(db_path)
    (application,) = connection.execute("PRAGMA application_id").fetchone()
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    connection.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
    connection.execute("SELECT sqlcipher_export('plain')")
    connection.execute(f"PRAGMA plain.application_id = {application}")
    connection.execute(f"PRAGMA plain.user_version = {version}")
    connection.execute("DETACH DATABASE plain")
    connection.close()
    os.replace(plain, db_path)
    assert storage.is_plain(db_path)


def old_database(db_path: Path, version: int, data: dict[str, Any], audit: list[tuple[str, Any, Any]] = ()) -> None:
    """A database as ChairDesk ``version`` left it: plain SQLite, its tables, one conference and audit entries in
    clear."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(storage, "SCHEMA_VERSION", version)
        Store(db_path).close()
    decrypt(db_path)
    with storage.connect(db_path, plain=True) as connection:
        connection.execute(
            "INSERT INTO conferences (id, type, date, family_name, created_at, updated_at, document) "
            "VALUES (?, ?, ?, ?, '2026-11-01T10:00:00', '2026-11-01T10:00:00', ?)",
            (data["id"], data["type"], data["date"], data["family"]["name"], json.dumps(data)),
        )
        connection.executemany(
            "INSERT INTO audit (at, conference_id, action, field, before, after) VALUES (?, ?, 'change', ?, ?, ?)",
            [("2026-11-01T10:00:00", data["id"], f, json.dumps(b), json.dumps(a)) for f, b, a in audit],
        )
        connection.execute("INSERT INTO settings (key, value) VALUES ('last_conference', ?)", (data["id"],))
    connection.close()


def test_a_version_1_database_is_migrated_keeping_its_conferences(db_path: Path, demo_data: dict[str, Any]) -> None:
    old_database(db_path, 1, demo_data)
    with Store(db_path) as store:
        assert store.load("demo-harper-2026-11-24").family.name == "Harper"
        store.save_draft("demo-harper-2026-11-24", "worries", "Mum said")
        assert store.drafts("demo-harper-2026-11-24") == {"worries": "Mum said"}
        store.save_draft("demo-harper-2026-11-24", "worries", "")
        assert store.drafts("demo-harper-2026-11-24") == {}
    assert len(list(db_path.parent.glob("conferences.v1-backup-*.sqlite"))) == 1


# -- a save never overwrites a version it did not read ---------------------------------------------------


def key_point(text: str) -> Any:
    return conference_file.from_json(minimal_conference(key_points=[{"text": text}])).key_points[0]


def test_two_copies_on_one_database_never_erase_each_others_changes(db_path: Path) -> None:
    with Store(db_path) as setup:
        setup.save(conference_file.from_json(minimal_conference()), action="import")
    first, second = Store(db_path), Store(db_path)
    mine, theirs = first.load("test-1"), second.load("test-1")
    mine.key_points.append(key_point("Added in the first window"))
    first.save(mine)
    theirs.key_points.append(key_point("Added in the second window"))
    with pytest.raises(ConflictError, match="changed by another copy of ChairDesk or another program") as refused:
        second.save(theirs)  # it never read the first window's change: saving would erase it
    assert "your change is kept in this window but not saved" in str(refused.value)
    mine.key_points.append(key_point("Added in the first window again"))
    first.save(mine)
    first.close()
    second.close()
    with Store(db_path) as store:
        stored = store.load("test-1")
        assert [k.text for k in stored.key_points] == ["Added in the first window", "Added in the first window again"]
        assert store.stored_version("test-1") == 3
        # The refused save wrote nothing, not even to the audit.
        assert [e.field for e in store.audit("test-1")] == ["", "key_points[0]", "key_points[1]"]


def test_a_copy_that_read_the_newer_version_saves_over_it(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(minimal_conference()))
        assert (store.known_version("test-1"), store.stored_version("test-1")) == (1, 1)
    with Store(db_path) as other:
        conference = other.load("test-1")
        conference.location = "Room 2"
        other.save(conference)
        conference.location = "Room 3"
        other.save(conference)  # its own saves: the version it wrote is the one it expects
        assert other.known_version("test-1") == 3
    with Store(db_path) as store:
        conference = store.load("test-1")
        conference.location = "Room 4"
        assert store.save(conference, expected_version=3) == "test-1"
        with pytest.raises(ConflictError):
            store.save(conference, expected_version=3)


def test_a_store_that_never_read_a_conference_cannot_save_over_it_unless_replacing(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(minimal_conference(location="Room 1")))
    replacement = conference_file.from_json(minimal_conference(location="Room 9"))
    with Store(db_path) as store:
        with pytest.raises(ConflictError):
            store.save(replacement)
        store.save(replacement, action="import", replace=True)  # chairdesk import --replace: on purpose
        assert store.load("test-1").location == "Room 9"
        assert store.stored_version("test-1") == 2


# -- what is deleted does not stay on disk ------------------------------------------------------------------


def file_bytes(db_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db_path.parent.iterdir() if p.name.startswith(db_path.name))


def test_deleted_and_undone_words_do_not_stay_in_the_database_file(db_path: Path) -> None:
    conference = conference_file.from_json(minimal_conference())
    with Store(db_path) as store:
        store.save(conference)
        conference.key_points.append(key_point("Zebracrossing said something private"))
        store.save(conference)
        conference.key_points[0].text = "Zebracrossing said something else"
        store.save(conference)
        del conference.key_points[0]  # deleted (or undone)
        store.save(conference)
        store.save_draft("test-1", "worries", "Quokkadraft half typed")
        store.save_draft("test-1", "worries", "")  # added or cleared: the draft goes
        assert store.db.execute("PRAGMA secure_delete").fetchone()[0] == 1
        fields = [(e.action, e.field) for e in store.audit("test-1")]
        assert fields == [("create", ""), ("change", "key_points[0]"), ("change", "key_points[0].text")] + [
            ("change", "key_points[0]")
        ]
        assert store.audit("test-1")[-1].after is None  # deleted: there is no value after
    on_disk = file_bytes(db_path)
    assert b"Zebracrossing" not in on_disk
    assert b"Quokkadraft" not in on_disk


def test_the_migration_keeps_fingerprints_of_old_audit_words_and_the_log_stays_append_only(
    db_path: Path,
) -> None:
    data = minimal_conference()
    old_database(db_path, 2, data, audit=[("key_points[0].text", "Wombatword before", "Wombatword after")])
    assert b"Wombatword" in db_path.read_bytes()
    with Store(db_path) as store:
        (entry,) = store.audit("test-1")
        assert (entry.action, entry.field, entry.at) == ("change", "key_points[0].text", "2026-11-01T10:00:00")
        assert entry.before == storage.fingerprint("Wombatword before")
        assert entry.after == storage.fingerprint("Wombatword after")
        assert store.stored_version("test-1") == 1
        with pytest.raises(storage.DatabaseError, match="audit log cannot be changed"):
            store.db.execute("UPDATE audit SET after = 'x'")
        with pytest.raises(storage.DatabaseError, match="audit log cannot be changed"):
            store.db.execute("DELETE FROM audit")
        conference = store.load("test-1")
        conference.location = "Room 2"
        store.save(conference)
        assert store.stored_version("test-1") == 2
    assert b"Wombatword" not in db_path.read_bytes()
    # The copy taken before the migration is the old database as it was, for going back to the old version.
    assert len(list(db_path.parent.glob("conferences.v2-backup-*.sqlite"))) == 1


def test_a_new_database_never_takes_in_a_wal_file_left_by_another(db_path: Path, demo_data: dict[str, Any]) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data))
        left = Path(f"{db_path}-wal").read_bytes()  # the committed conference, still only in the WAL
        assert left
    Path(f"{db_path}-wal").write_bytes(left)  # as a database moved away without its -wal would leave it
    db_path.unlink()
    with Store(db_path) as store:
        assert store.list_conferences() == []
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    (kept,) = db_path.parent.glob(f"{db_path.name}-wal.left-*")
    assert kept.read_bytes() == left
