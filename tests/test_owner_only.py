"""Every file and folder ChairDesk writes is its user's alone, whatever the umask (issue 12): the umask set at
every way in, the folders made owner-only by paths.private_folder, and what an earlier version left readable by
others tightened on start."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from chairdesk import paths

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps a profile's folders by ACL")


def run_with_umask_022(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m chairdesk ARGS`` in a process started with umask 022 (files 0644, folders 0755 by default)."""
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")

    def loose_umask() -> None:
        os.umask(0o022)

    return subprocess.run(
        [sys.executable, "-m", "chairdesk", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        preexec_fn=loose_umask,
        timeout=600,
    )


def readable_by_others(folder: Path) -> list[str]:
    found = [folder, *folder.rglob("*")]
    return [
        f"{p.relative_to(folder.parent)} {stat.filemode(p.lstat().st_mode)}"
        for p in found
        if not p.is_symlink() and p.lstat().st_mode & 0o077
    ]


def test_a_demo_run_under_umask_022_leaves_nothing_readable_by_others(tmp_path: Path) -> None:
    data = Path(os.environ["CHAIRDESK_DATA"])
    made = run_with_umask_022(tmp_path, "demo", "--screenshot", str(tmp_path / "pictures"))
    assert made.returncode == 0, made.stderr
    listed = run_with_umask_022(tmp_path, "list")
    assert listed.returncode == 0, listed.stderr
    names = {p.name for p in data.rglob("*")}
    assert {"chairdesk.sqlite", "backups", "logs", "chairdesk.log"} <= names, names
    assert readable_by_others(data) == []


def test_what_an_earlier_version_left_open_is_tightened_on_start(tmp_path: Path) -> None:
    data = Path(os.environ["CHAIRDESK_DATA"])
    for folder in (data, data / "outputs" / "c1", data / "logs", data / "backups"):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o755)
    for file in (data / "outputs" / "c1" / "letter.docx", data / "logs" / "chairdesk.log"):
        file.write_bytes(b"x")
        file.chmod(0o644)
    assert readable_by_others(data)
    listed = run_with_umask_022(tmp_path, "list")
    assert listed.returncode == 0, listed.stderr
    assert readable_by_others(data) == []


def test_private_folder_makes_every_folder_it_makes_owner_only_and_never_widens_the_owners(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        made = paths.private_folder(tmp_path / "a" / "b" / "c")
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", made):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o555)
    paths.private_folder(read_only)
    assert stat.S_IMODE(read_only.stat().st_mode) == 0o500  # others' access gone, the owner's not widened


CRASHES = """
import os, signal, sys
if sys.argv[1] == "chairdesk":
    from chairdesk import cli
    cli.main(["--db", sys.argv[2], "list"])  # the way in that every command takes
    from chairdesk import keys
    secret = keys.data_key()  # the key is in memory, as in a meeting
os.kill(os.getpid(), signal.SIGABRT)  # as a crash in Qt or PySide does
"""


def crash_with_core_files_on(tmp_path: Path, how: str) -> list[Path]:
    """A process that aborts, started with no limit on core files, in a folder of its own: the core files left."""
    folder = tmp_path / how
    folder.mkdir()

    def allow_core_files() -> None:
        import resource

        hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
        resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))  # as high as this machine lets a process go

    subprocess.run(
        [sys.executable, "-c", CRASHES, how, str(tmp_path / "data" / "chairdesk.sqlite")],
        cwd=folder,
        env=dict(os.environ, CHAIRDESK_DATA=str(tmp_path / "data")),
        capture_output=True,
        preexec_fn=allow_core_files,
        timeout=300,
    )
    return [p for p in folder.iterdir() if p.name.startswith("core")]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="core files as Linux writes them")
def test_a_crash_leaves_no_copy_of_memory_holding_the_key_on_the_disk(tmp_path: Path) -> None:
    """A crash dump is the process's memory on disk, the data key and every name read in it: every way into
    ChairDesk turns them off, whatever the limit it was started with (a review found a 165 MB core holding both)."""
    if not crash_with_core_files_on(tmp_path, "python"):
        pytest.skip("this machine writes no core files where the process runs (its core_pattern sends them elsewhere)")
    assert crash_with_core_files_on(tmp_path, "chairdesk") == []
