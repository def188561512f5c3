"""Who may read what: the one place that decides, for every output, the version of a conference a reader sees.

RULES.md §5 ("Confidentiality of outputs") and §7 ("Redaction needs a reason"). Every typed thing carries its
marks (:class:`chairdesk.model.Marks`): confidential, with a reason; the family members out of the room while it
was typed; the chair's releases. :func:`version_for` reads them once, here, for one reader, and gives:

- the conference as that reader may see it (what they may not see is not in it at all), from which the board and
  every document are made, so a template or a new section of a document cannot forget the rule;
- what was held back from them, each with the reason in words, for the chair's review and the record.

The readers:

- **the room**: the board on the projector. Nothing confidential, nothing typed while any family member was out
  of the room (even after they came back), no line that would give away a withheld address. No release applies:
  the board is the meeting, not an output.
- **the family**: the summary, which goes to every family member (and the professionals). Held back: what is
  confidential, and what was typed while any family member was out, unless the chair released it to them. A
  household that reads about some of the children only is sent a summary of its own, from its version, instead.
- **a household**: one parent's (or parents') decision letter and copy of the record: held back only what is
  confidential or was typed while one of *them* was out (an excluded parent gets the part they attended), and
  what is about a child who is not theirs (the household's *children*: the children its members are connected to,
  ``Participant.contact_with``; empty is every subject child): that child's decision's reason, outcomes, actions,
  views, scores, dissent and what the child said are left out, each "about a child who is not theirs".
- **a child**: like the family, and only about themselves (their own letter, and a copy of the record when the
  chair chooses it).
- **the record**: the full record, for the professionals: everything but the chair's private notes.

A withheld address never reaches anyone but the person whose address it is (CONFERENCE_FILE.md): a typed thing
that would give it away is held back from every other reader and cannot be released; the chair changes the words.
The chair's private notes reach no reader at all. The decision (outcome and category), the core group and the
plan's dates are never held back. The reason for a decision and the plan's outcomes, actions and contingency are
what a parent must know to keep to the plan: when one of them is held back from a family reader, the chair decides
(release it, or hold it back with a reason) before the documents for that reader are made.

What is prepared before the day (RULES.md §2–3, §7) and what a review carries from the last conference go through
the same rule, part by part (:data:`RECORD_ONLY`, :data:`NOT_FOR_THE_ROOM`):

- nothing of it is for the room: the board is the meeting, and a carried line reaches it only when the chair puts
  it there (a new item of the review's own);
- the child's participation (the chair's answers to the four questions, the ways, the notes), a request to exclude
  a family member with its evidence, and the reasons the conference is late are for the full record only;
- the child's own words or drawing are the child's: a child's words can put the child at risk, so a family reader
  reads them only when the chair releases them (and never when marked confidential, unless released);
- a parent's written views, and what is carried forward, are read by the family unless marked (confidential, or
  typed while one of them was out at the last conference);
- NHS numbers and the consistent child identifier are in the full record only: never on the board, never in a
  letter or copy for the family; invitees' e-mail and telephone are in no output at all; a person's language needs
  are in the full record (and a household's own, for its letters).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from chairdesk.addresses import withheld_address_in
from chairdesk.model import (
    BOARD_LISTS,
    CONFIDENTIAL_REASONS,
    PARTICIPATION_WAYS,
    WHOLE_FAMILY,
    Attachment,
    CarriedForward,
    Child,
    Conference,
    Marks,
    Participant,
    Participation,
    is_family_side,
)
from chairdesk.words import join_names

ROOM = "room"
FAMILY = "family"
HOUSEHOLD = "household"
CHILD = "child"
RECORD = "record"
FAMILY_SIDE_KINDS = (FAMILY, HOUSEHOLD, CHILD)

ITEM_LISTS = (*BOARD_LISTS, "discussion", "recommendations")

# The headings the chair and the record know each part of the conference by.
SECTIONS = {
    "danger_statements": "Danger statement",
    "working_well": "What's working well",
    "worries": "What we are worried about",
    "safety_goals": "Safety goals",
    "key_points": "Key points",
    "discussion": "Record of the discussion",
    "recommendations": "Recommendations",
    "scaling": "Scaling",
    "views": "Views on significant harm",
    "decisions": "The reason for the decision",
    "dissent": "Dissent",
    "plan.outcomes": "The plan: what needs to change",
    "plan.actions": "The plan: who will do what",
    "plan.contingency": "The plan: the contingency plan",
    "inquorate_reason": "Going ahead without a quorum",
    "recording_requests": "Recording the meeting",
    # Before the day (RULES.md §2–3, §7).
    "participation": "The child's participation",
    "own_words": "The child's own words",
    "exclusion_requests": "Requests to exclude a family member",
    "written_views": "The parents' written views",
    "written_views.attachment": "The parents' written views: an attached file",
    "late_reasons": "Why the conference is late",
    # What a review carries from the last conference (PRODUCT.md "Prepare").
    "carried.danger_statements": "From the last conference: danger statement",
    "carried.safety_goals": "From the last conference: safety goals",
    "carried.outcomes": "From the last conference: the plan's outcomes",
    "carried.actions": "From the last conference: the plan's actions",
    "carried.decisions": "From the last conference: the reason for the decision",
    "carried.contingency": "From the last conference: the contingency plan",
    "carried.scaling": "From the last conference: scaling",
    # After the meeting (RULES.md §5): what an attendee asked to change in the record.
    "amendments": "Amendments to the record",
}
# What every parent must know to keep to the plan: never held back from them without the chair deciding.
MUST_KNOW = frozenset({"decisions", "recommendations", "plan.outcomes", "plan.actions", "plan.contingency"})

# What is prepared before the day or carried from the last conference: for the documents, never for the room.
BEFORE_THE_DAY = frozenset(
    {"participation", "own_words", "exclusion_requests", "written_views", "written_views.attachment", "late_reasons"}
)
CARRIED = frozenset(key for key in SECTIONS if key.startswith("carried."))
NOT_FOR_THE_ROOM = BEFORE_THE_DAY | CARRIED | {"amendments"}
# What only the full record reads, whatever its marks, and why (the chair cannot release it: it is not theirs to
# give, or a reader on the family's side could be put at risk by it).
RECORD_ONLY = {
    "participation": "the chair's weighing of the child's participation holds the child's own views, which can put "
    "the child at risk: it is in the professionals' record only",
    "exclusion_requests": "a request to exclude a family member, and its evidence, are in the professionals' record "
    "only",
    "late_reasons": "the reasons the conference is late are in the professionals' record only",
    "amendments": "an amendment an attendee sent back to the chair is in the professionals' record only (the family's "
    "copy is reissued with the chair's changes to the words themselves)",
}
# The child's own words or drawing: held back from the family unless the chair releases them (RULES.md §7).
CHILDS_WORDS = "own_words"
CHILDS_WORDS_WHY = (
    "it is the child's own words: a child's words can put the child at risk, so the family read them only when the "
    "chair releases them"
)
# A carried contingency plan has no marks of its own (model.CarriedForward.contingency is words only): without
# them no one can say the family may read it, so it is kept to the record until it carries them.
UNMARKED_CONTINGENCY_WHY = (
    "the last conference's contingency plan was carried without its marks, so it is in the professionals' record only"
)

# What a family document says where something was held back from it (PRODUCT.md: never "Nothing recorded").
HELD_BACK_SENTENCE = (
    "Some things said at the conference are not in your copy. Your social worker can talk to you about this."
)


@dataclass(frozen=True)
class Reader:
    """Who reads an output. ``people``: the family members who read it (a household, or every family member).
    ``children``: the children the output may tell about (empty: every child)."""

    kind: str
    people: tuple[str, ...] = ()
    name: str = ""
    children: tuple[str, ...] = ()

    def concerns(self, child_id: str | None) -> bool:
        """Whether what is about ``child_id`` (None: about all the children) is for this reader."""
        return not self.children or child_id is None or child_id in self.children

    @property
    def key(self) -> str:
        """A stable name for the reader: ``room``, ``record``, ``family``, ``household:kerry+dean``, ``child:mia``."""
        if self.kind in (HOUSEHOLD, CHILD):
            return f"{self.kind}:{'+'.join(self.people) if self.kind == HOUSEHOLD else self.name}"
        return self.kind

    @property
    def family_side(self) -> bool:
        return self.kind in FAMILY_SIDE_KINDS


def the_room() -> Reader:
    return Reader(ROOM, name="the room (the board)")


def the_record() -> Reader:
    return Reader(RECORD, name="the full record (the professionals)")


def family_ids(conference: Conference) -> tuple[str, ...]:
    return tuple(p.id for p in conference.participants if is_family_side(p.role))


def the_family(conference: Conference, own_summaries: tuple[str, ...] | list[str] = ()) -> Reader:
    """Every family member at once: the summary. ``own_summaries``: the names of the households that read about
    some of the children only (:func:`household_children`), who are sent a summary of their own instead; the
    family's summary goes to everyone else. What it holds back is still held back from every family member (a
    release or a time out of the room counts for them all, as it always did: never less held back)."""
    name = "the whole family (the summary)"
    if own_summaries:
        name = f"the family (the summary), except {join_names(list(own_summaries))}: a summary of their own"
    return Reader(FAMILY, family_ids(conference), name)


def household_children(conference: Conference, ids: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The children a household's letter and copy tell about: those its members are connected to
    (``Participant.contact_with``); empty, every child, when one of them is connected to all (an empty list)."""
    subject = [c.id for c in conference.subject_children]
    theirs: set[str] = set()
    for person in conference.participants:
        if person.id not in ids:
            continue
        if not person.contact_with:
            return ()
        theirs.update(person.contact_with)
    if not theirs or set(subject) <= theirs:
        return ()
    return tuple(c.id for c in conference.children if c.id in theirs)


