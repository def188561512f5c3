"""Who reads a document, and so what it may contain (RULES.md §5, "Confidentiality of outputs").

Every document is built from a context that has already been filtered for its readers: a template a
council has edited cannot reach what its readers must not see, because it is never given it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chairdesk.model import Conference, Item, Participant

SUMMARY = "summary"
LETTER = "letter"
RECORD = "record"
PARENTS_COPY = "parents-copy"


@dataclass(frozen=True)
class Audience:
    """``confidential``: may see confidential items and notes. ``excluded_items``: may see what was typed while
    a family member was out of the room."""

    kind: str
    confidential: bool
    excluded_items: bool

    @property
    def family(self) -> bool:
        """The family reads it (everything but the full record)."""
        return not self.confidential


def audience(kind: str, include_excluded_items: bool = False) -> Audience:
    if kind == RECORD:
        return Audience(kind, confidential=True, excluded_items=True)
    return Audience(kind, confidential=False, excluded_items=include_excluded_items)


def shows(conference: Conference, reader: Audience, thing: Any) -> bool:
    """May ``reader`` see something typed (an item, score, view, decision's reason, dissent, outcome, action)?
    Not if it was typed while a family member was out of the room, unless the reader is the record or the
    chair chose to include such things."""
    return reader.excluded_items or not conference.typed_while_excluded(thing)


def shows_item(conference: Conference, reader: Audience, item: Item) -> bool:
    if item.confidential and not reader.confidential:
        return False
    return shows(conference, reader, item)


def who_was_out(conference: Conference, thing: Any) -> list[Participant]:
    """The family members out of the room when ``thing`` was typed or changed."""
    return conference.out_of_room_when_typed(thing)
