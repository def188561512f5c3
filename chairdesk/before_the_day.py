"""What the chair records before the day (RULES.md §2–3, §7): the child's participation and own words, requests
to exclude a family member, a parent's written views, a parent's request to record. No Qt. (The reasons a
conference is late, and dates as a chair types them, are chairdesk.preparation's.)

Each command is one undoable edit through :meth:`chairdesk.meeting.Meeting.edit` (so undo works, the listeners
redraw and the controller's writer saves). Each checks its input first and refuses, with a plain sentence that
names the people (:class:`InvalidConference`), changing nothing. The chair's words are kept exactly as typed
(text that is only spaces is kept as nothing).

Carried into the meeting: :func:`agreed_exclusion` gives the request agreed for a family member, which the
exclude dialog starts from and the register shows.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import os
from collections.abc import Callable
from typing import Any

from chairdesk import attachments
from chairdesk.changes import Part
from chairdesk.checks import check
from chairdesk.errors import ChairDeskError, InvalidConference
from chairdesk.meeting import Meeting
from chairdesk.model import (
    EXCLUSION_GROUNDS,
    EXCLUSION_REQUEST_DECISIONS,
    PARTICIPATION_QUESTIONS,
    PARTICIPATION_WAYS,
    Attachment,
    Child,
    Conference,
    ExclusionRequest,
    Participant,
    Participation,
    WrittenViews,
    is_family_side,
)
from chairdesk.recording import requests
from chairdesk.timescales import long_date
from chairdesk.typed_text import TEXT_LIMIT
from chairdesk.words import capitalise

PARTICIPATION_AGE = 12  # RULES.md §3: a child of 12 or over should be offered the chance to take part
NAME_LIMIT = 500  # who asked, as the conference file allows

# The ways that are one choice among others: a child comes to all of the meeting or to part of it.
_ONE_OF = (("attend-all", "attend-part"),)


def _refuse(sentence: str) -> InvalidConference:
    return InvalidConference([sentence])


@dataclasses.dataclass(frozen=True)
class FileToKeep:
    """A file the chair chose to attach, checked against the conference and not copied yet. :meth:`copy` keeps the
    copy; it touches only the file and the data folder, never the conference, so a window can run it off the GUI
    thread (a letter on a slow share) and then hand what it made to the command that records it."""

    conference_id: str
    source: str
    title: str
    received: dt.date | None
    now: dt.datetime

    def copy(self, piece_done: Callable[[], object] | None = None) -> Attachment:
        """Keep a sealed, owner-only copy (chairdesk.attachments.attach, which calls ``piece_done`` after each
        megabyte); raises InvalidConference in words."""
        try:
            return attachments.attach(
                self.conference_id, self.source, self.title, self.received, now=self.now, piece_done=piece_done
            )
        except InvalidConference:
            raise
        except ChairDeskError as error:
            raise _refuse(str(error)) from None


def agreed_exclusion(conference: Conference, participant_id: str) -> ExclusionRequest | None:
    """The request agreed before the day to exclude this family member (the latest, if more than one), or None."""
    agreed = [r for r in conference.exclusion_requests if r.about == participant_id and r.decision == "agreed"]
    return agreed[-1] if agreed else None


def lateness(conference: Conference) -> str | None:
    """When the conference is held after its due date, the core's sentence saying so; else None."""
    return next((p.message for p in check(conference).problems if p.code == "conference-late"), None)


def should_be_offered(conference: Conference, child: Child) -> bool:
    """A subject child of 12 or over on the day, who should be offered the chance to take part (RULES.md §3)."""
    age = child.age_on(conference.date)
    return child.subject and age is not None and age >= PARTICIPATION_AGE


class _Keep:
    """A field not given: left as it is."""


KEEP: Any = _Keep()