def a_household(conference: Conference, ids: tuple[str, ...] | list[str]) -> Reader:
    names = [p.name for p in conference.participants if p.id in ids]
    return Reader(HOUSEHOLD, tuple(ids), join_names(names), household_children(conference, ids))


def a_child(conference: Conference, child_id: str) -> Reader:
    """A child reading their own letter or copy: held to what the whole family may see, and to what is about them."""
    return Reader(CHILD, family_ids(conference), child_id, (child_id,))


@dataclass(frozen=True)
class Piece:
    """One thing the chair typed, as the rule sees it. ``ref`` says where it is (``worries[2]``,
    ``plan.contingency``, ``decisions[0]``: for a decision, its reason); ``part`` the part of the conference
    (a key of :data:`SECTIONS`); ``owner`` the thing itself (its stamps say when it was typed)."""

    ref: str
    part: str
    text: str
    marks: Marks
    owner: Any

    @property
    def section(self) -> str:
        return SECTIONS[self.part]

    @property
    def must_know(self) -> bool:
        return self.part in MUST_KNOW

    @property
    def markable(self) -> bool:
        """Whether the chair can mark it or release it (words with no marks of their own, such as the reasons
        the conference is late, follow only the rule for their part)."""
        return self.marks is not _NO_MARKS


# The parts of the conference whose typed things are each about one child (``child``; None: all the children).
ABOUT_A_CHILD = frozenset(
    {
        "scaling",
        "views",
        "decisions",
        "dissent",
        "plan.outcomes",
        "plan.actions",
        "carried.outcomes",
        "carried.actions",
        "carried.decisions",
        "carried.scaling",
    }
)
NOT_THEIRS_WHY = "it is about a child who is not theirs"


