"""The chair's passphrase, which unlocks the console after it has locked itself for being left idle (gui.lock).

Only a scrypt hash of it is kept (``hashlib.scrypt``, a random salt of its own, the cost the OWASP guidance gives
for scrypt), and only in the operating system's credential store through ``keyring`` — service ``ChairDesk``,
account ``lock passphrase`` and the data folder, beside the data key (:mod:`chairdesk.keys`) — never in a file.
Once read, the hash is kept in memory, so a credential store that becomes unreachable while the console is locked
never keeps the chair out of it.

The passphrase is used exactly as typed, apart from the one Unicode form (NFC) it is put in, so the same
characters typed on another keyboard give the same passphrase.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import threading
import unicodedata
from pathlib import Path

from chairdesk import keys, paths
from chairdesk.errors import ChairDeskError

SERVICE = "ChairDesk"
SHORTEST = 8  # characters
IDLE_MINUTES = 10  # the console locks after this long with no key or mouse input, unless the setting says otherwise
IDLE_SETTING = "CHAIRDESK_LOCK_MINUTES"  # the setting: an environment variable an IT team can set for every chair
_SCHEME = "scrypt"
_COST = (2**17, 8, 1)  # n, r, p: OWASP's recommended minimum for scrypt (128 MiB, about half a second)
_SALT_BYTES = 16
_HASH_BYTES = 32
_MOST_MEMORY = 2**28  # bytes: room for the cost above, and a bound on any stored cost

_lock = threading.Lock()
_reading = threading.Lock()  # held while the credential store is read (stored)
_known: dict[str, str] = {}


class PassphraseProblem(ChairDeskError):
    """The passphrase cannot be kept or checked: said in words, with what to do."""


def account(folder: Path | None = None) -> str:
    """The name the passphrase of ``folder`` (the data folder by default) has in the credential store."""
    folder = Path(folder) if folder is not None else paths.data_dir()
    return f"lock passphrase {folder.expanduser().resolve()}"


def idle_minutes() -> float:
    """How long the console may be left with no key or mouse input before it locks: the setting
    (``CHAIRDESK_LOCK_MINUTES``, between 1 and 60) or 10 minutes."""
    said = os.environ.get(IDLE_SETTING, "").strip()
    try:
        minutes = float(said) if said else IDLE_MINUTES
    except ValueError:
        return IDLE_MINUTES
    return minutes if 1 <= minutes <= 60 else IDLE_MINUTES


def problem(first: str, second: str) -> str | None:
    """What is wrong with a passphrase the chair has chosen (typed twice), in words; None when it can be kept."""
    length = len(first.strip())
    if length < SHORTEST:
        counted = f"; this one has {length}" if length else ""
        return (
            f"A passphrase needs at least {SHORTEST} characters (spaces at either end do not count){counted}. "
            "Choose a longer one: a few words you will remember are best."
        )
    if first != second:
        return "The two passphrases are not the same. Type the same passphrase in both boxes."
    return None


def _form(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def hashed(passphrase: str) -> str:
    """A scrypt hash of ``passphrase`` with a new random salt, as kept in the credential store
    (``scrypt$n$r$p$salt$hash``, the salt and hash in base 64)."""
    n, r, p = _COST
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = hashlib.scrypt(_form(passphrase), salt=salt, n=n, r=r, p=p, maxmem=_MOST_MEMORY, dklen=_HASH_BYTES)
    encode = base64.b64encode
    return f"{_SCHEME}${n}${r}${p}${encode(salt).decode('ascii')}${encode(digest).decode('ascii')}"


def matches(passphrase: str, stored: str) -> bool:
    """Whether ``passphrase`` is the one ``stored`` (from :func:`hashed`) was made from. Raises
    :class:`PassphraseProblem` when ``stored`` is not such a hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != _SCHEME:
            raise ValueError(scheme)
        salt_bytes = base64.b64decode(salt, validate=True)
        expected = base64.b64decode(digest, validate=True)
        found = hashlib.scrypt(
            _form(passphrase), salt=salt_bytes, n=int(n), r=int(r), p=int(p), maxmem=_MOST_MEMORY, dklen=len(expected)
        )
    except (ValueError, binascii.Error, MemoryError):
        raise PassphraseProblem(
            "The lock passphrase kept in this computer's credential store is not one ChairDesk made: it has been "
            "changed by something else. Ask your council's ChairDesk administrator to remove it (see 'What is "
            "protected' in the README); ChairDesk then asks you to choose a new one."
        ) from None
    return hmac.compare_digest(found, expected)


