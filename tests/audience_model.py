"""An independent statement of who may read what (RULES.md §5, "Confidentiality of outputs"), for the property tests.

This module does not ask :mod:`chairdesk.audience` anything. It follows a meeting operation by operation, as the
chair runs it through :class:`chairdesk.meeting.Meeting`, and keeps its own account of every typed thing: its words
(each with a unique marker token, so it can be found in a document), the family members who were out of the room
at any moment it was typed or changed (from the exclusions, back-dated ones too, and what was in a box while someone
was out), whether it is confidential, and the chair's releases. From that it says, for each reader, what they may
read. Whether a text gives a withheld address away is asked of :func:`chairdesk.addresses.withheld_address_in`
(tested on its own in tests/test_addresses.py).

The rule, as this module states it:

- the full record reads everything except words that give away a withheld address (and the chair's private notes);
- a household (a parent's letter and copy) reads a thing unless it is confidential, or one of *its* members was out
  while it was typed, and it was not released to that member (the chair's latest choice for that person, or for the
  whole family, counts); never words that give away someone else's withheld address;
- the summary goes to every family member: it reads a thing only if every family member may;
- the room (the board) reads nothing confidential, nothing typed while any family member was out, no address.
- The reason for a decision and the plan's outcomes, actions and contingency are what a parent must know: held back
  from a reader, and not held back by the chair's choice for every member it is held back from, the reader's
  documents are not made (and never when it is held back for an address: the words must change).
- What is prepared before the day and what a review carries from the last conference never reach the room. The
  child's participation (the chair's answers and notes), a request to exclude a family member and the reasons the
  conference is late are for the full record only; so is a carried contingency plan, which carries no marks. The
  child's own words or drawing are held back from every family member the chair has not released them to (as if
  confidential). A parent's written views, and every other carried line, follow the marks like the rest. An
  attachment of written views is read only with the views it belongs to (``within``).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from docx import Document
from docx_reading import body_lines, header_footer_lines

from chairdesk.addresses import withheld_address_in

WHOLE_FAMILY = "family"
MUST_KNOW = frozenset({"decisions", "plan.outcomes", "plan.actions", "plan.contingency"})
BOARD_LISTS = ("danger_statements", "working_well", "worries", "safety_goals", "key_points")

# Which parts of the conference each kind of document prints (the templates in resources/templates).
PRINTED = {
    "summary": frozenset({*BOARD_LISTS, "scaling", "views", "decisions", "dissent", *MUST_KNOW}),
    "letter": frozenset({"decisions", "safety_goals", "plan.outcomes", "plan.actions", "plan.contingency"}),
    "record": frozenset(
        {*BOARD_LISTS, "scaling", "views", "decisions", "dissent", *MUST_KNOW, "discussion", "inquorate_reason"}
    ),
}
PRINTED["parents-copy"] = PRINTED["record"]
# Prepared before the day, and carried from the last conference (tests/test_audience_properties.py draws them).
BEFORE_THE_DAY = frozenset(
    {"participation", "own_words", "exclusion_requests", "written_views", "written_views.attachment", "late_reasons"}
)
CARRIED = frozenset(
    {
        "carried.danger_statements",
        "carried.safety_goals",
        "carried.outcomes",
        "carried.actions",
        "carried.decisions",
        "carried.contingency",
        "carried.scaling",
    }
)
RECORD_ONLY = frozenset({"participation", "exclusion_requests", "late_reasons", "carried.contingency"})
CHILDS_WORDS = "own_words"
# The record template prints what is prepared before the day; what is carried is another part's section (until
# then it is checked in the version each reader is given).
PRINTED["record"] = PRINTED["record"] | BEFORE_THE_DAY
PRINTED["parents-copy"] = PRINTED["record"]
# A professional's decision letter is made from the full record's version, and prints what a parent's letter does.
PRINTED["professional-letter"] = PRINTED["letter"]
PLAN_PARTS = frozenset({"plan.outcomes", "plan.actions", "plan.contingency"})


def printed_in(kind: str, any_plan: bool) -> frozenset[str]:
    """What a document of ``kind`` prints: a letter has an outline plan only when a child has or keeps a plan."""
    if kind in ("letter", "professional-letter") and not any_plan:
        return PRINTED[kind] - PLAN_PARTS
    return PRINTED[kind]


# What the board shows of the typed things: the board's lists, and the plan's actions (in "What needs to happen?").
ON_THE_BOARD = frozenset({*BOARD_LISTS, "plan.actions"})


@dataclass
class Release:
    to: str
    released: bool
    reason_token: str


@dataclass
class Typed:
    """One typed thing, as this model follows it. ``key`` is stable for the thing (a score given again is the same
    score); ``text`` its words now ("" for a decision with no reason); ``token`` the marker in those words."""

    key: tuple
    part: str
    text: str
    token: str
    out: set[str] = field(default_factory=set)
    changed: list[dt.datetime] = field(default_factory=list)
    confidential: bool = False
    words_token: str = ""
    releases: list[Release] = field(default_factory=list)
    within: tuple | None = None  # the key of the thing it belongs to (an attachment of written views)
    markable: bool = True  # false for words with no marks of their own (the chair cannot mark or release them)

    @property
    def must_know(self) -> bool:
        return self.part in MUST_KNOW

    def choice_for(self, person: str) -> bool | None:
        """The chair's latest choice for ``person`` (a release to them or to the whole family): None if none."""
        choices = [r.released for r in self.releases if r.to in (person, WHOLE_FAMILY)]
        return choices[-1] if choices else None

    def held_back_from(self, person: str) -> bool:
        """Confidential, or typed while ``person`` was out, or the child's own words, and not released to them."""
        held = self.confidential or person in self.out or self.part == CHILDS_WORDS
        return held and self.choice_for(person) is not True


