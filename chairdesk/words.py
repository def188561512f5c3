"""Plain English for the board and the documents: dates, children, decisions and people, in the words of RULES.md.

Nothing here knows about Word. Letters are read by parents, some with low literacy: short sentences, no
initials, the children's first names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from chairdesk.model import (
    EXCLUSION_GROUNDS,
    PLAN_END_REASONS,
    PLAN_OUTCOMES,
    Child,
    Conference,
    Decision,
    Participant,
    clock_times,
)
from chairdesk.timescales import long_date

CONFERENCE_TYPE_NAMES = {
    "initial": "initial child protection conference",
    "pre-birth": "pre-birth child protection conference",
    "transfer-in": "transfer-in child protection conference",
    "review": "review child protection conference",
}

CATEGORY_NAMES = {
    "neglect": "neglect",
    "physical-abuse": "physical abuse",
    "emotional-abuse": "emotional abuse",
    "sexual-abuse": "sexual abuse",
}

# What the record and the summary say about each outcome (RULES.md §4).
OUTCOME_TITLES = {
    "cp-plan": "Child protection plan",
    "cin-plan": "No child protection plan: a child in need plan instead",
    "step-down": "No child protection plan: step down to early help support",
    "family-group-conference": "No child protection plan: a Family Group Conference",
    "no-further-action": "No child protection plan: no further action",
    "plan-continues": "The child protection plan continues",
    "plan-ends": "The child protection plan ends",
}

# What follows when a plan ends (model.AFTER_PLAN_ENDS), after "The child protection plan ends ...; then".
AFTER_PLAN_TITLES = {
    "cin-plan": "a child in need plan",
    "step-down": "step-down to early help support",
    "family-group-conference": "a Family Group Conference",
    "no-further-action": "no further action",
}

# Names an unborn child is given before it has one of its own.
_PLACEHOLDER_NAMES = {"", "baby", "unborn", "unborn baby", "unborn child", "the baby", "bump"}


def short_date(day: dt.date) -> str:
    """``7 January 2027``: for birth and due dates, where the weekday is noise."""
    return f"{day.day} {day:%B %Y}"


def maybe_long_date(day: dt.date | None, missing: str = "not set") -> str:
    return long_date(day) if day else missing


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_names(names: Iterable[str]) -> str:
    """``Mia``, ``Mia and Leo``, ``Mia, Leo and Sam``."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def child_name(child: Child) -> str:
    """The child as the documents name them; an unborn child is ``unborn baby (due 8 March 2027)``."""
    if child.unborn and child.expected_delivery_date is not None:
        due = f"due {short_date(child.expected_delivery_date)}"
        if child.name.strip().casefold() in _PLACEHOLDER_NAMES:
            return f"unborn baby ({due})"
        return f"{child.name} (unborn baby, {due})"
    return child.name


def child_in_sentence(child: Child) -> str:
    """The child in the middle of a sentence: ``Mia``, ``the unborn baby (due 8 March 2027)``."""
    name = child_name(child)
    return f"the {name}" if name.startswith("unborn baby") else name


def child_short(child: Child) -> str:
    """The child once already introduced: ``Mia``, ``the baby``."""
    if child.unborn and child.name.strip().casefold() in _PLACEHOLDER_NAMES:
        return "the baby"
    return child.name


def child_born(child: Child, on: dt.date) -> str:
    """``born 19 June 2014 (12 years old)``; ``""`` for an unborn child, whose name already says when it is due."""
    if child.date_of_birth is not None:
        age = child.age_on(on)
        years = "" if age is None else (f" ({age} year old)" if age == 1 else f" ({age} years old)")
        if age == 0:
            years = " (under 1 year old)"
        if age is not None and age < 0:  # refused when a conference is read or entered; never a negative age
            years = " (not yet born on the day of the conference)"
        return f"born {short_date(child.date_of_birth)}{years}"
    if child.expected_delivery_date is not None:
        return ""
    return "date of birth not known"


def children_in_sentence(children: Iterable[Child]) -> str:
    return join_names(child_in_sentence(c) for c in children)


def person(participant: Participant | None, with_agency: bool = True) -> str:
    """``Priya Shah (social worker, Children's Trust)``; family members without an agency."""
    if participant is None:
        return "someone not on the list of people invited"
    detail = participant.role_name
    if with_agency and participant.agency.strip():
        detail += f", {participant.agency.strip()}"
    return f"{participant.name} ({detail})"


def who(conference: Conference, who_text: str) -> str:
    """A plan action's ``who``: a participant id becomes their name and role, free text stays as typed."""
    found = conference.participant(who_text)
    return person(found, with_agency=False) if found else who_text


def category(decision: Decision) -> str:
    return CATEGORY_NAMES.get(decision.category or "", "")


def category_change(decision: Decision) -> str | None:
    """The category before, when a plan that continues has a new one (else None: kept, or not known)."""
    before = decision.previous_category
    if decision.outcome != "plan-continues" or not before or not decision.category or before == decision.category:
        return None
    return CATEGORY_NAMES.get(before, before)


