"""What the room may read on the projector, and nothing else.

:func:`board_content` is the single gate between the conference and the board. It draws only from the version of
the conference the room may see (:func:`chairdesk.audience.version_for`, the rule every output is made by):
nothing confidential, nothing typed or changed while a family member was out of the room, no private note, no
line that would give away a withheld address; and what the chair is typing now only by the same rule. The board
window only draws what this returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from chairdesk.audience import room_may_see_typing, the_room, version_for
from chairdesk.meeting import STAGE_KEYS, STAGES
from chairdesk.model import PLAN_OUTCOMES, ROLE_NAMES, Conference, Decision, Marks, Participant
from chairdesk.words import CATEGORY_NAMES, OUTCOME_TITLES, capitalise, category_change, child_name, child_short

NEUTRAL_TITLE = "Child protection conference"


@dataclass(frozen=True)
class Draft:
    """What the chair is typing now, into which board list, and whether it is marked confidential.
    ``typed_while_out``: some of it was typed while a family member was out of the room (it stays off the board
    when they return)."""

    list_name: str
    text: str
    confidential: bool = False
    typed_while_out: bool = False


@dataclass(frozen=True)
class BoardLine:
    text: str
    kind: str  # the board list it comes from, or "action" / "decision" / "recommendation"
    being_typed: bool = False


@dataclass(frozen=True)
class BoardScore:
    score: int
    name: str | None  # the person's first name, never a title or initials; None when names are not shown
    role: str = ""  # their role in plain words ("police", "social worker")
    child: str = ""  # the child the score is about, when it is about one child only

    @property
    def label(self) -> str:
        """How the room reads who gave the score: ``Chris (police)``, ``Priya (social worker) for Leo``."""
        if not self.name:
            return ""
        who = f"{self.name} ({self.role})" if self.role else self.name
        return f"{who} for {self.child}" if self.child else who


@dataclass(frozen=True)
class BoardContent:
    title: str
    children: tuple[str, ...] = ()
    stage: str = ""
    worried: tuple[BoardLine, ...] = ()
    working_well: tuple[BoardLine, ...] = ()
    needs_to_happen: tuple[BoardLine, ...] = ()
    key_points: tuple[BoardLine, ...] = ()
    scores: tuple[BoardScore, ...] = ()
    decisions: tuple[BoardLine, ...] = ()
    blank: bool = False
    stage_key: str = ""  # the stage of the meeting, so the board gives it the room when space runs out

    def all_text(self) -> str:
        """Every word on the board, for tests that prove what is not there."""
        lines = [self.title, *self.children, self.stage]
        for group in (self.worried, self.working_well, self.needs_to_happen, self.key_points, self.decisions):
            lines += [line.text for line in group]
        lines += [s.label for s in self.scores]
        return "\n".join(lines)


# Which column of the board each list goes in (the Signs of Safety picture the leaflet describes).
COLUMN_OF = {
    "danger_statements": "worried",
    "worries": "worried",
    "working_well": "working_well",
    "safety_goals": "needs_to_happen",
    "key_points": "key_points",
}

# What stays in view on the board whatever else has to give way: why the conference is here and what must change.
PINNED = frozenset({"danger_statements", "safety_goals"})

COLUMN_TITLES = {
    "worried": "What are we worried about?",
    "working_well": "What's working well?",
    "needs_to_happen": "What needs to happen?",
    "key_points": "Key points",
}


def blank_board() -> BoardContent:
    """The calm neutral screen: the conference's title and no names."""
    return BoardContent(title=NEUTRAL_TITLE, blank=True)


# Titles and ranks a name may start with; the board names people by their first name and their role instead.
_TITLES = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "prof",
        "professor",
        "rev",
        "revd",
        "sir",
        "dame",
        "cllr",
        "councillor",
        "dc",
        "pc",
        "ds",
        "di",
        "dci",
        "dsi",
        "sgt",
        "sergeant",
        "insp",
        "inspector",
        "constable",
        "detective",
        "officer",
        "nurse",
        "sister",
    ]
)


def first_name(name: str) -> str:
    """The name the room calls a person by: ``DC Sarah Hughes`` is ``Sarah``, ``Dr Helen Price`` is ``Helen``.
    Titles, ranks and initials are left out; a name that is only a title and a surname keeps the surname."""
    words = name.split()
    while len(words) > 1 and (words[0].rstrip(".").casefold() in _TITLES or _is_initials(words[0])):
        words = words[1:]
    return words[0] if words else name.strip()


def _is_initials(word: str) -> bool:
    letters = word.replace(".", "")
    return len(word) <= 4 and letters.isalpha() and letters.isupper() and (len(letters) > 1 or "." in word)


def role_words(participant: Participant) -> str:
    """A participant's role in plain words, never initials or jargon."""
    return ROLE_NAMES.get(participant.role, participant.role.replace("-", " "))


