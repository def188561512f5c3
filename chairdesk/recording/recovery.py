"""After a crash: put back the recordings that were interrupted, and say plainly what came back.

ChairDesk looks for recordings that were never joined (it closed unexpectedly, or was closed while recording)
each time it opens. Each is joined into one file (:func:`chairdesk.recording.assemble.assemble`) and described in
one sentence for the chair: for a recording that stopped because ChairDesk closed unexpectedly, when it was kept
up to and how long it is ("The recording up to 11:42 (1 h 12 min) was kept; it stopped when ChairDesk closed
unexpectedly."), so the chair can decide whether to start recording again.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from chairdesk.errors import ChairDeskError
from chairdesk.recording import files
from chairdesk.recording.monitor import short_duration
from chairdesk.recording.status import for_the_log

if TYPE_CHECKING:
    from chairdesk.recording.assemble import AssembledRecording

log = logging.getLogger(__name__)

CRASHED = "it stopped when ChairDesk closed unexpectedly"
# One look for interrupted recordings (and for what an earlier version left plain) at a time in a process: each
# console opened starts one, on a worker of its own, and two must never join, seal or move the same take.
ONE_LOOK = threading.Lock()


@dataclass(frozen=True)
class Recovered:
    """One recording put back after ChairDesk closed: the sentence for the chair and what a new take needs.

    ``interrupted``: it was still recording when ChairDesk closed unexpectedly (not stopped by the chair).
    ``device``: the microphone it was recorded on (the one to start again on).
    """

    folder: Path
    sentence: str
    interrupted: bool = False
    device: str | None = None

    def of_conference(self, conference_id: str) -> bool:
        """True when this is a recording of the conference ``conference_id``."""
        # By the folder's name, its own or an earlier version's (the earlier one may be renamed meanwhile).
        return self.folder.parent.name in files.folder_names(conference_id)


def kept_sentence(result: AssembledRecording, today: dt.date | None = None) -> str:
    """The one plain sentence about a recording put back after ChairDesk closed."""
    from chairdesk.recording.assemble import gaps_words  # with the result's own module, loaded already

    if not result.interrupted:
        return result.message
    if not result.duration:
        return f"The recording had no sound in it yet when it stopped; {CRASHED}."
    until = ""
    if result.ended_at:
        ended = dt.datetime.fromisoformat(result.ended_at)
        until = f" up to {ended:%H:%M}"
        if ended.date() != (today or dt.date.today()):
            until += f" on {ended:%A} {ended.day} {ended:%B}"
    sentence = f"The recording{until} ({short_duration(result.duration)}) was kept; {CRASHED}."
    if result.gaps:
        sentence += f" It has {gaps_words(result.gaps, short_duration)}."
    for problem in result.problems:
        sentence += f" {problem}"
    return sentence


def recover_interrupted(root: Path | None = None) -> list[Recovered]:
    """Join every recording left unjoined under ``root`` (default: every conference's recordings) and describe
    each. One that cannot be joined is described too, and its files are left as they are; one damaged recording
    never keeps the others from being put back."""
    found = []
    unfinished = files.find_unfinished(root)
    if unfinished:  # joining needs numpy and the sealed parts' reader: loaded only when there is something to join
        from chairdesk.recording.assemble import assemble
    for folder in unfinished:
        try:
            result = assemble(folder)
        except ChairDeskError as error:
            found.append(Recovered(folder, str(error)))
            continue
        except Exception as error:
            log.error("recovering a recording failed: %s", for_the_log(error))
            found.append(
                Recovered(
                    folder,
                    f"The interrupted recording in {folder} could not be put together because it is damaged (the "
                    "details are in the log). Its files have been left as they are.",
                )
            )
            continue
        found.append(Recovered(folder, kept_sentence(result), result.interrupted, result.device))
    return found
