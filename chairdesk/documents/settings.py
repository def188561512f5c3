"""The chair's and the council's choices for the outputs: apart from the making of documents, so the command line
can offer them without loading Word's libraries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"


@dataclass(frozen=True)
class DocumentSettings:
    """The chair's and the council's choices for the outputs.

    ``marking``: the protective marking in every header and footer. ``templates_dir``: a folder with the
    council's own ``summary.docx``, ``letter.docx`` and ``record.docx`` (any it lacks come from the defaults).
    ``letter_date``: the date on the letters (today). ``amended_on``: the record is reissued with the amendments
    the chair applied (it says "Amended on" that day). What each reader may see is not a setting: it is decided
    by the marks on what was typed and the chair's releases (:mod:`chairdesk.audience`).
    """

    marking: str = DEFAULT_MARKING
    templates_dir: Path | None = None
    letter_date: dt.date | None = None
    amended_on: dt.date | None = None
