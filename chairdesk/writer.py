"""The one writer: a background thread that owns the database connection and saves what it is given.

The window hands it the conference once (:meth:`ConferenceWriter.follow`), then each edit as the chair made it
(:meth:`ConferenceWriter.save_change`: the operation, its change as a JSON Patch), and the chair's drafts as they
are typed. The writer keeps the conference file's data, makes each change to it on its own thread, checks the whole
file and saves it with one audit entry per operation, all that has come at once (a save of a whole copy, with
:meth:`ConferenceWriter.save`, is still taken), so the screen never waits for the disk nor for the size of the
meeting, and every edit is committed within moments. A failed save is never swallowed: it is
reported through ``on_error``. A save that failed for a reason that may pass (a full disk, a locked file) is
tried again until it succeeds or a newer copy replaces it; a save refused because the stored conference was
changed by someone else (:class:`ConflictError`) is not tried again — trying cannot succeed, and succeeding
would erase that change — and stays failed, said in words, until the window is closed.

The writer remembers the version of each conference it last wrote (starting from the one the window read, given
with :meth:`ConferenceWriter.expect_version`), so a stale copy is never saved over a newer one.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chairdesk import conference_file
from chairdesk.changes import Operation
from chairdesk.errors import ChairDeskError, ConflictError, for_the_log
from chairdesk.model import Conference
from chairdesk.storage import ConferenceStore, open_store

log = logging.getLogger(__name__)

RETRY_SECONDS = 2.0


class ConferenceWriter:
    """Saves on its own thread. ``on_saved(conference_id)`` and ``on_error(sentence)`` run on that thread."""

    def __init__(
        self,
        db_path: str | Path,
        on_saved: Callable[[str], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        self._db_path = Path(db_path)
        self._on_saved = on_saved or (lambda _id: None)
        self._on_error = on_error or (lambda _sentence: None)
        self._lock = threading.Condition()
        # What was handed over and not yet taken by the writer, in order: a copy of the conference to save (or, with
        # False, only to start from) or an operation, whose patch is made on the data before it.
        self._queue: list[tuple[Conference, bool] | Operation] = []
        self._retrying = False  # the last save failed for a reason that may pass: try again shortly
        # The writer thread's own: the conference file's data as the window has it, the operations not saved yet.
        self._document: dict[str, Any] | None = None
        self._unsaved = False
        self._operations: list[Operation] = []
        self._drafts: dict[tuple[str, str], str] = {}
        self._jobs: list[Callable[[ConferenceStore], object]] = []
        self._versions: dict[str, int] = {}
        self._busy = False
        self._closing = False
        self._handed = 0  # how many things have been handed over, to tell whether anything came after a failure
        self._failing: str | None = None
        self._failed_at = -1
        self._conflicted: set[str] = set()
        self._conflict: str | None = None
        self._opened = threading.Event()
        self._open_error: ChairDeskError | None = None
        self._thread = threading.Thread(target=self._run, name="chairdesk-writer", daemon=True)
        self._thread.start()
        self._opened.wait()
        if self._open_error:
            raise self._open_error

    # -- what the window calls ----------------------------------------------------------------------------

    def expect_version(self, conference_id: str, version: int) -> None:
        """The conference was read at ``version`` (``ConferenceStore.read`` gives it): the first save
        of it must find that version still stored. Call it before handing the conference over."""
        with self._lock:
            self._versions[conference_id] = version

    def save(self, conference: Conference) -> None:
        """Save a copy of ``conference`` as it is now (copied here, on the caller's thread)."""
        self._hand(copy.deepcopy(conference), True)

    def follow(self, conference: Conference) -> None:
        """The conference the window holds, as it is now (copied here), saved only with the changes
        :meth:`save_change` hands over after it."""
        self._hand(copy.deepcopy(conference), False)

    def save_change(self, operation: Operation) -> None:
        """Save the conference :meth:`follow` (or :meth:`save`) gave, with ``operation``'s change made to it as
        after every one handed over before it; the audit keeps the operation. Costs the window the same whatever
        the size of the conference."""
        with self._lock:
            self._queue.append(operation)
            self._handed += 1
            self._lock.notify_all()

    def _hand(self, conference: Conference, save: bool) -> None:
        with self._lock:
            self._queue.append((conference, save))
            self._handed += 1
            self._lock.notify_all()

    def save_draft(self, conference_id: str, key: str, text: str) -> None:
        with self._lock:
            self._drafts[(conference_id, key)] = text
            self._handed += 1
            self._lock.notify_all()

    def call(self, job: Callable[[ConferenceStore], object]) -> None:
        """Run ``job(store)`` on the writer thread, after what was handed over before it (for small writes
        such as a document marked sent, so the database keeps its one writer)."""
        with self._lock:
            self._jobs.append(job)
            self._handed += 1
            self._lock.notify_all()

    @property
    def failing(self) -> str | None:
        """The sentence saying why the latest save failed, while it stays failed (nothing saved since, or the
        conference was changed elsewhere); None when saving is going well."""
        with self._lock:
            return self._failing

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything handed over so far is on disk; False if it is not. Returns at once, False,
        when the last save failed and nothing new has been handed over since (waiting would not help)."""
        with self._lock:
            self._lock.wait_for(lambda: self._idle() or self._stuck(), timeout=timeout)
            return self._idle() and self._failing is None

    def close(self, timeout: float = 10.0) -> bool:
        """Save what is waiting, then stop the thread. True when everything was saved; returns at once (False)
        when saving is failing and nothing new was handed over."""
        saved = self.flush(timeout)
        with self._lock:
            self._closing = True
            stuck = self._stuck()
            self._lock.notify_all()
        if not stuck:
            self._thread.join(timeout)
        return saved

    # -- the writer thread --------------------------------------------------------------------------------

    def _idle(self) -> bool:
        return not self._queue and not self._retrying and not self._drafts and not self._jobs and not self._busy

    def _stuck(self) -> bool:
        """The last save failed and nothing was handed over since: waiting for the writer would not help."""
        return self._failing is not None and self._failed_at == self._handed

    def _has_work(self) -> bool:
        return bool(self._queue) or self._retrying or bool(self._drafts) or bool(self._jobs)

    def _run(self) -> None:
        try:
            store = open_store(self._db_path)  # made here: this thread owns its connection
        except ChairDeskError as error:
            self._open_error = error
            self._opened.set()
            return
        self._opened.set()
        try:
            while True:
                with self._lock:
                    self._lock.wait_for(lambda: self._closing or self._has_work())
                    if self._closing and (not self._has_work() or self._stuck()):
                        return
                    queue, self._queue = self._queue, []
                    self._retrying = False
                    drafts, self._drafts = self._drafts, {}
                    jobs, self._jobs = self._jobs, []
                    versions = dict(self._versions)
                    handed = self._handed
                    self._busy = True
                try:
                    self._take(queue)
                    failure, retry_conference, retry_rest = self._write(store, drafts, jobs, versions)
                except Exception as error:  # a change that does not fit what the writer holds: said, never lost
                    failure, retry_conference, retry_rest = self._report(error), False, bool(drafts or jobs)
                ident = self._document.get("id") if self._document is not None else None
                with self._lock:
                    known = store.known_version(ident) if ident else None
                    if known is not None and ident not in self._conflicted:
                        # Only a version the store read or wrote: after a failed save (a full disk) the version
                        # expected stays the one read, or the retry would be refused as someone else's change.
                        self._versions[ident or ""] = known
                    # Keep what failed for a reason that may pass (all of it: each change is made on the last);
                    # try again shortly.
                    if retry_conference:
                        self._retrying = True
                    if retry_rest:
                        for key, text in drafts.items():
                            self._drafts.setdefault(key, text)
                        self._jobs[:0] = jobs
                    if failure is not None:
                        self._failing, self._failed_at = failure, handed
                    else:
                        self._failing = self._conflict  # a conference changed elsewhere stays unsaved
                        self._failed_at = handed
                    self._busy = False
                    self._lock.notify_all()
                    if failure is not None and self._closing:
                        return  # reported already; the caller's close() says it was not all saved
                    if retry_conference or retry_rest:
                        self._lock.wait(RETRY_SECONDS)
        finally:
            store.close()

    def _take(self, queue: list[tuple[Conference, bool] | Operation]) -> None:
        """Make what was handed over into the conference file's data, in order (on the writer thread)."""
        for handed in queue:
            if isinstance(handed, Operation):
                if self._document is None:
                    raise RuntimeError("a change was handed to the writer before the conference it changes")
                if handed.patch:
                    import jsonpatch  # at the first change, not while the console is being drawn (50 ms)

                    jsonpatch.apply_patch(self._document, handed.patch, in_place=True)
                self._operations.append(handed)
                self._unsaved = True
            else:
                conference, save = handed
                self._document = conference_file.to_json(conference)
                self._unsaved = self._unsaved or save

    def _write(
        self,
        store: ConferenceStore,
        drafts: dict[tuple[str, str], str],
        jobs: list[Callable[[ConferenceStore], object]],
        versions: dict[str, int],
    ) -> tuple[str | None, bool, bool]:
        """Save; the sentence saying why it failed (already reported) or None, whether to try the conference
        again, and whether to try the drafts and jobs again."""
        failure = None
        document = self._document
        if document is not None and self._unsaved:
            ident = document.get("id") or ""
            try:
                store.save(document, expected_version=versions.get(ident), operations=self._operations)
                self._unsaved, self._operations = False, []
                self._on_saved(document.get("id") or "")
            except ConflictError as error:  # trying again cannot succeed, and succeeding would erase a change
                self._unsaved = False  # tried again only with a change handed over after this
                with self._lock:
                    self._conflicted.add(ident)
                    self._conflict = str(error)
                failure = self._report(error)
            except Exception as error:  # reported, never swallowed: the chair must know the save failed
                return self._report(error), True, bool(drafts or jobs)
        try:
            for (conference_id, key), text in drafts.items():
                store.save_draft(conference_id, key, text)
            while jobs:
                jobs[0](store)
                jobs.pop(0)
        except Exception as error:
            return self._report(error), False, True
        return failure, False, False

    def _report(self, error: Exception) -> str:
        sentence = _sentence(error)
        if sentence != self._failing:  # the log says so once, not every RETRY_SECONDS (and never the words)
            log.error("saving failed: %s", for_the_log(error))
        self._on_error(sentence)
        return sentence


def _sentence(error: Exception) -> str:
    if isinstance(error, ChairDeskError):
        return str(error)
    text = str(error)
    if "disk" in text.lower() and "full" in text.lower():
        return "The disk is full: your latest changes are not saved yet. Free some space; ChairDesk keeps trying."
    return f"Your latest changes could not be saved ({text}). ChairDesk keeps trying; do not close it."
