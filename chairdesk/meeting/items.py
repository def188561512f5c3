"""The lists of typed items (RULES.md §4): the board's five (the danger statement, what is working well, the worries,
the key points, the safety goals), the chair's record of the discussion, and the conference's recommendations (the
decision's commands, :mod:`chairdesk.meeting.decision`, add to them through these). Each item is stamped, marked
with who was out of the room while it was typed, and may be marked confidential."""

from __future__ import annotations

from chairdesk import audience
from chairdesk.changes import Part
from chairdesk.errors import InvalidConference
from chairdesk.meeting.confidentiality import ConfidentialityCommands
from chairdesk.meeting.core import CELL_BOX
from chairdesk.model import CONFIDENTIAL_REASONS, Conference, Item

# The lists of typed items (the board's five, and the chair's record of the discussion) and their headings: the
# same as the confidentiality rule reads them.
ITEM_LISTS = audience.ITEM_LISTS
LIST_TITLES = {name: audience.SECTIONS[name] for name in ITEM_LISTS}
RECOMMENDATIONS = "recommendations"  # the list of the conference's recommendations, and the box they are typed in


def _list_change(list_name: str) -> Part:
    """Which part of the conference an edit of a list of items changes (Change.parts): the decision page follows
    the recommendations, the record's editor the discussion, the board the rest."""
    return {"discussion": Part.DISCUSSION, RECOMMENDATIONS: Part.DECISION}.get(list_name, Part.BOARD)


class ItemCommands(ConfidentialityCommands):
    """Adding, editing, marking, moving and deleting the items of a list."""

    def _items(self, list_name: str) -> list[Item]:
        if list_name not in ITEM_LISTS:
            raise InvalidConference([f"list: {list_name!r} is not one of {', '.join(ITEM_LISTS)}"])
        return getattr(self.conference, list_name)

    def add_item(
        self,
        list_name: str,
        text: str,
        confidential: bool = False,
        typed_while_out: list[str] | None = None,
        reason: str | None = None,
    ) -> None:
        """Add an item. ``typed_while_out``: family members who were out of the room while it was being typed,
        if they have come back since (the editor keeps track), so it stays hidden from them. ``reason``: why it is
        confidential (a key of :data:`CONFIDENTIAL_REASONS` that needs no words of the chair's), or None for
        "no reason given yet"."""
        items = self._items(list_name)
        if confidential and reason is not None and reason not in CONFIDENTIAL_REASONS:
            raise InvalidConference(
                [f"confidential_reason: {reason!r} is not one of {', '.join(CONFIDENTIAL_REASONS)}"]
            )
        if confidential and reason == "other":
            raise InvalidConference(["Say in a few words why it is confidential (Ctrl+H on the item)."])
        item = Item(
            self._text(text, list_name),
            confidential=confidential,
            confidential_reason=reason if confidential else None,
            **self._stamp(),
        )
        item.typed_while_out = self._out((typed_while_out or []) + self.typed_while_out_in(list_name))
        what = _list_change(list_name)
        self._edit(what, f"add to {LIST_TITLES[list_name].lower()}", lambda c: items.append(item), scope=[(list_name,)])
        self._typed(list_name)

    def edit_item(self, list_name: str, index: int, text: str) -> None:
        items = self._items(list_name)
        self._index(items, index, list_name)
        text = self._text(text, f"{list_name}[{index}].text")

        def put(c: Conference) -> None:
            item = getattr(c, list_name)[index]
            self._marked(item, CELL_BOX, reworded=item.text != text)
            item.text, item.edited_at = text, self._now()

        self._edit(_list_change(list_name), "edit an item", put, scope=[(list_name, index)])
        self._typed(CELL_BOX)

    def set_item_confidential(
        self, list_name: str, index: int, confidential: bool, reason: str | None = None, words: str = ""
    ) -> None:
        items = self._items(list_name)
        self._index(items, index, list_name)
        self.mark_confidential(f"{list_name}[{index}]", confidential, reason, words)

    def move_item(self, list_name: str, index: int, new_index: int) -> None:
        items = self._items(list_name)
        self._index(items, index, list_name)
        new_index = min(max(new_index, 0), len(items) - 1)
        if new_index == index:
            return

        def move(c: Conference) -> None:
            moved = getattr(c, list_name)
            moved.insert(new_index, moved.pop(index))

        self._edit(_list_change(list_name), "move an item", move, scope=[(list_name,)])

    def delete_item(self, list_name: str, index: int) -> None:
        items = self._items(list_name)
        self._index(items, index, list_name)
        self._edit(
            _list_change(list_name), "delete an item", lambda c: getattr(c, list_name).pop(index), scope=[(list_name,)]
        )
