"""Errors a chair can read: each carries one plain-English sentence, never a traceback."""

from __future__ import annotations


class ChairDeskError(Exception):
    """Something the user can act on. ``str(error)`` is the sentence to show them."""


class InvalidConference(ChairDeskError):
    """A conference file or edit that breaks the format. ``problems`` lists every one, field first."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


class StorageError(ChairDeskError):
    """The database cannot be used as it is; it has not been changed."""
