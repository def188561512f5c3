"""The meeting as the windows see it: the core's Meeting, the writer, the draft and the board's state.

One QObject on the GUI thread. The writer's callbacks arrive on the writer thread; they only emit signals,
which Qt queues to the GUI thread, so no widget is ever touched from another thread.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from chairdesk.board import BoardContent, Draft, board_content
from chairdesk.changes import Change, Part
from chairdesk.checks import CheckResult, check
from chairdesk.meeting import Meeting
from chairdesk.model import Conference
from chairdesk.writer import ConferenceWriter

STAGE_DRAFT = "@meeting.stage"  # the key, among the drafts, of the stage the meeting was at


class MeetingController(QObject):
    """Owns the meeting being run. Widgets call its methods and listen to its signals."""

    changed = Signal(object)  # a chairdesk.changes.Change: the parts changed, in words, and who made it
    board_changed = Signal()  # the board must redraw (an edit, the draft, blanking, names)
    saved = Signal(str)  # the time of the last save, HH:MM:SS
    save_failed = Signal(str)  # a plain sentence
    blank_changed = Signal(bool)

    def __init__(self, conference: Conference, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.meeting = Meeting(conference, recording_offset=self._recording_offset)
        self.meeting.subscribe(self._on_change)
        self.writer = ConferenceWriter(
            db_path,
            on_saved=lambda _id: self.saved.emit(dt.datetime.now().strftime("%H:%M:%S")),
            on_error=self.save_failed.emit,
        )
        self.writer.follow(self.conference)  # what each edit's change is made to, on the writer's thread
        self.last_saved = ""
        self.saved.connect(lambda when: setattr(self, "last_saved", when))
        self.draft: Draft | None = None
        self.kept_texts: dict[str, Any] = {}  # entry boxes whose typing is kept (gui.kept_text.KeptText), by key
        self.blank = True  # the projector starts on the neutral screen; the chair shows the conference (F8)
        self.show_names = True
        self.recording_offset_source = None  # set by the recording panel: a callable giving (take, seconds) or None
        self._check: CheckResult | None = None

    @property
    def conference(self) -> Conference:
        return self.meeting.conference

    def _recording_offset(self) -> tuple[str | None, float] | float | None:
        source = self.recording_offset_source
        return source() if source else None

    def _on_change(self, change: Change) -> None:
        self._check = None
        if change.operation is None:
            # Where the meeting is: kept beside the conference (not in it), so a restart opens at the same stage.
            self.writer.save_draft(self.conference.id or "", STAGE_DRAFT, self.meeting.stage.key)
        else:
            self.writer.save_change(change.operation)  # the change, not a copy: the same cost at any size
        self.changed.emit(change)
        if change.parts != Part.NOTES:
            self.board_changed.emit()

    # -- the board ---------------------------------------------------------------------------------------

    def board(self) -> BoardContent:
        return board_content(
            self.conference,
            self.meeting.stage.key,
            draft=self.draft,
            blank=self.blank,
            show_names=self.show_names,
        )

    def set_draft(self, list_name: str, text: str, confidential: bool, typed_while_out: bool = False) -> None:
        """What the chair is typing: shown on the board as it is typed (unless confidential, or
        ``typed_while_out``: some of it was typed while a family member was out). The entry box keeps it on disk
        itself (gui.kept_text)."""
        self.draft = Draft(list_name, text, confidential, typed_while_out) if text else None
        self.board_changed.emit()

    def set_blank(self, blank: bool) -> None:
        if blank != self.blank:
            self.blank = blank
            self.blank_changed.emit(blank)
            self.board_changed.emit()

    def set_show_names(self, show: bool) -> None:
        self.show_names = show
        self.board_changed.emit()

    # -- checks ------------------------------------------------------------------------------------------

    def check(self) -> CheckResult:
        """The core's checks on the conference as it is now (cached until the next edit)."""
        if self._check is None:
            self._check = check(self.conference)
        return self._check

    def close(self) -> bool:
        """Save everything waiting and stop the writer; True when all was saved."""
        return self.writer.close()
