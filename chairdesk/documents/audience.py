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
    a family member was out of the room. ``readers``: for a parents' copy, the family members it is for; then
    only what was typed while one of *them* was out is left out (RULES.md §5: an excluded parent gets the part
    they attended). Without readers (the summary and the letters, which go to the whole family), what was typed
    while any family member was out is left out."""

    kind: str
    confidential: bool
    excluded_items: bool
    readers: tuple[str, ...] = ()

    @property
    def family(self) -> bool:
        """The family reads it (everything but the full record)."""
        return not self.confidential


def audience(kind: str, include_excluded_items: bool = False, readers: tuple[str, ...] = ()) -> Audience:
    if kind == RECORD:
        return Audience(kind, confidential=True, excluded_items=True)
    return Audience(kind, confidential=False, excluded_items=include_excluded_items, readers=readers)


def shows(conference: Conference, reader: Audience, thing: Any) -> bool:
    """May ``reader`` see something typed (an item, score, view, decision's reason, dissent, outcome, action)?
    Not if it was typed while a family member was out of the room, unless the reader is the record or the
    chair chose to include such things."""
    if reader.excluded_items or not conference.typed_while_excluded(thing):
        return True
    if reader.readers:
        return not {p.id for p in conference.out_of_room_when_typed(thing)} & set(reader.readers)
    return False


def shows_marked(reader: Audience, typed_while_out: list[str]) -> bool:
    """May ``reader`` see something marked as typed while ``typed_while_out`` were out of the room?"""
    if reader.excluded_items or not typed_while_out:
        return True
    return bool(reader.readers) and not set(typed_while_out) & set(reader.readers)


def shows_item(conference: Conference, reader: Audience, item: Item) -> bool:
    if item.confidential and not reader.confidential:
        return False
    return shows(conference, reader, item)


def who_was_out(conference: Conference, thing: Any) -> list[Participant]:
    """The family members out of the room when ``thing`` was typed or changed."""
    return conference.out_of_room_when_typed(thing)
