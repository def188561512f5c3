"""The chair's choice of a second folder (a USB stick) where each recording is also written as it goes.

Archives keep a safety copy; so can the chair. The choice is kept in the database's settings, like the microphone.
The copy is the same sealed bytes as on the laptop (see :mod:`chairdesk.recording.parts`): a stick that is lost
gives nothing away, and it plays only with this data folder's key (or the council's recovered one).
"""

from __future__ import annotations

import logging
from pathlib import Path

from chairdesk.errors import ChairDeskError
from chairdesk.storage import Store

log = logging.getLogger(__name__)

SETTING = "recording.second_folder"


def second_folder(store: Store) -> Path | None:
    """The folder the chair chose for a second copy of each recording, or None (no second copy)."""
    row = store.db.conn.execute("SELECT value FROM settings WHERE key = ?", (SETTING,)).fetchone()
    return Path(row[0]) if row and row[0] else None


def set_second_folder(store: Store, folder: Path | None) -> None:
    """Write a second copy of each recording to ``folder`` from the next recording on (None: no second copy)."""
    with store.db.conn:
        if folder is None:
            store.db.conn.execute("DELETE FROM settings WHERE key = ?", (SETTING,))
        else:
            store.db.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (SETTING, str(folder)),
            )


def read_second_folder(db_path: Path | str) -> Path | None:
    """The chosen second folder, read from the database at ``db_path`` (off the GUI thread, as the microphone is).
    A database that cannot be read here never stops a recording: it is then made without a second copy (logged)."""
    try:
        with Store(db_path) as store:
            return second_folder(store)
    except ChairDeskError as error:
        log.warning("the second folder for recordings could not be read: %s", type(error).__name__)
        return None
