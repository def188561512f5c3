"""The export for the case-management system: each subject child's decision, category, dates, quorum and
participation, as CSV and JSON, one row per child.

Field names are the Standard Safeguarding Dataset's (Data to Insight's SSD: the tables ``ssd_person``,
``ssd_initial_cp_conference``, ``ssd_cp_plans`` and ``ssd_cp_reviews``) where the SSD has the field, and a plain
ChairDesk name where it has none (:data:`FIELDS` says which is which; the README has the table). Category codes are
the SSD's (NEG, PHY, EMO, SAB; MUL is never written: ChairDesk records one category per child) and participation
codes the DfE's PN0–PN7.

The reader is the professionals' record: the export is made from :func:`audience.version_for` with
:func:`audience.the_record`, and holds no typed words at all (no board, no reasons, no views) and no address.
Nothing here imports Qt.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chairdesk import audience, checks, outcomes, paths
from chairdesk.errors import ChairDeskError
from chairdesk.model import PLAN_OUTCOMES, Child, Conference, Decision
from chairdesk.preparation import child_nhs_number_problem
from chairdesk.timescales import due_dates

FORMAT = "chairdesk.ssd-export/1"

# The SSD's codes for the category of a child protection plan (cppl_cp_plan_initial_category, ..._latest_category).
CATEGORY_CODES = {
    "neglect": "NEG",
    "physical-abuse": "PHY",
    "emotional-abuse": "EMO",
    "sexual-abuse": "SAB",
}

# The DfE's codes for a child's participation in a review (cppr_cp_review_participation). ChairDesk knows whether
# the child came (the register) and the ways chosen for them to take part (Participation.ways); it does not record
# how a child who came spoke, so PN3 and PN4 are never written.
PARTICIPATION_CODES = {
    "PN0": "under 4 (or not yet born) on the day of the conference",
    "PN1": "came, and spoke for themselves",
    "PN2": "came, and an advocate spoke for them",
    "PN3": "came, and gave their views without words",
    "PN4": "came, and did not give their views",
    "PN5": "did not come, and someone they briefed spoke for them (an advocate, the social worker)",
    "PN6": "did not come, and gave their views another way (a letter, a drawing, a recording, meeting the chair)",
    "PN7": "did not come, and their views were not given",
}
_SPOKEN_FOR = ("advocate", "social-worker")
_OTHER_WAYS = ("letter", "drawing", "recording", "meet-chair")


@dataclass(frozen=True)
class Field:
    """One column: its name, the SSD table it comes from (None: a ChairDesk name, the SSD has no such field), and
    what it holds."""

    name: str
    table: str | None
    meaning: str


ICPC = "ssd_initial_cp_conference"
REVIEWS = "ssd_cp_reviews"
PLANS = "ssd_cp_plans"
PERSON = "ssd_person"

FIELDS: tuple[Field, ...] = (
    Field("chairdesk_conference_id", None, "the conference's id in ChairDesk"),
    Field("chairdesk_child_id", None, "the child's id in the conference file"),
    Field("nhs_number", None, "the child's NHS number (for an unborn child, the mother's): its 10 digits"),
    Field("pers_common_child_id", PERSON, "the consistent child identifier, as the chair gave it"),
    Field("pers_dob", PERSON, "date of birth"),
    Field("pers_expected_dob", PERSON, "expected date of birth of an unborn child"),
    Field("conference_type", None, "initial, pre-birth, transfer-in or review"),
    Field("icpc_icpc_date", ICPC, "the date of an initial (pre-birth, transfer-in) conference"),
    Field("icpc_icpc_target_date", ICPC, "the date it was due by"),
    Field("icpc_icpc_transfer_in", ICPC, "Y for a transfer-in conference, else N"),
    Field("icpc_icpc_outcome_cp_flag", ICPC, "Y when the child is to have a child protection plan, else N"),
    Field("cppr_cp_review_date", REVIEWS, "the date of a review conference"),
    Field("cppr_cp_review_due", REVIEWS, "the date the review was due by"),
    Field("cppr_cp_review_outcome_continue_cp", REVIEWS, "Y when the plan continues, N when it ends"),
    Field("cppr_cp_review_quorate", REVIEWS, "Y when the review was quorate for the child, else N"),
    Field("cppr_cp_review_participation", REVIEWS, "the child's participation in the review, PN0–PN7"),
    Field("cppl_cp_plan_start_date", PLANS, "the day the plan starts (an initial conference's decision for a plan)"),
    Field("cppl_cp_plan_end_date", PLANS, "the day the plan ends (a review's decision that it ends)"),
    Field(
        "cppl_cp_plan_initial_category",
        PLANS,
        "the plan's category when it started (at a review, as carried forward): NEG, PHY, EMO or SAB",
    ),
    Field("cppl_cp_plan_latest_category", PLANS, "the plan's category now (or when it ended): NEG, PHY, EMO or SAB"),
    Field("outcome", None, "the decision, in the conference file's word (cp-plan, cin-plan, step-down, ...)"),
    Field("previous_category", None, "at a review, the plan's category before a change: NEG, PHY, EMO or SAB"),
    Field("plan_end_reason", None, "why the plan ends, in the conference file's word (no-longer-at-risk, ...)"),
    Field("after_plan_ends", None, "what follows a plan that ends (cin-plan, step-down, ...)"),
    Field("quorate", None, "Y when the conference (initial or review) was quorate for the child, else N"),
    Field("participation", None, "the child's participation in the conference (initial or review), PN0–PN7"),
    Field("first_core_group", None, "the date of the first (at a review: next) core group meeting"),
    Field("next_review", None, "the date of the next review conference"),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)


def _code(category: str | None) -> str | None:
    return CATEGORY_CODES.get(category) if category else None


def _flag(value: bool) -> str:
    return "Y" if value else "N"


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def participation_code(conference: Conference, child: Child) -> str | None:
    """The child's participation as a PN code (:data:`PARTICIPATION_CODES`); None when ChairDesk cannot tell (the
    child did not come and no way for them to take part was recorded)."""
    age = child.age_on(conference.date)
    if age is None or age < 4:
        return "PN0"
    ways = set(child.participation.ways) if child.participation else set()
    invited = checks.invited_child(conference, child)
    if invited is not None and invited.attended:
        return "PN2" if "advocate" in ways else "PN1"
    if ways & set(_SPOKEN_FOR):
        return "PN5"
    own_words = bool(child.participation and child.participation.own_words)
    if ways & set(_OTHER_WAYS) or own_words:
        return "PN6"
    return "PN7" if ways else None


def nhs_digits(child: Child) -> str | None:
    """The child's NHS number as the case record takes it: its 10 digits, without the spaces (or hyphens) it is
    written with. Refused, in words, when it is not an NHS number (a wrong number in a case record is worse than
    none); None when there is none."""
    if not child.nhs_number.strip():
        return None
    wrong = child_nhs_number_problem(child)
    if wrong is not None:
        raise ChairDeskError(f"{wrong} Correct it in the conference's preparation, then export again.")
    return re.sub(r"[\s-]", "", child.nhs_number)


def _latest_category(conference: Conference, decision: Decision) -> str | None:
    if decision.outcome in PLAN_OUTCOMES:
        return _code(decision.category)
    if decision.outcome == "plan-ends":
        return _code(decision.previous_category or outcomes.carried_category(conference, decision.child))
    return None


def _row(conference: Conference, child: Child, decision: Decision, due: Any) -> dict[str, str | None]:
    review = conference.type == "review"
    quorate = _flag(checks.quorum_for_decision(conference, child).quorate)
    participation = participation_code(conference, child)
    plan = conference.plan
    # A review's child who came out of the last conference with no plan has no plan to date (checks.py says so as
    # "no-plan-to-review"): nothing of a plan is written for them, whatever the decision says.
    had_plan = outcomes.no_plan_before(conference, child.id) is None
    day = conference.date.isoformat()
    row: dict[str, str | None] = dict.fromkeys(FIELD_NAMES)
    row.update(
        chairdesk_conference_id=conference.id,
        chairdesk_child_id=child.id,
        nhs_number=nhs_digits(child),
        pers_common_child_id=child.child_identifier or None,
        pers_dob=_date(child.date_of_birth),
        pers_expected_dob=_date(child.expected_delivery_date) if child.date_of_birth is None else None,
        conference_type=conference.type,
        outcome=decision.outcome,
        previous_category=_code(decision.previous_category),
        plan_end_reason=decision.end_reason,
        after_plan_ends=decision.then,
        quorate=quorate,
        participation=participation,
        cppl_cp_plan_latest_category=_latest_category(conference, decision) if had_plan else None,
        cppl_cp_plan_initial_category=_code(outcomes.initial_category(conference, child.id)),
    )
    if review:
        row.update(
            cppr_cp_review_date=day,
            cppr_cp_review_due=_date(due),
            cppr_cp_review_outcome_continue_cp=_flag(decision.outcome == "plan-continues"),
            cppr_cp_review_quorate=quorate,
            cppr_cp_review_participation=participation,
            cppl_cp_plan_end_date=day if decision.outcome == "plan-ends" and had_plan else None,
        )
    else:
        row.update(
            icpc_icpc_date=day,
            icpc_icpc_target_date=_date(due),
            icpc_icpc_transfer_in=_flag(conference.type == "transfer-in"),
            icpc_icpc_outcome_cp_flag=_flag(decision.outcome == "cp-plan"),
        )
        if decision.outcome == "cp-plan":
            row.update(cppl_cp_plan_start_date=day)
    if decision.outcome in PLAN_OUTCOMES and had_plan and plan is not None:
        row.update(first_core_group=_date(plan.first_core_group), next_review=_date(plan.next_review))
    return row


def rows(conference: Conference) -> list[dict[str, str | None]]:
    """One row per subject child, keyed by :data:`FIELD_NAMES` (None where the field does not apply). Refused, in
    words, while a subject child has no decision, or a plan has no category: a case record is not given half."""
    seen = audience.version_for(conference, audience.the_record()).conference
    due = due_dates(seen)["conference_due"].date
    made = []
    for child in seen.subject_children:
        decision = next((d for d in seen.decisions if d.child == child.id), None)
        if decision is None:
            raise ChairDeskError(
                f"{child.name} has no decision yet: the export for the case record is made once every subject "
                "child's decision is recorded"
            )
        if decision.outcome in PLAN_OUTCOMES and _code(decision.category) is None:
            raise ChairDeskError(
                f"{child.name}'s plan has no category: choose the category of the plan, then export again"
            )
        made.append(_row(seen, child, decision, due))
    return made


def to_csv(conference: Conference) -> str:
    """The rows as CSV: a header of :data:`FIELD_NAMES`, then one line per subject child ("" for None)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELD_NAMES)
    writer.writeheader()
    for row in rows(conference):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def to_json(conference: Conference) -> dict[str, Any]:
    """The rows as JSON data, with the format's name and which conference they are from."""
    return {
        "format": FORMAT,
        "conference": {"id": conference.id, "type": conference.type, "date": conference.date.isoformat()},
        "children": rows(conference),
    }


