"""Test plumbing: ChairDesk run in a child process on Qt's offscreen platform with a laptop and a projector
(see ../shared/ci/QT_AND_DOCS.md), the child printing what it saw as its last line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def screens(projector: tuple[int, int] | None = (1024, 768)) -> dict[str, Any]:
    """A 1366x768 laptop, and beside it a projector of ``projector`` (width, height), or none."""
    laptop = {"name": "LAPTOP", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96}
    found = [laptop | {"dpr": 1}]
    if projector is not None:
        width, height = projector
        found.append(
            {"name": "PROJECTOR", "x": 1366, "y": 0, "width": width, "height": height, "logicalDpi": 96,
             "logicalBaseDpi": 96, "dpr": 1}
        )  # fmt: skip
    return {"screens": found}


TWO_SCREENS = screens()


def run_on_screens(code: str, tmp_path: Path, *args: str, layout: dict[str, Any] | None = TWO_SCREENS) -> str:
    """Run ``code`` (``python -c``) with ``args`` on the screens of ``layout`` (None: Qt's one offscreen screen);
    it must succeed. Its last line of output."""
    platform = "offscreen"
    if layout is not None:
        config = tmp_path / "screens.json"
        config.write_text(json.dumps(layout), encoding="utf-8")
        platform = f"offscreen:configfile={config}"
    env = dict(os.environ, QT_QPA_PLATFORM=platform, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def seen_on_screens(code: str, tmp_path: Path, *args: str, layout: dict[str, Any] | None = TWO_SCREENS) -> Any:
    """:func:`run_on_screens` for a child that prints what it saw as JSON."""
    return json.loads(run_on_screens(code, tmp_path, *args, layout=layout))
