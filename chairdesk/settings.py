"""This computer's settings: the chair's microphone, the folder for a second copy of each recording.

What belongs to the laptop rather than to a conference is kept here, apart from the database: a conference moves
between laptops by its conference file (and later may live on a shared server), but the microphone plugged into
this laptop and the USB stick in its port do not move with it. Drafts are not settings: they are the chair's words
and stay with the conference in the database (chairdesk.storage).

Each setting is declared once below, with its type, its default and what it is for (as Picard registers its
options): :func:`get` gives the declared type or the default, and :func:`put` refuses a value of another type. The
settings are one small JSON file, ``settings.json`` in the data folder, owner-only like everything ChairDesk writes
and replaced whole by :func:`paths.write_atomically`, so a crash leaves the old file or the new one. It is read
afresh for each setting asked for (a few hundred bytes), so the command line and the app see each other's changes.

A file that cannot be read (damaged, not JSON, a value of the wrong type) never stops ChairDesk: what cannot be read
is its default, a plain sentence is logged (never a traceback, never a value), and the next change sets the
damaged file aside (``settings.json.unreadable-<when>``) before writing a good one, so nothing is lost.

Why a file and not ``QSettings``: the recorder and the command line read these settings and the core never imports
Qt; on Windows ``QSettings`` writes to the registry, which is neither owner-only in the same way nor in the data
folder that ``CHAIRDESK_DATA`` moves (a test, a second data folder); and a file written atomically is the house's
one way of keeping something small.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from chairdesk import paths

log = logging.getLogger(__name__)

FILE_NAME = "settings.json"

T = TypeVar("T")


@dataclass(frozen=True)
class Option(Generic[T]):
    """One setting: its key in the file, the type of its value, its value when none is kept, and what it is for."""

    key: str
    kind: type
    default: T
    about: str

    def parse(self, stored: Any) -> T:
        """The value kept in the file as this option's type; ``ValueError`` when it is not one."""
        if stored is None:
            return self.default
        value: Any = stored
        if self.kind is Path:
            fits = isinstance(stored, str) and bool(stored)
            value = Path(stored) if fits else None
        elif self.kind is float:
            fits = isinstance(stored, (int, float)) and not isinstance(stored, bool)
            value = float(stored) if fits else None
        else:
            fits = type(stored) is self.kind
        if not fits:
            raise ValueError(f"{self.key} is not a {self.kind.__name__}")
        return cast(T, value)

    def dump(self, value: T | None) -> Any:
        """``value`` as it is kept in the file; ``TypeError`` for a value of another type."""
        if value is None:
            return None
        if isinstance(value, bool) and self.kind is not bool:
            raise TypeError(f"{self.key} takes a {self.kind.__name__}, not {value!r}")
        if self.kind is float and isinstance(value, int):
            return float(value)
        if not isinstance(value, self.kind):
            raise TypeError(f"{self.key} takes a {self.kind.__name__}, not a {type(value).__name__}")
        return str(value) if self.kind is Path else value


OPTIONS: dict[str, Option[Any]] = {}


def option(key: str, kind: type, default: T, about: str) -> Option[T]:
    """Declare a setting (once, here at module level); a key declared twice is a mistake in ChairDesk."""
    if key in OPTIONS:
        raise ValueError(f"the setting {key} is declared twice")
    declared: Option[T] = Option(key, kind, default, about)
    OPTIONS[key] = declared
    return declared


MICROPHONE: Option[str | None] = option(
    "recording.input_device",
    str,
    None,
    "The microphone the chair recorded with last, by its name (PortAudio numbers devices afresh at every start). "
    "None: the computer's default microphone.",
)
SECOND_FOLDER: Option[Path | None] = option(
    "recording.second_folder",
    Path,
    None,
    "A folder (a USB stick) where each recording is also written as it goes, sealed like the laptop's copy. "
    "None: no second copy.",
)