def about_child(conference: Conference, piece: Piece) -> str | None:
    """The child a typed thing is about (None: about all the children, or about no child in particular)."""
    if piece.part in ABOUT_A_CHILD:
        child = getattr(piece.owner, "child", None)
        return child if isinstance(child, str) else None
    if piece.ref.startswith("children["):
        index = int(piece.ref[len("children[") : piece.ref.index("]")])
        return conference.children[index].id if index < len(conference.children) else None
    return None


def pieces(conference: Conference) -> list[Piece]:
    """Every typed thing in the conference that can reach a reader, in the order of the record."""
    return list(_pieces(conference))


# The marks of words that carry none (never changed: :func:`marks_at` refuses them).
_NO_MARKS = Marks()


def attachment_label(attachment: Attachment) -> str:
    """How a document and the chair's review name an attached file: its title, else the name it had."""
    return attachment.title.strip() or attachment.original_name.strip() or attachment.file


def participation_text(participation: Participation) -> str:
    """The chair's words about a child's participation, as one text (for the rule's address check and review)."""
    ways = [PARTICIPATION_WAYS.get(w, w) for w in participation.ways]
    texts = [participation.understanding, participation.wish, participation.parents_views, participation.benefit]
    return "\n".join(t for t in [*texts, "; ".join(ways), participation.notes] if t.strip())


