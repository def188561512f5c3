"""The one writer: a background thread that owns the database connection and saves what it is given.

The window hands it a copy of the conference after every edit and the chair's drafts as they are typed; it
saves the newest of each at once (older copies waiting behind a newer one are skipped), so the screen never
waits for the disk and every edit is committed within moments. A failed save is never swallowed: it is
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
        self._conference: Conference | None = None
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
        snapshot = copy.deepcopy(conference)
        with self._lock:
            self._conference = snapshot
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
        return self._conference is None and not self._drafts and not self._jobs and not self._busy

    def _stuck(self) -> bool:
        """The last save failed and nothing was handed over since: waiting for the writer would not help."""
        return self._failing is not None and self._failed_at == self._handed

    def _has_work(self) -> bool:
        return self._conference is not None or bool(self._drafts) or bool(self._jobs)

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
                    conference, self._conference = self._conference, None
                    drafts, self._drafts = self._drafts, {}
                    jobs, self._jobs = self._jobs, []
                    versions = dict(self._versions)
                    handed = self._handed
                    self._busy = True
                failure, retry_conference, retry_rest = self._write(store, conference, drafts, jobs, versions)
                with self._lock:
                    known = store.known_version(conference.id) if conference is not None and conference.id else None
                    if known is not None and conference is not None and conference.id not in self._conflicted:
                        # Only a version the store read or wrote: after a failed save (a full disk) the version
                        # expected stays the one read, or the retry would be refused as someone else's change.
                        self._versions[conference.id or ""] = known
                    # Keep what failed for a reason that may pass, unless something newer arrived; try again shortly.
                    if retry_conference and conference is not None and self._conference is None:
                        self._conference = conference
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

    def _write(
        self,
        store: ConferenceStore,
        conference: Conference | None,
        drafts: dict[tuple[str, str], str],
        jobs: list[Callable[[ConferenceStore], object]],
        versions: dict[str, int],
    ) -> tuple[str | None, bool, bool]:
        """Save; the sentence saying why it failed (already reported) or None, whether to try the conference
        again, and whether to try the drafts and jobs again."""
        failure = None
        if conference is not None:
            try:
                store.save(conference, expected_version=versions.get(conference.id or ""))
                self._on_saved(conference.id or "")
            except ConflictError as error:  # trying again cannot succeed, and succeeding would erase a change
                with self._lock:
                    self._conflicted.add(conference.id or "")
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
