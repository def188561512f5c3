"""Errors a chair can read: each carries one plain-English sentence, never a traceback."""

from __future__ import annotations

import errno
import traceback
from pathlib import Path


class ChairDeskError(Exception):
    """Something the user can act on. ``str(error)`` is the sentence to show them."""


class InvalidConference(ChairDeskError):
    """A conference file or edit that breaks the format. ``problems`` lists every one, field first."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


class StorageError(ChairDeskError):
    """The database cannot be used as it is; it has not been changed.

    ``kind`` says why in a word the windows can act on (whether to offer a backup, for instance):
    ``read-only-folder``, ``no-permission``, ``read-only-file``, ``damaged``, ``empty``, ``not-chairdesk``,
    ``newer``, ``conference-unreadable``, ``no-conference``, ``conflict`` or ``other``. ``path`` is the database.
    """

    def __init__(self, sentence: str, kind: str = "other", path: Path | None = None) -> None:
        super().__init__(sentence)
        self.kind = kind
        self.path = path


class ConflictError(StorageError):
    """A save refused because the stored conference changed since it was read: saving would erase that change."""

    def __init__(self, sentence: str, path: Path | None = None) -> None:
        super().__init__(sentence, "conflict", path)


def for_the_log(error: BaseException) -> str:
    """What may be written to the log about ``error``: its kind and where it happened, never its message.

    A message can quote a conference (a child's name, what a parent said); the log must never hold that.
    """
    frames = traceback.extract_tb(error.__traceback__)
    where = "".join(traceback.format_list(frames))
    code = ""  # codes say which failure it was without any words: "SQLITE_BUSY", "ENOSPC"
    if isinstance(getattr(error, "sqlite_errorname", None), str):
        code = f" ({error.sqlite_errorname})"  # type: ignore[attr-defined]
    elif isinstance(error, OSError) and error.errno is not None:
        code = f" ({errno.errorcode.get(error.errno, error.errno)})"
    return f"{type(error).__module__}.{type(error).__qualname__}{code}\n{where}".rstrip()
