"""The meeting as the chair runs it: the order of business, and every edit, with undo and redo.

:class:`Meeting` is the one place a conference changes during the meeting. Each edit checks its input (a
plain-English :class:`InvalidConference` if it is wrong, and nothing changes), stamps what was typed with the
time and the recording offset, keeps an undo step, and tells its listeners what changed. It knows nothing of
Qt or of the database: the window listens and redraws, the writer listens and saves.

An edit says which parts of the conference it changed (:class:`chairdesk.changes.Part`), who asked for it (the
initiator, see :meth:`Meeting.initiated_by`), and what it changed as a JSON Patch: an undo step is that patch and
its inverse, never a copy of the conference. An edit is checked where it changed the conference
(:func:`chairdesk.conference_file.check_change`); the whole file is checked when it is saved, off the GUI thread.

The meeting is a small shared core and the commands of each part of the procedure over it, one module a part:

- :mod:`~chairdesk.meeting.core` — :class:`MeetingCore`: the conference, the clock and the place in the recording,
  the listeners, ``_edit`` with its check and undo step, undo and redo, the typing marks, the order of business.
- :mod:`~chairdesk.meeting.attendance` — who attends, the inquorate reason, exclusions (RULES.md §3).
- :mod:`~chairdesk.meeting.items` — the lists of typed items: the board's, the discussion (§4).
- :mod:`~chairdesk.meeting.confidentiality` — confidential marks, and the chair's releases (§5, §7).
- :mod:`~chairdesk.meeting.scaling` — scaling, and the professionals' views on significant harm (§4).
- :mod:`~chairdesk.meeting.plan` — the plan (§4).
- :mod:`~chairdesk.meeting.decision` — the decision, the recommendations and dissent (§4).
- :mod:`~chairdesk.meeting.notes` — the chair's notes.
- :mod:`~chairdesk.meeting.recording` — bookmarks and requests to record (§5).

Each part is a class of commands over :class:`MeetingCore`; :class:`Meeting` is all of them, so a caller calls
``meeting.add_item(...)`` whichever module holds it, and imports every name from ``chairdesk.meeting``.
"""

from __future__ import annotations

from chairdesk.changes import Change, Part
from chairdesk.meeting.attendance import INQUORATE_BOX, AttendanceCommands
from chairdesk.meeting.confidentiality import ConfidentialityCommands
from chairdesk.meeting.core import (
    CELL_BOX,
    STAGE_KEYS,
    STAGES,
    UNDO_LIMIT,
    WHOLE_CONFERENCE,
    Listener,
    MeetingCore,
    RecordingPlace,
    Scope,
    Stage,
    UndoStep,
)
from chairdesk.meeting.decision import DISSENT_BOX, DecisionCommands, decision_box
from chairdesk.meeting.items import ITEM_LISTS, LIST_TITLES, RECOMMENDATIONS, ItemCommands
from chairdesk.meeting.notes import CHAIR_NOTES_BOX, ChairNotesCommands
from chairdesk.meeting.plan import ACTION_BOX, CONTINGENCY_BOX, OUTCOME_BOX, PlanCommands
from chairdesk.meeting.recording import RecordingCommands
from chairdesk.meeting.scaling import SCORE_BOX, ScalingCommands


class Meeting(
    AttendanceCommands,
    ScalingCommands,
    PlanCommands,
    DecisionCommands,
    ItemCommands,
    ConfidentialityCommands,
    ChairNotesCommands,
    RecordingCommands,
    MeetingCore,
):
    """A conference being run: the shared core (:class:`MeetingCore`) with the commands of every part of the
    procedure. ``clock`` and ``recording_offset`` are injected so tests can set them: ``recording_offset`` gives
    where the recording is now, as ``(take, seconds)`` (:data:`RecordingPlace`), as seconds alone, or None when
    nothing is being recorded."""


__all__ = [
    "ACTION_BOX",
    "CELL_BOX",
    "CHAIR_NOTES_BOX",
    "CONTINGENCY_BOX",
    "DISSENT_BOX",
    "INQUORATE_BOX",
    "ITEM_LISTS",
    "LIST_TITLES",
    "OUTCOME_BOX",
    "RECOMMENDATIONS",
    "SCORE_BOX",
    "STAGES",
    "STAGE_KEYS",
    "UNDO_LIMIT",
    "WHOLE_CONFERENCE",
    "AttendanceCommands",
    "Change",
    "ChairNotesCommands",
    "ConfidentialityCommands",
    "DecisionCommands",
    "ItemCommands",
    "Listener",
    "Meeting",
    "MeetingCore",
    "Part",
    "PlanCommands",
    "RecordingCommands",
    "RecordingPlace",
    "ScalingCommands",
    "Scope",
    "Stage",
    "UndoStep",
    "decision_box",
]
