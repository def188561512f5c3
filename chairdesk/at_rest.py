"""Small files ChairDesk keeps beside the database, sealed like it: AES-256-GCM under a key made from the data key.

For what is neither in the database nor a recording and still holds the chair's typing: the new-conference form's
draft (chairdesk.gui.kept_form). A sealed file is ``MAGIC``, a random 12-byte nonce and the ciphertext with its
tag; ``purpose`` names the key (keys.derived_key) and is bound to the ciphertext, so one file cannot be passed off
as another.
"""

from __future__ import annotations

import os

from chairdesk import keys
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
