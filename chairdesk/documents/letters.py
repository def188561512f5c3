"""Who gets a decision letter, grouped into households, and what each letter says (RULES.md §5, §6).

The decision letter with the outline plan goes to everyone who attended or was invited (RULES.md §5):

- each parent (parents who share an address, and whose address is not withheld, get one letter between them; a
  parent whose address is withheld always gets a letter of their own, so their address is on no letter another
  person reads). Each household's letter tells only about the children its members are connected to
  (:func:`chairdesk.audience.household_children`);
- each professional who attended or was invited, a letter of their own from the full record's version: the
  decisions, the recommendations, the plan, and their own actions picked out;
- another family-side person (a supporter, a family member, a solicitor) only when the chair says so;
- never the chair, an interpreter, an observer or a minute taker (they take no part; the chair signs the letters);
- a child who is to have one (``Child.letter``) gets their own, in words for a child of that age
  (:func:`child_letter_context`), never a share of the adults' letter.

``Participant.letter`` (None: the default above) is the chair's choice, made in the distribution list
(:mod:`chairdesk.distribution`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from chairdesk import languages, words
from chairdesk.audience import Version, household_children
from chairdesk.documents.context import board, common, held_back
from chairdesk.documents.context import plan as plan_context
from chairdesk.documents.context import recommendations as ctx_recommendations
from chairdesk.model import NEUTRAL_ROLES, PLAN_OUTCOMES, Child, Conference, Decision, Participant, is_family_side
from chairdesk.outcomes import keeps_a_plan
from chairdesk.timescales import due_dates, long_date

# The age from which a child's letter uses the older child's words (RULES.md §5: "in words for a child of that age").
OLDER_CHILD_FROM = 11


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

    @property
    def professional(self) -> bool:
        return len(self.members) == 1 and not is_family_side(self.members[0].role)


def never_a_letter(participant: Participant) -> bool:
    """The chair (who signs the letters), an interpreter, an observer and a minute taker never get one."""
    return participant.role == "chair" or participant.role in NEUTRAL_ROLES


def default_letter(participant: Participant) -> bool:
    """Without the chair's choice: parents and professionals get a letter; other family-side people do not."""
    if never_a_letter(participant):
        return False
    return participant.role == "parent" or not is_family_side(participant.role)


def receives_letter(participant: Participant) -> bool:
    """Whether ``participant`` gets a decision letter: the chair's choice (``letter``), else the default."""
    if never_a_letter(participant):
        return False
    if participant.letter is not None:
        return participant.letter
    return default_letter(participant)


