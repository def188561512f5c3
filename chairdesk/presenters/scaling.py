"""The scaling page's rules (RULES.md §4, step 6), without a window: whose scores the page lists (everyone in the
room who gives one, and anyone who gave one), for all the children or one child; a score is given before its
reason; whose score comes next going round the room; the spread in words.
"""

from __future__ import annotations

import statistics
from typing import Protocol

from chairdesk.errors import InvalidConference
from chairdesk.meeting import Meeting
from chairdesk.model import Participant, ScalingScore, gives_a_score
from chairdesk.presenters import initiated

WHOSE_FIRST = "Choose whose score it is first."
SCORE_FIRST = "Type a score from 0 to 10 first."
SCORE_BEFORE_REASON = "Give the score first (F2 on the score), then the reason."


def spread(scores: list[int]) -> str:
    """The spread in words: ``Lowest 2 · middle 4 · highest 7 (7 scores)``."""
    if not scores:
        return "No scores yet."
    middle = statistics.median(scores)
    middle_text = f"{middle:g}"
    count = f"{len(scores)} score{'s' if len(scores) != 1 else ''}"
    return f"Lowest {min(scores)} · middle {middle_text} · highest {max(scores)} ({count})"


class ScalingView(Protocol):
    """What the scaling page shows: a sentence for the chair, and the score box the cursor goes to."""

    def tell(self, sentence: str) -> None: ...

    def want_score(self) -> None:
        """Put the cursor in the score box: a score is wanted before anything else."""


class ScalingPresenter:
    """The scores for the chosen child (``child_id``; None: all the children)."""

    def __init__(self, meeting: Meeting, view: ScalingView) -> None:
        self.meeting, self.view = meeting, view
        self.child_id: str | None = None

    def scores(self) -> dict[str, ScalingScore]:
        return {s.participant: s for s in self.meeting.conference.scaling if s.child == self.child_id}

    def people(self) -> list[Participant]:
        """Everyone who came and gives a score (not the chair, not a child), and anyone who has given one."""
        scored = self.scores()
        return [
            p for p in self.meeting.conference.participants if (p.attended and gives_a_score(p.role)) or p.id in scored
        ]

    def spread(self) -> str:
        return spread([s.score for s in self.scores().values()])

    def next_person(self, current: str | None = None) -> str | None:
        """The next person in the room without a score, after ``current`` (None: from the first), or None when
        everyone has given one."""
        people = [p.id for p in self.people()]
        scored = self.scores()
        start = people.index(current) if current in people else -1
        for offset in range(1, len(people) + 1):
            candidate = people[(start + offset) % len(people)]
            if candidate not in scored:
                return candidate
        return None

    def record(self, person_id: str | None, score: int | None, reason: str) -> bool:
        """Record the score in the entry line (``score`` None or below 0: none typed yet). False, with the chair
        told what to do, when it is not recorded."""
        if person_id is None:
            self.view.tell(WHOSE_FIRST)
            return False
        if score is None or score < 0:
            self.view.tell(SCORE_FIRST)
            self.view.want_score()
            return False
        try:
            self.meeting.set_score(person_id, score, reason, self.child_id)
        except InvalidConference as error:
            self.view.tell(str(error))
            return False
        return True

    def change_score(self, person_id: str, score: int, initiator: object | None = None) -> bool:
        """A score changed in the table: any reason given stays with it."""
        given = self.scores().get(person_id)
        try:
            with initiated(self.meeting, initiator):
                self.meeting.set_score(person_id, score, given.reason if given else "", self.child_id)
        except InvalidConference as error:
            self.view.tell(str(error))
            return False
        return True

    def change_reason(self, person_id: str, reason: str, initiator: object | None = None) -> bool:
        """A reason changed in the table: only once there is a score."""
        given = self.scores().get(person_id)
        try:
            if given is None:
                raise InvalidConference([SCORE_BEFORE_REASON])
            if reason != given.reason:
                with initiated(self.meeting, initiator):
                    self.meeting.set_score(person_id, given.score, reason, self.child_id)
        except InvalidConference as error:
            self.view.tell(str(error))
            return False
        return True

    def take_back(self, person_id: str | None) -> None:
        """Delete a person's score (nothing when they have given none)."""
        if person_id is None or person_id not in self.scores():
            return
        try:
            self.meeting.delete_score(person_id, self.child_id)
        except InvalidConference as error:
            self.view.tell(str(error))
