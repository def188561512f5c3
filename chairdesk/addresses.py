"""Withheld addresses (RULES.md §5: "an address must not be revealed to a person who poses a risk").

The telling parts of an address are its postcode and the lines before the town: the house and the street
("Rose Cottage", "9 Willow Court", and "Willow Court" on its own, since "nine Willow Court" gives it away
too). A postcode is found however it is spaced ("NN1 0XX", "NN10XX", "N N 1 0 X X"). A flat number or a town
on its own tells nothing and is not looked for, so it cannot stop a document for no reason. The board, the
documents and the letters all ask here.
"""

from __future__ import annotations

import functools
import re

_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", re.IGNORECASE)
# Words that say nothing about where someone lives on their own.
_GENERIC = {"flat", "unit", "apartment", "apt", "house", "floor", "room", "the", "and", "first", "second", "ground"}


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).strip()


def _letters_and_digits(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


def address_fragments(address: str) -> list[str]:
    """The parts of an address that would give it away: its postcode, and every line before the last (the
    house, the street: "Rose Cottage", "9 Willow Court" and "Willow Court"). The last line is the town, which
    gives nothing away on its own; so does a line with no name in it ("Flat 2")."""
    return list(_fragments(address))


@functools.lru_cache(maxsize=256)
def _fragments(address: str) -> tuple[str, ...]:
    fragments = {_squash(m.group(0)) for m in _POSTCODE.finditer(address)}
    lines = [_squash(_POSTCODE.sub("", line)) for line in re.split(r"[,\n]+", address)]
    lines = [line for line in lines if line]
    for line in lines[:-1] if len(lines) > 1 else lines:
        words = [w for w in line.split() if re.fullmatch(r"[a-z]+", w)]
        if not [w for w in words if w not in _GENERIC and len(w) >= 3]:
            continue
        fragments.add(line)
        fragments.add(" ".join(words))
    if not fragments and _squash(address):
        fragments.add(_squash(address))
    return tuple(sorted(f for f in fragments if f))


# The board asks for every line on every keystroke: the answer for a text and an address never changes, so it is
# remembered (a keystroke reaches the board within a frame however many items the board holds).
@functools.lru_cache(maxsize=16_384)
def withheld_address_in(text: str, address: str) -> str | None:
    """The first telling part of ``address`` found in ``text``, or None."""
    haystack = f" {_squash(text)} "
    joined = _letters_and_digits(text)
    for fragment in _fragments(address):
        if _POSTCODE.fullmatch(fragment):
            if _letters_and_digits(fragment) in joined:
                return fragment
        elif f" {fragment} " in haystack:
            return fragment
    return None
