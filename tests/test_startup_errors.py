"""A database or data folder that cannot be used: the right sentence from the store, one ``error:`` line from
every subcommand, and a window (with the last good backup offered) when the app starts."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from builders import minimal_conference, write_json
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from unprivileged import run_bound_by_permissions

from chairdesk import backups, conference_file, keys, storage
from chairdesk.cli import main
from chairdesk.errors import StorageError, for_the_log
from chairdesk.gui import app as app_module
from chairdesk.gui.app import open_app, what_happened
from chairdesk.gui.startup_error import StartupErrorDialog
from chairdesk.storage import Store

SECRET_NAME = "Xylophonia"  # a child's name: it must never reach the log or a message about damage


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def chairdesk_database(db: Path) -> None:
    data = minimal_conference()
    data["children"][0]["name"] = SECRET_NAME
    with Store(db) as store:
        store.save(conference_file.from_json(data))


def set_document(db: Path, document: str) -> None:
    with storage.connect(db) as connection:
        connection.execute("UPDATE conferences SET document = ?", (document,))
    connection.close()


def empty_file(db: Path) -> None:
    db.write_bytes(b"")


def not_a_database(db: Path) -> None:
    db.write_bytes(b"Minutes of the team meeting, saved over the database by mistake.\n" * 100)


def damaged_page(db: Path) -> None:
    chairdesk_database(db)
    data = db.read_bytes()
    db.write_bytes(data[:4096] + os.urandom(4096) + data[8192:])


def another_key(db: Path) -> None:
    chairdesk_database(db)  # then the key in the credential store is another one
    keys.put_data_key(secrets.token_bytes(keys.KEY_BYTES))


def another_programs_database(db: Path) -> None:
    with storage.connect(db, plain=True) as connection:  # another program's database: plain SQLite
        connection.execute("CREATE TABLE invoices (id INTEGER, customer TEXT)")
    connection.close()


def newer_version(db: Path) -> None:
    chairdesk_database(db)
    with storage.connect(db) as connection:
        connection.execute("PRAGMA user_version = 99")
    connection.close()


def broken_json(db: Path) -> None:
    chairdesk_database(db)
    cut_the_document(db)


def cut_the_document(db: Path) -> None:
    with storage.connect(db) as connection:
        (document,) = connection.execute("SELECT document FROM conferences").fetchone()
    connection.close()
    set_document(db, document[: len(document) // 2])  # cut off half-way


def off_the_format(db: Path) -> None:
    chairdesk_database(db)
    data = minimal_conference(date="2027-02-30")  # passes SQLite's checks, fails the conference format
    data["children"][0]["name"] = SECRET_NAME
    data["family"] = SECRET_NAME
    set_document(db, json.dumps(data))


# name: (make it, kind, words the sentence must have)
BAD_DATABASES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "empty file": (empty_file, "empty", "is empty (0 bytes)"),
    "not a database": (not_a_database, "damaged", "damaged or is not a database"),
    "a damaged page": (damaged_page, "damaged", "damaged"),
    "another key": (another_key, "key", "cannot be opened with the key kept for ChairDesk"),
    "another program's SQLite file": (another_programs_database, "not-chairdesk", "is not a ChairDesk database"),
    "newer version": (newer_version, "newer", "newer version of ChairDesk"),
}
BAD_CONFERENCES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "broken JSON": (broken_json, "conference-unreadable", "its stored copy is damaged"),
    "off the format": (off_the_format, "conference-unreadable", "its stored copy is damaged"),
}


@pytest.mark.parametrize("name", list(BAD_DATABASES))
def test_a_bad_database_is_refused_in_words_and_left_as_it_was(name: str, db_path: Path) -> None:
    make, kind, words = BAD_DATABASES[name]
    make(db_path)
    before = digest(db_path)
    with pytest.raises(StorageError) as refused:
        Store(db_path)
    assert refused.value.kind == kind
    assert words in str(refused.value) and str(db_path) in str(refused.value)
    assert "It has not been changed." in str(refused.value)
    assert digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_only_a_missing_file_is_a_new_database_and_it_is_never_left_empty(db_path: Path) -> None:
    with Store(db_path) as store:
        assert store.list_conferences() == []
    assert db_path.stat().st_size > 0
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]
    Store(db_path).close()  # and it opens again as ChairDesk's


@pytest.mark.parametrize("name", list(BAD_CONFERENCES))
def test_a_stored_conference_that_cannot_be_read_is_said_without_its_content(name: str, db_path: Path) -> None:
    make, kind, words = BAD_CONFERENCES[name]
    make(db_path)
    with Store(db_path) as store, pytest.raises(StorageError) as refused:
        store.load("test-1")
    assert refused.value.kind == kind and words in str(refused.value)
    assert "'test-1'" in str(refused.value) and str(db_path) in str(refused.value)
    assert SECRET_NAME not in str(refused.value)
    assert refused.value.__cause__ is None and refused.value.__suppress_context__


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_error_line(code: int, err: str, words: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err and words in err
    assert SECRET_NAME not in err


@pytest.mark.parametrize("command", ["list", "export", "import", "demo"])
@pytest.mark.parametrize("name", list(BAD_DATABASES))
def test_every_subcommand_says_a_bad_database_in_one_line(
    name: str, command: str, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, _kind, words = BAD_DATABASES[name]
    make(db_path)
    before = digest(db_path)
    args = {
        "list": ["list"],
        "export": ["export", "test-1", "--out", str(tmp_path / "out.json")],
        "import": ["import", str(write_json(tmp_path / "in.json", minimal_conference(id="other")))],
        "demo": ["demo", "--no-window"],
    }[command]
    code, out, err = cli(capsys, "--db", str(db_path), *args)
    assert_one_error_line(code, err, words)
    assert digest(db_path) == before
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("name", list(BAD_CONFERENCES))
def test_export_of_a_conference_that_cannot_be_read_is_one_line(
    name: str, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, _kind, words = BAD_CONFERENCES[name]
    make(db_path)
    code, _, err = cli(capsys, "--db", str(db_path), "export", "test-1", "--out", str(tmp_path / "out.json"))
    assert_one_error_line(code, err, words)
    assert not (tmp_path / "out.json").exists()
    code, out, _ = cli(capsys, "--db", str(db_path), "list")  # the others are still listed
    assert code == 0 and "test-1" in out


# -- permissions (root ignores them, so these run as an unprivileged user) ---------------------------------


def database_with_permissions(tmp_path: Path, folder_mode: int, file_mode: int | None) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "chairdesk.sqlite"
    if file_mode is not None:
        chairdesk_database(db)
        db.chmod(file_mode)
    folder.chmod(folder_mode)
    return db


PERMISSIONS = {  # name: (folder mode, file mode or None for no file yet, kind, words)
    "read-only folder": (0o555, 0o666, "read-only-folder", "is in a folder ChairDesk cannot write to"),
    "read-only folder, no database yet": (0o555, None, "read-only-folder", "is read-only or belongs to someone"),
    "read-only file": (0o777, 0o444, "read-only-file", "is read-only, so ChairDesk could not save"),
    "no permission to read": (0o777, 0o000, "no-permission", "you do not have permission to read it"),
}

STORE_SENTENCE = """
import sys
from chairdesk.errors import StorageError, for_the_log
from chairdesk.storage import Store
try:
    Store(sys.argv[1]).close()