@dataclass(frozen=True)
class Reader:
    """``kind``: room, record, family (the summary: every family member) or household (``people``)."""

    kind: str
    people: tuple[str, ...] = ()


@dataclass
class Withheld:
    person: str
    address: str


def address_in(text: str, withheld: list[Withheld], reader: Reader | None = None) -> bool:
    """Whether ``text`` gives away the withheld address of someone other than the reader's own household."""
    return any(
        withheld_address_in(text, w.address) is not None
        for w in withheld
        if not (reader is not None and reader.kind == "household" and reader.people == (w.person,))
    )


def may_read(thing: Typed, reader: Reader, withheld: list[Withheld]) -> bool:
    if not thing.text.strip():
        return False
    if reader.kind == "record":
        return not address_in(thing.text, withheld)
    if reader.kind == "room":
        return not (thing.part in BEFORE_THE_DAY | CARRIED or thing.confidential or thing.out) and not address_in(
            thing.text, withheld
        )
    if address_in(thing.text, withheld, reader) or thing.part in RECORD_ONLY:
        return False
    return not any(thing.held_back_from(p) for p in reader.people)


def stops_documents(thing: Typed, reader: Reader, withheld: list[Withheld]) -> bool:
    """Part of the decision or the plan held back from ``reader`` that the chair has not decided to keep back."""
    if not thing.must_know or not thing.text.strip() or reader.kind == "room" or may_read(thing, reader, withheld):
        return False
    if address_in(thing.text, withheld, reader):
        return True
    return any(thing.held_back_from(p) and thing.choice_for(p) is None for p in reader.people)


def docx_text(data: bytes) -> str:
    """A document's words as a reader sees them: title, paragraphs, tables (nested too), headers and footers."""
    doc = Document(io.BytesIO(data))
    return "\n".join([doc.core_properties.title or "", *body_lines(doc), *header_footer_lines(doc)])


def docx_xml(data: bytes) -> str:
    """Every XML part of a document, raw (alt texts, comments, properties, anything a reader could open)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join(
            package.read(name).decode("utf-8", "replace")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        )
