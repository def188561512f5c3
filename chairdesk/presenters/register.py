"""The attendance register's rules (RULES.md §3), without a window: a button acts on the person chosen in the
register (the chair is told to choose someone first); only a family member is excluded, on one of the six grounds
the chair chooses and for a reason, from now or from an earlier time that is not before they arrived and that first
says how much typed since then it would hide from them; the reasons for going ahead inquorate are asked for only
while a child's conference is not quorate, and saved only when they changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from chairdesk.checks import CheckResult, check
from chairdesk.errors import InvalidConference
from chairdesk.meeting import Meeting
from chairdesk.model import Participant, clock_times, is_family_side

CHOOSE_SOMEONE = "Choose someone in the register first."
Exclusion = tuple[int, str, dt.time | None]  # the ground, the reason and the earlier time (None: from now)


class RegisterView(Protocol):
    """What the register shows besides the conference: a sentence for the chair (for ``seconds``), and the
    exclusion dialog, which gives the ground, the reason and the time, or None when the chair cancels it."""

    def tell(self, sentence: str, seconds: int) -> None: ...

    def ask_exclusion(self, person: Participant) -> Exclusion | None: ...


class RegisterPresenter:
    def __init__(self, meeting: Meeting, view: RegisterView, checked: Callable[[], CheckResult] | None = None) -> None:
        self.meeting, self.view = meeting, view
        self.checked = checked or (lambda: check(self.meeting.conference))

    def _act(self, person_id: str | None, edit: Callable[[Participant], None]) -> None:
        person = self.meeting.conference.participant(person_id) if person_id is not None else None
        if person is None:
            self.view.tell(CHOOSE_SOMEONE, 5)
            return
        try:
            edit(person)
        except InvalidConference as error:
            self.view.tell(str(error), 8)

    def arrived(self, person_id: str | None) -> None:
        self._act(person_id, lambda p: self.meeting.mark_arrived(p.id))

    def left(self, person_id: str | None) -> None:
        self._act(person_id, lambda p: self.meeting.mark_left(p.id))

    def apologies(self, person_id: str | None) -> None:
        """Apologies given, or taken back when they were given."""
        self._act(person_id, lambda p: self.meeting.set_apologies(p.id, not p.apologies))

    def report_received(self, person_id: str | None, today: dt.date | None = None) -> None:
        self._act(person_id, lambda p: self.meeting.set_report_received(p.id, today or dt.date.today()))

    def readmit(self, person_id: str | None) -> None:
        self._act(person_id, lambda p: self.meeting.readmit(p.id))

    def exclude(self, person_id: str | None) -> None:
        """Only a family member; the dialog asks for the ground, the reason and the time."""

        def run(person: Participant) -> None:
            if not is_family_side(person.role):
                raise InvalidConference([f"{person.name} is not a family member; only family members are excluded"])
            answer = self.view.ask_exclusion(person)
            if answer:
                ground, reason, since = answer
                self.meeting.exclude(person.id, ground, reason, since=since)

        self._act(person_id, run)

    # -- the reasons for going ahead inquorate -------------------------------------------------------------

    def asks_inquorate_reason(self, typed: str) -> bool:
        """Whether the box for the reasons shows: while a child's conference is not quorate, or reasons are typed."""
        quorate = all(q.quorate for q in self.checked().shown().values())
        return not quorate or bool(typed.strip())

    def save_inquorate_reason(self, text: str) -> None:
        if (text if text.strip() else None) != self.meeting.conference.inquorate_reason:
            try:
                self.meeting.set_inquorate_reason(text)
            except InvalidConference as error:
                self.view.tell(f"Reasons not saved: {error}", 15)


class ExclusionView(Protocol):
    """What the exclusion dialog shows: whether OK may be pressed, a sentence (what is missing, or why a time is
    refused), and a question the chair answers yes or no."""

    def allow_ok(self, allowed: bool) -> None: ...

    def show_problem(self, sentence: str) -> None: ...

    def want_time(self) -> None:
        """Put the cursor on the time: the one given is refused."""

    def confirm(self, question: str, start: str) -> bool: ...


class ExclusionPresenter:
    """Excluding one family member: OK stays off until there is a ground and a reason (no ground is chosen for the
    chair); a time before they arrived is refused in words; a time earlier than now first says how much typed since
    then it would hide from them (the core counts it) and asks."""

    def __init__(self, meeting: Meeting, person: Participant, view: ExclusionView) -> None:
        self.meeting, self.person, self.view = meeting, person, view

    def missing(self, ground: int | None, reason: str) -> str:
        """What the chair still has to give, in a sentence; "" when the ground and the reason are there."""
        needed = []
        if ground is None:
            needed.append("choose one of the six grounds")
        if not reason.strip():
            needed.append("type the reason and the evidence")
        if not needed:
            return ""
        sentence = " and ".join(needed)
        return f"To exclude {self.person.name}, {sentence}."

    def update(self, ground: int | None, reason: str) -> None:
        missing = self.missing(ground, reason)
        self.view.allow_ok(not missing)
        self.view.show_problem(missing)

    def question(self, hidden: int, since: dt.time) -> str:
        (start,) = clock_times(since)
        things = "1 thing" if hidden == 1 else f"{hidden} things"
        return (
            f"This would hide {things} typed since {start} from {self.person.name}: the board, the summary and "
            f"their copy of the record. Exclude from {start}?"
        )

    def accept(self, ground: int | None, reason: str, since: dt.time | None) -> bool:
        """Whether the dialog may close with this exclusion."""
        if self.missing(ground, reason):
            return False
        if since is not None:
            try:
                self.meeting.check_exclusion_start(self.person.id, since)
            except InvalidConference as error:
                self.view.show_problem(f"{error}")
                self.view.want_time()
                return False
            hidden = self.meeting.would_hide(self.person.id, since)
            if hidden:
                (start,) = clock_times(since)
                if not self.view.confirm(self.question(hidden, since), start):
                    return False
        return True
