"""Quorum and the chair's problems list (RULES.md §2–4; CONFERENCE_FILE.md "Quorum" and "Views")."""

from __future__ import annotations

from typing import Any

import pytest
from builders import minimal_conference

from chairdesk import conference_file
from chairdesk.checks import PROBLEM_CODES, check
from chairdesk.documents.context import quorum


def result_of(data: dict[str, Any]):  # noqa: ANN201
    return check(conference_file.from_json(data))


def codes(data: dict[str, Any]) -> list[str]:
    return [p.code for p in result_of(data).problems]


def professional(ident: str, role: str, agency: str, attended: bool = True, contact: tuple[str, ...] = ("c1",)):
    return {
        "id": ident,
        "name": ident.title(),
        "role": role,
        "agency": agency,
        "attended": attended,
        "contact_with": list(contact),
    }


def with_people(*people: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return minimal_conference(participants=list(people), **overrides)


SW = professional("sw", "social-worker", "Children's Services")


def test_social_care_and_two_other_agencies_in_contact_is_quorate() -> None:
    result = result_of(minimal_conference())
    assert result.quorate
    assert result.children["c1"].agencies == ["NHS Health Visiting", "Little Acorns Nursery"]
    assert "inquorate" not in codes(minimal_conference())


def test_agencies_are_compared_trimmed_and_case_folded() -> None:
    data = with_people(
        SW, professional("hv", "health-visitor", "NHS Trust"), professional("gp", "paediatrician", "  nhs trust ")
    )
    result = result_of(data)
    assert result.children["c1"].agencies == ["NHS Trust"]
    assert not result.quorate
    assert "inquorate" in codes(data)


@pytest.mark.parametrize(
    ("third", "why"),
    [
        (professional("sch", "school", "School", attended=False), "did not attend"),
        (professional("sch", "school", "School", contact=()), "no direct contact with the child"),
        (professional("sch", "chair", "Independent Chairs"), "the chair never counts"),
        (professional("sch", "parent", "School"), "family-side roles never count"),
        (professional("sch", "solicitor", "Law Firm"), "a solicitor is family-side"),
        (professional("sch", "social-work-manager", "Another Team"), "children's social care is not an other agency"),
        (professional("sch", "housing", ""), "no agency named"),
    ],
)
def test_what_does_not_count_towards_quorum(third: dict[str, Any], why: str) -> None:
    data = with_people(SW, professional("hv", "health-visitor", "Health"), third)
    assert not result_of(data).quorate, why


def test_no_social_care_is_inquorate_even_with_many_agencies() -> None:
    data = with_people(
        professional("hv", "health-visitor", "Health"),
        professional("pol", "police", "Police"),
        professional("sch", "school", "School"),
    )
    result = result_of(data)
    assert not result.children["c1"].social_care
    assert not result.quorate


def test_a_social_work_manager_alone_is_childrens_social_care() -> None:
    data = with_people(
        professional("m", "social-work-manager", "Children's Services", contact=()),
        professional("hv", "health-visitor", "Health"),
        professional("pol", "police", "Police"),
    )
    assert result_of(data).quorate


def test_quorum_is_per_subject_child_and_ignores_other_children() -> None:
    children = [
        {"id": "c1", "name": "Amy", "date_of_birth": "2020-01-01", "subject": True},
        {"id": "c2", "name": "Ben", "date_of_birth": "2016-01-01", "subject": True},
        {"id": "c3", "name": "Cal", "date_of_birth": "2010-01-01", "subject": False},
    ]
    data = with_people(
        SW,
        professional("hv", "health-visitor", "Health", contact=("c1", "c2")),
        professional("n", "early-years", "Nursery", contact=("c1",)),
        professional("s", "school", "School", contact=("c3",)),
        children=children,
    )
    result = result_of(data)
    assert set(result.children) == {"c1", "c2"}
    assert result.children["c1"].quorate and not result.children["c2"].quorate
    inquorate = [p for p in result.problems if p.code == "inquorate"]
    assert [p.child for p in inquorate] == ["c2"]
    assert "Ben" in inquorate[0].message
    assert result.to_json()["quorate"] is False
    assert result.to_json()["children"]["c1"] == {
        "quorate": True,
        "social_care": True,
        "agencies": ["Health", "Nursery"],
    }


def test_inquorate_needs_the_chairs_reasons() -> None:
    data = with_people(SW, professional("hv", "health-visitor", "Health"))
    assert "inquorate-reason-missing" in codes(data)
    data["inquorate_reason"] = "Pre-birth: the baby has had contact with only the midwife; delay would harm."
    assert "inquorate-reason-missing" not in codes(data)
    assert "inquorate" in codes(data)


def test_conference_late() -> None:
    on_time = minimal_conference(date="2027-01-07", trigger_date="2026-12-14")
    assert "conference-late" not in codes(on_time)
    late = minimal_conference(date="2027-01-08", trigger_date="2026-12-14")
    problem = next(p for p in result_of(late).problems if p.code == "conference-late")
    assert "1 working day late" in problem.message
    assert "Thursday 7 January 2027" in problem.message


def test_reports_late_to_the_chair_and_to_the_family() -> None:
    data = minimal_conference()  # conference Thursday 7 January 2027
    data["participants"][0]["report"] = {"received": "2027-01-06", "shared_with_family": "2027-01-04"}
    data["participants"][1]["report"] = {"received": "2027-01-04", "shared_with_family": None}
    assert [c for c in codes(data) if c.startswith("report")] == ["report-late"]
    late = next(p for p in result_of(data).problems if p.code == "report-late")
    assert late.participant == "sw" and "Tuesday 5 January 2027" in late.message
    data["participants"][0]["report"]["shared_with_family"] = "2027-01-05"
    assert "report-shared-late" in codes(data)


@pytest.mark.parametrize(("born", "offered"), [("2015-01-07", True), ("2015-01-08", False), ("2010-06-01", True)])
def test_a_child_of_twelve_or_over_should_be_offered_participation(born: str, offered: bool) -> None:
    data = minimal_conference()
    data["children"][0]["date_of_birth"] = born
    assert ("offer-participation" in codes(data)) is offered


def test_an_unborn_child_is_not_offered_participation() -> None:
    data = minimal_conference()
    data["children"][0].update(date_of_birth=None, expected_delivery_date="2027-04-01")
    assert "offer-participation" not in codes(data)


def test_exclusion_without_a_ground() -> None:
    data = minimal_conference()
    data["participants"][3]["exclusions"] = [{"from": "10:00", "to": "10:20", "ground": None, "reason": "asked to"}]
    assert "exclusion-ground-missing" in codes(data)
    data["participants"][3]["exclusions"][0]["ground"] = 2
    assert "exclusion-ground-missing" not in codes(data)


def test_category_missing_for_a_plan() -> None:
    data = minimal_conference(decisions=[{"child": "c1", "outcome": "cp-plan", "category": None}])
    assert "category-missing" in codes(data)
    data["decisions"][0]["category"] = "neglect"
    assert "category-missing" not in codes(data)
    review = minimal_conference(
        type="review",
        trigger_date=None,
        previous_conference={"type": "initial", "date": "2026-10-07"},
        decisions=[{"child": "c1", "outcome": "plan-continues"}],
    )
    assert "category-missing" in codes(review)


def test_outcome_must_fit_the_type_of_conference() -> None:
    data = minimal_conference(decisions=[{"child": "c1", "outcome": "plan-ends", "category": "neglect"}])
    assert {"outcome-wrong-type", "category-not-applicable"} <= set(codes(data))


def all_views(data: dict[str, Any], skip: tuple[str, str] | None = None) -> list[dict[str, Any]]:
    return [
        {"participant": p["id"], "child": c["id"], "significant_harm": True}
        for p in data["participants"]
        if p["role"] not in ("parent", "chair")
        for c in data["children"]
        if (p["id"], c["id"]) != skip
    ]


def test_every_attending_professional_needs_a_view_once_decided() -> None:
    data = minimal_conference()
    data["participants"].append({"id": "ch", "name": "Chair", "role": "chair", "agency": "CS", "attended": True})
    data["participants"].append(professional("gp", "gp", "Surgery", attended=False))
    assert "view-missing" not in codes(data)  # nothing decided yet
    data["decisions"] = [{"child": "c1", "outcome": "cp-plan", "category": "neglect"}]
    data["views"] = all_views(data)
    data["views"] = [v for v in data["views"] if v["participant"] != "gp"]  # absent: no view needed
    assert "view-missing" not in codes(data)
    data["views"] = [v for v in data["views"] if v["participant"] != "hv"]
    missing = [p for p in result_of(data).problems if p.code == "view-missing"]
    assert [(p.participant, p.child) for p in missing] == [("hv", "c1")]


def test_plan_dates_and_lead_social_worker() -> None:
    data = minimal_conference(decisions=[{"child": "c1", "outcome": "cp-plan", "category": "neglect"}])
    data["views"] = all_views(data)
    assert "lead-social-worker-missing" in codes(data)
    data["plan"] = {"lead_social_worker": "sw", "first_core_group": "2027-01-22", "next_review": "2027-04-08"}
    assert {"first-core-group-late", "review-late"} <= set(codes(data))
    data["plan"].update(first_core_group="2027-01-21", next_review="2027-04-07")
    # Nothing else to look at either: the NHS number is there, and the police and the school nurse were invited.
    data["children"][0]["nhs_number"] = "943 476 5919"
    for ident, role in (("pol", "police"), ("sn", "school-nurse")):
        data["participants"].append({**professional(ident, role, ident.upper(), attended=False), "apologies": True})
    assert codes(data) == []


def test_every_problem_code_is_documented(demo_data: dict[str, Any]) -> None:
    for code in codes(demo_data):
        assert code in PROBLEM_CODES
    for fixed in ("inquorate", "conference-late", "category-missing", "view-missing"):
        assert fixed in PROBLEM_CODES


def test_a_child_with_no_dates_is_a_problem_to_fix() -> None:
    data = minimal_conference()
    data["children"][0]["date_of_birth"] = None
    problem = next(p for p in result_of(data).problems if p.code == "child-dates-missing")
    assert problem.child == "c1" and "Amy has neither a date of birth" in problem.message


def test_an_inquorate_child_is_said_in_plain_words(demo_data: dict[str, Any]) -> None:
    for person in demo_data["participants"]:
        if person["id"] in ("police", "gp", "hv", "midwife", "school", "nurse"):
            person["attended"], person["apologies"] = False, True
    messages = [p.message for p in check(conference_file.from_json(demo_data)).problems if p.code == "inquorate"]
    assert messages and all("only 0" not in m and "(none)" not in m for m in messages)
    assert any("no other agency that has had direct contact with Mia" in m for m in messages)


def _review_of(carried: list[dict[str, Any]] | None, **overrides: Any) -> dict[str, Any]:
    data = minimal_conference(
        type="review", date="2027-04-01", previous_conference={"type": "initial", "date": "2027-01-07"}, **overrides
    )
    data.pop("trigger_date")
    if carried is not None:
        data["carried_forward"] = {"decisions": carried}
    return data


@pytest.mark.parametrize(
    "before", ["cin-plan", "step-down", "family-group-conference", "no-further-action", "plan-ends"]
)
@pytest.mark.parametrize("decided", [None, "plan-continues", "plan-ends"])
def test_a_subject_of_a_review_who_has_no_plan_is_a_problem_to_fix(before: str, decided: str | None) -> None:
    data = _review_of([{"child": "c1", "outcome": before}])
    if decided is not None:  # a file from elsewhere may hold a decision ChairDesk's meeting would refuse
        extra = {"category": "neglect"} if decided == "plan-continues" else {}
        data["decisions"] = [{"child": "c1", "outcome": decided, **extra}]
    (problem,) = [p for p in result_of(data).problems if p.code == "no-plan-to-review"]
    assert problem.child == "c1" and problem.message.startswith("Amy has no child protection plan: the last")
    assert "Mark Amy as not a subject of this review in preparation" in problem.message


@pytest.mark.parametrize(
    "data",
    [
        _review_of([{"child": "c1", "outcome": "cp-plan", "category": "neglect"}]),
        _review_of([{"child": "c1", "outcome": "plan-continues", "category": "neglect"}]),
        _review_of(None),  # what the last conference decided is not known
        minimal_conference(decisions=[{"child": "c1", "outcome": "family-group-conference"}]),
    ],
)
def test_a_child_with_a_plan_or_an_initial_conference_has_no_such_problem(data: dict[str, Any]) -> None:
    assert "no-plan-to-review" not in codes(data)


# -- the time of the decision, as the record says it (issue 11 walk) ---------------------------------------------


def _decided_at(entered_at: str, everyone_left: bool = False) -> dict[str, Any]:
    """Amy's decision entered at ``entered_at``; the nursery arrived at 10:00 and left at 11:30 (without the nursery
    the room is not quorate for Amy); the others came at 09:50 (and, ``everyone_left``, left at 12:00)."""
    data = minimal_conference(decisions=[{"child": "c1", "outcome": "cp-plan", "category": "neglect"}])
    data["decisions"][0]["entered_at"] = entered_at
    for person in data["participants"]:
        person["arrived"] = "09:50"
        if everyone_left:
            person["left"] = "12:00"
    nursery = next(p for p in data["participants"] if p["id"] == "nur")
    nursery.update(arrived="10:00", left="11:30")
    return data


@pytest.mark.parametrize(
    ("entered_at", "everyone_left", "at", "quorate"),
    [
        ("2027-01-07T11:00:00", False, "11:00", True),  # in the meeting, the nursery there
        ("2027-01-07T11:45:00", False, "11:45", False),  # in the meeting, the nursery gone
        ("2027-01-07T11:45:00", True, "11:45", False),
        ("2027-03-02T11:00:00", False, None, True),  # typed on another day (a replayed conference)
        ("2027-03-02T12:35:00", False, None, True),
        ("2027-01-07T09:30:00", False, None, True),  # before anyone came
        ("2027-01-07T12:35:00", True, None, True),  # after everyone had gone
    ],
)
def test_the_record_says_the_time_of_a_decision_only_when_it_is_a_time_of_the_meeting(
    entered_at: str, everyone_left: bool, at: str | None, quorate: bool
) -> None:
    conference = conference_file.from_json(_decided_at(entered_at, everyone_left))
    judged = check(conference).children["c1"]
    assert (judged.at.strftime("%H:%M") if judged.at else None, judged.quorate) == (at, quorate)
    (row,) = quorum(conference)["quorum"]
    said = f" (at the decision, {at})" if at else ""
    assert row["quorate"] == ("Yes" if quorate else "No") + said