def _pieces(c: Conference) -> Iterator[Piece]:
    names = {p.id: p.name for p in c.participants}
    for list_name in ITEM_LISTS:
        for i, item in enumerate(getattr(c, list_name)):
            yield Piece(f"{list_name}[{i}]", list_name, item.text, item, item)
    for i, score in enumerate(c.scaling):
        text = f"{names.get(score.participant, score.participant)} scored {score.score}: {score.reason}"
        yield Piece(f"scaling[{i}]", "scaling", text.rstrip(": "), score, score)
    for i, view in enumerate(c.views):
        answer = "at risk" if view.significant_harm else "not at risk"
        text = f"{names.get(view.participant, view.participant)}: {answer}. {view.reason}".strip()
        yield Piece(f"views[{i}]", "views", text, view, view)
    for i, decision in enumerate(c.decisions):
        if decision.reason.strip():
            yield Piece(f"decisions[{i}]", "decisions", decision.reason, decision, decision)
    for i, dissent in enumerate(c.dissent):
        yield Piece(f"dissent[{i}]", "dissent", dissent.text, dissent, dissent)
    if c.plan is not None:
        for i, outcome in enumerate(c.plan.outcomes):
            yield Piece(f"plan.outcomes[{i}]", "plan.outcomes", outcome.text, outcome, outcome)
        for i, action in enumerate(c.plan.actions):
            who = names.get(action.who, action.who)
            yield Piece(f"plan.actions[{i}]", "plan.actions", f"{action.what} ({who})", action, action)
        if c.plan.contingency.strip():
            yield Piece("plan.contingency", "plan.contingency", c.plan.contingency, c.plan.contingency_marks, c.plan)
    if (c.inquorate_reason or "").strip():
        yield Piece("inquorate_reason", "inquorate_reason", c.inquorate_reason or "", c.inquorate_reason_marks, c)
    for i, request in enumerate(c.recording_requests):
        text = " ".join(t for t in (request.reasons, request.limits_on_use) if t.strip())
        yield Piece(f"recording_requests[{i}]", "recording_requests", text, request, request)
    yield from _before_the_day(c)
    if c.carried_forward is not None:
        yield from _carried(c.carried_forward)
    for i, amendment in enumerate(c.amendments):
        text = "\n".join(t for t in (amendment.text, amendment.note) if t.strip())
        yield Piece(f"amendments[{i}]", "amendments", text, amendment, amendment)


def _before_the_day(c: Conference) -> Iterator[Piece]:
    for i, child in enumerate(c.children):
        taking_part = child.participation
        if taking_part is None:
            continue
        text = participation_text(taking_part)
        if text:
            yield Piece(f"children[{i}].participation", "participation", text, _NO_MARKS, taking_part)
        for j, attachment in enumerate(taking_part.own_words):
            ref = f"children[{i}].participation.own_words[{j}]"
            yield Piece(ref, CHILDS_WORDS, attachment_label(attachment), attachment, attachment)
    for i, request in enumerate(c.exclusion_requests):
        text = "\n".join(t for t in (request.evidence, request.which_part, request.how_heard) if t.strip())
        yield Piece(f"exclusion_requests[{i}]", "exclusion_requests", text, request, request)
    for i, views in enumerate(c.written_views):
        text = views.text if views.text.strip() or views.attachment is None else attachment_label(views.attachment)
        yield Piece(f"written_views[{i}]", "written_views", text, views, views)
        if views.attachment is not None:
            label = attachment_label(views.attachment)
            yield Piece(f"written_views[{i}].attachment", "written_views.attachment", label, views.attachment, views)
    if c.late_reasons.strip():
        yield Piece("late_reasons", "late_reasons", c.late_reasons, _NO_MARKS, c)