def file_stem(conference: Conference) -> str:
    """The files' name without the ending: the date, the family's name (cut to a safe length), what it is."""
    return f"{conference.date.isoformat()}-{paths.name_part(conference.family.name, 'family')}-case-record"


def export(conference: Conference, folder: str | os.PathLike[str]) -> list[Path]:
    """Write the CSV and the JSON into ``folder`` (made if missing), each whole or not at all; returns their paths.
    Nothing is written when the export is refused."""
    return write(made(conference), folder)


def made(conference: Conference) -> dict[str, str]:
    """The export's files, each name with its text, made from the conference as it is now (a refusal raised here,
    before anything is written); :func:`write` writes them, on a worker thread if need be."""
    stem = file_stem(conference)
    return {
        f"{stem}.csv": to_csv(conference),
        f"{stem}.json": json.dumps(to_json(conference), indent=2, ensure_ascii=False) + "\n",
    }


def write(files: dict[str, str], folder: str | os.PathLike[str]) -> list[Path]:
    """Write :func:`made`'s files into ``folder`` (made if missing), each whole or not at all; returns their paths."""
    folder = Path(folder)
    targets = [folder / name for name in files]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for target, text in zip(targets, files.values(), strict=True):
            paths.write_atomically(target, text.encode("utf-8"))
    except OSError as error:
        raise ChairDeskError(f"{folder}: the export cannot be written there ({error.strerror})") from None
    return targets
