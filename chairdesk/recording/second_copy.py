"""The chair's choice of a second folder (a USB stick) where each recording is also written as it goes.

Archives keep a safety copy; so can the chair. The choice belongs to this computer, like the microphone, and is kept
in its settings (chairdesk.settings), not with the conferences.
The copy is the same sealed bytes as on the laptop (see :mod:`chairdesk.recording.parts`): a stick that is lost
gives nothing away, and it plays only with this data folder's key (or the council's recovered one).
"""

from __future__ import annotations

from pathlib import Path

from chairdesk.settings import SECOND_FOLDER, Settings


def second_folder(kept: Settings | None = None) -> Path | None:
    """The folder the chair chose for a second copy of each recording, or None (no second copy). Settings that
    cannot be read never stop a recording: it is then made without a second copy (chairdesk.settings logs why)."""
    return (kept or Settings()).get(SECOND_FOLDER)


def set_second_folder(folder: Path | None, kept: Settings | None = None) -> None:
    """Write a second copy of each recording to ``folder`` from the next recording on (None: no second copy).
    Raises ``OSError`` when the choice cannot be kept."""
    (kept or Settings()).put(SECOND_FOLDER, folder)