def _carried(carried: CarriedForward) -> Iterator[Piece]:
    for name in ("danger_statements", "safety_goals"):
        for i, item in enumerate(getattr(carried, name)):
            yield Piece(f"carried_forward.{name}[{i}]", f"carried.{name}", item.text, item, item)
    for i, outcome in enumerate(carried.outcomes):
        yield Piece(f"carried_forward.outcomes[{i}]", "carried.outcomes", outcome.text, outcome, outcome)
    for i, action in enumerate(carried.actions):
        yield Piece(f"carried_forward.actions[{i}]", "carried.actions", action.what, action, action)
    for i, decision in enumerate(carried.decisions):
        if decision.reason.strip():
            yield Piece(f"carried_forward.decisions[{i}]", "carried.decisions", decision.reason, decision, decision)
    if carried.contingency.strip():
        marks = getattr(carried, "contingency_marks", None)
        marks = marks if isinstance(marks, Marks) else _NO_MARKS
        yield Piece("carried_forward.contingency", "carried.contingency", carried.contingency, marks, carried)
    for i, past in enumerate(carried.scaling_history):
        for j, score in enumerate(past.scores):
            text = f"{past.names.get(score.participant, score.participant)} scored {score.score}: {score.reason}"
            ref = f"carried_forward.scaling_history[{i}].scores[{j}]"
            yield Piece(ref, "carried.scaling", text.rstrip(": "), score, score)


def marks_at(conference: Conference, ref: str) -> Marks:
    """The marks of the typed thing at ``ref`` (as :func:`pieces` names it); KeyError when there is none, or when
    it carries no marks of its own (:attr:`Piece.markable`)."""
    for piece in _pieces(conference):
        if piece.ref == ref and piece.markable:
            return piece.marks
    raise KeyError(ref)


def piece_at(conference: Conference, ref: str) -> Piece:
    for piece in _pieces(conference):
        if piece.ref == ref:
            return piece
    raise KeyError(ref)


def confidential_words(marks: Marks) -> str:
    """Why it is confidential, as the record says it: "a criminal investigation", "other: the chair's words"."""
    reason = marks.confidential_reason
    if reason == "other" or reason is None:
        return marks.confidential_words.strip() or ("no reason given yet" if reason is None else "another reason")
    words = CONFIDENTIAL_REASONS.get(reason, reason)
    return f"{words}: {marks.confidential_words.strip()}" if marks.confidential_words.strip() else words


def gives_away_words(conference: Conference, text: str) -> str:
    """``Gives away where Kerry Harper lives``, or "" (the rule's own answer: :func:`gives_away`)."""
    people = gives_away(conference, text) if text.strip() else []
    if not people:
        return ""
    return f"Gives away where {join_names(p.name for p in people)} {'lives' if len(people) == 1 else 'live'}"


def released_to(marks: Marks, person: str) -> bool:
    """Whether the chair released it to ``person`` (or to every family member); the latest choice counts."""
    choices = [r for r in marks.releases if r.to in (person, WHOLE_FAMILY)]
    return bool(choices) and choices[-1].released


def held_back_by_the_chair(marks: Marks, person: str) -> bool:
    """Whether the chair chose, in the review, to hold it back from ``person`` (the latest choice counts)."""
    choices = [r for r in marks.releases if r.to in (person, WHOLE_FAMILY)]
    return bool(choices) and not choices[-1].released


def _withheld(conference: Conference) -> list[Participant]:
    return [p for p in conference.participants if p.address_withheld and p.address.strip()]