# The settings an earlier ChairDesk kept in the database's settings table, moved here when it is opened
# (chairdesk.migrations.move_settings_out).
FROM_THE_DATABASE = (MICROPHONE, SECOND_FOLDER)

_lock = threading.Lock()  # one change at a time in this process: read the file, change one value, write it whole


def settings_file() -> Path:
    """Where this computer's settings are kept: ``settings.json`` in the data folder."""
    return paths.data_dir() / FILE_NAME


class Settings:
    """The settings kept in one file (:func:`settings_file` by default; a test gives its own)."""

    def __init__(self, file: str | os.PathLike[str] | None = None) -> None:
        self.file = Path(file) if file is not None else settings_file()

    def _read(self) -> tuple[dict[str, Any], str]:
        """What the file holds, and a sentence saying why it could not be read ("" when it could, or is not there)."""
        try:
            text = self.file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}, ""
        except (OSError, UnicodeDecodeError) as error:
            why = error.strerror if isinstance(error, OSError) and error.strerror else "it is not text"
            return {}, f"it cannot be read ({why})"
        try:
            stored = json.loads(text)
        except ValueError:
            return {}, "it is damaged (not the JSON ChairDesk writes)"
        if not isinstance(stored, dict):
            return {}, "it is damaged (not the JSON ChairDesk writes)"
        return stored, ""

    def _warn(self, why: str) -> None:
        log.warning(
            "The settings file %s is not used: %s. ChairDesk uses its defaults for this computer's settings (the "
            "computer's default microphone, no second copy of recordings) and keeps the file; choosing a setting "
            "again writes a new one.",
            self.file,
            why,
        )

    def get(self, wanted: Option[T]) -> T:
        """The value kept for ``wanted``, or its default (a file or value that cannot be read is logged, plainly)."""
        stored, why = self._read()
        if why:
            self._warn(why)
            return wanted.default
        try:
            return wanted.parse(stored.get(wanted.key))
        except ValueError:
            self._warn(f"the value kept for {wanted.key} is not a {wanted.kind.__name__}")
            return wanted.default

    def put(self, wanted: Option[T], value: T | None) -> None:
        """Keep ``value`` for ``wanted`` (None: back to its default), the rest of the file as it was. Raises
        ``TypeError`` for a value of another type, ``OSError`` when the file cannot be written."""
        kept = wanted.dump(value)
        self.put_many({wanted: kept}, dumped=True)

    def put_many(self, values: dict[Option[Any], Any], dumped: bool = False, only_new: bool = False) -> None:
        """Keep several values in one write. ``only_new``: only those the file holds no value for (carrying over
        what an earlier ChairDesk kept, never over a choice made since)."""
        with _lock:
            stored, why = self._read()
            if why:
                self._set_aside()
                stored = {}
            changed = dict(stored)
            for wanted, value in values.items():
                if only_new and changed.get(wanted.key) is not None:
                    continue
                kept = value if dumped else wanted.dump(value)
                if kept is None:
                    changed.pop(wanted.key, None)
                else:
                    changed[wanted.key] = kept
            if changed == stored and (self.file.exists() or not changed):
                return
            paths.private_folder(self.file.parent)
            text = json.dumps(changed, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            paths.write_atomically(self.file, text.encode("utf-8"))

    def _set_aside(self) -> None:
        """A file that could not be read is kept under another name (whoever supports ChairDesk may want it)."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        with contextlib.suppress(OSError):  # not there, or cannot be moved: it is replaced whole by the good one
            os.replace(self.file, self.file.with_name(f"{self.file.name}.unreadable-{stamp}"))


def get(wanted: Option[T]) -> T:
    """The value of ``wanted`` on this computer (from the data folder's settings file), or its default."""
    return Settings().get(wanted)


def put(wanted: Option[T], value: T | None) -> None:
    """Keep ``value`` for ``wanted`` on this computer (None: back to its default)."""
    Settings().put(wanted, value)
