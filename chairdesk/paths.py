"""Where things live: the files shipped in ``resources/`` and the user's own data, logs and recordings."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, BinaryIO

import platformdirs

APP_NAME = "ChairDesk"


def resource(name: str) -> Traversable:
    """The shipped file ``name``, a path relative to ``resources/``."""
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if (checkout / "conference.schema.json").is_file():
        return checkout.joinpath(name)  # running from a checkout (or an editable install)
    return resources.files("chairdesk.resources").joinpath(name)  # an installed wheel


def ui_form(name: str) -> Traversable:
    """The Qt Designer form ``name`` in ``ui/``."""
    checkout = Path(__file__).resolve().parent.parent / "ui"
    if (checkout / name).is_file():
        return checkout.joinpath(name)
    return resources.files("chairdesk.ui").joinpath(name)


@cache
def conference_schema() -> dict[str, Any]:
    """The JSON Schema of the conference file, ``resources/conference.schema.json``."""
    return json.loads(resource("conference.schema.json").read_text(encoding="utf-8"))


def data_dir() -> Path:
    """The user's ChairDesk data folder (per platform), or ``CHAIRDESK_DATA`` when set."""
    override = os.environ.get("CHAIRDESK_DATA")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    """The database used when neither ``--db`` nor ``CHAIRDESK_DB`` names one."""
    override = os.environ.get("CHAIRDESK_DB")
    if override:
        return Path(override)
    return data_dir() / "chairdesk.sqlite"


def cache_dir() -> Path:
    """Where ChairDesk keeps what it can make again (inside ``CHAIRDESK_DATA`` when that is set)."""
    override = os.environ.get("CHAIRDESK_DATA")
    if override:
        return Path(override) / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


# The most bytes (UTF-8) of a file or folder name ChairDesk makes from a name or an id: a family's, a household's
# or a conference's, however long, still gives a whole name (with the date and what the document is) well under the
# 255 bytes a disk allows for one name, and a path well under Windows' 260 characters in a usual data folder.
NAME_PART_BYTES = 60


def short_name(text: str, limit: int = NAME_PART_BYTES) -> str:
    """``text`` (already fit for a file name) cut to at most ``limit`` bytes of UTF-8, between two characters.
    When it is cut, its end is a short fingerprint of the whole, so that two long names sharing a beginning still
    give two names. The one place every file and folder name made from a name or an id is cut."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    mark = hashlib.sha256(encoded).hexdigest()[:8]
    kept = encoded[: max(limit - len(mark) - 1, 1)].decode("utf-8", errors="ignore").rstrip("-_. ")
    return f"{kept}-{mark}" if kept else mark


def name_part(text: str, fallback: str) -> str:
    """A name (a family's, a household's) as part of a file or folder name: lower case, the letters and digits of
    any alphabet kept, everything else one hyphen, cut to a safe length (:func:`short_name`); ``fallback`` when
    nothing is left."""
    slug = re.sub(r"[^\w]+", "-", text.casefold()).strip("-_")
    return short_name(slug) if slug else fallback


def write_atomically(path: str | os.PathLike[str], data: bytes | BinaryIO) -> None:
    """Write ``data`` (bytes, or an open file read to its end in pieces: a copy too large to hold in memory) to
    ``path`` so that it is either all there or not there at all (temporary file, owner-only, fsync, rename)."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(data, bytes):
                out.write(data)
            else:
                shutil.copyfileobj(data, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def log_dir() -> Path:
    """Where ChairDesk writes its log (inside ``CHAIRDESK_DATA`` when that is set, like the cache)."""
    override = os.environ.get("CHAIRDESK_DATA")
    if override:
        return Path(override) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
