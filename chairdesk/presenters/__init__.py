"""The stage pages' rules, without a window: what must be chosen before what, what a page proposes, what a button
may do now, which problems a page shows and the words it says when an edit is refused.

Each page has a presenter here that takes the meeting (chairdesk.meeting.Meeting) and a small view (a
``typing.Protocol`` of what the page must show: its problems, a sentence for the chair, what it draws). The page in
chairdesk.gui builds the widgets, forwards the chair's actions to its presenter and draws what it is told, as Mu's
``Editor`` takes the window as its view. The tests drive a presenter with a plain Python view that keeps a list of
what it was told (tests/test_presenters.py): the rules are tested without widgets.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chairdesk.meeting import Meeting


def initiated(meeting: Meeting, initiator: object | None) -> contextlib.AbstractContextManager[None]:
    """Edits made inside are ``initiator``'s (a table model saving what its editor typed, so it repaints rather than
    resets: chairdesk.gui.page_tools.follow); with None, whoever asked already stays the initiator."""
    return meeting.initiated_by(initiator) if initiator is not None else contextlib.nullcontext()
