"""A real small disk for fault tests: a tmpfs mounted on a folder (as root), and filling it up."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


def mount_small_disk(folder: Path, size: str = "3m") -> None:
    """Mount a tmpfs of ``size`` on ``folder`` (skip the test where that cannot be done); undo with unmount()."""
    folder.mkdir(parents=True, exist_ok=True)
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    ).returncode:
        pytest.skip("a tmpfs cannot be mounted here (needs root)")


def unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], check=False)


def fill_up(folder: Path) -> Path:
    """Fill the disk under ``folder`` to the last byte, as a long recording does; returns the filler file."""
    filler = folder / "filler"
    with open(filler, "wb") as out:
        while True:
            try:
                out.write(b"\0" * 65536)
                out.flush()
            except OSError:
                return filler