class BeforeTheDay:
    """The commands of the preparation before the day, over a meeting (the open conference)."""

    def __init__(self, meeting: Meeting) -> None:
        self.meeting = meeting

    @property
    def conference(self) -> Conference:
        return self.meeting.conference

    def _today(self) -> dt.date:
        return self.meeting.clock().date()

    def _now(self) -> dt.datetime:
        return self.meeting.clock().replace(microsecond=0)

    # -- checks shared by the commands ------------------------------------------------------------------

    @staticmethod
    def _words(text: str, what: str, limit: int = TEXT_LIMIT) -> str:
        """The chair's words exactly as typed (only spaces: nothing); too long is refused, naming ``what``."""
        if not text.strip():
            return ""
        if len(text) > limit:
            raise _refuse(f"{what} is {len(text):,} characters long; the most it can hold is {limit:,}.")
        return text

    def _child(self, child_id: str) -> Child:
        child = self.conference.child(child_id)
        if child is None:
            raise _refuse(f"There is no child with the id \u201c{child_id}\u201d in this conference.")
        return child

    def _family_member(self, participant_id: str, why: str) -> Participant:
        person = self.conference.participant(participant_id)
        if person is None:
            raise _refuse(f"There is no one with the id \u201c{participant_id}\u201d among the people invited.")
        if not is_family_side(person.role):
            raise _refuse(f"{person.name} is the {person.role_name}; {why}")
        return person

    def _not_after_today(self, day: dt.date | None, what: str) -> None:
        if day is not None and day > self._today():
            raise _refuse(f"{what} is {long_date(day)}, which is after today: type the date it happened.")

    def _conference_id(self) -> str:
        if not self.conference.id:
            raise _refuse("Save the conference before attaching files to it: it has no id yet.")
        return self.conference.id

    def _to_keep(self, source: str | os.PathLike[str], title: str, received: dt.date | None = None) -> FileToKeep:
        return FileToKeep(self._conference_id(), os.fspath(source), title, received, self._now())

    def _edit_keeping(
        self, what: Part, description: str, apply: Callable[[Conference], None], made: Attachment
    ) -> None:
        """An edit that takes a freshly stored copy: if the edit is refused, the copy goes too."""
        try:
            self.meeting.edit(what, description, apply)
        except BaseException:
            attachments.discard(self._conference_id(), made)
            raise

    # -- the child's participation -----------------------------------------------------------------------

    def set_participation(
        self,
        child_id: str,
        *,
        understanding: str | None = None,
        wish: str | None = None,
        parents_views: str | None = None,
        benefit: str | None = None,
        ways: list[str] | None = None,
        notes: str | None = None,
        recorded_on: dt.date | None = None,
    ) -> None:
        """Record the chair's answers to the four questions, the ways the child will take part (keys of
        :data:`PARTICIPATION_WAYS`, "declined" for a child who does not want to), and notes. What is not given
        stays as it is. ``recorded_on``: the day it was weighed (today when not given)."""
        child = self._child(child_id)
        if child.unborn:
            raise _refuse(f"{child.name} is not born yet: there is no participation to record.")
        answers = {"understanding": understanding, "wish": wish, "parents_views": parents_views, "benefit": benefit}
        checked: dict[str, Any] = {}
        for key, text in answers.items():
            if text is not None:
                checked[key] = self._words(text, f"The answer to \u201c{PARTICIPATION_QUESTIONS[key]}\u201d")
        if notes is not None:
            checked["notes"] = self._words(notes, f"The notes on {child.name}'s participation")
        if ways is not None:
            checked["ways"] = self._ways(child, ways)
        self._not_after_today(recorded_on, "The day the participation was recorded")
        day = recorded_on or self._today()

        def put(c: Conference) -> None:
            target = c.child(child.id)
            assert target is not None
            target.participation = target.participation or Participation()
            for key, value in checked.items():
                setattr(target.participation, key, value)
            target.participation.recorded_on = day

        # An answer's box saves itself as it is typed: its successive saves, and nothing between, are one undo step.
        typed = (
            f"participation:{child.id}:{next(iter(checked))}" if len(checked) == 1 and "ways" not in checked else None
        )
        self.meeting.edit(Part.PREPARATION, f"{child.name}'s participation", put, merge=typed)

    @staticmethod
    def _ways(child: Child, ways: list[str]) -> list[str]:
        unknown = [w for w in ways if w not in PARTICIPATION_WAYS]
        if unknown:
            raise _refuse(
                f"\u201c{unknown[0]}\u201d is not one of the ways a child may take part: "
                f"{', '.join(PARTICIPATION_WAYS)}."
            )
        chosen = [w for w in PARTICIPATION_WAYS if w in ways]  # in the order they are listed, once each
        if "declined" in chosen and len(chosen) > 1:
            others = ", ".join(PARTICIPATION_WAYS[w] for w in chosen if w != "declined")
            raise _refuse(
                f"{child.name} is recorded as not wanting to take part, and also as taking part ({others}). Untick "
                "one of them: a child's wish not to take part is respected."
            )
        for group in _ONE_OF:
            both = [w for w in group if w in chosen]
            if len(both) > 1:
                raise _refuse(
                    f"{child.name} can {' or '.join(PARTICIPATION_WAYS[w] for w in both)}, not both: choose one."
                )
        return chosen

    def attach_own_words(
        self, child_id: str, source: str | os.PathLike[str], title: str = "", received: dt.date | None = None
    ) -> Attachment:
        """Keep a copy of the child's own words or drawing (a PDF, a picture, an audio clip...) with the child's
        participation, owner-only (:mod:`chairdesk.attachments`); the file the chair chose is left as it is."""
        made = self.own_words_to_keep(child_id, source, title, received).copy()
        self.keep_own_words(child_id, made)
        return made

    def own_words_to_keep(
        self, child_id: str, source: str | os.PathLike[str], title: str = "", received: dt.date | None = None
    ) -> FileToKeep:
        """The first half of :meth:`attach_own_words`: check that the child's words may be attached, and say what
        to copy (:meth:`FileToKeep.copy`, which may run off the GUI thread); :meth:`keep_own_words` records it."""
        child = self._child(child_id)
        if child.unborn:
            raise _refuse(f"{child.name} is not born yet: there are no words of theirs to attach.")
        self._not_after_today(received, "The day it was received")
        return self._to_keep(source, title, received)

    def keep_own_words(self, child_id: str, made: Attachment) -> None:
        """The second half of :meth:`attach_own_words`: the copy ``made`` goes on the child's participation (one
        undo step). If it cannot (the child has gone meanwhile), the copy is deleted and the refusal raised."""
        try:
            child = self._child(child_id)
        except InvalidConference:
            attachments.discard(self._conference_id(), made)
            raise

        def put(c: Conference) -> None:
            target = c.child(child.id)
            assert target is not None
            target.participation = target.participation or Participation(recorded_on=self._today())
            target.participation.own_words.append(made)

        self._edit_keeping(Part.PREPARATION, f"{child.name}'s own words attached", put, made)

    def remove_own_words(self, child_id: str, index: int) -> None:
        """Take an attached file off the child's participation (its stored copy stays, so undo brings it back)."""
        child = self._child(child_id)
        held = child.participation.own_words if child.participation else []
        if not 0 <= index < len(held):
            raise _refuse(f"{child.name} has no attachment number {index + 1}.")
        name = held[index].title or held[index].original_name or "the attachment"

        def drop(c: Conference) -> None:
            target = c.child(child.id)
            assert target is not None and target.participation is not None
            del target.participation.own_words[index]

        self.meeting.edit(Part.PREPARATION, f"{name} removed from {child.name}'s own words", drop)

    # -- requests to exclude a family member -------------------------------------------------------------

    def save_exclusion_request(
        self,
        index: int | None,
        about: str,
        *,
        requested_by: str = "",
        ground: int | None = None,
        evidence: str = "",
        received: dt.date | None = None,
        decision: str | None = None,
        decided_on: dt.date | None = None,
        which_part: str = "",
        how_heard: str = "",
    ) -> int:
        """Add (``index`` None) or change a request to exclude a family member, whole, as the form shows it; returns
        its place in the list. The chair's decision needs the ground and the evidence (they go in the record);
        ``decided_on`` is today when a decision is given without it."""
        requests_now = self.conference.exclusion_requests
        if index is not None and not 0 <= index < len(requests_now):
            raise _refuse(f"There is no exclusion request number {index + 1}.")
        person = self._family_member(about, "only a family member can be asked to stay out of the meeting.")
        if ground is not None and ground not in EXCLUSION_GROUNDS:
            raise _refuse(f"The ground must be one of the six grounds, 1 to 6, not {ground}.")
        if decision is not None and decision not in EXCLUSION_REQUEST_DECISIONS:
            raise _refuse(f"The decision must be agreed or refused, not \u201c{decision}\u201d.")
        request = ExclusionRequest(
            about=person.id,
            requested_by=self._words(requested_by, "Who asked", NAME_LIMIT),
            ground=ground,
            evidence=self._words(evidence, "The evidence"),
            received=received,
            decision=decision,
            decided_on=(decided_on or self._today()) if decision else None,
            which_part=self._words(which_part, "Which part of the meeting"),
            how_heard=self._words(how_heard, f"How {person.name}'s views will be heard"),
        )
        self._not_after_today(received, "The date the request was received")
        self._not_after_today(request.decided_on, "The date of the decision")
        if received is not None and received > self.conference.date:
            raise _refuse(
                f"The request was received on {long_date(received)}, after the conference on "
                f"{long_date(self.conference.date)}: a request made in the meeting is an exclusion in the register."
            )
        if request.decided_on is not None and received is not None and request.decided_on < received:
            raise _refuse(
                f"The decision is dated {long_date(request.decided_on)}, before the request was received on "
                f"{long_date(received)}."
            )
        if decision == "agreed":
            missing = []
            if ground is None:
                missing.append("choose the ground")
            if not request.evidence:
                missing.append("type the evidence")
            if missing:
                raise _refuse(
                    f"To agree that {person.name} stays out, {' and '.join(missing)}: the ground and the evidence "
                    "go in the record."
                )
        if index is not None:
            old = requests_now[index]
            for name in ("confidential", "confidential_reason", "confidential_words", "typed_while_out", "extra"):
                setattr(request, name, copy.deepcopy(getattr(old, name)))
        place = len(requests_now) if index is None else index

        def put(c: Conference) -> None:
            if index is None:
                c.exclusion_requests.append(request)
            else:
                c.exclusion_requests[index] = request

        verb = "request to exclude" if index is None else "exclusion request about"
        self.meeting.edit(Part.ATTENDANCE, f"{verb} {person.name}", put)
        return place

    def decide_exclusion_request(
        self,
        index: int,
        decision: str | None,
        *,
        which_part: str | None = None,
        how_heard: str | None = None,
        on: dt.date | None = None,
    ) -> None:
        """The chair's decision on a request (None: not decided yet), with which part of the meeting and how the
        parent's views will be heard; the rest of the request as it is."""
        held = self.conference.exclusion_requests
        if not 0 <= index < len(held):
            raise _refuse(f"There is no exclusion request number {index + 1}.")
        r = held[index]
        self.save_exclusion_request(
            index,
            r.about,
            requested_by=r.requested_by,
            ground=r.ground,
            evidence=r.evidence,
            received=r.received,
            decision=decision,
            decided_on=on,
            which_part=r.which_part if which_part is None else which_part,
            how_heard=r.how_heard if how_heard is None else how_heard,
        )

    def remove_exclusion_request(self, index: int) -> None:
        held = self.conference.exclusion_requests
        if not 0 <= index < len(held):
            raise _refuse(f"There is no exclusion request number {index + 1}.")
        person = self.conference.participant(held[index].about)
        who = person.name if person else held[index].about
        self.meeting.edit(
            Part.ATTENDANCE, f"remove the request to exclude {who}", lambda c: c.exclusion_requests.pop(index)
        )

    # -- a parent's written views -----------------------------------------------------------------------

    def save_written_views(
        self,
        index: int | None,
        by: str,
        *,
        received: dt.date | None = None,
        text: str = "",
        source: str | os.PathLike[str] | None = None,
        title: str = "",
        copied: Attachment | None = None,
    ) -> int:
        """Add (``index`` None) or change a family member's written views: typed in, a file attached (``source``,
        copied owner-only; a new file replaces the one attached), or both. Returns its place in the list.

        ``copied`` instead of ``source``: the letter already copied (:meth:`letter_to_keep`, off the GUI thread); it
        is given its title and date here, and stays the caller's to keep or discard when the save is refused."""
        held = self.conference.written_views
        if index is not None and not 0 <= index < len(held):
            raise _refuse(f"There are no written views number {index + 1}.")
        person = self._family_member(by, "written views here are a parent's or family member's own.")
        words = self._words(text, f"{person.name}'s written views")
        self._not_after_today(received, "The date the views were received")
        kept = held[index].attachment if index is not None else None
        if not words and source is None and copied is None and kept is None:
            raise _refuse(f"Type {person.name}'s views, or attach their letter, before saving.")
        made = None
        if source is not None:
            made = self._to_keep(source, title or f"{person.name}'s written views", received).copy()
        elif copied is not None:
            copied = dataclasses.replace(copied, title=title or f"{person.name}'s written views", received=received)
        views = WrittenViews(by=person.id, received=received, text=words, attachment=made or copied or kept)
        if index is not None:
            old = held[index]
            for name in ("confidential", "confidential_reason", "confidential_words", "typed_while_out", "extra"):
                setattr(views, name, copy.deepcopy(getattr(old, name)))
        place = len(held) if index is None else index

        def put(c: Conference) -> None:
            if index is None:
                c.written_views.append(views)
            else:
                c.written_views[index] = views

        description = f"{person.name}'s written views"
        if made is None:
            self.meeting.edit(Part.PREPARATION, description, put)
        else:
            self._edit_keeping(Part.PREPARATION, description, put, made)
        return place

    def letter_to_keep(self, source: str | os.PathLike[str]) -> FileToKeep:
        """A parent's letter to copy now (:meth:`FileToKeep.copy`, off the GUI thread) and record later, when the
        views are saved (``copied`` of :meth:`save_written_views`), which gives it its title and date."""
        return self._to_keep(source, "")

    def remove_written_views(self, index: int) -> None:
        held = self.conference.written_views
        if not 0 <= index < len(held):
            raise _refuse(f"There are no written views number {index + 1}.")
        person = self.conference.participant(held[index].by)
        who = person.name if person else held[index].by
        self.meeting.edit(Part.PREPARATION, f"remove {who}'s written views", lambda c: c.written_views.pop(index))

    # -- a parent's request to record the meeting -------------------------------------------------------

    def save_recording_request(
        self,
        participant_id: str,
        *,
        requested_on: dt.date | None = None,
        decision: str | None = None,
        reasons: str = "",
        legal_advice: str = "",
        limits_on_use: str = "",
        limits_accepted: bool = False,
        decided_on: dt.date | None = None,
    ) -> None:
        """A family member's request to record the meeting, made before the day: the date they asked and the
        chair's decision (:mod:`chairdesk.recording.requests` checks it: reasons always, legal advice before a
        refusal, limits on use with an agreement). One request per person: saving again changes it."""
        self._not_after_today(requested_on, "The date of the request")
        self._not_after_today(decided_on, "The date of the decision")
        if requested_on and decided_on and decided_on < requested_on:
            raise _refuse(
                f"The decision is dated {long_date(decided_on)}, before the request was made on "
                f"{long_date(requested_on)}."
            )
        work = copy.deepcopy(self.conference)
        existing = next((r for r in work.recording_requests if r.requested_by == participant_id), None)
        try:
            request = existing or requests.request_recording(work, participant_id, requested_on or self._today())
            request.requested_on = requested_on or request.requested_on
            if decision is None:
                request.decision = None
                request.decided_on = None
                request.reasons = self._words(reasons, "The reasons for the decision")
            else:
                requests.decide(
                    request,
                    decision,
                    self._words(reasons, "The reasons for the decision"),
                    limits_on_use=limits_on_use,
                    legal_advice=legal_advice,
                    limits_accepted=limits_accepted,
                    on=decided_on or self._today(),
                )
        except InvalidConference:
            raise
        except ChairDeskError as error:
            sentence = str(error)
            raise _refuse(capitalise(sentence) + ("" if sentence.endswith(".") else ".")) from None
        person = work.participant(participant_id)
        kept = work.recording_requests
        name = person.name if person else participant_id
        self.meeting.edit(
            Part.RECORDING, f"{name}'s request to record", lambda c: setattr(c, "recording_requests", kept)
        )

    def remove_recording_request(self, participant_id: str) -> None:
        held = [r for r in self.conference.recording_requests if r.requested_by == participant_id]
        if not held:
            raise _refuse("There is no request to record from them to remove.")
        person = self.conference.participant(participant_id)
        name = person.name if person else participant_id

        def drop(c: Conference) -> None:
            c.recording_requests = [r for r in c.recording_requests if r.requested_by != participant_id]

        self.meeting.edit(Part.RECORDING, f"remove {name}'s request to record", drop)
