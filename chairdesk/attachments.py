"""Files the chair attaches to a conference: the child's own words or drawing, a parent's written views.

A copy of the file is kept in the conference's attachments folder, ``data_dir()/attachments/<conference id>/``,
so the record never depends on where the chair's download happened to be. Folders are owner-only (0700) and
files owner-only (0600) whatever the umask, and the copy is sealed (AES-256-GCM, a megabyte at a time:
:func:`chairdesk.at_rest.seal_stream`) with a key made from the data key: a child's words are as private as
anything ChairDesk holds, and a lost laptop must not give them away. :func:`read` gives the file's bytes back
(the record's pictures); :func:`opened_copy` writes a plain copy, owner-only, in a private folder of ChairDesk's cache
removed when ChairDesk closes (or, after a crash, on the next start), for the computer's own viewer (made on
purpose, for the chair to read). A copy kept by an
earlier version, not sealed, is still read. The copy
is written under a temporary name, fsynced and renamed (:func:`chairdesk.paths.write_atomically`), so a full disk
or a crash leaves either the whole copy or nothing. Each copy gets a new name of its own (the time, a random
part and the original name made safe), so two files called ``drawing.png`` never overwrite each other.

What is accepted (:data:`KINDS`): a PDF, a picture (PNG, JPEG, GIF, HEIC from an iPhone), an audio clip (MP3,
M4A, WAV, OGG: a statement made with an app such as Mind of My Own), a Word document or a text file; each up to
:data:`MAX_BYTES` (200 MB: about three hours of audio at 128 kbit/s, far more than any clip or scan a child makes).
A file that is missing, a folder, empty, too large, unreadable, of another kind, or not what its name says
(a "picture" that is not one would stop the record being made) is refused with a sentence.

Removing an attachment from the conference does not delete its copy: the edit can be undone (Ctrl+Z) and the
copy must still be there.
"""

from __future__ import annotations

import atexit
import datetime as dt
import errno
import io
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from chairdesk import at_rest, instance, paths
from chairdesk.errors import ChairDeskError
from chairdesk.model import Attachment
from chairdesk.paths import data_dir, short_name, write_atomically

MAX_BYTES = 200 * 1024 * 1024
SEALED_FOR = "attachments"  # the purpose the sealing key is made for (keys.derived_key)

# Accepted kinds by the name's ending: (kind, words for it). The kind says how the record shows it: a picture is
# shown, the others are listed by title, kind and date.
KINDS = {
    ".pdf": ("pdf", "a PDF"),
    ".png": ("picture", "a PNG picture"),
    ".jpg": ("picture", "a JPEG picture"),
    ".jpeg": ("picture", "a JPEG picture"),
    ".gif": ("picture", "a GIF picture"),
    ".heic": ("picture", "an iPhone (HEIC) picture"),
    ".mp3": ("audio", "an MP3 audio clip"),
    ".m4a": ("audio", "an M4A audio clip"),
    ".wav": ("audio", "a WAV audio clip"),
    ".ogg": ("audio", "an OGG audio clip"),
    ".docx": ("document", "a Word document"),
    ".txt": ("document", "a text file"),
}

# What the first bytes of a file of these kinds always are: a file whose name says it is one and whose bytes
# do not is refused (a "picture" that is not one would stop the record being made).
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".docx": (b"PK\x03\x04",),
}

TITLE_LIMIT = 500  # as the conference file allows


def accepted_kinds() -> str:
    """The kinds of file accepted, in words for a refusal or a file dialog's filter."""
    return "PDF, PNG, JPEG, GIF, HEIC, MP3, M4A, WAV, OGG, Word (.docx) or text (.txt)"


def file_dialog_filter() -> str:
    """A Qt file dialog's filter for the accepted kinds."""
    patterns = " ".join(f"*{ending}" for ending in KINDS)
    return f"The child's words, pictures and recordings ({patterns});;All files (*)"


def kind_of(attachment: Attachment | str) -> str:
    """``picture``, ``pdf``, ``audio`` or ``document`` (``""`` for a name of no accepted kind)."""
    name = attachment.file if isinstance(attachment, Attachment) else attachment
    return KINDS.get(Path(name).suffix.lower(), ("", ""))[0]


