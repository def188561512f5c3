"""What each drill found, one row each, printed as a table at the end of the run (drills/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass

AUDIO_GOAL = 2.0  # seconds of audio a fault may cost
GOAL = (
    f"Goal: zero edits lost and <= {AUDIO_GOAL:g} s of audio lost per fault; a drill that misses it fails "
    "(and so does one whose check failed, marked FAILED)."
)


@dataclass
class Row:
    drill: str
    runs: int
    faults: int
    edits_lost: int | None  # None: the drill does not type
    audio_lost: float | None  # seconds, worst per fault; None: the drill does not record
    chair_saw: str
    passed: bool = True
    note: str = ""  # why it failed, when it did

    def meets_goal(self) -> bool:
        return (self.edits_lost or 0) == 0 and (self.audio_lost or 0.0) <= AUDIO_GOAL


ROWS: list[Row] = []
NOTES: list[str] = []  # further text printed after the table (seeds, curves)


def add(row: Row) -> Row:
    """Keep ``row`` for the table; the drill asserts ``row.passed and row.meets_goal()`` after."""
    ROWS.append(row)
    return row


def note(text: str) -> None:
    NOTES.append(text)


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value).replace("|", "/").replace("\n", " ")


def table() -> list[str]:
    """The rows as a Markdown table (it reads as plain text too, and goes into the README as it is)."""
    head = ["drill", "runs", "faults injected", "edits lost", "s of audio lost (worst)", "what the chair saw", "result"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for row in ROWS:
        verdict = "ok" if row.passed and row.meets_goal() else f"FAILED{': ' + row.note if row.note else ''}"
        cells = [row.drill, row.runs, row.faults, row.edits_lost, row.audio_lost, row.chair_saw, verdict]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines
