"""The console's rules for the order of business, without a window: which stage the list shows as current; a stage
chosen in the list moves the meeting only when it is another stage; moving on puts the chair in the new stage's
entry box (never in the register, a list or a choice, where typed letters could act on something); what Undo and
Redo would do, in words; and the sentence over the page while a family member is out of the room.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from chairdesk.changes import Change, Part
from chairdesk.meeting import STAGE_KEYS, Meeting


@dataclass(frozen=True)
class UndoWords:
    """An undo (or redo) button as the console shows it."""

    allowed: bool
    text: str  # the menu's words, with the Alt key: ``&Undo record a decision``
    tip: str  # ``Undo record a decision (Ctrl+Z)``, or ``Nothing to undo``


class ConsoleView(Protocol):
    """What the console shows of the order of business."""

    def show_stage(self, index: int) -> None:
        """Show the stage at ``index`` of the order of business as current, and its page."""

    def focus_stage_entry(self) -> None:
        """Put the cursor in the current stage's entry box."""

    def show_undo(self, undo: UndoWords, redo: UndoWords) -> None: ...

    def show_out_of_room(self, sentence: str) -> None:
        """The sentence over the page ("" : no one is out, and it goes)."""


def out_of_room_sentence(meeting: Meeting) -> str:
    """What the console says while family members are out of the room ("" when no one is)."""
    out = meeting.conference.excluded_now()
    if not out:
        return ""
    names = " and ".join(p.name for p in out)
    return (
        f"{names} {'is' if len(out) == 1 else 'are'} out of the room: nothing you type now goes on the "
        f"board, or in {'their' if len(out) > 1 else 'the'} letter, copy or summary {names} will read, "
        "unless you release it to them."
    )


class ConsolePresenter:
    def __init__(self, meeting: Meeting, view: ConsoleView) -> None:
        self.meeting, self.view = meeting, view

    def choose_stage(self, index: int) -> None:
        """The chair chose the stage at ``index`` in the order of business: the meeting moves when it is another."""
        if 0 <= index < len(STAGE_KEYS) and STAGE_KEYS[index] != self.meeting.stage.key:
            self.meeting.go_to_stage(STAGE_KEYS[index])

    def go_to_stage(self, key: str) -> None:
        """The chair asked for a stage (or the one the meeting is at): the cursor goes to its entry box."""
        self.meeting.go_to_stage(key)
        self.view.focus_stage_entry()

    def undo_words(self) -> tuple[UndoWords, UndoWords]:
        m = self.meeting
        undo = UndoWords(
            m.can_undo,
            f"&Undo {m.undo_text}" if m.can_undo else "&Undo",
            f"Undo {m.undo_text} (Ctrl+Z)" if m.can_undo else "Nothing to undo",
        )
        redo = UndoWords(
            m.can_redo,
            f"&Redo {m.redo_text}" if m.can_redo else "&Redo",
            f"Redo {m.redo_text} (Ctrl+Shift+Z)" if m.can_redo else "Nothing to redo",
        )
        return undo, redo

    def changed(self, change: Change) -> None:
        """After any change: the current stage (its entry box, when the meeting moved), undo and redo, and who
        is out of the room."""
        self.view.show_stage(STAGE_KEYS.index(self.meeting.stage.key))
        if change.parts == Part.STAGE:
            self.view.focus_stage_entry()
        self.view.show_undo(*self.undo_words())
        self.view.show_out_of_room(out_of_room_sentence(self.meeting))
