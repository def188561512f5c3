"""Attachments in the windows, through :class:`~chairdesk.gui.background.Background`.

Keeping a copy of a file the chair chose (:func:`keep_a_copy`): made on a worker thread, saying each megabyte, given
up if the folder it is in stops answering, and deleted if no window will take it.

Opening an attachment in the computer's own viewer (:func:`open_attachment`): its sealed copy is unsealed into a
plain copy on a worker thread (a letter or a recording may be megabytes), and the viewer is asked on the GUI thread
once the plain copy is there (chairdesk.attachments.opened_copy)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from chairdesk import attachments
from chairdesk.gui.background import Background, Control, Failure, folder_not_answering
from chairdesk.model import Attachment

if TYPE_CHECKING:
    from chairdesk.before_the_day import FileToKeep

OPENING_ATTACHMENT = "Opening the attachment…"


def keep_a_copy(
    work: Background,
    name: str,
    to_keep: FileToKeep,
    done: Callable[[object], None],
    holds: Iterable[Control],
    saying: str,
    unexpected: str,
    given_up: str,
) -> bool:
    """Copy the file ``to_keep`` (the chair's choice) into the data folder off the GUI thread: ``done`` gets the
    :class:`Attachment` or a :class:`Failure`. ``given_up``: what did not happen, and what to do, when the folder it
    is in stops answering. A copy that comes when no window will take it is deleted. False if already copying."""
    return work.run(
        name,
        functools.partial(to_keep.copy, work.still_going),
        done,
        unexpected,
        holds=holds,
        saying=saying,
        patience=folder_not_answering(Path(to_keep.source).name, given_up),
        undo=functools.partial(attachments.discard, to_keep.conference_id),
    )


def open_attachment(
    work: Background,
    conference_id: str,
    attachment: Attachment,
    holds: Iterable[Control],
    problem: Callable[[str], object],
) -> bool:
    """Unseal ``attachment`` into a plain copy off the GUI thread, then open it in the computer's viewer; a copy
    that cannot be made is said through ``problem`` in words. False when it is being opened already."""

    def opened(result: object) -> None:
        if isinstance(result, Failure):
            problem(result.sentence)
        else:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result)))

    def unseal() -> Path:
        return attachments.opened_copy(conference_id, attachment)

    return work.run(
        "chairdesk-open-attachment",
        unseal,
        opened,
        "The attachment could not be opened because of an unexpected problem (the details are in the log). It is "
        "still kept with the conference; try Open again.",
        holds=holds,
        saying=OPENING_ATTACHMENT,
    )
