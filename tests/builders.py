"""Conferences for tests, built as conference-file data so each test changes only what it is about."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any


def minimal_conference(**overrides: Any) -> dict[str, Any]:
    """A small valid initial conference: one subject child and a quorate room, to be changed by each test."""
    data: dict[str, Any] = {
        "format": "chairdesk.conference/1",
        "id": "test-1",
        "type": "initial",
        "date": "2027-01-07",
        "trigger_date": "2026-12-14",
        "family": {"name": "Test"},
        "children": [
            {"id": "c1", "name": "Amy", "date_of_birth": "2020-05-01", "expected_delivery_date": None, "subject": True}
        ],
        "participants": [
            {
                "id": "sw",
                "name": "Sara",
                "role": "social-worker",
                "agency": "Children's Services",
                "attended": True,
                "contact_with": ["c1"],
            },
            {
                "id": "hv",
                "name": "Hana",
                "role": "health-visitor",
                "agency": "NHS Health Visiting",
                "attended": True,
                "contact_with": ["c1"],
            },
            {
                "id": "nur",
                "name": "Nia",
                "role": "early-years",
                "agency": "Little Acorns Nursery",
                "attended": True,
                "contact_with": ["c1"],
            },
            {"id": "mum", "name": "Mel", "role": "parent", "agency": "", "attended": True},
        ],
    }
    data.update(copy.deepcopy(overrides))
    return data


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


class Clock:
    """The meeting's clock, set by the test: a day (the demo's conference day unless said), at ten in the morning
    until :meth:`at` moves it."""

    def __init__(self, day: dt.date | dt.datetime = dt.date(2026, 11, 24), time: str = "10:00") -> None:
        day = day.date() if isinstance(day, dt.datetime) else day
        self.now = dt.datetime.combine(day, dt.time.fromisoformat(time))

    def __call__(self) -> dt.datetime:
        return self.now

    def at(self, hhmmss: str) -> None:
        self.now = dt.datetime.combine(self.now.date(), dt.time.fromisoformat(hhmmss))


def two_children(arrived: str | None = "09:55", **overrides: Any) -> dict[str, Any]:
    """Amy (6) is known to the health visitor and the nursery; Ben (12) to the health visitor and the police only.
    Everyone came, at ``arrived`` (None: no time, for a test on the real clock)."""
    person = {"agency": "", "attended": True, **({"arrived": arrived} if arrived else {})}
    return minimal_conference(
        children=[
            {"id": "c1", "name": "Amy", "date_of_birth": "2020-05-01", "subject": True},
            {"id": "c2", "name": "Ben", "date_of_birth": "2014-03-01", "subject": True},
        ],
        participants=[
            {**person, "id": "chair", "name": "Cath", "role": "chair", "agency": "Children's Services"},
            {**person, "id": "sw", "name": "Sara", "role": "social-worker", "agency": "Children's Services"},
            {
                **person,
                "id": "hv",
                "name": "Hana",
                "role": "health-visitor",
                "agency": "NHS",
                "contact_with": ["c1", "c2"],
            },
            {**person, "id": "nur", "name": "Nia", "role": "early-years", "agency": "Acorns", "contact_with": ["c1"]},
            {**person, "id": "police", "name": "PC Webb", "role": "police", "agency": "Police", "contact_with": ["c2"]},
            {**person, "id": "mum", "name": "Mel", "role": "parent"},
        ],
        **overrides,
    )
