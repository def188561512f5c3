"""The recording (RULES.md §5): the places in ChairDesk's own recording the chair bookmarks, and a family member's
request to record the meeting themselves, with the chair's decision."""

from __future__ import annotations

import copy

from chairdesk.changes import Part
from chairdesk.errors import ChairDeskError, InvalidConference
from chairdesk.meeting.core import MeetingCore
from chairdesk.model import Bookmark
from chairdesk.recording import requests


class RecordingCommands(MeetingCore):
    """Bookmarks and requests to record."""

    def add_bookmark(self, bookmark: Bookmark) -> None:
        """Keep a place in the recording the chair marked (the recorder makes the bookmark)."""
        self._text(bookmark.label, "bookmark", limit=500, required=False)
        if bookmark.offset < 0:
            raise InvalidConference([f"bookmark: {bookmark.offset} is before the recording started"])
        self._edit(
            Part.RECORDING,
            f"bookmark at {int(bookmark.offset) // 60}:{int(bookmark.offset) % 60:02d}",
            lambda c: c.bookmarks.append(bookmark),
            scope=[("bookmarks",)],
        )

    def decide_recording_request(
        self,
        participant_id: str,
        decision: str | None,
        reasons: str = "",
        *,
        limits_on_use: str = "",
        legal_advice: str = "",
        limits_accepted: bool = False,
    ) -> None:
        """A family member asked to record the meeting themselves; ``decision`` is "agreed", "refused" or None
        (not decided yet). One request per person: asking again changes it (RULES.md §3, §5)."""
        work = copy.deepcopy(self.conference)
        existing = next((r for r in work.recording_requests if r.requested_by == participant_id), None)
        try:
            request = existing or requests.request_recording(work, participant_id, self._now().date())
            if decision is not None:
                requests.decide(
                    request,
                    decision,
                    self._text(reasons, "reasons", required=False),
                    limits_on_use=limits_on_use,
                    legal_advice=legal_advice,
                    limits_accepted=limits_accepted,
                    on=self._now().date(),
                )
        except ChairDeskError as error:
            raise InvalidConference([str(error)]) from None
        request.typed_while_out = self._out(request.typed_while_out)
        kept = work.recording_requests
        self._edit(
            Part.RECORDING,
            "a request to record",
            lambda c: setattr(c, "recording_requests", kept),
            scope=[("recording_requests",)],
        )
