"""Who reads a document, and so what it may contain (RULES.md §5, "Confidentiality of outputs").

Every document is built from a context that has already been filtered for its readers: a template a
council has edited cannot reach what its readers must not see, because it is never given it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chairdesk.model import Conference, Item

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


def shows_marked(reader: Audience, typed_while_out: list[str]) -> bool:
    """May ``reader`` see something marked as typed while ``typed_while_out`` were out of the room?"""
    if reader.excluded_items or not typed_while_out:
        return True
    return bool(reader.readers) and not set(typed_while_out) & set(reader.readers)


def shows(conference: Conference, reader: Audience, thing: Any) -> bool:
    """May ``reader`` see something typed (an item, score, view, decision's reason, dissent, outcome, action)?
    Not if it was typed while a family member was out of the room (one of the copy's readers, for a parents'
    copy), unless the reader is the record or the chair chose to include such things."""
    return shows_marked(reader, sorted(conference.out_when_typed(thing)))


def shows_item(conference: Conference, reader: Audience, item: Item) -> bool:
    if item.confidential and not reader.confidential:
        return False
    return shows(conference, reader, item)
