"""Who reads a document, and so what it may contain (RULES.md §5, "Confidentiality of outputs").

Every document is built from a context that has already been filtered for its readers: a template a
council has edited cannot reach what its readers must not see, because it is never given it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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


def shows_entry(conference: Conference, reader: Audience, entered_at: dt.datetime | None) -> bool:
    """May ``reader`` see something typed at ``entered_at``?"""
    return reader.excluded_items or not conference.entered_during_exclusion(entered_at)


def shows_item(conference: Conference, reader: Audience, item: Item) -> bool:
    if item.confidential and not reader.confidential:
        return False
    return shows_entry(conference, reader, item.entered_at)


def who_was_out(conference: Conference, entered_at: dt.datetime | None) -> list[Participant]:
    """The family members out of the room when something was typed at ``entered_at``."""
    if not conference.entered_during_exclusion(entered_at) or entered_at is None:
        return []
    return conference.family_excluded_at(entered_at.time().replace(tzinfo=None))


# ---------------------------------------------------------------------------------------------------------
# Withheld addresses (RULES.md §5: "an address must not be revealed to a person who poses a risk")

_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", re.IGNORECASE)


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).strip()


def address_fragments(address: str) -> list[str]:
    """The parts of an address that would give it away: its postcode, and each line with a house number or a
    name long enough to be telling ("9 Willow Court"). A town on its own ("Northampton") gives nothing away."""
    fragments = {_squash(m.group(0)) for m in _POSTCODE.finditer(address)}
    for line in re.split(r"[,\n]+", address):
        line = _POSTCODE.sub("", line)
        squashed = _squash(line)
        if squashed and re.search(r"[0-9]", squashed) and re.search(r"[a-z]{3}", squashed):
            fragments.add(squashed)
    if not fragments and _squash(address):
        fragments.add(_squash(address))
    return sorted(f for f in fragments if f)


def withheld_address_in(text: str, address: str) -> str | None:
    """The first telling part of ``address`` found in ``text``, or None."""
    haystack = f" {_squash(text)} "
    for fragment in address_fragments(address):
        if f" {fragment} " in haystack:
            return fragment
    return None
