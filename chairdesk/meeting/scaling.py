"""Scaling and the professionals' views (RULES.md §4): each person's score from 0 to 10 with their reasoning, for
all the children or one, and each professional's view on significant harm for each child. A score or view given
again replaces the one before, where it was, keeping its marks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chairdesk.changes import Part
from chairdesk.errors import InvalidConference
from chairdesk.meeting.core import CELL_BOX, MeetingCore, keep_marks
from chairdesk.model import Conference, ScalingScore, View

SCORE_BOX = "scaling.reason"


def _in_place(things: list[Any], same: Callable[[Any], bool], new: Any) -> list[Any]:
    """``things`` with the one ``same`` picks replaced by ``new`` where it was (a view given again stays in its
    row in the documents), or ``new`` added at the end."""
    where = next((i for i, thing in enumerate(things) if same(thing)), None)
    kept = [thing for thing in things if not same(thing)]
    kept.insert(len(kept) if where is None else where, new)
    return kept


class ScalingCommands(MeetingCore):
    """Scores and views, given and taken back."""

    def set_score(
        self,
        participant_id: str,
        score: int,
        reason: str = "",
        child_id: str | None = None,
        typed_while_out: list[str] | None = None,
    ) -> None:
        person = self._person(participant_id)
        self._child_id(child_id)
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
            raise InvalidConference(
                [f"{score!r} is not a score: a score is a whole number from 0 to 10 (nothing was recorded)"]
            )
        entry = ScalingScore(person.id, child_id, score, self._text(reason, "reason", required=False), **self._stamp())

        def put(c: Conference) -> None:
            old = [s for s in c.scaling if (s.participant, s.child) == (person.id, child_id)]
            keep_marks(old, entry)
            earlier = (typed_while_out or []) + self.typed_while_out_in(SCORE_BOX) + self.typed_while_out_in(CELL_BOX)
            entry.typed_while_out = self._out(entry.typed_while_out + earlier)
            c.scaling = _in_place(c.scaling, lambda s: (s.participant, s.child) == (person.id, child_id), entry)

        self._edit(Part.SCALING, f"score from {person.name}", put, scope=[("scaling",)])
        self._typed(SCORE_BOX)
        self._typed(CELL_BOX)

    def set_view(self, participant_id: str, child_id: str, significant_harm: bool, reason: str = "") -> None:
        person = self._person(participant_id)
        self._child_id(child_id, nullable=False)
        view = View(
            person.id, child_id, significant_harm, self._text(reason, "reason", required=False), **self._stamp()
        )

        def put(c: Conference) -> None:
            old = [v for v in c.views if (v.participant, v.child) == (person.id, child_id)]
            keep_marks(old, view)
            view.typed_while_out = self._out(view.typed_while_out + self.typed_while_out_in(CELL_BOX))
            c.views = _in_place(c.views, lambda v: (v.participant, v.child) == (person.id, child_id), view)

        self._edit(Part.VIEWS, f"view of {person.name}", put, scope=[("views",)])
        self._typed(CELL_BOX)

    def delete_score(self, participant_id: str, child_id: str | None = None) -> None:
        """Take back a person's score (for all the children when ``child_id`` is None)."""
        person = self._person(participant_id)
        self._child_id(child_id)
        if not any((s.participant, s.child) == (person.id, child_id) for s in self.conference.scaling):
            raise InvalidConference([f"{person.name} has given no score to take back"])

        def drop(c: Conference) -> None:
            c.scaling = [s for s in c.scaling if (s.participant, s.child) != (person.id, child_id)]

        self._edit(Part.SCALING, f"take back the score of {person.name}", drop, scope=[("scaling",)])

    def delete_view(self, participant_id: str, child_id: str) -> None:
        """Take back a professional's view on one child: it is "not given" again."""
        person = self._person(participant_id)
        self._child_id(child_id, nullable=False)
        if not any((v.participant, v.child) == (person.id, child_id) for v in self.conference.views):
            raise InvalidConference([f"{person.name} has given no view on this child to take back"])

        def drop(c: Conference) -> None:
            c.views = [v for v in c.views if (v.participant, v.child) != (person.id, child_id)]

        self._edit(Part.VIEWS, f"take back the view of {person.name}", drop, scope=[("views",)])