except StorageError as error:
    print(error.kind)
    print(error)
"""


@pytest.fixture
def permissions_restored(tmp_path: Path) -> Any:
    yield
    for path in [tmp_path, *tmp_path.rglob("*")]:
        path.chmod(0o700)  # so pytest can remove the folder


@pytest.mark.parametrize("name", list(PERMISSIONS))
def test_a_folder_or_file_that_cannot_be_written_is_said_as_such_not_called_damaged(
    name: str, tmp_path: Path, permissions_restored: None
) -> None:
    folder_mode, file_mode, kind, words = PERMISSIONS[name]
    db = database_with_permissions(tmp_path, folder_mode, file_mode)
    before = digest(db) if file_mode is not None else None
    result = run_bound_by_permissions(["-c", STORE_SENTENCE, str(db)])
    assert result.returncode == 0, result.stderr
    said_kind, sentence = result.stdout.strip().split("\n", 1)
    assert said_kind == kind and words in sentence, sentence
    assert "damaged" not in sentence
    assert str(db) in sentence
    for command in (["list"], ["demo", "--no-window"], ["export", "test-1", "--out", "-"]):
        cli_result = run_bound_by_permissions(["-m", "chairdesk.cli", "--db", str(db), *command])
        assert_one_error_line(cli_result.returncode, cli_result.stderr, words)
    db.parent.chmod(0o700)
    if before is not None:
        db.chmod(0o600)
        assert digest(db) == before
    else:
        assert list(db.parent.iterdir()) == []


# -- the window at start-up ---------------------------------------------------------------------------------


def answer_the_dialog(choice: str, seen: list[StartupErrorDialog]) -> None:
    """When the start-up dialog shows, remember it and click ``choice`` ("restore" or "quit")."""

    def look() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, StartupErrorDialog) and w.isVisible()]
        if not shown:
            QTimer.singleShot(20, look)
            return
        dialog = shown[0]
        seen.append(dialog)
        button = dialog.restore_button if choice == "restore" and dialog.restore_button else dialog.quit_button
        button.click()

    QTimer.singleShot(0, look)


@pytest.mark.parametrize("name", [*BAD_DATABASES, *BAD_CONFERENCES])
def test_starting_on_a_bad_database_shows_a_window_with_the_cause_and_what_to_do(
    name: str, qtbot: Any, db_path: Path
) -> None:
    make, kind, words = {**BAD_DATABASES, **BAD_CONFERENCES}[name]
    make(db_path)
    seen: list[StartupErrorDialog] = []
    answer_the_dialog("quit", seen)
    app, problem = open_app(db_path)
    assert app is None and isinstance(problem, StorageError) and problem.kind == kind
    (dialog,) = seen
    assert words in dialog.text() and f"Database: {db_path}" in dialog.informativeText()
    assert "Your work so far is saved" not in dialog.text()
    assert dialog.restore_button is None  # there is no backup yet to offer
    assert SECRET_NAME not in dialog.text() + dialog.informativeText()


def test_an_empty_database_with_no_conference_yet_says_what_to_do_in_a_window(qtbot: Any, db_path: Path) -> None:
    Store(db_path).close()
    seen: list[StartupErrorDialog] = []
    answer_the_dialog("quit", seen)
    app, problem = open_app(db_path)
    assert app is None and problem is not None
    assert "there is no conference to open yet" in seen[0].text() and "chairdesk demo" in seen[0].text()


def test_a_good_start_takes_a_backup_which_is_offered_and_restored_when_the_database_is_damaged(
    qtbot: Any, db_path: Path
) -> None:
    chairdesk_database(db_path)
    first, _ = open_app(db_path)
    assert first is not None
    assert first.controller.close()
    (backup,) = backups.rolling(db_path)
    assert backup.parent == db_path.parent / "backups"
    cut_the_document(db_path)  # the one conference can no longer be read
    damaged = db_path.read_bytes()
    seen: list[StartupErrorDialog] = []
    answer_the_dialog("restore", seen)
    app, problem = open_app(db_path)
    assert problem is None and app is not None
    try:
        assert seen[0].restore_button is not None
        assert "A backup taken on" in seen[0].informativeText()
        assert "its stored copy is damaged" in seen[0].text()
        assert app.controller.conference.children[0].name == SECRET_NAME  # the conference, as it was backed up
        (aside,) = db_path.parent.glob("conferences.damaged-*.sqlite")
        assert aside.read_bytes() == damaged  # the damaged file is kept, never deleted
        assert backup.exists()
    finally:
        app.controller.close()


def test_backups_roll_keeping_the_newest_and_skip_one_that_does_not_open(db_path: Path) -> None:
    chairdesk_database(db_path)
    with Store(db_path) as store:
        made = [store.keep_backup() for _ in range(backups.KEEP + 2)]
    kept = backups.rolling(db_path)
    assert kept == sorted(made[-backups.KEEP :], reverse=True)
    kept[0].write_bytes(os.urandom(4096))  # the newest backup is itself damaged
    assert backups.last_good(db_path) == kept[1]


def test_the_exception_hook_never_claims_work_was_saved_when_it_was_not(qtbot: Any, db_path: Path) -> None:
    assert "saved" not in what_happened(RuntimeError("x"), None).replace("nothing was changed", "")
    assert "No conference was open" in what_happened(RuntimeError("x"), None)
    chairdesk_database(db_path)
    app, _ = open_app(db_path)
    assert app is not None
    try:
        assert what_happened(RuntimeError("x"), app).endswith("Your work so far is saved.")
        app.controller.conference.children[0].id = ""  # saving now fails each time
        app.controller.writer.save(app.controller.conference)
        assert not app.controller.writer.flush(timeout=30)
        sentence = what_happened(RuntimeError("x"), app)
        assert "Your work so far is saved" not in sentence and "NOT saved" in sentence
    finally:
        app.controller.writer.close()


def test_the_app_shows_the_window_not_only_a_line_on_standard_error_and_logs_no_content(
    qtbot: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    off_the_format(db_path)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own: put the test's back after
    handlers = list(logging.getLogger().handlers)
    seen: list[StartupErrorDialog] = []
    answer_the_dialog("quit", seen)
    try:
        assert app_module.run(db_path) == 2
    finally:
        for handler in logging.getLogger().handlers:
            if handler not in handlers:
                handler.close()
                logging.getLogger().removeHandler(handler)
    assert len(seen) == 1 and "its stored copy is damaged" in seen[0].text()
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    log = (Path(os.environ["CHAIRDESK_DATA"]) / "logs" / "chairdesk.log").read_text(encoding="utf-8")
    assert "could not open: conference-unreadable" in log
    assert SECRET_NAME not in log


def test_what_the_log_holds_of_an_error_is_its_kind_and_place_never_its_words() -> None:
    try:
        raise ValueError(f"{SECRET_NAME} told the social worker about the weekend")
    except ValueError as error:
        logged = for_the_log(error)
    assert logged.startswith("builtins.ValueError\n") and "test_startup_errors.py" in logged
    assert SECRET_NAME not in logged
    try:
        storage.connect(":memory:", plain=True).execute(f"SELECT * FROM {SECRET_NAME}")
    except storage.Error as error:
        logged = for_the_log(error)
    assert logged.startswith("sqlcipher3.dbapi2.OperationalError (SQLITE_ERROR)") and SECRET_NAME not in logged