# A decision as the board says it, after the child's name: short enough for one line of a projector, in words.
BOARD_OUTCOMES = {
    "cp-plan": "a child protection plan",
    "cin-plan": "no child protection plan; a child in need plan instead",
    "step-down": "no child protection plan; help from early help services instead",
    "family-group-conference": "no child protection plan; a Family Group Conference",
    "no-further-action": "no child protection plan; no further action",
    "plan-continues": "the child protection plan continues",
    "plan-ends": "the child protection plan ends",
}


# Why a plan ends (model.PLAN_END_REASONS), as short as the board needs it, after "the plan ends:".
BOARD_END_REASONS = {
    "no-longer-at-risk": "no longer likely to suffer significant harm",
    "moved-authority": "moved to another council",
    "turned-18": "turned 18",
    "died": "died",
    "left-uk": "left the UK",
    "court-order": "lives where a court order says",
    "accommodated": "accommodated by the council",
}
# What follows a plan that ends (model.AFTER_PLAN_ENDS), after "then".
BOARD_THEN = {
    "cin-plan": "a child in need plan",
    "step-down": "help from early help services",
    "family-group-conference": "a Family Group Conference",
    "no-further-action": "no further action",
}


def _outcome_words(conference: Conference, outcome: str) -> str:
    if outcome == "cin-plan" and conference.type in ("review", "transfer-in"):
        return "steps down to a child in need plan"  # from the child protection plan the child had
    return BOARD_OUTCOMES.get(outcome) or OUTCOME_TITLES.get(outcome, outcome)


def decision_words(conference: Conference, decision: Decision) -> str:
    """A decision as the board says it, after the child's name: the outcome; a plan's category (with the one it
    replaces when it changed); why a plan ends and what follows. Never an empty category."""
    words = _outcome_words(conference, decision.outcome)
    if decision.category and decision.outcome in PLAN_OUTCOMES:
        kind = CATEGORY_NAMES.get(decision.category, decision.category)
        before = category_change(decision)
        words += f" ({kind}, was {before})" if before else f" ({kind})"
    if decision.outcome == "plan-ends":
        if decision.end_reason in BOARD_END_REASONS:
            words += f": {BOARD_END_REASONS[decision.end_reason]}"
        if decision.then in BOARD_THEN and decision.end_reason != "died":  # nothing follows for the child
            words += f"; then {BOARD_THEN[decision.then]}"
    return words


def board_content(
    conference: Conference,
    stage_key: str = STAGE_KEYS[0],
    *,
    draft: Draft | None = None,
    blank: bool = False,
    show_names: bool = True,
) -> BoardContent:
    """The board as the room may see it now."""
    if blank:
        return blank_board()
    columns: dict[str, list[BoardLine]] = {name: [] for name in COLUMN_TITLES}
    everyone = conference
    conference = version_for(everyone, the_room()).conference  # what the room may see: the only thing drawn
    for list_name, column in COLUMN_OF.items():
        columns[column] += [BoardLine(i.text, list_name) for i in getattr(conference, list_name) if i.text.strip()]
        if draft and draft.list_name == list_name and _may_show(everyone, draft):
            columns[column].append(BoardLine(draft.text, list_name, being_typed=True))

    people = {p.id: p for p in conference.participants}
    if conference.plan:
        for action in conference.plan.actions:
            person = people.get(action.who)
            who = f"{first_name(person.name)}, {role_words(person)}" if person else action.who
            by = f", by {action.by.day} {action.by:%B}" if action.by else ""
            columns["needs_to_happen"].append(BoardLine(f"{action.what} ({who}{by})", "action"))

    children = {c.id: c for c in conference.children}
    scores = []
    for s in conference.scaling:
        person = people.get(s.participant)
        if not (show_names and person):
            scores.append(BoardScore(s.score, None))
            continue
        child = children.get(s.child or "")
        scores.append(
            BoardScore(s.score, first_name(person.name), role_words(person), child_short(child) if child else "")
        )
    decisions = []
    for decision in conference.decisions:
        child = conference.child(decision.child)
        if child is None:
            continue
        decisions.append(
            BoardLine(f"{capitalise(child_short(child))}: {decision_words(conference, decision)}", "decision")
        )
    # The recommendations, under the decisions: only those the room may see (the version above has no other).
    decisions += [
        BoardLine(f"Recommended: {i.text}", "recommendation") for i in conference.recommendations if i.text.strip()
    ]

    stage = STAGES[STAGE_KEYS.index(stage_key)].title if stage_key in STAGE_KEYS else ""
    return BoardContent(
        title=f"{NEUTRAL_TITLE}: the {conference.family.name} family",
        children=tuple(child_name(c) for c in conference.children),
        stage=stage,
        worried=tuple(columns["worried"]),
        working_well=tuple(columns["working_well"]),
        needs_to_happen=tuple(columns["needs_to_happen"]),
        key_points=tuple(columns["key_points"]),
        scores=tuple(scores),
        decisions=tuple(decisions),
        stage_key=stage_key if stage_key in STAGE_KEYS else "",
    )


def _may_show(conference: Conference, draft: Draft) -> bool:
    marks = Marks(confidential=draft.confidential, typed_while_out=["(someone)"] if draft.typed_while_out else [])
    return room_may_see_typing(conference, draft.text, marks)