def _address_key(address: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", address.casefold())


def receives_parents_copy(participant: Participant) -> bool:
    """Every parent gets a parents' copy of the record (whatever is chosen about letters); another family
    member only when the chair sends them a letter."""
    return is_family_side(participant.role) and (participant.role == "parent" or participant.letter is True)


def households(conference: Conference, copies: bool = False, everyone: bool = False) -> list[Household]:
    """The family's letters to send (or, with ``copies``, the parents' copies; with ``everyone``, every family-side
    person, each of whom reads the summary), in the order of the file."""
    groups: list[list[Participant]] = []
    by_address: dict[str, list[Participant]] = {}
    wanted = (lambda p: True) if everyone else receives_parents_copy if copies else receives_letter
    for person in conference.participants:
        if not is_family_side(person.role) or not wanted(person):
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


def own_summaries(conference: Conference) -> list[Household]:
    """The family's households that read about some of the children only (their members are connected to some of
    them, ``Participant.contact_with``): each is sent a summary of their own, made from their version, instead of
    the family's, which tells about every child (RULES.md §5)."""
    return [h for h in households(conference, everyone=True) if household_children(conference, h.ids)]


def professional_letters(conference: Conference) -> list[Household]:
    """A letter for each professional who attended or was invited (unless the chair turned it off)."""
    return [
        Household((p,), p.address.strip())
        for p in conference.participants
        if not is_family_side(p.role) and receives_letter(p)
    ]


def _can_be_written_to(conference: Conference, child: Child) -> bool:
    """A subject child who is born and alive: the conference did not end their plan because they died."""
    died = any(d.child == child.id and d.end_reason == "died" for d in conference.decisions)
    return child.subject and not child.unborn and not died


ADULT_FROM = 18


def is_adult(conference: Conference, child: Child) -> bool:
    """A young person who has turned 18 (on the day of the conference, or the conference ended their plan because
    they did): an adult, who is written to as an adult (as a participant the chair sends a letter), never with a
    child's letter."""
    age = child.age_on(conference.date)
    turned = any(d.child == child.id and d.end_reason == "turned-18" for d in conference.decisions)
    return turned or (age is not None and age >= ADULT_FROM)


def letters_for_children(conference: Conference) -> list[Child]:
    """The children who are to have a letter of their own (a subject child, born and living, under 18, whom the
    chair chose)."""
    return [
        c
        for c in conference.subject_children
        if c.letter and _can_be_written_to(conference, c) and not is_adult(conference, c)
    ]


def copies_for_children(conference: Conference) -> list[Child]:
    """The children the chair chose to give a copy of the record (``Child.record_copy``), born and living."""
    return [c for c in conference.subject_children if c.record_copy and _can_be_written_to(conference, c)]


def household_language(members: tuple[Participant, ...] | list[Participant]) -> str:
    """The language a letter to ``members`` is written in (chooses the template): theirs when they all share one
    that is not English; else "" (English, with each member's own language told in the letter)."""
    spoken = [p.language.strip() for p in members]
    if not spoken or any(languages.is_english(s) for s in spoken):
        return ""
    first = spoken[0]
    return first if all(languages.same_language(first, s) for s in spoken) else ""


def parents_language(conference: Conference) -> str:
    """The language all the parents share, for a child's letter (a child's language is not recorded)."""
    return household_language([p for p in conference.participants if p.role == "parent"])


def address_lines(address: str) -> list[str]:
    return [line.strip() for line in re.split(r"[,\n]+", address) if line.strip()]


def core_group_label(conference: Conference) -> str:
    """ "first core group meeting" after an initial conference; "next core group meeting" at a review."""
    return "next core group meeting" if conference.type == "review" else "first core group meeting"


def language_sentences(members: tuple[Participant, ...]) -> list[str]:
    """For each reader whose language is not English, what the conference arranged for them, by the language's
    name (RULES.md §5: help to understand the record, never a family member as interpreter)."""
    found = []
    for person in members:
        if languages.is_english(person.language):
            continue
        name = languages.name_of(person.language)
        first = person.name.split()[0] if person.name.split() else person.name
        arranged = []
        if person.needs_interpreter:
            arranged.append(
                f"an interpreter who speaks {name} to go through this letter and the record of the conference "
                "with you (never a member of your family)"
            )
        if person.needs_translation:
            arranged.append(f"this letter and the record of the conference to be translated into {name} for you")
        if arranged:
            found.append(
                f"{first}, we know you speak {name}. The conference arranged {words.join_names(arranged)}. Your "
                "social worker will tell you when."
            )
        else:
            found.append(
                f"{first}, we know you speak {name}. If you would like an interpreter who speaks {name} to go "
                f"through this letter with you, or this letter in {name}, please ask your social worker."
            )
    return found


def _social_worker(conference: Conference) -> Participant | None:
    plan = conference.plan
    found = conference.participant(plan.lead_social_worker) if plan else None
    return found or next((p for p in conference.participants if p.role == "social-worker"), None)


def _next_review(conference: Conference, professional: bool = False) -> str:
    """The next review's date, or by when it is due and who will tell the date (to a professional, in the third
    person: the family is told by their social worker, the professionals are invited)."""
    plan = conference.plan
    if plan is not None and plan.next_review is not None:
        return long_date(plan.next_review)
    due = due_dates(conference)["next_review_due"].date
    if not due:
        return "to be arranged"
    if professional:
        return f"by {long_date(due)}; the social worker will tell the family the date, and you will be invited"
    return f"by {long_date(due)}; your social worker will tell you the date"


def _actions_of(version: Version, ids: tuple[str, ...]) -> list[dict[str, str]]:
    """The plan's actions for ``ids`` to do (picked out in their letter)."""
    conference = version.conference
    if conference.plan is None:
        return []
    found = []
    for action in conference.plan.actions:
        if action.who not in ids:
            continue
        child = conference.child(action.child)
        found.append(
            {
                "what": action.what,
                "by": words.short_date(action.by) if action.by else "no date set",
                "child": words.capitalise(words.child_short(child)) if child else "The family",
            }
        )
    return found


def letter_context(household: Household, version: Version, marking: str, letter_date: dt.date) -> dict[str, Any]:
    """The letter to ``household`` (a family's, or one professional's), from the version its readers may see."""
    conference = version.conference
    reader = version.reader
    professional = household.professional
    context = common(conference, marking, "Decision letter")
    decisions = []
    visits = []
    theirs = [c for c in conference.subject_children if reader.concerns(c.id)]
    for child in theirs:
        decision = next((d for d in conference.decisions if d.child == child.id), None)
        if decision is not None and decision.outcome in PLAN_OUTCOMES and not child.unborn:
            visits.append(child.name)
        decisions.append(
            {
                "child": words.capitalise(words.child_name(child)),
                "sentences": words.decision_sentences(child, decision, for_the_family=not professional),
                "reason": decision.reason if decision else "",
            }
        )
    planned = keeps_a_plan(conference) and any(
        d.outcome in PLAN_OUTCOMES for d in conference.decisions if reader.concerns(d.child)
    )
    social_worker = _social_worker(conference)
    plan = conference.plan
    core_group = set(plan.core_group) if plan else set()
    context.update(plan_context(version))
    context.update(held_back(version))
    person = household.members[0]
    addressee = household.names
    if professional and person.agency.strip():
        addressee = f"{person.name}, {words.capitalise(person.role_name)}, {person.agency.strip()}"
    context.update(
        {
            "professional": professional,
            "addressee": addressee,
            "salutation": household.names,
            "address_lines": address_lines(household.address),
            "letter_date": long_date(letter_date),
            "attended": any(p.attended for p in household.members),
            "about_children": words.children_in_sentence(theirs) if reader.children else "",
            "decisions": decisions,
            "any_plan": planned,
            "visits": words.join_names(visits),
            "recommendations": ctx_recommendations(version),
            "safety_goals": board(version)["safety_goals"],
            "social_worker": {"name": social_worker.name, "agency": social_worker.agency} if social_worker else None,
            "is_social_worker": social_worker is not None and social_worker.id in household.ids,
            "core_group_label": core_group_label(conference),
            "first_core_group": words.maybe_long_date(plan.first_core_group, "") if plan else "",
            "next_review": _next_review(conference, professional),
            # When the core group meets first (or next), if no date is set yet: told to the family, or about them.
            "core_group_when": "the social worker will tell the family and the core group the date"
            if professional
            else "the social worker will tell you the date",
            "in_core_group": any(p.id in core_group for p in household.members),
            "your_actions": _actions_of(version, household.ids),
            "languages": [] if professional else language_sentences(household.members),
        }
    )
    return context


# -- A child's own letter (RULES.md §5: "and (where appropriate) the child") ------------------------------------

_YOUNGER = {
    "cp-plan": [
        "The grown-ups decided that you will have a child protection plan.",
        "A plan is a list of things people will do to help keep you safe.",
    ],
    "plan-continues": [
        "Your child protection plan will carry on for now.",
        "People will keep helping to keep you safe.",
    ],
    "plan-ends": ["Your child protection plan is going to stop.", "The grown-ups think things are safer now."],
    "cin-plan": ["You will have a child in need plan.", "It is a plan to help you and your family."],
    "step-down": ["Your family will get help from a family support team.", "They will help you and your family."],
    "family-group-conference": [
        "Your family will have a special meeting called a Family Group Conference.",
        "At that meeting, your family will make a plan to keep you safe.",
    ],
    "no-further-action": ["The grown-ups decided that you do not need a plan.", "Nothing else will happen for now."],
}
# Why a plan ends, told to the child when it is not because things are safer (model.PLAN_END_REASONS; "died" has
# no letter).
_YOUNGER_ENDS = {
    "moved-authority": "You have moved, so people where you live now will help keep you safe.",
    "turned-18": "You are 18 now, so you are an adult.",
    "left-uk": "You have moved to another country.",
    "court-order": "A judge has decided where you will live.",
    "accommodated": "You are living somewhere else now, and people there will look after you.",
}
_OLDER_ENDS = {
    "moved-authority": "You have moved to a new area, and the council there now helps keep you safe.",
    "turned-18": "You have turned 18, so a child protection plan no longer applies to you.",
    "left-uk": "You have left the UK, so the plan here no longer applies.",
    "court-order": "A court has made an order about where you live, and that now decides how you are kept safe.",
    "accommodated": "You are now looked after by the council, and your care plan says how you are kept safe.",
}
_OLDER = {
    "cp-plan": [
        "The conference decided that you will have a child protection plan.",
        "The plan says what everyone will do to keep you safe, and by when.",
    ],
    "plan-continues": [
        "The conference decided that your child protection plan will carry on.",
        "Everyone will keep working on the plan with you and your family.",
    ],
    "plan-ends": [
        "The conference decided that your child protection plan will end.",
        "People agreed that things are safer for you now.",
    ],
    "cin-plan": [
        "The conference decided that you will not have a child protection plan.",
        "You will have a child in need plan instead: help and support for you and your family.",
    ],
    "step-down": [
        "The conference decided that you will not have a child protection plan.",
        "Your family will be offered help from an early help team instead.",
    ],
    "family-group-conference": [
        "The conference decided that you will not have a child protection plan for now.",
        "Your family will have a Family Group Conference, where your family makes a plan together.",
    ],
    "no-further-action": [
        "The conference decided that you will not have a child protection plan.",
        "Children's social care will not need to do anything more.",
    ],
}


def child_letter_context(
    child: Child, version: Version, marking: str, letter_date: dt.date, record_copy: bool = False
) -> dict[str, Any]:
    """A child's own letter: short sentences, "you", what was decided for them, who their social worker is, what
    happens next and who to talk to. The younger wording is for a child under :data:`OLDER_CHILD_FROM` (or whose
    age is not known); the older one from that age."""
    conference = version.conference
    age = child.age_on(conference.date)
    younger = age is not None and age < OLDER_CHILD_FROM
    decision = next((d for d in conference.decisions if d.child == child.id), None)
    table = _YOUNGER if younger else _OLDER
    if decision is None:
        decided = ["The grown-ups have not finished deciding yet. Your social worker will tell you."]
    elif decision.outcome == "plan-ends" and decision.end_reason not in (None, "no-longer-at-risk"):
        # Not "things are safer now": the plan ends because of a move, a birthday, a court order or care.
        decided = [table["plan-ends"][0], (_YOUNGER_ENDS if younger else _OLDER_ENDS)[decision.end_reason]]
    else:
        decided = list(table.get(decision.outcome, table["no-further-action"]))
    plan = conference.plan
    outcomes = [o.text for o in plan.outcomes if o.child == child.id] if plan else []
    actions = []
    if plan is not None:
        for action in plan.actions:
            if action.child == child.id:
                who = conference.participant(action.who)
                actions.append({"who": who.name if who else action.who, "what": action.what})
    social_worker = _social_worker(conference)
    has_plan = decision is not None and decision.outcome in PLAN_OUTCOMES
    about, does = _child_letter_fit(decision, younger)
    context = common(conference, marking, "A letter for you")
    context.update(
        {
            "child_name": child.name,
            "younger": younger,
            "letter_date": long_date(letter_date),
            "decided": decided,
            "outcomes": outcomes,
            "actions": actions,
            "social_worker": social_worker.name if social_worker else "",
            "has_plan": has_plan,
            "next_review": _next_review(conference) if has_plan else "",
            "record_copy": record_copy,
            "about_meeting": about,
            "social_worker_does": does,
        }
    )
    return context


def _child_letter_fit(decision: Decision | None, younger: bool) -> tuple[str, str]:
    """What a child's letter says the meeting was about, and what their social worker will do, fitted to the
    outcome: a plan (or a child in need plan) that goes on, a plan that ends (for whatever reason), or no plan."""
    ends = decision is not None and decision.outcome == "plan-ends"
    if ends:
        about = (
            "The meeting was to see how things are going for you."
            if younger
            else "People who know you met to check how things are going, and whether you still need a child "
            "protection plan."
        )
    else:
        about = (
            "The meeting was about how to keep you safe and happy."
            if younger
            else "It is a meeting where people who know you talk about how to keep you safe."
        )
    goes_on = decision is not None and (
        decision.outcome in PLAN_OUTCOMES or "cin-plan" in (decision.outcome, decision.then if ends else None)
    )
    if decision is None or goes_on:
        does = (
            "They will come to see you and talk with you."
            if younger
            else "They will see you, sometimes on your own, and listen to what you think."
        )
    elif ends and decision.end_reason == "moved-authority":
        does = (
            "A social worker where you live now will help you."
            if younger
            else "A social worker from the council where you live now will work with you."
        )
    else:
        does = "They will tell you what happens now." if younger else "They will talk with you about what happens now."
    return about, does
