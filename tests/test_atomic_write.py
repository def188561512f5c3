"""One way to write a whole file or nothing: chairdesk.paths.write_atomically (issue 13: there were several, and only
one put the folder on the disk after the rename, so a power cut could lose a manifest or a backup that had been
"written").

The routine is tested on real files; a power cut cannot be made here, so what it relies on is watched instead:
that the file and then its folder are fsynced. The last test reads the core's source: a function that renames a
file into place is write_atomically, or one of the few renames that are not writes (a file moved aside), each
listed with why.
"""

from __future__ import annotations

import ast
import io
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from chairdesk import paths

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "chairdesk"

# The functions that may call os.replace / os.rename / tempfile.mkstemp, and why each is not a second routine.
ALLOWED = {
    ("paths.py", "write_atomically"): "the one routine",
    ("paths.py", "conference_folder"): "renames a folder an earlier version named after the family",
    ("backups.py", "restore"): "moves the damaged database (and its -wal, -shm) aside; the copy is write_atomically",
    ("gui/outputs.py", "set_aside_loose_documents"): "moves stale documents aside into a folder of their own",
    ("storage.py", "encrypt_in_place"): "SQLCipher's export checked, then renamed while the plain file is zeroed",
    ("storage.py", "Store._create"): "a new database made by SQLite under a temporary name, hard-linked into place",
    ("storage.py", "Store._set_aside_leftovers"): "moves a stray -wal/-shm aside",
    ("settings.py", "Settings._set_aside"): "moves an unreadable settings file aside (the file is write_atomically's)",
    ("documents/produce.py", "write_all"): "a set of documents placed all or none (several files at once)",
    ("documents/produce.py", "write_set"): "renames a finished set's folder",
    ("recording/files.py", "_move_takes"): "moves an earlier version's recordings folder to its keyed name",
}
RENAMES = {("os", "replace"), ("os", "rename"), ("os", "renames"), ("tempfile", "mkstemp")}


def renaming_functions() -> dict[tuple[str, str], int]:
    """Every function in the core that renames a file or makes a temporary one, with the line of the first call."""
    found: dict[tuple[str, str], int] = {}
    for path in sorted(CORE.rglob("*.py")):
        where = path.relative_to(CORE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def visit(node: ast.AST, names: tuple[str, ...], where: str = where) -> None:
            for child in ast.iter_child_nodes(node):
                inner = names
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    inner = (*names, child.name)
                if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
                    owner = child.func.value
                    if isinstance(owner, ast.Name) and (owner.id, child.func.attr) in RENAMES:
                        found.setdefault((where, ".".join(n for n in names if n[0] != "<")), child.lineno)
                visit(child, inner)

        visit(tree, ())
    return found


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize("kind", ["bytes", "an open file", "a writer", "a writer by name"])
def test_the_file_is_written_whole_owner_only_and_nothing_is_left_beside_it(tmp_path: Path, kind: str) -> None:
    content = ("the chair's words, exactly as typed\n" * 5000).encode("utf-8")
    target = tmp_path / "file.bin"
    target.write_bytes(b"what was there before")
    data: bytes | BinaryIO | Any = {
        "bytes": content,
        "an open file": io.BytesIO(content),
        "a writer": lambda out: out.write(content),
        "a writer by name": lambda out: Path(out.name).write_bytes(content),  # as SQLite's backup, libsndfile
    }[kind]
    paths.write_atomically(target, data)
    assert target.read_bytes() == content
    assert leftovers(tmp_path) == []
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_write_that_fails_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "recording.json"
    target.write_text("the manifest before", encoding="utf-8")

    def half_then_fail(out: BinaryIO) -> None:
        out.write(b"half a manifest")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        paths.write_atomically(target, half_then_fail)
    assert target.read_text(encoding="utf-8") == "the manifest before"
    assert leftovers(tmp_path) == []


def test_a_library_writing_by_name_makes_a_whole_database(tmp_path: Path) -> None:
    """The form the rolling backups use: SQLite writes the temporary file by name; the database is there whole."""
    source = sqlite3.connect(tmp_path / "live.sqlite")
    source.execute("CREATE TABLE words (text TEXT)")
    source.execute("INSERT INTO words VALUES ('Kerry will take Mia to school')")
    source.commit()

    def backup(out: BinaryIO) -> None:
        copy = sqlite3.connect(out.name)
        try:
            source.backup(copy)
        finally:
            copy.close()

    paths.write_atomically(tmp_path / "backup.sqlite", backup)
    source.close()
    copy = sqlite3.connect(tmp_path / "backup.sqlite")
    assert copy.execute("SELECT text FROM words").fetchall() == [("Kerry will take Mia to school",)]
    copy.close()
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="a folder is fsynced on POSIX only (Windows has no folder fsync)")
def test_the_file_then_its_folder_reach_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename is only safe from a power cut once the folder is fsynced too (the file's own fsync is not enough)."""
    synced: list[tuple[str, int]] = []
    real_fsync = os.fsync

    def watched(fd: int) -> None:
        info = os.fstat(fd)
        synced.append(("folder" if stat.S_ISDIR(info.st_mode) else "file", info.st_ino))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", watched)
    target = tmp_path / "backup.sqlite"
    paths.write_atomically(target, b"a database")
    assert synced == [("file", target.stat().st_ino), ("folder", tmp_path.stat().st_ino)]


def test_no_other_routine_renames_a_written_file_into_place() -> None:
    found = renaming_functions()
    others = {f"{where}: {name} (line {line})" for (where, name), line in found.items() if (where, name) not in ALLOWED}
    assert not others, (
        "These write a file under a temporary name and rename it themselves: use paths.write_atomically (or, for a "
        f"rename that is not a write, add it to ALLOWED with why): {sorted(others)}"
    )
    # (A module not in this tree is let be: the settings module comes with another part of issue 13.)
    gone = {f"{where}: {name}" for where, name in ALLOWED if (CORE / where).exists() and (where, name) not in found}
    assert not gone, f"ALLOWED names functions that no longer rename anything: {sorted(gone)}"


def test_a_long_write_puts_what_it_wrote_on_the_disk_as_it_goes_and_says_each_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """20 one-megabyte pieces to what may be a share: each piece said, and the file put on its disk after 8 and 16 MB,
    so the last fsync has little left to do. Without a listener it adds nothing (no fsync, nothing said)."""
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.fstat(fd).st_size)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    said: list[int] = []
    piece = b"x" * (1024 * 1024)

    def write(out: BinaryIO) -> None:
        going = paths.LongWrite(out, lambda: said.append(1))
        for _ in range(20):
            out.write(piece)
            going.wrote(len(piece))

    paths.write_atomically(tmp_path / "recording.flac", write)
    assert len(said) == 20
    assert synced[:2] == [8 * len(piece), 16 * len(piece)] and synced[2] == 20 * len(piece)  # then write_atomically's

    synced.clear()
    quiet = io.BytesIO()
    going = paths.LongWrite(quiet, None)
    going.wrote(64 * len(piece))
    assert synced == []
