"""What ChairDesk's log may hold: kinds, ids and counts, never a name, an address or the chair's words.

Every log call is written so (chairdesk.errors.for_the_log and :func:`kind_of` give an error's class and code,
never its message, which may quote a conference or a path). :class:`KeepNamesOut` is the safety net on the log's
handler: a record whose message holds a name or an address of the open conference is written with its message
replaced (where it came from is kept, for whoever supports ChairDesk), so a slip in a log call cannot put a
child's name in the file. The record is kept rather than dropped: that something failed, and where, is what the
log is for.
"""

from __future__ import annotations

import errno
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chairdesk.model import Conference

# Parts of names shorter than this are not looked for alone ("Jo" is in too many words); whole names always are.
SHORTEST_PART = 3


def kind_of(error: BaseException) -> str:
    """An error as the log may say it: its class and code (``PermissionError (EACCES)``), never its message."""
    code = ""
    if isinstance(error, OSError) and error.errno is not None:
        code = f" ({errno.errorcode.get(error.errno, error.errno)})"
    elif isinstance(getattr(error, "sqlite_errorname", None), str):
        code = f" ({error.sqlite_errorname})"  # type: ignore[attr-defined]
    return f"{type(error).__name__}{code}"


def names_in(conference: Conference) -> set[str]:
    """The names and addresses of a conference, case-folded: whole, and each part of a name."""
    found = {conference.family.name}
    found.update(child.name for child in conference.children)
    for person in conference.participants:
        found.add(person.name)
        found.update(line for line in re.split(r"[,\n]", person.address or "") if line.strip())
    parts = {part for name in found for part in re.split(r"[\s\-'’]+", name)}
    return {n.strip().casefold() for n in found | parts if len(n.strip()) >= SHORTEST_PART}


class KeepNamesOut(logging.Filter):
    """The log handler's safety net: replaces the message of a record that holds a name of the open conference."""

    def __init__(self) -> None:
        super().__init__()
        self._source: Callable[[], Conference | None] | None = None

    def watch(self, source: Callable[[], Conference | None] | None) -> None:
        """Look for the names of the conference ``source`` gives (asked afresh each time: names are added during
        a meeting); None when no conference is open."""
        self._source = source

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:  # a traceback ends with the error's message
            from chairdesk.errors import for_the_log

            record.exc_text = for_the_log(record.exc_info[1])
            record.exc_info = None
        conference = self._source() if self._source is not None else None
        if conference is None:
            return True
        try:
            names = names_in(conference)
            held = record.getMessage().casefold()
        except Exception:
            names, held = {""}, ""  # a message that cannot be made, or names that cannot be read: replaced
        if any(name in held for name in names):
            record.msg = "(message withheld: it held a name of the open conference) at %s:%d"
            record.args = (record.module, record.lineno)
        return True


keep_names_out = KeepNamesOut()
"""The one filter on ChairDesk's log handler (chairdesk.gui.app puts it there and tells it the open conference)."""
