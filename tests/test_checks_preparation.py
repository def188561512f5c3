"""The checks before the day (issue 10; RULES.md §1–3, §7): the quorum the invitation list would give, invitees a
chair would expect, reports against their deadlines on a fixed day across bank holidays, participation, language,
exclusion requests, written views, late reasons, NHS numbers and observers' consent."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from builders import minimal_conference, two_children, write_json

from chairdesk import conference_file
from chairdesk.checks import PROBLEM_CODES, CheckResult, Problem, check
from chairdesk.cli import main

D = dt.date
# minimal_conference(): an initial conference on Thursday 7 January 2027 (England and Wales), after Christmas and
# New Year's Day. Amy (c1) is 6; Sara the social worker, Hana the health visitor, Nia the nursery, Mel the mother.
THURSDAY = D(2027, 1, 7)


def result_of(data: dict[str, Any], today: dt.date = THURSDAY) -> CheckResult:
    return check(conference_file.from_json(data), today=today)


def found(data: dict[str, Any], code: str, today: dt.date = THURSDAY) -> list[Problem]:
    return [p for p in result_of(data, today).problems if p.code == code]


def person(ident: str, role: str, agency: str = "", **fields: Any) -> dict[str, Any]:
    return {"id": ident, "name": ident.title(), "role": role, "agency": agency, **fields}


def nobody_came(data: dict[str, Any]) -> dict[str, Any]:
    for someone in data["participants"]:
        someone["attended"] = False
        someone.pop("arrived", None)
    return data


def invited() -> dict[str, Any]:
    """The minimal conference before the day: the same people invited, no one marked as arrived."""
    return nobody_came(minimal_conference())


# -- 1. The quorum the invitation list would give --------------------------------------------------------------


def test_before_anyone_arrives_quorum_is_judged_on_the_invitation_list() -> None:
    result = result_of(invited())
    assert result.before_meeting
    assert result.planned["c1"].quorate and result.planned["c1"].planned
    assert result.planned["c1"].agencies == ["NHS Health Visiting", "Little Acorns Nursery"]
    assert result.shown() is result.planned
    codes = {p.code for p in result.problems}
    assert not {"inquorate", "inquorate-reason-missing", "invitation-inquorate"} & codes  # a quorate list: no alarm


def test_an_invitation_list_short_of_an_agency_says_what_is_missing() -> None:
    data = invited()
    data["participants"][2]["apologies"] = True  # the nursery cannot come
    result = result_of(data)
    assert not result.planned["c1"].quorate
    (problem,) = [p for p in result.problems if p.code == "invitation-inquorate"]
    assert problem.child == "c1"
    assert "would not be quorate for Amy" in problem.message
    assert "only one other agency that has had direct contact is invited (NHS Health Visiting)" in problem.message
    assert "Sent apologies: Little Acorns Nursery." in problem.message
    codes = {p.code for p in result.problems}
    assert "inquorate" not in codes and "inquorate-reason-missing" not in codes  # those are for the meeting


def test_once_someone_is_marked_arrived_the_meeting_quorum_takes_over() -> None:
    data = invited()
    data["participants"][0].update(attended=True, arrived="09:50")  # only the social worker is here yet
    result = result_of(data)
    assert not result.before_meeting and result.shown() is result.children
    assert result.planned["c1"].quorate and not result.children["c1"].quorate
    codes = [p.code for p in result.problems]
    assert "inquorate" in codes and "invitation-inquorate" not in codes


def test_no_social_care_invited() -> None:
    data = invited()
    data["participants"][0]["role"] = "school"  # Sara from the school, not children's social care
    (problem,) = found(data, "invitation-inquorate")
    assert "no one from children's social care is invited" in problem.message


@pytest.mark.parametrize(
    ("third", "why"),
    [
        (person("sch", "school", "School", apologies=True, contact_with=["c1"]), "sent apologies"),
        (person("sch", "school", "School"), "no direct contact with Amy"),
        (person("sch", "chair", "Independent Chairs", contact_with=["c1"]), "the chair never counts"),
        (person("sch", "supporter", "School", contact_with=["c1"]), "the family's side never counts"),
        (person("sch", "social-work-manager", "Another Team", contact_with=["c1"]), "social care is not an agency"),
        (person("sch", "gp", "  nhs health visiting ", contact_with=["c1"]), "the same agency twice"),
    ],
)
def test_what_does_not_count_on_the_invitation_list(third: dict[str, Any], why: str) -> None:
    data = invited()
    data["participants"][2] = third  # instead of the nursery
    assert not result_of(data).planned["c1"].quorate, why
    assert found(data, "invitation-inquorate"), why


def test_the_planned_quorum_is_per_subject_child() -> None:
    data = nobody_came(two_children(arrived=None))  # Ben is known to the health visitor and the police only
    data["participants"][4]["apologies"] = True  # the police cannot come
    result = result_of(data)
    assert result.planned["c1"].quorate and not result.planned["c2"].quorate
    assert [p.child for p in result.problems if p.code == "invitation-inquorate"] == ["c2"]
    as_json = result.to_json()
    assert as_json["before_meeting"] is True
    assert as_json["planned"]["c2"] == {
        "quorate": False,
        "social_care": True,
        "agencies": ["NHS"],
        "apologies": ["Police"],
    }


@pytest.mark.parametrize("arrived", [False, True])
def test_the_lead_child_protection_practitioner_is_childrens_social_care(arrived: bool) -> None:
    data = minimal_conference() if arrived else invited()
    data["participants"][0]["role"] = "lead-practitioner"
    result = result_of(data)
    assert result.shown()["c1"].social_care and result.shown()["c1"].quorate
    assert not {"inquorate", "invitation-inquorate"} & {p.code for p in result.problems}


# -- 2. Suggested invitees -------------------------------------------------------------------------------------


def suggestions(data: dict[str, Any]) -> list[str]:
    return [p.message for p in found(data, "invite-suggested")]


def with_child(born: str | None = None, due: str | None = None, **overrides: Any) -> dict[str, Any]:
    data = invited()
    data["children"][0].update(date_of_birth=born, expected_delivery_date=due)
    data.update(overrides)
    return data


@pytest.mark.parametrize("kind", ["initial", "pre-birth", "transfer-in"])
def test_the_police_are_suggested_for_a_first_conference(kind: str) -> None:
    data = with_child("2020-05-01", type=kind)
    assert any("No one from the police is invited" in s for s in suggestions(data))
    data["participants"].append(person("pol", "police", "County Police", apologies=True))  # invited, even if absent
    assert not any("police" in s for s in suggestions(data))


def test_the_police_are_known_by_their_agency_too_and_not_suggested_for_a_review() -> None:
    data = with_child("2020-05-01")
    assert any("police" in s for s in suggestions(data))
    data["participants"].append(person("pol", "professional-other", "Thames Valley Police"))
    assert not any("police" in s for s in suggestions(data))
    review = with_child("2020-05-01", type="review", previous_conference={"type": "initial", "date": "2026-10-07"})
    assert not any("police" in s for s in suggestions(review))


@pytest.mark.parametrize(
    ("born", "health_visitor", "school_nurse"),
    [
        ("2022-01-08", True, False),  # 4 on Thursday 7 January 2027
        ("2022-01-07", False, True),  # 5 that day: school age
        ("2010-01-08", False, True),  # 16 that day: still school age
        ("2010-01-07", False, False),  # 17 that day
    ],
)
def test_a_health_visitor_for_an_under_five_and_a_school_nurse_for_a_school_age_child(
    born: str, health_visitor: bool, school_nurse: bool
) -> None:
    data = with_child(born)
    data["participants"] = [p for p in data["participants"] if p["role"] != "health-visitor"]
    said = suggestions(data)
    assert any("No health visitor is invited, and Amy is under 5" in s for s in said) is health_visitor
    assert any("No school nurse is invited, and Amy is of school age" in s for s in said) is school_nurse
    data["participants"] += [
        person("hv2", "health-visitor", "HV"),
        person("sn", "professional-other", "School Nursing"),
    ]
    assert not any("health visitor" in s or "school nurse" in s for s in suggestions(data))


def test_midwifery_for_an_unborn_child() -> None:
    data = with_child(None, "2027-04-01", type="pre-birth")
    (said,) = [s for s in suggestions(data) if "midwife" in s]
    assert "Amy is not born yet" in said
    data["participants"].append(person("mw", "health-other", "General Hospital Maternity Unit"))
    assert not any("midwife" in s for s in suggestions(data))


def test_the_originating_council_for_a_transfer_in() -> None:
    data = with_child("2020-05-01", type="transfer-in")
    assert any("the council the family moved from" in s for s in suggestions(data))
    data["participants"].append(person("ola", "other-local-authority", "Northshire Council"))
    assert not any("council" in s for s in suggestions(data))
    assert not any("council" in s for s in suggestions(with_child("2020-05-01")))  # only for a transfer-in


# -- 3. Reports against their deadlines, on a fixed day ----------------------------------------------------------


def expecting(data: dict[str, Any], ident: str, received: str | None = None, shared: str | None = None) -> None:
    someone = next(p for p in data["participants"] if p["id"] == ident)
    someone["report"] = {"received": received, "shared_with_family": shared}


def test_a_report_missing_past_its_deadline_is_flagged_before_the_day() -> None:
    # Other agencies' reports reach the chair 3 working days before Thursday 7 January 2027: Monday 4 January
    # (New Year's Day is not a working day).
    data = invited()
    expecting(data, "hv")
    assert not found(data, "report-missing", today=D(2027, 1, 4))  # due today: not missing yet
    (missing,) = found(data, "report-missing", today=D(2027, 1, 5))
    assert missing.participant == "hv"
    assert "Hana (health visitor) has not reached the chair: it was due by Monday 4 January 2027" in missing.message
    expecting(data, "hv", received="2027-01-04", shared="2027-01-05")
    assert not found(data, "report-missing", today=D(2027, 1, 6))
    assert not found(data, "report-late", today=D(2027, 1, 6))


def test_no_report_expected_is_never_missing() -> None:
    assert not found(invited(), "report-missing", today=D(2027, 1, 6))


def test_the_same_report_in_scotland_is_due_before_the_new_year() -> None:
    # Scotland keeps 2 January, so Monday 4 January 2027 is a holiday too: 3 working days before is 31 December.
    data = invited()
    data["region"] = "scotland"
    expecting(data, "hv")
    assert not found(data, "report-missing", today=D(2026, 12, 31))
    (missing,) = found(data, "report-missing", today=D(2027, 1, 4))
    assert "Thursday 31 December 2026" in missing.message


def test_other_agencies_share_their_reports_with_the_family_by_the_leaflets_deadline() -> None:
    # 2 working days before a first conference: Tuesday 5 January 2027.
    data = invited()
    expecting(data, "hv", received="2027-01-04", shared="2027-01-06")
    (late,) = found(data, "report-shared-late")
    assert late.participant == "hv" and "Tuesday 5 January 2027" in late.message
    expecting(data, "hv", received="2027-01-04")
    assert not found(data, "report-not-shared", today=D(2027, 1, 5))
    (unshared,) = found(data, "report-not-shared", today=D(2027, 1, 6))
    assert "has not been shared with the family: it was due by Tuesday 5 January 2027" in unshared.message


def test_the_social_workers_report_to_the_family_and_to_the_chair() -> None:
    # To the family 3 working days before (Monday 4 January 2027), to the chair 2 (Tuesday 5 January).
    data = invited()
    expecting(data, "sw")
    assert [p.code for p in result_of(data, D(2027, 1, 5)).problems if p.code.startswith("report")] == [
        "report-not-shared"
    ]
    codes = {p.code for p in result_of(data, D(2027, 1, 6)).problems}
    assert {"report-missing", "report-not-shared"} <= codes
    expecting(data, "sw", received="2027-01-05", shared="2027-01-04")
    assert not [p for p in result_of(data, D(2027, 1, 6)).problems if p.code.startswith("report")]


def review(date: str, region: str = "england-and-wales") -> dict[str, Any]:
    data = invited()
    data.update(
        type="review",
        date=date,
        region=region,
        trigger_date=None,
        previous_conference={"type": "initial", "date": "2026-07-01"},
    )
    return data


def test_a_reviews_agency_reports_are_checked_against_three_working_days_before_it_over_christmas() -> None:
    # Review on Wednesday 30 December 2026: 3 working days before, over Christmas and the substitute Boxing Day, is
    # Wednesday 23 December; shared with the family 5 working days before, Monday 21 December.
    data = review("2026-12-30")
    expecting(data, "hv")
    assert not found(data, "report-missing", today=D(2026, 12, 23))
    (missing,) = found(data, "report-missing", today=D(2026, 12, 24))
    assert "Wednesday 23 December 2026" in missing.message
    assert "they go to the core group that meets before the review" in missing.message  # the rule is shown
    expecting(data, "hv", received="2026-12-24", shared="2026-12-22")
    late = [p.code for p in result_of(data, D(2026, 12, 30)).problems if p.code.startswith("report")]
    assert late == ["report-late", "report-shared-late"]
    expecting(data, "hv", received="2026-12-23", shared="2026-12-21")
    assert not [p for p in result_of(data, D(2026, 12, 30)).problems if p.code.startswith("report")]


@pytest.mark.parametrize(
    ("region", "due", "not_yet", "missed"),
    [
        # Review on Thursday 1 April 2027: Good Friday and Easter Monday in England and Wales...
        ("england-and-wales", "Thursday 25 March 2027", D(2027, 3, 25), D(2027, 3, 26)),
        # ...but Easter Monday is a working day in Scotland.
        ("scotland", "Monday 29 March 2027", D(2027, 3, 29), D(2027, 3, 30)),
    ],
)
def test_a_reviews_agency_report_around_easter(region: str, due: str, not_yet: dt.date, missed: dt.date) -> None:
    data = review("2027-04-01", region)
    expecting(data, "hv")
    assert not found(data, "report-missing", today=not_yet)
    (missing,) = found(data, "report-missing", today=missed)
    assert f"due by {due}" in missing.message


# -- 4. The child's participation --------------------------------------------------------------------------------


def test_recording_the_childs_participation_clears_the_offer() -> None:
    data = with_child("2014-01-01")  # 13
    assert found(data, "offer-participation")
    data["children"][0]["participation"] = {"understanding": "Yes, she follows it well.", "ways": []}
    assert found(data, "offer-participation")  # weighed, but no way chosen yet
    data["children"][0]["participation"]["ways"] = ["declined"]  # her wish not to take part, respected
    assert not found(data, "offer-participation")


# -- 5. Language ------------------------------------------------------------------------------------------------


def mother(data: dict[str, Any]) -> dict[str, Any]:
    return next(p for p in data["participants"] if p["id"] == "mum")


def test_someone_who_needs_an_interpreter_has_one_for_their_language() -> None:
    data = invited()
    mother(data).update(language="Polish", needs_interpreter=True)
    (missing,) = found(data, "interpreter-missing")
    assert (
        missing.participant == "mum" and "Mel needs an interpreter for Polish, and none is invited" in missing.message
    )
    data["participants"].append(person("int", "interpreter", "Language Line", language="Romanian"))
    assert found(data, "interpreter-missing")  # an interpreter for another language does not help
    data["participants"][-1].update(language="polish ", apologies=True)
    (missing,) = found(data, "interpreter-missing")
    assert "the interpreter invited has sent apologies" in missing.message
    data["participants"][-1]["apologies"] = False
    assert not found(data, "interpreter-missing")
    data["participants"].pop()
    mother(data)["apologies"] = True  # not coming: no interpreter needed on the day
    assert not found(data, "interpreter-missing")


def test_a_language_not_recorded() -> None:
    data = invited()
    mother(data)["needs_interpreter"] = True
    (missing,) = found(data, "interpreter-missing")
    assert "their language is not recorded" in missing.message


@pytest.mark.parametrize(
    ("interpreter", "why"),
    [
        (person("int", "interpreter", "", name="mel"), "the same name as the mother"),
        (person("int", "interpreter", "Language Line", name="Ola Test"), "the family's name"),
    ],
)
def test_a_family_member_must_not_act_as_interpreter(interpreter: dict[str, Any], why: str) -> None:
    data = invited()
    data["participants"].append(interpreter)
    (refused,) = found(data, "interpreter-family-member")
    assert "a family member must not act as interpreter" in refused.message, why
    assert refused.participant == "int"
    interpreter["name"] = "Ola Nowak"
    assert not found(data, "interpreter-family-member")


def test_a_relative_marked_as_interpreting_is_refused() -> None:
    data = invited()
    data["participants"].append(person("aunt", "family-member", "interpreting for Mel", name="Zofia"))
    (refused,) = found(data, "interpreter-family-member")
    assert refused.participant == "aunt" and "a family member must not act as interpreter" in refused.message


def test_translated_documents_are_noted() -> None:
    data = invited()
    assert not found(data, "translation-needed")
    mother(data).update(language="Arabic", needs_translation=True)
    (note,) = found(data, "translation-needed")
    assert "Mel needs the documents translated into Arabic" in note.message


# -- 6. Exclusion requests --------------------------------------------------------------------------------------


def request(**fields: Any) -> dict[str, Any]:
    return {"about": "mum", "requested_by": "Sara", "ground": 2, "evidence": "threats to staff", **fields}


@pytest.mark.parametrize(
    ("region", "received", "late", "by"),
    [
        ("england-and-wales", "2027-01-04", False, "Monday 4 January 2027"),
        ("england-and-wales", "2027-01-05", True, "Monday 4 January 2027"),
        ("scotland", "2026-12-31", False, "Thursday 31 December 2026"),
        ("scotland", "2027-01-04", True, "Thursday 31 December 2026"),  # 4 January is a holiday there
    ],
)
def test_an_exclusion_request_under_three_working_days_before_is_late(
    region: str, received: str, late: bool, by: str
) -> None:
    data = invited()
    data["region"] = region
    data["exclusion_requests"] = [request(received=received, decision="refused", decided_on=received)]
    problems = found(data, "exclusion-request-late")
    assert bool(problems) is late
    if late:
        assert f"should have come by {by}" in problems[0].message and problems[0].participant == "mum"


def test_an_undecided_exclusion_request() -> None:
    data = invited()
    data["exclusion_requests"] = [request(received="2026-12-20")]
    (undecided,) = found(data, "exclusion-request-undecided", today=D(2027, 1, 7))
    assert "to exclude Mel is not decided yet" in undecided.message
    data["exclusion_requests"][0].update(decision="refused", decided_on="2026-12-21")
    assert not found(data, "exclusion-request-undecided")


def test_an_agreed_exclusion_request_says_how_the_parent_will_be_heard() -> None:
    data = invited()
    data["exclusion_requests"] = [request(received="2026-12-20", decision="agreed", which_part="the police's part")]
    (incomplete,) = found(data, "exclusion-request-incomplete")
    assert "how Mel's views will be heard" in incomplete.message and "which part" not in incomplete.message
    data["exclusion_requests"][0]["how_heard"] = "The social worker reads her written views."
    assert not found(data, "exclusion-request-incomplete")


# -- 7. Written views, 8. late reasons, 9. NHS numbers, 10. observers ----------------------------------------------


def test_written_views_after_the_date_asked_for_are_noted_kindly() -> None:
    # Parents' written views 2 working days before: Tuesday 5 January 2027.
    data = invited()
    data["written_views"] = [{"by": "mum", "received": "2027-01-05", "text": "I want my daughter home."}]
    assert not found(data, "written-views-late")
    data["written_views"][0]["received"] = "2027-01-06"
    (noted,) = found(data, "written-views-late")
    assert noted.participant == "mum" and "Tuesday 5 January 2027" in noted.message
    assert "still read and heard" in noted.message and "fault" not in noted.message


def test_a_late_conference_needs_its_reasons() -> None:
    data = invited()
    assert not found(data, "late-reasons-missing")  # on time
    data["date"] = "2027-01-08"
    assert found(data, "conference-late") and found(data, "late-reasons-missing")
    data["late_reasons"] = "The mother was in hospital; the manager agreed on 4 January."
    assert found(data, "conference-late") and not found(data, "late-reasons-missing")


def test_nhs_numbers_for_an_initial_or_pre_birth_conference() -> None:
    data = invited()
    (missing,) = found(data, "nhs-number-missing")
    assert missing.child == "c1" and "Amy's NHS number" in missing.message
    data["children"][0]["nhs_number"] = "943 476 5919"
    assert not found(data, "nhs-number-missing")
    unborn = with_child(None, "2027-04-01", type="pre-birth")
    (missing,) = found(unborn, "nhs-number-missing")
    assert "the mother's NHS number for Amy" in missing.message
    assert not found(review("2027-04-01"), "nhs-number-missing")


def test_an_observer_needs_consent() -> None:
    data = invited()
    data["participants"].append(person("obs", "observer", "Student social worker"))
    (problem,) = found(data, "observer-consent")
    assert problem.participant == "obs"
    data["participants"][-1]["consent"] = True
    assert not found(data, "observer-consent")


# -- Every code documented, and the command line shows them ----------------------------------------------------


def everything_to_look_at() -> dict[str, Any]:
    # A pre-birth conference on Friday 22 January 2027, a day after it was due (10 weeks before 1 April).
    data = with_child(None, "2027-04-01", type="pre-birth", date="2027-01-22", late_reasons="")
    data["participants"][2]["apologies"] = True
    mother(data).update(language="Polish", needs_interpreter=True, needs_translation=True)
    data["participants"] += [
        person("obs", "observer", "University"),
        person("int", "interpreter", "", name="Mel"),
        {**person("gp", "gp", "Surgery"), "report": {"received": None}},
    ]
    data["exclusion_requests"] = [request(received="2027-01-20"), request(received="2027-01-01", decision="agreed")]
    data["written_views"] = [{"by": "mum", "received": "2027-01-21", "text": "My views."}]
    return data


def test_every_new_code_is_raised_and_documented() -> None:
    codes = {p.code for p in result_of(everything_to_look_at(), today=D(2027, 1, 21)).problems}
    new = {
        "invitation-inquorate",
        "invite-suggested",
        "report-missing",
        "report-not-shared",
        "interpreter-missing",
        "interpreter-family-member",
        "translation-needed",
        "exclusion-request-late",
        "exclusion-request-undecided",
        "exclusion-request-incomplete",
        "written-views-late",
        "late-reasons-missing",
        "nhs-number-missing",
        "observer-consent",
    }
    assert new <= codes
    assert codes <= set(PROBLEM_CODES)


def test_the_check_command_shows_the_invitation_list_quorum_and_the_new_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write_json(tmp_path / "c.json", everything_to_look_at())
    assert main(["check", str(file)]) == 0
    out = capsys.readouterr().out
    assert "quorum from the invitation list" in out
    assert "Amy: NOT quorate (children's social care invited; NHS Health Visiting)" in out
    for code in ("invitation-inquorate", "invite-suggested", "interpreter-family-member", "observer-consent"):
        assert f"[{code}]" in out
    assert main(["check", str(file), "--json"]) == 0
    as_json = json.loads(capsys.readouterr().out)
    assert as_json["before_meeting"] is True and as_json["planned"]["c1"]["apologies"] == ["Little Acorns Nursery"]
