"""Who gets a decision letter, grouped into households, and what each letter says (RULES.md §5, §6).

A letter goes to each parent, never to a professional. Parents who share an address (and whose address is not
withheld) get one letter between them. A parent whose address is withheld always gets a letter of their own,
so their address is never on a letter another person reads.

A family-side participant can be given a letter, or a parent spared one, with ``"letter": true/false`` on
the participant in the conference file (an addition to the format, kept in ``extra``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from chairdesk import words
from chairdesk.audience import Version
from chairdesk.documents.context import board, common, held_back
from chairdesk.documents.context import plan as plan_context
from chairdesk.model import Conference, Participant, is_family_side
from chairdesk.timescales import due_dates, long_date

PLAN_OUTCOMES = ("cp-plan", "plan-continues")


@dataclass(frozen=True)
class Household:
    members: tuple[Participant, ...]
    address: str

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.members)

    @property
    def names(self) -> str:
        return words.join_names(p.name for p in self.members)


def receives_letter(participant: Participant) -> bool:
    """Parents get a letter; other family-side people only when the chair says so; professionals never."""
    if not is_family_side(participant.role):
        return False
    if participant.letter is not None:
        return participant.letter
    return participant.role == "parent"


def _address_key(address: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", address.casefold())


def receives_parents_copy(participant: Participant) -> bool:
    """Every parent gets a parents' copy of the record (whatever is chosen about letters); another family
    member only when the chair sends them a letter."""
    return is_family_side(participant.role) and (participant.role == "parent" or participant.letter is True)


def households(conference: Conference, copies: bool = False) -> list[Household]:
    """The letters to send (or, with ``copies``, the parents' copies), in the order of the conference file."""
    groups: list[list[Participant]] = []
    by_address: dict[str, list[Participant]] = {}
    wanted = receives_parents_copy if copies else receives_letter
    for person in conference.participants:
        if not wanted(person):
            continue
        key = _address_key(person.address)
        if key and not person.address_withheld and key in by_address:
            by_address[key].append(person)
            continue
        group = [person]
        groups.append(group)
        if key and not person.address_withheld:
            by_address[key] = group
    return [Household(tuple(g), g[0].address.strip()) for g in groups]


def address_lines(address: str) -> list[str]:
    return [line.strip() for line in re.split(r"[,\n]+", address) if line.strip()]


def letter_context(household: Household, version: Version, marking: str, letter_date: dt.date) -> dict[str, Any]:
    """The letter to ``household``, from the version of the conference its readers may see."""
    conference = version.conference
    context = common(conference, marking, "Decision letter")
    decisions = []
    any_plan = False
    visits = []
    for child in conference.subject_children:
        decision = next((d for d in conference.decisions if d.child == child.id), None)
        has_plan = decision is not None and decision.outcome in PLAN_OUTCOMES
        any_plan = any_plan or has_plan
        if has_plan and not child.unborn:
            visits.append(child.name)
        decisions.append(
            {
                "child": words.capitalise(words.child_name(child)),
                "sentences": words.decision_sentences(child, decision),
                "reason": decision.reason if decision else "",
            }
        )
    plan = conference.plan
    social_worker = conference.participant(plan.lead_social_worker) if plan else None
    if social_worker is None:
        social_worker = next((p for p in conference.participants if p.role == "social-worker"), None)
    next_review = plan.next_review if plan and plan.next_review else None
    if next_review is not None:
        review_text = long_date(next_review)
    else:
        due = due_dates(conference)["next_review_due"].date
        review_text = f"by {long_date(due)}; your social worker will tell you the date" if due else "to be arranged"
    core_group = set(plan.core_group) if plan else set()
    context.update(plan_context(version))
    context.update(held_back(version))
    context.update(
        {
            "addressee": household.names,
            "salutation": household.names,
            "address_lines": address_lines(household.address),
            "letter_date": long_date(letter_date),
            "attended": any(p.attended for p in household.members),
            "decisions": decisions,
            "any_plan": any_plan,
            "visits": words.join_names(visits),
            "safety_goals": board(version)["safety_goals"],
            "social_worker": {"name": social_worker.name, "agency": social_worker.agency} if social_worker else None,
            "first_core_group": words.maybe_long_date(plan.first_core_group, "") if plan else "",
            "next_review": review_text,
            "in_core_group": any(p.id in core_group for p in household.members),
        }
    )
    return context