def gives_away(
    conference: Conference, text: str, reader: Reader | None = None, withheld: list[Participant] | None = None
) -> list[Participant]:
    """The people whose withheld address ``text`` would give away to ``reader`` (to anyone, with no reader).

    A person's own household may read their own address; a part of the address the readers' own address shares
    (their own street, their own town) tells them nothing."""
    found = []
    own = ""
    if reader is not None and reader.kind == HOUSEHOLD:
        own = "\n".join(p.address for p in conference.participants if p.id in reader.people)
    for person in _withheld(conference) if withheld is None else withheld:
        if reader is not None and reader.kind == HOUSEHOLD and reader.people == (person.id,):
            continue
        part = withheld_address_in(text, person.address)
        if part is not None and not (own and withheld_address_in(own, part) is not None):
            found.append(person)
    return found


@dataclass(frozen=True)
class HeldBack:
    """One typed thing held back from one reader, and why (plain words, for the review and the record).

    ``from_people``: the family members it is held back from (a release to them would let them read it);
    ``address_of``: the people whose withheld address it would give away (then it cannot be released: the words
    must change). ``decided``: for what a parent must know, whether the chair has decided to hold it back."""

    piece: Piece
    reader: Reader
    why: tuple[str, ...]
    from_people: tuple[str, ...] = ()
    address_of: tuple[str, ...] = ()
    decided: bool = True
    not_theirs: bool = False  # about a child the reader's output does not tell about (nothing to decide)

    @property
    def releasable(self) -> bool:
        return not self.address_of and self.reader.family_side and bool(self.from_people)

    @property
    def needs_decision(self) -> bool:
        """Part of the decision or the plan held back from a family reader that the chair has not decided on."""
        return not self.decided


def held_from(
    conference: Conference, piece: Piece, reader: Reader, withheld: list[Participant] | None = None
) -> HeldBack | None:
    """The rule: whether ``reader`` may read ``piece``; None when they may, or what is held back and why.
    (``withheld``: the people whose address is withheld, when the caller has them already.)"""
    if reader.children and not reader.concerns(about_child(conference, piece)):
        # Not theirs to read, whatever its marks: nothing for the chair to release or decide (RULES.md §5).
        child = conference.child(about_child(conference, piece))
        reason = f"{NOT_THEIRS_WHY} ({child.name})" if child is not None else NOT_THEIRS_WHY
        return HeldBack(piece, reader, (reason,), not_theirs=True)
    marks = piece.marks
    # Marked as typed while they were out, or (for a conference from elsewhere) stamped inside an exclusion: the
    # times read are the marks' own, so the marks of a part (the contingency's, an attachment's) give only who
    # was marked out when it was typed.
    typed_while_out = conference.excluded_when_typed(marks)
    why: list[str] = []
    from_people: tuple[str, ...] = ()
    names = _Names(conference)
    if reader.kind == ROOM and piece.part in NOT_FOR_THE_ROOM:
        # Prepared before the day, or carried from the last conference: for the documents, never the board.
        why.append(
            "it was carried forward from the last conference, and reaches the board only when the chair puts it there"
            if piece.part in CARRIED
            else "it was prepared before the day for the documents, not for the board"
        )
    elif reader.kind == ROOM:
        if marks.confidential:
            why.append(f"it is confidential ({confidential_words(marks)})")
        if typed_while_out:
            who = join_names([names.get(i, i) for i in sorted(typed_while_out)])
            why.append(f"it was typed while {who} {_were(typed_while_out)} out")
    elif reader.family_side and (piece.part in RECORD_ONLY or not piece.markable):
        why.append(RECORD_ONLY.get(piece.part, UNMARKED_CONTINGENCY_WHY))
    elif reader.family_side:
        childs = piece.part == CHILDS_WORDS
        from_people = tuple(
            p
            for p in reader.people
            if (marks.confidential or childs or p in typed_while_out) and not released_to(marks, p)
        )
        if from_people and marks.confidential:
            why.append(f"it is confidential ({confidential_words(marks)})")
        if from_people and childs:
            why.append(CHILDS_WORDS_WHY)
        held_as_typed_while_out = [p for p in from_people if p in typed_while_out]
        if held_as_typed_while_out:
            who = join_names([names[i] for i in held_as_typed_while_out])
            why.append(f"it was typed while {who} {_were(held_as_typed_while_out)} out of the room")
    address_of = tuple(p.id for p in gives_away(conference, piece.text, reader, withheld))
    if address_of:
        why.append(f"it would give away where {join_names([names[i] for i in address_of])} {_live(address_of)}")
    if not why:
        return None
    decided = True
    if piece.must_know and reader.kind != ROOM:
        # The chair must decide about what a parent must know; an address can only be taken out of the words.
        decided = not address_of and all(held_back_by_the_chair(marks, p) for p in from_people)
    return HeldBack(piece, reader, tuple(why), from_people, address_of, decided)


