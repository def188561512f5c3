"""The board's list editors' rules (RULES.md §4), without a window: the lists at the danger, views, key points and
safety goals stages, and the chair's record of the discussion.

- The record of the discussion is never on the board: its entry box says it types for the record, and what is
  typed there is never given to the board as a draft.
- What is typed in a board list is given to the board at each key as the draft, with whether "Confidential" is
  ticked and whether any of it was typed while a family member was out of the room (the meeting keeps that); the
  board shows it unless it is either (chairdesk.board decides, from audience.room_may_see_typing).
- Enter adds what was typed; a box of nothing but spaces adds nothing and says nothing. A reason is kept only when
  "Confidential" is ticked; "Another reason" needs the chair's words, so the item goes in with no reason yet and
  the words are asked for as soon as it is in. A refusal is told in the meeting's words and the box keeps the text.
- Each item says whether the room can see it and, when it cannot, why: confidential (with the reason), typed while
  someone was out of the room, giving a withheld address away; its tip says when it was typed and where that is in
  the recording.
- An item corrected in the list is the list's own edit (it repaints); a refusal is told in words.
- After a delete or a move the selection stays on the list: the next item (the last when the last was deleted),
  or the item moved, kept between the first and the last.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from chairdesk.audience import confidential_words, gives_away_words
from chairdesk.board import Draft
from chairdesk.errors import InvalidConference
from chairdesk.meeting import LIST_TITLES, Meeting
from chairdesk.model import Conference, Item
from chairdesk.presenters import initiated

DISCUSSION = "discussion"  # the chair's record of the discussion: a list like the board's, never projected
ANOTHER_REASON = "other"  # the confidential reason that needs the chair's words


def why_hidden(conference: Conference, item: Item) -> str:
    """Why the room cannot see ``item``, in words (``""`` when it can): ``confidential (a criminal
    investigation); typed while Dean Harper was out of the room; gives away where Kerry Harper lives``."""
    why = []
    if item.confidential:
        why.append(f"confidential ({confidential_words(item)})")
    out = conference.excluded_people_when_typed(item)
    if out:
        names = " and ".join(p.name for p in out)
        why.append(f"typed while {names} {'was' if len(out) == 1 else 'were'} out of the room")
    address = gives_away_words(conference, item.text)
    if address:
        why.append(address[:1].lower() + address[1:])
    return "; ".join(why)


@dataclass(frozen=True)
class ItemShown:
    """One item as the list shows it."""

    text: str  # the row: the words, after ``[Hidden from the room: why]`` when the room cannot see it
    words: str  # the item's words exactly as typed (what F2 corrects)
    why_hidden: str  # "" when the room sees it
    confidential: bool  # hidden because the chair marked it so (drawn in the marked colour), not only for another
    tip: str  # when it was typed, where in the recording, and whether it is on the board
    description: str  # for a screen reader: ``Hidden from the room: why``, or ``Shown on the board``

    @property
    def hidden(self) -> bool:
        return bool(self.why_hidden)


class ItemListView(Protocol):
    """What a list editor shows besides its items: a sentence for the chair, the draft for the board, the question
    for "another reason" and the item chosen in the list."""

    def tell(self, sentence: str) -> None: ...

    def show_draft(self, draft: Draft) -> None:
        """What is typed in the box, for the board (no text: no draft)."""

    def ask_reason_words(self, ref: str) -> None:
        """Ask the chair's words for why the item ``ref`` (``worries[3]``) is confidential: "another reason"."""

    def select(self, row: int) -> None:
        """Choose the item at ``row`` in the list (-1: none, the list is empty)."""