def kind_words(attachment: Attachment | str) -> str:
    """The kind in words: ``a PDF``, ``a WAV audio clip``..."""
    name = attachment.file if isinstance(attachment, Attachment) else attachment
    return KINDS.get(Path(name).suffix.lower(), ("", "a file"))[1]


def attachments_root() -> Path:
    """The folder holding every conference's attachments, in the user's data folder."""
    return data_dir() / "attachments"


def _safe(name: str) -> str:
    """A conference id as a folder name: no separators, nothing hidden, not too long."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".")
    return short_name(cleaned) if cleaned else "conference"


def conference_folder(conference_id: str) -> Path:
    """The folder of one conference's attachments."""
    return paths.conference_folder(attachments_root(), conference_id, _safe(conference_id))


def path_of(conference_id: str, attachment: Attachment) -> Path:
    """Where the stored copy of ``attachment`` of the conference is."""
    return conference_folder(conference_id) / Path(attachment.file).name


def _unsealed_into(stored: Path, out: BinaryIO) -> None:
    try:
        with open(stored, "rb") as source:
            if at_rest.is_sealed_stream(stored):
                at_rest.unseal_stream(source, out, SEALED_FOR)
            else:
                shutil.copyfileobj(source, out, 1024 * 1024)  # kept by an earlier version, before sealing
    except ChairDeskError as error:
        raise ChairDeskError(f"The kept copy of this attachment cannot be opened. {error}") from None


def read(conference_id: str, attachment: Attachment) -> bytes:
    """The attached file's bytes, unsealed. Raises OSError when the copy is missing, ChairDeskError in words when
    it was changed or cannot be opened with this data folder's key."""
    out = io.BytesIO()
    _unsealed_into(path_of(conference_id, attachment), out)
    return out.getvalue()


_opened: list[Path] = []  # this process's folder of plain copies, once made
_claim: list[instance.DatabaseLock] = []  # and its hold on it, for as long as the process runs


def opened_root() -> Path:
    """Where the plain copies opened in the computer's viewer are: a folder per running ChairDesk, in its cache."""
    return paths.opened_root()


def remove_left_open() -> int:
    """Remove the plain copies a ChairDesk that crashed or was killed left (its folder no longer held): the
    command line does it on every start (without loading this module). The number of folders removed."""
    return instance.remove_unclaimed(opened_root())


def _remove_opened() -> None:
    for folder in _opened:
        shutil.rmtree(folder, ignore_errors=True)
    for claim in _claim:
        claim.release()


def _opened_folder() -> Path:
    """This process's folder of plain copies (made and held the first time; what a crashed one left is removed)."""
    root = opened_root()
    mine = next((folder for folder in _opened if folder.parent == root), None)
    if mine is None:  # (one per data folder: the tests move it)
        remove_left_open()
        mine = root / f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        _claim.append(instance.claim_folder(mine))
        if not _opened:
            atexit.register(_remove_opened)
        _opened.append(mine)
    return mine


def opened_copy(conference_id: str, attachment: Attachment) -> Path:
    """A plain copy of the attachment for the computer's viewer: owner-only, in a folder of this ChairDesk's own
    under its cache (removed when it closes, and on the next start after a crash), named "attachment" with the
    file's kind (the chair's name for it may name the child, and viewers show it). Raises ChairDeskError in words."""
    folder = Path(tempfile.mkdtemp(dir=paths.private_folder(_opened_folder())))  # 0700
    name = Path(attachment.original_name or attachment.file).name or attachment.file
    target = folder / f"attachment{Path(name).suffix or Path(attachment.file).suffix}"
    stored = path_of(conference_id, attachment)
    try:
        write_atomically(target, lambda out: _unsealed_into(stored, out))
    except OSError as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise ChairDeskError(
            f"The kept copy of “{name}” could not be opened ({error.strerror or type(error).__name__}). If it is "
            "missing from ChairDesk's data folder, attach the file again."
        ) from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return target


def _owner_only_folder(folder: Path) -> None:
    """Make ``folder`` (and the attachments folder above it) owner-only, whatever the umask."""
    for each in (attachments_root(), folder):
        each.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(each, 0o700)


