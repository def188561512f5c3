"""Where things live: the files shipped in ``resources/`` and the user's own data, logs and recordings."""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "ChairDesk"


def resource(name: str) -> Traversable:
    """The shipped file ``name``, a path relative to ``resources/``."""
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if (checkout / "conference.schema.json").is_file():
        return checkout.joinpath(name)  # running from a checkout (or an editable install)
    return resources.files("chairdesk.resources").joinpath(name)  # an installed wheel


def ui_form(name: str) -> Traversable:
    """The Qt Designer form ``name`` in ``ui/``."""
    checkout = Path(__file__).resolve().parent.parent / "ui"
    if (checkout / name).is_file():
        return checkout.joinpath(name)
    return resources.files("chairdesk.ui").joinpath(name)


@cache
def conference_schema() -> dict[str, Any]:
    """The JSON Schema of the conference file, ``resources/conference.schema.json``."""
    return json.loads(resource("conference.schema.json").read_text(encoding="utf-8"))


def data_dir() -> Path:
    """The user's ChairDesk data folder (per platform), or ``CHAIRDESK_DATA`` when set."""
    override = os.environ.get("CHAIRDESK_DATA")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    """The database used when neither ``--db`` nor ``CHAIRDESK_DB`` names one."""
    override = os.environ.get("CHAIRDESK_DB")
    if override:
        return Path(override)
    return data_dir() / "chairdesk.sqlite"


def log_dir() -> Path:
    """Where ChairDesk writes its log."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
