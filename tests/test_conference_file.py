"""The conference file: validation messages that name the field, and a round trip that loses nothing."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from builders import minimal_conference, write_json

from chairdesk import conference_file
from chairdesk.errors import ChairDeskError, InvalidConference


def problems(data: Any) -> list[str]:
    return conference_file.validate(data)


def test_the_minimal_and_the_demo_conference_are_valid(demo_data: dict[str, Any]) -> None:
    assert problems(minimal_conference()) == []
    assert problems(demo_data) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d.update(
                scaling=[{"participant": "sw", "child": None, "score": s, "reason": ""} for s in (3, 5, 11)]
            ),
            "scaling[2].score: 11 is not between 0 and 10",
        ),
        (
            lambda d: d.update(scaling=[{"participant": "sw", "child": None, "score": -1}]),
            "scaling[0].score: -1 is not between 0 and 10",
        ),
        (
            lambda d: d.update(scaling=[{"participant": "sw", "child": None, "score": 4.5}]),
            "scaling[0].score: must be a whole number, not a number",
        ),
        (lambda d: d.update(date="2027-02-30"), 'date: "2027-02-30" is not a real date'),
        (lambda d: d.update(date="7/1/2027"), 'date: "7/1/2027" is not a date in the form YYYY-MM-DD'),
        (
            lambda d: d["children"][0].update(date_of_birth="2023-02-29"),
            'children[0].date_of_birth: "2023-02-29" is not a real date',
        ),
        (
            lambda d: d.update(start_time="25:00"),
            'start_time: "25:00" is not a time in the form HH:MM or HH:MM:SS (24-hour)',
        ),
        (
            lambda d: d.update(type="emergency"),
            'type: "emergency" is not one of initial, pre-birth, transfer-in, review',
        ),
        (
            lambda d: d.update(format="chairdesk.conference/2"),
            'format: must be "chairdesk.conference/1", not "chairdesk.conference/2"',
        ),
        (
            lambda d: d["participants"][0].update(role="social worker"),
            'participants[0].role: "social worker" is not one',
        ),
        (lambda d: d.pop("trigger_date"), "trigger_date: is missing (it is required for this type of conference)"),
        (lambda d: d.update(type="review"), "previous_conference: is missing (it is required for this type"),
        (lambda d: d.update(children=[]), "children: needs at least 1"),
        (lambda d: d.pop("family"), "family: is missing"),
        (lambda d: d.update(family={"name": "   "}), "family.name: must not be empty"),
        (lambda d: d["children"][0].update(name=" "), "children[0].name: must not be empty"),
        (
            lambda d: d["participants"][3].update(exclusions=[{"from": "10:00", "to": "10:30", "ground": 7}]),
            "participants[3].exclusions[0].ground: 7 is not between 1 and 6",
        ),
        (
            lambda d: d["participants"][3].update(exclusions=[{"from": "10:30", "to": "10:00", "ground": 1}]),
            "participants[3].exclusions[0].to: 10:00 is not after 10:30",
        ),
        (
            lambda d: d.update(decisions=[{"child": "c1", "outcome": "cp-plan", "category": "bullying"}]),
            'decisions[0].category: "bullying" is not one of neglect',
        ),
        (
            lambda d: d.update(views=[{"participant": "nobody", "child": "c1", "significant_harm": True}]),
            'views[0].participant: "nobody" is not the id of a participant',
        ),
        (
            lambda d: d.update(views=[{"participant": "sw", "child": "c9", "significant_harm": True}]),
            'views[0].child: "c9" is not the id of a child',
        ),
        (lambda d: d["participants"][1].update(id="sw"), 'participants[1].id: "sw" is used twice'),
        (
            lambda d: d["participants"][1].update(attended="yes"),
            "participants[1].attended: must be true or false, not text",
        ),
        (lambda d: d.update(plan={"lead_social_worker": "ghost"}), 'plan.lead_social_worker: "ghost" is not the id'),
        (
            lambda d: d.update(key_points=[{"text": "x" * 5_000_000}]),
            "key_points[0].text: is 5,000,000 characters long; the most it can hold is 20,000",
        ),
        (
            lambda d: d.update(
                decisions=[{"child": "c1", "outcome": "cin-plan"}, {"child": "c1", "outcome": "step-down"}]
            ),
            'decisions[1].child: "c1" already has a decision',
        ),
    ],
)
def test_a_wrong_value_is_named_in_plain_english(change: Any, expected: str) -> None:
    data = minimal_conference()
    change(data)
    found = problems(data)
    assert any(p.startswith(expected) for p in found), found


def test_from_json_raises_with_every_problem() -> None:
    data = minimal_conference(date="2027-02-30", scaling=[{"participant": "sw", "child": None, "score": 11}])
    with pytest.raises(InvalidConference) as caught:
        conference_file.from_json(data)
    assert len(caught.value.problems) == 2
    assert "(and 1 more)" in str(caught.value)


def test_round_trip_keeps_every_field_including_unknown_ones(demo_data: dict[str, Any]) -> None:
    demo_data["case_reference"] = "CS-000123"
    demo_data["children"][0]["ethnicity"] = {"code": "WBRI", "source": "case system"}
    demo_data["participants"][1]["phone"] = "01234 567890"
    demo_data["participants"][9]["exclusions"][0]["requested_by"] = "mother"
    demo_data["worries"][0]["colour"] = "amber"
    demo_data["plan"]["actions"][0]["status"] = "open"
    demo_data["plan"]["review_venue"] = "Riverside House"
    conference = conference_file.from_json(demo_data)
    assert conference.extra == {"case_reference": "CS-000123"}
    exported = json.loads(conference_file.dumps(conference))
    assert conference_file.from_json(exported) == conference

    def covers(original: Any, copy: Any, where: str = "") -> None:
        if isinstance(original, dict):
            for key, value in original.items():
                assert key in copy, f"{where}.{key} was dropped"
                covers(value, copy[key], f"{where}.{key}")
        elif isinstance(original, list):
            assert len(original) == len(copy), where
            for i, (a, b) in enumerate(zip(original, copy, strict=True)):
                covers(a, b, f"{where}[{i}]")
        elif original is None:
            assert copy in (None, "", False), where
        elif isinstance(original, str) and "T" in original and original[:4].isdigit():
            assert dt.datetime.fromisoformat(copy) == dt.datetime.fromisoformat(original), where
        else:
            assert copy == original, where

    covers(demo_data, exported)


def test_model_types_after_reading(demo_data: dict[str, Any]) -> None:
    conference = conference_file.from_json(demo_data)
    baby = conference.child("baby")
    assert baby is not None and baby.unborn and baby.date_of_birth is None
    assert baby.expected_delivery_date == dt.date(2027, 3, 8)
    father = conference.participant("father")
    assert father is not None and father.exclusions[0].from_ == dt.time(10, 40)
    assert conference.key_points[0].entered_at == dt.datetime(2026, 11, 24, 10, 50)


def test_items_hidden_from_the_room(demo_data: dict[str, Any]) -> None:
    conference = conference_file.from_json(demo_data)
    hidden = [
        item.text for items in conference.board_items().values() for item in items if conference.hidden_from_room(item)
    ]
    # The confidential worry, and the key point typed while the father was out of the room (10:40-11:05).
    assert len(hidden) == 2
    assert any("open investigation" in text for text in hidden)
    assert any("While Dean was out of the room" in text for text in hidden)


def test_read_gives_plain_errors_for_files(tmp_path: Path) -> None:
    with pytest.raises(ChairDeskError, match="there is no such file"):
        conference_file.read(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(ChairDeskError, match=r"is not valid JSON \(line 1, column 12"):
        conference_file.read(broken)
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ChairDeskError, match="is not a text file"):
        conference_file.read(binary)
    with pytest.raises(ChairDeskError, match="is a folder"):
        conference_file.read(tmp_path)
    not_object = write_json(tmp_path / "list.json", [1, 2])
    with pytest.raises(ChairDeskError, match="must be an object, not a list"):
        conference_file.read(not_object)


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    conference = conference_file.from_json(minimal_conference())
    target = tmp_path / "out.json"
    conference_file.write(conference, target)
    assert conference_file.read(target) == conference
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    with pytest.raises(ChairDeskError, match="cannot be written"):
        conference_file.write(conference, tmp_path / "no-such-folder" / "out.json")


def test_marks_and_releases_are_read_checked_and_written_back(demo_data: dict[str, Any]) -> None:
    data = copy.deepcopy(demo_data)
    data["views"][0].update(
        confidential=True,
        confidential_reason="criminal-investigation",
        releases=[{"to": "father", "released": False, "reason": "Live investigation", "at": "2026-11-24T12:00:00"}],
    )
    conference = conference_file.from_json(data)
    assert conference.views[0].releases[0].reason == "Live investigation"
    assert conference_file.to_json(conference)["views"][0]["releases"][0]["to"] == "father"
    data["views"][0]["releases"][0]["to"] = "nobody"
    data["views"][0]["confidential_reason"] = "gossip"
    problems = conference_file.validate(data)
    assert any(p.startswith('views[0].confidential_reason: "gossip" is not one of') for p in problems), problems
    data["views"][0]["confidential_reason"] = "other"
    assert conference_file.validate(data) == [
        'views[0].releases[0].to: "nobody" is not the id of a participant, nor "family"'
    ]


def test_a_file_from_before_marks_keeps_what_was_typed_while_out(demo_data: dict[str, Any]) -> None:
    data = copy.deepcopy(demo_data)
    data["plan"]["contingency_typed_while_out"] = ["father"]
    data["inquorate_reason"] = "The police could not stay"
    data["inquorate_reason_typed_while_out"] = ["father"]
    conference = conference_file.from_json(data)
    assert conference.plan.contingency_marks.typed_while_out == ["father"]
    assert conference.inquorate_reason_marks.typed_while_out == ["father"]
    written = conference_file.to_json(conference)
    assert "contingency_typed_while_out" not in written["plan"] and "inquorate_reason_typed_while_out" not in written
