"""Opening an attachment in the computer's own viewer: its sealed copy is unsealed into a plain copy on a worker
thread (a letter or a recording may be megabytes), through :class:`~chairdesk.gui.background.Background`, and the
viewer is asked on the GUI thread once the plain copy is there (chairdesk.attachments.opened_copy)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from chairdesk import attachments
from chairdesk.gui.background import Background, Control, Failure
from chairdesk.model import Attachment

OPENING_ATTACHMENT = "Opening the attachment…"


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
