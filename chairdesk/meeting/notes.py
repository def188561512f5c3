"""The chair's notes: the chair's own notes, in no document and not on the board (stored as
``confidential_notes``)."""

from __future__ import annotations

from chairdesk.changes import Part
from chairdesk.meeting.core import MeetingCore

CHAIR_NOTES_BOX = "confidential_notes"  # the chair's notes: in no document, so no marks matter


class ChairNotesCommands(MeetingCore):
    """Adding to the chair's notes, and saving them as they are typed."""

    def add_chair_note(self, text: str) -> None:
        text = self._text(text, "confidential_notes")
        self._edit(
            Part.NOTES,
            "add a private note",
            lambda c: c.confidential_notes.append(text),
            scope=[("confidential_notes",)],
        )

    def set_chair_notes(self, notes: list[str]) -> None:
        notes = [self._text(n, "confidential_notes") for n in notes if n.strip()]
        self._edit(
            Part.NOTES,
            "edit private notes",
            lambda c: setattr(c, "confidential_notes", notes),
            scope=[("confidential_notes",)],
            merge=CHAIR_NOTES_BOX,
        )
        self._typed(CHAIR_NOTES_BOX)
