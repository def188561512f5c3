"""Small files ChairDesk keeps beside the database, sealed like it: AES-256-GCM under a key made from the data key.

For what is neither in the database nor a recording and still holds the chair's typing or a family's words: the
new-conference form's draft (chairdesk.gui.kept_form), and the copies of the files the chair attaches
(chairdesk.attachments: a child's drawing, a parent's written views), sealed a megabyte at a time
(:func:`seal_stream`). A sealed file is ``MAGIC``, a random 12-byte nonce and the ciphertext with its
tag; ``purpose`` names the key (keys.derived_key) and is bound to the ciphertext, so one file cannot be passed off
as another.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import BinaryIO

from chairdesk import keys, paths
from chairdesk.errors import ChairDeskError

MAGIC = b"ChairDesk sealed 1\n"
NONCE_BYTES = 12


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def seal(plain: bytes, purpose: str) -> bytes:
    """``plain`` encrypted and authenticated with the key for ``purpose``."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(keys.derived_key(purpose)).encrypt(nonce, plain, purpose.encode("utf-8"))


def unseal(data: bytes, purpose: str) -> bytes:
    """What :func:`seal` sealed. Raises ChairDeskError when it was changed or sealed with another key."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not is_sealed(data) or len(data) < len(MAGIC) + NONCE_BYTES + 16:
        raise ChairDeskError("The file is not one ChairDesk sealed.")
    nonce, body = data[len(MAGIC) : len(MAGIC) + NONCE_BYTES], data[len(MAGIC) + NONCE_BYTES :]
    try:
        return AESGCM(keys.derived_key(purpose, create=False)).decrypt(nonce, body, purpose.encode("utf-8"))
    except InvalidTag:
        raise ChairDeskError("The file was changed, or sealed with another key: it cannot be opened.") from None


# -- larger files, sealed a piece at a time -------------------------------------------------------------------

STREAM_MAGIC = b"ChairDesk sealed stream 1\n"
PIECE_BYTES = 1024 * 1024
_PIECE_HEADER = 4 + 1  # the ciphertext's length (big-endian) and 1 on the last piece, else 0


def _piece_data(purpose: str, file_id: bytes, number: int, last: bool) -> bytes:
    """What each piece's tag also covers: the key's purpose, the file, the piece's place and whether it is the last,
    so pieces cannot be reordered, dropped from the end, or moved to another file."""
    return purpose.encode("utf-8") + file_id + number.to_bytes(8, "big") + (b"\x01" if last else b"\x00")


def seal_stream(source: BinaryIO, out: BinaryIO, purpose: str, piece_done: Callable[[], object] | None = None) -> None:
    """Read ``source`` to its end and write it to ``out`` sealed, a megabyte at a time (a 200 MB audio clip is never
    held in memory whole). Each piece is AES-256-GCM with its own nonce. ``piece_done`` is called after each piece
    is written (a window's sign that a copy from a slow share is still going on)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    cipher = AESGCM(keys.derived_key(purpose))
    going = paths.LongWrite(out, piece_done)
    file_id = os.urandom(16)
    out.write(STREAM_MAGIC + file_id)
    number = 0
    piece = source.read(PIECE_BYTES)
    while True:
        following = source.read(PIECE_BYTES)
        last = not following
        nonce = os.urandom(NONCE_BYTES)
        body = cipher.encrypt(nonce, piece, _piece_data(purpose, file_id, number, last))
        out.write(len(body).to_bytes(4, "big") + (b"\x01" if last else b"\x00") + nonce + body)
        going.wrote(len(body))
        if last:
            return
        piece, number = following, number + 1


def is_sealed_stream(path: str | os.PathLike[str]) -> bool:
    with open(path, "rb") as file:
        return file.read(len(STREAM_MAGIC)) == STREAM_MAGIC


def unseal_stream(source: BinaryIO, out: BinaryIO, purpose: str) -> None:
    """Write to ``out`` what :func:`seal_stream` sealed in ``source``. Raises ChairDeskError, in words, when it was
    changed, cut short or sealed with another key (what was written to ``out`` before then must be thrown away)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    changed = ChairDeskError("The file was changed or cut short, or sealed with another key: it cannot be opened.")
    if source.read(len(STREAM_MAGIC)) != STREAM_MAGIC:
        raise ChairDeskError("The file is not one ChairDesk sealed.")
    file_id = source.read(16)
    cipher = AESGCM(keys.derived_key(purpose, create=False))
    number = 0
    while True:
        header = source.read(_PIECE_HEADER)
        if len(header) < _PIECE_HEADER:
            raise changed  # ended before its last piece
        length, last = int.from_bytes(header[:4], "big"), header[4] == 1
        nonce, body = source.read(NONCE_BYTES), source.read(length)
        if len(nonce) < NONCE_BYTES or len(body) < length or length > PIECE_BYTES + 16:
            raise changed
        try:
            out.write(cipher.decrypt(nonce, body, _piece_data(purpose, file_id, number, last)))
        except InvalidTag:
            raise changed from None
        if last:
            if source.read(1):
                raise changed  # something after the last piece
            return
        number += 1
