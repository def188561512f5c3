"""Shared test set-up: Qt offscreen, a fresh database file per test, and conference builders."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from builders import minimal_conference

# Before anything imports Qt: no display on a test machine.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["virtual_mic", "console_app"]

ROOT = Path(__file__).resolve().parent.parent
DEMO_PATH = ROOT / "resources" / "demo_conference.json"


@pytest.fixture(autouse=True)
def _private_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a test does may touch the real user's data folder or database."""
    monkeypatch.setenv("CHAIRDESK_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("CHAIRDESK_DB", str(tmp_path / "data" / "chairdesk.sqlite"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "conferences.sqlite"


@pytest.fixture
def demo_data() -> dict[str, Any]:
    return json.loads(DEMO_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def conference_data() -> dict[str, Any]:
    return minimal_conference()