def end_reason(decision: Decision) -> str:
    """Why a plan ends, completing "... because the child ...", or ""."""
    return PLAN_END_REASONS.get(decision.end_reason or "", "")


def outcome_title(decision: Decision, child: Child | None = None) -> str:
    """The decision in one line, as the record and the summary head it: ``Child protection plan under the category
    of neglect``; ``The child protection plan ends because Mia has turned 18; then a child in need plan``. A plan
    with no category is never told as "the category of ."."""
    title = OUTCOME_TITLES.get(decision.outcome, decision.outcome)
    if decision.outcome in PLAN_OUTCOMES and decision.category:
        title += f" under the category of {category(decision)}"
        before = category_change(decision)
        if before:
            title += f", changed from {before}"
        elif decision.outcome == "plan-continues" and decision.previous_category == decision.category:
            title += ", as before"
    if decision.outcome == "plan-ends":
        why = end_reason(decision)
        if why:
            title += f" because {child_short(child) if child else 'the child'} {why}"
        if decision.then in AFTER_PLAN_TITLES and decision.end_reason != "died":  # nothing follows for the child
            title += f"; then {AFTER_PLAN_TITLES[decision.then]}"
    return title


def _help_instead(child: Child, outcome: str | None, for_the_family: bool = True) -> list[str]:
    """What a family is offered instead of a child protection plan: for a parent to read ("you", "your family"),
    or (``for_the_family`` false) for a professional, about the family in the third person."""
    short = child_short(child)
    family, your = ("your family", "you") if for_the_family else ("the family", "the family")
    if outcome == "cin-plan":
        return [
            f"Instead, {short} will have a child in need plan. This is a plan of help and support "
            f"from children's social care, agreed with {your}."
        ]
    if outcome == "step-down":
        agreement = "your agreement" if for_the_family else "the family's agreement"
        return [f"Instead, {family} will be offered help from early help services, with {agreement}."]
    if outcome == "family-group-conference":
        return [
            f"Instead, {family} will be offered a Family Group Conference. This is a meeting where {family} "
            f"and friends make a plan together to keep {short} safe, with help from an independent coordinator."
        ]
    if outcome == "no-further-action":
        return ["Children's social care will take no further action."]
    return []


def decision_sentences(child: Child, decision: Decision | None, for_the_family: bool = True) -> list[str]:
    """What was decided for ``child``, for a parent to read (RULES.md §4, step 8); ``for_the_family`` false: for a
    professional, who is told about the family, not spoken to as one of them."""
    name = capitalise(child_in_sentence(child))
    short = child_short(child)
    if decision is None:
        return [f"The conference did not make a decision about {child_in_sentence(child)}."]
    harm = (
        f"The conference decided that {short} is likely to suffer significant harm. "
        "This means serious harm to a child's health or development."
    )
    kind = category(decision)
    if decision.outcome == "cp-plan":
        said = [f"{name} will have a child protection plan.", harm]
        return said + ([f"The plan is under the category of {kind}."] if kind else [])
    if decision.outcome == "plan-continues":
        said = [
            f"The child protection plan for {child_in_sentence(child)} will continue.",
            f"The conference decided that {short} is still likely to suffer significant harm.",
        ]
        before = category_change(decision)
        if before:
            said.append(f"The plan is now under the category of {kind}. Before, it was under the category of {before}.")
        elif kind and decision.previous_category == decision.category:
            said.append(f"The plan stays under the category of {kind}.")
        elif kind:
            said.append(f"The plan continues under the category of {kind}.")
        return said
    if decision.outcome == "plan-ends":
        said = [f"The child protection plan for {child_in_sentence(child)} will end."]
        if decision.end_reason == "no-longer-at-risk":
            said.append(f"The conference decided that {short} is no longer likely to suffer significant harm.")
        elif end_reason(decision):
            said.append(f"This is because {short} {end_reason(decision)}.")
        if decision.end_reason == "died":  # no offer of help "instead" for a child who has died
            return said
        return said + _help_instead(child, decision.then, for_the_family)
    return [f"{name} will not have a child protection plan.", *_help_instead(child, decision.outcome, for_the_family)]


def exclusion_part(participant: Participant) -> list[str]:
    """``from 10:40 to 11:05`` for each time ``participant`` was out of the room."""
    parts = []
    for exclusion in participant.exclusions:
        start, end = clock_times(exclusion.from_, exclusion.to)  # to the second only when within one minute
        if exclusion.to is None:
            parts.append(f"from {start} to the end of the conference")
        else:
            parts.append(f"from {start} to {end}")
    return parts


def exclusion_ground(ground: int | None) -> str:
    if ground is None:
        return "no ground recorded"
    return f"ground {ground}: {EXCLUSION_GROUNDS.get(ground, 'unknown ground')}"


def recording_offset(seconds: float | None) -> str:
    """``0:12:30 into the recording``, or ``""``."""
    if seconds is None:
        return ""
    whole = int(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d} into the recording"