class _Names(dict):  # type: ignore[type-arg]
    """Participants' names by id, looked up only when a reason has to be written."""

    def __init__(self, conference: Conference) -> None:
        super().__init__()
        self.conference = conference

    def __missing__(self, key: str) -> str:
        self.update({p.id: p.name for p in self.conference.participants})
        return dict.get(self, key, key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[key]


def _were(ids: Any) -> str:
    return "was" if len(ids) == 1 else "were"


def _live(ids: Any) -> str:
    return "lives" if len(ids) == 1 else "live"


@dataclass(frozen=True)
class Version:
    """The conference as one reader may see it, and what was held back from them."""

    reader: Reader
    conference: Conference
    held_back: tuple[HeldBack, ...]

    @property
    def undecided(self) -> tuple[HeldBack, ...]:
        return tuple(h for h in self.held_back if h.needs_decision)

    @property
    def held_back_from_them(self) -> tuple[HeldBack, ...]:
        """What was held back from the readers that concerns them (not what is about another family's child)."""
        return tuple(h for h in self.held_back if not h.not_theirs)

    def held_back_in(self, *parts: str) -> bool:
        """Whether anything in these parts of the conference (keys of :data:`SECTIONS`) that concerns the readers
        was held back (what is about a child who is not theirs is told apart: documents.context.other_children)."""
        return any(h.piece.part in parts for h in self.held_back_from_them)


def version_for(conference: Conference, reader: Reader) -> Version:
    """The conference as ``reader`` may see it: a copy without what they may not read (the original is not
    changed; what the reader may read is shared with it, so treat the copy as read-only)."""
    held = {}
    withheld = _withheld(conference)
    for piece in _pieces(conference):
        found = held_from(conference, piece, reader, withheld)
        if found is not None:
            held[piece.ref] = found

    def readable(prefix: str, things: list[Any]) -> list[Any]:
        return [t for i, t in enumerate(things) if f"{prefix}[{i}]" not in held]

    c = copy.copy(conference)
    for list_name in ITEM_LISTS:
        setattr(c, list_name, readable(list_name, getattr(conference, list_name)))
    c.scaling = readable("scaling", conference.scaling)
    c.views = readable("views", conference.views)
    c.dissent = readable("dissent", conference.dissent)
    # The decision itself is always told; a reason held back is left out.
    c.decisions = [
        dataclasses.replace(d, reason="") if f"decisions[{i}]" in held else d
        for i, d in enumerate(conference.decisions)
    ]
    if conference.plan is not None:
        plan = conference.plan
        c.plan = dataclasses.replace(
            plan,
            outcomes=readable("plan.outcomes", plan.outcomes),
            actions=readable("plan.actions", plan.actions),
            contingency="" if "plan.contingency" in held else plan.contingency,
        )
    if "inquorate_reason" in held:
        c.inquorate_reason = None
    requests = readable("recording_requests", conference.recording_requests)
    # The chair's private notes reach no one; legal advice and the reasons for an exclusion are for the record only.
    c.confidential_notes = []
    if reader.kind != RECORD:
        requests = [dataclasses.replace(r, legal_advice="") for r in requests]
    c.recording_requests = requests
    c.participants = [_as_read(p, reader) for p in conference.participants]
    # Before the day, and what the review carries: as the rule above held each piece (the room has none of it).
    c.children = [_child_as_read(child, i, reader, held) for i, child in enumerate(conference.children)]
    c.exclusion_requests = readable("exclusion_requests", conference.exclusion_requests)
    c.written_views = [
        dataclasses.replace(v, attachment=None) if f"written_views[{i}].attachment" in held else v
        for i, v in enumerate(conference.written_views)
        if f"written_views[{i}]" not in held
    ]
    c.late_reasons = "" if "late_reasons" in held else conference.late_reasons
    c.amendments = readable("amendments", conference.amendments)
    c.carried_forward = None
    if conference.carried_forward is not None and reader.kind != ROOM:
        c.carried_forward = _carried_as_read(conference.carried_forward, held)
    return Version(reader, c, tuple(held.values()))


def _child_as_read(child: Child, i: int, reader: Reader, held: dict[str, HeldBack]) -> Child:
    changes: dict[str, Any] = {}
    if reader.kind != RECORD:
        # An NHS number and the consistent child identifier are for the full record only: never on the board,
        # never in a letter, the summary or a copy for the family (RULES.md §7).
        changes.update(nhs_number="", child_identifier="")
    taking_part = child.participation
    if reader.kind == ROOM:
        changes["participation"] = None
    elif taking_part is not None:
        where = f"children[{i}].participation"
        own = [a for j, a in enumerate(taking_part.own_words) if f"{where}.own_words[{j}]" not in held]
        if where in held:
            blank = Participation(own_words=own, recorded_on=taking_part.recorded_on)
            changes["participation"] = blank if own else None
        elif len(own) != len(taking_part.own_words):
            changes["participation"] = dataclasses.replace(taking_part, own_words=own)
    return dataclasses.replace(child, **changes) if changes else child


def _carried_as_read(carried: CarriedForward, held: dict[str, HeldBack]) -> CarriedForward:
    def readable(name: str, things: list[Any]) -> list[Any]:
        return [t for i, t in enumerate(things) if f"carried_forward.{name}[{i}]" not in held]

    history = [
        dataclasses.replace(past, scores=readable(f"scaling_history[{i}].scores", past.scores))
        for i, past in enumerate(carried.scaling_history)
    ]
    return dataclasses.replace(
        carried,
        danger_statements=readable("danger_statements", carried.danger_statements),
        safety_goals=readable("safety_goals", carried.safety_goals),
        outcomes=readable("outcomes", carried.outcomes),
        actions=readable("actions", carried.actions),
        # The decision itself is told; a reason held back is left out (as for this conference's decisions).
        decisions=[
            dataclasses.replace(d, reason="") if f"carried_forward.decisions[{i}]" in held else d
            for i, d in enumerate(carried.decisions)
        ],
        contingency="" if "carried_forward.contingency" in held else carried.contingency,
        scaling_history=[past for past in history if past.scores],  # a round with every score held back: none
    )


def _as_read(person: Participant, reader: Reader) -> Participant:
    changes: dict[str, Any] = {}
    if person.address_withheld and not (reader.kind == HOUSEHOLD and reader.people == (person.id,)):
        changes["address"] = ""
    if reader.kind != RECORD and any(e.reason for e in person.exclusions):
        changes["exclusions"] = [dataclasses.replace(e, reason="") for e in person.exclusions]
    # A person's e-mail and telephone are for arranging the conference: on no board and in no document (a
    # professional's contact is not for the family's copy; the record names people by name, role and agency).
    if person.email or person.phone:
        changes.update(email="", phone="")
    # Language needs are in the full record's attendance; a household keeps its own (for its letters).
    own = reader.kind == HOUSEHOLD and person.id in reader.people
    if reader.kind != RECORD and not own and (person.language or person.needs_interpreter or person.needs_translation):
        changes.update(language="", needs_interpreter=False, needs_translation=False)
    return dataclasses.replace(person, **changes) if changes else person


def room_may_see_typing(conference: Conference, text: str, marks: Marks) -> bool:
    """Whether what the chair is typing now may be on the board as it is typed: not if it is confidential, if any
    of it was typed while a family member was out of the room, if one is out now, or if it gives an address away."""
    if not text.strip() or marks.confidential or marks.typed_while_out or conference.excluded_now():
        return False
    return not gives_away(conference, text)