class ItemListPresenter:
    """One list of items (``list_name``: one of the board's lists, or the discussion)."""

    def __init__(self, meeting: Meeting, list_name: str, view: ItemListView) -> None:
        self.meeting, self.list_name, self.view = meeting, list_name, view

    @property
    def on_board(self) -> bool:
        """Whether the list is projected: the record of the discussion never is."""
        return self.list_name != DISCUSSION

    @property
    def title(self) -> str:
        return LIST_TITLES[self.list_name]

    def placeholder(self) -> str:
        """What the empty entry box says: where what is typed goes, and what Enter does."""
        where = "the board" if self.on_board else "the record (not the board)"
        return f"Type for {where}, Enter to add to {self.title.lower()}"

    def items(self) -> list[Item]:
        return getattr(self.meeting.conference, self.list_name)

    def ref(self, row: int) -> str:
        """The item at ``row`` as the rules name it: ``worries[3]``."""
        return f"{self.list_name}[{row}]"

    # -- what the list shows -------------------------------------------------------------------------------

    def why_hidden(self, item: Item) -> str:
        return why_hidden(self.meeting.conference, item)

    def shown(self, row: int) -> ItemShown:
        item = self.items()[row]
        why = self.why_hidden(item)
        stamp = f"Typed at {item.entered_at:%H:%M:%S}" if item.entered_at else ""
        if item.recording_offset is not None:
            minutes, seconds = divmod(int(item.recording_offset), 60)
            stamp += f", {minutes}:{seconds:02d} into the recording"
        return ItemShown(
            text=f"[Hidden from the room: {why}]  {item.text}" if why else item.text,
            words=item.text,
            why_hidden=why,
            confidential=item.confidential,
            tip="\n".join(x for x in (stamp, f"Not on the board: {why}" if why else "On the board") if x),
            description=f"Hidden from the room: {why}" if why else "Shown on the board",
        )

    # -- the chair's actions -------------------------------------------------------------------------------

    def typed(self, text: str, confidential: bool) -> None:
        """Every keystroke in the entry box (and the tick): the board is given the draft, unless the list is the
        record of the discussion. Anyone out of the room while any of it was typed keeps it off the board after
        they come back."""
        if not self.on_board:
            return
        out = bool(self.meeting.typed_while_out_in(self.list_name))
        self.view.show_draft(Draft(self.list_name, text, confidential, out))

    def add(self, text: str, confidential: bool, reason: str | None) -> bool:
        """Enter in the entry box: add what was typed (``reason``: the one chosen beside the tick, or None). True
        when it was added (the box empties); False when nothing was typed or the meeting refused it (the chair is
        told why, and the box keeps the text)."""
        if not text.strip():
            return False
        reason = reason if confidential else None
        try:
            # "Another reason" needs the chair's words: asked for as soon as the item is in.
            self.meeting.add_item(
                self.list_name, text, confidential=confidential, reason=None if reason == ANOTHER_REASON else reason
            )
        except InvalidConference as error:
            self.view.tell(str(error))
            return False
        if reason == ANOTHER_REASON:
            self.view.ask_reason_words(self.ref(len(self.items()) - 1))
        return True

    def correct(self, row: int, text: str, initiator: object | None = None) -> bool:
        """An item corrected in the list (F2): False, with the chair told why, when the meeting refuses it."""
        try:
            with initiated(self.meeting, initiator):
                self.meeting.edit_item(self.list_name, row, text)
        except InvalidConference as error:
            self.view.tell(str(error))
            return False
        return True

    def delete(self, row: int | None) -> None:
        """Delete the chosen item (None: nothing chosen, nothing done); the one after it is chosen then (the new
        last one when it was the last)."""
        if row is None:
            return
        try:
            self.meeting.delete_item(self.list_name, row)
        except InvalidConference as error:
            self.view.tell(str(error))
            return
        self.view.select(min(row, len(self.items()) - 1))

    def move(self, row: int | None, step: int) -> None:
        """Move the chosen item ``step`` places (-1: up; None: nothing chosen); it stays chosen, kept between the
        first place and the last."""
        if row is None:
            return
        try:
            self.meeting.move_item(self.list_name, row, row + step)
        except InvalidConference as error:
            self.view.tell(str(error))
            return
        self.view.select(min(max(row + step, 0), len(self.items()) - 1))
