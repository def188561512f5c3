"""The export for the case-management system (chairdesk.ssd_export): the Standard Safeguarding Dataset's field
names where it has them, checked against the SSD's own table definitions; one row per subject child in CSV and
JSON; the codes (NEG/PHY/EMO/SAB, PN0–PN7); nothing but the record's facts (no typed words, no address); the
``export-ssd`` command; and File > Export for the case record… in the console."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from builders import minimal_conference

from chairdesk import conference_file, ssd_export
from chairdesk.errors import ChairDeskError

ROOT = Path(__file__).resolve().parent.parent
DEMO = json.loads((ROOT / "resources" / "demo_conference.json").read_text(encoding="utf-8"))

# The columns of the SSD's tables as its CREATE TABLE statements give them (Data to Insight, Standard Safeguarding
# Dataset, ssd_person, ssd_initial_cp_conference, ssd_cp_plans, ssd_cp_reviews).
SSD_TABLES = {
    "ssd_person": [
        "pers_legacy_id",
        "pers_person_id",
        "pers_sex",
        "pers_gender",
        "pers_ethnicity",
        "pers_dob",
        "pers_common_child_id",
        "pers_upn_unknown",
        "pers_send",
        "pers_expected_dob",
        "pers_death_date",
        "pers_is_mother",
        "pers_nationality",
    ],
    "ssd_initial_cp_conference": [
        "icpc_icpc_id",
        "icpc_icpc_meeting_id",
        "icpc_s47_enquiry_id",
        "icpc_person_id",
        "icpc_cp_plan_id",
        "icpc_referral_id",
        "icpc_icpc_transfer_in",
        "icpc_icpc_target_date",
        "icpc_icpc_date",
        "icpc_icpc_outcome_cp_flag",
        "icpc_icpc_outcome_json",
        "icpc_icpc_team",
        "icpc_icpc_worker_id",
    ],
    "ssd_cp_plans": [
        "cppl_cp_plan_id",
        "cppl_referral_id",
        "cppl_icpc_id",
        "cppl_person_id",
        "cppl_cp_plan_start_date",
        "cppl_cp_plan_end_date",
        "cppl_cp_plan_ola",
        "cppl_cp_plan_initial_category",
        "cppl_cp_plan_latest_category",
    ],
    "ssd_cp_reviews": [
        "cppr_cp_review_id",
        "cppr_person_id",
        "cppr_cp_plan_id",
        "cppr_cp_review_due",
        "cppr_cp_review_date",
        "cppr_cp_review_meeting_id",
        "cppr_cp_review_outcome_continue_cp",
        "cppr_cp_review_quorate",
        "cppr_cp_review_participation",
    ],
}
SSD_CATEGORY_CODES = {"NEG", "PHY", "SAB", "EMO", "MUL"}


def test_every_ssd_field_is_the_ssds_and_every_other_name_is_plainly_chairdesks() -> None:
    names = [f.name for f in ssd_export.FIELDS]
    assert len(names) == len(set(names))
    every_ssd_name = {n for columns in SSD_TABLES.values() for n in columns}
    for field in ssd_export.FIELDS:
        if field.table is None:
            assert field.name not in every_ssd_name, field.name
            assert not field.name.startswith(("pers_", "icpc_", "cppl_", "cppr_")), field.name  # no made-up SSD name
        else:
            assert field.name in SSD_TABLES[field.table], (field.name, field.table)
    assert set(ssd_export.CATEGORY_CODES.values()) <= SSD_CATEGORY_CODES
    assert set(ssd_export.PARTICIPATION_CODES) == {f"PN{n}" for n in range(8)}


def _run(*argv: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHAIRDESK_DATA": str(home / "data"), "CHAIRDESK_DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "-m", "chairdesk", *argv], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )


def _read(folder: Path) -> tuple[list[dict[str, str]], dict[str, Any]]:
    (csv_file,) = folder.glob("*.csv")
    (json_file,) = folder.glob("*.json")
    assert csv_file.stem == json_file.stem
    with csv_file.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == ssd_export.FIELD_NAMES
        rows = list(reader)
    return rows, json.loads(json_file.read_text(encoding="utf-8"))


def test_the_command_writes_one_row_per_subject_child_in_csv_and_json(tmp_path: Path) -> None:
    demo = copy.deepcopy(DEMO)
    demo["children"][0]["nhs_number"] = "943 476 5919"
    demo["children"][0]["child_identifier"] = "CCI-0001"
    demo["children"].append({"id": "cousin", "name": "Kai", "date_of_birth": "2015-01-01", "subject": False})
    file = tmp_path / "demo.json"
    file.write_text(json.dumps(demo, ensure_ascii=False), encoding="utf-8")
    result = _run("export-ssd", str(file), "--out", str(tmp_path / "out"), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2
    rows, data = _read(tmp_path / "out")
    assert data["format"] == ssd_export.FORMAT
    assert data["conference"] == {"id": "demo-harper-2026-11-24", "type": "initial", "date": "2026-11-24"}
    assert [r["chairdesk_child_id"] for r in rows] == ["mia", "leo", "ruby", "baby"]  # not the cousin
    for row, as_json in zip(rows, data["children"], strict=True):
        assert row == {k: "" if v is None else v for k, v in as_json.items()}
    mia, leo, ruby, baby = rows
    assert mia["nhs_number"] == "9434765919" and mia["pers_common_child_id"] == "CCI-0001"  # its 10 digits
    assert mia["pers_dob"] == "2014-06-19" and baby["pers_expected_dob"] == "2027-03-08" and not baby["pers_dob"]
    for row in rows:
        assert row["icpc_icpc_date"] == "2026-11-24" and row["icpc_icpc_transfer_in"] == "N"
        assert row["icpc_icpc_outcome_cp_flag"] == "Y" and row["outcome"] == "cp-plan"
        assert row["cppl_cp_plan_start_date"] == "2026-11-24"
        assert row["cppl_cp_plan_initial_category"] == row["cppl_cp_plan_latest_category"] == "EMO"
        assert row["quorate"] == "Y"
        assert row["first_core_group"] == "2026-12-04" and row["next_review"] == "2027-02-23"
        assert not row["cppr_cp_review_date"] and not row["cppr_cp_review_quorate"]  # not a review
    assert mia["icpc_icpc_target_date"]  # the conference's due date
    assert ruby["participation"] == baby["participation"] == "PN0"  # 3, and not yet born


def test_the_export_holds_the_records_facts_and_no_typed_words_or_address(tmp_path: Path) -> None:
    conference = conference_file.from_json(copy.deepcopy(DEMO))
    written = ssd_export.export(conference, tmp_path)
    text = "\n".join(p.read_text(encoding="utf-8") for p in written)
    typed: list[str] = []
    for name in ("danger_statements", "working_well", "worries", "safety_goals", "key_points"):
        typed += [item["text"] for item in DEMO.get(name, [])]
    typed += [d["reason"] for d in DEMO["decisions"]] + [v["reason"] for v in DEMO.get("views", []) if v.get("reason")]
    typed += [s["reason"] for s in DEMO["scaling"] if s.get("reason")] + [d["text"] for d in DEMO["dissent"]]
    typed += [p["address"] for p in DEMO["participants"] if p.get("address")]
    typed += [p["name"] for p in DEMO["participants"]]
    assert any(p.get("address_withheld") for p in DEMO["participants"])  # the demo has a withheld address
    for words in typed:
        assert words not in text, words


def _review(**decision_changes: Any) -> dict[str, Any]:
    data = minimal_conference(
        id="rev-1",
        type="review",
        date="2027-04-01",
        previous_conference={"type": "initial", "date": "2027-01-07"},
    )
    data.pop("trigger_date", None)
    data["children"][0]["date_of_birth"] = "2015-05-01"
    data["decisions"] = [{"child": "c1", **decision_changes}]
    data["plan"] = {"next_review": "2027-10-01", "first_core_group": "2027-04-10", "core_group": ["sw"]}
    return data


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (
            {"outcome": "plan-continues", "category": "neglect", "previous_category": "emotional-abuse"},
            {
                "cppr_cp_review_outcome_continue_cp": "Y",
                "cppl_cp_plan_latest_category": "NEG",
                "previous_category": "EMO",
                "cppl_cp_plan_end_date": "",
                "next_review": "2027-10-01",
            },
        ),
        (
            {
                "outcome": "plan-ends",
                "previous_category": "physical-abuse",
                "end_reason": "no-longer-at-risk",
                "then": "cin-plan",
            },
            {
                "cppr_cp_review_outcome_continue_cp": "N",
                "cppl_cp_plan_end_date": "2027-04-01",
                "cppl_cp_plan_latest_category": "PHY",
                "plan_end_reason": "no-longer-at-risk",
                "after_plan_ends": "cin-plan",
                "next_review": "",
            },
        ),
    ],
)
def test_a_review_fills_the_ssds_review_fields(decision: dict[str, Any], expected: dict[str, str]) -> None:
    conference = conference_file.from_json(_review(**decision))
    (row,) = list(csv.DictReader(io.StringIO(ssd_export.to_csv(conference))))
    assert row["cppr_cp_review_date"] == "2027-04-01" and row["cppr_cp_review_due"]
    assert row["cppr_cp_review_quorate"] == row["quorate"] == "Y"
    assert not row["icpc_icpc_date"] and not row["cppl_cp_plan_start_date"]
    for name, value in expected.items():
        assert row[name] == value, name


def _carrying(decision: dict[str, Any], carried: list[dict[str, Any]] | None) -> dict[str, str]:
    """The row of a review of Amy whose last conference decided ``carried`` (None: not known)."""
    data = _review(**decision)
    if carried is not None:
        data["carried_forward"] = {"decisions": carried}
    (row,) = list(csv.DictReader(io.StringIO(ssd_export.to_csv(conference_file.from_json(data)))))
    return row


@pytest.mark.parametrize(
    ("carried", "decision", "initial", "latest"),
    [
        # A plan made at the last (initial) conference: its category is the plan's first.
        (
            {"outcome": "cp-plan", "category": "neglect"},
            {"outcome": "plan-continues", "category": "neglect"},
            "NEG",
            "NEG",
        ),
        (
            {"outcome": "cp-plan", "category": "neglect"},
            {"outcome": "plan-continues", "category": "physical-abuse"},
            "NEG",
            "PHY",
        ),
        (
            {"outcome": "cp-plan", "category": "sexual-abuse"},
            {"outcome": "plan-ends", "end_reason": "turned-18", "then": "no-further-action"},
            "SAB",
            "SAB",
        ),
        # A plan continued at the last review, from the category it had before it.
        (
            {"outcome": "plan-continues", "category": "physical-abuse", "previous_category": "neglect"},
            {"outcome": "plan-continues", "category": "emotional-abuse"},
            "NEG",
            "EMO",
        ),
        (
            {"outcome": "plan-continues", "category": "physical-abuse", "previous_category": "neglect"},
            {"outcome": "plan-ends", "end_reason": "no-longer-at-risk", "then": "cin-plan"},
            "NEG",
            "PHY",
        ),
        (
            {"outcome": "plan-continues", "category": "physical-abuse"},
            {"outcome": "plan-continues", "category": "physical-abuse"},
            "PHY",
            "PHY",
        ),
    ],
)
def test_a_review_gives_the_plans_initial_category_as_carried_forward(
    carried: dict[str, Any], decision: dict[str, Any], initial: str, latest: str
) -> None:
    row = _carrying(decision, [{"child": "c1", **carried}])
    assert (row["cppl_cp_plan_initial_category"], row["cppl_cp_plan_latest_category"]) == (initial, latest)
    assert not row["cppl_cp_plan_start_date"]  # the plan started at an earlier conference


def test_a_review_that_does_not_know_the_plans_start_leaves_its_initial_category_empty() -> None:
    row = _carrying({"outcome": "plan-continues", "category": "neglect"}, None)
    assert row["cppl_cp_plan_initial_category"] == "" and row["cppl_cp_plan_latest_category"] == "NEG"


@pytest.mark.parametrize(
    "before", ["cin-plan", "step-down", "family-group-conference", "no-further-action", "plan-ends"]
)
@pytest.mark.parametrize(
    "decision",
    [
        {"outcome": "plan-ends", "end_reason": "no-longer-at-risk", "then": "cin-plan"},
        {"outcome": "plan-continues", "category": "neglect"},
    ],
)
def test_no_plan_dates_or_categories_for_a_child_who_had_no_plan(before: str, decision: dict[str, Any]) -> None:
    """A review's decision for a child the last conference gave no plan (a file from elsewhere, or one made before
    the review refused it): nothing of a plan reaches the case record."""
    row = _carrying(decision, [{"child": "c1", "outcome": before}])
    for name in (
        "cppl_cp_plan_start_date",
        "cppl_cp_plan_end_date",
        "cppl_cp_plan_initial_category",
        "cppl_cp_plan_latest_category",
        "first_core_group",
        "next_review",
    ):
        assert row[name] == "", name


@pytest.mark.parametrize("written", ["943 476 5919", "943-476-5919", "9434765919", " 943 476 5919 "])
def test_the_nhs_number_is_exported_as_its_ten_digits(written: str) -> None:
    data = _review(outcome="plan-continues", category="neglect")
    data["children"][0]["nhs_number"] = written
    (row,) = list(csv.DictReader(io.StringIO(ssd_export.to_csv(conference_file.from_json(data)))))
    assert row["nhs_number"] == "9434765919"


@pytest.mark.parametrize("written", ["943 476 5918", "943 476 591", "NHS 943 476 5919"])
def test_a_wrong_nhs_number_is_refused_in_words_not_exported(written: str, tmp_path: Path) -> None:
    data = _review(outcome="plan-continues", category="neglect")
    data["children"][0]["nhs_number"] = written
    with pytest.raises(ChairDeskError) as refused:
        ssd_export.export(conference_file.from_json(data), tmp_path / "out")
    assert str(refused.value).startswith("Amy's NHS number") and written.strip() in str(refused.value)
    assert str(refused.value).endswith("Correct it in the conference's preparation, then export again.")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("came", "ways", "code"),
    [
        (True, ["attend-part"], "PN1"),
        (True, ["attend-all", "advocate"], "PN2"),
        (False, ["attend-all", "advocate"], "PN5"),
        (False, ["social-worker"], "PN5"),
        (False, ["letter", "drawing"], "PN6"),
        (False, ["declined"], "PN7"),
        (False, [], ""),
    ],
)
def test_participation_is_the_pn_code_of_what_happened(came: bool, ways: list[str], code: str) -> None:
    data = _review(outcome="plan-continues", category="neglect")
    data["children"][0]["participation"] = {"ways": ways}
    data["participants"].append({"id": "amy", "name": "Amy", "role": "child", "attended": came, "contact_with": ["c1"]})
    conference = conference_file.from_json(data)
    (row,) = list(csv.DictReader(io.StringIO(ssd_export.to_csv(conference))))
    assert row["cppr_cp_review_participation"] == row["participation"] == code


def test_an_export_before_every_decision_is_refused_in_words_and_writes_nothing(tmp_path: Path) -> None:
    data = copy.deepcopy(DEMO)
    data["decisions"] = data["decisions"][:2]
    file = tmp_path / "half.json"
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = _run("export-ssd", str(file), "--out", str(tmp_path / "out"), home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: Ruby has no decision yet: the export for the case record is made once every subject child's "
        "decision is recorded"
    ]
    assert not (tmp_path / "out").exists()


def test_the_console_exports_for_the_case_record_from_the_file_menu(app: Any, qtbot: Any, tmp_path: Path) -> None:
    window = app.console
    action = next(
        a for a in window._menus["&File"].actions() if a.text().replace("&", "") == "Export for the case record…"
    )
    window.ask_case_record_folder = lambda: str(tmp_path / "case")
    action.trigger()
    qtbot.waitUntil(lambda: not window.file_work.busy)  # written on a worker
    rows, data = _read(tmp_path / "case")
    assert [r["chairdesk_child_id"] for r in rows] == [c.id for c in app.controller.conference.subject_children]
    assert "Exported for the case record" in window.statusBar().currentMessage()
