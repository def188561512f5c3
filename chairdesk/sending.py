"""Sending the outputs, and keeping track (RULES.md §5): the rules, without Qt or the database.

Each production of the documents is a **set** of its own, in a folder of its own (``outputs/<conference
id>/<YYYY-MM-DD HHMMSS>/``, made all or none by documents.produce.write_set). Only the **current** documents are
offered for sending or opened; older ones stay, as the record of what was made and sent, but are **superseded**:

- producing the outputs again supersedes every document of every earlier set (a letter the chair turned off since
  is not in the new set, so nothing offers it any more);
- reissuing the record after amendments (:data:`AMENDED`) supersedes only the earlier copies of the record (the
  record, the parents' and any child's copy: :data:`RECORD_KINDS`): the summary and the letters sent before stay
  current, so the current documents may be in more than one set's folder.

Each document is tracked against its deadline (chairdesk.timescales): the summary and the decision letters one
working day after the conference (the letter to the parents within 24 hours, where the timescales give that key),
the record and the parents' copies 20 working days. A reissued record is due a week (5 working days) after it is
reissued, and never before the record's own deadline. A document is **sent** once the chair says when, to whom and
how (:data:`HOW`); **outstanding** while it is current and not sent; **overdue** when outstanding after its day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chairdesk.audience import CHILD, Reader
from chairdesk.model import Amendment, Conference
from chairdesk.timescales import due_dates, long_date, working_days
from chairdesk.words import join_names

if TYPE_CHECKING:
    from chairdesk.documents.produce import RenderedDocument

# How a document went to its reader (RULES.md §5: the record is "given to and discussed with parents by the social
# worker").
HOW = {
    "post": "by post",
    "secure-email": "by secure e-mail",
    "by-hand": "by hand",
    "social-worker": "given by the social worker",
}

PRODUCED = "produced"  # the whole set of documents, produced from the console
AMENDED = "amended"  # the record and the parents' copies, reissued with the amendments the chair applied
SET_KINDS = (PRODUCED, AMENDED)

# The kinds of document (as chairdesk.documents.produce names them) a reissue after amendments holds: every copy
# of the record (each made from the record's template), the child's own copy with the parents'.
RECORD_KINDS = frozenset({"record", "parents-copy", "child-copy"})
AMENDMENT_DAYS = 7  # RULES.md §5: amendments come back to the chair within one week of receiving the record
REISSUE_WORKING_DAYS = 5  # ChairDesk's choice: a reissued record goes out within a week of being reissued

SENT, OVERDUE, OUTSTANDING, SUPERSEDED = "sent", "overdue", "not sent", "superseded"


@dataclass(frozen=True)
class NewDocument:
    """A document just written into a new set, as it is recorded: its kind and file, its reader (their name, the
    key of audience.Reader and its kind), the participant ids it is addressed to, and the day it is due."""

    kind: str
    filename: str
    title: str
    reader: str
    reader_key: str
    reader_kind: str
    recipients: tuple[str, ...]
    due: dt.date | None


@dataclass(frozen=True)
class OutputSet:
    """One production of the documents: its folder, what kind of set, when it was made, and when a newer set
    superseded it (None while it is current)."""

    id: int
    conference_id: str
    folder: Path
    kind: str
    made_at: dt.datetime
    superseded_at: dt.datetime | None = None

    @property
    def current(self) -> bool:
        return self.superseded_at is None


@dataclass(frozen=True)
class TrackedDocument:
    """One document of a set, with its deadline and whether, when, to whom and how it was sent."""

    id: int
    set_id: int
    conference_id: str
    kind: str
    filename: str
    title: str
    reader: str
    reader_key: str
    reader_kind: str
    recipients: tuple[str, ...]
    due: dt.date | None
    folder: Path
    made_at: dt.datetime
    set_kind: str = PRODUCED
    superseded_at: dt.datetime | None = None
    sent_at: dt.datetime | None = None
    sent_to: str = ""
    sent_how: str = ""

    @property
    def path(self) -> Path:
        return self.folder / self.filename

    @property
    def current(self) -> bool:
        return self.superseded_at is None

    @property
    def sent(self) -> bool:
        return self.sent_at is not None

    def state(self, today: dt.date) -> str:
        if not self.current:
            return SUPERSEDED
        if self.sent:
            return SENT
        if self.due is not None and self.due < today:
            return OVERDUE
        return OUTSTANDING

    def words(self, today: dt.date) -> str:
        """Its state in words: "Sent Thu 26 Nov 2026 by post to Kerry Harper", "Not sent: due Wed 25 Nov 2026",
        "OVERDUE: due Wed 25 Nov 2026, not sent", "Superseded by a newer set"."""
        state = self.state(today)
        if state == SUPERSEDED:
            return "Superseded by a newer set: not to be sent"
        if state == SENT:
            assert self.sent_at is not None
            how = HOW.get(self.sent_how, self.sent_how)
            to = f" to {self.sent_to}" if self.sent_to else ""
            return f"Sent {short_date(self.sent_at.date())} {how}{to}".strip()
        due = f"due {short_date(self.due)}" if self.due else "no deadline"
        return f"OVERDUE: {due}, not sent" if state == OVERDUE else f"Not sent: {due}"


def short_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


# -- which set supersedes what ----------------------------------------------------------------------------------


def supersedes(set_kind: str, kinds: Iterable[str], earlier: TrackedDocument) -> bool:
    """Whether a new set of ``set_kind`` holding documents of ``kinds`` supersedes the ``earlier`` document: a
    production supersedes everything before it; a reissue after amendments the record and the parents' copies
    (whatever kinds it holds, and any earlier document of those kinds)."""
    if set_kind == PRODUCED:
        return True
    return earlier.kind in (set(kinds) | RECORD_KINDS)


def current(documents: Iterable[TrackedDocument]) -> list[TrackedDocument]:
    """The documents offered for sending and opened: those of no superseded set."""
    return [d for d in documents if d.current]


def outstanding(documents: Iterable[TrackedDocument]) -> list[TrackedDocument]:
    """The current documents not yet sent."""
    return [d for d in current(documents) if not d.sent]


def overdue(documents: Iterable[TrackedDocument], today: dt.date) -> list[TrackedDocument]:
    """The current documents not sent by their day."""
    return [d for d in outstanding(documents) if d.due is not None and d.due < today]


# -- deadlines ----------------------------------------------------------------------------------------------------

PARENTS_LETTER_KEY = "decision_letter_to_parents_due"  # the procedure's "within 24 hours" (timescales)


def deadline_key(kind: str, reader_kind: str, keys: Iterable[str]) -> str:
    """Which of the due dates (a key of timescales.due_dates, from ``keys``) a document of ``kind`` for a reader of
    ``reader_kind`` (audience.Reader.kind) keeps to: the summary ``summary_due``; a letter ``decision_letter_due``
    (a parent's, the 24-hour key when the timescales have one); the record and the copies ``record_due``."""
    keys = list(keys)
    if kind == "summary":
        return "summary_due"
    if "letter" in kind:
        if reader_kind in ("household", "family"):
            return PARENTS_LETTER_KEY if PARENTS_LETTER_KEY in keys else "decision_letter_due"
        return "decision_letter_due"
    return "record_due"


def due_for(
    conference: Conference, kind: str, reader_kind: str, set_kind: str = PRODUCED, made: dt.date | None = None
) -> dt.date | None:
    """The day a document is due (see :func:`deadline_key`); a record reissued after amendments on ``made``:
    :data:`REISSUE_WORKING_DAYS` working days after, and never before the record's own day."""
    dates = due_dates(conference)
    key = deadline_key(kind, reader_kind, dates)
    due = dates[key].date if key in dates else None
    if set_kind == AMENDED and made is not None:
        reissue = working_days(conference.region).after(made, REISSUE_WORKING_DAYS)
        due = max(due, reissue) if due else reissue
    return due


def deadlines(documents: Iterable[TrackedDocument], keys: Iterable[str]) -> dict[str, list[TrackedDocument]]:
    """The current documents by the deadline each keeps to (:func:`deadline_key`)."""
    keys = list(keys)
    grouped: dict[str, list[TrackedDocument]] = {}
    for document in current(documents):
        grouped.setdefault(deadline_key(document.kind, document.reader_kind, keys), []).append(document)
    return grouped


def not_sent_words(documents: list[TrackedDocument]) -> str:
    """What is left to send of one deadline's documents: "not sent", "2 of 3 not sent", "" when all are sent."""
    left = [d for d in documents if not d.sent]
    if not left:
        return ""
    return "not sent" if len(left) == len(documents) else f"{len(left)} of {len(documents)} not sent"


# -- amendments ---------------------------------------------------------------------------------------------------


def record_sent_on(documents: Iterable[TrackedDocument]) -> dt.date | None:
    """The day the record was first sent (to anyone: the full record or a parents' copy), or None."""
    days = [d.sent_at.date() for d in documents if d.kind in RECORD_KINDS and d.sent_at is not None]
    return min(days) if days else None


def amendment_late(amendment: Amendment, documents: Iterable[TrackedDocument]) -> bool:
    """Whether an amendment came more than a week after the record was sent (it is accepted, and said late).
    Not late while the record is not recorded as sent."""
    sent = record_sent_on(documents)
    return sent is not None and amendment.received > sent + dt.timedelta(days=AMENDMENT_DAYS)


def amendment_words(amendment: Amendment, documents: Iterable[TrackedDocument]) -> str:
    """The amendment's state in words, for the chair."""
    sent = record_sent_on(documents)
    late = ""
    if sent is not None and amendment_late(amendment, documents):
        days = (amendment.received - sent).days
        late = f"LATE (received {days} days after the record was sent on {long_date(sent)}; accepted). "
    if amendment.applied is None:
        return f"{late}To decide"
    decided = f" on {long_date(amendment.decided_at.date())}" if amendment.decided_at else ""
    return f"{late}{'Applied' if amendment.applied else 'Not applied'}{decided}"


def as_row(document: TrackedDocument) -> dict[str, Any]:
    """The document as plain data (for the command line's JSON and the tests)."""
    return {
        "kind": document.kind,
        "file": str(document.path),
        "reader": document.reader,
        "due": document.due.isoformat() if document.due else None,
        "sent_at": document.sent_at.isoformat(timespec="minutes") if document.sent_at else None,
        "sent_to": document.sent_to,
        "sent_how": document.sent_how,
        "current": document.current,
    }


def reader_name(conference: Conference, reader: Reader | None) -> str:
    """A reader as the chair reads it: a child by their name (a child reader's own name is the child's id), anyone
    else by the reader's name."""
    if reader is None:
        return ""
    if reader.kind == CHILD:
        ids = reader.children or ((reader.name,) if reader.name else ())
        named = [c.name for i in ids if (c := conference.child(i)) is not None]
        if named:
            return join_names(named)
    return reader.name


def shown_reader(conference: Conference, document: TrackedDocument) -> str:
    """The reader of a tracked document by name, for a document recorded before children were named (by id)."""
    if document.reader_kind == CHILD and (child := conference.child(document.reader)) is not None:
        return child.name
    return document.reader


def new_documents(
    conference: Conference, documents: list[RenderedDocument], kind: str, made: dt.date
) -> list[NewDocument]:
    """The documents of a new set as the database keeps them: reader, and the day each is due."""
    found = []
    for d in documents:
        reader = d.reader
        reader_kind = reader.kind if reader else ""
        # Whom it is addressed to, by name (a professional's letter is read as the full record is, but is theirs).
        addressed = [p.name for i in d.recipients if (p := conference.participant(i)) is not None]
        found.append(
            NewDocument(
                d.kind,
                d.filename,
                d.title,
                join_names(addressed) if addressed else reader_name(conference, reader),
                reader.key if reader else "",
                reader_kind,
                d.recipients,
                due_for(conference, d.kind, reader_kind, kind, made),
            )
        )
    return found
