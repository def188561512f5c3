"""A review starts from the previous conference (PRODUCT.md "Prepare"; RULES.md §1, §4).

:func:`start_review` makes the review conference from the previous one (a conference in ChairDesk, or read from
its conference file: :func:`previous_from`): the same family, children (matched by id: a child born since a
pre-birth conference keeps its id) and invitees (none of them marked as come), and what is carried forward
(:class:`model.CarriedForward`): the danger statements, safety goals, the plan's outcomes and actions, the decisions
and their categories, the lead social worker, core group and contingency, and the scaling history of every earlier
conference. None of it is on the board, and none of it is in the review's own lists: the chair puts a line there
(:func:`put_on_board`, :func:`carry_action_on`, :func:`use_core_group`), and marks how far each outcome and action
has got (:func:`set_progress`). Every command is one undoable edit of the :class:`Meeting`.

What the family could not read at the last conference stays so: a confidential line keeps its mark and reason, and a
line typed while a family member was out of the room stays held back from them (the review's family copies are made by
the same rule, :mod:`chairdesk.audience`). The chair's releases are not carried: they were decisions about the last
conference's documents, and the review's are decided again.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from chairdesk import audience, conference_file, words
from chairdesk.changes import Part
from chairdesk.documents.chart import Round
from chairdesk.errors import ChairDeskError, InvalidConference
from chairdesk.meeting import LIST_TITLES, Meeting
from chairdesk.model import (
    PLAN_OUTCOMES,
    PROGRESS,
    CarriedForward,
    Child,
    Conference,
    Family,
    Item,
    Participant,
    PastScores,
    Plan,
    PlanAction,
    PreviousConference,
    Report,
    ScalingScore,
)
from chairdesk.storage import ConferenceStore

# The carried lists a chair can put on the board, each into the review's list of the same name.
BOARD_CARRIED = ("danger_statements", "safety_goals")
PROGRESS_LISTS = ("outcomes", "actions")
# A conference's type as the chart's dates are labelled, short enough for the space under a date.
SHORT_TYPE_NAMES = {
    "initial": "initial conference",
    "pre-birth": "pre-birth conference",
    "transfer-in": "transfer-in conference",
    "review": "review",
}


def _invitee(person: Participant) -> Participant:
    """The same person invited again: what they did at the last meeting is not carried. A report expected from
    them last time is expected again (not yet received); an observer's consent was for that meeting only. Whether
    they get a decision letter goes back to the default (parents do): the chair's choice was about the last
    conference's letters, and a choice kept silently could leave a parent without the review's decisions or send
    them to someone no longer involved; the chair decides again on the distribution list."""
    again = copy.deepcopy(person)
    again.attended = False
    again.arrived = again.left = None
    again.apologies = False
    again.letter = None  # who gets a decision letter is the chair's choice for each conference (the default again)
    again.exclusions = []
    again.report = Report() if person.report is not None else None
    again.consent = False
    return again


def _reviewed(previous: Conference, child: Child) -> bool:
    """Whether ``child`` is a subject of the review that follows ``previous``: a review decides whether a plan
    continues or ends, so it is about the children the last conference gave (or kept) a plan. A child whose last
    decision is not known (a conference file without decisions) stays as the last conference had them, and the
    chair can change it in preparation."""
    decision = next((d for d in previous.decisions if d.child == child.id), None)
    if decision is None:
        return child.subject
    return decision.outcome in PLAN_OUTCOMES


def _carried(previous: Conference, things: list[Any]) -> list[Any]:
    """Typed things carried forward with their confidential marks. Who was out of the room when each was typed is
    read as the last conference's rule reads it (marked as typed, or, for a conference from elsewhere, stamped
    inside an exclusion), so what was held back from a family member stays held back from them. The chair's releases are
    not carried."""
    carried = []
    for thing in things:
        again = copy.deepcopy(thing)
        again.typed_while_out = sorted(previous.excluded_when_typed(thing))
        again.releases = []
        if hasattr(again, "progress"):
            again.progress = None  # marked at this review
        carried.append(again)
    return carried


def _history(previous: Conference) -> list[PastScores]:
    """Every earlier round the previous conference carried, then its own, oldest first."""
    earlier = previous.carried_forward.scaling_history if previous.carried_forward else []
    history = [copy.deepcopy(h) for h in earlier]
    if previous.scaling:
        history.append(
            PastScores(
                date=previous.date,
                type=previous.type,
                scores=_carried(previous, previous.scaling),
                names={p.id: f"{p.name} ({p.role_name})" for p in previous.participants},
            )
        )
    return sorted(history, key=lambda h: h.date)


def _contingency(previous: Conference) -> str:
    """The previous contingency plan, unless the room could not read it (the carried contingency has no marks of
    its own to hold it back from a family reader: it stays with the previous conference)."""
    plan = previous.plan
    if plan is None or not plan.contingency.strip():
        return ""
    marks = plan.contingency_marks
    if marks.confidential or marks.typed_while_out:
        return ""
    return plan.contingency


def carry_forward(previous: Conference) -> CarriedForward:
    """What the review carries from ``previous``."""
    plan = previous.plan
    names = {p.id: p.name for p in previous.participants}
    return CarriedForward(
        danger_statements=_carried(previous, previous.danger_statements),
        safety_goals=_carried(previous, previous.safety_goals),
        outcomes=_carried(previous, plan.outcomes) if plan else [],
        actions=_carried(previous, plan.actions) if plan else [],
        decisions=_carried(previous, previous.decisions),
        lead_social_worker=names.get(plan.lead_social_worker or "", "") if plan else "",
        core_group=[names[i] for i in plan.core_group if i in names] if plan else [],
        contingency=_contingency(previous),
        scaling_history=_history(previous),
    )


def start_review(previous: Conference, date: dt.date) -> Conference:
    """A new review conference on ``date`` following ``previous`` (not yet stored: it has no id).

    The review's plan is not started: the review decides whether the plan continues, and the chair carries the
    core group, the lead social worker and any action into it (:func:`use_core_group`, :func:`carry_action_on`).
    A child's participation is weighed again for each conference (their own words belong to the last one), and so
    are the letters: whether a child gets a letter of their own or a copy of the record, and who else gets a
    decision letter (each invitee's choice goes back to the default, :func:`_invitee`).

    The review is about the children who have a plan (:func:`_reviewed`): a child the last conference decided
    otherwise for (a child in need plan, a Family Group Conference...) comes as not a subject."""
    if not isinstance(date, dt.date):
        raise ChairDeskError("the review's date must be a date (YYYY-MM-DD)")
    if date <= previous.date:
        raise ChairDeskError(
            f"the review must come after the previous conference ({previous.date.isoformat()}); "
            f"{date.isoformat()} is not after it"
        )
    children = copy.deepcopy(previous.children)
    for child in children:
        child.participation = None
        child.letter = child.record_copy = False  # decided afresh for each conference's letters and record
        child.subject = _reviewed(previous, child)
    return Conference(
        type="review",
        date=date,
        family=Family(previous.family.name, extra=copy.deepcopy(previous.family.extra)),
        children=children,
        participants=[_invitee(p) for p in previous.participants],
        location=previous.location,
        region=previous.region,
        previous_conference=PreviousConference(type=previous.type, date=previous.date, id=previous.id),
        carried_forward=carry_forward(previous),
    )


def previous_from(source: str, store: ConferenceStore | None = None) -> Conference:
    """The previous conference: by its id in ``store``, or read from a conference file at ``source``."""
    if store is not None and store.exists(source):
        return store.load(source)
    path = Path(source)
    if path.suffix.lower() == ".json" or path.exists():
        return conference_file.read(path)
    raise ChairDeskError(
        f"there is no conference with the id {source!r} and no conference file of that name; "
        "give a conference's id (see 'chairdesk list') or a conference file"
    )


# -- the review's commands (one undoable edit each) -------------------------------------------------------------


def _carried_of(meeting: Meeting) -> CarriedForward:
    carried = meeting.conference.carried_forward
    if carried is None:
        raise InvalidConference(["This conference carries nothing forward from a previous conference."])
    return carried


def _entry(things: list[Any], index: int, what: str) -> Any:
    if not 0 <= index < len(things):
        raise InvalidConference([f"There is no carried {what} number {index + 1}."])
    return things[index]


def set_progress(meeting: Meeting, kind: str, index: int, progress: str | None) -> None:
    """How far a carried outcome (``kind`` "outcomes") or action ("actions") has got, as the review hears it:
    a key of :data:`PROGRESS` ("done", "in-progress", "not-done"), or None for not said yet."""
    if kind not in PROGRESS_LISTS:
        raise InvalidConference([f"{kind!r} is not one of {', '.join(PROGRESS_LISTS)}"])
    if progress is not None and progress not in PROGRESS:
        raise InvalidConference([f"progress: {progress!r} is not one of {', '.join(PROGRESS)}"])
    _entry(getattr(_carried_of(meeting), kind), index, kind[:-1])
    words = PROGRESS.get(progress or "", "not said")

    def put(c: Conference) -> None:
        assert c.carried_forward is not None
        getattr(c.carried_forward, kind)[index].progress = progress

    meeting.edit(Part.CARRIED, f"mark a carried {kind[:-1]} {words}", put)


def held_from_room(meeting: Meeting, list_name: str, index: int) -> tuple[str, ...]:
    """Why the room may not read a carried line (empty when it may), by the rule the board is drawn by."""
    item = _entry(getattr(_carried_of(meeting), list_name), index, "line")
    piece = audience.Piece(f"carried_forward.{list_name}[{index}]", list_name, item.text, item, item)
    held = audience.held_from(meeting.conference, piece, audience.the_room())
    return held.why if held else ()


def on_board(meeting: Meeting, list_name: str, index: int) -> bool:
    """Whether the review's own list already has this carried line, word for word."""
    item = _entry(getattr(_carried_of(meeting), list_name), index, "line")
    return any(i.text == item.text for i in getattr(meeting.conference, list_name))


def put_on_board(meeting: Meeting, list_name: str, index: int) -> None:
    """The chair puts a carried danger statement or safety goal on the board: a copy of exactly its words goes into
    the review's own list as a new item, stamped now (and held back from whoever in the family is out of the room now).
    A line the room could not read at the last conference cannot be put there (the chair types it again if the
    room may now hear it)."""
    if list_name not in BOARD_CARRIED:
        raise InvalidConference([f"{list_name!r} is not one of {', '.join(BOARD_CARRIED)}"])
    item = _entry(getattr(_carried_of(meeting), list_name), index, "line")
    title = LIST_TITLES[list_name].lower()
    why = held_from_room(meeting, list_name, index)
    if why:
        raise InvalidConference(
            [f"This line cannot go on the board: {' and '.join(why)}. Type it again yourself if the room may hear it."]
        )
    if on_board(meeting, list_name, index):
        raise InvalidConference([f"This line is already in the review's {title}."])
    stamp: dict[str, Any] = {
        **meeting.stamp(),
        "typed_while_out": sorted(p.id for p in meeting.conference.excluded_now()),
    }
    new = Item(item.text, **stamp)
    meeting.edit(Part.BOARD, f"put a carried line in {title}", lambda c: getattr(c, list_name).append(new))


def carry_action_on(meeting: Meeting, index: int) -> None:
    """The chair carries an action of the last plan on into this review's plan: a copy (what, who, by, child,
    confidential mark), stamped now, with no progress of its own yet."""
    action = _entry(_carried_of(meeting).actions, index, "action")
    if meeting.conference.child(action.child) is None and action.child is not None:
        raise InvalidConference(["The child this action is for is not in this conference."])
    plan = meeting.conference.plan
    if plan is not None and any((a.what, a.child) == (action.what, action.child) for a in plan.actions):
        raise InvalidConference(["This action is already in the review's plan."])
    new = PlanAction(
        action.what,
        action.who,
        action.by,
        action.child,
        **meeting.stamp(),
        confidential=action.confidential,
        confidential_reason=action.confidential_reason,
        confidential_words=action.confidential_words,
        typed_while_out=sorted({*action.typed_while_out, *(p.id for p in meeting.conference.excluded_now())}),
    )

    def put(c: Conference) -> None:
        if c.plan is None:
            c.plan = Plan()
        c.plan.actions.append(new)

    meeting.edit(Part.PLAN, "carry an action on", put)


def _invited(meeting: Meeting, name: str) -> Participant | None:
    same = [p for p in meeting.conference.participants if p.name.strip() == name.strip()]
    return same[0] if len(same) == 1 else None


def use_core_group(meeting: Meeting) -> list[str]:
    """Start the review's plan with the last plan's lead social worker and core group, those of them invited to the
    review (matched by name); returns the names not found among the invitees."""
    carried = _carried_of(meeting)
    members = [(name, _invited(meeting, name)) for name in carried.core_group]
    lead = _invited(meeting, carried.lead_social_worker) if carried.lead_social_worker else None
    missing = [name for name, person in members if person is None]
    if carried.lead_social_worker and lead is None:
        missing.insert(0, carried.lead_social_worker)
    ids = [person.id for _name, person in members if person is not None]
    if lead is None and not ids:
        raise InvalidConference(["None of the last core group is invited to this review."])

    def put(c: Conference) -> None:
        if c.plan is None:
            c.plan = Plan()
        if lead is not None:
            c.plan.lead_social_worker = lead.id
        c.plan.core_group = list(dict.fromkeys([*c.plan.core_group, *ids]))

    meeting.edit(Part.PLAN, "carry the core group on", put)
    return missing


# -- the scaling history, for the chart --------------------------------------------------------------------------


def scaling_groups(conference: Conference, *, include_current: bool = True) -> list[tuple[str, list[Round]]]:
    """The scaling across conferences, one group per child the scores were about (all the children first), each
    as the rounds of :func:`chairdesk.documents.chart.history_chart`, oldest first: the rounds carried forward,
    then this conference's own (``include_current``). For a document, ``conference`` is the reader's version
    (chairdesk.audience), so a score the reader may not read is already not there."""
    carried = conference.carried_forward
    history = list(carried.scaling_history) if carried else []
    names = {p.id: f"{p.name} ({p.role_name})" for p in conference.participants}
    sources: list[tuple[dt.date, str, list[ScalingScore], dict[str, str], bool]] = [
        (h.date, h.type, h.scores, h.names, True) for h in history
    ]
    if include_current and conference.scaling:
        sources.append((conference.date, "this conference", conference.scaling, names, False))
    groups: dict[str | None, list[Round]] = {}
    for date, kind, scores, who, _carried in sources:
        by_child: dict[str | None, list[tuple[str, int]]] = {}
        for score in scores:
            by_child.setdefault(score.child, []).append((who.get(score.participant, score.participant), score.score))
        words_kind = kind if kind == "this conference" else SHORT_TYPE_NAMES.get(kind, kind)
        for child_id, pairs in by_child.items():
            groups.setdefault(child_id, []).append(Round(date, words_kind, tuple(pairs)))
    order = [None] + [c.id for c in conference.children]
    result = []
    for key in sorted(groups, key=lambda k: order.index(k) if k in order else len(order)):
        child = conference.child(key)
        about = "all the children" if key is None else (words.child_in_sentence(child) if child else str(key))
        result.append((about, sorted(groups[key], key=lambda r: r.date)))
    return result