def _store_error(error: Exception) -> PassphraseProblem:
    return PassphraseProblem(
        "ChairDesk keeps your lock passphrase in this computer's credential store (Windows Credential Manager, the "
        f"macOS Keychain, or the Secret Service on Linux), and the store cannot be reached ({type(error).__name__}: "
        f"{error}). Nothing has been changed. Log in to the computer's desktop session so its credential store is "
        "unlocked, then start ChairDesk again; if it still fails, ask whoever looks after this computer."
    )


def stored(folder: Path | None = None) -> str | None:
    """The hash of the chair's passphrase for ``folder`` (the data folder by default), or None when none has been
    chosen. Raises :class:`PassphraseProblem` when the credential store cannot be reached."""
    name = account(folder)
    keys.wait_for_read_ahead(folder)  # what a start reads ahead is kept, not read twice
    with _reading:  # one read at a time: a second waits for the first rather than read again
        with _lock:
            if name in _known:
                return _known[name]
        from keyring.errors import KeyringError

        try:
            found = keys.credential_store().get_password(SERVICE, name)
        except (KeyringError, RuntimeError, OSError) as error:
            raise _store_error(error) from None
        if found is not None:
            with _lock:
                _known[name] = found
        return found


def read_ahead_found(hash_: str, folder: Path | None = None) -> None:
    """Keep ``hash_``, the passphrase of ``folder`` that :func:`chairdesk.keys.read_ahead` read from the store."""
    with _lock:
        _known.setdefault(account(folder), hash_)


def is_set(folder: Path | None = None) -> bool:
    """Whether the chair has chosen a passphrase for ``folder`` (the data folder by default)."""
    return stored(folder) is not None


def keep(hash_: str, folder: Path | None = None) -> None:
    """Put ``hash_`` (from :func:`hashed`) in the credential store as the passphrase of ``folder``."""
    from keyring.errors import KeyringError

    name = account(folder)
    try:
        keys.credential_store().set_password(SERVICE, name, hash_)
    except (KeyringError, RuntimeError, OSError) as error:
        raise _store_error(error) from None
    with _lock:
        _known[name] = hash_


def choose(first: str, second: str, folder: Path | None = None) -> None:
    """Keep the passphrase the chair chose (typed twice) for ``folder`` (the data folder by default), as a hash.
    Raises :class:`PassphraseProblem` saying what is wrong with it, or that the store cannot be reached."""
    wrong = problem(first, second)
    if wrong is not None:
        raise PassphraseProblem(wrong)
    keep(hashed(first), folder)


def check(passphrase: str, folder: Path | None = None) -> bool:
    """Whether ``passphrase`` is the chair's for ``folder`` (the data folder by default); False when none is set."""
    found = stored(folder)
    return found is not None and matches(passphrase, found)


def remove(folder: Path | None = None) -> None:
    """Take the passphrase of ``folder`` out of the credential store (ChairDesk then asks for a new one)."""
    from keyring.errors import KeyringError, PasswordDeleteError

    name = account(folder)
    with _lock:
        _known.pop(name, None)
    try:
        keys.credential_store().delete_password(SERVICE, name)
    except PasswordDeleteError:
        pass  # there was none
    except (KeyringError, RuntimeError, OSError) as error:
        raise _store_error(error) from None
