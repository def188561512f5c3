"""The one writer: a background thread that owns the database connection and saves what it is given.

The window hands it a copy of the conference after every edit and the chair's drafts as they are typed; it
saves the newest of each at once (older copies waiting behind a newer one are skipped), so the screen never
waits for the disk and every edit is committed within moments. A failed save is never swallowed: it is
reported through ``on_error`` and tried again until it succeeds or a newer copy replaces it.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from chairdesk.errors import ChairDeskError
from chairdesk.model import Conference
from chairdesk.storage import Store

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
        self._jobs: list[Callable[[Store], object]] = []
        self._busy = False
        self._closing = False
        self._opened = threading.Event()
        self._open_error: ChairDeskError | None = None
        self._thread = threading.Thread(target=self._run, name="chairdesk-writer", daemon=True)
        self._thread.start()
        self._opened.wait()
        if self._open_error:
            raise self._open_error

    def save(self, conference: Conference) -> None:
        """Save a copy of ``conference`` as it is now (copied here, on the caller's thread)."""
        snapshot = copy.deepcopy(conference)
        with self._lock:
            self._conference = snapshot
            self._lock.notify()

    def save_draft(self, conference_id: str, key: str, text: str) -> None:
        with self._lock:
            self._drafts[(conference_id, key)] = text
            self._lock.notify()

    def call(self, job: Callable[[Store], object]) -> None:
        """Run ``job(store)`` on the writer thread, after what was handed over before it (for small writes
        such as a remembered setting, so the database keeps its one writer)."""
        with self._lock:
            self._jobs.append(job)
            self._lock.notify()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything handed over so far is on disk; False if that did not happen in time."""
        with self._lock:
            return self._lock.wait_for(
                lambda: self._conference is None and not self._drafts and not self._jobs and not self._busy,
                timeout=timeout,
            )

    def close(self, timeout: float = 10.0) -> bool:
        """Save what is waiting, then stop the thread. True when everything was saved."""
        saved = self.flush(timeout)
        with self._lock:
            self._closing = True
            self._lock.notify()
        self._thread.join(timeout)
        return saved

    def _run(self) -> None:
        try:
            store = Store(self._db_path)
        except ChairDeskError as error:
            self._open_error = error
            self._opened.set()
            return
        self._opened.set()
        try:
            while True:
                with self._lock:
                    self._lock.wait_for(
                        lambda: self._closing or self._conference is not None or self._drafts or self._jobs
                    )
                    if self._closing and self._conference is None and not self._drafts and not self._jobs:
                        return
                    conference, self._conference = self._conference, None
                    drafts, self._drafts = self._drafts, {}
                    jobs, self._jobs = self._jobs, []
                    self._busy = True
                failed = self._write(store, conference, drafts, jobs)
                with self._lock:
                    if failed:
                        # Keep what failed unless something newer arrived; try again shortly.
                        if conference is not None and self._conference is None:
                            self._conference = conference
                        for key, text in drafts.items():
                            self._drafts.setdefault(key, text)
                        self._jobs[:0] = jobs
                    self._busy = False
                    self._lock.notify_all()
                    if failed and self._closing:
                        return  # reported already; the caller's close() says it was not all saved
                    if failed:
                        self._lock.wait(RETRY_SECONDS)
        finally:
            store.close()

    def _write(
        self,
        store: Store,
        conference: Conference | None,
        drafts: dict[tuple[str, str], str],
        jobs: list[Callable[[Store], object]],
    ) -> bool:
        """Save; True if it failed (already reported)."""
        try:
            if conference is not None:
                store.save(conference)
                self._on_saved(conference.id or "")
            for (conference_id, key), text in drafts.items():
                store.save_draft(conference_id, key, text)
            while jobs:
                jobs[0](store)
                jobs.pop(0)
            return False
        except Exception as error:  # reported, never swallowed: the chair must know the save failed
            log.exception("saving failed")
            self._on_error(_sentence(error))
            return True


def _sentence(error: Exception) -> str:
    if isinstance(error, ChairDeskError):
        return str(error)
    text = str(error)
    if "disk" in text.lower() and "full" in text.lower():
        return "The disk is full: your latest changes are not saved yet. Free some space; ChairDesk keeps trying."
    return f"Your latest changes could not be saved ({text}). ChairDesk keeps trying; do not close it."
