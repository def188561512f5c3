"""Conferences that fill the board: the demo with four children, and a heavier one, built from the demo's data so
the tests hold with either demo (two children or four)."""

from __future__ import annotations

import copy
from typing import Any

STAGE_KEYS = ("introductions", "danger", "views", "key-points", "safety-goals", "scaling", "plan", "decision")

_CHILDREN = [
    {"id": "mia", "name": "Mia", "date_of_birth": "2014-06-19", "expected_delivery_date": None, "subject": True},
    {"id": "leo", "name": "Leo", "date_of_birth": "2019-04-02", "expected_delivery_date": None, "subject": True},
    {"id": "ruby", "name": "Ruby", "date_of_birth": "2023-09-14", "expected_delivery_date": None, "subject": True},
    {"id": "baby", "name": "Baby", "date_of_birth": None, "expected_delivery_date": "2027-03-08", "subject": True},
]


def _person(data: dict[str, Any], ident: str, name: str, role: str, agency: str) -> None:
    if not any(p["id"] == ident for p in data["participants"]):
        data["participants"].append(
            {"id": ident, "name": name, "role": role, "agency": agency, "attended": True, "arrived": "10:00"}
        )


def _score(data: dict[str, Any], who: str, score: int, minute: int, child: str | None = None) -> None:
    data["scaling"].append(
        {"participant": who, "child": child, "score": score, "reason": "", "entered_at": f"2026-11-24T11:{minute}:00"}
    )


def demo_with_four_children(demo: dict[str, Any]) -> dict[str, Any]:
    """The demo conference with Mia, Leo, Ruby and the unborn baby, nine scores and a decision for each child."""
    data = copy.deepcopy(demo)
    for participant in data["participants"]:
        participant["exclusions"] = []  # everyone is in the room: the whole board is shown
    known = {c["id"] for c in data["children"]}
    data["children"] = [c for c in data["children"] if c["id"] in known] + [
        c for c in _CHILDREN if c["id"] not in known
    ]
    order = [c["id"] for c in data["children"]]
    data["children"].sort(key=lambda c: order.index(c["id"]))
    _person(data, "hv", "Nadia Malik", "health-visitor", "Health Visiting")
    people = {s["participant"] for s in data["scaling"]}
    for who, score in (("hv", 3), ("grandmother", 6), ("gp", 4)):
        if len(data["scaling"]) < 9 and who not in people:
            _score(data, who, score, 40 + len(data["scaling"]))
    decided = {d["child"] for d in data["decisions"]}
    for child in data["children"]:
        if child["id"] not in decided:
            data["decisions"].append(
                {"child": child["id"], "outcome": "cp-plan", "category": "emotional-abuse", "reason": "Likely harm."}
            )
    data["decisions"].sort(key=lambda d: order.index(d["child"]))
    return data


LONG_DANGER = (
    "Children's social care, the school, the health visitor and the police are worried that {who} could be hurt, "
    "or badly frightened, if Kerry and Dean argue and Dean becomes violent after drinking, as happened on "
    "{when} when the police were called and the children hid upstairs."
)


def heavy_conference(demo: dict[str, Any]) -> dict[str, Any]:
    """Four children, twelve scores (four at 3, three at 5), two long danger statements, many key points and
    worries, a police officer named with their rank, and a child stepping down to a child in need plan."""
    data = demo_with_four_children(demo)
    data["type"] = "review"
    data["previous_conference"] = demo.get("previous_conference") or {"date": "2026-08-20", "type": "initial"}
    _person(data, "dc", "DC Sarah Hughes", "police", "County Police")
    _person(data, "iro", "Ms Joan Fenwick", "iro", "Children's Services")
    _person(data, "early", "Amira Chaudhry", "early-years", "Little Acorns Nursery")
    stamp = "2026-11-24T10:{:02d}:00"
    data["danger_statements"] = [
        {"text": LONG_DANGER.format(who="Mia and Leo", when="2 November"), "entered_at": stamp.format(12)},
        {"text": LONG_DANGER.format(who="Ruby and the baby", when="14 October"), "entered_at": stamp.format(13)},
    ]
    data["worries"] = [
        {"text": f"Worry {n}: {text}", "entered_at": stamp.format(20 + n)}
        for n, text in enumerate(
            [
                "Leo has wet the bed every night since the police came.",
                "Ruby is behind with her speech and has missed two health visits.",
                "Kerry has said she feels low and is not sleeping.",
                "Dean has not started the programme about domestic abuse.",
                "The flat is cold and there is not always food in the house.",
                "Mia has missed 14 days of school this term.",
                "The children's grandmother is not well enough to help every day.",
                "There was another argument outside the school gates last week.",
            ],
            start=1,
        )
    ]
    data["working_well"] = [
        {"text": f"Strength {n}: {text}", "entered_at": stamp.format(30 + n)}
        for n, text in enumerate(
            [
                "Kerry took the children to her mother's when Dean was drunk.",
                "Mia has a trusted adult at school and talks to her every week.",
                "Leo loves football and goes to a club on Saturdays with his grandmother.",
                "Ruby goes to nursery four mornings a week and is settled there.",
                "Kerry has kept every appointment with the midwife.",
                "Dean has said he wants help and has met the social worker twice.",
            ],
            start=1,
        )
    ]
    data["safety_goals"] = [
        {"text": text, "entered_at": stamp.format(40 + n)}
        for n, text in enumerate(
            [
                "Mia, Leo, Ruby and the baby live in a home where they are safe from violence and shouting.",
                "Every adult who looks after the children knows the safety plan and sticks to it.",
                "Mia goes to school every day and is not left in charge of Leo and Ruby.",
                "Kerry and Dean never drink when they are looking after the children.",
            ]
        )
    ]
    data["key_points"] = [
        {"text": f"Key point {n}: {text}", "entered_at": stamp.format(50 + n)}
        for n, text in enumerate(
            [
                "Dean will see the children only at the family centre, with a worker there, until the core group "
                "agrees something different.",
                "Mia would like to write to the chair before the next conference.",
                "The health visitor will see Ruby at home every two weeks.",
                "Kerry has agreed to a referral to the family support team.",
                "The school will tell the social worker the same day if Mia is absent.",
                "Leo's bed-wetting will be looked at by the school nurse.",
                "The police will tell the social worker about any call to the address.",
                "Grandmother will look after the children on Tuesday and Thursday evenings.",
            ],
            start=1,
        )
    ]
    data["scaling"] = []
    for n, (who, score) in enumerate(
        [
            ("sw", 3),
            ("school", 4),
            ("nurse", 5),
            ("midwife", 3),
            ("hv", 3),
            ("dc", 2),
            ("mother", 6),
            ("father", 7),
            ("grandmother", 5),
            ("iro", 3),
            ("early", 5),
            ("gp", 4),
        ]
    ):
        _score(data, who, score, 10 + n, child="ruby" if who == "early" else None)
    data["decisions"] = [
        {"child": "mia", "outcome": "plan-continues", "category": "emotional-abuse", "reason": "Still likely."},
        {"child": "leo", "outcome": "plan-continues", "category": "neglect", "reason": "Still likely."},
        {"child": "ruby", "outcome": "cin-plan", "category": None, "reason": "No longer likely; help still needed."},
        {"child": "baby", "outcome": "plan-continues", "category": "emotional-abuse", "reason": "Still likely."},
    ]
    return data