def _stored_name(original: Path, now: dt.datetime) -> str:
    """A new name for the copy: when, a random part (never the same twice) and the kind of file. Not the original
    name: 'Mia's three houses.png' would put a child's name in the data folder's file names (issue 12); the
    attachment's title keeps it, in the encrypted database."""
    return f"{now:%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}{original.suffix.lower()}"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB"


def check_file(source: str | os.PathLike[str]) -> Path:
    """``source`` as a path, when it can be attached; else a :class:`ChairDeskError` saying why, in words."""
    path = Path(source)
    name = path.name or str(path)
    if path.is_dir():
        raise ChairDeskError(f"“{name}” is a folder, not a file: choose the file itself inside it.")
    if not path.exists():
        raise ChairDeskError(f"There is no file “{name}” any more: it may have been moved or deleted. Choose it again.")
    ending = path.suffix.lower()
    if ending not in KINDS:
        raise ChairDeskError(
            f"“{name}” is not a kind of file ChairDesk keeps. Attach a {accepted_kinds()} file (save or export it as "
            "one of these first)."
        )
    size = path.stat().st_size
    if size == 0:
        raise ChairDeskError(f"“{name}” is empty (0 bytes): there is nothing in it to keep. Choose the saved file.")
    if size > MAX_BYTES:
        raise ChairDeskError(
            f"“{name}” is {_megabytes(size)}; the most ChairDesk keeps is {_megabytes(MAX_BYTES)}. Shorten the "
            "recording or scan the pages at a lower resolution, then attach it again."
        )
    try:
        with open(path, "rb") as file:
            start = file.read(16)
    except OSError as error:
        raise ChairDeskError(
            f"“{name}” cannot be read ({error.strerror or 'permission denied'}). Copy it somewhere you can open it, "
            "then attach the copy."
        ) from None
    signatures = _SIGNATURES.get(ending)
    if ending == ".wav":
        signatures = None if start[:4] == b"RIFF" and start[8:12] == b"WAVE" else ()
    if signatures is not None and not start.startswith(signatures):
        raise ChairDeskError(
            f"“{name}” does not look like {KINDS[ending][1]}, though its name says so: it may be damaged or "
            "renamed. Open it to check, save it again, then attach it."
        )
    return path


def attach(
    conference_id: str,
    source: str | os.PathLike[str],
    title: str = "",
    received: dt.date | None = None,
    now: dt.datetime | None = None,
    piece_done: Callable[[], object] | None = None,
) -> Attachment:
    """Keep a copy of the file at ``source`` with the conference ``conference_id``, owner-only, and return what
    the conference holds of it. Nothing is half-written: the copy is all there, or not there at all. ``piece_done``
    is called after each megabyte copied (see :func:`chairdesk.at_rest.seal_stream`)."""
    path = check_file(source)
    if len(title) > TITLE_LIMIT:
        raise ChairDeskError(f"The title is {len(title):,} characters long; the most it can hold is {TITLE_LIMIT}.")
    now = (now or dt.datetime.now()).replace(microsecond=0)
    folder = conference_folder(conference_id)
    stored = folder / _stored_name(path, now)
    try:
        _owner_only_folder(folder)
        with open(path, "rb") as file:
            write_atomically(stored, lambda out: at_rest.seal_stream(file, out, SEALED_FOR, piece_done))
        os.chmod(stored, 0o600)
    except OSError as error:
        stored.unlink(missing_ok=True)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ChairDeskError(
                f"There is not enough space on the disk to keep a copy of “{path.name}” "
                f"({_megabytes(path.stat().st_size)}). Nothing was attached. Free some space, then attach it again."
            ) from None
        if error.filename and Path(error.filename) == path:
            raise ChairDeskError(
                f"“{path.name}” cannot be read ({error.strerror}). Copy it somewhere you can open it, then attach the "
                "copy."
            ) from None
        raise ChairDeskError(
            f"A copy of “{path.name}” could not be kept in ChairDesk's data folder ({error.strerror}). Nothing was "
            "attached. Check that the folder can be written to, then attach it again."
        ) from None
    return Attachment(
        file=stored.name, title=title, original_name=path.name[:TITLE_LIMIT], received=received, added_at=now
    )


def discard(conference_id: str, attachment: Attachment) -> None:
    """Delete the stored copy of an attachment the conference never took (a failed edit); not for one it holds."""
    path_of(conference_id, attachment).unlink(missing_ok=True)
